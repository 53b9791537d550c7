/* Report sections about the fitted models: the P(alive) histogram, the
 * calibration-versus-holdout check of the purchase model and the curves
 * used to choose k. Each also lists its numbers in a small table, since a
 * chart without script cannot show exact values except in tooltips. */
#include <inttypes.h>
#include <math.h>

#include "report_internal.h"

#define MAX_ROWS 1000   /* html.c refuses longer inputs */

static void table_value(FILE *f, double v)
{
	char buf[48];

	rep_fmt_value(buf, sizeof(buf), v);
	fprintf(f, "<td>%s</td>", buf);
}

/* ---- P(alive) histogram ---- */

int rep_has_alive(const cseg_report_input *in)
{
	return in->n_alive_bins > 0 && in->alive_counts;
}

void rep_section_alive(FILE *f, const cseg_report_input *in)
{
	const int64_t n = in->n_alive_bins;
	const double left = 76, top = 14, pw = 600, ph = 240;
	int64_t largest = 0, total = 0;
	rep_scale xs, ys;
	char count[32];

	for (int64_t b = 0; b < n; b++) {
		int64_t c = in->alive_counts[b] > 0 ? in->alive_counts[b] : 0;
		total += c;
		largest = c > largest ? c : largest;
	}
	rep_fmt_count(count, sizeof(count), total);
	fputs("<section id=\"alive\">\n<h2>P(alive)</h2>\n<p class=\"note\">Probability that each customer "
		"is still active at the end of the calibration period, from the purchase model; ", f);
	fprintf(f, "%s customers.</p>\n", count);
	rep_scale_nice(&xs, 0, 1, 5, 0, left, left + pw);
	rep_scale_nice(&ys, 0, largest > 0 ? (double)largest : 1, 5, 1, top + ph, top);
	rep_svg_open(f, left + pw + 20, top + ph + 46, "Histogram of P(alive)");
	rep_svg_axes(f, &xs, &ys, NULL, 0, "P(alive)", "customers");
	for (int64_t b = 0; b < n; b++) {
		int64_t c = in->alive_counts[b] > 0 ? in->alive_counts[b] : 0;
		double x0 = rep_scale_map(&xs, (double)b / (double)n);
		double x1 = rep_scale_map(&xs, (double)(b + 1) / (double)n);
		double y = rep_scale_map(&ys, (double)c), w = x1 - x0 - 1;

		if (c == 0)
			continue;
		fputs("<rect x=\"", f);
		rep_coord(f, x0 + 0.5);
		fputs("\" y=\"", f);
		rep_coord(f, y);
		fputs("\" width=\"", f);
		rep_coord(f, w > 0.5 ? w : 0.5);
		fputs("\" height=\"", f);
		rep_coord(f, ys.p0 - y);
		rep_fmt_count(count, sizeof(count), c);
		fprintf(f, "\" fill=\"%s\"><title>%.3g to %.3g: %s customers (%.1f%%)</title></rect>\n",
			REP_COLOUR_ACTUAL, (double)b / (double)n, (double)(b + 1) / (double)n, count,
			total > 0 ? 100.0 * (double)c / (double)total : 0.0);
	}
	rep_svg_close(f);
	fputs("</section>\n", f);
}

/* ---- calibration vs holdout ---- */

int rep_has_holdout(const cseg_report_input *in)
{
	return in->n_holdout_buckets > 0 && (in->holdout_actual || in->holdout_predicted);
}

static void legend_entry(FILE *f, double x, double y, const char *colour, int dashed, int shape,
	const char *text)
{
	fputs("<path fill=\"none\" stroke-width=\"2\"", f);
	fprintf(f, " stroke=\"%s\"%s d=\"M", colour, dashed ? " stroke-dasharray=\"6 4\"" : "");
	rep_coord(f, x);
	fputc(' ', f);
	rep_coord(f, y);
	fputs("h28\"/>\n", f);
	rep_svg_markers_begin(f, colour, shape, 7);
	rep_svg_marker(f, shape, x + 14, y, 7);
	rep_svg_markers_end(f);
	rep_svg_text(f, x + 36, y + 4, "start", "label", text);
}

void rep_section_holdout(FILE *f, const cseg_report_input *in)
{
	const int64_t n = in->n_holdout_buckets;
	const double left = 76, top = 30, pw = 560, ph = 260;
	double lo = 0, hi = -INFINITY, pos[MAX_ROWS];
	char generated[MAX_ROWS][24];
	const char *labels[MAX_ROWS];
	rep_scale xs, ys;

	for (int64_t i = 0; i < n; i++) {
		double a = in->holdout_actual ? in->holdout_actual[i] : NAN;
		double p = in->holdout_predicted ? in->holdout_predicted[i] : NAN;
		pos[i] = (double)i;
		if (in->holdout_labels && in->holdout_labels[i])
			labels[i] = in->holdout_labels[i];
		else {
			snprintf(generated[i], sizeof(generated[i]), "%" PRId64, i);
			labels[i] = generated[i];
		}
		if (isfinite(a)) {
			lo = a < lo ? a : lo;
			hi = a > hi ? a : hi;
		}
		if (isfinite(p)) {
			lo = p < lo ? p : lo;
			hi = p > hi ? p : hi;
		}
	}
	if (!isfinite(hi))
		hi = 1;
	fputs("<section id=\"holdout\">\n<h2>Holdout check</h2>\n<p class=\"note\">Mean purchases in the "
		"holdout period of customers grouped by their repeat purchases in the calibration period: "
		"observed (solid) against the model's prediction (dashed). Close lines mean the model "
		"forecasts well.</p>\n", f);
	xs.lo = -0.5;
	xs.hi = (double)n - 0.5;
	xs.step = 1;
	xs.p0 = left;
	xs.p1 = left + pw;
	rep_scale_nice(&ys, lo, hi, 5, 0, top + ph, top);
	rep_svg_open(f, left + pw + 20, top + ph + 46, "Calibration against holdout purchases");
	rep_svg_axes(f, &xs, &ys, labels, n, "purchases in the calibration period",
		"mean holdout purchases");
	if (in->holdout_actual)
		rep_svg_series(f, &xs, &ys, pos, in->holdout_actual, n, REP_COLOUR_ACTUAL, 0, REP_SHAPE_CIRCLE);
	if (in->holdout_predicted)
		rep_svg_series(f, &xs, &ys, pos, in->holdout_predicted, n, REP_COLOUR_PREDICTED, 1,
			REP_SHAPE_SQUARE);
	if (in->holdout_actual)
		legend_entry(f, left + 12, 12, REP_COLOUR_ACTUAL, 0, REP_SHAPE_CIRCLE, "actual");
	if (in->holdout_predicted)
		legend_entry(f, left + 130, 12, REP_COLOUR_PREDICTED, 1, REP_SHAPE_SQUARE, "predicted");
	rep_svg_close(f);

	fputs("<table class=\"data\"><thead><tr><th>calibration purchases</th><th>actual</th>"
		"<th>predicted</th></tr></thead>\n<tbody>\n", f);
	for (int64_t i = 0; i < n; i++) {
		fputs("<tr><th scope=\"row\">", f);
		rep_escape(f, labels[i]);
		fputs("</th>", f);
		table_value(f, in->holdout_actual ? in->holdout_actual[i] : NAN);
		table_value(f, in->holdout_predicted ? in->holdout_predicted[i] : NAN);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

/* ---- choosing k: one small chart per criterion ---- */

typedef struct criterion {
	const char *name, *hint;
	const double *values;
} criterion;

static int criteria(const cseg_report_input *in, criterion out[5])
{
	const criterion all[5] = {
		{ "Inertia", "lower is better; look for an elbow", in->k_inertia },
		{ "Silhouette", "higher is better", in->k_silhouette },
		{ "Calinski-Harabasz", "higher is better", in->k_calinski },
		{ "Gap statistic", "higher is better", in->k_gap },
		{ "BIC", "lower is better", in->k_bic },
	};
	int n = 0;

	for (int i = 0; i < 5; i++)
		if (all[i].values)
			out[n++] = all[i];
	return n;
}

int rep_has_k_selection(const cseg_report_input *in)
{
	criterion c[5];

	return in->n_k > 0 && in->k_values && criteria(in, c) > 0;
}

static void small_multiple(FILE *f, const cseg_report_input *in, const criterion *c, const double *kx)
{
	const double left = 62, top = 58, pw = 236, ph = 140;
	double min_k = INFINITY, max_k = -INFINITY, lo = INFINITY, hi = -INFINITY;
	rep_scale xs, ys;

	for (int64_t i = 0; i < in->n_k; i++) {
		min_k = kx[i] < min_k ? kx[i] : min_k;
		max_k = kx[i] > max_k ? kx[i] : max_k;
		if (isfinite(c->values[i])) {
			lo = c->values[i] < lo ? c->values[i] : lo;
			hi = c->values[i] > hi ? c->values[i] : hi;
		}
	}
	if (in->k_chosen > 0) {
		min_k = (double)in->k_chosen < min_k ? (double)in->k_chosen : min_k;
		max_k = (double)in->k_chosen > max_k ? (double)in->k_chosen : max_k;
	}
	rep_scale_nice(&xs, min_k, max_k, 5, 1, left, left + pw);
	rep_scale_nice(&ys, lo, hi, 4, 0, top + ph, top);
	rep_svg_open(f, left + pw + 16, top + ph + 42, c->name);
	rep_svg_text(f, 8, 16, "start", "title", c->name);
	rep_svg_text(f, 8, 32, "start", "tick", c->hint);
	rep_svg_axes(f, &xs, &ys, NULL, 0, "k", NULL);
	if (in->k_chosen > 0) {
		double px = rep_scale_map(&xs, (double)in->k_chosen);
		char buf[48];

		rep_svg_vline(f, px, top + ph, top - 2, REP_COLOUR_PREDICTED);
		for (int64_t i = 0; i < in->n_k; i++)
			if (in->k_values[i] == in->k_chosen && isfinite(c->values[i])) {
				fputs("<circle cx=\"", f);
				rep_coord(f, px);
				fputs("\" cy=\"", f);
				rep_coord(f, rep_scale_map(&ys, c->values[i]));
				fprintf(f, "\" r=\"7\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
					REP_COLOUR_PREDICTED);
				break;
			}
		snprintf(buf, sizeof(buf), "k = %" PRId64, in->k_chosen);
		rep_svg_text(f, px, top - 10, "middle", "tick", buf);
	}
	if (isfinite(lo))
		rep_svg_series(f, &xs, &ys, kx, c->values, in->n_k, REP_COLOUR_ACTUAL, 0, REP_SHAPE_CIRCLE);
	else
		rep_svg_text(f, left + pw / 2, top + ph / 2, "middle", "tick", "no values");
	rep_svg_close(f);
}

void rep_section_k_selection(FILE *f, const cseg_report_input *in)
{
	criterion c[5];
	int n_c = criteria(in, c);
	double kx[MAX_ROWS];

	for (int64_t i = 0; i < in->n_k; i++)
		kx[i] = (double)in->k_values[i];
	fputs("<section id=\"k\">\n<h2>Choosing k</h2>\n<p class=\"note\">", f);
	if (in->k_chosen > 0)
		fprintf(f, "Scores of each number of segments tried; the dashed line marks the chosen "
			"k = %" PRId64 ".", in->k_chosen);
	else
		fputs("Scores of each number of segments tried.", f);
	fputs("</p>\n<div class=\"multiples\">\n", f);
	for (int i = 0; i < n_c; i++)
		small_multiple(f, in, &c[i], kx);
	fputs("</div>\n<table class=\"data\"><thead><tr><th>k</th>", f);
	for (int i = 0; i < n_c; i++)
		fprintf(f, "<th>%s</th>", c[i].name);
	fputs("</tr></thead>\n<tbody>\n", f);
	for (int64_t r = 0; r < in->n_k; r++) {
		fprintf(f, "<tr%s><th scope=\"row\">%" PRId64 "%s</th>",
			in->k_values[r] == in->k_chosen ? " style=\"background:#fdebd9\"" : "", in->k_values[r],
			in->k_values[r] == in->k_chosen ? " (chosen)" : "");
		for (int i = 0; i < n_c; i++)
			table_value(f, c[i].values[r]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}
