/* Argument checks and label encoding shared by the metrics. */
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "../data/dataset_internal.h"
#include "eval_internal.h"

cseg_status cseg__metric_check(const char *fn, const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels)
{
	cseg_status st;

	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: data is NULL", fn);
	if ((st = cseg__dataset_check_complete(data, "data")) != CSEG_OK)
		return st;
	if (!labels)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: labels is NULL", fn);
	if (n_labels != data->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG,
			"%s: n_labels (%lld) must equal the dataset's rows (%lld)",
			fn, (long long)n_labels, (long long)data->n_rows);
	for (int64_t i = 0; i < n_labels; i++)
		if (labels[i] < 0)
			return cseg__error(CSEG_E_INVALID_ARG,
				"%s: labels[%lld] = %lld is negative; labels must be >= 0",
				fn, (long long)i, (long long)labels[i]);
	return CSEG_OK;
}

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static inline int64_t label_at(const int64_t *labels, const int64_t *rows, int64_t p)
{
	return labels[rows ? rows[p] : p];
}

/* Rank of each label value through a table indexed by value: used when the
 * largest label is small, the usual 0..k-1 case. */
static cseg_status encode_table(cseg__labels *lab, const int64_t *labels,
	const int64_t *rows, int64_t m, int64_t max)
{
	int64_t *rank = cseg__calloc((size_t)max + 1, sizeof(*rank));
	int64_t k = 0;

	if (!rank)
		return cseg__error(CSEG_E_NOMEM, "no memory for %lld label ranks", (long long)max + 1);
	for (int64_t p = 0; p < m; p++)
		rank[label_at(labels, rows, p)] = 1;
	for (int64_t v = 0; v <= max; v++)
		rank[v] = rank[v] ? k++ : -1;
	for (int64_t p = 0; p < m; p++)
		lab->code[p] = rank[label_at(labels, rows, p)];
	lab->k = k;
	free(rank);
	return CSEG_OK;
}

/* Sorted distinct values and a binary search per row: any label values. */
static cseg_status encode_sorted(cseg__labels *lab, const int64_t *labels,
	const int64_t *rows, int64_t m)
{
	int64_t *sorted = cseg__malloc_array((size_t)m, sizeof(*sorted));
	int64_t k = 0;

	if (!sorted)
		return cseg__error(CSEG_E_NOMEM, "no memory to sort %lld labels", (long long)m);
	for (int64_t p = 0; p < m; p++)
		sorted[p] = label_at(labels, rows, p);
	qsort(sorted, (size_t)m, sizeof(*sorted), cmp_int64);
	for (int64_t p = 0; p < m; p++)
		if (k == 0 || sorted[k - 1] != sorted[p])
			sorted[k++] = sorted[p];
	for (int64_t p = 0; p < m; p++) {
		int64_t v = label_at(labels, rows, p), lo = 0, hi = k - 1;

		while (lo < hi) {
			int64_t mid = lo + (hi - lo) / 2;

			if (sorted[mid] < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		lab->code[p] = lo;
	}
	lab->k = k;
	free(sorted);
	return CSEG_OK;
}

cseg_status cseg__labels_encode(cseg__labels *out, const int64_t *labels,
	const int64_t *rows, int64_t m)
{
	cseg__labels lab = {m, 0, NULL, NULL};
	int64_t max = 0;
	cseg_status st;

	memset(out, 0, sizeof(*out));
	if (m < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "no rows to evaluate");
	lab.code = cseg__malloc_array((size_t)m, sizeof(*lab.code));
	if (!lab.code)
		return cseg__error(CSEG_E_NOMEM, "no memory for %lld label codes", (long long)m);
	for (int64_t p = 0; p < m; p++) {
		int64_t v = label_at(labels, rows, p);

		if (v > max)
			max = v;
	}
	if (max <= 4 * m + 64)
		st = encode_table(&lab, labels, rows, m, max);
	else
		st = encode_sorted(&lab, labels, rows, m);
	if (st == CSEG_OK) {
		lab.count = cseg__calloc((size_t)lab.k, sizeof(*lab.count));
		if (!lab.count)
			st = cseg__error(CSEG_E_NOMEM, "no memory for %lld segment sizes", (long long)lab.k);
	}
	if (st != CSEG_OK) {
		cseg__labels_free(&lab);
		return st;
	}
	for (int64_t p = 0; p < m; p++)
		lab.count[lab.code[p]]++;
	*out = lab;
	return CSEG_OK;
}

cseg_status cseg__labels_check_count(const char *fn, const cseg__labels *lab, const char *what)
{
	if (lab->k < 2 || lab->k > lab->n - 1)
		return cseg__error(CSEG_E_INVALID_ARG,
			"%s: number of distinct labels is %lld; valid values are 2 to %s - 1 = %lld",
			fn, (long long)lab->k, what, (long long)lab->n - 1);
	return CSEG_OK;
}

void cseg__labels_free(cseg__labels *lab)
{
	free(lab->code);
	free(lab->count);
	lab->code = NULL;
	lab->count = NULL;
}
