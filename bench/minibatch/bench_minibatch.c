/* Time cseg's mini-batch k-means on data written by bench_minibatch.py.
 *
 *   bench_minibatch fit DATA N D K [--threads T] [--repeats R] [--seed S]
 *     DATA   N x D little-endian float64, row-major; the fit is timed
 *            (labels and inertia of all rows included), R times.
 *   bench_minibatch stream CSV D K CHUNK_ROWS [--passes P] [--threads T]
 *     a streaming fit (cseg_model_fit_csv_stream) of a CSV file with a
 *     header and D numeric columns, CHUNK_ROWS rows at a time.
 *
 * Prints one JSON object: wall and process CPU seconds per run, the
 * inertia, n_iter, and the peak resident set of the process (VmHWM). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cseg/cseg.h"

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static long peak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
				break;
		fclose(f);
	}
	return kb;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_minibatch: %s: %s\n", what, cseg_last_error());
	exit(1);
}

static void result(const cseg_model *m, double *inertia, int64_t *n_iter)
{
	if (cseg_model_get_double(m, CSEG_RESULT_INERTIA, inertia) != CSEG_OK ||
	    cseg_model_get_int(m, CSEG_RESULT_N_ITER, n_iter) != CSEG_OK)
		die("results");
}

int main(int argc, char **argv)
{
	int threads = 0, repeats = 3, stream;
	long long d, k, n = 0, chunk = 0, passes = 1, seed = 0;
	cseg_model *m = NULL;
	double inertia = 0.0;
	int64_t n_iter = 0;
	int first_opt;

	if (argc < 6 || (strcmp(argv[1], "fit") && strcmp(argv[1], "stream"))) {
		fprintf(stderr, "usage: bench_minibatch fit DATA N D K [--threads T] [--repeats R] [--seed S]\n"
			"       bench_minibatch stream CSV D K CHUNK_ROWS [--passes P] [--threads T]\n");
		return 2;
	}
	stream = strcmp(argv[1], "stream") == 0;
	if (stream) {
		d = atoll(argv[3]);
		k = atoll(argv[4]);
		chunk = atoll(argv[5]);
		first_opt = 6;
		repeats = 1;
	} else {
		if (argc < 7)
			return 2;
		n = atoll(argv[3]);
		d = atoll(argv[4]);
		k = atoll(argv[5]);
		first_opt = 6;
	}
	(void)d;
	for (int i = first_opt; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--threads") == 0)
			threads = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--repeats") == 0)
			repeats = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = atoll(argv[i + 1]);
		else if (strcmp(argv[i], "--passes") == 0)
			passes = atoll(argv[i + 1]);
		else {
			fprintf(stderr, "bench_minibatch: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (threads > 0)
		cseg_set_max_threads(threads);
	if (cseg_model_new(&m, CSEG_ALGO_MINIBATCH_KMEANS) != CSEG_OK ||
	    cseg_model_set_int(m, CSEG_PARAM_K, k) != CSEG_OK)
		die("model");
	printf("{\"runs\": [");
	if (stream) {
		double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);

		if (cseg_model_fit_csv_stream(m, argv[2], ',', NULL, NULL, 0, chunk, passes) != CSEG_OK)
			die("stream");
		result(m, &inertia, &n_iter);
		printf("{\"wall\": %.6f, \"cpu\": %.6f, \"inertia\": %.10g, \"n_iter\": %lld}",
			now(CLOCK_MONOTONIC) - w0, now(CLOCK_PROCESS_CPUTIME_ID) - c0, inertia,
			(long long)n_iter);
	} else {
		double *x = malloc((size_t)(n * d) * sizeof(double));
		cseg_dataset *ds = NULL;
		FILE *f = fopen(argv[2], "rb");

		if (!x || !f || fread(x, sizeof(double), (size_t)(n * d), f) != (size_t)(n * d)) {
			fprintf(stderr, "bench_minibatch: cannot read %s\n", argv[2]);
			return 1;
		}
		fclose(f);
		if (cseg_dataset_new_view(&ds, x, n, d) != CSEG_OK)
			die("dataset");
		for (int r = 0; r < repeats; r++) {
			double w0, c0;

			cseg_model_set_int(m, CSEG_PARAM_SEED, seed + r);
			w0 = now(CLOCK_MONOTONIC);
			c0 = now(CLOCK_PROCESS_CPUTIME_ID);
			if (cseg_model_fit(m, ds) != CSEG_OK)
				die("fit");
			result(m, &inertia, &n_iter);
			printf("%s{\"wall\": %.6f, \"cpu\": %.6f, \"inertia\": %.10g, \"n_iter\": %lld}",
				r ? ", " : "", now(CLOCK_MONOTONIC) - w0, now(CLOCK_PROCESS_CPUTIME_ID) - c0,
				inertia, (long long)n_iter);
		}
		cseg_dataset_free(ds);
		free(x);
	}
	printf("], \"peak_rss_kb\": %ld}\n", peak_rss_kb());
	cseg_model_free(m);
	return 0;
}
