/* Hierarchical agglomerative clustering, private to the library. The merge
 * engines write unsorted merges (x, y, height) in SciPy's nn_chain /
 * mst_single_linkage convention; cseg__hclust_finish sorts them by height
 * (stable) and relabels them into SciPy's linkage format. */
#ifndef CSEG_HCLUST_H
#define CSEG_HCLUST_H

#include <math.h>

#include "cseg/cseg_hierarchical.h"
#include "model_internal.h"

/* Ward by the nearest-neighbour chain on centroids and sizes: x is n x d
 * (the leaves), size their weights (> 0) or NULL for 1. z: (n-1) x 4,
 * columns x, y, height, (unused). O(n d) memory. */
cseg_status cseg__hclust_ward(const double *x, const double *size, int64_t n, int64_t d,
	cseg_progress_fn progress, void *payload, double *z);

/* Complete or average linkage by the nearest-neighbour chain on the
 * condensed distance matrix (n(n-1)/2 doubles, refused above max_bytes). */
cseg_status cseg__hclust_matrix(const double *x, const double *size, int64_t n, int64_t d,
	cseg_linkage linkage, double max_bytes, cseg_progress_fn progress, void *payload, double *z);

/* Single linkage by Prim's algorithm; distances computed on the fly. */
cseg_status cseg__hclust_single(const double *x, int64_t n, int64_t d,
	cseg_progress_fn progress, void *payload, double *z);

/* Sort the n-1 merges of z by height (stable) and relabel them as SciPy's
 * label(): idx1 < idx2 are the current cluster ids, column 3 the count of
 * rows below (leaf_count[i] rows under leaf i, or 1 when NULL). */
cseg_status cseg__hclust_finish(double *z, int64_t n, const double *leaf_count);

/* Cut a valid linkage (no checks): leaf labels in order of first
 * appearance; returns the number of clusters. work: 2 (2n - 1) int64. */
int64_t cseg__linkage_cut_unchecked(const double *z, int64_t n, int64_t k, double height,
	int64_t *labels, int64_t *work);

/* Check a linkage matrix; `what` names it in messages. */
cseg_status cseg__linkage_check(const double *z, int64_t n, const char *what);

/* Scans of fewer slots than this run serially. A parallel region per
 * nearest-neighbour search costs a few microseconds on an idle machine but
 * milliseconds when the cores are shared (threads wait at the barrier for a
 * descheduled sibling): measured on 2 shared cores, Ward on 20,000 x 8 took
 * 2.7 s of CPU serially and 57 s with 2 threads. So only searches long
 * enough to amortise that (n > 65536) are split. Tests lower it. */
extern int64_t cseg__hclust_par_min;

/* Euclidean distance as scipy.spatial.distance.pdist computes it. */
static inline double cseg__hc_dist(const double *a, const double *b, int64_t d)
{
	double s = 0.0;

	for (int64_t j = 0; j < d; j++) {
		double t = a[j] - b[j];
		s += t * t;
	}
	return sqrt(s);
}

#endif /* CSEG_HCLUST_H */
