/* Hamerly's k-means (Hamerly 2010, "Making k-means even faster"): one upper
 * bound on the distance to the own centre and one lower bound on the
 * distance to every other centre per row. A row whose upper bound is below
 * max(lower bound, half the gap from its centre to the nearest other) cannot
 * change label, so after the first iterations most rows cost a few loads.
 * Rows that fail the test are gathered per block and get their distances
 * from one GEMM, as in Lloyd. The sums are updated by the label changes
 * alone (partials per chunk, added in chunk order: deterministic). The
 * labels at every iteration equal Lloyd's, so the iterates do too (up to
 * rounding in the incremental sums). */
#include <math.h>
#include <string.h>

#include "kmeans_internal.h"

void cseg__km_hamerly_prepare(const cseg__km *km, cseg__km_run *run)
{
	const int64_t k = km->k, d = km->d;

	for (int64_t j = 0; j < k; j++)
		run->half[j] = INFINITY;
	for (int64_t j = 0; j < k; j++)
		for (int64_t q = j + 1; q < k; q++) {
			double g = 0.5 * sqrt(cseg__km_sqdist(run->c + j * d, run->c + q * d, d));

			if (g < run->half[j])
				run->half[j] = g;
			if (g < run->half[q])
				run->half[q] = g;
		}
	run->shift_max = run->shift_next = 0.0;
	run->shift_arg = -1;
	for (int64_t j = 0; j < k; j++) {
		double s = run->shift[j];

		if (s > run->shift_max) {
			run->shift_next = run->shift_max;
			run->shift_max = s;
			run->shift_arg = j;
		} else if (s > run->shift_next) {
			run->shift_next = s;
		}
	}
}

void cseg__km_hamerly_pass(const cseg__km *km, cseg__km_run *run)
{
	const int64_t k = km->k, d = km->d, cols = cseg__km_acc_cols(km);

	cseg__km_blas_enter(km->block, k, d);
	#pragma omp parallel for num_threads(km->n_threads) schedule(dynamic, 1)
	for (int64_t ch = 0; ch < km->n_chunks; ch++) {
		int t = CSEG__TID();
		double *xb = cseg__km_xb(km, t), *dist = cseg__km_dist(km, t);
		double *best = cseg__km_best(km, t), *second = cseg__km_second(km, t);
		double *lab = cseg__km_lab(km, t);
		int64_t *idx = km->idx + (int64_t)t * km->block;
		double *sums = km->part + ch * km->part_stride;
		double *wsum = sums + k * d, *cnt = wsum + k;
		int64_t r1 = (ch + 1) * km->chunk < km->n ? (ch + 1) * km->chunk : km->n;
		int64_t changes = 0, computed = 0;

		memset(sums, 0, (size_t)cols * sizeof(double));
		for (int64_t r0 = ch * km->chunk; r0 < r1; r0 += km->block) {
			int64_t nb = r1 - r0 < km->block ? r1 - r0 : km->block, nf = 0;

			int64_t nc = 0;

			/* Bounds first, touching no row of x: the rows that may
			 * change label are listed, with their thresholds in best[]. */
			for (int64_t r = r0; r < r0 + nb; r++) {
				int64_t a = run->labels[r];
				double u = run->upper[r] + run->shift[a];
				double l = run->lower[r] - (a == run->shift_arg ? run->shift_next : run->shift_max);
				double z = l > run->half[a] ? l : run->half[a];

				run->upper[r] = u;
				run->lower[r] = l;
				if (u > z) {
					idx[nc] = r;
					best[nc++] = z;
				}
			}
			/* Then tighten their upper bounds (exact distance to the own
			 * centre), fetching the listed rows ahead of use, and gather
			 * those still failing for one GEMM. */
			for (int64_t q = 0; q < nc; q++) {
				int64_t r = idx[q], a = run->labels[r];
				const double *x = km->x + r * d;
				double u;

				if (q + CSEG__KM_PREFETCH < nc)
					cseg__km_prefetch_row(km, idx[q + CSEG__KM_PREFETCH]);
				u = sqrt(cseg__km_rowdist(km, x, run->c + a * d));
				run->upper[r] = u;
				if (u > best[q]) {
					memcpy(xb + nf * d, x, (size_t)d * sizeof(double));
					idx[nf++] = r;
				}
			}
			computed += nf;
			if (nf == 0)
				continue;
			cseg__km_cross_t(xb, nf, run->c, k, d, dist);
			cseg__km_argmin_t(dist, nf, k, run->off, best, second, lab);
			for (int64_t q = 0; q < nf; q++) {
				const double *x = xb + q * d;
				int64_t r = idx[q], a = run->labels[r], b = (int64_t)lab[q];
				double lo = cseg__km_rownorm(km, x) + second[q];

				run->lower[r] = sqrt(lo > 0.0 ? lo : 0.0);
				if (b == a)
					continue;
				run->upper[r] = sqrt(cseg__km_rowdist(km, x, run->c + b * d));
				run->labels[r] = (int32_t)b;
				changes++;
				{
					double w = cseg__km_weight(km, r);
					double *from = sums + a * d, *to = sums + b * d;

					for (int64_t f = 0; f < d; f++) {
						from[f] -= w * x[f];
						to[f] += w * x[f];
					}
					wsum[a] -= w;
					wsum[b] += w;
					cnt[a] -= 1.0;
					cnt[b] += 1.0;
				}
			}
		}
		cnt[k] = (double)changes;
		cnt[k + 1] = (double)computed;
	}
	cseg__km_blas_leave(km->block, k, d);
	run->acc[cols - 1] = run->acc[cols - 2] = 0.0;
	cseg__km_reduce(km, cols, run->acc);
}
