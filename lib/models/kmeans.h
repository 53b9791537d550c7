/* k-means entry points used by model.c. Fitting writes fresh buffers into
 * a result and never touches the model, so a failed fit leaves it as it was. */
#ifndef CSEG_KMEANS_H
#define CSEG_KMEANS_H

#include "model_internal.h"

typedef struct cseg__kmeans_result {
	int64_t k, d;
	double *centroids;   /* k x d row-major, canonical order (largest segment first) */
	double inertia;
	int64_t n_iter;
	int64_t converged;
} cseg__kmeans_result;

/* Fit on complete data (model.c has checked NULLs, missing values, k <= n,
 * weights finite and >= 0 with a positive sum). weights may be NULL.
 * init_centers is non-NULL exactly when params->init == CSEG_INIT_GIVEN. */
cseg_status cseg__kmeans_fit(const cseg__params *params, const cseg_dataset *ds,
	const double *weights, const double *init_centers,
	cseg_progress_fn progress, void *progress_payload,
	cseg__kmeans_result *out);

void cseg__kmeans_result_free(cseg__kmeans_result *r);

/* Nearest and second-nearest centroid of every row of complete data, into
 * an assignment already sized for ds->n_rows. Thread-safe on one model. */
cseg_status cseg__kmeans_assign(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a);

/* One customer, no allocation; x has m->d finite values. */
void cseg__kmeans_assign_one(const cseg_model *m, const double *x,
	int64_t *label, double *distance, double *margin);

#endif /* CSEG_KMEANS_H */
