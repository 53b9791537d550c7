test_that("saveRDS/readRDS in a fresh R session still predicts", {
	x <- blobs()
	fit <- cseg_kmeans(x, 3, seed = 4)
	dir <- tempfile("cseg-rds")
	dir.create(dir)
	rds <- file.path(dir, "fit.rds")
	out <- file.path(dir, "pred.txt")
	script <- file.path(dir, "child.R")
	saveRDS(fit, rds)
	writeLines(c(
		"library(cseg)",
		sprintf("fit <- readRDS('%s')", rds),
		"x <- matrix(c(0, 6, 0, 0, 0, 6), 3, dimnames = list(NULL, c('f1', 'f2')))",
		sprintf("writeLines(as.character(predict(fit, x)), '%s')", out)), script)
	libs <- paste(.libPaths(), collapse = .Platform$path.sep)
	status <- system2(rscript(), c("--vanilla", shQuote(script)),
		env = paste0("R_LIBS=", shQuote(libs)), stdout = TRUE, stderr = TRUE)
	expect_null(attr(status, "status"))
	got <- as.integer(readLines(out))
	x0 <- matrix(c(0, 6, 0, 0, 0, 6), 3, dimnames = list(NULL, c("f1", "f2")))
	expect_identical(got, unname(predict(fit, x0)))
	expect_length(unique(got), 3L)
})

test_that("a deserialised object has a NULL pointer and rebuilds it from its bytes", {
	x <- blobs()
	fit <- cseg_kmeans(x, 3, seed = 4)
	copy <- unserialize(serialize(fit, NULL))
	expect_false(cseg:::C_handle_valid(copy$handle$ptr))
	# the C entry points refuse the NULL handle instead of crashing
	res <- cseg:::C_model_get_int(copy$handle$ptr, 905)
	expect_identical(res[[1]], 1L)
	expect_identical(predict(copy, x), predict(fit, x))
	expect_true(cseg:::C_handle_valid(copy$handle$ptr))  # rebuilt once, in place
})

test_that("cseg_save / cseg_load round-trip through a model file", {
	x <- blobs()
	fit <- cseg_kmeans(as.data.frame(x), 3, seed = 4)
	path <- tempfile(fileext = ".cseg")
	on.exit(unlink(path))
	expect_invisible(cseg_save(fit, path))
	expect_true(file.exists(path))
	m <- cseg_load(path)
	expect_s3_class(m, "cseg_kmeans")
	expect_identical(m$centers, fit$centers)
	expect_equal(m$inertia, fit$inertia)
	expect_identical(m$iter, fit$iter)
	expect_identical(predict(m, x), unname(predict(fit, x)))
	expect_output(print(m), "loaded from file")
	expect_error(predict(m), class = "cseg_error")
	expect_error(cseg_load(tempfile()), class = "cseg_error")
	bad <- tempfile()
	writeBin(as.raw(1:64), bad)
	err <- tryCatch(cseg_load(bad), cseg_error = function(e) e)
	expect_s3_class(err, "cseg_error")
	expect_identical(err$status, 4L)  # CSEG_E_FORMAT
})
