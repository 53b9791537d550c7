/**
 * @file cseg_prep.h
 * @brief Preprocessing fitted once and applied again: missing values,
 *   transforms, column weights and one-hot encoding.
 *
 * A ::cseg_prep is configured per column (by name), fitted on a training
 * dataset, then applied to that dataset and to any later one, always with the
 * statistics learned at fit time (never refitted). A model stores it so that
 * assigning a new customer applies exactly the training preprocessing.
 *
 * Each input column goes through these steps, in this order:
 *  1. **Rows dropped**: a row with a missing value in any column whose policy
 *     is ::CSEG_MISSING_DROP_ROW is removed (and counted) before anything else;
 *     fitted statistics of every column use the kept rows only.
 *  2. **Missing value** (::cseg_missing): error, or imputed with the fitted
 *     mean, median or a constant, on the raw scale (like
 *     `sklearn.impute.SimpleImputer` placed first in a pipeline).
 *  3. **log1p** (flag ::CSEG_TRANSFORM_LOG1P): x -> log(1 + x); needs x > -1.
 *  4. **Scaler** (::CSEG_TRANSFORM_ZSCORE, ::CSEG_TRANSFORM_MINMAX or
 *     ::CSEG_TRANSFORM_ROBUST): (x - center) / scale with center and scale
 *     fitted on the imputed, log-transformed training values. A scale below
 *     10 * DBL_EPSILON, or a column constant within rounding (scikit-learn's
 *     test for the z-score), gets scale 1: a constant column comes out centred
 *     (all zeros) instead of dividing by zero, as in scikit-learn.
 *  5. **Weight** w >= 0: the result is multiplied by sqrt(w), so the column's
 *     contribution to a squared Euclidean distance (the k-means objective) is
 *     multiplied by w. Weight 2 counts the column twice; 0 silences it.
 *
 * The output of a numeric column is one column with the input's name, followed
 * by "<name>_missing" (0 or 1, not scaled, times sqrt(w)) for the
 * ::CSEG_MISSING_INDICATOR policy. A categorical column (::cseg_prep_set_categorical)
 * becomes one 0/1 column "<name>=<level>" per distinct value seen at fit, in
 * increasing order of value (times sqrt(w)); a value not seen at fit gives all
 * zeros and is counted (::cseg_prep_n_unseen). Output columns keep the order of
 * the fitted input columns.
 *
 * Matches scikit-learn 1.2 pipelines of `SimpleImputer`, `np.log1p`,
 * `StandardScaler` (population standard deviation), `MinMaxScaler` (range 0..1),
 * `RobustScaler` (median and the 25-75 interquartile range, linear
 * interpolation) and `OneHotEncoder(handle_unknown="ignore")` to 1e-12
 * (tests/fixtures/prep/gen_prep.py).
 *
 * @code
 * cseg_prep *p = NULL;
 * cseg_dataset *x = NULL;
 * int64_t dropped = 0;
 * cseg_prep_new(&p);
 * cseg_prep_set_default(p, CSEG_MISSING_MEDIAN, CSEG_TRANSFORM_ZSCORE);
 * cseg_prep_set_column(p, "monetary", CSEG_MISSING_MEDIAN, 0.0,
 *     CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_ZSCORE, 2.0);
 * cseg_prep_set_categorical(p, "region");
 * if (cseg_prep_fit_transform(p, train, &x, &dropped) != CSEG_OK)
 *     fprintf(stderr, "prep: %s\n", cseg_last_error());
 * @endcode
 *
 * Thread safety: configuring, fitting and ::cseg_prep_transform change the
 * handle (the latter records its report) and must not run concurrently; a
 * fitted handle is read-only for ::cseg_prep_transform_one, which any number
 * of threads may call at once.
 *
 * @defgroup prep Preprocessing
 * @{
 */
#ifndef CSEG_PREP_H
#define CSEG_PREP_H

#include "cseg_common.h"
#include "cseg_dataset.h"

CSEG_BEGIN_DECLS

/** Opaque preprocessing handle. */
typedef struct cseg_prep cseg_prep;

/** What to do with a missing value (NaN) in a column. */
typedef enum cseg_missing {
	CSEG_MISSING_ERROR = 0,     /**< Fail with ::CSEG_E_MISSING_VALUES naming the first
	                                 missing cell (row, ID and column); the default. */
	CSEG_MISSING_MEAN = 1,      /**< Impute the fitted mean (categorical: the most
	                                 frequent level, ties to the smallest). */
	CSEG_MISSING_MEDIAN = 2,    /**< Impute the fitted median (categorical: as MEAN). */
	CSEG_MISSING_CONSTANT = 3,  /**< Impute the given constant (categorical: the constant
	                                 is a level code, a level of its own if imputed at fit). */
	CSEG_MISSING_DROP_ROW = 4,  /**< Drop the row (counted); ::cseg_prep_transform_one
	                                 fails with ::CSEG_E_MISSING_VALUES instead. */
	CSEG_MISSING_INDICATOR = 5  /**< Add a 0/1 column "<name>_missing" right after the
	                                 column's output and impute the fitted mean
	                                 (categorical: all level columns 0, indicator 1). */
} cseg_missing;

/**
 * Transform of a numeric column: one scaler, optionally OR-ed with
 * ::CSEG_TRANSFORM_LOG1P, which is applied first
 * (`CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_ZSCORE`).
 */
typedef enum cseg_transform {
	CSEG_TRANSFORM_NONE = 0,    /**< Leave the value (after imputation) as is. */
	CSEG_TRANSFORM_ZSCORE = 1,  /**< (x - mean) / population standard deviation. */
	CSEG_TRANSFORM_MINMAX = 2,  /**< (x - min) / (max - min): training values in [0, 1]. */
	CSEG_TRANSFORM_ROBUST = 3,  /**< (x - median) / (Q3 - Q1), quartiles by linear interpolation. */
	CSEG_TRANSFORM_LOG1P = 16,  /**< Flag: log(1 + x) before the scaler; values must be
	                                 > -1 (otherwise ::CSEG_E_INVALID_ARG naming row and column). */
	CSEG_TRANSFORM_SIGNED_LOG1P = 32 /**< Flag: sign(x) log(1 + |x|) before the scaler, for
	                                 skewed values of either sign (net spend after returns);
	                                 not with ::CSEG_TRANSFORM_LOG1P. */
} cseg_transform;

/** Fitted statistics of one input column (::cseg_prep_get_stat). */
typedef enum cseg_prep_stat {
	CSEG_PREP_STAT_FILL = 0,     /**< Value imputed for a missing cell, raw scale (NaN when none). */
	CSEG_PREP_STAT_CENTER = 1,   /**< Subtracted after log1p: mean, min or median (0 without scaler). */
	CSEG_PREP_STAT_SCALE = 2,    /**< Divisor after centring: std, range or IQR; 1 when
	                                  constant or without scaler. */
	CSEG_PREP_STAT_WEIGHT = 3,   /**< The column weight w (outputs are multiplied by sqrt(w)). */
	CSEG_PREP_STAT_N_LEVELS = 4  /**< Categorical levels seen at fit (0 for numeric columns). */
} cseg_prep_stat;

/** Most levels a categorical column may have (more is ::CSEG_E_INVALID_ARG at fit). */
#define CSEG_PREP_MAX_LEVELS 4096

/** @name Create and destroy
 * @{ */

/**
 * @brief Create an unfitted preprocessing handle: every column
 *   ::CSEG_MISSING_ERROR, ::CSEG_TRANSFORM_NONE, weight 1.
 * @param[out] out the new handle; NULL on failure.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL @p out) or ::CSEG_E_NOMEM.
 * @note Caller owns the handle; free with ::cseg_prep_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_new(cseg_prep **out);

/**
 * @brief Deep copy: settings and fitted statistics (not the last report).
 * @param[out] out the copy; NULL on failure.
 * @param[in] prep handle to copy.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_copy(cseg_prep **out, const cseg_prep *prep);

/**
 * @brief Free a handle. NULL is accepted.
 * @param[in] prep handle to free.
 * @since 0.1.0
 */
CSEG_API void cseg_prep_free(cseg_prep *prep);

/** @} */
/** @name Configure
 * Settings apply at the next fit; a fitted handle keeps its fitted state until then.
 * @{ */

/**
 * @brief Settings of the columns not named by ::cseg_prep_set_column.
 * @param[in,out] prep handle.
 * @param[in] missing_policy a ::cseg_missing other than ::CSEG_MISSING_CONSTANT
 *   (a constant is per column).
 * @param[in] transform a ::cseg_transform combination; categorical columns
 *   ignore the default transform.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG (NULL handle, policy or transform
 *   out of range).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_set_default(cseg_prep *prep, int missing_policy, int transform);

/**
 * @brief Settings of one column, replacing earlier ones for that name.
 * @param[in,out] prep handle.
 * @param[in] column column name as in the dataset (checked at fit); copied.
 * @param[in] missing_policy a ::cseg_missing.
 * @param[in] constant value imputed by ::CSEG_MISSING_CONSTANT, finite (and
 *   > -1 with ::CSEG_TRANSFORM_LOG1P); ignored by other policies but must not be NaN.
 * @param[in] transform ::CSEG_TRANSFORM_NONE, ZSCORE, MINMAX or ROBUST, optionally
 *   OR-ed with ::CSEG_TRANSFORM_LOG1P; must be NONE for a categorical column.
 * @param[in] weight finite, >= 0; 1 leaves the column as is (see the file
 *   description: outputs are multiplied by sqrt(weight)).
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for a NULL or empty name, a policy
 *   or transform out of range, a NaN or infinite constant, a negative, NaN or
 *   infinite weight; ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_set_column(cseg_prep *prep, const char *column,
	int missing_policy, double constant, int transform, double weight);

/**
 * @brief Treat a column as categorical: its values are level codes, one-hot encoded.
 *
 * Levels are the distinct (imputed) values seen at fit, at most
 * ::CSEG_PREP_MAX_LEVELS; names "<column>=<level>" print the level with the
 * fewest digits that read back exactly ("3", "2.5"). The column keeps the
 * missing policy and weight given by ::cseg_prep_set_column, or the default
 * policy and weight 1.
 * @param[in,out] prep handle.
 * @param[in] column column name; copied.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL handle, NULL or empty name) or
 *   ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_set_categorical(cseg_prep *prep, const char *column);

/** @} */
/** @name Fit and transform
 * @{ */

/**
 * @brief Learn the statistics of every column of @p data.
 *
 * Every column of @p data becomes an input, in its order. Mean, median,
 * center, scale and levels are computed on the rows kept after
 * ::CSEG_MISSING_DROP_ROW. Complexity: O(n d) time plus a sort per median,
 * robust or categorical column; O(n) extra memory.
 * @param[in,out] prep handle.
 * @param[in] data training dataset; not kept.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, a configured column absent
 *   from @p data, a transform on a categorical column, a value <= -1 under
 *   log1p, too many levels, clashing output names); ::CSEG_E_MISSING_VALUES (a
 *   missing cell under ::CSEG_MISSING_ERROR, naming row and column; a column
 *   with no observed value whose policy needs a statistic; every row dropped);
 *   ::CSEG_E_NOMEM. On failure the handle is unchanged.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_fit(cseg_prep *prep, const cseg_dataset *data);

/**
 * @brief Apply the fitted preprocessing to a dataset.
 *
 * Input columns are found in @p data by name (in any order; other columns are
 * ignored). Rows dropped by ::CSEG_MISSING_DROP_ROW are removed; the others
 * keep their IDs and order. The report (::cseg_prep_n_dropped,
 * ::cseg_prep_n_imputed, ::cseg_prep_n_unseen) is replaced on success.
 * @param[in,out] prep fitted handle (only its report changes).
 * @param[in] data dataset to transform; not kept.
 * @param[out] out new dataset of ::cseg_prep_n_outputs named columns; NULL on failure.
 * @param[out] n_dropped_out rows dropped; may be NULL.
 * @return ::CSEG_OK; ::CSEG_E_NOT_FITTED; ::CSEG_E_INVALID_ARG (NULL, an input
 *   column missing from @p data, a value <= -1 under log1p); ::CSEG_E_MISSING_VALUES
 *   (under ::CSEG_MISSING_ERROR, naming the first missing cell in reading order,
 *   or when every row is dropped); ::CSEG_E_NOMEM.
 * @note Caller owns @p out; free with ::cseg_dataset_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_transform(cseg_prep *prep, const cseg_dataset *data,
	cseg_dataset **out, int64_t *n_dropped_out);

/**
 * @brief ::cseg_prep_fit then ::cseg_prep_transform on the same data.
 * @param[in,out] prep handle.
 * @param[in] data training dataset; not kept.
 * @param[out] out transformed dataset; NULL on failure.
 * @param[out] n_dropped_out rows dropped; may be NULL.
 * @return as ::cseg_prep_fit and ::cseg_prep_transform; on failure the handle is unchanged.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_fit_transform(cseg_prep *prep, const cseg_dataset *data,
	cseg_dataset **out, int64_t *n_dropped_out);

/**
 * @brief Transform one customer; allocates nothing.
 *
 * Unseen categories give all-zero level columns (not counted here).
 * @param[in] prep fitted handle; read only.
 * @param[in] x the customer's @p n_in raw values in input order
 *   (::cseg_prep_input_name); NaN is missing.
 * @param[in] n_in must equal ::cseg_prep_n_inputs.
 * @param[out] out receives the @p n_out transformed values.
 * @param[in] n_out must equal ::cseg_prep_n_outputs.
 * @return ::CSEG_OK; ::CSEG_E_NOT_FITTED; ::CSEG_E_INVALID_ARG (NULL, wrong
 *   sizes, an infinite value, a value <= -1 under log1p);
 *   ::CSEG_E_MISSING_VALUES (a missing value under ::CSEG_MISSING_ERROR or
 *   ::CSEG_MISSING_DROP_ROW, naming the column). On failure @p out is unspecified.
 * @note Thread-safe on one fitted handle; suitable for serving.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_transform_one(const cseg_prep *prep, const double *x,
	int64_t n_in, double *out, int64_t n_out);

/** @} */
/** @name Results
 * @{ */

/** @brief 1 when fitted (or loaded fitted), 0 when not, -1 when @p prep is NULL. @since 0.1.0 */
CSEG_API int cseg_prep_is_fitted(const cseg_prep *prep);

/** @brief Input columns of the fitted handle, or -1 (NULL or unfitted). @since 0.1.0 */
CSEG_API int64_t cseg_prep_n_inputs(const cseg_prep *prep);

/**
 * @brief Name of input column @p i.
 * @param[in] prep fitted handle.
 * @param[in] i 0 .. ::cseg_prep_n_inputs - 1.
 * @return borrowed string valid until @p prep is freed, fitted or loaded;
 *   NULL when unfitted or out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_prep_input_name(const cseg_prep *prep, int64_t i);

/** @brief Output columns of the fitted handle, or -1 (NULL or unfitted). @since 0.1.0 */
CSEG_API int64_t cseg_prep_n_outputs(const cseg_prep *prep);

/**
 * @brief Name of output column @p i ("<name>", "<name>_missing" or "<name>=<level>").
 * @param[in] prep fitted handle.
 * @param[in] i 0 .. ::cseg_prep_n_outputs - 1.
 * @return borrowed string valid until @p prep is freed, fitted or loaded;
 *   NULL when unfitted or out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_prep_output_name(const cseg_prep *prep, int64_t i);

/**
 * @brief A fitted statistic of one input column.
 * @param[in] prep fitted handle.
 * @param[in] column input column name.
 * @param[in] stat a ::cseg_prep_stat.
 * @param[out] value_out the statistic.
 * @return ::CSEG_OK; ::CSEG_E_NOT_FITTED; ::CSEG_E_INVALID_ARG (NULL, unknown
 *   column, @p stat out of range).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_get_stat(const cseg_prep *prep, const char *column,
	int stat, double *value_out);

/** @brief Rows dropped by the last transform; -1 when @p prep is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_prep_n_dropped(const cseg_prep *prep);

/**
 * @brief Cells of input @p column imputed by the last transform (kept rows only).
 * @param[in] prep fitted handle.
 * @param[in] column input column name.
 * @return the count (0 before any transform); -1 for NULL, unfitted or unknown column.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_prep_n_imputed(const cseg_prep *prep, const char *column);

/**
 * @brief Values of categorical @p column not seen at fit, in the last transform
 *   (kept rows only; encoded as all-zero level columns).
 * @param[in] prep fitted handle.
 * @param[in] column input column name (0 for numeric columns).
 * @return the count; -1 for NULL, unfitted or unknown column.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_prep_n_unseen(const cseg_prep *prep, const char *column);

/** @} */
/** @name Persistence
 * A versioned, little-endian, CRC-32 checked encoding ("CSEGPREP"), the same
 * bytes a model file embeds.
 * @{ */

/**
 * @brief Write settings and fitted statistics to a file, atomically
 *   (temporary file, flush, rename).
 * @param[in] prep handle, fitted or not.
 * @param[in] path destination; replaced only on success.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG, ::CSEG_E_IO or ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_save(const cseg_prep *prep, const char *path);

/**
 * @brief Read a handle written by ::cseg_prep_save.
 * @param[out] out the handle; NULL on failure.
 * @param[in] path file to read.
 * @return ::CSEG_OK; ::CSEG_E_IO; ::CSEG_E_FORMAT (truncated, corrupt: the
 *   message gives the byte offset); ::CSEG_E_VERSION (newer format); ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_load(cseg_prep **out, const char *path);

/**
 * @brief Encode into a new buffer.
 * @param[in] prep handle, fitted or not.
 * @param[out] data_out new buffer; release with ::cseg_free. NULL on failure.
 * @param[out] n_bytes_out its length.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_save_buffer(const cseg_prep *prep, void **data_out,
	int64_t *n_bytes_out);

/**
 * @brief Decode bytes made by ::cseg_prep_save_buffer.
 * @param[out] out the handle; NULL on failure.
 * @param[in] data the bytes; not kept.
 * @param[in] n_bytes their number, >= 0.
 * @return as ::cseg_prep_load except ::CSEG_E_IO.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_prep_load_buffer(cseg_prep **out, const void *data, int64_t n_bytes);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_PREP_H */
