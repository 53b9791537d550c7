/* Private core services shared by every part of the library: error
 * messages, allocation, handle counting, logging, threads and the RNG. */
#ifndef CSEG_CORE_H
#define CSEG_CORE_H

#include <stddef.h>
#include <stdint.h>
#include "cseg/cseg_common.h"

#if defined(__GNUC__)
#  define CSEG__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#  define CSEG__PRINTF(a, b)
#endif

/* Record a message for cseg_last_error() and return the status, so a
 * failure reads `return cseg__error(CSEG_E_INVALID_ARG, "k = %d", k);`. */
cseg_status cseg__error(cseg_status status, const char *fmt, ...) CSEG__PRINTF(2, 3);

/* Allocation: thin wrappers that refuse size overflow (n * size) and zero
 * sizes, so callers can test a single NULL. */
void *cseg__malloc(size_t size);
void *cseg__calloc(size_t n, size_t size);
void *cseg__malloc_array(size_t n, size_t size);
void *cseg__realloc_array(void *ptr, size_t n, size_t size);
char *cseg__strdup(const char *s);
/* Aligned to 64 bytes for the numeric kernels; release with cseg__aligned_free. */
void *cseg__aligned_alloc(size_t n, size_t size);
void cseg__aligned_free(void *ptr);

/* Live handle count, so bindings can test that handles are freed. */
void cseg__handle_created(void);
void cseg__handle_freed(void);

void cseg__log(cseg_log_level level, const char *fmt, ...) CSEG__PRINTF(2, 3);

/* Threads for the library's own parallel loops (OpenMP). */
int cseg__threads(void);

/* splitmix64-seeded xoshiro256** generator: small, fast, and the same
 * sequence on every platform for a given seed. */
typedef struct cseg__rng {
	uint64_t s[4];
} cseg__rng;

void cseg__rng_seed(cseg__rng *rng, uint64_t seed);
uint64_t cseg__rng_next(cseg__rng *rng);
/* Uniform double in [0, 1). */
double cseg__rng_uniform(cseg__rng *rng);
/* Uniform integer in [0, n), without modulo bias. */
uint64_t cseg__rng_below(cseg__rng *rng, uint64_t n);
/* Standard normal (Marsaglia polar method). */
double cseg__rng_normal(cseg__rng *rng);

/* 64-bit FNV-1a over bytes, continued from `hash` (start with CSEG__FNV_OFFSET). */
#define CSEG__FNV_OFFSET 0xcbf29ce484222325ULL
uint64_t cseg__fnv1a(uint64_t hash, const void *data, size_t n);

#endif /* CSEG_CORE_H */
