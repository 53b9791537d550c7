# Rule-based and hybrid segments: rule text parsed by the C library, applied
# to a data.frame or matrix with predict(). The object keeps its text, so the
# C rule set is parsed again after readRDS (R pitfall 3).

.rules_parse <- function(text, fallback) {
	h <- .cseg_check(C_rules_parse(text))
	.cseg_check(C_rules_set_fallback_name(h, fallback))
	h
}

.rules_handle <- function(object) {
	env <- object$handle
	if (is.environment(env) && isTRUE(C_handle_valid(env$ptr)))
		return(env$ptr)
	ptr <- .rules_parse(object$text, object$fallback)
	if (is.environment(env))
		env$ptr <- ptr
	ptr
}

cseg_rules <- function(text, fallback = "Unclassified") {
	if (!is.character(text) || anyNA(text))
		.cseg_invalid("text must be rule text (a character vector, one rule per line)")
	if (!is.character(fallback) || length(fallback) != 1L || is.na(fallback))
		.cseg_invalid("fallback must be one segment name")
	text <- paste(text, collapse = "\n")
	h <- .rules_parse(text, fallback)
	n <- C_rules_n_rules(h)
	idx <- seq_len(n) - 1
	rules <- data.frame(
		segment = vapply(idx, function(j) C_rules_rule_name(h, j), ""),
		line = as.integer(vapply(idx, function(j) C_rules_rule_line(h, j), 0)),
		stringsAsFactors = FALSE)
	structure(class = "cseg_rules", list(text = text, fallback = fallback, rules = rules,
		handle = .new_handle_env(h)))
}

# 0-based labels for hybrid mode: whole numbers >= 0 as given (so a rule's
# `cluster == 2` means the caller's cluster 2), factor codes, or a fit's.
.rule_clusters <- function(clusters, n) {
	if (inherits(clusters, "cseg_kmeans"))
		clusters <- clusters$cluster
	if (is.factor(clusters))
		clusters <- as.integer(clusters)
	if (!is.numeric(clusters))
		.cseg_invalid("clusters must be whole numbers >= 0, a factor or a cseg_kmeans fit")
	if (length(clusters) != n)
		.cseg_invalid("clusters has %d labels for %d rows", length(clusters), n)
	bad <- which(is.na(clusters) | clusters < 0 | clusters != round(clusters))
	if (length(bad) > 0L)
		.cseg_invalid("clusters[%d] is not a whole number >= 0", bad[1L])
	as.double(clusters)
}

predict.cseg_rules <- function(object, newdata, clusters = NULL, ...) {
	if (missing(newdata))
		.cseg_invalid("newdata is required: the customers to classify")
	m <- .feature_matrix(newdata, "newdata")
	if (nrow(m) < 1L)
		.cseg_invalid("newdata has no rows")
	n <- nrow(m)
	labels <- if (is.null(clusters)) NULL else .rule_clusters(clusters, n)
	h <- .rules_handle(object)
	ds <- .dataset(m)
	on.exit(C_handle_free(ds))
	.cseg_check(C_rules_apply(h, ds, labels))

	k <- C_rules_n_segments(h)
	seg_names <- vapply(seq_len(k) - 1, function(j) C_rules_segment_name(h, j), "")
	seg <- as.integer(.cseg_check(C_rules_get_segments(h, n))) + 1L
	used <- seq_len(k) %in% seg
	# in hybrid mode, drop the kept-cluster levels of labels nobody has
	n_named <- k - (if (is.null(labels)) 1L else max(labels) + 1L)
	keep <- seq_len(k) <= n_named | used | (is.null(labels) & seq_len(k) == k)
	segment <- factor(seg_names[seg], levels = seg_names[keep])
	rule <- as.integer(.cseg_check(C_rules_get_matched_rule(h, n))) + 1L
	rule[rule == 0L] <- NA_integer_
	n_matching <- as.integer(.cseg_check(C_rules_get_n_matching(h, n)))
	names(segment) <- names(rule) <- names(n_matching) <- rownames(m)

	nr <- nrow(object$rules)
	get <- function(key) .cseg_check(C_rules_get_int(h, key))
	per_rule <- data.frame(rule = seq_len(nr), line = object$rules$line,
		segment = object$rules$segment,
		won = as.integer(.cseg_check(C_rules_get_rule_counts(h, nr))),
		matched = as.integer(.cseg_check(C_rules_get_rule_hits(h, nr))),
		stringsAsFactors = FALSE)
	report <- list(
		n_rows = as.integer(get(cseg_rules_result_CSEG_RULES_RESULT_N_ROWS_get())),
		n_overlapping = as.integer(get(cseg_rules_result_CSEG_RULES_RESULT_N_OVERLAPPING_get())),
		n_unmatched = as.integer(get(cseg_rules_result_CSEG_RULES_RESULT_N_UNMATCHED_get())),
		unused_rules = per_rule$rule[per_rule$matched == 0L],
		hybrid = get(cseg_rules_result_CSEG_RULES_RESULT_HYBRID_get()) == 1,
		rules = per_rule)
	structure(class = "cseg_rules_result", list(segment = segment, rule = rule,
		n_matching = n_matching, report = report))
}

print.cseg_rules <- function(x, ...) {
	cat("cseg rules: ", nrow(x$rules), " rule(s), fallback segment ", dQuote(x$fallback, FALSE),
		"\n", sep = "")
	if (nrow(x$rules) > 0L)
		print(x$rules, row.names = FALSE, ...)
	invisible(x)
}

print.cseg_rules_result <- function(x, ...) {
	r <- x$report
	cat("cseg rule segments for ", r$n_rows, " customers", if (isTRUE(r$hybrid)) " (hybrid)",
		": ", r$n_unmatched, " unmatched, ", r$n_overlapping, " matched by several rules\n",
		sep = "")
	print(table(segment = x$segment), ...)
	cat("Per rule (won: first match; matched: condition true):\n")
	print(r$rules, row.names = FALSE, ...)
	if (length(r$unused_rules) > 0L)
		cat("Unused rule(s): ", paste(r$unused_rules, collapse = ", "), "\n", sep = "")
	invisible(x)
}
