/* The numerical pieces of mini-batch k-means: nearest centres through the
 * k-means GEMM kernel, sklearn's _mini_batch_step (its per-centre learning
 * rate and random reassignment) and the seeding of a start from a sample
 * through the k-means++ of kmeans_init.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans_internal.h"
#include "minibatch_internal.h"

/* Rows per GEMM block, as kmeans_assign.c sizes them: the k x block
 * distances and a few per-row values within ~256 KiB, and one GEMM small
 * enough that OpenBLAS stays on the calling thread. */
static int64_t block_rows(int64_t k, int64_t d)
{
	int64_t b = 262144 / (k * d);
	int64_t cap = 32768 / (k + 4);

	b = b < cap ? b : cap;
	b = b < 16 ? 16 : b;
	return b > 4096 ? 4096 : b;
}

cseg_status cseg__mb_nearest(const double *x, int64_t n, int64_t d, const double *c, int64_t k,
	int64_t *labels, double *d2)
{
	const int64_t block = block_rows(k, d);
	const int64_t n_blocks = (n + block - 1) / block;
	const int64_t stride = (block * (k + 2) + 7) & ~(int64_t)7;
	int nt = cseg__km_threads(n, k, d);
	double *scratch, *cc, *off, *mu;

	if (n <= 0)
		return CSEG_OK;
	if (nt < 1)
		nt = 1;
	if (nt > n_blocks)
		nt = (int)n_blocks;
	scratch = cseg__aligned_alloc((size_t)nt * (size_t)stride, sizeof(double));
	cc = cseg__malloc_array((size_t)(k * d), sizeof(double));
	off = cseg__malloc_array((size_t)k, sizeof(double));
	mu = cseg__calloc((size_t)d, sizeof(double));
	if (!scratch || !cc || !off || !mu) {
		cseg__aligned_free(scratch);
		free(cc), free(off), free(mu);
		return cseg__error(CSEG_E_NOMEM, "out of memory for nearest-centre work space (k = %lld)",
			(long long)k);
	}
	/* Centres centred on their mean, as kmeans_assign.c: the candidates come
	 * from off_j - 2 x.c'_j without the large ||x||^2 and ||c||^2 terms. */
	for (int64_t j = 0; j < k; j++)
		for (int64_t f = 0; f < d; f++)
			mu[f] += c[j * d + f] / (double)k;
	for (int64_t j = 0; j < k; j++) {
		double s = 0.0, t = 0.0;

		for (int64_t f = 0; f < d; f++) {
			cc[j * d + f] = c[j * d + f] - mu[f];
			s += cc[j * d + f] * cc[j * d + f];
			t += mu[f] * cc[j * d + f];
		}
		off[j] = s + 2.0 * t;
	}
	cseg__km_blas_enter(block, k, d);
	#pragma omp parallel for num_threads(nt) schedule(dynamic, 1) if (nt > 1)
	for (int64_t b = 0; b < n_blocks; b++) {
		double *dist = scratch + (size_t)CSEG__TID() * (size_t)stride;
		double *best = dist + block * k, *lab = best + block;
		int64_t r0 = b * block, nb = n - r0 < block ? n - r0 : block;
		const double *xb = x + r0 * d;

		cseg__km_cross_t(xb, nb, cc, k, d, dist);
		cseg__km_argmin_t(dist, nb, k, off, best, NULL, lab);
		for (int64_t i = 0; i < nb; i++) {
			int64_t l = (int64_t)lab[i];

			labels[r0 + i] = l;
			if (d2)
				d2[r0 + i] = cseg__km_sqdist(xb + i * d, c + l * d, d);
		}
	}
	cseg__km_blas_leave(block, k, d);
	cseg__aligned_free(scratch);
	free(cc), free(off), free(mu);
	return CSEG_OK;
}

int cseg__mb_should_reassign(cseg__mb_state *s, const cseg__params *p)
{
	(void)p;
	s->n_since_reassign += s->batch;
	for (int64_t j = 0; j < s->k; j++)
		if (s->counts[j] == 0.0) {
			s->n_since_reassign = 0;
			return 1;
		}
	if (s->n_since_reassign >= 10 * s->k) {
		s->n_since_reassign = 0;
		return 1;
	}
	return 0;
}

typedef struct count_key {
	double count;
	int64_t index;
} count_key;

static int count_cmp(const void *a, const void *b)
{
	const count_key *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* sklearn: centres with count < ratio * max(count) move to distinct random
 * batch rows (at most half the batch: those with the smallest counts), and
 * their counts become the smallest count among the others, so they are not
 * reassigned again at once. perm (nb) is scratch. */
static cseg_status reassign_low(const double *xb, int64_t nb, int64_t d, int64_t k, double *c,
	double *counts, double ratio, cseg__rng *rng, int64_t *perm)
{
	unsigned char *to = cseg__calloc((size_t)k, 1);
	count_key *keys = NULL;
	double top = 0.0, rest_min = INFINITY;
	int64_t n_to = 0, r = 0;

	if (!to)
		return cseg__error(CSEG_E_NOMEM, "out of memory reassigning centres");
	for (int64_t j = 0; j < k; j++)
		top = counts[j] > top ? counts[j] : top;
	for (int64_t j = 0; j < k; j++)
		n_to += to[j] = counts[j] < ratio * top;
	if ((double)n_to > 0.5 * (double)nb) {
		int64_t keep = (int64_t)(0.5 * (double)nb);

		if (!(keys = cseg__malloc_array((size_t)k, sizeof(*keys)))) {
			free(to);
			return cseg__error(CSEG_E_NOMEM, "out of memory reassigning centres");
		}
		for (int64_t j = 0; j < k; j++) {
			keys[j].count = counts[j];
			keys[j].index = j;
		}
		qsort(keys, (size_t)k, sizeof(*keys), count_cmp);
		for (int64_t q = keep; q < k; q++)
			to[keys[q].index] = 0;
		free(keys);
		n_to = 0;
		for (int64_t j = 0; j < k; j++)
			n_to += to[j];
	}
	if (n_to == 0) {
		free(to);
		return CSEG_OK;
	}
	/* Distinct rows: a partial Fisher-Yates shuffle of the batch positions. */
	for (int64_t i = 0; i < nb; i++)
		perm[i] = i;
	for (int64_t j = 0; j < k; j++) {
		int64_t q, t;

		if (!to[j])
			continue;
		q = r + (int64_t)cseg__rng_below(rng, (uint64_t)(nb - r));
		t = perm[r];
		perm[r] = perm[q];
		perm[q] = t;
		memcpy(c + j * d, xb + perm[r] * d, (size_t)d * sizeof(double));
		r++;
	}
	for (int64_t j = 0; j < k; j++)
		if (!to[j] && counts[j] < rest_min)
			rest_min = counts[j];
	if (rest_min < INFINITY)
		for (int64_t j = 0; j < k; j++)
			if (to[j])
				counts[j] = rest_min;
	free(to);
	return CSEG_OK;
}

cseg_status cseg__mb_step(const double *xb, const double *wb, int64_t nb, int64_t d, int64_t k,
	const double *c_old, double *c_new, double *counts, int reassign, double ratio,
	cseg__rng *rng, int64_t *labels, double *d2, double *inertia_out)
{
	double *wsum, inertia = 0.0;
	cseg_status st;

	if ((st = cseg__mb_nearest(xb, nb, d, c_old, k, labels, d2)) != CSEG_OK)
		return st;
	if (!(wsum = cseg__calloc((size_t)k, sizeof(double))))
		return cseg__error(CSEG_E_NOMEM, "out of memory for a mini-batch step");
	for (int64_t i = 0; i < nb; i++) {
		double w = wb ? wb[i] : 1.0;

		inertia += w * d2[i];
		wsum[labels[i]] += w;
	}
	/* sklearn's update_center_dense, operation for operation: undo the
	 * count scaling, add the members in row order, rescale by the new count. */
	for (int64_t j = 0; j < k; j++) {
		double *cn = c_new + j * d;
		const double *co = c_old + j * d;

		if (wsum[j] > 0.0)
			for (int64_t f = 0; f < d; f++)
				cn[f] = co[f] * counts[j];
		else if (cn != co)
			memcpy(cn, co, (size_t)d * sizeof(double));
	}
	for (int64_t i = 0; i < nb; i++) {
		int64_t j = labels[i];
		double w = wb ? wb[i] : 1.0, *cn = c_new + j * d;
		const double *x = xb + i * d;

		if (wsum[j] > 0.0)
			for (int64_t f = 0; f < d; f++)
				cn[f] += x[f] * w;
	}
	for (int64_t j = 0; j < k; j++) {
		double alpha, *cn = c_new + j * d;

		if (!(wsum[j] > 0.0))
			continue;
		counts[j] += wsum[j];
		alpha = 1.0 / counts[j];
		for (int64_t f = 0; f < d; f++)
			cn[f] *= alpha;
	}
	free(wsum);
	if (reassign && ratio > 0.0 &&
	    (st = reassign_low(xb, nb, d, k, c_new, counts, ratio, rng, labels)) != CSEG_OK)
		return st;
	*inertia_out = inertia;
	return CSEG_OK;
}

int64_t cseg__mb_init_size(const cseg__params *p, int64_t batch, int64_t n)
{
	int64_t s = p->mb_init_size;

	if (s == 0)
		s = batch > INT64_MAX / 3 ? INT64_MAX : 3 * batch;
	if (s < p->k)
		s = 3 * p->k;
	return s < n ? s : n;
}

cseg_status cseg__mb_init_centers(const double *x, int64_t d, const int64_t *idx, int64_t m,
	const cseg__params *p, const double *given, cseg__rng *rng, double *c)
{
	const int64_t k = p->k;
	struct cseg_dataset sample;
	double *buf = NULL;
	cseg__km km;
	cseg_status st;

	if (p->init == CSEG_INIT_GIVEN) {
		if (!given)
			return cseg__error(CSEG_E_INVALID_ARG, "init is 'given' but no initial centres were set");
		memcpy(c, given, (size_t)(k * d) * sizeof(double));
		return CSEG_OK;
	}
	if (idx) {
		if (!(buf = cseg__malloc_array((size_t)m * (size_t)d, sizeof(double))))
			return cseg__error(CSEG_E_NOMEM, "out of memory for an init sample of %lld rows",
				(long long)m);
		for (int64_t i = 0; i < m; i++)
			memcpy(buf + i * d, x + idx[i] * d, (size_t)d * sizeof(double));
	}
	memset(&sample, 0, sizeof(sample));
	sample.n_rows = m;
	sample.n_cols = d;
	sample.data = idx ? buf : x;
	/* sklearn 1.2 seeds from the sample without weights. */
	st = cseg__km_init(&km, &sample, NULL, k,
		p->init == CSEG_INIT_KMEANSPP ? cseg__km_local_trials(p) : 0);
	if (st == CSEG_OK) {
		st = cseg__km_init_centers(&km, p, NULL, rng, c);
		if (st == CSEG_OK)
			for (int64_t j = 0; j < k; j++)
				for (int64_t f = 0; f < d; f++)
					c[j * d + f] += km.mean[f];
		cseg__km_free(&km);
	}
	free(buf);
	return st;
}

cseg_status cseg__mb_check_weights(const double *w, int64_t n_weights, int64_t n_rows)
{
	if (!w) {
		if (n_weights != 0)
			return cseg__error(CSEG_E_INVALID_ARG, "weights is NULL but n_weights = %lld",
				(long long)n_weights);
		return CSEG_OK;
	}
	if (n_weights != n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "n_weights = %lld, but the data has %lld rows",
			(long long)n_weights, (long long)n_rows);
	for (int64_t i = 0; i < n_weights; i++)
		if (!isfinite(w[i]) || w[i] < 0)
			return cseg__error(CSEG_E_INVALID_ARG, "weights[%lld] = %g: weights must be finite and >= 0",
				(long long)i, w[i]);
	return CSEG_OK;
}
