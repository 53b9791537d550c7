/* Pieces of the k-selection run, one file each. */
#ifndef CSEG_KSELECT_INTERNAL_H
#define CSEG_KSELECT_INTERNAL_H

#include "cseg/cseg_kselect.h"
#include "cseg/cseg_metrics.h"
#include "cseg/cseg_model.h"
#include "../data/dataset_internal.h"

/* Seed of one stochastic step, derived from the user's seed so that each
 * (stage, k, replicate) has its own stream and adding a k changes nothing
 * else. Within the model parameters' bounds (< 2^53). */
int64_t cseg__kselect_seed(int64_t seed, int stage, int64_t k, int64_t b);

/* k-means with k segments on ds (k = 1 needs no fit: every label 0).
 * labels has ds->n_rows entries; model_out (may be NULL) receives the model. */
cseg_status cseg__kselect_kmeans(const cseg_dataset *ds, int64_t k, int64_t seed, int64_t n_init,
	int64_t *labels, cseg_model **model_out);

/* log W_k of a labelling (clusGap): W = 1/2 sum_c sum_{i<j in c} ||x_i - x_j||^p / n_c. */
cseg_status cseg__kselect_log_w(const cseg_dataset *ds, const int64_t *labels, int64_t k,
	int d_power, double *out);

/* The gap statistic for every k in [k_min, k_max]: gap and SE columns. */
cseg_status cseg__kselect_gap(const cseg_dataset *ds, int64_t k_min, int64_t k_max, int64_t b,
	int space, int d_power, int64_t seed, int64_t n_init, const double *log_w,
	double *gap, double *se);

/* Mean adjusted Rand index between `labels` (the fit on all rows) and the
 * fits of b bootstrap resamples applied to all rows. */
cseg_status cseg__kselect_stability(const cseg_dataset *ds, int64_t k, const int64_t *labels,
	int64_t b, int64_t seed, int64_t n_init, double *out);

#endif /* CSEG_KSELECT_INTERNAL_H */
