# cseg_kmeans(): k-means through the C library, returned in the layout of
# stats::kmeans() so code written for "kmeans" objects keeps working.

.kmeans_methods <- function() {
	c(auto = cseg_kmeans_method_CSEG_KMEANS_AUTO_get(),
		lloyd = cseg_kmeans_method_CSEG_KMEANS_LLOYD_get(),
		hamerly = cseg_kmeans_method_CSEG_KMEANS_HAMERLY_get())
}

.whole_number <- function(v, name, min = 1) {
	if (!is.numeric(v) || length(v) != 1L || is.na(v) || v != round(v) || v < min)
		.cseg_invalid("%s must be a whole number >= %s", name, format(min))
	v
}

cseg_kmeans <- function(x, centers, nstart = 1, iter.max = 300, seed = NULL,
		algorithm = c("auto", "lloyd", "hamerly"), weights = NULL, tol = 1e-4,
		size.min = 0, size.max = 0, prep = NULL) {
	m <- .feature_matrix(x)
	if (!is.null(prep) && !inherits(prep, "cseg_prep"))
		.cseg_invalid("prep must be NULL or a cseg_prep object (see ?cseg_prep)")
	algorithm <- match.arg(algorithm)
	nstart <- .whole_number(nstart, "nstart")
	iter.max <- .whole_number(iter.max, "iter.max")
	if (is.null(seed))
		seed <- sample.int(.Machine$integer.max, 1L)
	seed <- .whole_number(seed, "seed", min = 0)
	if (!is.numeric(tol) || length(tol) != 1L || is.na(tol))
		.cseg_invalid("tol must be one number >= 0")
	if (missing(centers))
		.cseg_invalid("centers is missing: give a number of clusters or a matrix of initial centres")

	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	model <- .cseg_check(C_model_new(cseg_algo_CSEG_ALGO_KMEANS_get()))
	set_int <- function(key, v) .cseg_check(C_model_set_int(model, key, v))
	if (is.matrix(centers) || is.data.frame(centers)) {
		init <- .feature_matrix(centers, "centers")
		.cseg_check(C_model_set_init_centers(model, init))
		nstart <- 1
	} else {
		k <- .whole_number(centers, "centers (the number of clusters)")
		set_int(cseg_param_CSEG_PARAM_K_get(), k)
	}
	set_int(cseg_param_CSEG_PARAM_N_INIT_get(), nstart)
	set_int(cseg_param_CSEG_PARAM_MAX_ITER_get(), iter.max)
	set_int(cseg_param_CSEG_PARAM_SEED_get(), seed)
	set_int(cseg_param_CSEG_PARAM_KMEANS_METHOD_get(), .kmeans_methods()[[algorithm]])
	set_int(cseg_param_CSEG_PARAM_SIZE_MIN_get(), .whole_number(size.min, "size.min", min = 0))
	set_int(cseg_param_CSEG_PARAM_SIZE_MAX_get(), .whole_number(size.max, "size.max", min = 0))
	.cseg_check(C_model_set_double(model, cseg_param_CSEG_PARAM_TOL_get(), tol))
	if (!is.null(prep)) {
		# The model fits its own copy of the settings on the raw x.
		ph <- .prep_configure(prep$spec)
		.cseg_check(C_model_set_prep(model, ph))
		C_handle_free(ph)
	}

	if (is.null(weights)) {
		.cseg_check(C_model_fit(model, ds))
	} else {
		if (!is.numeric(weights))
			.cseg_invalid("weights must be numeric")
		.cseg_check(C_model_fit_weighted(model, ds, as.double(weights)))
	}
	.kmeans_object(model, ds, m)
}

.model_int <- function(model, key) .cseg_check(C_model_get_int(model, key))
.model_double <- function(model, key) .cseg_check(C_model_get_double(model, key))

# Centres (k x d, dimnames) of a fitted model handle.
.model_centers <- function(model) {
	k <- .model_int(model, cseg_result_CSEG_RESULT_N_CLUSTERS_get())
	d <- .model_int(model, cseg_result_CSEG_RESULT_N_FEATURES_get())
	values <- .cseg_check(C_model_get_centroids(model, k * d))
	features <- vapply(seq_len(d) - 1, function(j) {
		name <- C_model_feature_name(model, j)
		if (is.null(name)) NA_character_ else name
	}, "")
	matrix(values, nrow = k, ncol = d, byrow = TRUE,
		dimnames = list(as.character(seq_len(k)), features))
}

# The model's own description, shared by fitted and loaded objects.
.model_fields <- function(model) {
	list(centers = .model_centers(model),
		iter = as.integer(.model_int(model, cseg_result_CSEG_RESULT_N_ITER_get())),
		inertia = .model_double(model, cseg_result_CSEG_RESULT_INERTIA_get()),
		converged = .model_int(model, cseg_result_CSEG_RESULT_CONVERGED_get()) == 1,
		model = .cseg_check(C_model_save_buffer(model)),
		handle = .new_handle_env(model))
}

.kmeans_object <- function(model, ds, m, labels = NULL) {
	f <- .model_fields(model)
	k <- nrow(f$centers)
	n <- nrow(m)
	# The fit's own labels (they differ from the nearest centre under size
	# constraints); withinss from the rows themselves.
	if (is.null(labels))
		labels <- .cseg_check(C_model_get_labels(model, n))
	cluster <- as.integer(labels) + 1L
	cluster[cluster == 0L] <- NA_integer_  # left out by the preprocessing
	names(cluster) <- rownames(m)
	prep <- .cseg_check(C_model_get_prep(model))
	if (!is.null(prep)) {
		# Sums of squares in the space the centres live in: the rows the
		# model kept, preprocessed as in the fit.
		keep <- !is.na(cluster)
		m <- .prep_apply(prep, m[keep, , drop = FALSE])$x
		f$prep <- .prep_object(prep, NULL)
		cluster_kept <- cluster[keep]
	} else {
		cluster_kept <- cluster
	}
	withinss <- vapply(seq_len(k), function(j)
		sum(sweep(m[cluster_kept == j, , drop = FALSE], 2, f$centers[j, ])^2), 0)
	totss <- sum(scale(m, center = TRUE, scale = FALSE)^2)
	tot.withinss <- sum(withinss)
	structure(class = c("cseg_kmeans", "kmeans"), list(
		cluster = cluster,
		centers = f$centers,
		totss = totss,
		withinss = withinss,
		tot.withinss = tot.withinss,
		betweenss = totss - tot.withinss,
		size = tabulate(cluster_kept, nbins = k),
		iter = f$iter,
		ifault = 0L,
		inertia = f$inertia,
		unconstrained.inertia = .model_double(model,
			cseg_result_CSEG_RESULT_UNCONSTRAINED_INERTIA_get()),
		converged = f$converged,
		model = f$model,
		prep = f$prep,
		handle = f$handle))
}

# Merge segments with fewer than min.size of the rows of x into the segment
# with the nearest centre (post hoc); the fit is returned with the new
# clusters, renumbered largest first.
cseg_merge_small <- function(fit, x, min.size) {
	if (!inherits(fit, "cseg_kmeans"))
		.cseg_invalid("fit must be a cseg_kmeans fit")
	min.size <- .whole_number(min.size, "min.size")
	m <- .align_columns(.feature_matrix(x), .model_input_template(fit))
	model <- .model_handle(fit)
	copy <- .cseg_check(C_model_copy(model))
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	merged <- .cseg_check(C_model_merge_small_segments(copy, ds, min.size))
	a <- .cseg_check(C_model_assign(copy, ds))
	on.exit(C_handle_free(a), add = TRUE)
	out <- .kmeans_object(copy, ds, m, .cseg_check(C_assignment_get_labels(a, nrow(m))))
	out$merged <- as.integer(merged)
	out
}
