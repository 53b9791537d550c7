/* Rules that turn a curve into a k: the gap statistic's standard-error
 * rules (as R's cluster::maxSE) and the knee of a decreasing curve. */
#include <math.h>

#include "../core/core.h"
#include "cseg/cseg_kselect.h"

/* 0-based index of the first local maximum: the first k whose successor
 * does not increase, else the last. */
static int64_t first_max(const double *f, int64_t n)
{
	for (int64_t i = 0; i + 1 < n; i++)
		if (f[i + 1] - f[i] <= 0)
			return i;
	return n - 1;
}

static int64_t global_max(const double *f, int64_t n)
{
	int64_t best = 0;

	for (int64_t i = 1; i < n; i++)
		if (f[i] > f[best])
			best = i;
	return best;
}

/* Smallest index before nc whose value is within one SE of f[nc]. */
static int64_t within_se_of(const double *f, const double *se, double factor, int64_t nc)
{
	for (int64_t i = 0; i < nc; i++)
		if (f[i] >= f[nc] - factor * se[nc])
			return i;
	return nc;
}

cseg_status cseg_gap_choose(const double *gap, const double *se, int64_t n, int rule,
	double se_factor, int64_t *index_out)
{
	if (!gap || !se || !index_out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_gap_choose: %s is NULL",
			!gap ? "gap" : !se ? "se" : "index_out");
	if (n < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_gap_choose: n = %lld, need >= 1", (long long)n);
	if (!(se_factor >= 0) || !isfinite(se_factor))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_gap_choose: se_factor = %g, need finite >= 0",
			se_factor);
	for (int64_t i = 0; i < n; i++)
		if (!isfinite(gap[i]) || !isfinite(se[i]) || se[i] < 0)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_gap_choose: gap[%lld] = %g, se[%lld] = %g "
				"(need finite values and se >= 0)", (long long)i, gap[i], (long long)i, se[i]);
	switch (rule) {
	case CSEG_GAP_FIRST_MAX:
		*index_out = first_max(gap, n);
		break;
	case CSEG_GAP_GLOBAL_MAX:
		*index_out = global_max(gap, n);
		break;
	case CSEG_GAP_TIB_SE_MAX:
		*index_out = n - 1;
		for (int64_t i = 0; i + 1 < n; i++)
			if (gap[i] >= gap[i + 1] - se_factor * se[i + 1]) {
				*index_out = i;
				break;
			}
		break;
	case CSEG_GAP_FIRST_SE_MAX:
		*index_out = within_se_of(gap, se, se_factor, first_max(gap, n));
		break;
	case CSEG_GAP_GLOBAL_SE_MAX:
		*index_out = within_se_of(gap, se, se_factor, global_max(gap, n));
		break;
	default:
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_gap_choose: unknown rule %d", rule);
	}
	return CSEG_OK;
}

cseg_status cseg_knee(const double *x, const double *y, int64_t n, int64_t *index_out)
{
	double ymin, ymax, best = 0;

	if (!x || !y || !index_out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_knee: %s is NULL",
			!x ? "x" : !y ? "y" : "index_out");
	if (n < 3)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_knee: n = %lld, need >= 3 points", (long long)n);
	ymin = ymax = y[0];
	for (int64_t i = 0; i < n; i++) {
		if (!isfinite(x[i]) || !isfinite(y[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_knee: point %lld (%g, %g) is not finite",
				(long long)i, x[i], y[i]);
		if (i > 0 && !(x[i] > x[i - 1]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_knee: x must increase, but x[%lld] = %g "
				"follows %g", (long long)i, x[i], x[i - 1]);
		ymin = fmin(ymin, y[i]);
		ymax = fmax(ymax, y[i]);
	}
	*index_out = -1;
	if (ymax == ymin)
		return CSEG_OK;
	for (int64_t i = 1; i + 1 < n; i++) {
		/* Both axes scaled to [0, 1]; the chord joins the end points. */
		double t = (x[i] - x[0]) / (x[n - 1] - x[0]);
		double yn = (y[i] - ymin) / (ymax - ymin);
		double y0 = (y[0] - ymin) / (ymax - ymin), y1 = (y[n - 1] - ymin) / (ymax - ymin);
		double below = y0 + t * (y1 - y0) - yn;

		if (below > best + 1e-12) {
			best = below;
			*index_out = i;
		}
	}
	return CSEG_OK;
}
