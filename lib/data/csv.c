/* cseg_dataset_read_csv: header, column selection, numeric cells.
 *
 * Positions in messages are "file:line:column", both 1-based; the column
 * counts characters (UTF-8 code points, a tab is one) from the start of the
 * physical line to the first character of the offending field (its opening
 * quote when quoted); a row with too few fields points at its line end.
 *
 * Rows with MORE fields than the header are read only when the extra
 * fields are empty (trailing delimiters, common in spreadsheet exports);
 * they are reported once through the log callback (CSEG_LOG_WARN). A
 * non-empty extra field has no name, so reading on would silently drop
 * data: it is an error at its position. Too few fields are an error too. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "csv_parse.h"
#include "dataset_build.h"

#define ROLE_SKIP (-1)
#define ROLE_ID (-2)

typedef struct csv_load {
	cseg__csv_reader r;
	FILE *fp;
	char *header_text;          /* header fields, back to back */
	cseg__csv_field *header;    /* offsets into header_text */
	size_t n_header;
	int64_t *role;              /* per header field: feature index, ROLE_ID or ROLE_SKIP */
	int64_t *feature_field;     /* per feature: header field index */
	int64_t n_features;
	double *data;
	int64_t n_rows, cap_rows;
	char *id_pool;
	size_t id_len, id_cap;
	int64_t n_long_rows, long_line, long_col; /* rows with unnamed extra fields */
} csv_load;

static const char *header_name(const csv_load *L, size_t j)
{
	return L->header_text + L->header[j].off;
}

static void load_free(csv_load *L)
{
	cseg__csv_close(&L->r);
	if (L->fp && L->fp != stdin)
		fclose(L->fp);
	free(L->header_text);
	free(L->header);
	free(L->role);
	free(L->feature_field);
	free(L->data);
	free(L->id_pool);
}

/* Header field named `name`: index of the only match, or an error for
 * none or several. `what` says what the name was asked for. */
static cseg_status find_column(const csv_load *L, const char *name, const char *what,
	size_t *index_out)
{
	size_t found = SIZE_MAX;

	for (size_t j = 0; j < L->n_header; j++) {
		if (strcmp(header_name(L, j), name) != 0)
			continue;
		if (found != SIZE_MAX)
			return cseg__error(CSEG_E_INVALID_ARG, "%s:1: %s column '%s' appears twice in "
				"the header (fields %zu and %zu)", L->r.name, what, name, found + 1, j + 1);
		found = j;
	}
	if (found == SIZE_MAX) {
		char list[400];
		size_t used = 0;

		list[0] = '\0';
		for (size_t j = 0; j < L->n_header && used + 1 < sizeof(list); j++) {
			int n = snprintf(list + used, sizeof(list) - used, "%s'%s'",
				j ? ", " : "", header_name(L, j));
			if (n < 0)
				break;
			used += (size_t)n;
		}
		return cseg__error(CSEG_E_INVALID_ARG, "%s:1: no %s column '%s' in the header "
			"(it has %s)", L->r.name, what, name, list);
	}
	*index_out = found;
	return CSEG_OK;
}

static cseg_status keep_header(csv_load *L)
{
	cseg__csv_reader *r = &L->r;

	L->n_header = r->n_fields;
	L->header_text = cseg__malloc(r->text_len);
	L->header = cseg__malloc_array(r->n_fields, sizeof(*L->header));
	L->role = cseg__malloc_array(r->n_fields, sizeof(*L->role));
	if (!L->header_text || !L->header || !L->role)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", r->name);
	memcpy(L->header_text, r->text, r->text_len);
	memcpy(L->header, r->fields, r->n_fields * sizeof(*L->header));
	for (size_t j = 0; j < L->n_header; j++)
		L->role[j] = ROLE_SKIP;
	return CSEG_OK;
}

static cseg_status choose_columns(csv_load *L, const char *id_column,
	const char *const *columns, int64_t n_columns)
{
	const char *name = L->r.name;
	size_t j;

	if (id_column) {
		cseg_status st = find_column(L, id_column, "ID", &j);
		if (st != CSEG_OK)
			return st;
		L->role[j] = ROLE_ID;
	}
	if (columns) {
		L->feature_field = cseg__malloc_array((size_t)n_columns, sizeof(int64_t));
		if (!L->feature_field)
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory", name);
		for (int64_t f = 0; f < n_columns; f++) {
			cseg_status st = find_column(L, columns[f], "feature", &j);
			if (st != CSEG_OK)
				return st;
			if (L->role[j] == ROLE_ID)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: column '%s' is the ID column "
					"and cannot also be a feature", name, columns[f]);
			if (L->role[j] >= 0)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: feature column '%s' is asked "
					"for twice (columns[%" PRId64 "] and columns[%" PRId64 "])",
					name, columns[f], L->role[j], f);
			L->role[j] = f;
			L->feature_field[f] = (int64_t)j;
		}
		L->n_features = n_columns;
		return CSEG_OK;
	}
	/* Every column except the ID: names must be usable as feature names. */
	L->feature_field = cseg__malloc_array(L->n_header, sizeof(int64_t));
	if (!L->feature_field)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", name);
	for (j = 0; j < L->n_header; j++) {
		if (L->role[j] == ROLE_ID)
			continue;
		if (header_name(L, j)[0] == '\0')
			return cseg__error(CSEG_E_INVALID_ARG, "%s:%" PRId64 ":%" PRId64 ": header "
				"field %zu is empty; name it or choose the feature columns",
				name, L->header[j].line, L->header[j].col, j + 1);
		for (size_t i = 0; i < j; i++)
			if (L->role[i] >= 0 && strcmp(header_name(L, i), header_name(L, j)) == 0)
				return cseg__error(CSEG_E_INVALID_ARG, "%s:%" PRId64 ":%" PRId64 ": column "
					"'%s' appears twice in the header (fields %zu and %zu)", name,
					L->header[j].line, L->header[j].col, header_name(L, j), i + 1, j + 1);
		L->role[j] = L->n_features;
		L->feature_field[L->n_features++] = (int64_t)j;
	}
	if (L->n_features == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s:1: no feature columns besides the ID "
			"column '%s'", name, id_column);
	return CSEG_OK;
}

static cseg_status grow_rows(csv_load *L)
{
	int64_t cap = L->cap_rows ? L->cap_rows * 2 : 1024;
	double *p;

	if ((uint64_t)cap > (SIZE_MAX / sizeof(double)) / (uint64_t)L->n_features)
		return cseg__error(CSEG_E_NOMEM, "%s: too many rows", L->r.name);
	p = realloc(L->data, (size_t)cap * (size_t)L->n_features * sizeof(double));
	if (!p)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory after %" PRId64 " rows",
			L->r.name, L->n_rows);
	L->data = p;
	L->cap_rows = cap;
	return CSEG_OK;
}

static cseg_status keep_id(csv_load *L, const char *s, size_t len)
{
	if (L->id_cap - L->id_len < len + 1) {
		size_t cap = L->id_cap ? L->id_cap : 4096;
		char *p;

		while (cap - L->id_len < len + 1) {
			if (cap > SIZE_MAX / 2)
				return cseg__error(CSEG_E_NOMEM, "%s: IDs too long", L->r.name);
			cap *= 2;
		}
		p = realloc(L->id_pool, cap);
		if (!p)
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory after %" PRId64 " rows",
				L->r.name, L->n_rows);
		L->id_pool = p;
		L->id_cap = cap;
	}
	memcpy(L->id_pool + L->id_len, s, len + 1);
	L->id_len += len + 1;
	return CSEG_OK;
}

static cseg_status read_row(csv_load *L)
{
	cseg__csv_reader *r = &L->r;
	double *row;

	if (r->n_fields < L->n_header)
		return cseg__error(CSEG_E_FORMAT, "%s:%" PRId64 ":%" PRId64 ": row has %zu field%s, "
			"the header has %zu", r->name, r->end_line, r->end_col, r->n_fields,
			r->n_fields == 1 ? "" : "s", L->n_header);
	for (size_t j = L->n_header; j < r->n_fields; j++) {
		const cseg__csv_field *f = &r->fields[j];
		if (strspn(r->text + f->off, " \t") < f->len)
			return cseg__error(CSEG_E_FORMAT, "%s:%" PRId64 ":%" PRId64 ": row has %zu fields, "
				"the header has %zu, and field %zu is not empty", r->name, f->line, f->col,
				r->n_fields, L->n_header, j + 1);
	}
	if (r->n_fields > L->n_header && L->n_long_rows++ == 0) {
		L->long_line = r->fields[L->n_header].line;
		L->long_col = r->fields[L->n_header].col;
	}
	if (L->n_rows == L->cap_rows) {
		cseg_status st = grow_rows(L);
		if (st != CSEG_OK)
			return st;
	}
	row = L->data + L->n_rows * L->n_features;
	for (size_t j = 0; j < L->n_header; j++) {
		const cseg__csv_field *f = &r->fields[j];
		const char *s = r->text + f->off;
		int rc;

		if (L->role[j] == ROLE_SKIP)
			continue;
		if (L->role[j] == ROLE_ID) {
			cseg_status st = keep_id(L, s, f->len);
			if (st != CSEG_OK)
				return st;
			continue;
		}
		rc = cseg__csv_parse_double(s, f->len, &row[L->role[j]]);
		if (rc != 0)
			return cseg__error(CSEG_E_FORMAT, "%s:%" PRId64 ":%" PRId64 ": column '%s': "
				"%s '%.40s%s'", r->name, f->line, f->col, header_name(L, j),
				rc == 1 ? "not a number:" : "infinite or out of range:",
				s, f->len > 40 ? "..." : "");
	}
	L->n_rows++;
	return CSEG_OK;
}

static cseg_status check_args(const char *path, char delimiter, const char *const *columns,
	int64_t n_columns)
{
	unsigned char d = (unsigned char)delimiter;

	if (!path)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_read_csv: path is NULL");
	if (d == '\0' || d == '"' || d == '\r' || d == '\n' || d >= 0x80)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_read_csv: delimiter 0x%02x "
			"cannot separate fields (NUL, quote, line end or non-ASCII)", d);
	if (n_columns < 0 || (columns == NULL) != (n_columns == 0))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_read_csv: columns is %s but "
			"n_columns is %" PRId64, columns ? "given" : "NULL", n_columns);
	for (int64_t f = 0; f < n_columns; f++)
		if (!columns[f] || !columns[f][0])
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_read_csv: columns[%" PRId64
				"] is %s (feature names must be non-empty)", f, columns[f] ? "empty" : "NULL");
	return CSEG_OK;
}

static cseg_status finish(csv_load *L, cseg_dataset **out, const char *id_column)
{
	char **names = NULL, **ids = NULL;
	double *data = L->data;

	/* Give back the spare rows of the last doubling. */
	data = realloc(L->data, (size_t)L->n_rows * (size_t)L->n_features * sizeof(double));
	if (data)
		L->data = data;
	names = cseg__calloc((size_t)L->n_features, sizeof(char *));
	if (!names)
		goto nomem;
	for (int64_t f = 0; f < L->n_features; f++)
		if (!(names[f] = cseg__strdup(header_name(L, (size_t)L->feature_field[f]))))
			goto nomem;
	ids = id_column ? cseg__ids_from_pool(L->id_pool, L->id_len, L->n_rows)
		: cseg__ids_sequence(L->n_rows, 1);
	if (!ids)
		goto nomem;
	data = L->data;
	L->data = NULL; /* adopt owns (or frees) it from here */
	return cseg__dataset_adopt(out, data, L->n_rows, L->n_features, names, ids);
nomem:
	cseg__strings_free(names, L->n_features);
	return cseg__error(CSEG_E_NOMEM, "%s: out of memory", L->r.name);
}

cseg_status cseg_dataset_read_csv(cseg_dataset **out, const char *path,
	char delimiter, const char *id_column, const char *const *columns, int64_t n_columns)
{
	csv_load L;
	cseg_status st;
	int got;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_dataset_read_csv: out is NULL");
	*out = NULL;
	st = check_args(path, delimiter, columns, n_columns);
	if (st != CSEG_OK)
		return st;
	memset(&L, 0, sizeof(L));
	if (strcmp(path, "-") == 0) {
		L.fp = stdin;
	} else {
		L.fp = fopen(path, "rb");
		if (!L.fp)
			return cseg__error(CSEG_E_IO, "cannot open '%s': %s", path, strerror(errno));
	}
	st = cseg__csv_open(&L.r, L.fp, L.fp == stdin ? "<stdin>" : path, delimiter);
	if (st != CSEG_OK)
		goto done;
	st = cseg__csv_next(&L.r, &got);
	if (st != CSEG_OK)
		goto done;
	if (!got) {
		st = cseg__error(CSEG_E_INVALID_ARG, "%s:%" PRId64 ":%" PRId64 ": empty file, "
			"expected a header line", L.r.name, L.r.line, L.r.col);
		goto done;
	}
	if ((st = keep_header(&L)) != CSEG_OK
		|| (st = choose_columns(&L, id_column, columns, n_columns)) != CSEG_OK)
		goto done;
	for (;;) {
		if ((st = cseg__csv_next(&L.r, &got)) != CSEG_OK || !got)
			break;
		if ((st = read_row(&L)) != CSEG_OK)
			break;
	}
	if (st != CSEG_OK)
		goto done;
	if (L.n_rows == 0) {
		st = cseg__error(CSEG_E_INVALID_ARG, "%s:%" PRId64 ":%" PRId64 ": no data rows "
			"after the header", L.r.name, L.r.line, L.r.col);
		goto done;
	}
	if (L.n_long_rows)
		cseg__log(CSEG_LOG_WARN, "%s:%" PRId64 ":%" PRId64 ": %" PRId64 " row%s ha%s fields "
			"beyond the %zu of the header; they have no name and were ignored", L.r.name,
			L.long_line, L.long_col, L.n_long_rows, L.n_long_rows == 1 ? "" : "s",
			L.n_long_rows == 1 ? "s" : "ve", L.n_header);
	st = finish(&L, out, id_column);
done:
	load_free(&L);
	return st;
}
