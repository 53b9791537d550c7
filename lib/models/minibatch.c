/* Mini-batch k-means fit, as sklearn.cluster.MiniBatchKMeans.fit (1.2):
 * validation sample, n_init starts each seeded on an init_size sample,
 * (max_iter * n) / batch_size steps on batches drawn with replacement,
 * early stopping on the centre shift (tol > 0) or on the exponentially
 * weighted average of the batch inertia, then labels and inertia of all
 * rows. The step itself is in minibatch_kernel.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "minibatch_internal.h"

/* Steps between progress callbacks. */
#define PROGRESS_STEPS 256

typedef struct mb_fit {
	const double *x, *w;
	int64_t n, d, k;
	const cseg__params *p;
	int64_t batch;
	/* Early stopping (sklearn's _mini_batch_convergence). */
	double tol;              /* absolute: tol * mean column variance */
	double ewa, ewa_min;
	int have_ewa, have_min;
	int64_t no_improvement;
} mb_fit;

/* Mean of the column variances (sklearn's _tolerance), unweighted. */
static double mean_variance(const double *x, int64_t n, int64_t d)
{
	double total = 0.0;

	for (int64_t f = 0; f < d; f++) {
		double mean = 0.0, var = 0.0;

		for (int64_t i = 0; i < n; i++)
			mean += x[i * d + f];
		mean /= (double)n;
		for (int64_t i = 0; i < n; i++) {
			double t = x[i * d + f] - mean;
			var += t * t;
		}
		total += var / (double)n;
	}
	return total / (double)d;
}

/* Whether to stop after step `step` (0-based). */
static int converged(mb_fit *F, int64_t step, double shift, double batch_inertia)
{
	double alpha;

	batch_inertia /= (double)F->batch;
	/* The first step's inertia is that of the initial centres. */
	if (step == 0)
		return 0;
	if (!F->have_ewa) {
		F->ewa = batch_inertia;
		F->have_ewa = 1;
	} else {
		alpha = (double)F->batch * 2.0 / ((double)F->n + 1.0);
		alpha = alpha < 1.0 ? alpha : 1.0;
		F->ewa = F->ewa * (1.0 - alpha) + batch_inertia * alpha;
	}
	if (F->tol > 0.0 && shift <= F->tol)
		return 1;
	if (!F->have_min || F->ewa < F->ewa_min) {
		F->no_improvement = 0;
		F->ewa_min = F->ewa;
		F->have_min = 1;
	} else {
		F->no_improvement++;
	}
	return F->p->mb_max_no_improvement >= 0 && F->no_improvement >= F->p->mb_max_no_improvement;
}

static void draw(cseg__rng *rng, int64_t n, int64_t m, int64_t *idx)
{
	for (int64_t i = 0; i < m; i++)
		idx[i] = (int64_t)cseg__rng_below(rng, (uint64_t)n);
}

static void gather(const mb_fit *F, const int64_t *idx, int64_t m, double *xb, double *wb)
{
	for (int64_t i = 0; i < m; i++) {
		memcpy(xb + i * F->d, F->x + idx[i] * F->d, (size_t)F->d * sizeof(double));
		if (wb)
			wb[i] = F->w[idx[i]];
	}
}

static double weighted_sum(const double *w, const double *v, int64_t n)
{
	double s = 0.0;

	for (int64_t i = 0; i < n; i++)
		s += (w ? w[i] : 1.0) * v[i];
	return s;
}

typedef struct mb_buffers {
	int64_t *idx, *labels;
	double *xb, *wb, *d2, *c, *c_new, *best;
} mb_buffers;

static void buffers_free(mb_buffers *b)
{
	free(b->idx), free(b->labels), free(b->xb), free(b->wb), free(b->d2);
	free(b->c), free(b->c_new), free(b->best);
}

/* sklearn's n_init starts: the one with the lowest inertia on a validation
 * sample (drawn first, with replacement) goes into b->best. */
static cseg_status choose_start(const mb_fit *F, const double *given, cseg__rng *rng, mb_buffers *b)
{
	const int64_t k = F->k, d = F->d, m = cseg__mb_init_size(F->p, F->batch, F->n);
	const int64_t n_init = F->p->init == CSEG_INIT_GIVEN ? 1 : F->p->n_init;
	int64_t *vidx = cseg__malloc_array((size_t)m, sizeof(int64_t));
	int64_t *sidx = cseg__malloc_array((size_t)m, sizeof(int64_t));
	int64_t *vlab = cseg__malloc_array((size_t)m, sizeof(int64_t));
	double *vx = cseg__malloc_array((size_t)m * (size_t)d, sizeof(double));
	double *vw = F->w ? cseg__malloc_array((size_t)m, sizeof(double)) : NULL;
	double *vd2 = cseg__malloc_array((size_t)m, sizeof(double));
	double best = INFINITY;
	cseg_status st = CSEG_OK;

	if (!vidx || !sidx || !vlab || !vx || (F->w && !vw) || !vd2) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for a validation sample of %lld rows",
			(long long)m);
		goto done;
	}
	draw(rng, F->n, m, vidx);
	gather(F, vidx, m, vx, vw);
	for (int64_t r = 0; r < n_init; r++) {
		double inertia;

		/* sklearn draws the init sample only when it is smaller than the data. */
		if (m < F->n)
			draw(rng, F->n, m, sidx);
		st = cseg__mb_init_centers(F->x, d, m < F->n ? sidx : NULL, m, F->p, given, rng, b->c);
		if (st != CSEG_OK)
			goto done;
		if ((st = cseg__mb_nearest(vx, m, d, b->c, k, vlab, vd2)) != CSEG_OK)
			goto done;
		inertia = weighted_sum(vw, vd2, m);
		if (r == 0 || inertia < best) {
			best = inertia;
			memcpy(b->best, b->c, (size_t)(k * d) * sizeof(double));
		}
	}
done:
	free(vidx), free(sidx), free(vlab), free(vx), free(vw), free(vd2);
	return st;
}

cseg_status cseg__mb_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	const double *init_centers, cseg_progress_fn progress, void *progress_payload)
{
	const cseg__params *p = &out->params;
	const int64_t n = ds->n_rows, d = ds->n_cols, k = p->k;
	mb_fit F;
	mb_buffers b = { 0 };
	cseg__mb_state s = { 0 };
	cseg__rng rng;
	int64_t n_steps, step, *labels = NULL;
	int stopped = 0;
	double *d2 = NULL;
	cseg_status st;

	memset(&F, 0, sizeof(F));
	F.x = ds->data;
	F.w = weights;
	F.n = n;
	F.d = d;
	F.k = k;
	F.p = p;
	F.batch = p->mb_batch_size < n ? p->mb_batch_size : n;
	F.tol = p->tol > 0.0 ? p->tol * mean_variance(ds->data, n, d) : 0.0;
	/* (max_iter * n) // batch_size, saturating. */
	n_steps = p->max_iter > INT64_MAX / n ? INT64_MAX : p->max_iter * n / F.batch;

	b.idx = cseg__malloc_array((size_t)F.batch, sizeof(int64_t));
	b.labels = cseg__malloc_array((size_t)F.batch, sizeof(int64_t));
	b.xb = cseg__malloc_array((size_t)F.batch * (size_t)d, sizeof(double));
	b.wb = weights ? cseg__malloc_array((size_t)F.batch, sizeof(double)) : NULL;
	b.d2 = cseg__malloc_array((size_t)F.batch, sizeof(double));
	b.c = cseg__malloc_array((size_t)(k * d), sizeof(double));
	b.c_new = cseg__malloc_array((size_t)(k * d), sizeof(double));
	b.best = cseg__malloc_array((size_t)(k * d), sizeof(double));
	s.counts = cseg__calloc((size_t)k, sizeof(double));
	if (!b.idx || !b.labels || !b.xb || (weights && !b.wb) || !b.d2 || !b.c || !b.c_new ||
	    !b.best || !s.counts) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for mini-batch k-means (batch %lld, k = %lld)",
			(long long)F.batch, (long long)k);
		goto done;
	}
	cseg__rng_seed(&rng, (uint64_t)p->seed);
	if ((st = choose_start(&F, init_centers, &rng, &b)) != CSEG_OK)
		goto done;
	memcpy(b.c, b.best, (size_t)(k * d) * sizeof(double));
	s.k = k;
	s.d = d;
	s.batch = F.batch;

	for (step = 0; step < n_steps; step++) {
		double inertia, shift = 0.0, *t;
		int reassign;

		draw(&rng, n, F.batch, b.idx);
		gather(&F, b.idx, F.batch, b.xb, b.wb);
		reassign = cseg__mb_should_reassign(&s, p);
		st = cseg__mb_step(b.xb, b.wb, F.batch, d, k, b.c, b.c_new, s.counts, reassign,
			p->mb_reassignment_ratio, &rng, b.labels, b.d2, &inertia);
		if (st != CSEG_OK)
			goto done;
		if (F.tol > 0.0)
			for (int64_t i = 0; i < k * d; i++)
				shift += (b.c_new[i] - b.c[i]) * (b.c_new[i] - b.c[i]);
		t = b.c, b.c = b.c_new, b.c_new = t;
		if (converged(&F, step, shift, inertia)) {
			stopped = 1;
			break;
		}
		if (progress && (step + 1) % PROGRESS_STEPS == 0 &&
		    progress((double)(step + 1) / (double)n_steps, progress_payload) != 0) {
			st = cseg__error(CSEG_E_CANCELLED, "fit cancelled by the progress callback at step %lld of %lld",
				(long long)(step + 1), (long long)n_steps);
			goto done;
		}
	}
	if (step == n_steps)
		step--;
	s.n_steps = step + 1;

	/* Labels and inertia of every row under the final centres. */
	labels = cseg__malloc_array((size_t)n, sizeof(int64_t));
	d2 = cseg__malloc_array((size_t)n, sizeof(double));
	if (!labels || !d2) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory labelling %lld rows", (long long)n);
		goto done;
	}
	if ((st = cseg__mb_nearest(ds->data, n, d, b.c, k, labels, d2)) != CSEG_OK)
		goto done;
	s.c = b.c;
	if ((st = cseg__mb_add_arrays(out, &s)) != CSEG_OK)
		goto done;
	out->inertia = weighted_sum(weights, d2, n);
	out->k = k;
	out->d = d;
	/* n_iter_ = ceil(steps * batch / n): passes over the data. */
	out->n_iter = (int64_t)ceil((double)s.n_steps * (double)F.batch / (double)n);
	out->converged = stopped;
	out->centroids = b.c;
	b.c = NULL;
	out->labels = labels;
	labels = NULL;
done:
	free(labels), free(d2), free(s.counts);
	buffers_free(&b);
	return st;
}
