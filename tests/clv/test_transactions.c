/* Transactions: dates, reader options, file reader (CDNOW, CSV quoting,
 * errors with path:line:column, skipped rows) and the array constructor. */
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"
#include "cseg/cseg_transactions.h"

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

START_TEST(test_dates)
{
	int64_t d = -1;
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
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(suite());
}
