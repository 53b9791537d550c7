/**
 * @file cseg_kselect.h
 * @brief Choosing the number of segments: a table of criteria over a range
 *   of k, and a recommendation that respects business limits.
 *
 * For every k in [k_min, k_max] k-means is fitted (seeded, n_init restarts)
 * and the table records: inertia, the automatic elbow, the silhouette
 * (sampled and seeded, or exact), Calinski-Harabasz, Davies-Bouldin, the gap
 * statistic with its standard error (Tibshirani, Walther & Hastie 2001, as
 * R's cluster::clusGap), the size of the smallest segment, the bootstrap
 * stability (mean adjusted Rand index between the clustering of the data and
 * the clustering of bootstrap resamples, both applied to all rows) and, when
 * asked for, BIC and ICL of a Gaussian mixture with k components.
 *
 * The recommended k is chosen by one criterion among the k that the business
 * accepts: k <= ::CSEG_KSELECT_MAX_SEGMENTS and a smallest segment of at
 * least ::CSEG_KSELECT_MIN_SIZE customers.
 *
 * @code
 * cseg_kselect *ks = NULL;
 * cseg_kselect_new(&ks);
 * cseg_kselect_set_int(ks, CSEG_KSELECT_K_MAX, 12);
 * cseg_kselect_set_int(ks, CSEG_KSELECT_MIN_SIZE, 50);
 * if (cseg_kselect_run(ks, ds) == CSEG_OK) {
 *     int64_t k;
 *     cseg_kselect_get_int(ks, CSEG_KSELECT_RECOMMENDED_K, &k);
 * }
 * cseg_kselect_free(ks);
 * @endcode
 *
 * @defgroup kselect Choosing k
 * @{
 */
#ifndef CSEG_KSELECT_H
#define CSEG_KSELECT_H

#include "cseg_common.h"
#include "cseg_dataset.h"

CSEG_BEGIN_DECLS

/** Opaque k-selection handle: settings, then the table of a run. */
typedef struct cseg_kselect cseg_kselect;

/** Settings (set before ::cseg_kselect_run) and scalar results (after). */
typedef enum cseg_kselect_key {
	CSEG_KSELECT_K_MIN = 1,            /**< int >= 1: smallest k tried (default 1; the stability column is NaN at k = 1, where every partition agrees). */
	CSEG_KSELECT_K_MAX = 2,            /**< int >= k_min: largest k tried (default 10). */
	CSEG_KSELECT_MAX_SEGMENTS = 3,     /**< int >= 0: largest k the business can act on, 0 = k_max (default 0). */
	CSEG_KSELECT_MIN_SIZE = 4,         /**< int >= 0: smallest acceptable segment, in customers (default 0). */
	CSEG_KSELECT_SEED = 5,             /**< int >= 0: seed of every random step (default 0). */
	CSEG_KSELECT_N_INIT = 6,           /**< int >= 1: k-means restarts per k (default 4). */
	CSEG_KSELECT_GAP_B = 7,            /**< int >= 0: uniform reference sets of the gap statistic, 0 = no gap (default 20; clusGap uses 100). */
	CSEG_KSELECT_GAP_RULE = 8,         /**< int: a ::cseg_gap_rule (default ::CSEG_GAP_FIRST_SE_MAX, clusGap's default). */
	CSEG_KSELECT_GAP_SPACE = 9,        /**< int: a ::cseg_gap_space (default ::CSEG_GAP_SCALED_PCA, clusGap's default). */
	CSEG_KSELECT_GAP_D_POWER = 10,     /**< int 1 or 2: power of the distances in W_k (default 2: within sum of squares, Tibshirani's definition, O(n d); 1 is clusGap's default, O(sum n_c^2 d)). */
	CSEG_KSELECT_SILHOUETTE_SAMPLE = 11, /**< int >= 0: rows of the sampled silhouette, 0 = all (default 5000). */
	CSEG_KSELECT_BOOTSTRAP_B = 12,     /**< int >= 0: bootstrap replicates of the stability column, 0 = none (default 10). */
	CSEG_KSELECT_MIXTURES = 13,        /**< int 0/1: also fit Gaussian mixtures (full covariance) for BIC and ICL (default 0). */
	CSEG_KSELECT_CRITERION = 14,       /**< int: the ::cseg_kselect_criterion of the recommendation (default ::CSEG_CRITERION_SILHOUETTE). */
	CSEG_KSELECT_GAP_SE_FACTOR = 15,   /**< double >= 0: multiple of the standard error in the gap rules (default 1). */
	CSEG_KSELECT_RECOMMENDED_K = 100,  /**< int result: the recommended k; 0 when no k satisfies the limits. */
	CSEG_KSELECT_ELBOW_K = 101,        /**< int result: k at the knee of the inertia curve (0 with fewer than 3 k). */
	CSEG_KSELECT_GAP_K = 102           /**< int result: k chosen by the gap rule (0 when the gap was not computed). */
} cseg_kselect_key;

/** Criteria for the recommendation (::CSEG_KSELECT_CRITERION). */
typedef enum cseg_kselect_criterion {
	CSEG_CRITERION_SILHOUETTE = 0, /**< Highest mean silhouette. */
	CSEG_CRITERION_CALINSKI = 1,   /**< Highest Calinski-Harabasz index. */
	CSEG_CRITERION_DAVIES = 2,     /**< Lowest Davies-Bouldin index. */
	CSEG_CRITERION_GAP = 3,        /**< The gap rule (::CSEG_KSELECT_GAP_RULE). */
	CSEG_CRITERION_ELBOW = 4,      /**< The knee of the inertia curve. */
	CSEG_CRITERION_BIC = 5,        /**< Lowest mixture BIC (needs ::CSEG_KSELECT_MIXTURES). */
	CSEG_CRITERION_ICL = 6,        /**< Lowest mixture ICL (needs ::CSEG_KSELECT_MIXTURES). */
	CSEG_CRITERION_STABILITY = 7   /**< Highest bootstrap stability (needs ::CSEG_KSELECT_BOOTSTRAP_B > 0). */
} cseg_kselect_criterion;

/** Rules choosing k from gap values and standard errors (as R's cluster::maxSE). */
typedef enum cseg_gap_rule {
	CSEG_GAP_FIRST_SE_MAX = 0,  /**< Smallest k with gap(k) >= gap(k*) - SE(k*), k* the first local maximum ("firstSEmax"). */
	CSEG_GAP_TIB_SE_MAX = 1,    /**< Smallest k with gap(k) >= gap(k+1) - SE(k+1) (Tibshirani et al. 2001, "Tibs2001SEmax"). */
	CSEG_GAP_GLOBAL_SE_MAX = 2, /**< Smallest k with gap(k) >= gap(k*) - SE(k*), k* the global maximum ("globalSEmax"). */
	CSEG_GAP_FIRST_MAX = 3,     /**< First local maximum ("firstmax"). */
	CSEG_GAP_GLOBAL_MAX = 4     /**< Global maximum ("globalmax"). */
} cseg_gap_rule;

/** Space of the uniform reference sets (::CSEG_KSELECT_GAP_SPACE). */
typedef enum cseg_gap_space {
	CSEG_GAP_SCALED_PCA = 0, /**< Box aligned with the principal components of the centred data (clusGap's "scaledPCA"). */
	CSEG_GAP_ORIGINAL = 1    /**< Box of the features' ranges ("original"). */
} cseg_gap_space;

/** Columns of the table (::cseg_kselect_get_column); NaN where not computed. */
typedef enum cseg_kselect_column {
	CSEG_KSEL_K = 0,              /**< k. */
	CSEG_KSEL_INERTIA = 1,        /**< Within sum of squares of the k-means fit. */
	CSEG_KSEL_SILHOUETTE = 2,     /**< Mean silhouette (NaN for k = 1). */
	CSEG_KSEL_CALINSKI = 3,       /**< Calinski-Harabasz index (NaN for k = 1). */
	CSEG_KSEL_DAVIES = 4,         /**< Davies-Bouldin index (NaN for k = 1). */
	CSEG_KSEL_LOG_W = 5,          /**< log W_k of the data (clusGap's logW). */
	CSEG_KSEL_GAP = 6,            /**< Gap: mean log W_k of the references minus log W_k. */
	CSEG_KSEL_GAP_SE = 7,         /**< Simulation standard error of the gap, sd * sqrt(1 + 1/B). */
	CSEG_KSEL_MIN_SIZE = 8,       /**< Customers in the smallest segment. */
	CSEG_KSEL_STABILITY = 9,      /**< Mean adjusted Rand index over the bootstrap replicates. */
	CSEG_KSEL_BIC = 10,           /**< Mixture BIC (lower is better, sklearn's sign). */
	CSEG_KSEL_ICL = 11            /**< Mixture ICL = BIC - 2 sum_i log max_c p(c | x_i) (lower is better). */
} cseg_kselect_column;

/**
 * @brief Create a k-selection handle with default settings.
 * @param[out] out new handle; NULL on failure.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kselect_new(cseg_kselect **out);

/**
 * @brief Free a handle. NULL is accepted.
 * @param[in] ks handle.
 * @since 0.2.0
 */
CSEG_API void cseg_kselect_free(cseg_kselect *ks);

/**
 * @brief Change an integer setting.
 * @param[in,out] ks handle.
 * @param[in] key a setting of integer type.
 * @param[in] value new value, within the bounds documented at the key.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (out of bounds) or
 *   ::CSEG_E_UNSUPPORTED (unknown key, a result key or a double setting).
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kselect_set_int(cseg_kselect *ks, cseg_kselect_key key, int64_t value);

/**
 * @brief Change a double setting (::CSEG_KSELECT_GAP_SE_FACTOR).
 * @param[in,out] ks handle.
 * @param[in] key a setting of double type.
 * @param[in] value new value; NaN is refused.
 * @return as ::cseg_kselect_set_int.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kselect_set_double(cseg_kselect *ks, cseg_kselect_key key, double value);

/**
 * @brief Read an integer setting or result.
 * @param[in] ks handle.
 * @param[in] key a setting or a result key (results need a run).
 * @param[out] out value.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_UNSUPPORTED or
 *   ::CSEG_E_NOT_FITTED (a result before a run).
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kselect_get_int(const cseg_kselect *ks, cseg_kselect_key key, int64_t *out);

/**
 * @brief Fit every k and fill the table.
 *
 * Cost: (1 + GAP_B + BOOTSTRAP_B) k-means fits per k (each with N_INIT
 * restarts), the silhouette of SILHOUETTE_SAMPLE rows, and with MIXTURES one
 * Gaussian mixture per k. A failed run leaves the previous table.
 * @param[in,out] ks handle.
 * @param[in] data dataset without missing values, at least k_max + 1 rows.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (k_min > k_max, too few rows, a
 *   criterion whose column is not computed); ::CSEG_E_MISSING_VALUES;
 *   ::CSEG_E_NOMEM; any error of the fits.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kselect_run(cseg_kselect *ks, const cseg_dataset *data);

/**
 * @brief Rows of the table (k_max - k_min + 1 after a run, else 0).
 * @param[in] ks handle.
 * @return row count; -1 for NULL.
 * @since 0.2.0
 */
CSEG_API int64_t cseg_kselect_n_rows(const cseg_kselect *ks);

/**
 * @brief Copy one column of the table.
 * @param[in] ks handle after a run.
 * @param[in] column a ::cseg_kselect_column.
 * @param[out] out buffer of @p n_out doubles.
 * @param[in] n_out must equal ::cseg_kselect_n_rows.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_UNSUPPORTED (unknown
 *   column) or ::CSEG_E_NOT_FITTED.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_kselect_get_column(const cseg_kselect *ks, int column, double *out, int64_t n_out);

/**
 * @brief Choose k from gap values and their standard errors, as R's
 *   cluster::maxSE.
 * @param[in] gap @p n gap values for consecutive k (finite).
 * @param[in] se @p n standard errors (finite, >= 0).
 * @param[in] n number of values, >= 1.
 * @param[in] rule a ::cseg_gap_rule.
 * @param[in] se_factor multiple of the standard error, >= 0.
 * @param[out] index_out 0-based index of the chosen k.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_gap_choose(const double *gap, const double *se, int64_t n, int rule,
	double se_factor, int64_t *index_out);

/**
 * @brief Knee of a curve (Kneedle, Satopaa et al. 2011): the point farthest
 *   below the chord between the first and last points after both axes are
 *   scaled to [0, 1]; for a decreasing convex curve such as inertia against k.
 * @param[in] x @p n increasing abscissae.
 * @param[in] y @p n finite ordinates.
 * @param[in] n number of points, >= 3.
 * @param[out] index_out 0-based index of the knee; -1 when no point lies
 *   below the chord (a straight or concave curve).
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.2.0
 */
CSEG_API cseg_status cseg_knee(const double *x, const double *y, int64_t n, int64_t *index_out);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_KSELECT_H */
