/* cseg_model_fit_csv_stream: partial fits over a CSV file read a chunk of
 * rows at a time. cseg_dataset_read_csv loads whole files, so this is a
 * chunked reader over the same record parser (lib/data/csv_parse.h) with
 * the same header and column rules; memory is one chunk. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../data/csv_parse.h"
#include "minibatch_internal.h"

typedef struct chunk_reader {
	cseg__csv_reader r;
	FILE *fp;
	int open;
	size_t n_header;
	int64_t *role;     /* per header field: feature index, or -1 */
	int64_t d;
	char **names;      /* d feature names */
	double *data;      /* chunk_rows x d */
	int64_t cap;
} chunk_reader;

static void reader_close(chunk_reader *R)
{
	if (R->open)
		cseg__csv_close(&R->r);
	if (R->fp && R->fp != stdin)
		fclose(R->fp);
	R->fp = NULL;
	R->open = 0;
	free(R->role);
	R->role = NULL;
	if (R->names)
		for (int64_t f = 0; f < R->d; f++)
			free(R->names[f]);
	free(R->names);
	R->names = NULL;
	R->d = 0;
}

static const char *field_text(const cseg__csv_reader *r, size_t j)
{
	return r->text + r->fields[j].off;
}

/* Header field named `name`: the only match. */
static cseg_status find_column(chunk_reader *R, const char *name, const char *what, size_t *out)
{
	size_t found = SIZE_MAX;

	for (size_t j = 0; j < R->n_header; j++) {
		if (strcmp(field_text(&R->r, j), name) != 0)
			continue;
		if (found != SIZE_MAX)
			return cseg__error(CSEG_E_INVALID_ARG, "%s:1: %s column '%s' appears twice in the "
				"header (fields %zu and %zu)", R->r.name, what, name, found + 1, j + 1);
		found = j;
	}
	if (found == SIZE_MAX)
		return cseg__error(CSEG_E_INVALID_ARG, "%s:1: no %s column '%s' in the header",
			R->r.name, what, name);
	*out = found;
	return CSEG_OK;
}

static cseg_status set_name(chunk_reader *R, int64_t f, size_t j)
{
	if (!(R->names[f] = cseg__strdup(field_text(&R->r, j))))
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", R->r.name);
	return CSEG_OK;
}

/* Open, read the header, choose the feature columns. */
static cseg_status reader_open(chunk_reader *R, const char *path, char delim, const char *id_column,
	const char *const *columns, int64_t n_columns)
{
	cseg_status st;
	size_t id = SIZE_MAX, j;
	int got;

	if (strcmp(path, "-") == 0) {
		R->fp = stdin;
	} else if (!(R->fp = fopen(path, "rb"))) {
		return cseg__error(CSEG_E_IO, "cannot open '%s': %s", path, strerror(errno));
	}
	if ((st = cseg__csv_open(&R->r, R->fp, R->fp == stdin ? "<stdin>" : path, delim)) != CSEG_OK)
		return st;
	R->open = 1;
	if ((st = cseg__csv_next(&R->r, &got)) != CSEG_OK)
		return st;
	if (!got)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: empty file, expected a header line", R->r.name);
	R->n_header = R->r.n_fields;
	R->role = cseg__malloc_array(R->n_header, sizeof(int64_t));
	R->names = cseg__calloc(columns ? (size_t)n_columns : R->n_header, sizeof(char *));
	if (!R->role || !R->names)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", R->r.name);
	for (j = 0; j < R->n_header; j++)
		R->role[j] = -1;
	if (id_column && (st = find_column(R, id_column, "ID", &id)) != CSEG_OK)
		return st;
	if (columns) {
		R->d = n_columns;
		for (int64_t f = 0; f < n_columns; f++) {
			if ((st = find_column(R, columns[f], "feature", &j)) != CSEG_OK)
				return st;
			if (j == id)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: column '%s' is the ID column and "
					"cannot also be a feature", R->r.name, columns[f]);
			if (R->role[j] >= 0)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: feature column '%s' is asked for "
					"twice", R->r.name, columns[f]);
			R->role[j] = f;
			if ((st = set_name(R, f, j)) != CSEG_OK)
				return st;
		}
		return CSEG_OK;
	}
	for (j = 0; j < R->n_header; j++) {
		if (j == id)
			continue;
		if (field_text(&R->r, j)[0] == '\0')
			return cseg__error(CSEG_E_INVALID_ARG, "%s:1: header field %zu is empty; name it "
				"or choose the feature columns", R->r.name, j + 1);
		for (size_t i = 0; i < j; i++)
			if (R->role[i] >= 0 && strcmp(field_text(&R->r, i), field_text(&R->r, j)) == 0)
				return cseg__error(CSEG_E_INVALID_ARG, "%s:1: column '%s' appears twice in "
					"the header", R->r.name, field_text(&R->r, j));
		R->role[j] = R->d;
		R->d++;
		if ((st = set_name(R, R->d - 1, j)) != CSEG_OK)
			return st;
	}
	if (R->d == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s:1: no feature columns", R->r.name);
	return CSEG_OK;
}

static cseg_status parse_row(chunk_reader *R, double *row)
{
	cseg__csv_reader *r = &R->r;

	if (r->n_fields < R->n_header)
		return cseg__error(CSEG_E_FORMAT, "%s:%" PRId64 ":%" PRId64 ": row has %zu field%s, "
			"the header has %zu", r->name, r->end_line, r->end_col, r->n_fields,
			r->n_fields == 1 ? "" : "s", R->n_header);
	for (size_t j = R->n_header; j < r->n_fields; j++)
		if (strspn(field_text(r, j), " \t") < r->fields[j].len)
			return cseg__error(CSEG_E_FORMAT, "%s:%" PRId64 ":%" PRId64 ": row has %zu fields, "
				"the header has %zu, and field %zu is not empty", r->name, r->fields[j].line,
				r->fields[j].col, r->n_fields, R->n_header, j + 1);
	for (size_t j = 0; j < R->n_header; j++) {
		const cseg__csv_field *fl = &r->fields[j];
		int rc;

		if (R->role[j] < 0)
			continue;
		rc = cseg__csv_parse_double(field_text(r, j), fl->len, &row[R->role[j]]);
		if (rc == 0 && isnan(row[R->role[j]]))
			return cseg__error(CSEG_E_FORMAT, "%s:%" PRId64 ":%" PRId64 ": column '%s': missing "
				"value (streaming fits need complete rows)", r->name, fl->line, fl->col,
				R->names[R->role[j]]);
		if (rc != 0)
			return cseg__error(CSEG_E_FORMAT, "%s:%" PRId64 ":%" PRId64 ": column '%s': %s "
				"'%.40s%s'", r->name, fl->line, fl->col, R->names[R->role[j]],
				rc == 1 ? "not a number:" : "infinite or out of range:",
				field_text(r, j), fl->len > 40 ? "..." : "");
	}
	return CSEG_OK;
}

/* Up to `want` rows into R->data; *got 0 at the end of the file. */
static cseg_status read_chunk(chunk_reader *R, int64_t want, int64_t *got)
{
	cseg_status st;
	int more;

	*got = 0;
	while (*got < want) {
		if ((st = cseg__csv_next(&R->r, &more)) != CSEG_OK)
			return st;
		if (!more)
			break;
		if ((st = parse_row(R, R->data + *got * R->d)) != CSEG_OK)
			return st;
		(*got)++;
	}
	return CSEG_OK;
}

static cseg_status check_args(const cseg_model *m, const char *path, char delimiter,
	const char *const *columns, int64_t n_columns, int64_t chunk_rows, int64_t n_passes)
{
	unsigned char d = (unsigned char)delimiter;

	if (!m)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (m->algo != CSEG_ALGO_MINIBATCH_KMEANS)
		return cseg__error(CSEG_E_UNSUPPORTED, "streaming fits need a mini-batch k-means model, "
			"not '%s'", cseg_algo_name(m->algo));
	if (!path)
		return cseg__error(CSEG_E_INVALID_ARG, "path is NULL");
	if (d == '\0' || d == '"' || d == '\r' || d == '\n' || d >= 0x80)
		return cseg__error(CSEG_E_INVALID_ARG, "delimiter 0x%02x cannot separate fields "
			"(NUL, quote, line end or non-ASCII)", d);
	if (n_columns < 0 || (columns == NULL) != (n_columns == 0))
		return cseg__error(CSEG_E_INVALID_ARG, "columns is %s but n_columns is %" PRId64,
			columns ? "given" : "NULL", n_columns);
	for (int64_t f = 0; f < n_columns; f++)
		if (!columns[f] || !columns[f][0])
			return cseg__error(CSEG_E_INVALID_ARG, "columns[%" PRId64 "] is %s", f,
				columns[f] ? "empty" : "NULL");
	if (chunk_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "chunk_rows = %" PRId64 " must be >= 1", chunk_rows);
	if (n_passes < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "n_passes = %" PRId64 " must be >= 1", n_passes);
	if (n_passes > 1 && strcmp(path, "-") == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "standard input can be read only once (n_passes = %"
			PRId64 ")", n_passes);
	return CSEG_OK;
}

/* One pass: every chunk into a partial fit of work. */
static cseg_status one_pass(cseg_model *work, const char *path, char delimiter, const char *id_column,
	const char *const *columns, int64_t n_columns, int64_t chunk_rows, int64_t *rows_out)
{
	chunk_reader R;
	struct cseg_dataset chunk;
	cseg_status st;
	int64_t got, total = 0;

	memset(&R, 0, sizeof(R));
	*rows_out = 0;
	if ((st = reader_open(&R, path, delimiter, id_column, columns, n_columns)) != CSEG_OK)
		goto done;
	if (work->fitted && R.d != work->d) {
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: %lld feature columns, the model has %lld",
			R.r.name, (long long)R.d, (long long)work->d);
		goto done;
	}
	if ((uint64_t)chunk_rows > (SIZE_MAX / sizeof(double)) / (uint64_t)R.d ||
	    !(R.data = cseg__malloc_array((size_t)chunk_rows * (size_t)R.d, sizeof(double)))) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for a chunk of %" PRId64 " rows", chunk_rows);
		goto done;
	}
	memset(&chunk, 0, sizeof(chunk));
	chunk.n_cols = R.d;
	chunk.data = R.data;
	chunk.col_names = R.names;
	for (;;) {
		if ((st = read_chunk(&R, chunk_rows, &got)) != CSEG_OK || got == 0)
			break;
		if (!work->fitted && got < work->params.k) {
			st = cseg__error(CSEG_E_INVALID_ARG, "%s: the first chunk has %" PRId64 " rows, "
				"fewer than k = %" PRId64, R.r.name, got, work->params.k);
			break;
		}
		chunk.n_rows = got;
		if ((st = cseg_model_partial_fit(work, &chunk, NULL, 0)) != CSEG_OK)
			break;
		total += got;
	}
	if (st == CSEG_OK && total == 0)
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: no data rows after the header", R.r.name);
	*rows_out = total;
done:
	free(R.data);
	reader_close(&R);
	return st;
}

cseg_status cseg_model_fit_csv_stream(cseg_model *model, const char *path,
	char delimiter, const char *id_column, const char *const *columns, int64_t n_columns,
	int64_t chunk_rows, int64_t n_passes)
{
	cseg_model *work = NULL;
	int64_t rows = 0;
	cseg_status st;

	if ((st = check_args(model, path, delimiter, columns, n_columns, chunk_rows, n_passes)) != CSEG_OK)
		return st;
	if ((st = cseg_model_copy(&work, model)) != CSEG_OK)
		return st;
	cseg__model_clear_fit(work);
	for (int64_t pass = 0; pass < n_passes && st == CSEG_OK; pass++)
		st = one_pass(work, path, delimiter, id_column, columns, n_columns, chunk_rows, &rows);
	if (st == CSEG_OK) {
		/* The labels are the last chunk's: the training rows are the file's. */
		free(work->labels);
		work->labels = NULL;
		work->n_train_rows = rows;
		cseg__mb_install(model, work);
	}
	cseg_model_free(work);
	return st;
}
