/* DBSCAN behind the algorithm interface of model_internal.h: defaults,
 * assignment of new customers through the core-sample tree, and the check
 * of a loaded model's arrays. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../core/core.h"
#include "algos.h"
#include "dbscan_internal.h"

/* Features up to which the tree search keeps per-feature cell offsets. */
#define MAX_SCRATCH 256

static cseg_status dbscan_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	const double *init_centers, cseg_progress_fn progress, void *progress_payload)
{
	(void)init_centers;
	return cseg__dbscan_fit(out, ds, weights, progress, progress_payload);
}

/* A customer within eps of a core sample joins the nearest one's cluster
 * (confidence 1; borderline when a core sample of another cluster is also
 * within eps); otherwise it is noise: label -1, confidence 0, distance to
 * the nearest core sample. */
static void fill(const cseg_model *m, const double *x, int64_t *label, int64_t *runner_up,
	double *distance, double *margin, double *confidence, unsigned char *borderline)
{
	/* Scratch for the tree search on the stack: assignment allocates
	 * nothing. Very wide models search without it. */
	double off[MAX_SCRATCH];
	cseg__core_hit hit;

	cseg__core_tree_query(m, x, m->d <= MAX_SCRATCH ? off : NULL, &hit);
	*label = hit.label;
	*runner_up = hit.runner_up;
	*distance = sqrt(hit.dist2);
	*margin = hit.label >= 0 ? sqrt(hit.runner_dist2) - *distance : 0.0;
	*confidence = hit.label >= 0 ? 1.0 : 0.0;
	*borderline = hit.runner_up >= 0;
}

static cseg_status dbscan_assign(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a)
{
	int64_t n = ds->n_rows, d = ds->n_cols;
	int nt = cseg__threads();

	#pragma omp parallel for num_threads(nt) schedule(dynamic, 256)
	for (int64_t i = 0; i < n; i++)
		fill(m, ds->data + i * d, &a->labels[i], &a->runner_up[i], &a->distances[i],
			&a->margins[i], &a->confidence[i], &a->borderline[i]);
	return CSEG_OK;
}

static void dbscan_assign_one(const cseg_model *m, const double *x, int64_t *label,
	double *distance, double *margin, double *confidence)
{
	int64_t runner_up;
	unsigned char borderline;

	fill(m, x, label, &runner_up, distance, margin, confidence, &borderline);
}

static cseg_status need_array(const cseg_model *m, const char *name, int64_t rows, int64_t cols,
	const cseg__array **out)
{
	const cseg__array *a = cseg__model_array(m, name);

	if (!a)
		return cseg__error(CSEG_E_FORMAT, "DBSCAN model lacks the array '%s'", name);
	if ((rows >= 0 && a->rows != rows) || a->cols != cols || a->rows < 1)
		return cseg__error(CSEG_E_FORMAT, "array '%s' is %lld x %lld, expected %lld x %lld",
			name, (long long)a->rows, (long long)a->cols, (long long)(rows >= 0 ? rows : a->rows),
			(long long)cols);
	*out = a;
	return CSEG_OK;
}

static int is_index(double v, double below)
{
	return v >= 0 && v < below && v == floor(v);
}

static cseg_status dbscan_check_loaded(const cseg_model *m)
{
	const cseg__array *idx, *comp, *lab, *tree;
	int64_t nc, seen_clusters = 0;
	unsigned char *seen;
	cseg_status st;

	if ((st = need_array(m, CSEG__DBSCAN_COMPONENTS, -1, m->d, &comp)) != CSEG_OK)
		return st;
	nc = comp->rows;
	if ((st = need_array(m, CSEG__DBSCAN_CORE_INDICES, 1, nc, &idx)) != CSEG_OK ||
	    (st = need_array(m, CSEG__DBSCAN_CORE_LABELS, 1, nc, &lab)) != CSEG_OK ||
	    (st = need_array(m, CSEG__DBSCAN_CORE_TREE, nc, CSEG__CORE_TREE_COLS, &tree)) != CSEG_OK)
		return st;
	for (int64_t i = 0; i < nc * m->d; i++)
		if (!isfinite(comp->data[i]))
			return cseg__error(CSEG_E_FORMAT, "array 'components' holds a non-finite value");
	if (!(seen = cseg__calloc((size_t)m->k, 1)))
		return cseg__error(CSEG_E_NOMEM, "out of memory checking a DBSCAN model");
	for (int64_t r = 0; r < nc; r++) {
		double v = idx->data[r], l = lab->data[r];
		if (!is_index(v, (double)m->n_train_rows) || (r > 0 && !(v > idx->data[r - 1]))) {
			st = cseg__error(CSEG_E_FORMAT, "array 'core_sample_indices': entry %lld = %g is "
				"not an increasing row index below %lld", (long long)r, v,
				(long long)m->n_train_rows);
			break;
		}
		if (!is_index(l, (double)m->k)) {
			st = cseg__error(CSEG_E_FORMAT, "array 'core_labels': entry %lld = %g is not a "
				"cluster in 0..%lld", (long long)r, l, (long long)(m->k - 1));
			break;
		}
		seen_clusters += !seen[(int64_t)l];
		seen[(int64_t)l] = 1;
	}
	free(seen);
	if (st == CSEG_OK && seen_clusters != m->k)
		st = cseg__error(CSEG_E_FORMAT, "DBSCAN model: %lld of its %lld clusters have no core "
			"sample", (long long)(m->k - seen_clusters), (long long)m->k);
	if (st == CSEG_OK)
		st = cseg__core_tree_check(tree->data, comp->data, lab->data, nc, m->d);
	return st;
}

const cseg__algo_ops cseg__dbscan_ops = {
	.algo = CSEG_ALGO_DBSCAN,
	.name = "dbscan",
	.defaults = NULL,
	.fit = dbscan_fit,
	.assign = dbscan_assign,
	.assign_one = dbscan_assign_one,
	.check_loaded = dbscan_check_loaded,
};
