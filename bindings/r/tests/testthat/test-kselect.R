# cseg_select_k and its building blocks against cluster::clusGap / maxSE.

ari_by_hand <- function(a, b) {
	tab <- table(a, b)
	c2 <- function(n) n * (n - 1) / 2
	idx <- sum(c2(tab))
	ra <- sum(c2(rowSums(tab)))
	rb <- sum(c2(colSums(tab)))
	exp <- ra * rb / c2(length(a))
	(idx - exp) / ((ra + rb) / 2 - exp)
}

test_that("three blobs give k = 3 by silhouette, Calinski-Harabasz, gap and elbow", {
	x <- blobs(50, sd = 0.7)
	for (crit in c("silhouette", "calinski", "davies", "gap", "elbow")) {
		sel <- cseg_select_k(x, 1, 8, criterion = crit, gap.B = 10, bootstrap.B = 0)
		expect_s3_class(sel, "cseg_kselect")
		expect_identical(sel$recommended_k, 3L, info = crit)
		expect_identical(sel$elbow_k, 3L)
		expect_identical(sel$gap_k, 3L)
	}
	t <- sel$table
	expect_s3_class(t, "data.frame")
	expect_identical(names(t), c("k", "inertia", "silhouette", "calinski_harabasz",
		"davies_bouldin", "logW", "gap", "SE.sim", "min_size", "stability", "bic", "icl"))
	expect_identical(t$k, 1:8)
	expect_true(is.na(t$silhouette[1]))
	expect_true(all(is.na(t$stability)))
	expect_equal(t$inertia[1], sum(scale(x, scale = FALSE)^2), tolerance = 1e-12)
	# d.power = 2: W_k is half the within sum of squares
	expect_equal(t$logW, log(t$inertia / 2), tolerance = 1e-12)
	expect_equal(t$min_size[3], 50)
})

test_that("the gap statistic agrees with cluster::clusGap and maxSE", {
	skip_if_not_installed("cluster")
	x <- blobs(50, sd = 0.7, seed = 3)
	for (space in c("scaledPCA", "original")) {
		set.seed(2)
		ref <- cluster::clusGap(x, kmeans, K.max = 6, B = 60, d.power = 2, spaceH0 = space,
			nstart = 10, verbose = FALSE)$Tab
		sel <- cseg_select_k(x, 1, 6, gap.B = 60, gap.space = space, nstart = 10,
			bootstrap.B = 0, criterion = "gap")
		t <- sel$table
		# unambiguous partitions up to k = 3: log W is exact
		expect_equal(t$logW[1:3], unname(ref[1:3, "logW"]), tolerance = 1e-9)
		# Monte Carlo: within four combined standard errors
		expect_true(all(abs(t$gap - ref[, "gap"]) < 4 * (t$SE.sim + ref[, "SE.sim"])))
		expect_identical(sel$gap_k, as.integer(cluster::maxSE(ref[, "gap"], ref[, "SE.sim"])))
		for (m in c("firstSEmax", "Tibs2001SEmax", "globalSEmax", "firstmax", "globalmax")) {
			expect_identical(cseg_max_se(t$gap, t$SE.sim, m),
				as.integer(cluster::maxSE(t$gap, t$SE.sim, m)), info = m)
		}
		sel2 <- cseg_select_k(x, 1, 6, gap.B = 20, gap.rule = "globalmax", bootstrap.B = 0)
		expect_identical(sel2$gap_k, as.integer(cluster::maxSE(sel2$table$gap, sel2$table$SE.sim,
			"globalmax")))
	}
})

test_that("cseg_max_se equals cluster::maxSE on random curves", {
	skip_if_not_installed("cluster")
	set.seed(11)
	for (i in 1:40) {
		n <- sample(1:9, 1)
		f <- round(cumsum(rnorm(n, 0.05, 0.1)), 3)
		s <- round(runif(n, 0, 0.08), 3)
		for (m in c("firstSEmax", "Tibs2001SEmax", "globalSEmax", "firstmax", "globalmax"))
			for (fac in c(0, 1, 2))
				expect_identical(cseg_max_se(f, s, m, fac), as.integer(cluster::maxSE(f, s, m, fac)))
	}
})

test_that("business limits restrict the recommendation only", {
	x <- blobs(50, sd = 0.7)
	x <- x[c(1:50, 51:100, 101:130), ]  # segments of 50, 50 and 30
	sel <- cseg_select_k(x, 1, 8, max.segments = 2, gap.B = 0, bootstrap.B = 0)
	expect_identical(sel$recommended_k, 2L)
	expect_identical(sel$elbow_k, 3L)
	sel <- cseg_select_k(x, 2, 8, min.size = 40, gap.B = 0, bootstrap.B = 0)
	expect_false(identical(sel$recommended_k, 3L))
	expect_gte(sel$table$min_size[sel$table$k == sel$recommended_k], 40)
	sel <- cseg_select_k(x, 2, 8, min.size = 1000, gap.B = 0, bootstrap.B = 0)
	expect_true(is.na(sel$recommended_k))
	expect_output(print(sel), "none satisfies the limits")
	expect_output(print(sel), "segments of at least 1000 customers")
})

test_that("stability, print, plot and reproducibility", {
	x <- as.data.frame(blobs(40, sd = 0.7))
	a <- cseg_select_k(x, 1, 5, gap.B = 5, bootstrap.B = 4, criterion = "stability", seed = 7)
	b <- cseg_select_k(x, 1, 5, gap.B = 5, bootstrap.B = 4, criterion = "stability", seed = 7)
	expect_identical(a$table, b$table)
	expect_gt(a$table$stability[3], 0.99)
	expect_output(print(a), "Recommended k \\(stability\\)")
	pdf(NULL)
	on.exit(dev.off())
	expect_invisible(plot(a))
	expect_invisible(plot(a, which = "gap"))
	expect_error(plot(a, which = "bic"), class = "cseg_error")
	gc()
	before <- cseg_live_handles()
	cseg_select_k(x, 1, 3, gap.B = 2, bootstrap.B = 0)
	gc()
	expect_identical(cseg_live_handles(), before)
})

test_that("cseg_knee and cseg_adjusted_rand", {
	expect_identical(cseg_knee(1:5, c(100, 30, 20, 15, 12)), 2L)
	expect_true(is.na(cseg_knee(1:3, 3:1)))
	expect_error(cseg_knee(1:2, 2:1), class = "cseg_error")
	expect_error(cseg_knee(1:3, 1:2), "x has 3 values but y has 2", class = "cseg_error")
	set.seed(5)
	for (n in c(10, 30, 500)) {
		a <- sample(3, n, TRUE)
		b <- sample(letters[1:4], n, TRUE)
		expect_equal(cseg_adjusted_rand(a, b), ari_by_hand(a, b), tolerance = 1e-12)
	}
	expect_identical(cseg_adjusted_rand(c(1, 1, 2, 2), c("b", "b", "a", "a")), 1)
	fit <- cseg_kmeans(blobs(30), 3, seed = 1)
	expect_identical(cseg_adjusted_rand(fit, rep(1:3, each = 30)), 1)
	expect_error(cseg_adjusted_rand(1:3, 1:2), class = "cseg_error")
	expect_error(cseg_adjusted_rand(c(1, NA), 1:2), class = "cseg_error")
})

test_that("bad arguments raise cseg_error naming them", {
	x <- blobs(20)
	bad <- list(
		list(list(k.min = 0), "k.min"),
		list(list(k.min = 5, k.max = 3), "k_min = 5 exceeds k_max = 3"),
		list(list(k.max = 60), "k_max = 60 needs more than 60 rows"),
		list(list(k.max = 2.5), "k.max"),
		list(list(max.segments = 0), "max.segments"),
		list(list(min.size = -1), "min.size"),
		list(list(gap.B = -1), "gap.B"),
		list(list(gap.d.power = 3), "gap_d_power"),
		list(list(gap.SE.factor = -1), "gap_se_factor"),
		list(list(gap.SE.factor = NA), "gap.SE.factor"),
		list(list(silhouette.sample = -5), "silhouette.sample"),
		list(list(bootstrap.B = 1.5), "bootstrap.B"),
		list(list(mixtures = NA), "mixtures"),
		list(list(nstart = 0), "nstart"),
		list(list(seed = -1), "seed"),
		list(list(criterion = "gap", gap.B = 0), "gap_b > 0"),
		list(list(criterion = "bic"), "mixtures = 1"),
		list(list(criterion = "stability", bootstrap.B = 0), "bootstrap_b > 0"),
		list(list(criterion = "elbow", k.min = 2, k.max = 3), "at least 3 values of k"))
	for (b in bad)
		expect_error(do.call(cseg_select_k, c(list(x), b[[1]])), b[[2]], class = "cseg_error",
			fixed = TRUE)
	expect_error(cseg_select_k(x, criterion = "best"), "should be one of")
	expect_error(cseg_select_k(x, gap.rule = "max"), "should be one of")
	y <- x
	y[3, 2] <- NA
	expect_error(cseg_select_k(y, 1, 3), class = "cseg_error")
	y[3, 2] <- Inf
	expect_error(cseg_select_k(y, 1, 3), class = "cseg_error")
	expect_error(cseg_select_k(letters), class = "cseg_error")
	expect_error(cseg_select_k(x[0, ], 1, 3), class = "cseg_error")
	expect_error(cseg_max_se(c(0.1, 0.2), 0.1), "f has 2 values but SE.f has 1",
		class = "cseg_error")
	expect_error(cseg_max_se(c(0.1, NA), c(0.1, 0.1)), class = "cseg_error")
	expect_error(cseg_max_se(numeric(0), numeric(0)), class = "cseg_error")
	expect_error(cseg_max_se(0.1, 0.1, SE.factor = -1), class = "cseg_error")
})
