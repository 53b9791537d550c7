/* Parameter table, bounds checks and cseg_param_info. Adding a parameter is
 * one row here and one field in cseg__params. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../core/core.h"
#include "cseg/cseg_gmm.h"
#include "params.h"

#define PARAM_INT(key, name, def, min, max, field, algos) \
	{ key, name, CSEG_TYPE_INT, def, min, max, offsetof(cseg__params, field), algos }
#define PARAM_DBL(key, name, def, min, max, field, algos) \
	{ key, name, CSEG_TYPE_DOUBLE, def, min, max, offsetof(cseg__params, field), algos }
#define RESULT(key, name, type) { key, name, type, 0, 0, 0, (size_t)-1, 0 }

/* 2^53: the largest integer a double bound states exactly. */
#define INT_MAX_BOUND 9007199254740992.0

static const cseg__param_def params[] = {
	/* DBSCAN finds its number of segments: k is not one of its settings. */
	PARAM_INT(CSEG_PARAM_K, "k", 8, 1, INT_MAX_BOUND, k, CSEG__ALGO_BIT(CSEG_ALGO_KMEANS) |
		CSEG__ALGO_BIT(CSEG_ALGO_GMM) | CSEG__ALGO_BIT(CSEG_ALGO_HIERARCHICAL) |
		CSEG__ALGO_BIT(CSEG_ALGO_MINIBATCH_KMEANS)),
	PARAM_INT(CSEG_PARAM_SEED, "seed", 0, 0, INT_MAX_BOUND, seed, 0),
	PARAM_INT(CSEG_PARAM_MAX_ITER, "max_iter", 300, 1, INT_MAX_BOUND, max_iter, 0),
	PARAM_DBL(CSEG_PARAM_TOL, "tol", 1e-4, 0, DBL_MAX, tol, 0),
	PARAM_INT(CSEG_PARAM_N_INIT, "n_init", 1, 1, 100000, n_init, 0),
	PARAM_INT(CSEG_PARAM_INIT, "init", CSEG_INIT_KMEANSPP, CSEG_INIT_KMEANSPP, CSEG_INIT_GIVEN, init, 0),
	PARAM_INT(CSEG_PARAM_SIZE_MIN, "size_min", 0, 0, INT_MAX_BOUND, size_min,
		CSEG__ALGO_BIT(CSEG_ALGO_KMEANS)),
	PARAM_INT(CSEG_PARAM_SIZE_MAX, "size_max", 0, 0, INT_MAX_BOUND, size_max,
		CSEG__ALGO_BIT(CSEG_ALGO_KMEANS)),
	PARAM_DBL(CSEG_PARAM_BORDERLINE_MARGIN, "borderline_margin", 0.1, 0, 1, borderline_margin, 0),
	PARAM_DBL(CSEG_PARAM_BORDERLINE_PROB, "borderline_prob", 0.6, 0, 1, borderline_prob, 0),
	PARAM_INT(CSEG_PARAM_KMEANS_METHOD, "kmeans_method", CSEG_KMEANS_AUTO, CSEG_KMEANS_AUTO,
		CSEG_KMEANS_HAMERLY, kmeans_method, CSEG__ALGO_BIT(CSEG_ALGO_KMEANS)),
	PARAM_INT(CSEG_PARAM_KMEANS_LOCAL_TRIALS, "kmeans_local_trials", 0, 0, 100000,
		kmeans_local_trials, CSEG__ALGO_BIT(CSEG_ALGO_KMEANS) |
		CSEG__ALGO_BIT(CSEG_ALGO_MINIBATCH_KMEANS)),
	PARAM_INT(CSEG_PARAM_LINKAGE, "linkage", 0, 0, 3, linkage,
		CSEG__ALGO_BIT(CSEG_ALGO_HIERARCHICAL)),
	PARAM_DBL(CSEG_PARAM_CUT_HEIGHT, "cut_height", 0, 0, DBL_MAX, cut_height,
		CSEG__ALGO_BIT(CSEG_ALGO_HIERARCHICAL)),
	PARAM_INT(CSEG_PARAM_MAX_MEMORY_MB, "max_memory_mb", 4096, 1, INT_MAX_BOUND, max_memory_mb,
		CSEG__ALGO_BIT(CSEG_ALGO_HIERARCHICAL)),
	PARAM_INT(CSEG_PARAM_MICRO_CLUSTERS, "micro_clusters", -1, -1, INT_MAX_BOUND, micro_clusters,
		CSEG__ALGO_BIT(CSEG_ALGO_HIERARCHICAL)),
	PARAM_INT(CSEG_PARAM_GMM_COVARIANCE_TYPE, "covariance_type", CSEG_GMM_FULL, CSEG_GMM_FULL,
		CSEG_GMM_SPHERICAL, gmm_covariance_type, CSEG__ALGO_BIT(CSEG_ALGO_GMM)),
	PARAM_DBL(CSEG_PARAM_GMM_REG_COVAR, "reg_covar", 1e-6, 0, DBL_MAX, gmm_reg_covar,
		CSEG__ALGO_BIT(CSEG_ALGO_GMM)),
	PARAM_INT(CSEG_PARAM_GMM_INIT_PARAMS, "init_params", CSEG_GMM_INIT_KMEANS, CSEG_GMM_INIT_KMEANS,
		CSEG_GMM_INIT_RANDOM_FROM_DATA, gmm_init_params, CSEG__ALGO_BIT(CSEG_ALGO_GMM)),
	/* eps > 0: DBL_MIN is the smallest bound the inclusive table can state. */
	PARAM_DBL(CSEG_PARAM_DBSCAN_EPS, "eps", 0.5, DBL_MIN, DBL_MAX, dbscan_eps,
		CSEG__ALGO_BIT(CSEG_ALGO_DBSCAN)),
	PARAM_INT(CSEG_PARAM_DBSCAN_MIN_SAMPLES, "min_samples", 5, 1, INT_MAX_BOUND, dbscan_min_samples,
		CSEG__ALGO_BIT(CSEG_ALGO_DBSCAN)),
	PARAM_INT(CSEG_PARAM_MB_BATCH_SIZE, "batch_size", 1024, 1, INT_MAX_BOUND, mb_batch_size,
		CSEG__ALGO_BIT(CSEG_ALGO_MINIBATCH_KMEANS)),
	PARAM_INT(CSEG_PARAM_MB_MAX_NO_IMPROVEMENT, "max_no_improvement", 10, -1, INT_MAX_BOUND,
		mb_max_no_improvement, CSEG__ALGO_BIT(CSEG_ALGO_MINIBATCH_KMEANS)),
	PARAM_DBL(CSEG_PARAM_MB_REASSIGNMENT_RATIO, "reassignment_ratio", 0.01, 0, DBL_MAX,
		mb_reassignment_ratio, CSEG__ALGO_BIT(CSEG_ALGO_MINIBATCH_KMEANS)),
	PARAM_INT(CSEG_PARAM_MB_INIT_SIZE, "init_size", 0, 0, INT_MAX_BOUND, mb_init_size,
		CSEG__ALGO_BIT(CSEG_ALGO_MINIBATCH_KMEANS)),
};

static const cseg__param_def results[] = {
	RESULT(CSEG_RESULT_INERTIA, "inertia", CSEG_TYPE_DOUBLE),
	RESULT(CSEG_RESULT_N_ITER, "n_iter", CSEG_TYPE_INT),
	RESULT(CSEG_RESULT_CONVERGED, "converged", CSEG_TYPE_INT),
	RESULT(CSEG_RESULT_N_TRAIN_ROWS, "n_train_rows", CSEG_TYPE_INT),
	RESULT(CSEG_RESULT_N_FEATURES, "n_features", CSEG_TYPE_INT),
	RESULT(CSEG_RESULT_N_CLUSTERS, "n_clusters", CSEG_TYPE_INT),
	RESULT(CSEG_RESULT_ALGO, "algo", CSEG_TYPE_INT),
	RESULT(CSEG_RESULT_FINGERPRINT, "fingerprint", CSEG_TYPE_STRING),
	RESULT(CSEG_RESULT_CREATED, "created", CSEG_TYPE_STRING),
	RESULT(CSEG_RESULT_LIB_VERSION, "lib_version", CSEG_TYPE_STRING),
	RESULT(CSEG_RESULT_UNCONSTRAINED_INERTIA, "unconstrained_inertia", CSEG_TYPE_DOUBLE),
	RESULT(CSEG_RESULT_GMM_LOWER_BOUND, "lower_bound", CSEG_TYPE_DOUBLE),
	RESULT(CSEG_RESULT_GMM_BIC, "bic", CSEG_TYPE_DOUBLE),
	RESULT(CSEG_RESULT_GMM_AIC, "aic", CSEG_TYPE_DOUBLE),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const cseg__param_def *cseg__param_find(int key)
{
	for (size_t i = 0; i < COUNT(params); i++)
		if (params[i].key == key)
			return &params[i];
	for (size_t i = 0; i < COUNT(results); i++)
		if (results[i].key == key)
			return &results[i];
	return NULL;
}

const cseg__param_def *cseg__param_table(size_t *count)
{
	*count = COUNT(params);
	return params;
}

void cseg__params_default_for(cseg__params *p, int algo)
{
	const cseg__algo_ops *ops = cseg__algo_find(algo);

	cseg__params_default(p);
	if (ops && ops->defaults)
		ops->defaults(p);
}

void cseg__params_default(cseg__params *p)
{
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < COUNT(params); i++) {
		char *field = (char *)p + params[i].offset;
		if (params[i].type == CSEG_TYPE_INT)
			*(int64_t *)field = (int64_t)params[i].def;
		else
			*(double *)field = params[i].def;
	}
}

cseg_status cseg_param_info(int key, const char **name_out, int *type_out,
	double *default_out, double *min_out, double *max_out)
{
	const cseg__param_def *def = cseg__param_find(key);

	if (!def)
		return cseg__error(CSEG_E_UNSUPPORTED, "unknown parameter or result key %d", key);
	if (name_out)
		*name_out = def->name;
	if (type_out)
		*type_out = (int)def->type;
	if (default_out)
		*default_out = def->def;
	if (min_out)
		*min_out = def->min;
	if (max_out)
		*max_out = def->max;
	return CSEG_OK;
}

cseg_status cseg_param_lookup(const char *name, int *key_out)
{
	if (!name || !key_out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", name ? "key_out" : "name");
	for (size_t i = 0; i < COUNT(params); i++)
		if (strcmp(params[i].name, name) == 0)
			return (*key_out = params[i].key), CSEG_OK;
	for (size_t i = 0; i < COUNT(results); i++)
		if (strcmp(results[i].name, name) == 0)
			return (*key_out = results[i].key), CSEG_OK;
	return cseg__error(CSEG_E_UNSUPPORTED, "unknown parameter or result name '%s'", name);
}
