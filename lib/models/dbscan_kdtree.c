/* The k-d tree DBSCAN fits with: median splits on the widest side of each
 * node's bounding box, points copied in tree order so a node's points are
 * contiguous in memory. */
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "dbscan_internal.h"

/* Points per leaf: small enough to prune well in 8 dimensions, large
 * enough that the per-node box test is not the main cost. */
#define LEAF 16

static void swap_idx(int64_t *a, int64_t *b)
{
	int64_t t = *a;

	*a = *b;
	*b = t;
}

void cseg__kd_select(int64_t *idx, int64_t n, int64_t k, const double *x, int64_t d, int64_t dim)
{
	int64_t lo = 0, hi = n; /* the k-th lies in [lo, hi) */

	while (hi - lo > 1) {
		/* Median of three as pivot, then Dijkstra's three-way partition:
		 * [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot. */
		double a = x[idx[lo] * d + dim], b = x[idx[lo + (hi - lo) / 2] * d + dim];
		double c = x[idx[hi - 1] * d + dim];
		double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		int64_t lt = lo, i = lo, gt = hi;

		while (i < gt) {
			double v = x[idx[i] * d + dim];
			if (v < pivot)
				swap_idx(&idx[lt++], &idx[i++]);
			else if (v > pivot)
				swap_idx(&idx[i], &idx[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return;
	}
}

int64_t cseg__kd_widest(const int64_t *idx, int64_t n, const double *x, int64_t d)
{
	int64_t best = 0;
	double best_spread = -1;

	for (int64_t j = 0; j < d; j++) {
		double lo = x[idx[0] * d + j], hi = lo;
		for (int64_t i = 1; i < n; i++) {
			double v = x[idx[i] * d + j];
			if (v < lo)
				lo = v;
			if (v > hi)
				hi = v;
		}
		if (hi - lo > best_spread) {
			best_spread = hi - lo;
			best = j;
		}
	}
	return best;
}

typedef struct builder {
	cseg__kdtree *t;
	const double *x;
	const double *weights;
} builder;

/* Node for perm[begin, end), with its subtree; returns the node index. */
static int64_t build(builder *b, int64_t begin, int64_t end)
{
	cseg__kdtree *t = b->t;
	int64_t d = t->d, id = t->n_nodes++, dim = 0, mid;
	double *lo = t->box + id * 2 * d, *hi = lo + d, spread = 0, w = 0;
	cseg__kd_node *node = &t->nodes[id];

	node->begin = begin;
	node->end = end;
	node->left = node->right = -1;
	memcpy(lo, b->x + t->perm[begin] * d, (size_t)d * sizeof(double));
	memcpy(hi, lo, (size_t)d * sizeof(double));
	for (int64_t i = begin; i < end; i++) {
		const double *row = b->x + t->perm[i] * d;
		for (int64_t j = 0; j < d; j++) {
			if (row[j] < lo[j])
				lo[j] = row[j];
			if (row[j] > hi[j])
				hi[j] = row[j];
		}
		w += b->weights ? b->weights[t->perm[i]] : 1.0;
	}
	t->wsum[id] = w;
	for (int64_t j = 0; j < d; j++)
		if (hi[j] - lo[j] > spread) {
			spread = hi[j] - lo[j];
			dim = j;
		}
	/* A node of identical points stays a leaf whatever its size. */
	if (end - begin <= LEAF || !(spread > 0))
		return id;
	mid = begin + (end - begin) / 2;
	cseg__kd_select(t->perm + begin, end - begin, mid - begin, b->x, d, dim);
	/* Children are built after the parent: nodes are in preorder, so a
	 * reverse sweep visits children before parents. */
	{
		int64_t l = build(b, begin, mid);
		int64_t r = build(b, mid, end);
		t->nodes[id].left = l;
		t->nodes[id].right = r;
	}
	return id;
}

cseg_status cseg__kdtree_build(cseg__kdtree *t, const double *x, int64_t n, int64_t d,
	const double *weights)
{
	/* Every split halves a range of more than LEAF points, so a leaf holds
	 * at least (LEAF + 1) / 2 of them. */
	int64_t cap = 2 * (n / ((LEAF + 1) / 2) + 1);
	builder b = { t, x, weights };

	memset(t, 0, sizeof(*t));
	t->n = n;
	t->d = d;
	t->perm = cseg__malloc_array((size_t)n, sizeof(int64_t));
	t->pts = cseg__malloc_array((size_t)(n * d), sizeof(double));
	t->nodes = cseg__malloc_array((size_t)cap, sizeof(cseg__kd_node));
	t->box = cseg__malloc_array((size_t)(cap * 2 * d), sizeof(double));
	t->wsum = cseg__malloc_array((size_t)cap, sizeof(double));
	if (weights)
		t->w = cseg__malloc_array((size_t)n, sizeof(double));
	if (!t->perm || !t->pts || !t->nodes || !t->box || !t->wsum || (weights && !t->w)) {
		cseg__kdtree_free(t);
		return cseg__error(CSEG_E_NOMEM, "out of memory building a k-d tree over %lld rows",
			(long long)n);
	}
	for (int64_t i = 0; i < n; i++)
		t->perm[i] = i;
	build(&b, 0, n);
	for (int64_t p = 0; p < n; p++) {
		memcpy(t->pts + p * d, x + t->perm[p] * d, (size_t)d * sizeof(double));
		if (weights)
			t->w[p] = weights[t->perm[p]];
	}
	return CSEG_OK;
}

void cseg__kdtree_free(cseg__kdtree *t)
{
	free(t->pts);
	free(t->perm);
	free(t->w);
	free(t->nodes);
	free(t->box);
	free(t->wsum);
	memset(t, 0, sizeof(*t));
}
