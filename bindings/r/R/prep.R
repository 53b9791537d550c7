# cseg_prep(): preprocessing fitted once and applied again (missing values,
# log1p, scaling, column weights, one-hot codes) by the C library's cseg_prep,
# and the object cseg_kmeans(prep = ) fits with the model. Settings are kept
# as an R list (the spec) so that a model can configure its own copy; the
# fitted state as the C encoding (bytes), so predict() works after readRDS.

.prep_missing <- function() {
	c(error = cseg_missing_CSEG_MISSING_ERROR_get(),
		mean = cseg_missing_CSEG_MISSING_MEAN_get(),
		median = cseg_missing_CSEG_MISSING_MEDIAN_get(),
		constant = cseg_missing_CSEG_MISSING_CONSTANT_get(),
		drop = cseg_missing_CSEG_MISSING_DROP_ROW_get(),
		indicator = cseg_missing_CSEG_MISSING_INDICATOR_get())
}

.prep_scalers <- function() {
	c(none = cseg_transform_CSEG_TRANSFORM_NONE_get(),
		zscore = cseg_transform_CSEG_TRANSFORM_ZSCORE_get(),
		minmax = cseg_transform_CSEG_TRANSFORM_MINMAX_get(),
		robust = cseg_transform_CSEG_TRANSFORM_ROBUST_get())
}

.prep_missing_code <- function(v, what) {
	codes <- .prep_missing()
	if (!is.character(v) || length(v) != 1L || is.na(v) || !(v %in% names(codes)))
		.cseg_invalid("%s: missing must be one of %s", what,
			paste(dQuote(names(codes), FALSE), collapse = ", "))
	codes[[v]]
}

# "log1p+zscore" -> LOG1P | ZSCORE.
.prep_transform_code <- function(v, what) {
	if (is.null(v))
		return(0L)
	if (!is.character(v) || length(v) != 1L || is.na(v))
		.cseg_invalid("%s: transform must be one string such as \"log1p+zscore\"", what)
	scalers <- .prep_scalers()
	code <- 0L
	n_scalers <- 0L
	for (part in strsplit(tolower(gsub(" ", "", v)), "+", fixed = TRUE)[[1L]]) {
		if (part == "log1p") {
			code <- bitwOr(code, cseg_transform_CSEG_TRANSFORM_LOG1P_get())
		} else if (part %in% names(scalers)) {
			if (part != "none")
				n_scalers <- n_scalers + 1L
			code <- bitwOr(code, scalers[[part]])
		} else {
			.cseg_invalid("%s: unknown transform \"%s\" (use \"log1p\", one of %s, or both joined by \"+\")",
				what, part, paste(names(scalers), collapse = ", "))
		}
	}
	if (n_scalers > 1L)
		.cseg_invalid("%s: transform \"%s\" names two scalers", what, v)
	code
}

# A new unfitted C handle configured by the spec.
.prep_configure <- function(spec) {
	h <- .cseg_check(C_prep_new())
	ok <- FALSE
	on.exit(if (!ok) C_handle_free(h))
	if (identical(spec$missing, "constant"))
		.cseg_invalid("missing: \"constant\" is per column (columns = list(name = list(missing = \"constant\", fill = ...)))")
	dm <- .prep_missing_code(spec$missing, "missing")
	dt <- .prep_transform_code(spec$transform, "transform")
	.cseg_check(C_prep_set_default(h, dm, dt))
	for (name in names(spec$columns)) {
		s <- spec$columns[[name]]
		what <- sprintf("columns$%s", name)
		bad <- setdiff(names(s), c("missing", "transform", "weight", "fill"))
		if (length(bad))
			.cseg_invalid("%s: unknown setting(s) %s (use missing, transform, weight, fill)", what,
				paste(bad, collapse = ", "))
		miss <- .prep_missing_code(if (is.null(s$missing)) spec$missing else s$missing, what)
		tr <- if (!is.null(s$transform)) .prep_transform_code(s$transform, what)
			else if (name %in% spec$categorical) 0L else dt
		weight <- if (is.null(s$weight)) 1 else s$weight
		fill <- if (is.null(s$fill)) 0 else s$fill
		if (!is.numeric(weight) || length(weight) != 1L)
			.cseg_invalid("%s: weight must be one number >= 0", what)
		if (!is.numeric(fill) || length(fill) != 1L)
			.cseg_invalid("%s: fill must be one number", what)
		if (identical(s$missing, "constant") && is.null(s$fill))
			.cseg_invalid("%s: missing = \"constant\" needs fill", what)
		res <- C_prep_set_column(h, name, miss, fill, tr, weight)
		if (!identical(as.integer(res[[1L]]), 0L))
			.cseg_invalid("%s: %s", what, C_last_error())
	}
	for (name in spec$categorical)
		.cseg_check(C_prep_set_categorical(h, name))
	ok <- TRUE
	h
}

.prep_spec <- function(missing, transform, columns, categorical) {
	if (!is.list(columns) || (length(columns) && (is.null(names(columns)) || any(!nzchar(names(columns))))))
		.cseg_invalid("columns must be a named list: columns = list(name = list(missing = , transform = , weight = ))")
	for (name in names(columns))
		if (!is.list(columns[[name]]))
			.cseg_invalid("columns$%s must be a list of settings", name)
	if (!is.null(categorical) && (!is.character(categorical) || anyNA(categorical)))
		.cseg_invalid("categorical must be NULL or a character vector of column names")
	if (is.null(transform))
		transform <- "none"
	list(missing = missing, transform = transform, columns = columns,
		categorical = as.character(categorical))
}

# Transform matrix m with a fitted handle: the kept rows (rownames kept),
# with the report.
.prep_apply <- function(h, m) {
	n <- nrow(m)
	rn <- rownames(m)
	rownames(m) <- as.character(seq_len(n))
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	res <- .cseg_check(C_prep_transform(h, ds))
	out <- res[[1L]]
	on.exit(C_handle_free(out), add = TRUE)
	nr <- C_dataset_n_rows(out)
	nc <- C_dataset_n_cols(out)
	kept <- as.integer(vapply(seq_len(nr) - 1, function(i) C_dataset_id(out, i), ""))
	x <- matrix(.cseg_check(C_dataset_copy_data(out, nr * nc)), nrow = nr, ncol = nc, byrow = TRUE,
		dimnames = list(if (is.null(rn)) NULL else rn[kept],
			vapply(seq_len(nc) - 1, function(j) C_dataset_column_name(out, j), "")))
	inputs <- .prep_names(h, C_prep_n_inputs, C_prep_input_name)
	list(x = x, kept = kept, n_dropped = res[[2L]],
		n_imputed = vapply(inputs, function(c) C_prep_n_imputed(h, c), 0),
		n_unseen = vapply(inputs, function(c) C_prep_n_unseen(h, c), 0))
}

.prep_names <- function(h, count, name) {
	vapply(seq_len(count(h)) - 1, function(j) name(h, j), "")
}

# The fitted object from a fitted handle (which it keeps).
.prep_object <- function(h, spec) {
	inputs <- .prep_names(h, C_prep_n_inputs, C_prep_input_name)
	stat <- function(key) vapply(inputs, function(c) .cseg_check(C_prep_get_stat(h, c, key)), 0)
	stats <- data.frame(
		fill = stat(cseg_prep_stat_CSEG_PREP_STAT_FILL_get()),
		center = stat(cseg_prep_stat_CSEG_PREP_STAT_CENTER_get()),
		scale = stat(cseg_prep_stat_CSEG_PREP_STAT_SCALE_get()),
		weight = stat(cseg_prep_stat_CSEG_PREP_STAT_WEIGHT_get()),
		levels = as.integer(stat(cseg_prep_stat_CSEG_PREP_STAT_N_LEVELS_get())),
		row.names = inputs)
	structure(class = "cseg_prep", list(
		spec = spec, fitted = TRUE, inputs = inputs,
		outputs = .prep_names(h, C_prep_n_outputs, C_prep_output_name),
		stats = stats, bytes = .cseg_check(C_prep_save_buffer(h)),
		handle = .new_handle_env(h)))
}

cseg_prep <- function(x = NULL, missing = "error", transform = "none", columns = list(),
		categorical = NULL) {
	spec <- .prep_spec(missing, transform, columns, categorical)
	h <- .prep_configure(spec)
	if (is.null(x)) {
		C_handle_free(h)
		return(structure(class = "cseg_prep", list(spec = spec, fitted = FALSE)))
	}
	m <- .feature_matrix(x)
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	res <- C_prep_fit(h, ds)
	if (!identical(as.integer(res[[1L]]), 0L)) {
		st <- res[[1L]]
		msg <- C_last_error()
		C_handle_free(h)
		stop(.cseg_condition(st, paste0(C_status_str(as.integer(st)), ": ", msg), .user_call()))
	}
	obj <- .prep_object(h, spec)
	t <- .prep_apply(h, m)
	obj$x <- t$x
	obj$kept <- t$kept
	obj$n_dropped <- t$n_dropped
	obj$n_imputed <- t$n_imputed
	obj$n_unseen <- t$n_unseen
	obj
}

# The C handle of a fitted object, rebuilt from its bytes after readRDS.
.prep_handle <- function(object) {
	if (!isTRUE(object$fitted))
		stop(.cseg_condition(cseg_status_CSEG_E_NOT_FITTED_get(),
			"the cseg_prep is not fitted: give x to cseg_prep()", .user_call()))
	env <- object$handle
	if (is.environment(env) && isTRUE(C_handle_valid(env$ptr)))
		return(env$ptr)
	ptr <- .cseg_check(C_prep_load_buffer(object$bytes))
	if (is.environment(env))
		env$ptr <- ptr
	ptr
}

predict.cseg_prep <- function(object, newdata, ...) {
	if (missing(newdata)) {
		if (is.null(object$x))
			.cseg_invalid("newdata is required")
		return(object$x)
	}
	h <- .prep_handle(object)
	m <- .feature_matrix(newdata, "newdata")
	if (is.null(colnames(m)) && ncol(m) == length(object$inputs))
		colnames(m) <- object$inputs
	t <- .prep_apply(h, m)
	structure(t$x, kept = t$kept, n_dropped = t$n_dropped, n_imputed = t$n_imputed,
		n_unseen = t$n_unseen)
}

print.cseg_prep <- function(x, ...) {
	if (!isTRUE(x$fitted)) {
		cat("cseg preprocessing (not fitted): missing = \"", x$spec$missing, "\", transform = \"",
			x$spec$transform, "\"", if (length(x$spec$columns)) paste0(", ", length(x$spec$columns),
			" column setting(s)"), if (length(x$spec$categorical)) paste0(", categorical: ",
			paste(x$spec$categorical, collapse = ", ")), "\n", sep = "")
		return(invisible(x))
	}
	cat("cseg preprocessing: ", length(x$inputs), " input columns -> ", length(x$outputs),
		" output columns\n", sep = "")
	print(x$stats, ...)
	if (!is.null(x$n_dropped))
		cat("Training rows dropped: ", x$n_dropped, "; cells imputed: ", sum(x$n_imputed), "\n", sep = "")
	invisible(x)
}

# The raw columns a k-means model takes: its preprocessing's inputs, or the
# centres' columns without one (a 0-row template for .align_columns).
.model_input_template <- function(object) {
	h <- .cseg_check(C_model_get_prep(.model_handle(object)))
	if (is.null(h))
		return(object$centers)
	on.exit(C_handle_free(h))
	inputs <- .prep_names(h, C_prep_n_inputs, C_prep_input_name)
	matrix(0, 0L, length(inputs), dimnames = list(NULL, inputs))
}
