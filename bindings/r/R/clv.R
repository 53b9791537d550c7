# Buy-till-you-die models fitted by the C library: BG/NBD and Pareto/NBD for
# purchases, Gamma-Gamma for spend. Results are S3 objects of class
# c("cseg_<kind>", "cseg_clv"), carrying their parameters so the C model is
# rebuilt after readRDS (the CLV model has no byte format; its parameters
# are all predictions need).

.clv_kinds <- function() {
	c(bgnbd = cseg_clv_kind_CSEG_CLV_BGNBD_get(),
		pareto_nbd = cseg_clv_kind_CSEG_CLV_PARETO_NBD_get(),
		gamma_gamma = cseg_clv_kind_CSEG_CLV_GAMMA_GAMMA_get())
}

.clv_label <- function(kind) {
	c(bgnbd = "BG/NBD", pareto_nbd = "Pareto/NBD", gamma_gamma = "Gamma-Gamma")[[kind]]
}

# Customer columns as a data.frame: from a summary (or any data.frame with
# those columns) passed as the first argument, or from vectors.
.clv_data <- function(x, rest, cols) {
	if (is.data.frame(x)) {
		if (length(rest) > 0L && any(!vapply(rest, is.null, logical(1))))
			.cseg_invalid("give either a data.frame or the vectors %s, not both",
				paste(cols, collapse = ", "))
		missing_cols <- setdiff(cols, names(x))
		if (length(missing_cols) > 0L)
			.cseg_invalid("the data has no column(s) %s", paste(sQuote(missing_cols, FALSE),
				collapse = ", "))
		# other customer columns ride along, so predict() can default to them
		keep <- c(cols, setdiff(intersect(c("x", "t_x", "T", "zbar"), names(x)), cols))
		keep <- keep[vapply(x[keep], is.numeric, logical(1)) | keep %in% cols]
		out <- as.list(x[keep])
		ids <- if (!is.null(x$id)) as.character(x$id)
			else if (.row_names_info(x) > 0L) rownames(x) else NULL
	} else {
		vals <- c(list(x), rest)
		names(vals) <- cols
		absent <- vapply(vals, is.null, logical(1))
		if (any(absent))
			.cseg_invalid("%s is missing", cols[absent][1L])
		out <- vals
		ids <- names(x)
	}
	for (nm in names(out)) {
		v <- out[[nm]]
		if (!is.numeric(v) && !is.logical(v))
			.cseg_invalid("%s must be numeric, not %s", nm, paste(class(v), collapse = "/"))
		if (length(v) < 1L)
			.cseg_invalid("%s is empty", nm)
		out[[nm]] <- as.double(v)
	}
	lens <- lengths(out[cols])
	if (any(lens != lens[[1L]]))
		.cseg_invalid("%s have different lengths (%s)", paste(cols, collapse = ", "),
			paste(lens, collapse = ", "))
	out <- as.data.frame(out, stringsAsFactors = FALSE)
	if (!is.null(ids) && length(ids) == nrow(out) && !anyDuplicated(ids))
		rownames(out) <- ids
	out
}

.clv_weights <- function(weights, n) {
	if (is.null(weights))
		return(NULL)
	if (!is.numeric(weights))
		.cseg_invalid("weights must be numeric")
	if (length(weights) != n)
		.cseg_invalid("weights has %d values for %d customers", length(weights), n)
	as.double(weights)
}

.clv_fit <- function(kind, data, weights, params, n_starts, max_iter, tol, seed, call, unit) {
	model <- .cseg_check(C_clv_model_new(.clv_kinds()[[kind]]))
	if (!is.null(params)) {
		if (!is.numeric(params))
			.cseg_invalid("params must be a numeric vector")
		.cseg_check(C_clv_model_set_params(model, as.double(params)))
	} else {
		set_int <- function(key, v) .cseg_check(C_clv_model_set_int(model, key, v))
		set_int(cseg_clv_key_CSEG_CLV_N_STARTS_get(), .whole_number(n_starts, "n_starts"))
		set_int(cseg_clv_key_CSEG_CLV_MAX_ITER_get(), .whole_number(max_iter, "max_iter"))
		set_int(cseg_clv_key_CSEG_CLV_SEED_get(), .whole_number(seed, "seed", min = 0))
		if (!is.numeric(tol) || length(tol) != 1L)
			.cseg_invalid("tol must be one number > 0")
		.cseg_check(C_clv_model_set_double(model, cseg_clv_key_CSEG_CLV_TOL_get(), tol))
		if (kind == "gamma_gamma")
			.cseg_check(C_clv_model_fit_spend(model, data$x, data$zbar, weights))
		else
			.cseg_check(C_clv_model_fit(model, data$x, data$t_x, data$T, weights))
	}
	.clv_object(model, kind, data, weights, call, fitted = is.null(params), unit = unit)
}

.clv_object <- function(model, kind, data, weights, call, fitted, unit) {
	k <- C_clv_model_n_params(model)
	pn <- vapply(seq_len(k) - 1, function(i) C_clv_model_param_name(model, i), "")
	coefs <- stats::setNames(.cseg_check(C_clv_model_get_params(model, k)), pn)
	se <- stats::setNames(.cseg_check(C_clv_model_get_std_errors(model, k)), pn)
	result <- function(getter, key) {
		if (!fitted)
			return(NA)
		.cseg_check(getter(model, key))
	}
	obj <- list(
		kind = kind,
		coefficients = coefs,
		std_errors = se,
		loglik = result(C_clv_model_get_double, cseg_clv_key_CSEG_CLV_LOGLIK_get()),
		n_obs = result(C_clv_model_get_int, cseg_clv_key_CSEG_CLV_N_OBS_get()),
		n_iter = result(C_clv_model_get_int, cseg_clv_key_CSEG_CLV_N_ITER_get()),
		grad_norm = result(C_clv_model_get_double, cseg_clv_key_CSEG_CLV_GRAD_NORM_get()),
		correlation = if (kind == "gamma_gamma")
			result(C_clv_model_get_double, cseg_clv_key_CSEG_CLV_CORRELATION_get()) else NULL,
		fitted = fitted,
		unit = unit,
		data = data,
		weights = weights,
		call = call,
		handle = .new_handle_env(model))
	structure(obj, class = c(paste0("cseg_", kind), "cseg_clv"))
}

# The live C model of a fit, rebuilt from its parameters when the pointer
# came back NULL from readRDS (R pitfall 3).
.clv_handle <- function(object) {
	env <- object$handle
	if (is.environment(env) && isTRUE(C_handle_valid(env$ptr)))
		return(env$ptr)
	if (!is.numeric(object$coefficients) || is.null(object$kind))
		.cseg_invalid("not a cseg CLV model: no parameters to rebuild from")
	ptr <- .cseg_check(C_clv_model_new(.clv_kinds()[[object$kind]]))
	.cseg_check(C_clv_model_set_params(ptr, as.double(object$coefficients)))
	if (is.environment(env))
		env$ptr <- ptr
	ptr
}

.unit_of <- function(x) if (is.data.frame(x)) attr(x, "unit") else NULL

cseg_bgnbd <- function(x, t_x = NULL, T = NULL, weights = NULL, params = NULL,
		n_starts = 4, max_iter = 500, tol = 1e-7, seed = 0) {
	data <- .clv_data(x, list(t_x, T), c("x", "t_x", "T"))
	.clv_fit("bgnbd", data, .clv_weights(weights, nrow(data)), params, n_starts, max_iter,
		tol, seed, match.call(), .unit_of(x))
}

cseg_pareto_nbd <- function(x, t_x = NULL, T = NULL, weights = NULL, params = NULL,
		n_starts = 4, max_iter = 500, tol = 1e-7, seed = 0) {
	data <- .clv_data(x, list(t_x, T), c("x", "t_x", "T"))
	.clv_fit("pareto_nbd", data, .clv_weights(weights, nrow(data)), params, n_starts, max_iter,
		tol, seed, match.call(), .unit_of(x))
}

cseg_gamma_gamma <- function(x, zbar = NULL, weights = NULL, params = NULL,
		n_starts = 4, max_iter = 500, tol = 1e-7, seed = 0) {
	data <- .clv_data(x, list(zbar), c("x", "zbar"))
	.clv_fit("gamma_gamma", data, .clv_weights(weights, nrow(data)), params, n_starts, max_iter,
		tol, seed, match.call(), .unit_of(x))
}
