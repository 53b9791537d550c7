# S3 methods for "cseg_kmeans" objects.

print.cseg_kmeans <- function(x, ...) {
	k <- nrow(x$centers)
	if (!is.null(x$size) && !anyNA(x$size)) {
		cat("K-means clustering (cseg) with ", k, " clusters of sizes ",
			paste(x$size, collapse = ", "), "\n", sep = "")
	} else {
		cat("K-means model (cseg) with ", k, " clusters, loaded from file\n", sep = "")
	}
	cat("\nCluster means:\n")
	print(x$centers, ...)
	if (!is.null(x$cluster)) {
		cat("\nClustering vector:\n")
		print(x$cluster, ...)
		cat("\nWithin cluster sum of squares by cluster:\n")
		print(x$withinss, ...)
		cat(sprintf(" (between_SS / total_SS = %5.1f %%)\n",
			100 * x$betweenss / x$totss))
	}
	cat(sprintf("\nInertia %s after %d iterations (%s)\n", format(x$inertia), x$iter,
		if (isTRUE(x$converged)) "converged" else "not converged"))
	cat("\nAvailable components:\n")
	print(setdiff(names(x), "handle"))
	invisible(x)
}

summary.cseg_kmeans <- function(object, ...) {
	structure(class = "summary.cseg_kmeans", list(
		k = nrow(object$centers),
		features = colnames(object$centers),
		size = object$size,
		withinss = object$withinss,
		between_total = if (is.null(object$totss)) NA_real_ else object$betweenss / object$totss,
		inertia = object$inertia,
		iter = object$iter,
		converged = object$converged,
		centers = object$centers))
}

print.summary.cseg_kmeans <- function(x, digits = max(3L, getOption("digits") - 3L), ...) {
	cat("cseg k-means: ", x$k, " clusters on ", length(x$features), " features (",
		paste(x$features, collapse = ", "), ")\n", sep = "")
	cat("Fit: inertia ", format(x$inertia, digits = digits), ", ", x$iter, " iterations, ",
		if (isTRUE(x$converged)) "converged" else "not converged", "\n", sep = "")
	if (!is.null(x$size)) {
		tab <- data.frame(cluster = seq_len(x$k), size = x$size,
			withinss = signif(x$withinss, digits))
		print(tab, row.names = FALSE)
		cat(sprintf("between_SS / total_SS = %.1f %%\n", 100 * x$between_total))
	}
	cat("Centres:\n")
	print(signif(x$centers, digits))
	invisible(x)
}

# Match newdata's columns to the model's features by name when it has names.
.align_columns <- function(m, centers) {
	want <- colnames(centers)
	have <- colnames(m)
	if (!is.null(have) && !is.null(want) && all(want %in% have))
		return(m[, want, drop = FALSE])
	if (ncol(m) != ncol(centers))
		.cseg_invalid("newdata has %d columns, the model expects %d", ncol(m), ncol(centers))
	m
}

predict.cseg_kmeans <- function(object, newdata, type = c("class", "details"), ...) {
	type <- match.arg(type)
	if (missing(newdata)) {
		if (type == "details")
			.cseg_invalid("type = \"details\" needs newdata")
		if (is.null(object$cluster))
			.cseg_invalid("newdata is required for a model loaded from file")
		return(object$cluster)
	}
	m <- .align_columns(.feature_matrix(newdata, "newdata"), .model_input_template(object))
	model <- .model_handle(object)
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	a <- .cseg_check(C_model_assign(model, ds))
	on.exit(C_handle_free(a), add = TRUE)
	cluster <- as.integer(.cseg_check(C_assignment_get_labels(a, nrow(m)))) + 1L
	if (type == "class")  # -1: a customer the model's preprocessing cannot complete
		cluster[cluster == 0L] <- NA_integer_
	names(cluster) <- rownames(m)
	if (type == "class")
		return(cluster)
	.assignment_details(a, cluster, rownames(m))
}

# One row per customer: segment (1-based, NA for noise), distance, margin,
# runner-up, confidence and the borderline flag.
.assignment_details <- function(a, cluster, ids) {
	n <- length(cluster)
	runner <- as.integer(.cseg_check(C_assignment_get_runner_up(a, n))) + 1L
	cluster[cluster == 0L] <- NA_integer_
	runner[runner == 0L] <- NA_integer_
	data.frame(
		cluster = cluster,
		distance = .cseg_check(C_assignment_get_distances(a, n)),
		margin = .cseg_check(C_assignment_get_margins(a, n)),
		runner_up = runner,
		confidence = .cseg_check(C_assignment_get_confidence(a, n)),
		borderline = .cseg_check(C_assignment_get_borderline(a, n)) != 0,
		row.names = ids)
}

fitted.cseg_kmeans <- function(object, method = c("centers", "classes"), ...) {
	method <- match.arg(method)
	if (is.null(object$cluster))
		.cseg_invalid("a model loaded from file has no training rows")
	if (method == "classes")
		return(object$cluster)
	fit <- object$centers[object$cluster, , drop = FALSE]
	rownames(fit) <- object$cluster
	fit
}

plot.cseg_kmeans <- function(x, data, ...) {
	if (missing(data))
		.cseg_invalid("plot needs the data: plot(fit, data)")
	m <- .align_columns(.feature_matrix(data, "data"), x$centers)
	cluster <- if (!is.null(x$cluster) && length(x$cluster) == nrow(m)) x$cluster
		else predict(x, m)
	k <- nrow(x$centers)
	all <- rbind(m, x$centers)
	col <- c(cluster, seq_len(k))
	pch <- c(rep(1L, nrow(m)), rep(8L, k))
	cex <- c(rep(0.8, nrow(m)), rep(2.5, k))
	if (ncol(m) == 1L) {
		plot(all[, 1L], col = col, pch = pch, cex = cex, ylab = colnames(m)[1L], ...)
	} else if (ncol(m) == 2L) {
		plot(all, col = col, pch = pch, cex = cex, ...)
	} else {
		pairs(all, col = col, pch = pch, cex = cex, ...)
	}
	invisible(x)
}
