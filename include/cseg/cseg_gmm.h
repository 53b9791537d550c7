/**
 * @file cseg_gmm.h
 * @brief Gaussian mixtures (::CSEG_ALGO_GMM): soft membership, likelihoods, BIC/AIC.
 *
 * A mixture model is created by ::cseg_model_new with ::CSEG_ALGO_GMM and
 * fitted by EM as scikit-learn's `GaussianMixture`: the same parameters
 * (::CSEG_PARAM_K = n_components, ::CSEG_PARAM_GMM_COVARIANCE_TYPE,
 * ::CSEG_PARAM_TOL = tol on the change of the mean log-likelihood lower
 * bound, default 1e-3, ::CSEG_PARAM_MAX_ITER default 100,
 * ::CSEG_PARAM_N_INIT, ::CSEG_PARAM_GMM_REG_COVAR, ::CSEG_PARAM_GMM_INIT_PARAMS,
 * ::CSEG_PARAM_SEED) and the same updates, so that from the same initial
 * weights, means and precisions (::cseg_gmm_set_init) the converged lower
 * bound agrees with sklearn to about 1e-9 relative. Cholesky factors come
 * from LAPACK's dpotrf and triangular solves; every posterior is taken by
 * log-sum-exp, so a customer far from every component gets finite
 * probabilities (its log-likelihood may be -inf beyond ~1e154 in squared
 * Mahalanobis units, never NaN). Sample weights (::cseg_model_fit_weighted)
 * act as repeated rows.
 *
 * Fitted arrays (::cseg_model_get_array), for k components and d features:
 * - "weights": 1 x k mixing proportions;
 * - "means": k x d (also the model's centroids);
 * - "covariances": full k x (d*d); tied d x d; diag k x d; spherical 1 x k;
 * - "precisions_cholesky": same layout: for full and tied the upper
 *   triangular U with precision = U U^T (sklearn's precisions_cholesky_);
 *   for diag and spherical 1 / sqrt(covariance);
 * - "lower_bound", "bic", "aic": 1 x 1, also read as ::CSEG_RESULT_GMM_LOWER_BOUND,
 *   ::CSEG_RESULT_GMM_BIC and ::CSEG_RESULT_GMM_AIC.
 *
 * Assignments (::cseg_model_assign): label = the component of largest
 * posterior probability, confidence = that probability, runner-up = the
 * second most probable component (-1 when k = 1), borderline = confidence
 * below ::CSEG_PARAM_BORDERLINE_PROB, distance = the Mahalanobis distance to
 * the chosen component, sqrt((x - mu)^T Sigma^-1 (x - mu)), and margin = the
 * log posterior of the label minus that of the runner-up (>= 0; 0 when
 * k = 1). The model's inertia is the weighted sum of squared Euclidean
 * distances of the training rows to the means of their labels, for
 * comparison with k-means.
 *
 * @defgroup gmm Gaussian mixtures
 * @{
 */
#ifndef CSEG_GMM_H
#define CSEG_GMM_H

#include "cseg_common.h"
#include "cseg_dataset.h"
#include "cseg_model.h"

CSEG_BEGIN_DECLS

/** Covariance structures (::CSEG_PARAM_GMM_COVARIANCE_TYPE), as sklearn's covariance_type. */
typedef enum cseg_gmm_covariance {
	CSEG_GMM_FULL = 0,     /**< Each component has its own general covariance matrix. */
	CSEG_GMM_TIED = 1,     /**< All components share one general covariance matrix. */
	CSEG_GMM_DIAG = 2,     /**< Each component has its own diagonal covariance. */
	CSEG_GMM_SPHERICAL = 3 /**< Each component has its own single variance. */
} cseg_gmm_covariance;

/** Data-driven starts (::CSEG_PARAM_GMM_INIT_PARAMS), as sklearn's init_params. */
typedef enum cseg_gmm_init {
	CSEG_GMM_INIT_KMEANS = 0,          /**< Hard responsibilities from cseg's k-means
	                                        (k-means++ start, the model's seed, one run). */
	CSEG_GMM_INIT_KMEANSPP = 1,        /**< k-means++ picks k rows; each component starts
	                                        from its row alone (sklearn's "k-means++"). */
	CSEG_GMM_INIT_RANDOM = 2,          /**< Uniform random responsibilities, normalised per row. */
	CSEG_GMM_INIT_RANDOM_FROM_DATA = 3 /**< k distinct random rows, one per component. */
} cseg_gmm_init;

/**
 * @brief Give initial weights, means and/or precisions (sklearn's
 *   weights_init, means_init, precisions_init).
 *
 * Parts left out (NULL, or a count of 0) come from the data-driven start (::CSEG_PARAM_GMM_INIT_PARAMS)
 * as in sklearn. Each call replaces all three parts. Sets ::CSEG_PARAM_K to
 * @p k. Set ::CSEG_PARAM_GMM_COVARIANCE_TYPE first: the precisions' layout
 * is checked against it here and again at fit time. Forgotten by
 * ::cseg_model_reset_params.
 * @param[in,out] model mixture model.
 * @param[in] k number of components, >= 1.
 * @param[in] d number of features, >= 1 (must equal the data's at fit time).
 * @param[in] weights k values in [0, 1] summing to 1 (within 1e-6), or NULL.
 * @param[in] n_weights k, or 0 to leave the weights out.
 * @param[in] means k x d finite values, row-major, or NULL.
 * @param[in] n_means k * d, or 0 to leave the means out.
 * @param[in] precisions inverse covariances, or NULL: full k x d x d
 *   symmetric positive definite matrices; tied one d x d matrix; diag k x d
 *   positive values; spherical k positive values.
 * @param[in] n_precisions their number of doubles, or 0 to leave them out.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL model, not a mixture, bad
 *   sizes, values out of range, a precision that is not symmetric positive
 *   definite); ::CSEG_E_NOMEM. On failure the model is unchanged.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gmm_set_init(cseg_model *model, int64_t k, int64_t d,
	const double *weights, int64_t n_weights, const double *means, int64_t n_means,
	const double *precisions, int64_t n_precisions);

/**
 * @brief Posterior probability of every component for every customer.
 * @param[in] model fitted mixture model; read only.
 * @param[in] data dataset with the model's features, no missing values.
 * @param[out] out buffer of @p n_out doubles: n_rows x k, row-major; each row sums to 1.
 * @param[in] n_out must equal n_rows * k.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL, not a mixture, wrong width
 *   or size), ::CSEG_E_NOT_FITTED, ::CSEG_E_MISSING_VALUES or ::CSEG_E_NOMEM.
 * @note Thread-safe on one model.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gmm_predict_proba(const cseg_model *model, const cseg_dataset *data,
	double *out, int64_t n_out);

/**
 * @brief Log-likelihood log p(x) of every customer under the mixture.
 * @param[in] model fitted mixture model.
 * @param[in] data dataset with the model's features.
 * @param[out] out buffer of @p n_out doubles, one per row (-inf only
 *   when a row is too far for double precision; never NaN).
 * @param[in] n_out must equal the data's rows.
 * @return as ::cseg_gmm_predict_proba.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gmm_score_samples(const cseg_model *model, const cseg_dataset *data,
	double *out, int64_t n_out);

/**
 * @brief Mean log-likelihood of a dataset (sklearn's score).
 * @param[in] model fitted mixture model.
 * @param[in] data dataset with the model's features, at least one row.
 * @param[out] out the mean of ::cseg_gmm_score_samples.
 * @return as ::cseg_gmm_predict_proba.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gmm_score(const cseg_model *model, const cseg_dataset *data, double *out);

/**
 * @brief Bayesian information criterion of the model on a dataset:
 *   -2 n score + p ln n, p = free parameters (sklearn's bic).
 * @param[in] model fitted mixture model.
 * @param[in] data dataset with the model's features, at least one row.
 * @param[out] out the BIC; lower is better.
 * @return as ::cseg_gmm_predict_proba.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gmm_bic(const cseg_model *model, const cseg_dataset *data, double *out);

/**
 * @brief Akaike information criterion: -2 n score + 2 p (sklearn's aic).
 * @param[in] model fitted mixture model.
 * @param[in] data dataset with the model's features, at least one row.
 * @param[out] out the AIC; lower is better.
 * @return as ::cseg_gmm_predict_proba.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gmm_aic(const cseg_model *model, const cseg_dataset *data, double *out);

/**
 * @brief Number of free parameters of a fitted mixture (k - 1 weights,
 *   k d means and the covariance parameters), as sklearn's _n_parameters.
 * @param[in] model fitted mixture model.
 * @param[out] out the count.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOT_FITTED.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gmm_n_parameters(const cseg_model *model, int64_t *out);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_GMM_H */
