/* Gaussian mixtures through the public API: agreement with sklearn from the
 * same initial weights, means and precisions (fixtures made by
 * tests/fixtures/gmm/gen_gmm.py), the data-driven starts, weights as
 * repeated rows, far-out points, determinism across thread counts,
 * persistence, assignments and bad inputs. */
#include <math.h>
#include <stdint.h>

#include "fixture_mats.h"

static void read_mats(const char *name, int n, mat *out)
{
	test_read_mats("gmm", name, n, out);
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

static double *array_of(const cseg_model *m, const char *name, int64_t *n_out)
{
	int64_t r, c;
	double *v;

	ck_assert_ok(cseg_model_array_shape(m, name, &r, &c));
	v = malloc((size_t)(r * c) * sizeof(double));
	ck_assert_ok(cseg_model_get_array(m, name, v, r * c));
	*n_out = r * c;
	return v;
}

/* |a - b| <= tol * max(1, |b|): relative for large values, absolute near 0. */
static void assert_close(const double *a, const double *b, int64_t n, double tol, const char *what)
{
	for (int64_t i = 0; i < n; i++) {
		double s = fabs(b[i]) > 1 ? fabs(b[i]) : 1;
		ck_assert_msg(fabs(a[i] - b[i]) <= tol * s, "%s[%lld] = %.17g, sklearn %.17g",
			what, (long long)i, a[i], b[i]);
	}
}

static const char *const cov_names[] = { "full", "tied", "diag", "spherical" };

typedef struct sk_case {
	const char *data;
	const char *tag;
	int cov;
	int64_t k;
} sk_case;

static const sk_case sk_cases[] = {
	{ "blobs", "blobs_full", CSEG_GMM_FULL, 4 },
	{ "blobs", "blobs_tied", CSEG_GMM_TIED, 4 },
	{ "blobs", "blobs_diag", CSEG_GMM_DIAG, 4 },
	{ "blobs", "blobs_spherical", CSEG_GMM_SPHERICAL, 4 },
	{ "wholesale", "wholesale_full", CSEG_GMM_FULL, 3 },
	{ "wholesale", "wholesale_tied", CSEG_GMM_TIED, 3 },
	{ "wholesale", "wholesale_diag", CSEG_GMM_DIAG, 3 },
	{ "wholesale", "wholesale_spherical", CSEG_GMM_SPHERICAL, 3 },
	{ "wholesale", "wholesale_tight", CSEG_GMM_FULL, 3 },
};
#define N_SK_CASES ((int)(sizeof(sk_cases) / sizeof(sk_cases[0])))

static cseg_model *given_model(const sk_case *tc, const mat *init, int64_t d, double tol,
	int64_t max_iter, double reg)
{
	cseg_model *m = NULL;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, tc->cov));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_TOL, tol));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, max_iter));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_GMM_REG_COVAR, reg));
	ck_assert_ok(cseg_gmm_set_init(m, tc->k, d, init[0].v, tc->k, init[1].v, tc->k * d,
		init[2].v, init[2].rows * init[2].cols));
	return m;
}

/* The criterion: from the same start, the converged lower bound
 * within 1e-6 relative; parameters and posteriors agree as closely. */
START_TEST(test_matches_sklearn)
{
	const sk_case *tc = &sk_cases[_i];
	char name[128];
	mat x, init[3], ref[8];
	cseg_model *m;
	cseg_dataset *ds;
	double *v, *proba, *ll, bic, aic, score;
	int64_t n, d, nv;

	snprintf(name, sizeof(name), "gmm_%s_x.txt", tc->data);
	read_mats(name, 1, &x);
	snprintf(name, sizeof(name), "gmm_%s_init.txt", tc->tag);
	read_mats(name, 3, init);
	snprintf(name, sizeof(name), "gmm_%s_ref.txt", tc->tag);
	read_mats(name, 8, ref);
	n = x.rows, d = x.cols;
	ds = dataset_of(x.v, n, d);
	m = given_model(tc, init, d, ref[0].v[3], (int64_t)ref[0].v[4], ref[0].v[5]);
	ck_assert_ok(cseg_model_fit(m, ds));

	ck_assert_rel(result_double(m, CSEG_RESULT_GMM_LOWER_BOUND), ref[0].v[0], 1e-6);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_ITER), (int64_t)ref[0].v[1]);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_CONVERGED), (int64_t)ref[0].v[2]);
	v = array_of(m, "weights", &nv);
	ck_assert_int_eq(nv, tc->k);
	assert_close(v, ref[1].v, nv, 1e-6, "weights");
	free(v);
	v = array_of(m, "means", &nv);
	assert_close(v, ref[2].v, nv, 1e-6, "means");
	free(v);
	v = array_of(m, "covariances", &nv);
	ck_assert_int_eq(nv, ref[3].cols);
	assert_close(v, ref[3].v, nv, 1e-6, "covariances");
	free(v);
	v = array_of(m, "precisions_cholesky", &nv);
	assert_close(v, ref[4].v, nv, 1e-6, "precisions_cholesky");
	free(v);

	proba = malloc((size_t)(n * tc->k) * sizeof(double));
	ll = malloc((size_t)n * sizeof(double));
	ck_assert_ok(cseg_gmm_predict_proba(m, ds, proba, n * tc->k));
	assert_close(proba, ref[5].v, n * tc->k, 1e-6, "predict_proba");
	ck_assert_ok(cseg_gmm_score_samples(m, ds, ll, n));
	assert_close(ll, ref[6].v, n, 1e-6, "score_samples");
	ck_assert_ok(cseg_gmm_bic(m, ds, &bic));
	ck_assert_ok(cseg_gmm_aic(m, ds, &aic));
	ck_assert_rel(bic, ref[7].v[0], 1e-6);
	ck_assert_rel(aic, ref[7].v[1], 1e-6);
	ck_assert_rel(result_double(m, CSEG_RESULT_GMM_BIC), ref[7].v[0], 1e-6);
	ck_assert_rel(result_double(m, CSEG_RESULT_GMM_AIC), ref[7].v[1], 1e-6);
	ck_assert_ok(cseg_gmm_score(m, ds, &score));
	ck_assert_ok(cseg_gmm_n_parameters(m, &nv));
	ck_assert_rel(-2 * score * (double)n + 2.0 * (double)nv, ref[7].v[1], 1e-6);

	free(proba);
	free(ll);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	mats_free(&x, 1);
	mats_free(init, 3);
	mats_free(ref, 8);
}
END_TEST

/* sklearn's default start (k-means labels, n_init = 5): the generators
 * differ, so only the quality of the optimum is compared. */
START_TEST(test_kmeans_start_loose)
{
	const char *data = _i < 4 ? "blobs" : "wholesale";
	const int cov = _i % 4;
	const int64_t k = _i < 4 ? 4 : 3;
	char name[128];
	mat x, ref;
	cseg_model *m = NULL;
	cseg_dataset *ds;
	double lb, worst = HUGE_VAL;

	snprintf(name, sizeof(name), "gmm_%s_x.txt", data);
	read_mats(name, 1, &x);
	snprintf(name, sizeof(name), "gmm_%s_kmeans_ref.txt", data);
	read_mats(name, 1, &ref);
	for (int j = 0; j < 5; j++)
		if (ref.v[cov * 5 + j] < worst)
			worst = ref.v[cov * 5 + j];
	ds = dataset_of(x.v, x.rows, x.cols);
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, cov));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_N_INIT, 5));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 3));
	ck_assert_ok(cseg_model_fit(m, ds));
	lb = result_double(m, CSEG_RESULT_GMM_LOWER_BOUND);
	ck_assert_msg(lb >= worst - 2e-3 * fabs(worst), "%s %s: lower bound %.10g, sklearn's worst of "
		"5 seeds %.10g", data, cov_names[cov], lb, worst);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_CONVERGED), 1);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	mats_free(&x, 1);
	mats_free(&ref, 1);
}
END_TEST

/* Every data-driven start gives a proper fit (posteriors sum to one). */
START_TEST(test_starts)
{
	static const int inits[] = { CSEG_GMM_INIT_KMEANS, CSEG_GMM_INIT_KMEANSPP, CSEG_GMM_INIT_RANDOM,
		CSEG_GMM_INIT_RANDOM_FROM_DATA };
	mat x;
	cseg_model *m = NULL;
	cseg_dataset *ds;
	double *p, lb;
	int64_t n;

	read_mats("gmm_blobs_x.txt", 1, &x);
	n = x.rows;
	ds = dataset_of(x.v, n, x.cols);
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 4));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_INIT_PARAMS, inits[_i]));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, _i));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, 500));
	ck_assert_ok(cseg_model_fit(m, ds));
	lb = result_double(m, CSEG_RESULT_GMM_LOWER_BOUND);
	ck_assert(isfinite(lb) && lb < 0 && lb > -20);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_CONVERGED), 1);
	p = malloc((size_t)(n * 4) * sizeof(double));
	ck_assert_ok(cseg_gmm_predict_proba(m, ds, p, n * 4));
	for (int64_t i = 0; i < n; i++) {
		double s = p[i * 4] + p[i * 4 + 1] + p[i * 4 + 2] + p[i * 4 + 3];
		ck_assert_msg(fabs(s - 1) < 1e-12, "row %lld sums to %.17g", (long long)i, s);
	}
	/* The same seed gives the same fit. */
	{
		cseg_model *m2 = NULL;
		ck_assert_ok(cseg_model_copy(&m2, m));
		ck_assert_ok(cseg_model_fit(m2, ds));
		ck_assert(result_double(m2, CSEG_RESULT_GMM_LOWER_BOUND) == lb);
		cseg_model_free(m2);
	}
	free(p);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	mats_free(&x, 1);
}
END_TEST

/* Integer weights act as repeated rows. */
START_TEST(test_weights_equal_duplicates)
{
	const sk_case *tc = &sk_cases[_i];
	mat x, init[3];
	char name[128];
	cseg_model *a, *b;
	cseg_dataset *ds, *dup;
	double *w, *xd, *va, *vb;
	int64_t n, d, nd = 0, nv;

	snprintf(name, sizeof(name), "gmm_%s_x.txt", tc->data);
	read_mats(name, 1, &x);
	snprintf(name, sizeof(name), "gmm_%s_init.txt", tc->tag);
	read_mats(name, 3, init);
	n = x.rows, d = x.cols;
	w = malloc((size_t)n * sizeof(double));
	for (int64_t i = 0; i < n; i++) {
		w[i] = (double)(i % 3);
		nd += i % 3;
	}
	xd = malloc((size_t)(nd * d) * sizeof(double));
	nd = 0;
	for (int64_t i = 0; i < n; i++)
		for (int r = 0; r < i % 3; r++, nd++)
			memcpy(xd + nd * d, x.v + i * d, (size_t)d * sizeof(double));
	ds = dataset_of(x.v, n, d);
	dup = dataset_of(xd, nd, d);
	a = given_model(tc, init, d, 1e-3, 100, 1e-6);
	b = given_model(tc, init, d, 1e-3, 100, 1e-6);
	ck_assert_ok(cseg_model_fit_weighted(a, ds, w, n));
	ck_assert_ok(cseg_model_fit(b, dup));
	ck_assert_rel(result_double(a, CSEG_RESULT_GMM_LOWER_BOUND),
		result_double(b, CSEG_RESULT_GMM_LOWER_BOUND), 1e-10);
	ck_assert_int_eq(result_int(a, CSEG_RESULT_N_ITER), result_int(b, CSEG_RESULT_N_ITER));
	ck_assert_rel(result_double(a, CSEG_RESULT_GMM_BIC), result_double(b, CSEG_RESULT_GMM_BIC), 1e-10);
	ck_assert_rel(result_double(a, CSEG_RESULT_INERTIA), result_double(b, CSEG_RESULT_INERTIA), 1e-10);
	va = array_of(a, "covariances", &nv);
	vb = array_of(b, "covariances", &nv);
	assert_close(va, vb, nv, 1e-9, "weighted covariances");
	free(va), free(vb);
	cseg_model_free(a);
	cseg_model_free(b);
	cseg_dataset_free(ds);
	cseg_dataset_free(dup);
	free(w);
	free(xd);
	mats_free(&x, 1);
	mats_free(init, 3);
}
END_TEST

/* Synthetic data large enough for the threaded passes. */
static double *synthetic(int64_t n, int64_t d, uint64_t seed)
{
	double *x = malloc((size_t)(n * d) * sizeof(double));
	uint64_t s = seed;

	for (int64_t i = 0; i < n * d; i++) {
		double u1, u2;
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		u1 = ((double)(s >> 11) + 0.5) / 9007199254740992.0;
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		u2 = ((double)(s >> 11) + 0.5) / 9007199254740992.0;
		x[i] = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2) + 6.0 * (double)((i / d) % 5) *
			((i % d) == (i / d) % d ? 1.0 : 0.3);
	}
	return x;
}

START_TEST(test_thread_determinism)
{
	const int64_t n = 6000, d = 4;
	double *x = synthetic(n, d, 7), *m1, *m2, lb1, lb2;
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = NULL;
	int64_t nv;
	int saved = cseg_get_max_threads();

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 5));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, _i));
	ck_assert_ok(cseg_set_max_threads(1));
	ck_assert_ok(cseg_model_fit(m, ds));
	lb1 = result_double(m, CSEG_RESULT_GMM_LOWER_BOUND);
	m1 = array_of(m, "covariances", &nv);
	ck_assert_ok(cseg_set_max_threads(4));
	ck_assert_ok(cseg_model_fit(m, ds));
	lb2 = result_double(m, CSEG_RESULT_GMM_LOWER_BOUND);
	m2 = array_of(m, "covariances", &nv);
	ck_assert_ok(cseg_set_max_threads(saved));
	ck_assert_msg(lb1 == lb2, "lower bound %.17g with 1 thread, %.17g with 4", lb1, lb2);
	ck_assert(memcmp(m1, m2, (size_t)nv * sizeof(double)) == 0);
	free(m1), free(m2), free(x);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

static void assert_no_nan(const double *v, int64_t n, const char *what)
{
	for (int64_t i = 0; i < n; i++)
		ck_assert_msg(!isnan(v[i]), "%s[%lld] is NaN", what, (long long)i);
}

/* Log-sum-exp throughout: far-out customers give no NaN, at fit or after. */
START_TEST(test_far_points)
{
	mat x;
	cseg_model *m = NULL;
	cseg_dataset *ds, *far;
	double *xo, *v, p[4 * 4], ll[4], lb;
	int64_t n, d, nv, label;
	double dist, margin;

	read_mats("gmm_blobs_x.txt", 1, &x);
	n = x.rows, d = x.cols;
	xo = malloc((size_t)((n + 1) * d) * sizeof(double));
	memcpy(xo, x.v, (size_t)(n * d) * sizeof(double));
	for (int64_t j = 0; j < d; j++)
		xo[n * d + j] = 1e8 * (j + 1);
	ds = dataset_of(xo, n + 1, d);
	for (int cov = 0; cov < 4; cov++) {
		ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 4));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, cov));
		ck_assert_ok(cseg_model_fit(m, ds));
		lb = result_double(m, CSEG_RESULT_GMM_LOWER_BOUND);
		ck_assert_msg(isfinite(lb), "%s: lower bound %g", cov_names[cov], lb);
		v = array_of(m, "covariances", &nv);
		assert_no_nan(v, nv, "covariances");
		free(v);
		{
			const double pts[4 * 3] = { 1e150, -1e150, 3e149, 1e8, 1e8, -1e8, -1e300, 0, 1e300,
				10, -5, 100 };
			far = dataset_of(pts, 4, 3);
		}
		ck_assert_ok(cseg_gmm_predict_proba(m, far, p, 16));
		ck_assert_ok(cseg_gmm_score_samples(m, far, ll, 4));
		assert_no_nan(p, 16, "predict_proba");
		assert_no_nan(ll, 4, "score_samples");
		for (int i = 0; i < 4; i++)
			ck_assert_msg(fabs(p[i * 4] + p[i * 4 + 1] + p[i * 4 + 2] + p[i * 4 + 3] - 1) < 1e-12,
				"%s row %d: %g %g %g %g (ll %g)", cov_names[cov], i, p[i * 4], p[i * 4 + 1],
				p[i * 4 + 2], p[i * 4 + 3], ll[i]);
		ck_assert(isfinite(ll[1]) && isfinite(ll[3]));
		ck_assert_ok(cseg_model_assign_one(m, (const double[]){ 1e150, -1e150, 3e149 }, 3, &label,
			&dist, &margin));
		ck_assert(label >= 0 && label < 4 && !isnan(dist) && !isnan(margin));
		cseg_dataset_free(far);
		cseg_model_free(m);
		m = NULL;
	}
	free(xo);
	cseg_dataset_free(ds);
	mats_free(&x, 1);
}
END_TEST

/* Assignment fields follow the posteriors; save -> load -> assign agrees. */
START_TEST(test_assignment_and_persistence)
{
	const sk_case *tc = &sk_cases[_i];
	mat x, init[3];
	char name[128];
	cseg_model *m, *loaded = NULL;
	cseg_dataset *ds;
	cseg_assignment *a = NULL, *b = NULL;
	double *p, *conf, *dist, *margin, *p2;
	int64_t *lab, *ru, *bl, *lab2, *train, n, d, k = tc->k;
	void *buf = NULL;
	int64_t nbytes;

	snprintf(name, sizeof(name), "gmm_%s_x.txt", tc->data);
	read_mats(name, 1, &x);
	snprintf(name, sizeof(name), "gmm_%s_init.txt", tc->tag);
	read_mats(name, 3, init);
	n = x.rows, d = x.cols;
	ds = dataset_of(x.v, n, d);
	m = given_model(tc, init, d, 1e-3, 100, 1e-6);
	ck_assert_ok(cseg_model_fit(m, ds));
	p = malloc((size_t)(n * k) * sizeof(double));
	p2 = malloc((size_t)(n * k) * sizeof(double));
	conf = malloc((size_t)n * sizeof(double));
	dist = malloc((size_t)n * sizeof(double));
	margin = malloc((size_t)n * sizeof(double));
	lab = malloc((size_t)n * sizeof(int64_t));
	lab2 = malloc((size_t)n * sizeof(int64_t));
	train = malloc((size_t)n * sizeof(int64_t));
	ru = malloc((size_t)n * sizeof(int64_t));
	bl = malloc((size_t)n * sizeof(int64_t));
	ck_assert_ok(cseg_gmm_predict_proba(m, ds, p, n * k));
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, lab, n));
	ck_assert_ok(cseg_assignment_get_runner_up(a, ru, n));
	ck_assert_ok(cseg_assignment_get_confidence(a, conf, n));
	ck_assert_ok(cseg_assignment_get_borderline(a, bl, n));
	ck_assert_ok(cseg_assignment_get_distances(a, dist, n));
	ck_assert_ok(cseg_assignment_get_margins(a, margin, n));
	ck_assert_ok(cseg_model_get_labels(m, train, n));
	for (int64_t i = 0; i < n; i++) {
		const double *pi = p + i * k;
		int64_t l1;
		double dd, mm;
		ck_assert_int_eq(train[i], lab[i]);
		for (int64_t c = 0; c < k; c++)
			ck_assert(pi[c] <= pi[lab[i]]);
		ck_assert(ru[i] != lab[i] && ru[i] >= 0 && ru[i] < k);
		for (int64_t c = 0; c < k; c++)
			if (c != lab[i])
				ck_assert(pi[c] <= pi[ru[i]]);
		ck_assert_rel(conf[i], pi[lab[i]], 1e-12);
		ck_assert_int_eq(bl[i], conf[i] < 0.6);
		if (pi[ru[i]] > 1e-300)
			ck_assert(fabs(margin[i] - (log(pi[lab[i]]) - log(pi[ru[i]]))) < 1e-8 * (1 + margin[i]));
		ck_assert_ok(cseg_model_assign_one(m, x.v + i * d, d, &l1, &dd, &mm));
		ck_assert_int_eq(l1, lab[i]);
		ck_assert_rel(dd, dist[i], 1e-9);
		ck_assert(fabs(mm - margin[i]) <= 1e-8 * (1 + margin[i]));
	}
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &nbytes));
	ck_assert_ok(cseg_model_load_buffer(&loaded, buf, nbytes));
	cseg_free(buf);
	ck_assert_ok(cseg_model_assign(loaded, ds, &b));
	ck_assert_ok(cseg_assignment_get_labels(b, lab2, n));
	ck_assert(memcmp(lab, lab2, (size_t)n * sizeof(int64_t)) == 0);
	ck_assert_ok(cseg_gmm_predict_proba(loaded, ds, p2, n * k));
	ck_assert(memcmp(p, p2, (size_t)(n * k) * sizeof(double)) == 0);
	ck_assert(result_double(loaded, CSEG_RESULT_GMM_LOWER_BOUND) ==
		result_double(m, CSEG_RESULT_GMM_LOWER_BOUND));
	/* Changing the parameter after the fit does not change how it reads. */
	ck_assert_ok(cseg_model_set_int(loaded, CSEG_PARAM_GMM_COVARIANCE_TYPE, (tc->cov + 1) % 4));
	ck_assert_ok(cseg_gmm_predict_proba(loaded, ds, p2, n * k));
	ck_assert(memcmp(p, p2, (size_t)(n * k) * sizeof(double)) == 0);
	cseg_assignment_free(a);
	cseg_assignment_free(b);
	cseg_model_free(m);
	cseg_model_free(loaded);
	cseg_dataset_free(ds);
	free(p), free(p2), free(conf), free(dist), free(margin), free(lab), free(lab2), free(ru);
	free(bl), free(train);
	mats_free(&x, 1);
	mats_free(init, 3);
}
END_TEST

START_TEST(test_k1)
{
	mat x;
	cseg_model *m = NULL;
	cseg_dataset *ds;
	cseg_assignment *a = NULL;
	double p[500], c;
	int64_t ru;

	read_mats("gmm_blobs_x.txt", 1, &x);
	ds = dataset_of(x.v, x.rows, x.cols);
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 1));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_gmm_predict_proba(m, ds, p, x.rows));
	for (int64_t i = 0; i < x.rows; i++)
		ck_assert(p[i] == 1.0);
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	{
		int64_t *r = malloc((size_t)x.rows * sizeof(int64_t));
		ck_assert_ok(cseg_assignment_get_runner_up(a, r, x.rows));
		ru = r[0];
		ck_assert_int_eq(ru, -1);
		free(r);
	}
	ck_assert_ok(cseg_assignment_get_confidence(a, p, x.rows));
	c = p[0];
	ck_assert(c == 1.0);
	cseg_assignment_free(a);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	mats_free(&x, 1);
}
END_TEST

static int cancel_at_third(double fraction, void *payload)
{
	int *calls = payload;
	(void)fraction;
	return ++*calls >= 3;
}

START_TEST(test_progress_cancel)
{
	mat x;
	cseg_model *m = NULL;
	cseg_dataset *ds;
	int calls = 0;

	read_mats("gmm_blobs_x.txt", 1, &x);
	ds = dataset_of(x.v, x.rows, x.cols);
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 4));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_TOL, 0));
	ck_assert_ok(cseg_model_set_progress_callback(m, cancel_at_third, &calls));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_CANCELLED);
	ck_assert_int_eq(calls, 3);
	ck_assert_status(cseg_model_get_double(m, CSEG_RESULT_GMM_LOWER_BOUND, &(double){ 0 }),
		CSEG_E_NOT_FITTED);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	mats_free(&x, 1);
}
END_TEST

START_TEST(test_bad_inputs)
{
	const double x[] = { 0, 0, 1, 0, 0, 1, 1, 1, 5, 5, 6, 5, 5, 6, 6, 6 };
	const double xnan[] = { 0, 0, NAN, 1 };
	const double w2[] = { 0.5, 0.5 }, wbad[] = { 0.7, 0.7 }, mu[] = { 0, 0, 5, 5 };
	const double pf[] = { 1, 0, 0, 1, 1, 0, 0, 1 }, pasym[] = { 1, 0.5, 0, 1, 1, 0, 0, 1 };
	const double pneg[] = { 1, 0, 0, -1, 1, 0, 0, 1 }, pdiag[] = { 1, 1, 1, 1 };
	cseg_model *m = NULL, *km = NULL;
	cseg_dataset *ds = dataset_of(x, 8, 2), *ds3, *dnan = NULL, *dup;
	double out[16], v;
	int64_t iv;

	ck_assert_ok(cseg_dataset_new(&dnan, xnan, 2, 2, CSEG_LAYOUT_ROW_MAJOR));
	{
		const double x3[] = { 1, 2, 3 };
		ds3 = dataset_of(x3, 1, 3);
	}
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_GMM));
	ck_assert_ok(cseg_model_new(&km, CSEG_ALGO_KMEANS));
	/* Defaults are sklearn's. */
	ck_assert_ok(cseg_model_get_double(m, CSEG_PARAM_TOL, &v));
	ck_assert(v == 1e-3);
	ck_assert_ok(cseg_model_get_int(m, CSEG_PARAM_MAX_ITER, &iv));
	ck_assert_int_eq(iv, 100);
	ck_assert_ok(cseg_model_get_double(m, CSEG_PARAM_GMM_REG_COVAR, &v));
	ck_assert(v == 1e-6);
	/* Parameter bounds. */
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_GMM_INIT_PARAMS, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_GMM_REG_COVAR, -1e-9), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_GMM_REG_COVAR, NAN), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_K, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(km, CSEG_PARAM_GMM_COVARIANCE_TYPE, 0), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_GMM_REG_COVAR, 0), CSEG_E_UNSUPPORTED);

	/* Unfitted. */
	ck_assert_status(cseg_gmm_predict_proba(m, ds, out, 16), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_gmm_score_samples(m, ds, out, 8), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_gmm_score(m, ds, &v), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_gmm_bic(m, ds, &v), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_gmm_aic(m, ds, &v), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_gmm_n_parameters(m, &iv), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_get_double(m, CSEG_RESULT_GMM_BIC, &v), CSEG_E_NOT_FITTED);

	/* set_init. */
	ck_assert_status(cseg_gmm_set_init(NULL, 2, 2, w2, 2, NULL, 0, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(km, 2, 2, w2, 2, NULL, 0, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 0, 2, w2, 2, NULL, 0, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 0, w2, 2, NULL, 0, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, NULL, 0, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, w2, 3, NULL, 0, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, wbad, 2, NULL, 0, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, (const double[]){ -0.5, 1.5 }, 2, NULL, 0, NULL, 0),
		CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, (const double[]){ NAN, 1 }, 2, NULL, 0, NULL, 0),
		CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, mu, 3, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, (const double[]){ 0, INFINITY, 1, 1 }, 4,
		NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, NULL, 0, pf, 7), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, NULL, 0, pasym, 8), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, NULL, 0, pneg, 8), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, NULL, 0, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, w2, 0, mu, 0, pf, 0), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, CSEG_GMM_DIAG));
	ck_assert_status(cseg_gmm_set_init(m, 2, 2, NULL, 0, NULL, 0,
		(const double[]){ 1, 0, 1, 1 }, 4), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_gmm_set_init(m, 2, 2, w2, 2, mu, 4, pdiag, 4));
	/* The type changed after the precisions were given. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, CSEG_GMM_FULL));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, CSEG_GMM_DIAG));
	/* k changed. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 3));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));
	/* Width changed. */
	ck_assert_status(cseg_model_fit(m, ds3), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_reset_params(m));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));

	/* Fit errors. */
	ck_assert_status(cseg_model_fit(NULL, ds), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(m, dnan), CSEG_E_MISSING_VALUES);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 9));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));
	ck_assert_status(cseg_model_fit_weighted(m, ds, (const double[]){ 1, 0, 0, 0, 0, 0, 0, 0 }, 8),
		CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit_weighted(m, ds, (const double[]){ 1, 1 }, 2), CSEG_E_INVALID_ARG);
	/* A singular covariance without regularisation is refused, not NaN. */
	{
		const double same[] = { 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2 };
		dup = dataset_of(same, 6, 2);
		ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_GMM_REG_COVAR, 0));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 1));
		for (int cov = 0; cov < 4; cov++) {
			ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, cov));
			/* Rounding (sklearn's nk carries 10 eps) may leave a tiny positive
			 * variance; either way, no NaN and an intact model on failure. */
			cseg_status st = cseg_model_fit(m, dup);
			ck_assert_msg(st == CSEG_OK || st == CSEG_E_INVALID_ARG, "status %d", (int)st);
			ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_GMM_LOWER_BOUND, &v));
			ck_assert(!isnan(v));
		}
		ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_GMM_REG_COVAR, 1e-6));
		ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));
		ck_assert_ok(cseg_model_fit(m, dup));
		cseg_dataset_free(dup);
	}
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, CSEG_GMM_FULL));
	ck_assert_ok(cseg_model_fit(m, ds));

	/* Fitted-model functions. */
	ck_assert_status(cseg_gmm_predict_proba(NULL, ds, out, 16), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_predict_proba(m, NULL, out, 16), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_predict_proba(m, ds, NULL, 16), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_predict_proba(m, ds, out, 15), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_predict_proba(m, ds3, out, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_predict_proba(m, dnan, out, 4), CSEG_E_MISSING_VALUES);
	ck_assert_status(cseg_gmm_score_samples(m, ds, out, 7), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_score_samples(m, ds, NULL, 8), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_score_samples(NULL, ds, out, 8), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_score(m, ds, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_score(m, dnan, &v), CSEG_E_MISSING_VALUES);
	ck_assert_status(cseg_gmm_bic(m, ds, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_aic(NULL, ds, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_n_parameters(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gmm_n_parameters(NULL, &iv), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_gmm_n_parameters(m, &iv));
	ck_assert_int_eq(iv, 2 * 3 + 2 * 2 + 1);
	ck_assert_ok(cseg_gmm_score(m, ds, &v));
	ck_assert(isfinite(v));
	{
		cseg_dataset *empty = NULL;
		if (cseg_dataset_new(&empty, x, 0, 2, CSEG_LAYOUT_ROW_MAJOR) == CSEG_OK) {
			ck_assert_status(cseg_gmm_score(m, empty, &v), CSEG_E_INVALID_ARG);
			ck_assert_ok(cseg_gmm_score_samples(m, empty, out, 0));
			cseg_dataset_free(empty);
		}
	}
	/* k-means models have no mixture functions or results. */
	ck_assert_ok(cseg_model_fit(km, ds));
	ck_assert_status(cseg_gmm_predict_proba(km, ds, out, 16), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_get_double(km, CSEG_RESULT_GMM_LOWER_BOUND, &v), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_get_int(m, CSEG_RESULT_GMM_BIC, &iv), CSEG_E_UNSUPPORTED);

	cseg_model_free(m);
	cseg_model_free(km);
	cseg_dataset_free(ds);
	cseg_dataset_free(ds3);
	cseg_dataset_free(dnan);
}
END_TEST

static Suite *gmm_suite(void)
{
	Suite *s = suite_create("gmm");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_matches_sklearn, 0, N_SK_CASES);
	tcase_add_loop_test(tc, test_kmeans_start_loose, 0, 8);
	tcase_add_loop_test(tc, test_starts, 0, 4);
	tcase_add_loop_test(tc, test_weights_equal_duplicates, 0, 8);
	tcase_add_loop_test(tc, test_thread_determinism, 0, 4);
	tcase_add_test(tc, test_far_points);
	tcase_add_loop_test(tc, test_assignment_and_persistence, 0, 8);
	tcase_add_test(tc, test_k1);
	tcase_add_test(tc, test_progress_cancel);
	tcase_add_test(tc, test_bad_inputs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(gmm_suite());
}
