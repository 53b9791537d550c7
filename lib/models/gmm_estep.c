/* The E-step over cache-sized row blocks. For each component the block's
 * differences D = X - mu_k are formed once; full and tied covariances take
 * (X - mu_k) A_k by one GEMM (A_k the precision factor), so the squared
 * Mahalanobis distances are row norms. The same D serves the M-step
 * statistics (a dgemm D^T diag(w r) D per component), so one pass over the
 * data does a whole EM iteration. Chunks of blocks are reduced in order:
 * the result does not depend on the number of threads. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>

#include "../core/core.h"
#include "gmm_internal.h"
#include "kmeans_internal.h" /* cseg__km_blas_enter/leave */

/* The row kernels are built twice, for AVX2 + FMA and for the baseline,
 * and the loader picks one per machine (one path per machine, so results
 * stay independent of the number of threads). */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define KERNEL
#endif

#define LOG_2PI 1.8378770664093454835606594728112
/* exp(x) is 0 in double precision below this. */
#define EXP_UNDERFLOW -745.2
/* Scratch per thread (D for every component, Y, log-probabilities,
 * distances, weighted rows) within ~512 KiB. */
#define SCRATCH_DOUBLES 65536
#define BLOCK_MIN 8
#define BLOCK_MAX 256
#define CHUNKS_MAX 64
#define PARTIAL_BYTES (32u << 20)
/* Below this many flops per pass, threads cost more than they save. */
#define SERIAL_WORK 200000.0

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t block_rows(int64_t n, int64_t k, int64_t d)
{
	int64_t b = SCRATCH_DOUBLES / max64(1, k * d + 3 * d + 2 * k);

	b = min64(max64(b, BLOCK_MIN), BLOCK_MAX);
	return min64(b, max64(n, 1));
}

static int64_t scratch_stride(int64_t b, int64_t k, int64_t d)
{
	int64_t s = b * (k * d + 2 * d + 2 * k) + 2 * k + k * d * d + k * d + d;

	return (s + 7) & ~(int64_t)7; /* whole cache lines per thread */
}

static int pass_threads(int64_t n, int64_t k, int64_t d)
{
	return (double)n * (double)k * (double)(d * d + d) < SERIAL_WORK ? 1 : cseg__threads();
}

cseg_status cseg__gmm_ctx_init(cseg__gmm_ctx *c, const cseg_dataset *ds, const double *w,
	int64_t k, int cov)
{
	int64_t n_blocks, per_chunk, max_chunks;

	memset(c, 0, sizeof(*c));
	c->x = ds->data;
	c->w = w;
	c->n = ds->n_rows;
	c->d = ds->n_cols;
	c->k = k;
	c->cov = cov;
	c->block = block_rows(c->n, k, c->d);
	c->n_threads = pass_threads(c->n, k, c->d);
	if (c->n_threads < 1)
		c->n_threads = 1;
	c->part_stride = cseg__gmm_acc_size(cov, k, c->d);
	n_blocks = (c->n + c->block - 1) / c->block;
	max_chunks = (int64_t)(PARTIAL_BYTES / (sizeof(double) * (size_t)c->part_stride));
	max_chunks = min64(max64(max_chunks, 1), CHUNKS_MAX);
	per_chunk = (n_blocks + max_chunks - 1) / max_chunks;
	c->chunk = per_chunk * c->block;
	c->n_chunks = (c->n + c->chunk - 1) / c->chunk;
	c->scratch_stride = scratch_stride(c->block, k, c->d);
	c->scratch = cseg__aligned_alloc((size_t)c->n_threads * (size_t)c->scratch_stride, sizeof(double));
	c->part = cseg__malloc_array((size_t)c->n_chunks * (size_t)c->part_stride, sizeof(double));
	if (!c->scratch || !c->part) {
		cseg__gmm_ctx_free(c);
		return cseg__error(CSEG_E_NOMEM, "out of memory for the mixture's work buffers");
	}
	if (w) {
		for (int64_t i = 0; i < c->n; i++)
			c->sum_w += w[i];
	} else {
		c->sum_w = (double)c->n;
	}
	return CSEG_OK;
}

void cseg__gmm_ctx_free(cseg__gmm_ctx *c)
{
	cseg__aligned_free(c->scratch);
	free(c->part);
	memset(c, 0, sizeof(*c));
}

/* Per-component constants: log w_c + log det A_c - d/2 log(2 pi). */
static void component_consts(const cseg__gmm *g, double *cst)
{
	for (int64_t c = 0; c < g->k; c++)
		cst[c] = log(g->weights[c]) + cseg__gmm_log_det(g, c) - 0.5 * (double)g->d * LOG_2PI;
}

typedef struct scratch {
	double *D, *Y, *lp, *maha, *rd, *cst;
	double *acat, *off, *centre; /* full and tied, see full_consts */
} scratch;

static scratch scratch_of(double *base, int64_t b, int64_t k, int64_t d)
{
	scratch s;

	s.D = base;
	s.Y = s.D + b * k * d;
	s.rd = s.Y + b * d;
	s.lp = s.rd + b * d;
	s.maha = s.lp + b * k;
	s.cst = s.maha + b * k;
	s.acat = s.cst + 2 * k;
	s.off = s.acat + k * d * d;
	s.centre = s.off + k * d;
	return s;
}

/* D[c] = X - shift_c for nb rows; nb x d per component. */
KERNEL static void differences(const double *x, int64_t nb, int64_t d, int64_t k,
	const double *shift, double *D)
{
	for (int64_t c = 0; c < k; c++) {
		const double *s = shift + c * d;
		double *Dc = D + c * nb * d;
		for (int64_t i = 0; i < nb; i++) {
			const double *xi = x + i * d;
			double *di = Dc + i * d;
			#pragma omp simd
			for (int64_t j = 0; j < d; j++)
				di[j] = xi[j] - s[j];
		}
	}
}

/* Diagonal and spherical: sum_j ((x_j - mu_j) a_j)^2 straight from the rows. */
KERNEL static void maha_diag(const cseg__gmm *g, const double *x, int64_t nb, double *maha)
{
	const int64_t k = g->k, d = g->d;
	const int diag = g->cov == CSEG_GMM_DIAG;

	for (int64_t i = 0; i < nb; i++) {
		const double *xi = x + i * d;
		for (int64_t c = 0; c < k; c++) {
			const double *mu = g->means + c * d;
			const double *a = diag ? g->pchol + c * d : NULL;
			double s = 0;
			if (diag) {
				#pragma omp simd reduction(+:s)
				for (int64_t j = 0; j < d; j++) {
					double y = (xi[j] - mu[j]) * a[j];
					s += y * y;
				}
				maha[i * k + c] = s;
			} else {
				#pragma omp simd reduction(+:s)
				for (int64_t j = 0; j < d; j++)
					s += (xi[j] - mu[j]) * (xi[j] - mu[j]);
				maha[i * k + c] = s * g->pchol[c] * g->pchol[c];
			}
		}
	}
}

/* Full and tied: (x - mu_c) A_c = (x - m) A_c - (mu_c - m) A_c, with m the
 * mixture's mean, so one GEMM of the centred block against every factor
 * side by side, acat = [A_1 ... A_k] (d x k d; tied: A alone), serves all
 * components; off = (mu_c - m) A_c. Centring on m keeps the cancellation
 * small (sklearn subtracts mu_c A_c from x A_c uncentred). */
static void full_consts(const cseg__gmm *g, double *acat, double *off, double *m)
{
	const int64_t k = g->k, d = g->d, nc = g->cov == CSEG_GMM_TIED ? d : k * d;

	memset(m, 0, (size_t)d * sizeof(double));
	for (int64_t c = 0; c < k; c++)
		for (int64_t j = 0; j < d; j++)
			m[j] += g->weights[c] * g->means[c * d + j];
	for (int64_t c = 0; c < k; c++) {
		const double *a = cseg__gmm_pchol_of(g, c), *mu = g->means + c * d;
		if (g->cov == CSEG_GMM_FULL || c == 0)
			for (int64_t r = 0; r < d; r++)
				memcpy(acat + r * nc + (g->cov == CSEG_GMM_FULL ? c * d : 0), a + r * d,
					(size_t)d * sizeof(double));
		for (int64_t j = 0; j < d; j++) {
			double t = 0;
			for (int64_t r = 0; r < d; r++)
				t += (mu[r] - m[r]) * a[r * d + j];
			off[c * d + j] = t;
		}
	}
}

KERNEL static void centre_rows(const double *x, int64_t nb, int64_t d, const double *m, double *xc)
{
	for (int64_t i = 0; i < nb; i++) {
		#pragma omp simd
		for (int64_t j = 0; j < d; j++)
			xc[i * d + j] = x[i * d + j] - m[j];
	}
}

KERNEL static void maha_from_products(const double *Y, int64_t nb, int64_t k, int64_t d,
	int64_t nc, int tied, const double *off, double *maha)
{
	for (int64_t i = 0; i < nb; i++) {
		for (int64_t c = 0; c < k; c++) {
			const double *y = Y + i * nc + (tied ? 0 : c * d), *o = off + c * d;
			double s = 0;
			#pragma omp simd reduction(+:s)
			for (int64_t j = 0; j < d; j++)
				s += (y[j] - o[j]) * (y[j] - o[j]);
			maha[i * k + c] = s;
		}
	}
}

/* Squared Mahalanobis distances maha (nb x k) of the rows x to g's
 * components; full and tied need full_consts in s and use s->rd, s->D. */
static void block_maha(const cseg__gmm *g, const double *x, int64_t nb, const scratch *s,
	double *maha)
{
	const int64_t k = g->k, d = g->d;
	const int tied = g->cov == CSEG_GMM_TIED;
	const int64_t nc = tied ? d : k * d;

	if (g->cov != CSEG_GMM_FULL && !tied) {
		maha_diag(g, x, nb, maha);
		return;
	}
	centre_rows(x, nb, d, s->centre, s->rd);
	/* A GEMM rather than dtrmm: the factors' other triangles hold zeros,
	 * and OpenBLAS threads dtrmm even for small blocks but keeps a GEMM of
	 * this size on the calling thread. */
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nb, (int)nc, (int)d,
		1.0, s->rd, (int)d, s->acat, (int)nc, 0.0, s->D, (int)nc);
	maha_from_products(s->D, nb, k, d, nc, tied, s->off, maha);
}

/* Log-sum-exp of one row of weighted log-probabilities lp (k), turned into
 * posteriors in place; returns log p(x). A row at -inf under every
 * component (a distance beyond double range) goes wholly to the component
 * of smallest scaled distance, and its log-likelihood is -inf. */
static double row_posterior(const cseg__gmm *g, const double *x, double *lp)
{
	const int64_t k = g->k;
	double mx = -HUGE_VAL, s = 0, lpn;

	for (int64_t c = 0; c < k; c++)
		if (lp[c] > mx)
			mx = lp[c];
	if (mx == -HUGE_VAL) {
		int64_t best = 0;
		double bl = HUGE_VAL;
		for (int64_t c = 0; c < k; c++) {
			double l = g->weights[c] > 0 ? cseg__gmm_log_maha(g, c, x) : HUGE_VAL;
			if (l < bl)
				bl = l, best = c;
		}
		for (int64_t c = 0; c < k; c++)
			lp[c] = c == best ? 1.0 : 0.0;
		return -HUGE_VAL;
	}
	for (int64_t c = 0; c < k; c++) {
		double t = lp[c] - mx;
		s += (lp[c] = t < EXP_UNDERFLOW ? 0.0 : exp(t));
	}
	lpn = mx + log(s);
	/* Divide rather than take exp(lp - lpn): where |mx| dwarfs log(s)
	 * (far rows), lpn == mx and the posteriors would not sum to one. */
	for (int64_t c = 0; c < k; c++)
		lp[c] /= s;
	return lpn;
}

/* Weighted log-probabilities lp (nb x k) = cst_c - maha / 2. */
static void log_probs(const cseg__gmm *g, const double *maha, int64_t nb, const double *cst,
	double *lp)
{
	const int64_t k = g->k;

	for (int64_t i = 0; i < nb; i++)
		for (int64_t c = 0; c < k; c++)
			lp[i * k + c] = cst[c] - 0.5 * maha[i * k + c];
}

/* M-step statistics of a block, full and tied: per component the
 * weighted differences RD = (w r) D, then ss += RD^T D by one GEMM. */
KERNEL static void accumulate_full(int64_t nb, int64_t k, int64_t d, const double *wb,
	const double *R, const double *D, double *rd, cseg__gmm_acc *a)
{
	for (int64_t c = 0; c < k; c++) {
		const double *Dc = D + c * nb * d;
		double *sx = a->sx + c * d, nkc = 0;
		for (int64_t i = 0; i < nb; i++) {
			double rw = R[i * k + c] * (wb ? wb[i] : 1.0);
			const double *di = Dc + i * d;
			double *ri = rd + i * d;
			nkc += rw;
			#pragma omp simd
			for (int64_t j = 0; j < d; j++) {
				ri[j] = rw * di[j];
				sx[j] += ri[j];
			}
		}
		a->nk[c] += nkc;
		cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)d, (int)nb,
			1.0, rd, (int)d, Dc, (int)d, 1.0, a->ss + c * d * d, (int)d);
	}
}

/* Diagonal and spherical: the squared differences only, row by row,
 * skipping components a row has no weight in. */
KERNEL static void accumulate_diag(const double *xb, int64_t nb, int64_t k, int64_t d,
	const double *wb, const double *R, const double *shift, cseg__gmm_acc *a)
{
	for (int64_t i = 0; i < nb; i++) {
		const double *xi = xb + i * d;
		double w = wb ? wb[i] : 1.0;
		for (int64_t c = 0; c < k; c++) {
			double rw = R[i * k + c] * w;
			const double *sc = shift + c * d;
			double *sx = a->sx + c * d, *ss = a->ss + c * d;
			if (rw == 0)
				continue;
			a->nk[c] += rw;
			#pragma omp simd
			for (int64_t j = 0; j < d; j++) {
				double t = xi[j] - sc[j];
				sx[j] += rw * t;
				ss[j] += rw * t * t;
			}
		}
	}
}

void cseg__gmm_pass(cseg__gmm_ctx *ctx, const cseg__gmm *g, const double *resp,
	const double *shift, cseg__gmm_acc *acc)
{
	const int64_t k = ctx->k, d = ctx->d, b = ctx->block;
	const int full = ctx->cov == CSEG_GMM_FULL || ctx->cov == CSEG_GMM_TIED;

	cseg__km_blas_enter(b, d, d);
	#pragma omp parallel for num_threads(ctx->n_threads) schedule(dynamic, 1)
	for (int64_t ch = 0; ch < ctx->n_chunks; ch++) {
		scratch s = scratch_of(ctx->scratch + (size_t)CSEG__GMM_TID() * (size_t)ctx->scratch_stride,
			b, k, d);
		cseg__gmm_acc a;
		int64_t r1 = min64((ch + 1) * ctx->chunk, ctx->n);

		cseg__gmm_acc_bind(&a, ctx->part + ch * ctx->part_stride, ctx->cov, k, d);
		memset(a.buf, 0, (size_t)a.size * sizeof(double));
		if (!resp) {
			component_consts(g, s.cst);
			if (full)
				full_consts(g, s.acat, s.off, s.centre);
		}
		for (int64_t r0 = ch * ctx->chunk; r0 < r1; r0 += b) {
			int64_t nb = min64(b, r1 - r0);
			const double *xb = ctx->x + r0 * d, *wb = ctx->w ? ctx->w + r0 : NULL, *R;

			if (!resp) {
				block_maha(g, xb, nb, &s, s.maha);
				log_probs(g, s.maha, nb, s.cst, s.lp);
				for (int64_t i = 0; i < nb; i++) {
					double w = wb ? wb[i] : 1.0;
					double lpn = row_posterior(g, xb + i * d, s.lp + i * k);
					if (w != 0)
						*a.ll += w * lpn;
				}
				R = s.lp;
			} else {
				R = resp + r0 * k;
			}
			if (full)
				differences(xb, nb, d, k, shift, s.D);
			if (full)
				accumulate_full(nb, k, d, wb, R, s.D, s.rd, &a);
			else
				accumulate_diag(xb, nb, k, d, wb, R, shift, &a);
		}
	}
	cseg__km_blas_leave(b, d, d);
	/* Ordered reduction over chunks. */
	memcpy(acc->buf, ctx->part, (size_t)acc->size * sizeof(double));
	for (int64_t ch = 1; ch < ctx->n_chunks; ch++) {
		const double *p = ctx->part + ch * ctx->part_stride;
		for (int64_t i = 0; i < acc->size; i++)
			acc->buf[i] += p[i];
	}
}

cseg_status cseg__gmm_eval(const cseg__gmm *g, const double *x, int64_t n, cseg__gmm_rows *o)
{
	const int64_t k = g->k, d = g->d, b = block_rows(n, k, d);
	const int64_t stride = scratch_stride(b, k, d), n_blocks = (n + b - 1) / b;
	int nt = pass_threads(n, k, d);
	double *buf;

	if (nt < 1)
		nt = 1;
	if (nt > n_blocks)
		nt = (int)max64(n_blocks, 1);
	buf = cseg__aligned_alloc((size_t)nt * (size_t)stride, sizeof(double));
	if (!buf)
		return cseg__error(CSEG_E_NOMEM, "out of memory evaluating the mixture");
	cseg__km_blas_enter(b, d, d);
	#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
	for (int64_t blk = 0; blk < n_blocks; blk++) {
		scratch s = scratch_of(buf + (size_t)CSEG__GMM_TID() * (size_t)stride, b, k, d);
		int64_t r0 = blk * b, nb = min64(b, n - r0);
		const double *xb = x + r0 * d;

		component_consts(g, s.cst);
		if (g->cov == CSEG_GMM_FULL || g->cov == CSEG_GMM_TIED)
			full_consts(g, s.acat, s.off, s.centre);
		block_maha(g, xb, nb, &s, s.maha);
		log_probs(g, s.maha, nb, s.cst, s.lp);
		for (int64_t i = 0; i < nb; i++) {
			int64_t r = r0 + i, c1 = -1, c2 = -1;
			double *lp = s.lp + i * k, l1 = -HUGE_VAL, l2 = -HUGE_VAL, lpn;

			/* Top two by log-probability before normalising (exact margins). */
			for (int64_t c = 0; c < k; c++) {
				if (c1 < 0 || lp[c] > l1) {
					c2 = c1, l2 = l1;
					c1 = c, l1 = lp[c];
				} else if (c2 < 0 || lp[c] > l2) {
					c2 = c, l2 = lp[c];
				}
			}
			lpn = row_posterior(g, xb + i * d, lp);
			if (lpn == -HUGE_VAL) {
				/* Far row: rank by scaled distance instead. */
				double b1 = HUGE_VAL, b2 = HUGE_VAL;
				c1 = c2 = -1;
				for (int64_t c = 0; c < k; c++) {
					double l = g->weights[c] > 0 ? cseg__gmm_log_maha(g, c, xb + i * d) : HUGE_VAL;
					if (c1 < 0 || l < b1) {
						c2 = c1, b2 = b1;
						c1 = c, b1 = l;
					} else if (c2 < 0 || l < b2) {
						c2 = c, b2 = l;
					}
				}
				for (int64_t c = 0; c < k; c++)
					lp[c] = c == c1 ? 1.0 : 0.0;
				l1 = 0, l2 = -HUGE_VAL;
			}
			if (o->resp)
				memcpy(o->resp + r * k, lp, (size_t)k * sizeof(double));
			if (o->lpn)
				o->lpn[r] = lpn;
			if (o->label)
				o->label[r] = c1;
			if (o->second)
				o->second[r] = k > 1 ? c2 : -1;
			if (o->conf) {
				double p = lp[c1];
				o->conf[r] = p > 1.0 ? 1.0 : p;
			}
			if (o->margin)
				o->margin[r] = k > 1 ? l1 - l2 : 0.0;
			if (o->dist) {
				double m = s.maha[i * k + c1];
				o->dist[r] = isfinite(m) ? sqrt(m) : exp(0.5 * cseg__gmm_log_maha(g, c1, xb + i * d));
			}
		}
	}
	cseg__km_blas_leave(b, d, d);
	cseg__aligned_free(buf);
	return CSEG_OK;
}
