/**
 * @file cseg_rfm.h
 * @brief RFM analysis: recency, frequency and monetary scores, cells and
 *   named segments.
 *
 * Each customer gets a score 1..n_bins (default 5) on each of recency (days
 * since the last purchase: lower is better, so the most recent customers
 * score n_bins), frequency and monetary value (higher is better), the cell
 * R*100 + F*10 + M (e.g. 555), and a named segment from a table of rules.
 *
 * @code
 * cseg_rfm *rfm = NULL;
 * cseg_rfm_new(&rfm);
 * if (cseg_rfm_compute(rfm, recency, n, frequency, n, monetary, n) != CSEG_OK)
 *     fprintf(stderr, "%s\n", cseg_last_error());
 * int64_t seg[n];
 * cseg_rfm_get_segments(rfm, seg, n);
 * printf("customer 0 is '%s'\n", cseg_rfm_segment_name(rfm, seg[0]));
 * cseg_rfm_free(rfm);
 * @endcode
 *
 * <b>Binning.</b> Quantile bins break down on tied data: in the CDNOW data
 * most customers bought once, so plain quantile cut points coincide and
 * frequency collapses to two scores. ::CSEG_RFM_BINNING_BALANCED (default)
 * never splits equal values and still fills every bin when the data has at
 * least n_bins distinct values:
 * the values are sorted and grouped by equal value, then bins are filled from
 * the lowest value up; with `m` rows and `b` bins left, the target size is
 * `m / b`, and the next group of equal values joins the current bin when the
 * bin is still empty, or when its middle falls within the target
 * (`2 * size + group <= 2 * target`), as long as enough groups remain to give
 * every later bin one. A group larger than the target takes a bin on its own
 * and the later bins share the remaining rows evenly. Equal values always get
 * equal scores; bin sizes are as even as the ties allow.
 * With fewer distinct values D than bins, each value is a bin of its own and
 * the bins are spread over the scores: value j (0-based, ascending) gets bin
 * 1 + round(j (n_bins - 1) / (D - 1)), and a single value gets the middle bin
 * (n_bins + 1) / 2 (integer division).
 *
 * ::CSEG_RFM_BINNING_RANK reproduces the common recipe
 * `pandas.qcut(x.rank(method="first"), n_bins)`: rows are ranked by value,
 * ties broken by row order, and rank q (1-based) of n goes to bin 1 + the
 * number of edges 1 + (j / n_bins)(n - 1), j = 1..n_bins-1, below q, which
 * are pandas' own edges for any n. Bins are equal in size (within one row), but
 * <b>equal values may get different scores</b>, depending on row order.
 *
 * User cut points (::cseg_rfm_set_cuts) replace either method for one
 * dimension. In every case, cut points are n_bins - 1 non-decreasing values
 * c_1..c_{n_bins-1} and a value v falls in bin 1 + #{j : v > c_j}, i.e. bin b
 * holds c_{b-1} < v <= c_b. Reported cut points are the largest value of each
 * bin (for the balanced method, exactly the rule above reproduces the bins).
 * The frequency and monetary scores are the bins; the recency score is
 * n_bins + 1 - bin.
 *
 * <b>Segments.</b> The default table (::cseg_rfm_default_segment_rules) is the
 * widely used one on the recency score R and FM = (F + M) / 2: Champions,
 * Loyal, Potential Loyalists, New, Promising, Need Attention, About to Sleep,
 * Can't Lose Them, At Risk, Hibernating and Lost. It is written for 5 bins;
 * with another number of bins the scores are first mapped to 1..5 by
 * s5 = 1 + floor((s - 1) * 4 / (n_bins - 1) + 1/2). Replace it with any rule
 * text (see @ref rules) through ::cseg_rfm_set_segment_rules; those rules see
 * the variables `r`, `f`, `m` (scores), `fm` ((f + m) / 2), `cell`, and the raw
 * `recency`, `frequency` and `monetary`. Customers no rule matches are in the
 * fallback segment "Other".
 *
 * Thread safety: computing stores the results in the handle, so a handle
 * must not be computed and read from two threads at once; separate handles
 * are independent.
 *
 * @defgroup rfm RFM
 * @{
 */
#ifndef CSEG_RFM_H
#define CSEG_RFM_H

#include "cseg_common.h"
#include "cseg_dataset.h"

CSEG_BEGIN_DECLS

/** Opaque RFM handle: options, and the scores of the last computation. */
typedef struct cseg_rfm cseg_rfm;

/** The three RFM dimensions. */
typedef enum cseg_rfm_dim {
	CSEG_RFM_RECENCY = 0,   /**< Days since the last purchase (lower is better). */
	CSEG_RFM_FREQUENCY = 1, /**< Number of purchases (higher is better). */
	CSEG_RFM_MONETARY = 2   /**< Money spent (higher is better). */
} cseg_rfm_dim;

/** Option keys, set with ::cseg_rfm_set_int (explicit numbers, never reused). */
typedef enum cseg_rfm_option {
	CSEG_RFM_N_BINS = 100, /**< int: scores per dimension, 2..10 (default 5). */
	CSEG_RFM_BINNING = 101 /**< int: a ::cseg_rfm_binning (default ::CSEG_RFM_BINNING_BALANCED). */
} cseg_rfm_option;

/** How quantile bins are formed (::CSEG_RFM_BINNING); see @ref rfm. */
typedef enum cseg_rfm_binning {
	CSEG_RFM_BINNING_BALANCED = 0, /**< Ties never split; bins as even as ties allow. */
	CSEG_RFM_BINNING_RANK = 1      /**< Rank with ties broken by row order (pandas qcut of rank "first"). */
} cseg_rfm_binning;

/** @name Create and destroy
 * @{ */

/**
 * @brief Create an RFM handle with default options and the default segment table.
 * @param[out] out the handle; NULL on failure.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL @p out) or ::CSEG_E_NOMEM.
 * @note Caller owns the handle; free with ::cseg_rfm_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_new(cseg_rfm **out);

/**
 * @brief Free an RFM handle.
 * @param[in] rfm handle, or NULL (ignored).
 * @since 0.1.0
 */
CSEG_API void cseg_rfm_free(cseg_rfm *rfm);

/** @} */
/** @name Options
 * @{ */

/**
 * @brief Set an integer option.
 * @param[in,out] rfm handle.
 * @param[in] key a ::cseg_rfm_option.
 * @param[in] value see the key.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL handle or value out of
 *   bounds); ::CSEG_E_UNSUPPORTED (unknown key).
 * @note Takes effect at the next computation.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_set_int(cseg_rfm *rfm, int key, int64_t value);

/**
 * @brief Read an integer option.
 * @param[in] rfm handle.
 * @param[in] key a ::cseg_rfm_option.
 * @param[out] out the value.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL) or ::CSEG_E_UNSUPPORTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_get_int(const cseg_rfm *rfm, int key, int64_t *out);

/**
 * @brief Use fixed cut points for one dimension instead of quantiles.
 * @param[in,out] rfm handle.
 * @param[in] dim a ::cseg_rfm_dim.
 * @param[in] cuts @p n_cuts finite, strictly increasing values, in the
 *   dimension's own units (for recency: ascending days); copied. May be
 *   NULL when @p n_cuts is 0.
 * @param[in] n_cuts must equal ::CSEG_RFM_N_BINS - 1 at computation time;
 *   0 returns the dimension to quantile bins.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL handle, bad dimension,
 *   NaN/Inf, not increasing, or more than 9 cuts); ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_set_cuts(cseg_rfm *rfm, int dim, const double *cuts, int64_t n_cuts);

/**
 * @brief Replace the segment table by rules (see @ref rules and @ref rfm).
 * @param[in,out] rfm handle.
 * @param[in] text rule text, or NULL to restore the default table.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL handle, or a variable other
 *   than r, f, m, fm, cell, recency, frequency, monetary, naming its line and
 *   column); ::CSEG_E_FORMAT (syntax error, with line and column); ::CSEG_E_NOMEM.
 *   On failure the table is unchanged.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_set_segment_rules(cseg_rfm *rfm, const char *text);

/**
 * @brief Rule text of the default segment table (see @ref rfm).
 * @return a static, NUL-terminated string.
 * @since 0.1.0
 */
CSEG_API const char *cseg_rfm_default_segment_rules(void);

/** @} */
/** @name Compute
 * @{ */

/**
 * @brief Score customers from three arrays.
 *
 * Complexity: O(n log n) time, O(n) memory.
 * @param[in,out] rfm handle; results replace those of the last computation.
 * @param[in] recency days since each customer's last purchase.
 * @param[in] n_recency customers, at least 1.
 * @param[in] frequency purchases per customer.
 * @param[in] n_frequency must equal @p n_recency.
 * @param[in] monetary money per customer (total or mean, the caller's choice).
 * @param[in] n_monetary must equal @p n_recency.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers, n < 1,
 *   mismatched lengths, infinite values, or user cut points whose count is
 *   not n_bins - 1; ::CSEG_E_MISSING_VALUES for a NaN (the message names the
 *   array and the row); ::CSEG_E_NOMEM. On failure the previous results are kept.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_compute(cseg_rfm *rfm, const double *recency, int64_t n_recency,
	const double *frequency, int64_t n_frequency, const double *monetary, int64_t n_monetary);

/**
 * @brief Score customers from three columns of a dataset.
 * @param[in,out] rfm handle.
 * @param[in] data dataset.
 * @param[in] recency_column name of the recency column.
 * @param[in] frequency_column name of the frequency column.
 * @param[in] monetary_column name of the monetary column.
 * @return as ::cseg_rfm_compute; ::CSEG_E_INVALID_ARG also for an unknown
 *   column name.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_compute_dataset(cseg_rfm *rfm, const cseg_dataset *data,
	const char *recency_column, const char *frequency_column, const char *monetary_column);

/** @} */
/** @name Results
 * @{ */

/**
 * @brief Customers of the last computation.
 * @param[in] rfm handle.
 * @return the count; 0 before any computation; -1 when @p rfm is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_rfm_n_rows(const cseg_rfm *rfm);

/**
 * @brief Copy one dimension's scores (1..n_bins; recency oriented so that
 *   higher is better).
 * @param[in] rfm computed handle.
 * @param[in] dim a ::cseg_rfm_dim.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_rfm_n_rows.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, bad dimension, wrong size);
 *   ::CSEG_E_NOT_FITTED before any computation.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_get_scores(const cseg_rfm *rfm, int dim, int64_t *out, int64_t n_out);

/**
 * @brief Copy the cut points used for one dimension (see @ref rfm).
 * @param[in] rfm computed handle.
 * @param[in] dim a ::cseg_rfm_dim.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal n_bins - 1 of the last computation.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, bad dimension, wrong size);
 *   ::CSEG_E_NOT_FITTED before any computation.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_get_cuts(const cseg_rfm *rfm, int dim, double *out, int64_t n_out);

/**
 * @brief Copy the RFM cells: R * 100 + F * 10 + M (e.g. 555), or
 *   R * 10000 + F * 100 + M when n_bins is 10.
 * @param[in] rfm computed handle.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_rfm_n_rows.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, wrong size);
 *   ::CSEG_E_NOT_FITTED before any computation.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_get_cells(const cseg_rfm *rfm, int64_t *out, int64_t n_out);

/**
 * @brief Number of named segments: the table's distinct names plus the
 *   fallback "Other", as of the last computation (of the current table
 *   before any).
 * @param[in] rfm handle.
 * @return the count, or -1 when @p rfm is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_rfm_n_segments(const cseg_rfm *rfm);

/**
 * @brief Name of segment @p segment.
 * @param[in] rfm handle.
 * @param[in] segment 0..::cseg_rfm_n_segments - 1.
 * @return borrowed string valid until the next computation or until @p rfm
 *   is freed (before any computation: until the table is replaced); NULL
 *   when @p rfm is NULL or @p segment out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_rfm_segment_name(const cseg_rfm *rfm, int64_t segment);

/**
 * @brief Copy each customer's named segment (0..::cseg_rfm_n_segments - 1).
 * @param[in] rfm computed handle.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_rfm_n_rows.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, wrong size);
 *   ::CSEG_E_NOT_FITTED before any computation.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_get_segments(const cseg_rfm *rfm, int64_t *out, int64_t n_out);

/**
 * @brief Copy the size of each named segment.
 * @param[in] rfm computed handle.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal ::cseg_rfm_n_segments.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, wrong size);
 *   ::CSEG_E_NOT_FITTED before any computation.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rfm_get_segment_sizes(const cseg_rfm *rfm, int64_t *out, int64_t n_out);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_RFM_H */
