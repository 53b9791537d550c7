/* Silhouette coefficients of every row, computed block by block.
 *
 * Rows are sorted by segment so that each segment is a contiguous run of
 * columns: a row's distances to a segment are then summed as one run, and a
 * segment's mean is final as soon as its run ends, so the only per-row state
 * is three numbers (open run sum, own-segment sum, best other mean) and the
 * memory is O(m + k) plus fixed per-thread buffers, never m x m.
 *
 * Distances come from |x|^2 + |y|^2 - 2 x.y with the products computed by
 * dgemm on centred rows. Where that form cancels (|x - y|^2 small beside
 * |x|^2 + |y|^2, e.g. duplicates and the diagonal) the distance is
 * recomputed from the differences of the original values, so d(i, i) = 0
 * exactly and near-duplicates keep their digits. */
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

/* Rows per block and columns per tile depend on d only, never on the
 * thread count, so each row's sums are accumulated in one fixed order. */
#define SIL_BLOCK 64
#define SIL_TILE 512
/* Keep block x tile x d at or under OpenBLAS's single-thread GEMM size
 * (65536 x 4): the OpenMP loop over blocks already occupies the cores. */
#define SIL_GEMM_MAX 262144
/* Relative error of the GEMM form is about d * eps * (|x|^2 + |y|^2) /
 * |x - y|^2; below this ratio the distance is recomputed directly, which
 * bounds the error of every distance far below 1e-9 of the means. */
#define SIL_TAU 1e-4

typedef struct sil_plan {
	const cseg_dataset *ds;
	int64_t m, d, tile;
	const int64_t *spos;   /* caller's position of each sorted position */
	const int64_t *srow;   /* dataset row of each sorted position */
	const int64_t *scode;  /* segment of each sorted position */
	const int64_t *seg;    /* k + 1 run starts in sorted order */
	const int64_t *count;  /* k segment sizes */
	const double *center;  /* d column means of the rows used */
	const double *norm;    /* m squared norms of the centred rows, sorted order */
	double *s;             /* output, by caller's position */
} sil_plan;

typedef struct sil_work {
	double *a;     /* SIL_BLOCK x d centred block rows */
	double *b;     /* tile x d centred tile rows */
	double *g;     /* SIL_BLOCK x tile products, then squared distances */
	double *open;  /* SIL_BLOCK sums over the run still open at a tile end */
	double *own;   /* SIL_BLOCK sums over the row's own segment */
	double *best;  /* SIL_BLOCK smallest mean distance to another segment */
} sil_work;

static void gather(const sil_plan *p, int64_t q0, int64_t nq, double *dst)
{
	const int64_t d = p->d;

	for (int64_t r = 0; r < nq; r++) {
		const double *x = cseg__row(p->ds, p->srow[q0 + r]);

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
		double diff = x[j] - y[j];

		acc += diff * diff;
	}
	return acc;
}

/* Sum of sqrt(max(x, 0)) over a run, in four interleaved partial sums
 * (a fixed order, and one the compiler can vectorise). */
static double run_sum(const double *x, int64_t n)
{
	double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
	int64_t i = 0;

	for (; i + 4 <= n; i += 4) {
		s0 += sqrt(x[i] > 0.0 ? x[i] : 0.0);
		s1 += sqrt(x[i + 1] > 0.0 ? x[i + 1] : 0.0);
		s2 += sqrt(x[i + 2] > 0.0 ? x[i + 2] : 0.0);
		s3 += sqrt(x[i + 3] > 0.0 ? x[i + 3] : 0.0);
	}
	for (; i < n; i++)
		s0 += sqrt(x[i] > 0.0 ? x[i] : 0.0);
	return (s0 + s1) + (s2 + s3);
}

/* Squared distances of block row q to tile columns t0..t0+nt-1, in place. */
static void row_d2(const sil_plan *p, int64_t q, int64_t t0, int64_t nt, double *gr)
{
	const double na = p->norm[q];
	const double *nb = p->norm + t0;
	int low = 0;

	for (int64_t c = 0; c < nt; c++) {
		double s = na + nb[c];
		double d2 = s - 2.0 * gr[c];

		low |= d2 < SIL_TAU * s;
		gr[c] = d2;
	}
	if (!low)
		return;
	for (int64_t c = 0; c < nt; c++) {
		double s = na + nb[c];

		if (gr[c] < SIL_TAU * s)
			gr[c] = direct_d2(p, q, t0 + c);
	}
}

static void finish_run(const sil_plan *p, sil_work *w, int64_t r, int64_t own, int64_t cl,
	double total)
{
	if (cl == own) {
		w->own[r] = total;
	} else {
		double mean = total / (double)p->count[cl];

		if (mean < w->best[r])
			w->best[r] = mean;
	}
}

static void block(const sil_plan *p, sil_work *w, int64_t q0)
{
	const int64_t d = p->d, m = p->m;
	const int64_t nq = m - q0 < SIL_BLOCK ? m - q0 : SIL_BLOCK;

	gather(p, q0, nq, w->a);
	for (int64_t r = 0; r < nq; r++) {
		w->open[r] = 0.0;
		w->own[r] = 0.0;
		w->best[r] = INFINITY;
	}
	for (int64_t t0 = 0; t0 < m; t0 += p->tile) {
		const int64_t t1 = m - t0 < p->tile ? m : t0 + p->tile;
		const int64_t nt = t1 - t0;

		gather(p, t0, nt, w->b);
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nq, (int)nt, (int)d,
			1.0, w->a, (int)d, w->b, (int)d, 0.0, w->g, (int)nt);
		for (int64_t r = 0; r < nq; r++) {
			double *gr = w->g + r * nt;
			const int64_t own = p->scode[q0 + r];
			int64_t cl = p->scode[t0], c = 0;

			row_d2(p, q0 + r, t0, nt, gr);
			while (c < nt) {
				const int64_t stop = p->seg[cl + 1];
				const int64_t end = (stop < t1 ? stop : t1) - t0;
				const double part = run_sum(gr + c, end - c);

				if (stop <= t1) {
					finish_run(p, w, r, own, cl, w->open[r] + part);
					w->open[r] = 0.0;
					cl++;
				} else {
					w->open[r] += part;
				}
				c = end;
			}
		}
	}
	for (int64_t r = 0; r < nq; r++) {
		const int64_t q = q0 + r;
		const int64_t size = p->count[p->scode[q]];
		double s = 0.0;

		/* sklearn: 0 for a singleton's member, and 0/0 (a = b = 0) is 0. */
		if (size > 1) {
			const double a = w->own[r] / (double)(size - 1);
			const double b = w->best[r];
			const double den = a > b ? a : b;

			if (den > 0.0)
				s = (b - a) / den;
		}
		p->s[p->spos[q]] = s;
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
		free(w[t].open);
		free(w[t].own);
		free(w[t].best);
	}
	free(w);
}

static sil_work *work_new(int n, int64_t d, int64_t tile)
{
	sil_work *w = cseg__calloc((size_t)n, sizeof(*w));

	if (!w)
		return NULL;
	for (int t = 0; t < n; t++) {
		w[t].a = cseg__aligned_alloc((size_t)(SIL_BLOCK * d), sizeof(double));
		w[t].b = cseg__aligned_alloc((size_t)(tile * d), sizeof(double));
		w[t].g = cseg__aligned_alloc((size_t)(SIL_BLOCK * tile), sizeof(double));
		w[t].open = cseg__malloc_array(SIL_BLOCK, sizeof(double));
		w[t].own = cseg__malloc_array(SIL_BLOCK, sizeof(double));
		w[t].best = cseg__malloc_array(SIL_BLOCK, sizeof(double));
		if (!w[t].a || !w[t].b || !w[t].g || !w[t].open || !w[t].own || !w[t].best) {
			work_free(w, t + 1);
			return NULL;
		}
	}
	return w;
}

cseg_status cseg__silhouette_rows(const cseg_dataset *ds, const int64_t *rows,
	const cseg__labels *lab, double *s)
{
	const int64_t m = lab->n, d = ds->n_cols, k = lab->k;
	const int64_t n_blocks = (m + SIL_BLOCK - 1) / SIL_BLOCK;
	int64_t tile = SIL_TILE;
	int64_t *spos, *srow, *scode, *seg, *next;
	double *center, *norm;
	sil_work *work = NULL;
	int n_threads = cseg__threads();
	cseg_status st = CSEG_OK;

	while (tile > 8 && SIL_BLOCK * tile * d > SIL_GEMM_MAX)
		tile /= 2;
	if (n_threads > n_blocks)
		n_threads = (int)n_blocks;
	if (n_threads < 1)
		n_threads = 1;

	spos = cseg__malloc_array((size_t)m, sizeof(*spos));
	srow = cseg__malloc_array((size_t)m, sizeof(*srow));
	scode = cseg__malloc_array((size_t)m, sizeof(*scode));
	seg = cseg__malloc_array((size_t)k + 1, sizeof(*seg));
	next = cseg__malloc_array((size_t)k, sizeof(*next));
	center = cseg__calloc((size_t)d, sizeof(*center));
	norm = cseg__malloc_array((size_t)m, sizeof(*norm));
	if (spos && srow && scode && seg && next && center && norm)
		work = work_new(n_threads, d, tile);
	if (!work) {
		st = cseg__error(CSEG_E_NOMEM, "no memory for the silhouette of %lld rows",
			(long long)m);
		goto done;
	}

	/* Stable counting sort of positions by segment. */
	seg[0] = 0;
	for (int64_t c = 0; c < k; c++) {
		seg[c + 1] = seg[c] + lab->count[c];
		next[c] = seg[c];
	}
	for (int64_t pos = 0; pos < m; pos++) {
		const int64_t q = next[lab->code[pos]]++;

		spos[q] = pos;
		srow[q] = rows ? rows[pos] : pos;
		scode[q] = lab->code[pos];
	}

	/* Centring shrinks |x|^2 + |y|^2 and so the cancellation in the GEMM form. */
	for (int64_t pos = 0; pos < m; pos++) {
		const double *x = cseg__row(ds, rows ? rows[pos] : pos);

		for (int64_t j = 0; j < d; j++)
			center[j] += x[j];
	}
	for (int64_t j = 0; j < d; j++)
		center[j] /= (double)m;
	for (int64_t q = 0; q < m; q++) {
		const double *x = cseg__row(ds, srow[q]);
		double acc = 0.0;

		for (int64_t j = 0; j < d; j++) {
			const double v = x[j] - center[j];

			acc += v * v;
		}
		norm[q] = acc;
	}

	{
		const sil_plan plan = {ds, m, d, tile, spos, srow, scode, seg, lab->count,
			center, norm, s};

#ifdef _OPENMP
#pragma omp parallel for num_threads(n_threads) schedule(dynamic, 1)
#endif
		for (int64_t b = 0; b < n_blocks; b++) {
#ifdef _OPENMP
			sil_work *w = &work[omp_get_thread_num()];
#else
			sil_work *w = &work[0];
#endif
			block(&plan, w, b * SIL_BLOCK);
		}
	}

done:
	work_free(work, n_threads);
	free(spos);
	free(srow);
	free(scode);
	free(seg);
	free(next);
	free(center);
	free(norm);
	return st;
}
