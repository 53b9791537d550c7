/* Mixture starts: the data-driven ones of sklearn's _initialize_parameters
 * (responsibilities from k-means labels, from k-means++ rows, random, or
 * random rows) followed by _initialize's M-step, and the given weights,
 * means and precisions of cseg_gmm_set_init.
 *
 * Given parts live in the model's init_extra as
 *   [tag, k, d, cov, n_weights, n_means, n_precisions, weights..., means..., precisions...]
 * so cseg_model_copy and cseg_model_reset_params handle them without
 * knowing their layout. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>

#include "../core/core.h"
#include "gmm_internal.h"
#include "kmeans.h"
#include "kmeans_internal.h"
#include "params.h"

#define EXTRA_TAG 1195658573.0 /* "GMM" + version, a sanity mark */
#define EXTRA_HEAD 7

typedef struct given {
	int64_t k, d;
	int cov;
	const double *weights, *means, *precisions; /* NULL when not given */
	int64_t n_weights, n_means, n_precisions;
} given;

static int read_given(const cseg_model *m, given *gv)
{
	const double *e = m->init_extra;

	memset(gv, 0, sizeof(*gv));
	if (!e || m->init_extra_n < EXTRA_HEAD || e[0] != EXTRA_TAG)
		return 0;
	gv->k = (int64_t)e[1];
	gv->d = (int64_t)e[2];
	gv->cov = (int)e[3];
	gv->n_weights = (int64_t)e[4];
	gv->n_means = (int64_t)e[5];
	gv->n_precisions = (int64_t)e[6];
	e += EXTRA_HEAD;
	gv->weights = gv->n_weights ? e : NULL;
	e += gv->n_weights;
	gv->means = gv->n_means ? e : NULL;
	e += gv->n_means;
	gv->precisions = gv->n_precisions ? e : NULL;
	return 1;
}

static const char *cov_name(int cov)
{
	static const char *const names[] = { "full", "tied", "diag", "spherical" };

	return cov >= 0 && cov <= 3 ? names[cov] : "?";
}

/* Lower Cholesky factor of a symmetric positive definite precision. */
static int chol_lower(const double *p, int64_t d, double *l)
{
	memcpy(l, p, (size_t)(d * d) * sizeof(double));
	if (LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', (lapack_int)d, l, (lapack_int)d) != 0)
		return -1;
	for (int64_t i = 0; i < d; i++)
		for (int64_t j = i + 1; j < d; j++)
			l[i * d + j] = 0.0;
	return 0;
}

static cseg_status check_precisions(int cov, int64_t k, int64_t d, const double *p, int64_t n)
{
	int64_t want = cseg__gmm_cov_size(cov, k, d);

	if (n != want)
		return cseg__error(CSEG_E_INVALID_ARG, "n_precisions = %lld, but %s precisions for k = %lld, "
			"d = %lld take %lld values", (long long)n, cov_name(cov), (long long)k, (long long)d,
			(long long)want);
	for (int64_t i = 0; i < n; i++)
		if (!isfinite(p[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "precisions[%lld] is not finite", (long long)i);
	if (cov == CSEG_GMM_FULL || cov == CSEG_GMM_TIED) {
		int64_t m = cov == CSEG_GMM_FULL ? k : 1;
		double *l = cseg__malloc_array((size_t)(d * d), sizeof(double));
		if (!l)
			return cseg__error(CSEG_E_NOMEM, "out of memory checking precisions");
		for (int64_t c = 0; c < m; c++) {
			const double *pc = p + c * d * d;
			for (int64_t a = 0; a < d; a++)
				for (int64_t b = 0; b < a; b++)
					/* numpy.allclose's test, as sklearn's _check_precision_matrix. */
					if (!(fabs(pc[a * d + b] - pc[b * d + a]) <= 1e-8 + 1e-5 * fabs(pc[b * d + a]))) {
						free(l);
						return cseg__error(CSEG_E_INVALID_ARG, "precision matrix %lld is not symmetric "
							"([%lld][%lld] = %g, [%lld][%lld] = %g)", (long long)c, (long long)a,
							(long long)b, pc[a * d + b], (long long)b, (long long)a, pc[b * d + a]);
					}
			if (chol_lower(pc, d, l) != 0) {
				free(l);
				return cseg__error(CSEG_E_INVALID_ARG, "precision matrix %lld is not positive definite",
					(long long)c);
			}
		}
		free(l);
		return CSEG_OK;
	}
	for (int64_t i = 0; i < n; i++)
		if (!(p[i] > 0))
			return cseg__error(CSEG_E_INVALID_ARG, "precisions[%lld] = %g: %s precisions must be > 0",
				(long long)i, p[i], cov_name(cov));
	return CSEG_OK;
}

cseg_status cseg_gmm_set_init(cseg_model *model, int64_t k, int64_t d,
	const double *weights, int64_t n_weights, const double *means, int64_t n_means,
	const double *precisions, int64_t n_precisions)
{
	const cseg__param_def *kdef = cseg__param_find(CSEG_PARAM_K);
	int cov;
	double *e, sum = 0;
	int64_t n;
	cseg_status st;

	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (model->algo != CSEG_ALGO_GMM)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_gmm_set_init needs a mixture model (CSEG_ALGO_GMM)");
	if (k < 1 || (double)k > kdef->max)
		return cseg__error(CSEG_E_INVALID_ARG, "k = %lld must be >= 1", (long long)k);
	if (d < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "d = %lld must be >= 1", (long long)d);
	/* A part is given when its count is not 0 (bindings pass empty arrays). */
	if ((!weights && n_weights) || (!means && n_means) || (!precisions && n_precisions))
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL but its count is not 0",
			!weights && n_weights ? "weights" : !means && n_means ? "means" : "precisions");
	if (!n_weights)
		weights = NULL;
	if (!n_means)
		means = NULL;
	if (!n_precisions)
		precisions = NULL;
	if (!weights && !means && !precisions)
		return cseg__error(CSEG_E_INVALID_ARG, "weights, means and precisions are all empty");
	if (weights && n_weights != k)
		return cseg__error(CSEG_E_INVALID_ARG, "n_weights = %lld, expected k = %lld",
			(long long)n_weights, (long long)k);
	if (means && n_means != k * d)
		return cseg__error(CSEG_E_INVALID_ARG, "n_means = %lld, expected k x d = %lld",
			(long long)n_means, (long long)(k * d));
	cov = (int)model->params.gmm_covariance_type;
	for (int64_t i = 0; weights && i < k; i++) {
		if (!(weights[i] >= 0 && weights[i] <= 1))
			return cseg__error(CSEG_E_INVALID_ARG, "weights[%lld] = %g is not in [0, 1]",
				(long long)i, weights[i]);
		sum += weights[i];
	}
	if (weights && !(fabs(sum - 1.0) <= 1e-6))
		return cseg__error(CSEG_E_INVALID_ARG, "the weights sum to %.17g, not 1", sum);
	for (int64_t i = 0; means && i < k * d; i++)
		if (!isfinite(means[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "means[%lld][%lld] is not finite",
				(long long)(i / d), (long long)(i % d));
	if (precisions && (st = check_precisions(cov, k, d, precisions, n_precisions)) != CSEG_OK)
		return st;
	n = EXTRA_HEAD + n_weights + n_means + n_precisions;
	if (!(e = cseg__malloc_array((size_t)n, sizeof(double))))
		return cseg__error(CSEG_E_NOMEM, "out of memory copying the initial mixture");
	e[0] = EXTRA_TAG;
	e[1] = (double)k;
	e[2] = (double)d;
	e[3] = (double)cov;
	e[4] = (double)n_weights;
	e[5] = (double)n_means;
	e[6] = (double)n_precisions;
	if (weights)
		memcpy(e + EXTRA_HEAD, weights, (size_t)n_weights * sizeof(double));
	if (means)
		memcpy(e + EXTRA_HEAD + n_weights, means, (size_t)n_means * sizeof(double));
	if (precisions)
		memcpy(e + EXTRA_HEAD + n_weights + n_means, precisions, (size_t)n_precisions * sizeof(double));
	free(model->init_extra);
	model->init_extra = e;
	model->init_extra_n = n;
	model->params.k = k;
	return CSEG_OK;
}

cseg_status cseg__gmm_check_given(const cseg_model *m, int64_t d)
{
	given gv;

	if (m->params.init == CSEG_INIT_GIVEN && m->init_extra) {
		given g2;
		if (read_given(m, &g2) && g2.means)
			return cseg__error(CSEG_E_INVALID_ARG, "means were given twice: by "
				"cseg_model_set_init_centers and by cseg_gmm_set_init");
	}
	if (!read_given(m, &gv))
		return CSEG_OK;
	if (gv.k != m->params.k)
		return cseg__error(CSEG_E_INVALID_ARG, "the initial mixture has %lld components, but k = %lld",
			(long long)gv.k, (long long)m->params.k);
	if (gv.d != d)
		return cseg__error(CSEG_E_INVALID_ARG, "the initial mixture has %lld features, the data %lld",
			(long long)gv.d, (long long)d);
	if (gv.precisions && gv.cov != m->params.gmm_covariance_type)
		return cseg__error(CSEG_E_INVALID_ARG, "initial precisions were given for covariance_type "
			"'%s', but it is now '%s'", cov_name(gv.cov), cov_name((int)m->params.gmm_covariance_type));
	return CSEG_OK;
}

int cseg__gmm_all_given(const cseg_model *m, const double *init_means)
{
	given gv;

	if (!read_given(m, &gv))
		return 0;
	return gv.weights && (gv.means || init_means) && gv.precisions;
}

cseg_status cseg__gmm_apply_given(const cseg_model *m, const double *init_means, cseg__gmm *g)
{
	const int64_t k = g->k, d = g->d;
	given gv;

	if (init_means)
		memcpy(g->means, init_means, (size_t)(k * d) * sizeof(double));
	if (!read_given(m, &gv))
		return CSEG_OK;
	if (gv.weights)
		memcpy(g->weights, gv.weights, (size_t)k * sizeof(double));
	if (gv.means)
		memcpy(g->means, gv.means, (size_t)(k * d) * sizeof(double));
	if (gv.precisions) {
		/* sklearn: cholesky(precisions_init, lower=True), or its square root. */
		if (g->cov == CSEG_GMM_FULL || g->cov == CSEG_GMM_TIED) {
			int64_t nm = g->cov == CSEG_GMM_FULL ? k : 1;
			for (int64_t c = 0; c < nm; c++)
				if (chol_lower(gv.precisions + c * d * d, d, g->pchol + c * d * d) != 0)
					return cseg__error(CSEG_E_INVALID_ARG, "precision matrix %lld is not positive definite",
						(long long)c);
			g->lower = 1;
		} else {
			int64_t n = cseg__gmm_cov_size(g->cov, k, d);
			for (int64_t i = 0; i < n; i++)
				g->pchol[i] = sqrt(gv.precisions[i]);
			g->lower = 0;
		}
	}
	return CSEG_OK;
}

/* Nearest of k centres (k x d) for every row; ties to the lowest index. */
static void nearest_centres(const cseg__gmm_ctx *c, const double *centres, int64_t *lab)
{
	const int64_t n = c->n, d = c->d, k = c->k;

	#pragma omp parallel for num_threads(c->n_threads) schedule(static)
	for (int64_t i = 0; i < n; i++) {
		const double *x = c->x + i * d;
		double best = HUGE_VAL;
		int64_t b = 0;
		for (int64_t j = 0; j < k; j++) {
			double s = 0;
			for (int64_t f = 0; f < d; f++) {
				double t = x[f] - centres[j * d + f];
				s += t * t;
			}
			if (s < best)
				best = s, b = j;
		}
		lab[i] = b;
	}
}

/* Row nearest to each centre (the row k-means++ picked). */
static void nearest_rows(const cseg__gmm_ctx *c, const double *centres, int64_t *rows)
{
	const int64_t n = c->n, d = c->d, k = c->k;

	for (int64_t j = 0; j < k; j++) {
		double best = HUGE_VAL;
		rows[j] = 0;
		for (int64_t i = 0; i < n; i++) {
			double s = 0;
			if (c->w && !(c->w[i] > 0))
				continue;
			for (int64_t f = 0; f < d; f++) {
				double t = c->x[i * d + f] - centres[j * d + f];
				s += t * t;
			}
			if (s < best)
				best = s, rows[j] = i;
		}
	}
}

static cseg_status kmeans_labels(cseg__gmm_ctx *c, const cseg__params *p, const cseg_dataset *ds,
	uint64_t seed, int64_t *lab)
{
	cseg__params kp;
	cseg__kmeans_result r = { 0 };
	cseg_status st;

	/* sklearn: KMeans(n_clusters, n_init=1, random_state) with its defaults. */
	cseg__params_default_for(&kp, CSEG_ALGO_KMEANS);
	kp.k = p->k;
	kp.seed = (int64_t)(seed & ((1ULL << 53) - 1));
	kp.n_init = 1;
	if ((st = cseg__kmeans_fit(&kp, ds, c->w, NULL, NULL, NULL, &r)) != CSEG_OK)
		return st;
	nearest_centres(c, r.centroids, lab);
	cseg__kmeans_result_free(&r);
	return CSEG_OK;
}

static cseg_status kmeanspp_rows(cseg__gmm_ctx *c, const cseg__params *p, const cseg_dataset *ds,
	uint64_t seed, int64_t *rows)
{
	cseg__params kp;
	cseg__km km;
	cseg__rng rng;
	double *centres;
	cseg_status st;

	cseg__params_default_for(&kp, CSEG_ALGO_KMEANS);
	kp.k = p->k;
	kp.init = CSEG_INIT_KMEANSPP;
	if ((st = cseg__km_init(&km, ds, c->w, p->k, cseg__km_local_trials(&kp))) != CSEG_OK)
		return st;
	if (!(centres = cseg__malloc_array((size_t)(p->k * c->d), sizeof(double)))) {
		cseg__km_free(&km);
		return cseg__error(CSEG_E_NOMEM, "out of memory for k-means++ centres");
	}
	cseg__rng_seed(&rng, seed);
	st = cseg__km_init_centers(&km, &kp, NULL, &rng, centres);
	if (st == CSEG_OK) {
		for (int64_t j = 0; j < p->k; j++)
			for (int64_t f = 0; f < c->d; f++)
				centres[j * c->d + f] += km.mean[f];
		nearest_rows(c, centres, rows);
	}
	free(centres);
	cseg__km_free(&km);
	return st;
}

static cseg_status random_rows(cseg__gmm_ctx *c, uint64_t seed, int64_t *rows)
{
	int64_t *idx = cseg__malloc_array((size_t)c->n, sizeof(int64_t)), m = 0;
	cseg__rng rng;

	if (!idx)
		return cseg__error(CSEG_E_NOMEM, "out of memory choosing random rows");
	for (int64_t i = 0; i < c->n; i++)
		if (!c->w || c->w[i] > 0)
			idx[m++] = i;
	cseg__rng_seed(&rng, seed);
	/* Partial Fisher-Yates: k distinct rows. */
	for (int64_t j = 0; j < c->k; j++) {
		int64_t t = j + (int64_t)cseg__rng_below(&rng, (uint64_t)(m - j)), s = idx[j];
		idx[j] = idx[t];
		idx[t] = s;
		rows[j] = idx[j];
	}
	free(idx);
	return CSEG_OK;
}

cseg_status cseg__gmm_start(cseg__gmm_ctx *c, const cseg__params *p, const cseg_dataset *ds,
	uint64_t seed, cseg__gmm *g)
{
	const int64_t n = c->n, k = c->k, d = c->d;
	int64_t *lab = NULL, positive = 0;
	double *resp, *shift = NULL, *accbuf = NULL;
	cseg__gmm_acc acc;
	cseg_status st = CSEG_OK;

	if (c->w) {
		for (int64_t i = 0; i < n; i++)
			positive += c->w[i] > 0;
	} else {
		positive = n;
	}
	if (positive < k)
		return cseg__error(CSEG_E_INVALID_ARG, "only %lld rows have a positive weight, fewer than k = %lld",
			(long long)positive, (long long)k);
	resp = cseg__calloc((size_t)n * (size_t)k, sizeof(double));
	lab = cseg__malloc_array((size_t)(n > k ? n : k), sizeof(int64_t));
	shift = cseg__calloc((size_t)(k * d), sizeof(double));
	accbuf = cseg__malloc_array((size_t)cseg__gmm_acc_size(c->cov, k, d), sizeof(double));
	if (!resp || !lab || !shift || !accbuf) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory initialising the mixture (%lld x %lld "
			"responsibilities)", (long long)n, (long long)k);
		goto done;
	}
	switch (p->gmm_init_params) {
	case CSEG_GMM_INIT_KMEANS:
		if ((st = kmeans_labels(c, p, ds, seed, lab)) != CSEG_OK)
			goto done;
		for (int64_t i = 0; i < n; i++)
			resp[i * k + lab[i]] = 1.0;
		break;
	case CSEG_GMM_INIT_KMEANSPP:
	case CSEG_GMM_INIT_RANDOM_FROM_DATA:
		st = p->gmm_init_params == CSEG_GMM_INIT_KMEANSPP ? kmeanspp_rows(c, p, ds, seed, lab) :
			random_rows(c, seed, lab);
		if (st != CSEG_OK)
			goto done;
		for (int64_t j = 0; j < k; j++)
			resp[lab[j] * k + j] = 1.0;
		break;
	case CSEG_GMM_INIT_RANDOM: {
		cseg__rng rng;
		cseg__rng_seed(&rng, seed);
		for (int64_t i = 0; i < n; i++) {
			double s = 0;
			for (int64_t j = 0; j < k; j++)
				s += (resp[i * k + j] = cseg__rng_uniform(&rng));
			for (int64_t j = 0; j < k; j++)
				resp[i * k + j] /= s;
		}
		break;
	}
	default:
		st = cseg__error(CSEG_E_INVALID_ARG, "unknown init_params %lld", (long long)p->gmm_init_params);
		goto done;
	}
	/* Two passes: the means, then the scatter about them (few cancellations). */
	cseg__gmm_acc_bind(&acc, accbuf, c->cov, k, d);
	cseg__gmm_pass(c, g, resp, shift, &acc);
	for (int64_t j = 0; j < k; j++)
		for (int64_t f = 0; f < d; f++)
			shift[j * d + f] = acc.sx[j * d + f] / (acc.nk[j] + 10.0 * DBL_EPSILON);
	cseg__gmm_pass(c, g, resp, shift, &acc);
	st = cseg__gmm_mstep(g, &acc, shift, p->gmm_reg_covar, c->sum_w, 1);
done:
	free(resp);
	free(lab);
	free(shift);
	free(accbuf);
	return st;
}
