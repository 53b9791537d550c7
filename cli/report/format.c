/* Numbers in the report: SVG coordinates (one decimal, so 5000 points stay
 * small) and values for people (grouped thousands, "n/a" instead of nan). */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "report_internal.h"

/* Coordinates beyond this are clamped: a wild value must not turn into an
 * exponent or overflow the integer conversion below. */
#define COORD_LIMIT 1e7

void rep_coord(FILE *f, double v)
{
	long long tenths;

	if (!isfinite(v))
		v = 0;  /* callers skip missing values; this only keeps the file valid */
	if (v > COORD_LIMIT)
		v = COORD_LIMIT;
	if (v < -COORD_LIMIT)
		v = -COORD_LIMIT;
	tenths = llround(v * 10);
	if (tenths < 0) {
		fputc('-', f);
		tenths = -tenths;
	}
	if (tenths % 10)
		fprintf(f, "%lld.%lld", tenths / 10, tenths % 10);
	else
		fprintf(f, "%lld", tenths / 10);
}

/* Insert commas into the integer part of a printed number, in place. */
static void group_thousands(char *buf, size_t size)
{
	char tmp[64];
	char *digits = buf + (buf[0] == '-');
	size_t int_len = strspn(digits, "0123456789");
	size_t n_commas = int_len > 3 ? (int_len - 1) / 3 : 0;
	size_t len = strlen(buf), o = 0;

	if (!n_commas || len + n_commas + 1 > size || len + n_commas + 1 > sizeof(tmp))
		return;
	if (digits != buf)
		tmp[o++] = '-';
	for (size_t i = 0; i < int_len; i++) {
		if (i && (int_len - i) % 3 == 0)
			tmp[o++] = ',';
		tmp[o++] = digits[i];
	}
	strcpy(tmp + o, digits + int_len);
	strcpy(buf, tmp);
}

void rep_fmt_count(char *buf, size_t size, int64_t v)
{
	snprintf(buf, size, "%" PRId64, v);
	group_thousands(buf, size);
}

void rep_fmt_value(char *buf, size_t size, double v)
{
	double a = fabs(v);

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return;
	}
	if (a >= 1e15 || (a > 0 && a < 1e-4)) {
		snprintf(buf, size, "%.3e", v);
		return;
	}
	if (a >= 1000)
		snprintf(buf, size, "%.0f", v);
	else if (a >= 10)
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "%.3g", v);
	if (strcmp(buf, "-0") == 0 || strcmp(buf, "-0.0") == 0)
		snprintf(buf, size, "0");
	group_thousands(buf, size);
}

void rep_fmt_tick(char *buf, size_t size, double v, double step)
{
	int decimals = 0;

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return;
	}
	if (fabs(v) < step * 1e-9) {
		snprintf(buf, size, "0");  /* not "0k" or "0.00" */
		return;
	}
	if (step >= 1e8 || fabs(v) >= 1e15) {
		snprintf(buf, size, "%.2e", v);
		return;
	}
	/* the suffix follows the step, so one axis never mixes "5,000" and "10k" */
	if (step >= 1e5) {
		rep_fmt_tick(buf, size, v / 1e6, step / 1e6);
		strncat(buf, "M", size - strlen(buf) - 1);
		return;
	}
	if (step >= 1e3) {
		rep_fmt_tick(buf, size, v / 1e3, step / 1e3);
		strncat(buf, "k", size - strlen(buf) - 1);
		return;
	}
	if (step > 0 && step < 1)
		decimals = (int)ceil(-log10(step) - 1e-9);
	if (decimals > 8) {
		snprintf(buf, size, "%.2e", v);
		return;
	}
	snprintf(buf, size, "%.*f", decimals, v);
	group_thousands(buf, size);
}
