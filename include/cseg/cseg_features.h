/**
 * @file cseg_features.h
 * @brief Customer-level features from a transaction log, at an explicit as-of date.
 *
 * ::cseg_features_compute turns a ::cseg_transactions log into a
 * ::cseg_dataset with one row per customer (IDs from the log, rows in the
 * log's customer order) and one named column per feature. Everything is
 * computed from the rows dated on or before the as-of date A; later rows
 * are ignored (except for the optional holdout columns).
 *
 * <b>Definitions.</b> Days are whole days since 1970-01-01. A row with an
 * amount >= 0 is a <em>purchase</em>, a row with a negative amount a
 * <em>return</em>. A customer is included when they have at least one
 * purchase on or before A (customers with only returns are left out).
 * With first and last the customer's first and last purchase days, and the
 * <em>behaviour window</em> W = [first + N_onb, A] (N_onb = ::CSEG_FEAT_ONBOARDING_DAYS,
 * default 0, so W starts at the first purchase):
 * - `recency` = A - last (days; uses every purchase, not only W);
 * - `tenure` = A - first (days; every purchase);
 * - `frequency` F = distinct purchase days in W (::CSEG_FEAT_DAYS, default)
 *   or purchase rows in W (::CSEG_FEAT_ORDERS);
 * - `monetary` = sum of all amounts (purchases and returns) dated in W: net
 *   spend, returns netted against the spend;
 * - `aov` = monetary / F, the average net value per purchase day (or per
 *   order); missing when F = 0;
 * - `n_returns` = return rows dated in W;
 * - `ipt_mean`, `ipt_std`: mean and sample standard deviation (divisor
 *   n - 1) of the gaps in days between consecutive distinct purchase days in
 *   W. Missing (NaN) for customers with fewer than 2 (mean) or 3 (standard
 *   deviation) purchase days in W, so ::cseg_dataset_n_missing counts them;
 * - `frequency_seasonal`: F divided by the mean population seasonal index of
 *   the days of W (below). It is the number of purchases the customer would
 *   have made at the same pace in a period of average seasonality: a
 *   customer active only in a busy season is scaled down, one active only in
 *   quiet months up. Equals F when purchases have no seasonality; missing
 *   when W is empty;
 * - `share_channel_<v>`, `share_region_<v>`, `share_category_<v>`: for each
 *   level v of the attribute column, the customer's purchase amounts in W
 *   with that value divided by all their purchase amounts in W (returns
 *   left out, so shares are in [0, 1]; rows with an empty value count in the
 *   denominator only, so shares add up to 1 minus the unknown share).
 *   Missing when the customer's purchase amounts in W add up to 0. One
 *   column per level seen on or before A, levels in byte order (strcmp);
 * - `holdout_frequency`, `holdout_monetary` (only with ::CSEG_FEAT_HOLDOUT_END
 *   = H): purchases (in the unit of `frequency`) and net spend in (A, H],
 *   for validating a model fitted on the calibration features.
 *
 * <b>Seasonal index.</b> Over the population window [D0, A], D0 the first
 * day of the whole log: P_m = purchases (unit of `frequency`, counted per
 * customer) of every customer dated in calendar month-of-year m = 1..12 on
 * or before A, whatever the filters and onboarding cut; Dm = days of month-of-year m in
 * [D0, A]; rate R_m = P_m / Dm; index_m = R_m / mean(R_m' over the months
 * with Dm' > 0), and 1 for months never covered (when every R_m is 0 the
 * index is 1 throughout). For a customer, S = mean of index_{month(d)} over
 * the days d of W, and `frequency_seasonal` = F / S. Dividing by days
 * covered, not calendar months, keeps partial months and months covered in
 * more years than others (CDNOW: January to June twice) comparable.
 *
 * <b>Customer filters.</b> ::CSEG_FEAT_ACTIVE_WITHIN = N > 0 keeps only the
 * customers with a purchase in the last N days, recency < N; 0 (default)
 * keeps every customer with a purchase on or before A.
 *
 * <b>Column selection.</b> ::cseg_feature_options_select chooses columns by
 * name and order: any name above, a group `share_channel`, `share_region`
 * or `share_category` (all its levels), or one level column such as
 * `share_channel_web`. The default is every scalar feature in the order of
 * the list above (recency, frequency, monetary, aov, tenure, ipt_mean,
 * ipt_std, n_returns, frequency_seasonal), then the share groups of the
 * attribute columns the log has, then the holdout columns when a holdout end
 * is set.
 *
 * @code
 * cseg_feature_options *fo = NULL;
 * cseg_dataset *ds = NULL;
 * int64_t as_of;
 * cseg_date_parse(&as_of, "1998-06-30");
 * cseg_feature_options_new(&fo);
 * cseg_feature_options_set_int(fo, CSEG_FEAT_AS_OF, as_of);
 * const char *cols[] = {"recency", "frequency", "monetary"};
 * cseg_feature_options_select(fo, cols, 3);
 * if (cseg_features_compute(&ds, tx, fo) != CSEG_OK)
 *     fprintf(stderr, "%s\n", cseg_last_error());
 * cseg_feature_options_free(fo);
 * @endcode
 *
 * Thread safety: options must not be changed while a computation reads
 * them; a const log and const options may be used by any number of
 * concurrent computations.
 *
 * @defgroup features Customer features
 * @{
 */
#ifndef CSEG_FEATURES_H
#define CSEG_FEATURES_H

#include "cseg_common.h"
#include "cseg_dataset.h"
#include "cseg_transactions.h"

CSEG_BEGIN_DECLS

/** Opaque feature options. */
typedef struct cseg_feature_options cseg_feature_options;

/** Option keys (explicit numbers, never reused), set with ::cseg_feature_options_set_int. */
typedef enum cseg_feature_option {
	CSEG_FEAT_AS_OF = 100,           /**< Required: the as-of date A, days since 1970-01-01
	                                      (default ::CSEG_DATE_NONE: unset). */
	CSEG_FEAT_FREQUENCY = 101,       /**< A ::cseg_feature_frequency (default ::CSEG_FEAT_DAYS). */
	CSEG_FEAT_ONBOARDING_DAYS = 102, /**< Days from each customer's first purchase left out of the
	                                      behaviour features, 0..100000 (default 0). */
	CSEG_FEAT_ACTIVE_WITHIN = 103,   /**< Keep only customers with recency < N, N in 0..100000;
	                                      0 keeps every customer (default 0). */
	CSEG_FEAT_HOLDOUT_END = 104      /**< Holdout end H > A for the holdout columns, or
	                                      ::CSEG_DATE_NONE for none (default). */
} cseg_feature_option;

/** What `frequency` counts. */
typedef enum cseg_feature_frequency {
	CSEG_FEAT_DAYS = 0,   /**< Distinct purchase days (several orders on one day are one purchase). */
	CSEG_FEAT_ORDERS = 1  /**< Purchase rows. */
} cseg_feature_frequency;

/** @name Options
 * @{ */

/**
 * @brief Create feature options with the defaults listed in ::cseg_feature_option.
 * @param[out] out new options; NULL on failure.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @note Caller owns the options; free with ::cseg_feature_options_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_feature_options_new(cseg_feature_options **out);

/** @brief Free feature options. NULL is accepted. @since 0.1.0 */
CSEG_API void cseg_feature_options_free(cseg_feature_options *opts);

/**
 * @brief Set an option.
 * @param[in,out] opts options.
 * @param[in] key a ::cseg_feature_option.
 * @param[in] value the value; dates are days since 1970-01-01 in years
 *   1..9999 (::cseg_date_parse), or ::CSEG_DATE_NONE to unset.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL @p opts, value out of
 *   range); ::CSEG_E_UNSUPPORTED (unknown key). Unchanged on failure.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_feature_options_set_int(cseg_feature_options *opts,
	cseg_feature_option key, int64_t value);

/**
 * @brief Read an option.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_UNSUPPORTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_feature_options_get_int(const cseg_feature_options *opts,
	cseg_feature_option key, int64_t *out);

/**
 * @brief Choose the output columns and their order.
 * @param[in,out] opts options.
 * @param[in] names @p n_names feature names (see the file documentation),
 *   copied; NULL with @p n_names = 0 restores the default selection.
 * @param[in] n_names number of names.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for a NULL or empty name, an
 *   unknown feature name or a repeated name (the message names it);
 *   ::CSEG_E_NOMEM. Unchanged on failure. Level columns
 *   (`share_channel_web`) are checked against the log by ::cseg_features_compute.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_feature_options_select(cseg_feature_options *opts,
	const char *const *names, int64_t n_names);

/** @} */
/** @name Compute
 * @{ */

/**
 * @brief Compute customer features at the as-of date.
 * @param[out] out dataset, one row per included customer (log order, IDs
 *   from the log) and one named column per selected feature; missing values
 *   are NaN and counted. NULL on failure.
 * @param[in] tx transactions.
 * @param[in] opts options with ::CSEG_FEAT_AS_OF set.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL arguments, no as-of
 *   date, an as-of date before every transaction, a holdout end not after
 *   the as-of date, a selected share column for an attribute the log lacks
 *   or a level it never has, or no customer left after the filters;
 *   ::CSEG_E_NOMEM.
 * @note Caller owns the dataset; free with ::cseg_dataset_free. Complexity:
 *   O(rows + customers x columns + days from the first transaction to the
 *   as-of date), plus sorting any customer whose rows are not in day order.
 *   Extra memory besides the result: none per row when the log is grouped by
 *   customer and sorted by day (as CDNOW is), else a 4-byte row index per
 *   row (8 bytes beyond 2^32 rows); 25 bytes per customer; 9 bytes per day
 *   of the population window. CDNOW (69,659 rows, 23,570 customers) takes a
 *   few milliseconds; 10 million date-ordered rows of 1 million customers
 *   about 5 s, bound by memory latency.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_features_compute(cseg_dataset **out, const cseg_transactions *tx,
	const cseg_feature_options *opts);

/**
 * @brief Calibration/holdout split: features at @p calibration_end plus the
 *   `holdout_frequency` and `holdout_monetary` columns for (calibration_end, holdout_end].
 *
 * The same as ::cseg_features_compute with ::CSEG_FEAT_AS_OF = @p calibration_end
 * and ::CSEG_FEAT_HOLDOUT_END = @p holdout_end, other options taken from
 * @p opts (which is not changed). Customers whose first purchase falls in
 * the holdout period are not rows: they were not customers at calibration end.
 * @param[out] out dataset as ::cseg_features_compute; NULL on failure.
 * @param[in] tx transactions.
 * @param[in] opts options (its as-of and holdout dates are ignored), or NULL for the defaults.
 * @param[in] calibration_end last day of the calibration period, included.
 * @param[in] holdout_end last day of the holdout period, after @p calibration_end.
 * @return as ::cseg_features_compute.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_features_compute_holdout(cseg_dataset **out, const cseg_transactions *tx,
	const cseg_feature_options *opts, int64_t calibration_end, int64_t holdout_end);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_FEATURES_H */
