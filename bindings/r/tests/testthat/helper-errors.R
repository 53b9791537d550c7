# expr must fail with a cseg_error condition (of that status, whose message
# matches pattern).
expect_cseg_error <- function(expr, status = NULL, pattern = NULL) {
	err <- tryCatch({ expr; NULL }, error = function(e) e)
	expect_s3_class(err, c("cseg_error", "error", "condition"), exact = TRUE)
	if (!is.null(status))
		expect_identical(err$status, as.integer(status))
	if (!is.null(pattern))
		expect_match(conditionMessage(err), pattern)
	invisible(err)
}
