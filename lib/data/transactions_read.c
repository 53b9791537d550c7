/* The transaction file reader: streams the file through a fixed buffer
 * (1 MiB reads), so memory is the log being built plus the longest record,
 * never the file. A record is one line, or several when a quoted CSV field
 * holds newlines; records may straddle reads. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "transactions_build.h"

#define DEFAULT_CHUNK ((size_t)1 << 20)

static size_t read_chunk = DEFAULT_CHUNK;

void cseg__tx_set_read_chunk(size_t bytes)
{
	read_chunk = bytes ? bytes : DEFAULT_CHUNK;
}

typedef struct field {
	const char *s;  /* points into the read buffer or the unquote scratch */
	size_t len;
	int64_t line;   /* 1-based line and character column of the field's start */
	int64_t col;
} field;

/* Outcomes of next_record besides a record (1) and the end of file (0). */
enum { REC_UNTERMINATED = -1, REC_NOMEM = -2, REC_IO = -3 };

typedef struct reader {
	FILE *f;
	const char *path;
	char *buf;        /* buf[pos..len) is unread data */
	size_t cap, len, pos;
	size_t chunk;     /* bytes per fread */
	int eof;
	int64_t line;     /* line on which the next record starts */
	int delim;        /* 0 = runs of blanks */
	field *fields;
	int64_t n_fields, cap_fields;
	char *scratch;    /* unquoted CSV fields of the current record */
	size_t scratch_cap;
	int64_t rec_line; /* the current record's first line and end column */
	int64_t rec_end_col;
} reader;

/* Move unread data to the front and read one more chunk, growing the buffer
 * when a record fills it. 1 when bytes were added, 0 at the end of file,
 * REC_NOMEM or REC_IO. */
static int refill(reader *r)
{
	size_t want, n;

	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (r->len == r->cap) {
		char *nb = cseg__realloc_array(r->buf, r->cap * 2, 1);
		if (!nb)
			return REC_NOMEM;
		r->buf = nb;
		r->cap *= 2;
	}
	want = r->cap - r->len;
	if (want > r->chunk)
		want = r->chunk;
	n = fread(r->buf + r->len, 1, want, r->f);
	r->len += n;
	if (n == 0) {
		if (ferror(r->f))
			return REC_IO;
		r->eof = 1;
		return 0;
	}
	return 1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Offset (from pos) of the next '\n' at or after pos + from, loading data as
 * needed; the data length (from pos) at the end of file. Negative on error. */
static int64_t find_newline(reader *r, size_t from)
{
	for (;;) {
		const char *nl = memchr(r->buf + r->pos + from, '\n', r->len - r->pos - from);
		int rc;
		if (nl)
			return nl - (r->buf + r->pos);
		from = r->len - r->pos;
		rc = refill(r);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return (int64_t)(r->len - r->pos);
	}
}

/* CSV record end: the offset (from pos) of the '\n' that ends the record
 * starting at pos, or the data length at the end of file. A quote opens a
 * quoted field only at the start of a field (after blanks); inside one, ""
 * is a quote and newlines belong to the field. */
static int64_t find_csv_end(reader *r, int64_t *newlines)
{
	enum { START, PLAIN, QUOTED, QUOTE } state = START;
	size_t q = 0;
	int64_t nl = 0;

	/* Most records have no quote: end at the first newline. */
	{
		int64_t e = find_newline(r, 0);
		if (e < 0 || !memchr(r->buf + r->pos, '"', (size_t)e)) {
			*newlines = 0;
			return e;
		}
	}
	for (;;) {
		for (; r->pos + q < r->len; q++) {
			char c = r->buf[r->pos + q];
			switch (state) {
			case START:
				if (c == '"')
					state = QUOTED;
				else if (c == '\n')
					goto done;
				else if (c != r->delim && !is_blank(c))
					state = PLAIN;
				break;
			case PLAIN:
				if (c == r->delim)
					state = START;
				else if (c == '\n')
					goto done;
				break;
			case QUOTED:
				if (c == '"')
					state = QUOTE;
				else if (c == '\n')
					nl++;
				break;
			case QUOTE:  /* a quote inside a quoted field: "" or the end */
				if (c == '"')
					state = QUOTED;
				else if (c == r->delim)
					state = START;
				else if (c == '\n')
					goto done;
				else
					state = PLAIN;  /* junk after the closing quote, ignored */
				break;
			}
		}
		{
			int rc = refill(r);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
		}
	}
	if (state == QUOTED)
		return REC_UNTERMINATED;
done:
	*newlines = nl;
	return (int64_t)q;
}

static void trim_field(field *f)
{
	while (f->len && is_blank(f->s[0])) {
		f->s++;
		f->len--;
		f->col++;
	}
	while (f->len && (is_blank(f->s[f->len - 1]) || f->s[f->len - 1] == '\r'))
		f->len--;
}

static int push_field(reader *r, const char *s, size_t len, int64_t line, int64_t col)
{
	if (r->n_fields == r->cap_fields) {
		int64_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
		field *nf = cseg__realloc_array(r->fields, (size_t)cap, sizeof(field));
		if (!nf)
			return 0;
		r->fields = nf;
		r->cap_fields = cap;
	}
	r->fields[r->n_fields].s = s;
	r->fields[r->n_fields].len = len;
	r->fields[r->n_fields].line = line;
	r->fields[r->n_fields].col = col;
	r->n_fields++;
	return 1;
}

/* Split b[0..end) (blank-separated) into fields. */
static int split_blanks(reader *r, const char *b, size_t end)
{
	size_t p = 0;

	for (;;) {
		size_t start;
		while (p < end && (is_blank(b[p]) || b[p] == '\r'))
			p++;
		if (p >= end)
			return 1;
		start = p;
		while (p < end && !is_blank(b[p]) && b[p] != '\r')
			p++;
		if (!push_field(r, b + start, p - start, r->rec_line, (int64_t)start + 1))
			return 0;
	}
}

/* Split the CSV record b[0..end) into fields, unquoting into the scratch. */
static int split_csv(reader *r, const char *b, size_t end)
{
	size_t p = 0, used = 0, line_start = 0;
	int64_t line = r->rec_line;

	if (end + 1 > r->scratch_cap) {
		char *ns = cseg__realloc_array(r->scratch, (end + 1) * 2, 1);
		if (!ns)
			return 0;
		r->scratch = ns;
		r->scratch_cap = (end + 1) * 2;
	}
	for (;;) {
		size_t start = p;
		while (p < end && is_blank(b[p]))
			p++;
		if (p < end && b[p] == '"') {
			char *dst = r->scratch + used;
			size_t n = 0;
			int64_t fline = line, col = (int64_t)(p - line_start) + 1;
			p++;
			while (p < end) {
				if (b[p] == '"') {
					if (p + 1 < end && b[p + 1] == '"') {
						dst[n++] = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (b[p] == '\n') {
					line++;
					line_start = p + 1;
				}
				dst[n++] = b[p++];
			}
			while (p < end && b[p] != r->delim)
				p++;  /* junk after the closing quote is ignored */
			if (!push_field(r, dst, n, fline, col))
				return 0;
			used += n;
		} else {
			p = start;
			while (p < end && b[p] != r->delim)
				p++;
			if (!push_field(r, b + start, p - start, line, (int64_t)(start - line_start) + 1))
				return 0;
		}
		if (p >= end)
			break;
		p++;  /* the delimiter */
	}
	r->rec_end_col = (int64_t)(end - line_start) + 1;
	for (int64_t i = 0; i < r->n_fields; i++)
		trim_field(&r->fields[i]);
	/* A line of blanks (and a CR) is blank, not one empty field. */
	if (r->n_fields == 1 && r->fields[0].len == 0)
		r->n_fields = 0;
	return 1;
}

/* Read and split the next record. 1 for a record (n_fields = 0 for a blank
 * line), 0 at the end of file, REC_UNTERMINATED (the record starts on
 * r->rec_line and the rest of the file is consumed), REC_NOMEM, REC_IO.
 * The fields point into the buffer and stay valid until the next call. */
static int next_record(reader *r)
{
	int64_t end, newlines = 0;
	size_t next;

	r->n_fields = 0;
	if (r->pos >= r->len) {
		int rc = refill(r);
		if (rc <= 0)
			return rc;
	}
	r->rec_line = r->line;
	end = r->delim ? find_csv_end(r, &newlines) : find_newline(r, 0);
	if (end == REC_UNTERMINATED) {
		r->pos = r->len;
		return REC_UNTERMINATED;
	}
	if (end < 0)
		return (int)end;
	next = r->pos + (size_t)end + (r->pos + (size_t)end < r->len);  /* past the '\n' */
	r->line += 1 + newlines;
	r->rec_end_col = end + 1;
	if (!(r->delim ? split_csv(r, r->buf + r->pos, (size_t)end) : split_blanks(r, r->buf + r->pos, (size_t)end)))
		return REC_NOMEM;
	r->pos = next;
	return 1;
}

/* Choose the delimiter from the first non-blank line: ',' if it has one,
 * else tab, else runs of blanks. Reads ahead without consuming. */
static int detect_delimiter(reader *r, int *delim)
{
	size_t from = 0;

	for (;;) {
		int64_t e = find_newline(r, from);
		const char *s;
		int blank = 1;
		if (e < 0)
			return (int)e;
		s = r->buf + r->pos + from;
		for (size_t i = 0; i < (size_t)e - from; i++)
			if (!is_blank(s[i]) && s[i] != '\r')
				blank = 0;
		if (!blank || r->pos + (size_t)e >= r->len) {
			*delim = memchr(s, ',', (size_t)e - from) ? ',' : memchr(s, '\t', (size_t)e - from) ? '\t' : 0;
			return 1;
		}
		from = (size_t)e + 1;
	}
}

/* A finite number. Plain decimals of up to 15 digits ("-12.50") take
 * Clinger's fast path: the digits and the power of ten are exact doubles, so
 * one correctly rounded division gives what strtod gives, several times
 * faster. Anything else (exponents, more digits) goes to strtod. */
static int parse_number(const field *f, double *out)
{
	static const double p10[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
		1e13, 1e14, 1e15};
	char tmp[128], *end;
	const char *s = f->s;
	size_t i = 0, n = f->len;
	uint64_t m = 0;
	int neg = 0, nd = 0, frac = -1;
	double v;

	if (n && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++nd > 15)
				break;
			m = m * 10 + (uint64_t)(s[i] - '0');
			frac += frac >= 0;
		} else if (s[i] == '.' && frac < 0) {
			frac = 0;
		} else {
			break;
		}
	}
	if (i == n && nd > 0) {
		v = (double)m;
		if (frac > 0)
			v /= p10[frac];
		*out = neg ? -v : v;
		return 1;
	}
	if (n == 0 || n >= sizeof(tmp) || memchr(s, '\0', n))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	v = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

static int field_is(const field *f, const char *name)
{
	size_t n = strlen(name);
	return f->len == n && memcmp(f->s, name, n) == 0;
}

/* The first read string column (ID, channel, region, category) holding a
 * NUL byte, which a C string cannot carry; -1 when none does. */
static int nul_field(const field *fs, const int64_t *pos)
{
	for (int c = 0; c < CSEG__TX_N_COLS; c++)
		if ((c == 0 || c >= CSEG__TX_COL_ATTR0) && pos[c] >= 0 && memchr(fs[pos[c]].s, '\0', fs[pos[c]].len))
			return c;
	return -1;
}

/* Why the current record cannot be read, or NULL when it can: the message
 * after "path:line:" goes to `why` ("14: field 3 (amount): ..."), with the
 * column first; the parsed values go to the outputs. */
static int check_row(const reader *r, const cseg_tx_options *o, const int64_t *pos, int64_t need,
	int64_t *day, double *amount, double *qty, int64_t *line, char *why, size_t why_size)
{
	const field *fs = r->fields, *f;
	const char *what;
	cseg__date_check dc;
	int bad;

	if (r->n_fields < need) {
		int widest = 0;
		for (int c = 1; c < CSEG__TX_N_COLS; c++)
			if (pos[c] + 1 == need && pos[widest] + 1 != need)
				widest = c;
		*line = r->rec_line;
		snprintf(why, why_size, "%lld: %lld field%s, need at least %lld (for the %s column)",
			(long long)r->rec_end_col, (long long)r->n_fields, r->n_fields == 1 ? "" : "s",
			(long long)need, cseg__tx_col_role[widest]);
		return 0;
	}
	if (fs[pos[0]].len == 0) {
		bad = 0;
		what = "empty";
	} else if ((bad = nul_field(fs, pos)) >= 0) {
		what = "holds a NUL byte";
	} else if ((dc = cseg__tx_parse_date(fs[pos[1]].s, fs[pos[1]].len, o->date_format, day)) != CSEG__DATE_OK) {
		bad = 1;
		what = dc == CSEG__DATE_INVALID ? "not a calendar date (years 1..9999)" :
			o->date_format == CSEG_DATE_ISO ? "expected a date YYYY-MM-DD" :
			o->date_format == CSEG_DATE_YYYYMMDD ? "expected a date YYYYMMDD" :
			"expected a date YYYY-MM-DD or YYYYMMDD";
	} else if (!parse_number(&fs[pos[2]], amount)) {
		bad = 2;
		what = "expected a finite number";
	} else if (pos[3] >= 0 && !parse_number(&fs[pos[3]], qty)) {
		bad = 3;
		what = "expected a finite number";
	} else {
		return 1;
	}
	f = &fs[pos[bad]];
	*line = f->line;
	snprintf(why, why_size, "%lld: field %lld (%s): %s, found '%.*s'", (long long)f->col,
		(long long)pos[bad] + 1, cseg__tx_col_role[bad], what, (int)(f->len > 40 ? 40 : f->len), f->s);
	return 0;
}

cseg_status cseg_transactions_read(cseg_transactions **out, const char *path, const cseg_tx_options *opts)
{
	cseg_tx_options defaults;
	reader r;
	cseg__tx_builder b;
	int64_t pos[CSEG__TX_N_COLS], need = 0;
	int header, by_name = 0, rc = 0, first;
	cseg_status st;
	const char *names[CSEG__TX_N_COLS];
	char why[CSEG__TX_REASON_LEN];

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_read: out is NULL");
	*out = NULL;
	if (!path)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_read: path is NULL");
	if (!opts) {
		cseg__tx_options_defaults(&defaults);
		opts = &defaults;
	}
	for (int c = 0; c < CSEG__TX_N_COLS; c++) {
		pos[c] = opts->col_pos[c];
		names[c] = opts->col_name[c];
		if (names[c])
			by_name = 1;
	}
	header = opts->header;
	if (by_name && header == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: columns chosen by name but the header option is 0", path);

	memset(&r, 0, sizeof(r));
	memset(&b, 0, sizeof(b));
	r.path = path;
	r.line = 1;
	r.chunk = read_chunk;
	r.cap = read_chunk;
	r.f = fopen(path, "rb");
	if (!r.f)
		return cseg__error(CSEG_E_IO, "%s: cannot open: %s", path, strerror(errno));
	r.buf = cseg__malloc(r.cap);
	if (!r.buf)
		goto nomem;
	/* A UTF-8 byte order mark is not part of the first field. */
	while (r.len < 3 && (rc = refill(&r)) > 0)
		;
	if (rc < 0)
		goto read_error;
	if (r.len >= 3 && memcmp(r.buf, "\xEF\xBB\xBF", 3) == 0)
		r.pos = 3;
	if (opts->delimiter == 0) {
		if ((rc = detect_delimiter(&r, &r.delim)) < 0)
			goto read_error;
	} else {
		r.delim = opts->delimiter == ' ' ? 0 : opts->delimiter;
	}

	if (cseg__txb_init(&b, pos[3] >= 0 || names[3] != NULL) != CSEG_OK)
		goto nomem;
	/* Header: the first non-blank record, then decide. */
	while ((rc = next_record(&r)) == 1 && r.n_fields == 0)
		;
	if (rc == REC_UNTERMINATED) {
		st = cseg__error(CSEG_E_FORMAT, "%s:%lld:1: unterminated quoted field", path, (long long)r.rec_line);
		goto fail;
	}
	if (rc < 0)
		goto read_error;
	if (rc == 0) {
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: no data rows (the file is empty)", path);
		goto fail;
	}
	if (header == -1) {
		int64_t d;
		header = by_name || !(pos[1] < r.n_fields &&
			cseg__tx_parse_date(r.fields[pos[1]].s, r.fields[pos[1]].len, opts->date_format, &d) == CSEG__DATE_OK);
	}
	if (header) {
		for (int c = 0; c < CSEG__TX_N_COLS; c++) {
			if (!names[c])
				continue;
			for (int64_t j = 0; j < r.n_fields; j++) {
				if (field_is(&r.fields[j], names[c])) {
					pos[c] = j;
					break;
				}
			}
			if (pos[c] < 0) {
				st = cseg__error(CSEG_E_INVALID_ARG, "%s:%lld: unknown %s column '%s' (not in the header)",
					path, (long long)r.rec_line, cseg__tx_col_role[c], names[c]);
				goto fail;
			}
		}
	}
	for (int c = 0; c < CSEG__TX_N_COLS; c++)
		if (pos[c] + 1 > need)
			need = pos[c] + 1;
	for (int c = CSEG__TX_COL_ATTR0; c < CSEG__TX_N_COLS; c++)
		if (pos[c] >= 0 && cseg__txb_attr_enable(&b, c - CSEG__TX_COL_ATTR0) != CSEG_OK)
			goto nomem;

	/* Data rows: the first one is already split unless it was the header. */
	for (first = !header;; first = 0) {
		int64_t day = 0, line = 0;
		double amount = 0.0, qty = 1.0;
		uint64_t hash = 0;

		if (!first) {
			rc = next_record(&r);
			if (rc == 0)
				break;
			if (rc == REC_UNTERMINATED) {
				snprintf(why, sizeof(why), "1: unterminated quoted field (runs to the end of the file)");
				line = r.rec_line;
				goto bad_row;
			}
			if (rc < 0)
				goto read_error;
			if (r.n_fields == 0)
				continue;
		}
		/* Hash the ID first: its slot is fetched while the row is parsed. */
		if (r.n_fields > pos[0])
			hash = cseg__txb_hash(&b, r.fields[pos[0]].s, r.fields[pos[0]].len);
		if (!check_row(&r, opts, pos, need, &day, &amount, &qty, &line, why, sizeof(why)))
			goto bad_row;
		st = cseg__txb_add(&b, r.fields[pos[0]].s, r.fields[pos[0]].len, hash, day, amount, qty);
		if (st == CSEG_E_INVALID_ARG) {
			st = cseg__error(st, "%s:%lld: more than %d distinct customers", path, (long long)r.rec_line,
				INT32_MAX);
			goto fail;
		}
		if (st != CSEG_OK)
			goto nomem;
		for (int c = CSEG__TX_COL_ATTR0; c < CSEG__TX_N_COLS; c++)
			if (pos[c] >= 0 && cseg__txb_attr_set(&b, c - CSEG__TX_COL_ATTR0, b.tx->n_rows - 1,
				r.fields[pos[c]].s, r.fields[pos[c]].len) != CSEG_OK)
				goto nomem;
		continue;
bad_row:
		if (!opts->skip_bad) {
			st = cseg__error(CSEG_E_FORMAT, "%s:%lld:%s", path, (long long)line, why);
			goto fail;
		}
		{
			/* The reason as the caller reads it: "column 14: field 3 ...". */
			char reason[CSEG__TX_REASON_LEN + 8];
			snprintf(reason, sizeof(reason), "column %s", why);
			if (cseg__txb_skip(&b, line, reason) != CSEG_OK)
				goto nomem;
		}
		if (rc == REC_UNTERMINATED)
			break;
	}
	if (b.tx->n_rows == 0) {
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: no valid data rows (%lld skipped)", path,
			(long long)b.tx->n_skipped);
		goto fail;
	}
	fclose(r.f);
	free(r.fields);
	free(r.scratch);
	free(r.buf);
	*out = cseg__txb_finish(&b);
	if (!*out)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", path);
	return CSEG_OK;

read_error:
	if (rc == REC_NOMEM)
		goto nomem;
	st = cseg__error(CSEG_E_IO, "%s:%lld: read error: %s", path, (long long)r.line, strerror(errno));
	goto fail;
nomem:
	st = cseg__error(CSEG_E_NOMEM, "%s: out of memory", path);
fail:
	cseg__txb_discard(&b);
	fclose(r.f);
	free(r.fields);
	free(r.scratch);
	free(r.buf);
	return st;
}
