/* Gaussian mixtures behind the algorithm interface: sklearn's EM loop
 * (BaseMixture.fit_predict) with restarts, and the public functions of
 * cseg_gmm.h. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "algos.h"
#include "gmm_internal.h"

static void gmm_defaults(cseg__params *p)
{
	/* sklearn's GaussianMixture defaults. */
	p->tol = 1e-3;
	p->max_iter = 100;
}

cseg_status cseg__gmm_view(const cseg_model *m, cseg__gmm *g)
{
	const cseg__array *w = cseg__model_array(m, "weights");
	const cseg__array *pc = cseg__model_array(m, "precisions_cholesky");
	const cseg__array *ct = cseg__model_array(m, "covariance_type");

	memset(g, 0, sizeof(*g));
	if (!w || !pc || !ct)
		return cseg__error(CSEG_E_INTERNAL, "mixture model without weights or precisions");
	g->k = m->k;
	g->d = m->d;
	/* The fitted type, not the parameter (which may have changed since). */
	g->cov = (int)ct->data[0];
	g->weights = w->data;
	g->means = m->centroids;
	g->pchol = pc->data;
	return CSEG_OK;
}

static void cov_shape(int cov, int64_t k, int64_t d, int64_t *rows, int64_t *cols)
{
	switch (cov) {
	case CSEG_GMM_FULL: *rows = k, *cols = d * d; break;
	case CSEG_GMM_TIED: *rows = d, *cols = d; break;
	case CSEG_GMM_DIAG: *rows = k, *cols = d; break;
	default: *rows = 1, *cols = k; break;
	}
}

static cseg_status add_copy(cseg_model *out, const char *name, int64_t rows, int64_t cols,
	const double *src)
{
	double *dst;
	cseg_status st = cseg__model_add_array(out, name, rows, cols, &dst);

	if (st == CSEG_OK)
		memcpy(dst, src, (size_t)(rows * cols) * sizeof(double));
	return st;
}

static cseg_status add_scalar(cseg_model *out, const char *name, double v)
{
	return add_copy(out, name, 1, 1, &v);
}

/* Training labels, inertia and the weighted mean log-likelihood under the
 * final parameters (sklearn's fit_predict ends with one more E-step). */
static cseg_status finish(cseg_model *out, const cseg__gmm_ctx *c, const cseg__gmm *g,
	double lower_bound)
{
	const int64_t n = c->n, d = c->d;
	cseg__gmm_rows rows = { 0 };
	double *lpn = cseg__malloc_array((size_t)n, sizeof(double));
	int64_t *lab = cseg__malloc_array((size_t)n, sizeof(int64_t));
	double inertia = 0, ll = 0, np, sw = c->sum_w;
	int64_t r, cc;
	cseg_status st;

	if (!lpn || !lab) {
		free(lpn), free(lab);
		return cseg__error(CSEG_E_NOMEM, "out of memory labelling the training data");
	}
	rows.lpn = lpn;
	rows.label = lab;
	if ((st = cseg__gmm_eval(g, c->x, n, &rows)) != CSEG_OK) {
		free(lpn), free(lab);
		return st;
	}
	for (int64_t i = 0; i < n; i++) {
		double w = c->w ? c->w[i] : 1.0, s = 0;
		const double *x = c->x + i * d, *mu = g->means + lab[i] * d;
		if (w == 0)
			continue;
		for (int64_t j = 0; j < d; j++)
			s += (x[j] - mu[j]) * (x[j] - mu[j]);
		inertia += w * s;
		ll += w * lpn[i];
	}
	free(lpn);
	np = (double)cseg__gmm_n_parameters(g->cov, g->k, d);
	out->labels = lab;
	out->inertia = inertia;
	out->k = g->k;
	out->d = d;
	if (!(out->centroids = cseg__malloc_array((size_t)(g->k * d), sizeof(double))))
		return cseg__error(CSEG_E_NOMEM, "out of memory storing the mixture");
	memcpy(out->centroids, g->means, (size_t)(g->k * d) * sizeof(double));
	cov_shape(g->cov, g->k, d, &r, &cc);
	if ((st = add_copy(out, "weights", 1, g->k, g->weights)) != CSEG_OK ||
	    (st = add_copy(out, "means", g->k, d, g->means)) != CSEG_OK ||
	    (st = add_copy(out, "covariances", r, cc, g->covs)) != CSEG_OK ||
	    (st = add_copy(out, "precisions_cholesky", r, cc, g->pchol)) != CSEG_OK ||
	    (st = add_scalar(out, "covariance_type", (double)g->cov)) != CSEG_OK ||
	    (st = add_scalar(out, "lower_bound", lower_bound)) != CSEG_OK ||
	    (st = add_scalar(out, "bic", -2.0 * ll + np * log(sw))) != CSEG_OK ||
	    (st = add_scalar(out, "aic", -2.0 * ll + 2.0 * np)) != CSEG_OK)
		return st;
	return CSEG_OK;
}

static cseg_status gmm_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	const double *init_centers, cseg_progress_fn progress, void *progress_payload)
{
	const cseg__params *p = &out->params;
	const int64_t k = p->k, d = ds->n_cols;
	const int cov = (int)p->gmm_covariance_type;
	const int all_given = cseg__gmm_all_given(out, init_centers);
	cseg__gmm_ctx ctx;
	cseg__gmm g = { 0 }, best = { 0 };
	cseg__gmm_acc acc;
	double *shift = NULL, *accbuf = NULL, best_lb = -HUGE_VAL;
	int64_t best_iter = 0, best_conv = 0;
	int have_best = 0;
	cseg__rng rng;
	cseg_status st;

	if ((st = cseg__gmm_check_given(out, d)) != CSEG_OK)
		return st;
	if ((st = cseg__gmm_ctx_init(&ctx, ds, weights, k, cov)) != CSEG_OK)
		return st;
	if ((st = cseg__gmm_alloc(&g, cov, k, d)) != CSEG_OK ||
	    (st = cseg__gmm_alloc(&best, cov, k, d)) != CSEG_OK)
		goto done;
	shift = cseg__malloc_array((size_t)(k * d), sizeof(double));
	accbuf = cseg__malloc_array((size_t)cseg__gmm_acc_size(cov, k, d), sizeof(double));
	if (!shift || !accbuf) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory fitting a mixture");
		goto done;
	}
	cseg__gmm_acc_bind(&acc, accbuf, cov, k, d);
	cseg__rng_seed(&rng, (uint64_t)p->seed);
	for (int64_t run = 0; run < p->n_init; run++) {
		/* Run 0 uses the seed itself, so the k-means start is cseg's k-means with that seed. */
		uint64_t seed = run == 0 ? (uint64_t)p->seed : cseg__rng_next(&rng);
		double lb = -HUGE_VAL;
		int64_t it, conv = 0;

		if (!all_given && (st = cseg__gmm_start(&ctx, p, ds, seed, &g)) != CSEG_OK)
			goto done;
		if ((st = cseg__gmm_apply_given(out, init_centers, &g)) != CSEG_OK)
			goto done;
		for (it = 1; it <= p->max_iter; it++) {
			double prev = lb;

			memcpy(shift, g.means, (size_t)(k * d) * sizeof(double));
			cseg__gmm_pass(&ctx, &g, NULL, shift, &acc);
			lb = *acc.ll / ctx.sum_w;
			if ((st = cseg__gmm_mstep(&g, &acc, shift, p->gmm_reg_covar, ctx.sum_w, 0)) != CSEG_OK)
				goto done;
			if (progress && progress(((double)run + (double)it / (double)p->max_iter) /
			    (double)p->n_init, progress_payload)) {
				st = cseg__error(CSEG_E_CANCELLED, "cancelled by the progress callback");
				goto done;
			}
			if (fabs(lb - prev) < p->tol) {
				conv = 1;
				break;
			}
		}
		if (it > p->max_iter)
			it = p->max_iter;
		if (!have_best || lb > best_lb) {
			cseg__gmm_copy(&best, &g);
			best_lb = lb;
			best_iter = it;
			best_conv = conv;
			have_best = 1;
		}
	}
	out->n_iter = best_iter;
	out->converged = best_conv;
	st = finish(out, &ctx, &best, best_lb);
done:
	free(shift);
	free(accbuf);
	cseg__gmm_free(&g);
	cseg__gmm_free(&best);
	cseg__gmm_ctx_free(&ctx);
	return st;
}

static cseg_status gmm_assign(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a)
{
	cseg__gmm g;
	cseg__gmm_rows rows = { 0 };
	cseg_status st;

	if ((st = cseg__gmm_view(m, &g)) != CSEG_OK)
		return st;
	rows.label = a->labels;
	rows.second = a->runner_up;
	rows.conf = a->confidence;
	rows.margin = a->margins;
	rows.dist = a->distances;
	if ((st = cseg__gmm_eval(&g, ds->data, ds->n_rows, &rows)) != CSEG_OK)
		return st;
	for (int64_t i = 0; i < ds->n_rows; i++)
		a->borderline[i] = a->confidence[i] < m->params.borderline_prob;
	return CSEG_OK;
}

/* One row, no allocation: two sweeps over the components (the maximum,
 * then the sum of exponentials). */
static void gmm_assign_one(const cseg_model *m, const double *x, int64_t *label,
	double *distance, double *margin, double *confidence)
{
	cseg__gmm g;
	double l1 = -HUGE_VAL, l2 = -HUGE_VAL, s = 0, m1 = HUGE_VAL;
	const double half_d_log2pi = 0.5 * (double)m->d * 1.8378770664093454835606594728112;
	int64_t c1 = 0;

	if (cseg__gmm_view(m, &g) != CSEG_OK) {
		*label = -1, *distance = *margin = HUGE_VAL, *confidence = 0;
		return;
	}
	for (int64_t c = 0; c < g.k; c++) {
		double mh = cseg__gmm_maha(&g, c, x);
		double lp = log(g.weights[c]) + cseg__gmm_log_det(&g, c) - half_d_log2pi - 0.5 * mh;
		if (c == 0 || lp > l1) {
			l2 = l1;
			l1 = lp, c1 = c, m1 = mh;
		} else if (lp > l2) {
			l2 = lp;
		}
	}
	if (l1 == -HUGE_VAL) {
		/* Beyond double range for every component: rank by scaled distance. */
		double b1 = HUGE_VAL;
		for (int64_t c = 0; c < g.k; c++) {
			double l = g.weights[c] > 0 ? cseg__gmm_log_maha(&g, c, x) : HUGE_VAL;
			if (l < b1)
				b1 = l, c1 = c;
		}
		*label = c1;
		*distance = exp(0.5 * b1);
		*margin = g.k > 1 ? HUGE_VAL : 0.0;
		*confidence = 1.0;
		return;
	}
	for (int64_t c = 0; c < g.k; c++) {
		double mh = cseg__gmm_maha(&g, c, x);
		s += exp(log(g.weights[c]) + cseg__gmm_log_det(&g, c) - half_d_log2pi - 0.5 * mh - l1);
	}
	*label = c1;
	*distance = sqrt(m1);
	*margin = g.k > 1 ? l1 - l2 : 0.0;
	*confidence = 1.0 / s;
}

static cseg_status gmm_check_loaded(const cseg_model *m)
{
	static const char *const names[] = { "weights", "means", "covariances", "precisions_cholesky",
		"lower_bound", "bic", "aic" };
	const cseg__array *ct = cseg__model_array(m, "covariance_type");
	int64_t rows[7], cols[7];
	int cov;

	if (!ct || ct->rows * ct->cols != 1 || !(ct->data[0] == 0 || ct->data[0] == 1 ||
	    ct->data[0] == 2 || ct->data[0] == 3))
		return cseg__error(CSEG_E_FORMAT, "mixture model without a valid 'covariance_type' array");
	cov = (int)ct->data[0];
	rows[0] = 1, cols[0] = m->k;
	rows[1] = m->k, cols[1] = m->d;
	cov_shape(cov, m->k, m->d, &rows[2], &cols[2]);
	rows[3] = rows[2], cols[3] = cols[2];
	for (int i = 4; i < 7; i++)
		rows[i] = cols[i] = 1;
	for (int i = 0; i < 7; i++) {
		const cseg__array *a = cseg__model_array(m, names[i]);
		if (!a)
			return cseg__error(CSEG_E_FORMAT, "mixture model without its '%s' array", names[i]);
		if (a->rows != rows[i] || a->cols != cols[i])
			return cseg__error(CSEG_E_FORMAT, "mixture array '%s' is %lld x %lld, expected %lld x %lld",
				names[i], (long long)a->rows, (long long)a->cols, (long long)rows[i], (long long)cols[i]);
	}
	{
		const cseg__array *w = cseg__model_array(m, "weights");
		const cseg__array *pc = cseg__model_array(m, "precisions_cholesky");
		for (int64_t c = 0; c < m->k; c++)
			if (!(w->data[c] >= 0 && w->data[c] <= 1))
				return cseg__error(CSEG_E_FORMAT, "mixture weight %lld = %g is not in [0, 1]",
					(long long)c, w->data[c]);
		for (int64_t i = 0; i < pc->rows * pc->cols; i++)
			if (!isfinite(pc->data[i]))
				return cseg__error(CSEG_E_FORMAT, "mixture precision factor %lld is not finite",
					(long long)i);
	}
	return CSEG_OK;
}

const cseg__algo_ops cseg__gmm_ops = {
	.algo = CSEG_ALGO_GMM,
	.name = "gmm",
	.defaults = gmm_defaults,
	.fit = gmm_fit,
	.assign = gmm_assign,
	.assign_one = gmm_assign_one,
	.check_loaded = gmm_check_loaded,
};

/* Public functions */

static int fitted_cov(const cseg_model *m)
{
	const cseg__array *ct = cseg__model_array(m, "covariance_type");

	return ct ? (int)ct->data[0] : (int)m->params.gmm_covariance_type;
}

static cseg_status check_model_data(const cseg_model *m, const cseg_dataset *ds)
{
	cseg_status st;

	if (!m)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (m->algo != CSEG_ALGO_GMM)
		return cseg__error(CSEG_E_INVALID_ARG, "model is a %s model, not a mixture",
			cseg_algo_name(m->algo));
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "the model is not fitted: call cseg_model_fit or load one");
	if ((st = cseg__dataset_check_complete(ds, "data")) != CSEG_OK)
		return st;
	if (ds->n_cols != m->d)
		return cseg__error(CSEG_E_INVALID_ARG, "data has %lld columns, the model expects %lld",
			(long long)ds->n_cols, (long long)m->d);
	return CSEG_OK;
}

cseg_status cseg_gmm_predict_proba(const cseg_model *model, const cseg_dataset *data,
	double *out, int64_t n_out)
{
	cseg__gmm g;
	cseg__gmm_rows rows = { 0 };
	cseg_status st;

	if ((st = check_model_data(model, data)) != CSEG_OK)
		return st;
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (n_out != data->n_rows * model->k)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but n_rows * k = %lld",
			(long long)n_out, (long long)(data->n_rows * model->k));
	if ((st = cseg__gmm_view(model, &g)) != CSEG_OK)
		return st;
	rows.resp = out;
	return cseg__gmm_eval(&g, data->data, data->n_rows, &rows);
}

cseg_status cseg_gmm_score_samples(const cseg_model *model, const cseg_dataset *data,
	double *out, int64_t n_out)
{
	cseg__gmm g;
	cseg__gmm_rows rows = { 0 };
	cseg_status st;

	if ((st = check_model_data(model, data)) != CSEG_OK)
		return st;
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (n_out != data->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but the data has %lld rows",
			(long long)n_out, (long long)data->n_rows);
	if ((st = cseg__gmm_view(model, &g)) != CSEG_OK)
		return st;
	rows.lpn = out;
	return cseg__gmm_eval(&g, data->data, data->n_rows, &rows);
}

cseg_status cseg_gmm_score(const cseg_model *model, const cseg_dataset *data, double *out)
{
	double *lpn, s = 0;
	cseg_status st;

	if ((st = check_model_data(model, data)) != CSEG_OK)
		return st;
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (data->n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "data has no rows");
	if (!(lpn = cseg__malloc_array((size_t)data->n_rows, sizeof(double))))
		return cseg__error(CSEG_E_NOMEM, "out of memory scoring %lld rows", (long long)data->n_rows);
	st = cseg_gmm_score_samples(model, data, lpn, data->n_rows);
	if (st == CSEG_OK) {
		for (int64_t i = 0; i < data->n_rows; i++)
			s += lpn[i];
		*out = s / (double)data->n_rows;
	}
	free(lpn);
	return st;
}

static cseg_status criterion(const cseg_model *model, const cseg_dataset *data, double *out,
	int bic)
{
	double score, np;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if ((st = cseg_gmm_score(model, data, &score)) != CSEG_OK)
		return st;
	np = (double)cseg__gmm_n_parameters(fitted_cov(model), model->k, model->d);
	*out = -2.0 * score * (double)data->n_rows +
		(bic ? np * log((double)data->n_rows) : 2.0 * np);
	return CSEG_OK;
}

cseg_status cseg_gmm_bic(const cseg_model *model, const cseg_dataset *data, double *out)
{
	return criterion(model, data, out, 1);
}

cseg_status cseg_gmm_aic(const cseg_model *model, const cseg_dataset *data, double *out)
{
	return criterion(model, data, out, 0);
}

cseg_status cseg_gmm_n_parameters(const cseg_model *model, int64_t *out)
{
	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (model->algo != CSEG_ALGO_GMM)
		return cseg__error(CSEG_E_INVALID_ARG, "model is not a mixture");
	if (!model->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "the model is not fitted");
	*out = cseg__gmm_n_parameters(fitted_cov(model), model->k, model->d);
	return CSEG_OK;
}
