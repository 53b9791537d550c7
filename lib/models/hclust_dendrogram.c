/* The dendrogram of a fitted hierarchical model as JSON (schema in
 * cseg_hierarchical.h), built in memory and written atomically. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "../io/model_file.h"
#include "hclust.h"

typedef struct sbuf {
	char *p;
	size_t len, cap;
	int failed;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) CSEG__PRINTF(2, 3);

static void put(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = 1;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t cap = (b->cap + (size_t)n + 1) * 2;
			char *q = realloc(b->p, cap);

			if (!q) {
				b->failed = 1;
				return;
			}
			b->p = q;
			b->cap = cap;
		}
	}
}

cseg_status cseg_model_write_dendrogram(const cseg_model *model, const char *path,
	int include_leaves)
{
	const cseg__array *z, *ms;
	int64_t L, *labels = NULL, *work = NULL;
	sbuf b = { 0 };
	cseg_status st;

	if (!model)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (!path)
		return cseg__error(CSEG_E_INVALID_ARG, "path is NULL");
	if (model->algo != CSEG_ALGO_HIERARCHICAL)
		return cseg__error(CSEG_E_UNSUPPORTED, "a dendrogram needs a hierarchical model, "
			"this one is %s", cseg_algo_name(model->algo));
	if (!model->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "the model is not fitted: call cseg_model_fit "
			"or load one");
	if (!(z = cseg__model_array(model, "linkage")))
		return cseg__error(CSEG_E_INTERNAL, "hierarchical model without a linkage");
	ms = cseg__model_array(model, "micro_sizes");
	L = z->rows + 1;
	labels = cseg__malloc_array((size_t)L, sizeof(int64_t));
	work = cseg__malloc_array((size_t)(2 * L - 1) * 2, sizeof(int64_t));
	b.cap = 4096;
	b.p = malloc(b.cap);
	if (!labels || !work || !b.p) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory writing a dendrogram of %lld leaves",
			(long long)L);
		goto done;
	}
	cseg__linkage_cut_unchecked(z->data, L, model->k, 0.0, labels, work);
	put(&b, "{\"format\": \"cseg-dendrogram\", \"version\": 1,\n");
	put(&b, " \"linkage\": \"%s\", \"leaves_are\": \"%s\", \"n_leaves\": %lld, \"n_rows\": %lld,\n",
		cseg_linkage_name((cseg_linkage)model->params.linkage), ms ? "micro_clusters" : "rows",
		(long long)L, (long long)model->n_train_rows);
	put(&b, " \"k\": %lld, \"root\": %lld,\n \"nodes\": [", (long long)model->k,
		(long long)(2 * L - 2));
	for (int64_t i = 0; i < L - 1; i++) {
		const double *r = z->data + i * 4;

		put(&b, "%s\n  {\"id\": %lld, \"children\": [%lld, %lld], \"height\": %.17g, "
			"\"count\": %.17g}", i ? "," : "", (long long)(L + i), (long long)r[0],
			(long long)r[1], r[2], r[3]);
	}
	put(&b, "]");
	if (include_leaves) {
		put(&b, ",\n \"leaves\": [");
		for (int64_t j = 0; j < L; j++) {
			/* Rows below a micro-cluster: its count in the linkage is not
			 * stored per leaf, so leaves report their weight. */
			put(&b, "%s\n  {\"id\": %lld, \"%s\": %.17g, \"segment\": %lld}", j ? "," : "",
				(long long)j, ms ? "weight" : "count", ms ? ms->data[j] : 1.0,
				(long long)labels[j]);
		}
		put(&b, "]");
	}
	put(&b, "}\n");
	if (b.failed) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory writing a dendrogram of %lld leaves",
			(long long)L);
		goto done;
	}
	st = cseg__write_file_atomic(path, b.p, b.len);
done:
	free(labels);
	free(work);
	free(b.p);
	return st;
}
