/* The HTML report of `cseg report` and `cseg segment --report`: one
 * self-contained file (inline SVG and CSS, no script, no network). The
 * commands fill a cseg_report_input from the library's results; the writer
 * only draws, so it can be tested on hand-made inputs. Every section is
 * optional: a NULL or zero-sized part is left out of the page. */
#ifndef CSEG_CLI_REPORT_H
#define CSEG_CLI_REPORT_H

#include <stdint.h>

typedef struct report_kv {
	const char *key;
	const char *value;
} report_kv;

typedef struct cseg_report_input {
	const char *title;              /* page title, e.g. "CDNOW customers as of 1998-06-30" */

	/* Run parameters and data fingerprint, shown as a table. */
	const report_kv *params;
	int64_t n_params;

	/* Segments: k names and sizes (customers). */
	int64_t k;
	const char *const *segment_names;
	const int64_t *segment_sizes;

	/* Profile heatmap: k x d index against the population (100 = average),
	 * row-major, with d feature names; NaN cells are drawn as "n/a". */
	int64_t d;
	const char *const *feature_names;
	const double *profile_index;
	const double *profile_mean;     /* k x d segment means, shown in cell tooltips; may be NULL */

	/* RFM grid: counts of customers by R score (rows, 5..1) x F score
	 * (columns, 1..5), 25 values, row r-1 = R score r; mean monetary per
	 * cell (25 values, may be NULL). */
	const int64_t *rfm_counts;
	const double *rfm_monetary;

	/* PCA scatter: n points (a sample), x/y coordinates, segment label of
	 * each (0..k-1, -1 = unclassified), explained variance of the 2 axes.
	 * The writer shows an explained value in [0, 1] as a share of the
	 * variance ("PC1 (41.2% of variance)"), another finite value as a
	 * variance, and leaves NaN out; points with a NaN coordinate are
	 * skipped, labels outside 0..k-1 drawn as unclassified, and samples
	 * over 20000 points thinned evenly. */
	int64_t n_points;
	const double *pca_x;
	const double *pca_y;
	const int64_t *pca_label;
	double pca_explained[2];

	/* CLV: histogram of P(alive) (n_alive_bins equal bins over [0, 1]). */
	int64_t n_alive_bins;
	const int64_t *alive_counts;

	/* Calibration vs holdout: mean actual and predicted holdout purchases
	 * per calibration frequency bucket (bucket labels "0", "1", ..., "7+"). */
	int64_t n_holdout_buckets;
	const char *const *holdout_labels;
	const double *holdout_actual;
	const double *holdout_predicted;

	/* Choosing k: n_k rows of the k-selection table; any curve may be NULL. */
	int64_t n_k;
	const int64_t *k_values;
	const double *k_inertia;
	const double *k_silhouette;
	const double *k_calinski;
	const double *k_gap;
	const double *k_bic;
	int64_t k_chosen;               /* marked on the curves; 0 = none */
} cseg_report_input;

/* Write the report to path atomically (temporary file + rename), or to
 * stdout for "-". Returns 0, or -1 with a message in err. */
int cseg_report_write(const cseg_report_input *in, const char *path, char *err, size_t err_size);

#endif /* CSEG_CLI_REPORT_H */
