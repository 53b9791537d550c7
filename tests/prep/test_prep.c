/* Preprocessing against scikit-learn (tests/fixtures/prep/gen_prep.py):
 * every missing-value policy and transform, combinations, weights, one-hot
 * with unseen levels, drop-row counts, fitted statistics reused on new data;
 * error messages, constant and all-missing columns, the encoding (round
 * trip, every truncation, forged bytes) and bad arguments. */
#include <math.h>
#include <pthread.h>
#include <unistd.h>

#include "test_util.h"
#include "prep_fixture.h"
#include "io/model_file.h"
#include "prep/prep_internal.h"

static int64_t handles_at_start;

static void setup(void)
{
	handles_at_start = cseg_live_handles();
}

static void teardown(void)
{
	ck_assert_int_eq(cseg_live_handles(), handles_at_start);
}

static const char *const imp_names[3] = { "mean", "median", "const" };
static const int imp_policy[3] = { CSEG_MISSING_MEAN, CSEG_MISSING_MEDIAN, CSEG_MISSING_CONSTANT };
static const char *const tf_names[8] = { "none", "zscore", "minmax", "robust",
	"log1p", "log1p_zscore", "log1p_minmax", "log1p_robust" };

START_TEST(numeric_policies_and_transforms)
{
	int n_cases = 0;

	for (int col = 0; col < 3; col++) {
		cseg_dataset *train = load("train", col), *fresh = load("new", col);

		for (int imp = 0; imp < 3; imp++) {
			for (int tf = 0; tf < (col == 2 ? 4 : 8); tf++) {
				int transform = (tf & 3) | (tf >= 4 ? CSEG_TRANSFORM_LOG1P : 0);
				cseg_prep *p = NULL;
				cseg_dataset *a = NULL, *b = NULL;
				double stats[3];
				int64_t dropped = -1;
				char key[96];

				ck_assert_ok(cseg_prep_new(&p));
				ck_assert_ok(cseg_prep_set_column(p, columns[col], imp_policy[imp], 2.5,
					transform, 1.0));
				ck_assert_ok(cseg_prep_fit_transform(p, train, &a, &dropped));
				ck_assert_int_eq(dropped, 0);
				ck_assert_int_eq(cseg_prep_n_outputs(p), 1);
				ck_assert_str_eq(cseg_prep_output_name(p, 0), columns[col]);
				snprintf(key, sizeof(key), "%s_%s_%s_train", columns[col], imp_names[imp],
					tf_names[tf]);
				check_dataset(a, key);
				/* New data: the training statistics, not refitted. */
				ck_assert_ok(cseg_prep_transform(p, fresh, &b, NULL));
				snprintf(key, sizeof(key), "%s_%s_%s_new", columns[col], imp_names[imp],
					tf_names[tf]);
				check_dataset(b, key);
				for (int s = 0; s < 3; s++)
					ck_assert_ok(cseg_prep_get_stat(p, columns[col], s, &stats[s]));
				snprintf(key, sizeof(key), "%s_%s_%s_stats", columns[col], imp_names[imp],
					tf_names[tf]);
				check_values(stats, 3, key);
				ck_assert_int_gt(cseg_dataset_n_missing(fresh), 0);
				ck_assert_int_eq(cseg_prep_n_imputed(p, columns[col]),
					cseg_dataset_n_missing(fresh));
				ck_assert_int_eq(cseg_prep_n_unseen(p, columns[col]), 0);
				cseg_dataset_free(a);
				cseg_dataset_free(b);
				cseg_prep_free(p);
				n_cases++;
			}
		}
		cseg_dataset_free(train);
		cseg_dataset_free(fresh);
	}
	ck_assert_int_eq(n_cases, 2 * 3 * 8 + 3 * 4);
}
END_TEST

START_TEST(default_settings_apply_to_unnamed_columns)
{
	cseg_dataset *train = load("train", 0), *a = NULL;
	cseg_prep *p = NULL;

	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_MEDIAN,
		CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_ROBUST));
	ck_assert_ok(cseg_prep_fit_transform(p, train, &a, NULL));
	check_dataset(a, "spend_median_log1p_robust_train");
	cseg_dataset_free(a);
	cseg_prep_free(p);
	cseg_dataset_free(train);
}
END_TEST

static void check_categorical(const char *how, int policy, double constant)
{
	cseg_dataset *train = load("train", 3), *fresh = load("new", 3), *a = NULL, *b = NULL;
	cseg_prep *p = NULL;
	int64_t n_lev = 0, n_unseen = 0;
	double *levels, *unseen, nl = 0;
	char key[64];
	int ind = policy == CSEG_MISSING_INDICATOR;

	snprintf(key, sizeof(key), "region_%s_levels", how);
	levels = fixture_values(FIX, key, &n_lev);
	ck_assert_ok(cseg_prep_new(&p));
	/* Order of the calls does not matter: categorical keeps the policy. */
	ck_assert_ok(cseg_prep_set_categorical(p, "region"));
	ck_assert_ok(cseg_prep_set_column(p, "region", policy, constant, CSEG_TRANSFORM_NONE, 1.0));
	ck_assert_ok(cseg_prep_fit_transform(p, train, &a, NULL));
	ck_assert_int_eq(cseg_prep_n_outputs(p), n_lev + ind);
	for (int64_t l = 0; l < n_lev; l++) {
		char name[32];

		snprintf(name, sizeof(name), "region=%g", levels[l]);
		ck_assert_str_eq(cseg_prep_output_name(p, l), name);
		ck_assert_str_eq(cseg_dataset_column_name(a, l), name);
	}
	if (ind)
		ck_assert_str_eq(cseg_prep_output_name(p, n_lev), "region_missing");
	ck_assert_ok(cseg_prep_get_stat(p, "region", CSEG_PREP_STAT_N_LEVELS, &nl));
	ck_assert_int_eq((int64_t)nl, n_lev);
	snprintf(key, sizeof(key), "region_%s_train", how);
	check_dataset(a, key);
	ck_assert_ok(cseg_prep_transform(p, fresh, &b, NULL));
	snprintf(key, sizeof(key), "region_%s_new", how);
	check_dataset(b, key);
	snprintf(key, sizeof(key), "region_%s_unseen", how);
	unseen = fixture_values(FIX, key, &n_unseen);
	ck_assert_int_eq(cseg_prep_n_unseen(p, "region"), (int64_t)unseen[0]);
	ck_assert_int_gt(cseg_prep_n_unseen(p, "region"), 0);
	ck_assert_int_eq(cseg_prep_n_imputed(p, "region"), ind ? 0 : cseg_dataset_n_missing(fresh));
	free(levels);
	free(unseen);
	cseg_dataset_free(a);
	cseg_dataset_free(b);
	cseg_dataset_free(train);
	cseg_dataset_free(fresh);
	cseg_prep_free(p);
}

START_TEST(one_hot_with_unseen_levels)
{
	check_categorical("mode", CSEG_MISSING_MEAN, 0);
	check_categorical("mode", CSEG_MISSING_MEDIAN, 0);
	check_categorical("const", CSEG_MISSING_CONSTANT, 0);
	check_categorical("ind", CSEG_MISSING_INDICATOR, 0);
}
END_TEST

static void check_kept_ids(const cseg_dataset *out, const char *key, char prefix)
{
	int64_t n = 0;
	double *rows = fixture_values(FIX, key, &n);

	ck_assert_int_eq(cseg_dataset_n_rows(out), n);
	for (int64_t i = 0; i < n; i++) {
		char id[16];

		snprintf(id, sizeof(id), "%c%d", prefix, (int)rows[i]);
		ck_assert_str_eq(cseg_dataset_id(out, i), id);
	}
	free(rows);
}

START_TEST(combination_weights_and_dropped_rows)
{
	static const char *const names[] = { "spend", "visits", "visits_missing", "score",
		"region=1", "region=2", "region=3", "region=5", "flat" };
	cseg_dataset *train = load("train", -1), *fresh = load("new", -1), *a = NULL, *b = NULL;
	cseg_prep *p = combo_prep();
	int64_t dropped = -1, n_out;
	double w, *row, *got;

	ck_assert_ok(cseg_prep_fit_transform(p, train, &a, &dropped));
	ck_assert_int_eq(dropped, 4);
	ck_assert_int_eq(cseg_prep_n_dropped(p), 4);
	ck_assert_int_eq(cseg_prep_n_inputs(p), 5);
	n_out = cseg_prep_n_outputs(p);
	ck_assert_int_eq(n_out, 9);
	for (int64_t o = 0; o < n_out; o++)
		ck_assert_str_eq(cseg_prep_output_name(p, o), names[o]);
	check_dataset(a, "combo_train");
	check_kept_ids(a, "combo_train_rows", 't');
	ck_assert_ok(cseg_prep_get_stat(p, "region", CSEG_PREP_STAT_WEIGHT, &w));
	ck_assert_double_eq(w, 2.0);

	ck_assert_ok(cseg_prep_transform(p, fresh, &b, &dropped));
	ck_assert_int_eq(dropped, 1);
	check_dataset(b, "combo_new");
	check_kept_ids(b, "combo_new_rows", 'n');
	ck_assert_int_eq(cseg_prep_n_unseen(p, "region"), 5);
	ck_assert_int_eq(cseg_prep_n_unseen(p, "spend"), 0);

	/* The internal path a model uses: const handle, kept source rows. */
	{
		int64_t kept[16], n = 0;
		double *want = fixture_values(FIX, "combo_new_rows", &n);
		cseg__prep_report rep = { 0 };
		cseg_dataset *c = NULL;

		rep.kept_rows = kept;
		ck_assert_ok(cseg__prep_apply(p, fresh, &c, &rep));
		ck_assert_int_eq(rep.n_dropped, 1);
		ck_assert_int_eq(cseg_dataset_n_rows(c), n);
		for (int64_t i = 0; i < n; i++)
			ck_assert_int_eq(kept[i], (int64_t)want[i]);
		check_dataset(c, "combo_new");
		free(want);
		cseg_dataset_free(c);
	}

	/* The single-row path gives the same numbers as the batch. */
	row = malloc(5 * sizeof(double));
	got = malloc((size_t)n_out * sizeof(double));
	{
		int64_t n = cseg_dataset_n_rows(fresh), r = 0;
		double *x = malloc((size_t)n * 5 * sizeof(double));
		double *bx = malloc((size_t)cseg_dataset_n_rows(b) * (size_t)n_out * sizeof(double));

		ck_assert_ok(cseg_dataset_copy_data(fresh, x, n * 5));
		ck_assert_ok(cseg_dataset_copy_data(b, bx, cseg_dataset_n_rows(b) * n_out));
		for (int64_t i = 0; i < n; i++) {
			cseg_status st;

			memcpy(row, x + i * 5, 5 * sizeof(double));
			st = cseg_prep_transform_one(p, row, 5, got, n_out);
			if (isnan(row[2])) {
				ck_assert_int_eq(st, CSEG_E_MISSING_VALUES);
				ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'score'"));
				continue;
			}
			ck_assert_ok(st);
			for (int64_t o = 0; o < n_out; o++)
				ck_assert_double_eq(got[o], bx[r * n_out + o]);
			r++;
		}
		ck_assert_int_eq(r, cseg_dataset_n_rows(b));
		free(x);
		free(bx);
	}
	free(row);
	free(got);
	cseg_dataset_free(a);
	cseg_dataset_free(b);
	cseg_dataset_free(train);
	cseg_dataset_free(fresh);
	cseg_prep_free(p);
}
END_TEST

START_TEST(inputs_found_by_name)
{
	static const char *const shuffled[6] = { "extra", "flat", "region", "score", "visits", "spend" };
	cseg_dataset *train = load("train", -1), *fresh = load("new", -1), *perm = NULL;
	cseg_dataset *a = NULL, *b = NULL;
	cseg_prep *p = combo_prep();
	double x[16 * 5], y[16 * 6], *xa, *xb;
	int64_t n;

	ck_assert_ok(cseg_prep_fit(p, train));
	ck_assert_ok(cseg_dataset_copy_data(fresh, x, 16 * 5));
	for (int i = 0; i < 16; i++) {
		y[i * 6] = 1000.0 + i; /* ignored */
		for (int j = 0; j < 5; j++)
			y[i * 6 + 5 - j] = x[i * 5 + j];
	}
	ck_assert_ok(cseg_dataset_new(&perm, y, 16, 6, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(perm, shuffled, 6));
	ck_assert_ok(cseg_prep_transform(p, fresh, &a, NULL));
	ck_assert_ok(cseg_prep_transform(p, perm, &b, NULL));
	n = cseg_dataset_n_rows(a) * cseg_dataset_n_cols(a);
	ck_assert_int_eq(n, cseg_dataset_n_rows(b) * cseg_dataset_n_cols(b));
	xa = malloc((size_t)n * sizeof(double));
	xb = malloc((size_t)n * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(a, xa, n));
	ck_assert_ok(cseg_dataset_copy_data(b, xb, n));
	ck_assert_int_eq(memcmp(xa, xb, (size_t)n * sizeof(double)), 0);
	free(xa);
	free(xb);
	cseg_dataset_free(a);
	cseg_dataset_free(b);
	cseg_dataset_free(perm);
	cseg_dataset_free(train);
	cseg_dataset_free(fresh);
	cseg_prep_free(p);
}
END_TEST

/* Several threads share one fitted handle through transform_one. */
typedef struct worker {
	const cseg_prep *p;
	const double *x;
	int64_t n_rows;
	double *out;
	int failures;
} worker;

static void *transform_rows(void *arg)
{
	worker *w = arg;

	for (int rep = 0; rep < 200; rep++)
		for (int64_t i = 0; i < w->n_rows; i++)
			if (cseg_prep_transform_one(w->p, w->x + i * 5, 5, w->out + i * 9, 9) != CSEG_OK
				&& !isnan(w->x[i * 5 + 2]))
				w->failures++;
	return NULL;
}

START_TEST(transform_one_is_thread_safe)
{
	cseg_dataset *train = load("train", -1);
	cseg_prep *p = combo_prep();
	double x[60 * 5], ref[60 * 9], outs[4][60 * 9];
	pthread_t th[4];
	worker w[4];

	ck_assert_ok(cseg_prep_fit(p, train));
	ck_assert_ok(cseg_dataset_copy_data(train, x, 60 * 5));
	for (int64_t i = 0; i < 60; i++)
		if (!isnan(x[i * 5 + 2]))
			ck_assert_ok(cseg_prep_transform_one(p, x + i * 5, 5, ref + i * 9, 9));
	for (int t = 0; t < 4; t++) {
		w[t] = (worker){ p, x, 60, outs[t], 0 };
		ck_assert_int_eq(pthread_create(&th[t], NULL, transform_rows, &w[t]), 0);
	}
	for (int t = 0; t < 4; t++) {
		ck_assert_int_eq(pthread_join(th[t], NULL), 0);
		ck_assert_int_eq(w[t].failures, 0);
		for (int64_t i = 0; i < 60; i++)
			if (!isnan(x[i * 5 + 2]))
				ck_assert_int_eq(memcmp(outs[t] + i * 9, ref + i * 9, 9 * sizeof(double)), 0);
	}
	cseg_dataset_free(train);
	cseg_prep_free(p);
}
END_TEST

START_TEST(weight_scales_squared_distance)
{
	static const double x[8] = { 1, 10, 2, 20, 4, 40, 8, 80 };
	cseg_dataset *ds = NULL, *a = NULL, *b = NULL;
	cseg_prep *p = NULL, *q = NULL;
	double xa[8], xb[8];

	ck_assert_ok(cseg_dataset_new(&ds, x, 4, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_new(&q));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_ERROR, CSEG_TRANSFORM_ZSCORE));
	ck_assert_ok(cseg_prep_set_default(q, CSEG_MISSING_ERROR, CSEG_TRANSFORM_ZSCORE));
	ck_assert_ok(cseg_prep_set_column(q, "x1", CSEG_MISSING_ERROR, 0, CSEG_TRANSFORM_ZSCORE, 9.0));
	ck_assert_ok(cseg_prep_fit_transform(p, ds, &a, NULL));
	ck_assert_ok(cseg_prep_fit_transform(q, ds, &b, NULL));
	ck_assert_ok(cseg_dataset_copy_data(a, xa, 8));
	ck_assert_ok(cseg_dataset_copy_data(b, xb, 8));
	for (int i = 0; i < 4; i++) {
		double d0 = xb[2 * i + 1] - xb[1], e0 = xa[2 * i + 1] - xa[1];

		ck_assert_double_eq(xb[2 * i], xa[2 * i]);
		ck_assert_double_eq_tol(xb[2 * i + 1], 3.0 * xa[2 * i + 1], 1e-15);
		/* Weight 9 multiplies the squared difference by 9. */
		ck_assert_double_eq_tol(d0 * d0, 9.0 * e0 * e0, 1e-13);
	}
	/* Weight 0 silences a column. */
	ck_assert_ok(cseg_prep_set_column(q, "x1", CSEG_MISSING_ERROR, 0, CSEG_TRANSFORM_ZSCORE, 0.0));
	cseg_dataset_free(b);
	ck_assert_ok(cseg_prep_fit_transform(q, ds, &b, NULL));
	ck_assert_ok(cseg_dataset_copy_data(b, xb, 8));
	for (int i = 0; i < 4; i++)
		ck_assert_double_eq(xb[2 * i + 1], 0.0);
	cseg_dataset_free(a);
	cseg_dataset_free(b);
	cseg_dataset_free(ds);
	cseg_prep_free(p);
	cseg_prep_free(q);
}
END_TEST

START_TEST(fitted_statistics_are_not_refitted)
{
	static const double train[4] = { 0, 2, 4, 6 }, later[3] = { 100, 200, 300 };
	cseg_dataset *t = NULL, *l = NULL, *a = NULL;
	cseg_prep *p = NULL;
	double out[3], c, s;

	ck_assert_ok(cseg_dataset_new(&t, train, 4, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_new(&l, later, 3, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_MEAN, CSEG_TRANSFORM_MINMAX));
	ck_assert_int_eq(cseg_prep_is_fitted(p), 0);
	ck_assert_ok(cseg_prep_fit(p, t));
	ck_assert_int_eq(cseg_prep_is_fitted(p), 1);
	ck_assert_int_eq(cseg_prep_n_dropped(p), 0);
	ck_assert_int_eq(cseg_prep_n_imputed(p, "x0"), 0);
	ck_assert_ok(cseg_prep_transform(p, l, &a, NULL));
	ck_assert_ok(cseg_dataset_copy_data(a, out, 3));
	ck_assert_double_eq_tol(out[0], 100.0 / 6.0, 1e-14);
	ck_assert_double_eq_tol(out[2], 50.0, 1e-14);
	ck_assert_ok(cseg_prep_get_stat(p, "x0", CSEG_PREP_STAT_CENTER, &c));
	ck_assert_ok(cseg_prep_get_stat(p, "x0", CSEG_PREP_STAT_SCALE, &s));
	ck_assert_double_eq(c, 0.0);
	ck_assert_double_eq(s, 6.0);
	cseg_dataset_free(a);
	cseg_dataset_free(t);
	cseg_dataset_free(l);
	cseg_prep_free(p);
}
END_TEST

START_TEST(error_policy_names_first_missing_cell)
{
	cseg_dataset *train = load("train", -1), *a = NULL;
	cseg_prep *p = NULL;
	double *x = malloc(60 * 5 * sizeof(double));
	char want_row[64], want_col[64];
	int64_t first = -1;

	ck_assert_ok(cseg_dataset_copy_data(train, x, 300));
	for (int64_t k = 0; k < 300 && first < 0; k++)
		if (isnan(x[k]))
			first = k;
	ck_assert_int_ge(first, 0);
	snprintf(want_row, sizeof(want_row), "row %lld (0-based, ID 't%lld')",
		(long long)(first / 5), (long long)(first / 5));
	snprintf(want_col, sizeof(want_col), "column '%s'", columns[first % 5]);
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_status(cseg_prep_fit(p, train), CSEG_E_MISSING_VALUES);
	ck_assert_msg(strstr(cseg_last_error(), want_row) && strstr(cseg_last_error(), want_col),
		"message '%s' should name %s, %s", cseg_last_error(), want_row, want_col);
	ck_assert_int_eq(cseg_prep_is_fitted(p), 0);
	ck_assert_status(cseg_prep_fit_transform(p, train, &a, NULL), CSEG_E_MISSING_VALUES);
	ck_assert_ptr_null(a);

	/* At transform time too, with a fit on complete data. */
	{
		static const double ok[4] = { 1, 2, 3, 4 }, bad[4] = { 1, 2, 3, NAN };
		cseg_dataset *c = NULL, *d = NULL;
		double y;

		ck_assert_ok(cseg_dataset_new(&c, ok, 2, 2, CSEG_LAYOUT_ROW_MAJOR));
		ck_assert_ok(cseg_dataset_new(&d, bad, 2, 2, CSEG_LAYOUT_ROW_MAJOR));
		ck_assert_ok(cseg_prep_fit(p, c));
		ck_assert_status(cseg_prep_transform(p, d, &a, NULL), CSEG_E_MISSING_VALUES);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 1 (0-based, ID '1'), column 'x1'"));
		ck_assert_ptr_null(a);
		y = NAN;
		{
			double in[2] = { 1, y }, out[2];
			ck_assert_status(cseg_prep_transform_one(p, in, 2, out, 2), CSEG_E_MISSING_VALUES);
			ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'x1'"));
		}
		cseg_dataset_free(c);
		cseg_dataset_free(d);
	}
	free(x);
	cseg_dataset_free(train);
	cseg_prep_free(p);
}
END_TEST

START_TEST(constant_columns_are_centred_with_scale_one)
{
	static const int tfs[3] = { CSEG_TRANSFORM_ZSCORE, CSEG_TRANSFORM_MINMAX, CSEG_TRANSFORM_ROBUST };
	static const char *const keys[3] = { "flat_zscore_train", "flat_minmax_train",
		"flat_robust_train" };
	static const double big[3] = { 1e6 + 0.1, 1e6 + 0.1, 1e6 + 0.1 };
	cseg_dataset *train = load("train", 4), *bigds = NULL;

	ck_assert_ok(cseg_dataset_new(&bigds, big, 3, 1, CSEG_LAYOUT_ROW_MAJOR));
	for (int t = 0; t < 3; t++) {
		cseg_prep *p = NULL;
		cseg_dataset *a = NULL;
		double s, x[3];

		ck_assert_ok(cseg_prep_new(&p));
		ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_ERROR, tfs[t]));
		ck_assert_ok(cseg_prep_fit_transform(p, train, &a, NULL));
		check_dataset(a, keys[t]);
		ck_assert_ok(cseg_prep_get_stat(p, "flat", CSEG_PREP_STAT_SCALE, &s));
		ck_assert_double_eq(s, 1.0);
		cseg_dataset_free(a);
		ck_assert_ok(cseg_prep_fit_transform(p, bigds, &a, NULL));
		ck_assert_ok(cseg_dataset_copy_data(a, x, 3));
		for (int i = 0; i < 3; i++)
			ck_assert_double_eq_tol(x[i], 0.0, 1e-9);
		cseg_dataset_free(a);
		cseg_prep_free(p);
	}
	cseg_dataset_free(bigds);
	cseg_dataset_free(train);
}
END_TEST

START_TEST(all_missing_column)
{
	static const double x[6] = { 1, NAN, 2, NAN, 3, NAN };
	cseg_dataset *ds = NULL, *a = NULL;
	cseg_prep *p = NULL;
	double out[6];

	ck_assert_ok(cseg_dataset_new(&ds, x, 3, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_column(p, "x1", CSEG_MISSING_MEAN, 0, CSEG_TRANSFORM_NONE, 1));
	ck_assert_status(cseg_prep_fit(p, ds), CSEG_E_MISSING_VALUES);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "column 'x1' has no observed value"));
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "mean"));
	ck_assert_ok(cseg_prep_set_column(p, "x1", CSEG_MISSING_MEDIAN, 0, CSEG_TRANSFORM_NONE, 1));
	ck_assert_status(cseg_prep_fit(p, ds), CSEG_E_MISSING_VALUES);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "median"));
	ck_assert_ok(cseg_prep_set_column(p, "x1", CSEG_MISSING_INDICATOR, 0, CSEG_TRANSFORM_NONE, 1));
	ck_assert_status(cseg_prep_fit(p, ds), CSEG_E_MISSING_VALUES);
	ck_assert_int_eq(cseg_prep_is_fitted(p), 0);
	/* A constant needs no statistic; all rows dropped is an error. */
	ck_assert_ok(cseg_prep_set_column(p, "x1", CSEG_MISSING_CONSTANT, -7, CSEG_TRANSFORM_ZSCORE, 1));
	ck_assert_ok(cseg_prep_fit_transform(p, ds, &a, NULL));
	ck_assert_ok(cseg_dataset_copy_data(a, out, 6));
	ck_assert_double_eq(out[1], 0.0);
	ck_assert_int_eq(cseg_prep_n_imputed(p, "x1"), 3);
	cseg_dataset_free(a);
	ck_assert_ok(cseg_prep_set_column(p, "x1", CSEG_MISSING_DROP_ROW, 0, CSEG_TRANSFORM_NONE, 1));
	ck_assert_status(cseg_prep_fit(p, ds), CSEG_E_MISSING_VALUES);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "all 3 rows"));
	/* The failed fit left the earlier fitted state. */
	ck_assert_int_eq(cseg_prep_is_fitted(p), 1);
	ck_assert_int_eq(cseg_prep_n_imputed(p, "x1"), 3);
	cseg_dataset_free(ds);
	cseg_prep_free(p);
}
END_TEST

START_TEST(log1p_domain)
{
	static const double x[3] = { 0, -0.5, -1 }, ok[2] = { 0, 3 };
	cseg_dataset *ds = NULL, *good = NULL, *a = NULL;
	cseg_prep *p = NULL;
	double in = -2, out;

	ck_assert_ok(cseg_dataset_new(&ds, x, 3, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_new(&good, ok, 2, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_ERROR, CSEG_TRANSFORM_LOG1P));
	ck_assert_status(cseg_prep_fit(p, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 2 (0-based), column 'x0'"));
	ck_assert_ok(cseg_prep_fit(p, good));
	ck_assert_status(cseg_prep_transform(p, ds, &a, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 2 (0-based, ID '2'), column 'x0'"));
	ck_assert_status(cseg_prep_transform_one(p, &in, 1, &out, 1), CSEG_E_INVALID_ARG);
	in = 1;
	ck_assert_ok(cseg_prep_transform_one(p, &in, 1, &out, 1));
	ck_assert_double_eq(out, log1p(1.0));
	in = INFINITY;
	ck_assert_status(cseg_prep_transform_one(p, &in, 1, &out, 1), CSEG_E_INVALID_ARG);
	/* A constant imputed under log1p must be in the domain. */
	ck_assert_status(cseg_prep_set_column(p, "x0", CSEG_MISSING_CONSTANT, -1,
		CSEG_TRANSFORM_LOG1P, 1), CSEG_E_INVALID_ARG);
	cseg_dataset_free(ds);
	cseg_dataset_free(good);
	cseg_prep_free(p);
}
END_TEST

static void check_round_trip(const cseg_prep *p)
{
	unsigned char *buf = NULL, *buf2 = NULL;
	size_t len = 0, len2 = 0;
	cseg_prep *q = NULL, *r = NULL;
	void *pub = NULL;
	int64_t n_pub = 0;
	char path[] = "/tmp/cseg_prep_test_XXXXXX";
	int fd;

	ck_assert_ok(cseg__prep_encode(p, &buf, &len));
	ck_assert_ok(cseg__prep_decode(buf, len, &q));
	ck_assert_ok(cseg__prep_encode(q, &buf2, &len2));
	ck_assert_uint_eq(len, len2);
	ck_assert_int_eq(memcmp(buf, buf2, len), 0);
	ck_assert_int_eq(cseg_prep_n_outputs(q), cseg_prep_n_outputs(p));
	for (int64_t o = 0; o < cseg_prep_n_outputs(p); o++)
		ck_assert_str_eq(cseg_prep_output_name(q, o), cseg_prep_output_name(p, o));
	free(buf2);
	cseg_prep_free(q);

	ck_assert_ok(cseg_prep_save_buffer(p, &pub, &n_pub));
	ck_assert_int_eq(n_pub, (int64_t)len);
	ck_assert_int_eq(memcmp(pub, buf, len), 0);
	ck_assert_ok(cseg_prep_load_buffer(&q, pub, n_pub));
	cseg_free(pub);

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_ok(cseg_prep_save(q, path));
	ck_assert_ok(cseg_prep_load(&r, path));
	unlink(path);
	ck_assert_ok(cseg__prep_encode(r, &buf2, &len2));
	ck_assert_uint_eq(len, len2);
	ck_assert_int_eq(memcmp(buf, buf2, len), 0);
	free(buf2);
	cseg_prep_free(r);
	ck_assert_ok(cseg_prep_copy(&r, q));
	ck_assert_ok(cseg__prep_encode(r, &buf2, &len2));
	ck_assert_int_eq(memcmp(buf, buf2, len), 0);
	free(buf2);
	cseg_prep_free(r);
	cseg_prep_free(q);
	free(buf);
}

START_TEST(encoding_round_trip)
{
	cseg_dataset *train = load("train", -1), *fresh = load("new", -1), *a = NULL, *b = NULL;
	cseg_prep *p = combo_prep(), *q = NULL;
	double *xa, *xb;
	int64_t n;

	check_round_trip(p); /* unfitted: settings only */
	ck_assert_ok(cseg_prep_fit(p, train));
	check_round_trip(p);
	/* A decoded handle transforms identically. */
	{
		unsigned char *buf = NULL;
		size_t len = 0;

		ck_assert_ok(cseg__prep_encode(p, &buf, &len));
		ck_assert_ok(cseg__prep_decode(buf, len, &q));
		free(buf);
	}
	ck_assert_ok(cseg_prep_transform(p, fresh, &a, NULL));
	ck_assert_ok(cseg_prep_transform(q, fresh, &b, NULL));
	n = cseg_dataset_n_rows(a) * cseg_dataset_n_cols(a);
	ck_assert_int_eq(n, cseg_dataset_n_rows(b) * cseg_dataset_n_cols(b));
	xa = malloc((size_t)n * sizeof(double));
	xb = malloc((size_t)n * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(a, xa, n));
	ck_assert_ok(cseg_dataset_copy_data(b, xb, n));
	ck_assert_int_eq(memcmp(xa, xb, (size_t)n * sizeof(double)), 0);
	free(xa);
	free(xb);
	cseg_dataset_free(a);
	cseg_dataset_free(b);
	cseg_dataset_free(train);
	cseg_dataset_free(fresh);
	cseg_prep_free(p);
	cseg_prep_free(q);
}
END_TEST

static void store_crc(unsigned char *buf, size_t len)
{
	uint32_t crc = cseg__crc32(buf, len - 4);

	for (int i = 0; i < 4; i++)
		buf[len - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
}

START_TEST(malformed_encodings_fail_cleanly)
{
	cseg_dataset *train = load("train", -1);
	cseg_prep *p = combo_prep(), *q = NULL;
	unsigned char *buf = NULL, *copy;
	size_t len = 0;
	int64_t accepted = 0;

	ck_assert_ok(cseg_prep_fit(p, train));
	ck_assert_ok(cseg__prep_encode(p, &buf, &len));
	/* Every truncation, in a buffer of exactly that size (ASan sees overreads). */
	for (size_t n = 0; n < len; n++) {
		copy = malloc(n ? n : 1);
		memcpy(copy, buf, n);
		ck_assert_status(cseg__prep_decode(copy, n, &q), CSEG_E_FORMAT);
		ck_assert_ptr_null(q);
		ck_assert_int_gt(strlen(cseg_last_error()), 0);
		free(copy);
	}
	/* Every flipped byte is caught by the CRC... */
	copy = malloc(len);
	for (size_t i = 0; i < len; i++) {
		memcpy(copy, buf, len);
		copy[i] ^= 0x5a;
		ck_assert_int_ne(cseg__prep_decode(copy, len, &q), CSEG_OK);
		ck_assert_ptr_null(q);
	}
	/* ...and with a forged CRC the field checks refuse or accept it, but
	 * never read out of bounds or leak (the teardown counts handles). */
	for (size_t i = 0; i + 4 < len; i++) {
		for (int flip = 0; flip < 3; flip++) {
			static const unsigned char masks[3] = { 0x01, 0x80, 0xff };
			cseg_status st;

			memcpy(copy, buf, len);
			copy[i] ^= masks[flip];
			store_crc(copy, len);
			st = cseg__prep_decode(copy, len, &q);
			ck_assert_msg(st == CSEG_OK || st == CSEG_E_FORMAT || st == CSEG_E_VERSION,
				"byte %zu: status %d", i, (int)st);
			if (st == CSEG_OK) {
				accepted++;
				cseg_prep_free(q);
			}
			ck_assert_int_eq(st == CSEG_OK, q != NULL);
			q = NULL;
		}
	}
	/* Some flips land in doubles where another value is still valid. */
	ck_assert_int_gt(accepted, 0);
	/* A newer version is refused as such; bad magic as a format error. */
	memcpy(copy, buf, len);
	copy[8] = 2;
	store_crc(copy, len);
	ck_assert_status(cseg__prep_decode(copy, len, &q), CSEG_E_VERSION);
	memcpy(copy, buf, len);
	copy[0] = 'X';
	ck_assert_status(cseg__prep_decode(copy, len, &q), CSEG_E_FORMAT);
	free(copy);
	free(buf);
	ck_assert_status(cseg_prep_load(&q, "/nonexistent/prep.bin"), CSEG_E_IO);
	ck_assert_status(cseg_prep_load_buffer(&q, "CSEGPREP", -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_load_buffer(&q, "CSEGPREP", 8), CSEG_E_FORMAT);
	cseg_prep_free(p);
	cseg_dataset_free(train);
}
END_TEST

START_TEST(bad_arguments)
{
	static const double x[4] = { 1, 2, 3, 4 };
	cseg_dataset *ds = NULL, *a = (cseg_dataset *)&a, *other = NULL;
	cseg_prep *p = NULL, *q = (cseg_prep *)&q;
	static const char *const names[2] = { "a", "a_missing" };
	double v, row[2] = { 1, 2 }, out[3];
	void *buf = &buf;
	int64_t nb = 5;

	ck_assert_ok(cseg_dataset_new(&ds, x, 2, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_prep_new(NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_prep_new(&p));
	cseg_prep_free(NULL);

	/* Setters. */
	ck_assert_status(cseg_prep_set_default(NULL, 0, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_default(p, -1, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_default(p, 6, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_default(p, CSEG_MISSING_CONSTANT, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_default(p, 0, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_default(p, 0, 64), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_default(p, 0, CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_SIGNED_LOG1P),
		CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_default(p, 0, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(NULL, "x0", 0, 0, 0, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, NULL, 0, 0, 0, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, "", 0, 0, 0, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, "x0", 6, 0, 0, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, "x0", -1, 0, 0, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, "x0", 0, NAN, 0, 1), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "constant"));
	ck_assert_status(cseg_prep_set_column(p, "x0", 0, INFINITY, 0, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, "x0", 0, 0, 5, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, "x0", 0, 0, 0, -1), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "weight"));
	ck_assert_status(cseg_prep_set_column(p, "x0", 0, 0, 0, NAN), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_column(p, "x0", 0, 0, 0, INFINITY), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_categorical(NULL, "x0"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_categorical(p, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_set_categorical(p, ""), CSEG_E_INVALID_ARG);

	/* Unfitted handle. */
	ck_assert_int_eq(cseg_prep_n_outputs(p), -1);
	ck_assert_int_eq(cseg_prep_n_inputs(p), -1);
	ck_assert_ptr_null(cseg_prep_output_name(p, 0));
	ck_assert_ptr_null(cseg_prep_input_name(p, 0));
	ck_assert_status(cseg_prep_get_stat(p, "x0", 0, &v), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_prep_transform(p, ds, &a, NULL), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(a);
	ck_assert_status(cseg_prep_transform_one(p, row, 2, out, 2), CSEG_E_NOT_FITTED);
	ck_assert_int_eq(cseg_prep_n_imputed(p, "x0"), -1);

	/* Fit arguments; an unknown column name is reported at fit. */
	ck_assert_status(cseg_prep_fit(NULL, ds), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_fit(p, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_prep_set_column(p, "nope", 0, 0, 0, 1));
	ck_assert_status(cseg_prep_fit(p, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'nope'"));
	cseg_prep_free(p);
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_column(p, "x0", 0, 0, CSEG_TRANSFORM_ZSCORE, 1));
	ck_assert_ok(cseg_prep_set_categorical(p, "x0"));
	ck_assert_status(cseg_prep_fit(p, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "categorical"));
	ck_assert_ok(cseg_prep_set_column(p, "x0", 0, 0, CSEG_TRANSFORM_NONE, 1));
	ck_assert_status(cseg_prep_fit_transform(p, ds, NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_fit_transform(NULL, ds, &a, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(a);
	ck_assert_ok(cseg_prep_fit(p, ds));
	ck_assert_int_eq(cseg_prep_n_outputs(p), 3); /* x0=1, x0=3, x1 */
	ck_assert_str_eq(cseg_prep_output_name(p, 1), "x0=3");
	ck_assert_ptr_null(cseg_prep_output_name(p, 3));
	ck_assert_ptr_null(cseg_prep_output_name(p, -1));
	ck_assert_ptr_null(cseg_prep_input_name(p, 2));
	ck_assert_str_eq(cseg_prep_input_name(p, 1), "x1");

	/* Getters. */
	ck_assert_status(cseg_prep_get_stat(NULL, "x0", 0, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_get_stat(p, NULL, 0, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_get_stat(p, "x0", 0, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_get_stat(p, "zz", 0, &v), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'zz'"));
	ck_assert_status(cseg_prep_get_stat(p, "x0", 5, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_get_stat(p, "x0", -1, &v), CSEG_E_INVALID_ARG);
	ck_assert_int_eq(cseg_prep_n_imputed(p, "zz"), -1);
	ck_assert_int_eq(cseg_prep_n_imputed(NULL, "x0"), -1);
	ck_assert_int_eq(cseg_prep_n_imputed(p, NULL), -1);
	ck_assert_int_eq(cseg_prep_n_unseen(p, "zz"), -1);
	ck_assert_int_eq(cseg_prep_n_dropped(NULL), -1);
	ck_assert_int_eq(cseg_prep_n_outputs(NULL), -1);
	ck_assert_int_eq(cseg_prep_n_inputs(NULL), -1);
	ck_assert_int_eq(cseg_prep_is_fitted(NULL), -1);
	ck_assert_ptr_null(cseg_prep_output_name(NULL, 0));

	/* Transform arguments. */
	ck_assert_status(cseg_prep_transform(p, ds, NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_transform(NULL, ds, &a, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_transform(p, NULL, &a, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_dataset_new(&other, x, 2, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(other, names, 2));
	ck_assert_status(cseg_prep_transform(p, other, &a, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'x0' is not in the dataset"));
	ck_assert_status(cseg_prep_transform_one(NULL, row, 2, out, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_transform_one(p, NULL, 2, out, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_transform_one(p, row, 2, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_transform_one(p, row, 1, out, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_transform_one(p, row, 2, out, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_transform_one(p, row, 0, out, 3), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_prep_transform_one(p, row, 2, out, 3));
	ck_assert_double_eq(out[0], 1.0);
	ck_assert_double_eq(out[1], 0.0);
	ck_assert_double_eq(out[2], 2.0);

	/* Clashing output names: "a" with an indicator makes a second "a_missing". */
	cseg_prep_free(p);
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_column(p, "a", CSEG_MISSING_INDICATOR, 0, 0, 1));
	ck_assert_status(cseg_prep_fit(p, other), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'a_missing'"));

	/* Too many levels. */
	{
		int64_t n = CSEG_PREP_MAX_LEVELS + 1;
		double *many = malloc((size_t)n * sizeof(double));
		cseg_dataset *mds = NULL;

		for (int64_t i = 0; i < n; i++)
			many[i] = (double)i;
		ck_assert_ok(cseg_dataset_new(&mds, many, n, 1, CSEG_LAYOUT_ROW_MAJOR));
		cseg_prep_free(p);
		ck_assert_ok(cseg_prep_new(&p));
		ck_assert_ok(cseg_prep_set_categorical(p, "x0"));
		ck_assert_status(cseg_prep_fit(p, mds), CSEG_E_INVALID_ARG);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "CSEG_PREP_MAX_LEVELS"));
		cseg_dataset_free(mds);
		free(many);
	}

	/* Persistence arguments. */
	ck_assert_status(cseg_prep_copy(NULL, p), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_copy(&q, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(q);
	ck_assert_status(cseg_prep_save(NULL, "/tmp/x"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_save(p, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_save(p, ""), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_save(p, "/nonexistent/dir/prep.bin"), CSEG_E_IO);
	q = (cseg_prep *)&q;
	ck_assert_status(cseg_prep_load(NULL, "/tmp/x"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_load(&q, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(q);
	ck_assert_status(cseg_prep_save_buffer(NULL, &buf, &nb), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(buf);
	ck_assert_status(cseg_prep_save_buffer(p, NULL, &nb), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_save_buffer(p, &buf, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_load_buffer(NULL, "x", 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_prep_load_buffer(&q, NULL, 1), CSEG_E_INVALID_ARG);

	cseg_prep_free(p);
	cseg_dataset_free(ds);
	cseg_dataset_free(other);
}
END_TEST

START_TEST(signed_log1p_keeps_the_sign)
{
	static const double x[5] = { -1000, -0.5, 0, 3, 1e6 };
	static const char *name[1] = { "net" };
	cseg_dataset *ds = NULL, *out = NULL;
	cseg_prep *p = NULL;
	double got[5];

	ck_assert_ok(cseg_dataset_new(&ds, x, 5, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, name, 1));
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_ERROR, CSEG_TRANSFORM_SIGNED_LOG1P));
	ck_assert_ok(cseg_prep_fit_transform(p, ds, &out, NULL));
	ck_assert_ok(cseg_dataset_copy_data(out, got, 5));
	for (int i = 0; i < 5; i++)
		ck_assert_rel(got[i], (x[i] < 0 ? -1 : 1) * log1p(fabs(x[i])), 1e-15);
	cseg_dataset_free(out);
	/* with a scaler: the z-score of the signed logs */
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_ERROR,
		CSEG_TRANSFORM_SIGNED_LOG1P | CSEG_TRANSFORM_ZSCORE));
	ck_assert_ok(cseg_prep_fit_transform(p, ds, &out, NULL));
	ck_assert_ok(cseg_dataset_copy_data(out, got, 5));
	{
		double mean = 0, sum2 = 0;
		for (int i = 0; i < 5; i++)
			mean += got[i] / 5;
		for (int i = 0; i < 5; i++)
			sum2 += got[i] * got[i] / 5;
		ck_assert(fabs(mean) < 1e-12 && fabs(sum2 - 1) < 1e-12);
	}
	cseg_dataset_free(out);
	cseg_prep_free(p);
	cseg_dataset_free(ds);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prep");
	TCase *tc = tcase_create("prep");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, numeric_policies_and_transforms);
	tcase_add_test(tc, default_settings_apply_to_unnamed_columns);
	tcase_add_test(tc, one_hot_with_unseen_levels);
	tcase_add_test(tc, combination_weights_and_dropped_rows);
	tcase_add_test(tc, inputs_found_by_name);
	tcase_add_test(tc, transform_one_is_thread_safe);
	tcase_add_test(tc, weight_scales_squared_distance);
	tcase_add_test(tc, fitted_statistics_are_not_refitted);
	tcase_add_test(tc, error_policy_names_first_missing_cell);
	tcase_add_test(tc, constant_columns_are_centred_with_scale_one);
	tcase_add_test(tc, all_missing_column);
	tcase_add_test(tc, log1p_domain);
	tcase_add_test(tc, encoding_round_trip);
	tcase_add_test(tc, malformed_encodings_fail_cleanly);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, signed_log1p_keeps_the_sign);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
