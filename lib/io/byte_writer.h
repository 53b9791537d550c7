/* A growing buffer of little-endian bytes for the file encoders (model
 * files, preprocessing). The first failed allocation sticks: encoders write
 * on and check `failed` once at the end. */
#ifndef CSEG_BYTE_WRITER_H
#define CSEG_BYTE_WRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct cseg__wbuf {
	unsigned char *p;
	size_t len, cap;
	int failed;
} cseg__wbuf;

/* n more bytes at the end, or NULL once an allocation has failed. */
unsigned char *cseg__wbuf_reserve(cseg__wbuf *w, size_t n);

void cseg__store_u32(unsigned char *p, uint32_t v);
void cseg__store_u64(unsigned char *p, uint64_t v);

void cseg__wbuf_u32(cseg__wbuf *w, uint32_t v);
void cseg__wbuf_u64(cseg__wbuf *w, uint64_t v);
void cseg__wbuf_f64(cseg__wbuf *w, double v);   /* the IEEE-754 bit pattern */
void cseg__wbuf_bytes(cseg__wbuf *w, const void *data, size_t n);

#endif /* CSEG_BYTE_WRITER_H */
