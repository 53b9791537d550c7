# RFM scores against independent R computations.

# pandas.qcut(x.rank(method = "first"), n_bins) written in base R: the
# edges 1 + (0:n_bins) / n_bins * (n - 1) on the ranks.
rank_bins <- function(x, n_bins) {
	n <- length(x)
	edges <- 1 + (0:n_bins) / n_bins * (n - 1)
	as.integer(cut(rank(x, ties.method = "first"), edges, include.lowest = TRUE, labels = FALSE))
}

rfm_data <- function(n = 300, seed = 3) {
	set.seed(seed)
	data.frame(recency = sample(0:400, n, TRUE), frequency = rpois(n, 2) + 1,
		monetary = round(rexp(n, 1 / 80), 2))
}

test_that("rank binning matches the quantile-rank recipe", {
	d <- rfm_data()
	for (nb in c(2, 4, 5, 7)) {
		r <- cseg_rfm(d, n_bins = nb, binning = "rank")
		expect_s3_class(r, c("cseg_rfm", "data.frame"), exact = TRUE)
		expect_named(r, c("r_score", "f_score", "m_score", "cell", "segment"))
		expect_identical(r$r_score, as.integer(nb + 1L - rank_bins(d$recency, nb)))
		expect_identical(r$f_score, rank_bins(d$frequency, nb))
		expect_identical(r$m_score, rank_bins(d$monetary, nb))
		# reported cut points: the largest value of each bin but the last
		expect_equal(attr(r, "cuts")["monetary", ],
			vapply(seq_len(nb - 1), function(b) max(d$monetary[r$m_score == b]), 0),
			ignore_attr = TRUE)
	}
	expect_identical(r$cell, with(r, r_score * 100L + f_score * 10L + m_score))
	r10 <- cseg_rfm(d, n_bins = 10, binning = "rank")
	expect_identical(r10$m_score, rank_bins(d$monetary, 10))
	expect_identical(r10$cell, with(r10, r_score * 10000L + f_score * 100L + m_score))
})

test_that("balanced binning keeps ties together and its cut points reproduce the bins", {
	d <- rfm_data()
	r <- cseg_rfm(d$recency, d$frequency, d$monetary)
	expect_equal(attr(r, "n_bins"), 5L)
	cuts <- attr(r, "cuts")
	expect_equal(dim(cuts), c(3L, 4L))
	bins <- function(v, c) findInterval(v, c, left.open = TRUE) + 1L
	expect_identical(r$f_score, bins(d$frequency, cuts["frequency", ]))
	expect_identical(r$m_score, bins(d$monetary, cuts["monetary", ]))
	expect_identical(r$r_score, 6L - bins(d$recency, cuts["recency", ]))
	# equal values, equal scores: one score per distinct frequency
	expect_true(all(tapply(r$f_score, d$frequency, function(s) length(unique(s))) == 1L))
	expect_setequal(unique(r$f_score), 1:5)
	sizes <- attr(r, "segment_sizes")
	expect_identical(as.integer(sizes), as.integer(table(factor(r$segment,
		levels = names(sizes)))))
	expect_equal(sum(sizes), nrow(d))
	expect_identical(levels(r$segment), names(sizes))
	expect_output(print(r), "300 customers, 5 bins \\(balanced\\)")
})

test_that("user cut points and segment rules are applied as documented", {
	d <- rfm_data()
	mc <- c(20, 50, 100, 200)
	rc <- c(30, 90, 180, 365)
	r <- cseg_rfm(d, cuts = list(monetary = mc, recency = rc),
		segment_rules = c('r >= 4 and fm >= 4 -> "Top"', 'monetary > 150 -> "Big"'))
	expect_identical(r$m_score, findInterval(d$monetary, mc, left.open = TRUE) + 1L)
	expect_identical(r$r_score, 5L - findInterval(d$recency, rc, left.open = TRUE))
	expect_equal(attr(r, "cuts")["monetary", ], mc, ignore_attr = TRUE)
	top <- r$r_score >= 4 & (r$f_score + r$m_score) / 2 >= 4
	want <- ifelse(top, "Top", ifelse(d$monetary > 150, "Big", "Other"))
	expect_identical(as.character(r$segment), want)
	expect_identical(levels(r$segment), c("Top", "Big", "Other"))
	expect_match(cseg_rfm_default_rules(), "Champions")
})

test_that("ids come from the row names or an id column", {
	d <- rfm_data(20)
	d$id <- sprintf("c%02d", 20:1)
	r <- cseg_rfm(d)
	expect_identical(rownames(r), d$id)
	v <- setNames(d$recency, d$id)
	expect_identical(rownames(cseg_rfm(v, d$frequency, d$monetary)), d$id)
})

test_that("bad RFM inputs raise cseg_error", {
	d <- rfm_data(50)
	inv <- cseg:::cseg_status_CSEG_E_INVALID_ARG_get()
	expect_cseg_error(cseg_rfm(d$recency, d$frequency), inv, "monetary is missing")
	expect_cseg_error(cseg_rfm(d$recency, d$frequency[-1], d$monetary), inv, "different lengths")
	expect_cseg_error(cseg_rfm(numeric(0), numeric(0), numeric(0)), inv, "empty")
	expect_cseg_error(cseg_rfm(d[c("recency", "frequency")]), inv, "monetary")
	expect_cseg_error(cseg_rfm(as.character(d$recency), d$frequency, d$monetary), inv, "numeric")
	expect_cseg_error(cseg_rfm(d, n_bins = 1), inv, "n_bins")
	expect_cseg_error(cseg_rfm(d, n_bins = 11), inv)
	expect_cseg_error(cseg_rfm(d, binning = "qcut"), inv, "binning")
	m <- d$monetary
	m[7] <- NaN
	expect_cseg_error(cseg_rfm(d$recency, d$frequency, m),
		cseg:::cseg_status_CSEG_E_MISSING_VALUES_get(), "monetary")
	m[7] <- Inf
	expect_cseg_error(cseg_rfm(d$recency, d$frequency, m), inv)
	expect_cseg_error(cseg_rfm(d, cuts = list(monetary = c(3, 2, 1, 0))), inv)
	expect_cseg_error(cseg_rfm(d, cuts = list(monetary = c(1, 2))), inv)
	expect_cseg_error(cseg_rfm(d, cuts = list(spend = 1:4)), inv, "cuts")
	expect_cseg_error(cseg_rfm(d, segment_rules = 'r >= -> "x"'),
		cseg:::cseg_status_CSEG_E_FORMAT_get(), "line 1, column")
	expect_cseg_error(cseg_rfm(d, segment_rules = 'spend > 1 -> "x"'), inv, "spend")
})

test_that("RFM on CDNOW gives five real frequency bins despite ties", {
	tx <- cseg_read_transactions(cdnow_file("CDNOW_master.txt"), id = 1, date = 2,
		quantity = 3, amount = 4)
	expect_equal(nrow(tx), 69659L)
	as_of <- as.Date("1998-06-30")
	last <- tapply(tx$date, tx$id, max)
	d <- data.frame(recency = as.numeric(as_of) - as.numeric(last),
		frequency = as.numeric(tapply(tx$date, tx$id, function(x) length(unique(x)))),
		monetary = as.numeric(tapply(tx$amount, tx$id, sum)), row.names = names(last))
	expect_equal(nrow(d), 23570L)
	# plain quantiles collapse: most customers bought once
	expect_lt(length(unique(quantile(d$frequency, 0:5 / 5))), 6L)
	r <- cseg_rfm(d)
	expect_setequal(unique(r$f_score), 1:5)
	expect_true(all(r$f_score[d$frequency == 1] == 1L))
	expect_true(all(tapply(r$f_score, d$frequency, function(s) length(unique(s))) == 1L))
	expect_true(all(tapply(r$r_score, d$recency, function(s) length(unique(s))) == 1L))
	expect_setequal(unique(r$r_score), 1:5)
	expect_setequal(unique(r$m_score), 1:5)
	expect_equal(sum(attr(r, "segment_sizes")), 23570)
	# the rank recipe splits the ties instead: bins within one row of equal
	rr <- cseg_rfm(d, binning = "rank")
	expect_lte(diff(range(table(rr$f_score))), 1L)
	expect_identical(rr$f_score, rank_bins(d$frequency, 5))
})

test_that("RFM calls leave no handle behind", {
	d <- rfm_data(40)
	gc()
	base <- cseg_live_handles()
	for (i in 1:20)
		r <- cseg_rfm(d)
	try(cseg_rfm(d, segment_rules = "bad"), silent = TRUE)
	gc()
	expect_equal(cseg_live_handles(), base)
})
