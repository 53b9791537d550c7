/* Core services: status text, thread-local errors, version, RNG, threads. */
#include <math.h>
#include <pthread.h>

#include "test_util.h"
#include "core/core.h"

START_TEST(status_strings_cover_every_code)
{
	for (int s = CSEG_OK; s <= CSEG_E_INTERNAL; s++) {
		const char *text = cseg_status_str((cseg_status)s);
		ck_assert_ptr_nonnull(text);
		ck_assert_str_ne(text, "unknown status");
	}
	ck_assert_str_eq(cseg_status_str((cseg_status)9999), "unknown status");
}
END_TEST

START_TEST(last_error_is_never_null_and_clears)
{
	ck_assert_ptr_nonnull(cseg_last_error());
	cseg__error(CSEG_E_INVALID_ARG, "row %d", 7);
	ck_assert_str_eq(cseg_last_error(), "row 7");
	cseg_clear_error();
	ck_assert_str_eq(cseg_last_error(), "");
}
END_TEST

static void *set_error_in_thread(void *arg)
{
	cseg__error(CSEG_E_IO, "thread message");
	*(int *)arg = strcmp(cseg_last_error(), "thread message") == 0;
	return NULL;
}

START_TEST(last_error_is_thread_local)
{
	pthread_t t;
	int ok = 0;

	cseg__error(CSEG_E_INVALID_ARG, "main message");
	pthread_create(&t, NULL, set_error_in_thread, &ok);
	pthread_join(t, NULL);
	ck_assert_int_eq(ok, 1);
	ck_assert_str_eq(cseg_last_error(), "main message");
}
END_TEST

START_TEST(version_matches_headers)
{
	ck_assert_str_eq(cseg_version(), CSEG_VERSION_STRING);
	ck_assert_int_eq(cseg_version_number(), CSEG_VERSION_NUMBER);
	ck_assert(CSEG_VERSION_CHECK(0, 0, 1));
	ck_assert(!CSEG_VERSION_CHECK(CSEG_VERSION_MAJOR + 1, 0, 0));
}
END_TEST

START_TEST(threads_limit_and_bad_input)
{
	ck_assert_status(cseg_set_max_threads(-1), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_set_max_threads(1));
	ck_assert_int_eq(cseg_get_max_threads(), 1);
	ck_assert_ok(cseg_set_max_threads(0));
	ck_assert_int_ge(cseg_get_max_threads(), 1);
}
END_TEST

START_TEST(rng_is_reproducible_and_uniform)
{
	cseg__rng a, b;
	double sum = 0, sumsq = 0;
	int counts[7] = { 0 };
	const int n = 200000;

	cseg__rng_seed(&a, 42);
	cseg__rng_seed(&b, 42);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(cseg__rng_next(&a), cseg__rng_next(&b));
	cseg__rng_seed(&b, 43);
	ck_assert_uint_ne(cseg__rng_next(&a), cseg__rng_next(&b));
	for (int i = 0; i < n; i++) {
		double u = cseg__rng_uniform(&a);
		ck_assert(u >= 0 && u < 1);
		sum += u;
		counts[cseg__rng_below(&a, 7)]++;
		double z = cseg__rng_normal(&a);
		sumsq += z * z;
	}
	ck_assert_double_eq_tol(sum / n, 0.5, 0.01);
	ck_assert_double_eq_tol(sumsq / n, 1.0, 0.02);
	for (int i = 0; i < 7; i++)
		ck_assert_int_gt(counts[i], n / 7 - n / 50);
	ck_assert_uint_eq(cseg__rng_below(&a, 1), 0);
}
END_TEST

START_TEST(free_accepts_null)
{
	cseg_free(NULL);
	cseg_dataset_free(NULL);
	cseg_model_free(NULL);
	cseg_assignment_free(NULL);
}
END_TEST

static int log_calls;
static void count_log(cseg_log_level level, const char *message, void *payload)
{
	(void)level;
	(void)message;
	*(int *)payload += 1;
}

START_TEST(log_callback_receives_messages)
{
	cseg_set_log_callback(count_log, &log_calls);
	cseg__log(CSEG_LOG_WARN, "hello %d", 1);
	cseg_set_log_callback(NULL, NULL);
	cseg__log(CSEG_LOG_WARN, "dropped");
	ck_assert_int_eq(log_calls, 1);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, status_strings_cover_every_code);
	tcase_add_test(tc, last_error_is_never_null_and_clears);
	tcase_add_test(tc, last_error_is_thread_local);
	tcase_add_test(tc, version_matches_headers);
	tcase_add_test(tc, threads_limit_and_bad_input);
	tcase_add_test(tc, rng_is_reproducible_and_uniform);
	tcase_add_test(tc, free_accepts_null);
	tcase_add_test(tc, log_callback_receives_messages);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(core_suite());
}
