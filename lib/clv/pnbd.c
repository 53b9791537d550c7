/* Pareto/NBD (Schmittlein, Morrison & Colombo 1987) in Fader & Hardie's
 * (2005) formulation:
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) * [ 1 / ((α+T)^(r+x) (β+T)^s) + s/(r+s+x) A0 ]
 *
 * with, for α >= β (else swap the roles, second parameter r+x),
 *   A0 = 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+t_x)) / (α+t_x)^(r+s+x)
 *      - 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+T))   / (α+T)^(r+s+x).
 * Everything is kept in logs; the 2F1 are summed after Euler's
 * transformation (positive terms, see special.c), and the difference is
 * taken as l1 + log1p(-exp(l2 - l1)). */
#include <math.h>

#include "core/core.h"
#include "clv_internal.h"

static double logaddexp(double u, double v)
{
	double m = fmax(u, v);
	if (m == -INFINITY)
		return m;
	return m + log(exp(u - m) + exp(v - m));
}

/* log of the bracket's two terms (without the common Γ(r+x) α^r β^s / Γ(r)). */
static void pnbd_terms(const double *p, double x, double t_x, double T, double *l_alive, double *l_dead)
{
	const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
	const double rsx = r + s + x;
	double m, b2, dlt, l1, l2;

	*l_alive = -(r + x) * log(alpha + T) - s * log(beta + T);
	if (alpha >= beta) {
		m = alpha;
		b2 = s + 1.0;
		dlt = alpha - beta;
	} else {
		m = beta;
		b2 = r + x;
		dlt = beta - alpha;
	}
	l1 = cseg__log_hyp2f1_c_a1(rsx, b2, dlt / (m + t_x)) - rsx * log(m + t_x);
	l2 = cseg__log_hyp2f1_c_a1(rsx, b2, dlt / (m + T)) - rsx * log(m + T);
	if (!(l2 < l1))
		*l_dead = -INFINITY;  /* t_x = T: no time to have left */
	else
		*l_dead = log(s) - log(rsx) + l1 + log1p(-exp(l2 - l1));
}

double cseg__pnbd_loglik_one(const double *p, double x, double t_x, double T, double *log_alive)
{
	const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
	double la, ld, tot;

	pnbd_terms(p, x, t_x, T, &la, &ld);
	tot = logaddexp(la, ld);
	if (log_alive)
		*log_alive = la - tot;
	return cseg__lgamma(r + x) - cseg__lgamma(r) + r * log(alpha) + s * log(beta) + tot;
}

double cseg__pnbd_loglik(const double *p, const cseg__clv_data *d, double *partial)
{
	const int64_t n_blocks = (d->n + CSEG__CLV_BLOCK - 1) / CSEG__CLV_BLOCK;
	double tot = 0.0;

	#pragma omp parallel for schedule(dynamic, 1) num_threads(cseg__threads()) if (n_blocks > 1)
	for (int64_t blk = 0; blk < n_blocks; blk++) {
		int64_t lo = blk * CSEG__CLV_BLOCK, hi = lo + CSEG__CLV_BLOCK;
		double acc = 0.0;
		if (hi > d->n)
			hi = d->n;
		for (int64_t i = lo; i < hi; i++) {
			const double w = d->w ? d->w[i] : 1.0;
			if (w != 0.0)
				acc += w * cseg__pnbd_loglik_one(p, d->x[i], d->t_x[i], d->T[i], NULL);
		}
		partial[blk] = acc;
	}
	for (int64_t blk = 0; blk < n_blocks; blk++)
		tot += partial[blk];
	return tot;
}

double cseg__pnbd_alive(const double *p, double x, double t_x, double T)
{
	double la;
	cseg__pnbd_loglik_one(p, x, t_x, T, &la);
	return exp(la);
}

/* (1 - (k/(k+t))^(s-1)) / (s-1), continuous at s = 1. */
static double survival_factor(double s, double k, double t)
{
	double l = log1p(t / k);
	if (fabs(s - 1.0) < 1e-10)
		return l;
	return -expm1(-(s - 1.0) * l) / (s - 1.0);
}

double cseg__pnbd_expected(const double *p, double t, double x, double t_x, double T)
{
	const double r = p[0], alpha = p[1], s = p[2], beta = p[3];

	if (t == 0.0)
		return 0.0;
	return (r + x) * (beta + T) / (alpha + T) * survival_factor(s, beta + T, t)
		* cseg__pnbd_alive(p, x, t_x, T);
}

double cseg__pnbd_expected_new(const double *p, double t)
{
	const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
	return r * beta / alpha * survival_factor(s, beta, t);
}

/* log 2F1(a, b; c; z), 0 <= z < 1, for a, b, c - a, c - b > 0. Both the
 * series and its Euler transform (1-z)^(c-a-b) 2F1(c-a, c-b; c; z) have
 * positive terms; the one whose c - a - b is >= 0 is summed, as it stays
 * below its finite value at z = 1 (no overflow however close z is to 1). */
static double log_hyp2f1_pos(double a, double b, double c, double z)
{
	if (z == 0.0)
		return 0.0;
	if (c - a - b >= 0.0)
		return log(cseg__hyp2f1(a, b, c, z));
	return (c - a - b) * log1p(-z) + log(cseg__hyp2f1(c - a, c - b, c, z));
}

double cseg__pnbd_prob_n(const double *p, double t, int64_t n)
{
	/* Fader, Hardie & Lee (2006), "Deriving an expression for P(X(t) = x)
	 * under the Pareto/NBD model":
	 *   P = NBD(x; r, α, t) (β/(β+t))^s
	 *     + α^r β^s B(r+x, s+1)/B(r, s) [B1 - Σ_{i=0..x} Γ(r+s+i)/Γ(r+s) t^i/i! B2_i],
	 * with, for α >= β (else swap α/β and use r+x for s+1),
	 *   B1   = 2F1(r+s, s+1; r+s+x+1; (α-β)/α) / α^(r+s),
	 *   B2_i = 2F1(r+s+i, s+1; r+s+x+1; (α-β)/(α+t)) / (α+t)^(r+s+i).
	 * The bracket is E[λ^x μ (λ+μ)^-(x+1) P(Poisson((λ+μ)t) > x)] >= 0; it
	 * is computed as B1 (1 - Σ B2_i / B1) and clamped at 0 against the
	 * rounding of the difference. */
	const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
	const double xn = (double)n, c = r + s + xn + 1.0;
	const double m = fmax(alpha, beta), dlt = fabs(alpha - beta);
	const double b2 = alpha >= beta ? s + 1.0 : r + xn;
	const double z1 = dlt / m, z2 = dlt / (m + t);
	double first, lb1, sum = 0.0, lpre, bracket;

	first = exp(cseg__lgamma(r + xn) - cseg__lgamma(r) - cseg__lgamma(xn + 1.0)
		+ r * log(alpha / (alpha + t)) + xn * log(t / (alpha + t)) + s * log(beta / (beta + t)));
	lb1 = log_hyp2f1_pos(r + s, b2, c, z1) - (r + s) * log(m);
	for (int64_t i = 0; i <= n; i++) {
		const double di = (double)i;
		double l = cseg__lgamma(r + s + di) - cseg__lgamma(r + s) + di * log(t) - cseg__lgamma(di + 1.0)
			+ log_hyp2f1_pos(r + s + di, b2, c, z2) - (r + s + di) * log(m + t);
		sum += exp(l - lb1);
	}
	bracket = fmax(0.0, 1.0 - sum);
	lpre = r * log(alpha) + s * log(beta) + cseg__lgamma(r + xn) + cseg__lgamma(s + 1.0)
		- cseg__lgamma(r + s + xn + 1.0) - (cseg__lgamma(r) + cseg__lgamma(s) - cseg__lgamma(r + s));
	return first + exp(lpre + lb1) * bracket;
}
