/* Special functions for the CLV likelihoods: digamma, a thread-safe
 * lgamma and the Gauss hypergeometric series. */
#define _GNU_SOURCE  /* lgamma_r */
#include <math.h>

#include "clv_internal.h"

double cseg__lgamma(double x)
{
	int sign;
	return lgamma_r(x, &sign);
}

double cseg__digamma(double x)
{
	double r = 0.0, f, t;

	if (!(x > 0.0))
		return NAN;  /* only positive arguments occur here */
	while (x < 6.0) {
		r -= 1.0 / x;
		x += 1.0;
	}
	f = 1.0 / (x * x);
	t = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 + f * (-1.0 / 132)))));
	return r + log(x) - 0.5 / x + t;
}

#define HYP_MAX_TERMS 2000000

double cseg__hyp2f1(double a, double b, double c, double z)
{
	double sum = 1.0, term = 1.0;

	if (z == 0.0)
		return 1.0;
	if (!(z > 0.0 && z < 1.0))
		return NAN;
	for (int64_t n = 0; n < HYP_MAX_TERMS; n++) {
		double den = (c + n) * (n + 1.0);
		double ratio;
		if (den == 0.0)
			return NAN;  /* c a non-positive integer: pole */
		ratio = (a + n) * (b + n) / den * z;
		term *= ratio;
		sum += term;
		if (term == 0.0 || !isfinite(sum))
			break;
		/* The ratio tends to z from either side; once below 1 the tail is
		 * about |term| * rho / (1 - rho). */
		{
			double rho = fmax(fabs(ratio), z);
			if (rho < 1.0 && fabs(term) * rho / (1.0 - rho) <= 1e-17 * fabs(sum))
				return sum;
		}
	}
	return (term == 0.0) ? sum : NAN;
}

/* 2F1(A+B, 1; A+1; z) by Gauss's continued fraction, evaluated with the
 * modified Lentz method (the fraction of the incomplete beta function,
 * Numerical Recipes' betacf, which holds for any real B). Near z = 1 it
 * needs about the square root of the series' terms: ~250 at z = 0.999. */
static double hyp2f1_cf(double A, double B, double z)
{
	const double tiny = 1e-300;
	double c = 1.0, d = 1.0 - (A + B) * z / (A + 1.0), h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	h = d;
	for (int m = 1; m < 200000; m++) {
		const int m2 = 2 * m;
		double aa = m * (B - m) * z / ((A + m2 - 1) * (A + m2)), del;
		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		h *= d * c;
		aa = -(A + m) * (A + B + m) * z / ((A + m2) * (A + m2 + 1));
		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) < 1e-16)
			return h;
	}
	return NAN;
}

double cseg__log_hyp2f1_c_a1(double a, double b, double z)
{
	/* 2F1(a, b; a+1; z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z): the second
	 * function has positive series terms with ratio (a+1-b+n)/(a+1+n) z < z,
	 * summed directly for z <= 1/2 and by its continued fraction above. */
	double g;

	if (z == 0.0)
		return 0.0;
	if (z <= 0.5)
		g = cseg__hyp2f1(1.0, a + 1.0 - b, a + 1.0, z);
	else
		g = hyp2f1_cf(a, 1.0 - b, z);
	return (1.0 - b) * log1p(-z) + log(g);
}
