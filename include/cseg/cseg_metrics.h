/**
 * @file cseg_metrics.h
 * @brief Internal validity metrics of a segmentation.
 *
 * All take a dataset and one label per row (labels 0..k-1; a negative label,
 * such as DBSCAN noise, is an error unless stated). They agree with
 * `sklearn.metrics` to 1e-9 relative.
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
 * @param[in] data dataset without missing values.
 * @param[in] labels @p n_labels segment numbers >= 0.
 * @param[in] n_labels must equal the dataset's rows.
 * @param[out] out the inertia.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_MISSING_VALUES.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_inertia(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out);

/**
 * @brief Mean silhouette coefficient (Rousseeuw 1987), as sklearn's silhouette_score.
 *
 * s(i) = (b - a) / max(a, b) with a the mean distance to the own segment and
 * b the smallest mean distance to another; 0 for members of singleton segments.
 * Exact when @p sample_size is 0: computed in blocks, O(n^2 d) time and O(n + k)
 * memory. Otherwise on @p sample_size rows drawn without replacement with @p seed.
 * @param[in] sample_size 0 for all rows, else 2..n.
 * @param[in] seed seed of the sample, >= 0.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG when fewer than 2 or more than n-1
 *   segments are present (as sklearn); ::CSEG_E_MISSING_VALUES.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_silhouette(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, int64_t sample_size, int64_t seed, double *out);

/**
 * @brief Per-row silhouette coefficients (exact), as sklearn's silhouette_samples.
 * @param[out] out buffer of @p n_out doubles.
 * @param[in] n_out must equal the dataset's rows.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_silhouette_samples(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out, int64_t n_out);

/**
 * @brief Calinski-Harabasz index: between / within dispersion, scaled by (n-k)/(k-1).
 * @return as ::cseg_metric_silhouette (needs 2..n-1 segments).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_calinski_harabasz(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out);

/**
 * @brief Davies-Bouldin index: mean over segments of the worst (s_i + s_j) / d(c_i, c_j).
 * @return as ::cseg_metric_silhouette (needs 2..n-1 segments).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_metric_davies_bouldin(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_METRICS_H */
