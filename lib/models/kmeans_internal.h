/* Shared state of one k-means fit, private to the kmeans_*.c files.
 *
 * Determinism: rows are cut into blocks of a fixed size (chosen from k and
 * d only) and blocks are grouped into chunks of a fixed number of blocks.
 * Threads take whole chunks; every chunk writes its own partial sums and the
 * partials are added in chunk order, so results do not depend on the number
 * of threads or on which thread ran which chunk. */
#ifndef CSEG_KMEANS_INTERNAL_H
#define CSEG_KMEANS_INTERNAL_H

#include "kmeans.h"
#include "../core/core.h"
#include <math.h>

#ifdef _OPENMP
#include <omp.h>
#define CSEG__TID() omp_get_thread_num()
#else
#define CSEG__TID() 0
#endif

typedef struct cseg__km {
	const double *x;     /* n x d, row-major, complete */
	const double *w;     /* n weights or NULL (all 1) */
	int64_t n, d, k;
	double *mean;        /* d column means; centres are kept centred on them, as sklearn centres X */
	double mean_var;     /* mean of the per-column (unweighted) variances, for tol */
	int64_t block;       /* rows per GEMM block */
	int64_t chunk;       /* rows per chunk (a multiple of block) */
	int64_t n_chunks;
	int n_threads;
	/* Per-thread scratch, n_threads * scratch_stride doubles: xb (block x d),
	 * xn, best, second, lab (block each), dist (block x max(k, trials)). */
	double *scratch;
	int64_t scratch_stride;
	int64_t *idx;        /* per-thread block row indices, n_threads * block */
	/* Per-chunk partials, n_chunks * part_stride doubles. */
	double *part;
	int64_t part_stride;
} cseg__km;

/* Set up blocks, chunks, scratch and the column means. */
cseg_status cseg__km_init(cseg__km *km, const cseg_dataset *ds, const double *weights, int64_t k,
	int64_t max_trials);
void cseg__km_free(cseg__km *km);

/* Thread scratch pointers. */
static inline double *cseg__km_xb(const cseg__km *km, int t)
{
	return km->scratch + (size_t)t * (size_t)km->scratch_stride;
}
static inline double *cseg__km_xn(const cseg__km *km, int t)
{
	return cseg__km_xb(km, t) + km->block * km->d;
}
static inline double *cseg__km_best(const cseg__km *km, int t)
{
	return cseg__km_xn(km, t) + km->block;
}
static inline double *cseg__km_second(const cseg__km *km, int t)
{
	return cseg__km_best(km, t) + km->block;
}
static inline double *cseg__km_lab(const cseg__km *km, int t)
{
	return cseg__km_second(km, t) + km->block;
}
static inline double *cseg__km_dist(const cseg__km *km, int t)
{
	return cseg__km_second(km, t) + 2 * km->block;
}

static inline double cseg__km_weight(const cseg__km *km, int64_t r)
{
	return km->w ? km->w[r] : 1.0;
}

/* The Lloyd kernel. Rows are not copied: with centred centres c' = c - mu,
 *   ||x - mu - c'||^2 = ||x - mu||^2 - 2 x.c' + (||c'||^2 + 2 mu.c'),
 * so the nearest centre is the argmin over j of off_j - 2 x.c'_j with
 * off_j = ||c'_j||^2 + 2 mu.c'_j. What cancels is 2 mu.c' (rounding of
 * order eps |mu| |c'|, c' being of the size of the spread), not ||x||^2
 * against ||c||^2 (eps |mu|^2) as in the textbook form on raw data.
 * cross_t: out (m x nb, row j = centre j) = -2 C' X^T for nb rows of x
 * (row stride d), one GEMM. */
void cseg__km_cross_t(const double *x, int64_t nb, const double *c, int64_t m, int64_t d, double *out);

/* off_j = ||c_j||^2 + 2 mu.c_j for m centred centres. */
void cseg__km_offsets(const cseg__km *km, const double *c, int64_t m, double *off);

/* Per row i < nb of out from cross_t: lab[i] = argmin_j (dist[j][i] + off[j])
 * (first on ties; a small integer held in a double), best[i] that value
 * and, when second is not NULL, the second smallest. Branch-free and
 * vectorised across rows: the winners are unpredictable, and a per-row scan
 * is one long dependency chain. The selects are min/max and a 0/1 blend of
 * doubles, the forms GCC vectorises at -O2 with plain SSE2. */
static inline void cseg__km_argmin_t(const double *dist, int64_t nb, int64_t m, const double *off,
	double *restrict best, double *restrict second, double *restrict lab)
{
	for (int64_t i = 0; i < nb; i++) {
		best[i] = dist[i] + off[0];
		lab[i] = 0.0;
	}
	if (second)
		for (int64_t i = 0; i < nb; i++)
			second[i] = INFINITY;
	for (int64_t j = 1; j < m; j++) {
		const double *restrict dj = dist + j * nb;
		const double o = off[j], jd = (double)j;

		if (second) {
			#pragma omp simd
			for (int64_t i = 0; i < nb; i++) {
				double v = dj[i] + o, b = best[i], s2 = second[i];
				double hi = v < b ? b : v, w = (double)(v < b);

				second[i] = hi < s2 ? hi : s2;
				best[i] = v < b ? v : b;
				lab[i] += w * (jd - lab[i]);
			}
		} else {
			#pragma omp simd
			for (int64_t i = 0; i < nb; i++) {
				double v = dj[i] + o, b = best[i], w = (double)(v < b);

				best[i] = v < b ? v : b;
				lab[i] += w * (jd - lab[i]);
			}
		}
	}
}

/* Squared distance of raw row x to centred centre c: ||x - mu - c||^2.
 * Four running sums (a fixed order, so still deterministic): a single sum
 * is a chain of dependent adds, the cost of every bound tightening. */
static inline double cseg__km_rowdist(const cseg__km *km, const double *x, const double *c)
{
	const double *mu = km->mean;
	const int64_t d = km->d;
	double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
	int64_t f = 0;

	for (; f + 4 <= d; f += 4) {
		double t0 = (x[f] - mu[f]) - c[f], t1 = (x[f + 1] - mu[f + 1]) - c[f + 1];
		double t2 = (x[f + 2] - mu[f + 2]) - c[f + 2], t3 = (x[f + 3] - mu[f + 3]) - c[f + 3];

		s0 += t0 * t0;
		s1 += t1 * t1;
		s2 += t2 * t2;
		s3 += t3 * t3;
	}
	for (; f < d; f++) {
		double t = (x[f] - mu[f]) - c[f];

		s0 += t * t;
	}
	return (s0 + s1) + (s2 + s3);
}

/* ||x - mu||^2 of raw row x. */
static inline double cseg__km_rownorm(const cseg__km *km, const double *x)
{
	const double *mu = km->mean;
	double s = 0.0;

	#pragma omp simd reduction(+:s)
	for (int64_t f = 0; f < km->d; f++) {
		double t = x[f] - mu[f];
		s += t * t;
	}
	return s;
}

/* Exact squared distance by differences (no cancellation). */
static inline double cseg__km_sqdist(const double *a, const double *b, int64_t d)
{
	double s = 0.0;

	#pragma omp simd reduction(+:s)
	for (int64_t j = 0; j < d; j++) {
		double t = a[j] - b[j];
		s += t * t;
	}
	return s;
}

/* Rows fetched ahead when visiting a list of scattered rows: enough to
 * cover a memory latency at a few tens of nanoseconds per row. */
#define CSEG__KM_PREFETCH 8

/* Below this many multiply-adds per pass (n * k * d), one thread: waking a
 * team costs more than the pass, and on a loaded machine spinning workers
 * made a 300 x 3 fit 15x slower. Results never depend on the thread count. */
#define CSEG__KM_SERIAL_WORK (1 << 20)

static inline int cseg__km_threads(int64_t n, int64_t k, int64_t d)
{
	return (double)n * (double)k * (double)d < (double)CSEG__KM_SERIAL_WORK ? 1 : cseg__threads();
}

static inline void cseg__km_prefetch_row(const cseg__km *km, int64_t r)
{
	const char *p = (const char *)(km->x + r * km->d);
	const int64_t bytes = km->d * (int64_t)sizeof(double);

	for (int64_t off = 0; off < bytes; off += 64)
		__builtin_prefetch(p + off);
	__builtin_prefetch(p + bytes - 1);
}

/* Squared norms of m rows of c. */
void cseg__km_norms(const double *c, int64_t m, int64_t d, double *out);

/* Keep OpenBLAS single-threaded inside our parallel loops when a block GEMM
 * is large enough for OpenBLAS to start its own threads (see kmeans_kernel.c).
 * Reference-counted so concurrent calls restore the caller's setting once. */
void cseg__km_blas_enter(int64_t block, int64_t m, int64_t d);
void cseg__km_blas_leave(int64_t block, int64_t m, int64_t d);

/* Candidates per k-means++ step: the parameter, or 2 + floor(ln k). */
int64_t cseg__km_local_trials(const cseg__params *p);

/* Initial centres, centred (k x d), written to c. rng drives random steps. */
cseg_status cseg__km_init_centers(const cseg__km *km, const cseg__params *p,
	const double *given, cseg__rng *rng, double *c);

/* Iteration state of one run. */
typedef struct cseg__km_run {
	double *c;       /* k x d current centres (centred) */
	double *c_old;   /* k x d */
	double *off;     /* k offsets of c for cseg__km_argmin_t */
	/* acc: k x d weighted sums of the raw rows | k weights | k member counts |
	 * label changes | rows whose k distances were computed.
	 * Counts are kept apart from weights so emptiness is exact even when
	 * the sums are updated incrementally. */
	double *acc;
	double *shift;   /* k centre moves of the last iteration */
	double *half;    /* k: half the distance to the nearest other centre (Hamerly) */
	int32_t *labels; /* n; -1 before the first pass */
	double *upper;   /* n, Hamerly only: upper bound on the distance to the own centre */
	double *lower;   /* n, Hamerly only: lower bound on the distance to any other */
	double shift_max, shift_next; /* largest and second largest shift */
	int64_t shift_arg;            /* centre that moved most */
} cseg__km_run;

static inline int64_t cseg__km_acc_cols(const cseg__km *km)
{
	return km->k * km->d + 2 * km->k + 2;
}

/* One pass over all rows: labels from c by GEMM, acc rebuilt from
 * scratch; with Hamerly bounds also set (upper/lower non-NULL). */
void cseg__km_full_pass(const cseg__km *km, cseg__km_run *run);
/* One Hamerly pass: bounds moved by the last shifts, distances computed
 * only where the bounds fail; acc updated by the label changes alone. */
void cseg__km_hamerly_pass(const cseg__km *km, cseg__km_run *run);
/* Half distances to the nearest other centre and the shift extremes, for
 * Hamerly's test. */
void cseg__km_hamerly_prepare(const cseg__km *km, cseg__km_run *run);
/* sklearn's repair of empty clusters (zero weight): the rows farthest from
 * their centre in c become the empty clusters' sums. Returns how many were
 * repaired, or -1 when out of memory. Labels are left alone, as sklearn. */
int64_t cseg__km_relocate_empty(const cseg__km *km, cseg__km_run *run);

/* Final assignment to c: inertia (exact differences), weighted size and
 * first member row of every cluster. */
double cseg__km_final_pass(const cseg__km *km, const double *c, const double *off,
	double *size, int64_t *first);

/* Add the per-chunk partials (cols wide) in chunk order into out (+=). */
void cseg__km_reduce(const cseg__km *km, int64_t cols, double *out);

#endif /* CSEG_KMEANS_INTERNAL_H */
