/* k-means behind the algorithm interface of model_internal.h. */
#include <string.h>

#include "../core/core.h"
#include "algos.h"
#include "kmeans.h"
#include "kmeans_constrained.h"

static cseg_status kmeans_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	const double *init_centers, cseg_progress_fn progress, void *progress_payload)
{
	cseg__kmeans_result r = { 0 };
	cseg_status st;

	if (out->params.size_min > 0 || out->params.size_max > 0)
		return cseg__kmeans_fit_constrained(out, ds, weights, init_centers, progress,
			progress_payload);
	st = cseg__kmeans_fit(&out->params, ds, weights, init_centers, progress, progress_payload, &r);
	if (st != CSEG_OK)
		return st;
	out->k = r.k;
	out->d = r.d;
	out->centroids = r.centroids;
	out->inertia = r.inertia;
	out->n_iter = r.n_iter;
	out->converged = r.converged;
	return CSEG_OK;
}

static cseg_status kmeans_assign(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a)
{
	cseg_status st = cseg__kmeans_assign(m, ds, a);

	if (st == CSEG_OK)
		cseg__assignment_centroid_confidence(m, a);
	return st;
}

static void kmeans_assign_one(const cseg_model *m, const double *x, int64_t *label,
	double *distance, double *margin, double *confidence)
{
	cseg__kmeans_assign_one(m, x, label, distance, margin);
	*confidence = m->k == 1 ? 1.0 : cseg__centroid_confidence(*distance, *margin);
}

const cseg__algo_ops cseg__kmeans_ops = {
	.algo = CSEG_ALGO_KMEANS,
	.name = "kmeans",
	.defaults = NULL,
	.fit = kmeans_fit,
	.assign = kmeans_assign,
	.assign_one = kmeans_assign_one,
	.check_loaded = NULL,
};
