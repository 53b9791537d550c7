/* Time cseg_metric_silhouette (exact) on a matrix written by run.sh:
 *   bench_silhouette FILE N D [REPEATS]
 * FILE holds N int64 labels, then N x D row-major doubles. Prints one line:
 *   cseg <wall seconds> <cpu seconds> <silhouette> <threads>
 * (wall: best of REPEATS; cpu: process CPU time of that run). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cseg/cseg.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	FILE *fp;
	int64_t n, d, *labels;
	double *x, best = 1e300, best_cpu = 0.0, value = 0.0;
	int repeats;
	cseg_dataset *ds;

	if (argc < 4) {
		fprintf(stderr, "usage: %s FILE N D [REPEATS]\n", argv[0]);
		return 2;
	}
	n = atoll(argv[2]);
	d = atoll(argv[3]);
	repeats = argc > 4 ? atoi(argv[4]) : 3;
	labels = malloc((size_t)n * sizeof(*labels));
	x = malloc((size_t)(n * d) * sizeof(*x));
	fp = fopen(argv[1], "rb");
	if (!fp || !labels || !x || fread(labels, sizeof(*labels), (size_t)n, fp) != (size_t)n
	    || fread(x, sizeof(*x), (size_t)(n * d), fp) != (size_t)(n * d)) {
		fprintf(stderr, "cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(fp);
	if (cseg_dataset_new_view(&ds, x, n, d) != CSEG_OK) {
		fprintf(stderr, "%s\n", cseg_last_error());
		return 1;
	}
	for (int r = 0; r < repeats; r++) {
		double t0 = now(), c0 = (double)clock() / CLOCKS_PER_SEC, t;

		if (cseg_metric_silhouette(ds, labels, n, 0, 0, &value) != CSEG_OK) {
			fprintf(stderr, "%s\n", cseg_last_error());
			return 1;
		}
		t = now() - t0;
		if (t < best) {
			best = t;
			best_cpu = (double)clock() / CLOCKS_PER_SEC - c0;
		}
	}
	printf("cseg %.6f %.6f %.17g %d\n", best, best_cpu, value, cseg_get_max_threads());
	cseg_dataset_free(ds);
	free(x);
	free(labels);
	return 0;
}
