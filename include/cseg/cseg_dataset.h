/**
 * @file cseg_dataset.h
 * @brief Customer datasets: n customers by d numeric features.
 *
 * A dataset holds the feature matrix, one name per column and one string ID
 * per customer. Missing values are stored as NaN and counted; algorithms refuse
 * data with missing values (::CSEG_E_MISSING_VALUES) unless a missing-value
 * policy allows them. Infinite values are rejected when the dataset is built.
 *
 * @defgroup dataset Datasets
 * @{
 */
#ifndef CSEG_DATASET_H
#define CSEG_DATASET_H

#include "cseg_common.h"

CSEG_BEGIN_DECLS

/** Opaque dataset handle. */
typedef struct cseg_dataset cseg_dataset;

/** Memory order of a caller's matrix. */
typedef enum cseg_layout {
	CSEG_LAYOUT_ROW_MAJOR = 0, /**< C order: row i, column j at data[i * n_cols + j]. */
	CSEG_LAYOUT_COL_MAJOR = 1  /**< Fortran order: data[j * n_rows + i]. */
} cseg_layout;

/** @name Create and destroy
 * @{ */

/**
 * @brief Build a dataset from a caller's matrix, copying it.
 *
 * NaN cells are read as missing values; infinite cells are refused.
 * Columns are named "x0", "x1", ... and customers "0", "1", ... until set.
 * @param[out] out the new dataset; NULL on failure.
 * @param[in] data n_rows * n_cols doubles in @p layout order; copied.
 * @param[in] n_rows customers, at least 1.
 * @param[in] n_cols features, at least 1.
 * @param[in] layout ::CSEG_LAYOUT_ROW_MAJOR or ::CSEG_LAYOUT_COL_MAJOR.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers, non-positive
 *   sizes, a bad layout or an infinite value (the message names row and
 *   column); ::CSEG_E_NOMEM.
 * @note Caller owns the dataset; free with ::cseg_dataset_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_dataset_new(cseg_dataset **out, const double *data,
	int64_t n_rows, int64_t n_cols, cseg_layout layout);

/**
 * @brief Build a dataset that borrows a caller's row-major matrix (no copy).
 *
 * The values are checked as by ::cseg_dataset_new.
 * @param[out] out the new dataset; NULL on failure.
 * @param[in] data n_rows * n_cols doubles, row-major; must stay valid and
 *   unchanged until the dataset is freed.
 * @param[in] n_rows customers, at least 1.
 * @param[in] n_cols features, at least 1.
 * @return as ::cseg_dataset_new.
 * @note Models never keep a pointer to a dataset: freeing the dataset after
 *   fitting is safe.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_dataset_new_view(cseg_dataset **out, const double *data,
	int64_t n_rows, int64_t n_cols);

/**
 * @brief Read a dataset from a CSV file.
 *
 * The first line is a header. Fields follow RFC 4180 (double quotes,
 * doubled quotes inside, quoted delimiters and newlines, CRLF or LF).
 * Empty cells and `NA`, `NaN`, `N/A`, `null` (any case) are missing values.
 * Blank lines are skipped and a UTF-8 byte order mark is ignored. Numbers
 * are read in the C locale whatever the process locale; "inf" and
 * hexadecimal are refused. Fields beyond the header's count are accepted
 * only when empty (trailing delimiters; a ::CSEG_LOG_WARN message counts
 * them); a non-empty one, or too few fields, is an error. Positions in
 * messages are file:line:column, 1-based, the column counting UTF-8 characters.
 * @param[out] out the new dataset; NULL on failure.
 * @param[in] path file to read; "-" reads standard input.
 * @param[in] delimiter field separator, e.g. ',' ';' or '\\t'.
 * @param[in] id_column header name of the customer ID column, or NULL to
 *   number customers "1", "2", ... in data-row order.
 * @param[in] columns header names of the feature columns, in the order
 *   wanted, or NULL for every column except the ID column.
 * @param[in] n_columns number of names in @p columns (0 when NULL).
 * @return ::CSEG_OK; ::CSEG_E_IO when the file cannot be read;
 *   ::CSEG_E_FORMAT for malformed CSV or a non-numeric feature cell (the
 *   message gives file:line:column); ::CSEG_E_INVALID_ARG for an unknown or
 *   duplicated column name, or a file with no data rows.
 * @note Nothing is left allocated on failure.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_dataset_read_csv(cseg_dataset **out, const char *path,
	char delimiter, const char *id_column, const char *const *columns, int64_t n_columns);

/**
 * @brief Free a dataset. NULL is accepted.
 * @param[in] ds dataset to free.
 * @since 0.1.0
 */
CSEG_API void cseg_dataset_free(cseg_dataset *ds);

/** @} */
/** @name Names and IDs
 * @{ */

/**
 * @brief Name the columns.
 * @param[in,out] ds dataset.
 * @param[in] names @p n_names non-empty, distinct strings; copied.
 * @param[in] n_names must equal the number of columns.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_dataset_set_column_names(cseg_dataset *ds,
	const char *const *names, int64_t n_names);

/**
 * @brief Set the customer IDs.
 * @param[in,out] ds dataset.
 * @param[in] ids @p n_ids strings; copied. Duplicates are allowed here
 *   (identity resolution is a separate step).
 * @param[in] n_ids must equal the number of rows.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_dataset_set_ids(cseg_dataset *ds,
	const char *const *ids, int64_t n_ids);

/** @} */
/** @name Queries
 * @{ */

/** @brief Number of customers, or -1 when @p ds is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_dataset_n_rows(const cseg_dataset *ds);

/** @brief Number of features, or -1 when @p ds is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_dataset_n_cols(const cseg_dataset *ds);

/** @brief Number of missing cells, or -1 when @p ds is NULL. @since 0.1.0 */
CSEG_API int64_t cseg_dataset_n_missing(const cseg_dataset *ds);

/**
 * @brief Name of column @p col.
 * @return borrowed string valid until @p ds is freed or renamed; NULL when
 *   @p ds is NULL or @p col out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_dataset_column_name(const cseg_dataset *ds, int64_t col);

/**
 * @brief ID of customer @p row.
 * @return borrowed string valid until @p ds is freed or its IDs reset; NULL
 *   when @p ds is NULL or @p row out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_dataset_id(const cseg_dataset *ds, int64_t row);

/**
 * @brief Copy the matrix, row-major, into a caller's buffer.
 * @param[in] ds dataset.
 * @param[out] out buffer of @p n_out doubles (missing cells are NaN).
 * @param[in] n_out must equal rows * columns.
 * @return ::CSEG_OK or ::CSEG_E_INVALID_ARG.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_dataset_copy_data(const cseg_dataset *ds, double *out, int64_t n_out);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_DATASET_H */
