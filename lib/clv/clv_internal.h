/* Private declarations of the CLV models: handle layouts, the shared
 * special functions, the optimiser and the per-model likelihoods. */
#ifndef CSEG_CLV_INTERNAL_H
#define CSEG_CLV_INTERNAL_H

#include <stdint.h>

#include "cseg/cseg_clv.h"

#define CSEG__CLV_MAX_PARAMS 4

struct cseg_clv_summary {
	int64_t n;
	double *col[7];          /* indexed by cseg_clv_column */
	char *id_buf;            /* NUL-terminated IDs back to back */
	int64_t *id_off;         /* n offsets into id_buf */
	double holdout_length;   /* in units */
};

struct cseg_clv_model {
	int kind;
	int n_params;
	/* options */
	int64_t max_iter;
	int64_t n_starts;
	int64_t seed;
	double tol;
	/* state */
	int fitted;              /* parameters available */
	int has_results;         /* fitted by ML (not set by hand) */
	double params[CSEG__CLV_MAX_PARAMS];
	double se[CSEG__CLV_MAX_PARAMS];
	double loglik;
	double grad_norm;
	double correlation;
	int64_t n_iter;
	int64_t n_obs;
};

/* Data of one fit. w may be NULL (all 1). */
typedef struct cseg__clv_data {
	int64_t n;
	const double *x;
	const double *t_x;
	const double *T;
	const double *zbar;
	const double *w;
	double total_w;
	int64_t max_x;
} cseg__clv_data;

/* ---- special functions (special.c) ---- */
double cseg__digamma(double x);
double cseg__lgamma(double x);
/* Gauss hypergeometric 2F1(a, b; c; z) by its series, 0 <= z < 1; NaN when
 * it does not converge in the iteration budget or c is a pole. */
double cseg__hyp2f1(double a, double b, double c, double z);
/* log 2F1(a, b; a + 1; z) for a, b > 0, 0 <= z < 1, after Euler's
 * transformation (positive terms; no overflow). */
double cseg__log_hyp2f1_c_a1(double a, double b, double z);

/* ---- optimiser (optim.c) ---- */

/* Objective on log-parameters: returns f and, when grad is not NULL, its
 * gradient; returns NaN or +Inf outside the domain. */
typedef double (*cseg__objective)(const double *theta, double *grad, void *ctx);

typedef struct cseg__bfgs_result {
	double f;
	double grad_norm;   /* max |g_i| */
	int64_t iters;
	int converged;
} cseg__bfgs_result;

/* Minimise f over the box [lo, hi] from theta (updated in place). hinv,
 * when not NULL, is a dim x dim inverse Hessian used as the start if its
 * first entry is positive (else identity), and receives the final one. */
void cseg__bfgs(cseg__objective f, void *ctx, int dim, double *theta, double lo, double hi,
	int64_t max_iter, double tol, double *hinv, cseg__bfgs_result *res);

/* Central-difference gradient of f at theta. */
void cseg__num_grad(cseg__objective f, void *ctx, int dim, const double *theta, double *grad);

/* ---- likelihoods: sum_i w_i log L_i and its gradient in natural
 * parameters (grad may be NULL). Scratch is owned by the caller. ---- */

typedef struct cseg__bgnbd_scratch {
	int64_t n_tab;       /* table covers x = 0 .. n_tab - 1 */
	double *tab;         /* 5 * n_tab */
	double *partial;     /* per-block partial sums */
	int64_t n_blocks;
} cseg__bgnbd_scratch;

int cseg__bgnbd_scratch_init(cseg__bgnbd_scratch *s, const cseg__clv_data *d);
void cseg__bgnbd_scratch_free(cseg__bgnbd_scratch *s);
double cseg__bgnbd_loglik(const double *p, double *grad, const cseg__clv_data *d, cseg__bgnbd_scratch *s);
double cseg__pnbd_loglik(const double *p, const cseg__clv_data *d, double *partial);
double cseg__pnbd_loglik_one(const double *p, double x, double t_x, double T, double *log_alive);
double cseg__gg_loglik(const double *p, double *grad, const cseg__clv_data *d);

/* Per-customer predictions, params in model order. */
double cseg__bgnbd_expected(const double *p, double t, double x, double t_x, double T);
double cseg__bgnbd_alive(const double *p, double x, double t_x, double T);
double cseg__bgnbd_prob_n(const double *p, double t, int64_t n);
double cseg__pnbd_expected(const double *p, double t, double x, double t_x, double T);
double cseg__pnbd_alive(const double *p, double x, double t_x, double T);
double cseg__pnbd_expected_new(const double *p, double t);
double cseg__pnbd_prob_n(const double *p, double t, int64_t n);

/* Row checks shared by fit and predictions: message names fn and row. */
cseg_status cseg__clv_check_rows(const char *fn, const double *x, const double *t_x, const double *T,
	const double *w, int64_t n);

/* Blocks of the fixed-order parallel reductions. */
#define CSEG__CLV_BLOCK 8192

#endif /* CSEG_CLV_INTERNAL_H */
