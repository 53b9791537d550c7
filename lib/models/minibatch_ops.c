/* Mini-batch k-means behind the algorithm interface of model_internal.h:
 * sklearn's defaults, nearest-centre assignment shared with k-means, the
 * fitted arrays that let a saved model continue with partial fits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "minibatch_internal.h"

/* sklearn 1.2's MiniBatchKMeans: max_iter 100, n_init 3 ("warn"), tol 0. */
static void mb_defaults(cseg__params *p)
{
	p->max_iter = 100;
	p->n_init = 3;
	p->tol = 0.0;
}

static cseg_status mb_assign(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a)
{
	cseg_status st = cseg__kmeans_assign(m, ds, a);

	if (st == CSEG_OK)
		cseg__assignment_centroid_confidence(m, a);
	return st;
}

static void mb_assign_one(const cseg_model *m, const double *x, int64_t *label,
	double *distance, double *margin, double *confidence)
{
	cseg__kmeans_assign_one(m, x, label, distance, margin);
	*confidence = m->k == 1 ? 1.0 : cseg__centroid_confidence(*distance, *margin);
}

static cseg_status mb_check_loaded(const cseg_model *m)
{
	const cseg__array *counts = cseg__model_array(m, CSEG__MB_COUNTS);
	const cseg__array *state = cseg__model_array(m, CSEG__MB_STATE);

	if (!counts || counts->rows != 1 || counts->cols != m->k)
		return cseg__error(CSEG_E_FORMAT, "mini-batch model: array '%s' is missing or not 1 x %lld",
			CSEG__MB_COUNTS, (long long)m->k);
	if (!state || state->rows != 1 || state->cols != CSEG__MB_STATE_COLS)
		return cseg__error(CSEG_E_FORMAT, "mini-batch model: array '%s' is missing or not 1 x %d",
			CSEG__MB_STATE, CSEG__MB_STATE_COLS);
	for (int64_t j = 0; j < m->k; j++)
		if (!isfinite(counts->data[j]) || counts->data[j] < 0)
			return cseg__error(CSEG_E_FORMAT, "mini-batch model: counts[%lld] = %g is not a "
				"finite non-negative weight", (long long)j, counts->data[j]);
	for (int i = 0; i < CSEG__MB_STATE_COLS; i++) {
		double v = state->data[i];

		/* Whole numbers a double holds exactly; the batch size is >= 1. */
		if (!(v >= (i == 2 ? 1.0 : 0.0)) || v > 9007199254740992.0 || v != floor(v))
			return cseg__error(CSEG_E_FORMAT, "mini-batch model: %s[%d] = %g is out of range",
				CSEG__MB_STATE, i, v);
	}
	return CSEG_OK;
}

cseg_status cseg__mb_add_arrays(cseg_model *m, const cseg__mb_state *s)
{
	double *counts, *state;
	cseg_status st;

	if ((st = cseg__model_add_array(m, CSEG__MB_COUNTS, 1, s->k, &counts)) != CSEG_OK)
		return st;
	if ((st = cseg__model_add_array(m, CSEG__MB_STATE, 1, CSEG__MB_STATE_COLS, &state)) != CSEG_OK)
		return st;
	memcpy(counts, s->counts, (size_t)s->k * sizeof(double));
	state[0] = (double)s->n_steps;
	state[1] = (double)s->n_since_reassign;
	state[2] = (double)s->batch;
	return CSEG_OK;
}

void cseg__mb_install(cseg_model *dst, cseg_model *src)
{
	cseg__model_clear_fit(dst);
	dst->fitted = 1;
	dst->k = src->k;
	dst->d = src->d;
	dst->centroids = src->centroids;
	dst->centroid_sq = src->centroid_sq;
	dst->feature_names = src->feature_names;
	dst->inertia = src->inertia;
	dst->n_iter = src->n_iter;
	dst->converged = src->converged;
	dst->n_train_rows = src->n_train_rows;
	dst->fingerprint = src->fingerprint;
	memcpy(dst->fingerprint_hex, src->fingerprint_hex, sizeof(dst->fingerprint_hex));
	memcpy(dst->created, src->created, sizeof(dst->created));
	memcpy(dst->lib_version, src->lib_version, sizeof(dst->lib_version));
	dst->arrays = src->arrays;
	dst->n_arrays = src->n_arrays;
	dst->labels = src->labels;
	/* src keeps its parameters and initial state but no longer its fit. */
	src->centroids = src->centroid_sq = NULL;
	src->feature_names = NULL;
	src->arrays = NULL;
	src->n_arrays = 0;
	src->labels = NULL;
	src->fitted = 0;
	src->k = src->d = 0;
}

const cseg__algo_ops cseg__minibatch_ops = {
	.algo = CSEG_ALGO_MINIBATCH_KMEANS,
	.name = "minibatch_kmeans",
	.defaults = mb_defaults,
	.fit = cseg__mb_fit,
	.assign = mb_assign,
	.assign_one = mb_assign_one,
	.check_loaded = mb_check_loaded,
};
