# cseg_gmm(): Gaussian mixtures fitted by EM in the C library (the updates
# of sklearn's GaussianMixture, so fits from the same start agree).

.gmm_covs <- c(full = 0L, tied = 1L, diag = 2L, spherical = 3L)
.gmm_inits <- c(kmeans = 0L, "k-means++" = 1L, random = 2L, random_from_data = 3L)

cseg_gmm <- function(x, k, covariance = c("full", "tied", "diag", "spherical"),
		init = c("kmeans", "k-means++", "random", "random_from_data"), nstart = 1,
		iter.max = 100, tol = 1e-3, reg_covar = 1e-6, seed = NULL, weights = NULL,
		weights_init = NULL, means_init = NULL, precisions_init = NULL) {
	m <- .feature_matrix(x)
	covariance <- match.arg(covariance)
	init <- match.arg(init)
	if (missing(k))
		.cseg_invalid("k (the number of components) is missing")
	k <- .whole_number(k, "k")
	nstart <- .whole_number(nstart, "nstart")
	iter.max <- .whole_number(iter.max, "iter.max")
	if (is.null(seed))
		seed <- sample.int(.Machine$integer.max, 1L)
	seed <- .whole_number(seed, "seed", min = 0)
	for (v in list(tol = tol, reg_covar = reg_covar))
		if (!is.numeric(v) || length(v) != 1L || is.na(v))
			.cseg_invalid("tol and reg_covar must be single numbers >= 0")

	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	model <- .cseg_check(C_model_new(cseg_algo_CSEG_ALGO_GMM_get()))
	set_int <- function(key, v) .cseg_check(C_model_set_int(model, key, v))
	set_dbl <- function(key, v) .cseg_check(C_model_set_double(model, key, v))
	set_int(cseg_param_CSEG_PARAM_K_get(), k)
	set_int(cseg_param_CSEG_PARAM_GMM_COVARIANCE_TYPE_get(), .gmm_covs[[covariance]])
	set_int(cseg_param_CSEG_PARAM_GMM_INIT_PARAMS_get(), .gmm_inits[[init]])
	set_int(cseg_param_CSEG_PARAM_N_INIT_get(), nstart)
	set_int(cseg_param_CSEG_PARAM_MAX_ITER_get(), iter.max)
	set_int(cseg_param_CSEG_PARAM_SEED_get(), seed)
	set_dbl(cseg_param_CSEG_PARAM_TOL_get(), tol)
	set_dbl(cseg_param_CSEG_PARAM_GMM_REG_COVAR_get(), reg_covar)
	if (!is.null(weights_init) || !is.null(means_init) || !is.null(precisions_init)) {
		flat <- function(v) if (is.null(v)) double(0) else as.double(v)
		# means: k x d matrix, row-major in C; precisions: full as a d x d x k
		# array (R's layout), tied d x d, diag k x d, spherical k.
		mu <- if (is.null(means_init)) double(0) else as.double(t(as.matrix(means_init)))
		p <- precisions_init
		pc <- if (is.null(p)) double(0) else switch(covariance,
			full = as.double(aperm(array(p, dim = dim(p)), c(2, 1, 3))),
			tied = as.double(t(as.matrix(p))),
			diag = as.double(t(as.matrix(p))),
			spherical = as.double(p))
		.cseg_check(C_gmm_set_init(model, k, ncol(m), flat(weights_init), mu, pc))
	}
	if (is.null(weights)) {
		.cseg_check(C_model_fit(model, ds))
	} else {
		if (!is.numeric(weights))
			.cseg_invalid("weights must be numeric")
		.cseg_check(C_model_fit_weighted(model, ds, as.double(weights)))
	}
	fit <- .gmm_object(model)
	fit$cluster <- as.integer(.cseg_check(C_model_get_labels(model, nrow(m)))) + 1L
	names(fit$cluster) <- rownames(m)
	fit$call <- match.call()
	fit
}

.gmm_object <- function(model) {
	f <- .model_fields(model)
	k <- nrow(f$centers)
	d <- ncol(f$centers)
	arr <- function(name, n) .cseg_check(C_model_get_array(model, name, n))
	cov <- names(.gmm_covs)[arr("covariance_type", 1) + 1]
	size <- switch(cov, full = k * d * d, tied = d * d, diag = k * d, spherical = k)
	shape <- function(v) switch(cov,
		full = aperm(array(v, dim = c(d, d, k)), c(2, 1, 3)),
		tied = matrix(v, d, d, byrow = TRUE),
		diag = matrix(v, k, d, byrow = TRUE),
		spherical = v)
	structure(class = "cseg_gmm", list(
		weights = arr("weights", k),
		means = f$centers,
		covariances = shape(arr("covariances", size)),
		precisions_cholesky = shape(arr("precisions_cholesky", size)),
		covariance = cov,
		loglik = .model_double(model, cseg_result_CSEG_RESULT_GMM_LOWER_BOUND_get()),
		bic = .model_double(model, cseg_result_CSEG_RESULT_GMM_BIC_get()),
		aic = .model_double(model, cseg_result_CSEG_RESULT_GMM_AIC_get()),
		iter = f$iter,
		converged = f$converged,
		cluster = NULL,
		model = f$model,
		handle = f$handle))
}

print.cseg_gmm <- function(x, ...) {
	cat(sprintf("cseg Gaussian mixture: %d components, %s covariance, mean log-likelihood %.6g\n",
		length(x$weights), x$covariance, x$loglik))
	cat(sprintf("BIC %.6g, AIC %.6g, %d iterations%s\n", x$bic, x$aic, x$iter,
		if (x$converged) "" else " (not converged)"))
	invisible(x)
}

# type = "class": component (1-based); "prob": n x k posteriors;
# "loglik": per-row log-likelihood.
predict.cseg_gmm <- function(object, newdata, type = c("class", "prob", "loglik"), ...) {
	type <- match.arg(type)
	m <- .feature_matrix(newdata, "newdata")
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	model <- .model_handle(object)
	k <- length(object$weights)
	switch(type,
		class = {
			p <- .cseg_check(C_gmm_predict_proba(model, ds, nrow(m) * k))
			cl <- max.col(matrix(p, ncol = k, byrow = TRUE), ties.method = "first")
			names(cl) <- rownames(m)
			cl
		},
		prob = matrix(.cseg_check(C_gmm_predict_proba(model, ds, nrow(m) * k)), ncol = k,
			byrow = TRUE, dimnames = list(rownames(m), NULL)),
		loglik = .cseg_check(C_gmm_score_samples(model, ds, nrow(m))))
}
