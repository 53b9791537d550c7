/**
 * @file cseg_hierarchical.h
 * @brief Hierarchical agglomerative clustering: linkages, linkage-matrix cuts
 *   and dendrogram export.
 *
 * A model of ::CSEG_ALGO_HIERARCHICAL merges customers bottom-up under
 * Euclidean distance with the linkage of ::CSEG_PARAM_LINKAGE, then cuts the
 * tree into ::CSEG_PARAM_K segments, or at the height ::CSEG_PARAM_CUT_HEIGHT
 * when that is positive. Linkages and their cost:
 * - Ward (default): nearest-neighbour chain (Müllner 2011) on cluster
 *   centroids and sizes; the distance of clusters A and B is
 *   sqrt(2 |A||B| / (|A| + |B|)) ||c_A - c_B||, the height SciPy reports.
 *   Time O(n^2 d), memory O(n d): no distance matrix.
 * - complete and average: nearest-neighbour chain with Lance-Williams
 *   updates on the condensed distance matrix. Time O(n^2), memory
 *   n (n - 1) / 2 doubles (1.6 GB for n = 20,000); a fit that would need
 *   more than ::CSEG_PARAM_MAX_MEMORY_MB fails with ::CSEG_E_NOMEM and a
 *   message giving the bytes needed.
 * - single: Prim's minimum spanning tree on the fly. Time O(n^2 d), memory O(n).
 *
 * Two-stage mode (::CSEG_PARAM_MICRO_CLUSTERS; Ward only), for n beyond the
 * quadratic time budget: k-means (seeded by ::CSEG_PARAM_SEED, at most
 * ::CSEG_PARAM_MAX_ITER iterations) groups the rows into m micro-clusters,
 * then Ward's method merges the micro-cluster centroids weighted by their
 * sizes (sum of the row weights). The tree's leaves are then the
 * micro-clusters, not the rows: the linkage matrix has m - 1 rows and each
 * customer takes the segment of its micro-cluster. Empty micro-clusters
 * (data with fewer than m distinct rows) are dropped. Time O(n m d + m^2 d).
 *
 * Fitted arrays (::cseg_model_get_array):
 * - "linkage": (L - 1) x 4 in SciPy's format, L the number of leaves (rows,
 *   or micro-clusters in two-stage mode). Row i merges clusters idx1 < idx2
 *   (leaves are 0..L-1, the cluster made at row i is L + i) at height
 *   `height`; `count` is the number of training rows below it. Rows are
 *   sorted by height (stable), as scipy.cluster.hierarchy.linkage gives them.
 * - "micro_centers" (m x d) and "micro_sizes" (m x 1, weight per
 *   micro-cluster): two-stage mode only.
 *
 * The model's centroids are the (weighted) means of the cut segments. New
 * customers are assigned to the nearest segment centroid (the tree itself is
 * not extended), with the distance, margin and confidence of k-means.
 * Training labels number the segments in order of first appearance in the
 * rows (row 0 is in segment 0).
 *
 * Weights (::cseg_model_fit_weighted) must be positive; Ward and average
 * linkage treat them as cluster sizes (weighted Ward, weighted UPGMA);
 * complete and single linkage use them only for the centroids and inertia.
 *
 * Reference: D. Müllner (2011), "Modern hierarchical, agglomerative
 * clustering algorithms", arXiv:1109.2378.
 *
 * @code
 * cseg_model *m = NULL;
 * cseg_model_new(&m, CSEG_ALGO_HIERARCHICAL);
 * cseg_model_set_int(m, CSEG_PARAM_LINKAGE, CSEG_LINKAGE_WARD);
 * cseg_model_set_int(m, CSEG_PARAM_K, 5);
 * if (cseg_model_fit(m, ds) == CSEG_OK)
 *     cseg_model_write_dendrogram(m, "tree.json", 0);
 * @endcode
 *
 * @defgroup hierarchical Hierarchical clustering
 * @{
 */
#ifndef CSEG_HIERARCHICAL_H
#define CSEG_HIERARCHICAL_H

#include "cseg_common.h"
#include "cseg_model.h"

CSEG_BEGIN_DECLS

/** Linkage methods (::CSEG_PARAM_LINKAGE). */
typedef enum cseg_linkage {
	CSEG_LINKAGE_WARD = 0,     /**< Ward's minimum variance; O(n d) memory. */
	CSEG_LINKAGE_COMPLETE = 1, /**< Maximum pairwise distance; O(n^2) memory. */
	CSEG_LINKAGE_AVERAGE = 2,  /**< Mean pairwise distance (UPGMA); O(n^2) memory. */
	CSEG_LINKAGE_SINGLE = 3    /**< Minimum pairwise distance (minimum spanning tree); O(n) memory. */
} cseg_linkage;

/**
 * @brief Name of a linkage: "ward", "complete", "average" or "single".
 * @param[in] linkage a ::cseg_linkage.
 * @return static name, or NULL for an unknown value.
 * @since 0.2.0
 */
CSEG_API const char *cseg_linkage_name(cseg_linkage linkage);

/**
 * @brief Cut a linkage matrix into flat clusters.
 *
 * With @p height > 0, merges of height <= @p height are applied (as
 * scipy.cluster.hierarchy.fcluster(Z, height, 'distance')); otherwise the
 * first n - @p k merges are applied, giving exactly @p k clusters (as
 * scipy.cluster.hierarchy.cut_tree; this equals fcluster(Z, k, 'maxclust')
 * unless merges tie in height across the cut, where maxclust gives fewer).
 * Clusters are numbered 0, 1, ... in order of first appearance among the
 * leaves 0..n-1.
 * Complexity: O(n) time and memory.
 * @param[in] linkage (n - 1) x 4 doubles, row-major, in SciPy's format (see
 *   the "linkage" array of a fitted model): each cluster id in [0, n + i)
 *   for row i and used once, heights finite, >= 0 and non-decreasing.
 * @param[in] n_linkage number of doubles in @p linkage, (n - 1) * 4.
 * @param[in] k clusters wanted, 1..n; ignored when @p height > 0.
 * @param[in] height cut height; 0 to cut by @p k. Must be finite and >= 0.
 * @param[out] out cluster of each leaf.
 * @param[in] n_out n, the number of leaves (>= 1).
 * @return ::CSEG_OK, or ::CSEG_E_INVALID_ARG (NULL pointer, size mismatch,
 *   k out of range, a malformed linkage: the message names the row).
 *   On failure @p out is unchanged.
 * @note Thread-safe.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_linkage_cut(const double *linkage, int64_t n_linkage, int64_t k,
	double height, int64_t *out, int64_t n_out);

/**
 * @brief Write the dendrogram of a fitted hierarchical model as JSON, atomically.
 *
 * Schema (one object):
 * @code
 * {"format": "cseg-dendrogram", "version": 1,
 *  "linkage": "ward",             // cseg_linkage_name
 *  "leaves_are": "rows",          // or "micro_clusters" (two-stage mode)
 *  "n_leaves": 440, "n_rows": 440,
 *  "k": 5, "root": 878,          // segments of the model's cut; last node

 *  "nodes": [{"id": 440, "children": [12, 97], "height": 0.13, "count": 2}, ...],
 *  "leaves": [{"id": 0, "count": 1, "segment": 3}, ...]}   // only with include_leaves
 *  // micro-cluster leaves carry "weight" (their summed row weights) instead of "count"
 * @endcode
 * Node ids follow the linkage matrix: leaves 0..n_leaves-1, the node made by
 * linkage row i is n_leaves + i; `count` is training rows below the node;
 * nodes come in merge order (non-decreasing height), the root last. A leaf's
 * `segment` is its segment in the model's cut. Numbers use 17 significant
 * digits.
 * @param[in] model fitted hierarchical model (fitted or loaded).
 * @param[in] path destination; written to a temporary file beside it,
 *   flushed, then renamed.
 * @param[in] include_leaves non-zero to list the leaves too (n_leaves more
 *   objects); 0 keeps the file to the internal nodes.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL), ::CSEG_E_NOT_FITTED,
 *   ::CSEG_E_UNSUPPORTED (not a hierarchical model), ::CSEG_E_NOMEM or
 *   ::CSEG_E_IO.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_write_dendrogram(const cseg_model *model, const char *path,
	int include_leaves);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_HIERARCHICAL_H */
