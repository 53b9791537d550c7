/* BG/NBD (Fader, Hardie & Lee 2005): log-likelihood with its analytic
 * gradient, and the per-customer predictions.
 *
 * The x-dependent gamma-function terms are tabulated once per evaluation
 * as running sums (lgamma(r+x) - lgamma(r) = sum_{k<x} log(r+k)), so the
 * per-customer work is two logs and an exp. Customers with x beyond the
 * table use lgamma and digamma directly. */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "clv_internal.h"

#define TAB_MAX 65536

enum { T_LR, T_DR, T_LB, T_DB, T_DAB, N_TAB };  /* tables, each n_tab long */

int cseg__bgnbd_scratch_init(cseg__bgnbd_scratch *s, const cseg__clv_data *d)
{
	s->n_tab = (d->max_x < TAB_MAX ? d->max_x : TAB_MAX) + 1;
	s->n_blocks = (d->n + CSEG__CLV_BLOCK - 1) / CSEG__CLV_BLOCK;
	s->tab = cseg__malloc_array((size_t)(N_TAB * s->n_tab), sizeof(double));
	s->partial = cseg__malloc_array((size_t)(5 * s->n_blocks), sizeof(double));
	return s->tab && s->partial;
}

void cseg__bgnbd_scratch_free(cseg__bgnbd_scratch *s)
{
	free(s->tab);
	free(s->partial);
	s->tab = NULL;
	s->partial = NULL;
}

static double logaddexp(double u, double v)
{
	double m = fmax(u, v);
	if (m == -INFINITY)
		return m;
	return m + log(exp(u - m) + exp(v - m));
}

double cseg__bgnbd_loglik(const double *p, double *grad, const cseg__clv_data *d, cseg__bgnbd_scratch *s)
{
	const double r = p[0], alpha = p[1], a = p[2], b = p[3];
	const double log_alpha = log(alpha), log_a = log(a);
	const int64_t n_tab = s->n_tab;
	double *lr = s->tab + T_LR * n_tab, *dr = s->tab + T_DR * n_tab;
	double *lb = s->tab + T_LB * n_tab, *db = s->tab + T_DB * n_tab, *dab = s->tab + T_DAB * n_tab;
	double tot[5] = {0, 0, 0, 0, 0};
	const int want_grad = grad != NULL;

	/* lr: log Γ(r+x)/Γ(r); dr: ψ(r+x)-ψ(r); lb: log B(a,b+x)/B(a,b);
	 * db: ψ(b+x)-ψ(b); dab: ψ(a+b+x)-ψ(a+b). */
	lr[0] = dr[0] = lb[0] = db[0] = dab[0] = 0.0;
	for (int64_t k = 1; k < n_tab; k++) {
		lr[k] = lr[k - 1] + log(r + (k - 1));
		dr[k] = dr[k - 1] + 1.0 / (r + (k - 1));
		lb[k] = lb[k - 1] + log((b + (k - 1)) / (a + b + (k - 1)));
		db[k] = db[k - 1] + 1.0 / (b + (k - 1));
		dab[k] = dab[k - 1] + 1.0 / (a + b + (k - 1));
	}

	#pragma omp parallel for schedule(static) num_threads(cseg__threads()) if (s->n_blocks > 1)
	for (int64_t blk = 0; blk < s->n_blocks; blk++) {
		int64_t lo = blk * CSEG__CLV_BLOCK, hi = lo + CSEG__CLV_BLOCK;
		double acc[5] = {0, 0, 0, 0, 0};
		if (hi > d->n)
			hi = d->n;
		for (int64_t i = lo; i < hi; i++) {
			const double x = d->x[i], w = d->w ? d->w[i] : 1.0;
			const int64_t xi = (int64_t)x;
			double l_r, d_r, l_b, d_b, d_ab, l3, l4, ll, w4;
			const double la_T = log(alpha + d->T[i]);
			if (w == 0.0)
				continue;
			if (xi < n_tab) {
				l_r = lr[xi]; d_r = dr[xi]; l_b = lb[xi]; d_b = db[xi]; d_ab = dab[xi];
			} else {
				l_r = cseg__lgamma(r + x) - cseg__lgamma(r);
				l_b = cseg__lgamma(b + x) - cseg__lgamma(b) - cseg__lgamma(a + b + x) + cseg__lgamma(a + b);
				d_r = cseg__digamma(r + x) - cseg__digamma(r);
				d_b = cseg__digamma(b + x) - cseg__digamma(b);
				d_ab = cseg__digamma(a + b + x) - cseg__digamma(a + b);
			}
			l3 = -(r + x) * la_T;
			if (x > 0.0) {
				const double la_tx = log(alpha + d->t_x[i]);
				l4 = log_a - log(b + x - 1.0) - (r + x) * la_tx;
				ll = logaddexp(l3, l4);
				w4 = exp(l4 - ll);
				if (want_grad) {
					const double w3 = 1.0 - w4;
					acc[1] += w * (d_r + log_alpha - w3 * la_T - w4 * la_tx);
					acc[2] += w * (r / alpha - (r + x) * (w3 / (alpha + d->T[i]) + w4 / (alpha + d->t_x[i])));
					acc[3] += w * (-d_ab + w4 / a);
					acc[4] += w * (d_b - d_ab - w4 / (b + x - 1.0));
				}
			} else {
				ll = l3;
				if (want_grad) {
					acc[1] += w * (d_r + log_alpha - la_T);
					acc[2] += w * (r / alpha - (r + x) / (alpha + d->T[i]));
					acc[3] += w * (-d_ab);
					acc[4] += w * (d_b - d_ab);
				}
			}
			acc[0] += w * (l_r + r * log_alpha + l_b + ll);
		}
		for (int k = 0; k < 5; k++)
			s->partial[5 * blk + k] = acc[k];
	}
	for (int64_t blk = 0; blk < s->n_blocks; blk++)
		for (int k = 0; k < 5; k++)
			tot[k] += s->partial[5 * blk + k];
	if (want_grad)
		for (int k = 0; k < 4; k++)
			grad[k] = tot[k + 1];
	return tot[0];
}

double cseg__bgnbd_alive(const double *p, double x, double t_x, double T)
{
	const double r = p[0], alpha = p[1], a = p[2], b = p[3];
	double lo;

	if (x == 0.0)
		return 1.0;
	lo = log(a) - log(b + x - 1.0) + (r + x) * (log(alpha + T) - log(alpha + t_x));
	return 1.0 / (1.0 + exp(lo));
}

/* (a+b+x-1)/(a-1) [1 - (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z)], z = t/(α+T+t),
 * with Euler's transformation (1-z)^(r+x) 2F1(...) = (1-z)^(a-1)
 * 2F1(a+b-1-r, a-1; a+b+x-1; z), whose terms do not grow with x. */
static double bracket(double r, double alpha, double a, double b, double t, double x, double T)
{
	double z = t / (alpha + T + t);
	double f = cseg__hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z);
	double v = exp((a - 1.0) * log1p(-z)) * f;
	return (a + b + x - 1.0) / (a - 1.0) * (1.0 - v);
}

double cseg__bgnbd_expected(const double *p, double t, double x, double t_x, double T)
{
	const double r = p[0], alpha = p[1], a = p[2], b = p[3];
	double num;

	if (t == 0.0)
		return 0.0;
	if (fabs(a - 1.0) < 1e-6)  /* removable singularity at a = 1: average both sides */
		num = 0.5 * (bracket(r, alpha, 1.0 - 1e-6, b, t, x, T) + bracket(r, alpha, 1.0 + 1e-6, b, t, x, T));
	else
		num = bracket(r, alpha, a, b, t, x, T);
	return num * cseg__bgnbd_alive(p, x, t_x, T);
}

double cseg__bgnbd_prob_n(const double *p, double t, int64_t n)
{
	/* FHL (2005) eq. (8). */
	const double r = p[0], alpha = p[1], a = p[2], b = p[3];
	const double lq = log(alpha / (alpha + t)), lz = log(t / (alpha + t));
	const double lbab = cseg__lgamma(a) + cseg__lgamma(b) - cseg__lgamma(a + b);
	const double xn = (double)n;
	double first, second = 0.0;

	first = exp(cseg__lgamma(a) + cseg__lgamma(b + xn) - cseg__lgamma(a + b + xn) - lbab
		+ cseg__lgamma(r + xn) - cseg__lgamma(r) - cseg__lgamma(xn + 1.0) + r * lq + xn * lz);
	if (n > 0) {
		double cum = 0.0, lterm = r * lq;  /* log of the NBD pmf at j, running */
		for (int64_t j = 0; j < n; j++) {
			cum += exp(lterm);
			lterm += log((r + j) / (j + 1.0)) + lz;
		}
		second = exp(cseg__lgamma(a + 1.0) + cseg__lgamma(b + xn - 1.0) - cseg__lgamma(a + b + xn) - lbab)
			* fmax(0.0, 1.0 - cum);
	}
	return first + second;
}
