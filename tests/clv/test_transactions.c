/* Transactions: dates, reader options, file reader (CDNOW, CSV quoting,
 * errors with path:line:column, skipped rows, records across read chunks,
 * CRLF, BOM), the returns report and the array constructors. */
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"
#include "cseg/cseg_transactions.h"
#include "data/transactions_build.h"  /* cseg__tx_set_read_chunk */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int64_t day_of(const char *s)
{
	int64_t d = 0;
	ck_assert_ok(cseg_date_parse(&d, s));
	return d;
}

/* Write text to a fresh temporary file; the caller unlinks it. */
static const char *tmp_file(const char *text)
{
	static _Thread_local char path[64];
	int fd;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/cseg_tx_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* Read `text` (written with fwrite, so NUL bytes survive) through a
 * temporary file. */
static cseg_status read_bytes(cseg_transactions **tx, const char *text, size_t n, const cseg_tx_options *o)
{
	char path[64];
	int fd;
	FILE *f;
	cseg_status st;

	snprintf(path, sizeof(path), "/tmp/cseg_tx_XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_uint_eq(fwrite(text, 1, n, f), n);
	fclose(f);
	st = cseg_transactions_read(tx, path, o);
	unlink(path);
	return st;
}

static cseg_status read_text(cseg_transactions **tx, const char *text, const cseg_tx_options *o)
{
	return read_bytes(tx, text, strlen(text), o);
}

/* Both logs hold the same rows, customers and attributes. */
static void ck_same_log(const cseg_transactions *a, const cseg_transactions *b)
{
	int64_t n = cseg_transactions_n_rows(a);
	int64_t *ca, *cb, *da, *db;
	double *aa, *ab, *qa, *qb;

	ck_assert_int_eq(cseg_transactions_n_rows(b), n);
	ck_assert_int_eq(cseg_transactions_n_customers(a), cseg_transactions_n_customers(b));
	ck_assert_int_eq(cseg_transactions_n_skipped(a), cseg_transactions_n_skipped(b));
	for (int64_t c = 0; c < cseg_transactions_n_customers(a); c++)
		ck_assert_str_eq(cseg_transactions_customer_id(a, c), cseg_transactions_customer_id(b, c));
	ca = malloc((size_t)n * sizeof(int64_t));
	cb = malloc((size_t)n * sizeof(int64_t));
	da = malloc((size_t)n * sizeof(int64_t));
	db = malloc((size_t)n * sizeof(int64_t));
	aa = malloc((size_t)n * sizeof(double));
	ab = malloc((size_t)n * sizeof(double));
	qa = malloc((size_t)n * sizeof(double));
	qb = malloc((size_t)n * sizeof(double));
	ck_assert_ok(cseg_transactions_copy_rows(a, ca, da, aa, qa, n));
	ck_assert_ok(cseg_transactions_copy_rows(b, cb, db, ab, qb, n));
	for (int64_t i = 0; i < n; i++) {
		ck_assert_int_eq(ca[i], cb[i]);
		ck_assert_int_eq(da[i], db[i]);
		ck_assert_double_eq(aa[i], ab[i]);
		ck_assert_double_eq(qa[i], qb[i]);
	}
	for (cseg_tx_option k = CSEG_TX_COLUMN_CHANNEL; k <= CSEG_TX_COLUMN_CATEGORY; k++) {
		ck_assert_int_eq(cseg_transactions_n_levels(a, k), cseg_transactions_n_levels(b, k));
		for (int64_t l = 0; l < cseg_transactions_n_levels(a, k); l++)
			ck_assert_str_eq(cseg_transactions_level(a, k, l), cseg_transactions_level(b, k, l));
	}
	free(ca);
	free(cb);
	free(da);
	free(db);
	free(aa);
	free(ab);
	free(qa);
	free(qb);
}

START_TEST(test_dates)
{
	int64_t d = -1, back_check = 0;
	char buf[16];

	ck_assert_ok(cseg_date_parse(&d, "1970-01-01"));
	ck_assert_int_eq(d, 0);
	ck_assert_ok(cseg_date_parse(&d, "19970101"));
	ck_assert_int_eq(d, 9862);
	ck_assert_ok(cseg_date_parse(&d, "1997-09-30"));
	ck_assert_int_eq(d, 9862 + 272);  /* 38.857 weeks: the CDNOW T of a 1 Jan customer */
	ck_assert_ok(cseg_date_parse(&d, "2000-02-29T12:30:00Z"));
	ck_assert_ok(cseg_date_parse(&d, "1969-12-31"));
	ck_assert_int_eq(d, -1);
	ck_assert_status(cseg_date_parse(&d, "1900-02-29"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "2001-02-29"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "1997-13-01"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "1997-1-01"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "199701011"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "1997-01-01x"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, ""), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(NULL, "1997-01-01"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_date_parse(&d, NULL), CSEG_E_INVALID_ARG);
	/* Before 1900 and the first year: real days, negative numbers. */
	ck_assert_ok(cseg_date_parse(&d, "1899-12-31"));
	ck_assert_int_eq(d, -25568);
	ck_assert_ok(cseg_date_parse(&d, "18500301"));
	ck_assert_ok(cseg_date_from_ymd(&back_check, 1850, 3, 1));
	ck_assert_int_eq(d, back_check);
	ck_assert_ok(cseg_date_parse(&d, "0001-01-01"));
	ck_assert_int_eq(d, -719162);
	ck_assert_ok(cseg_date_parse(&d, "9999-12-31"));
	ck_assert_int_eq(d, 2932896);
	/* The right shape, not a calendar day: named as such. */
	ck_assert_status(cseg_date_parse(&d, "2023-02-30"), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "not a calendar date"));
	ck_assert_status(cseg_date_parse(&d, "20230230"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "0000-01-01"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "2023-04-31"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "2023-00-10"), CSEG_E_FORMAT);
	ck_assert_status(cseg_date_parse(&d, "2024-02-29x"), CSEG_E_FORMAT);
	ck_assert_ok(cseg_date_parse(&d, "2024-02-29 23:59"));

	ck_assert_ok(cseg_date_from_ymd(&d, 2024, 2, 29));
	ck_assert_ok(cseg_date_format_iso(buf, sizeof(buf), d));
	ck_assert_str_eq(buf, "2024-02-29");
	ck_assert_status(cseg_date_from_ymd(&d, 2023, 2, 29), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_date_from_ymd(&d, 0, 1, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_date_from_ymd(NULL, 2000, 1, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_date_format_iso(buf, 10, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_date_format_iso(NULL, 16, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_date_format_iso(buf, sizeof(buf), INT64_MAX), CSEG_E_INVALID_ARG);
	/* Round trip over four centuries, leap days included. */
	for (int64_t k = -150000; k < 150000; k += 7) {
		int64_t back = 0;
		ck_assert_ok(cseg_date_format_iso(buf, sizeof(buf), k));
		ck_assert_ok(cseg_date_parse(&back, buf));
		ck_assert_int_eq(back, k);
	}
}
END_TEST

START_TEST(test_options)
{
	cseg_tx_options *o = NULL;
	int64_t v = 0;
	const char *s = "x";

	ck_assert_status(cseg_tx_options_new(NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_ok(cseg_tx_options_get_int(o, CSEG_TX_COLUMN_AMOUNT, &v));
	ck_assert_int_eq(v, 2);
	ck_assert_ok(cseg_tx_options_get_int(o, CSEG_TX_COLUMN_QUANTITY, &v));
	ck_assert_int_eq(v, -1);
	ck_assert_ok(cseg_tx_options_get_int(o, CSEG_TX_HEADER, &v));
	ck_assert_int_eq(v, -1);
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_DATE, "when"));
	ck_assert_ok(cseg_tx_options_get_string(o, CSEG_TX_COLUMN_DATE, &s));
	ck_assert_str_eq(s, "when");
	ck_assert_ok(cseg_tx_options_get_int(o, CSEG_TX_COLUMN_DATE, &v));
	ck_assert_int_eq(v, -1);
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_DATE, 4));
	ck_assert_ok(cseg_tx_options_get_string(o, CSEG_TX_COLUMN_DATE, &s));
	ck_assert_ptr_null(s);
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_QUANTITY, -1));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_QUANTITY, NULL));
	ck_assert_status(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_ID, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_ID, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_ID, ""), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_int(o, CSEG_TX_DELIMITER, '"'), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_int(o, CSEG_TX_DELIMITER, 300), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_int(o, CSEG_TX_HEADER, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_int(o, CSEG_TX_SKIP_BAD_ROWS, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_int(o, CSEG_TX_DATE_FORMAT, 9), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_int(o, (cseg_tx_option)999, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_tx_options_set_string(o, CSEG_TX_HEADER, "a"), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_tx_options_get_int(o, (cseg_tx_option)999, &v), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_tx_options_get_string(o, CSEG_TX_HEADER, &s), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_tx_options_set_int(NULL, CSEG_TX_HEADER, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_set_string(NULL, CSEG_TX_COLUMN_ID, "a"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_get_int(NULL, CSEG_TX_HEADER, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_get_int(o, CSEG_TX_HEADER, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_tx_options_get_string(NULL, CSEG_TX_COLUMN_ID, &s), CSEG_E_INVALID_ARG);
	cseg_tx_options_free(o);
	cseg_tx_options_free(NULL);
}
END_TEST

START_TEST(test_cdnow_master)
{
	cseg_tx_options *o = NULL;
	cseg_transactions *tx = NULL;
	int64_t first = 0, last = 0, n;
	double t0, elapsed, sum = 0.0, *amounts;

	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_ID, "customer_id"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_DATE, "date"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_AMOUNT, "dollar_value"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_QUANTITY, "number_of_cds"));
	t0 = now_s();
	ck_assert_ok(cseg_transactions_read(&tx, test_data("cdnow/CDNOW_master.txt"), o));
	elapsed = now_s() - t0;
	ck_assert_msg(elapsed < 1.0, "CDNOW_master.txt took %.3f s", elapsed);
	n = cseg_transactions_n_rows(tx);
	ck_assert_int_eq(n, 69659);
	ck_assert_int_eq(cseg_transactions_n_customers(tx), 23570);
	ck_assert_int_eq(cseg_transactions_n_skipped(tx), 0);
	ck_assert_str_eq(cseg_transactions_customer_id(tx, 0), "00001");
	ck_assert_str_eq(cseg_transactions_customer_id(tx, 23569), "23570");
	ck_assert_ptr_null(cseg_transactions_customer_id(tx, 23570));
	ck_assert_ptr_null(cseg_transactions_customer_id(tx, -1));
	ck_assert_ok(cseg_transactions_date_range(tx, &first, &last));
	ck_assert_int_eq(first, day_of("1997-01-01"));
	ck_assert_int_eq(last, day_of("1998-06-30"));
	amounts = malloc((size_t)n * sizeof(double));
	ck_assert_ok(cseg_transactions_copy_rows(tx, NULL, NULL, amounts, NULL, n));
	for (int64_t i = 0; i < n; i++)
		sum += amounts[i];
	/* Total of the dollar_value column (awk '{s+=$4} END {print s}'). */
	ck_assert_rel(sum, 2500315.63, 1e-9);
	ck_assert_status(cseg_transactions_copy_rows(tx, NULL, NULL, amounts, NULL, n - 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_copy_rows(NULL, NULL, NULL, amounts, NULL, n), CSEG_E_INVALID_ARG);
	free(amounts);
	cseg_transactions_free(tx);

	/* The same by position, header detected automatically. */
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_ID, 0));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_DATE, 1));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_QUANTITY, 2));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_AMOUNT, 3));
	ck_assert_ok(cseg_transactions_read(&tx, test_data("cdnow/CDNOW_master.txt"), o));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 69659);
	cseg_transactions_free(tx);
	cseg_tx_options_free(o);
}
END_TEST

START_TEST(test_cdnow_sample)
{
	cseg_tx_options *o = NULL;
	cseg_transactions *tx = NULL;
	int64_t cust[3], days[3];
	double amt[3], qty[3], *all_c;

	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_ID, 1));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_DATE, 2));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_QUANTITY, 3));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_COLUMN_AMOUNT, 4));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_DATE_FORMAT, CSEG_DATE_YYYYMMDD));
	ck_assert_ok(cseg_transactions_read(&tx, test_data("cdnow/CDNOW_sample.txt"), o));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 6919);
	ck_assert_int_eq(cseg_transactions_n_customers(tx), 2357);
	ck_assert_str_eq(cseg_transactions_customer_id(tx, 0), "0001");
	(void)all_c;
	{
		int64_t n = cseg_transactions_n_rows(tx);
		int64_t *c = malloc((size_t)n * sizeof(int64_t)), *d = malloc((size_t)n * sizeof(int64_t));
		double *a = malloc((size_t)n * sizeof(double)), *q = malloc((size_t)n * sizeof(double));
		ck_assert_ok(cseg_transactions_copy_rows(tx, c, d, a, q, n));
		for (int i = 0; i < 3; i++) {
			cust[i] = c[i];
			days[i] = d[i];
			amt[i] = a[i];
			qty[i] = q[i];
		}
		free(c);
		free(d);
		free(a);
		free(q);
	}
	/* " 00004 0001 19970101  2   29.33" and the next two rows */
	ck_assert_int_eq(cust[0], 0);
	ck_assert_int_eq(cust[2], 0);
	ck_assert_int_eq(days[0], day_of("1997-01-01"));
	ck_assert_int_eq(days[1], day_of("1997-01-18"));
	ck_assert_double_eq(amt[0], 29.33);
	ck_assert_double_eq(qty[0], 2.0);
	ck_assert_double_eq(qty[2], 1.0);
	ck_assert_double_eq(amt[2], 14.96);
	cseg_transactions_free(tx);
	cseg_tx_options_free(o);
}
END_TEST

START_TEST(test_csv_quoted)
{
	cseg_tx_options *o = NULL;
	cseg_transactions *tx = NULL;
	int64_t c[5], d[5];
	double a[5], q[5];

	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_ID, "customer"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_DATE, "when"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_AMOUNT, "spend"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_QUANTITY, "qty"));
	ck_assert_ok(cseg_transactions_read(&tx, test_fixture("clv/tx_quoted.csv"), o));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 4);
	ck_assert_int_eq(cseg_transactions_n_customers(tx), 4);
	ck_assert_str_eq(cseg_transactions_customer_id(tx, 0), "A, Inc.");
	ck_assert_str_eq(cseg_transactions_customer_id(tx, 1), "B \"quoted\"");
	ck_assert_str_eq(cseg_transactions_customer_id(tx, 2), "A");
	ck_assert_ok(cseg_transactions_copy_rows(tx, c, d, a, q, 4));
	ck_assert_int_eq(d[1], day_of("2020-01-06"));
	ck_assert_int_eq(d[2], day_of("2020-02-29"));
	ck_assert_double_eq(a[2], -2.5);
	ck_assert_double_eq(q[3], 3.0);
	cseg_transactions_free(tx);
	/* Unknown column name: named in the message. */
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_AMOUNT, "revenue"));
	tx = (cseg_transactions *)1;
	ck_assert_status(cseg_transactions_read(&tx, test_fixture("clv/tx_quoted.csv"), o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(tx);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'revenue'"));
	/* Names need a header. */
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_HEADER, 0));
	ck_assert_status(cseg_transactions_read(&tx, test_fixture("clv/tx_quoted.csv"), o), CSEG_E_INVALID_ARG);
	cseg_tx_options_free(o);
}
END_TEST

START_TEST(test_bad_rows)
{
	cseg_tx_options *o = NULL;
	cseg_transactions *tx = NULL;
	char expect[4200];
	const char *path = test_fixture("clv/tx_bad_date.txt");
	const char *p;

	ck_assert_status(cseg_transactions_read(&tx, path, NULL), CSEG_E_FORMAT);
	ck_assert_ptr_null(tx);
	snprintf(expect, sizeof(expect), "%s:4:4:", path);
	ck_assert_msg(strstr(cseg_last_error(), expect) != NULL, "message '%s' lacks '%s'", cseg_last_error(), expect);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "2020-13-01"));

	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_SKIP_BAD_ROWS, 1));
	ck_assert_ok(cseg_transactions_read(&tx, path, o));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 3);
	ck_assert_int_eq(cseg_transactions_n_skipped(tx), 1);
	ck_assert_int_eq(cseg_transactions_n_customers(tx), 2);
	cseg_transactions_free(tx);

	/* Bad amount, missing field, unterminated quote, every row bad. */
	p = tmp_file("a,2020-01-01,1\nb,2020-01-02,x1\n");
	ck_assert_status(cseg_transactions_read(&tx, p, NULL), CSEG_E_FORMAT);
	snprintf(expect, sizeof(expect), "%s:2:14:", p);
	ck_assert_msg(strstr(cseg_last_error(), expect) != NULL, "message '%s' lacks '%s'", cseg_last_error(), expect);
	unlink(p);
	p = tmp_file("a,2020-01-01,1\nb,2020-01-02\n");
	ck_assert_status(cseg_transactions_read(&tx, p, NULL), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), ":2:"));
	unlink(p);
	p = tmp_file("a,2020-01-01,1\n\"b,2020-01-02,3\n");
	ck_assert_status(cseg_transactions_read(&tx, p, NULL), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "unterminated"));
	unlink(p);
	p = tmp_file("a,2020-01-01,nan\n");
	ck_assert_status(cseg_transactions_read(&tx, p, NULL), CSEG_E_FORMAT);
	ck_assert_status(cseg_transactions_read(&tx, p, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(tx);
	unlink(p);
	p = tmp_file(",2020-01-01,1\n");
	ck_assert_status(cseg_transactions_read(&tx, p, NULL), CSEG_E_FORMAT);
	unlink(p);
	/* Empty and header-only files have no rows. */
	p = tmp_file("");
	ck_assert_status(cseg_transactions_read(&tx, p, NULL), CSEG_E_INVALID_ARG);
	unlink(p);
	p = tmp_file("id,date,amount\n\n");
	ck_assert_status(cseg_transactions_read(&tx, p, NULL), CSEG_E_INVALID_ARG);
	unlink(p);
	/* Tab-separated, explicit delimiter, no header. */
	p = tmp_file("x\t2020-01-01\t1\ny\t2020-01-02\t2\n");
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_SKIP_BAD_ROWS, 0));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_DELIMITER, '\t'));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_HEADER, 0));
	ck_assert_ok(cseg_transactions_read(&tx, p, o));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 2);
	cseg_transactions_free(tx);
	/* YYYYMMDD only: an ISO date is then malformed. */
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_DATE_FORMAT, CSEG_DATE_YYYYMMDD));
	ck_assert_status(cseg_transactions_read(&tx, p, o), CSEG_E_FORMAT);
	unlink(p);

	ck_assert_status(cseg_transactions_read(&tx, "/nonexistent/cseg.csv", NULL), CSEG_E_IO);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "/nonexistent/cseg.csv"));
	/* A directory opens but cannot be read. */
	ck_assert_status(cseg_transactions_read(&tx, "/tmp", NULL), CSEG_E_IO);
	ck_assert_ptr_null(tx);
	ck_assert_status(cseg_transactions_read(NULL, path, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_read(&tx, NULL, NULL), CSEG_E_INVALID_ARG);
	cseg_tx_options_free(o);
}
END_TEST

START_TEST(test_from_arrays)
{
	const char *ids[] = {"u1", "u2", "u1", "u3"};
	const char *bad_ids[] = {"u1", NULL};
	int64_t days[] = {10, 11, 12, 13}, first, last;
	double amounts[] = {1, 2, 3, 4}, qty[] = {1, 1, 2, 1}, nan_amounts[] = {1, NAN, 3, 4};
	int64_t bad_days[] = {10, INT64_MAX, 12, 13};
	cseg_transactions *tx = NULL;
	int64_t c[4];
	int64_t live = cseg_live_handles();

	ck_assert_ok(cseg_transactions_new(&tx, ids, days, amounts, qty, 4));
	ck_assert_int_eq(cseg_live_handles(), live + 1);
	ck_assert_int_eq(cseg_transactions_n_customers(tx), 3);
	ck_assert_ok(cseg_transactions_copy_rows(tx, c, NULL, NULL, NULL, 4));
	ck_assert_int_eq(c[2], 0);
	ck_assert_int_eq(c[3], 2);
	ck_assert_ok(cseg_transactions_date_range(tx, &first, &last));
	ck_assert_int_eq(first, 10);
	ck_assert_int_eq(last, 13);
	ck_assert_status(cseg_transactions_date_range(tx, NULL, &last), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_date_range(NULL, &first, &last), CSEG_E_INVALID_ARG);
	cseg_transactions_free(tx);
	ck_assert_int_eq(cseg_live_handles(), live);

	/* Many customers: the ID table grows and rehashes. */
	{
		enum { N = 50000 };
		char (*buf)[16] = malloc(sizeof(char[16]) * N);
		const char **many = malloc(sizeof(char *) * N);
		int64_t *dd = malloc(sizeof(int64_t) * N);
		double *aa = malloc(sizeof(double) * N);
		for (int i = 0; i < N; i++) {
			snprintf(buf[i], 16, "c%d", i % 20011);
			many[i] = buf[i];
			dd[i] = i;
			aa[i] = 1.0;
		}
		ck_assert_ok(cseg_transactions_new(&tx, many, dd, aa, NULL, N));
		ck_assert_int_eq(cseg_transactions_n_customers(tx), 20011);
		ck_assert_str_eq(cseg_transactions_customer_id(tx, 20010), "c20010");
		cseg_transactions_free(tx);
		free(buf);
		free(many);
		free(dd);
		free(aa);
	}

	tx = (cseg_transactions *)1;
	ck_assert_status(cseg_transactions_new(&tx, ids, days, amounts, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(tx);
	ck_assert_status(cseg_transactions_new(NULL, ids, days, amounts, NULL, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new(&tx, NULL, days, amounts, NULL, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new(&tx, ids, NULL, amounts, NULL, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new(&tx, ids, days, NULL, NULL, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new(&tx, bad_ids, days, amounts, NULL, 2), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "ids[1]"));
	ck_assert_status(cseg_transactions_new(&tx, ids, days, nan_amounts, NULL, 4), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "amounts[1]"));
	ck_assert_status(cseg_transactions_new(&tx, ids, bad_days, amounts, NULL, 4), CSEG_E_INVALID_ARG);
	ck_assert_int_eq(cseg_transactions_n_rows(NULL), -1);
	ck_assert_int_eq(cseg_transactions_n_customers(NULL), -1);
	ck_assert_int_eq(cseg_transactions_n_skipped(NULL), -1);
	ck_assert_ptr_null(cseg_transactions_customer_id(NULL, 0));
	cseg_transactions_free(NULL);
	ck_assert_int_eq(cseg_live_handles(), live);
}
END_TEST

/* A CSV file that exercises the record splitter: quoted delimiters,
 * doubled quotes, a newline inside quotes, CRLF, blank lines, a quote inside
 * an unquoted field, a long ID and no newline at the end. */
static const char quirky_csv[] =
	"id,date,amount,qty,channel\r\n"
	"\"A, Inc.\",2020-01-01,10.50,1,web\r\n"
	"\r\n"
	"\"B \"\"q\"\"\",2020-01-02,-2.5,2,\"st,ore\"\r\n"
	"C\"x,20200103,0,1,web\n"
	"   \n"
	"\"multi\nline\",2020-01-04,3,1,\"a\nb\"\n"
	"A,2020-01-05,1e1,3,\n"
	"\"A, Inc.\",2020-01-06,+.5,1,app\n"
	"LONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONGLONG,2020-01-07,7,1,web\n"
	"\"A, Inc.\"  ,  2020-01-08  ,  8  ,1,web";

START_TEST(test_chunk_boundaries)
{
	static const size_t chunks[] = {1, 2, 3, 5, 7, 16, 64};
	cseg_tx_options *o = NULL;
	cseg_transactions *ref = NULL, *tx = NULL;
	int64_t c[8], d[8];
	double a[8], q[8];

	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_QUANTITY, "qty"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_CHANNEL, "channel"));
	ck_assert_ok(read_text(&ref, quirky_csv, o));
	ck_assert_int_eq(cseg_transactions_n_rows(ref), 8);
	ck_assert_int_eq(cseg_transactions_n_customers(ref), 6);
	ck_assert_str_eq(cseg_transactions_customer_id(ref, 0), "A, Inc.");
	ck_assert_str_eq(cseg_transactions_customer_id(ref, 1), "B \"q\"");
	ck_assert_str_eq(cseg_transactions_customer_id(ref, 2), "C\"x");
	ck_assert_str_eq(cseg_transactions_customer_id(ref, 3), "multi\nline");
	ck_assert_str_eq(cseg_transactions_customer_id(ref, 4), "A");
	ck_assert_int_eq(strlen(cseg_transactions_customer_id(ref, 5)), 64);
	ck_assert_ok(cseg_transactions_copy_rows(ref, c, d, a, q, 8));
	ck_assert_double_eq(a[0], 10.5);
	ck_assert_double_eq(a[1], -2.5);
	ck_assert_double_eq(a[2], 0.0);
	ck_assert_int_eq(d[2], day_of("2020-01-03"));
	ck_assert_double_eq(a[3], 3.0);
	ck_assert_double_eq(a[4], 10.0);
	ck_assert_double_eq(q[4], 3.0);
	ck_assert_double_eq(a[5], 0.5);
	ck_assert_double_eq(a[6], 7.0);
	ck_assert_double_eq(a[7], 8.0);
	ck_assert_int_eq(c[7], 0);
	ck_assert_int_eq(d[7], day_of("2020-01-08"));
	ck_assert_int_eq(cseg_transactions_n_levels(ref, CSEG_TX_COLUMN_CHANNEL), 4);
	ck_assert_str_eq(cseg_transactions_level(ref, CSEG_TX_COLUMN_CHANNEL, 1), "st,ore");
	ck_assert_str_eq(cseg_transactions_level(ref, CSEG_TX_COLUMN_CHANNEL, 2), "a\nb");
	/* Every read size gives the same log: records straddle reads at every
	 * byte, and the 64-byte ID outgrows the smaller buffers. */
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		cseg__tx_set_read_chunk(chunks[k]);
		ck_assert_ok(read_text(&tx, quirky_csv, o));
		ck_same_log(ref, tx);
		cseg_transactions_free(tx);
	}
	cseg__tx_set_read_chunk(0);
	cseg_transactions_free(ref);
	cseg_tx_options_free(o);
}
END_TEST

/* CRLF, a UTF-8 byte order mark, blank-separated files with tabs and spaces
 * mixed, and files with no rows. */
START_TEST(test_line_ends_bom_blanks)
{
	static const size_t chunks[] = {1, 2, 4, 0};
	cseg_tx_options *o = NULL;
	cseg_transactions *tx = NULL;
	int64_t d[3];
	double a[3], q[3];

	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_ID, "id"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_DATE, "date"));
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_AMOUNT, "amount"));
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		cseg__tx_set_read_chunk(chunks[k]);
		/* The BOM is not part of the first header name. */
		ck_assert_ok(read_text(&tx, "\xEF\xBB\xBFid,date,amount\r\nx,2021-03-04,1.25\r\ny,2021-03-05,2\r\n", o));
		ck_assert_int_eq(cseg_transactions_n_rows(tx), 2);
		ck_assert_str_eq(cseg_transactions_customer_id(tx, 0), "x");
		ck_assert_ok(cseg_transactions_copy_rows(tx, NULL, d, a, NULL, 2));
		ck_assert_int_eq(d[1], day_of("2021-03-05"));
		ck_assert_double_eq(a[0], 1.25);
		cseg_transactions_free(tx);
		/* Blank-separated (CDNOW style: the header has no tab), tabs and
		 * runs of spaces, CRLF, a BOM and leading blanks; positions and
		 * automatic header. */
		ck_assert_ok(read_text(&tx, "\xEF\xBB\xBF id date  amount qty\r\n"
			" 0001\t19970101   29.33  2\r\n\t0002 \t 19970102\t-1\t1\r\n\r\n0001 19970105 0 3", NULL));
		ck_assert_int_eq(cseg_transactions_n_rows(tx), 3);
		ck_assert_int_eq(cseg_transactions_n_customers(tx), 2);
		ck_assert_str_eq(cseg_transactions_customer_id(tx, 1), "0002");
		ck_assert_int_eq(cseg_transactions_has_quantity(tx), 0);
		ck_assert_ok(cseg_transactions_copy_rows(tx, NULL, d, a, q, 3));
		ck_assert_double_eq(a[1], -1.0);
		ck_assert_double_eq(q[2], 1.0);  /* no quantity column read: 1 */
		cseg_transactions_free(tx);
	}
	cseg__tx_set_read_chunk(0);
	/* A tab in the first line means tab-separated, unless blanks are asked for. */
	ck_assert_status(read_text(&tx, "id\tdate amount\n0001\t19970101 1\n", NULL), CSEG_E_FORMAT);
	{
		cseg_tx_options *blanks = NULL;
		ck_assert_ok(cseg_tx_options_new(&blanks));
		ck_assert_ok(cseg_tx_options_set_int(blanks, CSEG_TX_DELIMITER, ' '));
		ck_assert_ok(read_text(&tx, "id\tdate amount\n0001\t19970101 1\n", blanks));
		ck_assert_int_eq(cseg_transactions_n_rows(tx), 1);
		cseg_transactions_free(tx);
		/* Quotes are ordinary characters between blanks. */
		ck_assert_ok(read_text(&tx, "x\"y 19970101 1\n\"q\" 19970101 2\n", blanks));
		ck_assert_str_eq(cseg_transactions_customer_id(tx, 0), "x\"y");
		ck_assert_str_eq(cseg_transactions_customer_id(tx, 1), "\"q\"");
		cseg_transactions_free(tx);
		cseg_tx_options_free(blanks);
	}

	/* Nothing to read: named as such, and NULL out. */
	tx = (cseg_transactions *)1;
	ck_assert_status(read_text(&tx, "", NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(tx);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "no data rows"));
	ck_assert_status(read_text(&tx, "\xEF\xBB\xBF", NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(read_text(&tx, "\n\r\n  \n\t\n", NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(read_text(&tx, "id,date,amount", o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "no valid data rows"));
	ck_assert_status(read_text(&tx, "id,date,amount\r\n\r\n", o), CSEG_E_INVALID_ARG);
	ck_assert_status(read_text(&tx, "\xEF\xBB\xBFid,date,amount\n", NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(tx);
	cseg_tx_options_free(o);
}
END_TEST

/* Malformed rows: path:line:column by default, the line counting the
 * newlines inside quoted fields; skipped with the option, with the reason. */
START_TEST(test_bad_rows_positions)
{
	static const size_t chunks[] = {1, 3, 0};
	cseg_tx_options *skip = NULL;
	cseg_transactions *tx = NULL;

	ck_assert_ok(cseg_tx_options_new(&skip));
	ck_assert_ok(cseg_tx_options_set_int(skip, CSEG_TX_SKIP_BAD_ROWS, 1));
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		cseg__tx_set_read_chunk(chunks[k]);
		/* Truncated quoted field at the end of the file. */
		ck_assert_status(read_text(&tx, "a,2020-01-01,1\nb,2020-01-02,2\n\"c,2020-01-03,3\nd,2020-01-04,4", NULL),
			CSEG_E_FORMAT);
		ck_assert_ptr_null(tx);
		ck_assert_msg(strstr(cseg_last_error(), ":3:1: unterminated quoted field") != NULL, "%s", cseg_last_error());
		ck_assert_ok(read_text(&tx, "a,2020-01-01,1\nb,2020-01-02,2\n\"c,2020-01-03,3\nd,2020-01-04,4", skip));
		ck_assert_int_eq(cseg_transactions_n_rows(tx), 2);
		ck_assert_int_eq(cseg_transactions_n_skipped(tx), 1);
		ck_assert_int_eq(cseg_transactions_skipped_line(tx, 0), 3);
		ck_assert_ptr_nonnull(strstr(cseg_transactions_skipped_reason(tx, 0), "unterminated"));
		cseg_transactions_free(tx);
		/* A quote that closes at the very end is fine. */
		ck_assert_ok(read_text(&tx, "a,2020-01-01,1\n\"b\",2020-01-02,\"2\"", NULL));
		ck_assert_int_eq(cseg_transactions_n_rows(tx), 2);
		cseg_transactions_free(tx);

		/* An invalid calendar day after a record spanning two lines: line 4. */
		ck_assert_status(read_text(&tx, "id,date,amount\n\"x\ny\",2023-02-27,1\nz,2023-02-30,2\n", NULL),
			CSEG_E_FORMAT);
		ck_assert_msg(strstr(cseg_last_error(), ":4:3: field 2 (date): not a calendar date") != NULL, "%s",
			cseg_last_error());
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'2023-02-30'"));
		/* The bad field inside a multi-line record: its own line and column. */
		ck_assert_status(read_text(&tx, "id,date,amount\n\"x\ny\",2023-02-31,1\n", NULL), CSEG_E_FORMAT);
		ck_assert_msg(strstr(cseg_last_error(), ":3:4: field 2 (date)") != NULL, "%s", cseg_last_error());
	}
	cseg__tx_set_read_chunk(0);

	/* Mixed separators: a ';' row in a CSV file has one field. */
	ck_assert_status(read_text(&tx, "a,2020-01-01,1\nb;2020-01-02;2\n", NULL), CSEG_E_FORMAT);
	ck_assert_msg(strstr(cseg_last_error(), ":2:15: 1 field, need at least 3 (for the amount column)") != NULL,
		"%s", cseg_last_error());
	ck_assert_ok(read_text(&tx, "a,2020-01-01,1\nb;2020-01-02;2\nc,2020-01-03,3\n", skip));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 2);
	ck_assert_str_eq(cseg_transactions_skipped_reason(tx, 0),
		"column 15: 1 field, need at least 3 (for the amount column)");
	cseg_transactions_free(tx);
	/* A tab-separated row in a CSV file. */
	ck_assert_status(read_text(&tx, "a,2020-01-01,1\nb\t2020-01-02\t2\n", NULL), CSEG_E_FORMAT);
	/* A comma decimal in a blank-separated file. */
	ck_assert_status(read_text(&tx, "a 2020-01-01 1.5\nb 2020-01-02 1,5\n", NULL), CSEG_E_FORMAT);
	ck_assert_msg(strstr(cseg_last_error(), ":2:14: field 3 (amount): expected a finite number, found '1,5'") != NULL,
		"%s", cseg_last_error());
	/* Amounts: infinities, NaN, empty, hex and overlong are errors; signs,
	 * exponents and 18 digits are numbers. */
	ck_assert_status(read_text(&tx, "a,2020-01-01,inf\n", NULL), CSEG_E_FORMAT);
	ck_assert_status(read_text(&tx, "a,2020-01-01,1e999\n", NULL), CSEG_E_FORMAT);
	ck_assert_status(read_text(&tx, "a,2020-01-01,\n", NULL), CSEG_E_FORMAT);
	ck_assert_status(read_text(&tx, "a,2020-01-01,-\n", NULL), CSEG_E_FORMAT);
	ck_assert_status(read_text(&tx, "a,2020-01-01,.\n", NULL), CSEG_E_FORMAT);
	ck_assert_status(read_text(&tx, "a,2020-01-01,1.2.3\n", NULL), CSEG_E_FORMAT);
	ck_assert_status(read_text(&tx, "a,2020-01-01,12 34\n", NULL), CSEG_E_FORMAT);
	{
		double a[4];
		ck_assert_ok(read_text(&tx, "a,2020-01-01,-0.10\na,2020-01-01,123456789012345678\n"
			"a,2020-01-01,2.5e-3\na,2020-01-01,0.1000000000000000055511151231257827\n", NULL));
		ck_assert_ok(cseg_transactions_copy_rows(tx, NULL, NULL, a, NULL, 4));
		ck_assert_double_eq(a[0], -0.1);
		ck_assert_double_eq(a[1], 123456789012345678.0);
		ck_assert_double_eq(a[2], 2.5e-3);
		ck_assert_double_eq(a[3], 0.1);
		cseg_transactions_free(tx);
	}
	/* NUL bytes in an ID or an amount are malformed, not truncated. */
	ck_assert_status(read_bytes(&tx, "a\0b,2020-01-01,1\n", 17, NULL), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "NUL"));
	ck_assert_status(read_bytes(&tx, "a,2020-01-01,1\0x\n", 17, NULL), CSEG_E_FORMAT);
	/* Dates: the chosen format only; years before 1900 are fine. */
	ck_assert_ok(read_text(&tx, "a,1850-03-01,1\n", NULL));
	{
		int64_t first, last;
		ck_assert_ok(cseg_transactions_date_range(tx, &first, &last));
		ck_assert_int_eq(first, day_of("1850-03-01"));
	}
	cseg_transactions_free(tx);
	ck_assert_status(read_text(&tx, "a,2020-01-01,1\na,0000-03-01,1\n", NULL), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "not a calendar date"));
	ck_assert_status(read_text(&tx, "a,2020-01-01,1\na,2020/03/01,1\n", NULL), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "expected a date YYYY-MM-DD or YYYYMMDD"));
	/* A first row whose date is not one reads as a header (CSEG_TX_HEADER = -1). */
	ck_assert_status(read_text(&tx, "a,0000-03-01,1\n", NULL), CSEG_E_INVALID_ARG);
	cseg_tx_options_free(skip);
}
END_TEST

/* The first CSEG_TX_SKIPPED_DETAILS_MAX skipped rows keep their line and reason. */
START_TEST(test_skipped_details)
{
	cseg_tx_options *o = NULL;
	cseg_transactions *tx = NULL;
	size_t cap = 1 << 16, len = 0;
	char *text = malloc(cap);

	len += (size_t)snprintf(text + len, cap - len, "id,date,amount\n");
	for (int i = 0; i < 150; i++) {
		len += (size_t)snprintf(text + len, cap - len, "good%d,2020-01-%02d,%d\n", i, 1 + i % 28, i);
		len += (size_t)snprintf(text + len, cap - len, "bad%d,2020-01-%02d,x%d\n", i, 1 + i % 28, i);
	}
	ck_assert_ok(cseg_tx_options_new(&o));
	ck_assert_status(read_text(&tx, text, o), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), ":3:"));
	ck_assert_ok(cseg_tx_options_set_int(o, CSEG_TX_SKIP_BAD_ROWS, 1));
	ck_assert_ok(read_text(&tx, text, o));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 150);
	ck_assert_int_eq(cseg_transactions_n_skipped(tx), 150);
	ck_assert_int_eq(cseg_transactions_n_skipped_details(tx), CSEG_TX_SKIPPED_DETAILS_MAX);
	ck_assert_int_eq(cseg_transactions_skipped_line(tx, 0), 3);
	ck_assert_str_eq(cseg_transactions_skipped_reason(tx, 0),
		"column 17: field 3 (amount): expected a finite number, found 'x0'");
	ck_assert_int_eq(cseg_transactions_skipped_line(tx, 99), 201);
	ck_assert_ptr_nonnull(strstr(cseg_transactions_skipped_reason(tx, 99), "'x99'"));
	ck_assert_int_eq(cseg_transactions_skipped_line(tx, 100), -1);
	ck_assert_ptr_null(cseg_transactions_skipped_reason(tx, 100));
	ck_assert_int_eq(cseg_transactions_skipped_line(tx, -1), -1);
	ck_assert_ptr_null(cseg_transactions_skipped_reason(tx, -1));
	cseg_transactions_free(tx);
	/* Every kind of bad row, each with its reason. */
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_QUANTITY, "qty"));
	ck_assert_ok(read_text(&tx, "id,date,amount,qty\n"
		",2020-01-01,1,1\n"
		"a,2020-01-32,1,1\n"
		"a,2020-01-01,1,one\n"
		"a,2020-01-01\n"
		"a,2020-01-01,5,2\n", o));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 1);
	ck_assert_int_eq(cseg_transactions_n_skipped_details(tx), 4);
	ck_assert_str_eq(cseg_transactions_skipped_reason(tx, 0), "column 1: field 1 (customer id): empty, found ''");
	ck_assert_str_eq(cseg_transactions_skipped_reason(tx, 1),
		"column 3: field 2 (date): not a calendar date (years 1..9999), found '2020-01-32'");
	ck_assert_int_eq(cseg_transactions_skipped_line(tx, 3), 5);
	ck_assert_str_eq(cseg_transactions_skipped_reason(tx, 2),
		"column 16: field 4 (quantity): expected a finite number, found 'one'");
	ck_assert_str_eq(cseg_transactions_skipped_reason(tx, 3),
		"column 13: 2 fields, need at least 4 (for the quantity column)");
	cseg_transactions_free(tx);
	ck_assert_ok(cseg_tx_options_set_string(o, CSEG_TX_COLUMN_QUANTITY, NULL));
	/* Every row bad: no log. */
	ck_assert_status(read_text(&tx, "id,date,amount\na,x,1\n", o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "1 skipped"));
	/* Logs from arrays skip nothing; NULL handles. */
	{
		const char *ids[] = {"u"};
		int64_t days[] = {0};
		double amounts[] = {1};
		ck_assert_ok(cseg_transactions_new(&tx, ids, days, amounts, NULL, 1));
		ck_assert_int_eq(cseg_transactions_n_skipped(tx), 0);
		ck_assert_int_eq(cseg_transactions_n_skipped_details(tx), 0);
		ck_assert_ptr_null(cseg_transactions_skipped_reason(tx, 0));
		cseg_transactions_free(tx);
	}
	ck_assert_int_eq(cseg_transactions_n_skipped_details(NULL), -1);
	ck_assert_int_eq(cseg_transactions_skipped_line(NULL, 0), -1);
	ck_assert_ptr_null(cseg_transactions_skipped_reason(NULL, 0));
	cseg_tx_options_free(o);
	free(text);
}
END_TEST

/* Returns, zero amounts and net spend, from a file and from arrays. */
START_TEST(test_returns_report)
{
	/* p: 10 + 0 - 4 = 6; q: 5 - 5 = 0; r: -3 only; s: 0 only; t: 0.1 + 0.2 - 0.3. */
	const char *ids[] = {"p", "p", "p", "q", "q", "r", "s", "t", "t", "t"};
	const char *dates[] = {"2020-01-01", "2020-01-02", "2020-01-03", "20200101", "2020-01-05",
		"2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10T10:00"};
	double amounts[] = {10, 0, -4, 5, -5, -3, 0, 0.1, 0.2, -0.3};
	cseg_transactions *tx = NULL, *ftx = NULL;
	int64_t d[10];

	ck_assert_ok(cseg_transactions_new_date_strings(&tx, ids, dates, amounts, NULL, 10));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 10);
	ck_assert_int_eq(cseg_transactions_n_customers(tx), 5);
	ck_assert_int_eq(cseg_transactions_n_returns(tx), 4);
	ck_assert_double_eq_tol(cseg_transactions_returned_amount(tx), 12.3, 1e-12);
	ck_assert_double_eq_tol(cseg_transactions_net_amount(tx), 3.0, 1e-12);
	ck_assert_int_eq(cseg_transactions_n_zero_amounts(tx), 2);
	ck_assert_int_eq(cseg_transactions_n_net_nonpositive_customers(tx), 4);  /* q, r, s, t */
	ck_assert_int_eq(cseg_transactions_n_return_only_customers(tx), 1);      /* r */
	ck_assert_int_eq(cseg_transactions_has_quantity(tx), 0);
	ck_assert_ok(cseg_transactions_copy_rows(tx, NULL, d, NULL, NULL, 10));
	ck_assert_int_eq(d[3], day_of("2020-01-01"));
	ck_assert_int_eq(d[9], day_of("2020-01-10"));
	/* The same rows from a file. */
	ck_assert_ok(read_text(&ftx, "p,2020-01-01,10\np,2020-01-02,0\np,2020-01-03,-4\nq,20200101,5\n"
		"q,2020-01-05,-5\nr,2020-01-06,-3\ns,2020-01-07,0\nt,2020-01-08,0.1\nt,2020-01-09,0.2\n"
		"t,2020-01-10T10:00,-0.3\n", NULL));
	ck_same_log(tx, ftx);
	ck_assert_double_eq(cseg_transactions_returned_amount(ftx), cseg_transactions_returned_amount(tx));
	ck_assert_int_eq(cseg_transactions_n_net_nonpositive_customers(ftx), 4);
	cseg_transactions_free(ftx);
	cseg_transactions_free(tx);
	/* No returns. */
	ck_assert_ok(cseg_transactions_new_date_strings(&tx, ids, dates, amounts, NULL, 2));
	ck_assert_int_eq(cseg_transactions_n_returns(tx), 0);
	ck_assert_double_eq(cseg_transactions_returned_amount(tx), 0.0);
	ck_assert_int_eq(cseg_transactions_n_net_nonpositive_customers(tx), 0);
	ck_assert_int_eq(cseg_transactions_n_return_only_customers(tx), 0);
	cseg_transactions_free(tx);
	/* NULL handles. */
	ck_assert(isnan(cseg_transactions_returned_amount(NULL)));
	ck_assert(isnan(cseg_transactions_net_amount(NULL)));
	ck_assert_int_eq(cseg_transactions_n_zero_amounts(NULL), -1);
	ck_assert_int_eq(cseg_transactions_n_net_nonpositive_customers(NULL), -1);
	ck_assert_int_eq(cseg_transactions_n_return_only_customers(NULL), -1);
	ck_assert_int_eq(cseg_transactions_has_quantity(NULL), 0);
}
END_TEST

/* Dates as strings: every bad input names the row. */
START_TEST(test_new_date_strings_bad)
{
	const char *ids[] = {"u1", "u2", "u1"};
	const char *dates[] = {"2020-01-01", "2020-01-02", "2020-01-03"};
	const char *bad_day[] = {"2020-01-01", "2023-02-30", "2020-01-03"};
	const char *bad_shape[] = {"2020-01-01", "2020-01-02", "01/03/2020"};
	const char *null_date[] = {"2020-01-01", NULL, "2020-01-03"};
	double amounts[] = {1, 2, 3}, inf_amounts[] = {1, 2, INFINITY}, qty[] = {1, NAN, 1}, good_qty[] = {2, 1, 1};
	cseg_transactions *tx = (cseg_transactions *)1;
	int64_t live = cseg_live_handles();
	double q[3];

	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, bad_day, amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(tx);
	ck_assert_msg(strstr(cseg_last_error(), "dates[1] = '2023-02-30' is not a calendar date") != NULL, "%s",
		cseg_last_error());
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, bad_shape, amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "dates[2]"));
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, null_date, amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "dates[1] is NULL"));
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, dates, inf_amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "amounts[2]"));
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, dates, amounts, qty, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "quantities[1]"));
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, NULL, amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "dates is NULL"));
	ck_assert_status(cseg_transactions_new(&tx, ids, NULL, amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "days is NULL"));
	ck_assert_status(cseg_transactions_new_date_strings(&tx, NULL, dates, amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, dates, NULL, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, dates, amounts, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new_date_strings(&tx, ids, dates, amounts, NULL, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_new_date_strings(NULL, ids, dates, amounts, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_int_eq(cseg_live_handles(), live);
	ck_assert_ok(cseg_transactions_new_date_strings(&tx, ids, dates, amounts, good_qty, 3));
	ck_assert_int_eq(cseg_transactions_has_quantity(tx), 1);
	ck_assert_ok(cseg_transactions_copy_rows(tx, NULL, NULL, NULL, q, 3));
	ck_assert_double_eq(q[0], 2.0);
	cseg_transactions_free(tx);
	ck_assert_int_eq(cseg_live_handles(), live);
}
END_TEST

/* Many customers through a file with a tiny read size: the ID table
 * rehashes while records straddle reads; short (<= 8 bytes) and long IDs. */
START_TEST(test_many_customers_file)
{
	enum { N = 30000 };
	size_t cap = (size_t)N * 48, len = 0;
	char *text = malloc(cap);
	cseg_transactions *tx = NULL, *ref = NULL;
	const char **ids = malloc(sizeof(char *) * N);
	char (*idbuf)[32] = malloc(sizeof(char[32]) * N);
	int64_t *days = malloc(sizeof(int64_t) * N);
	double *amounts = malloc(sizeof(double) * N);

	for (int i = 0; i < N; i++) {
		int c = (i * 7919) % 9973;
		if (c % 2)
			snprintf(idbuf[i], sizeof(idbuf[i]), "c%d", c);
		else
			snprintf(idbuf[i], sizeof(idbuf[i]), "customer-number-%d", c);
		ids[i] = idbuf[i];
		days[i] = 18000 + i % 400;
		amounts[i] = (double)(i % 100) - 5.0;
		len += (size_t)snprintf(text + len, cap - len, "%s,%lld,%g\n", idbuf[i], 0LL, amounts[i]);
	}
	/* Dates as YYYYMMDD written from the day numbers. */
	len = 0;
	for (int i = 0; i < N; i++) {
		char iso[16];
		ck_assert_ok(cseg_date_format_iso(iso, sizeof(iso), days[i]));
		len += (size_t)snprintf(text + len, cap - len, "%s,%.4s%.2s%.2s,%g\n", idbuf[i], iso, iso + 5, iso + 8,
			amounts[i]);
	}
	ck_assert_ok(cseg_transactions_new(&ref, ids, days, amounts, NULL, N));
	ck_assert_int_eq(cseg_transactions_n_customers(ref), 9973);
	cseg__tx_set_read_chunk(13);
	ck_assert_ok(read_text(&tx, text, NULL));
	cseg__tx_set_read_chunk(0);
	ck_same_log(ref, tx);
	ck_assert_int_eq(cseg_transactions_n_returns(tx), cseg_transactions_n_returns(ref));
	ck_assert_int_eq(cseg_transactions_n_returns(tx), N / 100 * 5);
	cseg_transactions_free(tx);
	cseg_transactions_free(ref);
	free(text);
	free(ids);
	free(idbuf);
	free(days);
	free(amounts);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("transactions");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_cdnow_master);
	tcase_add_test(tc, test_cdnow_sample);
	tcase_add_test(tc, test_csv_quoted);
	tcase_add_test(tc, test_bad_rows);
	tcase_add_test(tc, test_from_arrays);
	tcase_add_test(tc, test_chunk_boundaries);
	tcase_add_test(tc, test_line_ends_bom_blanks);
	tcase_add_test(tc, test_bad_rows_positions);
	tcase_add_test(tc, test_skipped_details);
	tcase_add_test(tc, test_returns_report);
	tcase_add_test(tc, test_new_date_strings_bad);
	tcase_add_test(tc, test_many_customers_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(suite());
}
