# cseg_minibatch_kmeans(): mini-batch k-means through the C library (as
# sklearn.cluster.MiniBatchKMeans 1.2), returned in the layout of
# stats::kmeans() like cseg_kmeans(), so predict() and friends work on it.

cseg_minibatch_kmeans <- function(x, centers, batch.size = 1024, iter.max = 100, nstart = 3,
		seed = NULL, tol = 0, max.no.improvement = 10, init.size = NULL,
		reassignment.ratio = 0.01, weights = NULL) {
	m <- .feature_matrix(x)
	if (missing(centers))
		.cseg_invalid("centers is missing: give a number of clusters or a matrix of initial centres")
	batch.size <- .whole_number(batch.size, "batch.size")
	iter.max <- .whole_number(iter.max, "iter.max")
	nstart <- .whole_number(nstart, "nstart")
	if (is.null(seed))
		seed <- sample.int(.Machine$integer.max, 1L)
	seed <- .whole_number(seed, "seed", min = 0)
	mni <- if (is.null(max.no.improvement)) -1 else
		.whole_number(max.no.improvement, "max.no.improvement", min = 0)
	init.size <- if (is.null(init.size)) 0 else .whole_number(init.size, "init.size")
	for (v in list(list(tol, "tol"), list(reassignment.ratio, "reassignment.ratio")))
		if (!is.numeric(v[[1]]) || length(v[[1]]) != 1L || is.na(v[[1]]))
			.cseg_invalid("%s must be one number >= 0", v[[2]])

	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	model <- .cseg_check(C_model_new(cseg_algo_CSEG_ALGO_MINIBATCH_KMEANS_get()))
	set_int <- function(key, v) .cseg_check(C_model_set_int(model, key, v))
	if (is.matrix(centers) || is.data.frame(centers)) {
		.cseg_check(C_model_set_init_centers(model, .feature_matrix(centers, "centers")))
		nstart <- 1
	} else {
		set_int(cseg_param_CSEG_PARAM_K_get(), .whole_number(centers, "centers (the number of clusters)"))
	}
	set_int(cseg_param_CSEG_PARAM_N_INIT_get(), nstart)
	set_int(cseg_param_CSEG_PARAM_MAX_ITER_get(), iter.max)
	set_int(cseg_param_CSEG_PARAM_SEED_get(), seed)
	set_int(cseg_param_CSEG_PARAM_MB_BATCH_SIZE_get(), batch.size)
	set_int(cseg_param_CSEG_PARAM_MB_MAX_NO_IMPROVEMENT_get(), mni)
	set_int(cseg_param_CSEG_PARAM_MB_INIT_SIZE_get(), init.size)
	.cseg_check(C_model_set_double(model, cseg_param_CSEG_PARAM_TOL_get(), tol))
	.cseg_check(C_model_set_double(model, cseg_param_CSEG_PARAM_MB_REASSIGNMENT_RATIO_get(),
		reassignment.ratio))
	if (is.null(weights)) {
		.cseg_check(C_model_fit(model, ds))
	} else {
		if (!is.numeric(weights))
			.cseg_invalid("weights must be numeric")
		.cseg_check(C_model_fit_weighted(model, ds, as.double(weights)))
	}
	f <- .model_fields(model)
	k <- nrow(f$centers)
	cluster <- as.integer(.cseg_check(C_model_get_labels(model, nrow(m)))) + 1L
	names(cluster) <- rownames(m)
	withinss <- vapply(seq_len(k), function(j)
		sum(sweep(m[cluster == j, , drop = FALSE], 2, f$centers[j, ])^2), 0)
	totss <- sum(scale(m, center = TRUE, scale = FALSE)^2)
	state <- .cseg_check(C_model_get_array(model, "minibatch_state", 3))
	structure(class = c("cseg_minibatch_kmeans", "cseg_kmeans", "kmeans"), list(
		cluster = cluster,
		centers = f$centers,
		totss = totss,
		withinss = withinss,
		tot.withinss = sum(withinss),
		betweenss = totss - sum(withinss),
		size = tabulate(cluster, nbins = k),
		iter = f$iter,
		ifault = 0L,
		inertia = f$inertia,
		unconstrained.inertia = f$inertia,
		counts = .cseg_check(C_model_get_array(model, "counts", k)),
		n.steps = as.integer(state[[1]]),
		converged = f$converged,
		model = f$model,
		handle = f$handle))
}
