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
	double *mean;        /* d column means: rows are centred on the fly, as sklearn centres X */
	double mean_var;     /* mean of the per-column (unweighted) variances, for tol */
	int64_t block;       /* rows per GEMM block */
	int64_t chunk;       /* rows per chunk (a multiple of block) */
	int64_t n_chunks;
	int n_threads;
	/* Per-thread scratch, n_threads * scratch_stride doubles:
	 * xb (block x d), xn (block), dist (block x max(k, trials)). */
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
static inline double *cseg__km_dist(const cseg__km *km, int t)
{
	return cseg__km_xn(km, t) + km->block;
}

static inline double cseg__km_weight(const cseg__km *km, int64_t r)
{
	return km->w ? km->w[r] : 1.0;
}

/* Centre row r into y; returns its squared norm. Inline: the Hamerly pass
 * calls it once per row that fails the bound test. */
static inline double cseg__km_load_row(const cseg__km *km, int64_t r, double *y)
{
	const int64_t d = km->d;
	const double *x = km->x + r * d, *mu = km->mean;
	double s = 0.0;

	for (int64_t j = 0; j < d; j++) {
		y[j] = x[j] - mu[j];
		s += y[j] * y[j];
	}
	return s;
}

/* Centre rows [r0, r0 + nb) into xb and, when xn is not NULL, put their
 * squared norms there. */
void cseg__km_load(const cseg__km *km, int64_t r0, int64_t nb, double *xb, double *xn);

/* Smallest of row[0..k) (first on ties) and, when second is not NULL, the
 * second smallest value. Branch-free: the winners are unpredictable. */
static inline int64_t cseg__km_argmin(const double *row, int64_t k, double *best, double *second)
{
	double b1 = row[0], b2 = INFINITY;
	int64_t i1 = 0;

	if (second) {
		for (int64_t j = 1; j < k; j++) {
			double v = row[j];
			int lt = v < b1;

			b2 = lt ? b1 : (v < b2 ? v : b2);
			b1 = lt ? v : b1;
			i1 = lt ? j : i1;
		}
		*second = b2;
	} else {
		for (int64_t j = 1; j < k; j++) {
			double v = row[j];
			int lt = v < b1;

			b1 = lt ? v : b1;
			i1 = lt ? j : i1;
		}
	}
	if (best)
		*best = b1;
	return i1;
}

/* out[i * m + j] = cn[j] - 2 xb_i . c_j for nb rows and m centres (d wide):
 * the squared distance minus ||x_i||^2, by one GEMM. */
void cseg__km_cross(const double *xb, int64_t nb, const double *c, const double *cn,
	int64_t m, int64_t d, double *out);

/* Exact squared distance by differences (no cancellation). */
static inline double cseg__km_sqdist(const double *a, const double *b, int64_t d)
{
	double s = 0.0;

	for (int64_t j = 0; j < d; j++) {
		double t = a[j] - b[j];
		s += t * t;
	}
	return s;
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
	double *cn;      /* k squared norms of c */
	/* acc: k x d weighted sums | k weights | k member counts | label changes.
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
	return km->k * km->d + 2 * km->k + 1;
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
double cseg__km_final_pass(const cseg__km *km, const double *c, const double *cn,
	double *size, int64_t *first);

/* Add the per-chunk partials (cols wide) in chunk order into out (+=). */
void cseg__km_reduce(const cseg__km *km, int64_t cols, double *out);

#endif /* CSEG_KMEANS_INTERNAL_H */
