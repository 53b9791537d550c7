/* Lloyd passes over cache-sized blocks: one GEMM per block gives the
 * distances (see cseg__km_cross_t), and the argmin and the weighted sums of
 * the raw rows are taken in the same block, so the n x k distance matrix
 * never exists and rows are never copied. Also the final
 * assignment and sklearn's empty-cluster repair. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans_internal.h"

static int64_t chunk_end(const cseg__km *km, int64_t ch)
{
	int64_t r1 = (ch + 1) * km->chunk;

	return r1 < km->n ? r1 : km->n;
}

void cseg__km_full_pass(const cseg__km *km, cseg__km_run *run)
{
	const int64_t k = km->k, d = km->d, cols = cseg__km_acc_cols(km);
	const int bounds = run->upper != NULL;

	cseg__km_blas_enter(km->block, k, d);
	#pragma omp parallel for num_threads(km->n_threads) schedule(dynamic, 1)
	for (int64_t ch = 0; ch < km->n_chunks; ch++) {
		int t = CSEG__TID();
		double *dist = cseg__km_dist(km, t), *best = cseg__km_best(km, t);
		double *second = cseg__km_second(km, t);
		double *lab = cseg__km_lab(km, t);
		double *sums = km->part + ch * km->part_stride;
		double *wsum = sums + k * d, *cnt = wsum + k;
		int64_t r1 = chunk_end(km, ch), changes = 0;

		memset(sums, 0, (size_t)cols * sizeof(double));
		for (int64_t r0 = ch * km->chunk; r0 < r1; r0 += km->block) {
			int64_t nb = r1 - r0 < km->block ? r1 - r0 : km->block;
			const double *xr = km->x + r0 * d;

			cseg__km_cross_t(xr, nb, run->c, k, d, dist);
			cseg__km_argmin_t(dist, nb, k, run->off, best, bounds ? second : NULL, lab);
			for (int64_t i = 0; i < nb; i++) {
				const double *x = xr + i * d;
				int64_t r = r0 + i, b = (int64_t)lab[i];
				double *s = sums + b * d;

				changes += run->labels[r] != (int32_t)b;
				run->labels[r] = (int32_t)b;
				cnt[b] += 1.0;
				if (km->w) {
					double w = km->w[r];

					wsum[b] += w;
					#pragma omp simd
					for (int64_t f = 0; f < d; f++)
						s[f] += w * x[f];
				} else {
					wsum[b] += 1.0;
					#pragma omp simd
					for (int64_t f = 0; f < d; f++)
						s[f] += x[f];
				}
				if (bounds) {
					double l = cseg__km_rownorm(km, x) + second[i];

					run->upper[r] = sqrt(cseg__km_rowdist(km, x, run->c + b * d));
					run->lower[r] = sqrt(l > 0.0 ? l : 0.0);
				}
			}
		}
		cnt[k] = (double)changes;
		cnt[k + 1] = (double)(r1 - ch * km->chunk);
	}
	cseg__km_blas_leave(km->block, k, d);
	memset(run->acc, 0, (size_t)cols * sizeof(double));
	cseg__km_reduce(km, cols, run->acc);
}

double cseg__km_final_pass(const cseg__km *km, const double *c, const double *off,
	double *size, int64_t *first)
{
	const int64_t k = km->k, d = km->d;
	double *out = cseg__calloc((size_t)(k + 1), sizeof(double));
	double inertia;

	cseg__km_blas_enter(km->block, k, d);
	#pragma omp parallel for num_threads(km->n_threads) schedule(dynamic, 1)
	for (int64_t ch = 0; ch < km->n_chunks; ch++) {
		int t = CSEG__TID();
		double *dist = cseg__km_dist(km, t), *best = cseg__km_best(km, t);
		double *lab = cseg__km_lab(km, t);
		double *p = km->part + ch * km->part_stride;
		double *pfirst = p + 1 + k;
		int64_t r1 = chunk_end(km, ch);

		memset(p, 0, (size_t)(k + 1) * sizeof(double));
		for (int64_t j = 0; j < k; j++)
			pfirst[j] = (double)km->n;
		for (int64_t r0 = ch * km->chunk; r0 < r1; r0 += km->block) {
			int64_t nb = r1 - r0 < km->block ? r1 - r0 : km->block;
			const double *xr = km->x + r0 * d;

			cseg__km_cross_t(xr, nb, c, k, d, dist);
			cseg__km_argmin_t(dist, nb, k, off, best, NULL, lab);
			for (int64_t i = 0; i < nb; i++) {
				double w = cseg__km_weight(km, r0 + i);
				int64_t b = (int64_t)lab[i];

				/* Inertia by differences, as sklearn's _inertia. */
				p[0] += w * cseg__km_rowdist(km, xr + i * d, c + b * d);
				p[1 + b] += w;
				if (pfirst[b] > (double)(r0 + i))
					pfirst[b] = (double)(r0 + i);
			}
		}
	}
	cseg__km_blas_leave(km->block, k, d);
	for (int64_t j = 0; j < k; j++)
		first[j] = km->n;
	for (int64_t ch = 0; ch < km->n_chunks; ch++) {
		const double *pfirst = km->part + ch * km->part_stride + 1 + k;

		for (int64_t j = 0; j < k; j++)
			if ((int64_t)pfirst[j] < first[j])
				first[j] = (int64_t)pfirst[j];
	}
	if (out) {
		cseg__km_reduce(km, k + 1, out);
		inertia = out[0];
		memcpy(size, out + 1, (size_t)k * sizeof(double));
		free(out);
	} else {
		/* No room for the reduction buffer: reduce in place, serially. */
		inertia = 0.0;
		memset(size, 0, (size_t)k * sizeof(double));
		for (int64_t ch = 0; ch < km->n_chunks; ch++) {
			const double *p = km->part + ch * km->part_stride;

			inertia += p[0];
			for (int64_t j = 0; j < k; j++)
				size[j] += p[1 + j];
		}
	}
	return inertia;
}

typedef struct far_row {
	double dist;
	int64_t row;
} far_row;

int64_t cseg__km_relocate_empty(const cseg__km *km, cseg__km_run *run)
{
	const int64_t k = km->k, d = km->d;
	double *sums = run->acc, *wsum = sums + k * d, *cnt = wsum + k;
	int64_t n_empty = 0, n_far = 0;
	int64_t *empty;
	far_row *far;

	for (int64_t j = 0; j < k; j++)
		if (wsum[j] == 0.0)
			n_empty++;
	if (n_empty == 0)
		return 0;
	empty = cseg__malloc_array((size_t)n_empty, sizeof(int64_t));
	far = cseg__malloc_array((size_t)n_empty, sizeof(far_row));
	if (!empty || !far) {
		free(empty), free(far);
		return -1;
	}
	n_empty = 0;
	for (int64_t j = 0; j < k; j++)
		if (wsum[j] == 0.0)
			empty[n_empty++] = j;
	/* The n_empty rows farthest from their centre, farthest first, ties to
	 * the lower row (sklearn takes them from an argpartition). */
	for (int64_t r = 0; r < km->n; r++) {
		double v = cseg__km_rowdist(km, km->x + r * d, run->c + (int64_t)run->labels[r] * d);
		int64_t pos;

		if (n_far == n_empty && !(v > far[n_far - 1].dist))
			continue;
		pos = n_far < n_empty ? n_far++ : n_far - 1;
		while (pos > 0 && far[pos - 1].dist < v) {
			far[pos] = far[pos - 1];
			pos--;
		}
		far[pos].dist = v;
		far[pos].row = r;
	}
	for (int64_t e = 0; e < n_empty && e < n_far; e++) {
		int64_t r = far[e].row, to = empty[e], from = run->labels[r];
		const double *x = km->x + r * d;
		double w = cseg__km_weight(km, r);

		for (int64_t f = 0; f < d; f++) {
			sums[from * d + f] -= x[f] * w;
			sums[to * d + f] = x[f] * w;
		}
		wsum[to] = w;
		wsum[from] -= w;
		cnt[to] = 1.0;
		cnt[from] -= 1.0;
	}
	free(empty), free(far);
	return n_empty;
}
