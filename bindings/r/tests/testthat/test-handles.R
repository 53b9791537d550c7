test_that("version and handle counter are exposed", {
	expect_match(cseg_version(), "^[0-9]+\\.[0-9]+\\.[0-9]+$")
	expect_true(is.numeric(cseg_live_handles()))
})

test_that("1000 fits free every handle and memory stays flat", {
	x <- blobs(n_per = 30)
	# One thread: on a loaded machine OpenMP's spinning makes tiny fits slow,
	# and this test is about memory, not speed.
	threads <- cseg:::C_get_max_threads()
	cseg:::C_set_max_threads(1L)
	on.exit(cseg:::C_set_max_threads(threads))
	gc()
	base <- cseg_live_handles()
	fit_loop <- function(times) {
		for (i in seq_len(times)) {
			fit <- cseg_kmeans(x, 3, seed = i)
			p <- predict(fit, x[1:5, ])
		}
		invisible(NULL)
	}
	fit_loop(100)
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
	rss0 <- rss_kb()
	fit_loop(1000)
	# the last fit still referenced would keep one model; the loop's are gone
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
	rss1 <- rss_kb()
	if (!is.na(rss0))
		expect_lt(rss1 - rss0, 16 * 1024)  # KB: flat, not 1000 models' worth
})

test_that("a handle is freed exactly once, whatever frees it first", {
	x <- blobs(n_per = 10)
	gc()
	base <- cseg_live_handles()
	fit <- cseg_kmeans(x, 2, seed = 1)
	expect_equal(cseg_live_handles(), base + 1)
	ptr <- fit$handle$ptr
	expect_true(cseg:::C_handle_free(ptr))
	expect_false(cseg:::C_handle_free(ptr))
	expect_equal(cseg_live_handles(), base)
	# the pointer is cleared: the object rebuilds from its bytes
	expect_identical(predict(fit, x), unname(fit$cluster))
	rm(fit, ptr)
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
})
