# cseg_dbscan(): density-based clustering through the C library, shaped like
# dbscan::dbscan (cluster 0 = noise, 1..k clusters, minPts).

cseg_dbscan <- function(x, eps = 0.5, minPts = 5, weights = NULL) {
	m <- .feature_matrix(x)
	if (!is.numeric(eps) || length(eps) != 1L || is.na(eps) || !is.finite(eps) || eps <= 0)
		.cseg_invalid("eps must be one finite number > 0")
	minPts <- .whole_number(minPts, "minPts")
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	model <- .cseg_check(C_model_new(cseg_algo_CSEG_ALGO_DBSCAN_get()))
	.cseg_check(C_model_set_double(model, cseg_param_CSEG_PARAM_DBSCAN_EPS_get(), eps))
	.cseg_check(C_model_set_int(model, cseg_param_CSEG_PARAM_DBSCAN_MIN_SAMPLES_get(), minPts))
	if (is.null(weights)) {
		.cseg_check(C_model_fit(model, ds))
	} else {
		if (!is.numeric(weights))
			.cseg_invalid("weights must be numeric")
		.cseg_check(C_model_fit_weighted(model, ds, as.double(weights)))
	}
	fit <- .dbscan_object(model)
	fit$cluster <- as.integer(.cseg_check(C_model_get_labels(model, nrow(m)))) + 1L
	names(fit$cluster) <- rownames(m)
	fit$isseed <- seq_len(nrow(m)) %in% fit$core_sample_indices
	fit$call <- match.call()
	fit
}

.dbscan_object <- function(model) {
	f <- .model_fields(model)
	shape <- .cseg_check(C_model_array_shape(model, "components"))
	n_core <- shape[[1]]
	d <- ncol(f$centers)
	core <- .cseg_check(C_model_get_array(model, "core_sample_indices", n_core))
	structure(class = "cseg_dbscan", list(
		cluster = NULL,
		eps = .model_double(model, cseg_param_CSEG_PARAM_DBSCAN_EPS_get()),
		minPts = .model_int(model, cseg_param_CSEG_PARAM_DBSCAN_MIN_SAMPLES_get()),
		core_sample_indices = as.integer(core) + 1L,
		components = matrix(.cseg_check(C_model_get_array(model, "components", n_core * d)),
			nrow = n_core, ncol = d, byrow = TRUE, dimnames = list(NULL, colnames(f$centers))),
		centers = f$centers,
		inertia = f$inertia,
		model = f$model,
		handle = f$handle))
}

print.cseg_dbscan <- function(x, ...) {
	cat(sprintf("cseg DBSCAN: eps = %g, minPts = %d, %d clusters, %d core points\n",
		x$eps, as.integer(x$minPts), nrow(x$centers), length(x$core_sample_indices)))
	if (!is.null(x$cluster)) {
		cat(sprintf("noise points: %d of %d\n", sum(x$cluster == 0L), length(x$cluster)))
		print(table(cluster = x$cluster))
	}
	invisible(x)
}

# New customers join the cluster of the nearest core point within eps; 0 is
# noise, as dbscan::predict. type = "details" gives one row per customer
# (cluster NA for noise, distance, margin, runner-up, confidence, borderline).
predict.cseg_dbscan <- function(object, newdata, type = c("class", "details"), ...) {
	type <- match.arg(type)
	if (missing(newdata)) {
		if (type == "details")
			.cseg_invalid("type = \"details\" needs newdata")
		if (is.null(object$cluster))
			.cseg_invalid("newdata is required for a model loaded from file")
		return(object$cluster)
	}
	m <- .align_columns(.feature_matrix(newdata, "newdata"), object$centers)
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	a <- .cseg_check(C_model_assign(.model_handle(object), ds))
	on.exit(C_handle_free(a), add = TRUE)
	cluster <- as.integer(.cseg_check(C_assignment_get_labels(a, nrow(m)))) + 1L
	names(cluster) <- rownames(m)
	if (type == "class")
		return(cluster)
	.assignment_details(a, cluster, rownames(m))
}

# A DBSCAN model from a file written by cseg_save() or any cseg binding.
cseg_load_dbscan <- function(path) {
	if (!is.character(path) || length(path) != 1L || is.na(path))
		.cseg_invalid("path must be one file name")
	model <- .cseg_check(C_model_load(path.expand(path)))
	if (.model_int(model, cseg_result_CSEG_RESULT_ALGO_get()) != cseg_algo_CSEG_ALGO_DBSCAN_get())
		.cseg_invalid("%s does not hold a DBSCAN model", path)
	.dbscan_object(model)
}
