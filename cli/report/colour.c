/* Colours of the report, all safe for the common colour-vision
 * deficiencies: Okabe-Ito for categories, ColorBrewer RdBu (diverging) and
 * Blues (sequential) for values. */
#include <math.h>
#include <stdlib.h>

#include "report_internal.h"

/* Okabe & Ito (2008), "Color Universal Design"; yellow last because it is
 * the hardest to see on white. */
static const char *const okabe_ito[] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442",
};
#define N_CATEGORICAL ((int64_t)(sizeof(okabe_ito) / sizeof(okabe_ito[0])))

/* ColorBrewer RdBu, 7 classes, blue (below the population) to red (above). */
static const char *const rdbu[] = {
	"#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b",
};
/* ColorBrewer Blues, 9 classes. */
static const char *const blues[] = {
	"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b",
};

const char *rep_segment_colour(int64_t j)
{
	if (j < 0)
		return REP_COLOUR_UNCLASSIFIED;
	return okabe_ito[j % N_CATEGORICAL];
}

int rep_segment_shape(int64_t j)
{
	if (j < 0)
		return REP_SHAPE_CROSS;
	return (int)((j / N_CATEGORICAL) % REP_N_SHAPES);
}

double rep_index_position(double index)
{
	double t;

	if (!isfinite(index))
		return NAN;
	if (index <= 0)
		return -1;  /* the log scale has no room for it: the cap */
	t = log(index / 100.0) / log(REP_INDEX_CAP);
	return t < -1 ? -1 : t > 1 ? 1 : t;
}

static void interpolate(const char *const *stops, int n, double t, char out[8])
{
	double pos, frac;
	int i, c[3];

	if (!(t >= 0))
		t = 0;
	if (t > 1)
		t = 1;
	pos = t * (n - 1);
	i = (int)floor(pos);
	if (i >= n - 1)
		i = n - 2;
	frac = pos - i;
	for (int ch = 0; ch < 3; ch++) {
		char a[3] = { stops[i][1 + 2 * ch], stops[i][2 + 2 * ch], 0 };
		char b[3] = { stops[i + 1][1 + 2 * ch], stops[i + 1][2 + 2 * ch], 0 };
		double va = (double)strtol(a, NULL, 16), vb = (double)strtol(b, NULL, 16);
		c[ch] = (int)lround(va + (vb - va) * frac);
	}
	snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

void rep_diverging(double t, char out[8])
{
	interpolate(rdbu, 7, (t + 1) / 2, out);
}

void rep_sequential(double t, char out[8])
{
	interpolate(blues, 9, t, out);
}

int rep_diverging_stops(const char *const **stops)
{
	*stops = rdbu;
	return 7;
}

int rep_sequential_stops(const char *const **stops)
{
	*stops = blues;
	return 9;
}
