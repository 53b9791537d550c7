/* Private helpers shared by the validity metrics. */
#ifndef CSEG_EVAL_INTERNAL_H
#define CSEG_EVAL_INTERNAL_H

#include "cseg/cseg_metrics.h"

/* Labels encoded as 0..k-1 in increasing order of their values, as
 * sklearn's LabelEncoder does, so per-segment loops run in the same order. */
typedef struct cseg__labels {
	int64_t n;      /* encoded positions */
	int64_t k;      /* distinct labels */
	int64_t *code;  /* n codes in 0..k-1 */
	int64_t *count; /* k segment sizes, all >= 1 */
} cseg__labels;

/* Arguments every metric takes: a complete dataset, non-NULL labels, one per
 * row, none negative (the message names the first offending row). `fn`
 * names the public function in messages. */
cseg_status cseg__metric_check(const char *fn, const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels);

/* Encode labels[rows[p]] for p < m (labels[p] when rows is NULL); the
 * labels are known to be >= 0. On failure *out is zeroed. */
cseg_status cseg__labels_encode(cseg__labels *out, const int64_t *labels,
	const int64_t *rows, int64_t m);

/* sklearn's rule for silhouette, Calinski-Harabasz and Davies-Bouldin:
 * 2 <= k <= n - 1. `what` names the rows counted (e.g. "rows", "sampled rows"). */
cseg_status cseg__labels_check_count(const char *fn, const cseg__labels *lab, const char *what);

void cseg__labels_free(cseg__labels *lab);

/* Per-position silhouette of the m rows ds[rows[p]] (rows NULL: all rows)
 * with encoded labels lab (lab->n == m), into s[p]. The data is complete
 * and lab has 2..m-1 segments. Fails only with CSEG_E_NOMEM, before
 * writing to s. */
cseg_status cseg__silhouette_rows(const cseg_dataset *ds, const int64_t *rows,
	const cseg__labels *lab, double *s);

/* Tests: limit the silhouette kernels to plain C (0), SSE2 (1) or the best
 * available (2, the default), to check that all give identical results.
 * Not thread-safe. */
void cseg__silhouette_limit_isa(int level);

#endif /* CSEG_EVAL_INTERNAL_H */
