# S3 methods for "cseg_clv" fits (BG/NBD, Pareto/NBD, Gamma-Gamma).

print.cseg_clv <- function(x, digits = max(3L, getOption("digits") - 3L), ...) {
	cat(.clv_label(x$kind), " model (cseg)", sep = "")
	if (isTRUE(x$fitted)) {
		cat(", fitted on ", x$n_obs, " customers", sep = "")
		if (!is.null(x$unit))
			cat(", times in ", x$unit, sep = "")
	} else {
		cat(" with given parameters")
	}
	cat("\n\nCoefficients:\n")
	print(signif(x$coefficients, digits), ...)
	if (isTRUE(x$fitted))
		cat(sprintf("\nLog-likelihood %s, %d iterations\n",
			format(x$loglik, nsmall = 2), as.integer(x$n_iter)))
	invisible(x)
}

summary.cseg_clv <- function(object, ...) {
	tab <- cbind(Estimate = object$coefficients, `Std. Error` = object$std_errors)
	ll <- if (isTRUE(object$fitted)) logLik(object) else NULL
	structure(class = "summary.cseg_clv", list(
		kind = object$kind,
		coefficients = tab,
		loglik = object$loglik,
		aic = if (is.null(ll)) NA_real_ else stats::AIC(ll),
		bic = if (is.null(ll)) NA_real_ else stats::BIC(ll),
		n_obs = object$n_obs,
		n_iter = object$n_iter,
		grad_norm = object$grad_norm,
		correlation = object$correlation,
		fitted = object$fitted,
		unit = object$unit))
}

print.summary.cseg_clv <- function(x, digits = max(3L, getOption("digits") - 3L), ...) {
	cat(.clv_label(x$kind), " model (cseg)\n", sep = "")
	if (isTRUE(x$fitted))
		cat("Customers: ", x$n_obs, if (!is.null(x$unit)) paste0(", times in ", x$unit),
			"\n", sep = "")
	cat("\n")
	print(signif(x$coefficients, digits), ...)
	if (isTRUE(x$fitted)) {
		cat(sprintf("\nLog-likelihood: %s   AIC: %s   BIC: %s\n",
			format(x$loglik, nsmall = 2), format(x$aic, nsmall = 2), format(x$bic, nsmall = 2)))
		cat(sprintf("BFGS iterations: %d, final gradient norm %.2g\n",
			as.integer(x$n_iter), x$grad_norm))
		if (!is.null(x$correlation))
			cat(sprintf("Correlation of x and zbar: %.3f (the model assumes none)\n",
				x$correlation))
	} else {
		cat("\nParameters given, not estimated: no standard errors or likelihood.\n")
	}
	invisible(x)
}

coef.cseg_clv <- function(object, ...) object$coefficients

logLik.cseg_clv <- function(object, ...) {
	structure(object$loglik, df = length(object$coefficients), nobs = object$n_obs,
		class = "logLik")
}

nobs.cseg_clv <- function(object, ...) object$n_obs

# Columns of newdata for a prediction, named after the customers.
.newdata <- function(object, newdata, cols, type) {
	if (is.null(newdata))
		newdata <- object$data
	if (!is.data.frame(newdata))
		.cseg_invalid("newdata must be a data.frame with columns %s", paste(cols, collapse = ", "))
	if (!all(cols %in% names(newdata)))
		.cseg_invalid("type = \"%s\" needs newdata with columns %s", type,
			paste(cols, collapse = ", "))
	.clv_data(newdata, list(), cols)
}

.named <- function(v, d) {
	names(v) <- if (.row_names_info(d) > 0L) rownames(d) else NULL
	v
}

.one_number <- function(v, what) {
	if (!is.numeric(v) || length(v) != 1L || is.na(v))
		.cseg_invalid("%s must be one number", what)
	as.double(v)
}

predict.cseg_clv <- function(object, newdata = NULL,
		type = c("expected", "alive", "pmf", "spend", "clv", "unconditional"),
		t = NULL, n = NULL, spend_model = NULL, periods = 12, period_length = 4.345,
		discount_rate = 0.01, margin = 1, ...) {
	type <- match.arg(type)
	purchase <- object$kind != "gamma_gamma"
	if (type == "spend" && purchase)
		.cseg_invalid("type = \"spend\" needs a Gamma-Gamma model (cseg_gamma_gamma)")
	if (type != "spend" && !purchase)
		.cseg_invalid("type = \"%s\" needs a BG/NBD or Pareto/NBD model; a Gamma-Gamma model predicts \"spend\"", type)
	model <- .clv_handle(object)
	switch(type,
		expected = {
			d <- .newdata(object, newdata, c("x", "t_x", "T"), type)
			t <- .one_number(t, "t (the horizon)")
			.named(.cseg_check(C_clv_expected_purchases(model, t, d$x, d$t_x, d$T)), d)
		},
		alive = {
			d <- .newdata(object, newdata, c("x", "t_x", "T"), type)
			.named(.cseg_check(C_clv_prob_alive(model, d$x, d$t_x, d$T)), d)
		},
		pmf = {
			t <- .one_number(t, "t (the period length)")
			if (!is.numeric(n) || length(n) < 1L)
				.cseg_invalid("n must be the purchase counts, e.g. 0:10")
			p <- .cseg_check(C_clv_prob_n_purchases(model, t, as.double(n)))
			stats::setNames(p, n)
		},
		unconditional = {
			if (!is.numeric(t) || length(t) < 1L)
				.cseg_invalid("t must be one or more horizons")
			.cseg_check(C_clv_expected_purchases_new(model, as.double(t)))
		},
		spend = {
			d <- .newdata(object, newdata, c("x", "zbar"), type)
			.named(.cseg_check(C_clv_expected_spend(model, d$x, d$zbar)), d)
		},
		clv = {
			d <- .newdata(object, newdata, c("x", "t_x", "T", "zbar"), type)
			sm <- NULL
			if (!is.null(spend_model)) {
				if (!inherits(spend_model, "cseg_gamma_gamma"))
					.cseg_invalid("spend_model must be a cseg_gamma_gamma fit or NULL")
				sm <- .clv_handle(spend_model)
			}
			periods <- .whole_number(periods, "periods")
			.named(.cseg_check(C_clv_value(model, sm, periods,
				.one_number(period_length, "period_length"),
				.one_number(discount_rate, "discount_rate"), .one_number(margin, "margin"),
				d$x, d$t_x, d$T, d$zbar)), d)
		})
}

cseg_clv_compare <- function(object, data, n_buckets = 8, holdout_length = NULL) {
	if (!inherits(object, "cseg_clv") || object$kind == "gamma_gamma")
		.cseg_invalid("object must be a cseg_bgnbd or cseg_pareto_nbd fit")
	if (missing(data))
		.cseg_invalid("data is required: a summary with a holdout period (cseg_clv_summary(..., holdout_end = ))")
	d <- .newdata(object, data, c("x", "t_x", "T"), "compare")
	if (!"x_holdout" %in% names(data))
		.cseg_invalid("data has no x_holdout column: summarise with a holdout_end")
	if (is.null(holdout_length))
		holdout_length <- attr(data, "holdout_length")
	holdout_length <- .one_number(holdout_length, "holdout_length")
	n_buckets <- .whole_number(n_buckets, "n_buckets")
	res <- .cseg_check(C_clv_holdout_compare(.clv_handle(object), n_buckets, holdout_length,
		d$x, d$t_x, d$T, as.double(data$x_holdout)))
	k <- seq_len(n_buckets) - 1L
	labels <- as.character(k)
	labels[n_buckets] <- paste0(n_buckets - 1L, "+")
	out <- data.frame(x = factor(labels, levels = labels), n = res[[3L]],
		actual = res[[1L]], predicted = res[[2L]])
	attr(out, "holdout_length") <- holdout_length
	out
}
