test_that("a well separated mixture is recovered, all covariance types", {
	set.seed(5)
	x <- rbind(matrix(rnorm(300, 0), ncol = 3), matrix(rnorm(240, 6), ncol = 3))
	for (cov in c("full", "tied", "diag", "spherical")) {
		fit <- cseg_gmm(x, 2, covariance = cov, seed = 1)
		expect_s3_class(fit, "cseg_gmm")
		expect_equal(sum(fit$weights), 1, tolerance = 1e-12)
		expect_equal(sort(fit$weights), c(80, 100) / 180, tolerance = 1e-6)
		expect_equal(as.integer(table(fit$cluster)), if (fit$cluster[1] == 1) c(100L, 80L) else c(80L, 100L))
		p <- predict(fit, x, type = "prob")
		expect_equal(rowSums(p), rep(1, nrow(x)), tolerance = 1e-12)
		expect_equal(unname(predict(fit, x)), unname(fit$cluster))
		ll <- predict(fit, x, type = "loglik")
		expect_equal(fit$aic, -2 * sum(ll) + 2 * switch(cov, full = 2 * 6 + 6 + 1,
			tied = 6 + 6 + 1, diag = 6 + 6 + 1, spherical = 2 + 6 + 1), tolerance = 1e-9)
		expect_true(fit$converged)
	}
})

test_that("given start: same fit as from the C defaults, and bad inputs", {
	set.seed(6)
	x <- matrix(rnorm(400), ncol = 2)
	mu <- x[1:2, ]
	prec <- array(c(diag(2), diag(2)), dim = c(2, 2, 2))
	a <- cseg_gmm(x, 2, weights_init = c(0.5, 0.5), means_init = mu, precisions_init = prec)
	b <- cseg_gmm(x, 2, weights_init = c(0.5, 0.5), means_init = mu, precisions_init = prec)
	expect_identical(a$loglik, b$loglik)
	w <- rep(c(1, 2), 100)
	c1 <- cseg_gmm(x, 2, weights = w, means_init = mu, weights_init = c(0.5, 0.5),
		precisions_init = prec)
	c2 <- cseg_gmm(x[rep(seq_len(200), w), ], 2, means_init = mu, weights_init = c(0.5, 0.5),
		precisions_init = prec)
	expect_equal(c1$loglik, c2$loglik, tolerance = 1e-10)
	expect_error(cseg_gmm(x), class = "cseg_error")
	expect_error(cseg_gmm(x, 0), class = "cseg_error")
	expect_error(cseg_gmm(x, 2, reg_covar = -1), class = "cseg_error")
	expect_error(cseg_gmm(x, 2, weights_init = c(0.2, 0.2)), class = "cseg_error")
	expect_error(cseg_gmm(x, 2, covariance = "other"))
	x[1, 1] <- NA
	expect_error(cseg_gmm(x, 2), class = "cseg_error")
})
