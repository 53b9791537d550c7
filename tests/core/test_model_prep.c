/* Preprocessing inside a model: fitted with it, applied by assign and
 * assign_one to raw customers, kept in the model file, and the documented
 * fallback for customers it cannot complete. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* Spend-like columns: skewed, one missing value in each. */
static const double raw[] = {
	10, 1,   120, 3,   15, 1,   200, 4,   12, NAN,
	900, 9,  850, 8,   NAN, 10, 1000, 12, 20, 2,
};
#define N 10
#define D 2

static cseg_dataset *raw_data(void)
{
	static const char *names[D] = { "monetary", "frequency" };
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, raw, N, D, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, names, D));
	return ds;
}

static cseg_prep *log_zscore_mean(void)
{
	cseg_prep *p = NULL;

	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_MEAN, CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_ZSCORE));
	return p;
}

START_TEST(fit_and_assign_apply_the_same_preprocessing)
{
	cseg_dataset *ds = raw_data(), *xt = NULL;
	cseg_prep *p = log_zscore_mean(), *fitted = NULL, *got = NULL;
	cseg_model *m = NULL, *plain = NULL, *back = NULL;
	cseg_assignment *a = NULL, *b = NULL;
	int64_t la[N], lb[N], labels[N], label;
	double c1[2 * D], c2[2 * D], dist;
	void *buf = NULL;
	int64_t n_bytes;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));
	ck_assert_ok(cseg_model_set_prep(m, p));
	ck_assert_ok(cseg_model_fit(m, ds));          /* NaN cells are the prep's business */

	/* The same as transforming by hand and fitting a plain model. */
	ck_assert_ok(cseg_prep_copy(&fitted, p));
	ck_assert_ok(cseg_prep_fit_transform(fitted, ds, &xt, NULL));
	ck_assert_ok(cseg_model_new(&plain, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(plain, CSEG_PARAM_K, 2));
	ck_assert_ok(cseg_model_fit(plain, xt));
	ck_assert_ok(cseg_model_get_centroids(m, c1, 2 * D));
	ck_assert_ok(cseg_model_get_centroids(plain, c2, 2 * D));
	for (int i = 0; i < 2 * D; i++)
		ck_assert_rel(c1[i], c2[i], 1e-12);
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_model_assign(plain, xt, &b));
	ck_assert_ok(cseg_assignment_get_labels(a, la, N));
	ck_assert_ok(cseg_assignment_get_labels(b, lb, N));
	ck_assert_mem_eq(la, lb, sizeof(la));
	ck_assert_ok(cseg_model_get_labels(m, labels, N));
	ck_assert_mem_eq(labels, la, sizeof(la));
	ck_assert_ok(cseg_model_assign_one(m, raw + 4 * D, D, &label, &dist, NULL));
	ck_assert_int_eq(label, la[4]);              /* a missing value imputed, as in the fit */
	ck_assert_status(cseg_model_assign_one(m, raw, 3, &label, NULL, NULL), CSEG_E_INVALID_ARG);

	/* The fitted preprocessing is in the model and its file. */
	ck_assert_ok(cseg_model_get_prep(m, &got));
	ck_assert_int_eq(cseg_prep_is_fitted(got), 1);
	ck_assert_int_eq(cseg_prep_is_fitted(p), 0);  /* the caller's copy is untouched */
	for (int64_t j = 0; j < D; j++)
		ck_assert_str_eq(cseg_model_feature_name(m, j), cseg_prep_output_name(got, j));
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &n_bytes));
	ck_assert_ok(cseg_model_load_buffer(&back, buf, n_bytes));
	cseg_assignment_free(b);
	ck_assert_ok(cseg_model_assign(back, ds, &b));
	ck_assert_ok(cseg_assignment_get_labels(b, lb, N));
	ck_assert_mem_eq(la, lb, sizeof(la));
	/* every truncation of a file with a preprocessing section fails cleanly */
	for (int64_t len = 0; len < n_bytes; len += 7) {
		cseg_model *cut = (cseg_model *)1;
		ck_assert_int_ne(cseg_model_load_buffer(&cut, buf, len), CSEG_OK);
		ck_assert_ptr_null(cut);
	}
	cseg_free(buf);
	cseg_prep_free(got);
	cseg_prep_free(fitted);
	cseg_prep_free(p);
	cseg_assignment_free(a);
	cseg_assignment_free(b);
	cseg_model_free(back);
	cseg_model_free(plain);
	cseg_model_free(m);
	cseg_dataset_free(xt);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(customers_it_cannot_complete_fall_back)
{
	cseg_dataset *ds = raw_data();
	cseg_prep *p = NULL, *none = (cseg_prep *)1;
	cseg_model *m = NULL;
	cseg_assignment *a = NULL;
	int64_t labels[N], flags[N], label = 7;
	double conf[N], x[D] = { 100, NAN };

	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_prep_set_default(p, CSEG_MISSING_DROP_ROW, CSEG_TRANSFORM_LOG1P));
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_get_prep(m, &none));
	ck_assert_ptr_null(none);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));
	ck_assert_ok(cseg_model_set_prep(m, p));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_labels(m, labels, N));
	ck_assert_int_eq(labels[4], -1);             /* dropped from the fit */
	ck_assert_int_eq(labels[7], -1);
	ck_assert_int_ge(labels[0], 0);
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, labels, N));
	ck_assert_ok(cseg_assignment_get_confidence(a, conf, N));
	ck_assert_ok(cseg_assignment_get_borderline(a, flags, N));
	ck_assert_int_eq(labels[4], -1);
	ck_assert(conf[4] == 0.0 && flags[4] == 1);
	ck_assert_int_ge(labels[5], 0);
	ck_assert_ok(cseg_model_assign_one(m, x, D, &label, NULL, NULL));
	ck_assert_int_eq(label, -1);
	/* Other bad values still fail, naming the row. */
	{
		double bad[N * D];
		cseg_dataset *bd = NULL;
		static const char *names[D] = { "monetary", "frequency" };
		cseg_assignment *z = (cseg_assignment *)1;

		memcpy(bad, raw, sizeof(bad));
		bad[3 * D] = -5;                          /* log1p of a value <= -1 */
		ck_assert_ok(cseg_dataset_new(&bd, bad, N, D, CSEG_LAYOUT_ROW_MAJOR));
		ck_assert_ok(cseg_dataset_set_column_names(bd, names, D));
		ck_assert_status(cseg_model_assign(m, bd, &z), CSEG_E_INVALID_ARG);
		ck_assert_ptr_null(z);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 3"));
		cseg_dataset_free(bd);
	}
	/* Columns are found by name: a dataset lacking one is refused. */
	{
		static const char *other[D] = { "monetary", "tenure" };
		cseg_dataset *od = NULL;
		cseg_assignment *z = NULL;
		ck_assert_ok(cseg_dataset_new(&od, raw, N, D, CSEG_LAYOUT_ROW_MAJOR));
		ck_assert_ok(cseg_dataset_set_column_names(od, other, D));
		ck_assert_status(cseg_model_assign(m, od, &z), CSEG_E_INVALID_ARG);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "frequency"));
		cseg_dataset_free(od);
	}
	/* Removing the preprocessing: the next fit refuses the missing cells. */
	ck_assert_ok(cseg_model_set_prep(m, NULL));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_MISSING_VALUES);
	ck_assert_status(cseg_model_set_prep(NULL, p), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_get_prep(m, NULL), CSEG_E_INVALID_ARG);
	cseg_assignment_free(a);
	cseg_prep_free(p);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_prep");
	TCase *tc = tcase_create("model_prep");

	tcase_add_test(tc, fit_and_assign_apply_the_same_preprocessing);
	tcase_add_test(tc, customers_it_cannot_complete_fall_back);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
