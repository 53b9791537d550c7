# Conversion of R data to cseg datasets.

# A numeric double matrix from a matrix, data.frame or vector; refuses
# non-numeric columns with a cseg_error that names them.
.feature_matrix <- function(x, what = "x") {
	if (is.data.frame(x)) {
		bad <- !vapply(x, function(col) is.numeric(col) || is.logical(col), logical(1))
		if (any(bad))
			.cseg_invalid("%s: column(s) %s are not numeric", what,
				paste(sQuote(names(x)[bad], FALSE), collapse = ", "))
		rn <- if (.row_names_info(x) > 0L) row.names(x) else NULL
		m <- matrix(as.double(unlist(x, use.names = FALSE)), nrow = nrow(x),
			dimnames = list(rn, names(x)))
		return(m)
	}
	if (is.null(dim(x)) && is.atomic(x))
		x <- matrix(x, ncol = 1L)
	if (!is.matrix(x) || !(is.numeric(x) || is.logical(x)))
		.cseg_invalid("%s must be a numeric matrix or data.frame, not %s", what,
			paste(class(x), collapse = "/"))
	if (storage.mode(x) != "double")
		storage.mode(x) <- "double"
	x
}

# A dataset handle for a feature matrix, named after its dimnames.
.dataset <- function(m) {
	ds <- .cseg_check(C_dataset_new(m))
	if (!is.null(colnames(m)))
		.cseg_check(C_dataset_set_column_names(ds, as.character(colnames(m))))
	if (!is.null(rownames(m)))
		.cseg_check(C_dataset_set_ids(ds, as.character(rownames(m))))
	ds
}

# 0-based consecutive labels from cluster ids (integers, factors, strings).
.labels <- function(cluster, n) {
	if (inherits(cluster, "cseg_kmeans"))
		cluster <- cluster$cluster
	if (length(cluster) != n)
		.cseg_invalid("cluster has %d labels for %d rows", length(cluster), n)
	if (anyNA(cluster))
		.cseg_invalid("cluster holds NA at position %d", which(is.na(cluster))[1L])
	as.double(match(cluster, sort(unique(cluster))) - 1L)
}

# Read a CSV file with the C reader.
cseg_read_csv <- function(path, id_column = NULL, columns = NULL, sep = ",") {
	if (!is.character(path) || length(path) != 1L || is.na(path))
		.cseg_invalid("path must be one file name")
	if (!is.character(sep) || length(sep) != 1L || nchar(sep) != 1L)
		.cseg_invalid("sep must be a single character")
	if (!is.null(id_column) && (!is.character(id_column) || length(id_column) != 1L))
		.cseg_invalid("id_column must be NULL or one column name")
	if (!is.null(columns) && !is.character(columns))
		.cseg_invalid("columns must be NULL or a character vector")
	ds <- .cseg_check(C_dataset_read_csv(path.expand(path), sep, id_column, columns))
	on.exit(C_handle_free(ds))
	n <- C_dataset_n_rows(ds)
	d <- C_dataset_n_cols(ds)
	values <- .cseg_check(C_dataset_copy_data(ds, n * d))
	cols <- vapply(seq_len(d) - 1, function(j) C_dataset_column_name(ds, j), "")
	ids <- vapply(seq_len(n) - 1, function(i) C_dataset_id(ds, i), "")
	matrix(values, nrow = n, ncol = d, byrow = TRUE, dimnames = list(ids, cols))
}
