# Customer features at an as-of date (cseg_features.h), from a data.frame of
# orders or a cseg_transactions object. The C handles (transactions,
# options, result) live only for the call; the result is a plain data.frame
# with the customer IDs as row names.

.feature_frequencies <- function() {
	c(days = cseg_feature_frequency_CSEG_FEAT_DAYS_get(),
		orders = cseg_feature_frequency_CSEG_FEAT_ORDERS_get())
}

.tx_attributes <- function() {
	c(channel = cseg_tx_option_CSEG_TX_COLUMN_CHANNEL_get(),
		region = cseg_tx_option_CSEG_TX_COLUMN_REGION_get(),
		category = cseg_tx_option_CSEG_TX_COLUMN_CATEGORY_get())
}

# One date argument as days since 1970-01-01; errors name the argument.
.feature_date <- function(d, what) {
	if (is.null(d) || length(d) != 1L)
		.cseg_invalid("%s must be one date (Date, POSIXct or \"YYYY-MM-DD\")", what)
	if ((is.character(d) || is.factor(d)) && !is.na(d)) {
		days <- C_date_parse(as.character(d))
		if (!identical(as.integer(days[[1L]]), 0L))  # the library's status (CSEG_E_FORMAT)
			stop(.cseg_condition(days[[1L]], sprintf("%s: %s is not a date (YYYY-MM-DD or YYYYMMDD)",
				what, sQuote(as.character(d), FALSE)), .user_call()))
		return(days[[2L]])
	}
	.days(d, what)
}

# A whole number >= 0 for a day-count option.
.feature_days <- function(v, what) {
	if (!is.numeric(v) || length(v) != 1L || is.na(v) || v != round(v) || v < 0)
		.cseg_invalid("%s must be a whole number of days >= 0", what)
	as.double(v)
}

# The attribute columns of a data.frame of orders as character vectors
# (NA = unknown), by name or 1-based position; NULL for those not asked for.
.feature_attributes <- function(data, channel, region, category) {
	cols <- list(channel = channel, region = region, category = category)
	out <- list()
	for (nm in names(cols)) {
		v <- .pick(data, cols[[nm]], nm, optional = TRUE)
		if (!is.null(v)) {
			if (!(is.character(v) || is.factor(v) || is.numeric(v) || is.logical(v)))
				.cseg_invalid("%s must be a character or factor column, not %s", nm,
					paste(class(v), collapse = "/"))
			out[[nm]] <- as.character(v)
		}
	}
	out
}

# A dataset handle as a data.frame, IDs as row names.
.dataset_frame <- function(ds) {
	n <- C_dataset_n_rows(ds)
	d <- C_dataset_n_cols(ds)
	values <- .cseg_check(C_dataset_copy_data(ds, n * d))
	cols <- vapply(seq_len(d) - 1, function(j) C_dataset_column_name(ds, j), "")
	ids <- vapply(seq_len(n) - 1, function(i) C_dataset_id(ds, i), "")
	m <- matrix(values, nrow = n, ncol = d, byrow = TRUE)
	out <- as.data.frame(m, stringsAsFactors = FALSE)
	names(out) <- cols
	row.names(out) <- ids
	out
}

cseg_features <- function(transactions, as_of, frequency = c("days", "orders"),
		onboarding_days = 0, active_within = 0, holdout_end = NULL, columns = NULL,
		id = "id", date = "date", amount = "amount", channel = NULL, region = NULL,
		category = NULL) {
	if (missing(as_of))
		.cseg_invalid("as_of is missing: give the as-of date")
	if (!is.character(frequency) || length(frequency) < 1L ||
			!frequency[[1L]] %in% names(.feature_frequencies()))
		.cseg_invalid("frequency must be \"days\" or \"orders\"")
	frequency <- frequency[[1L]]
	a <- .feature_date(as_of, "as_of")
	h <- if (is.null(holdout_end)) NULL else .feature_date(holdout_end, "holdout_end")
	onb <- .feature_days(onboarding_days, "onboarding_days")
	act <- .feature_days(active_within, "active_within")
	if (!is.null(columns) && (!is.character(columns) || anyNA(columns) || length(columns) < 1L))
		.cseg_invalid("columns must be NULL or a character vector of feature names")
	if (!is.data.frame(transactions))
		.cseg_invalid("transactions must be a data.frame of orders or a cseg_transactions object, not %s",
			paste(class(transactions), collapse = "/"))
	if (inherits(transactions, "cseg_transactions")) {
		id <- "id"
		date <- "date"
		amount <- "amount"
	}
	attrs <- .feature_attributes(transactions, channel, region, category)
	o <- .orders(transactions, id, date, amount, NULL)

	tx <- .tx_handle(o)
	opts <- .cseg_check(C_feature_options_new())
	on.exit({
		C_handle_free(opts)
		C_handle_free(tx)
	})
	keys <- .tx_attributes()
	for (nm in names(attrs))
		.cseg_check(C_transactions_set_attribute(tx, keys[[nm]], attrs[[nm]]))
	set <- function(key, v) .cseg_check(C_feature_options_set_int(opts, key, v))
	set(cseg_feature_option_CSEG_FEAT_FREQUENCY_get(), .feature_frequencies()[[frequency]])
	set(cseg_feature_option_CSEG_FEAT_ONBOARDING_DAYS_get(), onb)
	set(cseg_feature_option_CSEG_FEAT_ACTIVE_WITHIN_get(), act)
	if (!is.null(columns))
		.cseg_check(C_feature_options_select(opts, columns))
	ds <- if (is.null(h)) {
		set(cseg_feature_option_CSEG_FEAT_AS_OF_get(), a)
		.cseg_check(C_features_compute(tx, opts))
	} else {
		.cseg_check(C_features_compute_holdout(tx, opts, a, h))
	}
	on.exit(C_handle_free(ds), add = TRUE)
	.dataset_frame(ds)
}

# Value tiers 1..n_tiers (1 the highest), by the library's balanced
# quantiles, or by given cut points: tier = 1 + #{j : v <= cuts[j]}.
cseg_clv_tiers <- function(values, n_tiers = 5, cuts = NULL) {
	if (!(is.numeric(values) || is.logical(values)) || is.object(values) && !is.numeric(values))
		.cseg_invalid("values must be numeric, not %s", paste(class(values), collapse = "/"))
	if (length(values) < 1L)
		.cseg_invalid("values is empty")
	v <- as.double(values)
	if (is.null(cuts)) {
		n_tiers <- .whole_number(n_tiers, "n_tiers", min = 2)
		res <- .cseg_check(C_clv_tiers(v, n_tiers))
		tiers <- as.integer(res[[1L]])
		cut_points <- res[[2L]]
	} else {
		if (!is.numeric(cuts) || length(cuts) < 1L || length(cuts) > 999L)
			.cseg_invalid("cuts must be NULL or 1..999 numbers")
		cut_points <- as.double(cuts)
		if (!missing(n_tiers) && !identical(as.double(n_tiers), length(cuts) + 1))
			.cseg_invalid("n_tiers = %s but cuts has %d values (n_tiers - 1 expected)",
				format(n_tiers), length(cuts))
		if (any(!is.finite(cut_points)) || any(diff(cut_points) > 0))
			.cseg_invalid("cuts must be finite and non-increasing")
		bad <- which(!is.finite(v))
		if (length(bad) > 0L)
			.cseg_invalid("values: row %d: value %s must be finite", bad[1L], format(v[bad[1L]]))
		tiers <- 1L + vapply(v, function(x) sum(x <= cut_points), integer(1))
	}
	names(tiers) <- names(values)
	attr(tiers, "cuts") <- cut_points
	tiers
}
