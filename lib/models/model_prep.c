/* Preprocessing inside a model: the fitted cseg_prep travels with the model
 * (and its file), so a new customer is transformed exactly as the training
 * customers were. Rows the preprocessing cannot complete (a missing value
 * under the drop-row or error policy) are left out of the fit and get the
 * fallback label -1 when assigned. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "../prep/prep_internal.h"
#include "model_prep.h"

cseg_status cseg_model_set_prep(cseg_model *model, const cseg_prep *prep)
{
	cseg_prep *copy = NULL;
	cseg_status st;

	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (prep && (st = cseg_prep_copy(&copy, prep)) != CSEG_OK)
		return st;
	/* The fit used the old preprocessing: keeping it with another would
	 * feed the centroids columns they were not fitted on. */
	if (model->fitted)
		cseg__model_clear_fit(model);
	cseg_prep_free(model->prep);
	model->prep = copy;
	return CSEG_OK;
}

cseg_status cseg_model_get_prep(const cseg_model *model, cseg_prep **out)
{
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	return model->prep ? cseg_prep_copy(out, model->prep) : CSEG_OK;
}

/* 1 when the dataset's columns carry the default names x0, x1, ... */
static int unnamed(const cseg_dataset *ds)
{
	char want[32];

	for (int64_t c = 0; c < ds->n_cols; c++) {
		snprintf(want, sizeof(want), "x%lld", (long long)c);
		if (!ds->col_names || strcmp(ds->col_names[c], want) != 0)
			return 0;
	}
	return 1;
}

/* Column of `ds` holding each prep input, by name; by position only for a
 * dataset without names (a bare matrix) of exactly the inputs' width. */
static cseg_status map_inputs(const cseg_prep *prep, const cseg_dataset *ds, int64_t *col)
{
	const int64_t n_in = cseg_prep_n_inputs(prep);
	const int positional = unnamed(ds) && ds->n_cols == n_in;

	for (int64_t j = 0; j < n_in; j++) {
		const char *name = cseg_prep_input_name(prep, j);
		col[j] = -1;
		for (int64_t c = 0; c < ds->n_cols && col[j] < 0; c++)
			if (ds->col_names && strcmp(ds->col_names[c], name) == 0)
				col[j] = c;
		if (col[j] < 0) {
			if (!positional)
				return cseg__error(CSEG_E_INVALID_ARG, "data has no column '%s', which the "
					"model's preprocessing needs", name);
			col[j] = j;
		}
	}
	return CSEG_OK;
}

cseg_status cseg__prep_rows(const cseg_prep *prep, const cseg_dataset *ds, double **xt_out,
	unsigned char **ok_out, int64_t *n_ok_out)
{
	const int64_t n = ds->n_rows, n_in = cseg_prep_n_inputs(prep), n_out = cseg_prep_n_outputs(prep);
	int64_t *col = cseg__malloc_array((size_t)n_in, sizeof(int64_t)), n_ok = 0;
	double *raw = cseg__malloc_array((size_t)n_in, sizeof(double));
	double *xt = cseg__malloc_array((size_t)(n * n_out), sizeof(double));
	unsigned char *ok = cseg__malloc_array((size_t)n, 1);
	cseg_status st;

	*xt_out = NULL;
	*ok_out = NULL;
	if (!col || !raw || !xt || !ok) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory preprocessing %lld rows", (long long)n);
		goto fail;
	}
	if ((st = map_inputs(prep, ds, col)) != CSEG_OK)
		goto fail;
	for (int64_t i = 0; i < n; i++) {
		for (int64_t j = 0; j < n_in; j++)
			raw[j] = ds->data[i * ds->n_cols + col[j]];
		st = cseg_prep_transform_one(prep, raw, n_in, xt + i * n_out, n_out);
		ok[i] = st == CSEG_OK;
		if (st == CSEG_E_MISSING_VALUES) {
			/* the fallback: no segment for this customer */
			memset(xt + i * n_out, 0, (size_t)n_out * sizeof(double));
			continue;
		}
		if (st != CSEG_OK) {
			char msg[512];
			snprintf(msg, sizeof(msg), "%s", cseg_last_error());
			st = cseg__error(st, "row %lld: %s", (long long)i, msg);
			goto fail;
		}
		n_ok++;
	}
	free(col);
	free(raw);
	*xt_out = xt;
	*ok_out = ok;
	*n_ok_out = n_ok;
	return CSEG_OK;
fail:
	free(col);
	free(raw);
	free(xt);
	free(ok);
	return st;
}

cseg_status cseg__prep_fit_rows(const cseg_model *m, const cseg_dataset *raw, const double *weights,
	cseg_prep **prep_out, cseg_dataset **xt_out, double **w_out, unsigned char **ok_out)
{
	cseg_prep *prep = NULL;
	cseg_dataset *xt = NULL;
	double *rows = NULL, *w = NULL;
	unsigned char *ok = NULL;
	int64_t n_ok, n_out;
	cseg_status st;

	*prep_out = NULL;
	*xt_out = NULL;
	*w_out = NULL;
	*ok_out = NULL;
	if ((st = cseg_prep_copy(&prep, m->prep)) != CSEG_OK)
		return st;
	if ((st = cseg_prep_fit(prep, raw)) != CSEG_OK ||
	    (st = cseg__prep_rows(prep, raw, &rows, &ok, &n_ok)) != CSEG_OK)
		goto fail;
	if (n_ok == 0) {
		st = cseg__error(CSEG_E_MISSING_VALUES, "preprocessing left no complete row to fit on");
		goto fail;
	}
	/* Compact the kept rows (and their weights) in place. */
	n_out = cseg_prep_n_outputs(prep);
	if (weights && !(w = cseg__malloc_array((size_t)n_ok, sizeof(double)))) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for weights");
		goto fail;
	}
	for (int64_t i = 0, r = 0; i < raw->n_rows; i++) {
		if (!ok[i])
			continue;
		memmove(rows + r * n_out, rows + i * n_out, (size_t)n_out * sizeof(double));
		if (w)
			w[r] = weights[i];
		r++;
	}
	if ((st = cseg_dataset_new(&xt, rows, n_ok, n_out, CSEG_LAYOUT_ROW_MAJOR)) != CSEG_OK)
		goto fail;
	{
		const char **names = cseg__malloc_array((size_t)n_out, sizeof(char *));
		if (!names) {
			st = cseg__error(CSEG_E_NOMEM, "out of memory for feature names");
			goto fail;
		}
		for (int64_t j = 0; j < n_out; j++)
			names[j] = cseg_prep_output_name(prep, j);
		st = cseg_dataset_set_column_names(xt, names, n_out);
		free(names);
		if (st != CSEG_OK)
			goto fail;
	}
	if (w) {
		double sum = 0;
		for (int64_t i = 0; i < n_ok; i++)
			sum += w[i];
		if (!(sum > 0)) {
			st = cseg__error(CSEG_E_INVALID_ARG, "the weights of the rows kept by the "
				"preprocessing sum to zero");
			goto fail;
		}
	}
	free(rows);
	*prep_out = prep;
	*xt_out = xt;
	*w_out = w;
	*ok_out = ok;
	return CSEG_OK;
fail:
	cseg_prep_free(prep);
	cseg_dataset_free(xt);
	free(rows);
	free(w);
	free(ok);
	return st;
}
