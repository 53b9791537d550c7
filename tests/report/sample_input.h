/* A deterministic, plausible report input of any size, built without the
 * library: segments on a circle in PCA space, log-normal profile indexes,
 * a U-shaped P(alive) histogram and k-selection curves with an optimum. */
#ifndef CSEG_TEST_SAMPLE_INPUT_H
#define CSEG_TEST_SAMPLE_INPUT_H

#include "report.h"

typedef struct sample {
	cseg_report_input in;
	char **segment_names, **feature_names, **holdout_labels;
	int64_t *sizes, *labels, *alive, *k_values;
	double *index, *mean, *px, *py, *actual, *predicted;
	double *inertia, *silhouette, *calinski, *gap, *bic;
	int64_t rfm_counts[25];
	double rfm_monetary[25];
	report_kv params[6];
} sample;

/* Fill s for k segments, d features and n points; 0 or -1 (out of memory). */
int sample_build(sample *s, int64_t k, int64_t d, int64_t n_points);
void sample_free(sample *s);

#endif
