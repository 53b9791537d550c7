/* Fixture access shared by the tests of lib/prep: the numbers and data
 * written by tests/fixtures/prep/gen_prep.py. */
#ifndef CSEG_TEST_PREP_FIXTURE_H
#define CSEG_TEST_PREP_FIXTURE_H

#include <math.h>

#include "fixture_values.h"

#define FIX "prep/prep_reference.txt"
#define TOL 1e-12

static const char *const columns[5] = { "spend", "visits", "score", "region", "flat" };

/* |got - want| <= TOL * max(1, |want|), elementwise. */
static inline void check_values(const double *got, int64_t n, const char *key)
{
	int64_t m = 0;
	double *want = fixture_values(FIX, key, &m);

	ck_assert_msg(m == n, "%s: %lld values, cseg has %lld", key, (long long)m, (long long)n);
	for (int64_t i = 0; i < n; i++)
		ck_assert_msg(fabs(got[i] - want[i]) <= TOL * fmax(1.0, fabs(want[i])),
			"%s[%lld] = %.17g, sklearn %.17g", key, (long long)i, got[i], want[i]);
	free(want);
}

static inline void check_dataset(const cseg_dataset *ds, const char *key)
{
	int64_t n = cseg_dataset_n_rows(ds) * cseg_dataset_n_cols(ds);
	double *x = malloc((size_t)n * sizeof(double));

	ck_assert_ok(cseg_dataset_copy_data(ds, x, n));
	check_values(x, n, key);
	free(x);
}

/* "train" or "new" from the fixture, all five columns, or only column `only`
 * (>= 0). IDs are "t0", "t1", ... or "n0", ... */
static inline cseg_dataset *load(const char *which, int only)
{
	char key[32], idbuf[64][24];
	const char *ids[64];
	int64_t n = 0, shape_n = 0;
	double *shape, *all;
	cseg_dataset *ds = NULL;
	int64_t rows, cols = 5;

	snprintf(key, sizeof(key), "%s_shape", which);
	shape = fixture_values(FIX, key, &shape_n);
	rows = (int64_t)shape[0];
	free(shape);
	all = fixture_values(FIX, which, &n);
	ck_assert_int_eq(n, rows * cols);
	if (only >= 0) {
		for (int64_t i = 0; i < rows; i++)
			all[i] = all[i * cols + only];
		cols = 1;
	}
	ck_assert_ok(cseg_dataset_new(&ds, all, rows, cols, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, only >= 0 ? &columns[only] : columns, cols));
	for (int64_t i = 0; i < rows; i++) {
		snprintf(idbuf[i], sizeof(idbuf[i]), "%c%lld", which[0], (long long)i);
		ids[i] = idbuf[i];
	}
	ck_assert_ok(cseg_dataset_set_ids(ds, ids, rows));
	free(all);
	return ds;
}

/* spend: median, log1p + z-score, weight 4; visits: indicator + min-max;
 * score: drop row + robust, weight 1/4; region: one-hot (mode), weight 2;
 * flat: mean + z-score. */
static inline cseg_prep *combo_prep(void)
{
	cseg_prep *p = NULL;

	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_column(p, "spend", CSEG_MISSING_MEDIAN, 0,
		CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_ZSCORE, 4.0));
	ck_assert_ok(cseg_prep_set_column(p, "visits", CSEG_MISSING_INDICATOR, 0,
		CSEG_TRANSFORM_MINMAX, 1.0));
	ck_assert_ok(cseg_prep_set_column(p, "score", CSEG_MISSING_DROP_ROW, 0,
		CSEG_TRANSFORM_ROBUST, 0.25));
	ck_assert_ok(cseg_prep_set_column(p, "region", CSEG_MISSING_MEAN, 0,
		CSEG_TRANSFORM_NONE, 2.0));
	ck_assert_ok(cseg_prep_set_categorical(p, "region"));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_MEAN, CSEG_TRANSFORM_ZSCORE));
	return p;
}

#endif /* CSEG_TEST_PREP_FIXTURE_H */
