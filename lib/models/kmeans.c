/* k-means fit: restarts, the Lloyd/Hamerly iteration with sklearn's
 * stopping rules and empty-cluster repair, the final assignment and the
 * canonical label order. The numerical passes live in kmeans_lloyd.c,
 * kmeans_hamerly.c and kmeans_init.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans_internal.h"

/* CSEG_KMEANS_AUTO: Hamerly whenever k > 1 (k = 1 needs no bounds).
 * Measured with bench_kmeans (1 thread, CPU ms per iteration, 200,000 rows,
 * 30 iterations, separated "blobs" / overlapping groups):
 *   k = 16, d = 16:    Lloyd 13.7 / 14.8, Hamerly 1.1 / 9.9
 *   k = 64, d = 16:    Lloyd 42.8 / 36.9, Hamerly 2.9 / 13.3
 *   k = 256, d = 16:   Lloyd 159 / 156,   Hamerly 6.8 / 90
 *   k = 16, d = 64:    Lloyd 37.6 / 36.6, Hamerly 1.0 / 5.5
 *   k = 64, d = 64:    Lloyd 93.8 / 99.0, Hamerly 6.5 / 9.5
 *   k = 16, d = 128:   Lloyd 68.3 / 70.9, Hamerly 2.1 / 54.2
 *   k = 128, d = 128:  Lloyd 391 / 386,   Hamerly 25.5 / 99.8
 * Hamerly never lost: rows failing the bound test still go through one
 * GEMM per block, so its worst case is a Lloyd pass plus the bound checks,
 * and its cost is 16 bytes of bounds per row (Lloyd's 4 for labels). */
static int use_hamerly(const cseg__params *p, int64_t k, int64_t d)
{
	(void)d;
	if (p->kmeans_method == CSEG_KMEANS_LLOYD)
		return 0;
	if (p->kmeans_method == CSEG_KMEANS_HAMERLY)
		return 1;
	return k > 1;
}

typedef struct run_buffers {
	cseg__km_run run;
	double *size;
	int64_t *first;
} run_buffers;

static void run_free(run_buffers *b)
{
	cseg__km_run *r = &b->run;

	free(r->c), free(r->c_old), free(r->off), free(r->acc), free(r->shift), free(r->half);
	free(r->labels), free(r->upper), free(r->lower);
	free(b->size), free(b->first);
	memset(b, 0, sizeof(*b));
}

static cseg_status run_alloc(const cseg__km *km, int hamerly, run_buffers *b)
{
	const size_t k = (size_t)km->k, d = (size_t)km->d, n = (size_t)km->n;
	cseg__km_run *r = &b->run;

	memset(b, 0, sizeof(*b));
	r->c = cseg__malloc_array(k * d, sizeof(double));
	r->c_old = cseg__malloc_array(k * d, sizeof(double));
	r->off = cseg__malloc_array(k, sizeof(double));
	r->acc = cseg__malloc_array((size_t)cseg__km_acc_cols(km), sizeof(double));
	r->shift = cseg__calloc(k, sizeof(double));
	r->half = cseg__malloc_array(k, sizeof(double));
	r->labels = cseg__malloc_array(n, sizeof(int32_t));
	b->size = cseg__malloc_array(k, sizeof(double));
	b->first = cseg__malloc_array(k, sizeof(int64_t));
	if (hamerly) {
		r->upper = cseg__malloc_array(n, sizeof(double));
		r->lower = cseg__malloc_array(n, sizeof(double));
	}
	if (!r->c || !r->c_old || !r->off || !r->acc || !r->shift || !r->half || !r->labels ||
		!b->size || !b->first || (hamerly && (!r->upper || !r->lower))) {
		run_free(b);
		return cseg__error(CSEG_E_NOMEM, "out of memory for k-means on %lld rows",
			(long long)km->n);
	}
	return CSEG_OK;
}

typedef struct fit_ctx {
	const cseg__km *km;
	const cseg__params *p;
	int hamerly;
	double tol;             /* absolute: tol * mean feature variance */
	cseg_progress_fn progress;
	void *payload;
	int64_t run_index, n_runs;
} fit_ctx;

/* Iterate from the centres in run->c; n_iter and converged as sklearn. */
static cseg_status iterate(const fit_ctx *fc, cseg__km_run *run, int64_t *n_iter, int64_t *converged)
{
	const cseg__km *km = fc->km;
	const int64_t k = km->k, d = km->d;
	double *sums = run->acc, *wsum = sums + k * d, *cnt = wsum + k;
	int need_full = 1;

	*n_iter = 0;
	*converged = 0;
	for (int64_t i = 0; i < km->n; i++)
		run->labels[i] = -1;
	memset(run->shift, 0, (size_t)k * sizeof(double));
	cseg__km_offsets(km, run->c, k, run->off);
	for (int64_t it = 0; it < fc->p->max_iter; it++) {
		double changes, total = 0.0;
		int64_t relocated;
		double *t;

		int full = !fc->hamerly || need_full;

		if (full)
			cseg__km_full_pass(km, run);
		else
			cseg__km_hamerly_pass(km, run);
		changes = cnt[k];
		/* When most rows needed all k distances anyway, a full pass is as
		 * cheap and resets every bound to exact values. */
		need_full = !full && cnt[k + 1] > 0.5 * (double)km->n;
		/* Exact counts make emptiness exact; clear the incremental residue. */
		for (int64_t j = 0; j < k; j++)
			if (cnt[j] <= 0.0) {
				cnt[j] = 0.0;
				wsum[j] = 0.0;
				memset(sums + j * d, 0, (size_t)d * sizeof(double));
			}
		relocated = cseg__km_relocate_empty(km, run);
		if (relocated < 0)
			return cseg__error(CSEG_E_NOMEM, "out of memory repairing empty clusters");
		/* The repaired sums no longer follow the labels: rebuild next pass. */
		if (relocated > 0)
			need_full = 1;

		t = run->c_old, run->c_old = run->c, run->c = t;
		/* Centres from the sums of raw rows; a cluster left with zero weight
		 * keeps its (centred) sum, as sklearn's _average_centers. */
		for (int64_t j = 0; j < k; j++) {
			double *c = run->c + j * d;
			const double *s = sums + j * d;
			double sh = 0.0;

			for (int64_t f = 0; f < d; f++) {
				c[f] = wsum[j] > 0.0 ? s[f] * (1.0 / wsum[j]) - km->mean[f] : s[f];
				sh += (c[f] - run->c_old[j * d + f]) * (c[f] - run->c_old[j * d + f]);
			}
			run->shift[j] = sqrt(sh);
			total += sh;
		}
		cseg__km_offsets(km, run->c, k, run->off);
		*n_iter = it + 1;

		if (fc->progress) {
			double frac = ((double)fc->run_index + (double)(it + 1) / (double)fc->p->max_iter) /
				(double)fc->n_runs;

			if (fc->progress(frac, fc->payload) != 0)
				return cseg__error(CSEG_E_CANCELLED, "fit cancelled by the progress callback at iteration %lld of run %lld",
					(long long)(it + 1), (long long)(fc->run_index + 1));
		}
		/* sklearn: labels unchanged is strict convergence, else the squared
		 * centre shift against tol. */
		if (changes == 0.0 || total <= fc->tol) {
			*converged = 1;
			break;
		}
		if (fc->hamerly)
			cseg__km_hamerly_prepare(km, run);
	}
	return CSEG_OK;
}

typedef struct order_key {
	double size;
	int64_t first, index;
} order_key;

static int order_cmp(const void *a, const void *b)
{
	const order_key *x = a, *y = b;

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static cseg_status check_args(const cseg__params *p, const cseg_dataset *ds, cseg__kmeans_result *out)
{
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	memset(out, 0, sizeof(*out));
	if (!p || !ds)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", p ? "data" : "params");
	if (!ds->data || ds->n_rows < 1 || ds->n_cols < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "data is empty (%lld x %lld)",
			(long long)ds->n_rows, (long long)ds->n_cols);
	if (p->k < 1 || p->k > ds->n_rows || p->k > INT32_MAX)
		return cseg__error(CSEG_E_INVALID_ARG, "k = %lld must be in 1..%lld (the rows of the data)",
			(long long)p->k, (long long)ds->n_rows);
	if (p->max_iter < 1 || p->n_init < 1 || !(p->tol >= 0.0))
		return cseg__error(CSEG_E_INVALID_ARG, "max_iter = %lld, n_init = %lld, tol = %g out of range",
			(long long)p->max_iter, (long long)p->n_init, p->tol);
	return CSEG_OK;
}

cseg_status cseg__kmeans_fit(const cseg__params *params, const cseg_dataset *ds,
	const double *weights, const double *init_centers,
	cseg_progress_fn progress, void *progress_payload,
	cseg__kmeans_result *out)
{
	cseg__km km;
	run_buffers cur, best = { 0 };
	fit_ctx fc;
	cseg__rng master;
	double best_inertia = INFINITY;
	int64_t best_iter = 0, best_conv = 0, k, d, n_runs;
	order_key *keys = NULL;
	cseg_status st;

	if ((st = check_args(params, ds, out)) != CSEG_OK)
		return st;
	k = params->k;
	d = ds->n_cols;
	st = cseg__km_init(&km, ds, weights, k,
		params->init == CSEG_INIT_KMEANSPP ? cseg__km_local_trials(params) : 0);
	if (st != CSEG_OK)
		return st;
	fc.km = &km;
	fc.p = params;
	fc.hamerly = use_hamerly(params, k, d);
	fc.tol = params->tol * km.mean_var;
	fc.progress = progress;
	fc.payload = progress_payload;
	/* Given centres make every restart identical (sklearn runs one). */
	n_runs = params->init == CSEG_INIT_GIVEN ? 1 : params->n_init;
	fc.n_runs = n_runs;

	if ((st = run_alloc(&km, fc.hamerly, &cur)) != CSEG_OK)
		goto done;
	best.run.c = cseg__malloc_array((size_t)(k * d), sizeof(double));
	best.size = cseg__malloc_array((size_t)k, sizeof(double));
	best.first = cseg__malloc_array((size_t)k, sizeof(int64_t));
	keys = cseg__malloc_array((size_t)k, sizeof(order_key));
	out->centroids = cseg__malloc_array((size_t)(k * d), sizeof(double));
	if (!best.run.c || !best.size || !best.first || !keys || !out->centroids) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for %lld x %lld centroids",
			(long long)k, (long long)d);
		goto done;
	}

	cseg__rng_seed(&master, (uint64_t)params->seed);
	for (int64_t r = 0; r < n_runs; r++) {
		cseg__rng rng;
		int64_t n_iter, conv;
		double inertia;

		/* Each restart draws from its own stream, derived from the seed. */
		cseg__rng_seed(&rng, cseg__rng_next(&master));
		fc.run_index = r;
		st = cseg__km_init_centers(&km, params, init_centers, &rng, cur.run.c);
		if (st != CSEG_OK)
			goto done;
		if ((st = iterate(&fc, &cur.run, &n_iter, &conv)) != CSEG_OK)
			goto done;
		inertia = cseg__km_final_pass(&km, cur.run.c, cur.run.off, cur.size, cur.first);
		if (r == 0 || inertia < best_inertia) {
			best_inertia = inertia;
			best_iter = n_iter;
			best_conv = conv;
			memcpy(best.run.c, cur.run.c, (size_t)(k * d) * sizeof(double));
			memcpy(best.size, cur.size, (size_t)k * sizeof(double));
			memcpy(best.first, cur.first, (size_t)k * sizeof(int64_t));
		}
	}

	/* Canonical order: largest segment first, ties by first member row. */
	for (int64_t j = 0; j < k; j++) {
		keys[j].size = best.size[j];
		keys[j].first = best.first[j];
		keys[j].index = j;
	}
	qsort(keys, (size_t)k, sizeof(*keys), order_cmp);
	for (int64_t j = 0; j < k; j++)
		for (int64_t f = 0; f < d; f++)
			out->centroids[j * d + f] = best.run.c[keys[j].index * d + f] + km.mean[f];
	out->k = k;
	out->d = d;
	out->inertia = best_inertia;
	out->n_iter = best_iter;
	out->converged = best_conv;
	st = CSEG_OK;
done:
	if (st != CSEG_OK) {
		free(out->centroids);
		memset(out, 0, sizeof(*out));
	}
	free(keys);
	free(best.run.c), free(best.size), free(best.first);
	run_free(&cur);
	cseg__km_free(&km);
	return st;
}

void cseg__kmeans_result_free(cseg__kmeans_result *r)
{
	if (!r)
		return;
	free(r->centroids);
	memset(r, 0, sizeof(*r));
}
