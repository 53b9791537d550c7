/* Model file encoding, used by model.c's save/load entry points. */
#ifndef CSEG_MODEL_FILE_H
#define CSEG_MODEL_FILE_H

#include "../models/model_internal.h"

/* Encode a fitted model into a new malloc'd buffer. */
cseg_status cseg__model_encode(const cseg_model *m, unsigned char **buf_out, size_t *len_out);

/* Decode a buffer into a new model (counted as a live handle). Never reads
 * past len; every failure sets a message and frees everything. */
cseg_status cseg__model_decode(const unsigned char *buf, size_t len, cseg_model **out);

/* Write bytes to path atomically: temporary file in the same folder,
 * fsync, rename. On failure path is untouched and the temporary removed. */
cseg_status cseg__write_file_atomic(const char *path, const void *data, size_t len);

/* Read a whole file into a new malloc'd buffer. */
cseg_status cseg__read_file(const char *path, unsigned char **buf_out, size_t *len_out);

uint32_t cseg__crc32(const void *data, size_t len);

#endif /* CSEG_MODEL_FILE_H */
