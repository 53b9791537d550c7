/* Status text and the thread-local last-error message. */
#include <stdarg.h>
#include <stdio.h>

#include "core.h"

#define CSEG__ERROR_MAX 1024

static _Thread_local char last_error[CSEG__ERROR_MAX];

const char *cseg_status_str(cseg_status status)
{
	switch (status) {
	case CSEG_OK: return "success";
	case CSEG_E_INVALID_ARG: return "invalid argument";
	case CSEG_E_NOMEM: return "out of memory";
	case CSEG_E_IO: return "input/output error";
	case CSEG_E_FORMAT: return "malformed input";
	case CSEG_E_UNSUPPORTED: return "unsupported";
	case CSEG_E_NOT_FITTED: return "model not fitted";
	case CSEG_E_MISSING_VALUES: return "missing values";
	case CSEG_E_CANCELLED: return "cancelled";
	case CSEG_E_VERSION: return "unsupported format version";
	case CSEG_E_NOT_CONVERGED: return "did not converge";
	case CSEG_E_INTERNAL: return "internal error";
	}
	return "unknown status";
}

const char *cseg_last_error(void)
{
	return last_error;
}

void cseg_clear_error(void)
{
	last_error[0] = '\0';
}

cseg_status cseg__error(cseg_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return status;
}
