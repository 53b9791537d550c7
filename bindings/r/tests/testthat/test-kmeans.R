test_that("the result has the fields and semantics of stats::kmeans", {
	x <- blobs()
	fit <- cseg_kmeans(x, 3, seed = 42)
	expect_s3_class(fit, c("cseg_kmeans", "kmeans"), exact = TRUE)
	ref <- stats::kmeans(x, 3)
	expect_true(all(names(ref) %in% names(fit)))
	expect_type(fit$cluster, "integer")
	expect_length(fit$cluster, nrow(x))
	expect_setequal(unique(fit$cluster), 1:3)
	expect_equal(dim(fit$centers), c(3L, 2L))
	expect_equal(colnames(fit$centers), colnames(x))
	expect_equal(rownames(fit$centers), c("1", "2", "3"))
	expect_equal(sum(fit$size), nrow(x))
	expect_equal(fit$size, tabulate(fit$cluster, 3))
	expect_equal(fit$totss, sum(scale(x, scale = FALSE)^2))
	expect_equal(fit$totss, fit$tot.withinss + fit$betweenss)
	expect_equal(fit$tot.withinss, sum(fit$withinss))
	expect_equal(fit$inertia, fit$tot.withinss, tolerance = 1e-10)
	expect_identical(fit$ifault, 0L)
	expect_true(fit$converged)
	expect_true(fit$iter >= 1L)
	# withinss recomputed from cluster and centres
	w <- vapply(1:3, function(j) sum(sweep(x[fit$cluster == j, , drop = FALSE], 2,
		fit$centers[j, ])^2), 0)
	expect_equal(fit$withinss, w, tolerance = 1e-10)
	# the centres are the means of their members
	for (j in 1:3)
		expect_equal(unname(fit$centers[j, ]), unname(colMeans(x[fit$cluster == j, , drop = FALSE])),
			tolerance = 1e-10)
	# canonical order: cluster 1 is the largest
	expect_equal(which.max(fit$size), 1L)
})

test_that("from the same initial centres it agrees with Lloyd by hand and stats::kmeans", {
	x <- blobs(n_per = 60, centres = rbind(c(0, 0, 0), c(3, 3, 0), c(0, 3, 3), c(3, 0, 3)),
		sd = 1.2, seed = 7)
	init <- x[c(1, 2, 3, 4), ]  # four points of the first blob: a real fit to do
	hand <- lloyd_by_hand(x, init)
	ref <- stats::kmeans(x, init, algorithm = "Lloyd", iter.max = 100)
	for (algorithm in c("lloyd", "hamerly", "auto")) {
		fit <- cseg_kmeans(x, init, algorithm = algorithm, tol = 0, iter.max = 100)
		expect_true(same_partition(fit$cluster, hand$cluster), info = algorithm)
		expect_true(same_partition(fit$cluster, ref$cluster), info = algorithm)
		# centres match once renumbered
		map <- apply(table(fit$cluster, hand$cluster), 1, which.max)
		expect_equal(unname(fit$centers), unname(hand$centers[map, ]), tolerance = 1e-9,
			info = algorithm)
		expect_equal(fit$tot.withinss, ref$tot.withinss, tolerance = 1e-9, info = algorithm)
	}
})

test_that("a fixed seed is reproducible and set.seed() drives the default seed", {
	x <- blobs(seed = 3)
	a <- cseg_kmeans(x, 4, seed = 11, nstart = 3)
	b <- cseg_kmeans(x, 4, seed = 11, nstart = 3)
	expect_identical(a$cluster, b$cluster)
	expect_identical(a$centers, b$centers)
	set.seed(5); c1 <- cseg_kmeans(x, 4)
	set.seed(5); c2 <- cseg_kmeans(x, 4)
	expect_identical(c1$centers, c2$centers)
	# more restarts never do worse than one of them
	one <- cseg_kmeans(x, 4, seed = 11, nstart = 1)
	expect_lte(a$tot.withinss, one$tot.withinss * (1 + 1e-12))
})

test_that("data.frames: names become features, row names become ids", {
	x <- blobs()
	df <- as.data.frame(x)
	rownames(df) <- sprintf("cust%03d", seq_len(nrow(df)))
	df$f2 <- as.integer(round(df$f2 * 100))  # integer columns are numeric too
	fit <- cseg_kmeans(df, 3, seed = 1)
	expect_equal(colnames(fit$centers), c("f1", "f2"))
	expect_equal(names(fit$cluster), rownames(df))
	expect_equal(fitted(fit, "classes"), fit$cluster)
	fc <- fitted(fit)
	expect_equal(dim(fc), dim(x))
	expect_equal(unname(fc[5, ]), unname(fit$centers[fit$cluster[5], ]))
})

test_that("weights move the centres towards heavy customers", {
	x <- cbind(a = c(0, 1, 10, 11), b = c(0, 0, 0, 0))
	w <- c(1, 3, 1, 1)
	fit <- cseg_kmeans(x, 2, weights = w, seed = 1)
	left <- fit$cluster[1]
	expect_equal(unname(fit$centers[left, "a"]), 0.75)
	expect_equal(fit$inertia, 1 * 0.75^2 + 3 * 0.25^2 + 2 * 0.25, tolerance = 1e-12)
})

test_that("print, summary and plot work", {
	x <- blobs()
	fit <- cseg_kmeans(x, 3, seed = 1)
	expect_output(print(fit), "K-means clustering \\(cseg\\) with 3 clusters")
	expect_output(print(summary(fit)), "between_SS / total_SS")
	pdf(NULL)
	on.exit(dev.off())
	expect_invisible(plot(fit, x))
	x3 <- cbind(x, f3 = x[, 1] - x[, 2])
	expect_invisible(plot(cseg_kmeans(x3, 2, seed = 1), x3))
})

test_that("size constraints hold at fit time and their cost is reported", {
	x <- blobs()
	set.seed(3)
	x <- rbind(x, matrix(rnorm(10, 40, 0.5), ncol = 2, dimnames = list(NULL, colnames(x))))
	plain <- cseg_kmeans(x, 4, seed = 1)
	expect_lt(min(plain$size), 20)
	fit <- cseg_kmeans(x, 4, seed = 1, size.min = 20)
	expect_gte(min(fit$size), 20)
	expect_gt(fit$inertia, fit$unconstrained.inertia)
	expect_equal(fit$unconstrained.inertia, plain$inertia, tolerance = 1e-12)
	expect_equal(sum(fit$withinss), fit$inertia, tolerance = 1e-9)
	expect_error(cseg_kmeans(x, 4, size.min = nrow(x)), "size_min")
	expect_error(cseg_kmeans(x, 4, size.min = -1), "size.min")
})

test_that("small clusters merge into their nearest neighbour", {
	x <- blobs()
	fit <- cseg_kmeans(x, 6, seed = 2)
	small <- min(fit$size)
	merged <- cseg_merge_small(fit, x, small + 1)
	expect_gte(merged$merged, 1L)
	expect_equal(nrow(merged$centers), 6L - merged$merged)
	expect_gte(min(merged$size), small + 1)
	expect_identical(unname(predict(merged, x)), unname(merged$cluster))
	expect_error(cseg_merge_small(fit, x, 0), "min.size")
})
