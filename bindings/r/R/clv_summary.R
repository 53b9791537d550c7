# Per-customer CLV summaries (x, t_x, T, zbar, holdout counts) computed by
# the library from a transaction log, as BTYD's dc.ElogToCbsCbt and
# CLVTools' clvdata do.

.time_units <- function() {
	c(days = cseg_time_unit_CSEG_TIME_DAYS_get(), weeks = cseg_time_unit_CSEG_TIME_WEEKS_get())
}

.one_date <- function(d, what) {
	if (length(d) != 1L)
		.cseg_invalid("%s must be one date", what)
	.days(d, what)
}

cseg_clv_summary <- function(transactions, calibration_end, holdout_end = NULL,
		unit = c("weeks", "days"), ...) {
	unit <- match.arg(unit)
	if (missing(calibration_end))
		.cseg_invalid("calibration_end is required: the last day of the calibration period")
	cal <- .one_date(calibration_end, "calibration_end")
	obs <- if (is.null(holdout_end)) -2^63 else .one_date(holdout_end, "holdout_end")
	tx <- .tx_handle_of(transactions, ...)
	on.exit(C_handle_free(tx))
	s <- .cseg_check(C_clv_summary_new(tx, cal, obs, .time_units()[[unit]]))
	on.exit(C_handle_free(s), add = TRUE)
	n <- C_clv_summary_n_customers(s)
	col <- function(key) .cseg_check(C_clv_summary_copy_column(s, key, n))
	out <- data.frame(
		id = vapply(seq_len(n) - 1, function(i) C_clv_summary_id(s, i), ""),
		x = col(cseg_clv_column_CSEG_CLV_X_get()),
		t_x = col(cseg_clv_column_CSEG_CLV_T_X_get()),
		T = col(cseg_clv_column_CSEG_CLV_T_get()),
		zbar = col(cseg_clv_column_CSEG_CLV_ZBAR_get()),
		x_holdout = col(cseg_clv_column_CSEG_CLV_X_HOLDOUT_get()),
		zbar_holdout = col(cseg_clv_column_CSEG_CLV_ZBAR_HOLDOUT_get()),
		first = .as_date(col(cseg_clv_column_CSEG_CLV_FIRST_DAY_get())),
		stringsAsFactors = FALSE)
	structure(out, class = c("cseg_clv_summary", "data.frame"),
		unit = unit, calibration_end = .as_date(cal),
		holdout_end = if (is.null(holdout_end)) NULL else .as_date(obs),
		holdout_length = C_clv_summary_holdout_length(s))
}

print.cseg_clv_summary <- function(x, n = 6L, ...) {
	cat("cseg CLV summary: ", nrow(x), " customers, calibration to ",
		format(attr(x, "calibration_end")), sep = "")
	if (!is.null(attr(x, "holdout_end")))
		cat(", holdout to ", format(attr(x, "holdout_end")), " (",
			format(attr(x, "holdout_length"), digits = 4), " ", attr(x, "unit"), ")", sep = "")
	cat("; times in ", attr(x, "unit"), "\n", sep = "")
	df <- x
	class(df) <- "data.frame"
	print(df[seq_len(min(n, nrow(df))), , drop = FALSE], ...)
	if (nrow(x) > n)
		cat("... ", nrow(x) - n, " more customers\n", sep = "")
	invisible(x)
}
