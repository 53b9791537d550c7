/* Blocks, chunks, scratch, the GEMM distance kernel and the ordered
 * reduction shared by every k-means pass. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>

#include "kmeans_internal.h"

/* OpenBLAS runs a GEMM on one thread when m * n * k <= 65536 * 4
 * (SMP_THRESHOLD_MIN * GEMM_MULTITHREAD_THRESHOLD in interface/gemm.c).
 * Blocks are sized to stay under it, so the common case never touches
 * OpenBLAS's global thread setting (which the caller, e.g. numpy in the same
 * process, may rely on). */
#define BLAS_SERIAL_MNK 262144
/* Scratch per thread (xb, xn, dist) kept within ~256 KiB, the L2 of small cores. */
#define SCRATCH_DOUBLES 32768
#define BLOCK_MIN 16
#define BLOCK_MAX 4096
/* At most this many chunks, and their partials within ~32 MiB. */
#define CHUNKS_MAX 256
#define PARTIAL_BYTES (32u << 20)

/* Weak, so another BLAS without these entry points still links. */
extern void openblas_set_num_threads(int) __attribute__((weak));
extern int openblas_get_num_threads(void) __attribute__((weak));

static pthread_mutex_t blas_lock = PTHREAD_MUTEX_INITIALIZER;
static int blas_users;
static int blas_saved;

static int blas_needs_guard(int64_t block, int64_t m, int64_t d)
{
	return (double)block * (double)m * (double)d > BLAS_SERIAL_MNK &&
		openblas_set_num_threads && openblas_get_num_threads;
}

void cseg__km_blas_enter(int64_t block, int64_t m, int64_t d)
{
	if (!blas_needs_guard(block, m, d))
		return;
	pthread_mutex_lock(&blas_lock);
	if (blas_users++ == 0) {
		blas_saved = openblas_get_num_threads();
		openblas_set_num_threads(1);
	}
	pthread_mutex_unlock(&blas_lock);
}

void cseg__km_blas_leave(int64_t block, int64_t m, int64_t d)
{
	if (!blas_needs_guard(block, m, d))
		return;
	pthread_mutex_lock(&blas_lock);
	if (--blas_users == 0)
		openblas_set_num_threads(blas_saved);
	pthread_mutex_unlock(&blas_lock);
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

void cseg__km_cross_t(const double *x, int64_t nb, const double *c, int64_t m, int64_t d, double *out)
{
	if (nb <= 0)
		return;
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)nb, (int)d,
		-2.0, c, (int)d, x, (int)d, 0.0, out, (int)nb);
}

void cseg__km_offsets(const cseg__km *km, const double *c, int64_t m, double *off)
{
	for (int64_t j = 0; j < m; j++) {
		double s = 0.0, t = 0.0;

		for (int64_t f = 0; f < km->d; f++) {
			s += c[j * km->d + f] * c[j * km->d + f];
			t += km->mean[f] * c[j * km->d + f];
		}
		off[j] = s + 2.0 * t;
	}
}

void cseg__km_norms(const double *c, int64_t m, int64_t d, double *out)
{
	for (int64_t j = 0; j < m; j++) {
		double s = 0.0;

		for (int64_t f = 0; f < d; f++)
			s += c[j * d + f] * c[j * d + f];
		out[j] = s;
	}
}

void cseg__km_reduce(const cseg__km *km, int64_t cols, double *out)
{
	const int64_t nc = km->n_chunks, stride = km->part_stride;
	const double *part = km->part;

	#pragma omp parallel for num_threads(km->n_threads) if (cols * nc > (1 << 20)) schedule(static)
	for (int64_t j = 0; j < cols; j++) {
		double s = out[j];

		for (int64_t c = 0; c < nc; c++)
			s += part[c * stride + j];
		out[j] = s;
	}
}

/* Column means, then the mean of the column variances (two passes, as
 * numpy's var). var is d doubles of scratch. */
static void column_stats(cseg__km *km, double *var)
{
	const int64_t d = km->d, n = km->n;
	double s = 0.0;

	for (int pass = 0; pass < 2; pass++) {
		#pragma omp parallel for num_threads(km->n_threads) schedule(dynamic, 1)
		for (int64_t c = 0; c < km->n_chunks; c++) {
			double *p = km->part + c * km->part_stride;
			int64_t r1 = min64(n, (c + 1) * km->chunk);

			memset(p, 0, (size_t)d * sizeof(double));
			for (int64_t r = c * km->chunk; r < r1; r++) {
				const double *x = km->x + r * d;

				if (pass == 0) {
					for (int64_t j = 0; j < d; j++)
						p[j] += x[j];
				} else {
					for (int64_t j = 0; j < d; j++) {
						double t = x[j] - km->mean[j];
						p[j] += t * t;
					}
				}
			}
		}
		if (pass == 0) {
			memset(km->mean, 0, (size_t)d * sizeof(double));
			cseg__km_reduce(km, d, km->mean);
			for (int64_t j = 0; j < d; j++)
				km->mean[j] /= (double)n;
		}
	}
	memset(var, 0, (size_t)d * sizeof(double));
	cseg__km_reduce(km, d, var);
	for (int64_t j = 0; j < d; j++)
		s += var[j] / (double)n;
	km->mean_var = s / (double)d;
}

cseg_status cseg__km_init(cseg__km *km, const cseg_dataset *ds, const double *weights, int64_t k,
	int64_t max_trials)
{
	int64_t m, b, n_blocks, per_chunk, max_chunks;
	double *var;

	memset(km, 0, sizeof(*km));
	km->x = ds->data;
	km->w = weights;
	km->n = ds->n_rows;
	km->d = ds->n_cols;
	km->k = k;
	km->n_threads = cseg__km_threads(ds->n_rows, k, ds->n_cols);
	if (km->n_threads < 1)
		km->n_threads = 1;

	m = max64(k, max_trials);
	b = BLAS_SERIAL_MNK / max64(1, m * km->d);
	b = min64(b, SCRATCH_DOUBLES / (km->d + 4 + m));
	b = min64(max64(b, BLOCK_MIN), BLOCK_MAX);
	b = min64(b, km->n);
	km->block = b;

	km->part_stride = max64(max64(k * km->d + 2 * k + 2, km->d), max_trials + 1);
	n_blocks = (km->n + b - 1) / b;
	max_chunks = (int64_t)(PARTIAL_BYTES / (sizeof(double) * (size_t)km->part_stride));
	max_chunks = min64(max64(max_chunks, 1), CHUNKS_MAX);
	per_chunk = (n_blocks + max_chunks - 1) / max_chunks;
	km->chunk = per_chunk * b;
	km->n_chunks = (km->n + km->chunk - 1) / km->chunk;

	km->scratch_stride = b * (km->d + 4 + m);
	/* Round to a cache line so threads do not share one. */
	km->scratch_stride = (km->scratch_stride + 7) & ~(int64_t)7;
	km->scratch = cseg__aligned_alloc((size_t)km->n_threads * (size_t)km->scratch_stride, sizeof(double));
	km->idx = cseg__malloc_array((size_t)km->n_threads * (size_t)b, sizeof(int64_t));
	km->part = cseg__aligned_alloc((size_t)km->n_chunks * (size_t)km->part_stride, sizeof(double));
	km->mean = cseg__calloc((size_t)km->d, sizeof(double));
	var = cseg__calloc((size_t)km->d, sizeof(double));
	if (!km->scratch || !km->idx || !km->part || !km->mean || !var) {
		free(var);
		cseg__km_free(km);
		return cseg__error(CSEG_E_NOMEM, "out of memory for k-means work space (k = %lld, d = %lld)",
			(long long)k, (long long)km->d);
	}
	column_stats(km, var);
	free(var);
	return CSEG_OK;
}

void cseg__km_free(cseg__km *km)
{
	cseg__aligned_free(km->scratch);
	cseg__aligned_free(km->part);
	free(km->idx);
	free(km->mean);
	km->scratch = km->part = km->mean = NULL;
	km->idx = NULL;
}
