# cseg_minibatch_kmeans() against the sklearn fixture (tests/fixtures/minibatch).

# The fixtures are in the source tree, found through CSEG_SOURCE_ROOT or
# CSEG_DATA (which the Meson test sets); R CMD check of the tarball, which
# does not carry them, skips.
read_minibatch_fixture <- function(name) {
	path <- file.path(Sys.getenv("CSEG_SOURCE_ROOT", file.path(Sys.getenv("CSEG_DATA"), "..")),
		"tests", "fixtures", "minibatch", name)
	if (!file.exists(path))
		skip(paste("fixture not available:", name))
	lines <- readLines(path)
	mats <- list()
	i <- 1L
	while (i <= length(lines)) {
		rc <- as.integer(strsplit(lines[i], " ")[[1]])
		v <- as.numeric(unlist(strsplit(lines[i + seq_len(rc[1])], " ")))
		mats[[length(mats) + 1L]] <- matrix(v, nrow = rc[1], ncol = rc[2], byrow = TRUE)
		i <- i + rc[1] + 1L
	}
	mats
}

adjusted_rand <- function(a, b) {
	tab <- table(a, b)
	comb <- function(n) n * (n - 1) / 2
	s <- sum(comb(tab))
	sa <- sum(comb(rowSums(tab)))
	sb <- sum(comb(colSums(tab)))
	e <- sa * sb / comb(length(a))
	(s - e) / ((sa + sb) / 2 - e)
}

test_that("inertia and labels agree with sklearn's MiniBatchKMeans", {
	f <- read_minibatch_fixture("blobs.txt")
	fit <- cseg_minibatch_kmeans(f[[1]], 5, seed = 0)
	expect_s3_class(fit, "cseg_kmeans")
	expect_lt(abs(fit$inertia - f[[3]][1]), 0.01 * f[[3]][1])
	expect_gt(adjusted_rand(fit$cluster, f[[2]][1, ]), 0.99)
	expect_equal(unname(predict(fit, f[[1]])), unname(fit$cluster))
	expect_equal(length(fit$counts), 5)
	expect_gte(fit$n.steps, 1)
})

test_that("given centres give the same fit twice", {
	f <- read_minibatch_fixture("step_fresh.txt")
	fit <- cseg_minibatch_kmeans(f[[1]], f[[3]], batch.size = nrow(f[[1]]), iter.max = 1,
		reassignment.ratio = 0, seed = 0)
	# One pass of batch.size = n rows is one step, but drawn with replacement:
	# only the shape and determinism are checked here (the C suite checks the step).
	expect_equal(dim(fit$centers), dim(f[[3]]))
	again <- cseg_minibatch_kmeans(f[[1]], f[[3]], batch.size = nrow(f[[1]]), iter.max = 1,
		reassignment.ratio = 0, seed = 0)
	expect_identical(fit$centers, again$centers)
})

test_that("bad inputs are refused", {
	x <- matrix(rnorm(40), ncol = 2)
	expect_error(cseg_minibatch_kmeans(x, 2, batch.size = 0))
	expect_error(cseg_minibatch_kmeans(x, 2, reassignment.ratio = -1, seed = 1))
	expect_error(cseg_minibatch_kmeans(x, 30, seed = 1))
	expect_error(cseg_minibatch_kmeans(x))
	x[3, 1] <- NA
	expect_error(cseg_minibatch_kmeans(x, 2, seed = 1))
})
