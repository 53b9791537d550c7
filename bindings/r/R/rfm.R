# RFM analysis: recency, frequency and monetary scores, cells and named
# segments, computed by the C library. The result is plain data (a
# data.frame of class "cseg_rfm" with the cut points and segment sizes as
# attributes); the C handle lives only for the call.

.rfm_binnings <- function() {
	c(balanced = cseg_rfm_binning_CSEG_RFM_BINNING_BALANCED_get(),
		rank = cseg_rfm_binning_CSEG_RFM_BINNING_RANK_get())
}

.rfm_dims <- function() {
	c(recency = cseg_rfm_dim_CSEG_RFM_RECENCY_get(),
		frequency = cseg_rfm_dim_CSEG_RFM_FREQUENCY_get(),
		monetary = cseg_rfm_dim_CSEG_RFM_MONETARY_get())
}

# The three columns, from vectors or from a data.frame with columns
# recency, frequency and monetary (ids from an id column or the row names).
.rfm_data <- function(recency, frequency, monetary) {
	cols <- c("recency", "frequency", "monetary")
	if (is.data.frame(recency)) {
		if (!is.null(frequency) || !is.null(monetary))
			.cseg_invalid("give either a data.frame or the vectors recency, frequency, monetary, not both")
		df <- recency
		absent <- setdiff(cols, names(df))
		if (length(absent) > 0L)
			.cseg_invalid("the data has no column(s) %s (columns: %s)",
				paste(sQuote(absent, FALSE), collapse = ", "), paste(names(df), collapse = ", "))
		vals <- as.list(df[cols])
		ids <- if (!is.null(df$id)) as.character(df$id)
			else if (.row_names_info(df) > 0L) rownames(df) else NULL
	} else {
		vals <- list(recency = recency, frequency = frequency, monetary = monetary)
		absent <- vapply(vals, is.null, logical(1))
		if (any(absent))
			.cseg_invalid("%s is missing", cols[absent][1L])
		ids <- names(recency)
	}
	for (nm in cols) {
		v <- vals[[nm]]
		if (!(is.numeric(v) || is.logical(v)) || is.object(v))
			.cseg_invalid("%s must be numeric, not %s", nm, paste(class(v), collapse = "/"))
		if (length(v) < 1L)
			.cseg_invalid("%s is empty", nm)
		vals[[nm]] <- as.double(v)
	}
	lens <- lengths(vals)
	if (any(lens != lens[[1L]]))
		.cseg_invalid("recency, frequency, monetary have different lengths (%s)",
			paste(lens, collapse = ", "))
	list(values = vals, ids = if (length(ids) == lens[[1L]] && !anyDuplicated(ids)) ids)
}

.rfm_cuts_in <- function(rfm, cuts) {
	if (is.null(cuts))
		return(invisible())
	dims <- .rfm_dims()
	if (!is.list(cuts) || is.null(names(cuts)) || !all(names(cuts) %in% names(dims)))
		.cseg_invalid("cuts must be NULL or a list named by recency, frequency and/or monetary")
	for (nm in names(cuts)) {
		v <- cuts[[nm]]
		if (!is.numeric(v))
			.cseg_invalid("cuts$%s must be numeric", nm)
		.cseg_check(C_rfm_set_cuts(rfm, dims[[nm]], as.double(v)))
	}
}

cseg_rfm <- function(recency, frequency = NULL, monetary = NULL, n_bins = 5,
		binning = c("balanced", "rank"), cuts = NULL, segment_rules = NULL) {
	d <- .rfm_data(recency, frequency, monetary)
	if (!is.character(binning) || length(binning) < 1L || !binning[[1L]] %in% names(.rfm_binnings()))
		.cseg_invalid("binning must be \"balanced\" or \"rank\"")
	binning <- binning[[1L]]
	n_bins <- .whole_number(n_bins, "n_bins", min = 2)
	if (!is.null(segment_rules) && (!is.character(segment_rules) || anyNA(segment_rules)))
		.cseg_invalid("segment_rules must be NULL or rule text")

	rfm <- .cseg_check(C_rfm_new())
	on.exit(C_handle_free(rfm))
	.cseg_check(C_rfm_set_int(rfm, cseg_rfm_option_CSEG_RFM_N_BINS_get(), n_bins))
	.cseg_check(C_rfm_set_int(rfm, cseg_rfm_option_CSEG_RFM_BINNING_get(),
		.rfm_binnings()[[binning]]))
	.rfm_cuts_in(rfm, cuts)
	if (!is.null(segment_rules))
		.cseg_check(C_rfm_set_segment_rules(rfm, paste(segment_rules, collapse = "\n")))
	v <- d$values
	.cseg_check(C_rfm_compute(rfm, v$recency, v$frequency, v$monetary))

	n <- length(v$recency)
	dims <- .rfm_dims()
	score <- function(dim) as.integer(.cseg_check(C_rfm_get_scores(rfm, dim, n)))
	k <- C_rfm_n_segments(rfm)
	seg_names <- vapply(seq_len(k) - 1, function(j) C_rfm_segment_name(rfm, j), "")
	seg <- as.integer(.cseg_check(C_rfm_get_segments(rfm, n))) + 1L
	sizes <- .cseg_check(C_rfm_get_segment_sizes(rfm, k))
	names(sizes) <- seg_names
	cut_points <- matrix(unlist(lapply(names(dims), function(nm)
		.cseg_check(C_rfm_get_cuts(rfm, dims[[nm]], n_bins - 1)))), nrow = 3L, byrow = TRUE,
		dimnames = list(names(dims), paste0("bin", seq_len(n_bins - 1))))

	out <- data.frame(r_score = score(dims[["recency"]]), f_score = score(dims[["frequency"]]),
		m_score = score(dims[["monetary"]]),
		cell = as.integer(.cseg_check(C_rfm_get_cells(rfm, n))),
		segment = factor(seg_names[seg], levels = seg_names))
	if (!is.null(d$ids))
		rownames(out) <- d$ids
	attr(out, "cuts") <- cut_points
	attr(out, "segment_sizes") <- sizes
	attr(out, "n_bins") <- as.integer(n_bins)
	attr(out, "binning") <- binning
	class(out) <- c("cseg_rfm", "data.frame")
	out
}

cseg_rfm_default_rules <- function() {
	C_rfm_default_segment_rules()
}

print.cseg_rfm <- function(x, n = 6L, ...) {
	nb <- attr(x, "n_bins")
	cat("cseg RFM scores: ", nrow(x), " customers, ", nb %||% "?", " bins (",
		attr(x, "binning") %||% "?", ")\n", sep = "")
	cuts <- attr(x, "cuts")
	if (!is.null(cuts)) {
		cat("Cut points (largest value of each bin; recency in days, ascending):\n")
		print(cuts, ...)
	}
	sizes <- attr(x, "segment_sizes")
	if (!is.null(sizes)) {
		cat("Segment sizes:\n")
		print(sizes[sizes > 0], ...)
	}
	df <- x
	class(df) <- "data.frame"
	attr(df, "cuts") <- attr(df, "segment_sizes") <- NULL
	attr(df, "n_bins") <- attr(df, "binning") <- NULL
	print(df[seq_len(min(n, nrow(df))), , drop = FALSE], ...)
	if (nrow(df) > n)
		cat("... ", nrow(df) - n, " more customers\n", sep = "")
	invisible(x)
}
