# cseg_features against a base-R computation of the definitions in
# cseg_features.h and the CDNOW fixtures of tests/fixtures/features
# (gen_features.py); cseg_clv_tiers; bad input.

orders_df <- function() {
	set.seed(11)
	n <- 300
	data.frame(id = sprintf("c%02d", sample(0:39, n, replace = TRUE)),
		date = as.Date("2023-01-01") + sample(0:364, n, replace = TRUE),
		amount = round(rgamma(n, 2, 1 / 30), 2) * ifelse(runif(n) < 0.08, -1, 1),
		channel = sample(c("web", "store", "app", NA), n, replace = TRUE, prob = c(.45, .35, .15, .05)),
		stringsAsFactors = FALSE)
}

# The definitions, customer by customer, in base R.
ref_features <- function(o, as_of, orders = FALSE, onboarding = 0, active_within = 0) {
	a <- as.numeric(as.Date(as_of))
	d <- o[as.numeric(o$date) <= a, ]
	p <- d[d$amount >= 0, ]
	first <- tapply(as.numeric(p$date), p$id, min)
	last <- tapply(as.numeric(p$date), p$id, max)
	ids <- unique(o$id)
	ids <- ids[ids %in% names(first)]
	levs <- sort(unique(d$channel[!is.na(d$channel)]))
	rows <- lapply(ids, function(cu) {
		g <- d[d$id == cu, ]
		w <- g[as.numeric(g$date) >= first[[cu]] + onboarding, ]
		pw <- w[w$amount >= 0, ]
		f <- if (orders) nrow(pw) else length(unique(as.numeric(pw$date)))
		mon <- sum(w$amount)
		gaps <- diff(sort(unique(as.numeric(pw$date))))
		gross <- sum(pw$amount)
		shares <- vapply(levs, function(v) if (gross > 0)
			sum(pw$amount[!is.na(pw$channel) & pw$channel == v]) / gross else NaN, 0)
		c(recency = a - last[[cu]], frequency = f, monetary = mon, aov = if (f > 0) mon / f else NaN,
			tenure = a - first[[cu]], ipt_mean = if (length(gaps) >= 1) mean(gaps) else NaN,
			ipt_std = if (length(gaps) >= 2) sd(gaps) else NaN, n_returns = sum(w$amount < 0),
			setNames(shares, paste0("share_channel_", levs)))
	})
	m <- do.call(rbind, rows)
	rownames(m) <- ids
	if (active_within > 0)
		m <- m[m[, "recency"] < active_within, , drop = FALSE]
	m
}

test_that("features match a base-R computation of the definitions", {
	o <- orders_df()
	for (opt in list(list(), list(frequency = "orders"), list(onboarding_days = 45),
			list(active_within = 60, frequency = "orders"))) {
		f <- do.call(cseg_features, c(list(o, as_of = "2023-10-31", channel = "channel"), opt))
		ref <- ref_features(o, "2023-10-31", orders = identical(opt$frequency, "orders"),
			onboarding = if (is.null(opt$onboarding_days)) 0 else opt$onboarding_days,
			active_within = if (is.null(opt$active_within)) 0 else opt$active_within)
		expect_s3_class(f, "data.frame")
		expect_identical(rownames(f), rownames(ref))
		expect_equal(as.matrix(f[, colnames(ref)]), ref, tolerance = 1e-12)
		expect_identical(names(f)[1:9], c("recency", "frequency", "monetary", "aov", "tenure",
			"ipt_mean", "ipt_std", "n_returns", "frequency_seasonal"))
	}
})

test_that("dates, column choices and cseg_transactions objects agree", {
	o <- orders_df()
	f <- cseg_features(o, as.Date("2023-12-31"))
	o2 <- data.frame(who = o$id, when = format(o$date, "%Y%m%d"), eur = o$amount)
	expect_identical(cseg_features(o2, "2023-12-31", id = "who", date = "when", amount = "eur"), f)
	expect_identical(cseg_features(o2, "2023-12-31", id = 1, date = 2, amount = 3), f)
	tx <- cseg_transactions(o)
	expect_identical(cseg_features(tx, as.POSIXct("2023-12-31 12:00", tz = "UTC")), f)
	sel <- cseg_features(o, "2023-06-30", columns = c("monetary", "share_channel_web"), channel = "channel")
	expect_identical(names(sel), c("monetary", "share_channel_web"))
	h <- cseg_features(o, "2023-06-30", holdout_end = "2023-12-31", frequency = "orders")
	late <- o[o$date > as.Date("2023-06-30") & o$amount >= 0, ]
	cnt <- table(factor(late$id, levels = rownames(h)))
	expect_equal(h$holdout_frequency, as.double(cnt), ignore_attr = TRUE)
	# Features feed RFM and profiles.
	r <- cseg_rfm(f)
	expect_identical(rownames(r), rownames(f))
	p <- cseg_profile(f[, c("recency", "frequency", "monetary")], r$segment)
	expect_equal(sum(p$sizes), nrow(f))
})

read_fixture <- function(name) {
	path <- file.path(Sys.getenv("CSEG_SOURCE_ROOT", file.path(Sys.getenv("CSEG_DATA"), "..")),
		"tests", "fixtures", "features", name)
	if (!file.exists(path))
		skip(paste("fixture not available:", name))
	head <- readLines(path, n = 1L)
	ref <- utils::read.csv(path, skip = 1, colClasses = c(id = "character"), na.strings = "nan")
	list(n = as.integer(sub(".*n_customers=([0-9]+).*", "\\1", head)),
		missing = as.integer(sub(".*n_missing=([0-9]+).*", "\\1", head)), ref = ref)
}

test_that("CDNOW features reproduce the fixtures of gen_features.py", {
	tx <- cseg_read_transactions(cdnow_file("CDNOW_master.txt"), id = 1, date = 2, quantity = 3,
		amount = 4)
	tx$channel <- ifelse(as.integer(tx$quantity) %% 2L == 1L, "web", "store")
	tx$category <- paste0("c", as.numeric(tx$date) %% 3)
	for (case in c("features_cdnow_1998.csv", "features_cdnow_holdout.csv")) {
		fx <- read_fixture(case)
		f <- if (case == "features_cdnow_1998.csv")
			cseg_features(tx, "1998-06-30", channel = "channel", category = "category")
		else
			cseg_features(tx, "1997-09-30", holdout_end = "1998-06-30", frequency = "orders",
				onboarding_days = 30, active_within = 180, channel = "channel", category = "category")
		expect_equal(nrow(f), fx$n)
		expect_equal(sum(is.na(f)), fx$missing)
		ref <- fx$ref
		expect_identical(names(f), names(ref)[-1])
		got <- as.matrix(f[ref$id, ])
		want <- as.matrix(ref[, -1])
		dimnames(want) <- dimnames(got)
		expect_equal(got, want, tolerance = 1e-9)
	}
})

test_that("bad input is refused with the argument named", {
	o <- orders_df()
	inv <- cseg_status_CSEG_E_INVALID_ARG_get()
	expect_cseg_error(cseg_features(o, "2023-06-30", id = "cust"), inv, "id: no column .cust.")
	expect_cseg_error(cseg_features(o, "2023-06-30", channel = "chan"), inv, "channel: no column")
	bad <- o
	bad$amount[5] <- NaN
	expect_cseg_error(cseg_features(bad, "2023-06-30"), inv, "amount holds NA/NaN at row 5")
	bad <- o
	bad$amount[7] <- Inf
	expect_cseg_error(cseg_features(bad, "2023-06-30"), inv, "amounts\\[6\\] is not finite")
	bad <- o
	bad$date <- format(bad$date)
	bad$date[4] <- "2023-02-30"
	fmt <- cseg_status_CSEG_E_FORMAT_get()
	expect_cseg_error(cseg_features(bad, "2023-06-30"), fmt, "date: .2023-02-30. at position 4 is not a date")
	bad$date[4] <- NA
	expect_cseg_error(cseg_features(bad, "2023-06-30"), inv, "date holds NA at position 4")
	expect_cseg_error(cseg_features(o, "2023-13-01"), fmt, "as_of: .2023-13-01. is not a date")
	expect_cseg_error(cseg_features(o), inv, "as_of")
	expect_cseg_error(cseg_features(o, c("2023-01-01", "2023-02-01")), inv, "as_of")
	expect_cseg_error(cseg_features(o, "2023-06-30", holdout_end = "June"), fmt, "holdout_end")
	expect_cseg_error(cseg_features(o, "2023-06-30", holdout_end = "2023-06-30"), inv, "not after")
	expect_cseg_error(cseg_features(o, "2020-01-01"), inv, "before every transaction")
	expect_cseg_error(cseg_features(o, "2023-06-30", frequency = "weekly"), inv, "frequency")
	expect_cseg_error(cseg_features(o, "2023-06-30", onboarding_days = -1), inv, "onboarding_days")
	expect_cseg_error(cseg_features(o, "2023-06-30", active_within = 1.5), inv, "active_within")
	expect_cseg_error(cseg_features(o, "2023-06-30", columns = c("recency", "spend")), inv,
		"unknown feature 'spend'")
	expect_cseg_error(cseg_features(o, "2023-06-30", columns = "share_region"), inv, "no region column")
	expect_cseg_error(cseg_features(o, "2024-06-30", active_within = 1), inv, "no customer")
	expect_cseg_error(cseg_features(as.matrix(o), "2023-06-30"), inv, "data.frame")
	expect_cseg_error(cseg_features(o[0, ], "2023-06-30"), inv, "no rows")
	expect_cseg_error(cseg_features(o, "2023-06-30", channel = list(1)), inv, "channel")
})

test_that("CLV tiers: the hand-worked case, RFM's bins and given cuts", {
	t <- cseg_clv_tiers(c(5, 1, 3, 3, 9, 7, 3, 2), n_tiers = 3)
	expect_identical(as.vector(t), c(1L, 3L, 2L, 2L, 1L, 1L, 2L, 3L))
	expect_identical(attr(t, "cuts"), c(3, 2))
	expect_identical(as.vector(cseg_clv_tiers(c(-3.5, -7), n_tiers = 2)), c(1L, 2L))
	expect_identical(as.vector(cseg_clv_tiers(c(1, 1, 2), n_tiers = 3)), c(3L, 3L, 1L))
	expect_identical(as.vector(cseg_clv_tiers(rep(4, 4), n_tiers = 3)), rep(2L, 4))
	set.seed(3)
	v <- setNames(round(rexp(500) * 20), paste0("k", 1:500))  # heavy ties
	t <- cseg_clv_tiers(v, n_tiers = 4)
	expect_identical(names(t), names(v))
	cuts <- attr(t, "cuts")
	expect_identical(as.vector(t), 1L + vapply(v, function(x) sum(x <= cuts), integer(1), USE.NAMES = FALSE))
	r <- cseg_rfm(v, v, v, n_bins = 4)
	expect_identical(as.vector(t), 5L - r$m_score)
	expect_equal(cuts, rev(attr(r, "cuts")["monetary", ]), ignore_attr = TRUE)
	again <- cseg_clv_tiers(v, cuts = cuts)
	expect_identical(as.vector(again), as.vector(t))
	expect_identical(as.vector(cseg_clv_tiers(c(1e6, -1e6), cuts = cuts)), c(1L, 4L))
})

test_that("CLV tiers refuse bad input", {
	inv <- cseg_status_CSEG_E_INVALID_ARG_get()
	expect_cseg_error(cseg_clv_tiers(c(3, NaN, 2, 5), 2), inv, "row 1")
	expect_cseg_error(cseg_clv_tiers(c(3, 1, Inf, 5), 2), inv, "row 2")
	expect_cseg_error(cseg_clv_tiers(c(3, 1), 1), inv, "n_tiers")
	expect_cseg_error(cseg_clv_tiers(as.double(1:2000), 1001), inv, "n_tiers = 1001")
	expect_cseg_error(cseg_clv_tiers(c(3, 1), 3), inv, "exceeds n_rows")
	expect_cseg_error(cseg_clv_tiers(numeric(0), 2), inv, "empty")
	expect_cseg_error(cseg_clv_tiers("a", 2), inv, "numeric")
	expect_cseg_error(cseg_clv_tiers(c(1, 2), cuts = c(1, 2)), inv, "non-increasing")
	expect_cseg_error(cseg_clv_tiers(c(1, 2), n_tiers = 4, cuts = c(2, 1)), inv, "n_tiers - 1")
	expect_cseg_error(cseg_clv_tiers(c(NA, 2), cuts = 1), inv, "row 1")
})
