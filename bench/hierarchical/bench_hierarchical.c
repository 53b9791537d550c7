/* Time one hierarchical fit on a matrix written by run.sh:
 *   bench_hierarchical FILE N D LINKAGE OUT
 * FILE holds N x D row-major doubles; LINKAGE is ward, complete, average or
 * single. Writes the linkage matrix ((N-1) x 4 doubles) to OUT and prints
 *   cseg <wall seconds> <cpu seconds> <threads>
 * run.sh calls it once per repeat under /usr/bin/time -v for the peak memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	int64_t n, d;
	double *x, *z, t0, c0;
	int linkage = -1;
	cseg_dataset *ds = NULL;
	cseg_model *m = NULL;

	if (argc < 6) {
		fprintf(stderr, "usage: %s FILE N D LINKAGE OUT\n", argv[0]);
		return 2;
	}
	n = atoll(argv[2]);
	d = atoll(argv[3]);
	for (int l = 0; l < 4; l++)
		if (cseg_linkage_name((cseg_linkage)l) && strcmp(cseg_linkage_name((cseg_linkage)l), argv[4]) == 0)
			linkage = l;
	x = malloc((size_t)(n * d) * sizeof(*x));
	z = malloc((size_t)((n - 1) * 4) * sizeof(*z));
	fp = fopen(argv[1], "rb");
	if (linkage < 0 || !fp || !x || !z || fread(x, sizeof(*x), (size_t)(n * d), fp) != (size_t)(n * d)) {
		fprintf(stderr, "cannot read %s or unknown linkage %s\n", argv[1], argv[4]);
		return 1;
	}
	fclose(fp);
	t0 = now();
	c0 = (double)clock() / CLOCKS_PER_SEC;
	if (cseg_dataset_new_view(&ds, x, n, d) != CSEG_OK || cseg_model_new(&m, CSEG_ALGO_HIERARCHICAL) != CSEG_OK
	    || cseg_model_set_int(m, CSEG_PARAM_LINKAGE, linkage) != CSEG_OK
	    || cseg_model_set_int(m, CSEG_PARAM_MICRO_CLUSTERS, 0) != CSEG_OK
	    || cseg_model_set_int(m, CSEG_PARAM_K, 8) != CSEG_OK || cseg_model_fit(m, ds) != CSEG_OK
	    || cseg_model_get_array(m, "linkage", z, (n - 1) * 4) != CSEG_OK) {
		fprintf(stderr, "%s\n", cseg_last_error());
		return 1;
	}
	printf("cseg %.6f %.6f %d\n", now() - t0, (double)clock() / CLOCKS_PER_SEC - c0,
		cseg_get_max_threads());
	fp = fopen(argv[5], "wb");
	if (!fp || fwrite(z, sizeof(*z), (size_t)((n - 1) * 4), fp) != (size_t)((n - 1) * 4) || fclose(fp) != 0) {
		fprintf(stderr, "cannot write %s\n", argv[5]);
		return 1;
	}
	cseg_model_free(m);
	cseg_dataset_free(ds);
	free(x);
	free(z);
	return 0;
}
