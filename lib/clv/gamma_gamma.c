/* Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie 2013):
 * the mean of x purchase values given ν is Gamma(px, ν x), ν ~ Gamma(q, γ),
 * so per customer with x > 0
 *   log f = lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + (px-1) ln zbar
 *           + px ln x - (px+q) ln(γ + x zbar).
 * Customers with x = 0 carry no spend information and are skipped. */
#include <math.h>

#include "clv_internal.h"

double cseg__gg_loglik(const double *p, double *grad, const cseg__clv_data *d)
{
	const double pp = p[0], q = p[1], g = p[2];
	const double lgq = cseg__lgamma(q), dgq = cseg__digamma(q), lg = log(g);
	double ll = 0.0, gp = 0.0, gq = 0.0, gg = 0.0;

	/* A few thousand rows at most in practice: serial, fixed order. */
	for (int64_t i = 0; i < d->n; i++) {
		const double x = d->x[i], w = d->w ? d->w[i] : 1.0;
		double z, px, lden;
		if (x <= 0.0 || w == 0.0)
			continue;
		z = d->zbar[i];
		px = pp * x;
		lden = log(g + x * z);
		ll += w * (cseg__lgamma(px + q) - cseg__lgamma(px) - lgq + q * lg + (px - 1.0) * log(z)
			+ px * log(x) - (px + q) * lden);
		if (grad) {
			const double dpq = cseg__digamma(px + q);
			gp += w * x * (dpq - cseg__digamma(px) + log(z) + log(x) - lden);
			gq += w * (dpq - dgq + lg - lden);
			gg += w * (q / g - (px + q) / (g + x * z));
		}
	}
	if (grad) {
		grad[0] = gp;
		grad[1] = gq;
		grad[2] = gg;
	}
	return ll;
}
