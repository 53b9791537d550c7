/* Time cseg's Gaussian mixture fit on a raw matrix written by bench_gmm.py.
 *
 *   bench_gmm DATA N D K COV [options]
 *     DATA          N x D little-endian float64, row-major
 *     COV           full | tied | diag | spherical
 *     --init FILE   float64 weights (K), means (K x D) and precisions
 *                   (the layout of COV), given to the fit; default: cseg's
 *                   k-means start with the seed
 *     --threads T   cseg_set_max_threads (default 0: all)
 *     --repeats R   fits to time (default 3)
 *     --seed S, --max-iter M, --tol T
 *
 * Prints one JSON object: per repeat the fit's wall and process CPU time,
 * iterations and lower bound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cseg/cseg.h"

static double now(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double *read_raw(const char *path, long n)
{
	FILE *f = fopen(path, "rb");
	double *v = malloc((size_t)n * sizeof(double));

	if (!f || !v || fread(v, sizeof(double), (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bench_gmm: cannot read %ld doubles from %s\n", n, path);
		exit(1);
	}
	fclose(f);
	return v;
}

static void check(cseg_status st, const char *what)
{
	if (st != CSEG_OK) {
		fprintf(stderr, "bench_gmm: %s: %s\n", what, cseg_last_error());
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *names[] = { "full", "tied", "diag", "spherical" };
	const char *init = NULL;
	long n, d, k, cov = -1, threads = 0, repeats = 3, seed = 0, max_iter = 100;
	double tol = 1e-3, *x;
	cseg_dataset *ds = NULL;

	if (argc < 6) {
		fprintf(stderr, "usage: bench_gmm DATA N D K COV [--init FILE] [--threads T] "
			"[--repeats R] [--seed S] [--max-iter M] [--tol T]\n");
		return 2;
	}
	n = atol(argv[2]), d = atol(argv[3]), k = atol(argv[4]);
	for (int i = 0; i < 4; i++)
		if (strcmp(argv[5], names[i]) == 0)
			cov = i;
	if (cov < 0) {
		fprintf(stderr, "bench_gmm: unknown covariance type %s\n", argv[5]);
		return 2;
	}
	for (int i = 6; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--init")) init = argv[i + 1];
		else if (!strcmp(argv[i], "--threads")) threads = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--repeats")) repeats = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed")) seed = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--max-iter")) max_iter = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--tol")) tol = atof(argv[i + 1]);
		else {
			fprintf(stderr, "bench_gmm: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	x = read_raw(argv[1], n * d);
	check(cseg_set_max_threads((int)threads), "threads");
	check(cseg_dataset_new_view(&ds, x, n, d), "dataset");
	printf("{\"threads\": %d, \"runs\": [", cseg_get_max_threads());
	for (long r = 0; r < repeats; r++) {
		cseg_model *m = NULL;
		double t0, t1, c0, c1, lb;
		int64_t it;

		check(cseg_model_new(&m, CSEG_ALGO_GMM), "model");
		check(cseg_model_set_int(m, CSEG_PARAM_K, k), "k");
		check(cseg_model_set_int(m, CSEG_PARAM_GMM_COVARIANCE_TYPE, cov), "covariance_type");
		check(cseg_model_set_int(m, CSEG_PARAM_SEED, seed + r), "seed");
		check(cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, max_iter), "max_iter");
		check(cseg_model_set_double(m, CSEG_PARAM_TOL, tol), "tol");
		if (init) {
			long np = cov == 0 ? k * d * d : cov == 1 ? d * d : cov == 2 ? k * d : k;
			double *v = read_raw(init, k + k * d + np);
			check(cseg_gmm_set_init(m, k, d, v, k, v + k, k * d, v + k + k * d, np), "init");
			free(v);
		}
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		t0 = now(CLOCK_MONOTONIC);
		check(cseg_model_fit(m, ds), "fit");
		t1 = now(CLOCK_MONOTONIC);
		c1 = now(CLOCK_PROCESS_CPUTIME_ID);
		check(cseg_model_get_int(m, CSEG_RESULT_N_ITER, &it), "n_iter");
		check(cseg_model_get_double(m, CSEG_RESULT_GMM_LOWER_BOUND, &lb), "lower_bound");
		printf("%s{\"fit_s\": %.6f, \"fit_cpu_s\": %.6f, \"n_iter\": %lld, \"lower_bound\": %.17g}",
			r ? ", " : "", t1 - t0, c1 - c0, (long long)it, lb);
		cseg_model_free(m);
	}
	printf("]}\n");
	cseg_dataset_free(ds);
	free(x);
	return 0;
}
