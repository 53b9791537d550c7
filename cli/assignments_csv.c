/* The CSV tables the commands write: assignments (shared by `segment` and
 * `assign`) and customer feature tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* customer_id,segment,distance,margin,segment_name,confidence, one row per
 * customer. The first four columns are the original layout, kept in place
 * for existing readers. Confidence is the library's (centroid models:
 * 1 - d1 / d2, the distances to the nearest and second-nearest centroids,
 * 1 at a centroid and 0 on a boundary; mixtures: the largest posterior).
 * Customers in no segment (label -1: DBSCAN noise, or a customer the
 * preprocessing could not complete) are named "Unclassified". */
int cli_write_assignments(const char *path, const cseg_dataset *ds, const cseg_assignment *a,
	const int64_t *fit_labels, const char *const *names)
{
	int64_t n = cseg_assignment_n_rows(a);
	int64_t *labels = malloc((size_t)n * sizeof(*labels));
	double *dist = malloc((size_t)n * sizeof(*dist));
	double *margin = malloc((size_t)n * sizeof(*margin));
	double *conf = malloc((size_t)n * sizeof(*conf));
	cli_out out;
	int rc = -1;

	if (!labels || !dist || !margin || !conf) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	cseg_assignment_get_labels(a, labels, n);
	if (fit_labels)
		memcpy(labels, fit_labels, (size_t)n * sizeof(*labels));
	cseg_assignment_get_distances(a, dist, n);
	cseg_assignment_get_margins(a, margin, n);
	cseg_assignment_get_confidence(a, conf, n);
	if (cli_out_open(&out, path))
		goto done;
	fputs("customer_id,segment,distance,margin,segment_name,confidence\n", out.f);
	for (int64_t i = 0; i < n; i++) {
		cli_csv_field(out.f, cseg_dataset_id(ds, i));
		fprintf(out.f, ",%lld,%.17g,%.17g,", (long long)labels[i], dist[i], margin[i]);
		if (labels[i] < 0)
			fputs("Unclassified", out.f);
		else if (names && names[labels[i]])
			cli_csv_field(out.f, names[labels[i]]);
		fprintf(out.f, ",%.6f\n", conf[i]);
	}
	rc = cli_out_commit(&out);
done:
	free(labels);
	free(dist);
	free(margin);
	free(conf);
	return rc;
}

/* Shortest of %.15g and %.17g that reads back exactly: 11.77, not 11.769999999999999. */
static void put_number(FILE *f, double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof(buf), "%.17g", v);
	fputs(buf, f);
}

int cli_write_dataset(const char *path, const cseg_dataset *ds)
{
	int64_t n = cseg_dataset_n_rows(ds), d = cseg_dataset_n_cols(ds);
	double *x = malloc((size_t)(n * d) * sizeof(*x));
	cli_out out;
	int rc = -1;

	if (!x) {
		fprintf(stderr, "cseg: out of memory\n");
		return -1;
	}
	cseg_dataset_copy_data(ds, x, n * d);
	if (cli_out_open(&out, path))
		goto done;
	fputs("customer_id", out.f);
	for (int64_t j = 0; j < d; j++) {
		fputc(',', out.f);
		cli_csv_field(out.f, cseg_dataset_column_name(ds, j));
	}
	fputc('\n', out.f);
	for (int64_t i = 0; i < n; i++) {
		cli_csv_field(out.f, cseg_dataset_id(ds, i));
		for (int64_t j = 0; j < d; j++) {
			double v = x[i * d + j];
			fputc(',', out.f);
			if (isnan(v))
				fputs("NA", out.f);
			else
				put_number(out.f, v);
		}
		fputc('\n', out.f);
	}
	rc = cli_out_commit(&out);
done:
	free(x);
	return rc;
}
