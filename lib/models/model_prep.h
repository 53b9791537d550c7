/* Preprocessing held by a model (model_prep.c), used by model.c. */
#ifndef CSEG_MODEL_PREP_H
#define CSEG_MODEL_PREP_H

#include "cseg/cseg_prep.h"
#include "model_internal.h"

/* Transform every row of ds (columns found by the prep's input names) into
 * a new n x n_outputs matrix; ok[i] = 0 for a row the preprocessing cannot
 * complete (a missing value it may not impute), whose values are zeros. */
cseg_status cseg__prep_rows(const cseg_prep *prep, const cseg_dataset *ds, double **xt_out,
	unsigned char **ok_out, int64_t *n_ok_out);

/* Fit a copy of the model's prep on raw, and give the transformed complete
 * rows as a named dataset, their weights (NULL when weights is NULL) and
 * which raw rows they are. */
cseg_status cseg__prep_fit_rows(const cseg_model *m, const cseg_dataset *raw, const double *weights,
	cseg_prep **prep_out, cseg_dataset **xt_out, double **w_out, unsigned char **ok_out);

#endif /* CSEG_MODEL_PREP_H */
