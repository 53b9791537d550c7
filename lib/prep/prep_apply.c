/* Applying fitted preprocessing: one row at a time (shared by the batch
 * transform and the allocation-free single-customer path). */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "data/dataset_build.h"
#include "prep_internal.h"

/* Index of v in the sorted levels, or -1. */
static int64_t find_level(const double *levels, int64_t n, double v)
{
	int64_t lo = 0, hi = n - 1;

	while (lo <= hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (levels[mid] < v)
			lo = mid + 1;
		else if (levels[mid] > v)
			hi = mid - 1;
		else
			return mid;
	}
	return -1;
}

/* Outcome of one cell that is not a plain success. */
enum { CELL_OK = 0, CELL_MISSING = 1 };

/* Transform value v of input column c into o[c->out_first ...]. Missing
 * values under the error or drop-row policy return CELL_MISSING (the
 * callers report them); counters may be NULL. */
static int apply_cell(const cseg__prep_col *c, double v, double *o, int64_t *imputed,
	int64_t *unseen)
{
	double sw = sqrt(c->weight);
	double *dst = o + c->out_first;
	int miss = isnan(v);

	if (miss) {
		if (c->missing == CSEG_MISSING_ERROR || c->missing == CSEG_MISSING_DROP_ROW)
			return CELL_MISSING;
		v = c->fill; /* NaN for a categorical indicator column: no level */
		if (imputed && !isnan(v))
			(*imputed)++;
	}
	if (c->categorical) {
		for (int64_t l = 0; l < c->n_levels; l++)
			dst[l] = 0.0;
		if (!isnan(v)) {
			int64_t l = find_level(c->levels, c->n_levels, v);

			if (l >= 0)
				dst[l] = sw;
			else if (unseen)
				(*unseen)++;
		}
		dst += c->n_levels;
	} else {
		v = cseg__prep_log(c->transform, v);
		if (c->transform & CSEG__PREP_SCALER_MASK)
			v = (v - c->center) / c->scale;
		*dst++ = v * sw;
	}
	if (c->missing == CSEG_MISSING_INDICATOR)
		*dst = miss ? sw : 0.0;
	return CELL_OK;
}

/* Domain check (log1p needs v > -1); NaN is missing, not out of domain. */
static int outside_log1p(const cseg__prep_col *c, double v)
{
	return !c->categorical && (c->transform & CSEG_TRANSFORM_LOG1P) && v <= -1.0;
}

cseg_status cseg_prep_transform_one(const cseg_prep *prep, const double *x,
	int64_t n_in, double *out, int64_t n_out)
{
	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform_one: prep is NULL");
	if (!x)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform_one: x is NULL");
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform_one: out is NULL");
	if (!prep->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "cseg_prep_transform_one: the preprocessing "
			"is not fitted");
	if (n_in != prep->n_in)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform_one: n_in is %" PRId64
			", the preprocessing has %" PRId64 " inputs", n_in, prep->n_in);
	if (n_out != prep->n_out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform_one: n_out is %" PRId64
			", the preprocessing has %" PRId64 " outputs", n_out, prep->n_out);
	for (int64_t j = 0; j < n_in; j++) {
		const cseg__prep_col *c = &prep->cols[j];

		if (isinf(x[j]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform_one: value %" PRId64
				" (column '%s') is infinite", j, c->name);
		if (outside_log1p(c, x[j]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform_one: value %g of "
				"column '%s' is outside the domain of log1p (must be > -1)", x[j], c->name);
		if (apply_cell(c, x[j], out, NULL, NULL) == CELL_MISSING)
			return cseg__error(CSEG_E_MISSING_VALUES, "cseg_prep_transform_one: column '%s' "
				"is missing and its policy is %s", c->name,
				c->missing == CSEG_MISSING_ERROR ? "CSEG_MISSING_ERROR"
				: "CSEG_MISSING_DROP_ROW (a single customer cannot be dropped)");
	}
	return CSEG_OK;
}

/* Kept rows' IDs as one ID block (dataset_build.h). */
static char **kept_ids(const cseg_dataset *ds, const unsigned char *keep, int64_t n_kept)
{
	size_t len = 0;
	char *pool, *q;
	char **block;

	for (int64_t i = 0; i < ds->n_rows; i++) {
		const char *id;

		if (!keep[i])
			continue;
		if (!(id = cseg_dataset_id(ds, i)))
			return NULL;
		len += strlen(id) + 1;
	}
	if (!(pool = cseg__malloc(len)))
		return NULL;
	q = pool;
	for (int64_t i = 0; i < ds->n_rows; i++) {
		const char *id;
		size_t n;

		if (!keep[i])
			continue;
		id = cseg_dataset_id(ds, i);
		n = strlen(id) + 1;
		memcpy(q, id, n);
		q += n;
	}
	block = cseg__ids_from_pool(pool, len, n_kept);
	free(pool);
	return block;
}

/* Columns of ds holding each input, by name. */
static cseg_status map_inputs(const cseg_prep *p, const cseg_dataset *ds, int64_t *src)
{
	for (int64_t j = 0; j < p->n_in; j++) {
		int64_t k;

		for (k = 0; k < ds->n_cols; k++)
			if (strcmp(ds->col_names[k], p->cols[j].name) == 0)
				break;
		if (k == ds->n_cols)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform: input column '%s' "
				"is not in the dataset", p->cols[j].name);
		src[j] = k;
	}
	return CSEG_OK;
}

/* Rows to keep; the first missing cell under the error policy or value
 * outside log1p's domain (reading order, kept rows) is an error. */
static cseg_status scan_rows(const cseg_prep *p, const cseg_dataset *ds, const int64_t *src,
	unsigned char *keep, int64_t *n_kept)
{
	*n_kept = 0;
	for (int64_t i = 0; i < ds->n_rows; i++) {
		const double *row = cseg__row(ds, i);

		keep[i] = 1;
		for (int64_t j = 0; j < p->n_in; j++)
			if (p->cols[j].missing == CSEG_MISSING_DROP_ROW && isnan(row[src[j]]))
				keep[i] = 0;
		if (!keep[i])
			continue;
		(*n_kept)++;
		for (int64_t j = 0; j < p->n_in; j++) {
			const cseg__prep_col *c = &p->cols[j];
			double v = row[src[j]];
			const char *id;

			if (isnan(v) ? c->missing != CSEG_MISSING_ERROR : !outside_log1p(c, v))
				continue;
			id = cseg_dataset_id(ds, i);
			if (isnan(v))
				return cseg__error(CSEG_E_MISSING_VALUES, "cseg_prep_transform: missing "
					"value at row %" PRId64 " (0-based, ID '%s'), column '%s', whose "
					"missing-value policy is CSEG_MISSING_ERROR", i, id ? id : "?", c->name);
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform: value %g at row %"
				PRId64 " (0-based, ID '%s'), column '%s' is outside the domain of log1p "
				"(must be > -1)", v, i, id ? id : "?", c->name);
		}
	}
	if (*n_kept == 0)
		return cseg__error(CSEG_E_MISSING_VALUES, "cseg_prep_transform: all %" PRId64 " rows "
			"have a missing value in a CSEG_MISSING_DROP_ROW column", ds->n_rows);
	return CSEG_OK;
}

cseg_status cseg__prep_apply(const cseg_prep *p, const cseg_dataset *ds,
	cseg_dataset **out, cseg__prep_report *rep)
{
	unsigned char *keep = NULL;
	int64_t *src = NULL, n_kept = 0, r = 0;
	double *data = NULL;
	char **names = NULL, **ids = NULL;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform: out is NULL");
	*out = NULL;
	if (!p)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform: prep is NULL");
	if (!ds)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform: data is NULL");
	if (!p->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "cseg_prep_transform: the preprocessing is not "
			"fitted");
	src = cseg__malloc_array((size_t)p->n_in, sizeof(int64_t));
	keep = cseg__malloc((size_t)ds->n_rows);
	if (!src || !keep) {
		st = cseg__error(CSEG_E_NOMEM, "cseg_prep_transform: out of memory");
		goto fail;
	}
	if ((st = map_inputs(p, ds, src)) != CSEG_OK
		|| (st = scan_rows(p, ds, src, keep, &n_kept)) != CSEG_OK)
		goto fail;
	if ((uint64_t)n_kept > (uint64_t)(SIZE_MAX / sizeof(double)) / (uint64_t)p->n_out
		|| !(data = cseg__malloc_array((size_t)n_kept * (size_t)p->n_out, sizeof(double)))
		|| !(names = cseg__calloc((size_t)p->n_out, sizeof(char *)))
		|| !(ids = kept_ids(ds, keep, n_kept))) {
		st = cseg__error(CSEG_E_NOMEM, "cseg_prep_transform: out of memory for %" PRId64
			" x %" PRId64 " values", n_kept, p->n_out);
		goto fail;
	}
	for (int64_t o = 0; o < p->n_out; o++) {
		if (!(names[o] = cseg__strdup(p->out_names[o]))) {
			st = cseg__error(CSEG_E_NOMEM, "cseg_prep_transform: out of memory");
			goto fail;
		}
	}
	if (rep) {
		rep->n_dropped = ds->n_rows - n_kept;
		for (int64_t j = 0; j < p->n_in; j++) {
			if (rep->n_imputed)
				rep->n_imputed[j] = 0;
			if (rep->n_unseen)
				rep->n_unseen[j] = 0;
		}
	}
	for (int64_t i = 0; i < ds->n_rows; i++) {
		const double *row = cseg__row(ds, i);
		double *o = data + r * p->n_out;

		if (!keep[i])
			continue;
		if (rep && rep->kept_rows)
			rep->kept_rows[r] = i;
		for (int64_t j = 0; j < p->n_in; j++)
			(void)apply_cell(&p->cols[j], row[src[j]], o,
				rep && rep->n_imputed ? &rep->n_imputed[j] : NULL,
				rep && rep->n_unseen ? &rep->n_unseen[j] : NULL);
		r++;
	}
	free(src);
	free(keep);
	return cseg__dataset_adopt(out, data, n_kept, p->n_out, names, ids);
fail:
	free(src);
	free(keep);
	free(data);
	cseg__strings_free(names, p->n_out);
	free(ids);
	return st;
}

cseg_status cseg_prep_transform(cseg_prep *prep, const cseg_dataset *data,
	cseg_dataset **out, int64_t *n_dropped_out)
{
	cseg__prep_report rep = { 0 };
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform: out is NULL");
	*out = NULL;
	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_transform: prep is NULL");
	if (prep->fitted) {
		rep.n_imputed = cseg__calloc((size_t)prep->n_in, sizeof(int64_t));
		rep.n_unseen = cseg__calloc((size_t)prep->n_in, sizeof(int64_t));
		if (!rep.n_imputed || !rep.n_unseen) {
			free(rep.n_imputed);
			free(rep.n_unseen);
			return cseg__error(CSEG_E_NOMEM, "cseg_prep_transform: out of memory");
		}
	}
	st = cseg__prep_apply(prep, data, out, &rep);
	if (st != CSEG_OK) {
		free(rep.n_imputed);
		free(rep.n_unseen);
		return st;
	}
	free(prep->report.n_imputed);
	free(prep->report.n_unseen);
	prep->report = rep;
	if (n_dropped_out)
		*n_dropped_out = rep.n_dropped;
	return CSEG_OK;
}
