/* Hierarchical clustering behind the algorithm interface of
 * model_internal.h: choose the engine (Ward chain, matrix chain, Prim, or
 * k-means micro-clusters then Ward), order the merges as SciPy, cut, and
 * keep the cut segments' centroids for assigning new customers. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "algos.h"
#include "hclust.h"
#include "kmeans.h"

/* Two-stage mode by default above this many rows (Ward only). */
#define AUTO_ROWS 20000
#define AUTO_MICRO 2000

/* Leaves of the tree: the rows, or the micro-clusters of stage one. */
typedef struct leaves {
	int64_t n;
	const double *x;      /* n x d */
	const double *size;   /* weight per leaf, NULL for 1 */
	const double *count;  /* rows per leaf, NULL for 1 */
	int64_t *of_row;      /* micro-cluster of each row (two-stage), else NULL */
	double *owned_x, *owned_size, *owned_count;
} leaves;

static void leaves_free(leaves *l)
{
	free(l->of_row);
	free(l->owned_x);
	free(l->owned_size);
	free(l->owned_count);
}

static cseg_status check_input(const cseg_dataset *ds, const double *weights)
{
	int64_t n = ds->n_rows, d = ds->n_cols;
	double big = 0.0, wsum = 0.0;

	if (n < 2)
		return cseg__error(CSEG_E_INVALID_ARG, "hierarchical clustering needs at least 2 rows, "
			"the data has %lld", (long long)n);
	for (int64_t i = 0; i < n * d; i++)
		if (fabs(ds->data[i]) > big)
			big = fabs(ds->data[i]);
	for (int64_t i = 0; i < n; i++) {
		double w = weights ? weights[i] : 1.0;

		if (!(w > 0))
			return cseg__error(CSEG_E_INVALID_ARG, "weights[%lld] = %g: hierarchical "
				"clustering needs positive weights", (long long)i, w);
		wsum += w;
	}
	/* Squared distances times sizes must stay finite. */
	if (4.0 * big * big * (double)d * wsum > 1e300 || !isfinite(big * big * wsum))
		return cseg__error(CSEG_E_INVALID_ARG, "data values up to %g are too large for "
			"squared distances: scale the data", big);
	return CSEG_OK;
}

/* Stage one: k-means into m micro-clusters; empty ones are dropped and the
 * centres recomputed as the weighted means of their rows. */
static cseg_status micro_clusters(const cseg__params *params, const cseg_dataset *ds,
	const double *weights, int64_t m, cseg_progress_fn progress, void *payload, leaves *l)
{
	const int64_t n = ds->n_rows, d = ds->n_cols;
	cseg__params kp = *params;
	cseg__kmeans_result r = { 0 };
	cseg_model tmp;
	cseg_assignment *a = NULL;
	int64_t *remap = NULL, used = 0;
	double *wsum = NULL, *cnt = NULL, *sum = NULL;
	cseg_status st;

	kp.k = m;
	kp.init = CSEG_INIT_KMEANSPP;
	if ((st = cseg__kmeans_fit(&kp, ds, weights, NULL, progress, payload, &r)) != CSEG_OK)
		return st;
	memset(&tmp, 0, sizeof(tmp));
	tmp.algo = CSEG_ALGO_KMEANS;
	tmp.k = r.k;
	tmp.d = d;
	tmp.centroids = r.centroids;
	if ((st = cseg__assignment_new(&a, n)) != CSEG_OK)
		goto done;
	if ((st = cseg__kmeans_assign(&tmp, ds, a)) != CSEG_OK)
		goto done;
	remap = cseg__malloc_array((size_t)m, sizeof(int64_t));
	wsum = cseg__calloc((size_t)m, sizeof(double));
	cnt = cseg__calloc((size_t)m, sizeof(double));
	sum = cseg__calloc((size_t)(m * d), sizeof(double));
	if (!remap || !wsum || !cnt || !sum) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for %lld micro-clusters", (long long)m);
		goto done;
	}
	for (int64_t i = 0; i < n; i++) {
		int64_t c = a->labels[i];
		double w = weights ? weights[i] : 1.0;

		wsum[c] += w;
		cnt[c] += 1.0;
		for (int64_t j = 0; j < d; j++)
			sum[c * d + j] += w * ds->data[i * d + j];
	}
	for (int64_t c = 0; c < m; c++)
		remap[c] = cnt[c] > 0 ? used++ : -1;
	l->n = used;
	l->owned_x = cseg__malloc_array((size_t)(used * d), sizeof(double));
	l->owned_size = cseg__malloc_array((size_t)used, sizeof(double));
	l->owned_count = cseg__malloc_array((size_t)used, sizeof(double));
	if (!l->owned_x || !l->owned_size || !l->owned_count) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for %lld micro-clusters", (long long)m);
		goto done;
	}
	for (int64_t c = 0; c < m; c++) {
		int64_t u = remap[c];

		if (u < 0)
			continue;
		for (int64_t j = 0; j < d; j++)
			l->owned_x[u * d + j] = sum[c * d + j] / wsum[c];
		l->owned_size[u] = wsum[c];
		l->owned_count[u] = cnt[c];
	}
	for (int64_t i = 0; i < n; i++)
		a->labels[i] = remap[a->labels[i]];
	l->of_row = a->labels;
	a->labels = NULL;
	l->x = l->owned_x;
	l->size = l->owned_size;
	l->count = l->owned_count;
done:
	cseg_assignment_free(a);
	cseg__kmeans_result_free(&r);
	free(remap), free(wsum), free(cnt), free(sum);
	return st;
}

static cseg_status store_micro(cseg_model *out, const leaves *l, int64_t d)
{
	double *a, *b;
	cseg_status st;

	if ((st = cseg__model_add_array(out, "micro_centers", l->n, d, &a)) != CSEG_OK ||
	    (st = cseg__model_add_array(out, "micro_sizes", l->n, 1, &b)) != CSEG_OK)
		return st;
	memcpy(a, l->x, (size_t)(l->n * d) * sizeof(double));
	memcpy(b, l->size, (size_t)l->n * sizeof(double));
	return CSEG_OK;
}

/* Segment centroids (weighted means), inertia and training labels. */
static cseg_status summarise(cseg_model *out, const cseg_dataset *ds, const double *weights,
	const int64_t *labels, int64_t k)
{
	const int64_t n = ds->n_rows, d = ds->n_cols;
	double *c = cseg__calloc((size_t)(k * d), sizeof(double));
	double *w = cseg__calloc((size_t)k, sizeof(double));
	double inertia = 0.0;

	if (!c || !w) {
		free(c), free(w);
		return cseg__error(CSEG_E_NOMEM, "out of memory for %lld segment centroids",
			(long long)k);
	}
	for (int64_t i = 0; i < n; i++) {
		double wi = weights ? weights[i] : 1.0;

		w[labels[i]] += wi;
		for (int64_t j = 0; j < d; j++)
			c[labels[i] * d + j] += wi * ds->data[i * d + j];
	}
	for (int64_t s = 0; s < k; s++)
		for (int64_t j = 0; j < d; j++)
			c[s * d + j] /= w[s];
	for (int64_t i = 0; i < n; i++) {
		double wi = weights ? weights[i] : 1.0, q = 0.0;

		for (int64_t j = 0; j < d; j++) {
			double t = ds->data[i * d + j] - c[labels[i] * d + j];
			q += t * t;
		}
		inertia += wi * q;
	}
	free(w);
	out->centroids = c;
	out->inertia = inertia;
	out->k = k;
	return CSEG_OK;
}

static cseg_status hclust_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	const double *init_centers, cseg_progress_fn progress, void *payload)
{
	const cseg__params *p = &out->params;
	const int64_t n = ds->n_rows, d = ds->n_cols;
	const cseg_linkage linkage = (cseg_linkage)p->linkage;
	leaves l = { 0 };
	int64_t m = p->micro_clusters, k, *leaf_label = NULL, *work = NULL, *labels = NULL;
	double *z;
	cseg_status st;

	(void)init_centers;
	if ((st = check_input(ds, weights)) != CSEG_OK)
		return st;
	if (m == -1)
		m = n > AUTO_ROWS && linkage == CSEG_LINKAGE_WARD ? AUTO_MICRO : 0;
	if (m == 1)
		return cseg__error(CSEG_E_INVALID_ARG, "micro_clusters = 1: use -1 (auto), 0 (exact) "
			"or at least 2");
	if (m >= n)
		m = 0;
	if (m > 0 && linkage != CSEG_LINKAGE_WARD)
		return cseg__error(CSEG_E_INVALID_ARG, "micro_clusters = %lld: the two-stage mode is "
			"Ward's (linkage is %s)", (long long)m, cseg_linkage_name(linkage));
	if (m > 0) {
		if (p->cut_height == 0 && p->k > m)
			return cseg__error(CSEG_E_INVALID_ARG, "k = %lld exceeds micro_clusters = %lld",
				(long long)p->k, (long long)m);
		if ((st = micro_clusters(p, ds, weights, m, progress, payload, &l)) != CSEG_OK)
			goto done;
		if (l.n < 2 || (p->cut_height == 0 && p->k > l.n)) {
			st = cseg__error(CSEG_E_INVALID_ARG, "the data has only %lld distinct micro-clusters "
				"(k = %lld): use the exact mode (micro_clusters = 0)", (long long)l.n,
				(long long)p->k);
			goto done;
		}
	} else {
		l.n = n;
		l.x = ds->data;
		l.size = weights;
	}
	if ((st = cseg__model_add_array(out, "linkage", l.n - 1, 4, &z)) != CSEG_OK)
		goto done;
	switch (linkage) {
	case CSEG_LINKAGE_WARD:
		st = cseg__hclust_ward(l.x, l.size, l.n, d, progress, payload, z);
		break;
	case CSEG_LINKAGE_COMPLETE:
	case CSEG_LINKAGE_AVERAGE:
		st = cseg__hclust_matrix(l.x, l.size, l.n, d, linkage,
			(double)p->max_memory_mb * 1048576.0, progress, payload, z);
		break;
	case CSEG_LINKAGE_SINGLE:
		st = cseg__hclust_single(l.x, l.n, d, progress, payload, z);
		break;
	}
	if (st != CSEG_OK || (st = cseg__hclust_finish(z, l.n, l.count)) != CSEG_OK)
		goto done;
	if (m > 0 && (st = store_micro(out, &l, d)) != CSEG_OK)
		goto done;

	leaf_label = cseg__malloc_array((size_t)l.n, sizeof(int64_t));
	work = cseg__malloc_array((size_t)(2 * l.n - 1) * 2, sizeof(int64_t));
	labels = cseg__malloc_array((size_t)n, sizeof(int64_t));
	if (!leaf_label || !work || !labels) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory cutting the tree of %lld leaves",
			(long long)l.n);
		goto done;
	}
	k = cseg__linkage_cut_unchecked(z, l.n, p->k, p->cut_height, leaf_label, work);
	for (int64_t i = 0; i < n; i++)
		labels[i] = leaf_label[l.of_row ? l.of_row[i] : i];
	if ((st = summarise(out, ds, weights, labels, k)) != CSEG_OK)
		goto done;
	out->d = d;
	out->n_iter = l.n - 1;
	out->converged = 1;
	out->labels = labels;
	labels = NULL;
done:
	leaves_free(&l);
	free(leaf_label), free(work), free(labels);
	return st;
}

static cseg_status hclust_assign(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a)
{
	cseg_status st = cseg__kmeans_assign(m, ds, a);

	if (st == CSEG_OK)
		cseg__assignment_centroid_confidence(m, a);
	return st;
}

static void hclust_assign_one(const cseg_model *m, const double *x, int64_t *label,
	double *distance, double *margin, double *confidence)
{
	cseg__kmeans_assign_one(m, x, label, distance, margin);
	*confidence = m->k == 1 ? 1.0 : cseg__centroid_confidence(*distance, *margin);
}

static cseg_status hclust_check_loaded(const cseg_model *m)
{
	const cseg__array *z = cseg__model_array(m, "linkage");
	const cseg__array *mc = cseg__model_array(m, "micro_centers");
	const cseg__array *ms = cseg__model_array(m, "micro_sizes");
	int64_t n_leaves;

	if (!z || z->cols != 4 || z->rows < 1)
		return cseg__error(CSEG_E_FORMAT, "hierarchical model: no linkage array of (n - 1) x 4");
	n_leaves = z->rows + 1;
	if (m->k > n_leaves)
		return cseg__error(CSEG_E_FORMAT, "hierarchical model: %lld segments from %lld leaves",
			(long long)m->k, (long long)n_leaves);
	if ((mc == NULL) != (ms == NULL) || (mc && (mc->rows != n_leaves || mc->cols != m->d ||
	    ms->rows != n_leaves || ms->cols != 1)))
		return cseg__error(CSEG_E_FORMAT, "hierarchical model: micro-cluster arrays do not "
			"match the linkage (%lld leaves, %lld features)", (long long)n_leaves,
			(long long)m->d);
	if (cseg__linkage_check(z->data, n_leaves, "model file linkage") != CSEG_OK) {
		char why[512];

		snprintf(why, sizeof(why), "%s", cseg_last_error());
		return cseg__error(CSEG_E_FORMAT, "hierarchical model: %s", why);
	}
	return CSEG_OK;
}

const cseg__algo_ops cseg__hclust_ops = {
	.algo = CSEG_ALGO_HIERARCHICAL,
	.name = "hierarchical",
	.defaults = NULL,
	.fit = hclust_fit,
	.assign = hclust_assign,
	.assign_one = hclust_assign_one,
	.check_loaded = hclust_check_loaded,
};
