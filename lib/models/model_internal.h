/* The model and assignment structures, private to the library. The model
 * file code (lib/io) serialises exactly these fields. */
#ifndef CSEG_MODEL_INTERNAL_H
#define CSEG_MODEL_INTERNAL_H

#include "cseg/cseg_model.h"
#include "cseg/cseg_prep.h"
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
	int64_t size_min;        /* k-means: smallest segment at fit time, 0 = none */
	int64_t size_max;        /* k-means: largest segment at fit time, 0 = none */
	double borderline_margin;
	double borderline_prob;
	/* Algorithm blocks below: one field per key, in key order. */
	int64_t linkage;          /* hierarchical: cseg_linkage */
	double cut_height;
	int64_t max_memory_mb;
	int64_t micro_clusters;
	int64_t gmm_covariance_type; /* mixtures: cseg_gmm_covariance */
	double gmm_reg_covar;
	int64_t gmm_init_params;     /* cseg_gmm_init */
	double dbscan_eps;           /* DBSCAN */
	int64_t dbscan_min_samples;
	int64_t mb_batch_size;       /* mini-batch k-means */
	int64_t mb_max_no_improvement;
	double mb_reassignment_ratio;
	int64_t mb_init_size;
} cseg__params;

/* A named matrix of fitted state (rows x cols, row-major), saved in the
 * model file's ARRAYS section and readable through cseg_model_get_array. */
typedef struct cseg__array {
	char *name;
	int64_t rows, cols;
	double *data;
} cseg__array;

struct cseg_model {
	cseg_algo algo;
	cseg__params params;

	/* Initial centres given by the caller (CSEG_INIT_GIVEN), k x d row-major. */
	double *init_centers;
	int64_t init_k, init_d;
	/* Algorithm-specific initial state (mixture weights and precisions,
	 * see gmm_init.c), copied and freed with the model, forgotten by
	 * cseg_model_reset_params; lent to ops->fit through the fresh model. */
	double *init_extra;
	int64_t init_extra_n;

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

	/* Algorithm-specific fitted state (GMM covariances, linkage, core points...). */
	cseg__array *arrays;
	int64_t n_arrays;

	/* Training labels (n_train_rows), kept in memory only: NULL after a load. */
	int64_t *labels;

	/* k names given by the user (entries NULL when unnamed); NULL when none. */
	char **segment_names;

	/* Preprocessing applied before the algorithm (NULL: none). Set by the
	 * user (unfitted); a fit replaces it by its fitted copy, which assign
	 * applies and the model file stores. Not part of the fitted state:
	 * clear_fit keeps it. */
	cseg_prep *prep;
};

struct cseg_assignment {
	int64_t n_rows;
	int64_t *labels;
	int64_t *runner_up;
	double *distances;
	double *margins;
	double *confidence;        /* in [0, 1]: the algorithm's certainty of labels[i] */
	unsigned char *borderline; /* 1 when confidence is below the model's threshold */
};

/*
 * What an algorithm provides. model.c validates arguments, then:
 *  - fit: fills `out`, a fresh zeroed model whose algo and params are copied
 *    from the caller's; it must set k, d, centroids (k x d: every algorithm
 *    has a representative centre per segment, used by profiles and
 *    nearest-centre fallbacks), inertia (weighted squared distances to the
 *    own centre), n_iter, converged, and may set labels (n rows; model.c
 *    assigns the training data when it does not) and arrays. On failure it
 *    returns the status; model.c frees `out`, the caller's model is unchanged.
 *    `init_centers` is the caller's CSEG_INIT_GIVEN matrix or NULL.
 *  - assign: every field of an assignment already sized for ds->n_rows
 *    (labels -1 for "no segment", e.g. DBSCAN noise). Thread-safe.
 *  - assign_one: one complete row, no allocation. Thread-safe.
 *  - check_loaded (may be NULL): validate the arrays of a decoded model file.
 */
typedef struct cseg__algo_ops {
	cseg_algo algo;
	const char *name;
	void (*defaults)(cseg__params *p);
	cseg_status (*fit)(cseg_model *out, const cseg_dataset *ds, const double *weights,
		const double *init_centers, cseg_progress_fn progress, void *progress_payload);
	cseg_status (*assign)(const cseg_model *m, const cseg_dataset *ds, cseg_assignment *a);
	void (*assign_one)(const cseg_model *m, const double *x, int64_t *label,
		double *distance, double *margin, double *confidence);
	cseg_status (*check_loaded)(const cseg_model *m);
} cseg__algo_ops;

/* The registry (algos.c); NULL for an unknown algorithm. */
const cseg__algo_ops *cseg__algo_find(int algo);

/* Attach a new zeroed array to a model being fitted; *data_out points into it. */
cseg_status cseg__model_add_array(cseg_model *m, const char *name, int64_t rows, int64_t cols,
	double **data_out);

/* A fitted array by name, or NULL. */
const cseg__array *cseg__model_array(const cseg_model *m, const char *name);

/* Confidence and borderline flags of a centroid model's assignment from its
 * distances and margins: confidence = margin / (distance + margin), the
 * relative gap to the runner-up (1 when k = 1). */
void cseg__assignment_centroid_confidence(const cseg_model *m, cseg_assignment *a);
double cseg__centroid_confidence(double distance, double margin);

/* Default parameters. */
void cseg__params_default(cseg__params *p);

/* Allocate an assignment for n rows (all arrays), counted as a live handle. */
cseg_status cseg__assignment_new(cseg_assignment **out, int64_t n_rows);

/* Free the fitted part of a model (centroids, names), leaving parameters. */
void cseg__model_clear_fit(cseg_model *m);

/* Recompute centroid_sq from centroids. */
void cseg__model_update_norms(cseg_model *m);

#endif /* CSEG_MODEL_INTERNAL_H */
