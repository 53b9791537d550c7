# Choosing the number of segments: cseg_select_k() fits k-means for every k
# of a range and returns the table of criteria (the gap statistic as
# cluster::clusGap) with a recommended k within the business limits;
# cseg_max_se(), cseg_knee() and cseg_adjusted_rand() are its building blocks.

.kselect_criteria <- function() {
	c(silhouette = cseg_kselect_criterion_CSEG_CRITERION_SILHOUETTE_get(),
		calinski = cseg_kselect_criterion_CSEG_CRITERION_CALINSKI_get(),
		davies = cseg_kselect_criterion_CSEG_CRITERION_DAVIES_get(),
		gap = cseg_kselect_criterion_CSEG_CRITERION_GAP_get(),
		elbow = cseg_kselect_criterion_CSEG_CRITERION_ELBOW_get(),
		bic = cseg_kselect_criterion_CSEG_CRITERION_BIC_get(),
		icl = cseg_kselect_criterion_CSEG_CRITERION_ICL_get(),
		stability = cseg_kselect_criterion_CSEG_CRITERION_STABILITY_get())
}

# The method names of cluster::maxSE.
.gap_rules <- function() {
	c(firstSEmax = cseg_gap_rule_CSEG_GAP_FIRST_SE_MAX_get(),
		Tibs2001SEmax = cseg_gap_rule_CSEG_GAP_TIB_SE_MAX_get(),
		globalSEmax = cseg_gap_rule_CSEG_GAP_GLOBAL_SE_MAX_get(),
		firstmax = cseg_gap_rule_CSEG_GAP_FIRST_MAX_get(),
		globalmax = cseg_gap_rule_CSEG_GAP_GLOBAL_MAX_get())
}

.kselect_columns <- function() {
	c(k = cseg_kselect_column_CSEG_KSEL_K_get(),
		inertia = cseg_kselect_column_CSEG_KSEL_INERTIA_get(),
		silhouette = cseg_kselect_column_CSEG_KSEL_SILHOUETTE_get(),
		calinski_harabasz = cseg_kselect_column_CSEG_KSEL_CALINSKI_get(),
		davies_bouldin = cseg_kselect_column_CSEG_KSEL_DAVIES_get(),
		logW = cseg_kselect_column_CSEG_KSEL_LOG_W_get(),
		gap = cseg_kselect_column_CSEG_KSEL_GAP_get(),
		SE.sim = cseg_kselect_column_CSEG_KSEL_GAP_SE_get(),
		min_size = cseg_kselect_column_CSEG_KSEL_MIN_SIZE_get(),
		stability = cseg_kselect_column_CSEG_KSEL_STABILITY_get(),
		bic = cseg_kselect_column_CSEG_KSEL_BIC_get(),
		icl = cseg_kselect_column_CSEG_KSEL_ICL_get())
}

.one_flag <- function(v, name) {
	if (!is.logical(v) || length(v) != 1L || is.na(v))
		.cseg_invalid("%s must be TRUE or FALSE", name)
	v
}

.k_or_na <- function(k) if (k > 0) as.integer(k) else NA_integer_

cseg_select_k <- function(x, k.min = 1, k.max = 10, max.segments = NULL, min.size = 0,
		criterion = c("silhouette", "calinski", "davies", "gap", "elbow", "bic", "icl",
			"stability"),
		gap.B = 20, gap.rule = c("firstSEmax", "Tibs2001SEmax", "globalSEmax", "firstmax",
			"globalmax"),
		gap.space = c("scaledPCA", "original"), gap.d.power = 2, gap.SE.factor = 1,
		silhouette.sample = 5000, bootstrap.B = 10, mixtures = FALSE, nstart = 4, seed = 0) {
	call <- match.call()
	m <- .feature_matrix(x)
	criterion <- match.arg(criterion)
	gap.rule <- match.arg(gap.rule)
	gap.space <- match.arg(gap.space)
	mixtures <- .one_flag(mixtures, "mixtures")
	if (!is.numeric(gap.SE.factor) || length(gap.SE.factor) != 1L || is.na(gap.SE.factor))
		.cseg_invalid("gap.SE.factor must be one number >= 0")
	keys <- list(
		list(cseg_kselect_key_CSEG_KSELECT_K_MIN_get(), .whole_number(k.min, "k.min")),
		list(cseg_kselect_key_CSEG_KSELECT_K_MAX_get(), .whole_number(k.max, "k.max")),
		list(cseg_kselect_key_CSEG_KSELECT_MAX_SEGMENTS_get(),
			if (is.null(max.segments)) 0 else .whole_number(max.segments, "max.segments")),
		list(cseg_kselect_key_CSEG_KSELECT_MIN_SIZE_get(), .whole_number(min.size, "min.size", 0)),
		list(cseg_kselect_key_CSEG_KSELECT_SEED_get(), .whole_number(seed, "seed", 0)),
		list(cseg_kselect_key_CSEG_KSELECT_N_INIT_get(), .whole_number(nstart, "nstart")),
		list(cseg_kselect_key_CSEG_KSELECT_GAP_B_get(), .whole_number(gap.B, "gap.B", 0)),
		list(cseg_kselect_key_CSEG_KSELECT_GAP_RULE_get(), .gap_rules()[[gap.rule]]),
		list(cseg_kselect_key_CSEG_KSELECT_GAP_SPACE_get(), if (gap.space == "scaledPCA")
			cseg_gap_space_CSEG_GAP_SCALED_PCA_get() else cseg_gap_space_CSEG_GAP_ORIGINAL_get()),
		list(cseg_kselect_key_CSEG_KSELECT_GAP_D_POWER_get(), .whole_number(gap.d.power, "gap.d.power")),
		list(cseg_kselect_key_CSEG_KSELECT_SILHOUETTE_SAMPLE_get(),
			if (is.null(silhouette.sample)) 0 else .whole_number(silhouette.sample, "silhouette.sample", 0)),
		list(cseg_kselect_key_CSEG_KSELECT_BOOTSTRAP_B_get(), .whole_number(bootstrap.B, "bootstrap.B", 0)),
		list(cseg_kselect_key_CSEG_KSELECT_MIXTURES_get(), as.numeric(mixtures)),
		list(cseg_kselect_key_CSEG_KSELECT_CRITERION_get(), .kselect_criteria()[[criterion]]))

	h <- .cseg_check(C_kselect_new())
	on.exit(C_handle_free(h))
	for (kv in keys)
		.cseg_check(C_kselect_set_int(h, kv[[1L]], kv[[2L]]))
	.cseg_check(C_kselect_set_double(h, cseg_kselect_key_CSEG_KSELECT_GAP_SE_FACTOR_get(),
		gap.SE.factor))
	ds <- .dataset(m)
	on.exit(C_handle_free(ds), add = TRUE)
	.cseg_check(C_kselect_run(h, ds))
	n <- C_kselect_n_rows(h)
	cols <- .kselect_columns()
	table <- as.data.frame(lapply(cols, function(col) .cseg_check(C_kselect_get_column(h, col, n))))
	names(table) <- names(cols)
	table$k <- as.integer(table$k)
	get <- function(key) .k_or_na(.cseg_check(C_kselect_get_int(h, key)))
	structure(class = "cseg_kselect", list(
		table = table,
		recommended_k = get(cseg_kselect_key_CSEG_KSELECT_RECOMMENDED_K_get()),
		elbow_k = get(cseg_kselect_key_CSEG_KSELECT_ELBOW_K_get()),
		gap_k = get(cseg_kselect_key_CSEG_KSELECT_GAP_K_get()),
		criterion = criterion, gap.rule = gap.rule,
		max.segments = if (is.null(max.segments)) NA_integer_ else as.integer(max.segments),
		min.size = min.size, call = call))
}

print.cseg_kselect <- function(x, digits = max(3L, getOption("digits") - 3L), ...) {
	t <- x$table
	cat("cseg k selection over k = ", min(t$k), "..", max(t$k), "\n", sep = "")
	limits <- c(if (!is.na(x$max.segments)) sprintf("at most %d segments", x$max.segments),
		if (x$min.size > 0) sprintf("segments of at least %s customers", format(x$min.size)))
	cat("Recommended k (", x$criterion,
		if (length(limits)) paste0("; ", paste(limits, collapse = ", ")), "): ",
		if (is.na(x$recommended_k)) "none satisfies the limits" else x$recommended_k, "\n", sep = "")
	cat("Elbow k: ", if (is.na(x$elbow_k)) "none" else x$elbow_k,
		"   gap k (", x$gap.rule, "): ", if (is.na(x$gap_k)) "not computed" else x$gap_k,
		"\n\n", sep = "")
	keep <- vapply(t, function(col) !all(is.na(col)), logical(1))
	print(t[, keep, drop = FALSE], digits = digits, row.names = FALSE, ...)
	invisible(x)
}

plot.cseg_kselect <- function(x, which = c("inertia", "silhouette", "calinski_harabasz", "gap"),
		...) {
	t <- x$table
	which <- intersect(which, names(t))
	which <- which[vapply(which, function(w) any(is.finite(t[[w]])), logical(1))]
	if (!length(which))
		.cseg_invalid("nothing to plot: the table has none of the asked-for columns")
	n <- length(which)
	op <- graphics::par(mfrow = c(ceiling(n / 2), min(n, 2L)))
	on.exit(graphics::par(op))
	for (w in which) {
		y <- t[[w]]
		graphics::plot(t$k, y, type = "b", pch = 19, xlab = "k", ylab = w, main = w, ...)
		if (w == "gap" && any(is.finite(t$SE.sim)))
			graphics::arrows(t$k, y - t$SE.sim, t$k, y + t$SE.sim, angle = 90, code = 3,
				length = 0.03)
		if (!is.na(x$recommended_k))
			graphics::abline(v = x$recommended_k, lty = 2, col = "red")
	}
	invisible(x)
}

cseg_max_se <- function(f, SE.f, method = c("firstSEmax", "Tibs2001SEmax", "globalSEmax",
		"firstmax", "globalmax"), SE.factor = 1) {
	method <- match.arg(method)
	if (!is.numeric(f) || !is.numeric(SE.f))
		.cseg_invalid("f and SE.f must be numeric")
	if (length(f) != length(SE.f))
		.cseg_invalid("f has %d values but SE.f has %d", length(f), length(SE.f))
	if (!is.numeric(SE.factor) || length(SE.factor) != 1L || is.na(SE.factor))
		.cseg_invalid("SE.factor must be one number >= 0")
	as.integer(.cseg_check(C_bind_gap_choose(as.double(f), as.double(SE.f),
		.gap_rules()[[method]], SE.factor))) + 1L
}

cseg_knee <- function(x, y) {
	if (!is.numeric(x) || !is.numeric(y))
		.cseg_invalid("x and y must be numeric")
	if (length(x) != length(y))
		.cseg_invalid("x has %d values but y has %d", length(x), length(y))
	i <- .cseg_check(C_bind_knee(as.double(x), as.double(y)))
	if (i < 0) NA_integer_ else as.integer(i) + 1L
}

cseg_adjusted_rand <- function(x, y) {
	if (inherits(x, "cseg_kmeans"))
		x <- x$cluster
	if (inherits(y, "cseg_kmeans"))
		y <- y$cluster
	if (length(x) != length(y))
		.cseg_invalid("x has %d labels but y has %d", length(x), length(y))
	.cseg_check(C_bind_adjusted_rand(.labels(y, length(y)), .labels(x, length(x))))
}
