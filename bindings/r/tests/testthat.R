library(testthat)
library(cseg)

test_check("cseg")
