/* The encoders' byte buffer (byte_writer.h). Integers are written byte by
 * byte, so the bytes are the same on every host. */
#include <stdlib.h>
#include <string.h>

#include "byte_writer.h"

unsigned char *cseg__wbuf_reserve(cseg__wbuf *w, size_t n)
{
	if (w->failed)
		return NULL;
	if (w->cap - w->len < n) {
		size_t cap = w->cap ? w->cap : 256;
		unsigned char *p;

		while (cap - w->len < n) {
			if (cap > SIZE_MAX / 2) {
				w->failed = 1;
				return NULL;
			}
			cap *= 2;
		}
		if (!(p = realloc(w->p, cap))) {
			w->failed = 1;
			return NULL;
		}
		w->p = p;
		w->cap = cap;
	}
	w->len += n;
	return w->p + w->len - n;
}

void cseg__store_u32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

void cseg__store_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

void cseg__wbuf_u32(cseg__wbuf *w, uint32_t v)
{
	unsigned char *p = cseg__wbuf_reserve(w, 4);

	if (p)
		cseg__store_u32(p, v);
}

void cseg__wbuf_u64(cseg__wbuf *w, uint64_t v)
{
	unsigned char *p = cseg__wbuf_reserve(w, 8);

	if (p)
		cseg__store_u64(p, v);
}

void cseg__wbuf_f64(cseg__wbuf *w, double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	cseg__wbuf_u64(w, bits);
}

void cseg__wbuf_bytes(cseg__wbuf *w, const void *data, size_t n)
{
	unsigned char *p = n ? cseg__wbuf_reserve(w, n) : NULL;

	if (p)
		memcpy(p, data, n);
}
