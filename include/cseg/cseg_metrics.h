/**
 * @file cseg_metrics.h
 * @brief Internal validity metrics of a segmentation.
 *
 * All take a dataset without missing values and one label per row. Labels
 * are any integers >= 0, not necessarily contiguous (e.g. 3, 17, 42): they
 * are mapped to segments in increasing order, as sklearn's `LabelEncoder`
 * does. A negative label, such as DBSCAN noise, is an error naming the row.
 *
 * Results agree with `sklearn.metrics` to 1e-9 relative (tests compare the
 * fixtures of `tests/fixtures/gen_metrics.py`). Distances are exact to
 * rounding: where sklearn's `|x|^2 + |y|^2 - 2 x.y` form loses digits
 * (duplicate or near-duplicate rows far from the origin) cseg matches sklearn
 * run on exact distances, not sklearn's rounding error.
 *
 * On failure the output is left unchanged and cseg_last_error() says why.
 * Results do not depend on the number of threads (::cseg_set_max_threads).
 *
 * @defgroup metrics Metrics
 * @{
 */
#ifndef CSEG_METRICS_H
#define CSEG_METRICS_H

#include "cseg_common.h"
#include "cseg_dataset.h"

CSEG_BEGIN_DECLS

/**
 * @brief Inertia: sum of squared distances of rows to the mean of their segment.
 *
 * The k-means objective, for any number of segments from 1 (total sum of
 * squares) to n (0).
 * Complexity: O(n d) time, O(n + k d) memory.
 * @param[in] data dataset without missing values.
 * @param[in] labels @p n_labels segment labels >= 0.
 * @param[in] n_labels must equal the dataset's rows.
 * @param[out] out the inertia.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers, @p n_labels
 *   different from the rows, or a negative label; ::CSEG_E_MISSING_VALUES;
 *   ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_inertia(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out);

/**
 * @brief Mean silhouette coefficient (Rousseeuw 1987), as sklearn's silhouette_score.
 *
 * s(i) = (b - a) / max(a, b) with a the mean Euclidean distance to the other
 * members of the row's segment and b the smallest mean distance to the
 * members of another segment; 0 for the member of a singleton segment (and
 * when a = b = 0).
 *
 * With @p sample_size 0 every row is used. Otherwise @p sample_size distinct
 * rows are drawn with cseg's generator seeded by @p seed and the exact
 * silhouette of those rows is returned, as sklearn does with `sample_size`
 * (the rows drawn differ from sklearn's, whose generator is NumPy's).
 *
 * Complexity: O(m^2 d) time for m rows used, in blocks (each pair of rows is
 * visited once), O(m + k) memory plus fixed per-thread buffers; never an
 * m x m matrix.
 * @param[in] data dataset without missing values.
 * @param[in] labels @p n_labels segment labels >= 0.
 * @param[in] n_labels must equal the dataset's rows.
 * @param[in] sample_size 0 for all rows, else 2..n.
 * @param[in] seed seed of the sample, >= 0 (ignored when @p sample_size is 0).
 * @param[out] out the mean coefficient, in [-1, 1].
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers, @p n_labels
 *   different from the rows, a negative label, a bad @p sample_size or
 *   @p seed, or when the rows used hold fewer than 2 or more than (rows - 1)
 *   distinct labels (as sklearn; the message gives the count);
 *   ::CSEG_E_MISSING_VALUES; ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_silhouette(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, int64_t sample_size, int64_t seed, double *out);

/**
 * @brief Per-row silhouette coefficients (exact), as sklearn's silhouette_samples.
 *
 * Same definition and cost as ::cseg_metric_silhouette on all rows.
 * @param[in] data dataset without missing values.
 * @param[in] labels @p n_labels segment labels >= 0.
 * @param[in] n_labels must equal the dataset's rows.
 * @param[out] out buffer of @p n_out doubles; out[i] is row i's coefficient.
 * @param[in] n_out must equal the dataset's rows.
 * @return as ::cseg_metric_silhouette.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_silhouette_samples(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out, int64_t n_out);

/**
 * @brief Calinski-Harabasz index: between / within dispersion, scaled by (n-k)/(k-1).
 *
 * [sum_c n_c |m_c - m|^2 / (k - 1)] / [sum_i |x_i - m_c(i)|^2 / (n - k)];
 * 1.0 when the within dispersion is exactly 0 (as sklearn). Higher is better.
 * Complexity: O(n d) time, O(n + k d) memory.
 * @param[in] data dataset without missing values.
 * @param[in] labels @p n_labels segment labels >= 0.
 * @param[in] n_labels must equal the dataset's rows.
 * @param[out] out the index.
 * @return as ::cseg_metric_silhouette (needs 2..n-1 segments).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_calinski_harabasz(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out);

/**
 * @brief Davies-Bouldin index: mean over segments of the worst (s_i + s_j) / d(c_i, c_j).
 *
 * s_i is the mean distance of segment i's rows to its centroid c_i. As
 * sklearn: pairs of segments with coincident centroids are skipped, and the
 * index is 0 when every s_i, or every centroid distance, is at most 1e-8.
 * Lower is better.
 * Complexity: O(n d + k^2 d) time, O(n + k d) memory.
 * @param[in] data dataset without missing values.
 * @param[in] labels @p n_labels segment labels >= 0.
 * @param[in] n_labels must equal the dataset's rows.
 * @param[out] out the index.
 * @return as ::cseg_metric_silhouette (needs 2..n-1 segments).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_davies_bouldin(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out);

/**
 * @brief Adjusted Rand index of two labelings (Hubert & Arabie 1985), as
 *   sklearn's adjusted_rand_score.
 *
 * Agreement of two partitions of the same customers corrected for chance:
 * 1 for identical partitions (whatever the label values), about 0 for
 * independent ones. Any int64 value is a label (-1 for noise is one more
 * group); 1.0 when both labelings have a single group or every customer is
 * alone in both (as sklearn). Complexity: O(n log n) time, O(n) memory.
 * @param[in] labels_a @p n labels.
 * @param[in] labels_b @p n labels.
 * @param[in] n number of customers, >= 1.
 * @param[out] out the index, in [-1, 1].
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL, n < 1) or ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_metric_adjusted_rand(const int64_t *labels_a, const int64_t *labels_b,
	int64_t n, double *out);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_METRICS_H */
