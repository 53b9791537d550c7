/* Mixture parameters: storage, Mahalanobis distances, the precision
 * factors (sklearn's _compute_precision_cholesky) and the M-step
 * (_estimate_gaussian_parameters) from statistics taken in one pass. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>

#include "../core/core.h"
#include "gmm_internal.h"

int64_t cseg__gmm_cov_size(int cov, int64_t k, int64_t d)
{
	switch (cov) {
	case CSEG_GMM_FULL: return k * d * d;
	case CSEG_GMM_TIED: return d * d;
	case CSEG_GMM_DIAG: return k * d;
	default: return k;
	}
}

int64_t cseg__gmm_n_parameters(int cov, int64_t k, int64_t d)
{
	int64_t c;

	switch (cov) {
	case CSEG_GMM_FULL: c = k * d * (d + 1) / 2; break;
	case CSEG_GMM_TIED: c = d * (d + 1) / 2; break;
	case CSEG_GMM_DIAG: c = k * d; break;
	default: c = k; break;
	}
	return c + k * d + k - 1;
}

cseg_status cseg__gmm_alloc(cseg__gmm *g, int cov, int64_t k, int64_t d)
{
	size_t cs = (size_t)cseg__gmm_cov_size(cov, k, d);

	memset(g, 0, sizeof(*g));
	g->k = k;
	g->d = d;
	g->cov = cov;
	g->weights = cseg__calloc((size_t)k, sizeof(double));
	g->means = cseg__calloc((size_t)(k * d), sizeof(double));
	g->covs = cseg__calloc(cs, sizeof(double));
	g->pchol = cseg__calloc(cs, sizeof(double));
	if (!g->weights || !g->means || !g->covs || !g->pchol) {
		cseg__gmm_free(g);
		return cseg__error(CSEG_E_NOMEM, "out of memory for a %lld-component mixture of %lld features",
			(long long)k, (long long)d);
	}
	return CSEG_OK;
}

void cseg__gmm_free(cseg__gmm *g)
{
	free(g->weights);
	free(g->means);
	free(g->covs);
	free(g->pchol);
	memset(g, 0, sizeof(*g));
}

void cseg__gmm_copy(cseg__gmm *dst, const cseg__gmm *src)
{
	size_t cs = (size_t)cseg__gmm_cov_size(src->cov, src->k, src->d);

	dst->lower = src->lower;
	memcpy(dst->weights, src->weights, (size_t)src->k * sizeof(double));
	memcpy(dst->means, src->means, (size_t)(src->k * src->d) * sizeof(double));
	memcpy(dst->covs, src->covs, cs * sizeof(double));
	memcpy(dst->pchol, src->pchol, cs * sizeof(double));
}

const double *cseg__gmm_pchol_of(const cseg__gmm *g, int64_t c)
{
	switch (g->cov) {
	case CSEG_GMM_FULL: return g->pchol + c * g->d * g->d;
	case CSEG_GMM_TIED: return g->pchol;
	case CSEG_GMM_DIAG: return g->pchol + c * g->d;
	default: return g->pchol + c;
	}
}

double cseg__gmm_log_det(const cseg__gmm *g, int64_t c)
{
	const double *a = cseg__gmm_pchol_of(g, c);
	const int64_t d = g->d;
	double s = 0;

	switch (g->cov) {
	case CSEG_GMM_FULL:
	case CSEG_GMM_TIED:
		for (int64_t j = 0; j < d; j++)
			s += log(a[j * d + j]);
		return s;
	case CSEG_GMM_DIAG:
		for (int64_t j = 0; j < d; j++)
			s += log(a[j]);
		return s;
	default:
		return (double)d * log(a[0]);
	}
}

/* ||(x - mu) A||^2 with x - mu divided by `scale` (1 for the plain form). */
static double maha_scaled(const cseg__gmm *g, int64_t c, const double *x, double scale)
{
	const double *a = cseg__gmm_pchol_of(g, c), *mu = g->means + c * g->d;
	const int64_t d = g->d;
	double s = 0;

	switch (g->cov) {
	case CSEG_GMM_FULL:
	case CSEG_GMM_TIED:
		for (int64_t j = 0; j < d; j++) {
			double y = 0;
			if (g->lower)
				for (int64_t i = j; i < d; i++)
					y += (x[i] - mu[i]) / scale * a[i * d + j];
			else
				for (int64_t i = 0; i <= j; i++)
					y += (x[i] - mu[i]) / scale * a[i * d + j];
			s += y * y;
		}
		return s;
	case CSEG_GMM_DIAG:
		for (int64_t j = 0; j < d; j++) {
			double y = (x[j] - mu[j]) / scale * a[j];
			s += y * y;
		}
		return s;
	default:
		for (int64_t j = 0; j < d; j++) {
			double y = (x[j] - mu[j]) / scale;
			s += y * y;
		}
		return s * a[0] * a[0];
	}
}

double cseg__gmm_maha(const cseg__gmm *g, int64_t c, const double *x)
{
	return maha_scaled(g, c, x, 1.0);
}

double cseg__gmm_log_maha(const cseg__gmm *g, int64_t c, const double *x)
{
	const double *mu = g->means + c * g->d;
	double scale = 0;

	for (int64_t j = 0; j < g->d; j++) {
		double t = fabs(x[j] - mu[j]);
		if (t > scale)
			scale = t;
	}
	if (scale == 0 || !isfinite(scale))
		return scale == 0 ? -HUGE_VAL : HUGE_VAL;
	return 2.0 * log(scale) + log(maha_scaled(g, c, x, scale));
}

static cseg_status ill_defined(int64_t c)
{
	return cseg__error(CSEG_E_INVALID_ARG, "mixture component %lld has an ill-defined covariance "
		"(not positive definite): increase reg_covar, decrease k or scale the data", (long long)c);
}

/* Upper factor U = L^-T of covariance S = L L^T (d x d, row-major). */
static int chol_precision(const double *s, int64_t d, double *u, double *work)
{
	lapack_int info;

	memcpy(work, s, (size_t)(d * d) * sizeof(double));
	info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', (lapack_int)d, work, (lapack_int)d);
	if (info != 0)
		return -1;
	/* u = L^-1 by a triangular solve against the identity, then transposed:
	 * sklearn's solve_triangular(L, eye, lower=True).T. */
	double *inv = work + d * d;
	memset(inv, 0, (size_t)(d * d) * sizeof(double));
	for (int64_t j = 0; j < d; j++)
		inv[j * d + j] = 1.0;
	cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit,
		(int)d, (int)d, 1.0, work, (int)d, inv, (int)d);
	for (int64_t i = 0; i < d; i++)
		for (int64_t j = 0; j < d; j++)
			u[i * d + j] = j >= i ? inv[j * d + i] : 0.0;
	for (int64_t j = 0; j < d; j++)
		if (!(u[j * d + j] > 0) || !isfinite(u[j * d + j]))
			return -1;
	return 0;
}

cseg_status cseg__gmm_compute_pchol(cseg__gmm *g)
{
	const int64_t k = g->k, d = g->d;

	g->lower = 0;
	if (g->cov == CSEG_GMM_FULL || g->cov == CSEG_GMM_TIED) {
		int64_t m = g->cov == CSEG_GMM_FULL ? k : 1;
		double *work = cseg__malloc_array((size_t)(2 * d * d), sizeof(double));
		if (!work)
			return cseg__error(CSEG_E_NOMEM, "out of memory factorising covariances");
		for (int64_t c = 0; c < m; c++) {
			if (chol_precision(g->covs + c * d * d, d, g->pchol + c * d * d, work) != 0) {
				free(work);
				return ill_defined(c);
			}
		}
		free(work);
		return CSEG_OK;
	}
	int64_t n = cseg__gmm_cov_size(g->cov, k, d);
	for (int64_t i = 0; i < n; i++) {
		if (!(g->covs[i] > 0) || !isfinite(g->covs[i]))
			return ill_defined(g->cov == CSEG_GMM_DIAG ? i / d : i);
		g->pchol[i] = 1.0 / sqrt(g->covs[i]);
	}
	return CSEG_OK;
}

int64_t cseg__gmm_acc_size(int cov, int64_t k, int64_t d)
{
	int64_t ss = (cov == CSEG_GMM_FULL || cov == CSEG_GMM_TIED) ? k * d * d : k * d;

	return 1 + k + k * d + ss;
}

void cseg__gmm_acc_bind(cseg__gmm_acc *a, double *buf, int cov, int64_t k, int64_t d)
{
	a->buf = buf;
	a->size = cseg__gmm_acc_size(cov, k, d);
	a->ll = buf;
	a->nk = buf + 1;
	a->sx = a->nk + k;
	a->ss = a->sx + k * d;
}

/* sum w r (x - m)(x - m)^T from the statistics about s, with delta = m - s:
 * ss - sx delta^T - delta sx^T + R delta delta^T (exact algebra; the shift
 * is the previous means, so the subtraction cancels little). */
static void centred_scatter(const double *ss, const double *sx, const double *delta, double r,
	int64_t d, double *out)
{
	for (int64_t a = 0; a < d; a++)
		for (int64_t b = 0; b < d; b++)
			out[a * d + b] = ss[a * d + b] - sx[a] * delta[b] - delta[a] * sx[b] +
				r * delta[a] * delta[b];
}

cseg_status cseg__gmm_mstep(cseg__gmm *g, const cseg__gmm_acc *acc, const double *shift,
	double reg_covar, double sum_w, int init_norm)
{
	const int64_t k = g->k, d = g->d;
	double total = 0;
	double *delta = cseg__malloc_array((size_t)d, sizeof(double));
	double *scat = NULL;

	if (!delta)
		return cseg__error(CSEG_E_NOMEM, "out of memory in the M-step");
	if (g->cov == CSEG_GMM_FULL || g->cov == CSEG_GMM_TIED) {
		if (!(scat = cseg__malloc_array((size_t)(d * d), sizeof(double)))) {
			free(delta);
			return cseg__error(CSEG_E_NOMEM, "out of memory in the M-step");
		}
	}
	if (g->cov == CSEG_GMM_TIED)
		memset(g->covs, 0, (size_t)(d * d) * sizeof(double));
	for (int64_t c = 0; c < k; c++) {
		const double r = acc->nk[c], nk = r + 10.0 * DBL_EPSILON; /* sklearn's nk */
		const double *sx = acc->sx + c * d, *s = shift + c * d;
		double *mu = g->means + c * d;

		total += nk;
		g->weights[c] = nk;
		for (int64_t j = 0; j < d; j++) {
			mu[j] = (r * s[j] + sx[j]) / nk;
			delta[j] = mu[j] - s[j];
		}
		switch (g->cov) {
		case CSEG_GMM_FULL: {
			double *cv = g->covs + c * d * d;
			centred_scatter(acc->ss + c * d * d, sx, delta, r, d, scat);
			for (int64_t a = 0; a < d; a++)
				for (int64_t b = 0; b < d; b++)
					cv[a * d + b] = 0.5 * (scat[a * d + b] + scat[b * d + a]) / nk;
			for (int64_t j = 0; j < d; j++)
				cv[j * d + j] += reg_covar;
			break;
		}
		case CSEG_GMM_TIED:
			centred_scatter(acc->ss + c * d * d, sx, delta, r, d, scat);
			for (int64_t a = 0; a < d * d; a++)
				g->covs[a] += scat[a];
			break;
		default: {
			const double *ss = acc->ss + c * d;
			double sum = 0;
			for (int64_t j = 0; j < d; j++) {
				double v = (ss[j] - 2.0 * sx[j] * delta[j] + r * delta[j] * delta[j]) / nk +
					reg_covar;
				if (g->cov == CSEG_GMM_DIAG)
					g->covs[c * d + j] = v;
				sum += v;
			}
			if (g->cov == CSEG_GMM_SPHERICAL)
				g->covs[c] = sum / (double)d;
			break;
		}
		}
	}
	if (g->cov == CSEG_GMM_TIED) {
		for (int64_t a = 0; a < d; a++)
			for (int64_t b = 0; b <= a; b++) {
				double v = 0.5 * (g->covs[a * d + b] + g->covs[b * d + a]) / total;
				g->covs[a * d + b] = g->covs[b * d + a] = v;
			}
		for (int64_t j = 0; j < d; j++)
			g->covs[j * d + j] += reg_covar;
	}
	for (int64_t c = 0; c < k; c++)
		g->weights[c] /= init_norm ? sum_w : total;
	free(delta);
	free(scat);
	return cseg__gmm_compute_pchol(g);
}
