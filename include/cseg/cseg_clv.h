/**
 * @file cseg_clv.h
 * @brief Customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma models.
 *
 * Buy-till-you-die models of the customer-base literature, fitted by
 * maximum likelihood on per-customer summaries:
 * - x: repeat purchases (distinct purchase days after the first, up to the
 *   calibration end);
 * - t_x: recency, time from the first to the last purchase;
 * - T: age, time from the first purchase to the calibration end;
 * - zbar: mean value of the repeat purchases (for Gamma-Gamma).
 *
 * Times are in the summary's unit (days or weeks); predictions use the same
 * unit. A summary is computed from a transaction log with
 * ::cseg_clv_summary_new, or the arrays come from elsewhere.
 *
 * @code
 * cseg_clv_model *bg = NULL;
 * cseg_clv_model_new(&bg, CSEG_CLV_BGNBD);
 * if (cseg_clv_model_fit(bg, x, t_x, T, NULL, n) != CSEG_OK)
 *     fprintf(stderr, "%s\n", cseg_last_error());
 * double params[4];
 * cseg_clv_model_get_params(bg, params, 4);       // r, alpha, a, b
 * cseg_clv_expected_purchases(bg, out, 39.0, x, t_x, T, n);
 * @endcode
 *
 * References: Fader, Hardie & Lee (2005) "Counting your customers the easy
 * way: an alternative to the Pareto/NBD model", Marketing Science 24(2);
 * Fader & Hardie (2005) "A note on deriving the Pareto/NBD model and related
 * expressions"; Fader, Hardie & Lee (2005) "RFM and CLV: using iso-value
 * curves for customer base analysis", JMR 42(4); Fader & Hardie (2013)
 * "The Gamma-Gamma model of monetary value".
 *
 * Thread safety: a model must not be changed (set, fit) concurrently; a
 * fitted model is read-only for prediction from any number of threads.
 *
 * @defgroup clv Customer lifetime value
 * @{
 */
#ifndef CSEG_CLV_H
#define CSEG_CLV_H

#include "cseg_common.h"
#include "cseg_transactions.h"

CSEG_BEGIN_DECLS

/** Opaque per-customer summary (x, t_x, T, zbar, holdout counts). */
typedef struct cseg_clv_summary cseg_clv_summary;

/** Opaque CLV model handle. */
typedef struct cseg_clv_model cseg_clv_model;

/** Time unit of summaries; the value is the unit's length in days. */
typedef enum cseg_time_unit {
	CSEG_TIME_DAYS = 1, /**< Days. */
	CSEG_TIME_WEEKS = 7 /**< Weeks of 7 days (fractional: 10 days = 1.4286 weeks). */
} cseg_time_unit;

/** Columns of a summary (::cseg_clv_summary_copy_column). */
typedef enum cseg_clv_column {
	CSEG_CLV_X = 0,              /**< Repeat purchases in the calibration period. */
	CSEG_CLV_T_X = 1,            /**< Recency: last minus first purchase day, in units. */
	CSEG_CLV_T = 2,              /**< Age: calibration end minus first purchase day, in units. */
	CSEG_CLV_ZBAR = 3,           /**< Mean daily total of the repeat purchase days (0 when x = 0). */
	CSEG_CLV_X_HOLDOUT = 4,      /**< Purchase days in the holdout period (calibration end, observation end]. */
	CSEG_CLV_ZBAR_HOLDOUT = 5,   /**< Mean daily total of the holdout purchase days (0 when none). */
	CSEG_CLV_FIRST_DAY = 6       /**< First purchase, days since 1970-01-01. */
} cseg_clv_column;

/** Models. */
typedef enum cseg_clv_kind {
	CSEG_CLV_BGNBD = 1,       /**< BG/NBD purchases: parameters r, alpha, a, b. */
	CSEG_CLV_PARETO_NBD = 2,  /**< Pareto/NBD purchases: parameters r, alpha, s, beta. */
	CSEG_CLV_GAMMA_GAMMA = 3  /**< Gamma-Gamma spend: parameters p, q, gamma. */
} cseg_clv_kind;

/**
 * Option keys (100+) and result keys (900+), read and written with the
 * typed setters and getters. Explicit numbers, never reused.
 */
typedef enum cseg_clv_key {
	CSEG_CLV_MAX_ITER = 100,  /**< int: BFGS iteration limit per start, >= 1 (default 500). */
	CSEG_CLV_N_STARTS = 101,  /**< int: starting points tried, the best kept, >= 1 (default 4). */
	CSEG_CLV_TOL = 102,       /**< double: convergence when the gradient norm on log-parameters,
	                               divided by the total weight, is below tol, > 0 (default 1e-7). */
	CSEG_CLV_SEED = 103,      /**< int: seed for the extra starting points and the start
	                               subsample, >= 0 (default 0). */
	CSEG_CLV_LOGLIK = 900,    /**< double result: maximised (weighted) log-likelihood. */
	CSEG_CLV_N_ITER = 901,    /**< int result: BFGS iterations of the final run. */
	CSEG_CLV_N_OBS = 902,     /**< int result: customers used by the fit (Gamma-Gamma: those with x > 0). */
	CSEG_CLV_CORRELATION = 903, /**< double result: Gamma-Gamma only, Pearson correlation of x and
	                               zbar over the customers used; the model assumes independence,
	                               so it should be near 0. */
	CSEG_CLV_GRAD_NORM = 904  /**< double result: final gradient norm on log-parameters / total weight. */
} cseg_clv_key;

/** @name Summaries
 * @{ */

/**
 * @brief Summarise transactions per customer, as the literature and the
 *   Python `lifetimes` package do.
 *
 * Purchases on the same day are merged into one purchase (their amounts
 * added). With D the distinct purchase days of a customer up to and
 * including @p calibration_end: x = |D| - 1, t_x = (last - first) / unit,
 * T = (calibration_end - first) / unit, zbar = mean of the daily totals of
 * D without the first day. Customers whose first purchase is after
 * @p calibration_end are left out. Holdout columns count the distinct days
 * in (calibration_end, observation_end].
 * @param[out] out the summary; NULL on failure.
 * @param[in] tx transactions.
 * @param[in] calibration_end last day of the calibration period (days since
 *   1970-01-01), included.
 * @param[in] observation_end last day of the holdout period, after
 *   @p calibration_end, or ::CSEG_DATE_NONE for no holdout (holdout columns 0).
 * @param[in] unit ::CSEG_TIME_DAYS or ::CSEG_TIME_WEEKS.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, bad unit, observation end
 *   not after calibration end, nobody purchased by the calibration end);
 *   ::CSEG_E_NOMEM.
 * @note Caller owns the summary; free with ::cseg_clv_summary_free.
 *   Complexity: O(rows log rows).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_summary_new(cseg_clv_summary **out, const cseg_transactions *tx,
	int64_t calibration_end, int64_t observation_end, cseg_time_unit unit);

/** @brief Free a summary. NULL is accepted. @since 0.1.0 */
CSEG_API void cseg_clv_summary_free(cseg_clv_summary *summary);

/** @brief Customers in the summary, or -1 when @p summary is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_clv_summary_n_customers(const cseg_clv_summary *summary);

/**
 * @brief Holdout length (observation end - calibration end) in units; 0 without holdout.
 * @param[in] summary summary.
 * @return the length, or NaN when @p summary is NULL.
 * @since 0.1.0
 */
CSEG_API double cseg_clv_summary_holdout_length(const cseg_clv_summary *summary);

/**
 * @brief ID of the summary's customer @p row.
 * @param[in] summary summary.
 * @param[in] row 0-based row.
 * @return borrowed string valid until @p summary is freed; NULL when out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_clv_summary_id(const cseg_clv_summary *summary, int64_t row);

/**
 * @brief Copy one column of the summary.
 * @param[in] summary summary.
 * @param[in] column a ::cseg_clv_column.
 * @param[out] out buffer of @p n_out doubles.
 * @param[in] n_out must equal ::cseg_clv_summary_n_customers.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG; ::CSEG_E_UNSUPPORTED (unknown column).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_summary_copy_column(const cseg_clv_summary *summary,
	cseg_clv_column column, double *out, int64_t n_out);

/** @} */
/** @name Create and destroy
 * @{ */

/**
 * @brief Create an unfitted model with default options.
 * @param[out] out the model; NULL on failure.
 * @param[in] kind a ::cseg_clv_kind.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG; ::CSEG_E_UNSUPPORTED (unknown
 *   kind); ::CSEG_E_NOMEM.
 * @note Caller owns the model; free with ::cseg_clv_model_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_new(cseg_clv_model **out, cseg_clv_kind kind);

/** @brief Free a model. NULL is accepted. @since 0.1.0 */
CSEG_API void cseg_clv_model_free(cseg_clv_model *model);

/** @} */
/** @name Options and results
 * @{ */

/**
 * @brief Set an integer option.
 * @param[in,out] model model.
 * @param[in] key an option key of ::cseg_clv_key.
 * @param[in] value within the bounds listed for the key.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, out of bounds);
 *   ::CSEG_E_UNSUPPORTED (unknown key or not an integer option).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_set_int(cseg_clv_model *model, cseg_clv_key key, int64_t value);

/** @brief Set a double option; as ::cseg_clv_model_set_int (NaN is out of bounds). @since 0.1.0 */
CSEG_API cseg_status cseg_clv_model_set_double(cseg_clv_model *model, cseg_clv_key key, double value);

/**
 * @brief Read an integer option or result.
 * @param[in] model model.
 * @param[in] key a ::cseg_clv_key of integer type.
 * @param[out] out the value.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG; ::CSEG_E_UNSUPPORTED (unknown
 *   key, wrong type or a result this kind lacks); ::CSEG_E_NOT_FITTED (a
 *   result before fitting).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_get_int(const cseg_clv_model *model, cseg_clv_key key, int64_t *out);

/** @brief Read a double option or result; as ::cseg_clv_model_get_int. @since 0.1.0 */
CSEG_API cseg_status cseg_clv_model_get_double(const cseg_clv_model *model, cseg_clv_key key, double *out);

/** @brief The model's ::cseg_clv_kind, or 0 when @p model is NULL. @since 0.1.0 */
CSEG_API int cseg_clv_model_kind(const cseg_clv_model *model);

/** @brief Number of parameters (4 or 3), or -1 when @p model is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_clv_model_n_params(const cseg_clv_model *model);

/**
 * @brief Name of parameter @p i ("r", "alpha", "a", "b", "s", "beta", "p", "q", "gamma").
 * @param[in] model model.
 * @param[in] i 0-based parameter index.
 * @return static string; NULL when @p model is NULL or @p i out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_clv_model_param_name(const cseg_clv_model *model, int64_t i);

/**
 * @brief Fitted (or set) parameters, in the order of ::cseg_clv_kind.
 * @param[in] model model.
 * @param[out] out @p n_out doubles.
 * @param[in] n_out must equal ::cseg_clv_model_n_params.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOT_FITTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_get_params(const cseg_clv_model *model, double *out, int64_t n_out);

/**
 * @brief Standard errors of the parameters, from the inverse Hessian of the
 *   negative log-likelihood at the optimum.
 * @param[in] model model.
 * @param[out] out @p n_out doubles; NaN where the Hessian is not positive
 *   definite, and all NaN for parameters given by ::cseg_clv_model_set_params.
 * @param[in] n_out must equal ::cseg_clv_model_n_params.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOT_FITTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_get_std_errors(const cseg_clv_model *model, double *out, int64_t n_out);

/**
 * @brief Use known parameters instead of fitting (e.g. published values).
 * @param[in,out] model model; becomes fitted, with no results but the parameters.
 * @param[in] params @p n_params finite values > 0.
 * @param[in] n_params must equal ::cseg_clv_model_n_params.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG (model unchanged).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_set_params(cseg_clv_model *model, const double *params, int64_t n_params);

/** @} */
/** @name Fit
 * @{ */

/**
 * @brief Fit a purchase model (BG/NBD or Pareto/NBD) by maximum likelihood.
 *
 * BG/NBD, per customer: L = B(a, b+x)/B(a, b) * Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 * + [x > 0] B(a+1, b+x-1)/B(a, b) * Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 * Pareto/NBD: Fader & Hardie (2005), eq. (18), with the Gaussian
 * hypergeometric function summed after Euler's transformation
 * (positive terms, no overflow). The weighted log-likelihood is maximised
 * over log-parameters by BFGS with analytic (BG/NBD) or central-difference
 * (Pareto/NBD) gradients, from ::CSEG_CLV_N_STARTS starting points (on a
 * subsample of 100,000 customers when there are more, the best then
 * polished on all). Parameters are bounded to [1e-8, 1e8].
 * @param[in,out] model a BG/NBD or Pareto/NBD model; unchanged on failure.
 * @param[in] x repeat purchases, non-negative whole numbers.
 * @param[in] t_x recency, 0 <= t_x <= T; > 0 when x > 0, 0 when x = 0.
 * @param[in] T age, > 0.
 * @param[in] weights @p n_rows weights >= 0 (e.g. counts of identical
 *   customers), or NULL for 1 each.
 * @param[in] n_rows customers, at least 1.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL, n_rows < 1, a bad value:
 *   the message names the row; nobody repeats or no positive weight: the
 *   model is not identified); ::CSEG_E_UNSUPPORTED (a Gamma-Gamma model);
 *   ::CSEG_E_NOT_CONVERGED (no start converged, or a parameter ran to a
 *   bound: the data do not identify the model); ::CSEG_E_NOMEM.
 * @note Complexity: O(n_rows) per iteration, parallel with a fixed-order
 *   reduction, so results do not depend on the thread count.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_fit(cseg_clv_model *model, const double *x, const double *t_x,
	const double *T, const double *weights, int64_t n_rows);

/**
 * @brief Fit the Gamma-Gamma spend model on the customers with x > 0.
 *
 * Per customer: f(zbar | x) = Γ(px+q) / (Γ(px) Γ(q)) γ^q x^(px) zbar^(px-1)
 * / (γ + x zbar)^(px+q). Customers with x = 0 are ignored. Also records
 * ::CSEG_CLV_CORRELATION.
 * @param[in,out] model a Gamma-Gamma model; unchanged on failure.
 * @param[in] x repeat purchases, non-negative whole numbers.
 * @param[in] zbar mean repeat purchase value, > 0 when x > 0 (ignored otherwise).
 * @param[in] weights weights >= 0 or NULL.
 * @param[in] n_rows customers, at least 1.
 * @return as ::cseg_clv_model_fit (fewer than 2 customers with x > 0 and
 *   distinct values is ::CSEG_E_INVALID_ARG; a purchase model is ::CSEG_E_UNSUPPORTED).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_fit_spend(cseg_clv_model *model, const double *x,
	const double *zbar, const double *weights, int64_t n_rows);

/**
 * @brief Fit on a summary's columns (x, t_x, T; or x, zbar for Gamma-Gamma).
 * @param[in,out] model any model.
 * @param[in] summary summary.
 * @param[in] weights one per summary row, or NULL.
 * @return as ::cseg_clv_model_fit.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_model_fit_summary(cseg_clv_model *model, const cseg_clv_summary *summary,
	const double *weights);

/** @} */
/** @name Predictions
 * Vectorised over customers; every function checks the rows as the fit does
 * and writes nothing on failure (::CSEG_E_INVALID_ARG naming the row,
 * ::CSEG_E_NOT_FITTED, ::CSEG_E_UNSUPPORTED for the wrong kind of model).
 * @{ */

/**
 * @brief Expected purchases in the next @p t units, given each customer's history.
 *
 * BG/NBD: Fader, Hardie & Lee (2005) eq. (10); Pareto/NBD: Fader & Hardie
 * (2005) eq. (21) times P(alive).
 * @param[in] model fitted BG/NBD or Pareto/NBD model.
 * @param[out] out @p n_rows values.
 * @param[in] t horizon >= 0, in the model's unit.
 * @param[in] x @p n_rows repeat purchases (whole numbers >= 0).
 * @param[in] t_x @p n_rows recencies, 0 <= t_x <= T (> 0 when x > 0, 0 when x = 0).
 * @param[in] T @p n_rows ages, > 0.
 * @param[in] n_rows customers, at least 1.
 * @return ::CSEG_OK or a status listed for the group.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_expected_purchases(const cseg_clv_model *model, double *out, double t,
	const double *x, const double *t_x, const double *T, int64_t n_rows);

/**
 * @brief Probability that each customer is still active at T.
 * @param[in] model fitted BG/NBD or Pareto/NBD model.
 * @param[out] out @p n_rows probabilities.
 * @param[in] x @p n_rows repeat purchases (whole numbers >= 0).
 * @param[in] t_x @p n_rows recencies, 0 <= t_x <= T (> 0 when x > 0, 0 when x = 0).
 * @param[in] T @p n_rows ages, > 0.
 * @param[in] n_rows customers, at least 1.
 * @return ::CSEG_OK or a status listed for the group.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_prob_alive(const cseg_clv_model *model, double *out,
	const double *x, const double *t_x, const double *T, int64_t n_rows);

/**
 * @brief Probability that a randomly chosen new customer makes exactly
 *   n purchases in (0, t].
 *
 * BG/NBD: Fader, Hardie & Lee (2005) eq. (8). Pareto/NBD: Fader, Hardie &
 * Lee (2006), "Deriving an expression for P(X(t) = x) under the Pareto/NBD
 * model": P = NBD(n; r, α, t) (β/(β+t))^s + α^r β^s B(r+n, s+1)/B(r, s)
 * [B1 - Σ_{i=0..n} Γ(r+s+i)/(Γ(r+s) i!) t^i B2_i], with B1 and B2_i Gaussian
 * hypergeometric terms, each summed in whichever of its two positive-term
 * forms (plain or after Euler's transformation) cannot overflow. A
 * Pareto/NBD count n costs n + 2 hypergeometric series (about 0.1 s for
 * n = 100,000); rows run in parallel. The bracket is a difference, so the
 * error is absolute (about 1e-15): far-tail probabilities below that are
 * not accurate relatively.
 * @param[in] model fitted BG/NBD or Pareto/NBD model.
 * @param[out] out @p n_rows probabilities.
 * @param[in] t period length > 0, finite.
 * @param[in] counts @p n_rows counts n, 0 <= n <= 1e8 (BG/NBD) or 1e6 (Pareto/NBD).
 * @param[in] n_rows at least 1.
 * @return ::CSEG_OK or a status listed for the group (a Gamma-Gamma model is
 *   ::CSEG_E_UNSUPPORTED; a series that does not converge, possible only for
 *   extreme parameters, is ::CSEG_E_INVALID_ARG naming the row).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_prob_n_purchases(const cseg_clv_model *model, double *out, double t,
	const int64_t *counts, int64_t n_rows);

/**
 * @brief Expected purchases in (0, t] of a new customer (unconditional mean).
 * @param[in] model fitted BG/NBD or Pareto/NBD model.
 * @param[out] out @p n_rows values.
 * @param[in] t @p n_rows horizons >= 0.
 * @param[in] n_rows at least 1.
 * @return ::CSEG_OK or a status listed for the group.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_expected_purchases_new(const cseg_clv_model *model, double *out,
	const double *t, int64_t n_rows);

/**
 * @brief Conditional expected mean spend per purchase (Gamma-Gamma):
 *   (p γ + p x zbar) / (p x + q - 1).
 * @param[in] model fitted Gamma-Gamma model with q > 1.
 * @param[out] out @p n_rows values (the population mean p γ / (q - 1) when x = 0).
 * @param[in] x repeat purchases.
 * @param[in] zbar mean repeat purchase values (> 0 when x > 0).
 * @param[in] n_rows at least 1.
 * @return also ::CSEG_E_INVALID_ARG when q <= 1 (the mean does not exist).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_expected_spend(const cseg_clv_model *model, double *out,
	const double *x, const double *zbar, int64_t n_rows);

/**
 * @brief Discounted customer lifetime value, as `lifetimes` computes it.
 *
 * CLV = margin * sum_{i=1..n_periods} spend * (E[Y(i L)] - E[Y((i-1) L)])
 * / (1 + discount_rate)^i, with L = @p period_length, E[Y(.)] the purchase
 * model's conditional expectation and spend the Gamma-Gamma conditional mean
 * (or zbar itself when @p spend_model is NULL). With weeks as unit, months
 * are period_length = 4.345.
 * @param[in] purchase_model fitted BG/NBD or Pareto/NBD model.
 * @param[in] spend_model fitted Gamma-Gamma model, or NULL.
 * @param[out] out @p n_rows values.
 * @param[in] n_periods periods summed, >= 1.
 * @param[in] period_length period length in the model's unit, > 0.
 * @param[in] discount_rate per period, >= 0 (e.g. 0.01 a month).
 * @param[in] margin profit margin applied to spend, finite (1 = revenue).
 * @param[in] x @p n_rows repeat purchases.
 * @param[in] t_x @p n_rows recencies.
 * @param[in] T @p n_rows ages.
 * @param[in] zbar @p n_rows mean repeat purchase values (> 0 when x > 0).
 * @param[in] n_rows at least 1.
 * @return ::CSEG_OK or a status listed for the group.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_value(const cseg_clv_model *purchase_model,
	const cseg_clv_model *spend_model, double *out, int64_t n_periods, double period_length,
	double discount_rate, double margin, const double *x, const double *t_x, const double *T,
	const double *zbar, int64_t n_rows);

/**
 * @brief Calibration versus holdout: mean actual and predicted holdout
 *   purchases per calibration frequency bucket.
 *
 * Bucket k < n_buckets - 1 holds the customers with x = k, the last bucket
 * those with x >= n_buckets - 1. Predictions are conditional expectations
 * over @p holdout_length. Empty buckets give count 0 and NaN means.
 * @param[in] model fitted BG/NBD or Pareto/NBD model.
 * @param[out] actual_out @p n_buckets mean actual holdout purchases.
 * @param[out] predicted_out @p n_buckets mean predicted holdout purchases.
 * @param[out] count_out @p n_buckets customers per bucket.
 * @param[in] n_buckets >= 1.
 * @param[in] holdout_length > 0, in units.
 * @param[in] x @p n_rows calibration repeat purchases.
 * @param[in] t_x @p n_rows calibration recencies.
 * @param[in] T @p n_rows calibration ages.
 * @param[in] x_holdout @p n_rows actual holdout purchases, >= 0.
 * @param[in] n_rows at least 1.
 * @return ::CSEG_OK or a status listed for the group.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_holdout_compare(const cseg_clv_model *model, double *actual_out,
	double *predicted_out, int64_t *count_out, int64_t n_buckets, double holdout_length,
	const double *x, const double *t_x, const double *T, const double *x_holdout, int64_t n_rows);

/** @} */
/** @name Value tiers
 * CLV tiers turn a value per customer (from ::cseg_clv_value, or any
 * other measure of value) into a small ordinal label that segmentation can
 * use in two ways:
 * - as a dataset column: put the tiers (or the raw value) in a column named,
 *   say, `clv_tier` beside the other features, and refer to it in a rule set
 *   (see cseg_rules.h):
 *   @code
 *   clv_tier == 1 -> "Top value"
 *   clv_tier == 2 and recency > 90 -> "High value at risk"
 *   @endcode
 *   or give it to a clustering model as a feature (scale it like the others);
 * - in the rule language on the raw value, with the reported cut points
 *   written as numbers (`clv > 412.5 -> "Top value"`): tier j holds the values
 *   v with cuts[j-2] >= v > cuts[j-1], so the two forms agree row for row,
 *   and the same cuts classify customers scored later. The tiers can also be
 *   passed as labels (tier - 1) to ::cseg_rules_apply for hybrid mode, where
 *   rules refine them with `cluster == 0 and ...`.
 * @{ */

/**
 * @brief Assign each customer a value tier 1..n_tiers, 1 the highest, by
 *   quantiles of @p values, ties always in the same tier.
 *
 * The tiers are the balanced bins of the RFM module (see @ref rfm, rule
 * "Binning") counted from the top: values are grouped by equal value and the
 * groups fill the tiers as evenly as the ties allow, every tier non-empty
 * when there are at least @p n_tiers distinct values. With fewer distinct
 * values D, each value gets a tier of its own, spread over 1..n_tiers (the
 * highest value tier 1, the lowest tier n_tiers; a single value the middle
 * tier (n_tiers + 1) / 2).
 * @param[out] out @p n_rows tiers; unchanged on failure.
 * @param[out] cuts_out @p n_cuts = n_tiers - 1 cut points, non-increasing:
 *   a value v is in tier 1 + #{j : v <= cuts_out[j]}, i.e. tier 1 holds
 *   v > cuts_out[0] and tier n_tiers holds v <= cuts_out[n_tiers - 2]. Each
 *   cut is the highest value of the tiers below it (just under the minimum
 *   when those tiers are empty). NULL with @p n_cuts 0 when not wanted.
 * @param[in] n_cuts n_tiers - 1, or 0 with @p cuts_out NULL.
 * @param[in] values @p n_rows finite values (negative allowed, e.g. a CLV
 *   with a negative margin).
 * @param[in] n_rows customers, at least 1.
 * @param[in] n_tiers 2..1000 and at most @p n_rows.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL pointer, n_rows < 1, n_tiers
 *   out of range, a wrong n_cuts, a NaN or infinite value: the message names
 *   the row); ::CSEG_E_NOMEM.
 * @note Complexity: O(n_rows log n_rows + n_rows n_tiers).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_clv_tiers(int64_t *out, double *cuts_out, int64_t n_cuts,
	const double *values, int64_t n_rows, int64_t n_tiers);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_CLV_H */
