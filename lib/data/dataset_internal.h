/* The dataset structure, private to the library. */
#ifndef CSEG_DATASET_INTERNAL_H
#define CSEG_DATASET_INTERNAL_H

#include "cseg/cseg_dataset.h"

struct cseg_dataset {
	int64_t n_rows;
	int64_t n_cols;
	const double *data;  /* row-major; == owned unless a view */
	double *owned;       /* NULL for a view */
	char **col_names;    /* n_cols strings, owned */
	char **ids;          /* NULL until set or first read; then ONE allocation: n_rows pointers
	                        followed by the strings (free(ids) releases all). cseg_dataset_id
	                        builds the default with an atomic compare-and-swap (dataset_build.h). */
	int64_t n_missing;   /* NaN cells */
};

/* Checks shared by the algorithms: non-NULL, and no missing values
 * (the message names the first missing cell). `what` names the argument. */
cseg_status cseg__dataset_check_complete(const cseg_dataset *ds, const char *what);

/* Row pointer. */
static inline const double *cseg__row(const cseg_dataset *ds, int64_t i)
{
	return ds->data + i * ds->n_cols;
}

#endif /* CSEG_DATASET_INTERNAL_H */
