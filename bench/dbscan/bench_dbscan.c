/* Time cseg's DBSCAN fit on a raw matrix written by bench_dbscan.py.
 *
 *   bench_dbscan DATA N D EPS MIN_SAMPLES [--threads T] [--repeats R] [--labels FILE]
 *     DATA      N x D little-endian float64, row-major
 *     --threads cseg_set_max_threads (default 0: all)
 *     --repeats fits to time (default 3)
 *     --labels  write the labels of the last fit as N int64 (for the
 *               agreement check against the peers)
 *
 * Prints one JSON object: per repeat the wall and process CPU time of the
 * fit (labels included), the clusters and noise count, and the peak
 * resident set of the process (VmHWM). The dataset is a view of the loaded
 * buffer, so the data is held once. */
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

/* Peak resident set of this process image (VmHWM; ru_maxrss would carry
 * the parent's peak across exec). */
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
	fprintf(stderr, "bench_dbscan: %s: %s\n", what, cseg_last_error());
	exit(1);
}

int main(int argc, char **argv)
{
	const char *labels_path = NULL;
	long long n, d, min_samples;
	int threads = 0, repeats = 3;
	double eps, *x;
	int64_t *labels;
	cseg_dataset *ds = NULL;
	FILE *f;

	if (argc < 6) {
		fprintf(stderr, "usage: bench_dbscan DATA N D EPS MIN_SAMPLES [--threads T] "
			"[--repeats R] [--labels FILE]\n");
		return 2;
	}
	n = atoll(argv[2]);
	d = atoll(argv[3]);
	eps = atof(argv[4]);
	min_samples = atoll(argv[5]);
	for (int i = 6; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--threads") == 0)
			threads = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--repeats") == 0)
			repeats = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--labels") == 0)
			labels_path = argv[i + 1];
		else {
			fprintf(stderr, "bench_dbscan: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	x = malloc((size_t)(n * d) * sizeof(double));
	labels = malloc((size_t)n * sizeof(int64_t));
	f = fopen(argv[1], "rb");
	if (!x || !labels || !f || fread(x, sizeof(double), (size_t)(n * d), f) != (size_t)(n * d)) {
		fprintf(stderr, "bench_dbscan: cannot read %lld doubles from %s\n", n * d, argv[1]);
		return 2;
	}
	fclose(f);
	if (cseg_set_max_threads(threads) != CSEG_OK)
		die("threads");
	if (cseg_dataset_new_view(&ds, x, n, d) != CSEG_OK)
		die("dataset");
	printf("{\"threads\": %d, \"runs\": [", cseg_get_max_threads());
	for (int r = 0; r < repeats; r++) {
		cseg_model *m = NULL;
		double t0, c0, t1, c1;
		int64_t k, noise = 0;

		if (cseg_model_new(&m, CSEG_ALGO_DBSCAN) != CSEG_OK ||
		    cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, eps) != CSEG_OK ||
		    cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, min_samples) != CSEG_OK)
			die("model");
		c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		t0 = now(CLOCK_MONOTONIC);
		if (cseg_model_fit(m, ds) != CSEG_OK)
			die("fit");
		if (cseg_model_get_labels(m, labels, n) != CSEG_OK)
			die("labels");
		t1 = now(CLOCK_MONOTONIC);
		c1 = now(CLOCK_PROCESS_CPUTIME_ID);
		cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k);
		for (long long i = 0; i < n; i++)
			noise += labels[i] < 0;
		printf("%s{\"fit_s\": %.6f, \"fit_cpu_s\": %.6f, \"clusters\": %lld, \"noise\": %lld}",
			r ? ", " : "", t1 - t0, c1 - c0, (long long)k, (long long)noise);
		fflush(stdout);
		cseg_model_free(m);
	}
	printf("], \"peak_rss_kb\": %ld}\n", peak_rss_kb());
	if (labels_path) {
		f = fopen(labels_path, "wb");
		if (!f || fwrite(labels, sizeof(int64_t), (size_t)n, f) != (size_t)n) {
			fprintf(stderr, "bench_dbscan: cannot write %s\n", labels_path);
			return 2;
		}
		fclose(f);
	}
	cseg_dataset_free(ds);
	free(labels);
	free(x);
	return 0;
}
