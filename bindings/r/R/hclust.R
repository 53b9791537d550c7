# cseg_hclust(): hierarchical agglomerative clustering through the C
# library, convertible to stats::hclust with as.hclust().

.hclust_linkages <- c(ward = 0L, complete = 1L, average = 2L, single = 3L)

cseg_hclust <- function(x, k = NULL, h = NULL, method = c("ward", "complete", "average", "single"),
		weights = NULL, micro_clusters = -1, max_memory_mb = 4096, seed = NULL) {
	m <- .feature_matrix(x)
	method <- match.arg(method)
	if (is.null(k) == is.null(h))
		.cseg_invalid("give exactly one of k (number of clusters) and h (cut height)")
	if (is.null(seed))
		seed <- sample.int(.Machine$integer.max, 1L)
	seed <- .whole_number(seed, "seed", min = 0)
	micro_clusters <- .whole_number(micro_clusters, "micro_clusters", min = -1)
	max_memory_mb <- .whole_number(max_memory_mb, "max_memory_mb")

	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	model <- .cseg_check(C_model_new(cseg_algo_CSEG_ALGO_HIERARCHICAL_get()))
	set_int <- function(key, v) .cseg_check(C_model_set_int(model, key, v))
	set_int(cseg_param_CSEG_PARAM_LINKAGE_get(), .hclust_linkages[[method]])
	if (!is.null(h)) {
		if (!is.numeric(h) || length(h) != 1L || is.na(h) || h <= 0)
			.cseg_invalid("h must be one number > 0")
		set_int(cseg_param_CSEG_PARAM_K_get(), 1)
		.cseg_check(C_model_set_double(model, cseg_param_CSEG_PARAM_CUT_HEIGHT_get(), h))
	} else {
		set_int(cseg_param_CSEG_PARAM_K_get(), .whole_number(k, "k"))
	}
	set_int(cseg_param_CSEG_PARAM_MICRO_CLUSTERS_get(), micro_clusters)
	set_int(cseg_param_CSEG_PARAM_MAX_MEMORY_MB_get(), max_memory_mb)
	set_int(cseg_param_CSEG_PARAM_SEED_get(), seed)
	if (is.null(weights)) {
		.cseg_check(C_model_fit(model, ds))
	} else {
		if (!is.numeric(weights))
			.cseg_invalid("weights must be numeric")
		.cseg_check(C_model_fit_weighted(model, ds, as.double(weights)))
	}
	fit <- .hclust_object(model, method)
	fit$cluster <- as.integer(.cseg_check(C_model_get_labels(model, nrow(m)))) + 1L
	names(fit$cluster) <- rownames(m)
	fit$labels <- if (fit$n_leaves == nrow(m)) rownames(m) else NULL
	fit$call <- match.call()
	fit
}

# R's merge matrix (negative: singleton, positive: earlier row) and the
# leaf order of a plot without crossings, from a SciPy linkage matrix.
.scipy_to_merge <- function(z) {
	n <- nrow(z) + 1L
	conv <- function(v) ifelse(v < n, -(v + 1), v - n + 1)
	merge <- cbind(as.integer(conv(z[, 1])), as.integer(conv(z[, 2])))
	order <- integer(0)
	stack <- nrow(merge)
	while (length(stack) > 0L) {
		top <- stack[length(stack)]
		stack <- stack[-length(stack)]
		if (top < 0L) {
			order <- c(order, -top)
		} else {
			stack <- c(stack, merge[top, 2], merge[top, 1])
		}
	}
	list(merge = merge, order = order)
}

.hclust_object <- function(model, method) {
	f <- .model_fields(model)
	merges <- f$iter
	z <- matrix(.cseg_check(C_model_get_array(model, "linkage", merges * 4)), ncol = 4, byrow = TRUE)
	mo <- if (merges > 0) .scipy_to_merge(z) else list(merge = matrix(0L, 0, 2), order = 1L)
	structure(class = "cseg_hclust", list(
		merge = mo$merge,
		height = z[, 3],
		order = mo$order,
		labels = NULL,
		method = method,
		dist.method = "euclidean",
		linkage = z,
		n_leaves = merges + 1L,
		centers = f$centers,
		inertia = f$inertia,
		cluster = NULL,
		model = f$model,
		handle = f$handle))
}

as.hclust.cseg_hclust <- function(x, ...) {
	structure(class = "hclust", list(
		merge = x$merge,
		height = x$height,
		order = x$order,
		labels = x$labels,
		method = if (x$method == "ward") "ward.D2" else x$method,
		call = x$call,
		dist.method = "euclidean"))
}

print.cseg_hclust <- function(x, ...) {
	cat(sprintf("cseg hierarchical clustering: %s linkage, %d leaves, %d segments\n",
		x$method, x$n_leaves, nrow(x$centers)))
	if (!is.null(x$cluster))
		print(table(segment = x$cluster))
	invisible(x)
}

# New customers go to the nearest segment centre (the tree is not extended).
predict.cseg_hclust <- function(object, newdata, ...) {
	m <- .feature_matrix(newdata, "newdata")
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	a <- .cseg_check(C_model_assign(.model_handle(object), ds))
	on.exit(C_handle_free(a), add = TRUE)
	cl <- as.integer(.cseg_check(C_assignment_get_labels(a, nrow(m)))) + 1L
	names(cl) <- rownames(m)
	cl
}

# The tree as JSON (schema in cseg_hierarchical.h).
cseg_write_dendrogram <- function(object, path, include_leaves = FALSE) {
	if (!inherits(object, "cseg_hclust"))
		.cseg_invalid("object must be a cseg_hclust fit")
	if (!is.character(path) || length(path) != 1L || is.na(path))
		.cseg_invalid("path must be one file name")
	.cseg_check(C_model_write_dendrogram(.model_handle(object), path.expand(path),
		as.integer(isTRUE(include_leaves))))
	invisible(path)
}
