/* The assignments CSV shared by `segment` and `assign`. */
#include <stdlib.h>

#include "cli.h"

/* customer_id,segment,distance,margin, one row per customer. */
int cli_write_assignments(const char *path, const cseg_dataset *ds, const cseg_assignment *a)
{
	int64_t n = cseg_assignment_n_rows(a);
	int64_t *labels = malloc((size_t)n * sizeof(*labels));
	double *dist = malloc((size_t)n * sizeof(*dist));
	double *margin = malloc((size_t)n * sizeof(*margin));
	cli_out out;
	int rc = -1;

	if (!labels || !dist || !margin)
		goto done;
	cseg_assignment_get_labels(a, labels, n);
	cseg_assignment_get_distances(a, dist, n);
	cseg_assignment_get_margins(a, margin, n);
	if (cli_out_open(&out, path))
		goto done;
	fputs("customer_id,segment,distance,margin\n", out.f);
	for (int64_t i = 0; i < n; i++) {
		cli_csv_field(out.f, cseg_dataset_id(ds, i));
		fprintf(out.f, ",%lld,%.17g,%.17g\n", (long long)labels[i], dist[i], margin[i]);
	}
	rc = cli_out_commit(&out);
done:
	free(labels);
	free(dist);
	free(margin);
	return rc;
}
