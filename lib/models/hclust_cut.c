/* Linkage matrices: SciPy's ordering and labelling of raw merges, checks,
 * and cuts into flat clusters (public cseg_linkage_cut). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "hclust.h"

const char *cseg_linkage_name(cseg_linkage linkage)
{
	switch (linkage) {
	case CSEG_LINKAGE_WARD: return "ward";
	case CSEG_LINKAGE_COMPLETE: return "complete";
	case CSEG_LINKAGE_AVERAGE: return "average";
	case CSEG_LINKAGE_SINGLE: return "single";
	}
	return NULL;
}

typedef struct keyed {
	double h;
	int64_t i;
} keyed;

/* Height, then original position: qsort made stable, as numpy's mergesort. */
static int cmp_keyed(const void *a, const void *b)
{
	const keyed *p = a, *q = b;

	if (p->h != q->h)
		return p->h < q->h ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

static int64_t uf_find(int64_t *parent, int64_t x)
{
	int64_t r = x;

	while (parent[r] != r)
		r = parent[r];
	while (parent[x] != r) {
		int64_t next = parent[x];
		parent[x] = r;
		x = next;
	}
	return r;
}

cseg_status cseg__hclust_finish(double *z, int64_t n, const double *leaf_count)
{
	keyed *key = cseg__malloc_array((size_t)(n - 1), sizeof(keyed));
	double *sorted = cseg__malloc_array((size_t)(n - 1) * 4, sizeof(double));
	int64_t *parent = cseg__malloc_array((size_t)(2 * n - 1), sizeof(int64_t));
	double *count = cseg__malloc_array((size_t)(2 * n - 1), sizeof(double));

	if (!key || !sorted || !parent || !count) {
		free(key), free(sorted), free(parent), free(count);
		return cseg__error(CSEG_E_NOMEM, "out of memory sorting %lld merges", (long long)(n - 1));
	}
	for (int64_t i = 0; i < n - 1; i++)
		key[i] = (keyed){ z[i * 4 + 2], i };
	qsort(key, (size_t)(n - 1), sizeof(keyed), cmp_keyed);
	for (int64_t i = 0; i < n - 1; i++)
		memcpy(sorted + i * 4, z + key[i].i * 4, 4 * sizeof(double));
	for (int64_t i = 0; i < 2 * n - 1; i++) {
		parent[i] = i;
		count[i] = i < n ? (leaf_count ? leaf_count[i] : 1.0) : 0.0;
	}
	/* SciPy's label(): the raw ids name a member of each cluster; their
	 * roots are the clusters' current ids. */
	for (int64_t i = 0; i < n - 1; i++) {
		int64_t a = uf_find(parent, (int64_t)sorted[i * 4]);
		int64_t b = uf_find(parent, (int64_t)sorted[i * 4 + 1]);
		int64_t c = n + i;

		z[i * 4 + 0] = (double)(a < b ? a : b);
		z[i * 4 + 1] = (double)(a < b ? b : a);
		z[i * 4 + 2] = sorted[i * 4 + 2];
		parent[a] = parent[b] = c;
		count[c] = count[a] + count[b];
		z[i * 4 + 3] = count[c];
	}
	free(key), free(sorted), free(parent), free(count);
	return CSEG_OK;
}

cseg_status cseg__linkage_check(const double *z, int64_t n, const char *what)
{
	unsigned char *used = cseg__calloc((size_t)(2 * n - 1), 1);
	cseg_status st = CSEG_OK;

	if (!used)
		return cseg__error(CSEG_E_NOMEM, "out of memory checking %s", what);
	for (int64_t i = 0; i < n - 1 && st == CSEG_OK; i++) {
		const double *r = z + i * 4;

		for (int c = 0; c < 2; c++) {
			double v = r[c];

			if (!(v >= 0 && v < (double)(n + i) && v == floor(v))) {
				st = cseg__error(CSEG_E_INVALID_ARG, "%s row %lld: cluster id %g is not an "
					"integer in [0, %lld)", what, (long long)i, v, (long long)(n + i));
				break;
			}
			if (used[(int64_t)v]) {
				st = cseg__error(CSEG_E_INVALID_ARG, "%s row %lld: cluster %lld is merged "
					"twice", what, (long long)i, (long long)v);
				break;
			}
			used[(int64_t)v] = 1;
		}
		if (st != CSEG_OK)
			break;
		if (!(isfinite(r[2]) && r[2] >= 0))
			st = cseg__error(CSEG_E_INVALID_ARG, "%s row %lld: height %g is not finite and "
				">= 0", what, (long long)i, r[2]);
		else if (i > 0 && r[2] < z[(i - 1) * 4 + 2])
			st = cseg__error(CSEG_E_INVALID_ARG, "%s row %lld: height %.17g is below the "
				"previous row's %.17g (rows must be sorted by height)", what, (long long)i,
				r[2], z[(i - 1) * 4 + 2]);
		else if (!isfinite(r[3]))
			st = cseg__error(CSEG_E_INVALID_ARG, "%s row %lld: count is not finite", what,
				(long long)i);
	}
	free(used);
	return st;
}

int64_t cseg__linkage_cut_unchecked(const double *z, int64_t n, int64_t k, double height,
	int64_t *labels, int64_t *work)
{
	int64_t *top = work, *label = work + (2 * n - 1);
	int64_t applied = 0, next = 0;

	if (height > 0) {
		while (applied < n - 1 && z[applied * 4 + 2] <= height)
			applied++;
	} else {
		applied = n - k;
	}
	for (int64_t i = 0; i < 2 * n - 1; i++)
		top[i] = label[i] = -1;
	/* Top-down: an applied merge not below another is a flat cluster. */
	for (int64_t i = applied - 1; i >= 0; i--) {
		int64_t c = n + i;

		if (top[c] < 0)
			top[c] = c;
		top[(int64_t)z[i * 4]] = top[c];
		top[(int64_t)z[i * 4 + 1]] = top[c];
	}
	for (int64_t j = 0; j < n; j++) {
		int64_t r = top[j] < 0 ? j : top[j];

		if (label[r] < 0)
			label[r] = next++;
		labels[j] = label[r];
	}
	return next;
}

cseg_status cseg_linkage_cut(const double *linkage, int64_t n_linkage, int64_t k,
	double height, int64_t *out, int64_t n_out)
{
	int64_t n = n_out, *work, *labels;
	cseg_status st;

	if (!linkage && n_linkage > 0)
		return cseg__error(CSEG_E_INVALID_ARG, "linkage is NULL");
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (n < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld: there must be at least one leaf",
			(long long)n);
	if (n_linkage != (n - 1) * 4)
		return cseg__error(CSEG_E_INVALID_ARG, "n_linkage = %lld, but %lld leaves need "
			"(n_out - 1) * 4 = %lld values", (long long)n_linkage, (long long)n,
			(long long)((n - 1) * 4));
	if (!(isfinite(height) && height >= 0))
		return cseg__error(CSEG_E_INVALID_ARG, "height = %g must be finite and >= 0", height);
	if (height == 0 && (k < 1 || k > n))
		return cseg__error(CSEG_E_INVALID_ARG, "k = %lld is outside 1..%lld", (long long)k,
			(long long)n);
	if (n == 1) {
		out[0] = 0;
		return CSEG_OK;
	}
	if ((st = cseg__linkage_check(linkage, n, "linkage")) != CSEG_OK)
		return st;
	work = cseg__malloc_array((size_t)(2 * n - 1) * 2, sizeof(int64_t));
	labels = cseg__malloc_array((size_t)n, sizeof(int64_t));
	if (!work || !labels) {
		free(work), free(labels);
		return cseg__error(CSEG_E_NOMEM, "out of memory cutting a linkage of %lld leaves",
			(long long)n);
	}
	cseg__linkage_cut_unchecked(linkage, n, k, height, labels, work);
	memcpy(out, labels, (size_t)n * sizeof(int64_t));
	free(work), free(labels);
	return CSEG_OK;
}
