/* Fitting: resolve each dataset column's settings, then learn the
 * imputation value, center, scale and levels the way scikit-learn's
 * SimpleImputer, StandardScaler, MinMaxScaler, RobustScaler and
 * OneHotEncoder do, so fixtures agree to rounding. */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "prep_internal.h"

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* numpy's linear interpolation between sorted neighbours (np.percentile's
 * default, including its two-sided lerp), at quantile q of s[0 .. n). */
static double quantile_sorted(const double *s, int64_t n, double q)
{
	double pos = q * (double)(n - 1), t, a, b, diff;
	int64_t lo = (int64_t)floor(pos);

	if (lo >= n - 1)
		return s[n - 1];
	t = pos - (double)lo;
	a = s[lo];
	b = s[lo + 1];
	diff = b - a;
	return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

/* np.median: the middle value or the mean of the two middle values. */
static double median_sorted(const double *s, int64_t n)
{
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

/* Most frequent value of sorted s, ties to the smallest (sklearn's most_frequent). */
static double mode_sorted(const double *s, int64_t n)
{
	double best = s[0];
	int64_t best_run = 0;

	for (int64_t i = 0; i < n;) {
		int64_t k = i;

		while (k < n && s[k] == s[i])
			k++;
		if (k - i > best_run) {
			best_run = k - i;
			best = s[i];
		}
		i = k;
	}
	return best;
}

static double mean_of(const double *x, int64_t n)
{
	double sum = 0;

	for (int64_t i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

/* Scale of near-constant columns is 1 (sklearn's _handle_zeros_in_scale). */
static double safe_scale(double scale)
{
	return scale < 10.0 * DBL_EPSILON ? 1.0 : scale;
}

/* center and scale of t[0 .. n) for the scaler; t is sorted in place. */
static void fit_scaler(int scaler, double *t, int64_t n, double *center, double *scale)
{
	*center = 0.0;
	*scale = 1.0;
	if (scaler == CSEG_TRANSFORM_ZSCORE) {
		/* Corrected two-pass variance, as sklearn's _incremental_mean_and_var,
		 * and its error bound for "constant" (_is_constant_feature). */
		double mean = mean_of(t, n), sq = 0, corr = 0, var, eps = DBL_EPSILON;

		for (int64_t i = 0; i < n; i++) {
			double d = t[i] - mean;
			corr += d;
			sq += d * d;
		}
		var = (sq - corr * corr / (double)n) / (double)n;
		*center = mean;
		if (var > (double)n * eps * var + ((double)n * mean * eps) * ((double)n * mean * eps))
			*scale = safe_scale(sqrt(var));
	} else if (scaler == CSEG_TRANSFORM_MINMAX) {
		double lo = t[0], hi = t[0];

		for (int64_t i = 1; i < n; i++) {
			lo = fmin(lo, t[i]);
			hi = fmax(hi, t[i]);
		}
		*center = lo;
		*scale = safe_scale(hi - lo);
	} else if (scaler == CSEG_TRANSFORM_ROBUST) {
		qsort(t, (size_t)n, sizeof(double), compare_doubles);
		*center = median_sorted(t, n);
		*scale = safe_scale(quantile_sorted(t, n, 0.75) - quantile_sorted(t, n, 0.25));
	}
}

/* Settings of dataset column j from the specs and defaults. */
static cseg_status resolve(const cseg_prep *p, const char *name, cseg__prep_col *c)
{
	const cseg__prep_spec *s = NULL;

	for (int64_t i = 0; i < p->n_specs; i++)
		if (strcmp(p->specs[i].name, name) == 0)
			s = &p->specs[i];
	c->categorical = s && (s->set & CSEG__SPEC_CATEGORICAL);
	if (s && (s->set & CSEG__SPEC_COLUMN)) {
		c->missing = s->missing;
		c->constant = s->constant;
		c->transform = s->transform;
		c->weight = s->weight;
		if (c->categorical && c->transform != CSEG_TRANSFORM_NONE)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_fit: column '%s' is categorical: "
				"its transform must be CSEG_TRANSFORM_NONE, got %d", name, c->transform);
	} else {
		c->missing = p->def_missing;
		c->constant = 0.0;
		c->transform = c->categorical ? CSEG_TRANSFORM_NONE : p->def_transform;
		c->weight = 1.0;
	}
	return CSEG_OK;
}

/* First missing cell under the error policy among kept rows, reading order. */
static cseg_status check_error_cells(const cseg_dataset *ds, const cseg__prep_col *cols,
	const unsigned char *keep, const char *fn)
{
	for (int64_t i = 0; i < ds->n_rows; i++) {
		const double *row = cseg__row(ds, i);

		if (!keep[i])
			continue;
		for (int64_t j = 0; j < ds->n_cols; j++) {
			const char *id;

			if (cols[j].missing != CSEG_MISSING_ERROR || !isnan(row[j]))
				continue;
			id = cseg_dataset_id(ds, i);
			return cseg__error(CSEG_E_MISSING_VALUES, "%s: missing value at row %" PRId64
				" (0-based, ID '%s'), column '%s', whose missing-value policy is "
				"CSEG_MISSING_ERROR", fn, i, id ? id : "?", cols[j].name);
		}
	}
	return CSEG_OK;
}

/* Statistics of column j over the kept rows; buf holds n_rows doubles. */
static cseg_status fit_column(const cseg_dataset *ds, int64_t j, const unsigned char *keep,
	cseg__prep_col *c, double *buf)
{
	int64_t m = 0, n_kept = 0, n_miss = 0;
	int log1p_on = (c->transform & CSEG_TRANSFORM_LOG1P) != 0;

	for (int64_t i = 0; i < ds->n_rows; i++) {
		double v = cseg__row(ds, i)[j];

		if (!keep[i])
			continue;
		n_kept++;
		if (isnan(v)) {
			n_miss++;
			continue;
		}
		if (log1p_on && !(v > -1.0))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_fit: value %g at row %" PRId64
				" (0-based), column '%s' is outside the domain of log1p (must be > -1)",
				v, i, c->name);
		buf[m++] = v;
	}
	c->fill = NAN;
	c->center = 0.0;
	c->scale = 1.0;
	if (m == 0 && (c->missing == CSEG_MISSING_MEAN || c->missing == CSEG_MISSING_MEDIAN
		|| (c->missing == CSEG_MISSING_INDICATOR && !c->categorical)))
		return cseg__error(CSEG_E_MISSING_VALUES, "cseg_prep_fit: column '%s' has no observed "
			"value in the %" PRId64 " kept rows, so its %s cannot be imputed", c->name, n_kept,
			c->categorical ? "most frequent level" :
			c->missing == CSEG_MISSING_MEDIAN ? "median" : "mean");
	if (c->categorical) {
		int64_t n_lev = 0;

		if (c->missing == CSEG_MISSING_CONSTANT) {
			c->fill = c->constant;
		} else if (c->missing == CSEG_MISSING_MEAN || c->missing == CSEG_MISSING_MEDIAN) {
			qsort(buf, (size_t)m, sizeof(double), compare_doubles);
			c->fill = mode_sorted(buf, m);
		}
		/* Levels of the imputed column: an imputed constant is a level of its own. */
		if (n_miss > 0 && !isnan(c->fill))
			buf[m++] = c->fill;
		qsort(buf, (size_t)m, sizeof(double), compare_doubles);
		for (int64_t i = 0; i < m; i++)
			if (n_lev == 0 || buf[i] != buf[n_lev - 1])
				buf[n_lev++] = buf[i];
		if (n_lev > CSEG_PREP_MAX_LEVELS)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_fit: categorical column '%s' "
				"has %" PRId64 " distinct values, more than CSEG_PREP_MAX_LEVELS (%d)",
				c->name, n_lev, CSEG_PREP_MAX_LEVELS);
		if (n_lev > 0) {
			if (!(c->levels = cseg__malloc_array((size_t)n_lev, sizeof(double))))
				return cseg__error(CSEG_E_NOMEM, "cseg_prep_fit: out of memory");
			for (int64_t l = 0; l < n_lev; l++)
				c->levels[l] = buf[l] == 0.0 ? 0.0 : buf[l]; /* -0 and 0 are one level */
		}
		c->n_levels = n_lev;
		return CSEG_OK;
	}
	switch (c->missing) {
	case CSEG_MISSING_MEAN:
	case CSEG_MISSING_INDICATOR:
		c->fill = mean_of(buf, m);
		break;
	case CSEG_MISSING_MEDIAN:
		qsort(buf, (size_t)m, sizeof(double), compare_doubles);
		c->fill = median_sorted(buf, m);
		break;
	case CSEG_MISSING_CONSTANT:
		c->fill = c->constant;
		break;
	default:
		break;
	}
	if ((c->transform & CSEG__PREP_SCALER_MASK) == CSEG_TRANSFORM_NONE)
		return CSEG_OK;
	/* The scaler sees the imputed, log-transformed kept values. */
	m = 0;
	for (int64_t i = 0; i < ds->n_rows; i++) {
		double v = cseg__row(ds, i)[j];

		if (!keep[i])
			continue;
		if (isnan(v))
			v = c->fill;
		buf[m++] = cseg__prep_log(c->transform, v);
	}
	fit_scaler(c->transform & CSEG__PREP_SCALER_MASK, buf, m, &c->center, &c->scale);
	return CSEG_OK;
}

/* The fitted state for ds into `state` (a zeroed handle whose fitted part
 * the caller moves or clears). */
static cseg_status fit_state(const cseg_prep *p, const cseg_dataset *ds, cseg_prep *state)
{
	unsigned char *keep = NULL;
	double *buf = NULL;
	int64_t n_kept = 0;
	cseg_status st;

	for (int64_t s = 0; s < p->n_specs; s++) {
		int64_t j;

		for (j = 0; j < ds->n_cols; j++)
			if (strcmp(ds->col_names[j], p->specs[s].name) == 0)
				break;
		if (j == ds->n_cols)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_fit: column '%s' (named by "
				"cseg_prep_set_%s) is not in the dataset", p->specs[s].name,
				(p->specs[s].set & CSEG__SPEC_COLUMN) ? "column" : "categorical");
	}
	state->cols = cseg__calloc((size_t)ds->n_cols, sizeof(cseg__prep_col));
	keep = cseg__malloc((size_t)ds->n_rows);
	buf = cseg__malloc_array((size_t)ds->n_rows + 1, sizeof(double));
	if (!state->cols || !keep || !buf) {
		st = cseg__error(CSEG_E_NOMEM, "cseg_prep_fit: out of memory");
		goto done;
	}
	state->n_in = ds->n_cols;
	for (int64_t j = 0; j < ds->n_cols; j++) {
		cseg__prep_col *c = &state->cols[j];

		if (!(c->name = cseg__strdup(ds->col_names[j]))) {
			st = cseg__error(CSEG_E_NOMEM, "cseg_prep_fit: out of memory");
			goto done;
		}
		if ((st = resolve(p, c->name, c)) != CSEG_OK)
			goto done;
	}
	for (int64_t i = 0; i < ds->n_rows; i++) {
		const double *row = cseg__row(ds, i);

		keep[i] = 1;
		for (int64_t j = 0; j < ds->n_cols; j++)
			if (state->cols[j].missing == CSEG_MISSING_DROP_ROW && isnan(row[j]))
				keep[i] = 0;
		n_kept += keep[i];
	}
	if (n_kept == 0) {
		st = cseg__error(CSEG_E_MISSING_VALUES, "cseg_prep_fit: all %" PRId64 " rows have a "
			"missing value in a CSEG_MISSING_DROP_ROW column: nothing left to fit", ds->n_rows);
		goto done;
	}
	if ((st = check_error_cells(ds, state->cols, keep, "cseg_prep_fit")) != CSEG_OK)
		goto done;
	for (int64_t j = 0; j < ds->n_cols; j++)
		if ((st = fit_column(ds, j, keep, &state->cols[j], buf)) != CSEG_OK)
			goto done;
	if ((st = cseg__prep_layout(state)) != CSEG_OK)
		goto done;
	state->fitted = 1;
done:
	free(keep);
	free(buf);
	if (st != CSEG_OK)
		cseg__prep_clear_fit(state);
	return st;
}

/* Replace p's fitted part by state's. */
static void commit(cseg_prep *p, cseg_prep *state)
{
	cseg__prep_clear_fit(p);
	p->fitted = 1;
	p->n_in = state->n_in;
	p->cols = state->cols;
	p->n_out = state->n_out;
	p->out_names = state->out_names;
	p->report = state->report;
}

static cseg_status check_args(const cseg_prep *p, const cseg_dataset *ds, const char *fn)
{
	if (!p)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: prep is NULL", fn);
	if (!ds)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: data is NULL", fn);
	return CSEG_OK;
}

cseg_status cseg_prep_fit(cseg_prep *prep, const cseg_dataset *data)
{
	cseg_prep state = { 0 };
	cseg_status st;

	if ((st = check_args(prep, data, "cseg_prep_fit")) != CSEG_OK)
		return st;
	if ((st = fit_state(prep, data, &state)) != CSEG_OK)
		return st;
	commit(prep, &state);
	return CSEG_OK;
}

cseg_status cseg_prep_fit_transform(cseg_prep *prep, const cseg_dataset *data,
	cseg_dataset **out, int64_t *n_dropped_out)
{
	cseg_prep state = { 0 };
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_fit_transform: out is NULL");
	*out = NULL;
	if ((st = check_args(prep, data, "cseg_prep_fit_transform")) != CSEG_OK)
		return st;
	if ((st = fit_state(prep, data, &state)) != CSEG_OK)
		return st;
	state.report.n_imputed = cseg__calloc((size_t)state.n_in, sizeof(int64_t));
	state.report.n_unseen = cseg__calloc((size_t)state.n_in, sizeof(int64_t));
	if (!state.report.n_imputed || !state.report.n_unseen)
		st = cseg__error(CSEG_E_NOMEM, "cseg_prep_fit_transform: out of memory");
	else
		st = cseg__prep_apply(&state, data, out, &state.report);
	if (st != CSEG_OK) {
		cseg__prep_clear_fit(&state);
		return st;
	}
	commit(prep, &state);
	if (n_dropped_out)
		*n_dropped_out = prep->report.n_dropped;
	return CSEG_OK;
}
