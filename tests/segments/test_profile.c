/* Segment profiles against pandas (tests/fixtures/segments/gen_segments.py)
 * on the wholesale data, automatic names and renaming. */
#include <math.h>
#include <stdint.h>
#include <unistd.h>

#include "test_util.h"
#include "fixture_values.h"

#define FIX "segments/profile_wholesale.txt"

static const char *wholesale_path(void)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s", test_data("wholesale_customers.csv"));
	if (access(path, R_OK) != 0)
		snprintf(path, sizeof(path), "%s", test_data("wholesale/wholesale_customers.csv"));
	return path;
}

/* The six spending columns, and labels = column `by` - 1. */
static cseg_dataset *wholesale(const char *by, int64_t *labels)
{
	static const char *features[] = {"Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper",
		"Delicassen"};
	cseg_dataset *ds = NULL, *lab = NULL;
	double v[440];

	ck_assert_ok(cseg_dataset_read_csv(&ds, wholesale_path(), ',', NULL, features, 6));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 440);
	if (labels) {
		ck_assert_ok(cseg_dataset_read_csv(&lab, wholesale_path(), ',', NULL, &by, 1));
		ck_assert_ok(cseg_dataset_copy_data(lab, v, 440));
		for (int i = 0; i < 440; i++)
			labels[i] = (int64_t)v[i] - 1;
		cseg_dataset_free(lab);
	}
	return ds;
}

static void check_stat(const cseg_profile *p, int stat, const char *key)
{
	int64_t n = 0, k = cseg_profile_n_segments(p), d = cseg_profile_n_features(p);
	double *want = fixture_values(FIX, key, &n);
	double *got = malloc((size_t)(k * d) * sizeof(double));

	ck_assert_int_eq(n, k * d);
	ck_assert_ok(cseg_profile_get_stat(p, stat, got, k * d));
	for (int64_t c = 0; c < n; c++)
		ck_assert_msg(fabs(got[c] - want[c]) <= 1e-12 * fabs(want[c]) + 1e-12,
			"%s[%lld] = %.17g, pandas %.17g", key, (long long)c, got[c], want[c]);
	free(want);
	free(got);
}

static void check_partition(const char *by)
{
	int64_t labels[440], n, k;
	cseg_dataset *ds = wholesale(by, labels);
	cseg_profile *p = NULL;
	char key[64];
	double *want, got[6], shares[3];
	int64_t sizes[3];

	snprintf(key, sizeof(key), "%s_k", by);
	want = fixture_values(FIX, key, &n);
	k = (int64_t)want[0];
	free(want);
	ck_assert_ok(cseg_profile_new(&p, ds, labels, 440, k));
	ck_assert_int_eq(cseg_profile_n_segments(p), k);
	ck_assert_int_eq(cseg_profile_n_features(p), 6);
	ck_assert_str_eq(cseg_profile_feature_name(p, 4), "Detergents_Paper");

	snprintf(key, sizeof(key), "%s_sizes", by);
	want = fixture_values(FIX, key, &n);
	ck_assert_ok(cseg_profile_get_sizes(p, sizes, k));
	ck_assert_ok(cseg_profile_get_shares(p, shares, k));
	for (int64_t s = 0; s < k; s++) {
		ck_assert_int_eq(sizes[s], (int64_t)want[s]);
		ck_assert_double_eq_tol(shares[s], want[s] / 440.0, 1e-15);
	}
	free(want);
	snprintf(key, sizeof(key), "%s_mean", by);
	check_stat(p, CSEG_PROFILE_MEAN, key);
	snprintf(key, sizeof(key), "%s_median", by);
	check_stat(p, CSEG_PROFILE_MEDIAN, key);
	snprintf(key, sizeof(key), "%s_std", by);
	check_stat(p, CSEG_PROFILE_STD, key);
	snprintf(key, sizeof(key), "%s_index", by);
	check_stat(p, CSEG_PROFILE_INDEX, key);
	snprintf(key, sizeof(key), "%s_smd", by);
	check_stat(p, CSEG_PROFILE_SMD, key);

	static const char *pop_keys[3] = {"pop_mean", "pop_median", "pop_std"};
	for (int t = 0; t < 3; t++) {
		want = fixture_values(FIX, pop_keys[t], &n);
		ck_assert_int_eq(n, 6);
		ck_assert_ok(cseg_profile_get_population(p, t, got, 6));
		for (int j = 0; j < 6; j++)
			ck_assert_double_eq_tol(got[j], want[j], 1e-12 * fabs(want[j]));
		free(want);
	}
	ck_assert_ok(cseg_profile_get_population(p, CSEG_PROFILE_INDEX, got, 6));
	ck_assert_double_eq(got[0], 100);
	ck_assert_ok(cseg_profile_get_population(p, CSEG_PROFILE_SMD, got, 6));
	ck_assert_double_eq(got[0], 0);

	/* Rankings by |SMD|, checked against the fixture's SMD. */
	snprintf(key, sizeof(key), "%s_smd", by);
	want = fixture_values(FIX, key, &n);
	for (int64_t s = 0; s < k; s++) {
		int64_t rank[6];

		ck_assert_ok(cseg_profile_get_ranking(p, s, rank, 6));
		for (int r = 0; r + 1 < 6; r++)
			ck_assert(fabs(want[s * 6 + rank[r]]) >= fabs(want[s * 6 + rank[r + 1]]));
	}
	free(want);
	if (strcmp(by, "Channel") == 0) {
		/* Horeca buys less Detergents_Paper and Grocery; Retail more. */
		ck_assert_str_eq(cseg_profile_segment_name(p, 0), "Low Detergents Paper, low Grocery");
		ck_assert_str_eq(cseg_profile_segment_name(p, 1), "High Detergents Paper, high Grocery");
	} else {
		/* Regions barely differ: no feature reaches |SMD| 0.25. */
		ck_assert_str_eq(cseg_profile_segment_name(p, 0), "Typical");
		ck_assert_str_eq(cseg_profile_segment_name(p, 1), "Typical (2)");
		ck_assert_str_eq(cseg_profile_segment_name(p, 2), "Typical (3)");
	}
	cseg_profile_free(p);
	cseg_dataset_free(ds);
}

START_TEST(wholesale_by_channel)
{
	check_partition("Channel");
}
END_TEST

START_TEST(wholesale_by_region)
{
	check_partition("Region");
}
END_TEST

/* Three segments of 4 customers on RFM-named columns. */
START_TEST(rfm_hint_names)
{
	static const double x[] = {
		/* days_since_last, orders, total_spend, tenure_days */
		5, 20, 900, 700,
		8, 25, 1100, 650,
		3, 18, 1000, 720,
		6, 22, 950, 680,
		300, 1, 20, 100,
		280, 2, 30, 90,
		320, 1, 25, 120,
		310, 1, 15, 110,
		/* exactly the population means: (segment 0 + segment 1) / 2 */
		150, 11, 500, 400,
		158, 12, 510, 390,
		152, 10, 495, 395,
		156, 12, 515, 400,
	};
	static const char *names[] = {"days_since_last", "orders", "total_spend", "tenure_days"};
	static const int64_t labels[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
	cseg_dataset *ds = NULL;
	cseg_profile *p = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, x, 12, 4, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, names, 4));
	ck_assert_ok(cseg_profile_new(&p, ds, labels, 12, 3));
	ck_assert_str_eq(cseg_profile_segment_name(p, 0), "Recent long-standing high-spend frequent");
	ck_assert_str_eq(cseg_profile_segment_name(p, 1), "Lapsed new low-spend occasional");
	/* Segment 2 sits near the middle on every feature. */
	ck_assert_str_eq(cseg_profile_segment_name(p, 2), "Typical");

	/* Renaming: unique, non-empty names only. */
	ck_assert_ok(cseg_profile_set_segment_name(p, 2, "Steady middle"));
	ck_assert_str_eq(cseg_profile_segment_name(p, 2), "Steady middle");
	ck_assert_status(cseg_profile_set_segment_name(p, 1, "Steady middle"), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "cseg_profile_set_segment_name: segment 2 is already called "
		"'Steady middle'; names must be unique");
	ck_assert_ok(cseg_profile_set_segment_name(p, 2, "Steady middle")); /* same segment: fine */
	ck_assert_status(cseg_profile_set_segment_name(p, 1, ""), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_set_segment_name(p, 3, "x"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_set_segment_name(p, -1, "x"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_set_segment_name(p, 0, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_set_segment_name(NULL, 0, "x"), CSEG_E_INVALID_ARG);
	cseg_profile_free(p);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(missing_values_and_empty_segments)
{
	static const double x[] = {
		1, 10,
		NAN, 20,
		3, NAN,
		5, 40,
	};
	static const int64_t labels[4] = {0, 0, 2, 2};
	cseg_dataset *ds = NULL;
	cseg_profile *p = NULL;
	double mean[6], median[6], sd[6], pop[2];
	int64_t sizes[3], rank[2];

	ck_assert_ok(cseg_dataset_new(&ds, x, 4, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_profile_new(&p, ds, labels, 4, 3));
	ck_assert_ok(cseg_profile_get_sizes(p, sizes, 3));
	ck_assert_int_eq(sizes[0], 2);
	ck_assert_int_eq(sizes[1], 0);
	ck_assert_int_eq(sizes[2], 2);
	ck_assert_ok(cseg_profile_get_stat(p, CSEG_PROFILE_MEAN, mean, 6));
	ck_assert_ok(cseg_profile_get_stat(p, CSEG_PROFILE_MEDIAN, median, 6));
	ck_assert_ok(cseg_profile_get_stat(p, CSEG_PROFILE_STD, sd, 6));
	/* Missing cells are skipped per feature. */
	ck_assert_double_eq(mean[0], 1);
	ck_assert_double_eq(mean[1], 15);
	ck_assert(isnan(mean[2]) && isnan(mean[3]));
	ck_assert_double_eq(mean[4], 4);
	ck_assert_double_eq(mean[5], 40);
	ck_assert_double_eq(median[1], 15);
	ck_assert_double_eq(median[4], 4);
	ck_assert(isnan(sd[0]));            /* one value */
	ck_assert_double_eq_tol(sd[4], sqrt(2.0), 1e-15);
	ck_assert_ok(cseg_profile_get_population(p, CSEG_PROFILE_MEAN, pop, 2));
	ck_assert_double_eq(pop[0], 3);
	ck_assert_double_eq_tol(pop[1], 70.0 / 3.0, 1e-13);
	ck_assert_ok(cseg_profile_get_population(p, CSEG_PROFILE_MEDIAN, pop, 2));
	ck_assert_double_eq(pop[0], 3);
	ck_assert_double_eq(pop[1], 20);
	ck_assert_str_eq(cseg_profile_segment_name(p, 1), "Empty segment");
	ck_assert_ok(cseg_profile_get_ranking(p, 1, rank, 2));
	ck_assert_int_eq(rank[0], 0); /* all NaN: column order */
	cseg_profile_free(p);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(duplicate_names_get_numbers)
{
	/* Segments 0 and 2 are the same high-x group. */
	static const double x[] = {10, 10, 0, 0, 0, 0, 10, 10};
	static const int64_t labels[8] = {0, 0, 1, 1, 1, 1, 2, 2};
	static const char *names[] = {"x"};
	cseg_dataset *ds = NULL;
	cseg_profile *p = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, x, 8, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, names, 1));
	ck_assert_ok(cseg_profile_new(&p, ds, labels, 8, 3));
	/* "x" alone is a frequency hint (BTYD repeat purchases). */
	ck_assert_str_eq(cseg_profile_segment_name(p, 0), "Frequent");
	ck_assert_str_eq(cseg_profile_segment_name(p, 1), "Occasional");
	ck_assert_str_eq(cseg_profile_segment_name(p, 2), "Frequent (2)");
	cseg_profile_free(p);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(bad_arguments)
{
	static const double x[] = {1, 2, 3, 4};
	static const int64_t labels[4] = {0, 1, 0, 1};
	static const int64_t bad[4] = {0, 1, 2, 1};
	cseg_dataset *ds = NULL;
	cseg_profile *p = (cseg_profile *)&p;
	int64_t ib[4];
	double db[8];

	ck_assert_ok(cseg_dataset_new(&ds, x, 4, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_profile_new(NULL, ds, labels, 4, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_new(&p, NULL, labels, 4, 2), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(p);
	ck_assert_status(cseg_profile_new(&p, ds, NULL, 4, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_new(&p, ds, labels, 3, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_new(&p, ds, labels, 0, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_new(&p, ds, labels, 4, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_new(&p, ds, labels, 4, 5), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_new(&p, ds, bad, 4, 2), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "cseg_profile_new: labels[2] = 2 is outside 0..k-1 = 0..1");
	ck_assert_ptr_null(p);
	cseg_profile_free(NULL);
	ck_assert_int_eq(cseg_profile_n_segments(NULL), -1);
	ck_assert_int_eq(cseg_profile_n_features(NULL), -1);
	ck_assert_ptr_null(cseg_profile_feature_name(NULL, 0));
	ck_assert_ptr_null(cseg_profile_segment_name(NULL, 0));
	ck_assert_status(cseg_profile_get_sizes(NULL, ib, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_shares(NULL, db, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_stat(NULL, 0, db, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_population(NULL, 0, db, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_ranking(NULL, 0, ib, 1), CSEG_E_INVALID_ARG);

	ck_assert_ok(cseg_profile_new(&p, ds, labels, 4, 2));
	ck_assert_ptr_null(cseg_profile_feature_name(p, 1));
	ck_assert_ptr_null(cseg_profile_feature_name(p, -1));
	ck_assert_ptr_null(cseg_profile_segment_name(p, 2));
	ck_assert_status(cseg_profile_get_sizes(p, ib, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_sizes(p, NULL, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_shares(p, db, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_stat(p, 0, db, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_stat(p, 5, db, 2), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_profile_get_stat(p, -1, db, 2), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_profile_get_population(p, 9, db, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_profile_get_population(p, 0, db, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_ranking(p, 2, ib, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_profile_get_ranking(p, 0, ib, 2), CSEG_E_INVALID_ARG);
	/* The profile keeps no pointer to the dataset. */
	cseg_dataset_free(ds);
	ck_assert_ok(cseg_profile_get_stat(p, CSEG_PROFILE_MEAN, db, 2));
	ck_assert_double_eq(db[0], 2);
	ck_assert_double_eq(db[1], 3);
	cseg_profile_free(p);
	ck_assert_int_eq(cseg_live_handles(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, wholesale_by_channel);
	tcase_add_test(tc, wholesale_by_region);
	tcase_add_test(tc, rfm_hint_names);
	tcase_add_test(tc, missing_values_and_empty_segments);
	tcase_add_test(tc, duplicate_names_get_numbers);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
