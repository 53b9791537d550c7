/* The report page: input checks, the HTML skeleton and style sheet, text
 * escaping, the parameters table and the atomic write. The page is one
 * file with inline SVG and CSS; a Content-Security-Policy forbids scripts
 * and network fetches, so even a mistake in escaping cannot load anything. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report_internal.h"

void rep_escape(FILE *f, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			fputc(c < 0x20 || c == 0x7f ? ' ' : c, f);
			break;
		}
	}
}

/* Bytes of the first n code points of s (stops at the end of s). */
static size_t prefix_bytes(const char *s, int n)
{
	size_t i = 0;

	for (int cp = 0; s[i] && cp < n; cp++) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

int rep_text_len(const char *s, int max_chars)
{
	int n = 0;

	if (!s)
		return 0;
	for (; *s && n <= max_chars; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

void rep_escape_trunc(FILE *f, const char *s, int max_chars)
{
	char *copy;
	size_t len;

	if (!s)
		return;
	if (rep_text_len(s, max_chars) <= max_chars) {
		rep_escape(f, s);
		return;
	}
	len = prefix_bytes(s, max_chars - 1);
	copy = strndup(s, len);
	if (!copy) {
		fputs("\xE2\x80\xA6", f);
		return;
	}
	rep_escape(f, copy);
	fputs("\xE2\x80\xA6", f);  /* ellipsis */
	free(copy);
}

const char *rep_segment_name(const cseg_report_input *in, int64_t j, char *buf, size_t size)
{
	if (j < 0) {
		snprintf(buf, size, "unclassified");
		return buf;
	}
	if (in->segment_names && in->segment_names[j])
		return in->segment_names[j];
	snprintf(buf, size, "Segment %" PRId64, j + 1);
	return buf;
}

const char *rep_feature_name(const cseg_report_input *in, int64_t j, char *buf, size_t size)
{
	if (in->feature_names && in->feature_names[j])
		return in->feature_names[j];
	snprintf(buf, size, "feature %" PRId64, j + 1);
	return buf;
}

int rep_has_params(const cseg_report_input *in)
{
	return in->n_params > 0 && in->params;
}

void rep_section_params(FILE *f, const cseg_report_input *in)
{
	fputs("<section id=\"parameters\">\n<h2>Parameters and data</h2>\n"
		"<table class=\"params\">\n<tbody>\n", f);
	for (int64_t i = 0; i < in->n_params; i++) {
		fputs("<tr><th scope=\"row\">", f);
		rep_escape(f, in->params[i].key);
		fputs("</th><td>", f);
		rep_escape(f, in->params[i].value);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n</section>\n", f);
}

static const char style[] =
	"<style>\n"
	":root{color-scheme:light}\n"
	"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Helvetica,Arial,sans-serif;"
	"margin:0;padding:24px 32px;color:#222;background:#fff;max-width:1400px}\n"
	"h1{font-size:1.6em;margin:0 0 4px}\n"
	"h2{font-size:1.2em;margin:0 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}\n"
	"p.sub{color:#666;margin:0 0 12px}\n"
	"p.note{color:#555;font-size:.9em;margin:4px 0 10px;max-width:60em}\n"
	"nav{margin:8px 0 20px;font-size:.95em}\n"
	"nav a{margin-right:14px;color:#0b5394;text-decoration:none}\n"
	"section{margin:0 0 36px}\n"
	".scroll{overflow-x:auto}\n"
	".multiples{display:flex;flex-wrap:wrap;gap:12px}\n"
	"svg.chart{display:block;font-size:12px}\n"
	"svg .tick{font-size:11px;fill:#555}\n"
	"svg .axis-title{font-size:12px;fill:#333}\n"
	"svg .label{font-size:12px;fill:#222}\n"
	"svg .cell{font-size:10px}\n"
	"svg .title{font-size:13px;font-weight:600;fill:#222}\n"
	"svg .grid{stroke:#e8e8e8;stroke-width:1}\n"
	"svg .frame{stroke:#888;stroke-width:1}\n"
	"table.params{border-collapse:collapse;font-size:.92em}\n"
	"table.params th,table.params td{border-bottom:1px solid #eee;padding:4px 14px 4px 0;"
	"text-align:left;vertical-align:top}\n"
	"table.params th{font-weight:600;color:#444;white-space:nowrap}\n"
	"table.params td{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}\n"
	"table.data{border-collapse:collapse;font-size:.92em;margin-top:10px}\n"
	"table.data th,table.data td{border-bottom:1px solid #eee;padding:3px 12px}\n"
	"table.data td{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.data thead th{text-align:right;color:#444}\n"
	"table.data thead th:first-child{text-align:left}\n"
	"table.data tbody th{text-align:left;font-weight:600;color:#444}\n"
	"footer{color:#888;font-size:.85em;border-top:1px solid #ddd;padding-top:8px}\n"
	"</style>\n";

typedef struct section {
	const char *id, *title;
	int (*has)(const cseg_report_input *);
	void (*write)(FILE *, const cseg_report_input *);
} section;

static const section sections[] = {
	{ "sizes", "Segment sizes", rep_has_sizes, rep_section_sizes },
	{ "profile", "Profiles", rep_has_profile, rep_section_profile },
	{ "rfm", "RFM grid", rep_has_rfm, rep_section_rfm },
	{ "pca", "PCA map", rep_has_pca, rep_section_pca },
	{ "alive", "P(alive)", rep_has_alive, rep_section_alive },
	{ "holdout", "Holdout check", rep_has_holdout, rep_section_holdout },
	{ "k", "Choosing k", rep_has_k_selection, rep_section_k_selection },
	{ "parameters", "Parameters", rep_has_params, rep_section_params },
};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

static void write_page(FILE *f, const cseg_report_input *in)
{
	const char *title = in->title && in->title[0] ? in->title : "Customer segmentation report";
	int any = 0;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"cseg ", f);
	rep_escape(f, cseg_version());
	fputs("\">\n<title>", f);
	rep_escape(f, title);
	fputs("</title>\n", f);
	fputs(style, f);
	fputs("</head>\n<body>\n<header>\n<h1>", f);
	rep_escape(f, title);
	fputs("</h1>\n<p class=\"sub\">Report written by cseg ", f);
	rep_escape(f, cseg_version());
	fputs("</p>\n<nav>", f);
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (sections[i].has(in)) {
			fprintf(f, "<a href=\"#%s\">%s</a>", sections[i].id, sections[i].title);
			any = 1;
		}
	fputs("</nav>\n</header>\n<main>\n", f);
	for (size_t i = 0; i < N_SECTIONS; i++)
		if (sections[i].has(in))
			sections[i].write(f, in);
	if (!any)
		fputs("<p class=\"note\">The input held nothing to show.</p>\n", f);
	fputs("</main>\n<footer>Self-contained page: inline SVG and CSS, no script. "
		"Hover a cell or bar for its exact value.</footer>\n</body>\n</html>\n", f);
}

static int fail(char *err, size_t err_size, const char *fmt, ...)
{
	va_list ap;

	if (err && err_size) {
		va_start(ap, fmt);
		vsnprintf(err, err_size, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Counts must not be negative and named sizes must fit the page; absent
 * parts are fine (the section is left out). */
static int check_input(const cseg_report_input *in, char *err, size_t err_size)
{
	static const struct { const char *name; size_t offset; } counts[] = {
		{ "n_params", offsetof(cseg_report_input, n_params) },
		{ "k", offsetof(cseg_report_input, k) },
		{ "d", offsetof(cseg_report_input, d) },
		{ "n_points", offsetof(cseg_report_input, n_points) },
		{ "n_alive_bins", offsetof(cseg_report_input, n_alive_bins) },
		{ "n_holdout_buckets", offsetof(cseg_report_input, n_holdout_buckets) },
		{ "n_k", offsetof(cseg_report_input, n_k) },
	};

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		int64_t v;
		memcpy(&v, (const char *)in + counts[i].offset, sizeof(v));
		if (v < 0)
			return fail(err, err_size, "report input: %s is negative (%" PRId64 ")", counts[i].name, v);
	}
	/* Limits that keep the page readable and its size bounded. */
	if (in->k > 1000)
		return fail(err, err_size, "report input: k = %" PRId64 " segments is more than 1000", in->k);
	if (in->d > 1000)
		return fail(err, err_size, "report input: d = %" PRId64 " features is more than 1000", in->d);
	if (in->n_alive_bins > 1000)
		return fail(err, err_size, "report input: n_alive_bins = %" PRId64 " is more than 1000",
			in->n_alive_bins);
	if (in->n_holdout_buckets > 1000)
		return fail(err, err_size, "report input: n_holdout_buckets = %" PRId64 " is more than 1000",
			in->n_holdout_buckets);
	if (in->n_k > 1000)
		return fail(err, err_size, "report input: n_k = %" PRId64 " is more than 1000", in->n_k);
	return 0;
}

int cseg_report_write(const cseg_report_input *in, const char *path, char *err, size_t err_size)
{
	cli_out out;

	if (err && err_size)
		err[0] = '\0';
	if (!in)
		return fail(err, err_size, "report input is NULL");
	if (!path || !path[0])
		return fail(err, err_size, "report path is empty");
	if (check_input(in, err, err_size) != 0)
		return -1;
	errno = 0;
	if (cli_out_open(&out, path) != 0)
		return fail(err, err_size, "cannot create report '%s': %s", path,
			errno ? strerror(errno) : "unknown error");
	write_page(out.f, in);
	if (cli_out_commit(&out) != 0)
		return fail(err, err_size, "cannot write report '%s': %s", path,
			errno ? strerror(errno) : "unknown error");
	return 0;
}
