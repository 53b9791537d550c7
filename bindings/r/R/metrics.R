# Internal validity metrics, computed by the C library (they agree with
# sklearn.metrics). cluster may be any vector of ids (integers, factor,
# strings) or a cseg_kmeans fit.

.metric <- function(fn, x, cluster, ...) {
	m <- .feature_matrix(x)
	labels <- .labels(cluster, nrow(m))
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	.cseg_check(fn(ds, labels, ...))
}

cseg_silhouette <- function(x, cluster, sample_size = NULL, seed = 0) {
	sample_size <- if (is.null(sample_size)) 0 else .whole_number(sample_size, "sample_size", 2)
	seed <- .whole_number(seed, "seed", 0)
	.metric(C_metric_silhouette, x, cluster, sample_size, seed)
}

cseg_calinski_harabasz <- function(x, cluster) {
	.metric(C_metric_calinski_harabasz, x, cluster)
}

cseg_davies_bouldin <- function(x, cluster) {
	.metric(C_metric_davies_bouldin, x, cluster)
}
