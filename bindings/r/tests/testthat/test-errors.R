test_that("bad inputs raise cseg_error with the C status and message", {
	x <- blobs()
	# k > n: the C library refuses it
	e <- expect_cseg_error(cseg_kmeans(x[1:5, ], 6), status = 1L)
	expect_true(nzchar(e$status_str))
	expect_cseg_error(cseg_kmeans(x, 0), status = 1L)
	expect_cseg_error(cseg_kmeans(x, 2.5), status = 1L)
	expect_cseg_error(cseg_kmeans(x), status = 1L)
	# missing values: CSEG_E_MISSING_VALUES
	xna <- x
	xna[3, 2] <- NA
	expect_cseg_error(cseg_kmeans(xna, 2, seed = 1), status = 7L)
	# infinite values are refused when the dataset is built
	xinf <- x
	xinf[4, 1] <- Inf
	expect_cseg_error(cseg_kmeans(xinf, 2, seed = 1), status = 1L)
	# character columns
	df <- data.frame(a = 1:10, b = letters[1:10])
	expect_cseg_error(cseg_kmeans(df, 2), status = 1L, pattern = "'b'")
	expect_cseg_error(cseg_kmeans(matrix(letters[1:10], 5), 2), status = 1L)
	expect_cseg_error(cseg_kmeans(list(1, 2), 2), status = 1L)
	# initial centres of the wrong width
	expect_cseg_error(cseg_kmeans(x, matrix(0, 2, 3)), status = 1L)
	# bad parameters reach the C bounds checks
	expect_cseg_error(cseg_kmeans(x, 2, tol = -1), status = 1L)
	expect_cseg_error(cseg_kmeans(x, 2, weights = rep(1, 3)), status = 1L)
	expect_cseg_error(cseg_kmeans(x, 2, weights = rep(-1, nrow(x))), status = 1L)
	expect_error(cseg_kmeans(x, 2, algorithm = "nope"))
})

test_that("predict refuses data of the wrong shape", {
	x <- blobs()
	fit <- cseg_kmeans(x, 2, seed = 1)
	expect_cseg_error(predict(fit, matrix(0, 2, 3)), status = 1L)
	expect_cseg_error(predict(fit, matrix(c(1, NA), 1)), status = 7L)
	expect_cseg_error(predict(fit, data.frame(f1 = "a", f2 = "b")), status = 1L)
})

test_that("errors can be caught by class and carry the C message", {
	x <- blobs()
	caught <- tryCatch(cseg_kmeans(x[1:3, ], 4), cseg_error = function(e) "caught")
	expect_identical(caught, "caught")
	e <- tryCatch(cseg_kmeans(x[1:3, ], 4), cseg_error = function(e) e)
	expect_match(conditionMessage(e), "k", fixed = TRUE)
})
