/* Datasets: construction from caller matrices, names, IDs and queries.
 * See dataset_build.h for how IDs are stored. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "dataset_build.h"

void cseg__strings_free(char **strings, int64_t n)
{
	if (!strings)
		return;
	for (int64_t i = 0; i < n; i++)
		free(strings[i]);
	free(strings);
}

/* Digits of a non-negative decimal number. */
static size_t decimal_digits(int64_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

char **cseg__ids_sequence(int64_t n, int64_t first)
{
	size_t text = 0;
	char **block;
	char *p;

	if (n < 1 || first < 0 || first > INT64_MAX - n)
		return NULL;
	for (int64_t i = 0; i < n; i++)
		text += decimal_digits(first + i) + 1;
	if ((size_t)n > (SIZE_MAX - text) / sizeof(char *))
		return NULL;
	block = cseg__malloc((size_t)n * sizeof(char *) + text);
	if (!block)
		return NULL;
	p = (char *)(block + n);
	for (int64_t i = 0; i < n; i++) {
		int len = sprintf(p, "%" PRId64, first + i);
		block[i] = p;
		p += len + 1;
	}
	return block;
}

char **cseg__ids_from_pool(const char *pool, size_t pool_len, int64_t n)
{
	char **block;
	char *p, *end;

	if (n < 1 || (size_t)n > (SIZE_MAX - pool_len) / sizeof(char *) || pool_len < (size_t)n)
		return NULL;
	block = cseg__malloc((size_t)n * sizeof(char *) + pool_len);
	if (!block)
		return NULL;
	p = (char *)(block + n);
	memcpy(p, pool, pool_len);
	end = p + pool_len;
	for (int64_t i = 0; i < n; i++) {
		block[i] = p;
		p = memchr(p, '\0', (size_t)(end - p));
		if (!p) { /* pool holds fewer than n strings: a caller bug */
			free(block);
			return NULL;
		}
		p++;
	}
	return block;
}

static char **default_col_names(int64_t n_cols)
{
	char **names = cseg__calloc((size_t)n_cols, sizeof(char *));
	char tmp[32];

	if (!names)
		return NULL;
	for (int64_t j = 0; j < n_cols; j++) {
		snprintf(tmp, sizeof(tmp), "x%" PRId64, j);
		names[j] = cseg__strdup(tmp);
		if (!names[j]) {
			cseg__strings_free(names, n_cols);
			return NULL;
		}
	}
	return names;
}

static int64_t count_missing(const double *data, size_t n)
{
	int64_t missing = 0;

	for (size_t i = 0; i < n; i++)
		missing += isnan(data[i]) ? 1 : 0;
	return missing;
}

cseg_status cseg__dataset_adopt(cseg_dataset **out, double *owned,
	int64_t n_rows, int64_t n_cols, char **col_names, char **ids)
{
	cseg_dataset *ds = cseg__calloc(1, sizeof(*ds));

	if (ds && !col_names)
		col_names = default_col_names(n_cols);
	if (!ds || !col_names) {
		free(ds);
		free(owned);
		cseg__strings_free(col_names, n_cols);
		free(ids);
		return cseg__error(CSEG_E_NOMEM, "out of memory building a %" PRId64 " x %" PRId64
			" dataset", n_rows, n_cols);
	}
	ds->n_rows = n_rows;
	ds->n_cols = n_cols;
	ds->owned = owned;
	ds->data = owned;
	ds->col_names = col_names;
	ds->ids = ids;
	ds->n_missing = count_missing(owned, (size_t)n_rows * (size_t)n_cols);
	cseg__handle_created();
	*out = ds;
	return CSEG_OK;
}

/* Shared argument checks of the constructors; also refuses infinities
 * (reported with 0-based row and column) and counts NaN cells. */
static cseg_status check_matrix(const char *fn, const double *data, int64_t n_rows,
	int64_t n_cols, int col_major, int64_t *missing_out)
{
	int64_t missing = 0;
	size_t n;

	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: data is NULL", fn);
	if (n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows must be >= 1, got %" PRId64,
			fn, n_rows);
	if (n_cols < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_cols must be >= 1, got %" PRId64,
			fn, n_cols);
	if ((uint64_t)n_rows > (uint64_t)(SIZE_MAX / sizeof(double)) / (uint64_t)n_cols
		|| n_rows > INT64_MAX / n_cols)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %" PRId64 " x %" PRId64
			" values do not fit in memory", fn, n_rows, n_cols);
	n = (size_t)n_rows * (size_t)n_cols;
	for (size_t idx = 0; idx < n; idx++) {
		double v = data[idx];

		if (isnan(v)) {
			missing++;
		} else if (isinf(v)) {
			int64_t i = col_major ? (int64_t)(idx % (size_t)n_rows) : (int64_t)(idx / (size_t)n_cols);
			int64_t j = col_major ? (int64_t)(idx / (size_t)n_rows) : (int64_t)(idx % (size_t)n_cols);
			return cseg__error(CSEG_E_INVALID_ARG, "%s: infinite value at row %" PRId64
				", column %" PRId64 " (0-based)", fn, i, j);
		}
	}
	*missing_out = missing;
	return CSEG_OK;
}

cseg_status cseg_dataset_new(cseg_dataset **out, const double *data,
	int64_t n_rows, int64_t n_cols, cseg_layout layout)
{
	int64_t missing;
	cseg_status st;
	double *copy;
	size_t n;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_new: out is NULL");
	*out = NULL;
	if (layout != CSEG_LAYOUT_ROW_MAJOR && layout != CSEG_LAYOUT_COL_MAJOR)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_new: unknown layout %d", (int)layout);
	st = check_matrix("cseg_dataset_new", data, n_rows, n_cols,
		layout == CSEG_LAYOUT_COL_MAJOR, &missing);
	if (st != CSEG_OK)
		return st;
	n = (size_t)n_rows * (size_t)n_cols;
	copy = cseg__malloc_array(n, sizeof(double));
	if (!copy)
		return cseg__error(CSEG_E_NOMEM, "cseg_dataset_new: cannot allocate %" PRId64 " x %"
			PRId64 " values", n_rows, n_cols);
	if (layout == CSEG_LAYOUT_ROW_MAJOR) {
		memcpy(copy, data, n * sizeof(double));
	} else {
		for (int64_t i = 0; i < n_rows; i++)
			for (int64_t j = 0; j < n_cols; j++)
				copy[i * n_cols + j] = data[j * n_rows + i];
	}
	return cseg__dataset_adopt(out, copy, n_rows, n_cols, NULL, NULL);
}

cseg_status cseg_dataset_new_view(cseg_dataset **out, const double *data,
	int64_t n_rows, int64_t n_cols)
{
	cseg_dataset *ds;
	int64_t missing;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_new_view: out is NULL");
	*out = NULL;
	st = check_matrix("cseg_dataset_new_view", data, n_rows, n_cols, 0, &missing);
	if (st != CSEG_OK)
		return st;
	ds = cseg__calloc(1, sizeof(*ds));
	if (ds)
		ds->col_names = default_col_names(n_cols);
	if (!ds || !ds->col_names) {
		free(ds);
		return cseg__error(CSEG_E_NOMEM, "cseg_dataset_new_view: out of memory");
	}
	ds->n_rows = n_rows;
	ds->n_cols = n_cols;
	ds->data = data;
	ds->n_missing = missing;
	cseg__handle_created();
	*out = ds;
	return CSEG_OK;
}

void cseg_dataset_free(cseg_dataset *ds)
{
	if (!ds)
		return;
	free(ds->owned);
	cseg__strings_free(ds->col_names, ds->n_cols);
	free(ds->ids);
	free(ds);
	cseg__handle_freed();
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

cseg_status cseg_dataset_set_column_names(cseg_dataset *ds,
	const char *const *names, int64_t n_names)
{
	const char **sorted;
	char **copy;

	if (!ds)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_column_names: ds is NULL");
	if (!names)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_column_names: names is NULL");
	if (n_names != ds->n_cols)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_column_names: %" PRId64
			" names for %" PRId64 " columns", n_names, ds->n_cols);
	for (int64_t j = 0; j < n_names; j++)
		if (!names[j] || !names[j][0])
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_column_names: "
				"name %" PRId64 " is %s", j, names[j] ? "empty" : "NULL");
	/* Distinctness by sorting a copy of the pointers: O(d log d). */
	sorted = cseg__malloc_array((size_t)n_names, sizeof(*sorted));
	if (!sorted)
		return cseg__error(CSEG_E_NOMEM, "cseg_dataset_set_column_names: out of memory");
	memcpy(sorted, names, (size_t)n_names * sizeof(*sorted));
	qsort(sorted, (size_t)n_names, sizeof(*sorted), compare_strings);
	for (int64_t j = 1; j < n_names; j++) {
		if (strcmp(sorted[j - 1], sorted[j]) == 0) {
			cseg_status st = cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_column_names: "
				"name '%s' appears more than once", sorted[j]);
			free(sorted);
			return st;
		}
	}
	free(sorted);
	copy = cseg__calloc((size_t)n_names, sizeof(char *));
	if (!copy)
		return cseg__error(CSEG_E_NOMEM, "cseg_dataset_set_column_names: out of memory");
	for (int64_t j = 0; j < n_names; j++) {
		copy[j] = cseg__strdup(names[j]);
		if (!copy[j]) {
			cseg__strings_free(copy, n_names);
			return cseg__error(CSEG_E_NOMEM, "cseg_dataset_set_column_names: out of memory");
		}
	}
	cseg__strings_free(ds->col_names, ds->n_cols);
	ds->col_names = copy;
	return CSEG_OK;
}

cseg_status cseg_dataset_set_ids(cseg_dataset *ds, const char *const *ids, int64_t n_ids)
{
	size_t text = 0;
	char **block;
	char *p;

	if (!ds)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_ids: ds is NULL");
	if (!ids)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_ids: ids is NULL");
	if (n_ids != ds->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_ids: %" PRId64
			" IDs for %" PRId64 " rows", n_ids, ds->n_rows);
	for (int64_t i = 0; i < n_ids; i++) {
		size_t len;

		if (!ids[i])
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_set_ids: ID %" PRId64
				" is NULL", i);
		len = strlen(ids[i]) + 1;
		if (text > SIZE_MAX - len)
			return cseg__error(CSEG_E_NOMEM, "cseg_dataset_set_ids: IDs too long");
		text += len;
	}
	if ((size_t)n_ids > (SIZE_MAX - text) / sizeof(char *)
		|| !(block = cseg__malloc((size_t)n_ids * sizeof(char *) + text)))
		return cseg__error(CSEG_E_NOMEM, "cseg_dataset_set_ids: out of memory");
	p = (char *)(block + n_ids);
	for (int64_t i = 0; i < n_ids; i++) {
		size_t len = strlen(ids[i]) + 1;

		memcpy(p, ids[i], len);
		block[i] = p;
		p += len;
	}
	free(ds->ids);
	ds->ids = block;
	return CSEG_OK;
}

int64_t cseg_dataset_n_rows(const cseg_dataset *ds)
{
	return ds ? ds->n_rows : -1;
}

int64_t cseg_dataset_n_cols(const cseg_dataset *ds)
{
	return ds ? ds->n_cols : -1;
}

int64_t cseg_dataset_n_missing(const cseg_dataset *ds)
{
	return ds ? ds->n_missing : -1;
}

const char *cseg_dataset_column_name(const cseg_dataset *ds, int64_t col)
{
	if (!ds || col < 0 || col >= ds->n_cols)
		return NULL;
	return ds->col_names[col];
}

const char *cseg_dataset_id(const cseg_dataset *ds, int64_t row)
{
	char **ids, **fresh, **expected = NULL;

	if (!ds || row < 0 || row >= ds->n_rows)
		return NULL;
	ids = __atomic_load_n(&ds->ids, __ATOMIC_ACQUIRE);
	if (ids)
		return ids[row];
	/* Default IDs on first request. Readers of a const dataset may race
	 * here: each builds a block, one wins the swap, the others free theirs. */
	fresh = cseg__ids_sequence(ds->n_rows, 0);
	if (!fresh) {
		cseg__error(CSEG_E_NOMEM, "cseg_dataset_id: out of memory for %" PRId64 " IDs",
			ds->n_rows);
		return NULL;
	}
	if (__atomic_compare_exchange_n(&((cseg_dataset *)ds)->ids, &expected, fresh, 0,
		__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return fresh[row];
	free(fresh);
	return expected[row];
}

cseg_status cseg_dataset_copy_data(const cseg_dataset *ds, double *out, int64_t n_out)
{
	if (!ds)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_copy_data: ds is NULL");
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_copy_data: out is NULL");
	if (n_out != ds->n_rows * ds->n_cols)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_copy_data: n_out is %" PRId64
			", expected %" PRId64 " x %" PRId64 " = %" PRId64,
			n_out, ds->n_rows, ds->n_cols, ds->n_rows * ds->n_cols);
	memcpy(out, ds->data, (size_t)n_out * sizeof(double));
	return CSEG_OK;
}

cseg_status cseg__dataset_check_complete(const cseg_dataset *ds, const char *what)
{
	size_t n;

	if (!what)
		what = "dataset";
	if (!ds)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", what);
	if (ds->n_missing == 0)
		return CSEG_OK;
	n = (size_t)ds->n_rows * (size_t)ds->n_cols;
	for (size_t idx = 0; idx < n; idx++) {
		if (isnan(ds->data[idx])) {
			int64_t i = (int64_t)(idx / (size_t)ds->n_cols);
			int64_t j = (int64_t)(idx % (size_t)ds->n_cols);
			return cseg__error(CSEG_E_MISSING_VALUES, "%s has %" PRId64 " missing value%s; "
				"the first is at row %" PRId64 " (0-based), column %" PRId64 " ('%s')",
				what, ds->n_missing, ds->n_missing == 1 ? "" : "s", i, j, ds->col_names[j]);
		}
	}
	return CSEG_OK;
}
