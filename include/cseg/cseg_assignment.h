/**
 * @file cseg_assignment.h
 * @brief Assignments: each customer's segment, distance and margin.
 *
 * @defgroup assignment Assignments
 * @{
 */
#ifndef CSEG_ASSIGNMENT_H
#define CSEG_ASSIGNMENT_H

#include "cseg_common.h"

CSEG_BEGIN_DECLS

/** Opaque assignment handle, produced by ::cseg_model_assign. */
typedef struct cseg_assignment cseg_assignment;

/**
 * @brief Free an assignment. NULL is accepted.
 * @param[in] a assignment to free.
 * @since 0.1.0
 */
CSEG_API void cseg_assignment_free(cseg_assignment *a);

/**
 * @brief Number of customers, or -1 when @p a is NULL.
 * @param[in] a assignment.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_assignment_n_rows(const cseg_assignment *a);

/**
 * @brief Copy the segment labels (0-based).
 * @param[in] a assignment.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_assignment_n_rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_assignment_get_labels(const cseg_assignment *a, int64_t *out, int64_t n_out);

/**
 * @brief Copy the Euclidean distances to the own centroid.
 * @param[in] a assignment.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_assignment_n_rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_assignment_get_distances(const cseg_assignment *a, double *out, int64_t n_out);

/**
 * @brief Copy the margins: distance to the second-nearest centroid minus
 *   distance to the nearest (0 when k = 1).
 * @param[in] a assignment.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_assignment_n_rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_assignment_get_margins(const cseg_assignment *a, double *out, int64_t n_out);

/**
 * @brief Copy the runner-up segments (-1 when k = 1).
 * @param[in] a assignment.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_assignment_n_rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_assignment_get_runner_up(const cseg_assignment *a, int64_t *out, int64_t n_out);

/**
 * @brief Copy the confidence of every assignment, in [0, 1].
 *
 * Centroid models (k-means, mini-batch, hierarchical): the relative gap
 * (d2 - d1) / d2 between the nearest and second-nearest centre (1 when
 * k = 1). Mixtures: the largest posterior probability. DBSCAN: 1 for a
 * customer within eps of a core sample, 0 for noise.
 * @param[in] a assignment.
 * @param[out] out buffer of @p n_out doubles.
 * @param[in] n_out must equal ::cseg_assignment_n_rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_assignment_get_confidence(const cseg_assignment *a, double *out, int64_t n_out);

/**
 * @brief Copy the borderline flags: 1 when the confidence is below the
 *   model's ::CSEG_PARAM_BORDERLINE_MARGIN (centroid models) or
 *   ::CSEG_PARAM_BORDERLINE_PROB (mixtures), else 0.
 * @param[in] a assignment.
 * @param[out] out buffer of @p n_out flags.
 * @param[in] n_out must equal ::cseg_assignment_n_rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_assignment_get_borderline(const cseg_assignment *a, int64_t *out, int64_t n_out);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_ASSIGNMENT_H */
