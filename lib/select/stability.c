/* Bootstrap stability of a k: how much the segmentation of all customers
 * changes when k-means is fitted on a resample instead of the data. */
#include <stdlib.h>

#include "../core/core.h"
#include "kselect_internal.h"

cseg_status cseg__kselect_stability(const cseg_dataset *ds, int64_t k, const int64_t *labels,
	int64_t b_count, int64_t seed, int64_t n_init, double *out)
{
	const int64_t n = ds->n_rows, d = ds->n_cols;
	double *xb = cseg__malloc_array((size_t)(n * d), sizeof(double)), sum = 0;
	int64_t *fit_labels = cseg__malloc_array((size_t)n, sizeof(int64_t));
	int64_t *assigned = cseg__malloc_array((size_t)n, sizeof(int64_t));
	cseg_status st = CSEG_OK;
	cseg__rng rng;

	if (!xb || !fit_labels || !assigned) {
		st = cseg__error(CSEG_E_NOMEM, "k selection: no memory for a bootstrap of %lld rows",
			(long long)n);
		goto out;
	}
	for (int64_t b = 0; b < b_count && st == CSEG_OK; b++) {
		cseg_dataset *boot = NULL;
		cseg_assignment *a = NULL;
		cseg_model *m = NULL;
		double ari;

		cseg__rng_seed(&rng, (uint64_t)cseg__kselect_seed(seed, 4, k, b));
		for (int64_t i = 0; i < n; i++) {
			const double *x = cseg__row(ds, (int64_t)cseg__rng_below(&rng, (uint64_t)n));
			for (int64_t j = 0; j < d; j++)
				xb[i * d + j] = x[j];
		}
		if ((st = cseg_dataset_new_view(&boot, xb, n, d)) != CSEG_OK)
			break;
		st = cseg__kselect_kmeans(boot, k, cseg__kselect_seed(seed, 5, k, b), n_init, fit_labels, &m);
		if (st == CSEG_OK)
			st = cseg_model_assign(m, ds, &a);
		if (st == CSEG_OK)
			st = cseg_assignment_get_labels(a, assigned, n);
		if (st == CSEG_OK)
			st = cseg_metric_adjusted_rand(labels, assigned, n, &ari);
		if (st == CSEG_OK)
			sum += ari;
		cseg_assignment_free(a);
		cseg_model_free(m);
		cseg_dataset_free(boot);
	}
	if (st == CSEG_OK)
		*out = sum / (double)b_count;
out:
	free(xb);
	free(fit_labels);
	free(assigned);
	return st;
}
