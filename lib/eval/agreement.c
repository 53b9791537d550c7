/* Agreement between two partitions: the adjusted Rand index. */
#include <stdlib.h>

#include "../core/core.h"
#include "eval_internal.h"

typedef struct pair {
	int64_t a, b;
} pair;

static int cmp_pair(const void *x, const void *y)
{
	const pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

static int cmp_i64(const void *x, const void *y)
{
	const int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

static double choose2(double m)
{
	return m * (m - 1) / 2;
}

/* Sum of C(run, 2) over runs of equal values of a sorted array. */
static double sum_runs(const int64_t *v, int64_t n)
{
	double s = 0;

	for (int64_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && v[j] == v[i]; j++)
			;
		s += choose2((double)(j - i));
	}
	return s;
}

cseg_status cseg_metric_adjusted_rand(const int64_t *labels_a, const int64_t *labels_b,
	int64_t n, double *out)
{
	double sum_ab = 0, sum_a, sum_b, expected, max_index, total;
	int64_t *va, *vb;
	pair *p;

	if (!labels_a || !labels_b || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_metric_adjusted_rand: %s is NULL",
			!labels_a ? "labels_a" : !labels_b ? "labels_b" : "out");
	if (n < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_metric_adjusted_rand: n = %lld, need >= 1",
			(long long)n);
	p = cseg__malloc_array((size_t)n, sizeof(*p));
	va = cseg__malloc_array((size_t)n, sizeof(*va));
	vb = cseg__malloc_array((size_t)n, sizeof(*vb));
	if (!p || !va || !vb) {
		free(p);
		free(va);
		free(vb);
		return cseg__error(CSEG_E_NOMEM, "cseg_metric_adjusted_rand: no memory for %lld labels",
			(long long)n);
	}
	for (int64_t i = 0; i < n; i++) {
		p[i].a = va[i] = labels_a[i];
		p[i].b = vb[i] = labels_b[i];
	}
	qsort(p, (size_t)n, sizeof(*p), cmp_pair);
	qsort(va, (size_t)n, sizeof(*va), cmp_i64);
	qsort(vb, (size_t)n, sizeof(*vb), cmp_i64);
	for (int64_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && cmp_pair(&p[j], &p[i]) == 0; j++)
			;
		sum_ab += choose2((double)(j - i));
	}
	sum_a = sum_runs(va, n);
	sum_b = sum_runs(vb, n);
	free(p);
	free(va);
	free(vb);
	total = choose2((double)n);
	/* sklearn's special cases: both trivial partitions agree perfectly. */
	if ((sum_a == total && sum_b == total) || (sum_a == 0 && sum_b == 0) || total == 0) {
		*out = 1.0;
		return CSEG_OK;
	}
	expected = sum_a * sum_b / total;
	max_index = (sum_a + sum_b) / 2;
	*out = (sum_ab - expected) / (max_index - expected);
	return CSEG_OK;
}
