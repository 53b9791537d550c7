/* Drawing primitives for the report's inline SVG: scales with round ticks,
 * axes, line series and scatter markers. Missing values (NaN, infinities)
 * are skipped here, so no chart can print "nan" into a coordinate. */
#include <math.h>

#include "report_internal.h"

#define MAX_TICKS 60

void rep_scale_nice(rep_scale *s, double lo, double hi, int n_ticks, int integer, double p0, double p1)
{
	double range, raw, mag, norm, step;

	s->p0 = p0;
	s->p1 = p1;
	if (!isfinite(lo) || !isfinite(hi) || lo > hi) {
		lo = 0;
		hi = 1;
	}
	if (lo == hi) {
		double pad = lo == 0 ? 1 : fabs(lo) * 0.1;
		lo -= pad;
		hi += pad;
	}
	range = hi - lo;
	if (!isfinite(range)) {  /* e.g. -1e308 .. 1e308: halve both ends */
		rep_scale_nice(s, lo / 2, hi / 2, n_ticks, integer, p0, p1);
		s->lo *= 2;
		s->hi *= 2;
		s->step *= 2;
		return;
	}
	raw = range / (n_ticks > 1 ? n_ticks : 1);
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
	if (integer && step < 1)
		step = 1;
	s->step = step;
	s->lo = floor(lo / step) * step;
	s->hi = ceil(hi / step) * step;
	if (s->hi == s->lo)
		s->hi = s->lo + step;
}

double rep_scale_map(const rep_scale *s, double v)
{
	return s->p0 + (v - s->lo) / (s->hi - s->lo) * (s->p1 - s->p0);
}

void rep_svg_open(FILE *f, double w, double h, const char *label)
{
	fputs("<svg class=\"chart\" viewBox=\"0 0 ", f);
	rep_coord(f, w);
	fputc(' ', f);
	rep_coord(f, h);
	fputs("\" width=\"", f);
	rep_coord(f, w);
	fputs("\" height=\"", f);
	rep_coord(f, h);
	fputs("\" role=\"img\" aria-label=\"", f);
	rep_escape(f, label);
	fputs("\">\n", f);
}

void rep_svg_close(FILE *f)
{
	fputs("</svg>\n", f);
}

void rep_svg_text(FILE *f, double x, double y, const char *anchor, const char *cls, const char *text)
{
	fputs("<text x=\"", f);
	rep_coord(f, x);
	fputs("\" y=\"", f);
	rep_coord(f, y);
	fputc('"', f);
	if (anchor && anchor[0] != 's')
		fprintf(f, " text-anchor=\"%s\"", anchor);
	if (cls)
		fprintf(f, " class=\"%s\"", cls);
	fputc('>', f);
	rep_escape(f, text);
	fputs("</text>\n", f);
}

static int64_t n_steps(const rep_scale *s)
{
	double n = floor((s->hi - s->lo) / s->step + 0.5);
	return n > MAX_TICKS ? MAX_TICKS : n < 1 ? 1 : (int64_t)n;
}

static void x_tick(FILE *f, double px, double bottom, const char *label)
{
	fputs("<line class=\"frame\" x1=\"", f);
	rep_coord(f, px);
	fputs("\" x2=\"", f);
	rep_coord(f, px);
	fputs("\" y1=\"", f);
	rep_coord(f, bottom);
	fputs("\" y2=\"", f);
	rep_coord(f, bottom + 4);
	fputs("\"/>\n", f);
	fputs("<text x=\"", f);
	rep_coord(f, px);
	fputs("\" y=\"", f);
	rep_coord(f, bottom + 16);
	fputs("\" text-anchor=\"middle\" class=\"tick\">", f);
	rep_escape_trunc(f, label, 12);
	fputs("</text>\n", f);
}

void rep_svg_axes(FILE *f, const rep_scale *x, const rep_scale *y, const char *const *x_labels,
	int64_t n_x_labels, const char *x_title, const char *y_title)
{
	double left = x->p0, right = x->p1, bottom = y->p0, top = y->p1;
	int64_t n;
	char buf[48];

	/* horizontal grid lines with the y tick labels */
	n = n_steps(y);
	for (int64_t i = 0; i <= n; i++) {
		double v = y->lo + (double)i * y->step, py = rep_scale_map(y, v);
		fputs("<line class=\"grid\" x1=\"", f);
		rep_coord(f, left);
		fputs("\" x2=\"", f);
		rep_coord(f, right);
		fputs("\" y1=\"", f);
		rep_coord(f, py);
		fputs("\" y2=\"", f);
		rep_coord(f, py);
		fputs("\"/>\n", f);
		rep_fmt_tick(buf, sizeof(buf), v, y->step);
		rep_svg_text(f, left - 6, py + 4, "end", "tick", buf);
	}
	/* x ticks below the frame */
	if (x_labels) {
		for (int64_t i = 0; i < n_x_labels; i++)
			x_tick(f, rep_scale_map(x, (double)i), bottom, x_labels[i] ? x_labels[i] : "");
	} else {
		n = n_steps(x);
		for (int64_t i = 0; i <= n; i++) {
			double v = x->lo + (double)i * x->step;
			rep_fmt_tick(buf, sizeof(buf), v, x->step);
			x_tick(f, rep_scale_map(x, v), bottom, buf);
		}
	}
	fputs("<path class=\"frame\" fill=\"none\" d=\"M", f);
	rep_coord(f, left);
	fputc(' ', f);
	rep_coord(f, top);
	fputs("V", f);
	rep_coord(f, bottom);
	fputs("H", f);
	rep_coord(f, right);
	fputs("\"/>\n", f);
	if (x_title)
		rep_svg_text(f, (left + right) / 2, bottom + 34, "middle", "axis-title", x_title);
	if (y_title) {
		double cx = left - 46, cy = (top + bottom) / 2;
		fputs("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(", f);
		rep_coord(f, cx);
		fputc(' ', f);
		rep_coord(f, cy);
		fputs(") rotate(-90)\">", f);
		rep_escape(f, y_title);
		fputs("</text>\n", f);
	}
}

void rep_svg_series(FILE *f, const rep_scale *x, const rep_scale *y, const double *xs, const double *ys,
	int64_t n, const char *colour, int dashed, int shape)
{
	int open = 0, pen_down = 0;

	for (int64_t i = 0; i < n; i++) {
		if (!isfinite(xs[i]) || !isfinite(ys[i])) {
			pen_down = 0;
			continue;
		}
		if (!open) {
			fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"", colour,
				dashed ? " stroke-dasharray=\"6 4\"" : "");
			open = 1;
		}
		fputc(pen_down ? 'L' : 'M', f);
		rep_coord(f, rep_scale_map(x, xs[i]));
		fputc(' ', f);
		rep_coord(f, rep_scale_map(y, ys[i]));
		pen_down = 1;
	}
	if (open)
		fputs("\"/>\n", f);
	if (shape < 0 || !open)
		return;
	rep_svg_markers_begin(f, colour, shape, 7);
	for (int64_t i = 0; i < n; i++)
		if (isfinite(xs[i]) && isfinite(ys[i]))
			rep_svg_marker(f, shape, rep_scale_map(x, xs[i]), rep_scale_map(y, ys[i]), 7);
	rep_svg_markers_end(f);
}

/* Circles and squares are zero-length strokes with round or square caps,
 * the shortest path syntax for a dot; triangles and diamonds are filled. */
void rep_svg_markers_begin(FILE *f, const char *colour, int shape, double size)
{
	switch (shape) {
	case REP_SHAPE_CIRCLE:
	case REP_SHAPE_SQUARE:
		fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-linecap=\"%s\" stroke-width=\"", colour,
			shape == REP_SHAPE_CIRCLE ? "round" : "square");
		rep_coord(f, shape == REP_SHAPE_CIRCLE ? size : size * 0.85);
		break;
	case REP_SHAPE_CROSS:
		fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"", colour);
		rep_coord(f, size > 6 ? 2 : 1.4);
		break;
	default:
		fprintf(f, "<path stroke=\"none\" fill=\"%s\" stroke-width=\"0", colour);
		break;
	}
	fputs("\" d=\"", f);
}

void rep_svg_marker(FILE *f, int shape, double x, double y, double size)
{
	double h = size * 0.6;

	if (!isfinite(x) || !isfinite(y))
		return;
	fputc('M', f);
	switch (shape) {
	case REP_SHAPE_CIRCLE:
	case REP_SHAPE_SQUARE:
		rep_coord(f, x);
		fputc(' ', f);
		rep_coord(f, y);
		fputs("h0", f);
		break;
	case REP_SHAPE_TRIANGLE:
		rep_coord(f, x);
		fputc(' ', f);
		rep_coord(f, y - h);
		fputc('l', f);
		rep_coord(f, h * 1.1);
		fputc(' ', f);
		rep_coord(f, 2 * h * 0.9);
		fputc('h', f);
		rep_coord(f, -2.2 * h);
		fputc('z', f);
		break;
	case REP_SHAPE_DIAMOND:
		rep_coord(f, x);
		fputc(' ', f);
		rep_coord(f, y - h);
		fputc('l', f);
		rep_coord(f, h);
		fputc(' ', f);
		rep_coord(f, h);
		fputc(' ', f);
		rep_coord(f, -h);
		fputc(' ', f);
		rep_coord(f, h);
		fputc(' ', f);
		rep_coord(f, -h);
		fputc(' ', f);
		rep_coord(f, -h);
		fputc('z', f);
		break;
	default:  /* cross */
		rep_coord(f, x - h * 0.8);
		fputc(' ', f);
		rep_coord(f, y);
		fputc('h', f);
		rep_coord(f, h * 1.6);
		fputc('M', f);
		rep_coord(f, x);
		fputc(' ', f);
		rep_coord(f, y - h * 0.8);
		fputc('v', f);
		rep_coord(f, h * 1.6);
		break;
	}
}

void rep_svg_markers_end(FILE *f)
{
	fputs("\"/>\n", f);
}

void rep_svg_vline(FILE *f, double x, double y0, double y1, const char *colour)
{
	fputs("<line x1=\"", f);
	rep_coord(f, x);
	fputs("\" x2=\"", f);
	rep_coord(f, x);
	fputs("\" y1=\"", f);
	rep_coord(f, y0);
	fputs("\" y2=\"", f);
	rep_coord(f, y1);
	fprintf(f, "\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n", colour);
}
