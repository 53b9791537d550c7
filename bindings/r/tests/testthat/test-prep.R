# cseg_prep against the same steps written in R, and cseg_kmeans(prep = )
# against k-means on data preprocessed by hand.

prep_data <- function() {
	set.seed(21)
	n <- 120
	df <- data.frame(recency = rexp(n, 1 / 60), monetary = rlnorm(n, 4, 1.2),
		tenure = runif(n, 30, 900), channel = sample(1:3, n, replace = TRUE))
	df$recency[c(2, 40)] <- NA
	df$monetary[c(5, 6, 90)] <- NA
	df
}

zscore <- function(v) (v - mean(v)) / sqrt(mean((v - mean(v))^2))
impute <- function(v, f) { v[is.na(v)] <- f(v[!is.na(v)]); v }

test_that("cseg_prep matches imputation, log1p, scalers, weights and one-hot in R", {
	df <- prep_data()
	p <- cseg_prep(df, missing = "median", transform = "zscore",
		columns = list(monetary = list(transform = "log1p+zscore", weight = 2),
			tenure = list(missing = "mean", transform = "robust")),
		categorical = "channel")
	expect_s3_class(p, "cseg_prep")
	expect_identical(p$outputs, c("recency", "monetary", "tenure", "channel=1", "channel=2", "channel=3"))
	q <- quantile(df$tenure, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
	ref <- cbind(
		zscore(impute(df$recency, median)),
		zscore(log1p(impute(df$monetary, median))) * sqrt(2),
		(df$tenure - q[2]) / (q[3] - q[1]),
		outer(df$channel, 1:3, "==") * 1)
	expect_equal(unname(p$x), unname(ref), tolerance = 1e-12)
	expect_equal(p$stats["monetary", "fill"], median(df$monetary, na.rm = TRUE), tolerance = 1e-14)
	expect_identical(p$stats$levels, c(0L, 0L, 0L, 3L))
	expect_equal(p$stats$weight, c(1, 2, 1, 1))
	expect_equal(unname(p$n_imputed), c(2, 3, 0, 0))
	expect_equal(p$n_dropped, 0)
	# New rows use the training statistics, columns matched by name.
	new <- df[1:10, c("channel", "tenure", "monetary", "recency")]
	new$channel[1] <- 7   # unseen level
	out <- predict(p, new)
	expect_equal(unname(out[-1, ]), unname(p$x[2:10, ]), tolerance = 1e-12)
	expect_equal(unname(out[1, 4:6]), c(0, 0, 0))
	expect_equal(attr(out, "n_unseen")[["channel"]], 1)
})

test_that("drop and indicator policies, readRDS and settings-only objects", {
	df <- prep_data()[, c("recency", "monetary")]
	p <- cseg_prep(df, columns = list(recency = list(missing = "indicator"),
		monetary = list(missing = "drop", transform = "minmax")))
	keep <- !is.na(df$monetary)
	expect_identical(p$outputs, c("recency", "recency_missing", "monetary"))
	expect_equal(p$n_dropped, sum(!keep))
	expect_identical(p$kept, which(keep))
	r <- df$recency[keep]
	expect_equal(unname(p$x[, 1]), impute(r, mean), tolerance = 1e-12)
	expect_equal(unname(p$x[, 2]), as.numeric(is.na(r)))
	mo <- df$monetary[keep]
	expect_equal(unname(p$x[, 3]), (mo - min(mo)) / (max(mo) - min(mo)), tolerance = 1e-12)
	f <- tempfile(fileext = ".rds")
	saveRDS(p, f)
	back <- readRDS(f)
	expect_equal(predict(back, df), predict(p, df))
	s <- cseg_prep(missing = "median")
	expect_false(s$fitted)
	expect_output(print(s), "not fitted")
	expect_error(predict(s, df), class = "cseg_error")
})

test_that("bad settings raise cseg_error naming the column or argument", {
	df <- prep_data()
	expect_error(cseg_prep(df, missing = "sometimes"), "missing", class = "cseg_error")
	expect_error(cseg_prep(df, missing = "median", columns = list(monetary = list(transform = "cube"))),
		"monetary.*cube", class = "cseg_error")
	expect_error(cseg_prep(df, missing = "median", columns = list(tenure = list(weight = -1))),
		"tenure", class = "cseg_error")
	expect_error(cseg_prep(df, missing = "median", columns = list(spend = list(weight = 2))),
		"spend", class = "cseg_error")
	expect_error(cseg_prep(df), "recency", class = "cseg_error")  # 'error' policy, NA at fit
	expect_error(cseg_prep(df, transform = "zscore+minmax", missing = "median"), "two scalers",
		class = "cseg_error")
	expect_error(cseg_prep(df, missing = "median", columns = list(list(weight = 2))), "named list",
		class = "cseg_error")
	expect_error(cseg_kmeans(df, 2, prep = "zscore"), "prep", class = "cseg_error")
})

test_that("cseg_kmeans(prep = ) fits on raw data as k-means on preprocessed data", {
	df <- prep_data()
	spec <- cseg_prep(missing = "median", transform = "zscore",
		columns = list(monetary = list(transform = "log1p+zscore", weight = 2)),
		categorical = "channel")
	fit <- cseg_kmeans(df, 3, seed = 5, nstart = 2, prep = spec)
	xt <- cseg_prep(df, missing = "median", transform = "zscore",
		columns = list(monetary = list(transform = "log1p+zscore", weight = 2)),
		categorical = "channel")$x
	ref <- cseg_kmeans(xt, 3, seed = 5, nstart = 2)
	expect_equal(unname(fit$centers), unname(ref$centers), tolerance = 1e-10)
	expect_identical(unname(fit$cluster), unname(ref$cluster))
	expect_equal(fit$withinss, ref$withinss, tolerance = 1e-10)
	expect_equal(fit$totss, ref$totss, tolerance = 1e-10)
	expect_identical(fit$prep$inputs, names(df))
	# predict on raw customers, before and after readRDS
	expect_identical(unname(predict(fit, df)), unname(fit$cluster))
	f <- tempfile(fileext = ".rds")
	saveRDS(fit, f)
	expect_identical(unname(predict(readRDS(f), df)), unname(fit$cluster))
	# the model file keeps it too
	path <- tempfile(fileext = ".cseg")
	cseg_save(fit, path)
	expect_identical(unname(predict(cseg_load(path), df)), unname(fit$cluster))
})

test_that("customers the preprocessing cannot complete get NA", {
	df <- prep_data()[, c("recency", "monetary")]
	spec <- cseg_prep(missing = "median", columns = list(monetary = list(missing = "drop")))
	fit <- cseg_kmeans(df, 2, seed = 1, prep = spec)
	miss <- is.na(df$monetary)
	expect_true(all(is.na(fit$cluster[miss])))
	expect_false(anyNA(fit$cluster[!miss]))
	expect_equal(sum(fit$size), sum(!miss))
	expect_true(all(is.na(predict(fit, df)[miss])))
	d <- predict(fit, df, type = "details")
	expect_true(all(d$borderline[miss]) && all(d$confidence[miss] == 0))
})
