# Reference values computed here by hand from the definitions.
silhouette_by_hand <- function(x, cl) {
	d <- as.matrix(dist(x))
	s <- vapply(seq_len(nrow(x)), function(i) {
		own <- cl == cl[i]
		if (sum(own) == 1L) return(0)
		a <- sum(d[i, own]) / (sum(own) - 1)
		b <- min(vapply(setdiff(unique(cl), cl[i]), function(j) mean(d[i, cl == j]), 0))
		(b - a) / max(a, b)
	}, 0)
	mean(s)
}

ch_by_hand <- function(x, cl) {
	n <- nrow(x); k <- length(unique(cl)); mu <- colMeans(x)
	within <- 0; between <- 0
	for (j in unique(cl)) {
		xj <- x[cl == j, , drop = FALSE]; cj <- colMeans(xj)
		within <- within + sum(sweep(xj, 2, cj)^2)
		between <- between + nrow(xj) * sum((cj - mu)^2)
	}
	between / within * (n - k) / (k - 1)
}

db_by_hand <- function(x, cl) {
	ks <- sort(unique(cl))
	cen <- t(sapply(ks, function(j) colMeans(x[cl == j, , drop = FALSE])))
	s <- sapply(seq_along(ks), function(j)
		mean(sqrt(colSums((t(x[cl == ks[j], , drop = FALSE]) - cen[j, ])^2))))
	r <- sapply(seq_along(ks), function(i) max(sapply(setdiff(seq_along(ks), i), function(j)
		(s[i] + s[j]) / sqrt(sum((cen[i, ] - cen[j, ])^2)))))
	mean(r)
}

test_that("metrics agree with their definitions", {
	x <- blobs(n_per = 25)
	fit <- cseg_kmeans(x, 3, seed = 1)
	expect_equal(cseg_silhouette(x, fit$cluster), silhouette_by_hand(x, fit$cluster), tolerance = 1e-9)
	expect_equal(cseg_silhouette(x, fit), silhouette_by_hand(x, fit$cluster), tolerance = 1e-9)
	expect_equal(cseg_calinski_harabasz(x, fit$cluster), ch_by_hand(x, fit$cluster), tolerance = 1e-9)
	expect_equal(cseg_davies_bouldin(x, fit$cluster), db_by_hand(x, fit$cluster), tolerance = 1e-9)
	# labels may be any ids: factor or character give the same values
	lab <- c("a", "b", "c")[fit$cluster]
	expect_equal(cseg_silhouette(x, factor(lab)), cseg_silhouette(x, fit$cluster))
	# sampled silhouette: reproducible for a seed, close to the exact value
	s1 <- cseg_silhouette(x, fit$cluster, sample_size = 50, seed = 3)
	expect_identical(s1, cseg_silhouette(x, fit$cluster, sample_size = 50, seed = 3))
	expect_lt(abs(s1 - silhouette_by_hand(x, fit$cluster)), 0.2)
})

test_that("metrics refuse a single segment and mismatched labels", {
	x <- blobs(n_per = 10)
	expect_error(cseg_silhouette(x, rep(1, nrow(x))), class = "cseg_error")
	expect_error(cseg_calinski_harabasz(x, rep(1:2, length.out = 5)), class = "cseg_error")
	expect_error(cseg_davies_bouldin(x, c(NA, rep(1:2, length.out = nrow(x) - 1))),
		class = "cseg_error")
})
