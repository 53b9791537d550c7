/* The k-means fits and W_k of the k-selection run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "kselect_internal.h"

int64_t cseg__kselect_seed(int64_t seed, int stage, int64_t k, int64_t b)
{
	/* splitmix64 finaliser over the packed coordinates */
	uint64_t z = (uint64_t)seed * 0x9e3779b97f4a7c15ULL ^ ((uint64_t)stage << 56)
		^ ((uint64_t)k << 32) ^ (uint64_t)b;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (int64_t)(z & ((1ULL << 53) - 1));
}

cseg_status cseg__kselect_kmeans(const cseg_dataset *ds, int64_t k, int64_t seed, int64_t n_init,
	int64_t *labels, cseg_model **model_out)
{
	cseg_model *m = NULL;
	cseg_status st;

	if (model_out)
		*model_out = NULL;
	if (k == 1 && !model_out) {
		memset(labels, 0, (size_t)ds->n_rows * sizeof(*labels));
		return CSEG_OK;
	}
	if ((st = cseg_model_new(&m, CSEG_ALGO_KMEANS)) != CSEG_OK)
		return st;
	if ((st = cseg_model_set_int(m, CSEG_PARAM_K, k)) == CSEG_OK &&
	    (st = cseg_model_set_int(m, CSEG_PARAM_SEED, seed)) == CSEG_OK &&
	    (st = cseg_model_set_int(m, CSEG_PARAM_N_INIT, n_init)) == CSEG_OK &&
	    (st = cseg_model_fit(m, ds)) == CSEG_OK)
		st = cseg_model_get_labels(m, labels, ds->n_rows);
	if (st != CSEG_OK || !model_out)
		cseg_model_free(m);
	else
		*model_out = m;
	return st;
}

/* Sum over pairs of one group of ||x_i - x_j|| (power 1). */
static double pair_distance_sum(const cseg_dataset *ds, const int64_t *rows, int64_t m)
{
	double s = 0;

	for (int64_t a = 0; a < m; a++) {
		const double *x = cseg__row(ds, rows[a]);
		for (int64_t b = a + 1; b < m; b++) {
			const double *y = cseg__row(ds, rows[b]);
			double acc = 0;
			for (int64_t j = 0; j < ds->n_cols; j++) {
				const double t = x[j] - y[j];
				acc += t * t;
			}
			s += sqrt(acc);
		}
	}
	return s;
}

cseg_status cseg__kselect_log_w(const cseg_dataset *ds, const int64_t *labels, int64_t k,
	int d_power, double *out)
{
	const int64_t n = ds->n_rows;
	int64_t *count, *order;
	double w = 0;

	if (d_power == 2) {
		/* sum_{i<j} ||x_i - x_j||^2 = n_c * SS_c, so W is half the inertia. */
		cseg_status st = cseg_metric_inertia(ds, labels, n, &w);

		if (st == CSEG_OK)
			*out = log(w / 2);
		return st;
	}
	/* Counting sort of the rows by group, then every pair of each group. */
	count = cseg__calloc((size_t)k + 1, sizeof(*count));
	order = cseg__malloc_array((size_t)n, sizeof(*order));
	if (!count || !order) {
		free(count);
		free(order);
		return cseg__error(CSEG_E_NOMEM, "k selection: no memory for %lld rows", (long long)n);
	}
	for (int64_t i = 0; i < n; i++)
		count[labels[i] + 1]++;
	for (int64_t c = 0; c < k; c++)
		count[c + 1] += count[c];
	for (int64_t i = 0; i < n; i++)
		order[count[labels[i]]++] = i;
	for (int64_t c = 0, start = 0; c < k; c++) {
		const int64_t m = count[c] - start;
		if (m > 1)
			w += pair_distance_sum(ds, order + start, m) / (double)m;
		start = count[c];
	}
	free(count);
	free(order);
	*out = log(w / 2);
	return CSEG_OK;
}
