/* Report sections that describe the segments: sizes, the profile heatmap,
 * the RFM grid and the PCA map. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "report_internal.h"

#define NAME_CHARS 36   /* longest segment name drawn inside a chart */
#define FEATURE_CHARS 20
#define CHAR_W 6.6      /* rough width of a 12px character, for margins */

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Left margin wide enough for the longest segment name. */
static double name_margin(const cseg_report_input *in, int64_t k, double min, double max)
{
	int longest = 0;
	char buf[32];

	for (int64_t j = 0; j < k; j++) {
		int n = rep_text_len(rep_segment_name(in, j, buf, sizeof(buf)), NAME_CHARS);
		if (n > longest)
			longest = n > NAME_CHARS ? NAME_CHARS : n;
	}
	return clampd(16 + CHAR_W * longest, min, max);
}

/* <title> child: the tooltip a browser shows on hover. */
static void tooltip_open(FILE *f)
{
	fputs("<title>", f);
}

static void tooltip_close(FILE *f)
{
	fputs("</title>", f);
}

static void rect(FILE *f, double x, double y, double w, double h, const char *fill)
{
	fputs("<rect x=\"", f);
	rep_coord(f, x);
	fputs("\" y=\"", f);
	rep_coord(f, y);
	fputs("\" width=\"", f);
	rep_coord(f, w > 0 ? w : 0);
	fputs("\" height=\"", f);
	rep_coord(f, h > 0 ? h : 0);
	fprintf(f, "\" fill=\"%s\">", fill);
}

/* ---- segment sizes: one horizontal bar per segment ---- */

int rep_has_sizes(const cseg_report_input *in)
{
	return in->k > 0 && in->segment_sizes;
}

void rep_section_sizes(FILE *f, const cseg_report_input *in)
{
	const double row = 24, top = 8, width = 840, value_w = 130;
	double left = name_margin(in, in->k, 80, 260);
	double height = top + (double)in->k * row + 40, bottom = top + (double)in->k * row;
	int64_t total = 0, largest = 0;
	rep_scale xs;
	char buf[64], count[32], name_buf[32];

	for (int64_t j = 0; j < in->k; j++) {
		int64_t v = in->segment_sizes[j] > 0 ? in->segment_sizes[j] : 0;
		total += v;
		if (v > largest)
			largest = v;
	}
	rep_fmt_count(count, sizeof(count), total);
	fputs("<section id=\"sizes\">\n<h2>Segment sizes</h2>\n", f);
	fprintf(f, "<p class=\"note\">%" PRId64 " segment%s, %s customers in all.</p>\n<div class=\"scroll\">\n",
		in->k, in->k == 1 ? "" : "s", count);
	rep_svg_open(f, width, height, "Segment sizes");
	rep_scale_nice(&xs, 0, largest > 0 ? (double)largest : 1, 5, 1, left, width - value_w);
	for (double v = xs.lo; v <= xs.hi + xs.step * 0.5; v += xs.step) {
		double px = rep_scale_map(&xs, v);
		fputs("<line class=\"grid\" x1=\"", f);
		rep_coord(f, px);
		fputs("\" x2=\"", f);
		rep_coord(f, px);
		fputs("\" y1=\"", f);
		rep_coord(f, top);
		fputs("\" y2=\"", f);
		rep_coord(f, bottom);
		fputs("\"/>\n", f);
		rep_fmt_tick(buf, sizeof(buf), v, xs.step);
		rep_svg_text(f, px, bottom + 16, "middle", "tick", buf);
	}
	rep_svg_text(f, (left + width - value_w) / 2, bottom + 34, "middle", "axis-title", "customers");
	for (int64_t j = 0; j < in->k; j++) {
		int64_t v = in->segment_sizes[j] > 0 ? in->segment_sizes[j] : 0;
		double y = top + (double)j * row, x1 = rep_scale_map(&xs, (double)v);
		const char *name = rep_segment_name(in, j, name_buf, sizeof(name_buf));
		double share = total > 0 ? 100.0 * (double)v / (double)total : 0;

		rep_fmt_count(count, sizeof(count), in->segment_sizes[j]);
		snprintf(buf, sizeof(buf), "%s (%.1f%%)", count, share);
		rect(f, left, y + 3, x1 - left, row - 6, rep_segment_colour(j));
		tooltip_open(f);
		rep_escape(f, name);
		fprintf(f, ": %s customers, %.1f%%", count, share);
		tooltip_close(f);
		fputs("</rect>\n<text x=\"", f);
		rep_coord(f, left - 8);
		fputs("\" y=\"", f);
		rep_coord(f, y + row / 2 + 4);
		fputs("\" text-anchor=\"end\" class=\"label\">", f);
		rep_escape_trunc(f, name, NAME_CHARS);
		fputs("</text>\n", f);
		rep_svg_text(f, x1 + 6, y + row / 2 + 4, "start", "label", buf);
	}
	rep_svg_close(f);
	fputs("</div>\n</section>\n", f);
}

/* ---- profile heatmap: segments x features, index against the population ---- */

int rep_has_profile(const cseg_report_input *in)
{
	return in->k > 0 && in->d > 0 && in->profile_index;
}

/* Short text for a cell: "134", "1.5k", "12k", "3M". */
static void cell_label(char *buf, size_t size, double v)
{
	double a = fabs(v);

	if (!isfinite(v))
		snprintf(buf, size, "n/a");
	else if (a < 999.5)
		snprintf(buf, size, "%.0f", v);
	else if (a < 9999.5)
		snprintf(buf, size, "%.1fk", v / 1e3);
	else if (a < 999500)
		snprintf(buf, size, "%.0fk", v / 1e3);
	else if (a < 1e9)
		snprintf(buf, size, "%.0fM", v / 1e6);
	else
		snprintf(buf, size, "%s1G+", v < 0 ? "-" : "");
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, size, "0");
}

static void profile_legend(FILE *f)
{
	static const double ticks[] = { 100 / REP_INDEX_CAP, 50, 100, 200, 100 * REP_INDEX_CAP };
	const char *const *stops;
	int n = rep_diverging_stops(&stops);
	const double x0 = 110, w = 300, y = 22;
	char buf[32];

	rep_svg_open(f, 560, 62, "Colour scale of the profile heatmap");
	fputs("<defs><linearGradient id=\"rep-diverging\">", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "<stop offset=\"%.3f\" stop-color=\"%s\"/>", (double)i / (n - 1), stops[i]);
	fputs("</linearGradient></defs>\n", f);
	rep_svg_text(f, x0 - 8, y + 11, "end", "tick", "below average");
	fputs("<rect x=\"110\" y=\"22\" width=\"300\" height=\"14\" fill=\"url(#rep-diverging)\" "
		"stroke=\"#bbb\"/>\n", f);
	rep_svg_text(f, x0 + w + 8, y + 11, "start", "tick", "above average");
	for (size_t i = 0; i < sizeof(ticks) / sizeof(ticks[0]); i++) {
		double px = x0 + (rep_index_position(ticks[i]) + 1) / 2 * w;
		fputs("<line class=\"frame\" x1=\"", f);
		rep_coord(f, px);
		fputs("\" x2=\"", f);
		rep_coord(f, px);
		fputs("\" y1=\"36\" y2=\"40\"/>\n", f);
		if (i == 0)
			snprintf(buf, sizeof(buf), "\xE2\x89\xA4%.0f", ticks[i]);  /* ≤ */
		else if (i == sizeof(ticks) / sizeof(ticks[0]) - 1)
			snprintf(buf, sizeof(buf), "\xE2\x89\xA5%.0f", ticks[i]);  /* ≥ */
		else
			snprintf(buf, sizeof(buf), "%.0f", ticks[i]);
		rep_svg_text(f, px, 52, "middle", "tick", buf);
	}
	rep_svg_text(f, x0 + w / 2, 14, "middle", "axis-title", "index vs population (100 = average)");
	fprintf(f, "<rect x=\"500\" y=\"22\" width=\"20\" height=\"14\" fill=\"%s\" stroke=\"#bbb\"/>\n",
		REP_COLOUR_NA);
	rep_svg_text(f, 526, 33, "start", "tick", "n/a");
	rep_svg_close(f);
}

void rep_section_profile(FILE *f, const cseg_report_input *in)
{
	const int64_t k = in->k, d = in->d;
	const double ch = 26;
	double left = name_margin(in, k, 80, 260);
	double cw = clampd((960 - left) / (double)d, 38, 90);
	int longest = 0;
	double header, width, height;
	char buf[64], name_buf[32];

	for (int64_t j = 0; j < d; j++) {
		int n = rep_text_len(rep_feature_name(in, j, name_buf, sizeof(name_buf)), FEATURE_CHARS);
		if (n > longest)
			longest = n > FEATURE_CHARS ? FEATURE_CHARS : n;
	}
	header = clampd(14 + CHAR_W * longest * 0.72, 30, 130);
	width = left + (double)d * cw + CHAR_W * FEATURE_CHARS * 0.72;
	height = header + (double)k * ch + 8;

	fputs("<section id=\"profile\">\n<h2>Profiles</h2>\n<p class=\"note\">Each cell is the segment's "
		"mean of a feature as a percentage of the population mean: 100 is average, 200 twice "
		"it, 50 half. Colours stop at ", f);
	fprintf(f, "%.0f and %.0f.", 100 / REP_INDEX_CAP, 100 * REP_INDEX_CAP);
	if (in->profile_mean)
		fputs(" Hover a cell for the segment's mean.", f);
	fputs("</p>\n<div class=\"scroll\">\n", f);
	rep_svg_open(f, width, height, "Profile heatmap");
	for (int64_t j = 0; j < d; j++) {
		const char *name = rep_feature_name(in, j, name_buf, sizeof(name_buf));
		fputs("<text class=\"label\" transform=\"translate(", f);
		rep_coord(f, left + ((double)j + 0.5) * cw - 2);
		fputc(' ', f);
		rep_coord(f, header - 6);
		fputs(") rotate(-45)\">", f);
		rep_escape_trunc(f, name, FEATURE_CHARS);
		tooltip_open(f);
		rep_escape(f, name);
		tooltip_close(f);
		fputs("</text>\n", f);
	}
	for (int64_t i = 0; i < k; i++) {
		const char *seg = rep_segment_name(in, i, buf, sizeof(buf));
		double y = header + (double)i * ch;

		fputs("<text x=\"", f);
		rep_coord(f, left - 8);
		fputs("\" y=\"", f);
		rep_coord(f, y + ch / 2 + 4);
		fputs("\" text-anchor=\"end\" class=\"label\">", f);
		rep_escape_trunc(f, seg, NAME_CHARS);
		tooltip_open(f);
		rep_escape(f, seg);
		tooltip_close(f);
		fputs("</text>\n", f);
		for (int64_t j = 0; j < d; j++) {
			double v = in->profile_index[i * d + j], t = rep_index_position(v);
			double x = left + (double)j * cw;
			char fill[8], text[32], value[48];

			if (isfinite(t))
				rep_diverging(t, fill);
			else
				snprintf(fill, sizeof(fill), "%s", REP_COLOUR_NA);
			rect(f, x, y, cw - 1, ch - 1, fill);
			tooltip_open(f);
			rep_escape(f, seg);
			fputs(" \xC2\xB7 ", f);  /* middle dot */
			rep_escape(f, rep_feature_name(in, j, name_buf, sizeof(name_buf)));
			rep_fmt_value(value, sizeof(value), v);
			fprintf(f, ": index %s", value);
			if (in->profile_mean) {
				rep_fmt_value(value, sizeof(value), in->profile_mean[i * d + j]);
				fprintf(f, ", mean %s", value);
			}
			tooltip_close(f);
			fputs("</rect>", f);
			cell_label(text, sizeof(text), v);
			fputs("<text class=\"cell\" x=\"", f);
			rep_coord(f, x + (cw - 1) / 2);
			fputs("\" y=\"", f);
			rep_coord(f, y + ch / 2 + 3);
			fprintf(f, "\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n",
				!isfinite(t) ? "#777" : fabs(t) > 0.62 ? "#fff" : "#222", text);
		}
	}
	rep_svg_close(f);
	fputs("</div>\n", f);
	profile_legend(f);
	fputs("</section>\n", f);
}

/* ---- RFM grid: R score (rows, 5 at the top) x F score (columns) ---- */

int rep_has_rfm(const cseg_report_input *in)
{
	return in->rfm_counts != NULL;
}

void rep_section_rfm(FILE *f, const cseg_report_input *in)
{
	const double cw = 104, ch = 58, left = 84, top = 30;
	const double width = left + 5 * cw + 20, height = top + 5 * ch + 46;
	int64_t largest = 0, total = 0;
	char count[32], value[48], buf[64];

	for (int i = 0; i < 25; i++) {
		if (in->rfm_counts[i] > largest)
			largest = in->rfm_counts[i];
		if (in->rfm_counts[i] > 0)
			total += in->rfm_counts[i];
	}
	rep_fmt_count(count, sizeof(count), total);
	fputs("<section id=\"rfm\">\n<h2>RFM grid</h2>\n<p class=\"note\">Customers by recency score "
		"(rows, 5 = bought most recently) and frequency score (columns, 5 = bought most often); "
		"darker cells hold more customers", f);
	fputs(in->rfm_monetary ? ", and each shows its mean monetary value" : "", f);
	fprintf(f, ". %s customers in all.</p>\n", count);
	rep_svg_open(f, width, height, "RFM grid");
	for (int fs = 1; fs <= 5; fs++) {
		snprintf(buf, sizeof(buf), "F %d", fs);
		rep_svg_text(f, left + (fs - 0.5) * cw, top - 10, "middle", "label", buf);
	}
	for (int r = 5; r >= 1; r--) {
		double y = top + (5 - r) * ch;

		snprintf(buf, sizeof(buf), "R %d", r);
		rep_svg_text(f, left - 10, y + ch / 2 + 4, "end", "label", buf);
		for (int fs = 1; fs <= 5; fs++) {
			int cell = (r - 1) * 5 + (fs - 1);
			int64_t c = in->rfm_counts[cell];
			double t = largest > 0 && c > 0 ? sqrt((double)c / (double)largest) : 0;
			double x = left + (fs - 1) * cw;
			const char *ink = t > 0.6 ? "#fff" : "#222";
			char fill[8];

			rep_sequential(t, fill);
			rep_fmt_count(count, sizeof(count), c);
			rect(f, x, y, cw - 2, ch - 2, fill);
			fprintf(f, "<title>R %d, F %d: %s customers", r, fs, count);
			if (in->rfm_monetary) {
				rep_fmt_value(value, sizeof(value), in->rfm_monetary[cell]);
				fprintf(f, "; mean monetary %s", value);
			}
			fputs("</title></rect>\n", f);
			fputs("<text x=\"", f);
			rep_coord(f, x + cw / 2 - 1);
			fputs("\" y=\"", f);
			rep_coord(f, y + (in->rfm_monetary ? ch / 2 - 2 : ch / 2 + 4));
			fprintf(f, "\" text-anchor=\"middle\" class=\"cell\" font-size=\"13\" font-weight=\"600\" "
				"fill=\"%s\">%s</text>\n", ink, count);
			if (in->rfm_monetary) {
				rep_fmt_value(value, sizeof(value), c > 0 ? in->rfm_monetary[cell] : NAN);
				snprintf(buf, sizeof(buf), "mean %s", value);
				fputs("<text x=\"", f);
				rep_coord(f, x + cw / 2 - 1);
				fputs("\" y=\"", f);
				rep_coord(f, y + ch / 2 + 14);
				fprintf(f, "\" text-anchor=\"middle\" class=\"cell\" fill=\"%s\">", ink);
				rep_escape(f, buf);
				fputs("</text>\n", f);
			}
		}
	}
	rep_svg_text(f, left + 2.5 * cw, top + 5 * ch + 22, "middle", "axis-title",
		"frequency score (1 = fewest purchases)");
	fputs("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(", f);
	rep_coord(f, 26);
	fputc(' ', f);
	rep_coord(f, top + 2.5 * ch);
	fputs(") rotate(-90)\">recency score (5 = most recent)</text>\n", f);
	rep_svg_close(f);
	fputs("</section>\n", f);
}

/* ---- PCA map: customers on the first two components, by segment ---- */

int rep_has_pca(const cseg_report_input *in)
{
	return in->n_points > 0 && in->pca_x && in->pca_y;
}

/* The group a point is drawn in: its segment, or -1 (unclassified) for -1,
 * out-of-range labels and when no labels were given. */
static int64_t point_group(const cseg_report_input *in, int64_t i)
{
	int64_t g;

	if (!in->pca_label)
		return in->k > 0 ? -2 : -1;  /* -2: one plain group, no legend */
	g = in->pca_label[i];
	return g >= 0 && g < in->k ? g : -1;
}

static void axis_title(char *buf, size_t size, int axis, double explained)
{
	if (isfinite(explained) && explained >= 0 && explained <= 1)
		snprintf(buf, size, "PC%d (%.1f%% of variance)", axis, 100 * explained);
	else if (isfinite(explained)) {
		char value[48];
		rep_fmt_value(value, sizeof(value), explained);
		snprintf(buf, size, "PC%d (variance %s)", axis, value);
	} else
		snprintf(buf, size, "PC%d", axis);
}

void rep_section_pca(FILE *f, const cseg_report_input *in)
{
	const int64_t n = in->n_points;
	const int64_t stride = n > REP_MAX_POINTS ? (n + REP_MAX_POINTS - 1) / REP_MAX_POINTS : 1;
	const double left = 70, top = 14, pw = 560, ph = 440, row = 18, col_w = 290;
	int64_t n_finite = 0, n_drawn = 0, rows_per_col = (int64_t)(ph / row);
	double min_x = INFINITY, max_x = -INFINITY, min_y = INFINITY, max_y = -INFINITY;
	int64_t n_groups = in->pca_label ? in->k + 1 : 0, n_cols;
	rep_scale xs, ys;
	char x_title[80], y_title[80], count[32], buf[32];

	for (int64_t i = 0; i < n; i++) {
		double x = in->pca_x[i], y = in->pca_y[i];
		if (!isfinite(x) || !isfinite(y))
			continue;
		n_finite++;
		if (i % stride == 0)
			n_drawn++;
		min_x = x < min_x ? x : min_x;
		max_x = x > max_x ? x : max_x;
		min_y = y < min_y ? y : min_y;
		max_y = y > max_y ? y : max_y;
	}
	rep_fmt_count(count, sizeof(count), n_drawn);
	fputs("<section id=\"pca\">\n<h2>PCA map</h2>\n<p class=\"note\">", f);
	if (!n_finite) {
		fputs("No customer in the sample has finite coordinates.</p>\n</section>\n", f);
		return;
	}
	fprintf(f, "%s customers on the first two principal components", count);
	if (stride > 1)
		fprintf(f, " (every %" PRId64 "th of the %" PRId64 " given)", stride, n_finite);
	fputs(in->pca_label ? ", coloured by segment." : ".", f);
	if (in->pca_label && in->k > 8)
		fputs(" Segments that share a colour have different marker shapes.", f);
	fputs("</p>\n<div class=\"scroll\">\n", f);

	n_cols = n_groups ? (n_groups + rows_per_col - 1) / rows_per_col : 0;
	rep_scale_nice(&xs, min_x, max_x, 6, 0, left, left + pw);
	rep_scale_nice(&ys, min_y, max_y, 6, 0, top + ph, top);
	axis_title(x_title, sizeof(x_title), 1, in->pca_explained[0]);
	axis_title(y_title, sizeof(y_title), 2, in->pca_explained[1]);
	rep_svg_open(f, left + pw + 24 + (double)n_cols * col_w, top + ph + 46, "PCA map of customers");
	rep_svg_axes(f, &xs, &ys, NULL, 0, x_title, y_title);
	/* unclassified first, underneath the segments */
	for (int64_t g = in->pca_label ? -1 : -2; g < (in->pca_label ? in->k : -1); g++) {
		int64_t members = 0;
		int shape = g == -2 ? REP_SHAPE_CIRCLE : rep_segment_shape(g);
		const char *colour = rep_segment_colour(g == -2 ? 0 : g);

		for (int64_t i = 0; i < n; i += stride)
			members += point_group(in, i) == g && isfinite(in->pca_x[i]) && isfinite(in->pca_y[i]);
		if (!members)
			continue;
		fputs("<g opacity=\"0.75\">", f);
		rep_svg_markers_begin(f, colour, shape, 5);
		for (int64_t i = 0; i < n; i += stride)
			if (point_group(in, i) == g)
				rep_svg_marker(f, shape, rep_scale_map(&xs, in->pca_x[i]),
					rep_scale_map(&ys, in->pca_y[i]), 5);
		rep_svg_markers_end(f);
		fputs("</g>\n", f);
	}
	/* legend: one row per segment, unclassified last, in columns */
	for (int64_t r = 0; r < n_groups; r++) {
		int64_t g = r < in->k ? r : -1, members = 0;
		double lx = left + pw + 30 + (double)(r / rows_per_col) * col_w;
		double ly = top + 8 + (double)(r % rows_per_col) * row;

		for (int64_t i = 0; i < n; i += stride)
			members += point_group(in, i) == g && isfinite(in->pca_x[i]) && isfinite(in->pca_y[i]);
		if (g < 0 && !members)
			continue;
		rep_svg_markers_begin(f, rep_segment_colour(g), rep_segment_shape(g), 8);
		rep_svg_marker(f, rep_segment_shape(g), lx, ly, 8);
		rep_svg_markers_end(f);
		rep_fmt_count(count, sizeof(count), members);
		fputs("<text x=\"", f);
		rep_coord(f, lx + 10);
		fputs("\" y=\"", f);
		rep_coord(f, ly + 4);
		fputs("\" class=\"label\">", f);
		rep_escape_trunc(f, rep_segment_name(in, g, buf, sizeof(buf)), 34);
		fprintf(f, " (%s)</text>\n", count);
	}
	rep_svg_close(f);
	fputs("</div>\n</section>\n", f);
}
