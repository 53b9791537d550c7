# Run the package's testthat suite against the installed cseg (R_LIBS).
# usage: Rscript run_tests.R TESTDIR
args <- commandArgs(trailingOnly = TRUE)
library(testthat)
library(cseg)
res <- testthat::test_dir(args[[1L]], package = "cseg", load_package = "installed",
	reporter = "summary", stop_on_failure = TRUE)
invisible(res)
