/* cseg_model_partial_fit: sklearn's MiniBatchKMeans.partial_fit. The whole
 * chunk is one mini-batch step; the first chunk also seeds the centres.
 * Everything is computed into a fresh model shell and installed at the end,
 * so a failure leaves the caller's model as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "minibatch_internal.h"

static char **copy_names(char *const *src, int64_t n)
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

/* The random draws of step s: a stream derived from the seed and the step,
 * so a model saved and loaded between chunks continues identically. */
static void step_rng(cseg__rng *rng, int64_t seed, int64_t step)
{
	cseg__rng_seed(rng, (uint64_t)seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(step + 1)));
}

static cseg_status check_args(const cseg_model *m, const cseg_dataset *ds, const double *w,
	int64_t n_weights)
{
	cseg_status st;

	if (!m)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (m->algo != CSEG_ALGO_MINIBATCH_KMEANS)
		return cseg__error(CSEG_E_UNSUPPORTED, "partial fits need a mini-batch k-means model, "
			"not '%s'", cseg_algo_name(m->algo));
	if ((st = cseg__dataset_check_complete(ds, "chunk")) != CSEG_OK)
		return st;
	if (ds->n_rows < 1 || ds->n_cols < 1 || !ds->data)
		return cseg__error(CSEG_E_INVALID_ARG, "chunk is empty (%lld x %lld)",
			(long long)ds->n_rows, (long long)ds->n_cols);
	if ((st = cseg__mb_check_weights(w, n_weights, ds->n_rows)) != CSEG_OK)
		return st;
	if (m->fitted) {
		if (ds->n_cols != m->d)
			return cseg__error(CSEG_E_INVALID_ARG, "chunk has %lld columns, the model %lld features",
				(long long)ds->n_cols, (long long)m->d);
		return CSEG_OK;
	}
	if (m->params.k > ds->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "k = %lld exceeds the %lld rows of the first chunk",
			(long long)m->params.k, (long long)ds->n_rows);
	if (m->params.init == CSEG_INIT_GIVEN) {
		if (!m->init_centers)
			return cseg__error(CSEG_E_INVALID_ARG, "init is 'given' but no initial centres were set");
		if (m->init_k != m->params.k || m->init_d != ds->n_cols)
			return cseg__error(CSEG_E_INVALID_ARG, "initial centres are %lld x %lld, "
				"expected k = %lld by the chunk's %lld columns", (long long)m->init_k,
				(long long)m->init_d, (long long)m->params.k, (long long)ds->n_cols);
	}
	return CSEG_OK;
}

/* The state to continue from: the model's, or a fresh start on the chunk. */
static cseg_status start_state(const cseg_model *m, const cseg_dataset *ds, cseg__mb_state *s)
{
	const cseg__params *p = &m->params;
	const int64_t d = ds->n_cols, n = ds->n_rows;
	cseg_status st;

	memset(s, 0, sizeof(*s));
	s->k = m->fitted ? m->k : p->k;
	s->d = d;
	s->c = cseg__malloc_array((size_t)(s->k * d), sizeof(double));
	s->counts = cseg__calloc((size_t)s->k, sizeof(double));
	if (!s->c || !s->counts)
		return cseg__error(CSEG_E_NOMEM, "out of memory for %lld x %lld centres",
			(long long)s->k, (long long)d);
	if (m->fitted) {
		const cseg__array *counts = cseg__model_array(m, CSEG__MB_COUNTS);
		const cseg__array *state = cseg__model_array(m, CSEG__MB_STATE);

		if (!counts || counts->cols != m->k || !state || state->cols != CSEG__MB_STATE_COLS)
			return cseg__error(CSEG_E_INVALID_ARG, "the model has no mini-batch state to continue from");
		memcpy(s->c, m->centroids, (size_t)(s->k * d) * sizeof(double));
		memcpy(s->counts, counts->data, (size_t)s->k * sizeof(double));
		s->n_steps = (int64_t)state->data[0];
		s->n_since_reassign = (int64_t)state->data[1];
		s->batch = (int64_t)state->data[2];
		return CSEG_OK;
	} else {
		int64_t batch = p->mb_batch_size < n ? p->mb_batch_size : n;
		int64_t size = cseg__mb_init_size(p, batch, n);
		int64_t *idx = NULL;
		cseg__rng rng;

		cseg__rng_seed(&rng, (uint64_t)p->seed);
		if (size < n) {
			if (!(idx = cseg__malloc_array((size_t)size, sizeof(int64_t))))
				return cseg__error(CSEG_E_NOMEM, "out of memory for an init sample");
			for (int64_t i = 0; i < size; i++)
				idx[i] = (int64_t)cseg__rng_below(&rng, (uint64_t)n);
		}
		st = cseg__mb_init_centers(ds->data, d, idx, size, p, m->init_centers, &rng, s->c);
		free(idx);
		s->batch = batch;
		return st;
	}
}

cseg_status cseg_model_partial_fit(cseg_model *model, const cseg_dataset *chunk,
	const double *weights, int64_t n_weights)
{
	cseg__mb_state s;
	cseg_model *f = NULL;
	int64_t *labels = NULL, n, d;
	double *d2 = NULL, inertia;
	cseg__rng rng;
	cseg_status st;
	struct tm tm;
	time_t now;

	if ((st = check_args(model, chunk, weights, n_weights)) != CSEG_OK)
		return st;
	n = chunk->n_rows;
	d = chunk->n_cols;
	if ((st = start_state(model, chunk, &s)) != CSEG_OK)
		goto done;
	labels = cseg__malloc_array((size_t)n, sizeof(int64_t));
	d2 = cseg__malloc_array((size_t)n, sizeof(double));
	f = cseg__calloc(1, sizeof(*f));
	if (!labels || !d2 || !f) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for a partial fit on %lld rows", (long long)n);
		goto done;
	}
	step_rng(&rng, model->params.seed, s.n_steps);
	st = cseg__mb_step(chunk->data, weights, n, d, s.k, s.c, s.c, s.counts,
		cseg__mb_should_reassign(&s, &model->params), model->params.mb_reassignment_ratio,
		&rng, labels, d2, &inertia);
	if (st != CSEG_OK)
		goto done;
	s.n_steps++;
	/* sklearn's compute_labels: the chunk under the updated centres. */
	if ((st = cseg__mb_nearest(chunk->data, n, d, s.c, s.k, labels, d2)) != CSEG_OK)
		goto done;
	inertia = 0.0;
	for (int64_t i = 0; i < n; i++)
		inertia += (weights ? weights[i] : 1.0) * d2[i];

	f->algo = model->algo;
	f->params = model->params;
	f->k = s.k;
	f->d = d; /* before the names, so clear_fit frees them on failure */
	if ((st = cseg__mb_add_arrays(f, &s)) != CSEG_OK)
		goto done;
	f->feature_names = copy_names(model->fitted ? model->feature_names : chunk->col_names, d);
	f->centroid_sq = cseg__malloc_array((size_t)s.k, sizeof(double));
	if (!f->feature_names || !f->centroid_sq) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory storing the model");
		goto done;
	}
	/* Nothing can fail from here. */
	f->centroids = s.c;
	s.c = NULL;
	cseg__model_update_norms(f);
	f->inertia = inertia;
	f->n_iter = s.n_steps;
	f->converged = 0;
	f->n_train_rows = n;
	f->labels = labels;
	labels = NULL;
	/* The fingerprint chains over every chunk seen. */
	f->fingerprint = cseg__fnv1a(model->fitted ? model->fingerprint : CSEG__FNV_OFFSET,
		chunk->data, (size_t)(n * d) * sizeof(double));
	snprintf(f->fingerprint_hex, sizeof(f->fingerprint_hex), "%016llx",
		(unsigned long long)f->fingerprint);
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(f->created, sizeof(f->created), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(f->lib_version, sizeof(f->lib_version), "%s", CSEG_VERSION_STRING);
	f->fitted = 1;
	cseg__mb_install(model, f);
done:
	if (f) {
		f->fitted = 1;
		cseg__model_clear_fit(f);
		free(f);
	}
	free(s.c), free(s.counts), free(labels), free(d2);
	return st;
}
