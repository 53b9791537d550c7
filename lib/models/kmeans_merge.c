/* Post-hoc merging of segments too small to act on: each is folded into
 * the segment with the nearest centroid, smallest first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "kmeans_internal.h"

static int64_t nearest(const double *x, const double *c, int64_t k, int64_t d, const unsigned char *alive)
{
	int64_t best = -1;
	double bd = INFINITY;

	for (int64_t j = 0; j < k; j++) {
		double t;
		if (alive && !alive[j])
			continue;
		t = cseg__km_sqdist(x, c + j * d, d);
		if (t < bd)
			bd = t, best = j;
	}
	return best;
}

cseg_status cseg_model_merge_small_segments(cseg_model *model, const cseg_dataset *data,
	int64_t min_size, int64_t *n_merged_out)
{
	int64_t k, d, n, live, merged = 0, *lab = NULL, *size = NULL, *rank = NULL;
	unsigned char *alive = NULL;
	double *c = NULL, inertia = 0;
	cseg_status st;

	if (n_merged_out)
		*n_merged_out = 0;
	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (!model->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "the model is not fitted");
	if (model->algo != CSEG_ALGO_KMEANS && model->algo != CSEG_ALGO_MINIBATCH_KMEANS)
		return cseg__error(CSEG_E_UNSUPPORTED, "merging applies to centroid models (k-means, "
			"mini-batch k-means), not %s", cseg_algo_name(model->algo));
	if ((st = cseg__dataset_check_complete(data, "data")) != CSEG_OK)
		return st;
	if (data->n_cols != model->d)
		return cseg__error(CSEG_E_INVALID_ARG, "data has %lld columns, the model expects %lld",
			(long long)data->n_cols, (long long)model->d);
	if (min_size < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "min_size = %lld, need >= 1", (long long)min_size);
	k = model->k, d = model->d, n = data->n_rows;
	lab = cseg__malloc_array((size_t)n, sizeof(*lab));
	size = cseg__calloc((size_t)k, sizeof(*size));
	rank = cseg__malloc_array((size_t)k, sizeof(*rank));
	alive = cseg__malloc_array((size_t)k, 1);
	c = cseg__malloc_array((size_t)(k * d), sizeof(*c));
	if (!lab || !size || !rank || !alive || !c) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory merging segments of %lld customers", (long long)n);
		goto out;
	}
	memcpy(c, model->centroids, (size_t)(k * d) * sizeof(double));
	memset(alive, 1, (size_t)k);
	for (int64_t j = 0; j < k; j++)
		rank[j] = -1;
	for (int64_t i = 0; i < n; i++)
		size[lab[i] = nearest(cseg__row(data, i), c, k, d, NULL)]++;
	for (live = k; live > 1; live--) {
		int64_t small = -1, into;
		for (int64_t j = 0; j < k; j++)
			if (alive[j] && size[j] < min_size && (small < 0 || size[j] < size[small]))
				small = j;
		if (small < 0)
			break;
		alive[small] = 0;
		into = nearest(c + small * d, c, k, d, alive);
		/* The merged centre is the mean of both segments' customers. */
		if (size[into] + size[small] > 0)
			for (int64_t f = 0; f < d; f++)
				c[into * d + f] = (c[into * d + f] * (double)size[into] +
					c[small * d + f] * (double)size[small]) / (double)(size[into] + size[small]);
		size[into] += size[small];
		size[small] = 0;
		for (int64_t i = 0; i < n; i++)
			if (lab[i] == small)
				lab[i] = into;
		merged++;
	}
	/* Survivors renumbered largest first (ties by first customer). */
	{
		int64_t m = 0;
		for (int64_t round = 0; round < live; round++) {
			int64_t best = -1;
			for (int64_t j = 0; j < k; j++)
				if (alive[j] && (best < 0 || size[j] > size[best]))
					best = j;
			rank[best] = m++;
			alive[best] = 0;
		}
	}
	{
		double *nc = cseg__malloc_array((size_t)(live * d), sizeof(double));
		double *sq = cseg__malloc_array((size_t)live, sizeof(double));
		if (!nc || !sq) {
			free(nc), free(sq);
			st = cseg__error(CSEG_E_NOMEM, "out of memory merging segments");
			goto out;
		}
		for (int64_t j = 0; j < k; j++)
			if (rank[j] >= 0)
				memcpy(nc + rank[j] * d, c + j * d, (size_t)d * sizeof(double));
		for (int64_t i = 0; i < n; i++) {
			lab[i] = rank[lab[i]];
			inertia += cseg__km_sqdist(cseg__row(data, i), nc + lab[i] * d, d);
		}
		/* Nothing fails from here: install. */
		free(model->centroids);
		free(model->centroid_sq);
		model->centroids = nc;
		model->centroid_sq = sq;
		if (model->segment_names) {
			for (int64_t j = 0; j < k; j++)
				free(model->segment_names[j]);
			free(model->segment_names);
			model->segment_names = NULL;
		}
		free(model->labels);
		model->labels = NULL;
		if (n == model->n_train_rows) {
			model->labels = lab;
			lab = NULL;
		}
		model->k = live;
		model->inertia = inertia;
		cseg__model_update_norms(model);
	}
	if (n_merged_out)
		*n_merged_out = merged;
out:
	free(lab);
	free(size);
	free(rank);
	free(alive);
	free(c);
	return st;
}
