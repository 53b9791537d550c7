/* Silhouette coefficients of every row, computed block pair by block pair.
 *
 * Rows are sorted by segment, so each segment is a contiguous range and a
 * row's distances to a segment are summed run by run; a segment's mean is
 * final once its last run has been added. The state of a row is then three
 * numbers (sum of the run still open, own-segment sum, best mean to another
 * segment): O(m + k) memory plus fixed per-thread buffers, never m x m.
 *
 * d(i, j) = d(j, i), so each pair of row blocks (I, J), I <= J, is computed
 * once and feeds both the rows of I (sums along rows) and the rows of J
 * (sums down columns). Pairs are OpenMP tasks created by anti-diagonals
 * I + J with a dependence on each of their two blocks, so every row receives
 * its contributions in increasing block order whatever the number of
 * threads or the schedule: results are bitwise independent of both.
 *
 * Distances come from |x|^2 + |y|^2 - 2 x.y with x.y from dgemm on centred
 * rows. Where that form cancels (|x - y|^2 small beside |x|^2 + |y|^2: the
 * diagonal, duplicates and near-duplicates) the distance is recomputed from
 * differences of the original values, so d(i, i) = 0 exactly and
 * near-duplicates keep their digits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../core/core.h"
#include "../data/dataset_internal.h"
#include "eval_internal.h"

/* Rows per tile: depends on d only, never on the thread count. */
#define SIL_BLOCK 128
/* Tiles per block (the unit of parallel work) in each direction. */
#define SIL_TILES 2
/* Keep block x block x d at or under OpenBLAS's single-thread GEMM size
 * (65536 x 4): the OpenMP loop already occupies the cores. */
#define SIL_GEMM_MAX 262144
/* The GEMM form's relative error is about d eps (|x|^2 + |y|^2) / |x - y|^2:
 * below this ratio the distance is recomputed directly, which keeps every
 * distance's error far below 1e-9 of the segment means (with 0, i.e. the
 * bare GEMM form, the fixtures drift by up to 2e-9). Overridable only to
 * measure that. */
#ifndef SIL_TAU
#define SIL_TAU 1e-4
#endif

/* One row of a block pair: distances to the columns from the products g
 * (which it resets to 0, see pair()), stored in dist, and their sums over
 * each run of columns (run u ends at run_end[u]) in part[u]. Each run is
 * summed in four lanes (column c of the run feeds lane c mod 4) added as
 * (l0 + l1) + (l2 + l3) in every version, so the instruction set never
 * changes a result. Returns nonzero when some distance may have cancelled. */
typedef int (*row_pass_fn)(double *g, const double *nb, double na, double *dist,
	const int64_t *run_end, int64_t n_runs, double *part);

/* col[c] = sum of rows lo..hi-1 of dist (rows of stride nj), rows in order,
 * for the first w columns. */
typedef void (*col_pass_fn)(const double *dist, int64_t nj, int64_t w, int64_t lo, int64_t hi,
	double *col);

typedef struct sil_plan {
	const cseg_dataset *ds;
	int64_t m, d, bs, n_blocks;
	const int64_t *spos;   /* caller's position of each sorted position */
	const int64_t *srow;   /* dataset row of each sorted position */
	const int64_t *scode;  /* segment of each sorted position */
	const int64_t *seg;    /* k + 1 segment starts in sorted order */
	const int64_t *count;  /* k segment sizes */
	const double *center;  /* d column means of the rows used */
	const double *norm;    /* m squared norms of the centred rows */
	double *open, *own, *best; /* m row states, sorted order */
	row_pass_fn row_pass;
	col_pass_fn col_pass;
} sil_plan;

typedef struct sil_work {
	double *a, *b;     /* SIL_TILES bs x d centred rows of blocks I and J */
	double *g;         /* bs x bs products; all 0 between pairs */
	double *dist;      /* bs x bs distances */
	double *part;      /* bs run sums of one row */
	double *col;       /* bs column sums over one run */
	int64_t *run_end;  /* bs run ends */
} sil_work;

static inline double clamp0(double x)
{
	return x > 0.0 ? x : 0.0;
}

static int row_pass_c(double *g, const double *nb, double na, double *dist,
	const int64_t *run_end, int64_t n_runs, double *part)
{
	int low = 0;

	for (int64_t u = 0, lo = 0; u < n_runs; lo = run_end[u++]) {
		double lane[4] = {0.0, 0.0, 0.0, 0.0};

		for (int64_t c = lo; c < run_end[u]; c++) {
			const double s = na + nb[c];
			const double d2 = s - 2.0 * g[c];

			g[c] = 0.0;
			low |= d2 < SIL_TAU * s;
			dist[c] = sqrt(clamp0(d2));
			lane[(c - lo) & 3] += dist[c];
		}
		part[u] = (lane[0] + lane[1]) + (lane[2] + lane[3]);
	}
	return low;
}


static void col_pass_c(const double *dist, int64_t nj, int64_t w, int64_t lo, int64_t hi,
	double *col)
{
	for (int64_t c = 0; c < w; c++) {
		double acc = dist[lo * nj + c];

		for (int64_t r = lo + 1; r < hi; r++)
			acc += dist[r * nj + c];
		col[c] = acc;
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SIL_X86 1

static void col_pass_sse2(const double *dist, int64_t nj, int64_t w, int64_t lo, int64_t hi,
	double *col)
{
	int64_t c = 0;

	for (; c + 8 <= w; c += 8) {
		const double *d0 = dist + lo * nj + c;
		__m128d a0 = _mm_loadu_pd(d0), a1 = _mm_loadu_pd(d0 + 2);
		__m128d a2 = _mm_loadu_pd(d0 + 4), a3 = _mm_loadu_pd(d0 + 6);

		for (int64_t r = lo + 1; r < hi; r++) {
			const double *dr = dist + r * nj + c;

			a0 = _mm_add_pd(a0, _mm_loadu_pd(dr));
			a1 = _mm_add_pd(a1, _mm_loadu_pd(dr + 2));
			a2 = _mm_add_pd(a2, _mm_loadu_pd(dr + 4));
			a3 = _mm_add_pd(a3, _mm_loadu_pd(dr + 6));
		}
		_mm_storeu_pd(col + c, a0);
		_mm_storeu_pd(col + c + 2, a1);
		_mm_storeu_pd(col + c + 4, a2);
		_mm_storeu_pd(col + c + 6, a3);
	}
	if (c < w)
		col_pass_c(dist + c, nj, w - c, lo, hi, col + c);
}

__attribute__((target("avx")))
static void col_pass_avx(const double *dist, int64_t nj, int64_t w, int64_t lo, int64_t hi,
	double *col)
{
	int64_t c = 0;

	for (; c + 16 <= w; c += 16) {
		const double *d0 = dist + lo * nj + c;
		__m256d a0 = _mm256_loadu_pd(d0), a1 = _mm256_loadu_pd(d0 + 4);
		__m256d a2 = _mm256_loadu_pd(d0 + 8), a3 = _mm256_loadu_pd(d0 + 12);

		for (int64_t r = lo + 1; r < hi; r++) {
			const double *dr = dist + r * nj + c;

			a0 = _mm256_add_pd(a0, _mm256_loadu_pd(dr));
			a1 = _mm256_add_pd(a1, _mm256_loadu_pd(dr + 4));
			a2 = _mm256_add_pd(a2, _mm256_loadu_pd(dr + 8));
			a3 = _mm256_add_pd(a3, _mm256_loadu_pd(dr + 12));
		}
		_mm256_storeu_pd(col + c, a0);
		_mm256_storeu_pd(col + c + 4, a1);
		_mm256_storeu_pd(col + c + 8, a2);
		_mm256_storeu_pd(col + c + 12, a3);
	}
	if (c < w)
		col_pass_sse2(dist + c, nj, w - c, lo, hi, col + c);
}

static int row_pass_sse2(double *g, const double *nb, double na, double *dist,
	const int64_t *run_end, int64_t n_runs, double *part)
{
	const __m128d va = _mm_set1_pd(na), two = _mm_set1_pd(2.0);
	const __m128d tau = _mm_set1_pd(SIL_TAU), zero = _mm_setzero_pd();
	__m128d flag = zero;
	int low = 0;

	for (int64_t u = 0, lo = 0; u < n_runs; lo = run_end[u++]) {
		__m128d acc01 = zero, acc23 = zero;
		double l[4];
		int64_t c = lo;

		for (; c + 4 <= run_end[u]; c += 4) {
			__m128d s0 = _mm_add_pd(va, _mm_loadu_pd(nb + c));
			__m128d s1 = _mm_add_pd(va, _mm_loadu_pd(nb + c + 2));
			__m128d d0 = _mm_sub_pd(s0, _mm_mul_pd(two, _mm_loadu_pd(g + c)));
			__m128d d1 = _mm_sub_pd(s1, _mm_mul_pd(two, _mm_loadu_pd(g + c + 2)));

			_mm_storeu_pd(g + c, zero);
			_mm_storeu_pd(g + c + 2, zero);

			flag = _mm_or_pd(flag, _mm_cmplt_pd(d0, _mm_mul_pd(tau, s0)));
			flag = _mm_or_pd(flag, _mm_cmplt_pd(d1, _mm_mul_pd(tau, s1)));
			d0 = _mm_sqrt_pd(_mm_max_pd(d0, zero));
			d1 = _mm_sqrt_pd(_mm_max_pd(d1, zero));
			_mm_storeu_pd(dist + c, d0);
			_mm_storeu_pd(dist + c + 2, d1);
			acc01 = _mm_add_pd(acc01, d0);
			acc23 = _mm_add_pd(acc23, d1);
		}
		_mm_storeu_pd(l, acc01);
		_mm_storeu_pd(l + 2, acc23);
		for (int t = 0; c < run_end[u]; c++, t++) {
			const double s = na + nb[c];
			const double d2 = s - 2.0 * g[c];

			g[c] = 0.0;
			low |= d2 < SIL_TAU * s;
			dist[c] = sqrt(clamp0(d2));
			l[t] += dist[c];
		}
		part[u] = (l[0] + l[1]) + (l[2] + l[3]);
	}
	return low | (_mm_movemask_pd(flag) != 0);
}

/* AVX without FMA, so no contraction can change the rounding. */
__attribute__((target("avx")))
static int row_pass_avx(double *g, const double *nb, double na, double *dist,
	const int64_t *run_end, int64_t n_runs, double *part)
{
	const __m256d va = _mm256_set1_pd(na), two = _mm256_set1_pd(2.0);
	const __m256d tau = _mm256_set1_pd(SIL_TAU), zero = _mm256_setzero_pd();
	__m256d flag = zero;
	int low = 0;

	for (int64_t u = 0, lo = 0; u < n_runs; lo = run_end[u++]) {
		__m256d acc = zero;
		double l[4];
		int64_t c = lo;

		for (; c + 4 <= run_end[u]; c += 4) {
			__m256d s = _mm256_add_pd(va, _mm256_loadu_pd(nb + c));
			__m256d d2 = _mm256_sub_pd(s, _mm256_mul_pd(two, _mm256_loadu_pd(g + c)));
			__m256d dd;

			_mm256_storeu_pd(g + c, zero);
			flag = _mm256_or_pd(flag, _mm256_cmp_pd(d2, _mm256_mul_pd(tau, s), _CMP_LT_OQ));
			dd = _mm256_sqrt_pd(_mm256_max_pd(d2, zero));
			_mm256_storeu_pd(dist + c, dd);
			acc = _mm256_add_pd(acc, dd);
		}
		_mm256_storeu_pd(l, acc);
		for (int t = 0; c < run_end[u]; c++, t++) {
			const double s = na + nb[c];
			const double d2 = s - 2.0 * g[c];

			g[c] = 0.0;
			low |= d2 < SIL_TAU * s;
			dist[c] = sqrt(clamp0(d2));
			l[t] += dist[c];
		}
		part[u] = (l[0] + l[1]) + (l[2] + l[3]);
	}
	return low | (_mm256_movemask_pd(flag) != 0);
}
#endif

/* Widest instruction set the kernels may use: 0 plain C, 1 SSE2, 2 AVX. */
static int isa_limit = 2;

void cseg__silhouette_limit_isa(int level)
{
	isa_limit = level;
}

/* The vector versions compute exactly what the C versions do. */
static void pick_kernels(row_pass_fn *row, col_pass_fn *col)
{
	*row = row_pass_c;
	*col = col_pass_c;
#ifdef SIL_X86
	if (isa_limit < 1)
		return;
	*row = row_pass_sse2;
	*col = col_pass_sse2;
	__builtin_cpu_init();
	if (isa_limit >= 2 && __builtin_cpu_supports("avx")) {
		*row = row_pass_avx;
		*col = col_pass_avx;
	}
#endif
}

static void gather(const sil_plan *p, int64_t q0, int64_t nq, double *dst)
{
	const int64_t d = p->d;

	for (int64_t r = 0; r < nq; r++) {
		const double *x = cseg__row(p->ds, p->srow[q0 + r]);

		/* Sorted rows are scattered in the dataset: fetch ahead. */
		if (r + 16 < nq) {
			const double *ahead = cseg__row(p->ds, p->srow[q0 + r + 16]);

			__builtin_prefetch(ahead);
			__builtin_prefetch(ahead + d - 1);
		}
		for (int64_t j = 0; j < d; j++)
			dst[r * d + j] = x[j] - p->center[j];
	}
}

static double direct_d2(const sil_plan *p, int64_t qa, int64_t qb)
{
	const double *x = cseg__row(p->ds, p->srow[qa]);
	const double *y = cseg__row(p->ds, p->srow[qb]);
	double acc = 0.0;

	for (int64_t j = 0; j < p->d; j++) {
		const double diff = x[j] - y[j];

		acc += diff * diff;
	}
	return acc;
}

/* Redo one row whose GEMM form may have cancelled: distances recomputed
 * from the original values wherever d^2 < 2 SIL_TAU (|x|^2 + |y|^2) (all
 * the flagged ones, and a few more, which only gains accuracy), then the
 * run sums in the same lanes. */
static void exact_row(const sil_plan *p, int64_t q, int64_t t0, double *dist,
	const int64_t *run_end, int64_t n_runs, double *part)
{
	const double na = p->norm[q];
	const double *nb = p->norm + t0;

	for (int64_t u = 0, lo = 0; u < n_runs; lo = run_end[u++]) {
		double lane[4] = {0.0, 0.0, 0.0, 0.0};

		for (int64_t c = lo; c < run_end[u]; c++) {
			if (dist[c] * dist[c] < 2.0 * SIL_TAU * (na + nb[c]))
				dist[c] = sqrt(direct_d2(p, q, t0 + c));
			lane[(c - lo) & 3] += dist[c];
		}
		part[u] = (lane[0] + lane[1]) + (lane[2] + lane[3]);
	}
}

/* Split sorted positions q0..q0+n-1 into segment runs; ends relative to q0. */
static int64_t runs(const sil_plan *p, int64_t q0, int64_t n, int64_t *run_end)
{
	int64_t n_runs = 0;

	for (int64_t cl = p->scode[q0]; ; cl++) {
		const int64_t stop = p->seg[cl + 1] < q0 + n ? p->seg[cl + 1] : q0 + n;

		run_end[n_runs++] = stop - q0;
		if (stop == q0 + n)
			return n_runs;
	}
}

/* Add the sum of row q's distances to one run of segment cl, which ends at
 * sorted position `end`: a segment is complete when its last run is in. */
static inline void add_run(const sil_plan *p, int64_t q, int64_t cl, int64_t end, double sum)
{
	double total, mean;

	if (p->seg[cl + 1] > end) {
		p->open[q] += sum;
		return;
	}
	total = p->open[q] + sum;
	p->open[q] = 0.0;
	if (cl == p->scode[q]) {
		p->own[q] = total;
	} else {
		mean = total / (double)p->count[cl];
		if (mean < p->best[q])
			p->best[q] = mean;
	}
}

/* One tile: sorted rows qi..qi+ni-1 (centred in a) against qj..qj+nj-1
 * (in b); `same` when it is a diagonal tile (a == b). */
static void tile(const sil_plan *p, sil_work *w, const double *a, int64_t qi, int64_t ni,
	const double *b, int64_t qj, int64_t nj, int same)
{
	const int64_t d = p->d;
	const double *nb = p->norm + qj;
	int64_t n_runs;

	/* beta = 1 on a buffer the row passes leave zeroed: OpenBLAS then
	 * skips its separate pass that clears the output (15% of the time). */
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)ni, (int)nj, (int)d,
		1.0, a, (int)d, b, (int)d, 1.0, w->g, (int)nj);

	/* Rows qi.. against the runs of qj.. */
	n_runs = runs(p, qj, nj, w->run_end);
	for (int64_t r = 0; r < ni; r++) {
		double *gr = w->g + r * nj;
		double *dr = w->dist + r * nj;
		const int64_t q = qi + r;

		if (p->row_pass(gr, nb, p->norm[q], dr, w->run_end, n_runs, w->part))
			exact_row(p, q, qj, dr, w->run_end, n_runs, w->part);
		for (int64_t u = 0; u < n_runs; u++)
			add_run(p, q, p->scode[qj] + u, qj + nj, w->part[u]);
	}
	if (same)
		return;

	/* Rows qj.. against the runs of qi..: column sums, rows in order. */
	n_runs = runs(p, qi, ni, w->run_end);
	for (int64_t u = 0, lo = 0; u < n_runs; lo = w->run_end[u++]) {
		const int64_t cl = p->scode[qi] + u;

		p->col_pass(w->dist, nj, nj, lo, w->run_end[u], w->col);
		for (int64_t c = 0; c < nj; c++)
			add_run(p, qj + c, cl, qi + ni, w->col[c]);
	}
}

/* Blocks bi <= bj, of 2 tiles each: gathering a block once for its 4
 * tiles halves the cost of reading scattered rows. Tiles go in row-major
 * order, so each row still receives its contributions in increasing
 * column order (block I's rows from left to right; block J's rows from
 * the tiles of I top to bottom). */
static void pair(const sil_plan *p, sil_work *w, int64_t bi, int64_t bj)
{
	const int64_t d = p->d, bs = p->bs, span = SIL_TILES * bs;
	const int64_t qi = bi * span, qj = bj * span;
	const int64_t ni = p->m - qi < span ? p->m - qi : span;
	const int64_t nj = p->m - qj < span ? p->m - qj : span;
	const double *b = bj != bi ? w->b : w->a;

	gather(p, qi, ni, w->a);
	if (bj != bi)
		gather(p, qj, nj, w->b);
	for (int64_t ri = 0; ri < ni; ri += bs) {
		const int64_t nri = ni - ri < bs ? ni - ri : bs;

		for (int64_t rj = bj == bi ? ri : 0; rj < nj; rj += bs) {
			const int64_t nrj = nj - rj < bs ? nj - rj : bs;

			tile(p, w, w->a + ri * d, qi + ri, nri, b + rj * d, qj + rj, nrj,
				bj == bi && rj == ri);
		}
	}
}

static void work_free(sil_work *w, int n)
{
	if (!w)
		return;
	for (int t = 0; t < n; t++) {
		cseg__aligned_free(w[t].a);
		cseg__aligned_free(w[t].b);
		cseg__aligned_free(w[t].g);
		cseg__aligned_free(w[t].dist);
		free(w[t].part);
		free(w[t].col);
		free(w[t].run_end);
	}
	free(w);
}

static sil_work *work_new(int n, int64_t d, int64_t bs)
{
	sil_work *w = cseg__calloc((size_t)n, sizeof(*w));

	if (!w)
		return NULL;
	for (int t = 0; t < n; t++) {
		w[t].a = cseg__aligned_alloc((size_t)(SIL_TILES * bs * d), sizeof(double));
		w[t].b = cseg__aligned_alloc((size_t)(SIL_TILES * bs * d), sizeof(double));
		w[t].g = cseg__aligned_alloc((size_t)(bs * bs), sizeof(double));
		if (w[t].g)
			memset(w[t].g, 0, (size_t)(bs * bs) * sizeof(double));
		w[t].dist = cseg__aligned_alloc((size_t)(bs * bs), sizeof(double));
		w[t].part = cseg__malloc_array((size_t)bs, sizeof(double));
		w[t].col = cseg__malloc_array((size_t)bs, sizeof(double));
		w[t].run_end = cseg__malloc_array((size_t)bs, sizeof(int64_t));
		if (!w[t].a || !w[t].b || !w[t].g || !w[t].dist || !w[t].part || !w[t].col
		    || !w[t].run_end) {
			work_free(w, t + 1);
			return NULL;
		}
	}
	return w;
}

/* The m-sized arrays of the plan, in one place for allocation and release. */
typedef struct sil_arrays {
	int64_t *spos, *srow, *scode, *seg, *next;
	double *center, *norm, *open, *own, *best;
	char *token; /* one per row block, for task dependences */
} sil_arrays;

static void arrays_free(sil_arrays *a)
{
	free(a->spos);
	free(a->srow);
	free(a->scode);
	free(a->seg);
	free(a->next);
	free(a->center);
	free(a->norm);
	free(a->open);
	free(a->own);
	free(a->best);
	free(a->token);
}

static int arrays_new(sil_arrays *a, int64_t m, int64_t k, int64_t d, int64_t n_blocks)
{
	a->token = cseg__calloc((size_t)n_blocks, 1);
	a->spos = cseg__malloc_array((size_t)m, sizeof(int64_t));
	a->srow = cseg__malloc_array((size_t)m, sizeof(int64_t));
	a->scode = cseg__malloc_array((size_t)m, sizeof(int64_t));
	a->seg = cseg__malloc_array((size_t)k + 1, sizeof(int64_t));
	a->next = cseg__malloc_array((size_t)k, sizeof(int64_t));
	a->center = cseg__calloc((size_t)d, sizeof(double));
	a->norm = cseg__malloc_array((size_t)m, sizeof(double));
	a->open = cseg__calloc((size_t)m, sizeof(double));
	a->own = cseg__calloc((size_t)m, sizeof(double));
	a->best = cseg__malloc_array((size_t)m, sizeof(double));
	return a->spos && a->srow && a->scode && a->seg && a->next && a->center && a->norm
		&& a->open && a->own && a->best && a->token;
}

cseg_status cseg__silhouette_rows(const cseg_dataset *ds, const int64_t *rows,
	const cseg__labels *lab, double *s)
{
	const int64_t m = lab->n, d = ds->n_cols, k = lab->k;
	int64_t bs = SIL_BLOCK, n_blocks;
	sil_arrays a = {0};
	sil_work *work = NULL;
	int n_threads = cseg__threads();

	while (bs > 16 && bs * bs * d > SIL_GEMM_MAX)
		bs /= 2;
	n_blocks = (m + SIL_TILES * bs - 1) / (SIL_TILES * bs);
	/* At most (n_blocks + 1) / 2 pairs are ever ready at once. */
	if (n_threads > (n_blocks + 1) / 2)
		n_threads = (int)((n_blocks + 1) / 2);
	if (n_threads < 1)
		n_threads = 1;
	if (arrays_new(&a, m, k, d, n_blocks))
		work = work_new(n_threads, d, bs);
	if (!work) {
		arrays_free(&a);
		return cseg__error(CSEG_E_NOMEM, "no memory for the silhouette of %lld rows",
			(long long)m);
	}

	/* Stable counting sort of positions by segment. */
	a.seg[0] = 0;
	for (int64_t c = 0; c < k; c++) {
		a.seg[c + 1] = a.seg[c] + lab->count[c];
		a.next[c] = a.seg[c];
	}
	for (int64_t pos = 0; pos < m; pos++) {
		const int64_t q = a.next[lab->code[pos]]++;

		a.spos[q] = pos;
		a.srow[q] = rows ? rows[pos] : pos;
		a.scode[q] = lab->code[pos];
	}

	/* Centring shrinks |x|^2 + |y|^2, and so the GEMM form's cancellation. */
	for (int64_t pos = 0; pos < m; pos++) {
		const double *x = cseg__row(ds, rows ? rows[pos] : pos);

		for (int64_t j = 0; j < d; j++)
			a.center[j] += x[j];
	}
	for (int64_t j = 0; j < d; j++)
		a.center[j] /= (double)m;
	for (int64_t q = 0; q < m; q++) {
		const double *x = cseg__row(ds, a.srow[q]);
		double acc = 0.0;

		for (int64_t j = 0; j < d; j++) {
			const double v = x[j] - a.center[j];

			acc += v * v;
		}
		a.norm[q] = acc;
		a.best[q] = INFINITY;
	}

	{
		sil_plan plan = {ds, m, d, bs, n_blocks, a.spos, a.srow, a.scode, a.seg,
			lab->count, a.center, a.norm, a.open, a.own, a.best, NULL, NULL};
		char *token = a.token;

		(void)token; /* used only by the depend clauses */
		pick_kernels(&plan.row_pass, &plan.col_pass);

#ifdef _OPENMP
		/* Tasks in anti-diagonal order with a dependence per row block:
		 * each block sees its pairs in increasing partner order, and a
		 * pair waits only for the two blocks it touches (no barriers,
		 * which stall when a thread is descheduled). */
#pragma omp parallel num_threads(n_threads)
#pragma omp master
		for (int64_t diag = 0; diag <= 2 * (n_blocks - 1); diag++) {
			const int64_t lo = diag - (n_blocks - 1) > 0 ? diag - (n_blocks - 1) : 0;

			for (int64_t bi = lo; bi <= diag / 2; bi++) {
				const int64_t bj = diag - bi;

				if (bi == bj) {
#pragma omp task depend(inout: token[bi]) firstprivate(bi)
					pair(&plan, &work[omp_get_thread_num()], bi, bi);
				} else {
#pragma omp task depend(inout: token[bi], token[bj]) firstprivate(bi, bj)
					pair(&plan, &work[omp_get_thread_num()], bi, bj);
				}
			}
		}
#else
		for (int64_t diag = 0; diag <= 2 * (n_blocks - 1); diag++) {
			const int64_t lo = diag - (n_blocks - 1) > 0 ? diag - (n_blocks - 1) : 0;

			for (int64_t bi = lo; bi <= diag / 2; bi++)
				pair(&plan, &work[0], bi, diag - bi);
		}
#endif
	}

	for (int64_t q = 0; q < m; q++) {
		const int64_t size = lab->count[a.scode[q]];
		double v = 0.0;

		/* sklearn: 0 for a singleton's member, and 0/0 (a = b = 0) is 0. */
		if (size > 1) {
			const double ai = a.own[q] / (double)(size - 1);
			const double bi = a.best[q];
			const double den = ai > bi ? ai : bi;

			if (den > 0.0)
				v = (bi - ai) / den;
		}
		s[a.spos[q]] = v;
	}
	work_free(work, n_threads);
	arrays_free(&a);
	return CSEG_OK;
}
