/**
 * @file cseg_common.h
 * @brief Status codes, error messages, memory, logging and version queries.
 *
 * @defgroup common Common
 * @{
 */
#ifndef CSEG_COMMON_H
#define CSEG_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "cseg_export.h"
#include "cseg_version.h"

CSEG_BEGIN_DECLS

/**
 * Result of every fallible call. Values are explicit and never renumbered;
 * retired codes stay listed as comments.
 */
typedef enum cseg_status {
	CSEG_OK = 0,                /**< Success. */
	CSEG_E_INVALID_ARG = 1,     /**< An argument is NULL, out of range or inconsistent. */
	CSEG_E_NOMEM = 2,           /**< Memory allocation failed or the request would not fit. */
	CSEG_E_IO = 3,              /**< A file could not be opened, read, written or renamed. */
	CSEG_E_FORMAT = 4,          /**< Malformed input: CSV syntax, corrupt or truncated model file. */
	CSEG_E_UNSUPPORTED = 5,     /**< Unknown parameter key, wrong type, or a feature the model lacks. */
	CSEG_E_NOT_FITTED = 6,      /**< The model has not been fitted (or loaded) yet. */
	CSEG_E_MISSING_VALUES = 7,  /**< Data holds missing values and no policy allows them. */
	CSEG_E_CANCELLED = 8,       /**< A progress callback asked to stop. */
	CSEG_E_VERSION = 9,         /**< A file written by a newer, incompatible format version. */
	CSEG_E_NOT_CONVERGED = 10,  /**< An optimiser failed to converge where that is fatal. */
	CSEG_E_INTERNAL = 11        /**< A bug in cseg: please report it. */
} cseg_status;

/**
 * @brief Static English text for a status code.
 * @param[in] status any value, known or not.
 * @return a static string, never NULL.
 * @since 0.1.0
 */
CSEG_API const char *cseg_status_str(cseg_status status);

/**
 * @brief Message describing the last failure on the calling thread.
 *
 * Names the offending argument, row, column or file position. Use the
 * returned ::cseg_status to detect failure; this only explains it.
 * @return a thread-local string, never NULL (empty when no error was
 *   recorded); valid until the next cseg call on the same thread.
 * @note Thread-safe: each thread has its own message.
 * @since 0.1.0
 */
CSEG_API const char *cseg_last_error(void);

/**
 * @brief Forget the calling thread's last error message.
 * @since 0.1.0
 */
CSEG_API void cseg_clear_error(void);

/**
 * @brief Release a buffer that cseg allocated for the caller
 *   (e.g. by ::cseg_model_save_buffer). NULL is accepted.
 * @param[in] ptr buffer to free.
 * @since 0.1.0
 */
CSEG_API void cseg_free(void *ptr);

/** Severity of a log message. */
typedef enum cseg_log_level {
	CSEG_LOG_DEBUG = 0, /**< Detail for developers. */
	CSEG_LOG_INFO = 1,  /**< Progress of long steps. */
	CSEG_LOG_WARN = 2   /**< Something the user should know (e.g. an empty cluster repaired). */
} cseg_log_level;

/** Receives log messages; @p payload is what was given to ::cseg_set_log_callback. */
typedef void (*cseg_log_fn)(cseg_log_level level, const char *message, void *payload);

/**
 * @brief Route the library's log messages to @p fn (the library never prints).
 * @param[in] fn callback, or NULL to discard messages (the default).
 * @param[in] payload passed back to @p fn unchanged.
 * @note Process-wide; set it before starting threads that use cseg.
 * @since 0.1.0
 */
CSEG_API void cseg_set_log_callback(cseg_log_fn fn, void *payload);

/**
 * @brief Run-time library version as a string, e.g. "0.1.0".
 * @return a static string.
 * @since 0.1.0
 */
CSEG_API const char *cseg_version(void);

/**
 * @brief Run-time library version as major * 10000 + minor * 100 + patch.
 * @since 0.1.0
 */
CSEG_API int cseg_version_number(void);

/**
 * @brief Number of live handles (datasets, models, assignments) in the process.
 *
 * Bindings use it to prove that handles are freed when host objects are
 * collected.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_live_handles(void);

/**
 * @brief Largest number of threads cseg may use, 0 meaning all cores.
 *
 * Results never depend on this number: reductions run in a fixed order.
 * @param[in] n_threads 0 or more.
 * @return ::CSEG_OK, or ::CSEG_E_INVALID_ARG when negative.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_set_max_threads(int n_threads);

/**
 * @brief Threads cseg will use for its parallel loops.
 * @since 0.1.0
 */
CSEG_API int cseg_get_max_threads(void);

CSEG_END_DECLS

/** @} */
#endif /* CSEG_COMMON_H */
