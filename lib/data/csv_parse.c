/* RFC 4180 tokenizer over a fixed read buffer (the file is never held
 * whole), and locale-independent number parsing for the cells. */
#define _GNU_SOURCE /* strtod_l, newlocale */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "csv_parse.h"

#define CSV_BUF_SIZE (1 << 16)

cseg_status cseg__csv_open(cseg__csv_reader *r, FILE *fp, const char *name, char delim)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->name = name;
	r->delim = (unsigned char)delim;
	r->stop[(unsigned char)delim] = 1;
	r->stop['"'] = 1;
	r->stop['\n'] = 1;
	r->stop['\r'] = 1;
	r->stop['\0'] = 1;
	r->line = 1;
	r->col = 1;
	r->buf = cseg__malloc(CSV_BUF_SIZE);
	r->text_cap = 256;
	r->text = cseg__malloc(r->text_cap);
	r->fields_cap = 16;
	r->fields = cseg__malloc_array(r->fields_cap, sizeof(*r->fields));
	if (!r->buf || !r->text || !r->fields) {
		cseg__csv_close(r);
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", name);
	}
	r->len = fread(r->buf, 1, CSV_BUF_SIZE, fp);
	if (r->len == 0 && ferror(fp)) {
		cseg_status st = cseg__error(CSEG_E_IO, "%s: read error: %s", name, strerror(errno));
		cseg__csv_close(r);
		return st;
	}
	if (r->len < CSV_BUF_SIZE)
		r->eof = !ferror(fp);
	if (r->len >= 3 && r->buf[0] == 0xEF && r->buf[1] == 0xBB && r->buf[2] == 0xBF)
		r->pos = 3;
	return CSEG_OK;
}

void cseg__csv_close(cseg__csv_reader *r)
{
	free(r->buf);
	free(r->text);
	free(r->fields);
	r->buf = NULL;
	r->text = NULL;
	r->fields = NULL;
}

/* Next byte, or -1 at end of file, -2 on a read error. */
static inline int peek(cseg__csv_reader *r)
{
	if (r->pos < r->len)
		return r->buf[r->pos];
	if (r->eof)
		return -1;
	r->pos = 0;
	r->len = fread(r->buf, 1, CSV_BUF_SIZE, r->fp);
	if (r->len < CSV_BUF_SIZE) {
		if (ferror(r->fp))
			return -2;
		r->eof = 1;
	}
	return r->len ? r->buf[0] : -1;
}

/* Consume the byte just peeked, tracking line and character column. */
static inline void advance(cseg__csv_reader *r, int c)
{
	r->pos++;
	if (c == '\n') {
		if (!r->after_cr)
			r->line++;
		r->col = 1;
		r->after_cr = 0;
	} else if (c == '\r') {
		r->line++;
		r->col = 1;
		r->after_cr = 1;
	} else {
		r->after_cr = 0;
		if ((c & 0xC0) != 0x80) /* UTF-8 continuation bytes are not new characters */
			r->col++;
	}
}

static int grow_text(cseg__csv_reader *r, size_t extra)
{
	size_t cap = r->text_cap;
	char *p;

	while (cap - r->text_len < extra) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	if (cap == r->text_cap)
		return 0;
	p = realloc(r->text, cap);
	if (!p)
		return -1;
	r->text = p;
	r->text_cap = cap;
	return 0;
}

static inline cseg_status begin_field(cseg__csv_reader *r, int quoted)
{
	cseg__csv_field *f;

	if (r->n_fields == r->fields_cap) {
		cseg__csv_field *p = cseg__realloc_array(r->fields, r->fields_cap * 2, sizeof(*p));
		if (!p)
			return cseg__error(CSEG_E_NOMEM, "%s:%" PRId64 ": out of memory", r->name, r->line);
		r->fields = p;
		r->fields_cap *= 2;
	}
	f = &r->fields[r->n_fields++];
	f->off = r->text_len;
	f->len = 0;
	f->line = r->line;
	f->col = r->col;
	f->quoted = quoted;
	return CSEG_OK;
}

static inline cseg_status end_field(cseg__csv_reader *r)
{
	cseg__csv_field *f = &r->fields[r->n_fields - 1];

	if (grow_text(r, 1))
		return cseg__error(CSEG_E_NOMEM, "%s:%" PRId64 ": out of memory", r->name, r->line);
	f->len = r->text_len - f->off;
	r->text[r->text_len++] = '\0';
	return CSEG_OK;
}

static cseg_status bad(cseg__csv_reader *r, cseg_status st, int64_t line, int64_t col,
	const char *what)
{
	return cseg__error(st, "%s:%" PRId64 ":%" PRId64 ": %s", r->name, line, col, what);
}

/* Copy the run of plain bytes from the read position up to the next
 * byte in r->stop (or the buffer's end) in one go; plain bytes hold no
 * line end, so only the column moves. Inside quotes the delimiter is
 * plain too, but stopping at it costs only an extra turn of the loop. */
static cseg_status take_run(cseg__csv_reader *r)
{
	const unsigned char *p = r->buf + r->pos, *end = r->buf + r->len, *q = p;
	size_t n;
	int64_t chars = 0;

	do {
		chars += (*q & 0xC0) != 0x80;
		q++;
	} while (q < end && !r->stop[*q]);
	n = (size_t)(q - p);
	if (r->text_cap - r->text_len < n && grow_text(r, n))
		return cseg__error(CSEG_E_NOMEM, "%s:%" PRId64 ": out of memory", r->name, r->line);
	memcpy(r->text + r->text_len, p, n);
	r->text_len += n;
	r->pos += n;
	r->col += chars;
	r->after_cr = 0;
	return CSEG_OK;
}

#define TRY(expr) do { cseg_status st_ = (expr); if (st_ != CSEG_OK) return st_; } while (0)

cseg_status cseg__csv_next(cseg__csv_reader *r, int *got)
{
	enum { START, UNQUOTED, QUOTED, QUOTE_SEEN } state = START;
	const int delim = r->delim;

	*got = 0;
	r->n_fields = 0;
	r->text_len = 0;
	for (;;) {
		int c = peek(r);

		if (c == -2)
			return cseg__error(CSEG_E_IO, "%s:%" PRId64 ": read error: %s",
				r->name, r->line, strerror(errno));
		if (c == 0)
			return bad(r, CSEG_E_FORMAT, r->line, r->col, "NUL byte (not a text file?)");
		switch (state) {
		case START:
			if (c == -1 || c == '\n' || c == '\r') {
				if (r->n_fields == 0) {
					if (c == -1)
						return CSEG_OK;
					advance(r, c); /* blank line, or the LF of a CRLF */
					continue;
				}
				/* delimiter then end of line: a final empty field */
				TRY(begin_field(r, 0));
				TRY(end_field(r));
				goto end_record;
			}
			if (c == '"') {
				TRY(begin_field(r, 1));
				advance(r, c);
				state = QUOTED;
			} else if (c == delim) {
				TRY(begin_field(r, 0));
				TRY(end_field(r));
				advance(r, c);
			} else {
				TRY(begin_field(r, 0));
				state = UNQUOTED;
			}
			continue;
		case UNQUOTED:
			if (c > 0 && !r->stop[c]) {
				TRY(take_run(r));
				continue;
			}
			if (c == -1 || c == '\n' || c == '\r') {
				TRY(end_field(r));
				goto end_record;
			}
			if (c == delim) {
				TRY(end_field(r));
				advance(r, c);
				state = START;
				continue;
			}
			if (c == '"')
				return bad(r, CSEG_E_FORMAT, r->line, r->col,
					"double quote inside an unquoted field (quote the whole field)");
			break;
		case QUOTED:
			if (c > 0 && (c == r->delim || !r->stop[c])) {
				TRY(take_run(r));
				continue;
			}
			if (c == -1) {
				cseg__csv_field *f = &r->fields[r->n_fields - 1];
				return bad(r, CSEG_E_FORMAT, f->line, f->col,
					"quoted field is never closed");
			}
			if (c == '"') {
				advance(r, c);
				state = QUOTE_SEEN;
				continue;
			}
			break;
		case QUOTE_SEEN:
			if (c == '"') {
				state = QUOTED; /* a doubled quote stands for one */
				break;
			}
			if (c == -1 || c == '\n' || c == '\r') {
				TRY(end_field(r));
				goto end_record;
			}
			if (c == delim) {
				TRY(end_field(r));
				advance(r, c);
				state = START;
				continue;
			}
			return bad(r, CSEG_E_FORMAT, r->line, r->col,
				"unexpected character after a closing quote");
		}
		/* Keep the byte as field text. */
		if (r->text_len == r->text_cap && grow_text(r, 1))
			return cseg__error(CSEG_E_NOMEM, "%s:%" PRId64 ": out of memory", r->name, r->line);
		r->text[r->text_len++] = (char)c;
		advance(r, c);
	}
end_record:
	{
		int c = peek(r);

		r->end_line = r->line;
		r->end_col = r->col;
		if (c == '\n' || c == '\r')
			advance(r, c);
	}
	*got = 1;
	return CSEG_OK;
}

/* The C locale for strtod_l, made once per process. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static int is_missing_token(const char *s, size_t len)
{
	return len == 0
		|| (len == 2 && strncasecmp(s, "na", 2) == 0)
		|| (len == 3 && strncasecmp(s, "nan", 3) == 0)
		|| (len == 3 && strncasecmp(s, "n/a", 3) == 0)
		|| (len == 4 && strncasecmp(s, "null", 4) == 0);
}

static const double exact_pow10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* Plain decimals like "-12.50" with a mantissa below 2^53: the quotient of
 * two exact doubles is correctly rounded, so this equals strtod (Clinger's
 * fast path) at a fraction of the cost. Returns 0 when it does not apply. */
static int fast_decimal(const char *s, const char *end, double *out)
{
	uint64_t mant = 0;
	int digits = 0, frac = 0, neg = 0, seen_point = 0;
	double v;

	if (s < end && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	for (; s < end; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 19)
				return 0;
			mant = mant * 10 + (uint64_t)(*s - '0');
			frac += seen_point;
		} else if (*s == '.' && !seen_point) {
			seen_point = 1;
		} else {
			return 0;
		}
	}
	if (digits == 0 || mant > (UINT64_C(1) << 53) || frac > 22)
		return 0;
	v = (double)mant / exact_pow10[frac];
	*out = neg ? -v : v;
	return 1;
}

int cseg__csv_parse_double(const char *s, size_t len, double *out)
{
	const char *end = s + len, *p;
	char *stop;
	double v;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (is_missing_token(s, (size_t)(end - s))) {
		*out = NAN;
		return 0;
	}
	if (fast_decimal(s, end, out))
		return 0;
	/* strtod would also take hexadecimal; a CSV cell "0x1F" is not a number. */
	p = s + (s < end && (*s == '-' || *s == '+'));
	if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return 1;
	/* s is followed (after trimmed blanks) by the field's NUL, so strtod
	 * stops in the field; a stop before end means trailing garbage. */
	pthread_once(&c_locale_once, make_c_locale);
	errno = 0;
	v = c_locale ? strtod_l(s, &stop, c_locale) : strtod(s, &stop);
	if (stop != end || stop == s)
		return 1;
	if (isnan(v)) {
		*out = NAN;
		return 0;
	}
	if (isinf(v))
		return 2;
	*out = v;
	return 0;
}
