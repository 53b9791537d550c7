/* Validity metrics against scikit-learn (tests/fixtures/gen_metrics.py),
 * bad inputs, sampling and thread-count independence. */
#include <math.h>
#include <stdint.h>

#include "test_util.h"
#include "core/core.h"
#include "eval/eval_internal.h"

/* A fixture: reference values, labels, data, per-row silhouettes. */
typedef struct fixture {
	int64_t n, d;
	double silhouette, silhouette_default, default_gap;
	double calinski_harabasz, davies_bouldin, davies_bouldin_exact, davies_bouldin_gap, inertia;
	int64_t *labels;
	double *x;
	double *s;
	cseg_dataset *ds;
} fixture;

static void fixture_load(fixture *f, const char *name)
{
	char file[256], line[256];
	FILE *fp;

	memset(f, 0, sizeof(*f));
	snprintf(file, sizeof(file), "metrics_%s.txt", name);
	fp = fopen(test_fixture(file), "r");
	ck_assert_msg(fp != NULL, "cannot open %s", test_fixture(file));
	while (fgets(line, sizeof(line), fp) && strcmp(line, "data\n") != 0) {
		char key[64];
		double v;

		if (line[0] == '#')
			continue;
		ck_assert_msg(sscanf(line, "%63s %lf", key, &v) == 2, "bad line in %s: %s", file, line);
		if (!strcmp(key, "rows"))
			f->n = (int64_t)v;
		else if (!strcmp(key, "cols"))
			f->d = (int64_t)v;
		else if (!strcmp(key, "silhouette"))
			f->silhouette = v;
		else if (!strcmp(key, "silhouette_sklearn_default"))
			f->silhouette_default = v;
		else if (!strcmp(key, "silhouette_default_gap"))
			f->default_gap = v;
		else if (!strcmp(key, "calinski_harabasz"))
			f->calinski_harabasz = v;
		else if (!strcmp(key, "davies_bouldin"))
			f->davies_bouldin = v;
		else if (!strcmp(key, "davies_bouldin_exact"))
			f->davies_bouldin_exact = v;
		else if (!strcmp(key, "davies_bouldin_gap"))
			f->davies_bouldin_gap = v;
		else if (!strcmp(key, "inertia"))
			f->inertia = v;
	}
	ck_assert(f->n > 0 && f->d > 0);
	f->labels = malloc((size_t)f->n * sizeof(*f->labels));
	f->x = malloc((size_t)(f->n * f->d) * sizeof(*f->x));
	f->s = malloc((size_t)f->n * sizeof(*f->s));
	for (int64_t i = 0; i < f->n; i++) {
		long long lab;

		ck_assert_int_eq(fscanf(fp, "%lld", &lab), 1);
		f->labels[i] = lab;
		for (int64_t j = 0; j < f->d; j++)
			ck_assert_int_eq(fscanf(fp, "%lf", &f->x[i * f->d + j]), 1);
		ck_assert_int_eq(fscanf(fp, "%lf", &f->s[i]), 1);
	}
	fclose(fp);
	ck_assert_ok(cseg_dataset_new(&f->ds, f->x, f->n, f->d, CSEG_LAYOUT_ROW_MAJOR));
}

static void fixture_free(fixture *f)
{
	cseg_dataset_free(f->ds);
	free(f->labels);
	free(f->x);
	free(f->s);
}

static const char *const fixture_names[] = {
	"blobs", "blobs_large", "wholesale", "duplicates", "noncontig", "singleton",
	"singletons", "same_centroid", "repeated",
};
#define N_FIXTURES ((int)(sizeof(fixture_names) / sizeof(fixture_names[0])))

/* Relative 1e-9, with coefficients near 0 judged on the scale of 1e-3. */
static void assert_coefficient(double got, double want, int64_t row)
{
	double scale = fabs(want) > 1e-3 ? fabs(want) : 1e-3;

	ck_assert_msg(fabs(got - want) <= 1e-9 * scale, "row %lld: silhouette %.17g, sklearn %.17g",
		(long long)row, got, want);
}

START_TEST(test_against_sklearn)
{
	fixture f;
	double v, *s;

	fixture_load(&f, fixture_names[_i]);
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, 0, 0, &v));
	ck_assert_rel(v, f.silhouette, 1e-9);
	/* sklearn's default distances are worse than 1e-9 on duplicates. */
	ck_assert_rel(v, f.silhouette_default, fmax(1e-9, 2.0 * f.default_gap));

	s = malloc((size_t)f.n * sizeof(*s));
	ck_assert_ok(cseg_metric_silhouette_samples(f.ds, f.labels, f.n, s, f.n));
	for (int64_t i = 0; i < f.n; i++)
		assert_coefficient(s[i], f.s[i], i);
	free(s);

	ck_assert_ok(cseg_metric_calinski_harabasz(f.ds, f.labels, f.n, &v));
	ck_assert_rel(v, f.calinski_harabasz, 1e-9);
	ck_assert_ok(cseg_metric_davies_bouldin(f.ds, f.labels, f.n, &v));
	/* sklearn's own rounding exceeds 1e-9 when most segments are singletons. */
	ck_assert_rel(v, f.davies_bouldin, fmax(1e-9, 2.0 * f.davies_bouldin_gap));
	ck_assert_rel(v, f.davies_bouldin_exact, 1e-12);
	ck_assert_ok(cseg_metric_inertia(f.ds, f.labels, f.n, &v));
	ck_assert_rel(v, f.inertia, 1e-9);
	fixture_free(&f);
}
END_TEST

START_TEST(test_singleton_member_is_zero)
{
	fixture f;
	double *s;

	fixture_load(&f, "singleton");
	s = malloc((size_t)f.n * sizeof(*s));
	ck_assert_ok(cseg_metric_silhouette_samples(f.ds, f.labels, f.n, s, f.n));
	ck_assert(f.labels[f.n - 1] == 9);
	ck_assert(s[f.n - 1] == 0.0);
	free(s);
	fixture_free(&f);
}
END_TEST

START_TEST(test_duplicates_exact_zero)
{
	/* Identical rows in one segment: a = 0, so s = 1 exactly; and the
	 * GEMM form's rounding must not leak into d(i, i) or d(i, dup). */
	const double x[] = {1e6 + 0.1, 3.3, 1e6 + 0.1, 3.3, 1e6 + 0.1, 3.3, -5e5, 7.0, -5e5, 7.0};
	const int64_t labels[] = {4, 4, 4, 8, 8};
	cseg_dataset *ds;
	double s[5];

	ck_assert_ok(cseg_dataset_new(&ds, x, 5, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_metric_silhouette_samples(ds, labels, 5, s, 5));
	for (int i = 0; i < 5; i++)
		ck_assert_msg(s[i] == 1.0, "s[%d] = %.17g", i, s[i]);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(test_inertia_any_segment_count)
{
	fixture f;
	double v, total = 0.0, mean[8] = {0};
	int64_t *one, *own;

	fixture_load(&f, "wholesale");
	one = calloc((size_t)f.n, sizeof(*one));
	own = malloc((size_t)f.n * sizeof(*own));
	for (int64_t i = 0; i < f.n; i++) {
		own[i] = i;
		for (int64_t j = 0; j < f.d; j++)
			mean[j] += f.x[i * f.d + j] / (double)f.n;
	}
	for (int64_t i = 0; i < f.n; i++)
		for (int64_t j = 0; j < f.d; j++)
			total += (f.x[i * f.d + j] - mean[j]) * (f.x[i * f.d + j] - mean[j]);
	ck_assert_ok(cseg_metric_inertia(f.ds, one, f.n, &v));
	ck_assert_rel(v, total, 1e-12);
	ck_assert_ok(cseg_metric_inertia(f.ds, own, f.n, &v));
	ck_assert(v == 0.0);
	free(one);
	free(own);
	fixture_free(&f);
}
END_TEST

/* Same rows drawn as the library draws them (partial Fisher-Yates). */
static int64_t *sample_rows(int64_t n, int64_t m, int64_t seed)
{
	int64_t *idx = malloc((size_t)n * sizeof(*idx));
	cseg__rng rng;

	for (int64_t i = 0; i < n; i++)
		idx[i] = i;
	cseg__rng_seed(&rng, (uint64_t)seed);
	for (int64_t i = 0; i < m; i++) {
		int64_t j = i + (int64_t)cseg__rng_below(&rng, (uint64_t)(n - i));
		int64_t t = idx[i];

		idx[i] = idx[j];
		idx[j] = t;
	}
	return idx;
}

START_TEST(test_sampled)
{
	fixture f;
	const int64_t m = 200;
	double full, v, v2, sub_v;
	int64_t *idx, *sub_labels;
	double *sub_x;
	cseg_dataset *sub;

	fixture_load(&f, "blobs_large");
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, 0, 0, &full));
	/* All rows, shuffled: the exact value up to summation order. */
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, f.n, 5, &v));
	ck_assert_rel(v, full, 1e-12);

	/* A sample is the exact silhouette of the sampled rows. */
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, m, 12345, &v));
	idx = sample_rows(f.n, m, 12345);
	sub_labels = malloc((size_t)m * sizeof(*sub_labels));
	sub_x = malloc((size_t)(m * f.d) * sizeof(*sub_x));
	for (int64_t p = 0; p < m; p++) {
		sub_labels[p] = f.labels[idx[p]];
		memcpy(sub_x + p * f.d, f.x + idx[p] * f.d, (size_t)f.d * sizeof(double));
	}
	ck_assert_ok(cseg_dataset_new(&sub, sub_x, m, f.d, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_metric_silhouette(sub, sub_labels, m, 0, 0, &sub_v));
	ck_assert_rel(v, sub_v, 1e-12);
	ck_assert(fabs(v - full) < 0.1);

	/* Same seed, same value; another seed, another sample. */
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, m, 12345, &v2));
	ck_assert(v2 == v);
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, m, 12346, &v2));
	ck_assert(v2 != v);

	cseg_dataset_free(sub);
	free(sub_x);
	free(sub_labels);
	free(idx);
	fixture_free(&f);
}
END_TEST

START_TEST(test_sample_segment_count)
{
	/* Any 2 of these rows hold 1 or 2 segments: never 2..m-1 = 2..1. */
	const double x[] = {0, 1, 2, 3};
	const int64_t labels[] = {0, 0, 1, 1};
	cseg_dataset *ds;
	double v = -7.0;

	ck_assert_ok(cseg_dataset_new(&ds, x, 4, 1, CSEG_LAYOUT_ROW_MAJOR));
	for (int64_t seed = 0; seed < 10; seed++) {
		ck_assert_status(cseg_metric_silhouette(ds, labels, 4, 2, seed, &v), CSEG_E_INVALID_ARG);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "sample_size"));
	}
	ck_assert(v == -7.0);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(test_thread_count_independent)
{
	fixture f;
	double v1, v2, *s1, *s2;

	fixture_load(&f, "blobs_large");
	s1 = malloc((size_t)f.n * sizeof(*s1));
	s2 = malloc((size_t)f.n * sizeof(*s2));
	ck_assert_ok(cseg_set_max_threads(1));
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, 0, 0, &v1));
	ck_assert_ok(cseg_metric_silhouette_samples(f.ds, f.labels, f.n, s1, f.n));
	ck_assert_ok(cseg_set_max_threads(2));
	ck_assert_ok(cseg_metric_silhouette(f.ds, f.labels, f.n, 0, 0, &v2));
	ck_assert_ok(cseg_metric_silhouette_samples(f.ds, f.labels, f.n, s2, f.n));
	ck_assert_ok(cseg_set_max_threads(0));
	ck_assert(memcmp(&v1, &v2, sizeof(v1)) == 0);
	ck_assert(memcmp(s1, s2, (size_t)f.n * sizeof(*s1)) == 0);
	free(s1);
	free(s2);
	fixture_free(&f);
}
END_TEST

START_TEST(test_instruction_sets_agree)
{
	static const char *const names[] = {"blobs_large", "duplicates"};
	fixture f;
	double *ref, *s;

	for (int t = 0; t < 2; t++) {
		fixture_load(&f, names[t]);
		ref = malloc((size_t)f.n * sizeof(*ref));
		s = malloc((size_t)f.n * sizeof(*s));
		cseg__silhouette_limit_isa(0);
		ck_assert_ok(cseg_metric_silhouette_samples(f.ds, f.labels, f.n, ref, f.n));
		for (int level = 1; level <= 2; level++) {
			cseg__silhouette_limit_isa(level);
			ck_assert_ok(cseg_metric_silhouette_samples(f.ds, f.labels, f.n, s, f.n));
			ck_assert_msg(memcmp(s, ref, (size_t)f.n * sizeof(*s)) == 0,
				"%s: level %d differs from plain C", names[t], level);
		}
		free(ref);
		free(s);
		fixture_free(&f);
	}
}
END_TEST

/* Bad inputs, shared by every metric through one dispatcher. */
enum { M_INERTIA, M_SILHOUETTE, M_SAMPLES, M_CH, M_DB, N_METRICS };

static cseg_status call(int metric, const cseg_dataset *ds, const int64_t *labels, int64_t n,
	double *out)
{
	double s[16];

	switch (metric) {
	case M_INERTIA: return cseg_metric_inertia(ds, labels, n, out);
	case M_SILHOUETTE: return cseg_metric_silhouette(ds, labels, n, 0, 0, out);
	case M_SAMPLES: {
		cseg_status st = cseg_metric_silhouette_samples(ds, labels, n, s,
			ds ? cseg_dataset_n_rows(ds) : n);
		if (st == CSEG_OK)
			*out = s[0];
		return st;
	}
	case M_CH: return cseg_metric_calinski_harabasz(ds, labels, n, out);
	default: return cseg_metric_davies_bouldin(ds, labels, n, out);
	}
}

START_TEST(test_bad_inputs)
{
	const double x[] = {0, 0, 1, 0, 0, 1, 5, 5, 6, 5, 5, 6};
	const double x_nan[] = {0, 0, 1, 0, NAN, 1, 5, 5, 6, 5, 5, 6};
	const int64_t good[] = {0, 0, 0, 1, 1, 1};
	const int64_t negative[] = {0, 0, 0, 1, -1, 1};
	const int64_t one[] = {3, 3, 3, 3, 3, 3};
	const int64_t all[] = {0, 1, 2, 3, 4, 5};
	cseg_dataset *ds, *nan_ds;
	const int metric = _i;
	double v = 42.0;

	ck_assert_ok(cseg_dataset_new(&ds, x, 6, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_new(&nan_ds, x_nan, 6, 2, CSEG_LAYOUT_ROW_MAJOR));

	ck_assert_status(call(metric, NULL, good, 6, &v), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "data"));
	ck_assert_status(call(metric, ds, NULL, 6, &v), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "labels"));
	if (metric != M_SAMPLES)
		ck_assert_status(call(metric, ds, good, 6, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(call(metric, ds, good, 5, &v), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "n_labels"));
	ck_assert_status(call(metric, ds, good, 0, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(call(metric, ds, good, -1, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(call(metric, ds, negative, 6, &v), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "labels[4]"));
	ck_assert_status(call(metric, nan_ds, good, 6, &v), CSEG_E_MISSING_VALUES);
	if (metric == M_INERTIA) {
		/* Inertia is defined for any number of segments. */
		ck_assert_ok(call(metric, ds, one, 6, &v));
		ck_assert_ok(call(metric, ds, all, 6, &v));
		ck_assert(v == 0.0);
	} else {
		ck_assert_status(call(metric, ds, one, 6, &v), CSEG_E_INVALID_ARG);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "distinct labels is 1"));
		ck_assert_status(call(metric, ds, all, 6, &v), CSEG_E_INVALID_ARG);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "distinct labels is 6"));
		ck_assert(v == 42.0);
	}
	ck_assert_ok(call(metric, ds, good, 6, &v));

	cseg_dataset_free(ds);
	cseg_dataset_free(nan_ds);
}
END_TEST

START_TEST(test_bad_silhouette_arguments)
{
	const double x[] = {0, 0, 1, 0, 0, 1, 5, 5, 6, 5, 5, 6};
	const int64_t good[] = {0, 0, 0, 1, 1, 1};
	cseg_dataset *ds;
	double v = 42.0, s[6] = {0};

	ck_assert_ok(cseg_dataset_new(&ds, x, 6, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_metric_silhouette(ds, good, 6, 1, 0, &v), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "sample_size"));
	ck_assert_status(cseg_metric_silhouette(ds, good, 6, 7, 0, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_metric_silhouette(ds, good, 6, -3, 0, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_metric_silhouette(ds, good, 6, 4, -1, &v), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "seed"));
	ck_assert(v == 42.0);
	ck_assert_ok(cseg_metric_silhouette(ds, good, 6, 6, 0, &v));

	ck_assert_status(cseg_metric_silhouette_samples(ds, good, 6, NULL, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_metric_silhouette_samples(ds, good, 6, s, 5), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "n_out"));
	ck_assert_status(cseg_metric_silhouette_samples(ds, good, 6, s, 7), CSEG_E_INVALID_ARG);
	for (int i = 0; i < 6; i++)
		ck_assert(s[i] == 0.0);
	cseg_dataset_free(ds);
}
END_TEST

static Suite *metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("sklearn");
	TCase *bad = tcase_create("bad_inputs");

	tcase_add_loop_test(tc, test_against_sklearn, 0, N_FIXTURES);
	tcase_add_test(tc, test_singleton_member_is_zero);
	tcase_add_test(tc, test_duplicates_exact_zero);
	tcase_add_test(tc, test_inertia_any_segment_count);
	tcase_add_test(tc, test_sampled);
	tcase_add_test(tc, test_sample_segment_count);
	tcase_add_test(tc, test_thread_count_independent);
	tcase_add_test(tc, test_instruction_sets_agree);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(bad, test_bad_inputs, 0, N_METRICS);
	tcase_add_test(bad, test_bad_silhouette_arguments);
	suite_add_tcase(s, bad);
	return s;
}

int main(void)
{
	return test_run_suite(metrics_suite());
}
