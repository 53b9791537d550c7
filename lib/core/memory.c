/* Allocation helpers and the live-handle counter. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static atomic_llong live_handles;

void *cseg__malloc(size_t size)
{
	return size ? malloc(size) : NULL;
}

void *cseg__calloc(size_t n, size_t size)
{
	return (n && size) ? calloc(n, size) : NULL;
}

void *cseg__malloc_array(size_t n, size_t size)
{
	if (n == 0 || size == 0 || n > SIZE_MAX / size)
		return NULL;
	return malloc(n * size);
}

void *cseg__realloc_array(void *ptr, size_t n, size_t size)
{
	if (n == 0 || size == 0 || n > SIZE_MAX / size)
		return NULL;
	return realloc(ptr, n * size);
}

char *cseg__strdup(const char *s)
{
	size_t len;
	char *copy;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	copy = malloc(len);
	if (copy)
		memcpy(copy, s, len);
	return copy;
}

void *cseg__aligned_alloc(size_t n, size_t size)
{
	void *ptr = NULL;

	if (n == 0 || size == 0 || n > SIZE_MAX / size)
		return NULL;
	if (posix_memalign(&ptr, 64, n * size) != 0)
		return NULL;
	return ptr;
}

void cseg__aligned_free(void *ptr)
{
	free(ptr);
}

void cseg_free(void *ptr)
{
	free(ptr);
}

void cseg__handle_created(void)
{
	atomic_fetch_add(&live_handles, 1);
}

void cseg__handle_freed(void)
{
	atomic_fetch_sub(&live_handles, 1);
}

int64_t cseg_live_handles(void)
{
	return (int64_t)atomic_load(&live_handles);
}
