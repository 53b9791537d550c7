/* Gaussian mixtures: parameters, the blocked E-step kernel, the M-step
 * and the starts. sklearn's GaussianMixture is the reference for every
 * formula (sklearn/mixture/_gaussian_mixture.py); the comments say where
 * cseg computes the same quantity differently and why. */
#ifndef CSEG_GMM_INTERNAL_H
#define CSEG_GMM_INTERNAL_H

#include "cseg/cseg_gmm.h"
#include "model_internal.h"

#ifdef _OPENMP
#include <omp.h>
#define CSEG__GMM_TID() omp_get_thread_num()
#else
#define CSEG__GMM_TID() 0
#endif

/* Mixture parameters. Pointers are owned by a fit in progress, or borrow
 * a fitted model's arrays (cseg__gmm_view). pchol is sklearn's
 * precisions_cholesky_: full and tied hold A with precision = A A^T, upper
 * triangular (from a covariance) or lower (from given precisions, flagged
 * by `lower`); diag and spherical hold 1 / sqrt(variance). */
typedef struct cseg__gmm {
	int64_t k, d;
	int cov;          /* cseg_gmm_covariance */
	int lower;
	double *weights;  /* k */
	double *means;    /* k x d */
	double *covs;     /* cseg__gmm_cov_size doubles (NULL in a view) */
	double *pchol;    /* same layout */
} cseg__gmm;

/* Doubles of a covariance / precision array: full k d d, tied d d, diag k d, spherical k. */
int64_t cseg__gmm_cov_size(int cov, int64_t k, int64_t d);
/* Free parameters, as sklearn's _n_parameters. */
int64_t cseg__gmm_n_parameters(int cov, int64_t k, int64_t d);

cseg_status cseg__gmm_alloc(cseg__gmm *g, int cov, int64_t k, int64_t d);
void cseg__gmm_free(cseg__gmm *g);
void cseg__gmm_copy(cseg__gmm *dst, const cseg__gmm *src); /* same shapes */

/* Borrow the parameters of a fitted mixture model. */
cseg_status cseg__gmm_view(const cseg_model *m, cseg__gmm *g);

/* Pointer to component c's block of pchol (tied: the shared matrix). */
const double *cseg__gmm_pchol_of(const cseg__gmm *g, int64_t c);

/* log det of component c's precision factor (sum of log diag), i.e. half
 * the log-determinant of its precision. */
double cseg__gmm_log_det(const cseg__gmm *g, int64_t c);

/* Squared Mahalanobis distance of x to component c, without buffers. */
double cseg__gmm_maha(const cseg__gmm *g, int64_t c, const double *x);

/* Its logarithm computed with scaling, finite where the distance itself
 * overflows (used to rank components for rows at -inf likelihood). */
double cseg__gmm_log_maha(const cseg__gmm *g, int64_t c, const double *x);

/* Precision factors from g->covs, as sklearn's _compute_precision_cholesky:
 * dpotrf, then a triangular solve against the identity. */
cseg_status cseg__gmm_compute_pchol(cseg__gmm *g);

/* Sufficient statistics of one pass, accumulated about a shift (the means
 * the pass started from): nk[k] = sum w r, sx[k][d] = sum w r (x - s),
 * ss = sum w r (x - s)(x - s)^T (full and tied: k x d x d; diag and
 * spherical: the k x d diagonal). ll = sum w log p(x) (E-step passes). */
typedef struct cseg__gmm_acc {
	double *buf;
	double *ll, *nk, *sx, *ss;
	int64_t size;
} cseg__gmm_acc;

int64_t cseg__gmm_acc_size(int cov, int64_t k, int64_t d);
void cseg__gmm_acc_bind(cseg__gmm_acc *a, double *buf, int cov, int64_t k, int64_t d);

/* Fitting context: data, weights and the chunk layout of the passes. */
typedef struct cseg__gmm_ctx {
	const double *x;
	const double *w;   /* NULL: all 1 */
	int64_t n, d, k;
	int cov;
	int64_t block, chunk, n_chunks;
	int n_threads;
	double *scratch;   /* per thread */
	int64_t scratch_stride;
	double *part;      /* per chunk partial sums */
	int64_t part_stride;
	double sum_w;
} cseg__gmm_ctx;

cseg_status cseg__gmm_ctx_init(cseg__gmm_ctx *c, const cseg_dataset *ds, const double *w,
	int64_t k, int cov);
void cseg__gmm_ctx_free(cseg__gmm_ctx *c);

/* One pass: responsibilities from the E-step of g (resp NULL) or from resp
 * (n x k), statistics about `shift` (k x d) reduced in chunk order into
 * acc, so the result does not depend on the number of threads. */
void cseg__gmm_pass(cseg__gmm_ctx *c, const cseg__gmm *g, const double *resp,
	const double *shift, cseg__gmm_acc *acc);

/* M-step from statistics taken about `shift`: weights, means, covariances
 * and precision factors of g. init_norm: divide weights by the total
 * weight (sklearn's _initialize) instead of their sum (_m_step). */
cseg_status cseg__gmm_mstep(cseg__gmm *g, const cseg__gmm_acc *acc, const double *shift,
	double reg_covar, double sum_w, int init_norm);

/* Per-row results of a fitted or in-progress mixture; any output may be
 * NULL. resp: n x k posteriors; lpn: log p(x); label/second: the two most
 * probable components (second -1 when k = 1); conf: max posterior; margin:
 * log posterior gap of the top two; dist: Mahalanobis distance to label. */
typedef struct cseg__gmm_rows {
	double *resp, *lpn, *conf, *margin, *dist;
	int64_t *label, *second;
} cseg__gmm_rows;

cseg_status cseg__gmm_eval(const cseg__gmm *g, const double *x, int64_t n, cseg__gmm_rows *o);

/* Data-driven start of run `run`: weights, means, covs and pchol of g. */
cseg_status cseg__gmm_start(cseg__gmm_ctx *c, const cseg__params *p, const cseg_dataset *ds,
	uint64_t seed, cseg__gmm *g);

/* Apply the given parts (the model's init_extra and init_centers). */
cseg_status cseg__gmm_apply_given(const cseg_model *m, const double *init_means, cseg__gmm *g);

/* Whether every part is given (the data-driven start can be skipped). */
int cseg__gmm_all_given(const cseg_model *m, const double *init_means);

/* Check the given parts against k, d and the covariance type at fit time. */
cseg_status cseg__gmm_check_given(const cseg_model *m, int64_t d);

#endif /* CSEG_GMM_INTERNAL_H */
