/* BFGS with a backtracking (Armijo) line search on a box, for the few
 * log-parameters of the CLV models. Small and dependency-free: dim <= 4. */
#include <math.h>
#include <string.h>

#include "clv_internal.h"

#define MAXD CSEG__CLV_MAX_PARAMS
#define MAX_LOG_STEP 3.0  /* a log-parameter moves at most e^3 per iteration */

static double inf_norm(const double *g, int dim)
{
	double m = 0.0;
	for (int i = 0; i < dim; i++)
		m = fmax(m, fabs(g[i]));
	return m;
}

static double dot(const double *a, const double *b, int dim)
{
	double t = 0.0;
	for (int i = 0; i < dim; i++)
		t += a[i] * b[i];
	return t;
}

static void project(double *x, int dim, double lo, double hi)
{
	for (int i = 0; i < dim; i++)
		x[i] = fmin(hi, fmax(lo, x[i]));
}

void cseg__num_grad(cseg__objective f, void *ctx, int dim, const double *theta, double *grad)
{
	double x[MAXD];

	memcpy(x, theta, (size_t)dim * sizeof(double));
	for (int i = 0; i < dim; i++) {
		double h = 1e-5 * fmax(1.0, fabs(theta[i]));
		double fp, fm;
		x[i] = theta[i] + h;
		fp = f(x, NULL, ctx);
		x[i] = theta[i] - h;
		fm = f(x, NULL, ctx);
		x[i] = theta[i];
		grad[i] = (fp - fm) / (2.0 * h);
	}
}

void cseg__bfgs(cseg__objective f, void *ctx, int dim, double *theta, double lo, double hi,
	int64_t max_iter, double tol, double *hinv, cseg__bfgs_result *res)
{
	double H[MAXD * MAXD], g[MAXD], gn[MAXD], p[MAXD], xn[MAXD], s[MAXD], y[MAXD];
	double fx, fn = 0.0;
	int64_t it;
	int first = 1;

	project(theta, dim, lo, hi);
	fx = f(theta, g, ctx);
	res->converged = 0;
	res->iters = 0;
	if (!isfinite(fx)) {
		res->f = fx;
		res->grad_norm = INFINITY;
		return;
	}
	memset(H, 0, sizeof(H));
	for (int i = 0; i < dim; i++)
		H[i * dim + i] = 1.0;
	if (hinv && hinv[0] > 0.0) {  /* warm start, e.g. from a subsample's run */
		memcpy(H, hinv, (size_t)(dim * dim) * sizeof(double));
		first = 0;
	}
	for (it = 0; it < max_iter; it++) {
		double gp = 0.0, step = 1.0, pmax, sy = 0.0;
		int ok = 0;

		if (inf_norm(g, dim) < tol) {
			res->converged = 1;
			break;
		}
		for (int i = 0; i < dim; i++) {
			p[i] = 0.0;
			for (int j = 0; j < dim; j++)
				p[i] -= H[i * dim + j] * g[j];
			gp += p[i] * g[i];
		}
		if (!(gp < 0.0)) {  /* not a descent direction: restart from steepest descent */
			memset(H, 0, sizeof(H));
			for (int i = 0; i < dim; i++) {
				H[i * dim + i] = 1.0;
				p[i] = -g[i];
			}
			gp = 0.0;
			for (int i = 0; i < dim; i++)
				gp -= g[i] * g[i];
		}
		pmax = inf_norm(p, dim);
		if (pmax > MAX_LOG_STEP)
			step = MAX_LOG_STEP / pmax;
		for (int ls = 0; ls < 60; ls++) {
			double dec = 0.0;
			for (int i = 0; i < dim; i++)
				xn[i] = theta[i] + step * p[i];
			project(xn, dim, lo, hi);
			for (int i = 0; i < dim; i++)
				dec += g[i] * (xn[i] - theta[i]);
			fn = f(xn, gn, ctx);
			if (isfinite(fn) && fn <= fx + 1e-4 * fmin(dec, 0.0)) {
				ok = 1;
				break;
			}
			step *= 0.5;
		}
		if (!ok)
			break;  /* no progress possible at working precision */
		for (int i = 0; i < dim; i++) {
			s[i] = xn[i] - theta[i];
			y[i] = gn[i] - g[i];
			sy += s[i] * y[i];
		}
		if (sy > 1e-10 * sqrt(dot(s, s, dim) * dot(y, y, dim))) {
			double Hy[MAXD], yHy = 0.0;
			if (first) {  /* scale the initial inverse Hessian (Nocedal & Wright 6.20) */
				double yy = 0.0;
				for (int i = 0; i < dim; i++)
					yy += y[i] * y[i];
				for (int i = 0; i < dim * dim; i++)
					H[i] *= sy / yy;
				first = 0;
			}
			for (int i = 0; i < dim; i++) {
				Hy[i] = 0.0;
				for (int j = 0; j < dim; j++)
					Hy[i] += H[i * dim + j] * y[j];
				yHy += y[i] * Hy[i];
			}
			for (int i = 0; i < dim; i++)
				for (int j = 0; j < dim; j++)
					H[i * dim + j] += ((sy + yHy) * s[i] * s[j]) / (sy * sy)
						- (Hy[i] * s[j] + s[i] * Hy[j]) / sy;
		}
		memcpy(theta, xn, (size_t)dim * sizeof(double));
		memcpy(g, gn, (size_t)dim * sizeof(double));
		if (fabs(fx - fn) <= 1e-15 * (fabs(fx) + 1e-300) && inf_norm(s, dim) < 1e-12) {
			fx = fn;
			break;
		}
		fx = fn;
	}
	res->iters = it;
	res->f = fx;
	if (hinv)
		memcpy(hinv, H, (size_t)(dim * dim) * sizeof(double));
	res->grad_norm = inf_norm(g, dim);
	/* Stalled at working precision with a tiny gradient counts as converged. */
	if (!res->converged && res->grad_norm < fmax(tol, 1e-5) && it < max_iter)
		res->converged = 1;
	if (res->grad_norm < tol)
		res->converged = 1;
}
