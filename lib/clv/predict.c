/* Vectorised predictions of the fitted CLV models: conditional expected
 * purchases, P(alive), P(X(t) = n), expected spend, discounted CLV and the
 * calibration-versus-holdout table. Outputs are written only after every
 * row has been checked. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "clv_internal.h"

static cseg_status need_purchase_model(const cseg_clv_model *m, const void *out, const char *fn)
{
	if (!m || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, m ? "out" : "model");
	if (m->kind != CSEG_CLV_BGNBD && m->kind != CSEG_CLV_PARETO_NBD)
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: needs a BG/NBD or Pareto/NBD model", fn);
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "%s: the model is not fitted", fn);
	return CSEG_OK;
}

static double expected(const cseg_clv_model *m, double t, double x, double t_x, double T)
{
	return m->kind == CSEG_CLV_BGNBD ? cseg__bgnbd_expected(m->params, t, x, t_x, T)
		: cseg__pnbd_expected(m->params, t, x, t_x, T);
}

static cseg_status check_time(const char *fn, const char *name, double t, int strict)
{
	if (!isfinite(t) || t < 0.0 || (strict && t == 0.0))
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s = %g must be finite and %s 0", fn, name, t,
			strict ? ">" : ">=");
	return CSEG_OK;
}

static cseg_status nan_result(const char *fn, int64_t i)
{
	return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: the prediction is not finite "
		"(series did not converge for these values)", fn, (long long)i);
}

/* Copy predictions computed into tmp to out only when every one is finite,
 * so a failing call writes nothing; frees tmp either way. */
static cseg_status publish(const char *fn, double *out, double *tmp, int64_t n_rows)
{
	for (int64_t i = 0; i < n_rows; i++) {
		if (!isfinite(tmp[i])) {
			free(tmp);
			return nan_result(fn, i);
		}
	}
	memcpy(out, tmp, (size_t)n_rows * sizeof(double));
	free(tmp);
	return CSEG_OK;
}

cseg_status cseg_clv_expected_purchases(const cseg_clv_model *model, double *out, double t,
	const double *x, const double *t_x, const double *T, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_expected_purchases";
	cseg_status st;
	double *tmp;

	if ((st = need_purchase_model(model, out, fn)) != CSEG_OK || (st = check_time(fn, "t", t, 0)) != CSEG_OK ||
	    (st = cseg__clv_check_rows(fn, x, t_x, T, NULL, n_rows)) != CSEG_OK)
		return st;
	tmp = cseg__malloc_array((size_t)n_rows, sizeof(double));
	if (!tmp)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	#pragma omp parallel for schedule(static) num_threads(cseg__threads()) if (n_rows > 10000)
	for (int64_t i = 0; i < n_rows; i++)
		tmp[i] = expected(model, t, x[i], t_x[i], T[i]);
	return publish(fn, out, tmp, n_rows);
}

cseg_status cseg_clv_prob_alive(const cseg_clv_model *model, double *out,
	const double *x, const double *t_x, const double *T, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_prob_alive";
	cseg_status st;

	if ((st = need_purchase_model(model, out, fn)) != CSEG_OK ||
	    (st = cseg__clv_check_rows(fn, x, t_x, T, NULL, n_rows)) != CSEG_OK)
		return st;
	#pragma omp parallel for schedule(static) num_threads(cseg__threads()) if (n_rows > 10000)
	for (int64_t i = 0; i < n_rows; i++)
		out[i] = model->kind == CSEG_CLV_BGNBD ? cseg__bgnbd_alive(model->params, x[i], t_x[i], T[i])
			: cseg__pnbd_alive(model->params, x[i], t_x[i], T[i]);
	return CSEG_OK;
}

cseg_status cseg_clv_prob_n_purchases(const cseg_clv_model *model, double *out, double t,
	const int64_t *counts, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_prob_n_purchases";
	cseg_status st;
	double *tmp;

	if ((st = need_purchase_model(model, out, fn)) != CSEG_OK)
		return st;
	if ((st = check_time(fn, "t", t, 1)) != CSEG_OK)
		return st;
	if (!counts)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: counts is NULL", fn);
	if (n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows = %lld, need at least 1", fn, (long long)n_rows);
	{
		/* Pareto/NBD sums n + 1 series per count: bound the time per row. */
		const int64_t max_n = model->kind == CSEG_CLV_BGNBD ? 100000000 : 1000000;
		for (int64_t i = 0; i < n_rows; i++)
			if (counts[i] < 0 || counts[i] > max_n)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: count %lld must be in 0..%lld", fn,
					(long long)i, (long long)counts[i], (long long)max_n);
	}
	tmp = cseg__malloc_array((size_t)n_rows, sizeof(double));
	if (!tmp)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	/* Pareto/NBD costs O(n) hypergeometric series per count: in parallel. */
	#pragma omp parallel for schedule(dynamic, 16) num_threads(cseg__threads()) if (n_rows > 64)
	for (int64_t i = 0; i < n_rows; i++)
		tmp[i] = model->kind == CSEG_CLV_BGNBD ? cseg__bgnbd_prob_n(model->params, t, counts[i])
			: cseg__pnbd_prob_n(model->params, t, counts[i]);
	return publish(fn, out, tmp, n_rows);
}

cseg_status cseg_clv_expected_purchases_new(const cseg_clv_model *model, double *out,
	const double *t, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_expected_purchases_new";
	cseg_status st;

	if ((st = need_purchase_model(model, out, fn)) != CSEG_OK)
		return st;
	if (!t)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: t is NULL", fn);
	if (n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows = %lld, need at least 1", fn, (long long)n_rows);
	for (int64_t i = 0; i < n_rows; i++)
		if (!isfinite(t[i]) || t[i] < 0.0)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: t = %g must be finite and >= 0", fn,
				(long long)i, t[i]);
	for (int64_t i = 0; i < n_rows; i++) {
		/* A new customer is the conditional case x = t_x = T = 0. */
		double v = model->kind == CSEG_CLV_BGNBD ? (t[i] == 0.0 ? 0.0 : cseg__bgnbd_expected(model->params, t[i], 0, 0, 0))
			: cseg__pnbd_expected_new(model->params, t[i]);
		if (!isfinite(v))
			return nan_result(fn, i);
	}
	for (int64_t i = 0; i < n_rows; i++)
		out[i] = model->kind == CSEG_CLV_BGNBD ? (t[i] == 0.0 ? 0.0 : cseg__bgnbd_expected(model->params, t[i], 0, 0, 0))
			: cseg__pnbd_expected_new(model->params, t[i]);
	return CSEG_OK;
}

static cseg_status check_spend_rows(const char *fn, const double *x, const double *zbar, int64_t n)
{
	if (!x || !zbar)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, x ? "zbar" : "x");
	if (n < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows = %lld, need at least 1", fn, (long long)n);
	for (int64_t i = 0; i < n; i++) {
		if (!isfinite(x[i]) || x[i] < 0.0 || x[i] != floor(x[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: x = %g must be a whole number >= 0", fn,
				(long long)i, x[i]);
		if (x[i] > 0.0 && (!isfinite(zbar[i]) || !(zbar[i] > 0.0)))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: zbar = %g must be finite and > 0 when x > 0",
				fn, (long long)i, zbar[i]);
	}
	return CSEG_OK;
}

static double spend_one(const double *p, double x, double zbar)
{
	const double pp = p[0], q = p[1], g = p[2];
	return x > 0.0 ? (pp * g + pp * x * zbar) / (pp * x + q - 1.0) : pp * g / (q - 1.0);
}

static cseg_status need_spend_model(const cseg_clv_model *m, const char *fn)
{
	if (m->kind != CSEG_CLV_GAMMA_GAMMA)
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: needs a Gamma-Gamma spend model", fn);
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "%s: the spend model is not fitted", fn);
	if (!(m->params[1] > 1.0))
		return cseg__error(CSEG_E_INVALID_ARG, "%s: Gamma-Gamma q = %g <= 1: the mean spend does not exist", fn,
			m->params[1]);
	return CSEG_OK;
}

cseg_status cseg_clv_expected_spend(const cseg_clv_model *model, double *out,
	const double *x, const double *zbar, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_expected_spend";
	cseg_status st;

	if (!model || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, model ? "out" : "model");
	if ((st = need_spend_model(model, fn)) != CSEG_OK || (st = check_spend_rows(fn, x, zbar, n_rows)) != CSEG_OK)
		return st;
	for (int64_t i = 0; i < n_rows; i++)
		out[i] = spend_one(model->params, x[i], zbar[i]);
	return CSEG_OK;
}

cseg_status cseg_clv_value(const cseg_clv_model *purchase_model, const cseg_clv_model *spend_model,
	double *out, int64_t n_periods, double period_length, double discount_rate, double margin,
	const double *x, const double *t_x, const double *T, const double *zbar, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_value";
	cseg_status st;
	double *tmp;

	if ((st = need_purchase_model(purchase_model, out, fn)) != CSEG_OK)
		return st;
	if (spend_model && (st = need_spend_model(spend_model, fn)) != CSEG_OK)
		return st;
	if (n_periods < 1 || n_periods > 100000)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_periods = %lld must be in 1..100000", fn, (long long)n_periods);
	if ((st = check_time(fn, "period_length", period_length, 1)) != CSEG_OK ||
	    (st = check_time(fn, "discount_rate", discount_rate, 0)) != CSEG_OK)
		return st;
	if (!isfinite(margin))
		return cseg__error(CSEG_E_INVALID_ARG, "%s: margin = %g must be finite", fn, margin);
	if ((st = cseg__clv_check_rows(fn, x, t_x, T, NULL, n_rows)) != CSEG_OK ||
	    (st = check_spend_rows(fn, x, zbar, n_rows)) != CSEG_OK)
		return st;
	tmp = cseg__malloc_array((size_t)n_rows, sizeof(double));
	if (!tmp)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	#pragma omp parallel for schedule(static) num_threads(cseg__threads()) if (n_rows > 1000)
	for (int64_t i = 0; i < n_rows; i++) {
		const double spend = spend_model ? spend_one(spend_model->params, x[i], zbar[i]) : zbar[i];
		double prev = 0.0, v = 0.0, disc = 1.0;
		for (int64_t k = 1; k <= n_periods; k++) {
			const double cur = expected(purchase_model, (double)k * period_length, x[i], t_x[i], T[i]);
			disc /= 1.0 + discount_rate;
			v += (cur - prev) * disc;
			prev = cur;
		}
		tmp[i] = margin * spend * v;
	}
	return publish(fn, out, tmp, n_rows);
}

cseg_status cseg_clv_holdout_compare(const cseg_clv_model *model, double *actual_out,
	double *predicted_out, int64_t *count_out, int64_t n_buckets, double holdout_length,
	const double *x, const double *t_x, const double *T, const double *x_holdout, int64_t n_rows)
{
	static const char fn[] = "cseg_clv_holdout_compare";
	cseg_status st;
	double *sa, *sp;
	int64_t *cnt;

	if ((st = need_purchase_model(model, actual_out, fn)) != CSEG_OK)
		return st;
	if (!predicted_out || !count_out || !x_holdout)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn,
			!predicted_out ? "predicted_out" : !count_out ? "count_out" : "x_holdout");
	if (n_buckets < 1 || n_buckets > 1000000)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_buckets = %lld must be in 1..1e6", fn, (long long)n_buckets);
	if ((st = check_time(fn, "holdout_length", holdout_length, 1)) != CSEG_OK ||
	    (st = cseg__clv_check_rows(fn, x, t_x, T, NULL, n_rows)) != CSEG_OK)
		return st;
	for (int64_t i = 0; i < n_rows; i++)
		if (!isfinite(x_holdout[i]) || x_holdout[i] < 0.0)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: x_holdout = %g must be finite and >= 0", fn,
				(long long)i, x_holdout[i]);
	sa = cseg__calloc((size_t)n_buckets, sizeof(double));
	sp = cseg__calloc((size_t)n_buckets, sizeof(double));
	cnt = cseg__calloc((size_t)n_buckets, sizeof(int64_t));
	if (!sa || !sp || !cnt) {
		free(sa);
		free(sp);
		free(cnt);
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	}
	for (int64_t i = 0; i < n_rows; i++) {
		const int64_t k = x[i] >= (double)(n_buckets - 1) ? n_buckets - 1 : (int64_t)x[i];
		const double e = expected(model, holdout_length, x[i], t_x[i], T[i]);
		if (!isfinite(e)) {
			free(sa);
			free(sp);
			free(cnt);
			return nan_result(fn, i);
		}
		sa[k] += x_holdout[i];
		sp[k] += e;
		cnt[k]++;
	}
	for (int64_t k = 0; k < n_buckets; k++) {
		count_out[k] = cnt[k];
		actual_out[k] = cnt[k] ? sa[k] / (double)cnt[k] : NAN;
		predicted_out[k] = cnt[k] ? sp[k] / (double)cnt[k] : NAN;
	}
	free(sa);
	free(sp);
	free(cnt);
	return CSEG_OK;
}
