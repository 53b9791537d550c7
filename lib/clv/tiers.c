/* CLV tiers: value quantiles with ties kept together, tier 1 the highest.
 * The bins are the RFM module's balanced bins (documented in cseg_rfm.h),
 * so a CLV tier and an RFM score of the same values agree. */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "segments/rfm_internal.h"
#include "clv_internal.h"

#define MAX_TIERS 1000

cseg_status cseg_clv_tiers(int64_t *out, double *cuts_out, int64_t n_cuts, const double *values,
	int64_t n_rows, int64_t n_tiers)
{
	static const char fn[] = "cseg_clv_tiers";
	int64_t *bin;
	double *cuts;
	cseg_status st;

	if (!out || !values)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, out ? "values" : "out");
	if (n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows = %lld, need at least 1", fn, (long long)n_rows);
	if (n_tiers < 2 || n_tiers > MAX_TIERS)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_tiers = %lld must be in 2..%d", fn,
			(long long)n_tiers, MAX_TIERS);
	if (n_tiers > n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_tiers = %lld exceeds n_rows = %lld", fn,
			(long long)n_tiers, (long long)n_rows);
	if (cuts_out ? n_cuts != n_tiers - 1 : n_cuts != 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_cuts = %lld must be %s", fn, (long long)n_cuts,
			cuts_out ? "n_tiers - 1" : "0 when cuts_out is NULL");
	for (int64_t i = 0; i < n_rows; i++)
		if (!isfinite(values[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: row %lld: value %g must be finite", fn,
				(long long)i, values[i]);
	bin = cseg__malloc_array((size_t)n_rows, sizeof(*bin));
	cuts = cseg__malloc_array((size_t)n_tiers, sizeof(*cuts));
	if (!bin || !cuts) {
		free(bin);
		free(cuts);
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory for %lld rows", fn, (long long)n_rows);
	}
	st = cseg__rfm_bin(values, n_rows, n_tiers, CSEG_RFM_BINNING_BALANCED, bin, cuts);
	if (st == CSEG_OK) {
		/* Bins count up from the lowest values; tiers from the highest. */
		for (int64_t i = 0; i < n_rows; i++)
			out[i] = n_tiers + 1 - bin[i];
		for (int64_t j = 0; j < n_cuts; j++)
			cuts_out[j] = cuts[n_tiers - 2 - j];
	}
	free(bin);
	free(cuts);
	return st;
}
