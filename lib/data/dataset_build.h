/* Helpers shared by the dataset constructors (dataset.c, csv.c).
 *
 * ID storage: ds->ids is ONE allocation, n_rows pointers followed by the
 * NUL-terminated strings they point into, so free(ds->ids) releases it all.
 * Datasets without explicit IDs keep ids NULL; the first cseg_dataset_id()
 * call builds the default block and publishes it with an atomic
 * compare-and-swap, so concurrent readers of a const dataset are safe. */
#ifndef CSEG_DATASET_BUILD_H
#define CSEG_DATASET_BUILD_H

#include <stddef.h>

#include "dataset_internal.h"

/* ID block for rows numbered first, first + 1, ... (NULL on no memory). */
char **cseg__ids_sequence(int64_t n, int64_t first);

/* ID block from n strings stored back to back (each NUL-terminated) in
 * pool[0 .. pool_len). NULL on no memory. */
char **cseg__ids_from_pool(const char *pool, size_t pool_len, int64_t n);

/* Take ownership of the parts and make a dataset (a counted handle).
 * col_names may be NULL (default "x0", ...), ids may be NULL (default).
 * On failure everything passed in is freed. n_missing is recounted. */
cseg_status cseg__dataset_adopt(cseg_dataset **out, double *owned,
	int64_t n_rows, int64_t n_cols, char **col_names, char **ids);

/* Free an array of n strings and the array (NULL accepted). */
void cseg__strings_free(char **strings, int64_t n);

#endif /* CSEG_DATASET_BUILD_H */
