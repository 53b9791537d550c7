/* RFM binning: tie-aware balanced quantile bins, rank bins and fixed cut
 * points (the rules are documented in include/cseg/cseg_rfm.h). */
#include <math.h>
#include <stdlib.h>

#include "core/core.h"
#include "rfm_internal.h"

typedef struct vr {
	double v;
	int64_t row;
} vr;

/* By value, then by row: a total order, so qsort's instability cannot
 * change the result. */
static int cmp_vr(const void *a, const void *b)
{
	const vr *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* Cut j (1-based) = the largest value in bins <= j; just below the smallest
 * value when those bins are all empty. */
static void cuts_from_bins(const vr *s, const int64_t *bin_at, int64_t n, int64_t n_bins, double *cuts)
{
	for (int64_t j = 1; j < n_bins; j++) {
		double c = nextafter(s[0].v, -INFINITY);

		for (int64_t p = 0; p < n && bin_at[p] <= j; p++)
			c = s[p].v;
		cuts[j - 1] = c;
	}
}

cseg_status cseg__rfm_bin(const double *x, int64_t n, int64_t n_bins, int method,
	int64_t *bin, double *cuts)
{
	vr *s = cseg__malloc_array((size_t)n, sizeof(*s));
	int64_t *bin_at = cseg__malloc_array((size_t)n, sizeof(*bin_at));
	int64_t *gstart = cseg__malloc_array((size_t)n + 1, sizeof(*gstart));
	int64_t d = 0;

	if (!s || !bin_at || !gstart) {
		free(s);
		free(bin_at);
		free(gstart);
		return cseg__error(CSEG_E_NOMEM, "no memory to rank %lld values", (long long)n);
	}
	for (int64_t i = 0; i < n; i++) {
		s[i].v = x[i];
		s[i].row = i;
	}
	qsort(s, (size_t)n, sizeof(*s), cmp_vr);

	if (method == CSEG_RFM_BINNING_RANK) {
		/* pandas.qcut(rank, n_bins) has right-closed edges at
		 * 1 + (j / n_bins)(n - 1); computed in doubles as numpy does, so
		 * the bins equal pandas' for any n, not only multiples of n_bins. */
		for (int64_t p = 0; p < n; p++) {
			int64_t b = 1;
			for (int64_t j = 1; j < n_bins; j++) {
				double vi = ((double)j * (1.0 / (double)n_bins)) * (double)(n - 1);
				double lo = floor(vi);
				b += (double)(p + 1) > (lo + 1.0) + (vi - lo);
			}
			bin_at[p] = b;
		}
	} else {
		/* Groups of equal values: gstart[g] .. gstart[g + 1] - 1. */
		for (int64_t p = 0; p < n; p++)
			if (p == 0 || s[p].v != s[p - 1].v)
				gstart[d++] = p;
		gstart[d] = n;
		if (d >= n_bins) {
			int64_t g = 0, left = n;

			for (int64_t b = 1; b <= n_bins; b++) {
				int64_t bins_left = n_bins - b + 1, size = 0;
				double target = (double)left / (double)bins_left;

				while (g < d) {
					int64_t gs = gstart[g + 1] - gstart[g];

					if (size > 0 && (d - g - 1 < bins_left - 1
							|| 2.0 * (double)size + (double)gs > 2.0 * target))
						break;
					for (int64_t p = gstart[g]; p < gstart[g + 1]; p++)
						bin_at[p] = b;
					size += gs;
					g++;
				}
				left -= size;
			}
		} else {
			for (int64_t g = 0; g < d; g++) {
				int64_t b = d == 1 ? (n_bins + 1) / 2
					: 1 + (2 * g * (n_bins - 1) + (d - 1)) / (2 * (d - 1));

				for (int64_t p = gstart[g]; p < gstart[g + 1]; p++)
					bin_at[p] = b;
			}
		}
	}
	for (int64_t p = 0; p < n; p++)
		bin[s[p].row] = bin_at[p];
	cuts_from_bins(s, bin_at, n, n_bins, cuts);
	free(s);
	free(bin_at);
	free(gstart);
	return CSEG_OK;
}

void cseg__rfm_bin_fixed(const double *x, int64_t n, int64_t n_bins, const double *cuts, int64_t *bin)
{
	for (int64_t i = 0; i < n; i++) {
		int64_t b = 1;

		for (int64_t j = 0; j < n_bins - 1; j++)
			b += x[i] > cuts[j];
		bin[i] = b;
	}
}
