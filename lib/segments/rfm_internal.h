/* RFM internals shared by rfm.c and rfm_bins.c. */
#ifndef CSEG_RFM_INTERNAL_H
#define CSEG_RFM_INTERNAL_H

#include "cseg/cseg_rfm.h"

/* Bins 1..n_bins of x[0..n-1] (n >= 1, all finite) by `method`, and the
 * n_bins - 1 cut points that describe them. Fails only with CSEG_E_NOMEM,
 * before writing anything. */
cseg_status cseg__rfm_bin(const double *x, int64_t n, int64_t n_bins, int method,
	int64_t *bin, double *cuts);

/* Bins from fixed cut points: 1 + #{j : x > cuts[j]}. */
void cseg__rfm_bin_fixed(const double *x, int64_t n, int64_t n_bins, const double *cuts, int64_t *bin);

#endif /* CSEG_RFM_INTERNAL_H */
