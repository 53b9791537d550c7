/* Initial centres: greedy k-means++ (sklearn's variant, weighted), k
 * distinct random rows, or centres given by the caller. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans_internal.h"

int64_t cseg__km_local_trials(const cseg__params *p)
{
	if (p->kmeans_local_trials > 0)
		return p->kmeans_local_trials;
	return 2 + (int64_t)floor(log((double)p->k));
}

/* Centred copy of row r. */
static void centred_row(const cseg__km *km, int64_t r, double *out)
{
	for (int64_t f = 0; f < km->d; f++)
		out[f] = km->x[r * km->d + f] - km->mean[f];
}

/* k-means++ keeps, per row, the squared distance d2 to the nearest chosen
 * centre and that centre's index. Both passes skip a (row, centre) pair by
 * the triangle inequality: when ||c_a - c||^2 >= 4 d2 for the row's nearest
 * centre a, then ||x - c|| >= ||c_a - c|| - ||x - c_a|| >= sqrt(d2), so c
 * cannot come closer (Raff 2021, "Exact acceleration of k-means++ and
 * k-means||"). Distances are computed exactly, by differences. */

/* Rows that may come closer to a candidate carry a bit per candidate in
 * `better`, set by the candidate pass, so adding the winner recomputes only
 * the rows it captures. Up to 32 candidates; more fall back to testing
 * every row by the triangle inequality. */
#define MAX_MASK_TRIALS 32

/* Add centre `step` (c): d2[r] = min(d2[r], ||x_r - c||^2), nearest[r]
 * updated, and mass[chunk] = sum of w * d2 over the chunk. For the first
 * centre (gap NULL) every row is computed; later, a row is recomputed when
 * its bit `bit` of better[] is set, or (better NULL) when the triangle
 * inequality allows c to be closer: gap[a] = ||c_a - c||^2 < 4 d2. */
static void update_closest(const cseg__km *km, const double *c, int32_t step, const double *gap,
	const uint32_t *better, uint32_t bit, double *d2, int32_t *nearest, double *mass)
{
	const int64_t n = km->n, d = km->d;

	#pragma omp parallel for num_threads(km->n_threads) schedule(dynamic, 1)
	for (int64_t ch = 0; ch < km->n_chunks; ch++) {
		int64_t *idx = km->idx + (int64_t)CSEG__TID() * km->block;
		int64_t r1 = (ch + 1) * km->chunk < n ? (ch + 1) * km->chunk : n;
		double s = 0.0;

		for (int64_t r0 = ch * km->chunk; r0 < r1; r0 += km->block) {
			int64_t nb = r1 - r0 < km->block ? r1 - r0 : km->block, nt = 0;

			/* List the rows to recompute, then visit them fetching ahead. */
			for (int64_t r = r0; r < r0 + nb; r++)
				if (!gap || (better ? (better[r] & bit) != 0 : gap[nearest[r]] < 4.0 * d2[r]))
					idx[nt++] = r;
			for (int64_t i = 0; i < nt; i++) {
				int64_t r = idx[i];
				double v;

				if (i + CSEG__KM_PREFETCH < nt)
					cseg__km_prefetch_row(km, idx[i + CSEG__KM_PREFETCH]);
				v = cseg__km_rowdist(km, km->x + r * d, c);
				if (!gap || v < d2[r]) {
					d2[r] = v;
					nearest[r] = step;
				}
			}
			for (int64_t r = r0; r < r0 + nb; r++)
				s += cseg__km_weight(km, r) * d2[r];
		}
		mass[ch] = s;
	}
}

static double row_mass(const cseg__km *km, const double *d2, int64_t r)
{
	return cseg__km_weight(km, r) * (d2 ? d2[r] : 1.0);
}

/* First row where the running sum of w * d2 (w alone when d2 is NULL)
 * exceeds target, as numpy's searchsorted on the cumulative sum; mass holds
 * the per-chunk sums so whole chunks are skipped. Rounding fallbacks give
 * the last row with positive mass. */
static int64_t locate(const cseg__km *km, const double *d2, const double *mass, double target)
{
	double acc = 0.0;
	int64_t last = -1;

	for (int64_t ch = 0; ch < km->n_chunks; ch++) {
		int64_t r1 = (ch + 1) * km->chunk < km->n ? (ch + 1) * km->chunk : km->n;
		double run;

		if (mass[ch] <= 0.0)
			continue;
		if (acc + mass[ch] <= target) {
			acc += mass[ch];
			continue;
		}
		run = acc;
		for (int64_t r = ch * km->chunk; r < r1; r++) {
			double m = row_mass(km, d2, r);

			if (m <= 0.0)
				continue;
			run += m;
			last = r;
			if (run > target)
				return r;
		}
		acc += mass[ch];
	}
	if (last >= 0)
		return last;
	for (int64_t r = km->n - 1; r >= 0; r--)
		if (row_mass(km, d2, r) > 0.0)
			return r;
	return 0;
}

/* Potential of every candidate: sum_i w_i min(d2_i, ||x_i - cand_q||^2).
 * gap[a * trials + q] = ||c_a - cand_q||^2. Per block, the rows where some
 * candidate passes the triangle-inequality test are gathered (centred) and
 * get their distances to all candidates from one GEMM (cand centred, candn
 * their squared norms); the others add their d2. better[r] (when not NULL)
 * gets bit q when candidate q is closer than d2. */
static void candidate_potentials(const cseg__km *km, const double *cand, const double *candn,
	const double *gap, int64_t trials, const double *d2, const int32_t *nearest, uint32_t *better,
	double *pot)
{
	const int64_t n = km->n, d = km->d;

	#pragma omp parallel for num_threads(km->n_threads) schedule(dynamic, 1)
	for (int64_t ch = 0; ch < km->n_chunks; ch++) {
		int t = CSEG__TID();
		double *yb = cseg__km_xb(km, t), *yn = cseg__km_xn(km, t), *dist = cseg__km_dist(km, t);
		int64_t *idx = km->idx + (int64_t)t * km->block;
		double *p = km->part + ch * km->part_stride;
		int64_t r1 = (ch + 1) * km->chunk < n ? (ch + 1) * km->chunk : n;

		memset(p, 0, (size_t)trials * sizeof(double));
		for (int64_t r0 = ch * km->chunk; r0 < r1; r0 += km->block) {
			int64_t nb = r1 - r0 < km->block ? r1 - r0 : km->block, nf = 0;
			double skipped = 0.0;

			for (int64_t r = r0; r < r0 + nb; r++) {
				const double *g = gap + (int64_t)nearest[r] * trials;
				double lim = 4.0 * d2[r];
				int any = 0;

				for (int64_t q = 0; q < trials; q++)
					any |= g[q] < lim;
				if (better)
					better[r] = 0;
				if (any)
					idx[nf++] = r;
				else
					skipped += cseg__km_weight(km, r) * d2[r];
			}
			/* Gather the listed rows, centred, fetching ahead of use. */
			for (int64_t i = 0; i < nf; i++) {
				const double *x = km->x + idx[i] * d;
				double *y = yb + i * d, sq = 0.0;

				if (i + CSEG__KM_PREFETCH < nf)
					cseg__km_prefetch_row(km, idx[i + CSEG__KM_PREFETCH]);
				for (int64_t f = 0; f < d; f++) {
					y[f] = x[f] - km->mean[f];
					sq += y[f] * y[f];
				}
				yn[i] = sq;
			}
			for (int64_t q = 0; q < trials; q++)
				p[q] += skipped;
			if (nf == 0)
				continue;
			cseg__km_cross_t(yb, nf, cand, trials, d, dist);
			/* Branch-free: which candidate beats d2 is unpredictable. */
			for (int64_t i = 0; i < nf; i++) {
				int64_t r = idx[i];
				double w = cseg__km_weight(km, r), cur = d2[r];
				uint32_t mask = 0;

				for (int64_t q = 0; q < trials; q++) {
					double v = yn[i] + dist[q * nf + i] + candn[q];
					int lt = v < cur;

					v = v < 0.0 ? 0.0 : v;
					p[q] += w * (lt ? v : cur);
					mask |= (uint32_t)(lt && q < MAX_MASK_TRIALS) << (q & 31);
				}
				if (better)
					better[r] = mask;
			}
		}
	}
	memset(pot, 0, (size_t)trials * sizeof(double));
	cseg__km_reduce(km, trials, pot);
}

static cseg_status kmeanspp(const cseg__km *km, int64_t trials, cseg__rng *rng, double *c)
{
	const int64_t n = km->n, d = km->d, k = km->k;
	double *d2 = cseg__malloc_array((size_t)n, sizeof(double));
	int32_t *nearest = cseg__malloc_array((size_t)n, sizeof(int32_t));
	double *mass = cseg__malloc_array((size_t)km->n_chunks, sizeof(double));
	double *cand = cseg__malloc_array((size_t)(trials * d), sizeof(double));
	double *candn = cseg__malloc_array((size_t)trials, sizeof(double));
	double *gap = cseg__malloc_array((size_t)(k * trials), sizeof(double));
	double *pot = cseg__malloc_array((size_t)trials, sizeof(double));
	uint32_t *better = trials <= MAX_MASK_TRIALS ? cseg__malloc_array((size_t)n, sizeof(uint32_t)) : NULL;
	int64_t first;

	if (!d2 || !nearest || !mass || !cand || !candn || !gap || !pot ||
		(trials <= MAX_MASK_TRIALS && !better)) {
		free(d2), free(nearest), free(mass), free(cand), free(candn), free(gap), free(pot);
		free(better);
		return cseg__error(CSEG_E_NOMEM, "out of memory for k-means++ (%lld rows)", (long long)n);
	}
	/* First centre: a row drawn with probability proportional to its weight. */
	if (km->w) {
		double total = 0.0;

		for (int64_t ch = 0; ch < km->n_chunks; ch++) {
			int64_t r1 = (ch + 1) * km->chunk < n ? (ch + 1) * km->chunk : n;

			mass[ch] = 0.0;
			for (int64_t r = ch * km->chunk; r < r1; r++)
				mass[ch] += km->w[r];
			total += mass[ch];
		}
		first = locate(km, NULL, mass, cseg__rng_uniform(rng) * total);
	} else {
		first = (int64_t)cseg__rng_below(rng, (uint64_t)n);
	}
	centred_row(km, first, c);
	update_closest(km, c, 0, NULL, NULL, 0, d2, nearest, mass);

	cseg__km_blas_enter(km->block, trials, d);
	for (int64_t step = 1; step < k; step++) {
		double total = 0.0;
		int64_t best = 0;

		for (int64_t ch = 0; ch < km->n_chunks; ch++)
			total += mass[ch];
		for (int64_t q = 0; q < trials; q++) {
			double target = cseg__rng_uniform(rng) * total;
			int64_t r = total > 0.0 ? locate(km, d2, mass, target)
				: (int64_t)cseg__rng_below(rng, (uint64_t)n);

			centred_row(km, r, cand + q * d);
		}
		for (int64_t a = 0; a < step; a++)
			for (int64_t q = 0; q < trials; q++)
				gap[a * trials + q] = cseg__km_sqdist(c + a * d, cand + q * d, d);
		cseg__km_norms(cand, trials, d, candn);
		candidate_potentials(km, cand, candn, gap, trials, d2, nearest, better, pot);
		for (int64_t q = 1; q < trials; q++)
			if (pot[q] < pot[best])
				best = q;
		memcpy(c + step * d, cand + best * d, (size_t)d * sizeof(double));
		/* The winner's gaps, compacted to one per earlier centre. */
		for (int64_t a = 0; a < step; a++)
			gap[a] = gap[a * trials + best];
		update_closest(km, c + step * d, (int32_t)step, gap, better, (uint32_t)1 << (best & 31),
			d2, nearest, mass);
	}
	cseg__km_blas_leave(km->block, trials, d);
	free(d2), free(nearest), free(mass), free(cand), free(candn), free(gap), free(pot);
	free(better);
	return CSEG_OK;
}

/* k distinct rows, uniformly (Floyd's sampling, a bitmap of taken rows). */
static cseg_status random_rows(const cseg__km *km, cseg__rng *rng, double *c)
{
	const int64_t n = km->n, k = km->k;
	unsigned char *taken = cseg__calloc((size_t)(n / 8 + 1), 1);
	int64_t got = 0;

	if (!taken)
		return cseg__error(CSEG_E_NOMEM, "out of memory choosing %lld random rows", (long long)k);
	for (int64_t j = n - k; j < n; j++) {
		int64_t r = (int64_t)cseg__rng_below(rng, (uint64_t)j + 1);

		if (taken[r >> 3] & (1u << (r & 7)))
			r = j;
		taken[r >> 3] |= (unsigned char)(1u << (r & 7));
		centred_row(km, r, c + got * km->d);
		got++;
	}
	free(taken);
	return CSEG_OK;
}

cseg_status cseg__km_init_centers(const cseg__km *km, const cseg__params *p,
	const double *given, cseg__rng *rng, double *c)
{
	switch (p->init) {
	case CSEG_INIT_GIVEN:
		if (!given)
			return cseg__error(CSEG_E_INVALID_ARG, "init is 'given' but no initial centres were set");
		for (int64_t j = 0; j < km->k; j++)
			for (int64_t f = 0; f < km->d; f++)
				c[j * km->d + f] = given[j * km->d + f] - km->mean[f];
		return CSEG_OK;
	case CSEG_INIT_RANDOM:
		return random_rows(km, rng, c);
	case CSEG_INIT_KMEANSPP:
		return kmeanspp(km, cseg__km_local_trials(p), rng, c);
	default:
		return cseg__error(CSEG_E_INVALID_ARG, "unknown init method %lld", (long long)p->init);
	}
}
