# Errors. The generated C_* functions never raise: they return
# list(status, outputs...). The checks here turn a failed status into an R
# condition of class "cseg_error", raised with stop() from R code, after the
# C library has already cleaned up (STYLE.md, R pitfall 2).

.cseg_condition <- function(status, message, call = NULL) {
	structure(
		class = c("cseg_error", "error", "condition"),
		list(message = message, call = call, status = as.integer(status),
			status_str = C_status_str(as.integer(status))))
}

# The user's call: the outermost frame running a function of this package
# (cseg_kmeans(...), predict(fit, ...)), not the helper that noticed.
.user_call <- function() {
	ns <- topenv(environment(.user_call))
	for (i in seq_len(sys.nframe())) {
		env <- environment(sys.function(i))
		if (!is.null(env) && identical(topenv(env), ns))
			return(sys.call(i))
	}
	NULL
}

# Raise the error of a failed C call; read cseg_last_error() first, before any
# other cseg call can replace the thread's message.
.cseg_raise <- function(status, call = .user_call()) {
	detail <- C_last_error()
	text <- C_status_str(as.integer(status))
	msg <- if (is.null(detail) || !nzchar(detail)) text else paste0(text, ": ", detail)
	stop(.cseg_condition(status, msg, call))
}

# Check a C_* result list; return its outputs (the status dropped), or the
# first one alone when there is exactly one.
.cseg_check <- function(res) {
	status <- res[[1L]]
	if (!identical(as.integer(status), 0L))
		.cseg_raise(status)
	out <- res[-1L]
	if (length(out) == 1L) out[[1L]] else out
}

# An argument the R layer refuses itself, with the status the C library
# would give (CSEG_E_INVALID_ARG).
.cseg_invalid <- function(fmt, ..., call = .user_call()) {
	stop(.cseg_condition(cseg_status_CSEG_E_INVALID_ARG_get(),
		sprintf(fmt, ...), call))
}
