test_that("predict assigns each customer to the nearest centre, 1-based", {
	x <- blobs()
	fit <- cseg_kmeans(x, 3, seed = 2)
	expect_identical(unname(predict(fit, x)), unname(fit$cluster))
	set.seed(9)
	new <- matrix(runif(40, -2, 8), ncol = 2, dimnames = list(NULL, colnames(x)))
	d2 <- sapply(1:3, function(j) colSums((t(new) - fit$centers[j, ])^2))
	expect_identical(predict(fit, new), max.col(-d2, ties.method = "first"))
	# columns matched by name, whatever their order; ids kept
	df <- data.frame(f2 = new[, 2], f1 = new[, 1], row.names = paste0("n", 1:20))
	p <- predict(fit, df)
	expect_identical(unname(p), max.col(-d2, ties.method = "first"))
	expect_identical(names(p), paste0("n", 1:20))
	# without newdata: the training clusters
	expect_identical(predict(fit), fit$cluster)
})

test_that("one customer as a plain vector", {
	x <- blobs()
	fit <- cseg_kmeans(x, 3, seed = 2)
	c1 <- fit$centers[2, ]
	expect_identical(predict(fit, matrix(c1, 1, dimnames = list(NULL, names(c1)))), 2L)
})

test_that("details give distances, runner-up, confidence and borderline flags", {
	x <- blobs()
	fit <- cseg_kmeans(x, 3, seed = 2)
	set.seed(4)
	new <- matrix(runif(40, -2, 8), ncol = 2, dimnames = list(paste0("n", 1:20), colnames(x)))
	d <- predict(fit, new, type = "details")
	dist <- sqrt(sapply(1:3, function(j) colSums((t(new) - fit$centers[j, ])^2)))
	s <- t(apply(dist, 1, sort))
	expect_identical(d$cluster, predict(fit, new, type = "class"), ignore_attr = TRUE)
	expect_equal(d$distance, s[, 1], tolerance = 1e-9, ignore_attr = TRUE)
	expect_equal(d$margin, s[, 2] - s[, 1], tolerance = 1e-7, ignore_attr = TRUE)
	expect_equal(d$confidence, (s[, 2] - s[, 1]) / s[, 2], tolerance = 1e-7, ignore_attr = TRUE)
	expect_identical(d$borderline, d$confidence < 0.1)
	expect_identical(d$runner_up, apply(dist, 1, function(r) order(r)[2]), ignore_attr = TRUE)
	expect_identical(rownames(d), paste0("n", 1:20))
	expect_error(predict(fit, type = "details"), "needs newdata")
})
