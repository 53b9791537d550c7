/* A model with a preprocessing (cseg_model_set_prep): fitting raw data
 * equals fitting the preprocessed data, assignment (batch and one customer)
 * applies the training preprocessing with the documented fallback (label -1)
 * for customers it cannot complete, weights follow the kept rows, copies and
 * model files carry the fitted preprocessing, and replacing it on a fitted
 * model cannot make assign apply one the fit did not use. Fixtures: tests/fixtures/prep/gen_prep.py. */
#include <math.h>

#include "test_util.h"
#include "prep_fixture.h"
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

static cseg_model *kmeans(int64_t k)
{
	cseg_model *m = NULL;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 7));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_N_INIT, 3));
	return m;
}

static double *centroids(const cseg_model *m, int64_t n)
{
	double *c = malloc((size_t)n * sizeof(double));

	ck_assert_ok(cseg_model_get_centroids(m, c, n));
	return c;
}

START_TEST(fit_and_assign_apply_the_preprocessing)
{
	cseg_dataset *train = load("train", -1), *fresh = load("new", -1), *tx = NULL, *fx = NULL;
	cseg_prep *p = combo_prep(), *got = NULL;
	cseg_model *with = kmeans(3), *plain = kmeans(3);
	cseg_assignment *a = NULL, *b = NULL;
	int64_t d, la[16], lb[16], train_labels[60], plain_labels[56], r = 0;
	double *ca, *cb, da[16], db[16], x[16 * 5], tr[60 * 5];

	/* Reference: preprocess by hand, fit the plain model. */
	ck_assert_ok(cseg_prep_fit_transform(p, train, &tx, NULL));
	ck_assert_int_eq(cseg_dataset_n_rows(tx), 56);
	ck_assert_ok(cseg_model_fit(plain, tx));
	ck_assert_ok(cseg_model_set_prep(with, p));
	ck_assert_ok(cseg_model_fit(with, train));
	ck_assert_ok(cseg_model_get_int(with, CSEG_RESULT_N_FEATURES, &d));
	ck_assert_int_eq(d, 9);
	ck_assert_str_eq(cseg_model_feature_name(with, 2), "visits_missing");
	ca = centroids(with, 3 * d);
	cb = centroids(plain, 3 * d);
	ck_assert_int_eq(memcmp(ca, cb, (size_t)(3 * d) * sizeof(double)), 0);
	ck_assert_ok(cseg_model_get_prep(with, &got));
	ck_assert_ptr_nonnull(got);
	ck_assert_int_eq(cseg_prep_is_fitted(got), 1);
	ck_assert_int_eq(cseg_prep_n_inputs(got), 5);
	cseg_prep_free(got);

	/* Training labels: the plain model's, -1 for the rows dropped. */
	ck_assert_ok(cseg_model_get_labels(with, train_labels, 60));
	ck_assert_ok(cseg_model_get_labels(plain, plain_labels, 56));
	ck_assert_ok(cseg_dataset_copy_data(train, tr, 60 * 5));
	for (int64_t i = 0; i < 60; i++)
		ck_assert_int_eq(train_labels[i], isnan(tr[i * 5 + 2]) ? -1 : plain_labels[r++]);
	ck_assert_int_eq(r, 56);

	/* Assign raw new data: the customer without a score falls back to -1. */
	ck_assert_ok(cseg_model_assign(with, fresh, &a));
	ck_assert_ok(cseg_prep_transform(p, fresh, &fx, NULL));
	ck_assert_ok(cseg_model_assign(plain, fx, &b));
	ck_assert_int_eq(cseg_assignment_n_rows(a), 16);
	ck_assert_int_eq(cseg_assignment_n_rows(b), 15);
	ck_assert_ok(cseg_assignment_get_labels(a, la, 16));
	ck_assert_ok(cseg_assignment_get_distances(a, da, 16));
	ck_assert_ok(cseg_assignment_get_labels(b, lb, 15));
	ck_assert_ok(cseg_assignment_get_distances(b, db, 15));
	ck_assert_ok(cseg_dataset_copy_data(fresh, x, 16 * 5));
	r = 0;
	for (int64_t i = 0; i < 16; i++) {
		int64_t label = -2;
		double dist = -1;

		ck_assert_ok(cseg_model_assign_one(with, x + i * 5, 5, &label, &dist, NULL));
		if (isnan(x[i * 5 + 2])) { /* score: drop-row */
			ck_assert_int_eq(la[i], -1);
			ck_assert_int_eq(label, -1);
			continue;
		}
		ck_assert_int_eq(la[i], lb[r]);
		ck_assert_double_eq(da[i], db[r]);
		ck_assert_int_eq(label, la[i]);
		ck_assert_double_eq_tol(dist, da[i], 1e-12);
		r++;
	}
	ck_assert_int_eq(r, 15);
	ck_assert_status(cseg_model_assign_one(with, x, 9, NULL, NULL, NULL), CSEG_E_INVALID_ARG);

	/* A copy carries the fitted preprocessing. */
	{
		cseg_model *copy = NULL;
		cseg_assignment *c = NULL;
		int64_t lc[16];

		ck_assert_ok(cseg_model_copy(&copy, with));
		ck_assert_ok(cseg_model_assign(copy, fresh, &c));
		ck_assert_ok(cseg_assignment_get_labels(c, lc, 16));
		ck_assert_int_eq(memcmp(la, lc, sizeof(la)), 0);
		cseg_assignment_free(c);
		cseg_model_free(copy);
	}
	free(ca);
	free(cb);
	cseg_assignment_free(a);
	cseg_assignment_free(b);
	cseg_dataset_free(tx);
	cseg_dataset_free(fx);
	cseg_dataset_free(train);
	cseg_dataset_free(fresh);
	cseg_prep_free(p);
	cseg_model_free(with);
	cseg_model_free(plain);
}
END_TEST

START_TEST(weights_follow_the_kept_rows)
{
	cseg_dataset *train = load("train", -1), *tx = NULL;
	cseg_prep *p = combo_prep();
	cseg_model *with = kmeans(2), *plain = kmeans(2);
	cseg__prep_report rep = { 0 };
	int64_t kept[60];
	double w[60], kw[60], *ca, *cb;

	for (int i = 0; i < 60; i++)
		w[i] = 1.0 + (i % 7);
	ck_assert_ok(cseg_prep_fit(p, train));
	rep.kept_rows = kept;
	ck_assert_ok(cseg__prep_apply(p, train, &tx, &rep));
	for (int64_t i = 0; i < cseg_dataset_n_rows(tx); i++)
		kw[i] = w[kept[i]];
	ck_assert_ok(cseg_model_fit_weighted(plain, tx, kw, cseg_dataset_n_rows(tx)));
	ck_assert_ok(cseg_model_set_prep(with, p));
	ck_assert_ok(cseg_model_fit_weighted(with, train, w, 60));
	ca = centroids(with, 2 * 9);
	cb = centroids(plain, 2 * 9);
	ck_assert_int_eq(memcmp(ca, cb, 18 * sizeof(double)), 0);
	free(ca);
	free(cb);
	cseg_dataset_free(tx);
	cseg_dataset_free(train);
	cseg_prep_free(p);
	cseg_model_free(with);
	cseg_model_free(plain);
}
END_TEST

START_TEST(fit_errors_of_the_preprocessing)
{
	cseg_dataset *train = load("train", -1);
	cseg_prep *p = NULL;
	cseg_model *m = kmeans(2);

	/* The default policy refuses missing values: the fit names the cell. */
	ck_assert_ok(cseg_prep_new(&p));
	ck_assert_ok(cseg_model_set_prep(m, p));
	ck_assert_status(cseg_model_fit(m, train), CSEG_E_MISSING_VALUES);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "column '"));
	ck_assert_status(cseg_model_fit(m, NULL), CSEG_E_INVALID_ARG);
	cseg_prep_free(p);
	cseg_dataset_free(train);
	cseg_model_free(m);
}
END_TEST

START_TEST(model_file_carries_the_preprocessing)
{
	cseg_dataset *train = load("train", -1), *fresh = load("new", -1);
	cseg_prep *p = combo_prep(), *got = NULL;
	cseg_model *m = kmeans(3), *loaded = NULL;
	cseg_assignment *a = NULL, *b = NULL;
	void *buf = NULL, *buf2 = NULL;
	int64_t n = 0, n2 = 0, la[16], lb[16];
	double da[16], db[16];

	ck_assert_ok(cseg_model_set_prep(m, p));
	ck_assert_ok(cseg_model_fit(m, train));
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &n));
	ck_assert_ok(cseg_model_load_buffer(&loaded, buf, n));
	ck_assert_ok(cseg_model_save_buffer(loaded, &buf2, &n2));
	ck_assert_int_eq(n, n2);
	ck_assert_int_eq(memcmp(buf, buf2, (size_t)n), 0);
	ck_assert_ok(cseg_model_get_prep(loaded, &got));
	ck_assert_ptr_nonnull(got);
	ck_assert_int_eq(cseg_prep_n_inputs(got), 5);
	cseg_prep_free(got);
	ck_assert_ok(cseg_model_assign(m, fresh, &a));
	ck_assert_ok(cseg_model_assign(loaded, fresh, &b));
	ck_assert_ok(cseg_assignment_get_labels(a, la, 16));
	ck_assert_ok(cseg_assignment_get_labels(b, lb, 16));
	ck_assert_ok(cseg_assignment_get_distances(a, da, 16));
	ck_assert_ok(cseg_assignment_get_distances(b, db, 16));
	ck_assert_int_eq(memcmp(la, lb, sizeof(la)), 0);
	ck_assert_int_eq(memcmp(da, db, sizeof(da)), 0);
	/* Every truncation fails cleanly. */
	for (int64_t k = 0; k < n; k++) {
		cseg_model *t = NULL;
		unsigned char *cut = malloc(k ? (size_t)k : 1);

		memcpy(cut, buf, (size_t)k);
		ck_assert_int_ne(cseg_model_load_buffer(&t, cut, k), CSEG_OK);
		ck_assert_ptr_null(t);
		free(cut);
	}
	cseg_free(buf);
	cseg_free(buf2);
	cseg_assignment_free(a);
	cseg_assignment_free(b);
	cseg_dataset_free(train);
	cseg_dataset_free(fresh);
	cseg_prep_free(p);
	cseg_model_free(m);
	cseg_model_free(loaded);
}
END_TEST

/* Replacing the preprocessing of a fitted model must not let assign apply
 * a preprocessing the fit did not use (its outputs need not match the
 * centroids), and what save writes must load. Either assign keeps the
 * fitted behaviour or it fails cleanly. */
START_TEST(set_prep_on_a_fitted_model)
{
	cseg_dataset *train = load("train", -1), *fresh = load("new", -1);
	cseg_prep *p = combo_prep(), *narrow = NULL, *unfitted = NULL;
	cseg_model *m = kmeans(3), *loaded = NULL;
	cseg_assignment *a = NULL, *b = NULL;
	int64_t la[16], lb[16];
	void *buf = NULL;
	int64_t n = 0;
	cseg_status st;

	ck_assert_ok(cseg_model_set_prep(m, p));
	ck_assert_ok(cseg_model_fit(m, train));
	ck_assert_ok(cseg_model_assign(m, fresh, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, la, 16));
	/* Fitted elsewhere, 5 outputs where the centroids have 9. */
	ck_assert_ok(cseg_prep_new(&narrow));
	ck_assert_ok(cseg_prep_set_default(narrow, CSEG_MISSING_MEAN, CSEG_TRANSFORM_ZSCORE));
	ck_assert_ok(cseg_prep_fit(narrow, train));
	ck_assert_ok(cseg_model_set_prep(m, narrow));
	st = cseg_model_assign(m, fresh, &b);
	if (st == CSEG_OK) {
		ck_assert_ok(cseg_assignment_get_labels(b, lb, 16));
		ck_assert_int_eq(memcmp(la, lb, sizeof(la)), 0);
		cseg_assignment_free(b);
		b = NULL;
	}
	/* Unfitted settings on the fitted model: save then load. */
	ck_assert_ok(cseg_prep_new(&unfitted));
	ck_assert_ok(cseg_model_set_prep(m, unfitted));
	if (cseg_model_save_buffer(m, &buf, &n) == CSEG_OK) {
		ck_assert_ok(cseg_model_load_buffer(&loaded, buf, n));
		cseg_model_free(loaded);
		cseg_free(buf);
	}
	cseg_assignment_free(a);
	cseg_prep_free(p);
	cseg_prep_free(narrow);
	cseg_prep_free(unfitted);
	cseg_model_free(m);
	cseg_dataset_free(train);
	cseg_dataset_free(fresh);
}
END_TEST

START_TEST(bad_arguments)
{
	cseg_model *m = kmeans(2);
	cseg_prep *got = (cseg_prep *)&got;

	ck_assert_status(cseg_model_set_prep(NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_get_prep(NULL, &got), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(got);
	ck_assert_status(cseg_model_get_prep(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_get_prep(m, &got));
	ck_assert_ptr_null(got);
	ck_assert_ok(cseg_model_set_prep(m, NULL));
	cseg_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prep_model");
	TCase *tc = tcase_create("prep_model");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fit_and_assign_apply_the_preprocessing);
	tcase_add_test(tc, weights_follow_the_kept_rows);
	tcase_add_test(tc, fit_errors_of_the_preprocessing);
	tcase_add_test(tc, model_file_carries_the_preprocessing);
	tcase_add_test(tc, set_prep_on_a_fitted_model);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
