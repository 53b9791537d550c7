# CDNOW data of the repository (data/cdnow), found through CSEG_DATA, which
# the Meson test sets. Tests that need it skip without it (R CMD check of
# the tarball, which does not carry the data).
cdnow_file <- function(name) {
	dir <- Sys.getenv("CSEG_DATA")
	path <- file.path(dir, "cdnow", name)
	if (!nzchar(dir) || !file.exists(path))
		testthat::skip(paste("CDNOW data not available (set CSEG_DATA):", name))
	path
}

# CDNOW_sample.txt: customer_id sample_id date(YYYYMMDD) cds dollars; the
# sample_id is the ID of the published summary.
cdnow_transactions <- function() {
	cseg_read_transactions(cdnow_file("CDNOW_sample.txt"), id = 2, date = 3, quantity = 4,
		amount = 5)
}

# 39-week calibration (1997-01-01 .. 1997-09-30), holdout to 1998-06-30.
cdnow_summary <- function() {
	cseg_clv_summary(cdnow_transactions(), as.Date("1997-09-30"), as.Date("1998-06-30"))
}

# BG/NBD log-likelihood per customer, written out in R (Fader, Hardie & Lee
# 2005, eq. 6): an independent check of the library's.
bgnbd_loglik <- function(p, x, t_x, T) {
	r <- p[[1]]; alpha <- p[[2]]; a <- p[[3]]; b <- p[[4]]
	a1 <- lgamma(r + x) - lgamma(r) + r * log(alpha)
	a2 <- lbeta(a, b + x) - lbeta(a, b) - (r + x) * log(alpha + T)
	a3 <- ifelse(x > 0, lbeta(a + 1, b + pmax(x, 1) - 1) - lbeta(a, b) -
		(r + x) * log(alpha + t_x), -Inf)
	sum(a1 + log(exp(a2) + exp(a3)))
}

# Absolute tolerance, as the papers report their figures.
expect_near <- function(actual, expected, tol) {
	expect_equal(length(actual), length(expected))
	expect_lte(max(abs(as.numeric(actual) - expected)), tol)
}
