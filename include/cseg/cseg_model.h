/**
 * @file cseg_model.h
 * @brief Segmentation models: parameters, fitting, results and model files.
 *
 * A model is created for one algorithm, configured through typed setters keyed
 * by ::cseg_param (so new parameters never change a signature), fitted on a
 * dataset, then read through getters keyed by ::cseg_result.
 *
 * @code
 * cseg_model *m = NULL;
 * cseg_model_new(&m, CSEG_ALGO_KMEANS);
 * cseg_model_set_int(m, CSEG_PARAM_K, 8);
 * cseg_model_set_int(m, CSEG_PARAM_SEED, 42);
 * if (cseg_model_fit(m, ds) != CSEG_OK)
 *     fprintf(stderr, "fit: %s\n", cseg_last_error());
 * @endcode
 *
 * Thread safety: a model must not be changed (set, fit, load) concurrently,
 * but a fitted model is read-only for assignment: any number of threads may
 * call ::cseg_model_assign and ::cseg_model_assign_one on it at once.
 *
 * @defgroup model Models
 * @{
 */
#ifndef CSEG_MODEL_H
#define CSEG_MODEL_H

#include "cseg_common.h"
#include "cseg_dataset.h"
#include "cseg_assignment.h"
#include "cseg_prep.h"

CSEG_BEGIN_DECLS

/** Opaque model handle. */
typedef struct cseg_model cseg_model;

/** Segmentation algorithms. */
typedef enum cseg_algo {
	CSEG_ALGO_KMEANS = 1,           /**< k-means (Lloyd or Hamerly), k-means++ initialisation. */
	CSEG_ALGO_GMM = 2,              /**< Gaussian mixture fitted by EM. */
	CSEG_ALGO_HIERARCHICAL = 3,     /**< Agglomerative clustering (Ward, complete, average, single). */
	CSEG_ALGO_DBSCAN = 4,           /**< Density-based clustering (DBSCAN, Ester et al. 1996)
	                                     with ::CSEG_PARAM_DBSCAN_EPS and
	                                     ::CSEG_PARAM_DBSCAN_MIN_SAMPLES; noise is labelled -1.
	                                     Training labels equal sklearn.cluster.DBSCAN's
	                                     (clusters numbered by their first core row, a border
	                                     point within eps of two clusters takes the lower
	                                     number). k is the number of clusters found (a fit
	                                     finding none fails with ::CSEG_E_INVALID_ARG), the
	                                     centroids are the (weighted) means of the members,
	                                     the inertia their weighted squared distances to them.
	                                     New customers join the cluster of the nearest core
	                                     sample within eps (distance to it; runner-up: nearest
	                                     core sample of another cluster within eps, margin =
	                                     its distance, or eps, minus the distance; confidence
	                                     1; borderline when there is a runner-up), else are
	                                     noise (-1, confidence 0, distance to the nearest core
	                                     sample, margin 0). Fitted arrays:
	                                     "core_sample_indices" (1 x n_core, rows in increasing
	                                     order), "components" (n_core x d, those rows),
	                                     "core_labels" (1 x n_core, their clusters) and
	                                     "core_tree" (n_core x 3, the k-d tree over the
	                                     components that assignment searches).
	                                     Complexity: a k-d tree, O(n log n) to build, then one
	                                     radius query per point: about O(n log n + sum of
	                                     neighbourhood sizes) in low dimension, O(n^2 d) at
	                                     worst; extra memory O(n d). */
	CSEG_ALGO_MINIBATCH_KMEANS = 5  /**< Mini-batch k-means as sklearn's MiniBatchKMeans,
	                                     with partial fits, streaming fits from CSV and
	                                     mergeable statistics (cseg_minibatch.h); assignment
	                                     is to the nearest centroid, as k-means. Fitted
	                                     arrays "counts" (1 x k) and "minibatch_state"
	                                     (1 x 3). */
} cseg_algo;

/** Value types of parameters and results. */
typedef enum cseg_type {
	CSEG_TYPE_INT = 0,    /**< Read and written as int64_t. */
	CSEG_TYPE_DOUBLE = 1, /**< Read and written as double. */
	CSEG_TYPE_STRING = 2  /**< Read as a borrowed string. */
} cseg_type;

/**
 * Parameter keys. Explicit numbers in blocks (common 100+, k-means 200+,
 * mixtures 300+, hierarchical 400+, DBSCAN 500+, mini-batch 600+), never
 * reused. Defaults are those of k-means; an algorithm may have its own
 * (documented at the key), which ::cseg_model_new and
 * ::cseg_model_reset_params apply.
 */
typedef enum cseg_param {
	CSEG_PARAM_K = 100,        /**< int: number of segments, 1..n (default 8). */
	CSEG_PARAM_SEED = 101,     /**< int: seed of every random step, >= 0 (default 0). */
	CSEG_PARAM_MAX_ITER = 102, /**< int: iteration limit per run, >= 1 (default 300). */
	CSEG_PARAM_TOL = 103,      /**< double: relative tolerance, >= 0 (default 1e-4);
	                                k-means stops when the centroids move less than
	                                tol times the mean feature variance (as sklearn). */
	CSEG_PARAM_N_INIT = 104,   /**< int: restarts, the best kept, >= 1 (default 1). */
	CSEG_PARAM_INIT = 105,     /**< int: a ::cseg_init value (default ::CSEG_INIT_KMEANSPP). */
	CSEG_PARAM_BORDERLINE_MARGIN = 106, /**< double in [0, 1]: a centroid assignment is
	                                         borderline when its confidence, the relative gap
	                                         (d2 - d1) / d2 between the nearest (d1) and
	                                         second-nearest (d2) centre, is below it (default 0.1). */
	CSEG_PARAM_BORDERLINE_PROB = 107,   /**< double in [0, 1]: a mixture assignment is
	                                         borderline when its largest posterior
	                                         probability is below it (default 0.6). */
	CSEG_PARAM_KMEANS_METHOD = 200,       /**< int: a ::cseg_kmeans_method (default ::CSEG_KMEANS_AUTO). */
	CSEG_PARAM_KMEANS_LOCAL_TRIALS = 201, /**< int: candidates per k-means++ step,
	                                           0 = 2 + floor(ln k) as sklearn (default 0). */
	CSEG_PARAM_SIZE_MIN = 202, /**< int: k-means only: every segment holds at least this
	                                many customers at fit time, 0 = no constraint (default 0);
	                                see ::CSEG_RESULT_UNCONSTRAINED_INERTIA. New customers are
	                                still assigned to the nearest centroid. */
	CSEG_PARAM_SIZE_MAX = 203, /**< int: k-means only: every segment holds at most this
	                                many customers at fit time, 0 = no constraint (default 0). */
	CSEG_PARAM_GMM_COVARIANCE_TYPE = 300, /**< int: mixture covariance, a ::cseg_gmm_covariance
	                                           (default ::CSEG_GMM_FULL). */
	CSEG_PARAM_GMM_REG_COVAR = 301,       /**< double >= 0: added to the diagonal of every
	                                           mixture covariance (default 1e-6, as sklearn). */
	CSEG_PARAM_GMM_INIT_PARAMS = 302,     /**< int: how a mixture's responsibilities start,
	                                           a ::cseg_gmm_init (default ::CSEG_GMM_INIT_KMEANS).
	                                           Mixtures default to tol 1e-3 (on the change of
	                                           the mean log-likelihood lower bound) and
	                                           max_iter 100, as sklearn. */
	CSEG_PARAM_LINKAGE = 400,         /**< int: hierarchical linkage, a ::cseg_linkage
	                                       (default ::CSEG_LINKAGE_WARD). */
	CSEG_PARAM_CUT_HEIGHT = 401,      /**< double >= 0: hierarchical cut height; > 0 cuts
	                                       the tree there and overrides ::CSEG_PARAM_K,
	                                       0 cuts into k segments (default 0). */
	CSEG_PARAM_MAX_MEMORY_MB = 402,   /**< int >= 1: memory budget in MiB of complete and
	                                       average linkage's distance matrix; a larger fit
	                                       fails with ::CSEG_E_NOMEM (default 4096). */
	CSEG_PARAM_MICRO_CLUSTERS = 403,  /**< int: hierarchical two-stage mode: -1 = auto
	                                       (2000 micro-clusters when n > 20000 and linkage
	                                       is Ward, else exact), 0 = always exact, m >= 2 =
	                                       k-means into m micro-clusters then weighted Ward
	                                       (exact when m >= n) (default -1). */
	CSEG_PARAM_DBSCAN_EPS = 500,         /**< double > 0: DBSCAN neighbourhood radius
	                                          (Euclidean; a point at exactly eps is a
	                                          neighbour) (default 0.5, as sklearn). */
	CSEG_PARAM_DBSCAN_MIN_SAMPLES = 501, /**< int >= 1: DBSCAN core threshold: a point is
	                                          core when the weight of its eps-neighbourhood,
	                                          itself included, is at least this (default 5,
	                                          as sklearn). */
	CSEG_PARAM_MB_BATCH_SIZE = 600,          /**< int >= 1: mini-batch rows per step
	                                              (default 1024, as sklearn 1.2; the
	                                              rows of the data when fewer). */
	CSEG_PARAM_MB_MAX_NO_IMPROVEMENT = 601,  /**< int >= -1: mini-batch early stop after
	                                              this many steps without a new minimum
	                                              of the smoothed batch inertia; -1 never
	                                              (sklearn's None) (default 10). */
	CSEG_PARAM_MB_REASSIGNMENT_RATIO = 602,  /**< double >= 0: mini-batch centres whose
	                                              weight is below this fraction of the
	                                              largest are moved to random batch rows;
	                                              0 disables (default 0.01). */
	CSEG_PARAM_MB_INIT_SIZE = 603            /**< int >= 0: rows sampled (with replacement)
	                                              to seed each mini-batch start; 0 = 3 x
	                                              batch size, at least 3 k (default 0).
	                                              Mini-batch models default to max_iter
	                                              100 (passes over the data), n_init 3
	                                              and tol 0 (no centre-shift test), as
	                                              sklearn 1.2; see cseg_minibatch.h. */
} cseg_param;

/** Initialisation methods (::CSEG_PARAM_INIT). */
typedef enum cseg_init {
	CSEG_INIT_KMEANSPP = 0, /**< Greedy k-means++ (Arthur & Vassilvitskii, sklearn's variant). */
	CSEG_INIT_RANDOM = 1,   /**< k distinct rows chosen uniformly. */
	CSEG_INIT_GIVEN = 2     /**< Centres given by ::cseg_model_set_init_centers. */
} cseg_init;

/** k-means iteration methods (::CSEG_PARAM_KMEANS_METHOD). */
typedef enum cseg_kmeans_method {
	CSEG_KMEANS_AUTO = 0,   /**< Let cseg choose by k and d. */
	CSEG_KMEANS_LLOYD = 1,  /**< Blocked Lloyd: distances by GEMM, fused argmin and sums. */
	CSEG_KMEANS_HAMERLY = 2 /**< Hamerly's bounds: skips most distance computations. */
} cseg_kmeans_method;

/** Result keys, read with the model getters after fitting (900+). */
typedef enum cseg_result {
	CSEG_RESULT_INERTIA = 900,      /**< double: weighted sum of squared distances to own centroid. */
	CSEG_RESULT_N_ITER = 901,       /**< int: iterations of the kept run. */
	CSEG_RESULT_CONVERGED = 902,    /**< int: 1 when the kept run met the tolerance. */
	CSEG_RESULT_N_TRAIN_ROWS = 903, /**< int: customers the model was fitted on. */
	CSEG_RESULT_N_FEATURES = 904,   /**< int: features the model expects. */
	CSEG_RESULT_N_CLUSTERS = 905,   /**< int: segments in the fitted model. */
	CSEG_RESULT_ALGO = 906,         /**< int: the ::cseg_algo. */
	CSEG_RESULT_FINGERPRINT = 907,  /**< string: hex FNV-1a 64 hash of the training matrix. */
	CSEG_RESULT_CREATED = 908,      /**< string: UTC fit time, ISO 8601. */
	CSEG_RESULT_LIB_VERSION = 909,  /**< string: library version that fitted the model. */
	CSEG_RESULT_UNCONSTRAINED_INERTIA = 910, /**< double: inertia of plain k-means from the same
	                                    start; with ::CSEG_PARAM_SIZE_MIN or ::CSEG_PARAM_SIZE_MAX,
	                                    inertia minus this is what the constraint cost. */
	CSEG_RESULT_GMM_LOWER_BOUND = 920, /**< double: mixtures: the best run's mean (weighted)
	                                        log-likelihood lower bound, as sklearn's lower_bound_. */
	CSEG_RESULT_GMM_BIC = 921,      /**< double: mixtures: BIC on the training data (weights
	                                     count as repeated rows). */
	CSEG_RESULT_GMM_AIC = 922       /**< double: mixtures: AIC on the training data. */
} cseg_result;

/** @name Create and destroy
 * @{ */

/**
 * @brief Create an unfitted model with default parameters.
 * @param[out] out new model; NULL on failure.
 * @param[in] algo a ::cseg_algo.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL @p out),
 *   ::CSEG_E_UNSUPPORTED (unknown algorithm) or ::CSEG_E_NOMEM.
 * @note Caller owns the model; free with ::cseg_model_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_new(cseg_model **out, cseg_algo algo);

/**
 * @brief Deep copy of a model, fitted state included.
 * @param[out] out the copy; NULL on failure.
 * @param[in] model model to copy.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_copy(cseg_model **out, const cseg_model *model);

/**
 * @brief Free a model. NULL is accepted.
 * @param[in] model model to free.
 * @since 0.1.0
 */
CSEG_API void cseg_model_free(cseg_model *model);

/** @} */
/** @name Parameters
 * @{ */

/**
 * @brief Set an integer parameter.
 * @param[in,out] model model.
 * @param[in] key a ::cseg_param of integer type.
 * @param[in] value new value, within the bounds ::cseg_param_info reports.
 * @return ::CSEG_OK; ::CSEG_E_UNSUPPORTED for an unknown key, a key of
 *   another type or of another algorithm; ::CSEG_E_INVALID_ARG when out of
 *   bounds (the message gives the bounds).
 * @note Setting a parameter does not unfit a fitted model; the next fit uses it.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_set_int(cseg_model *model, cseg_param key, int64_t value);

/**
 * @brief Set a double parameter.
 * @param[in,out] model model.
 * @param[in] key a ::cseg_param of double type.
 * @param[in] value new value, within the bounds ::cseg_param_info reports; NaN is out of bounds.
 * @return as ::cseg_model_set_int.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_set_double(cseg_model *model, cseg_param key, double value);

/**
 * @brief Read an integer parameter (::cseg_param) or result (::cseg_result).
 * @param[in] model model.
 * @param[in] key a ::cseg_param or ::cseg_result value of integer type.
 * @param[out] out value.
 * @return ::CSEG_OK; ::CSEG_E_UNSUPPORTED (unknown key or wrong type);
 *   ::CSEG_E_NOT_FITTED for a result of an unfitted model.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_get_int(const cseg_model *model, int key, int64_t *out);

/**
 * @brief Read a double parameter or result.
 * @param[in] model model.
 * @param[in] key a ::cseg_param or ::cseg_result value of double type.
 * @param[out] out value.
 * @return as ::cseg_model_get_int.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_get_double(const cseg_model *model, int key, double *out);

/**
 * @brief Read a string result.
 * @param[in] model model.
 * @param[in] key a ::cseg_result value of string type.
 * @param[out] out borrowed string, valid until the model is freed, fitted or loaded.
 * @return as ::cseg_model_get_int.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_get_string(const cseg_model *model, int key, const char **out);

/**
 * @brief Restore every parameter to its default and forget given initial
 *   centres (fitted state is kept).
 * @param[in,out] model model.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_reset_params(cseg_model *model);

/**
 * @brief Give initial centres and select ::CSEG_INIT_GIVEN.
 * @param[in,out] model k-means model.
 * @param[in] data n_rows * n_cols doubles, row-major, finite; copied.
 * @param[in] n_rows becomes ::CSEG_PARAM_K.
 * @param[in] n_cols must equal the features of the data fitted later.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_set_init_centers(cseg_model *model, const double *data,
	int64_t n_rows, int64_t n_cols);

/**
 * @brief Name, type, default and bounds of a parameter or result key.
 *
 * Bindings build their argument checks from it instead of hard-coding lists.
 * @param[in] key a ::cseg_param or ::cseg_result value.
 * @param[out] name_out static snake_case name (e.g. "k", "max_iter"); may be NULL.
 * @param[out] type_out a ::cseg_type; may be NULL.
 * @param[out] default_out default value (0 for results); may be NULL.
 * @param[out] min_out smallest allowed value; may be NULL.
 * @param[out] max_out largest allowed value; may be NULL.
 * @return ::CSEG_OK or ::CSEG_E_UNSUPPORTED for an unknown key.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_param_info(int key, const char **name_out, int *type_out,
	double *default_out, double *min_out, double *max_out);

/**
 * @brief Key of the parameter or result called @p name.
 * @param[in] name as reported by ::cseg_param_info.
 * @param[out] key_out the key.
 * @return ::CSEG_OK or ::CSEG_E_UNSUPPORTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_param_lookup(const char *name, int *key_out);

/**
 * @brief Preprocess the data inside the model: missing values, transforms,
 *   weights and one-hot encoding (see cseg_prep.h).
 *
 * The model keeps a copy of @p prep. ::cseg_model_fit fits it on the raw
 * data, then fits the algorithm on the transformed columns (the model's
 * features are then the preprocessing's output names); the fitted
 * preprocessing is saved in the model file and applied by
 * ::cseg_model_assign and ::cseg_model_assign_one to raw customers (columns
 * found by name, or by position when the data has exactly the raw columns).
 *
 * The documented fallback: at fit time a missing value under
 * ::CSEG_MISSING_ERROR fails the fit (naming the cell) and one under
 * ::CSEG_MISSING_DROP_ROW leaves the customer out (training label -1); at
 * assign time a customer the preprocessing cannot complete (a missing value
 * under either policy) gets label -1 with confidence 0 and the borderline
 * flag, so serving never fails on one incomplete customer.
 * Unseen categories are all-zero indicators. With weights, the rows left
 * out lose their weight.
 * @param[in,out] model model; a fitted model forgets its fit (it was fitted
 *   on the old preprocessing's columns) and must be fitted again.
 * @param[in] prep preprocessing to copy, fitted or not; NULL removes it.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_set_prep(cseg_model *model, const cseg_prep *prep);

/**
 * @brief Copy of the model's preprocessing (fitted after a fit or load).
 * @param[in] model model.
 * @param[out] out the copy, or NULL when the model has none.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @note Caller owns @p out; free with ::cseg_prep_free.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_get_prep(const cseg_model *model, cseg_prep **out);

/** Progress callback: @p fraction in [0, 1]; return non-zero to cancel. */
typedef int (*cseg_progress_fn)(double fraction, void *payload);

/**
 * @brief Call @p fn between iterations of long steps (fit, batch assign).
 * @param[in,out] model model.
 * @param[in] fn callback or NULL; returning non-zero makes the call fail
 *   with ::CSEG_E_CANCELLED, leaving the model as it was before the call.
 * @param[in] payload passed back to @p fn.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_set_progress_callback(cseg_model *model,
	cseg_progress_fn fn, void *payload);

/** @} */
/** @name Fit
 * @{ */

/**
 * @brief Fit the model on a dataset.
 *
 * k-means minimises the inertia sum_i w_i ||x_i - c_{l(i)}||^2 over centroids c
 * and labels l. With a fixed seed the result is bit-identical run to run,
 * whatever the number of threads. Labels are in canonical order: segment 0 is
 * the largest (ties broken by the lowest first member row).
 * Complexity: O(n_init * iterations * n * k * d) time; extra memory O(n + k * d +
 *   threads * block * (d + k)): about 20 bytes per row (labels and Hamerly
 *   bounds), 36 during k-means++.
 * @param[in,out] model model.
 * @param[in] data dataset; not kept (the model copies what it needs).
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, k > n, initial centres of
 *   another width); ::CSEG_E_MISSING_VALUES; ::CSEG_E_CANCELLED; ::CSEG_E_NOMEM.
 *   On failure the model is unchanged.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_fit(cseg_model *model, const cseg_dataset *data);

/**
 * @brief Fit with one non-negative, finite weight per customer.
 * @param[in,out] model model.
 * @param[in] data dataset; not kept.
 * @param[in] weights @p n_weights values, not all zero; copied.
 * @param[in] n_weights must equal the dataset's rows.
 * @return as ::cseg_model_fit.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_fit_weighted(cseg_model *model, const cseg_dataset *data,
	const double *weights, int64_t n_weights);

/** @} */
/** @name Assign
 * @{ */

/**
 * @brief Assign every customer of a dataset to its nearest segment.
 * @param[in] model fitted model; read only.
 * @param[in] data dataset with the model's number of features.
 * @param[out] out new assignment; NULL on failure.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_NOT_FITTED,
 *   ::CSEG_E_MISSING_VALUES or ::CSEG_E_NOMEM.
 * @note Thread-safe on one model. Caller owns the assignment.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_assign(const cseg_model *model, const cseg_dataset *data,
	cseg_assignment **out);

/**
 * @brief Assign one customer; allocates nothing.
 * @param[in] model fitted model; read only.
 * @param[in] x the customer's @p n_features values.
 * @param[in] n_features must equal the model's.
 * @param[out] label_out segment (0-based); may be NULL.
 * @param[out] distance_out Euclidean distance to its centroid; may be NULL.
 * @param[out] margin_out distance to the second-nearest centroid minus
 *   distance to the nearest (0 when k = 1); may be NULL.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL, wrong width, infinite value),
 *   ::CSEG_E_MISSING_VALUES (a NaN value; the message names the feature),
 *   ::CSEG_E_NOT_FITTED.
 * @note Thread-safe on one model; suitable for serving.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_assign_one(const cseg_model *model, const double *x,
	int64_t n_features, int64_t *label_out, double *distance_out, double *margin_out);

/** @} */
/** @name Results
 * @{ */

/**
 * @brief Copy the centroids, row-major k x d.
 * @param[in] model fitted model.
 * @param[out] out buffer of @p n_out doubles.
 * @param[in] n_out must equal k * d.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOT_FITTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_get_centroids(const cseg_model *model, double *out, int64_t n_out);

/**
 * @brief Copy the segment of every training customer, as fitted.
 *
 * Labels are kept in memory after ::cseg_model_fit (-1 marks DBSCAN noise);
 * model files do not store them, so a loaded model has none: assign the data
 * instead.
 * @param[in] model fitted model.
 * @param[out] out buffer of @p n_out labels.
 * @param[in] n_out must equal ::CSEG_RESULT_N_TRAIN_ROWS.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_NOT_FITTED, or
 *   ::CSEG_E_UNSUPPORTED for a loaded model.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_get_labels(const cseg_model *model, int64_t *out, int64_t n_out);

/**
 * @brief Merge segments too small to act on into their nearest neighbour.
 *
 * For k-means and mini-batch k-means models. Segment sizes are counted on
 * @p data (normally the training data) by nearest centroid; while a segment
 * holds fewer than @p min_size customers, the smallest one is merged into
 * the segment whose centroid is nearest to its own, the merged centroid
 * being the size-weighted mean. The survivors are renumbered largest first,
 * the inertia is recomputed on @p data (unweighted), segment names are
 * dropped, and the training labels become those of @p data when it has as
 * many rows as the training data (else they are dropped). For segments that
 * must hold a minimum size during the fit instead, see ::CSEG_PARAM_SIZE_MIN.
 * @param[in,out] model fitted k-means or mini-batch model.
 * @param[in] data customers without missing values, the model's width.
 * @param[in] min_size smallest acceptable segment, >= 1.
 * @param[out] n_merged_out segments merged away; may be NULL.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_NOT_FITTED,
 *   ::CSEG_E_UNSUPPORTED (another algorithm), ::CSEG_E_MISSING_VALUES or
 *   ::CSEG_E_NOMEM (the model is then unchanged).
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_merge_small_segments(cseg_model *model, const cseg_dataset *data,
	int64_t min_size, int64_t *n_merged_out);

/**
 * @brief Name a segment (e.g. from ::cseg_profile_segment_name or a person).
 *
 * Names live in the model: they are copied by ::cseg_model_copy and saved in
 * the model file (an optional section older readers skip). A new fit
 * forgets them, as its segments are new.
 * @param[in,out] model fitted model.
 * @param[in] segment 0 <= segment < k.
 * @param[in] name UTF-8 text of at most 256 bytes, copied; NULL or "" removes the name.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_NOT_FITTED or ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_set_segment_name(cseg_model *model, int64_t segment, const char *name);

/**
 * @brief The name of a segment.
 * @param[in] model fitted model.
 * @param[in] segment 0 <= segment < k.
 * @return borrowed name valid until the name is changed or the model freed,
 *   refitted or loaded; NULL when unnamed or out of range.
 * @since 0.2.0
 */
CSEG_API const char *cseg_model_segment_name(const cseg_model *model, int64_t segment);

/**
 * @brief Number of algorithm-specific fitted arrays (see ::cseg_model_get_array).
 * @param[in] model model.
 * @return the count; 0 for NULL or an unfitted model.
 * @since 0.2.0
 */
CSEG_API int64_t cseg_model_n_arrays(const cseg_model *model);

/**
 * @brief Name of the i-th fitted array, e.g. "covariances", "linkage".
 * @param[in] model fitted model.
 * @param[in] i index, 0 <= i < ::cseg_model_n_arrays.
 * @return borrowed name, or NULL when out of range.
 * @since 0.2.0
 */
CSEG_API const char *cseg_model_array_name(const cseg_model *model, int64_t i);

/**
 * @brief Shape of a fitted array.
 *
 * Each algorithm documents its arrays at its ::cseg_algo value's page
 * (mixture weights and covariances, the hierarchical linkage matrix, DBSCAN
 * core samples...). They are saved in the model file.
 * @param[in] model fitted model.
 * @param[in] name array name.
 * @param[out] rows_out rows.
 * @param[out] cols_out columns.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_NOT_FITTED, or
 *   ::CSEG_E_UNSUPPORTED when the model has no array of that name.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_array_shape(const cseg_model *model, const char *name,
	int64_t *rows_out, int64_t *cols_out);

/**
 * @brief Copy a fitted array, row-major.
 * @param[in] model fitted model.
 * @param[in] name array name.
 * @param[out] out buffer of @p n_out doubles.
 * @param[in] n_out must equal rows * cols.
 * @return as ::cseg_model_array_shape.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_model_get_array(const cseg_model *model, const char *name,
	double *out, int64_t n_out);

/**
 * @brief Short name of an algorithm, as used by the command line ("kmeans",
 *   "gmm", "hierarchical", "dbscan", "minibatch_kmeans").
 * @param[in] algo a ::cseg_algo.
 * @return static name, or NULL for an unknown algorithm.
 * @since 0.2.0
 */
CSEG_API const char *cseg_algo_name(cseg_algo algo);

/**
 * @brief The algorithm called @p name (see ::cseg_algo_name).
 * @param[in] name algorithm name.
 * @param[out] out the algorithm.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_UNSUPPORTED.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_algo_lookup(const char *name, cseg_algo *out);

/**
 * @brief Name of feature @p col as learnt at fit time.
 * @param[in] model fitted model.
 * @param[in] col feature index, 0-based.
 * @return borrowed string valid until the model is freed, fitted or loaded;
 *   NULL when unfitted or out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_model_feature_name(const cseg_model *model, int64_t col);

/** @} */
/** @name Persistence
 *
 * The model file format (docs/model-format.md): little-endian throughout;
 * magic bytes, format version, sections, CRC32 of everything before it.
 * @{ */

/**
 * @brief Save a fitted model to @p path, atomically.
 * @param[in] model fitted model.
 * @param[in] path destination file.
 *
 * Written to a temporary file in the same folder, flushed, then renamed, so
 * a crash never leaves half a file under @p path.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_NOT_FITTED or ::CSEG_E_IO.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_save(const cseg_model *model, const char *path);

/**
 * @brief Load a model saved by ::cseg_model_save.
 * @param[out] out the model; NULL on failure.
 * @param[in] path file to read.
 * @return ::CSEG_OK; ::CSEG_E_IO; ::CSEG_E_FORMAT for a truncated or corrupt
 *   file (bad magic, CRC, section); ::CSEG_E_VERSION for a newer format.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_load(cseg_model **out, const char *path);

/**
 * @brief Serialise a fitted model to a new buffer.
 * @param[in] model fitted model.
 * @param[out] data_out the bytes; release with ::cseg_free.
 * @param[out] n_bytes_out their number.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_NOT_FITTED or ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_save_buffer(const cseg_model *model, void **data_out,
	int64_t *n_bytes_out);

/**
 * @brief Load a model from bytes made by ::cseg_model_save_buffer.
 * @param[out] out the model; NULL on failure.
 * @param[in] data the bytes; not kept.
 * @param[in] n_bytes their number.
 * @return as ::cseg_model_load.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_model_load_buffer(cseg_model **out, const void *data, int64_t n_bytes);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_MODEL_H */
