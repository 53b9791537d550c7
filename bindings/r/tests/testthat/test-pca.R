# PCA against stats::prcomp (up to the sign of each component).

test_that("cseg_pca agrees with prcomp up to sign", {
	x <- as.matrix(USArrests)
	ref <- prcomp(x)
	p <- cseg_pca(x)
	expect_s3_class(p, c("cseg_pca", "prcomp"), exact = TRUE)
	expect_equal(p$sdev, ref$sdev, tolerance = 1e-10)
	expect_equal(p$center, ref$center, tolerance = 1e-12)
	expect_false(p$scale)
	signs <- sign(colSums(p$rotation * ref$rotation))
	expect_true(all(abs(signs) == 1))
	expect_equal(sweep(p$rotation, 2, signs, "*"), ref$rotation, tolerance = 1e-8)
	expect_equal(sweep(p$x, 2, signs, "*"), ref$x, tolerance = 1e-8)
	expect_equal(p$explained_variance_ratio, ref$sdev^2 / sum(ref$sdev^2), tolerance = 1e-10)
	expect_equal(p$explained_variance, ref$sdev^2, tolerance = 1e-10)
	expect_equal(p$singular_values, ref$sdev * sqrt(nrow(x) - 1), tolerance = 1e-10)
	# prcomp's own summary works on it
	imp <- summary(p)$importance
	expect_equal(unname(imp["Proportion of Variance", ]), round(p$explained_variance_ratio, 5))
})

test_that("n_components truncates like prcomp(rank. =) and predict projects new rows", {
	set.seed(4)
	x <- matrix(rnorm(300), 60, 5, dimnames = list(NULL, letters[1:5]))
	x[, 2] <- x[, 1] * 2 + rnorm(60, sd = 0.1)
	ref <- prcomp(x, rank. = 2)
	p <- cseg_pca(as.data.frame(x), n_components = 2)
	expect_equal(dim(p$rotation), c(5L, 2L))
	expect_identical(colnames(p$x), c("PC1", "PC2"))
	expect_equal(p$sdev, ref$sdev, tolerance = 1e-10)
	expect_length(p$explained_variance_ratio, 2L)
	signs <- sign(colSums(p$rotation * ref$rotation))
	new <- matrix(rnorm(20), 4, 5, dimnames = list(NULL, letters[1:5]))
	pr <- predict(p, new)
	expect_equal(sweep(pr, 2, signs, "*"), predict(ref, new), tolerance = 1e-8,
		ignore_attr = TRUE)
	# columns matched by name
	expect_equal(predict(p, new[, 5:1]), pr)
	expect_identical(predict(p), p$x)
	# after readRDS the projection is made in R
	path <- tempfile(fileext = ".rds")
	on.exit(unlink(path))
	saveRDS(p, path)
	q <- readRDS(path)
	expect_equal(predict(q, new), pr, tolerance = 1e-10)
	expect_output(print(p), "2 of 5 components")
})

test_that("bad PCA inputs raise cseg_error", {
	inv <- cseg:::cseg_status_CSEG_E_INVALID_ARG_get()
	x <- as.matrix(USArrests)
	expect_cseg_error(cseg_pca(x, 0), inv, "n_components")
	expect_cseg_error(cseg_pca(x, 5), inv, "at most")
	expect_cseg_error(cseg_pca(x, 1.5), inv, "n_components")
	expect_cseg_error(cseg_pca(x[1, , drop = FALSE]), inv)
	y <- x
	y[3, 2] <- NA
	expect_cseg_error(cseg_pca(y), cseg:::cseg_status_CSEG_E_MISSING_VALUES_get())
	expect_cseg_error(cseg_pca(iris), inv, "not numeric")
	p <- cseg_pca(x, 2)
	expect_cseg_error(predict(p, x[, 1:3]), inv, "columns")
	expect_cseg_error(predict(p, y), cseg:::cseg_status_CSEG_E_MISSING_VALUES_get())
})

test_that("PCA handles are freed", {
	x <- as.matrix(USArrests)
	gc()
	base <- cseg_live_handles()
	for (i in 1:20)
		p <- predict(cseg_pca(x, 2), x)
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
})
