/**
 * @file cseg_export.h
 * @brief Symbol export and attribute macros.
 *
 * Only the symbols marked CSEG_API leave the shared library; everything else
 * is built with hidden visibility. Define `CSEG_STATIC` when linking the static
 * library on Windows.
 */
#ifndef CSEG_EXPORT_H
#define CSEG_EXPORT_H

/** @def CSEG_API
 * Marks a public symbol: exported from the shared library, imported by users. */
#if defined(CSEG_STATIC)
#  define CSEG_API
#elif defined(_WIN32)
#  if defined(CSEG_BUILDING)
#    define CSEG_API __declspec(dllexport)
#  else
#    define CSEG_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define CSEG_API __attribute__((visibility("default")))
#else
#  define CSEG_API
#endif

/** Marks an API as deprecated; define `CSEG_NO_DEPRECATION_WARNINGS` to silence. */
#if defined(CSEG_NO_DEPRECATION_WARNINGS) || !(defined(__GNUC__) || defined(__clang__))
#  define CSEG_DEPRECATED(msg)
#else
#  define CSEG_DEPRECATED(msg) __attribute__((deprecated(msg)))
#endif

/** Marks an experimental API: not covered by the ABI baseline. */
#define CSEG_EXPERIMENTAL

/** @def CSEG_BEGIN_DECLS
 * Opens `extern "C"` for C++ callers. */
/** @def CSEG_END_DECLS
 * Closes what ::CSEG_BEGIN_DECLS opened. */
#ifdef __cplusplus
#  define CSEG_BEGIN_DECLS extern "C" {
#  define CSEG_END_DECLS }
#else
#  define CSEG_BEGIN_DECLS
#  define CSEG_END_DECLS
#endif

#endif /* CSEG_EXPORT_H */
