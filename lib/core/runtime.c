/* Version queries, logging hook and thread limit. */
#include <stdarg.h>
#include <stdio.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core.h"

static cseg_log_fn log_fn;
static void *log_payload;
static int max_threads; /* 0: all cores */

const char *cseg_version(void)
{
	return CSEG_VERSION_STRING;
}

int cseg_version_number(void)
{
	return CSEG_VERSION_NUMBER;
}

void cseg_set_log_callback(cseg_log_fn fn, void *payload)
{
	log_fn = fn;
	log_payload = payload;
}

void cseg__log(cseg_log_level level, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	if (!log_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	log_fn(level, message, log_payload);
}

cseg_status cseg_set_max_threads(int n_threads)
{
	if (n_threads < 0)
		return cseg__error(CSEG_E_INVALID_ARG, "n_threads must be >= 0, got %d", n_threads);
	max_threads = n_threads;
	return CSEG_OK;
}

int cseg_get_max_threads(void)
{
	return cseg__threads();
}

int cseg__threads(void)
{
#ifdef _OPENMP
	int cores = omp_get_max_threads();
	return (max_threads > 0 && max_threads < cores) ? max_threads : cores;
#else
	return 1;
#endif
}
