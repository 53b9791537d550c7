same_partition <- function(a, b) {
	t <- table(a, b)
	all(rowSums(t > 0) == 1) && all(colSums(t > 0) == 1)
}

test_that("merge heights and cuts equal stats::hclust", {
	set.seed(3)
	x <- rbind(matrix(rnorm(120, 0), ncol = 3), matrix(rnorm(90, 5), ncol = 3))
	for (method in c("ward", "complete", "average", "single")) {
		fit <- cseg_hclust(x, k = 3, method = method, seed = 1)
		ref <- stats::hclust(dist(x), method = if (method == "ward") "ward.D2" else method)
		expect_equal(sort(fit$height), sort(ref$height), tolerance = 1e-9)
		hc <- as.hclust(fit)
		expect_s3_class(hc, "hclust")
		expect_equal(sort(hc$order), seq_len(nrow(x)))
		expect_true(same_partition(stats::cutree(hc, 3), stats::cutree(ref, 3)))
		expect_true(same_partition(fit$cluster, stats::cutree(ref, 3)))
		h <- mean(sort(ref$height, decreasing = TRUE)[4:5])
		expect_true(same_partition(cseg_hclust(x, h = h, method = method)$cluster,
			stats::cutree(ref, h = h)))
	}
})

test_that("predict, dendrogram and bad inputs", {
	set.seed(4)
	x <- matrix(rnorm(200), ncol = 2)
	fit <- cseg_hclust(x, k = 4)
	d <- as.matrix(dist(rbind(fit$centers, x)))[-(1:4), 1:4]
	expect_equal(unname(predict(fit, x)), unname(apply(d, 1, which.min)))
	path <- tempfile(fileext = ".json")
	cseg_write_dendrogram(fit, path)
	expect_match(paste(readLines(path), collapse = ""), "cseg-dendrogram")
	expect_error(cseg_hclust(x), class = "cseg_error")
	expect_error(cseg_hclust(x, k = 2, h = 1), class = "cseg_error")
	expect_error(cseg_hclust(x, k = 0), class = "cseg_error")
	expect_error(cseg_hclust(x, k = 2, method = "centroid"))
	expect_error(cseg_hclust(x, k = 2, method = "average", max_memory_mb = 0), class = "cseg_error")
	x[3, 1] <- NA
	expect_error(cseg_hclust(x, k = 2), class = "cseg_error")
})
