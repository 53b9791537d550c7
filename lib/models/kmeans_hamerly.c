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
		double *xb = cseg__km_xb(km, t), *xn = cseg__km_xn(km, t), *dist = cseg__km_dist(km, t);
		int64_t *idx = km->idx + (int64_t)t * km->block;
		double *sums = km->part + ch * km->part_stride;
		double *wsum = sums + k * d, *cnt = wsum + k;
		int64_t r1 = (ch + 1) * km->chunk < km->n ? (ch + 1) * km->chunk : km->n;
		int64_t changes = 0;

		memset(sums, 0, (size_t)cols * sizeof(double));
		for (int64_t r0 = ch * km->chunk; r0 < r1; r0 += km->block) {
			int64_t nb = r1 - r0 < km->block ? r1 - r0 : km->block, nf = 0;

			for (int64_t r = r0; r < r0 + nb; r++) {
				int64_t a = run->labels[r];
				double u = run->upper[r] + run->shift[a];
				double l = run->lower[r] - (a == run->shift_arg ? run->shift_next : run->shift_max);
				double z = l > run->half[a] ? l : run->half[a];

				if (u > z) {
					/* Tighten the upper bound before paying for all k distances. */
					xn[nf] = cseg__km_load_row(km, r, xb + nf * d);
					u = sqrt(cseg__km_sqdist(xb + nf * d, run->c + a * d, d));
					if (u > z)
						idx[nf++] = r;
				}
				run->upper[r] = u;
				run->lower[r] = l;
			}
			cseg__km_cross(xb, nf, run->c, run->cn, k, d, dist);
			for (int64_t q = 0; q < nf; q++) {
				const double *x = xb + q * d;
				double sv, lo;
				int64_t r = idx[q], a = run->labels[r];
				int64_t best = cseg__km_argmin(dist + q * k, k, NULL, &sv);

				lo = xn[q] + sv;
				run->lower[r] = sqrt(lo > 0.0 ? lo : 0.0);
				if (best == a)
					continue;
				run->upper[r] = sqrt(cseg__km_sqdist(x, run->c + best * d, d));
				run->labels[r] = (int32_t)best;
				changes++;
				{
					double w = cseg__km_weight(km, r);
					double *from = sums + a * d, *to = sums + best * d;

					for (int64_t f = 0; f < d; f++) {
						from[f] -= w * x[f];
						to[f] += w * x[f];
					}
					wsum[a] -= w;
					wsum[best] += w;
					cnt[a] -= 1.0;
					cnt[best] += 1.0;
				}
			}
		}
		cnt[k] = (double)changes;
	}
	cseg__km_blas_leave(km->block, k, d);
	run->acc[cols - 1] = 0.0;
	cseg__km_reduce(km, cols, run->acc);
}
