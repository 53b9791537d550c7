/* The preprocessing handle, private to the library. prep.c: handle,
 * settings and getters; prep_fit.c: statistics; prep_apply.c: transforms;
 * prep_codec.c: the "CSEGPREP" encoding (also embedded in model files). */
#ifndef CSEG_PREP_INTERNAL_H
#define CSEG_PREP_INTERNAL_H

#include <stddef.h>

#include <math.h>

#include "cseg/cseg_prep.h"
#include "../data/dataset_internal.h"

#define CSEG__PREP_SCALER_MASK 0x0f
#define CSEG__PREP_SCALER_LAST CSEG_TRANSFORM_ROBUST
#define CSEG__PREP_MISSING_LAST CSEG_MISSING_INDICATOR

/* Bits of cseg__prep_spec.set: which calls named the column. */
#define CSEG__SPEC_COLUMN 1u       /* cseg_prep_set_column */
#define CSEG__SPEC_CATEGORICAL 2u  /* cseg_prep_set_categorical */

/* A column's configuration as the caller gave it. */
typedef struct cseg__prep_spec {
	char *name;
	unsigned set;
	int missing;
	double constant;
	int transform;
	double weight;
} cseg__prep_spec;

/* A fitted input column: resolved settings, statistics and its outputs. */
typedef struct cseg__prep_col {
	char *name;
	int missing;
	double constant;
	int transform;
	double weight;
	int categorical;
	double fill;      /* imputed value, raw scale; NaN when the policy imputes nothing */
	double center;    /* after log1p */
	double scale;     /* after log1p, never 0 */
	int64_t n_levels; /* categorical: sorted distinct values */
	double *levels;
	int64_t out_first; /* derived: first output column */
	int64_t n_out;     /* derived: 1, levels, + 1 for an indicator */
} cseg__prep_col;

/* Counts of one transform call. */
typedef struct cseg__prep_report {
	int64_t n_dropped;
	int64_t *n_imputed; /* per input column */
	int64_t *n_unseen;
	int64_t *kept_rows; /* optional, ds->n_rows slots: source row of each output row */
} cseg__prep_report;

struct cseg_prep {
	int def_missing;
	int def_transform;
	int64_t n_specs, cap_specs;
	cseg__prep_spec *specs;

	int fitted;
	int64_t n_in;
	cseg__prep_col *cols;
	int64_t n_out;
	char **out_names;

	cseg__prep_report report; /* of the last cseg_prep_transform */
};

/* The log step of a column's transform (identity without one). */
static inline double cseg__prep_log(int transform, double v)
{
	if (transform & CSEG_TRANSFORM_LOG1P)
		return log1p(v);
	if (transform & CSEG_TRANSFORM_SIGNED_LOG1P)
		return v < 0 ? -log1p(-v) : log1p(v);
	return v;
}

/* Validation shared by the setters and the decoder. */
int cseg__prep_valid_missing(int missing);
int cseg__prep_valid_transform(int transform);

/* Handle without settings (counted as live); the caller fills it. */
cseg_prep *cseg__prep_alloc(void);

/* Free the fitted part (columns, output names, report). */
void cseg__prep_clear_fit(cseg_prep *p);

/* After cols are set: output ranges and names (fails on clashing names). */
cseg_status cseg__prep_layout(cseg_prep *p);

/* Index of input column `name`, or -1. */
int64_t cseg__prep_find_input(const cseg_prep *p, const char *name);

/* Transform without touching the handle: the report goes to rep (arrays of
 * n_in counters the caller allocated, may be NULL), so a fitted model can
 * call it on a shared const handle. */
cseg_status cseg__prep_apply(const cseg_prep *p, const cseg_dataset *ds,
	cseg_dataset **out, cseg__prep_report *rep);

/* Encoding: a new malloc'd buffer / a new handle (counted as live). The
 * decoder never reads past len; every malformed input is CSEG_E_FORMAT
 * (CSEG_E_VERSION for a newer format) and frees everything. */
cseg_status cseg__prep_encode(const cseg_prep *p, unsigned char **buf, size_t *len);
cseg_status cseg__prep_decode(const unsigned char *buf, size_t len, cseg_prep **out);

#endif /* CSEG_PREP_INTERNAL_H */
