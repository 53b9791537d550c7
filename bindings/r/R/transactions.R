# Transaction logs (one row per purchase): read by the C reader or built from
# a data.frame of orders. The R object is plain data (a data.frame of class
# "cseg_transactions": id, date, amount, quantity), so it survives saveRDS;
# the C handle is rebuilt from it for each summary.

.date_formats <- function() {
	c(auto = cseg_date_format_CSEG_DATE_AUTO_get(),
		iso = cseg_date_format_CSEG_DATE_ISO_get(),
		yyyymmdd = cseg_date_format_CSEG_DATE_YYYYMMDD_get())
}

# One reader option: a column by 1-based position or by header name.
.tx_column <- function(opts, key, value, what, optional = FALSE) {
	if (is.null(value)) {
		if (!optional)
			.cseg_invalid("%s is required: a column position (from 1) or header name", what)
		.cseg_check(C_tx_options_set_int(opts, key, -1))
	} else if (is.character(value) && length(value) == 1L && !is.na(value)) {
		.cseg_check(C_tx_options_set_string(opts, key, value))
	} else if (is.numeric(value) && length(value) == 1L && !is.na(value) &&
			value == round(value) && value >= 1) {
		.cseg_check(C_tx_options_set_int(opts, key, value - 1))
	} else {
		.cseg_invalid("%s must be a column position (a whole number >= 1) or one header name", what)
	}
}

cseg_read_transactions <- function(path, id = 1, date = 2, amount = 3, quantity = NULL,
		sep = NULL, header = NA, date_format = c("auto", "iso", "yyyymmdd"),
		skip_bad_rows = FALSE) {
	if (!is.character(path) || length(path) != 1L || is.na(path))
		.cseg_invalid("path must be one file name")
	date_format <- match.arg(date_format)
	if (!is.null(sep) && (!is.character(sep) || length(sep) != 1L || nchar(sep, "bytes") != 1L))
		.cseg_invalid("sep must be NULL (automatic) or a single character")
	if (!is.logical(header) || length(header) != 1L)
		.cseg_invalid("header must be TRUE, FALSE or NA (automatic)")
	if (!isTRUE(skip_bad_rows) && !isFALSE(skip_bad_rows))
		.cseg_invalid("skip_bad_rows must be TRUE or FALSE")

	opts <- .cseg_check(C_tx_options_new())
	on.exit(C_handle_free(opts))
	.tx_column(opts, cseg_tx_option_CSEG_TX_COLUMN_ID_get(), id, "id")
	.tx_column(opts, cseg_tx_option_CSEG_TX_COLUMN_DATE_get(), date, "date")
	.tx_column(opts, cseg_tx_option_CSEG_TX_COLUMN_AMOUNT_get(), amount, "amount")
	.tx_column(opts, cseg_tx_option_CSEG_TX_COLUMN_QUANTITY_get(), quantity, "quantity",
		optional = TRUE)
	set <- function(key, v) .cseg_check(C_tx_options_set_int(opts, key, v))
	set(cseg_tx_option_CSEG_TX_DELIMITER_get(), if (is.null(sep)) 0 else utf8ToInt(sep))
	set(cseg_tx_option_CSEG_TX_HEADER_get(), if (is.na(header)) -1 else as.integer(header))
	set(cseg_tx_option_CSEG_TX_SKIP_BAD_ROWS_get(), as.integer(skip_bad_rows))
	set(cseg_tx_option_CSEG_TX_DATE_FORMAT_get(), .date_formats()[[date_format]])

	tx <- .cseg_check(C_transactions_read(path.expand(path), opts))
	on.exit(C_handle_free(tx), add = TRUE)
	.transactions_from_handle(tx, has_quantity = !is.null(quantity))
}

# The R object of a transactions handle, rows in file order.
.transactions_from_handle <- function(tx, has_quantity = TRUE) {
	rows <- .cseg_check(C_transactions_copy_rows(tx))
	n_cust <- C_transactions_n_customers(tx)
	ids <- vapply(seq_len(n_cust) - 1, function(i) C_transactions_customer_id(tx, i), "")
	out <- data.frame(id = ids[rows[[1L]] + 1], date = .as_date(rows[[2L]]),
		amount = rows[[3L]], stringsAsFactors = FALSE)
	if (has_quantity)
		out$quantity <- rows[[4L]]
	attr(out, "n_skipped") <- C_transactions_n_skipped(tx)
	class(out) <- c("cseg_transactions", "data.frame")
	out
}

.as_date <- function(days) structure(as.double(days), class = "Date")

# Days since 1970-01-01 of Date, POSIXct or character dates (YYYY-MM-DD,
# optionally with a time, or YYYYMMDD, parsed by the library); what names
# the argument in messages.
.days <- function(d, what) {
	if (inherits(d, "POSIXt"))
		d <- as.Date(d, tz = attr(d, "tzone") %||% "")
	if (inherits(d, "Date"))
		days <- as.double(floor(unclass(d)))
	else if (is.character(d) || is.factor(d)) {
		d <- as.character(d)
		u <- unique(d[!is.na(d)])
		parsed <- vapply(u, function(s) {
			r <- C_date_parse(s)
			if (!identical(as.integer(r[[1L]]), 0L))  # the library's status (CSEG_E_FORMAT)
				stop(.cseg_condition(r[[1L]], sprintf("%s: %s at position %d is not a date (YYYY-MM-DD or YYYYMMDD)",
					what, sQuote(s, FALSE), match(s, d)), .user_call()))
			r[[2L]]
		}, 0, USE.NAMES = FALSE)
		days <- parsed[match(d, u)]
	} else if (is.numeric(d) && !is.object(d)) {
		days <- as.double(d)
	} else {
		.cseg_invalid("%s must be Date, POSIXct or character dates, not %s", what,
			paste(class(d), collapse = "/"))
	}
	if (anyNA(days))
		.cseg_invalid("%s holds NA at position %d", what, which(is.na(days))[1L])
	days
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# A data.frame column chosen by name or 1-based position.
.pick <- function(data, col, what, optional = FALSE) {
	if (is.null(col)) {
		if (optional)
			return(NULL)
		.cseg_invalid("%s: a column name or position is required", what)
	}
	if (!(is.character(col) || is.numeric(col)) || length(col) != 1L || is.na(col))
		.cseg_invalid("%s must be one column name or position", what)
	if (is.character(col) && !col %in% names(data))
		.cseg_invalid("%s: no column %s in the data (columns: %s)", what, sQuote(col, FALSE),
			paste(names(data), collapse = ", "))
	if (is.numeric(col) && (col != round(col) || col < 1 || col > ncol(data)))
		.cseg_invalid("%s: column position %s is not in 1..%d", what, format(col), ncol(data))
	data[[col]]
}

# The validated columns of a data.frame of orders.
.orders <- function(data, id, date, amount, quantity) {
	if (!is.data.frame(data))
		.cseg_invalid("data must be a data.frame of orders, not %s",
			paste(class(data), collapse = "/"))
	if (nrow(data) < 1L)
		.cseg_invalid("data has no rows")
	ids <- .pick(data, id, "id")
	if (anyNA(ids))
		.cseg_invalid("id holds NA at row %d", which(is.na(ids))[1L])
	days <- .days(.pick(data, date, "date"), "date")
	amounts <- .pick(data, amount, "amount")
	if (!is.numeric(amounts))
		.cseg_invalid("amount must be numeric, not %s", paste(class(amounts), collapse = "/"))
	if (anyNA(amounts))
		.cseg_invalid("amount holds NA/NaN at row %d", which(is.na(amounts))[1L])
	qty <- .pick(data, quantity, "quantity", optional = TRUE)
	if (!is.null(qty) && !is.numeric(qty))
		.cseg_invalid("quantity must be numeric, not %s", paste(class(qty), collapse = "/"))
	list(ids = as.character(ids), days = days, amounts = as.double(amounts),
		quantities = if (is.null(qty)) NULL else as.double(qty))
}

# A transactions handle, built by the library, which validates every row
# (finite amounts, dates in years 1..9999).
.tx_handle <- function(o) {
	.cseg_check(C_transactions_new(o$ids, as.double(o$days), o$amounts, o$quantities))
}

cseg_transactions <- function(data, id = "id", date = "date", amount = "amount",
		quantity = NULL) {
	if (inherits(data, "cseg_transactions"))
		return(data)
	o <- .orders(data, id, date, amount, quantity)
	tx <- .tx_handle(o)
	on.exit(C_handle_free(tx))
	.transactions_from_handle(tx, has_quantity = !is.null(o$quantities))
}

# A transactions handle for a cseg_transactions object or a data.frame of
# orders (with the column arguments of cseg_transactions()).
.tx_handle_of <- function(transactions, id = "id", date = "date", amount = "amount",
		quantity = NULL) {
	if (inherits(transactions, "cseg_transactions"))
		return(.tx_handle(.orders(transactions, "id", "date", "amount",
			if (is.null(transactions$quantity)) NULL else "quantity")))
	.tx_handle(.orders(transactions, id, date, amount, quantity))
}

print.cseg_transactions <- function(x, n = 6L, ...) {
	nc <- length(unique(x$id))
	cat("cseg transactions: ", nrow(x), " purchases by ", nc, " customers",
		sep = "")
	if (nrow(x) > 0L)
		cat(", ", format(min(x$date)), " .. ", format(max(x$date)), sep = "")
	skipped <- attr(x, "n_skipped")
	if (!is.null(skipped) && skipped > 0)
		cat(" (", skipped, " malformed rows skipped)", sep = "")
	cat("\n")
	print(.unclass_tx(x)[seq_len(min(n, nrow(x))), , drop = FALSE], ...)
	if (nrow(x) > n)
		cat("... ", nrow(x) - n, " more rows\n", sep = "")
	invisible(x)
}

.unclass_tx <- function(x) {
	class(x) <- "data.frame"
	attr(x, "n_skipped") <- NULL
	x
}
