# cseg_dbscan() against the sklearn fixtures (tests/fixtures/dbscan) and
# R's dbscan package when it is installed.

read_dbscan_fixture <- function(name) {
	path <- file.path(Sys.getenv("CSEG_SOURCE_ROOT", file.path(Sys.getenv("CSEG_DATA"), "..")),
		"tests", "fixtures", "dbscan", sprintf("dbscan_%s.txt", name))
	if (!file.exists(path))
		skip(paste("fixture not available:", basename(path)))
	lines <- readLines(path)
	mats <- list()
	i <- 1L
	while (i <= length(lines)) {
		rc <- as.integer(strsplit(lines[i], " ")[[1]])
		rows <- if (rc[1] > 0) lines[i + seq_len(rc[1])] else character(0)
		v <- as.numeric(unlist(strsplit(rows, " ")))
		mats[[length(mats) + 1L]] <- matrix(v, nrow = rc[1], ncol = rc[2], byrow = TRUE)
		i <- i + rc[1] + 1L
	}
	list(eps = mats[[1]][1], minPts = mats[[1]][2], weighted = mats[[1]][3] != 0,
		x = mats[[2]], w = mats[[3]][, 1], labels = mats[[4]][, 1], core = mats[[5]][, 1])
}

test_that("labels and core points equal sklearn's", {
	for (name in c("blobs", "blobs_weighted", "wholesale", "duplicates", "bridge")) {
		f <- read_dbscan_fixture(name)
		fit <- cseg_dbscan(f$x, eps = f$eps, minPts = f$minPts,
			weights = if (f$weighted) f$w else NULL)
		expect_equal(unname(fit$cluster), as.integer(f$labels) + 1L, info = name)
		expect_equal(fit$core_sample_indices, as.integer(f$core) + 1L, info = name)
		expect_equal(which(fit$isseed), as.integer(f$core) + 1L, info = name)
		expect_equal(unname(fit$components), unname(f$x[f$core + 1, , drop = FALSE]), info = name)
		expect_equal(nrow(fit$centers), max(f$labels) + 1)
	}
})

test_that("agrees with the dbscan package", {
	skip_if_not_installed("dbscan")
	f <- read_dbscan_fixture("wholesale")
	fit <- cseg_dbscan(f$x, eps = f$eps, minPts = f$minPts)
	ref <- dbscan::dbscan(f$x, eps = f$eps, minPts = f$minPts)
	core <- fit$core_sample_indices
	expect_equal(fit$cluster == 0L, ref$cluster == 0L)
	t <- table(fit$cluster[core], ref$cluster[core])
	expect_true(all(rowSums(t > 0) == 1) && all(colSums(t > 0) == 1))
})

test_that("predict, persistence and bad inputs", {
	f <- read_dbscan_fixture("blobs")
	fit <- cseg_dbscan(f$x, eps = f$eps, minPts = f$minPts)
	core <- fit$core_sample_indices
	expect_equal(unname(predict(fit, f$x[core, ])), unname(fit$cluster[core]))
	far <- matrix(100, nrow = 1, ncol = 3)
	expect_equal(unname(predict(fit, far)), 0L)
	d <- predict(fit, rbind(f$x[core[1:3], ], far), type = "details")
	expect_equal(d$cluster, c(unname(fit$cluster[core[1:3]]), NA))
	expect_equal(d$confidence, c(1, 1, 1, 0))
	path <- tempfile(fileext = ".cseg")
	cseg_save(fit, path)
	back <- cseg_load_dbscan(path)
	expect_equal(back$eps, f$eps)
	expect_equal(unname(predict(back, f$x)), unname(predict(fit, f$x)))
	expect_null(back$cluster)
	obj <- unserialize(serialize(fit, NULL))
	obj$handle <- NULL
	expect_equal(unname(predict(obj, f$x[1:20, ])), unname(predict(fit, f$x[1:20, ])))

	expect_error(cseg_dbscan(f$x, eps = 0), class = "cseg_error")
	expect_error(cseg_dbscan(f$x, eps = -1), class = "cseg_error")
	expect_error(cseg_dbscan(f$x, eps = NA), class = "cseg_error")
	expect_error(cseg_dbscan(f$x, minPts = 0), class = "cseg_error")
	expect_error(cseg_dbscan(f$x, weights = rep(-1, nrow(f$x))), class = "cseg_error")
	expect_error(cseg_dbscan(f$x, eps = 1e-6, minPts = 3), "no core point", class = "cseg_error")
	x <- f$x
	x[2, 2] <- NA
	expect_error(cseg_dbscan(x), class = "cseg_error")
	expect_error(predict(fit, f$x[, 1:2]), class = "cseg_error")
})
