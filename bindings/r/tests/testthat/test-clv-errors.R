# Transactions and CLV on small synthetic data: no files needed.

orders <- function() {
	data.frame(
		customer = c("a", "a", "a", "b", "b", "c", "d", "d", "e", "e", "e"),
		day = as.Date("2024-01-01") + c(0, 10, 40, 3, 50, 5, 2, 20, 1, 30, 90),
		value = c(10, 20, 30, 5, 15, 7, 8, 9, 11, 12, 13),
		stringsAsFactors = FALSE)
}

test_that("orders become a summary with the documented conventions", {
	s <- cseg_clv_summary(orders(), "2024-02-15", "2024-04-30", id = "customer",
		date = "day", amount = "value", unit = "days")
	expect_identical(s$id, c("a", "b", "c", "d", "e"))
	expect_equal(s$x, c(2, 0, 0, 1, 1))
	expect_equal(s$t_x, c(40, 0, 0, 18, 29))
	expect_equal(s$T, c(45, 42, 40, 43, 44))
	expect_equal(s$zbar, c(25, 0, 0, 9, 12))
	expect_equal(s$x_holdout, c(0, 1, 0, 0, 1))
	expect_equal(attr(s, "holdout_length"), 75)
	# same-day purchases are one purchase, their amounts added
	o <- rbind(orders(), data.frame(customer = "a", day = as.Date("2024-01-11"), value = 5))
	s2 <- cseg_clv_summary(o, as.Date("2024-02-15"), id = "customer", date = "day",
		amount = "value", unit = "days")
	expect_equal(s2$x[1], 2)
	expect_equal(s2$zbar[1], 27.5)
})

test_that("the file reader honours columns, header, separator and bad rows", {
	f <- tempfile(fileext = ".csv")
	on.exit(unlink(f))
	writeLines(c("when;who;paid", "2024-01-01;a;1.5", "20240105;a;2", "2024-01-03;b;4"), f)
	tx <- cseg_read_transactions(f, id = "who", date = "when", amount = "paid", sep = ";")
	expect_identical(tx$id, c("a", "a", "b"))
	expect_equal(tx$date, as.Date(c("2024-01-01", "2024-01-05", "2024-01-03")))
	expect_equal(tx$amount, c(1.5, 2, 4))
	expect_null(tx$quantity)
	tx2 <- cseg_read_transactions(f, id = 2, date = 1, amount = 3, sep = ";", header = TRUE)
	expect_equal(tx2$amount, tx$amount)
	# a bad date: an error naming the line, or a skipped row
	writeLines(c("a,2024-01-01,1", "a,2024-13-01,2", "b,2024-01-02,3"), f)
	e <- expect_cseg_error(cseg_read_transactions(f), status = 4L, pattern = ":2")
	tx3 <- cseg_read_transactions(f, skip_bad_rows = TRUE)
	expect_equal(nrow(tx3), 2L)
	expect_equal(attr(tx3, "n_skipped"), 1)
	expect_output(print(tx3), "1 malformed rows skipped")
	# only ISO dates allowed
	writeLines(c("a,20240101,1"), f)
	expect_cseg_error(cseg_read_transactions(f, date_format = "iso", header = FALSE), status = 4L)
	expect_equal(nrow(cseg_read_transactions(f, date_format = "yyyymmdd")), 1L)
})

test_that("bad transactions raise cseg_error", {
	expect_cseg_error(cseg_read_transactions(file.path(tempdir(), "no-such-file.txt")),
		status = 3L)
	expect_cseg_error(cseg_read_transactions(NA_character_), status = 1L)
	expect_cseg_error(cseg_read_transactions("x", id = 0), status = 1L)
	expect_cseg_error(cseg_read_transactions("x", id = c("a", "b")), status = 1L)
	expect_cseg_error(cseg_read_transactions("x", sep = ";;"), status = 1L)
	expect_cseg_error(cseg_read_transactions("x", skip_bad_rows = NA), status = 1L)
	o <- orders()
	expect_cseg_error(cseg_transactions(o), status = 1L, pattern = "no column 'id'")
	expect_cseg_error(cseg_transactions(as.matrix(o)), status = 1L)
	expect_cseg_error(cseg_transactions(o[0, ], "customer", "day", "value"), status = 1L)
	bad <- o
	bad$customer[2] <- NA
	expect_cseg_error(cseg_transactions(bad, "customer", "day", "value"), status = 1L,
		pattern = "row 2")
	bad <- o
	bad$day <- as.character(bad$day)
	bad$day[3] <- "2024-02-30"
	expect_cseg_error(cseg_transactions(bad, "customer", "day", "value"), status = 4L)
	bad$day[3] <- NA
	expect_cseg_error(cseg_transactions(bad, "customer", "day", "value"), status = 1L,
		pattern = "position 3")
	bad <- o
	bad$value[4] <- Inf
	expect_cseg_error(cseg_transactions(bad, "customer", "day", "value"), status = 1L)
	bad$value <- as.character(o$value)
	expect_cseg_error(cseg_transactions(bad, "customer", "day", "value"), status = 1L)
	bad <- o
	bad$day <- factor(letters[seq_len(nrow(o))])
	expect_cseg_error(cseg_transactions(bad, "customer", "day", "value"), status = 4L)
	expect_cseg_error(cseg_transactions(o, "customer", 9, "value"), status = 1L)
	expect_cseg_error(cseg_transactions(o, "customer", list(), "value"), status = 1L)
})

test_that("bad summary arguments raise cseg_error", {
	tx <- cseg_transactions(orders(), "customer", "day", "value")
	expect_cseg_error(cseg_clv_summary(tx), status = 1L, pattern = "calibration_end")
	expect_cseg_error(cseg_clv_summary(tx, "2024-02-15", "2024-02-15"), status = 1L)
	expect_cseg_error(cseg_clv_summary(tx, "2024-02-15", "2024-01-15"), status = 1L)
	expect_cseg_error(cseg_clv_summary(tx, "2023-12-31"), status = 1L, pattern = "calibration end")
	expect_cseg_error(cseg_clv_summary(tx, c("2024-02-15", "2024-02-16")), status = 1L)
	expect_cseg_error(cseg_clv_summary(tx, "15/02/2024"), status = 4L)
	expect_cseg_error(cseg_clv_summary(tx, NA_character_), status = 1L)
	expect_cseg_error(cseg_clv_summary(tx, TRUE), status = 1L)
	expect_error(cseg_clv_summary(tx, "2024-02-15", unit = "months"))
})

# Simulated BG/NBD customers: the fit recovers the parameters it was made with.
sim_bgnbd <- function(n, r, alpha, a, b, T = 52, seed = 1) {
	set.seed(seed)
	lambda <- rgamma(n, r, alpha)
	p <- rbeta(n, a, b)
	x <- t_x <- numeric(n)
	for (i in seq_len(n)) {
		t <- 0
		repeat {
			t <- t + rexp(1, lambda[i])
			if (t > T) break
			x[i] <- x[i] + 1
			t_x[i] <- t
			if (runif(1) < p[i]) break
		}
	}
	data.frame(x = x, t_x = t_x, T = T)
}

test_that("BG/NBD recovers simulated parameters", {
	d <- sim_bgnbd(4000, r = 0.5, alpha = 5, a = 0.7, b = 3)
	fit <- cseg_bgnbd(d$x, d$t_x, d$T, seed = 3)
	ci <- cbind(coef(fit) - 3 * fit$std_errors, coef(fit) + 3 * fit$std_errors)
	truth <- c(0.5, 5, 0.7, 3)
	expect_true(all(truth > ci[, 1] & truth < ci[, 2]))
	expect_equal(bgnbd_loglik(coef(fit), d$x, d$t_x, d$T), as.numeric(logLik(fit)),
		tolerance = 1e-9)
	expect_output(print(fit), "fitted on 4000 customers")
})

test_that("bad model inputs raise cseg_error with the library's message", {
	d <- sim_bgnbd(300, r = 0.5, alpha = 5, a = 0.7, b = 3)
	expect_cseg_error(cseg_bgnbd(d$x, d$t_x[-1], d$T), status = 1L, pattern = "lengths")
	expect_cseg_error(cseg_bgnbd(d$x, d$t_x), status = 1L, pattern = "T is missing")
	expect_cseg_error(cseg_bgnbd(d, d$t_x), status = 1L, pattern = "not both")
	expect_cseg_error(cseg_bgnbd(d[c("x", "T")]), status = 1L, pattern = "t_x")
	expect_cseg_error(cseg_bgnbd(as.character(d$x), d$t_x, d$T), status = 1L)
	expect_cseg_error(cseg_bgnbd(numeric(0), numeric(0), numeric(0)), status = 1L)
	bad <- d
	bad$t_x[5] <- bad$T[5] + 1
	expect_cseg_error(cseg_bgnbd(bad), status = 1L, pattern = "row")
	bad <- d
	bad$x[7] <- -1
	expect_cseg_error(cseg_bgnbd(bad), status = 1L)
	bad$x[7] <- NA
	expect_cseg_error(cseg_bgnbd(bad), status = 1L)
	bad$x[7] <- 1.5
	expect_cseg_error(cseg_pareto_nbd(bad), status = 1L)
	bad <- d
	bad$T[2] <- Inf
	expect_cseg_error(cseg_bgnbd(bad), status = 1L)
	# nobody repeats: the model is not identified
	expect_cseg_error(cseg_bgnbd(rep(0, 10), rep(0, 10), rep(5, 10)), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, weights = rep(1, 3)), status = 1L, pattern = "weights")
	expect_cseg_error(cseg_bgnbd(d, weights = rep(-1, nrow(d))), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, weights = "a"), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, n_starts = 0), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, max_iter = 2.5), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, tol = -1), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, tol = NA_real_), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, seed = -1), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, params = c(1, 2, 3)), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, params = c(1, 2, 3, -4)), status = 1L)
	expect_cseg_error(cseg_bgnbd(d, params = "a"), status = 1L)
	# Gamma-Gamma needs repeat buyers with positive spend
	expect_cseg_error(cseg_gamma_gamma(c(0, 0, 1), c(0, 0, 10)), status = 1L)
	expect_cseg_error(cseg_gamma_gamma(c(2, 3, 1), c(5, -1, 10)), status = 1L)
	expect_cseg_error(cseg_gamma_gamma(c(2, 3), c(5, 2, 1)), status = 1L)
})

test_that("bad predictions raise cseg_error", {
	d <- sim_bgnbd(300, r = 0.5, alpha = 5, a = 0.7, b = 3)
	fit <- cseg_bgnbd(d)
	gg <- cseg_gamma_gamma(c(1, 2, 3), c(10, 20, 15), params = c(2, 3, 10))
	expect_cseg_error(predict(fit), status = 1L, pattern = "horizon")
	expect_cseg_error(predict(fit, t = -1), status = 1L)
	expect_cseg_error(predict(fit, t = c(1, 2)), status = 1L)
	expect_cseg_error(predict(fit, data.frame(x = 1), t = 3), status = 1L, pattern = "t_x")
	expect_cseg_error(predict(fit, list(x = 1, t_x = 1, T = 2), t = 3), status = 1L)
	expect_cseg_error(predict(fit, data.frame(x = 1, t_x = 3, T = 2), t = 3), status = 1L)
	expect_cseg_error(predict(fit, data.frame(x = 1, t_x = 0, T = 2), type = "alive"),
		status = 1L)
	expect_cseg_error(predict(fit, type = "pmf", t = 10), status = 1L, pattern = "counts")
	expect_cseg_error(predict(fit, type = "pmf", t = 10, n = -1), status = 1L)
	expect_cseg_error(predict(fit, type = "pmf", t = 10, n = 0.5), status = 1L)
	expect_cseg_error(predict(fit, type = "unconditional"), status = 1L)
	expect_cseg_error(predict(fit, type = "spend"), status = 1L, pattern = "Gamma-Gamma")
	expect_cseg_error(predict(gg, type = "alive"), status = 1L)
	expect_cseg_error(predict(fit, type = "clv"), status = 1L, pattern = "zbar")
	dz <- cbind(d, zbar = ifelse(d$x > 0, 20, 0))
	expect_cseg_error(predict(fit, dz, type = "clv", spend_model = fit), status = 1L)
	expect_cseg_error(predict(fit, dz, type = "clv", periods = 0), status = 1L)
	expect_cseg_error(predict(fit, dz, type = "clv", discount_rate = -0.5), status = 1L)
	expect_cseg_error(predict(fit, dz, type = "clv", period_length = 0), status = 1L)
	expect_equal(length(predict(fit, dz, type = "clv", spend_model = gg)), nrow(d))
	# q <= 1: the mean spend does not exist
	gg1 <- cseg_gamma_gamma(c(1, 2), c(10, 20), params = c(2, 0.5, 10))
	expect_cseg_error(predict(gg1, type = "spend"), status = 1L)
	expect_cseg_error(cseg_clv_compare(fit), status = 1L)
	expect_cseg_error(cseg_clv_compare(fit, d), status = 1L, pattern = "x_holdout")
	expect_cseg_error(cseg_clv_compare(gg, d), status = 1L)
	dh <- cbind(d, x_holdout = 1)
	expect_cseg_error(cseg_clv_compare(fit, dh), status = 1L, pattern = "holdout_length")
	expect_cseg_error(cseg_clv_compare(fit, dh, holdout_length = 10, n_buckets = 0),
		status = 1L)
	cmp <- cseg_clv_compare(fit, dh, holdout_length = 10, n_buckets = 3)
	expect_equal(sum(cmp$n), nrow(d))
})

test_that("the internal column glue refuses mismatched vectors without reading past them", {
	d <- sim_bgnbd(50, r = 0.5, alpha = 5, a = 0.7, b = 3)
	fit <- cseg_bgnbd(d)
	h <- cseg:::.clv_handle(fit)
	r <- cseg:::C_clv_prob_alive(h, c(1, 2, 3), c(1, 1), c(5, 5, 5))
	expect_identical(r[[1L]], 1L)
	expect_match(cseg:::C_last_error(), "t_x is NULL")
	r <- cseg:::C_clv_model_fit(h, c(1, 2), c(1, 1), c(5, 5), c(1, 1, 1))
	expect_identical(r[[1L]], 1L)
	r <- cseg:::C_clv_expected_purchases(NULL, 3, 1, 1, 2)
	expect_identical(r[[1L]], 1L)
	r <- cseg:::C_clv_expected_purchases_new(h, numeric(0))
	expect_identical(r[[1L]], 1L)
	r <- cseg:::C_transactions_new(c("a", "b"), c(1, 2), 1, NULL)
	expect_identical(r[[1L]], 1L)
	expect_null(r[[2L]])
	r <- cseg:::C_transactions_copy_rows(h)
	expect_identical(r[[1L]], 1L)
	r <- cseg:::C_clv_holdout_compare(h, 0, 10, 1, 1, 2, 0)
	expect_identical(r[[1L]], 1L)
})

test_that("transaction and CLV handles are freed", {
	gc()
	base <- cseg_live_handles()
	for (i in 1:50) {
		s <- cseg_clv_summary(orders(), "2024-02-15", id = "customer", date = "day",
			amount = "value")
		m <- cseg_gamma_gamma(c(1, 2, 3), c(10, 20, 15), params = c(2, 3, 10))
		try(cseg_clv_summary(orders(), "2023-01-01", id = "customer", date = "day",
			amount = "value"), silent = TRUE)
	}
	rm(m)
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
})
