/**
 * @file cseg_pca.h
 * @brief Principal component analysis, for plotting segments in 2-D or 3-D.
 *
 * Matches `sklearn.decomposition.PCA(n_components=m, svd_solver="full")`:
 * the data are centred (not scaled: scale first if the features have
 * different units), the centred matrix X is decomposed X = U S V^T by LAPACK,
 * the components are the first m rows of V^T, the explained variance is
 * S^2 / (n - 1) and its ratio is divided by the total variance of all
 * components. Signs follow scikit-learn's `svd_flip` (U-based decision, the
 * default up to scikit-learn 1.4): in each component, the customer with the
 * largest absolute score (the first such row) has a positive score.
 *
 * @code
 * cseg_pca *pca = NULL;
 * cseg_pca_new(&pca, ds, 2);
 * double *xy = malloc(n * 2 * sizeof(double));
 * cseg_pca_transform(pca, ds, xy, n * 2);
 * @endcode
 *
 * @defgroup pca PCA
 * @{
 */
#ifndef CSEG_PCA_H
#define CSEG_PCA_H

#include "cseg_common.h"
#include "cseg_dataset.h"

CSEG_BEGIN_DECLS

/** Opaque fitted PCA. */
typedef struct cseg_pca cseg_pca;

/** Fitted quantities (::cseg_pca_get). */
typedef enum cseg_pca_result {
	CSEG_PCA_COMPONENTS = 0,          /**< m x d, row-major: unit-length principal axes. */
	CSEG_PCA_EXPLAINED_VARIANCE = 1,  /**< m: variance along each axis, S^2 / (n - 1). */
	CSEG_PCA_EXPLAINED_RATIO = 2,     /**< m: share of the total variance. */
	CSEG_PCA_SINGULAR_VALUES = 3,     /**< m: singular values of the centred data. */
	CSEG_PCA_MEAN = 4                 /**< d: the feature means removed before projecting. */
} cseg_pca_result;

/**
 * @brief Fit a PCA on a dataset.
 *
 * Complexity: O(n d min(n, d)) time, O(n d) extra memory (one centred
 * copy; LAPACK dgesvd computes V^T only).
 * @param[out] out the fitted PCA; NULL on failure.
 * @param[in] data dataset without missing values, at least 2 rows; not kept.
 * @param[in] n_components m, 1..min(n, d), or 0 for min(n, d).
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, fewer than 2 rows,
 *   @p n_components out of range); ::CSEG_E_MISSING_VALUES; ::CSEG_E_NOMEM;
 *   ::CSEG_E_NOT_CONVERGED when LAPACK's SVD does not converge.
 * @note Caller owns the PCA; free with ::cseg_pca_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_pca_new(cseg_pca **out, const cseg_dataset *data, int64_t n_components);

/**
 * @brief Free a PCA.
 * @param[in] pca PCA, or NULL (ignored).
 * @since 0.1.0
 */
CSEG_API void cseg_pca_free(cseg_pca *pca);

/**
 * @brief Number of components.
 * @param[in] pca fitted PCA.
 * @return m, or -1 when @p pca is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_pca_n_components(const cseg_pca *pca);

/**
 * @brief Number of features.
 * @param[in] pca fitted PCA.
 * @return d, or -1 when @p pca is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_pca_n_features(const cseg_pca *pca);

/**
 * @brief Copy a fitted quantity.
 * @param[in] pca fitted PCA.
 * @param[in] what a ::cseg_pca_result.
 * @param[out] out buffer of @p n_out doubles.
 * @param[in] n_out m * d for the components, d for the mean, m otherwise.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, wrong size); ::CSEG_E_UNSUPPORTED (unknown @p what).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_pca_get(const cseg_pca *pca, int what, double *out, int64_t n_out);

/**
 * @brief Project the rows of a dataset on the components: (x - mean) V_m^T.
 * @param[in] pca fitted PCA; read only (thread-safe).
 * @param[in] data dataset with the fitted number of features, no missing values.
 * @param[out] out buffer of @p n_out doubles, row-major n x m.
 * @param[in] n_out must equal rows * m.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL, other width, wrong size),
 *   ::CSEG_E_MISSING_VALUES.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_pca_transform(const cseg_pca *pca, const cseg_dataset *data,
	double *out, int64_t n_out);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_PCA_H */
