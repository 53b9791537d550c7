/* xoshiro256** (Blackman & Vigna), seeded through splitmix64. Chosen over
 * the C library's rand() so a seed gives the same stream everywhere. */
#include <math.h>

#include "core.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void cseg__rng_seed(cseg__rng *rng, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&x);
}

uint64_t cseg__rng_next(cseg__rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double cseg__rng_uniform(cseg__rng *rng)
{
	return (double)(cseg__rng_next(rng) >> 11) * 0x1.0p-53;
}

uint64_t cseg__rng_below(cseg__rng *rng, uint64_t n)
{
	uint64_t limit, r;

	if (n <= 1)
		return 0;
	/* Reject the top partial range so every value is equally likely. */
	limit = UINT64_MAX - UINT64_MAX % n;
	do
		r = cseg__rng_next(rng);
	while (r >= limit);
	return r % n;
}

double cseg__rng_normal(cseg__rng *rng)
{
	double u, v, s;

	do {
		u = 2.0 * cseg__rng_uniform(rng) - 1.0;
		v = 2.0 * cseg__rng_uniform(rng) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}

uint64_t cseg__fnv1a(uint64_t hash, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		hash ^= p[i];
		hash *= 0x100000001b3ULL;
	}
	return hash;
}
