/* DBSCAN: the k-d tree used while fitting, and the core-sample tree kept in
 * the model for assigning new customers. Private to lib/models. */
#ifndef CSEG_DBSCAN_INTERNAL_H
#define CSEG_DBSCAN_INTERNAL_H

#include <stdint.h>

#include "model_internal.h"

/* Names of the fitted arrays (documented at CSEG_ALGO_DBSCAN). */
#define CSEG__DBSCAN_CORE_INDICES "core_sample_indices"
#define CSEG__DBSCAN_COMPONENTS "components"
#define CSEG__DBSCAN_CORE_LABELS "core_labels"
#define CSEG__DBSCAN_CORE_TREE "core_tree"

/*
 * Fit-time k-d tree over all n points: the points are copied in tree order
 * (a node is the contiguous range [begin, end) of that order), nodes keep
 * their bounding box, so a radius query can take or drop a whole node, and
 * their total weight, so a neighbourhood count can add a node in one step.
 * Splits are on the widest side of the box at the median: O(n log n) to
 * build, depth log2(n / leaf).
 */
typedef struct cseg__kd_node {
	int64_t begin, end;
	int64_t left, right;  /* child nodes, -1 for a leaf */
} cseg__kd_node;

typedef struct cseg__kdtree {
	int64_t n, d;
	double *pts;          /* n x d, tree order */
	int64_t *perm;        /* tree position -> original row */
	double *w;            /* n weights in tree order (NULL: all 1) */
	cseg__kd_node *nodes;
	double *box;          /* per node: d lower bounds then d upper bounds */
	double *wsum;         /* per node: total weight */
	int64_t n_nodes;
} cseg__kdtree;

/* Reorder idx[0..n) so that idx[k] holds the row whose value on feature
 * dim ranks k-th, rows before it no greater, rows after no smaller
 * (quickselect with a three-way partition: linear on many ties). */
void cseg__kd_select(int64_t *idx, int64_t n, int64_t k, const double *x, int64_t d, int64_t dim);

/* The feature of widest spread among rows idx[0..n) of x. */
int64_t cseg__kd_widest(const int64_t *idx, int64_t n, const double *x, int64_t d);

/* Build over x (n x d row-major) with optional weights. */
cseg_status cseg__kdtree_build(cseg__kdtree *t, const double *x, int64_t n, int64_t d,
	const double *weights);
void cseg__kdtree_free(cseg__kdtree *t);

/* Squared distance, summed in feature order as sklearn's KDTree does, so
 * points exactly at eps fall on the same side. */
static inline double cseg__dbscan_rdist(const double *a, const double *b, int64_t d)
{
	double s = 0;

	for (int64_t j = 0; j < d; j++) {
		double t = a[j] - b[j];
		s += t * t;
	}
	return s;
}

/*
 * The core-sample tree saved with the model (array "core_tree", n_core x 3):
 * an implicit k-d tree over the rows of "components". Row p holds the
 * component index stored at tree position p, the feature it splits on and
 * the cluster common to its whole subtree (-1 when mixed). A range
 * [lo, hi) of positions is a node whose split point sits at
 * mid = lo + (hi - lo) / 2; [lo, mid) lies at or below it on that feature,
 * [mid + 1, hi) at or above. Ranges of at most CSEG__CORE_LEAF positions
 * are scanned (split feature and cluster stored as -1). The common
 * cluster lets a search skip a subtree of the nearest sample's own cluster
 * that cannot hold a nearer one: deep inside a cluster most of the eps-ball
 * is such subtrees.
 */
#define CSEG__CORE_LEAF 8
#define CSEG__CORE_TREE_COLS 3

/* Fill tree (n_core x 3) for the components c (n_core x d) of clusters
 * labels (n_core). */
cseg_status cseg__core_tree_build(double *tree, const double *c, const double *labels,
	int64_t n_core, int64_t d);

/* Check a loaded tree: a permutation, split features in range, every point
 * on the right side of every split above it, true common clusters. */
cseg_status cseg__core_tree_check(const double *tree, const double *c, const double *labels,
	int64_t n_core, int64_t d);

/* What a customer's neighbourhood among the core samples says. */
typedef struct cseg__core_hit {
	int64_t label;        /* cluster of the nearest core sample within eps, or -1 */
	double dist2;         /* its squared distance; for noise, to the nearest core sample */
	int64_t runner_up;    /* cluster of the nearest core sample of another cluster within eps, or -1 */
	double runner_dist2;
} cseg__core_hit;

/* Query the model's core tree at x (thread-safe, allocates nothing). off
 * is scratch of m->d doubles, or NULL for a slower search without it. */
void cseg__core_tree_query(const cseg_model *m, const double *x, double *off, cseg__core_hit *hit);

/* The fit (dbscan_fit.c). */
cseg_status cseg__dbscan_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	cseg_progress_fn progress, void *progress_payload);

#endif /* CSEG_DBSCAN_INTERNAL_H */
