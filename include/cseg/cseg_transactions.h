/**
 * @file cseg_transactions.h
 * @brief Transaction logs: one row per purchase (customer, date, amount).
 *
 * A transactions handle holds purchases read from a file or built from
 * arrays. Dates are whole days since 1970-01-01 (negative before), so they
 * compare and subtract as integers. Customers are numbered 0, 1, ... in order
 * of first appearance; their string IDs are kept.
 *
 * Files are read with a reader-options handle whose keys (::cseg_tx_option)
 * are explicit numbers, so later versions add columns (channel, region,
 * category) and settings without changing any signature.
 *
 * <b>Memory.</b> A log holds 16 bytes per row (customer index, day, amount),
 * plus 8 with a quantity column and 4 per channel, region or category
 * column, plus the distinct customer IDs and attribute values once each.
 * The reader streams the file in 1 MiB reads and never holds the file: 10
 * million rows of one million customers peak at about 217 MB while read and
 * keep 178 MB (bench/README.md). At most 2^31 - 1 distinct customers.
 *
 * <b>Returns.</b> A row with a negative amount is a <em>return</em>; it is
 * kept as it is (never dropped or matched to a purchase) and counted
 * (::cseg_transactions_n_returns, ::cseg_transactions_returned_amount). A
 * row with an amount of 0 is a purchase of nothing (a free item, a fully
 * discounted order): ::cseg_transactions_n_zero_amounts counts them. Per
 * customer, the <em>net spend</em> is the sum of all their amounts.
 * Customers whose net spend is 0 or less (::cseg_transactions_n_net_nonpositive_customers)
 * stay in the log. Customer features (cseg_features.h) then treat rows with
 * amount >= 0 as purchases and rows below 0 as returns: `monetary` nets
 * returns against purchases (so it can be 0 or negative), `frequency`,
 * recency, tenure and the inter-purchase times count purchases only,
 * `n_returns` counts return rows, channel/region/category shares use
 * purchase amounts only, and customers with only returns
 * (::cseg_transactions_n_return_only_customers) get no feature row.
 *
 * <b>Bad rows.</b> By default the first malformed row fails the read with
 * path:line:column in the message. With ::CSEG_TX_SKIP_BAD_ROWS = 1 such
 * rows are skipped and counted (::cseg_transactions_n_skipped), and the
 * line and reason of the first ::CSEG_TX_SKIPPED_DETAILS_MAX of them are
 * kept (::cseg_transactions_skipped_line, ::cseg_transactions_skipped_reason):
 * @code
 * for (int64_t i = 0; i < cseg_transactions_n_skipped_details(tx); i++)
 *     printf("line %lld: %s\n", (long long)cseg_transactions_skipped_line(tx, i),
 *            cseg_transactions_skipped_reason(tx, i));
 * @endcode
 *
 * @code
 * cseg_tx_options *o = NULL;
 * cseg_transactions *tx = NULL;
 * cseg_tx_options_new(&o);
 * cseg_tx_options_set_int(o, CSEG_TX_COLUMN_AMOUNT, 3);   // by position
 * cseg_tx_options_set_string(o, CSEG_TX_COLUMN_DATE, "date"); // or by name
 * if (cseg_transactions_read(&tx, "CDNOW_master.txt", o) != CSEG_OK)
 *     fprintf(stderr, "%s\n", cseg_last_error());
 * cseg_tx_options_free(o);
 * @endcode
 *
 * @defgroup transactions Transactions
 * @{
 */
#ifndef CSEG_TRANSACTIONS_H
#define CSEG_TRANSACTIONS_H

#include "cseg_common.h"

CSEG_BEGIN_DECLS

/** Opaque transaction log. */
typedef struct cseg_transactions cseg_transactions;

/** Opaque reader options for ::cseg_transactions_read. */
typedef struct cseg_tx_options cseg_tx_options;

/** "No date" for optional date arguments. */
#define CSEG_DATE_NONE INT64_MIN

/** Skipped rows whose line and reason ::cseg_transactions_read keeps (the first ones). @since 0.1.0 */
#define CSEG_TX_SKIPPED_DETAILS_MAX 100

/**
 * Reader option keys. Explicit numbers in blocks (columns 100+, parsing
 * 200+), never reused.
 *
 * Column keys take a 0-based position through ::cseg_tx_options_set_int
 * (-1 = absent, allowed for optional columns only) or a header name through
 * ::cseg_tx_options_set_string (which requires a header line).
 */
typedef enum cseg_tx_option {
	CSEG_TX_COLUMN_ID = 100,       /**< Customer ID column (default position 0). */
	CSEG_TX_COLUMN_DATE = 101,     /**< Date column (default position 1). */
	CSEG_TX_COLUMN_AMOUNT = 102,   /**< Amount column (default position 2). */
	CSEG_TX_COLUMN_QUANTITY = 103, /**< Optional quantity column (default -1: absent, quantities are 1). */
	CSEG_TX_COLUMN_CHANNEL = 104,  /**< Optional channel column, a string such as "web" (default -1: absent).
	                                    An empty cell means "unknown". @since 0.1.0 */
	CSEG_TX_COLUMN_REGION = 105,   /**< Optional region column, a string (default -1: absent). @since 0.1.0 */
	CSEG_TX_COLUMN_CATEGORY = 106, /**< Optional product category column, a string (default -1: absent).
	                                    @since 0.1.0 */
	CSEG_TX_DELIMITER = 200,       /**< int: field separator as a character code; 0 = automatic
	                                    (',' if the first line has one, else tab, else runs of
	                                    blanks); ' ' = runs of spaces and tabs (default 0). */
	CSEG_TX_HEADER = 201,          /**< int: -1 automatic (a header when the first line's date
	                                    cell is not a date), 0 none, 1 present (default -1). */
	CSEG_TX_SKIP_BAD_ROWS = 202,   /**< int: 1 skips and counts malformed rows instead of failing
	                                    (::cseg_transactions_n_skipped), 0 fails (default 0). */
	CSEG_TX_DATE_FORMAT = 203      /**< int: a ::cseg_date_format (default ::CSEG_DATE_AUTO). */
} cseg_tx_option;

/** Date formats accepted in files (::CSEG_TX_DATE_FORMAT). */
typedef enum cseg_date_format {
	CSEG_DATE_AUTO = 0,     /**< Either of the two below, decided per cell. */
	CSEG_DATE_ISO = 1,      /**< ISO 8601 `YYYY-MM-DD`, optionally followed by `T` and a time, ignored. */
	CSEG_DATE_YYYYMMDD = 2  /**< Eight digits, `YYYYMMDD`. */
} cseg_date_format;

/** @name Dates
 * @{ */

/**
 * @brief Parse a date into days since 1970-01-01.
 * @param[out] out days; unchanged on failure.
 * @param[in] text `YYYY-MM-DD` (optionally with a `T...` time, ignored) or
 *   `YYYYMMDD`; years 1..9999, real calendar days (leap years checked).
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG for NULL pointers,
 *   ::CSEG_E_FORMAT for anything else.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_date_parse(int64_t *out, const char *text);

/**
 * @brief Days since 1970-01-01 of a calendar date.
 * @param[out] out days.
 * @param[in] year 1..9999.
 * @param[in] month 1..12.
 * @param[in] day 1..days in that month.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_date_from_ymd(int64_t *out, int year, int month, int day);

/**
 * @brief Write a day number as `YYYY-MM-DD`.
 * @param[out] buf at least 11 bytes.
 * @param[in] size size of @p buf.
 * @param[in] days days since 1970-01-01, for years 1..9999.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_date_format_iso(char *buf, size_t size, int64_t days);

/** @} */
/** @name Reader options
 * @{ */

/**
 * @brief Create reader options with the defaults listed in ::cseg_tx_option.
 * @param[out] out new options; NULL on failure.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_NOMEM.
 * @note Caller owns the options; free with ::cseg_tx_options_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_tx_options_new(cseg_tx_options **out);

/** @brief Free reader options. NULL is accepted. @since 0.1.0 */
CSEG_API void cseg_tx_options_free(cseg_tx_options *opts);

/**
 * @brief Set an integer option, or choose a column by 0-based position.
 * @param[in,out] opts options.
 * @param[in] key a ::cseg_tx_option.
 * @param[in] value the value, or the column's position (-1: absent, optional columns only).
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for a NULL handle or a value out
 *   of range (negative position for a required column, unknown format,
 *   delimiter outside 0..127 or a quote/newline); ::CSEG_E_UNSUPPORTED for
 *   an unknown key.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_tx_options_set_int(cseg_tx_options *opts, cseg_tx_option key, int64_t value);

/**
 * @brief Choose a column by header name (column keys only).
 * @param[in,out] opts options.
 * @param[in] key a column key.
 * @param[in] value non-empty header name, matched exactly after trimming
 *   blanks; copied. NULL makes an optional column absent.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG; ::CSEG_E_UNSUPPORTED for a key
 *   that is not a column; ::CSEG_E_NOMEM.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_tx_options_set_string(cseg_tx_options *opts, cseg_tx_option key, const char *value);

/**
 * @brief Read an integer option (a column's position, -1 when chosen by name or absent).
 * @param[in] opts options.
 * @param[in] key a ::cseg_tx_option.
 * @param[out] out the value.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_UNSUPPORTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_tx_options_get_int(const cseg_tx_options *opts, cseg_tx_option key, int64_t *out);

/**
 * @brief Name of a column chosen by name.
 * @param[in] opts options.
 * @param[in] key a column key.
 * @param[out] out borrowed string valid until the option changes or the
 *   options are freed; NULL when the column is chosen by position.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG or ::CSEG_E_UNSUPPORTED.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_tx_options_get_string(const cseg_tx_options *opts, cseg_tx_option key, const char **out);

/** @} */
/** @name Create and destroy
 * @{ */

/**
 * @brief Read transactions from a delimited text file.
 *
 * CSV fields may be quoted (RFC 4180: a quote opens a quoted field only at
 * the start of a field, "" inside one is a quote, and quoted fields may hold
 * the delimiter and newlines); in blank-separated files leading blanks are
 * ignored and quotes are ordinary characters. Lines may end in LF or CRLF; a
 * UTF-8 byte order mark is ignored; blank lines are skipped. The amount must
 * be a finite number (negative amounts, e.g. returns, are kept); the
 * quantity, when read, a finite number; the date a real calendar day in
 * years 1..9999 (`2023-02-30` is malformed, `1850-03-01` is fine).
 *
 * The file is streamed in 1 MiB reads: memory is the log (see the top of
 * this page) plus the longest record and, while reading, a hash table of
 * the customer IDs (16-byte slots, 2 to 4 per customer), never
 * the file. CDNOW_master.txt (69,659 rows) takes about 20 ms, 10 million
 * CSV rows about 4 to 5 s of CPU.
 * @param[out] out the transactions; NULL on failure.
 * @param[in] path file to read.
 * @param[in] opts reader options, or NULL for the defaults.
 * @return ::CSEG_OK; ::CSEG_E_IO when the file cannot be opened or read;
 *   ::CSEG_E_FORMAT for a malformed row (bad date, number, empty customer
 *   ID, missing field, unterminated quote or a NUL byte in a string
 *   column; the message gives
 *   path:line:column, the field number and role and the text found) unless
 *   ::CSEG_TX_SKIP_BAD_ROWS is set; ::CSEG_E_INVALID_ARG for NULL
 *   arguments, a column name not in the header (or no header), no valid
 *   data rows (an empty or header-only file, or every row skipped) or more
 *   than 2^31 - 1 customers; ::CSEG_E_NOMEM.
 * @note Caller owns the result; free with ::cseg_transactions_free.
 *   Complexity: O(file size).
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_transactions_read(cseg_transactions **out, const char *path,
	const cseg_tx_options *opts);

/**
 * @brief Build transactions from arrays (copied).
 * @param[out] out the transactions; NULL on failure.
 * @param[in] ids @p n_rows non-NULL customer IDs (equal strings are the same customer).
 * @param[in] days @p n_rows dates, days since 1970-01-01.
 * @param[in] amounts @p n_rows finite amounts.
 * @param[in] quantities @p n_rows finite quantities, or NULL for all 1.
 * @param[in] n_rows transactions, at least 1.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL array or ID, n_rows < 1,
 *   non-finite value or a date outside years 1..9999; the message names
 *   the first bad row, e.g. `amounts[3] is not finite`); ::CSEG_E_NOMEM.
 * @note Caller owns the result; free with ::cseg_transactions_free. All
 *   arrays share the one length @p n_rows: the bindings check that the
 *   columns they are given have equal lengths before calling. Dates as
 *   text: ::cseg_transactions_new_date_strings.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_transactions_new(cseg_transactions **out, const char *const *ids,
	const int64_t *days, const double *amounts, const double *quantities, int64_t n_rows);

/**
 * @brief Build transactions from arrays with dates as text (copied).
 *
 * As ::cseg_transactions_new, with each date a string `YYYY-MM-DD`
 * (optionally followed by `T` or a blank and a time, ignored) or `YYYYMMDD`,
 * parsed as ::cseg_date_parse does.
 * @param[out] out the transactions; NULL on failure.
 * @param[in] ids @p n_rows non-NULL customer IDs.
 * @param[in] dates @p n_rows non-NULL date strings.
 * @param[in] amounts @p n_rows finite amounts.
 * @param[in] quantities @p n_rows finite quantities, or NULL for all 1.
 * @param[in] n_rows transactions, at least 1.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL array or element, n_rows <
 *   1, non-finite value, or a date that is malformed or not a calendar day:
 *   the message names the first bad row, e.g. `dates[3] = '2023-02-30'`);
 *   ::CSEG_E_NOMEM.
 * @note Caller owns the result; free with ::cseg_transactions_free. All
 *   arrays share the one length @p n_rows: the bindings check that the
 *   columns they are given have equal lengths before calling.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_transactions_new_date_strings(cseg_transactions **out, const char *const *ids,
	const char *const *dates, const double *amounts, const double *quantities, int64_t n_rows);

/** @brief Free transactions. NULL is accepted. @since 0.1.0 */
CSEG_API void cseg_transactions_free(cseg_transactions *tx);

/** @} */
/** @name Queries
 * @{ */

/** @brief Number of transactions kept, or -1 when @p tx is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_transactions_n_rows(const cseg_transactions *tx);

/** @brief Number of distinct customers, or -1 when @p tx is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_transactions_n_customers(const cseg_transactions *tx);


/**
 * @brief ID of customer @p customer (0-based, order of first appearance).
 * @return borrowed string valid until @p tx is freed; NULL when @p tx is
 *   NULL or @p customer out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_transactions_customer_id(const cseg_transactions *tx, int64_t customer);

/**
 * @brief First and last transaction dates.
 * @param[in] tx transactions.
 * @param[out] first_out earliest date, days since 1970-01-01.
 * @param[out] last_out latest date.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_transactions_date_range(const cseg_transactions *tx,
	int64_t *first_out, int64_t *last_out);

/**
 * @brief 1 when the log has a quantity column (read from the file or given
 *   to the constructor); 0 when it has none (every quantity is then 1) or
 *   @p tx is NULL.
 * @since 0.1.0
 */
CSEG_API int cseg_transactions_has_quantity(const cseg_transactions *tx);

/**
 * @brief Copy the per-row columns into caller buffers, in row order.
 * @param[in] tx transactions.
 * @param[out] customers_out customer index per row, or NULL to skip.
 * @param[out] days_out date per row, or NULL.
 * @param[out] amounts_out amount per row, or NULL.
 * @param[out] quantities_out quantity per row (1 without a quantity column), or NULL.
 * @param[in] n_out must equal ::cseg_transactions_n_rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_transactions_copy_rows(const cseg_transactions *tx,
	int64_t *customers_out, int64_t *days_out, double *amounts_out, double *quantities_out,
	int64_t n_out);

/** @} */
/** @name String attributes
 * The optional channel, region and category columns hold strings; their
 * distinct non-empty values ("levels") are numbered 0, 1, ... in order of
 * first appearance.
 * @{ */

/**
 * @brief Set (or remove) a channel, region or category column of a log built from arrays.
 * @param[in,out] tx transactions.
 * @param[in] column ::CSEG_TX_COLUMN_CHANNEL, ::CSEG_TX_COLUMN_REGION or ::CSEG_TX_COLUMN_CATEGORY.
 * @param[in] values @p n_values strings, one per row in row order (copied;
 *   NULL or "" = unknown), or NULL to remove the column.
 * @param[in] n_values must equal ::cseg_transactions_n_rows (ignored when @p values is NULL).
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG (NULL @p tx, wrong count);
 *   ::CSEG_E_UNSUPPORTED (not an attribute key); ::CSEG_E_NOMEM. @p tx is
 *   unchanged on failure.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_transactions_set_attribute(cseg_transactions *tx, cseg_tx_option column,
	const char *const *values, int64_t n_values);

/**
 * @brief 1 when the log has the @p column attribute (read or set), else 0.
 * @since 0.1.0
 */
CSEG_API int cseg_transactions_has_column(const cseg_transactions *tx, cseg_tx_option column);

/**
 * @brief Number of distinct non-empty values of an attribute column.
 * @return the count (0 when the column is absent), or -1 when @p tx is NULL
 *   or @p column is not an attribute key.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_transactions_n_levels(const cseg_transactions *tx, cseg_tx_option column);

/**
 * @brief Value of level @p level (0-based, order of first appearance) of an attribute column.
 * @return borrowed string valid until @p tx is freed or the column is set
 *   again; NULL when out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_transactions_level(const cseg_transactions *tx, cseg_tx_option column,
	int64_t level);

/** @} */
/** @name Returns report
 * Computed once when the log is built (see "Returns" at the top of this
 * page). Sums are compensated (Neumaier), so they stay within a few
 * rounding errors of the exact sum whatever the number of rows.
 * @{ */

/** @brief Rows with a negative amount (returns), or -1 when @p tx is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_transactions_n_returns(const cseg_transactions *tx);

/**
 * @brief Total amount returned: the sum of -amount over the return rows.
 * @return a value >= 0 (0 without returns), or NaN when @p tx is NULL.
 * @since 0.1.0
 */
CSEG_API double cseg_transactions_returned_amount(const cseg_transactions *tx);

/**
 * @brief Net amount of the log: the sum of every amount, returns included.
 * @return the sum, or NaN when @p tx is NULL.
 * @since 0.1.0
 */
CSEG_API double cseg_transactions_net_amount(const cseg_transactions *tx);

/** @brief Rows with an amount of exactly 0 (counted as purchases), or -1 when @p tx is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_transactions_n_zero_amounts(const cseg_transactions *tx);

/**
 * @brief Customers whose net spend (the sum of all their amounts) is 0 or less.
 *
 * A net spend within 1e-9 of the customer's purchases of zero counts as
 * zero, so a purchase of 0.1 + 0.2 fully returned as -0.3 is 0, not
 * 5.6e-17. Includes the customers with only returns.
 * @return the count, or -1 when @p tx is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_transactions_n_net_nonpositive_customers(const cseg_transactions *tx);

/**
 * @brief Customers with only returns (no row with amount >= 0); features leave them out.
 * @return the count, or -1 when @p tx is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_transactions_n_return_only_customers(const cseg_transactions *tx);

/** @} */
/** @name Skipped rows
 * Rows ::cseg_transactions_read skipped as malformed under
 * ::CSEG_TX_SKIP_BAD_ROWS. Logs built from arrays have none.
 * @{ */

/** @brief Rows skipped as malformed by ::cseg_transactions_read, or -1 when @p tx is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_transactions_n_skipped(const cseg_transactions *tx);

/**
 * @brief Skipped rows whose line and reason are kept: the first
 *   min(::cseg_transactions_n_skipped, ::CSEG_TX_SKIPPED_DETAILS_MAX), in file order.
 * @return the count, or -1 when @p tx is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_transactions_n_skipped_details(const cseg_transactions *tx);

/**
 * @brief Line of skipped row @p i.
 * @param[in] tx transactions.
 * @param[in] i 0 .. ::cseg_transactions_n_skipped_details - 1.
 * @return the 1-based line in the file (of the bad field for a quoted
 *   field spanning lines), or -1 when @p tx is NULL or @p i out of range.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_transactions_skipped_line(const cseg_transactions *tx, int64_t i);

/**
 * @brief Why row @p i was skipped.
 * @param[in] tx transactions.
 * @param[in] i 0 .. ::cseg_transactions_n_skipped_details - 1.
 * @return borrowed text valid until @p tx is freed, at most 159 bytes,
 *   starting with the 1-based character column, e.g. `column 14: field 3
 *   (amount): expected a finite number, found 'x1'` or `column 13: 2 fields,
 *   need at least 3 (for the amount column)`; NULL when @p tx is NULL or
 *   @p i out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_transactions_skipped_reason(const cseg_transactions *tx, int64_t i);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_TRANSACTIONS_H */
