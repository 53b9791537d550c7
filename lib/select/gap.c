/* The gap statistic (Tibshirani, Walther & Hastie 2001) computed as R's
 * cluster::clusGap: B reference sets drawn uniformly in a box around the
 * data, each clustered for every k with the same k-means as the data; the
 * gap is the mean log W_k of the references minus the data's log W_k. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "kselect_internal.h"

/* The box: rotation V (d x r, NULL for the original axes), centre and
 * per-axis ranges in the rotated space. */
typedef struct box {
	int64_t d, r;
	double *v, *mean, *lo, *hi;
} box;

static void box_free(box *b)
{
	free(b->v);
	free(b->mean);
	free(b->lo);
	free(b->hi);
}

static cseg_status box_new(const cseg_dataset *ds, int space, box *b)
{
	const int64_t n = ds->n_rows, d = ds->n_cols;
	double *xc = NULL, *s = NULL, *vt = NULL, *superb = NULL;
	cseg_status st = CSEG_OK;

	memset(b, 0, sizeof(*b));
	b->d = d;
	b->r = space == CSEG_GAP_SCALED_PCA ? (n < d ? n : d) : d;
	b->mean = cseg__calloc((size_t)d, sizeof(double));
	b->lo = cseg__malloc_array((size_t)b->r, sizeof(double));
	b->hi = cseg__malloc_array((size_t)b->r, sizeof(double));
	if (!b->mean || !b->lo || !b->hi)
		goto nomem;
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < d; j++)
			b->mean[j] += cseg__row(ds, i)[j] / (double)n;
	if (space == CSEG_GAP_ORIGINAL) {
		for (int64_t j = 0; j < d; j++)
			b->lo[j] = b->hi[j] = cseg__row(ds, 0)[j];
		for (int64_t i = 1; i < n; i++)
			for (int64_t j = 0; j < d; j++) {
				b->lo[j] = fmin(b->lo[j], cseg__row(ds, i)[j]);
				b->hi[j] = fmax(b->hi[j], cseg__row(ds, i)[j]);
			}
		return CSEG_OK;
	}
	/* scaledPCA: the centred data rotated onto its right singular vectors. */
	xc = cseg__malloc_array((size_t)(n * d), sizeof(double));
	s = cseg__malloc_array((size_t)b->r, sizeof(double));
	vt = cseg__malloc_array((size_t)(b->r * d), sizeof(double));
	superb = cseg__malloc_array((size_t)b->r + 1, sizeof(double));
	b->v = cseg__malloc_array((size_t)(d * b->r), sizeof(double));
	if (!xc || !s || !vt || !superb || !b->v)
		goto nomem;
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < d; j++)
			xc[i * d + j] = cseg__row(ds, i)[j] - b->mean[j];
	if (LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'S', (lapack_int)n, (lapack_int)d, xc,
	    (lapack_int)d, s, NULL, 1, vt, (lapack_int)d, superb) != 0) {
		st = cseg__error(CSEG_E_INTERNAL, "k selection: the SVD of the data did not converge");
		goto out;
	}
	for (int64_t j = 0; j < d; j++)
		for (int64_t c = 0; c < b->r; c++)
			b->v[j * b->r + c] = vt[c * d + j];
	for (int64_t c = 0; c < b->r; c++)
		b->lo[c] = INFINITY, b->hi[c] = -INFINITY;
	for (int64_t i = 0; i < n; i++)
		for (int64_t c = 0; c < b->r; c++) {
			double p = 0;
			for (int64_t j = 0; j < d; j++)
				p += (cseg__row(ds, i)[j] - b->mean[j]) * b->v[j * b->r + c];
			b->lo[c] = fmin(b->lo[c], p);
			b->hi[c] = fmax(b->hi[c], p);
		}
	goto out;
nomem:
	st = cseg__error(CSEG_E_NOMEM, "k selection: no memory for the gap statistic's reference box");
out:
	free(xc);
	free(s);
	free(vt);
	free(superb);
	if (st != CSEG_OK)
		box_free(b);
	return st;
}

/* One uniform reference set of n rows into z (n x d), using u (n x r) as scratch. */
static void draw_reference(const box *b, int64_t n, cseg__rng *rng, double *u, double *z)
{
	const int64_t d = b->d, r = b->r;

	for (int64_t i = 0; i < n; i++)
		for (int64_t c = 0; c < r; c++)
			u[i * r + c] = b->lo[c] + (b->hi[c] - b->lo[c]) * cseg__rng_uniform(rng);
	if (!b->v) {
		memcpy(z, u, (size_t)(n * d) * sizeof(double));
		return;
	}
	for (int64_t i = 0; i < n; i++)
		memcpy(z + i * d, b->mean, (size_t)d * sizeof(double));
	/* z = u V^T + mean */
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)d, (int)r, 1.0, u, (int)r,
		b->v, (int)r, 1.0, z, (int)d);
}

cseg_status cseg__kselect_gap(const cseg_dataset *ds, int64_t k_min, int64_t k_max, int64_t b_count,
	int space, int d_power, int64_t seed, int64_t n_init, const double *log_w,
	double *gap, double *se)
{
	const int64_t n = ds->n_rows, d = ds->n_cols, nk = k_max - k_min + 1;
	double *u = NULL, *z = NULL, *ref = NULL;
	int64_t *labels = NULL;
	cseg_dataset *zs = NULL;
	cseg_status st;
	cseg__rng rng;
	box bx;

	if ((st = box_new(ds, space, &bx)) != CSEG_OK)
		return st;
	u = cseg__malloc_array((size_t)(n * bx.r), sizeof(double));
	z = cseg__malloc_array((size_t)(n * d), sizeof(double));
	ref = cseg__malloc_array((size_t)(b_count * nk), sizeof(double));
	labels = cseg__malloc_array((size_t)n, sizeof(int64_t));
	if (!u || !z || !ref || !labels) {
		st = cseg__error(CSEG_E_NOMEM, "k selection: no memory for %lld x %lld reference sets",
			(long long)n, (long long)d);
		goto out;
	}
	cseg__rng_seed(&rng, (uint64_t)cseg__kselect_seed(seed, 2, 0, 0));
	for (int64_t b = 0; b < b_count; b++) {
		draw_reference(&bx, n, &rng, u, z);
		if ((st = cseg_dataset_new_view(&zs, z, n, d)) != CSEG_OK)
			goto out;
		for (int64_t k = k_min; k <= k_max && st == CSEG_OK; k++) {
			st = cseg__kselect_kmeans(zs, k, cseg__kselect_seed(seed, 3, k, b), n_init, labels, NULL);
			if (st == CSEG_OK)
				st = cseg__kselect_log_w(zs, labels, k, d_power, &ref[b * nk + (k - k_min)]);
		}
		cseg_dataset_free(zs);
		if (st != CSEG_OK)
			goto out;
	}
	for (int64_t i = 0; i < nk; i++) {
		double mean = 0, var = 0;
		for (int64_t b = 0; b < b_count; b++)
			mean += ref[b * nk + i] / (double)b_count;
		for (int64_t b = 0; b < b_count; b++)
			var += (ref[b * nk + i] - mean) * (ref[b * nk + i] - mean);
		var = b_count > 1 ? var / (double)(b_count - 1) : 0; /* R's var(): n - 1 */
		gap[i] = mean - log_w[i];
		se[i] = sqrt((1 + 1.0 / (double)b_count) * var);
	}
out:
	box_free(&bx);
	free(u);
	free(z);
	free(ref);
	free(labels);
	return st;
}
