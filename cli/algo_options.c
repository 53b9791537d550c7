/* --algorithm and the options of each algorithm, shared by `segment` and
 * `report`: parsed into cli_algo_opts, then applied to a new model. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void cli_algo_init(struct cli_algo_opts *a)
{
	memset(a, 0, sizeof(*a));
	a->algo = CSEG_ALGO_KMEANS;
	a->eps = -1;
}

static int pick(const char *opt, const char *arg, const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(arg, names[i]) == 0)
			return (*out = i), 1;
	fprintf(stderr, "cseg: %s: unknown value '%s' (", opt, arg);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", names[i]);
	fputs(")\n", stderr);
	return -1;
}

int cli_algo_option(struct cli_algo_opts *a, int c, const char *arg)
{
	static const char *const covariances[] = { "full", "tied", "diag", "spherical" };
	static const char *const linkages[] = { "ward", "complete", "average", "single" };
	long long v;

	switch (c) {
	case CLI_OPT_ALGORITHM: {
		cseg_algo algo;
		if (cseg_algo_lookup(arg, &algo) != CSEG_OK) {
			fprintf(stderr, "cseg: --algorithm: unknown algorithm '%s' (kmeans, "
				"minibatch_kmeans, gmm, hierarchical, dbscan)\n", arg);
			return -1;
		}
		a->algo = (int)algo;
		return 1;
	}
	case CLI_OPT_EPS:
		return cli_parse_double("--eps", arg, 0, &a->eps) == 0 && a->eps > 0 ? 1 :
			(fprintf(stderr, "cseg: --eps must be > 0\n"), -1);
	case CLI_OPT_MIN_SAMPLES:
		return cli_parse_int("--min-samples", arg, 1, 1LL << 40, &a->min_samples) == 0 ? 1 : -1;
	case CLI_OPT_COVARIANCE:
		return pick("--covariance-type", arg, covariances, 4, &a->covariance) > 0 ?
			(a->covariance_set = 1) : -1;
	case CLI_OPT_REG_COVAR:
		return cli_parse_double("--reg-covar", arg, 0, &a->reg_covar) == 0 ?
			(a->reg_covar_set = 1) : -1;
	case CLI_OPT_LINKAGE:
		return pick("--linkage", arg, linkages, 4, &a->linkage) > 0 ? (a->linkage_set = 1) : -1;
	case CLI_OPT_SIZE_MIN:
		return cli_parse_int("--size-min", arg, 0, 1LL << 40, &a->size_min) == 0 ? 1 : -1;
	case CLI_OPT_SIZE_MAX:
		return cli_parse_int("--size-max", arg, 0, 1LL << 40, &a->size_max) == 0 ? 1 : -1;
	case CLI_OPT_MERGE_BELOW:
		return cli_parse_int("--merge-below", arg, 1, 1LL << 40, &a->merge_below) == 0 ? 1 : -1;
	case CLI_OPT_BATCH_SIZE:
		if (cli_parse_int("--batch-size", arg, 1, 1LL << 40, &v) != 0)
			return -1;
		a->batch_size = v;
		return 1;
	default:
		return 0;
	}
}

int cli_algo_check(const struct cli_algo_opts *a, const char *cmd)
{
	const int km = a->algo == CSEG_ALGO_KMEANS, mb = a->algo == CSEG_ALGO_MINIBATCH_KMEANS;
	const char *bad = NULL;

	if ((a->eps > 0 || a->min_samples) && a->algo != CSEG_ALGO_DBSCAN)
		bad = "--eps and --min-samples apply to --algorithm dbscan";
	else if (a->covariance_set && a->algo != CSEG_ALGO_GMM)
		bad = "--covariance-type applies to --algorithm gmm";
	else if (a->reg_covar_set && a->algo != CSEG_ALGO_GMM)
		bad = "--reg-covar applies to --algorithm gmm";
	else if (a->linkage_set && a->algo != CSEG_ALGO_HIERARCHICAL)
		bad = "--linkage applies to --algorithm hierarchical";
	else if ((a->size_min || a->size_max) && !km)
		bad = "--size-min and --size-max apply to --algorithm kmeans";
	else if (a->merge_below && !km && !mb)
		bad = "--merge-below applies to kmeans and minibatch_kmeans";
	else if (a->batch_size && !mb)
		bad = "--batch-size applies to --algorithm minibatch_kmeans";
	if (bad) {
		fprintf(stderr, "cseg: %s: %s\n", cmd, bad);
		return -1;
	}
	return 0;
}

cseg_status cli_algo_configure(const struct cli_algo_opts *a, cseg_model *m)
{
	cseg_status st = CSEG_OK;

	if (a->eps > 0)
		st = cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, a->eps);
	if (st == CSEG_OK && a->min_samples)
		st = cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, a->min_samples);
	if (st == CSEG_OK && a->covariance_set)
		st = cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, a->covariance);
	if (st == CSEG_OK && a->reg_covar_set)
		st = cseg_model_set_double(m, CSEG_PARAM_GMM_REG_COVAR, a->reg_covar);
	if (st == CSEG_OK && a->linkage_set)
		st = cseg_model_set_int(m, CSEG_PARAM_LINKAGE, a->linkage);
	if (st == CSEG_OK && a->size_min)
		st = cseg_model_set_int(m, CSEG_PARAM_SIZE_MIN, a->size_min);
	if (st == CSEG_OK && a->size_max)
		st = cseg_model_set_int(m, CSEG_PARAM_SIZE_MAX, a->size_max);
	if (st == CSEG_OK && a->batch_size)
		st = cseg_model_set_int(m, CSEG_PARAM_MB_BATCH_SIZE, a->batch_size);
	return st;
}

/* Parameters every algorithm shares that the caller chose. k does not apply
 * to DBSCAN, which finds its own number of segments. */
int cli_algo_uses_k(const struct cli_algo_opts *a)
{
	return a->algo != CSEG_ALGO_DBSCAN;
}
