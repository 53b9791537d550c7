/* Time cseg's k-means fit on a raw matrix written by bench_kmeans.py.
 *
 *   bench_kmeans DATA N D K [options]
 *     DATA          N x D little-endian float64, row-major
 *     --init FILE   K x D float64 initial centres (default: k-means++)
 *     --method M    auto | lloyd | hamerly (default auto)
 *     --threads T   cseg_set_max_threads (default 0: all)
 *     --repeats R   fits to time (default 3)
 *     --seed S      k-means++ seed of the first repeat; repeat r uses S + r
 *     --max-iter M, --tol T
 *
 * Prints one JSON object: per repeat the fit time, iterations, inertia and
 * the median time between progress callbacks (one Lloyd/Hamerly iteration,
 * the first iteration excluded as it also carries the set-up; wall and
 * process CPU time), and the
 * peak resident set of the process (VmHWM). The dataset is a view of
 * the loaded buffer, so the data is held once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cseg/cseg.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b);

/* CPU time of the whole process (all threads): on a shared machine it
 * shows the work done even when wall time is stretched by other loads. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct stamps {
	double t[4096], cpu[4096];
	int n;
} stamps;

static int on_progress(double fraction, void *payload)
{
	stamps *s = payload;

	(void)fraction;
	if (s->n < 4096) {
		s->cpu[s->n] = cpu_now();
		s->t[s->n++] = now();
	}
	return 0;
}

/* Median of the differences of v[0..n). */
static double median_step(const double *v, int n)
{
	double dt[4096];

	if (n < 2)
		return 0.0;
	for (int i = 1; i < n; i++)
		dt[i - 1] = v[i] - v[i - 1];
	qsort(dt, (size_t)(n - 1), sizeof(double), cmp_double);
	return dt[(n - 1) / 2];
}

/* Peak resident set of this process image. ru_maxrss would do, but Linux
 * carries the parent's peak across exec, so a small driver that made the
 * data first would inflate it; VmHWM belongs to this image alone. */
static long peak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	struct rusage ru;

	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
				break;
		fclose(f);
	}
	if (kb < 0 && getrusage(RUSAGE_SELF, &ru) == 0)
		kb = ru.ru_maxrss;
	return kb;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double *load(const char *path, size_t count)
{
	FILE *f = fopen(path, "rb");
	double *v = malloc(count * sizeof(double));

	if (!f || !v || fread(v, sizeof(double), count, f) != count) {
		fprintf(stderr, "bench_kmeans: cannot read %zu doubles from %s\n", count, path);
		exit(2);
	}
	fclose(f);
	return v;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_kmeans: %s: %s\n", what, cseg_last_error());
	exit(1);
}

int main(int argc, char **argv)
{
	const char *init_path = NULL, *method_name = "auto";
	long long n, d, k, seed = 0, max_iter = 300;
	int threads = 0, repeats = 3;
	double tol = 1e-4, *x, *init = NULL;
	int64_t method = CSEG_KMEANS_AUTO;
	cseg_dataset *ds = NULL;

	if (argc < 5) {
		fprintf(stderr, "usage: bench_kmeans DATA N D K [--init FILE] [--method auto|lloyd|hamerly]"
			" [--threads T] [--repeats R] [--seed S] [--max-iter M] [--tol T]\n");
		return 2;
	}
	n = atoll(argv[2]);
	d = atoll(argv[3]);
	k = atoll(argv[4]);
	for (int i = 5; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--init"))
			init_path = argv[i + 1];
		else if (!strcmp(argv[i], "--method"))
			method_name = argv[i + 1];
		else if (!strcmp(argv[i], "--threads"))
			threads = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--repeats"))
			repeats = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			seed = atoll(argv[i + 1]);
		else if (!strcmp(argv[i], "--max-iter"))
			max_iter = atoll(argv[i + 1]);
		else if (!strcmp(argv[i], "--tol"))
			tol = atof(argv[i + 1]);
		else {
			fprintf(stderr, "bench_kmeans: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (!strcmp(method_name, "lloyd"))
		method = CSEG_KMEANS_LLOYD;
	else if (!strcmp(method_name, "hamerly"))
		method = CSEG_KMEANS_HAMERLY;

	x = load(argv[1], (size_t)(n * d));
	if (init_path)
		init = load(init_path, (size_t)(k * d));
	if (cseg_set_max_threads(threads) != CSEG_OK)
		die("threads");
	if (cseg_dataset_new_view(&ds, x, n, d) != CSEG_OK)
		die("dataset");

	printf("{\"n\": %lld, \"d\": %lld, \"k\": %lld, \"method\": \"%s\", \"init\": \"%s\", "
		"\"threads\": %d, \"runs\": [", n, d, k, method_name, init ? "given" : "k-means++",
		cseg_get_max_threads());
	for (int r = 0; r < repeats; r++) {
		cseg_model *m = NULL;
		stamps *st = calloc(1, sizeof(*st));
		double t0, t1, c0, c1, inertia;
		int64_t n_iter;

		if (cseg_model_new(&m, CSEG_ALGO_KMEANS) != CSEG_OK ||
			cseg_model_set_int(m, CSEG_PARAM_K, k) != CSEG_OK ||
			cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, max_iter) != CSEG_OK ||
			cseg_model_set_double(m, CSEG_PARAM_TOL, tol) != CSEG_OK ||
			cseg_model_set_int(m, CSEG_PARAM_SEED, seed + r) != CSEG_OK ||
			cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, method) != CSEG_OK ||
			cseg_model_set_progress_callback(m, on_progress, st) != CSEG_OK)
			die("model");
		if (init && cseg_model_set_init_centers(m, init, k, d) != CSEG_OK)
			die("init");
		c0 = cpu_now();
		t0 = now();
		if (cseg_model_fit(m, ds) != CSEG_OK)
			die("fit");
		t1 = now();
		c1 = cpu_now();
		cseg_model_get_double(m, CSEG_RESULT_INERTIA, &inertia);
		cseg_model_get_int(m, CSEG_RESULT_N_ITER, &n_iter);
		printf("%s{\"fit_s\": %.6f, \"fit_cpu_s\": %.6f, \"n_iter\": %lld, \"inertia\": %.17g, "
			"\"step_s\": %.6f, \"step_cpu_s\": %.6f, \"first_iter_s\": %.6f}", r ? ", " : "",
			t1 - t0, c1 - c0, (long long)n_iter, inertia, median_step(st->t, st->n),
			median_step(st->cpu, st->n), st->n ? st->t[0] - t0 : 0.0);
		fflush(stdout);
		cseg_model_free(m);
		free(st);
	}
	printf("], \"maxrss_kb\": %ld}\n", peak_rss_kb());
	cseg_dataset_free(ds);
	free(x);
	free(init);
	return 0;
}
