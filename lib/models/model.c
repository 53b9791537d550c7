/* The model handle: lifecycle, typed parameters and results, and the entry
 * points that validate arguments before dispatching to an algorithm. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/core.h"
#include "../io/model_file.h"
#include "algos.h"
#include "model_prep.h"
#include "params.h"

#define CHECK_MODEL(m) do { \
	if (!(m)) \
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL"); \
} while (0)

static int algo_known(int algo)
{
	return cseg__algo_find(algo) != NULL;
}

cseg_status cseg_model_new(cseg_model **out, cseg_algo algo)
{
	cseg_model *m;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (!algo_known((int)algo))
		return cseg__error(CSEG_E_UNSUPPORTED, "unknown algorithm %d", (int)algo);
	m = calloc(1, sizeof(*m));
	if (!m)
		return cseg__error(CSEG_E_NOMEM, "out of memory allocating a model");
	m->algo = algo;
	cseg__params_default_for(&m->params, (int)algo);
	cseg__handle_created();
	*out = m;
	return CSEG_OK;
}

void cseg__model_clear_fit(cseg_model *m)
{
	if (m->feature_names)
		for (int64_t j = 0; j < m->d; j++)
			free(m->feature_names[j]);
	free(m->feature_names);
	free(m->centroids);
	free(m->centroid_sq);
	for (int64_t i = 0; i < m->n_arrays; i++) {
		free(m->arrays[i].name);
		free(m->arrays[i].data);
	}
	free(m->arrays);
	free(m->labels);
	if (m->segment_names)
		for (int64_t c = 0; c < m->k; c++)
			free(m->segment_names[c]);
	free(m->segment_names);
	m->segment_names = NULL;
	m->feature_names = NULL;
	m->centroids = NULL;
	m->centroid_sq = NULL;
	m->arrays = NULL;
	m->n_arrays = 0;
	m->labels = NULL;
	m->fitted = 0;
	m->k = m->d = 0;
}

void cseg_model_free(cseg_model *m)
{
	if (!m)
		return;
	cseg__model_clear_fit(m);
	cseg_prep_free(m->prep);
	free(m->init_centers);
	free(m->init_extra);
	free(m);
	cseg__handle_freed();
}

void cseg__model_update_norms(cseg_model *m)
{
	for (int64_t c = 0; c < m->k; c++) {
		const double *row = m->centroids + c * m->d;
		double s = 0;
		for (int64_t j = 0; j < m->d; j++)
			s += row[j] * row[j];
		m->centroid_sq[c] = s;
	}
}

static double *dup_doubles(const double *src, int64_t n)
{
	double *dst;

	if (!src || n <= 0)
		return NULL;
	dst = cseg__malloc_array((size_t)n, sizeof(double));
	if (dst)
		memcpy(dst, src, (size_t)n * sizeof(double));
	return dst;
}

static char **dup_strings(char *const *src, int64_t n)
{
	char **dst = cseg__calloc((size_t)n, sizeof(char *));

	if (!dst)
		return NULL;
	for (int64_t i = 0; i < n; i++) {
		if (!(dst[i] = cseg__strdup(src[i]))) {
			while (i-- > 0)
				free(dst[i]);
			free(dst);
			return NULL;
		}
	}
	return dst;
}

cseg_status cseg_model_copy(cseg_model **out, const cseg_model *model)
{
	cseg_model *m;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	CHECK_MODEL(model);
	m = calloc(1, sizeof(*m));
	if (!m)
		return cseg__error(CSEG_E_NOMEM, "out of memory copying a model");
	*m = *model;
	m->init_centers = NULL;
	m->init_extra = NULL;
	m->centroids = m->centroid_sq = NULL;
	m->feature_names = NULL;
	m->arrays = NULL;
	m->n_arrays = 0;
	m->labels = NULL;
	m->segment_names = NULL;
	m->prep = NULL;
	if (model->prep && cseg_prep_copy(&m->prep, model->prep) != CSEG_OK)
		goto nomem;
	if (model->init_centers &&
	    !(m->init_centers = dup_doubles(model->init_centers, model->init_k * model->init_d)))
		goto nomem;
	if (model->init_extra &&
	    !(m->init_extra = dup_doubles(model->init_extra, model->init_extra_n)))
		goto nomem;
	if (model->fitted) {
		m->centroids = dup_doubles(model->centroids, model->k * model->d);
		m->centroid_sq = dup_doubles(model->centroid_sq, model->k);
		m->feature_names = dup_strings(model->feature_names, model->d);
		if (!m->centroids || !m->centroid_sq || !m->feature_names)
			goto nomem;
		if (model->labels && !(m->labels = cseg__malloc_array((size_t)model->n_train_rows,
		    sizeof(int64_t))))
			goto nomem;
		if (m->labels)
			memcpy(m->labels, model->labels, (size_t)model->n_train_rows * sizeof(int64_t));
		if (model->segment_names) {
			if (!(m->segment_names = cseg__calloc((size_t)model->k, sizeof(char *))))
				goto nomem;
			for (int64_t c = 0; c < model->k; c++)
				if (model->segment_names[c] &&
				    !(m->segment_names[c] = cseg__strdup(model->segment_names[c])))
					goto nomem;
		}
		for (int64_t i = 0; i < model->n_arrays; i++) {
			const cseg__array *src = &model->arrays[i];
			double *data;
			if (cseg__model_add_array(m, src->name, src->rows, src->cols, &data) != CSEG_OK)
				goto nomem;
			memcpy(data, src->data, (size_t)(src->rows * src->cols) * sizeof(double));
		}
	}
	cseg__handle_created();
	*out = m;
	return CSEG_OK;
nomem:
	m->fitted = 1; /* so clear_fit frees whatever was copied */
	cseg__model_clear_fit(m);
	cseg_prep_free(m->prep);
	free(m->init_centers);
	free(m->init_extra);
	free(m);
	return cseg__error(CSEG_E_NOMEM, "out of memory copying a model");
}

/* Parameters */

static cseg_status find_param(const cseg_model *m, int key, cseg_type type,
	const cseg__param_def **def_out)
{
	const cseg__param_def *def = cseg__param_find(key);

	if (!def || def->offset == (size_t)-1)
		return cseg__error(CSEG_E_UNSUPPORTED, "unknown parameter key %d", key);
	if (def->algos && !(def->algos & CSEG__ALGO_BIT(m->algo)))
		return cseg__error(CSEG_E_UNSUPPORTED, "parameter '%s' does not apply to algorithm %d",
			def->name, (int)m->algo);
	if (def->type != type)
		return cseg__error(CSEG_E_UNSUPPORTED, "parameter '%s' is of %s type", def->name,
			def->type == CSEG_TYPE_INT ? "integer" : "double");
	*def_out = def;
	return CSEG_OK;
}

cseg_status cseg_model_set_int(cseg_model *model, cseg_param key, int64_t value)
{
	const cseg__param_def *def;
	cseg_status st;

	CHECK_MODEL(model);
	if ((st = find_param(model, (int)key, CSEG_TYPE_INT, &def)) != CSEG_OK)
		return st;
	if ((double)value < def->min || (double)value > def->max)
		return cseg__error(CSEG_E_INVALID_ARG, "%s = %lld is out of bounds [%.17g, %.17g]",
			def->name, (long long)value, def->min, def->max);
	*(int64_t *)((char *)&model->params + def->offset) = value;
	return CSEG_OK;
}

cseg_status cseg_model_set_double(cseg_model *model, cseg_param key, double value)
{
	const cseg__param_def *def;
	cseg_status st;

	CHECK_MODEL(model);
	if ((st = find_param(model, (int)key, CSEG_TYPE_DOUBLE, &def)) != CSEG_OK)
		return st;
	if (!(value >= def->min && value <= def->max)) /* also refuses NaN */
		return cseg__error(CSEG_E_INVALID_ARG, "%s = %g is out of bounds [%g, %g]",
			def->name, value, def->min, def->max);
	*(double *)((char *)&model->params + def->offset) = value;
	return CSEG_OK;
}

cseg_status cseg_model_reset_params(cseg_model *model)
{
	CHECK_MODEL(model);
	cseg__params_default_for(&model->params, (int)model->algo);
	free(model->init_centers);
	model->init_centers = NULL;
	model->init_k = model->init_d = 0;
	free(model->init_extra);
	model->init_extra = NULL;
	model->init_extra_n = 0;
	return CSEG_OK;
}

/* Results: look the key up, check its type and that the model is fitted. */
static cseg_status find_result(const cseg_model *m, int key, cseg_type type,
	const cseg__param_def **def_out)
{
	const cseg__param_def *def = cseg__param_find(key);

	if (!def)
		return cseg__error(CSEG_E_UNSUPPORTED, "unknown parameter or result key %d", key);
	if (def->type != type)
		return cseg__error(CSEG_E_UNSUPPORTED, "'%s' is not of the requested type", def->name);
	if (def->offset == (size_t)-1 && !m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "'%s' needs a fitted model", def->name);
	*def_out = def;
	return CSEG_OK;
}

cseg_status cseg_model_get_int(const cseg_model *model, int key, int64_t *out)
{
	const cseg__param_def *def;
	cseg_status st;

	CHECK_MODEL(model);
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if ((st = find_result(model, key, CSEG_TYPE_INT, &def)) != CSEG_OK)
		return st;
	if (def->offset != (size_t)-1) {
		*out = *(const int64_t *)((const char *)&model->params + def->offset);
		return CSEG_OK;
	}
	switch (key) {
	case CSEG_RESULT_N_ITER: *out = model->n_iter; break;
	case CSEG_RESULT_CONVERGED: *out = model->converged; break;
	case CSEG_RESULT_N_TRAIN_ROWS: *out = model->n_train_rows; break;
	case CSEG_RESULT_N_FEATURES: *out = model->d; break;
	case CSEG_RESULT_N_CLUSTERS: *out = model->k; break;
	case CSEG_RESULT_ALGO: *out = model->algo; break;
	default: return cseg__error(CSEG_E_INTERNAL, "result key %d has no reader", key);
	}
	return CSEG_OK;
}

cseg_status cseg_model_get_double(const cseg_model *model, int key, double *out)
{
	const cseg__param_def *def;
	cseg_status st;

	CHECK_MODEL(model);
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if ((st = find_result(model, key, CSEG_TYPE_DOUBLE, &def)) != CSEG_OK)
		return st;
	if (def->offset != (size_t)-1) {
		*out = *(const double *)((const char *)&model->params + def->offset);
		return CSEG_OK;
	}
	if (key != CSEG_RESULT_INERTIA) {
		/* Algorithm-specific scalars are 1 x 1 fitted arrays named as the result. */
		const cseg__array *a = cseg__model_array(model, def->name);
		/* Without a size constraint nothing was given up. */
		if (!a && key == CSEG_RESULT_UNCONSTRAINED_INERTIA && model->algo == CSEG_ALGO_KMEANS) {
			*out = model->inertia;
			return CSEG_OK;
		}
		if (!a || a->rows * a->cols != 1)
			return cseg__error(CSEG_E_UNSUPPORTED, "this %s model has no result '%s'",
				cseg_algo_name(model->algo), def->name);
		*out = a->data[0];
		return CSEG_OK;
	}
	*out = model->inertia;
	return CSEG_OK;
}

cseg_status cseg_model_get_string(const cseg_model *model, int key, const char **out)
{
	const cseg__param_def *def;
	cseg_status st;

	CHECK_MODEL(model);
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if ((st = find_result(model, key, CSEG_TYPE_STRING, &def)) != CSEG_OK)
		return st;
	switch (key) {
	case CSEG_RESULT_FINGERPRINT: *out = model->fingerprint_hex; break;
	case CSEG_RESULT_CREATED: *out = model->created; break;
	case CSEG_RESULT_LIB_VERSION: *out = model->lib_version; break;
	default: return cseg__error(CSEG_E_INTERNAL, "result key %d has no reader", key);
	}
	return CSEG_OK;
}

static cseg_status check_finite(const double *x, int64_t n_rows, int64_t n_cols, const char *what)
{
	for (int64_t i = 0; i < n_rows; i++)
		for (int64_t j = 0; j < n_cols; j++)
			if (!isfinite(x[i * n_cols + j]))
				return cseg__error(CSEG_E_INVALID_ARG, "%s[%lld][%lld] is not finite",
					what, (long long)i, (long long)j);
	return CSEG_OK;
}

cseg_status cseg_model_set_init_centers(cseg_model *model, const double *data,
	int64_t n_rows, int64_t n_cols)
{
	double *copy;
	cseg_status st;

	CHECK_MODEL(model);
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "data is NULL");
	if (n_rows < 1 || n_cols < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "initial centres must be at least 1 x 1, got %lld x %lld",
			(long long)n_rows, (long long)n_cols);
	if ((st = check_finite(data, n_rows, n_cols, "initial centres")) != CSEG_OK)
		return st;
	if (!(copy = dup_doubles(data, n_rows * n_cols)))
		return cseg__error(CSEG_E_NOMEM, "out of memory copying initial centres");
	free(model->init_centers);
	model->init_centers = copy;
	model->init_k = n_rows;
	model->init_d = n_cols;
	model->params.k = n_rows;
	model->params.init = CSEG_INIT_GIVEN;
	return CSEG_OK;
}

cseg_status cseg_model_set_progress_callback(cseg_model *model, cseg_progress_fn fn, void *payload)
{
	CHECK_MODEL(model);
	model->progress = fn;
	model->progress_payload = payload;
	return CSEG_OK;
}

/* Fit */

/* FNV-1a over the shape and the values' IEEE-754 bits taken as 64-bit
 * words: one multiply per value keeps it cheap next to a fit, and the
 * explicit bit pattern makes it the same on every platform. */
static uint64_t fingerprint(const cseg_dataset *ds)
{
	uint64_t h = CSEG__FNV_OFFSET;
	int64_t n = ds->n_rows * ds->n_cols;

	h = (h ^ (uint64_t)ds->n_rows) * 0x100000001b3ULL;
	h = (h ^ (uint64_t)ds->n_cols) * 0x100000001b3ULL;
	for (int64_t i = 0; i < n; i++) {
		uint64_t bits;
		memcpy(&bits, &ds->data[i], sizeof(bits));
		h = (h ^ bits) * 0x100000001b3ULL;
	}
	return h;
}

static cseg_status check_weights(const double *w, int64_t n_weights, int64_t n_rows)
{
	double sum = 0;

	if (!w)
		return cseg__error(CSEG_E_INVALID_ARG, "weights is NULL");
	if (n_weights != n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "n_weights = %lld, but the data has %lld rows",
			(long long)n_weights, (long long)n_rows);
	for (int64_t i = 0; i < n_weights; i++) {
		if (!isfinite(w[i]) || w[i] < 0)
			return cseg__error(CSEG_E_INVALID_ARG, "weights[%lld] = %g: weights must be finite and >= 0",
				(long long)i, w[i]);
		sum += w[i];
	}
	if (!(sum > 0))
		return cseg__error(CSEG_E_INVALID_ARG, "weights sum to zero");
	return CSEG_OK;
}

cseg_status cseg__model_add_array(cseg_model *m, const char *name, int64_t rows, int64_t cols,
	double **data_out)
{
	cseg__array *grown, *a;

	*data_out = NULL;
	grown = realloc(m->arrays, (size_t)(m->n_arrays + 1) * sizeof(*grown));
	if (!grown)
		return cseg__error(CSEG_E_NOMEM, "out of memory adding fitted array '%s'", name);
	m->arrays = grown;
	a = &m->arrays[m->n_arrays];
	a->rows = rows;
	a->cols = cols;
	a->name = cseg__strdup(name);
	a->data = cseg__calloc((size_t)(rows * cols > 0 ? rows * cols : 1), sizeof(double));
	if (!a->name || !a->data) {
		free(a->name);
		free(a->data);
		return cseg__error(CSEG_E_NOMEM, "out of memory for fitted array '%s' (%lld x %lld)",
			name, (long long)rows, (long long)cols);
	}
	m->n_arrays++;
	*data_out = a->data;
	return CSEG_OK;
}

const cseg__array *cseg__model_array(const cseg_model *m, const char *name)
{
	for (int64_t i = 0; i < m->n_arrays; i++)
		if (strcmp(m->arrays[i].name, name) == 0)
			return &m->arrays[i];
	return NULL;
}

static int param_applies(int key, cseg_algo algo)
{
	const cseg__param_def *def = cseg__param_find(key);

	return def && (!def->algos || (def->algos & CSEG__ALGO_BIT(algo)));
}

static cseg_status check_fit_args(const cseg_model *m, const cseg_dataset *ds)
{
	const cseg__params *p = &m->params;
	cseg_status st;

	if ((st = cseg__dataset_check_complete(ds, "data")) != CSEG_OK)
		return st;
	if (param_applies(CSEG_PARAM_K, m->algo) && p->k > ds->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "k = %lld exceeds the %lld rows of the data",
			(long long)p->k, (long long)ds->n_rows);
	if (p->init == CSEG_INIT_GIVEN) {
		if (!m->init_centers)
			return cseg__error(CSEG_E_INVALID_ARG, "init is 'given' but no initial centres were set");
		if (m->init_k != p->k)
			return cseg__error(CSEG_E_INVALID_ARG, "%lld initial centres given, but k = %lld",
				(long long)m->init_k, (long long)p->k);
		if (m->init_d != ds->n_cols)
			return cseg__error(CSEG_E_INVALID_ARG, "initial centres have %lld columns, the data %lld",
				(long long)m->init_d, (long long)ds->n_cols);
	}
	return CSEG_OK;
}

/* Training labels for algorithms whose fit does not produce them. */
static cseg_status label_training_data(cseg_model *fitted, const cseg__algo_ops *ops,
	const cseg_dataset *ds)
{
	cseg_assignment *a;
	cseg_status st;

	if ((st = cseg__assignment_new(&a, ds->n_rows)) != CSEG_OK)
		return st;
	if ((st = ops->assign(fitted, ds, a)) == CSEG_OK) {
		fitted->labels = a->labels;
		a->labels = NULL;
	}
	cseg_assignment_free(a);
	return st;
}

/* Move the fitted state of src into m (whose old fit is freed); src's
 * shell is freed. Parameters, initial centres and callbacks of m stay. */
static void install_fit(cseg_model *m, cseg_model *src)
{
	cseg__model_clear_fit(m);
	m->fitted = 1;
	m->k = src->k;
	m->d = src->d;
	m->centroids = src->centroids;
	m->centroid_sq = src->centroid_sq;
	m->feature_names = src->feature_names;
	m->inertia = src->inertia;
	m->n_iter = src->n_iter;
	m->converged = src->converged;
	m->n_train_rows = src->n_train_rows;
	m->fingerprint = src->fingerprint;
	memcpy(m->fingerprint_hex, src->fingerprint_hex, sizeof(m->fingerprint_hex));
	memcpy(m->created, src->created, sizeof(m->created));
	memcpy(m->lib_version, src->lib_version, sizeof(m->lib_version));
	m->arrays = src->arrays;
	m->n_arrays = src->n_arrays;
	m->labels = src->labels;
	if (src->prep) {
		cseg_prep_free(m->prep);
		m->prep = src->prep;
	}
	free(src);
}

/* Labels of the rows the preprocessing kept, spread over all raw rows with
 * -1 (no segment) for the others. */
static cseg_status spread_labels(cseg_model *f, const unsigned char *ok, int64_t n_raw)
{
	int64_t *all = cseg__malloc_array((size_t)n_raw, sizeof(int64_t));

	if (!all)
		return cseg__error(CSEG_E_NOMEM, "out of memory for %lld labels", (long long)n_raw);
	for (int64_t i = 0, r = 0; i < n_raw; i++)
		all[i] = ok[i] ? f->labels[r++] : -1;
	free(f->labels);
	f->labels = all;
	f->n_train_rows = n_raw;
	return CSEG_OK;
}

static cseg_status fit(cseg_model *m, const cseg_dataset *raw, const double *raw_weights)
{
	const cseg__algo_ops *ops = cseg__algo_find((int)m->algo);
	const cseg_dataset *ds = raw;
	const double *weights = raw_weights;
	cseg_dataset *xt = NULL;
	double *wt = NULL;
	unsigned char *ok = NULL;
	cseg_prep *prep = NULL;
	cseg_model *f;
	cseg_status st;
	struct tm tm;
	time_t now;

	if (!raw)
		return cseg__error(CSEG_E_INVALID_ARG, "data is NULL");
	if (m->prep) {
		if ((st = cseg__prep_fit_rows(m, raw, raw_weights, &prep, &xt, &wt, &ok)) != CSEG_OK)
			return st;
		ds = xt;
		weights = raw_weights ? wt : NULL;
	}
	if ((st = check_fit_args(m, ds)) != CSEG_OK ||
	    !(f = calloc(1, sizeof(*f)))) {
		cseg_prep_free(prep);
		cseg_dataset_free(xt);
		free(wt);
		free(ok);
		return st != CSEG_OK ? st : cseg__error(CSEG_E_NOMEM, "out of memory fitting a model");
	}
	f->prep = prep;
	f->algo = m->algo;
	f->params = m->params;
	f->n_train_rows = ds->n_rows;
	f->init_extra = m->init_extra; /* lent for the fit only */
	f->init_extra_n = m->init_extra_n;
	st = ops->fit(f, ds, weights, m->params.init == CSEG_INIT_GIVEN ? m->init_centers : NULL,
		m->progress, m->progress_payload);
	f->init_extra = NULL;
	f->init_extra_n = 0;
	if (st == CSEG_OK && (f->k < 1 || f->d != ds->n_cols || !f->centroids))
		st = cseg__error(CSEG_E_INTERNAL, "algorithm %d returned no centres", (int)m->algo);
	if (st == CSEG_OK) {
		f->feature_names = dup_strings(ds->col_names, ds->n_cols);
		f->centroid_sq = cseg__malloc_array((size_t)f->k, sizeof(double));
		if (!f->feature_names || !f->centroid_sq)
			st = cseg__error(CSEG_E_NOMEM, "out of memory storing the fitted model");
	}
	if (st == CSEG_OK) {
		cseg__model_update_norms(f);
		if (!f->labels)
			st = label_training_data(f, ops, ds);
	}
	if (st == CSEG_OK && ok)
		st = spread_labels(f, ok, raw->n_rows);
	cseg_dataset_free(xt);
	free(wt);
	free(ok);
	if (st != CSEG_OK) {
		f->fitted = 1;
		cseg__model_clear_fit(f);
		cseg_prep_free(f->prep);
		free(f);
		return st;
	}
	/* Nothing can fail from here. */
	f->fingerprint = fingerprint(raw);
	snprintf(f->fingerprint_hex, sizeof(f->fingerprint_hex), "%016llx",
		(unsigned long long)f->fingerprint);
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(f->created, sizeof(f->created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(f->lib_version, sizeof(f->lib_version), "%s", CSEG_VERSION_STRING);
	install_fit(m, f);
	return CSEG_OK;
}

cseg_status cseg_model_fit(cseg_model *model, const cseg_dataset *data)
{
	CHECK_MODEL(model);
	return fit(model, data, NULL);
}

cseg_status cseg_model_fit_weighted(cseg_model *model, const cseg_dataset *data,
	const double *weights, int64_t n_weights)
{
	cseg_status st;

	CHECK_MODEL(model);
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "data is NULL");
	if ((st = check_weights(weights, n_weights, data->n_rows)) != CSEG_OK)
		return st;
	return fit(model, data, weights);
}

/* Assign */

static cseg_status check_fitted(const cseg_model *m)
{
	if (!m)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "the model is not fitted: call cseg_model_fit or load one");
	return CSEG_OK;
}

/* Transformed width assign_one handles on the stack. */
#define PREP_ONE_MAX 512

/* The fallback of a customer the preprocessing cannot complete. */
static void unassigned(cseg_assignment *a, int64_t i)
{
	a->labels[i] = a->runner_up[i] = -1;
	a->distances[i] = a->margins[i] = a->confidence[i] = 0.0;
	a->borderline[i] = 1;
}

static cseg_status assign_preprocessed(const cseg_model *model, const cseg_dataset *data,
	cseg_assignment **out)
{
	cseg_dataset *view = NULL;
	cseg_assignment *a = NULL;
	unsigned char *ok = NULL;
	double *xt = NULL;
	int64_t n_ok;
	cseg_status st;

	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "data is NULL");
	if ((st = cseg__prep_rows(model->prep, data, &xt, &ok, &n_ok)) != CSEG_OK)
		return st;
	if ((st = cseg_dataset_new_view(&view, xt, data->n_rows, model->d)) == CSEG_OK &&
	    (st = cseg__assignment_new(&a, data->n_rows)) == CSEG_OK &&
	    (st = cseg__algo_find((int)model->algo)->assign(model, view, a)) == CSEG_OK) {
		for (int64_t i = 0; i < data->n_rows; i++)
			if (!ok[i])
				unassigned(a, i);
		*out = a;
		a = NULL;
	}
	cseg_assignment_free(a);
	cseg_dataset_free(view);
	free(xt);
	free(ok);
	return st;
}

cseg_status cseg_model_assign(const cseg_model *model, const cseg_dataset *data, cseg_assignment **out)
{
	cseg_assignment *a;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if (model->prep)
		return assign_preprocessed(model, data, out);
	if ((st = cseg__dataset_check_complete(data, "data")) != CSEG_OK)
		return st;
	if (data->n_cols != model->d)
		return cseg__error(CSEG_E_INVALID_ARG, "data has %lld columns, the model expects %lld",
			(long long)data->n_cols, (long long)model->d);
	if ((st = cseg__assignment_new(&a, data->n_rows)) != CSEG_OK)
		return st;
	if ((st = cseg__algo_find((int)model->algo)->assign(model, data, a)) != CSEG_OK) {
		cseg_assignment_free(a);
		return st;
	}
	*out = a;
	return CSEG_OK;
}

cseg_status cseg_model_assign_one(const cseg_model *model, const double *x, int64_t n_features,
	int64_t *label_out, double *distance_out, double *margin_out)
{
	int64_t label;
	double distance, margin, confidence;
	cseg_status st;

	double buf[PREP_ONE_MAX];

	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if (!x)
		return cseg__error(CSEG_E_INVALID_ARG, "x is NULL");
	if (model->prep) {
		/* Raw values in the preprocessing's input order, transformed on
		 * the stack: serving allocates nothing. */
		const int64_t n_in = cseg_prep_n_inputs(model->prep);
		if (n_features != n_in)
			return cseg__error(CSEG_E_INVALID_ARG, "n_features = %lld, the model's "
				"preprocessing expects %lld raw values", (long long)n_features, (long long)n_in);
		if (model->d > PREP_ONE_MAX)
			return cseg__error(CSEG_E_UNSUPPORTED, "assign_one handles at most %d transformed "
				"features; use cseg_model_assign", PREP_ONE_MAX);
		st = cseg_prep_transform_one(model->prep, x, n_in, buf, model->d);
		if (st == CSEG_E_MISSING_VALUES) {
			/* the documented fallback, as in batch assignment */
			label = -1, distance = margin = 0.0;
			goto done;
		}
		if (st != CSEG_OK)
			return st;
		x = buf;
		n_features = model->d;
	}
	if (n_features != model->d)
		return cseg__error(CSEG_E_INVALID_ARG, "n_features = %lld, the model expects %lld",
			(long long)n_features, (long long)model->d);
	for (int64_t j = 0; j < n_features; j++)
		if (!isfinite(x[j]))
			return cseg__error(isnan(x[j]) ? CSEG_E_MISSING_VALUES : CSEG_E_INVALID_ARG,
				"x[%lld] (feature '%s') is %s", (long long)j, model->feature_names[j],
				isnan(x[j]) ? "missing (NaN)" : "infinite");
	cseg__algo_find((int)model->algo)->assign_one(model, x, &label, &distance, &margin,
		&confidence);
done:
	if (label_out)
		*label_out = label;
	if (distance_out)
		*distance_out = distance;
	if (margin_out)
		*margin_out = margin;
	return CSEG_OK;
}

/* Results */

cseg_status cseg_model_get_centroids(const cseg_model *model, double *out, int64_t n_out)
{
	cseg_status st;

	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (n_out != model->k * model->d)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but k * d = %lld",
			(long long)n_out, (long long)(model->k * model->d));
	memcpy(out, model->centroids, (size_t)n_out * sizeof(double));
	return CSEG_OK;
}

cseg_status cseg_model_get_labels(const cseg_model *model, int64_t *out, int64_t n_out)
{
	cseg_status st;

	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (!model->labels)
		return cseg__error(CSEG_E_UNSUPPORTED, "model files keep no training labels: "
			"assign the data with cseg_model_assign");
	if (n_out != model->n_train_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but the model was fitted on %lld rows",
			(long long)n_out, (long long)model->n_train_rows);
	memcpy(out, model->labels, (size_t)n_out * sizeof(int64_t));
	return CSEG_OK;
}

cseg_status cseg_model_set_segment_name(cseg_model *model, int64_t segment, const char *name)
{
	cseg_status st;
	char *copy = NULL;

	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if (segment < 0 || segment >= model->k)
		return cseg__error(CSEG_E_INVALID_ARG, "segment = %lld, the model has segments 0..%lld",
			(long long)segment, (long long)model->k - 1);
	if (name && strlen(name) > 256)
		return cseg__error(CSEG_E_INVALID_ARG, "segment name of %zu bytes: at most 256", strlen(name));
	if (name && *name && !(copy = cseg__strdup(name)))
		return cseg__error(CSEG_E_NOMEM, "out of memory for a segment name");
	if (!model->segment_names &&
	    !(model->segment_names = cseg__calloc((size_t)model->k, sizeof(char *)))) {
		free(copy);
		return cseg__error(CSEG_E_NOMEM, "out of memory for segment names");
	}
	free(model->segment_names[segment]);
	model->segment_names[segment] = copy;
	return CSEG_OK;
}

const char *cseg_model_segment_name(const cseg_model *model, int64_t segment)
{
	if (!model || !model->fitted || !model->segment_names || segment < 0 || segment >= model->k)
		return NULL;
	return model->segment_names[segment];
}

int64_t cseg_model_n_arrays(const cseg_model *model)
{
	return model && model->fitted ? model->n_arrays : 0;
}

const char *cseg_model_array_name(const cseg_model *model, int64_t i)
{
	if (!model || !model->fitted || i < 0 || i >= model->n_arrays)
		return NULL;
	return model->arrays[i].name;
}

static cseg_status find_array(const cseg_model *model, const char *name, const cseg__array **out)
{
	cseg_status st;

	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if (!name)
		return cseg__error(CSEG_E_INVALID_ARG, "name is NULL");
	if (!(*out = cseg__model_array(model, name)))
		return cseg__error(CSEG_E_UNSUPPORTED, "this %s model has no array '%s'",
			cseg_algo_name(model->algo), name);
	return CSEG_OK;
}

cseg_status cseg_model_array_shape(const cseg_model *model, const char *name,
	int64_t *rows_out, int64_t *cols_out)
{
	const cseg__array *a;
	cseg_status st;

	if (!rows_out || !cols_out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", rows_out ? "cols_out" : "rows_out");
	if ((st = find_array(model, name, &a)) != CSEG_OK)
		return st;
	*rows_out = a->rows;
	*cols_out = a->cols;
	return CSEG_OK;
}

cseg_status cseg_model_get_array(const cseg_model *model, const char *name, double *out, int64_t n_out)
{
	const cseg__array *a;
	cseg_status st;

	if ((st = find_array(model, name, &a)) != CSEG_OK)
		return st;
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (n_out != a->rows * a->cols)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but array '%s' is %lld x %lld",
			(long long)n_out, name, (long long)a->rows, (long long)a->cols);
	memcpy(out, a->data, (size_t)n_out * sizeof(double));
	return CSEG_OK;
}

const char *cseg_model_feature_name(const cseg_model *model, int64_t col)
{
	if (!model || !model->fitted || col < 0 || col >= model->d)
		return NULL;
	return model->feature_names[col];
}

/* Persistence */

cseg_status cseg_model_save_buffer(const cseg_model *model, void **data_out, int64_t *n_bytes_out)
{
	unsigned char *buf;
	size_t len;
	cseg_status st;

	if (!data_out || !n_bytes_out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", data_out ? "n_bytes_out" : "data_out");
	*data_out = NULL;
	*n_bytes_out = 0;
	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if ((st = cseg__model_encode(model, &buf, &len)) != CSEG_OK)
		return st;
	*data_out = buf;
	*n_bytes_out = (int64_t)len;
	return CSEG_OK;
}

cseg_status cseg_model_save(const cseg_model *model, const char *path)
{
	unsigned char *buf;
	size_t len;
	cseg_status st;

	if ((st = check_fitted(model)) != CSEG_OK)
		return st;
	if (!path || !*path)
		return cseg__error(CSEG_E_INVALID_ARG, "path is %s", path ? "empty" : "NULL");
	if ((st = cseg__model_encode(model, &buf, &len)) != CSEG_OK)
		return st;
	st = cseg__write_file_atomic(path, buf, len);
	free(buf);
	return st;
}

cseg_status cseg_model_load_buffer(cseg_model **out, const void *data, int64_t n_bytes)
{
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "data is NULL");
	if (n_bytes < 0)
		return cseg__error(CSEG_E_INVALID_ARG, "n_bytes = %lld is negative", (long long)n_bytes);
	return cseg__model_decode(data, (size_t)n_bytes, out);
}

cseg_status cseg_model_load(cseg_model **out, const char *path)
{
	unsigned char *buf;
	size_t len;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (!path || !*path)
		return cseg__error(CSEG_E_INVALID_ARG, "path is %s", path ? "empty" : "NULL");
	if ((st = cseg__read_file(path, &buf, &len)) != CSEG_OK)
		return st;
	st = cseg__model_decode(buf, len, out);
	free(buf);
	if (st != CSEG_OK) {
		/* Say which file: the decoder only knows bytes. */
		char msg[1024];
		snprintf(msg, sizeof(msg), "%s", cseg_last_error());
		cseg__error(st, "%s: %s", path, msg);
	}
	return st;
}
