/* The CLV model handle: options, parameters, results and the maximum
 * likelihood driver (starting points, subsample, BFGS, standard errors). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "clv_internal.h"

#define LOG_LO (-18.420680743952367)  /* log 1e-8 */
#define LOG_HI (18.420680743952367)   /* log 1e8 */
#define SUBSAMPLE 100000

static const char *const names_bg[] = {"r", "alpha", "a", "b"};
static const char *const names_pn[] = {"r", "alpha", "s", "beta"};
static const char *const names_gg[] = {"p", "q", "gamma"};

static const char *kind_name(int kind)
{
	return kind == CSEG_CLV_BGNBD ? "BG/NBD" : kind == CSEG_CLV_PARETO_NBD ? "Pareto/NBD" : "Gamma-Gamma";
}

cseg_status cseg_clv_model_new(cseg_clv_model **out, cseg_clv_kind kind)
{
	cseg_clv_model *m;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_new: out is NULL");
	*out = NULL;
	if (kind != CSEG_CLV_BGNBD && kind != CSEG_CLV_PARETO_NBD && kind != CSEG_CLV_GAMMA_GAMMA)
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_clv_model_new: unknown model kind %d", (int)kind);
	m = cseg__calloc(1, sizeof(*m));
	if (!m)
		return cseg__error(CSEG_E_NOMEM, "cseg_clv_model_new: out of memory");
	m->kind = kind;
	m->n_params = kind == CSEG_CLV_GAMMA_GAMMA ? 3 : 4;
	m->max_iter = 500;
	m->n_starts = 4;
	m->seed = 0;
	m->tol = 1e-7;
	cseg__handle_created();
	*out = m;
	return CSEG_OK;
}

void cseg_clv_model_free(cseg_clv_model *model)
{
	if (!model)
		return;
	free(model);
	cseg__handle_freed();
}

cseg_status cseg_clv_model_set_int(cseg_clv_model *model, cseg_clv_key key, int64_t value)
{
	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_int: model is NULL");
	switch (key) {
	case CSEG_CLV_MAX_ITER:
	case CSEG_CLV_N_STARTS:
		if (value < 1 || value > 1000000)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_int: %s = %lld out of range 1..1000000",
				key == CSEG_CLV_MAX_ITER ? "max_iter" : "n_starts", (long long)value);
		if (key == CSEG_CLV_MAX_ITER)
			model->max_iter = value;
		else
			model->n_starts = value;
		return CSEG_OK;
	case CSEG_CLV_SEED:
		if (value < 0)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_int: seed = %lld must be >= 0",
				(long long)value);
		model->seed = value;
		return CSEG_OK;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_clv_model_set_int: key %d is not an integer option",
			(int)key);
	}
}

cseg_status cseg_clv_model_set_double(cseg_clv_model *model, cseg_clv_key key, double value)
{
	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_double: model is NULL");
	if (key != CSEG_CLV_TOL)
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_clv_model_set_double: key %d is not a double option",
			(int)key);
	if (!(value > 0.0 && value < 1.0))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_double: tol = %g must be in (0, 1)", value);
	model->tol = value;
	return CSEG_OK;
}

static cseg_status need_results(const cseg_clv_model *m, const char *fn)
{
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "%s: the model is not fitted", fn);
	if (!m->has_results)
		return cseg__error(CSEG_E_NOT_FITTED, "%s: parameters were set by hand, no fit results", fn);
	return CSEG_OK;
}

cseg_status cseg_clv_model_get_int(const cseg_clv_model *model, cseg_clv_key key, int64_t *out)
{
	cseg_status st;

	if (!model || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_get_int: %s is NULL", model ? "out" : "model");
	switch (key) {
	case CSEG_CLV_MAX_ITER: *out = model->max_iter; return CSEG_OK;
	case CSEG_CLV_N_STARTS: *out = model->n_starts; return CSEG_OK;
	case CSEG_CLV_SEED: *out = model->seed; return CSEG_OK;
	case CSEG_CLV_N_ITER:
	case CSEG_CLV_N_OBS:
		if ((st = need_results(model, "cseg_clv_model_get_int")) != CSEG_OK)
			return st;
		*out = key == CSEG_CLV_N_ITER ? model->n_iter : model->n_obs;
		return CSEG_OK;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_clv_model_get_int: key %d is not an integer option or result",
			(int)key);
	}
}

cseg_status cseg_clv_model_get_double(const cseg_clv_model *model, cseg_clv_key key, double *out)
{
	cseg_status st;

	if (!model || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_get_double: %s is NULL", model ? "out" : "model");
	switch (key) {
	case CSEG_CLV_TOL: *out = model->tol; return CSEG_OK;
	case CSEG_CLV_CORRELATION:
		if (model->kind != CSEG_CLV_GAMMA_GAMMA)
			return cseg__error(CSEG_E_UNSUPPORTED, "cseg_clv_model_get_double: the correlation is a "
				"Gamma-Gamma result");
		/* fall through */
	case CSEG_CLV_LOGLIK:
	case CSEG_CLV_GRAD_NORM:
		if ((st = need_results(model, "cseg_clv_model_get_double")) != CSEG_OK)
			return st;
		*out = key == CSEG_CLV_LOGLIK ? model->loglik : key == CSEG_CLV_GRAD_NORM ? model->grad_norm
			: model->correlation;
		return CSEG_OK;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_clv_model_get_double: key %d is not a double option or result",
			(int)key);
	}
}

int cseg_clv_model_kind(const cseg_clv_model *model)
{
	return model ? model->kind : 0;
}

int64_t cseg_clv_model_n_params(const cseg_clv_model *model)
{
	return model ? model->n_params : -1;
}

const char *cseg_clv_model_param_name(const cseg_clv_model *model, int64_t i)
{
	if (!model || i < 0 || i >= model->n_params)
		return NULL;
	return model->kind == CSEG_CLV_BGNBD ? names_bg[i] : model->kind == CSEG_CLV_PARETO_NBD ? names_pn[i]
		: names_gg[i];
}

static cseg_status copy_out(const cseg_clv_model *model, double *out, int64_t n_out, const char *fn, int se)
{
	if (!model || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, model ? "out" : "model");
	if (n_out != model->n_params)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out = %lld, the model has %d parameters", fn,
			(long long)n_out, model->n_params);
	if (!model->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "%s: the model is not fitted", fn);
	for (int i = 0; i < model->n_params; i++)
		out[i] = se ? model->se[i] : model->params[i];
	return CSEG_OK;
}

cseg_status cseg_clv_model_get_params(const cseg_clv_model *model, double *out, int64_t n_out)
{
	return copy_out(model, out, n_out, "cseg_clv_model_get_params", 0);
}

cseg_status cseg_clv_model_get_std_errors(const cseg_clv_model *model, double *out, int64_t n_out)
{
	return copy_out(model, out, n_out, "cseg_clv_model_get_std_errors", 1);
}

cseg_status cseg_clv_model_set_params(cseg_clv_model *model, const double *params, int64_t n_params)
{
	if (!model || !params)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_params: %s is NULL", model ? "params" : "model");
	if (n_params != model->n_params)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_params: n_params = %lld, %s has %d",
			(long long)n_params, kind_name(model->kind), model->n_params);
	for (int i = 0; i < model->n_params; i++)
		if (!(params[i] > 0.0) || !isfinite(params[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_set_params: %s = %g must be finite and > 0",
				cseg_clv_model_param_name(model, i), params[i]);
	for (int i = 0; i < model->n_params; i++) {
		model->params[i] = params[i];
		model->se[i] = NAN;
	}
	model->fitted = 1;
	model->has_results = 0;
	return CSEG_OK;
}

/* ---- row checks ---- */

cseg_status cseg__clv_check_rows(const char *fn, const double *x, const double *t_x, const double *T,
	const double *w, int64_t n)
{
	if (!x || !t_x || !T)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, !x ? "x" : !t_x ? "t_x" : "T");
	if (n < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows = %lld, need at least 1", fn, (long long)n);
	for (int64_t i = 0; i < n; i++) {
		const double xi = x[i], ti = t_x[i], Ti = T[i];
		if (!isfinite(xi) || xi < 0.0 || xi != floor(xi) || xi > 1e15)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: x = %g must be a whole number >= 0",
				fn, (long long)i, xi);
		if (!isfinite(Ti) || !(Ti > 0.0))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: T = %g must be finite and > 0", fn,
				(long long)i, Ti);
		if (!isfinite(ti) || ti < 0.0 || ti > Ti)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: t_x = %g must be in [0, T = %g]", fn,
				(long long)i, ti, Ti);
		if (xi > 0.0 && ti == 0.0)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: x = %g repeat purchases but t_x = 0", fn,
				(long long)i, xi);
		if (xi == 0.0 && ti != 0.0)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: no repeat purchase but t_x = %g > 0", fn,
				(long long)i, ti);
		if (w && (!isfinite(w[i]) || w[i] < 0.0))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: weight %g must be finite and >= 0", fn,
				(long long)i, w[i]);
	}
	return CSEG_OK;
}

/* ---- the objective on log-parameters, normalised by the total weight ---- */

typedef struct problem {
	int kind;
	int dim;
	const cseg__clv_data *d;
	double scale[CSEG__CLV_MAX_PARAMS];  /* p = scale * exp(theta): time and money scales */
	cseg__bgnbd_scratch bg;
	double *partial;  /* Pareto/NBD block sums */
} problem;

static double loglik(problem *pb, const double *p, double *grad)
{
	switch (pb->kind) {
	case CSEG_CLV_BGNBD: return cseg__bgnbd_loglik(p, grad, pb->d, &pb->bg);
	case CSEG_CLV_PARETO_NBD: return cseg__pnbd_loglik(p, pb->d, pb->partial);
	default: return cseg__gg_loglik(p, grad, pb->d);
	}
}

static double objective(const double *theta, double *grad, void *ctx)
{
	problem *pb = ctx;
	double p[CSEG__CLV_MAX_PARAMS], g[CSEG__CLV_MAX_PARAMS], ll;

	for (int i = 0; i < pb->dim; i++)
		p[i] = pb->scale[i] * exp(theta[i]);
	if (pb->kind == CSEG_CLV_PARETO_NBD) {
		ll = loglik(pb, p, NULL);
		if (grad && isfinite(ll))
			cseg__num_grad(objective, ctx, pb->dim, theta, grad);
		return isfinite(ll) ? -ll / pb->d->total_w : INFINITY;
	}
	ll = loglik(pb, p, grad ? g : NULL);
	if (!isfinite(ll))
		return INFINITY;
	if (grad)
		for (int i = 0; i < pb->dim; i++)
			grad[i] = -g[i] * p[i] / pb->d->total_w;
	return -ll / pb->d->total_w;
}

/* Scales of the time (alpha, beta) and money (gamma) parameters, so the
 * bounds and the optimiser do not depend on the units of the data. */
static void param_scales(int kind, const cseg__clv_data *d, double *scale)
{
	double sum = 0.0, wsum = 0.0;

	for (int i = 0; i < CSEG__CLV_MAX_PARAMS; i++)
		scale[i] = 1.0;
	for (int64_t i = 0; i < d->n; i++) {
		const double w = d->w ? d->w[i] : 1.0;
		if (kind == CSEG_CLV_GAMMA_GAMMA) {
			if (d->x[i] > 0.0) {
				sum += w * d->zbar[i];
				wsum += w;
			}
		} else {
			sum += w * d->T[i];
			wsum += w;
		}
	}
	if (!(wsum > 0.0 && sum > 0.0))
		return;
	if (kind == CSEG_CLV_GAMMA_GAMMA) {
		scale[2] = sum / wsum;
	} else {
		scale[1] = sum / wsum;
		if (kind == CSEG_CLV_PARETO_NBD)
			scale[3] = sum / wsum;
	}
}

static int problem_init(problem *pb, int kind, int dim, const cseg__clv_data *d, const double *scale)
{
	memset(pb, 0, sizeof(*pb));
	pb->kind = kind;
	pb->dim = dim;
	pb->d = d;
	memcpy(pb->scale, scale, sizeof(pb->scale));
	if (kind == CSEG_CLV_BGNBD)
		return cseg__bgnbd_scratch_init(&pb->bg, d);
	if (kind == CSEG_CLV_PARETO_NBD) {
		pb->partial = cseg__malloc_array((size_t)((d->n + CSEG__CLV_BLOCK - 1) / CSEG__CLV_BLOCK), sizeof(double));
		return pb->partial != NULL;
	}
	return 1;
}

static void problem_free(problem *pb)
{
	cseg__bgnbd_scratch_free(&pb->bg);
	free(pb->partial);
	pb->partial = NULL;
}

/* Inverse of a small symmetric positive definite matrix by Cholesky; 0 if not PD. */
static int spd_inverse(double *A, int n)
{
	double L[16] = {0}, Linv[16] = {0};

	for (int j = 0; j < n; j++) {
		double s = A[j * n + j];
		for (int k = 0; k < j; k++)
			s -= L[j * n + k] * L[j * n + k];
		if (!(s > 0.0) || !isfinite(s))
			return 0;
		L[j * n + j] = sqrt(s);
		for (int i = j + 1; i < n; i++) {
			double t = A[i * n + j];
			for (int k = 0; k < j; k++)
				t -= L[i * n + k] * L[j * n + k];
			L[i * n + j] = t / L[j * n + j];
		}
	}
	for (int i = 0; i < n; i++) {
		Linv[i * n + i] = 1.0 / L[i * n + i];
		for (int j = 0; j < i; j++) {
			double t = 0.0;
			for (int k = j; k < i; k++)
				t -= L[i * n + k] * Linv[k * n + j];
			Linv[i * n + j] = t / L[i * n + i];
		}
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			double t = 0.0;
			for (int k = 0; k < n; k++)
				t += Linv[k * n + i] * Linv[k * n + j];
			A[i * n + j] = t;
		}
	return 1;
}

/* Standard errors: the Hessian of -LL in log-parameters by central
 * differences of the gradient; at the optimum Cov(p) = D Cov(θ) D, D = diag(p). */
static void std_errors(problem *pb, const double *theta, double *se)
{
	const int n = pb->dim;
	double H[16], th[CSEG__CLV_MAX_PARAMS], gp[CSEG__CLV_MAX_PARAMS], gm[CSEG__CLV_MAX_PARAMS];

	memcpy(th, theta, (size_t)n * sizeof(double));
	for (int j = 0; j < n; j++) {
		const double h = 1e-4;
		th[j] = theta[j] + h;
		objective(th, gp, pb);
		th[j] = theta[j] - h;
		objective(th, gm, pb);
		th[j] = theta[j];
		for (int i = 0; i < n; i++)
			H[i * n + j] = (gp[i] - gm[i]) / (2.0 * h) * pb->d->total_w;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			H[i * n + j] = H[j * n + i] = 0.5 * (H[i * n + j] + H[j * n + i]);
	if (!spd_inverse(H, n)) {
		for (int i = 0; i < n; i++)
			se[i] = NAN;
		return;
	}
	for (int i = 0; i < n; i++)
		se[i] = pb->scale[i] * exp(theta[i]) * sqrt(H[i * n + i]);
}

static void default_start(int kind, const cseg__clv_data *d, double *p)
{
	double sx = 0.0, sT = 0.0, sz = 0.0, nz = 0.0, rate;

	for (int64_t i = 0; i < d->n; i++) {
		const double w = d->w ? d->w[i] : 1.0;
		sx += w * d->x[i];
		if (kind == CSEG_CLV_GAMMA_GAMMA) {
			if (d->x[i] > 0.0) {
				sz += w * d->zbar[i];
				nz += w;
			}
		} else {
			sT += w * d->T[i];
		}
	}
	if (kind == CSEG_CLV_GAMMA_GAMMA) {
		p[0] = 1.0;
		p[1] = 2.0;
		p[2] = nz > 0.0 ? sz / nz : 1.0;
		return;
	}
	rate = sx / sT;  /* purchases per unit of time */
	p[0] = 1.0;
	p[1] = 1.0 / rate;
	if (kind == CSEG_CLV_BGNBD) {
		p[2] = 1.0;
		p[3] = 1.0;
	} else {
		p[2] = 1.0;
		p[3] = sT / d->total_w;
	}
}

/* Run the starts on d; return the index of the best (or -1) and its θ. */
static int run_starts(cseg_clv_model *m, const cseg__clv_data *d, double *best_theta,
	cseg__bfgs_result *best, problem *pb_out, const double *scale, double *best_hinv)
{
	double p0[CSEG__CLV_MAX_PARAMS];
	cseg__rng rng;
	int best_k = -1;

	default_start(m->kind, d, p0);
	cseg__rng_seed(&rng, (uint64_t)m->seed);
	for (int64_t k = 0; k < m->n_starts; k++) {
		double th[CSEG__CLV_MAX_PARAMS];
		cseg__bfgs_result res;
		double hinv[CSEG__CLV_MAX_PARAMS * CSEG__CLV_MAX_PARAMS] = {0};
		int at_bound = 0;
		for (int i = 0; i < m->n_params; i++) {
			th[i] = log(p0[i] / scale[i]);
			if (k == 1)
				th[i] += (i % 2 ? 1.0 : -1.0);  /* a deterministic contrasting start */
			else if (k > 1)
				th[i] += 1.5 * cseg__rng_normal(&rng);
		}
		cseg__bfgs(objective, pb_out, m->n_params, th, LOG_LO, LOG_HI, m->max_iter, m->tol, hinv, &res);
		for (int i = 0; i < m->n_params; i++)
			if (th[i] <= LOG_LO + 1e-3 || th[i] >= LOG_HI - 1e-3)
				at_bound = 1;
		if (!isfinite(res.f))
			continue;
		if (at_bound)
			res.converged = 0;
		/* Prefer converged interior runs, then the lowest objective. */
		if (best_k < 0 || (res.converged && !best->converged) ||
		    (res.converged == best->converged && res.f < best->f)) {
			*best = res;
			memcpy(best_theta, th, sizeof(th));
			memcpy(best_hinv, hinv, sizeof(hinv));
			best_k = (int)k;
		}
	}
	return best_k;
}

static cseg_status fit_common(cseg_clv_model *m, cseg__clv_data *d, const char *fn)
{
	problem pb;
	cseg__bfgs_result best;
	double theta[CSEG__CLV_MAX_PARAMS], se[CSEG__CLV_MAX_PARAMS], scale[CSEG__CLV_MAX_PARAMS];
	double hinv[CSEG__CLV_MAX_PARAMS * CSEG__CLV_MAX_PARAMS] = {0};
	cseg__clv_data sub = *d;
	double *sub_buf = NULL;
	int k;
	cseg_status st = CSEG_OK;

	param_scales(m->kind, d, scale);
	/* Starting points are explored on a subsample when the data are large. */
	if (d->n > SUBSAMPLE && m->kind != CSEG_CLV_GAMMA_GAMMA) {
		sub_buf = cseg__malloc_array((size_t)SUBSAMPLE * 4, sizeof(double));
		if (!sub_buf)
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
		sub.n = SUBSAMPLE;
		sub.x = sub_buf;
		sub.t_x = sub_buf + SUBSAMPLE;
		sub.T = sub_buf + 2 * SUBSAMPLE;
		sub.w = d->w ? sub_buf + 3 * SUBSAMPLE : NULL;
		sub.total_w = 0.0;
		sub.max_x = 0;
		for (int64_t j = 0; j < SUBSAMPLE; j++) {
			int64_t i = (int64_t)((double)j * (double)d->n / SUBSAMPLE);
			sub_buf[j] = d->x[i];
			sub_buf[SUBSAMPLE + j] = d->t_x[i];
			sub_buf[2 * SUBSAMPLE + j] = d->T[i];
			if (d->w)
				sub_buf[3 * SUBSAMPLE + j] = d->w[i];
			sub.total_w += d->w ? d->w[i] : 1.0;
			if ((int64_t)d->x[i] > sub.max_x)
				sub.max_x = (int64_t)d->x[i];
		}
		if (!(sub.total_w > 0.0))
			sub = *d;  /* all subsample weights zero: explore on everything */
	}
	if (!problem_init(&pb, m->kind, m->n_params, &sub, scale)) {
		problem_free(&pb);
		free(sub_buf);
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	}
	k = run_starts(m, &sub, theta, &best, &pb, scale, hinv);
	problem_free(&pb);
	if (k >= 0 && sub.n != d->n) {
		/* Polish the best start on all the data. */
		if (!problem_init(&pb, m->kind, m->n_params, d, scale)) {
			problem_free(&pb);
			free(sub_buf);
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
		}
		cseg__bfgs(objective, &pb, m->n_params, theta, LOG_LO, LOG_HI, m->max_iter, m->tol, hinv, &best);
		for (int i = 0; i < m->n_params; i++)
			if (theta[i] <= LOG_LO + 1e-3 || theta[i] >= LOG_HI - 1e-3)
				best.converged = 0;
	} else if (!problem_init(&pb, m->kind, m->n_params, d, scale)) {
		problem_free(&pb);
		free(sub_buf);
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	}
	free(sub_buf);
	if (k < 0) {
		st = cseg__error(CSEG_E_NOT_CONVERGED, "%s: %s likelihood is not finite from any starting point",
			fn, kind_name(m->kind));
	} else if (!best.converged) {
		int bound = -1;
		for (int i = 0; i < m->n_params; i++)
			if (theta[i] <= LOG_LO + 1e-3 || theta[i] >= LOG_HI - 1e-3)
				bound = i;
		if (bound >= 0) {
			st = cseg__error(CSEG_E_NOT_CONVERGED, "%s: %s parameter %s ran to %s: the data do not identify "
				"the model", fn, kind_name(m->kind),
				(m->kind == CSEG_CLV_BGNBD ? names_bg : m->kind == CSEG_CLV_PARETO_NBD ? names_pn : names_gg)[bound],
				theta[bound] > 0 ? "1e8" : "1e-8");
		} else {
			st = cseg__error(CSEG_E_NOT_CONVERGED, "%s: %s fit did not converge in %lld iterations "
				"(gradient norm %g, tol %g)", fn, kind_name(m->kind), (long long)m->max_iter,
				best.grad_norm, m->tol);
		}
	}
	if (st == CSEG_OK) {
		std_errors(&pb, theta, se);
		for (int i = 0; i < m->n_params; i++) {
			if (isnan(se[i])) {
				char buf[160];
				int len = 0;
				for (int j = 0; j < m->n_params && len < (int)sizeof(buf) - 40; j++)
					len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%s%s = %.4g", j ? ", " : "",
						cseg_clv_model_param_name(m, j), pb.scale[j] * exp(theta[j]));
				st = cseg__error(CSEG_E_NOT_CONVERGED, "%s: %s information matrix is singular at %s: "
					"the data do not identify the model", fn, kind_name(m->kind), buf);
				break;
			}
		}
	}
	if (st == CSEG_OK) {
		for (int i = 0; i < m->n_params; i++) {
			m->params[i] = scale[i] * exp(theta[i]);
			m->se[i] = se[i];
		}
		m->loglik = -best.f * d->total_w;
		m->grad_norm = best.grad_norm;
		m->n_iter = best.iters;
		m->fitted = 1;
		m->has_results = 1;
	}
	problem_free(&pb);
	return st;
}

cseg_status cseg_clv_model_fit(cseg_clv_model *model, const double *x, const double *t_x,
	const double *T, const double *weights, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_model_fit";
	cseg__clv_data d;
	double repeat_w = 0.0;
	cseg_status st;

	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: model is NULL", fn);
	if (model->kind == CSEG_CLV_GAMMA_GAMMA)
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: Gamma-Gamma is fitted with cseg_clv_model_fit_spend", fn);
	if ((st = cseg__clv_check_rows(fn, x, t_x, T, weights, n_rows)) != CSEG_OK)
		return st;
	memset(&d, 0, sizeof(d));
	d.n = n_rows;
	d.x = x;
	d.t_x = t_x;
	d.T = T;
	d.w = weights;
	for (int64_t i = 0; i < n_rows; i++) {
		const double w = weights ? weights[i] : 1.0;
		d.total_w += w;
		if (x[i] > 0.0)
			repeat_w += w;
		if ((int64_t)x[i] > d.max_x)
			d.max_x = (int64_t)x[i];
	}
	if (!(d.total_w > 0.0))
		return cseg__error(CSEG_E_INVALID_ARG, "%s: all weights are zero", fn);
	if (!(repeat_w > 0.0))
		return cseg__error(CSEG_E_INVALID_ARG, "%s: no customer (with positive weight) has a repeat purchase: "
			"%s is not identified", fn, kind_name(model->kind));
	st = fit_common(model, &d, fn);
	if (st == CSEG_OK) {
		model->n_obs = 0;
		for (int64_t i = 0; i < n_rows; i++)
			model->n_obs += !weights || weights[i] > 0.0;
	}
	return st;
}

cseg_status cseg_clv_model_fit_spend(cseg_clv_model *model, const double *x, const double *zbar,
	const double *weights, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_model_fit_spend";
	cseg__clv_data d;
	double sw = 0.0, sx = 0.0, sz = 0.0, sxx = 0.0, szz = 0.0, sxz = 0.0, z0 = NAN;
	int distinct = 0;
	int64_t n_pos = 0;
	cseg_status st;

	if (!model || !x || !zbar)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, !model ? "model" : !x ? "x" : "zbar");
	if (model->kind != CSEG_CLV_GAMMA_GAMMA)
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: %s is fitted with cseg_clv_model_fit", fn, kind_name(model->kind));
	if (n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows = %lld, need at least 1", fn, (long long)n_rows);
	for (int64_t i = 0; i < n_rows; i++) {
		const double w = weights ? weights[i] : 1.0;
		if (!isfinite(x[i]) || x[i] < 0.0 || x[i] != floor(x[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: x = %g must be a whole number >= 0", fn,
				(long long)i, x[i]);
		if (weights && (!isfinite(w) || w < 0.0))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: weight %g must be finite and >= 0", fn,
				(long long)i, w);
		if (x[i] == 0.0)
			continue;
		if (!isfinite(zbar[i]) || !(zbar[i] > 0.0))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: zbar = %g must be finite and > 0 when x > 0",
				fn, (long long)i, zbar[i]);
		if (w == 0.0)
			continue;
		n_pos++;
		if (isnan(z0))
			z0 = zbar[i];
		else if (zbar[i] != z0)
			distinct = 1;
		sw += w;
		sx += w * x[i];
		sz += w * zbar[i];
	}
	if (n_pos < 2 || !distinct)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %lld customers with x > 0 and positive weight%s: "
			"Gamma-Gamma is not identified", fn, (long long)n_pos, n_pos >= 2 ? ", all with the same zbar" : "");
	/* Pearson correlation of x and zbar (the model assumes independence). */
	{
		const double mx = sx / sw, mz = sz / sw;
		for (int64_t i = 0; i < n_rows; i++) {
			const double w = weights ? weights[i] : 1.0;
			if (x[i] == 0.0 || w == 0.0)
				continue;
			sxx += w * (x[i] - mx) * (x[i] - mx);
			szz += w * (zbar[i] - mz) * (zbar[i] - mz);
			sxz += w * (x[i] - mx) * (zbar[i] - mz);
		}
	}
	memset(&d, 0, sizeof(d));
	d.n = n_rows;
	d.x = x;
	d.zbar = zbar;
	d.w = weights;
	d.total_w = sw;
	st = fit_common(model, &d, fn);
	if (st == CSEG_OK) {
		model->n_obs = n_pos;
		model->correlation = (sxx > 0.0 && szz > 0.0) ? sxz / sqrt(sxx * szz) : NAN;
	}
	return st;
}

cseg_status cseg_clv_model_fit_summary(cseg_clv_model *model, const cseg_clv_summary *summary,
	const double *weights)
{
	if (!model || !summary)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_clv_model_fit_summary: %s is NULL", model ? "summary" : "model");
	if (model->kind == CSEG_CLV_GAMMA_GAMMA)
		return cseg_clv_model_fit_spend(model, summary->col[CSEG_CLV_X], summary->col[CSEG_CLV_ZBAR], weights,
			summary->n);
	{
		cseg_status st = cseg_clv_model_fit(model, summary->col[CSEG_CLV_X], summary->col[CSEG_CLV_T_X],
			summary->col[CSEG_CLV_T], weights, summary->n);
		return st;
	}
}
