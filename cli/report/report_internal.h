/* Pieces shared by the report writer's files: text escaping and number
 * formatting (html.c, format.c), colours (colour.c), SVG primitives
 * (svg_charts.c) and one function per page section (sections_*.c). All
 * write to a FILE and never fail on their own: the caller checks ferror()
 * once when it commits the file. */
#ifndef CSEG_CLI_REPORT_INTERNAL_H
#define CSEG_CLI_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* --- text (html.c) --- */

/* HTML-escape s (& < > " ') so it is safe in element text and in quoted
 * attributes; control characters become spaces; NULL writes nothing. */
void rep_escape(FILE *f, const char *s);
/* The same, keeping at most max_chars code points and ending with an
 * ellipsis when s was longer (for labels inside charts). */
void rep_escape_trunc(FILE *f, const char *s, int max_chars);
/* Number of UTF-8 code points in s, at most max_chars (+1 if longer). */
int rep_text_len(const char *s, int max_chars);
/* Segment j's name, or "Segment j+1" written to buf when none was given. */
const char *rep_segment_name(const cseg_report_input *in, int64_t j, char *buf, size_t size);
/* Feature j's name, or "feature j+1". */
const char *rep_feature_name(const cseg_report_input *in, int64_t j, char *buf, size_t size);

/* --- numbers (format.c) --- */

/* An SVG coordinate rounded to one decimal ("12.3", "-4", never "nan"). */
void rep_coord(FILE *f, double v);
/* A value for people: 4 significant digits, thousands grouped, "n/a" for
 * NaN and infinities. */
void rep_fmt_value(char *buf, size_t size, double v);
/* A count with thousands grouped ("12,345"). */
void rep_fmt_count(char *buf, size_t size, int64_t v);
/* An axis tick: as many decimals as the step needs, k/M suffixes for big values. */
void rep_fmt_tick(char *buf, size_t size, double v, double step);

/* --- colours (colour.c) --- */

/* Okabe-Ito colours by segment, cycling; shapes tell apart segments that
 * share a colour when k > 8. Label -1 (unclassified) is grey. */
const char *rep_segment_colour(int64_t j);
int rep_segment_shape(int64_t j);
enum { REP_SHAPE_CIRCLE, REP_SHAPE_SQUARE, REP_SHAPE_TRIANGLE, REP_SHAPE_DIAMOND,
	REP_SHAPE_CROSS, REP_N_SHAPES = 4 };
#define REP_COLOUR_UNCLASSIFIED "#8c8c8c"
#define REP_COLOUR_ACTUAL "#0072B2"
#define REP_COLOUR_PREDICTED "#D55E00"
#define REP_COLOUR_NA "#e4e4e4"
/* Diverging blue-white-red (ColorBrewer RdBu) for an index against the
 * population: 100 is white, REP_INDEX_CAP times above or below is the end
 * of the scale. t in [-1, 1] is the position on the scale. */
#define REP_INDEX_CAP 3.0
double rep_index_position(double index);
void rep_diverging(double t, char out[8]);
/* Sequential white-to-blue (ColorBrewer Blues) for t in [0, 1]. */
void rep_sequential(double t, char out[8]);
/* The colour stops of both scales, for legends drawn as gradients. */
int rep_diverging_stops(const char *const **stops);
int rep_sequential_stops(const char *const **stops);

/* --- SVG primitives (svg_charts.c) --- */

/* A linear map from data [lo, hi] to pixels [p0, p1] with round ticks. */
typedef struct rep_scale {
	double lo, hi, step;
	double p0, p1;
} rep_scale;

/* Round [lo, hi] outwards to about n_ticks ticks; integer steps when
 * integer is set. Non-finite or empty ranges become [0, 1] or a padded
 * interval around the value. */
void rep_scale_nice(rep_scale *s, double lo, double hi, int n_ticks, int integer, double p0, double p1);
double rep_scale_map(const rep_scale *s, double v);

/* <svg> with a viewBox, a width for the page and a label for screen readers. */
void rep_svg_open(FILE *f, double w, double h, const char *label);
void rep_svg_close(FILE *f);
/* <text> at (x, y); anchor "start", "middle" or "end"; cls may be NULL. */
void rep_svg_text(FILE *f, double x, double y, const char *anchor, const char *cls, const char *text);
/* Frame, grid lines, tick labels and axis titles of an x-y chart. With
 * x_labels, the x axis is categorical: label i sits at x = i. */
void rep_svg_axes(FILE *f, const rep_scale *x, const rep_scale *y, const char *const *x_labels,
	int64_t n_x_labels, const char *x_title, const char *y_title);
/* A polyline through the finite (x, y) pairs; non-finite values break it.
 * Markers of the given shape (or -1 for none) at every finite point. */
void rep_svg_series(FILE *f, const rep_scale *x, const rep_scale *y, const double *xs, const double *ys,
	int64_t n, const char *colour, int dashed, int shape);
/* Start and end a group of markers sharing a colour and shape, and add one
 * marker (pixel coordinates) to it: a whole segment of a scatter plot is
 * one <path>, which keeps 5000 points well under 200 kB. */
void rep_svg_markers_begin(FILE *f, const char *colour, int shape, double size);
void rep_svg_marker(FILE *f, int shape, double x, double y, double size);
void rep_svg_markers_end(FILE *f);
/* A dashed vertical line from y0 to y1 at x (pixels). */
void rep_svg_vline(FILE *f, double x, double y0, double y1, const char *colour);

/* --- sections (sections_segments.c, sections_fit.c, html.c) --- */

/* Each returns 1 when its part of the input is present (and so the
 * section is drawn by the matching write function). */
int rep_has_sizes(const cseg_report_input *in);
int rep_has_profile(const cseg_report_input *in);
int rep_has_rfm(const cseg_report_input *in);
int rep_has_pca(const cseg_report_input *in);
int rep_has_alive(const cseg_report_input *in);
int rep_has_holdout(const cseg_report_input *in);
int rep_has_k_selection(const cseg_report_input *in);
int rep_has_params(const cseg_report_input *in);

void rep_section_sizes(FILE *f, const cseg_report_input *in);
void rep_section_profile(FILE *f, const cseg_report_input *in);
void rep_section_rfm(FILE *f, const cseg_report_input *in);
void rep_section_pca(FILE *f, const cseg_report_input *in);
void rep_section_alive(FILE *f, const cseg_report_input *in);
void rep_section_holdout(FILE *f, const cseg_report_input *in);
void rep_section_k_selection(FILE *f, const cseg_report_input *in);
void rep_section_params(FILE *f, const cseg_report_input *in);

/* Most points drawn in the PCA scatter; a larger sample is thinned evenly. */
#define REP_MAX_POINTS 20000

#endif /* CSEG_CLI_REPORT_INTERNAL_H */
