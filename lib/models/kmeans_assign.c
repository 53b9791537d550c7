/* Assignment to a fitted model: nearest and second-nearest centroid.
 * Candidates come from one GEMM per block in the batch call and from the
 * ||c||^2 - 2 x.c form (m->centroid_sq) for one row; the two winners'
 * distances are then recomputed by differences, so distances and margins
 * carry no cancellation error and both entry points agree (they could only
 * differ when the second and third nearest tie to the last bits). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans_internal.h"

/* Rows per assignment wave: the progress callback runs between waves, on
 * the calling thread, never inside the parallel loop. */
#define WAVE_ROWS 262144

/* Turn the two best candidates (by the GEMM form) into the outputs. */
static void finish(const double *x, const double *c, int64_t d, int64_t b1, int64_t b2,
	int64_t *label, int64_t *runner, double *distance, double *margin)
{
	double e1 = cseg__km_sqdist(x, c + b1 * d, d), e2;

	if (b2 < 0) {
		*label = b1;
		*runner = -1;
		*distance = sqrt(e1);
		*margin = 0.0;
		return;
	}
	e2 = cseg__km_sqdist(x, c + b2 * d, d);
	if (e2 < e1 || (e2 == e1 && b2 < b1)) {
		double te = e1;
		int64_t tb = b1;

		e1 = e2, b1 = b2;
		e2 = te, b2 = tb;
	}
	*label = b1;
	*runner = b2;
	*distance = sqrt(e1);
	*margin = sqrt(e2) - *distance;
}

/* Per row i < nb, the two smallest of dist[j][i] + off[j] (dist is k x nb):
 * indices i1 (first on ties) and i2 (-1 when k = 1), held in doubles so the
 * loop vectorises (see cseg__km_argmin_t). */
static void two_best_t(const double *dist, int64_t nb, int64_t k, const double *off,
	double *restrict v1, double *restrict v2, double *restrict i1, double *restrict i2)
{
	for (int64_t i = 0; i < nb; i++) {
		v1[i] = dist[i] + off[0];
		v2[i] = INFINITY;
		i1[i] = 0.0;
		i2[i] = -1.0;
	}
	for (int64_t j = 1; j < k; j++) {
		const double *restrict dj = dist + j * nb;
		const double o = off[j], jd = (double)j;

		#pragma omp simd
		for (int64_t i = 0; i < nb; i++) {
			double v = dj[i] + o, b1 = v1[i], b2 = v2[i];
			double m1 = (double)(v < b1), m2 = (double)(v < b2), hi = v < b1 ? b1 : v;

			/* b1 <= b2, so m1 implies m2. */
			i2[i] += m2 * (jd - i2[i]) + m1 * (i1[i] - jd);
			i1[i] += m1 * (jd - i1[i]);
			v2[i] = hi < b2 ? hi : b2;
			v1[i] = v < b1 ? v : b1;
		}
	}
}

static int64_t block_rows(int64_t k, int64_t d)
{
	int64_t b = 262144 / (k * d);
	int64_t cap = 32768 / (k + 4);

	b = b < cap ? b : cap;
	b = b < 16 ? 16 : b;
	return b > 4096 ? 4096 : b;
}

cseg_status cseg__kmeans_assign(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a)
{
	const int64_t k = m->k, d = m->d, n = ds->n_rows;
	const int64_t block = block_rows(k, d);
	const int64_t n_blocks = (n + block - 1) / block;
	const int64_t wave_blocks = (WAVE_ROWS + block - 1) / block;
	const int64_t stride = ((block * (k + 4) + 7) & ~(int64_t)7);
	int nt = cseg__km_threads(n, k, d);
	double *scratch, *cc, *off, *mu;
	cseg_status st = CSEG_OK;

	if (nt < 1)
		nt = 1;
	scratch = cseg__aligned_alloc((size_t)nt * (size_t)stride, sizeof(double));
	cc = cseg__malloc_array((size_t)(k * d), sizeof(double));
	off = cseg__malloc_array((size_t)k, sizeof(double));
	mu = cseg__calloc((size_t)d, sizeof(double));
	if (!scratch || !cc || !off || !mu) {
		cseg__aligned_free(scratch);
		free(cc), free(off), free(mu);
		return cseg__error(CSEG_E_NOMEM, "out of memory for assignment work space (k = %lld)",
			(long long)k);
	}
	/* Centre the centroids on their mean: candidates come from off_j - 2 x.c'_j
	 * (see cseg__km_cross_t), free of the large ||x||^2 and ||c||^2 terms. */
	for (int64_t j = 0; j < k; j++)
		for (int64_t f = 0; f < d; f++)
			mu[f] += m->centroids[j * d + f] / (double)k;
	for (int64_t j = 0; j < k; j++) {
		double s = 0.0, t = 0.0;

		for (int64_t f = 0; f < d; f++) {
			cc[j * d + f] = m->centroids[j * d + f] - mu[f];
			s += cc[j * d + f] * cc[j * d + f];
			t += mu[f] * cc[j * d + f];
		}
		off[j] = s + 2.0 * t;
	}
	cseg__km_blas_enter(block, k, d);
	for (int64_t b0 = 0; b0 < n_blocks; b0 += wave_blocks) {
		int64_t b1 = b0 + wave_blocks < n_blocks ? b0 + wave_blocks : n_blocks;

		#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
		for (int64_t b = b0; b < b1; b++) {
			double *dist = scratch + (size_t)CSEG__TID() * (size_t)stride;
			double *v1 = dist + block * k, *v2 = v1 + block;
			double *i1 = v2 + block, *i2 = i1 + block;
			int64_t r0 = b * block, nb = n - r0 < block ? n - r0 : block;
			const double *x = ds->data + r0 * d;

			cseg__km_cross_t(x, nb, cc, k, d, dist);
			two_best_t(dist, nb, k, off, v1, v2, i1, i2);
			for (int64_t i = 0; i < nb; i++) {
				int64_t r = r0 + i;

				finish(x + i * d, m->centroids, d, (int64_t)i1[i], (int64_t)i2[i], &a->labels[r], &a->runner_up[r],
					&a->distances[r], &a->margins[r]);
			}
		}
		if (m->progress && b1 < n_blocks && m->progress((double)b1 / (double)n_blocks,
				m->progress_payload) != 0) {
			st = cseg__error(CSEG_E_CANCELLED, "assignment cancelled by the progress callback after %lld of %lld rows",
				(long long)(b1 * block), (long long)n);
			break;
		}
	}
	cseg__km_blas_leave(block, k, d);
	cseg__aligned_free(scratch);
	free(cc), free(off), free(mu);
	return st;
}

void cseg__kmeans_assign_one(const cseg_model *m, const double *x,
	int64_t *label, double *distance, double *margin)
{
	const int64_t k = m->k, d = m->d;
	int64_t i1 = 0, i2 = -1, runner;
	double v1 = INFINITY, v2 = INFINITY;

	for (int64_t j = 0; j < k; j++) {
		const double *c = m->centroids + j * d;
		double dot = 0.0, v;

		for (int64_t f = 0; f < d; f++)
			dot += x[f] * c[f];
		v = m->centroid_sq[j] - 2.0 * dot;
		if (j == 0 || v < v1) {
			if (j > 0) {
				i2 = i1;
				v2 = v1;
			}
			i1 = j;
			v1 = v;
		} else if (i2 < 0 || v < v2) {
			i2 = j;
			v2 = v;
		}
	}
	finish(x, m->centroids, d, i1, i2, label, &runner, distance, margin);
}
