/* Small helpers shared by the Check suites. */
#ifndef CSEG_TEST_UTIL_H
#define CSEG_TEST_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cseg/cseg.h"

/* Assert a status, printing cseg_last_error() when it differs. */
#define ck_assert_status(expr, expected) do { \
	cseg_status st_ = (expr); \
	ck_assert_msg(st_ == (expected), "%s returned %d (%s), expected %d; last error: %s", \
		#expr, (int)st_, cseg_status_str(st_), (int)(expected), cseg_last_error()); \
} while (0)

#define ck_assert_ok(expr) ck_assert_status((expr), CSEG_OK)

/* Relative comparison with an absolute floor for values near zero. */
#define ck_assert_rel(a, b, rel) do { \
	double a_ = (a), b_ = (b); \
	double scale_ = fabs(b_) > 1e-300 ? fabs(b_) : 1.0; \
	ck_assert_msg(fabs(a_ - b_) <= (rel) * scale_, "%s = %.17g, expected %.17g (rel %g)", \
		#a, a_, b_, (double)(rel)); \
} while (0)

/* Path of a fixture file: $CSEG_FIXTURES/name (tests/fixtures when unset). */
static inline const char *test_fixture(const char *name)
{
	static _Thread_local char path[4096];
	const char *dir = getenv("CSEG_FIXTURES");
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures", name);
	return path;
}

/* Path of a bundled data file: $CSEG_DATA/name (data/ when unset). */
static inline const char *test_data(const char *name)
{
	static _Thread_local char path[4096];
	const char *dir = getenv("CSEG_DATA");
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "data", name);
	return path;
}

/* Run one suite and return the process exit status. */
static inline int test_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* CSEG_TEST_UTIL_H */
