# The published CDNOW results (Fader, Hardie & Lee 2005; Fader & Hardie
# 2013), reproduced from the raw transactions through the R API.

test_that("the CDNOW summary matches the provided summary file", {
	s <- cdnow_summary()
	ref <- utils::read.csv(cdnow_file("cdnow_customers_summary_with_transactions.csv"))
	expect_s3_class(s, c("cseg_clv_summary", "data.frame"))
	expect_equal(nrow(s), 2357L)
	expect_identical(as.integer(s$id), ref$ID)
	expect_identical(s$x, as.double(ref$x))
	# the file is rounded to 2 decimals
	expect_lte(max(abs(s$t_x - ref$t_x)), 0.005 + 1e-9)
	expect_lte(max(abs(s$T - ref$T)), 0.005 + 1e-9)
	expect_lte(max(abs(s$zbar - ref$zbar)), 0.005 + 1e-9)
	expect_equal(attr(s, "holdout_length"), 39)
	expect_identical(attr(s, "unit"), "weeks")
	# distinct customer-days from 1997-10-01 to 1998-06-30
	expect_equal(sum(s$x_holdout), 1882)
	expect_equal(s$t_x[1], 213 / 7)
	expect_true(all(s$first >= as.Date("1997-01-01") & s$first <= as.Date("1997-03-31")))
})

test_that("a data.frame of orders gives the same summary as the file reader", {
	path <- cdnow_file("CDNOW_sample.txt")
	raw <- utils::read.table(path, colClasses = c("character", "character", "character",
		"numeric", "numeric"), col.names = c("cust", "sample", "day", "cds", "dollars"))
	s1 <- cdnow_summary()
	# character dates (YYYYMMDD), parsed by the library
	s2 <- cseg_clv_summary(raw, "1997-09-30", "1998-06-30", id = "sample", date = "day",
		amount = "dollars")
	expect_equal(s2$x, s1$x)
	expect_equal(s2$t_x, s1$t_x)
	expect_equal(s2$zbar, s1$zbar)
	expect_equal(s2$x_holdout, s1$x_holdout)
	# Date column, via cseg_transactions(), days as the unit
	raw$day <- as.Date(raw$day, format = "%Y%m%d")
	tx <- cseg_transactions(raw, id = "sample", date = "day", amount = "dollars",
		quantity = "cds")
	expect_s3_class(tx, "cseg_transactions")
	expect_equal(nrow(tx), 6919L)
	expect_equal(length(unique(tx$id)), 2357L)
	s3 <- cseg_clv_summary(tx, as.Date("1997-09-30"), unit = "days")
	expect_equal(s3$T, s1$T * 7)
	expect_true(all(s3$x_holdout == 0))
	expect_null(attr(s3, "holdout_end"))
	expect_output(print(tx), "6919 purchases by 2357 customers")
	expect_output(print(s1), "2357 customers")
})

test_that("BG/NBD reproduces the published CDNOW estimates", {
	s <- cdnow_summary()
	fit <- cseg_bgnbd(s)
	expect_s3_class(fit, c("cseg_bgnbd", "cseg_clv"), exact = TRUE)
	expect_named(coef(fit), c("r", "alpha", "a", "b"))
	expect_near(coef(fit), c(0.243, 4.414, 0.793, 2.426), 0.005)
	ll <- logLik(fit)
	expect_s3_class(ll, "logLik")
	expect_near(as.numeric(ll), -9582.4, 0.05)
	expect_equal(attr(ll, "df"), 4)
	expect_equal(nobs(fit), 2357)
	# the library's maximum agrees with the likelihood written out in R
	expect_equal(bgnbd_loglik(coef(fit), s$x, s$t_x, s$T), as.numeric(ll), tolerance = 1e-9)
	se <- summary(fit)$coefficients[, "Std. Error"]
	expect_true(all(is.finite(se) & se > 0))
	expect_true(se[["r"]] > 0.005 && se[["r"]] < 0.03)
	expect_true(se[["alpha"]] > 0.2 && se[["alpha"]] < 0.6)
	expect_output(print(fit), "BG/NBD")
	expect_output(print(summary(fit)), "Std. Error")
	# conditional expectation over the next 39 weeks, the paper's example
	e <- predict(fit, data.frame(x = 2, t_x = 30.43, T = 38.86), t = 39)
	expect_near(e, 1.226, 0.001)
	# the same with the published parameters, given instead of fitted
	pub <- cseg_bgnbd(s, params = c(0.243, 4.414, 0.793, 2.426))
	expect_false(pub$fitted)
	expect_near(predict(pub, data.frame(x = 2, t_x = 30.43, T = 38.86), type = "expected",
		t = 39), 1.226, 0.001)
	expect_true(all(is.na(summary(pub)$coefficients[, "Std. Error"])))
	expect_output(print(summary(pub)), "not estimated")
})

test_that("BG/NBD predictions agree with their closed forms", {
	s <- cdnow_summary()
	fit <- cseg_bgnbd(s)
	p <- coef(fit)
	alive <- predict(fit, type = "alive")
	expect_identical(names(alive), s$id)
	by_hand <- 1 / (1 + (s$x > 0) * p[["a"]] / (p[["b"]] + pmax(s$x, 1) - 1) *
		((p[["alpha"]] + s$T) / (p[["alpha"]] + s$t_x))^(p[["r"]] + s$x))
	expect_equal(unname(alive), by_hand, tolerance = 1e-10)
	pmf <- predict(fit, type = "pmf", t = 39, n = 0:200)
	expect_equal(sum(pmf), 1, tolerance = 1e-6)
	mean_new <- predict(fit, type = "unconditional", t = 39)
	expect_equal(sum(0:200 * pmf), mean_new, tolerance = 1e-4)
	# expected purchases grow with the horizon
	e39 <- predict(fit, t = 39)
	e78 <- predict(fit, t = 78)
	expect_true(all(e78 >= e39))
	# CLV over one period, no discount, zbar as the spend: zbar * E[Y(L)]
	one <- predict(fit, s, type = "clv", periods = 1, period_length = 39, discount_rate = 0)
	expect_equal(unname(one), s$zbar * unname(e39), tolerance = 1e-10)
	v0 <- predict(fit, s, type = "clv", discount_rate = 0, margin = 0.3)
	v1 <- predict(fit, s, type = "clv", discount_rate = 0.05, margin = 0.3)
	expect_true(all(v1 <= v0 + 1e-12))
	expect_true(all(v0 >= 0))
})

test_that("Pareto/NBD reproduces the published CDNOW estimates", {
	fit <- cseg_pareto_nbd(cdnow_summary())
	expect_s3_class(fit, c("cseg_pareto_nbd", "cseg_clv"), exact = TRUE)
	expect_near(coef(fit), c(0.553, 10.578, 0.606, 11.669), 0.005)
	expect_named(coef(fit), c("r", "alpha", "s", "beta"))
	expect_near(as.numeric(logLik(fit)), -9595.0, 0.1)
	alive <- predict(fit, type = "alive")
	expect_true(all(alive > 0 & alive <= 1))
	# P(X(39) = n) for a new customer: a distribution whose mean is the
	# unconditional expectation.
	p <- predict(fit, type = "pmf", t = 39, n = 0:400)
	expect_true(all(p >= 0))
	expect_equal(sum(p), 1, tolerance = 1e-8)
	expect_equal(sum(p * (0:400)), predict(fit, type = "unconditional", t = 39), tolerance = 1e-8)
})

test_that("Gamma-Gamma reproduces the published CDNOW estimates on 946 customers", {
	s <- cdnow_summary()
	gg <- cseg_gamma_gamma(s)
	expect_s3_class(gg, c("cseg_gamma_gamma", "cseg_clv"), exact = TRUE)
	expect_near(coef(gg), c(6.25, 3.74, 15.44), 0.01)
	expect_equal(nobs(gg), 946)
	expect_true(abs(gg$correlation) < 0.2)
	# the same fit from vectors, only the repeat buyers
	rep <- s[s$x > 0, ]
	gg2 <- cseg_gamma_gamma(rep$x, rep$zbar)
	expect_equal(coef(gg2), coef(gg), tolerance = 1e-6)
	p <- coef(gg)
	spend <- predict(gg, type = "spend")
	expect_equal(unname(spend), (p[["p"]] * p[["gamma"]] + p[["p"]] * s$x * s$zbar) /
		(p[["p"]] * s$x + p[["q"]] - 1), tolerance = 1e-10)
	bg <- cseg_bgnbd(s)
	v <- predict(bg, s, type = "clv", spend_model = gg, periods = 12, discount_rate = 0.01)
	expect_true(all(is.finite(v) & v >= 0))
	expect_equal(length(v), 2357L)
})

test_that("calibration versus holdout: actual and predicted per frequency", {
	s <- cdnow_summary()
	fit <- cseg_bgnbd(s)
	cmp <- cseg_clv_compare(fit, s, n_buckets = 8)
	expect_equal(nrow(cmp), 8L)
	expect_identical(levels(cmp$x)[8], "7+")
	expect_equal(sum(cmp$n), 2357)
	expect_equal(sum(cmp$actual * cmp$n), 1882, tolerance = 1e-9)
	pred <- predict(fit, t = 39)
	expect_equal(sum(cmp$predicted * cmp$n), sum(pred), tolerance = 1e-8)
	# the model tracks the holdout within 0.4 purchases per bucket
	expect_lt(max(abs(cmp$actual - cmp$predicted)), 0.4)
})

test_that("weights of identical customers equal repeated rows", {
	s <- cdnow_summary()
	key <- paste(s$x, s$t_x, s$T)
	u <- s[!duplicated(key), c("x", "t_x", "T")]
	w <- as.double(table(key)[paste(u$x, u$t_x, u$T)])
	fit_w <- cseg_bgnbd(u$x, u$t_x, u$T, weights = w)
	fit <- cseg_bgnbd(s)
	expect_equal(coef(fit_w), coef(fit), tolerance = 1e-4)
	expect_equal(as.numeric(logLik(fit_w)), as.numeric(logLik(fit)), tolerance = 1e-6)
})

test_that("a fit survives saveRDS and its handles are freed", {
	s <- cdnow_summary()
	gc()
	base <- cseg_live_handles()
	fit <- cseg_bgnbd(s)
	expect_equal(cseg_live_handles(), base + 1)
	e <- predict(fit, t = 39)
	f <- tempfile(fileext = ".rds")
	on.exit(unlink(f))
	saveRDS(fit, f)
	back <- readRDS(f)
	expect_false(cseg:::C_handle_valid(back$handle$ptr))
	expect_identical(predict(back, t = 39), e)
	expect_true(cseg:::C_handle_valid(back$handle$ptr))
	rm(fit, back)
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
})
