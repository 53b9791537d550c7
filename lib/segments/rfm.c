/* The RFM handle: options, scores, cells and named segments (the segment
 * table is a rule set evaluated on the scores). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "data/dataset_internal.h"
#include "rfm_internal.h"
#include "rules_internal.h"

#define N_DIMS 3
#define N_VARS 8

static const char *const dim_names[N_DIMS] = {"recency", "frequency", "monetary"};
static const char *const var_names[N_VARS] = {
	"r", "f", "m", "fm", "cell", "recency", "frequency", "monetary"
};

/* The widely used table on R and FM = (F + M) / 2 for five bins, ordered
 * so that first-match-wins partitions the whole R x FM grid. */
static const char default_rules[] =
	"# Default RFM segments: r = recency score, fm = (frequency score + monetary score) / 2,\n"
	"# both 1..5. The first matching rule wins.\n"
	"r >= 4 and fm >= 4 -> \"Champions\"\n"
	"r >= 3 and fm >= 3 -> \"Loyal\"\n"
	"r >= 4 and fm >= 2 -> \"Potential Loyalists\"\n"
	"r == 5 -> \"New\"\n"
	"r == 4 -> \"Promising\"\n"
	"r == 3 and fm >= 2 -> \"Need Attention\"\n"
	"r == 3 -> \"About to Sleep\"\n"
	"r == 1 and fm >= 4 -> \"Can't Lose Them\"\n"
	"fm >= 3 -> \"At Risk\"\n"
	"fm >= 2 -> \"Hibernating\"\n"
	"true -> \"Lost\"\n";

struct cseg_rfm {
	int64_t n_bins;
	int binning;
	double *user_cuts[N_DIMS];
	int64_t n_user_cuts[N_DIMS];
	cseg_rules *rules;
	int default_table;

	/* Results (n_rows == 0 before the first computation). */
	int64_t n_rows;
	int64_t bins_used;
	int64_t *score[N_DIMS];
	double *cuts[N_DIMS];
	int64_t *cell;
	int64_t *segment;
	int64_t *segment_sizes;
	char **segment_names; /* copied from the table used for these results */
	int64_t n_segments;
};

const char *cseg_rfm_default_segment_rules(void)
{
	return default_rules;
}

/* Parse a table and check that it only uses the RFM variables. */
static cseg_status parse_table(cseg_rules **out, const char *text)
{
	cseg_rules *r = NULL;
	cseg_status st = cseg_rules_parse(&r, text);

	*out = NULL;
	if (st != CSEG_OK)
		return st;
	for (int64_t v = 0; v < r->n_vars; v++) {
		int ok = 0;

		for (int k = 0; k < N_VARS; k++)
			ok |= strcmp(r->vars[v].name, var_names[k]) == 0;
		if (!ok) {
			st = cseg__error(CSEG_E_INVALID_ARG,
				"RFM segment rules: line %lld, column %lld: unknown variable '%s'; use r, f, m, "
				"fm, cell, recency, frequency or monetary", (long long)r->vars[v].line,
				(long long)r->vars[v].col, r->vars[v].name);
			cseg_rules_free(r);
			return st;
		}
	}
	if ((st = cseg_rules_set_fallback_name(r, "Other")) != CSEG_OK) {
		cseg_rules_free(r);
		return st;
	}
	*out = r;
	return CSEG_OK;
}

static void free_results(cseg_rfm *rfm)
{
	for (int d = 0; d < N_DIMS; d++) {
		free(rfm->score[d]);
		free(rfm->cuts[d]);
		rfm->score[d] = NULL;
		rfm->cuts[d] = NULL;
	}
	free(rfm->cell);
	free(rfm->segment);
	free(rfm->segment_sizes);
	rfm->cell = rfm->segment = rfm->segment_sizes = NULL;
	for (int64_t s = 0; s < rfm->n_segments; s++)
		free(rfm->segment_names[s]);
	free(rfm->segment_names);
	rfm->segment_names = NULL;
	rfm->n_segments = 0;
	rfm->n_rows = 0;
}

void cseg_rfm_free(cseg_rfm *rfm)
{
	if (!rfm)
		return;
	free_results(rfm);
	for (int d = 0; d < N_DIMS; d++)
		free(rfm->user_cuts[d]);
	cseg_rules_free(rfm->rules);
	free(rfm);
	cseg__handle_freed();
}

cseg_status cseg_rfm_new(cseg_rfm **out)
{
	cseg_rfm *rfm;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_new: out is NULL");
	*out = NULL;
	rfm = cseg__calloc(1, sizeof(*rfm));
	if (!rfm)
		return cseg__error(CSEG_E_NOMEM, "no memory for an RFM handle");
	cseg__handle_created();
	rfm->n_bins = 5;
	rfm->binning = CSEG_RFM_BINNING_BALANCED;
	rfm->default_table = 1;
	if ((st = parse_table(&rfm->rules, default_rules)) != CSEG_OK) {
		cseg_rfm_free(rfm);
		return st;
	}
	*out = rfm;
	return CSEG_OK;
}

cseg_status cseg_rfm_set_int(cseg_rfm *rfm, int key, int64_t value)
{
	if (!rfm)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_set_int: rfm is NULL");
	switch (key) {
	case CSEG_RFM_N_BINS:
		if (value < 2 || value > 10)
			return cseg__error(CSEG_E_INVALID_ARG,
				"cseg_rfm_set_int: n_bins = %lld; valid values are 2 to 10", (long long)value);
		rfm->n_bins = value;
		return CSEG_OK;
	case CSEG_RFM_BINNING:
		if (value != CSEG_RFM_BINNING_BALANCED && value != CSEG_RFM_BINNING_RANK)
			return cseg__error(CSEG_E_INVALID_ARG,
				"cseg_rfm_set_int: binning = %lld; valid values are 0 (balanced) and 1 (rank)",
				(long long)value);
		rfm->binning = (int)value;
		return CSEG_OK;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_rfm_set_int: unknown key %d", key);
	}
}

cseg_status cseg_rfm_get_int(const cseg_rfm *rfm, int key, int64_t *out)
{
	if (!rfm || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_get_int: %s is NULL", rfm ? "out" : "rfm");
	switch (key) {
	case CSEG_RFM_N_BINS: *out = rfm->n_bins; return CSEG_OK;
	case CSEG_RFM_BINNING: *out = rfm->binning; return CSEG_OK;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_rfm_get_int: unknown key %d", key);
	}
}

cseg_status cseg_rfm_set_cuts(cseg_rfm *rfm, int dim, const double *cuts, int64_t n_cuts)
{
	double *copy = NULL;

	if (!rfm)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_set_cuts: rfm is NULL");
	if (dim < 0 || dim >= N_DIMS)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_set_cuts: dim = %d; valid values are 0 "
			"(recency), 1 (frequency), 2 (monetary)", dim);
	if (!cuts && n_cuts != 0)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_set_cuts: cuts is NULL but n_cuts is %lld",
			(long long)n_cuts);
	if (n_cuts < 0 || n_cuts > 9)
		return cseg__error(CSEG_E_INVALID_ARG,
			"cseg_rfm_set_cuts: n_cuts = %lld; valid values are 1 to 9 (n_bins - 1)", (long long)n_cuts);
	for (int64_t j = 0; j < n_cuts; j++) {
		if (!isfinite(cuts[j]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_set_cuts: %s cuts[%lld] is %s",
				dim_names[dim], (long long)j, isnan(cuts[j]) ? "NaN" : "infinite");
		if (j > 0 && !(cuts[j] > cuts[j - 1]))
			return cseg__error(CSEG_E_INVALID_ARG,
				"cseg_rfm_set_cuts: %s cuts must be strictly increasing, but cuts[%lld] = %g "
				"<= cuts[%lld] = %g", dim_names[dim], (long long)j, cuts[j], (long long)j - 1,
				cuts[j - 1]);
	}
	if (n_cuts > 0) {
		copy = cseg__malloc_array((size_t)n_cuts, sizeof(*copy));
		if (!copy)
			return cseg__error(CSEG_E_NOMEM, "no memory for cut points");
		memcpy(copy, cuts, (size_t)n_cuts * sizeof(*copy));
	}
	free(rfm->user_cuts[dim]);
	rfm->user_cuts[dim] = copy;
	rfm->n_user_cuts[dim] = n_cuts;
	return CSEG_OK;
}

cseg_status cseg_rfm_set_segment_rules(cseg_rfm *rfm, const char *text)
{
	cseg_rules *r;
	cseg_status st;

	if (!rfm)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_set_segment_rules: rfm is NULL");
	if ((st = parse_table(&r, text ? text : default_rules)) != CSEG_OK)
		return st;
	cseg_rules_free(rfm->rules);
	rfm->rules = r;
	rfm->default_table = text == NULL;
	return CSEG_OK;
}

/* Score s in 1..n_bins mapped to 1..5 for the default table. */
static double to5(int64_t s, int64_t n_bins)
{
	return 1.0 + floor((double)(s - 1) * 4.0 / (double)(n_bins - 1) + 0.5);
}

/* Evaluate the segment table on the scores; fills rfm-style arrays. */
static cseg_status segments(const cseg_rfm *rfm, int64_t n, int64_t *const score[N_DIMS],
	const int64_t *cell, const double *const raw[N_DIMS], int64_t *segment, int64_t *sizes)
{
	cseg_dataset *ds = NULL;
	double *m = cseg__malloc_array((size_t)n * N_VARS, sizeof(*m));
	int use5 = rfm->default_table && rfm->n_bins != 5;
	cseg_status st;

	if (!m)
		return cseg__error(CSEG_E_NOMEM, "no memory for RFM segment variables of %lld rows",
			(long long)n);
	for (int64_t i = 0; i < n; i++) {
		double *row = m + i * N_VARS;

		for (int d = 0; d < N_DIMS; d++) {
			row[d] = use5 ? to5(score[d][i], rfm->n_bins) : (double)score[d][i];
			row[5 + d] = raw[d][i];
		}
		row[3] = (row[1] + row[2]) / 2.0;
		row[4] = (double)cell[i];
	}
	st = cseg_dataset_new_view(&ds, m, n, N_VARS);
	if (st == CSEG_OK)
		st = cseg_dataset_set_column_names(ds, var_names, N_VARS);
	if (st == CSEG_OK)
		st = cseg_rules_apply(rfm->rules, ds, NULL, 0);
	if (st == CSEG_OK)
		st = cseg_rules_get_segments(rfm->rules, segment, n);
	if (st == CSEG_OK) {
		int64_t k = cseg_rules_n_segments(rfm->rules);

		memset(sizes, 0, (size_t)k * sizeof(*sizes));
		for (int64_t i = 0; i < n; i++)
			sizes[segment[i]]++;
	}
	cseg_dataset_free(ds);
	free(m);
	return st;
}

static cseg_status check_array(const char *fn, const char *what, const double *x, int64_t n_x,
	int64_t n)
{
	if (!x)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, what);
	if (n_x != n)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s has %lld values but recency has %lld",
			fn, what, (long long)n_x, (long long)n);
	for (int64_t i = 0; i < n; i++) {
		if (isnan(x[i]))
			return cseg__error(CSEG_E_MISSING_VALUES,
				"%s: %s is missing (NaN) at row %lld (0-based)", fn, what, (long long)i);
		if (!isfinite(x[i]))
			return cseg__error(CSEG_E_INVALID_ARG,
				"%s: %s is infinite at row %lld (0-based)", fn, what, (long long)i);
	}
	return CSEG_OK;
}

static cseg_status compute(cseg_rfm *rfm, const char *fn, const char *const what[N_DIMS],
	const double *const x[N_DIMS], const int64_t n_x[N_DIMS])
{
	int64_t n = n_x[0], nb = rfm->n_bins, base = nb <= 9 ? 10 : 100;
	int64_t *score[N_DIMS] = {NULL, NULL, NULL}, *cell = NULL, *segment = NULL, *sizes = NULL;
	int64_t k = cseg_rules_n_segments(rfm->rules);
	double *cuts[N_DIMS] = {NULL, NULL, NULL};
	char **seg_names = NULL;
	cseg_status st = CSEG_OK;
	int d;

	if (!x[0])
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, what[0]);
	if (n < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %lld customers; at least 1 is needed",
			fn, (long long)n);
	for (d = 0; d < N_DIMS; d++)
		if ((st = check_array(fn, what[d], x[d], n_x[d], n)) != CSEG_OK)
			return st;
	for (d = 0; d < N_DIMS; d++)
		if (rfm->user_cuts[d] && rfm->n_user_cuts[d] != nb - 1)
			return cseg__error(CSEG_E_INVALID_ARG,
				"%s: %lld %s cut points were set, but n_bins = %lld needs %lld", fn,
				(long long)rfm->n_user_cuts[d], dim_names[d], (long long)nb, (long long)nb - 1);

	for (d = 0; d < N_DIMS; d++) {
		score[d] = cseg__malloc_array((size_t)n, sizeof(int64_t));
		cuts[d] = cseg__malloc_array((size_t)nb - 1, sizeof(double));
	}
	cell = cseg__malloc_array((size_t)n, sizeof(int64_t));
	segment = cseg__malloc_array((size_t)n, sizeof(int64_t));
	sizes = cseg__malloc_array((size_t)k, sizeof(int64_t));
	seg_names = cseg__calloc((size_t)k, sizeof(char *));
	if (!score[0] || !score[1] || !score[2] || !cuts[0] || !cuts[1] || !cuts[2] || !cell
			|| !segment || !sizes || !seg_names) {
		st = cseg__error(CSEG_E_NOMEM, "%s: no memory for the scores of %lld customers",
			fn, (long long)n);
		goto fail;
	}
	for (d = 0; d < N_DIMS && st == CSEG_OK; d++) {
		if (rfm->user_cuts[d]) {
			memcpy(cuts[d], rfm->user_cuts[d], (size_t)(nb - 1) * sizeof(double));
			cseg__rfm_bin_fixed(x[d], n, nb, cuts[d], score[d]);
		} else {
			st = cseg__rfm_bin(x[d], n, nb, rfm->binning, score[d], cuts[d]);
		}
	}
	if (st != CSEG_OK)
		goto fail;
	/* Recency: fewer days is better. */
	for (int64_t i = 0; i < n; i++)
		score[CSEG_RFM_RECENCY][i] = nb + 1 - score[CSEG_RFM_RECENCY][i];
	for (int64_t i = 0; i < n; i++)
		cell[i] = (score[0][i] * base + score[1][i]) * base + score[2][i];
	if ((st = segments(rfm, n, score, cell, x, segment, sizes)) != CSEG_OK)
		goto fail;
	for (int64_t s = 0; s < k; s++)
		if (!(seg_names[s] = cseg__strdup(cseg_rules_segment_name(rfm->rules, s)))) {
			st = cseg__error(CSEG_E_NOMEM, "%s: no memory for segment names", fn);
			goto fail;
		}

	free_results(rfm);
	for (d = 0; d < N_DIMS; d++) {
		rfm->score[d] = score[d];
		rfm->cuts[d] = cuts[d];
	}
	rfm->cell = cell;
	rfm->segment = segment;
	rfm->segment_sizes = sizes;
	rfm->segment_names = seg_names;
	rfm->n_segments = k;
	rfm->n_rows = n;
	rfm->bins_used = nb;
	return CSEG_OK;
fail:
	for (d = 0; d < N_DIMS; d++) {
		free(score[d]);
		free(cuts[d]);
	}
	free(cell);
	free(segment);
	free(sizes);
	for (int64_t s = 0; seg_names && s < k; s++)
		free(seg_names[s]);
	free(seg_names);
	return st;
}

cseg_status cseg_rfm_compute(cseg_rfm *rfm, const double *recency, int64_t n_recency,
	const double *frequency, int64_t n_frequency, const double *monetary, int64_t n_monetary)
{
	const double *x[N_DIMS] = {recency, frequency, monetary};
	const int64_t n_x[N_DIMS] = {n_recency, n_frequency, n_monetary};

	if (!rfm)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rfm_compute: rfm is NULL");
	return compute(rfm, "cseg_rfm_compute", dim_names, x, n_x);
}

cseg_status cseg_rfm_compute_dataset(cseg_rfm *rfm, const cseg_dataset *data,
	const char *recency_column, const char *frequency_column, const char *monetary_column)
{
	const char *fn = "cseg_rfm_compute_dataset";
	const char *names[N_DIMS] = {recency_column, frequency_column, monetary_column};
	const char *arg[N_DIMS] = {"recency_column", "frequency_column", "monetary_column"};
	char what[N_DIMS][300];
	const char *whatp[N_DIMS];
	double *cols[N_DIMS] = {NULL, NULL, NULL};
	int64_t n_x[N_DIMS];
	cseg_status st = CSEG_OK;

	if (!rfm || !data)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, rfm ? "data" : "rfm");
	for (int d = 0; d < N_DIMS && st == CSEG_OK; d++) {
		int64_t col = -1;

		if (!names[d]) {
			st = cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, arg[d]);
			break;
		}
		for (int64_t j = 0; j < data->n_cols && col < 0; j++)
			if (strcmp(data->col_names[j], names[d]) == 0)
				col = j;
		if (col < 0) {
			st = cseg__error(CSEG_E_INVALID_ARG, "%s: %s: the dataset has no column '%s'",
				fn, arg[d], names[d]);
			break;
		}
		snprintf(what[d], sizeof(what[d]), "column '%s'", names[d]);
		whatp[d] = what[d];
		n_x[d] = data->n_rows;
		cols[d] = cseg__malloc_array((size_t)data->n_rows, sizeof(double));
		if (!cols[d]) {
			st = cseg__error(CSEG_E_NOMEM, "%s: no memory to copy a column", fn);
			break;
		}
		for (int64_t i = 0; i < data->n_rows; i++)
			cols[d][i] = cseg__row(data, i)[col];
	}
	if (st == CSEG_OK) {
		const double *x[N_DIMS] = {cols[0], cols[1], cols[2]};

		st = compute(rfm, fn, whatp, x, n_x);
	}
	for (int d = 0; d < N_DIMS; d++)
		free(cols[d]);
	return st;
}

/* ---- results ------------------------------------------------------------ */

int64_t cseg_rfm_n_rows(const cseg_rfm *rfm)
{
	return rfm ? rfm->n_rows : -1;
}

static cseg_status check_get(const cseg_rfm *rfm, const char *fn, const void *out, int64_t n_out,
	int64_t n_expected, const char *what)
{
	if (!rfm)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: rfm is NULL", fn);
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	if (rfm->n_rows == 0)
		return cseg__error(CSEG_E_NOT_FITTED, "%s: no scores yet (call cseg_rfm_compute)", fn);
	if (n_out != n_expected)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out (%lld) must equal the %s (%lld)",
			fn, (long long)n_out, what, (long long)n_expected);
	return CSEG_OK;
}

static cseg_status check_dim(const char *fn, int dim)
{
	if (dim < 0 || dim >= N_DIMS)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: dim = %d; valid values are 0 (recency), "
			"1 (frequency), 2 (monetary)", fn, dim);
	return CSEG_OK;
}

cseg_status cseg_rfm_get_scores(const cseg_rfm *rfm, int dim, int64_t *out, int64_t n_out)
{
	const char *fn = "cseg_rfm_get_scores";
	cseg_status st = check_dim(fn, dim);

	if (st == CSEG_OK)
		st = check_get(rfm, fn, out, n_out, rfm ? rfm->n_rows : 0, "customers");
	if (st == CSEG_OK)
		memcpy(out, rfm->score[dim], (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_rfm_get_cuts(const cseg_rfm *rfm, int dim, double *out, int64_t n_out)
{
	const char *fn = "cseg_rfm_get_cuts";
	cseg_status st = check_dim(fn, dim);

	if (st == CSEG_OK)
		st = check_get(rfm, fn, out, n_out, rfm ? rfm->bins_used - 1 : 0, "cut points (n_bins - 1)");
	if (st == CSEG_OK)
		memcpy(out, rfm->cuts[dim], (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_rfm_get_cells(const cseg_rfm *rfm, int64_t *out, int64_t n_out)
{
	cseg_status st = check_get(rfm, "cseg_rfm_get_cells", out, n_out, rfm ? rfm->n_rows : 0,
		"customers");

	if (st == CSEG_OK)
		memcpy(out, rfm->cell, (size_t)n_out * sizeof(*out));
	return st;
}

int64_t cseg_rfm_n_segments(const cseg_rfm *rfm)
{
	if (!rfm)
		return -1;
	return rfm->n_rows ? rfm->n_segments : cseg_rules_n_segments(rfm->rules);
}

const char *cseg_rfm_segment_name(const cseg_rfm *rfm, int64_t segment)
{
	if (!rfm || segment < 0)
		return NULL;
	if (rfm->n_rows)
		return segment < rfm->n_segments ? rfm->segment_names[segment] : NULL;
	return cseg_rules_segment_name(rfm->rules, segment);
}

cseg_status cseg_rfm_get_segments(const cseg_rfm *rfm, int64_t *out, int64_t n_out)
{
	cseg_status st = check_get(rfm, "cseg_rfm_get_segments", out, n_out, rfm ? rfm->n_rows : 0,
		"customers");

	if (st == CSEG_OK)
		memcpy(out, rfm->segment, (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_rfm_get_segment_sizes(const cseg_rfm *rfm, int64_t *out, int64_t n_out)
{
	cseg_status st = check_get(rfm, "cseg_rfm_get_segment_sizes", out, n_out,
		rfm ? rfm->n_segments : 0, "segments");

	if (st == CSEG_OK)
		memcpy(out, rfm->segment_sizes, (size_t)n_out * sizeof(*out));
	return st;
}
