# Test data: Gaussian blobs made with R's own RNG (no fixtures needed).
blobs <- function(n_per = 40, centres = rbind(c(0, 0), c(6, 0), c(0, 6)), sd = 1, seed = 1) {
	set.seed(seed)
	k <- nrow(centres)
	x <- do.call(rbind, lapply(seq_len(k), function(j)
		sweep(matrix(rnorm(n_per * ncol(centres), sd = sd), n_per), 2, centres[j, ], "+")))
	colnames(x) <- paste0("f", seq_len(ncol(centres)))
	x
}

# Lloyd's algorithm by hand, to a fixed point: an independent reference.
lloyd_by_hand <- function(x, centers, max_iter = 100) {
	for (it in seq_len(max_iter)) {
		d2 <- sapply(seq_len(nrow(centers)), function(j) colSums((t(x) - centers[j, ])^2))
		cl <- max.col(-d2, ties.method = "first")
		new <- t(sapply(seq_len(nrow(centers)), function(j) colMeans(x[cl == j, , drop = FALSE])))
		if (isTRUE(all.equal(new, centers, tolerance = 0)))
			break
		centers <- new
	}
	list(cluster = cl, centers = centers)
}

# TRUE when two labellings are the same partition (up to renumbering).
same_partition <- function(a, b) {
	tab <- table(a, b)
	all(rowSums(tab > 0) == 1) && all(colSums(tab > 0) == 1)
}

rss_kb <- function() {
	if (!file.exists("/proc/self/status"))
		return(NA_real_)
	line <- grep("^VmRSS:", readLines("/proc/self/status"), value = TRUE)
	as.numeric(gsub("[^0-9]", "", line))
}

rscript <- function() file.path(R.home("bin"), "Rscript")
