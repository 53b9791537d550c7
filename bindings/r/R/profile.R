# Segment profiles: sizes, per-feature statistics, distinguishing features and
# automatic names, computed by the C library and copied into an S3 object.
# The handle is kept for renaming (the library checks the new names); after
# readRDS the same checks are made in R.

.profile_stats <- function() {
	c(mean = cseg_profile_stat_CSEG_PROFILE_MEAN_get(),
		median = cseg_profile_stat_CSEG_PROFILE_MEDIAN_get(),
		std = cseg_profile_stat_CSEG_PROFILE_STD_get(),
		index = cseg_profile_stat_CSEG_PROFILE_INDEX_get(),
		smd = cseg_profile_stat_CSEG_PROFILE_SMD_get())
}

cseg_profile <- function(x, cluster) {
	m <- .feature_matrix(x)
	if (missing(cluster))
		.cseg_invalid("cluster is missing: give one segment label per row")
	if (is.null(colnames(m)))
		colnames(m) <- paste0("V", seq_len(ncol(m)))
	n <- nrow(m)
	if (inherits(cluster, "cseg_kmeans"))
		cluster <- cluster$cluster
	if (is.factor(cluster)) {
		segs <- levels(cluster)
		if (anyNA(cluster))
			.cseg_invalid("cluster holds NA at position %d", which(is.na(cluster))[1L])
		labels <- as.double(as.integer(cluster) - 1L)
		if (length(cluster) != n)
			.cseg_invalid("cluster has %d labels for %d rows", length(cluster), n)
	} else {
		labels <- .labels(cluster, n)
		segs <- as.character(sort(unique(cluster)))
	}
	k <- length(segs)
	if (k < 1L)
		.cseg_invalid("cluster has no labels")
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	h <- .cseg_check(C_profile_new(ds, labels, k))
	d <- C_profile_n_features(h)
	features <- vapply(seq_len(d) - 1, function(j) C_profile_feature_name(h, j), "")
	stat <- function(s) matrix(.cseg_check(C_profile_get_stat(h, s, k * d)), k, d, byrow = TRUE,
		dimnames = list(segs, features))
	stats <- .profile_stats()
	population <- t(vapply(stats, function(s) .cseg_check(C_profile_get_population(h, s, d)),
		numeric(d)))
	colnames(population) <- features
	ranking <- t(vapply(seq_len(k) - 1, function(j)
		features[.cseg_check(C_profile_get_ranking(h, j, d)) + 1], character(d)))
	dimnames(ranking) <- list(segs, NULL)
	auto <- vapply(seq_len(k) - 1, function(j) C_profile_segment_name(h, j), "")
	sizes <- as.integer(.cseg_check(C_profile_get_sizes(h, k)))
	shares <- .cseg_check(C_profile_get_shares(h, k))
	names(sizes) <- names(shares) <- names(auto) <- segs
	structure(class = "cseg_profile", list(
		sizes = sizes, shares = shares,
		mean = stat(stats[["mean"]]), median = stat(stats[["median"]]),
		std = stat(stats[["std"]]), index = stat(stats[["index"]]), smd = stat(stats[["smd"]]),
		population = population, ranking = ranking,
		names = auto, auto_names = auto,
		handle = .new_handle_env(h)))
}

# Rename segments: a full character vector (one name per segment) or one
# named by the segments to rename, e.g. c("2" = "Big spenders").
cseg_rename_segments <- function(profile, names) {
	if (!inherits(profile, "cseg_profile"))
		.cseg_invalid("profile must be a cseg_profile object")
	segs <- names(profile$names)
	if (!is.character(names) || anyNA(names))
		.cseg_invalid("names must be a character vector")
	if (is.null(names(names))) {
		if (length(names) != length(segs))
			.cseg_invalid("names has %d values for %d segments", length(names), length(segs))
		names(names) <- segs
	}
	unknown <- setdiff(names(names), segs)
	if (length(unknown) > 0L)
		.cseg_invalid("no segment %s (segments: %s)", sQuote(unknown[1L], FALSE),
			paste(segs, collapse = ", "))
	new <- profile$names
	new[names(names)] <- names
	h <- profile$handle$ptr
	if (isTRUE(C_handle_valid(h))) {
		# Two passes through unique placeholders, so that swapping two names
		# never meets the duplicate check half-way.
		idx <- match(names(names), segs)
		for (j in idx)
			.cseg_check(C_profile_set_segment_name(h, j - 1, sprintf("\001cseg-rename-%d", j)))
		for (j in idx)
			.cseg_check(C_profile_set_segment_name(h, j - 1, new[[j]]))
		new[] <- vapply(seq_along(segs) - 1, function(j) C_profile_segment_name(h, j), "")
	} else {
		bad <- which(!nzchar(new) | nchar(new, "bytes") > 256L)
		if (length(bad) > 0L)
			.cseg_invalid("name of segment %s must have 1..256 bytes", segs[bad[1L]])
		if (anyDuplicated(new))
			.cseg_invalid("segment name %s is used twice", sQuote(new[anyDuplicated(new)], FALSE))
	}
	profile$names <- new
	profile
}

print.cseg_profile <- function(x, digits = max(3L, getOption("digits") - 3L), ...) {
	cat("cseg profile: ", length(x$sizes), " segments of ", sum(x$sizes), " customers on ",
		ncol(x$mean), " features\n", sep = "")
	tab <- data.frame(segment = names(x$sizes), name = unname(x$names), size = unname(x$sizes),
		share = round(unname(x$shares), 3), stringsAsFactors = FALSE)
	print(tab, row.names = FALSE)
	cat("Means:\n")
	print(signif(x$mean, digits), ...)
	cat("Index (segment mean / population mean * 100):\n")
	print(round(x$index), ...)
	invisible(x)
}

summary.cseg_profile <- function(object, top = 3L, ...) {
	k <- length(object$sizes)
	top <- min(top, ncol(object$mean))
	tops <- vapply(seq_len(k), function(j) {
		f <- object$ranking[j, seq_len(top)]
		smd <- object$smd[j, f]
		paste(sprintf("%s %+.2f", f, smd), collapse = ", ")
	}, "")
	structure(class = "summary.cseg_profile", list(
		segments = data.frame(segment = names(object$sizes), name = unname(object$names),
			size = unname(object$sizes), share = unname(object$shares),
			distinguishing = tops, stringsAsFactors = FALSE),
		top = top))
}

print.summary.cseg_profile <- function(x, ...) {
	cat("cseg profile summary: distinguishing features (standardised mean difference)\n")
	s <- x$segments
	s$share <- sprintf("%.1f%%", 100 * s$share)
	print(s, row.names = FALSE, right = FALSE, ...)
	invisible(x)
}
