/* The model and assignment structures, private to the library. The model
 * file code (lib/io) serialises exactly these fields. */
#ifndef CSEG_MODEL_INTERNAL_H
#define CSEG_MODEL_INTERNAL_H

#include "cseg/cseg_model.h"
#include "../data/dataset_internal.h"

/* Parameters, one field per cseg_param key. */
typedef struct cseg__params {
	int64_t k;
	int64_t seed;
	int64_t max_iter;
	double tol;
	int64_t n_init;
	int64_t init;           /* cseg_init */
	int64_t kmeans_method;  /* cseg_kmeans_method */
	int64_t kmeans_local_trials;
} cseg__params;

struct cseg_model {
	cseg_algo algo;
	cseg__params params;

	/* Initial centres given by the caller (CSEG_INIT_GIVEN), k x d row-major. */
	double *init_centers;
	int64_t init_k, init_d;

	cseg_progress_fn progress;
	void *progress_payload;

	/* Fitted state: everything assignment needs, copied from the data. */
	int fitted;
	int64_t k;             /* segments */
	int64_t d;             /* features */
	double *centroids;     /* k x d row-major */
	double *centroid_sq;   /* k squared norms, for the ||x||^2 - 2 x.c + ||c||^2 form */
	char **feature_names;  /* d strings */
	double inertia;
	int64_t n_iter;
	int64_t converged;
	int64_t n_train_rows;
	uint64_t fingerprint;  /* FNV-1a of the training matrix */
	char fingerprint_hex[17];
	char created[32];      /* ISO 8601 UTC */
	char lib_version[32];
};

struct cseg_assignment {
	int64_t n_rows;
	int64_t *labels;
	int64_t *runner_up;
	double *distances;
	double *margins;
};

/* Default parameters. */
void cseg__params_default(cseg__params *p);

/* Allocate an assignment for n rows (all arrays), counted as a live handle. */
cseg_status cseg__assignment_new(cseg_assignment **out, int64_t n_rows);

/* Free the fitted part of a model (centroids, names), leaving parameters. */
void cseg__model_clear_fit(cseg_model *m);

/* Recompute centroid_sq from centroids. */
void cseg__model_update_norms(cseg_model *m);

#endif /* CSEG_MODEL_INTERNAL_H */
