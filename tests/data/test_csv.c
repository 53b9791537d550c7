/* cseg_dataset_read_csv: RFC 4180 quoting, line ends, BOM, delimiters,
 * missing cells, column choice, and every error with its exact
 * file:line:column. Error inputs are written inline next to the position
 * they should produce. */
#include <math.h>
#include <unistd.h>

#include "test_util.h"
#include "data/csv_parse.h"

static int64_t handles_at_start;
static char tmp_path[4096];

static void setup(void)
{
	handles_at_start = cseg_live_handles();
}

static void teardown(void)
{
	ck_assert_int_eq(cseg_live_handles(), handles_at_start);
}

/* Write bytes to a new temporary .csv file; its path is in tmp_path. */
static void write_tmp(const char *bytes, size_t len)
{
	const char *dir = getenv("TMPDIR");
	FILE *fp;
	int fd;

	snprintf(tmp_path, sizeof(tmp_path), "%s/cseg_csv_XXXXXX.csv", dir ? dir : "/tmp");
	fd = mkstemps(tmp_path, 4);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(bytes, 1, len, fp), len);
	fclose(fp);
}

/* Read text through a temporary file. */
static cseg_status read_text(cseg_dataset **out, const char *text, char delim,
	const char *id, const char *const *cols, int64_t n_cols)
{
	cseg_status st;

	write_tmp(text, strlen(text));
	st = cseg_dataset_read_csv(out, tmp_path, delim, id, cols, n_cols);
	unlink(tmp_path);
	return st;
}

/* The read must fail with `status` and a message starting "<file>:line:col:". */
#define ck_csv_error(text, id, cols, n_cols, status, line, col) do { \
	cseg_dataset *ds_ = (cseg_dataset *)1; \
	char want_[4200]; \
	ck_assert_status(read_text(&ds_, (text), ',', (id), (cols), (n_cols)), (status)); \
	ck_assert_ptr_null(ds_); \
	snprintf(want_, sizeof(want_), "%s:%d:%d: ", tmp_path, (line), (col)); \
	ck_assert_msg(strncmp(cseg_last_error(), want_, strlen(want_)) == 0, \
		"message '%s' should start with '%s'", cseg_last_error(), want_); \
} while (0)

static double value(const cseg_dataset *ds, int64_t i, int64_t j)
{
	int64_t n = cseg_dataset_n_rows(ds) * cseg_dataset_n_cols(ds);
	double *all = malloc((size_t)n * sizeof(double));
	double v;

	ck_assert_ok(cseg_dataset_copy_data(ds, all, n));
	v = all[i * cseg_dataset_n_cols(ds) + j];
	free(all);
	return v;
}

START_TEST(quoting)
{
	cseg_dataset *ds = NULL;
	const char *cols[2] = { "x,y", "q\"uote" };

	ck_assert_ok(cseg_dataset_read_csv(&ds, test_fixture("csv/quoted.csv"), ',', "name", cols, 2));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 3);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 2);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "x,y");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 1), "q\"uote");
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "Smith, J.");
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "multi\nline");
	ck_assert_str_eq(cseg_dataset_id(ds, 2), "say \"hi\"");
	ck_assert(value(ds, 0, 0) == 1.5 && value(ds, 0, 1) == -2);
	ck_assert(value(ds, 1, 0) == 3 && value(ds, 1, 1) == 40);
	ck_assert(value(ds, 2, 0) == 5 && value(ds, 2, 1) == 6);
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 0);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(crlf_and_bom)
{
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_read_csv(&ds, test_fixture("csv/crlf_bom.csv"), ',', "id", NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 3);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 2);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "a");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 1), "b");
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "c1");
	ck_assert_str_eq(cseg_dataset_id(ds, 2), "c3");
	ck_assert(value(ds, 2, 1) == 6);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(other_delimiters)
{
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_read_csv(&ds, test_fixture("csv/semicolon.csv"), ';', "id", NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 1), "visits");
	ck_assert(value(ds, 0, 0) == 150 && value(ds, 1, 0) == -0.5 && value(ds, 1, 1) == 4);
	cseg_dataset_free(ds);

	ck_assert_ok(cseg_dataset_read_csv(&ds, test_fixture("csv/tab.tsv"), '\t', "id", NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "a\tb");
	ck_assert(value(ds, 0, 0) == 10 && value(ds, 1, 1) == 2);
	cseg_dataset_free(ds);

	/* The same tab file read with ',' is one column per line: ID column unknown. */
	ck_assert_status(cseg_dataset_read_csv(&ds, test_fixture("csv/tab.tsv"), ',', "id", NULL, 0),
		CSEG_E_INVALID_ARG);
}
END_TEST

START_TEST(missing_cells)
{
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_read_csv(&ds, test_fixture("csv/missing.csv"), ',', "id", NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 5);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 3);
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 11);
	ck_assert(isnan(value(ds, 0, 0)) && isnan(value(ds, 1, 2)) && isnan(value(ds, 3, 2)));
	ck_assert(value(ds, 2, 2) == 1);
	ck_assert(value(ds, 4, 0) == 1 && value(ds, 4, 2) == 3);
	cseg_dataset_free(ds);
}
END_TEST

/* R's write.csv names the row-name column "": it can still be the ID column. */
START_TEST(empty_header_as_id_column)
{
	cseg_dataset *ds = NULL;

	ck_assert_ok(read_text(&ds, "\"\",\"a\"\n\"r1\",1\n\"r2\",2\n", ',', "", NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 1);
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "r2");
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(column_choice_and_default_ids)
{
	const char *cols[2] = { "c", "a" };
	cseg_dataset *ds = NULL;

	ck_assert_ok(read_text(&ds, "a,b,c\n1,2,3\n4,5,6\n", ',', NULL, cols, 2));
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 2);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "c");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 1), "a");
	ck_assert(value(ds, 0, 0) == 3 && value(ds, 0, 1) == 1 && value(ds, 1, 0) == 6);
	/* Without an ID column customers are numbered from 1. */
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "1");
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "2");
	cseg_dataset_free(ds);
}
END_TEST

static char logged[1024];
static int n_logged;

static void keep_log(cseg_log_level level, const char *message, void *payload)
{
	(void)payload;
	if (level == CSEG_LOG_WARN) {
		snprintf(logged, sizeof(logged), "%s", message);
		n_logged++;
	}
}

START_TEST(empty_extra_fields_are_ignored_with_a_warning)
{
	cseg_dataset *ds = NULL;
	char want[4200];

	cseg_set_log_callback(keep_log, NULL);
	n_logged = 0;
	ck_assert_ok(read_text(&ds, "a,b\n1,2\n3,4,,\n5,6, \n", ',', NULL, NULL, 0));
	cseg_set_log_callback(NULL, NULL);
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 3);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 2);
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 0);
	ck_assert(value(ds, 2, 1) == 6);
	ck_assert_int_eq(n_logged, 1);
	snprintf(want, sizeof(want), "%s:3:5: 2 rows have fields beyond the 2 of the header", tmp_path);
	ck_assert_msg(strncmp(logged, want, strlen(want)) == 0, "log '%s'", logged);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(non_empty_extra_fields_are_an_error)
{
	cseg_dataset *ds = (cseg_dataset *)1;
	char want[4200];

	/* Like the UCI wholesale file as distributed: notes trail some rows. */
	ck_assert_status(read_text(&ds, "a,b\n1,2\n3,4,,note\n", ',', NULL, NULL, 0), CSEG_E_FORMAT);
	ck_assert_ptr_null(ds);
	snprintf(want, sizeof(want), "%s:3:6: row has 4 fields, the header has 2, and field 4 is not empty",
		tmp_path);
	ck_assert_str_eq(cseg_last_error(), want);
}
END_TEST

START_TEST(line_end_variants)
{
	cseg_dataset *ds = NULL;

	/* Old Mac CR-only ends, blank lines, no final newline. */
	ck_assert_ok(read_text(&ds, "a,b\r1,2\r\r\n\n3,4", ',', NULL, NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	ck_assert(value(ds, 1, 1) == 4);
	cseg_dataset_free(ds);
	/* A quoted CRLF stays in the ID. */
	ck_assert_ok(read_text(&ds, "id,a\r\n\"x\r\ny\",1\r\n", ',', "id", NULL, 0));
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "x\r\ny");
	cseg_dataset_free(ds);
	/* Single column with a trailing delimiter-free layout. */
	ck_assert_ok(read_text(&ds, "v\n1\n2\n", ',', NULL, NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(numbers)
{
	const struct { const char *text; double want; } ok[] = {
		{ "1e3", 1000 }, { "-0.5", -0.5 }, { " 12 ", 12 }, { "+3", 3 }, { ".5", 0.5 },
		{ "5.", 5 }, { "0.1", 0.1 }, { "123456789.123456789", 123456789.123456789 },
		{ "9007199254740993", 9007199254740992.0 }, { "1e-400", 0 }, { "\t7\t", 7 },
		{ "2.2250738585072014e-308", 2.2250738585072014e-308 },
		{ "0.30000000000000004", 0.30000000000000004 }, { "-0", -0.0 },
	};
	const char *bad[] = { "12abc", "abc", "1.2.3", "0x10", "--1", "1e", "1 2", "e5", "." };
	const char *inf[] = { "inf", "-Infinity", "1e400" };
	double v;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(cseg__csv_parse_double(ok[i].text, strlen(ok[i].text), &v) == 0,
			"'%s' should parse", ok[i].text);
		ck_assert_msg(v == ok[i].want && signbit(v) == signbit(ok[i].want),
			"'%s' -> %.17g, want %.17g", ok[i].text, v, ok[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cseg__csv_parse_double(bad[i], strlen(bad[i]), &v) == 1,
			"'%s' should be refused", bad[i]);
	for (size_t i = 0; i < sizeof(inf) / sizeof(inf[0]); i++)
		ck_assert_msg(cseg__csv_parse_double(inf[i], strlen(inf[i]), &v) == 2,
			"'%s' should be infinite", inf[i]);
}
END_TEST

/* The fast path for plain decimals must agree with strtod bit for bit. */
START_TEST(fast_path_matches_strtod)
{
	char text[64];
	uint64_t x = 88172645463325252ULL;

	for (int i = 0; i < 100000; i++) {
		double got = 0, want;
		int digits, point;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		digits = 1 + (int)(x % 17);
		point = (int)((x >> 8) % (uint64_t)(digits + 1));
		snprintf(text, sizeof(text), "%s%0*llu", (x >> 20) & 1 ? "-" : "", digits,
			(unsigned long long)((x >> 24) % 100000000000000000ULL));
		if (point > 0) { /* insert a decimal point */
			size_t len = strlen(text);
			size_t at = len - (size_t)point;
			memmove(text + at + 1, text + at, len - at + 1);
			text[at] = '.';
		}
		want = strtod(text, NULL);
		/* one assertion per failure only: Check's asserts are slow in a loop */
		if (cseg__csv_parse_double(text, strlen(text), &got) != 0
			|| memcmp(&got, &want, sizeof(got)) != 0)
			ck_abort_msg("'%s': %.17g vs strtod %.17g", text, got, want);
	}
}
END_TEST

START_TEST(errors_with_positions)
{
	/* too few: points at the end of the line */
	ck_csv_error("a,b\n1,2\n3\n", NULL, NULL, 0, CSEG_E_FORMAT, 3, 2);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "1 field, the header has 2"));
	ck_csv_error("a,b\n1,2\n\"x\ny\"\r\n", NULL, NULL, 0, CSEG_E_FORMAT, 4, 3);
	/* unterminated quote: points at the opening quote */
	ck_csv_error("a,b\n1,\"2\n3,4\n", NULL, NULL, 0, CSEG_E_FORMAT, 2, 3);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "never closed"));
	/* a quote inside an unquoted field */
	ck_csv_error("a,b\n1,2\"3\n", NULL, NULL, 0, CSEG_E_FORMAT, 2, 4);
	/* text after a closing quote */
	ck_csv_error("a,b\n1,\"2\"x\n", NULL, NULL, 0, CSEG_E_FORMAT, 2, 6);
	/* not a number, infinite, trailing garbage */
	ck_csv_error("a,b\n1,abc\n", NULL, NULL, 0, CSEG_E_FORMAT, 2, 3);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'b'"));
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'abc'"));
	ck_csv_error("a,b\n1,inf\n", NULL, NULL, 0, CSEG_E_FORMAT, 2, 3);
	ck_csv_error("a,b\n1,2\n3,12abc\n", NULL, NULL, 0, CSEG_E_FORMAT, 3, 3);
	/* columns count characters, not bytes (é is two bytes) */
	ck_csv_error("id,b\n\xc3\xa9\xc3\xa9,x\n", "id", NULL, 0, CSEG_E_FORMAT, 2, 4);
	/* lines count physical lines, quoted line breaks included */
	ck_csv_error("id,a\n\"x\ny\",1\n2,zz\n", "id", NULL, 0, CSEG_E_FORMAT, 4, 3);
	ck_csv_error("id,a\n\"x\ny\",q\n", "id", NULL, 0, CSEG_E_FORMAT, 3, 4);
	ck_csv_error("a,b\r\n1,2\r\n3,x\r\n", NULL, NULL, 0, CSEG_E_FORMAT, 3, 3);
	/* header problems */
	ck_csv_error("a,a\n1,2\n", NULL, NULL, 0, CSEG_E_INVALID_ARG, 1, 3);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "twice"));
	ck_csv_error("a,,c\n1,2,3\n", NULL, NULL, 0, CSEG_E_INVALID_ARG, 1, 3);
	/* empty file and header only */
	ck_csv_error("", NULL, NULL, 0, CSEG_E_INVALID_ARG, 1, 1);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "empty file"));
	ck_csv_error("\n\n", NULL, NULL, 0, CSEG_E_INVALID_ARG, 3, 1);
	ck_csv_error("a,b\n", NULL, NULL, 0, CSEG_E_INVALID_ARG, 2, 1);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "no data rows"));
	ck_csv_error("a,b", NULL, NULL, 0, CSEG_E_INVALID_ARG, 1, 4);
	/* binary junk */
	{
		cseg_dataset *ds = NULL;
		char want[4200];

		write_tmp("a,b\n1,\0\n", 8);
		ck_assert_status(cseg_dataset_read_csv(&ds, tmp_path, ',', NULL, NULL, 0), CSEG_E_FORMAT);
		snprintf(want, sizeof(want), "%s:2:3: ", tmp_path);
		ck_assert_msg(strncmp(cseg_last_error(), want, strlen(want)) == 0, "%s", cseg_last_error());
		unlink(tmp_path);
	}
}
END_TEST

START_TEST(column_name_errors)
{
	const char *unknown[1] = { "zz" };
	const char *twice[2] = { "a", "a" };
	const char *id_too[2] = { "id", "a" };
	cseg_dataset *ds = (cseg_dataset *)1;

	ck_assert_status(read_text(&ds, "a,b\n1,2\n", ',', NULL, unknown, 1), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'zz'"));
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'a', 'b'"));
	ck_assert_status(read_text(&ds, "a,b\n1,2\n", ',', NULL, twice, 2), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "twice"));
	ck_assert_status(read_text(&ds, "a,b\n1,2\n", ',', "nope", NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'nope'"));
	ck_assert_status(read_text(&ds, "id,a\n1,2\n", ',', "id", id_too, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(read_text(&ds, "id\n1\n", ',', "id", NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "no feature"));
	/* a duplicated header name is fine when that column is not used */
	ck_assert_ok(read_text(&ds, "a,x,x\n1,2,3\n", ',', NULL, (const char *const[]){ "a" }, 1));
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 1);
	cseg_dataset_free(ds);
	/* ... but not when it is asked for */
	ck_assert_status(read_text(&ds, "a,x,x\n1,2,3\n", ',', NULL, (const char *const[]){ "x" }, 1),
		CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "fields 2 and 3"));
}
END_TEST

START_TEST(bad_arguments)
{
	const char *cols[1] = { "a" };
	const char *null_col[1] = { NULL };
	cseg_dataset *ds = (cseg_dataset *)1;
	const char *f = test_fixture("csv/missing.csv");

	ck_assert_status(cseg_dataset_read_csv(NULL, f, ',', NULL, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, NULL, ',', NULL, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, '"', NULL, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, '\n', NULL, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, '\0', NULL, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, (char)0xC3, NULL, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, ',', NULL, NULL, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, ',', NULL, cols, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, ',', NULL, cols, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_read_csv(&ds, f, ',', NULL, null_col, 1), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "columns[0]"));
	ck_assert_status(cseg_dataset_read_csv(&ds, f, ',', NULL, (const char *const[]){ "a", "" }, 2),
		CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "columns[1] is empty"));
	ck_assert_status(cseg_dataset_read_csv(&ds, "/nonexistent/cseg/x.csv", ',', NULL, NULL, 0),
		CSEG_E_IO);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "/nonexistent/cseg/x.csv"));
	/* a folder opens but cannot be read */
	ck_assert_status(cseg_dataset_read_csv(&ds, test_fixture("csv"), ',', NULL, NULL, 0), CSEG_E_IO);
	ck_assert_ptr_null(ds);
}
END_TEST

START_TEST(reads_stdin)
{
	cseg_dataset *ds = NULL;

	write_tmp("a,b\n1,2\n3,4\n", 12);
	ck_assert_ptr_nonnull(freopen(tmp_path, "rb", stdin));
	ck_assert_ok(cseg_dataset_read_csv(&ds, "-", ',', NULL, NULL, 0));
	unlink(tmp_path);
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	ck_assert(value(ds, 1, 1) == 4);
	cseg_dataset_free(ds);
}
END_TEST

/* Many rows of quoted and multi-line fields: records straddle the reader's
 * buffer boundaries; every value must survive. */
START_TEST(large_file_across_buffers)
{
	const char *cols[2] = { "v\"1", "v2" };
	const int n = 30000;
	size_t cap = (size_t)n * 80 + 64, len = 0;
	char *text = malloc(cap);
	cseg_dataset *ds = NULL;
	double *all;

	len += (size_t)sprintf(text + len, "id,\"v\"\"1\",v2,note\n");
	for (int i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "\"c%d\n,\"\"x\"\"\",%d.25,\"%d\",\"n%s\"%s",
			i, i, -i, i % 7 ? "" : "\n\n", i % 3 ? "\n" : "\r\n");
	write_tmp(text, len);
	free(text);
	ck_assert_ok(cseg_dataset_read_csv(&ds, tmp_path, ',', "id", cols, 2));
	unlink(tmp_path);
	ck_assert_int_eq(cseg_dataset_n_rows(ds), n);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 2);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "v\"1");
	all = malloc((size_t)n * 2 * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(ds, all, (int64_t)n * 2));
	for (int i = 0; i < n; i++) {
		char id[64];

		ck_assert(all[2 * i] == i + 0.25 && all[2 * i + 1] == -i);
		snprintf(id, sizeof(id), "c%d\n,\"x\"", i);
		ck_assert_str_eq(cseg_dataset_id(ds, i), id);
	}
	free(all);
	cseg_dataset_free(ds);
}
END_TEST

/* Random bytes from the characters that matter to the tokenizer: every
 * outcome must be a dataset or a clean error, never a crash or a leak. */
START_TEST(random_inputs_fail_cleanly)
{
	static const char alphabet[] = "1,\"\n\r;. aN-e\xc3\xa9\t";
	char text[64];
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	int ok = 0;

	for (int iter = 0; iter < 3000; iter++) {
		size_t n;
		cseg_dataset *ds = (cseg_dataset *)1;
		cseg_status st;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		n = (size_t)(x % 40);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			text[i] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		write_tmp(text, n);
		st = cseg_dataset_read_csv(&ds, tmp_path, iter % 2 ? ';' : ',', NULL, NULL, 0);
		unlink(tmp_path);
		if (st == CSEG_OK) {
			ok++;
			ck_assert_int_ge(cseg_dataset_n_rows(ds), 1);
			cseg_dataset_free(ds);
		} else {
			ck_assert(st == CSEG_E_FORMAT || st == CSEG_E_INVALID_ARG);
			ck_assert_ptr_null(ds);
			ck_assert_ptr_nonnull(strstr(cseg_last_error(), tmp_path));
		}
	}
	ck_assert_int_gt(ok, 0);
}
END_TEST

START_TEST(wholesale)
{
	static const char *names[8] = { "Channel", "Region", "Fresh", "Milk", "Grocery",
		"Frozen", "Detergents_Paper", "Delicassen" };
	static const double first[8] = { 2, 3, 12669, 9656, 7561, 214, 2674, 1338 };
	static const double last[8] = { 1, 3, 2787, 1698, 2510, 65, 477, 52 };
	char path[4096];
	cseg_dataset *ds = NULL;
	double *all;

	snprintf(path, sizeof(path), "%s", test_data("wholesale/wholesale_customers.csv"));
	if (access(path, R_OK) != 0)
		snprintf(path, sizeof(path), "%s", test_data("wholesale_customers.csv"));
	ck_assert_msg(access(path, R_OK) == 0, "wholesale data not found under $CSEG_DATA");
	ck_assert_ok(cseg_dataset_read_csv(&ds, path, ',', NULL, NULL, 0));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 440);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 8);
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 0);
	for (int j = 0; j < 8; j++)
		ck_assert_str_eq(cseg_dataset_column_name(ds, j), names[j]);
	ck_assert_str_eq(cseg_dataset_id(ds, 439), "440");
	all = malloc(440 * 8 * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(ds, all, 440 * 8));
	ck_assert_mem_eq(all, first, sizeof(first));
	ck_assert_mem_eq(all + 439 * 8, last, sizeof(last));
	free(all);
	cseg_dataset_free(ds);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("csv");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, quoting);
	tcase_add_test(tc, crlf_and_bom);
	tcase_add_test(tc, other_delimiters);
	tcase_add_test(tc, missing_cells);
	tcase_add_test(tc, column_choice_and_default_ids);
	tcase_add_test(tc, empty_header_as_id_column);
	tcase_add_test(tc, line_end_variants);
	tcase_add_test(tc, empty_extra_fields_are_ignored_with_a_warning);
	tcase_add_test(tc, non_empty_extra_fields_are_an_error);
	tcase_add_test(tc, numbers);
	tcase_add_test(tc, fast_path_matches_strtod);
	tcase_add_test(tc, errors_with_positions);
	tcase_add_test(tc, column_name_errors);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, reads_stdin);
	tcase_add_test(tc, large_file_across_buffers);
	tcase_add_test(tc, random_inputs_fail_cleanly);
	tcase_add_test(tc, wholesale);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
