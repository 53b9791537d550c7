# Principal component analysis by the C library (centred, not scaled), in the
# layout of stats::prcomp(x, rank. = n_components): sdev for every component,
# rotation and scores for the first n_components. The library fits every
# component (its SVD costs the same), so sdev and the variance ratios are
# complete. predict() projects with the C handle, or in R after readRDS.

.pca_get <- function(h, what, n) {
	.cseg_check(C_pca_get(h, what, n))
}

cseg_pca <- function(x, n_components = NULL) {
	m <- .feature_matrix(x)
	if (is.null(colnames(m)))
		colnames(m) <- paste0("V", seq_len(ncol(m)))
	full <- min(nrow(m), ncol(m))
	if (is.null(n_components))
		n_components <- full
	n_components <- .whole_number(n_components, "n_components")
	if (nrow(m) >= 2L && n_components > full)
		.cseg_invalid("n_components is %s, at most min(rows, columns) = %d",
			format(n_components), full)
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	h <- .cseg_check(C_pca_new(ds, 0))
	d <- ncol(m)
	mm <- C_pca_n_components(h)
	comps <- matrix(.pca_get(h, cseg_pca_result_CSEG_PCA_COMPONENTS_get(), mm * d), mm, d,
		byrow = TRUE)
	var <- .pca_get(h, cseg_pca_result_CSEG_PCA_EXPLAINED_VARIANCE_get(), mm)
	ratio <- .pca_get(h, cseg_pca_result_CSEG_PCA_EXPLAINED_RATIO_get(), mm)
	sv <- .pca_get(h, cseg_pca_result_CSEG_PCA_SINGULAR_VALUES_get(), mm)
	center <- .pca_get(h, cseg_pca_result_CSEG_PCA_MEAN_get(), d)
	scores <- matrix(.cseg_check(C_pca_transform(h, ds, nrow(m) * mm)), nrow(m), mm,
		byrow = TRUE)
	keep <- seq_len(n_components)
	pcs <- paste0("PC", keep)
	rotation <- t(comps[keep, , drop = FALSE])
	dimnames(rotation) <- list(colnames(m), pcs)
	names(center) <- colnames(m)
	scores <- scores[, keep, drop = FALSE]
	dimnames(scores) <- list(rownames(m), pcs)
	structure(class = c("cseg_pca", "prcomp"), list(
		sdev = sqrt(var), rotation = rotation, center = center, scale = FALSE, x = scores,
		explained_variance = var[keep], explained_variance_ratio = ratio[keep],
		singular_values = sv[keep], handle = .new_handle_env(h)))
}

predict.cseg_pca <- function(object, newdata, ...) {
	if (missing(newdata))
		return(object$x)
	m <- .feature_matrix(newdata, "newdata")
	want <- rownames(object$rotation)
	if (!is.null(colnames(m)) && all(want %in% colnames(m)))
		m <- m[, want, drop = FALSE]
	if (ncol(m) != length(want))
		.cseg_invalid("newdata has %d columns, the PCA expects %d", ncol(m), length(want))
	m_out <- ncol(object$rotation)
	h <- object$handle$ptr
	if (isTRUE(C_handle_valid(h))) {
		ds <- .dataset(m)
		on.exit(C_handle_free(ds))
		mm <- C_pca_n_components(h)
		all <- matrix(.cseg_check(C_pca_transform(h, ds, nrow(m) * mm)), nrow(m), mm,
			byrow = TRUE)
		out <- all[, seq_len(m_out), drop = FALSE]
	} else {
		if (anyNA(m))
			.cseg_invalid("newdata holds missing values")
		out <- sweep(m, 2L, object$center) %*% object$rotation
	}
	dimnames(out) <- list(rownames(m), colnames(object$rotation))
	out
}

print.cseg_pca <- function(x, digits = max(3L, getOption("digits") - 3L), ...) {
	m <- ncol(x$rotation)
	cat("cseg PCA: ", m, " of ", length(x$sdev), " components on ", nrow(x$rotation),
		" features (centred, not scaled)\n", sep = "")
	cat("Standard deviations (1, .., p=", length(x$sdev), "):\n", sep = "")
	print(x$sdev, digits = digits, ...)
	cat("Explained variance ratio:\n")
	print(setNames(x$explained_variance_ratio, colnames(x$rotation)), digits = digits, ...)
	cat("Rotation (n x k) = (", nrow(x$rotation), " x ", m, "):\n", sep = "")
	print(x$rotation, digits = digits, ...)
	invisible(x)
}
