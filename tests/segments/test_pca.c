/* PCA against scikit-learn (tests/fixtures/segments/gen_segments.py) on the
 * wholesale data, raw and log-transformed. */
#include <math.h>
#include <stdint.h>
#include <unistd.h>

#include "test_util.h"
#include "fixture_values.h"

#define FIX "segments/pca_wholesale.txt"

static cseg_dataset *wholesale(int take_log)
{
	static const char *features[] = {"Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper",
		"Delicassen"};
	char path[4096];
	cseg_dataset *ds = NULL, *out = NULL;
	double *x = malloc(440 * 6 * sizeof(double));

	snprintf(path, sizeof(path), "%s", test_data("wholesale_customers.csv"));
	if (access(path, R_OK) != 0)
		snprintf(path, sizeof(path), "%s", test_data("wholesale/wholesale_customers.csv"));
	ck_assert_ok(cseg_dataset_read_csv(&ds, path, ',', NULL, features, 6));
	ck_assert_ok(cseg_dataset_copy_data(ds, x, 440 * 6));
	for (int i = 0; take_log && i < 440 * 6; i++)
		x[i] = log(x[i]);
	ck_assert_ok(cseg_dataset_new(&out, x, 440, 6, CSEG_LAYOUT_ROW_MAJOR));
	free(x);
	cseg_dataset_free(ds);
	return out;
}

/* |got - want| <= tol * max|want| over the array. */
static void check_close(const double *got, const char *prefix, const char *what, int64_t n, double tol)
{
	char key[64];
	int64_t m = 0;
	double *want, scale = 0;

	snprintf(key, sizeof(key), "%s_%s", prefix, what);
	want = fixture_values(FIX, key, &m);
	ck_assert_int_eq(m, n);
	for (int64_t i = 0; i < n; i++)
		scale = fmax(scale, fabs(want[i]));
	for (int64_t i = 0; i < n; i++)
		ck_assert_msg(fabs(got[i] - want[i]) <= tol * scale, "%s[%lld] = %.17g, sklearn %.17g",
			key, (long long)i, got[i], want[i]);
	free(want);
}

static void check_fit(int take_log)
{
	const char *prefix = take_log ? "log" : "raw";
	cseg_dataset *ds = wholesale(take_log);
	cseg_pca *pca = NULL, *pca2 = NULL;
	double comp[36], v[6], *proj = malloc(440 * 2 * sizeof(double)), sum = 0;

	ck_assert_ok(cseg_pca_new(&pca, ds, 0));
	ck_assert_int_eq(cseg_pca_n_components(pca), 6);
	ck_assert_int_eq(cseg_pca_n_features(pca), 6);
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_COMPONENTS, comp, 36));
	/* Signs included: the same svd_flip convention. */
	check_close(comp, prefix, "components", 36, 1e-9);
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_EXPLAINED_VARIANCE, v, 6));
	check_close(v, prefix, "variance", 6, 1e-9);
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_EXPLAINED_RATIO, v, 6));
	check_close(v, prefix, "ratio", 6, 1e-9);
	for (int c = 0; c < 6; c++)
		sum += v[c];
	ck_assert_double_eq_tol(sum, 1.0, 1e-12);
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_SINGULAR_VALUES, v, 6));
	check_close(v, prefix, "singular", 6, 1e-9);
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_MEAN, v, 6));
	check_close(v, prefix, "mean", 6, 1e-12);
	/* Components are orthonormal. */
	for (int a = 0; a < 6; a++)
		for (int b = 0; b < 6; b++) {
			double dot = 0;

			for (int j = 0; j < 6; j++)
				dot += comp[a * 6 + j] * comp[b * 6 + j];
			ck_assert_double_eq_tol(dot, a == b, 1e-12);
		}

	/* Two components for a plot. */
	ck_assert_ok(cseg_pca_new(&pca2, ds, 2));
	ck_assert_int_eq(cseg_pca_n_components(pca2), 2);
	ck_assert_ok(cseg_pca_transform(pca2, ds, proj, 880));
	check_close(proj, prefix, "transform2", 880, 1e-9);
	ck_assert_status(cseg_pca_get(pca2, CSEG_PCA_COMPONENTS, v, 6), CSEG_E_INVALID_ARG);
	{
		double c2[12];

		ck_assert_ok(cseg_pca_get(pca2, CSEG_PCA_COMPONENTS, c2, 12));
		ck_assert_mem_eq(c2, comp, sizeof(c2));
	}
	cseg_pca_free(pca);
	cseg_pca_free(pca2);
	cseg_dataset_free(ds);
	free(proj);
}

START_TEST(wholesale_raw)
{
	check_fit(0);
}
END_TEST

START_TEST(wholesale_log)
{
	check_fit(1);
}
END_TEST

START_TEST(small_and_wide)
{
	/* 3 rows, 4 features: min(n, d) = 3 components, the last of variance 0. */
	static const double x[] = {1, 2, 3, 4, 2, 2, 0, 1, 5, 1, 1, 1};
	cseg_dataset *ds = NULL;
	cseg_pca *pca = NULL;
	double v[3], proj[9];

	ck_assert_ok(cseg_dataset_new(&ds, x, 3, 4, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_pca_new(&pca, ds, 0));
	ck_assert_int_eq(cseg_pca_n_components(pca), 3);
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_EXPLAINED_VARIANCE, v, 3));
	ck_assert(v[0] >= v[1] && v[1] >= v[2]);
	ck_assert_double_eq_tol(v[2], 0, 1e-12);
	/* Projections have the explained variances as variances, and mean 0. */
	ck_assert_ok(cseg_pca_transform(pca, ds, proj, 9));
	for (int c = 0; c < 2; c++) {
		double s = 0, ss = 0;

		for (int i = 0; i < 3; i++) {
			s += proj[i * 3 + c];
			ss += proj[i * 3 + c] * proj[i * 3 + c];
		}
		ck_assert_double_eq_tol(s, 0, 1e-12);
		ck_assert_double_eq_tol(ss / 2, v[c], 1e-12 * v[0]);
	}
	cseg_pca_free(pca);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(bad_arguments)
{
	static const double x[] = {1, 2, 3, 4, 5, 7};
	static const double xn[] = {1, 2, NAN, 4, 5, 7};
	cseg_dataset *ds = NULL, *one = NULL, *nan = NULL, *wide = NULL;
	cseg_pca *pca = (cseg_pca *)&pca;
	double buf[8];

	ck_assert_ok(cseg_dataset_new(&ds, x, 3, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_new(&one, x, 1, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_new(&nan, xn, 3, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_new(&wide, x, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_pca_new(NULL, ds, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_new(&pca, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(pca);
	ck_assert_status(cseg_pca_new(&pca, one, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_new(&pca, nan, 0), CSEG_E_MISSING_VALUES);
	ck_assert_status(cseg_pca_new(&pca, ds, 3), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(),
		"cseg_pca_new: n_components = 3; valid values are 0 (all) to min(rows, features) = 2");
	ck_assert_status(cseg_pca_new(&pca, ds, -1), CSEG_E_INVALID_ARG);
	cseg_pca_free(NULL);
	ck_assert_int_eq(cseg_pca_n_components(NULL), -1);
	ck_assert_int_eq(cseg_pca_n_features(NULL), -1);
	ck_assert_status(cseg_pca_get(NULL, 0, buf, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_transform(NULL, ds, buf, 6), CSEG_E_INVALID_ARG);

	ck_assert_ok(cseg_pca_new(&pca, ds, 1));
	ck_assert_status(cseg_pca_get(pca, CSEG_PCA_COMPONENTS, NULL, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_get(pca, CSEG_PCA_COMPONENTS, buf, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_get(pca, CSEG_PCA_MEAN, buf, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_get(pca, 99, buf, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_pca_transform(pca, NULL, buf, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_transform(pca, ds, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_transform(pca, ds, buf, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_transform(pca, wide, buf, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_pca_transform(pca, nan, buf, 3), CSEG_E_MISSING_VALUES);
	ck_assert_ok(cseg_pca_transform(pca, ds, buf, 3));
	/* Three points nearly on a line: one component explains almost all. */
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_EXPLAINED_RATIO, buf, 1));
	ck_assert(buf[0] > 0.99);
	/* The PCA keeps no pointer to the data. */
	cseg_dataset_free(ds);
	ck_assert_ok(cseg_pca_get(pca, CSEG_PCA_MEAN, buf, 2));
	ck_assert_double_eq(buf[0], 3);
	cseg_pca_free(pca);
	cseg_dataset_free(one);
	cseg_dataset_free(nan);
	cseg_dataset_free(wide);
	ck_assert_int_eq(cseg_live_handles(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pca");
	TCase *tc = tcase_create("pca");

	tcase_add_test(tc, wholesale_raw);
	tcase_add_test(tc, wholesale_log);
	tcase_add_test(tc, small_and_wide);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
