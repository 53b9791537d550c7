/* Mini-batch k-means (sklearn's MiniBatchKMeans), private to the
 * minibatch_*.c and kstats.c files. */
#ifndef CSEG_MINIBATCH_INTERNAL_H
#define CSEG_MINIBATCH_INTERNAL_H

#include "cseg/cseg_minibatch.h"
#include "model_internal.h"
#include "../core/core.h"

/* Names of the fitted arrays (documented in cseg_minibatch.h). */
#define CSEG__MB_COUNTS "counts"
#define CSEG__MB_STATE "minibatch_state"
#define CSEG__MB_STATE_COLS 3

/* Nearest of k centres c (k x d) for n rows x (row stride d): labels[i]
 * (ties to the lower index) from the k-means GEMM kernel, and, when d2 is
 * not NULL, the squared distance to it computed by differences. Blocks run
 * in parallel when the work is large; results never depend on threads. */
cseg_status cseg__mb_nearest(const double *x, int64_t n, int64_t d, const double *c, int64_t k,
	int64_t *labels, double *d2);

/* State of a mini-batch run between steps. */
typedef struct cseg__mb_state {
	int64_t k, d;
	double *c;          /* k x d centres */
	double *counts;     /* k: weight absorbed by each centre */
	int64_t n_steps;
	int64_t n_since_reassign;
	int64_t batch;      /* effective batch size, for the reassignment schedule */
} cseg__mb_state;

/* sklearn's _random_reassign: whether this step may reassign. */
int cseg__mb_should_reassign(cseg__mb_state *s, const cseg__params *p);

/* sklearn's _mini_batch_step on nb contiguous rows xb (weights wb, NULL =
 * 1): labels from c_old, then c_new[j] = (c_old[j] * counts[j] + sum of the
 * members' w x) / (counts[j] + their weight), rows added in order; centres
 * with no weight in the batch are copied. c_new may equal c_old. When
 * reassign, centres whose count is below ratio * max(count) move to
 * distinct random rows of the batch. labels (nb) and d2 (nb) are scratch.
 * *inertia_out: the batch's weighted squared distances to c_old. */
cseg_status cseg__mb_step(const double *xb, const double *wb, int64_t nb, int64_t d, int64_t k,
	const double *c_old, double *c_new, double *counts, int reassign, double ratio,
	cseg__rng *rng, int64_t *labels, double *d2, double *inertia_out);

/* Initial centres (k x d) from a sample of rows idx (m of them) of x:
 * k-means++ (unweighted, as sklearn 1.2), random rows, or the given ones. */
cseg_status cseg__mb_init_centers(const double *x, int64_t d, const int64_t *idx, int64_t m,
	const cseg__params *p, const double *given, cseg__rng *rng, double *c);

/* sklearn's _init_size for a batch size and n rows. */
int64_t cseg__mb_init_size(const cseg__params *p, int64_t batch, int64_t n);

/* Attach the "counts" and "minibatch_state" arrays of s to a model being fitted. */
cseg_status cseg__mb_add_arrays(cseg_model *m, const cseg__mb_state *s);

/* Validate weights (NULL allowed when n_weights is 0). */
cseg_status cseg__mb_check_weights(const double *w, int64_t n_weights, int64_t n_rows);

/* Replace the fitted state of dst by src's (dst keeps its parameters,
 * initial centres and callbacks); src's shell is freed. */
void cseg__mb_install(cseg_model *dst, cseg_model *src);

/* ops->fit (minibatch.c). */
cseg_status cseg__mb_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	const double *init_centers, cseg_progress_fn progress, void *progress_payload);

extern const cseg__algo_ops cseg__minibatch_ops;

#endif /* CSEG_MINIBATCH_INTERNAL_H */
