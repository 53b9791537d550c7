# Rule-based and hybrid segments against the same rules evaluated in R.

rule_data <- function(n = 200, seed = 5) {
	set.seed(seed)
	d <- data.frame(recency = sample(0:200, n, TRUE), frequency = rpois(n, 4),
		monetary = round(rexp(n, 1 / 300), 2))
	d$recency[c(3, 17)] <- NA
	d
}

rules_text <- c(
	"# VIPs first: the first rule that matches wins",
	'monetary > 600 and recency < 60 -> "VIP"',
	'frequency >= 7 or (monetary / frequency) > 400 -> "Loyal"',
	"recency is missing -> 'No purchase yet'",
	'frequency > 1000 -> "Never"')

test_that("rules segment customers first-match-wins, with a report", {
	d <- rule_data()
	ru <- cseg_rules(rules_text)
	expect_s3_class(ru, "cseg_rules")
	expect_identical(ru$rules$segment, c("VIP", "Loyal", "No purchase yet", "Never"))
	expect_identical(ru$rules$line, 2:5)
	res <- predict(ru, d)
	expect_s3_class(res, "cseg_rules_result")
	# the same conditions in R (comparisons with NA are false)
	c1 <- with(d, !is.na(recency) & monetary > 600 & recency < 60)
	c2 <- with(d, frequency >= 7 | (monetary / frequency) > 400)
	c2[is.na(c2)] <- FALSE
	c3 <- is.na(d$recency)
	c4 <- d$frequency > 1000
	hits <- cbind(c1, c2, c3, c4)
	first <- apply(hits, 1, function(h) if (any(h)) which(h)[1L] else NA_integer_)
	want <- c(ru$rules$segment, "Unclassified")[ifelse(is.na(first), 5L, first)]
	expect_identical(as.character(res$segment), want)
	expect_identical(unname(res$rule), first)
	expect_identical(unname(res$n_matching), as.integer(rowSums(hits)))
	rep <- res$report
	expect_identical(rep$rules$won, as.integer(tabulate(first, 4)))
	expect_identical(rep$rules$matched, as.integer(colSums(hits)))
	expect_identical(rep$n_overlapping, sum(rowSums(hits) > 1L))
	expect_identical(rep$n_unmatched, sum(is.na(first)))
	expect_identical(rep$unused_rules, 4L)
	expect_false(rep$hybrid)
	expect_output(print(res), "Unused rule\\(s\\): 4")
	expect_output(print(ru), "4 rule\\(s\\)")
})

test_that("hybrid mode keeps clusters for unmatched customers and sees `cluster`", {
	d <- rule_data()[, c("frequency", "monetary")]
	cl <- rep(1:3, length.out = nrow(d))
	ru <- cseg_rules('cluster == 2 and monetary < 100 -> "Bargain hunters"', fallback = "Rest")
	res <- predict(ru, d, clusters = cl)
	bargain <- cl == 2 & d$monetary < 100
	want <- ifelse(bargain, "Bargain hunters", paste("Cluster", cl))
	expect_identical(as.character(res$segment), want)
	expect_identical(levels(res$segment), c("Bargain hunters", paste("Cluster", 1:3)))
	expect_true(res$report$hybrid)
	expect_identical(res$report$n_unmatched, sum(!bargain))
	# without clusters the fallback name is used and `cluster` is unknown
	expect_cseg_error(predict(ru, d), cseg:::cseg_status_CSEG_E_INVALID_ARG_get(), "cluster")
	res2 <- predict(cseg_rules('monetary < 100 -> "Low"', "Rest"), d)
	expect_identical(as.character(res2$segment), ifelse(d$monetary < 100, "Low", "Rest"))
})

test_that("rule sets survive saveRDS and are parsed again", {
	d <- rule_data()
	ru <- cseg_rules(rules_text)
	path <- tempfile(fileext = ".rds")
	on.exit(unlink(path))
	saveRDS(ru, path)
	ru2 <- readRDS(path)
	expect_false(cseg:::C_handle_valid(ru2$handle$ptr))
	expect_identical(predict(ru2, d)$segment, predict(ru, d)$segment)
	expect_true(cseg:::C_handle_valid(ru2$handle$ptr))
})

test_that("parse errors and bad inputs raise cseg_error", {
	d <- rule_data()
	fmt <- cseg:::cseg_status_CSEG_E_FORMAT_get()
	inv <- cseg:::cseg_status_CSEG_E_INVALID_ARG_get()
	expect_cseg_error(cseg_rules('monetary > 1 -> "a"\nrecency 12 -> "b"'), fmt,
		"line 2, column 9")
	expect_cseg_error(cseg_rules('monetary > 1 -> "a'), fmt, "line 1, column")
	expect_cseg_error(cseg_rules(paste0(strrep("(", 100), "x > 1", strrep(")", 100), ' -> "a"')),
		fmt)
	expect_cseg_error(cseg_rules(NA_character_), inv)
	expect_cseg_error(cseg_rules(1), inv)
	expect_cseg_error(cseg_rules("x > 1 -> 'a'", fallback = ""), inv)
	ru <- cseg_rules('spend > 1 -> "a"')
	expect_cseg_error(predict(ru, d), inv, "spend")
	ru <- cseg_rules('monetary > 1 -> "a"')
	expect_cseg_error(predict(ru), inv, "newdata")
	expect_cseg_error(predict(ru, d, clusters = 1:3), inv, "labels for")
	expect_cseg_error(predict(ru, d, clusters = rep(-1, nrow(d))), inv, "whole number")
	expect_cseg_error(predict(ru, d, clusters = rep("a", nrow(d))), inv)
	expect_cseg_error(predict(ru, data.frame(monetary = "x")), inv, "not numeric")
	# an empty rule set is valid: everyone falls back
	res <- predict(cseg_rules("# nothing yet"), d)
	expect_true(all(res$segment == "Unclassified"))
})

test_that("rule sets are freed", {
	d <- rule_data(30)
	gc()
	base <- cseg_live_handles()
	for (i in 1:20)
		res <- predict(cseg_rules(rules_text), d)
	try(cseg_rules("x >"), silent = TRUE)
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
	ru <- cseg_rules(rules_text)
	expect_equal(cseg_live_handles(), base + 1)
	rm(ru)
	gc(); gc()
	expect_equal(cseg_live_handles(), base)
})
