/* k-means with segment size constraints, behind the k-means ops. */
#ifndef CSEG_KMEANS_CONSTRAINED_H
#define CSEG_KMEANS_CONSTRAINED_H

#include "model_internal.h"

/* Fills `out` as an ops fit does; labels are the constrained training
 * labels (assigning new customers stays nearest-centre). */
cseg_status cseg__kmeans_fit_constrained(cseg_model *out, const cseg_dataset *ds, const double *w,
	const double *init_centers, cseg_progress_fn progress, void *payload);

/* The exact assignment step alone (tests): lab from nearest to the cheapest
 * assignment with lo <= sizes <= hi, cost n x k. */
cseg_status cseg__constrained_assign(const double *cost, int64_t n, int64_t k, int64_t lo,
	int64_t hi, int64_t *lab);

#endif /* CSEG_KMEANS_CONSTRAINED_H */
