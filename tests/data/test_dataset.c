/* Datasets: copy and view constructors, names, IDs, missing values and
 * every bad input of cseg_dataset.h. */
#include <math.h>
#include <pthread.h>
#include <stdint.h>

#include "test_util.h"
#include "data/dataset_internal.h"

static const double M[6] = { 1, 2, 3, 4, 5, 6 }; /* 2 x 3 row-major */

static int64_t handles_at_start;

static void setup(void)
{
	handles_at_start = cseg_live_handles();
}

static void teardown(void)
{
	ck_assert_int_eq(cseg_live_handles(), handles_at_start);
}

START_TEST(new_copies_row_major)
{
	double buf[6], out[6];
	cseg_dataset *ds = NULL;

	memcpy(buf, M, sizeof(buf));
	ck_assert_ok(cseg_dataset_new(&ds, buf, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 3);
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 0);
	buf[0] = 99; /* a copy: the caller's buffer is free to change */
	ck_assert_ok(cseg_dataset_copy_data(ds, out, 6));
	ck_assert_mem_eq(out, M, sizeof(out));
	ck_assert_ptr_ne(ds->data, buf);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(new_transposes_col_major)
{
	/* Columns (1,4) (2,5) (3,6) give the same 2 x 3 matrix as M. */
	const double cm[6] = { 1, 4, 2, 5, 3, 6 };
	cseg_dataset *ds = NULL;
	double out[6];

	ck_assert_ok(cseg_dataset_new(&ds, cm, 2, 3, CSEG_LAYOUT_COL_MAJOR));
	ck_assert_ok(cseg_dataset_copy_data(ds, out, 6));
	ck_assert_mem_eq(out, M, sizeof(out));
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(view_borrows)
{
	double buf[6];
	cseg_dataset *ds = NULL;
	double out[6];

	memcpy(buf, M, sizeof(buf));
	ck_assert_ok(cseg_dataset_new_view(&ds, buf, 2, 3));
	ck_assert_ptr_eq(ds->data, buf);
	ck_assert_ptr_null(ds->owned);
	ck_assert_ok(cseg_dataset_copy_data(ds, out, 6));
	ck_assert_mem_eq(out, M, sizeof(out));
	ck_assert_str_eq(cseg_dataset_column_name(ds, 2), "x2");
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "1");
	cseg_dataset_free(ds); /* must not free buf */
	buf[5] = 7;
}
END_TEST

START_TEST(nan_is_missing_inf_is_refused)
{
	double buf[6];
	cseg_dataset *ds = (cseg_dataset *)1;

	memcpy(buf, M, sizeof(buf));
	buf[1] = NAN;
	buf[4] = NAN;
	ck_assert_ok(cseg_dataset_new(&ds, buf, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 2);
	ck_assert_status(cseg__dataset_check_complete(ds, "data"), CSEG_E_MISSING_VALUES);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 0"));
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "column 1"));
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'x1'"));
	cseg_dataset_free(ds);

	ck_assert_ok(cseg_dataset_new_view(&ds, buf, 2, 3));
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 2);
	cseg_dataset_free(ds);

	/* Row-major index 5 is row 1, column 2. */
	memcpy(buf, M, sizeof(buf));
	buf[5] = -INFINITY;
	ds = (cseg_dataset *)1;
	ck_assert_status(cseg_dataset_new(&ds, buf, 2, 3, CSEG_LAYOUT_ROW_MAJOR), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 1, column 2"));
	ds = (cseg_dataset *)1;
	ck_assert_status(cseg_dataset_new_view(&ds, buf, 2, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	/* Column-major index 5 is row 1, column 2 as well (2 rows). Index 2: row 0, column 1. */
	memcpy(buf, M, sizeof(buf));
	buf[2] = INFINITY;
	ck_assert_status(cseg_dataset_new(&ds, buf, 2, 3, CSEG_LAYOUT_COL_MAJOR), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 0, column 1"));
}
END_TEST

START_TEST(check_complete)
{
	cseg_dataset *ds = NULL;

	ck_assert_status(cseg__dataset_check_complete(NULL, "train"), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "train"));
	ck_assert_ok(cseg_dataset_new(&ds, M, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg__dataset_check_complete(ds, "train"));
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(constructor_bad_inputs)
{
	cseg_dataset *ds = (cseg_dataset *)1;

	ck_assert_status(cseg_dataset_new(NULL, M, 2, 3, CSEG_LAYOUT_ROW_MAJOR), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_new(&ds, NULL, 2, 3, CSEG_LAYOUT_ROW_MAJOR), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_status(cseg_dataset_new(&ds, M, 0, 3, CSEG_LAYOUT_ROW_MAJOR), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "n_rows"));
	ck_assert_status(cseg_dataset_new(&ds, M, 2, 0, CSEG_LAYOUT_ROW_MAJOR), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "n_cols"));
	ck_assert_status(cseg_dataset_new(&ds, M, -1, 3, CSEG_LAYOUT_ROW_MAJOR), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_new(&ds, M, 2, 3, (cseg_layout)7), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "layout"));
	ck_assert_status(cseg_dataset_new(&ds, M, INT64_MAX / 2, 4, CSEG_LAYOUT_ROW_MAJOR),
		CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_new(&ds, M, INT64_MAX, INT64_MAX, CSEG_LAYOUT_ROW_MAJOR),
		CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);

	ck_assert_status(cseg_dataset_new_view(NULL, M, 2, 3), CSEG_E_INVALID_ARG);
	ds = (cseg_dataset *)1;
	ck_assert_status(cseg_dataset_new_view(&ds, NULL, 2, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_status(cseg_dataset_new_view(&ds, M, 2, -3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_new_view(&ds, M, 0, 0), CSEG_E_INVALID_ARG);
	cseg_dataset_free(NULL);
}
END_TEST

START_TEST(column_names)
{
	const char *good[3] = { "recency", "frequency", "monetary" };
	const char *dup[3] = { "a", "b", "a" };
	const char *empty[3] = { "a", "", "c" };
	const char *null_name[3] = { "a", NULL, "c" };
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, M, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "x0");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 2), "x2");
	ck_assert_ptr_null(cseg_dataset_column_name(ds, 3));
	ck_assert_ptr_null(cseg_dataset_column_name(ds, -1));
	ck_assert_ptr_null(cseg_dataset_column_name(NULL, 0));

	ck_assert_ok(cseg_dataset_set_column_names(ds, good, 3));
	ck_assert_str_eq(cseg_dataset_column_name(ds, 1), "frequency");
	ck_assert_ptr_ne(cseg_dataset_column_name(ds, 1), good[1]); /* copied */

	ck_assert_status(cseg_dataset_set_column_names(ds, dup, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "'a'"));
	ck_assert_status(cseg_dataset_set_column_names(ds, empty, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_set_column_names(ds, null_name, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_set_column_names(ds, good, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_set_column_names(ds, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_set_column_names(NULL, good, 3), CSEG_E_INVALID_ARG);
	/* failures leave the names as they were */
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "recency");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 2), "monetary");
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(ids)
{
	const char *names[2] = { "cust-a", "" };
	const char *with_null[2] = { "cust-a", NULL };
	const char *dup[2] = { "same", "same" };
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, M, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "0");
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "1");
	ck_assert_ptr_eq(cseg_dataset_id(ds, 1), cseg_dataset_id(ds, 1)); /* stable */
	ck_assert_ptr_null(cseg_dataset_id(ds, 2));
	ck_assert_ptr_null(cseg_dataset_id(ds, -1));
	ck_assert_ptr_null(cseg_dataset_id(NULL, 0));

	ck_assert_ok(cseg_dataset_set_ids(ds, names, 2));
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "cust-a");
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "");
	ck_assert_ok(cseg_dataset_set_ids(ds, dup, 2)); /* duplicates are allowed */
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "same");

	ck_assert_status(cseg_dataset_set_ids(ds, with_null, 2), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "ID 1"));
	ck_assert_status(cseg_dataset_set_ids(ds, names, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_set_ids(ds, NULL, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_set_ids(NULL, names, 2), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "same");
	cseg_dataset_free(ds);

	/* IDs set before any default was requested */
	ck_assert_ok(cseg_dataset_new(&ds, M, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_ids(ds, names, 2));
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "cust-a");
	cseg_dataset_free(ds);
}
END_TEST

#define N_THREADS 4
#define N_ROWS 5000

typedef struct id_job {
	const cseg_dataset *ds;
	const char *seen[N_ROWS];
	int ok;
} id_job;

static void *read_ids(void *arg)
{
	id_job *job = arg;
	char expect[32];

	job->ok = 1;
	for (int64_t i = N_ROWS - 1; i >= 0; i--) {
		job->seen[i] = cseg_dataset_id(job->ds, i);
		snprintf(expect, sizeof(expect), "%lld", (long long)i);
		if (!job->seen[i] || strcmp(job->seen[i], expect) != 0)
			job->ok = 0;
	}
	return NULL;
}

START_TEST(default_ids_are_safe_for_concurrent_readers)
{
	static id_job jobs[N_THREADS];
	pthread_t threads[N_THREADS];
	double *x = calloc(N_ROWS, sizeof(double));
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, x, N_ROWS, 1, CSEG_LAYOUT_ROW_MAJOR));
	for (int t = 0; t < N_THREADS; t++) {
		jobs[t].ds = ds;
		ck_assert_int_eq(pthread_create(&threads[t], NULL, read_ids, &jobs[t]), 0);
	}
	for (int t = 0; t < N_THREADS; t++)
		pthread_join(threads[t], NULL);
	for (int t = 0; t < N_THREADS; t++) {
		ck_assert(jobs[t].ok);
		/* Every thread ends up reading the one published block. */
		ck_assert_ptr_eq(jobs[t].seen[0], cseg_dataset_id(ds, 0));
	}
	cseg_dataset_free(ds);
	free(x);
}
END_TEST

START_TEST(queries_and_copy_bad_inputs)
{
	cseg_dataset *ds = NULL;
	double out[6];

	ck_assert_int_eq(cseg_dataset_n_rows(NULL), -1);
	ck_assert_int_eq(cseg_dataset_n_cols(NULL), -1);
	ck_assert_int_eq(cseg_dataset_n_missing(NULL), -1);
	ck_assert_ok(cseg_dataset_new(&ds, M, 3, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_dataset_copy_data(ds, out, 5), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "n_out"));
	ck_assert_status(cseg_dataset_copy_data(ds, out, 7), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_copy_data(ds, NULL, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_dataset_copy_data(NULL, out, 6), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_dataset_copy_data(ds, out, 6));
	ck_assert_mem_eq(out, M, sizeof(out));
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(one_by_one)
{
	const double v = -0.0;
	cseg_dataset *ds = NULL;
	double out;

	ck_assert_ok(cseg_dataset_new(&ds, &v, 1, 1, CSEG_LAYOUT_COL_MAJOR));
	ck_assert_ok(cseg_dataset_copy_data(ds, &out, 1));
	ck_assert(signbit(out));
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "0");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "x0");
	cseg_dataset_free(ds);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dataset");
	TCase *tc = tcase_create("dataset");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, new_copies_row_major);
	tcase_add_test(tc, new_transposes_col_major);
	tcase_add_test(tc, view_borrows);
	tcase_add_test(tc, nan_is_missing_inf_is_refused);
	tcase_add_test(tc, check_complete);
	tcase_add_test(tc, constructor_bad_inputs);
	tcase_add_test(tc, column_names);
	tcase_add_test(tc, ids);
	tcase_add_test(tc, default_ids_are_safe_for_concurrent_readers);
	tcase_add_test(tc, queries_and_copy_bad_inputs);
	tcase_add_test(tc, one_by_one);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
