/* k-means through the public API: agreement with sklearn (fixtures made by
 * tests/fixtures/gen_kmeans.py), determinism across thread counts, weights,
 * degenerate data, concurrent assignment and bad inputs. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "fixture_mats.h"

static void read_mats(const char *name, int n, mat *out)
{
	test_read_mats(NULL, name, n, out);
}

static int64_t *labels_of(const cseg_model *m, const cseg_dataset *ds)
{
	cseg_assignment *a = NULL;
	int64_t n = cseg_dataset_n_rows(ds);
	int64_t *labels = malloc((size_t)n * sizeof(int64_t));

	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, labels, n));
	cseg_assignment_free(a);
	return labels;
}

static double result_double(const cseg_model *m, int key)
{
	double v;

	ck_assert_ok(cseg_model_get_double(m, key, &v));
	return v;
}

static int64_t result_int(const cseg_model *m, int key)
{
	int64_t v;

	ck_assert_ok(cseg_model_get_int(m, key, &v));
	return v;
}

/* Deterministic pseudo-random data: Gaussian blobs from a fixed LCG. */
static uint64_t lcg_state;

static double lcg_uniform(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((double)(lcg_state >> 11) + 0.5) * 0x1.0p-53;
}

static double lcg_normal(void)
{
	return sqrt(-2.0 * log(lcg_uniform())) * cos(6.283185307179586 * lcg_uniform());
}

static double *make_blobs(int64_t n, int64_t d, int64_t groups, double spread, uint64_t seed)
{
	double *centres = malloc((size_t)(groups * d) * sizeof(double));
	double *x = malloc((size_t)(n * d) * sizeof(double));

	lcg_state = seed;
	for (int64_t i = 0; i < groups * d; i++)
		centres[i] = 10.0 * lcg_normal();
	for (int64_t i = 0; i < n; i++) {
		int64_t g = (int64_t)(lcg_uniform() * (double)groups);

		for (int64_t j = 0; j < d; j++)
			x[i * d + j] = centres[g * d + j] + spread * lcg_normal();
	}
	free(centres);
	return x;
}

/* Agreement with sklearn from the same initial centres. */

typedef struct sk_case {
	const char *data, *init, *weights, *ref;
} sk_case;

static const sk_case sk_cases[] = {
	{ "kmeans_blobs_x.txt", "kmeans_blobs_init.txt", NULL, "kmeans_blobs_ref.txt" },
	{ "kmeans_blobs_x.txt", "kmeans_blobs_init.txt", "kmeans_blobs_w.txt", "kmeans_blobs_weighted_ref.txt" },
	{ "kmeans_blobs_x.txt", "kmeans_blobs_init.txt", NULL, "kmeans_blobs_maxiter_ref.txt" },
	{ "kmeans_blobs_x.txt", "kmeans_blobs_init.txt", NULL, "kmeans_blobs_tol0_ref.txt" },
	{ "kmeans_wholesale_x.txt", "kmeans_wholesale_init.txt", NULL, "kmeans_wholesale_ref.txt" },
	{ "kmeans_empty_x.txt", "kmeans_empty_init.txt", NULL, "kmeans_empty_ref.txt" },
};
#define N_SK_CASES (int)(sizeof(sk_cases) / sizeof(sk_cases[0]))

/* Loop over cases x methods {Lloyd, Hamerly, auto}. */
START_TEST(test_matches_sklearn)
{
	const sk_case *tc = &sk_cases[_i / 3];
	int64_t method = _i % 3 == 0 ? CSEG_KMEANS_LLOYD : _i % 3 == 1 ? CSEG_KMEANS_HAMERLY : CSEG_KMEANS_AUTO;
	mat x, init, w = { 0 }, ref[3];
	cseg_dataset *ds;
	cseg_model *m = NULL;
	int64_t k, d, n, *labels, *map;
	double *cent;

	read_mats(tc->data, 1, &x);
	read_mats(tc->init, 1, &init);
	read_mats(tc->ref, 3, ref);
	if (tc->weights)
		read_mats(tc->weights, 1, &w);
	n = x.rows, d = x.cols, k = init.rows;
	ds = dataset_of(x.v, n, d);

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_init_centers(m, init.v, k, d));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, (int64_t)ref[0].v[2]));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_TOL, ref[0].v[3]));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, method));
	if (tc->weights)
		ck_assert_ok(cseg_model_fit_weighted(m, ds, w.v, n));
	else
		ck_assert_ok(cseg_model_fit(m, ds));

	ck_assert_rel(result_double(m, CSEG_RESULT_INERTIA), ref[0].v[0], 1e-9);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_ITER), (int64_t)ref[0].v[1]);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_CLUSTERS), k);

	/* Same partition: our label -> sklearn label must be one bijection,
	 * and the centroids must match through it. */
	labels = labels_of(m, ds);
	map = malloc((size_t)k * sizeof(int64_t));
	for (int64_t j = 0; j < k; j++)
		map[j] = -1;
	for (int64_t i = 0; i < n; i++) {
		int64_t ours = labels[i], theirs = (int64_t)ref[2].v[i];

		if (map[ours] < 0)
			map[ours] = theirs;
		ck_assert_msg(map[ours] == theirs, "%s row %lld: label %lld maps to both %lld and %lld",
			tc->ref, (long long)i, (long long)ours, (long long)map[ours], (long long)theirs);
	}
	cent = malloc((size_t)(k * d) * sizeof(double));
	ck_assert_ok(cseg_model_get_centroids(m, cent, k * d));
	for (int64_t j = 0; j < k; j++) {
		if (map[j] < 0)
			continue;
		for (int64_t f = 0; f < d; f++) {
			double scale = fabs(ref[1].v[map[j] * d + f]) + 1.0;

			ck_assert_msg(fabs(cent[j * d + f] - ref[1].v[map[j] * d + f]) <= 1e-9 * scale,
				"%s centroid %lld feature %lld: %.17g vs sklearn %.17g", tc->ref, (long long)j,
				(long long)f, cent[j * d + f], ref[1].v[map[j] * d + f]);
		}
	}
	/* Canonical order: sizes never increase from label 0 on. */
	{
		double *size = calloc((size_t)k, sizeof(double));

		for (int64_t i = 0; i < n; i++)
			size[labels[i]] += tc->weights ? w.v[i] : 1.0;
		for (int64_t j = 1; j < k; j++)
			ck_assert_msg(size[j] <= size[j - 1], "segment %lld larger than %lld", (long long)j,
				(long long)(j - 1));
		free(size);
	}
	free(cent);
	free(map);
	free(labels);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	mat_free(&x), mat_free(&init), mat_free(&w);
	for (int i = 0; i < 3; i++)
		mat_free(&ref[i]);
}
END_TEST

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* k-means++ seeds as well as sklearn's: the median inertia after one Lloyd
 * step over 40 seeds is at most 2% above sklearn's (uniform random seeding
 * is 3% to 13% worse on these data), and the best of n_init = 10 within 0.5%
 * of sklearn's best of 10 (seeds differ, so local optima may too). */
START_TEST(test_kmeanspp_quality)
{
	static const char *data[] = { "kmeans_blobs_x.txt", "kmeans_wholesale_x.txt" };
	static const int64_t ks[] = { 6, 5 };
	mat x, pp[2];
	cseg_dataset *ds;
	cseg_model *m = NULL;
	double inertia, one[40];

	read_mats(data[_i], 1, &x);
	read_mats("kmeans_pp_ref.txt", 2, pp);
	ds = dataset_of(x.v, x.rows, x.cols);
	for (int s = 0; s < 40; s++) {
		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, ks[_i]));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, 1));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, s));
		ck_assert_ok(cseg_model_fit(m, ds));
		one[s] = result_double(m, CSEG_RESULT_INERTIA);
		cseg_model_free(m);
	}
	qsort(one, 40, sizeof(double), cmp_double);
	inertia = 0.5 * (one[19] + one[20]);
	ck_assert_msg(inertia <= 1.02 * pp[1].v[_i],
		"k-means++ + one step, median of 40 seeds: %.10g, sklearn %.10g", inertia, pp[1].v[_i]);

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, ks[_i]));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_N_INIT, 10));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 7));
	ck_assert_ok(cseg_model_fit(m, ds));
	inertia = result_double(m, CSEG_RESULT_INERTIA);
	ck_assert_msg(inertia <= pp[0].v[_i] * 1.005,
		"k-means++ best of 10: inertia %.10g, sklearn %.10g", inertia, pp[0].v[_i]);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_CONVERGED), 1);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	mat_free(&x), mat_free(&pp[0]), mat_free(&pp[1]);
}
END_TEST

/* Bit-identical results with 1, 2 and 4 threads, for every method and init. */
START_TEST(test_thread_determinism)
{
	enum { d = 7, k = 12 };
	const int64_t n = 60000;
	int64_t method = _i % 3, init = _i / 3 == 0 ? CSEG_INIT_KMEANSPP : CSEG_INIT_RANDOM;
	double *x = make_blobs(n, d, 15, 4.0, 99);
	double *w = malloc((size_t)n * sizeof(double));
	double ref[k * d], cent[k * d], ref_inertia = 0;
	int64_t ref_iter = 0;
	cseg_dataset *ds = dataset_of(x, n, d);
	static const int threads[] = { 1, 2, 4 };

	for (int64_t i = 0; i < n; i++)
		w[i] = 0.5 + (double)(i % 5);
#ifdef _OPENMP
	/* Allow more threads than cores, so 4 really means 4. */
	omp_set_num_threads(4);
#endif
	for (int t = 0; t < 3; t++) {
		cseg_model *m = NULL;
		double inertia;

		ck_assert_ok(cseg_set_max_threads(threads[t]));
		ck_assert_int_eq(cseg_get_max_threads(), threads[t]);
		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 1234));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_N_INIT, 2));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_INIT, init));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, method));
		ck_assert_ok(cseg_model_fit_weighted(m, ds, w, n));
		ck_assert_ok(cseg_model_get_centroids(m, cent, k * d));
		inertia = result_double(m, CSEG_RESULT_INERTIA);
		if (t == 0) {
			memcpy(ref, cent, sizeof(ref));
			ref_inertia = inertia;
			ref_iter = result_int(m, CSEG_RESULT_N_ITER);
		} else {
			ck_assert_msg(memcmp(ref, cent, sizeof(ref)) == 0,
				"centroids differ between 1 and %d threads", threads[t]);
			ck_assert_msg(memcmp(&ref_inertia, &inertia, sizeof(double)) == 0,
				"inertia %.17g with %d threads, %.17g with 1", inertia, threads[t], ref_inertia);
			ck_assert_int_eq(result_int(m, CSEG_RESULT_N_ITER), ref_iter);
		}
		cseg_model_free(m);
	}
	ck_assert_ok(cseg_set_max_threads(0));
	cseg_dataset_free(ds);
	free(x);
	free(w);
}
END_TEST

/* Lloyd and Hamerly take the same path: same iterations, same inertia. */
START_TEST(test_hamerly_equals_lloyd)
{
	enum { d = 5, k = 20 };
	const int64_t n = 20000;
	double *x = make_blobs(n, d, 25, 3.0, 5);
	cseg_dataset *ds = dataset_of(x, n, d);
	double inertia[2];
	int64_t iters[2];
	double cent[2][k * d];

	for (int i = 0; i < 2; i++) {
		cseg_model *m = NULL;

		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 3));
		ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_TOL, 0.0));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD,
			i == 0 ? CSEG_KMEANS_LLOYD : CSEG_KMEANS_HAMERLY));
		ck_assert_ok(cseg_model_fit(m, ds));
		inertia[i] = result_double(m, CSEG_RESULT_INERTIA);
		iters[i] = result_int(m, CSEG_RESULT_N_ITER);
		ck_assert_ok(cseg_model_get_centroids(m, cent[i], k * d));
		cseg_model_free(m);
	}
	ck_assert_int_eq(iters[0], iters[1]);
	ck_assert_rel(inertia[1], inertia[0], 1e-10);
	for (int64_t i = 0; i < k * d; i++)
		ck_assert_msg(fabs(cent[0][i] - cent[1][i]) <= 1e-9 * (1.0 + fabs(cent[0][i])),
			"centroid value %lld: Lloyd %.17g, Hamerly %.17g", (long long)i, cent[0][i], cent[1][i]);
	cseg_dataset_free(ds);
	free(x);
}
END_TEST

/* Wide data (k * d > 16384: blocks small enough that OpenBLAS would thread
 * them, so the library pins it to one thread): both methods agree, and the
 * inertia equals the sum of squared distances from a fresh assignment. */
START_TEST(test_wide)
{
	const int64_t n = 400, d = 200, k = 90;
	double *x = make_blobs(n, d, 30, 2.0, 17);
	cseg_dataset *ds = dataset_of(x, n, d);
	double inertia[2];
	int64_t iters[2];

	for (int i = 0; i < 2; i++) {
		cseg_model *m = NULL;
		cseg_assignment *a = NULL;
		double *dist = malloc((size_t)n * sizeof(double)), s = 0.0;

		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 9));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD,
			i == 0 ? CSEG_KMEANS_LLOYD : CSEG_KMEANS_HAMERLY));
		ck_assert_ok(cseg_model_fit(m, ds));
		inertia[i] = result_double(m, CSEG_RESULT_INERTIA);
		iters[i] = result_int(m, CSEG_RESULT_N_ITER);
		ck_assert_ok(cseg_model_assign(m, ds, &a));
		ck_assert_ok(cseg_assignment_get_distances(a, dist, n));
		for (int64_t r = 0; r < n; r++)
			s += dist[r] * dist[r];
		ck_assert_rel(s, inertia[i], 1e-10);
		cseg_assignment_free(a);
		cseg_model_free(m);
		free(dist);
	}
	ck_assert_int_eq(iters[0], iters[1]);
	ck_assert_rel(inertia[1], inertia[0], 1e-10);
	cseg_dataset_free(ds);
	free(x);
}
END_TEST

/* A large offset (1e6 against a spread of ~10) changes nothing beyond
 * rounding: same iterations, labels and inertia as the data at the origin. */
START_TEST(test_translation)
{
	enum { d = 4, k = 6 };
	const int64_t n = 3000;
	double *x = make_blobs(n, d, 6, 3.0, 23), *y = malloc((size_t)(n * d) * sizeof(double));
	double init[k * d], inity[k * d], inertia[2];
	int64_t iters[2], *labels[2];

	for (int64_t i = 0; i < n * d; i++)
		y[i] = x[i] + 1e6;
	memcpy(init, x, sizeof(init));
	for (int i = 0; i < k * d; i++)
		inity[i] = init[i] + 1e6;
	for (int i = 0; i < 2; i++) {
		cseg_dataset *ds = dataset_of(i ? y : x, n, d);
		cseg_model *m = NULL;

		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_init_centers(m, i ? inity : init, k, d));
		ck_assert_ok(cseg_model_fit(m, ds));
		inertia[i] = result_double(m, CSEG_RESULT_INERTIA);
		iters[i] = result_int(m, CSEG_RESULT_N_ITER);
		labels[i] = labels_of(m, ds);
		cseg_model_free(m);
		cseg_dataset_free(ds);
	}
	ck_assert_int_eq(iters[0], iters[1]);
	ck_assert_rel(inertia[1], inertia[0], 1e-8);
	ck_assert(memcmp(labels[0], labels[1], (size_t)n * sizeof(int64_t)) == 0);
	free(labels[0]), free(labels[1]);
	free(x), free(y);
}
END_TEST

/* Integer weights give the fit of the data with rows repeated. */
START_TEST(test_weights_equal_duplicates)
{
	enum { d = 3, k = 4 };
	const int64_t n = 500;
	double *x = make_blobs(n, d, 4, 3.0, 11);
	double *w = malloc((size_t)n * sizeof(double));
	double *dup = malloc((size_t)(4 * n * d) * sizeof(double));
	double init[k * d], c1[k * d], c2[k * d];
	int64_t nd = 0;
	cseg_dataset *ds, *dsd;
	cseg_model *m1 = NULL, *m2 = NULL;

	for (int64_t i = 0; i < n; i++) {
		w[i] = (double)(1 + i % 3);
		for (int r = 0; r < (int)w[i]; r++, nd++)
			memcpy(dup + nd * d, x + i * d, (size_t)d * sizeof(double));
	}
	memcpy(init, x, sizeof(init));
	ds = dataset_of(x, n, d);
	dsd = dataset_of(dup, nd, d);
	ck_assert_ok(cseg_model_new(&m1, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_new(&m2, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_init_centers(m1, init, k, d));
	ck_assert_ok(cseg_model_set_init_centers(m2, init, k, d));
	ck_assert_ok(cseg_model_fit_weighted(m1, ds, w, n));
	ck_assert_ok(cseg_model_fit(m2, dsd));
	ck_assert_rel(result_double(m1, CSEG_RESULT_INERTIA), result_double(m2, CSEG_RESULT_INERTIA), 1e-10);
	ck_assert_int_eq(result_int(m1, CSEG_RESULT_N_ITER), result_int(m2, CSEG_RESULT_N_ITER));
	ck_assert_ok(cseg_model_get_centroids(m1, c1, k * d));
	ck_assert_ok(cseg_model_get_centroids(m2, c2, k * d));
	for (int64_t i = 0; i < k * d; i++)
		ck_assert_msg(fabs(c1[i] - c2[i]) <= 1e-10 * (1.0 + fabs(c2[i])), "centroid value %lld", (long long)i);
	cseg_model_free(m1);
	cseg_model_free(m2);
	cseg_dataset_free(ds);
	cseg_dataset_free(dsd);
	free(x), free(w), free(dup);
}
END_TEST

/* k = 1: the (weighted) mean, no runner-up. */
START_TEST(test_k1)
{
	const int64_t n = 300, d = 4;
	double *x = make_blobs(n, d, 3, 2.0, 21);
	double *w = malloc((size_t)n * sizeof(double));
	double mean[4] = { 0 }, wsum = 0, inertia = 0, cent[4];
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = NULL;
	cseg_assignment *a = NULL;
	int64_t runner[300];
	double margin[300];

	for (int64_t i = 0; i < n; i++) {
		w[i] = 1.0 + (double)(i % 7) / 3.0;
		wsum += w[i];
		for (int64_t j = 0; j < d; j++)
			mean[j] += w[i] * x[i * d + j];
	}
	for (int64_t j = 0; j < d; j++)
		mean[j] /= wsum;
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < d; j++)
			inertia += w[i] * (x[i * d + j] - mean[j]) * (x[i * d + j] - mean[j]);
	for (int method = 0; method < 3; method++) {
		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 1));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, method));
		ck_assert_ok(cseg_model_fit_weighted(m, ds, w, n));
		ck_assert_ok(cseg_model_get_centroids(m, cent, d));
		for (int64_t j = 0; j < d; j++)
			ck_assert_rel(cent[j], mean[j], 1e-12);
		ck_assert_rel(result_double(m, CSEG_RESULT_INERTIA), inertia, 1e-12);
		ck_assert_int_eq(result_int(m, CSEG_RESULT_CONVERGED), 1);
		ck_assert_ok(cseg_model_assign(m, ds, &a));
		ck_assert_ok(cseg_assignment_get_runner_up(a, runner, n));
		ck_assert_ok(cseg_assignment_get_margins(a, margin, n));
		for (int64_t i = 0; i < n; i++) {
			ck_assert_int_eq(runner[i], -1);
			ck_assert(margin[i] == 0.0);
		}
		cseg_assignment_free(a);
		cseg_model_free(m);
	}
	cseg_dataset_free(ds);
	free(x), free(w);
}
END_TEST

/* k = n on distinct rows: every row its own segment, zero inertia. */
START_TEST(test_k_equals_n)
{
	const int64_t n = 40, d = 2;
	double *x = make_blobs(n, d, 5, 1.0, 8);
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = NULL;
	int64_t *labels, seen[40] = { 0 };

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, n));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert(result_double(m, CSEG_RESULT_INERTIA) == 0.0);
	labels = labels_of(m, ds);
	for (int64_t i = 0; i < n; i++)
		seen[labels[i]]++;
	for (int64_t j = 0; j < n; j++)
		ck_assert_int_eq(seen[j], 1);
	/* All sizes tie: canonical order is by first member row. */
	for (int64_t i = 0; i < n; i++)
		ck_assert_int_eq(labels[i], i);
	free(labels);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	free(x);
}
END_TEST

/* Duplicated and all-identical rows: no crash, empty clusters repaired,
 * zero inertia where the points allow it. */
START_TEST(test_duplicates_and_identical)
{
	double x[60];
	cseg_dataset *ds;
	cseg_model *m = NULL;
	int64_t *labels;

	/* 30 rows, 3 distinct points, k = 3. */
	for (int i = 0; i < 30; i++) {
		x[2 * i] = (double)(i % 3) * 5.0;
		x[2 * i + 1] = (i % 3 == 1) ? 1.0 : -1.0;
	}
	ds = dataset_of(x, 30, 2);
	for (int method = 0; method < 3; method++) {
		for (int init = 0; init < 2; init++) {
			ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 3));
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_INIT, init));
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_N_INIT, 3));
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, method));
			ck_assert_ok(cseg_model_fit(m, ds));
			ck_assert_msg(result_double(m, CSEG_RESULT_INERTIA) < 1e-20, "inertia %g",
				result_double(m, CSEG_RESULT_INERTIA));
			labels = labels_of(m, ds);
			/* Equal sizes: labels by first appearance. */
			for (int i = 0; i < 30; i++)
				ck_assert_int_eq(labels[i], i % 3);
			free(labels);
			cseg_model_free(m);
		}
	}
	cseg_dataset_free(ds);

	/* 10 identical rows, k = 3. */
	for (int i = 0; i < 20; i++)
		x[i] = i % 2 ? 7.5 : -2.25;
	ds = dataset_of(x, 10, 2);
	for (int method = 0; method < 3; method++) {
		for (int init = 0; init < 2; init++) {
			double cent[6];

			ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 3));
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_INIT, init));
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, method));
			ck_assert_ok(cseg_model_fit(m, ds));
			ck_assert(result_double(m, CSEG_RESULT_INERTIA) == 0.0);
			ck_assert_int_eq(result_int(m, CSEG_RESULT_CONVERGED), 1);
			ck_assert_ok(cseg_model_get_centroids(m, cent, 6));
			for (int j = 0; j < 6; j++)
				ck_assert(cent[j] == (j % 2 ? 7.5 : -2.25));
			labels = labels_of(m, ds);
			for (int i = 0; i < 10; i++)
				ck_assert_int_eq(labels[i], 0);
			free(labels);
			cseg_model_free(m);
		}
	}
	cseg_dataset_free(ds);
}
END_TEST

/* Concurrent assignment from one model equals the serial result. */
typedef struct assign_job {
	const cseg_model *m;
	const cseg_dataset *ds;
	int64_t n;
	int64_t *labels;
	double *dist;
	int ok;
} assign_job;

static void *assign_thread(void *arg)
{
	assign_job *j = arg;
	cseg_assignment *a = NULL;

	j->ok = 0;
	for (int rep = 0; rep < 3; rep++) {
		if (cseg_model_assign(j->m, j->ds, &a) != CSEG_OK)
			return NULL;
		if (cseg_assignment_get_labels(a, j->labels, j->n) != CSEG_OK ||
			cseg_assignment_get_distances(a, j->dist, j->n) != CSEG_OK) {
			cseg_assignment_free(a);
			return NULL;
		}
		cseg_assignment_free(a);
	}
	j->ok = 1;
	return NULL;
}

START_TEST(test_concurrent_assign)
{
	const int64_t n = 30000, d = 6, k = 9;
	double *x = make_blobs(n, d, 9, 3.0, 77);
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = NULL;
	cseg_assignment *a = NULL;
	int64_t *labels = malloc((size_t)n * sizeof(int64_t));
	double *dist = malloc((size_t)n * sizeof(double));
	pthread_t th[8];
	assign_job jobs[8];

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, labels, n));
	ck_assert_ok(cseg_assignment_get_distances(a, dist, n));
	cseg_assignment_free(a);
	for (int t = 0; t < 8; t++) {
		jobs[t] = (assign_job){ m, ds, n, malloc((size_t)n * sizeof(int64_t)),
			malloc((size_t)n * sizeof(double)), 0 };
		ck_assert_int_eq(pthread_create(&th[t], NULL, assign_thread, &jobs[t]), 0);
	}
	for (int t = 0; t < 8; t++) {
		ck_assert_int_eq(pthread_join(th[t], NULL), 0);
		ck_assert_msg(jobs[t].ok, "thread %d failed", t);
		ck_assert(memcmp(jobs[t].labels, labels, (size_t)n * sizeof(int64_t)) == 0);
		ck_assert(memcmp(jobs[t].dist, dist, (size_t)n * sizeof(double)) == 0);
		free(jobs[t].labels);
		free(jobs[t].dist);
	}
	free(labels), free(dist);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	free(x);
}
END_TEST

/* assign_one agrees with the batch call, and the outputs are consistent. */
START_TEST(test_assign_one_matches_batch)
{
	const int64_t n = 5000, d = 5, k = 7;
	double *x = make_blobs(n, d, 6, 4.0, 4);
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = NULL;
	cseg_assignment *a = NULL;
	int64_t *labels = malloc((size_t)n * sizeof(int64_t)), *runner = malloc((size_t)n * sizeof(int64_t));
	double *dist = malloc((size_t)n * sizeof(double)), *margin = malloc((size_t)n * sizeof(double));
	double cent[7 * 5];

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_centroids(m, cent, k * d));
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_int_eq(cseg_assignment_n_rows(a), n);
	ck_assert_ok(cseg_assignment_get_labels(a, labels, n));
	ck_assert_ok(cseg_assignment_get_runner_up(a, runner, n));
	ck_assert_ok(cseg_assignment_get_distances(a, dist, n));
	ck_assert_ok(cseg_assignment_get_margins(a, margin, n));
	for (int64_t i = 0; i < n; i++) {
		int64_t l;
		double dd, mg, best = INFINITY, second = INFINITY;

		ck_assert_ok(cseg_model_assign_one(m, x + i * d, d, &l, &dd, &mg));
		ck_assert_int_eq(l, labels[i]);
		ck_assert(dd == dist[i]);
		ck_assert(mg == margin[i]);
		ck_assert(runner[i] != labels[i] && runner[i] >= 0 && runner[i] < k);
		/* Brute force. */
		for (int64_t j = 0; j < k; j++) {
			double s = 0;

			for (int64_t f = 0; f < d; f++)
				s += (x[i * d + f] - cent[j * d + f]) * (x[i * d + f] - cent[j * d + f]);
			s = sqrt(s);
			if (s < best) {
				second = best;
				best = s;
			} else if (s < second) {
				second = s;
			}
		}
		ck_assert_rel(dist[i], best, 1e-12);
		ck_assert(fabs(margin[i] - (second - best)) <= 1e-12 * (1.0 + second));
		ck_assert(margin[i] >= 0.0);
	}
	/* NULL outputs are allowed. */
	ck_assert_ok(cseg_model_assign_one(m, x, d, NULL, NULL, NULL));
	cseg_assignment_free(a);
	free(labels), free(runner), free(dist), free(margin);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	free(x);
}
END_TEST

/* Same seed, same model; another seed may differ but stays valid. */
START_TEST(test_seed_reproducible)
{
	const int64_t n = 2000, d = 3, k = 5;
	double *x = make_blobs(n, d, 8, 5.0, 31);
	cseg_dataset *ds = dataset_of(x, n, d);
	double c[2][5 * 3];

	for (int i = 0; i < 2; i++) {
		cseg_model *m = NULL;

		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 2024));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_INIT, _i));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_N_INIT, 3));
		ck_assert_ok(cseg_model_fit(m, ds));
		ck_assert_ok(cseg_model_get_centroids(m, c[i], k * d));
		cseg_model_free(m);
	}
	ck_assert(memcmp(c[0], c[1], sizeof(c[0])) == 0);
	cseg_dataset_free(ds);
	free(x);
}
END_TEST

/* Cancelling through the progress callback leaves the model unfitted. */
static int cancel_at_third(double fraction, void *payload)
{
	int *calls = payload;

	ck_assert(fraction >= 0.0 && fraction <= 1.0);
	return ++*calls >= 3;
}

static int count_calls(double fraction, void *payload)
{
	int *calls = payload;
	(void)fraction;
	++*calls;
	return 0;
}

START_TEST(test_progress_cancel)
{
	const int64_t n = 3000, d = 4;
	double *x = make_blobs(n, d, 10, 6.0, 13);
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = NULL;
	int calls = 0;
	double v;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 10));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_TOL, 0.0));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_INIT, CSEG_INIT_RANDOM));
	ck_assert_ok(cseg_model_set_progress_callback(m, cancel_at_third, &calls));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_CANCELLED);
	ck_assert_int_eq(calls, 3);
	ck_assert_status(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &v), CSEG_E_NOT_FITTED);
	calls = 0;
	ck_assert_ok(cseg_model_set_progress_callback(m, count_calls, &calls));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_int_eq(calls, result_int(m, CSEG_RESULT_N_ITER));
	cseg_model_free(m);
	cseg_dataset_free(ds);
	free(x);

	/* Batch assignment reports between waves of rows and can be cancelled. */
	{
		const int64_t nb = 600000;
		double *xb = make_blobs(nb, 2, 3, 1.0, 29);
		cseg_dataset *big = dataset_of(xb, nb, 2);
		cseg_assignment *a = (cseg_assignment *)(uintptr_t)1;

		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 3));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, 5));
		ck_assert_ok(cseg_model_fit(m, big));
		calls = 2;
		ck_assert_ok(cseg_model_set_progress_callback(m, cancel_at_third, &calls));
		ck_assert_status(cseg_model_assign(m, big, &a), CSEG_E_CANCELLED);
		ck_assert_ptr_null(a);
		calls = 0;
		ck_assert_ok(cseg_model_set_progress_callback(m, count_calls, &calls));
		ck_assert_ok(cseg_model_assign(m, big, &a));
		ck_assert_int_ge(calls, 1);
		cseg_assignment_free(a);
		cseg_model_free(m);
		cseg_dataset_free(big);
		free(xb);
	}
}
END_TEST

START_TEST(test_bad_inputs)
{
	double x[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	double c[4] = { 0, 1, 2, 3 }, w[6] = { 1, 1, 1, 1, 1, 1 };
	cseg_dataset *ds = dataset_of(x, 6, 2), *ds3 = dataset_of(x, 4, 3), *dsn = NULL;
	cseg_model *m = NULL;
	cseg_assignment *a = (cseg_assignment *)(uintptr_t)1;
	double nanrow[2] = { NAN, 1.0 }, infrow[2] = { INFINITY, 1.0 }, xn[12];
	int64_t l;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	/* Not fitted yet. */
	ck_assert_status(cseg_model_assign(m, ds, &a), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(a);
	ck_assert_status(cseg_model_assign_one(m, x, 2, &l, NULL, NULL), CSEG_E_NOT_FITTED);
	/* k > n. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 7));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	/* k < 1 refused by the setter. */
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_K, 0), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));
	/* NULLs. */
	ck_assert_status(cseg_model_fit(NULL, ds), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit_weighted(m, ds, NULL, 6), CSEG_E_INVALID_ARG);
	/* Weights: wrong count, negative, all zero. */
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 5), CSEG_E_INVALID_ARG);
	w[2] = -1;
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 6), CSEG_E_INVALID_ARG);
	memset(w, 0, sizeof(w));
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 6), CSEG_E_INVALID_ARG);
	/* Missing values. */
	memcpy(xn, x, sizeof(xn));
	xn[5] = NAN;
	ck_assert_ok(cseg_dataset_new(&dsn, xn, 6, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_model_fit(m, dsn), CSEG_E_MISSING_VALUES);
	/* Initial centres of another width. */
	ck_assert_ok(cseg_model_set_init_centers(m, c, 2, 2));
	ck_assert_status(cseg_model_fit(m, ds3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign(m, ds, &a), CSEG_E_NOT_FITTED);
	ck_assert_ok(cseg_model_fit(m, ds));

	/* Assign: wrong width, NaN, NULLs. */
	ck_assert_status(cseg_model_assign(m, ds3, &a), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(a);
	ck_assert_status(cseg_model_assign(m, dsn, &a), CSEG_E_MISSING_VALUES);
	ck_assert_status(cseg_model_assign(NULL, ds, &a), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign(m, NULL, &a), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign(m, ds, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign_one(m, x, 3, &l, NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign_one(m, NULL, 2, &l, NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign_one(NULL, x, 2, &l, NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign_one(m, nanrow, 2, &l, NULL, NULL), CSEG_E_MISSING_VALUES);
	ck_assert_status(cseg_model_assign_one(m, infrow, 2, &l, NULL, NULL), CSEG_E_INVALID_ARG);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	cseg_dataset_free(ds3);
	cseg_dataset_free(dsn);
}
END_TEST

static Suite *kmeans_suite(void)
{
	Suite *s = suite_create("kmeans");
	TCase *tc = tcase_create("kmeans");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_matches_sklearn, 0, 3 * N_SK_CASES);
	tcase_add_loop_test(tc, test_kmeanspp_quality, 0, 2);
	tcase_add_loop_test(tc, test_thread_determinism, 0, 6);
	tcase_add_test(tc, test_hamerly_equals_lloyd);
	tcase_add_test(tc, test_wide);
	tcase_add_test(tc, test_translation);
	tcase_add_test(tc, test_weights_equal_duplicates);
	tcase_add_test(tc, test_k1);
	tcase_add_test(tc, test_k_equals_n);
	tcase_add_test(tc, test_duplicates_and_identical);
	tcase_add_test(tc, test_concurrent_assign);
	tcase_add_test(tc, test_assign_one_matches_batch);
	tcase_add_loop_test(tc, test_seed_reproducible, 0, 2);
	tcase_add_test(tc, test_progress_cancel);
	tcase_add_test(tc, test_bad_inputs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(kmeans_suite());
}
