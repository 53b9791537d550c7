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

CSEG_BEGIN_DECLS

/** Opaque model handle. */
typedef struct cseg_model cseg_model;

/** Segmentation algorithms. */
typedef enum cseg_algo {
	CSEG_ALGO_KMEANS = 1 /**< k-means (Lloyd or Hamerly), k-means++ initialisation. */
} cseg_algo;

/** Value types of parameters and results. */
typedef enum cseg_type {
	CSEG_TYPE_INT = 0,    /**< Read and written as int64_t. */
	CSEG_TYPE_DOUBLE = 1, /**< Read and written as double. */
	CSEG_TYPE_STRING = 2  /**< Read as a borrowed string. */
} cseg_type;

/**
 * Parameter keys. Explicit numbers in blocks (common 100+, k-means 200+),
 * never reused.
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
	CSEG_PARAM_KMEANS_METHOD = 200,       /**< int: a ::cseg_kmeans_method (default ::CSEG_KMEANS_AUTO). */
	CSEG_PARAM_KMEANS_LOCAL_TRIALS = 201  /**< int: candidates per k-means++ step,
	                                           0 = 2 + floor(ln k) as sklearn (default 0). */
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
	CSEG_RESULT_LIB_VERSION = 909   /**< string: library version that fitted the model. */
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
