/* Streaming RFC 4180 record reader and cell parsing, used by csv.c. */
#ifndef CSEG_CSV_PARSE_H
#define CSEG_CSV_PARSE_H

#include <stdint.h>
#include <stdio.h>

#include "cseg/cseg_common.h"

/* One field of the current record: text at reader->text + off, NUL-terminated,
 * starting at (line, col) of the file (1-based; col counts UTF-8 characters,
 * for a quoted field the opening quote). */
typedef struct cseg__csv_field {
	size_t off, len;
	int64_t line, col;
	int quoted;
} cseg__csv_field;

typedef struct cseg__csv_reader {
	FILE *fp;
	const char *name;       /* path shown in messages */
	unsigned char *buf;
	size_t pos, len;
	int eof;
	int64_t line, col;      /* position of the next byte */
	int after_cr;           /* an LF right after CR ends no extra line */
	unsigned char delim;
	unsigned char stop[256];  /* bytes that end a run of plain field text */

	char *text;             /* fields of the current record, back to back */
	size_t text_len, text_cap;
	cseg__csv_field *fields;
	size_t n_fields, fields_cap;
	int64_t end_line, end_col; /* where the current record's line ended */
} cseg__csv_reader;

/* Prepare a reader over fp (not closed here); skips a UTF-8 BOM. */
cseg_status cseg__csv_open(cseg__csv_reader *r, FILE *fp, const char *name, char delim);
void cseg__csv_close(cseg__csv_reader *r);

/* Read the next record into r->fields; *got is 0 at end of file. Blank
 * lines are skipped. Errors carry name:line:col. */
cseg_status cseg__csv_next(cseg__csv_reader *r, int *got);

/* Parse a numeric cell: 0 and *out set (NaN for a missing cell), 1 when
 * not a number, 2 when infinite or out of range. */
int cseg__csv_parse_double(const char *s, size_t len, double *out);

#endif /* CSEG_CSV_PARSE_H */
