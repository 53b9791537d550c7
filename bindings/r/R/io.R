# Model files: the versioned binary format of the C library
# (docs/model-format.md), readable by every cseg binding and the CLI.

cseg_save <- function(object, path) {
	if (!inherits(object, c("cseg_kmeans", "cseg_dbscan")))
		.cseg_invalid("object must be a cseg_kmeans or cseg_dbscan fit")
	if (!is.character(path) || length(path) != 1L || is.na(path))
		.cseg_invalid("path must be one file name")
	.cseg_check(C_model_save(.model_handle(object), path.expand(path)))
	invisible(path)
}

cseg_load <- function(path) {
	if (!is.character(path) || length(path) != 1L || is.na(path))
		.cseg_invalid("path must be one file name")
	model <- .cseg_check(C_model_load(path.expand(path)))
	f <- .model_fields(model)
	structure(class = c("cseg_kmeans", "kmeans"), list(
		cluster = NULL,
		centers = f$centers,
		totss = NULL,
		withinss = NULL,
		tot.withinss = NULL,
		betweenss = NULL,
		size = NULL,
		iter = f$iter,
		ifault = 0L,
		inertia = f$inertia,
		converged = f$converged,
		model = f$model,
		handle = f$handle))
}
