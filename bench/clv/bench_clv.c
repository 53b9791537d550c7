/* CLV benchmark: simulate customers from the BG/NBD model with known
 * parameters (seeded), fit BG/NBD, then score 12-month CLV with a
 * Gamma-Gamma spend model. Prints fit time, scoring throughput and the
 * recovered versus true parameters.
 *
 * Usage: bench_clv [n_customers (default 10000000)] [seed (default 42)]
 *
 * Memory: x, t_x, T as doubles (24 bytes a customer: 240 MB for 10M);
 * spend and CLV are generated and scored in chunks of 1M. Uses the public
 * API only, with its own generator so it needs nothing private. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cseg/cseg.h"

static const double TRUE_BG[4] = {0.243, 4.414, 0.793, 2.426};  /* r, alpha, a, b (CDNOW, weeks) */
static const double TRUE_GG[3] = {6.25, 3.74, 15.44};          /* p, q, gamma */

/* xoshiro256** seeded by splitmix64. */
typedef struct { uint64_t s[4]; } rng;

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(rng *g, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		g->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static double unif(rng *g)  /* (0, 1) */
{
	uint64_t *s = g->s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return ((double)(r >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double normal(rng *g)
{
	double u = unif(g), v = unif(g);
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Gamma(shape, 1) by Marsaglia & Tsang, boosted for shape < 1. */
static double gamma1(rng *g, double shape)
{
	double d, c;
	if (shape < 1.0)
		return gamma1(g, shape + 1.0) * pow(unif(g), 1.0 / shape);
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;) {
		double x = normal(g), v = 1.0 + c * x, u;
		if (v <= 0.0)
			continue;
		v = v * v * v;
		u = unif(g);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v;
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Process CPU time (all threads): on a shared machine wall time alone misleads. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One customer: acquired uniformly in the first 12 of 39 weeks; purchases
 * at Poisson rate λ ~ Gamma(r, α); after each repeat purchase drops out
 * with probability p ~ Beta(a, b). */
static void simulate(rng *g, double *x, double *t_x, double *T)
{
	const double lambda = gamma1(g, TRUE_BG[0]) / TRUE_BG[1];
	const double ga = gamma1(g, TRUE_BG[2]), gb = gamma1(g, TRUE_BG[3]);
	const double p = ga / (ga + gb);
	const double age = 39.0 - 12.0 * unif(g);
	double t = 0.0, last = 0.0;
	int64_t n = 0;

	for (;;) {
		t += -log(unif(g)) / lambda;
		if (t > age)
			break;
		n++;
		last = t;
		if (unif(g) < p)
			break;
	}
	*x = (double)n;
	*t_x = last;
	*T = age;
}

int main(int argc, char **argv)
{
	const int64_t n = argc > 1 ? atoll(argv[1]) : 10000000;
	const uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 42;
	const int64_t chunk = 1000000;
	double *x = malloc(sizeof(double) * (size_t)n), *t_x = malloc(sizeof(double) * (size_t)n);
	double *T = malloc(sizeof(double) * (size_t)n);
	double *zbar = malloc(sizeof(double) * (size_t)chunk), *out = malloc(sizeof(double) * (size_t)chunk);
	double c0, c_fit, c_clv = 0.0, c_exp = 0.0;
	double t0, t_sim, t_fit, t_clv = 0.0, t_exp = 0.0, p[4], se[4], ll, total_clv = 0.0, repeaters = 0.0;
	cseg_clv_model *bg = NULL, *gg = NULL;
	int64_t iters;
	rng g;

	if (!x || !t_x || !T || !zbar || !out || n < 1) {
		fprintf(stderr, "bench_clv: cannot allocate %lld customers\n", (long long)n);
		return 1;
	}
	printf("cseg %s, %d threads, %lld customers, seed %llu\n", cseg_version(), cseg_get_max_threads(),
		(long long)n, (unsigned long long)seed);
	t0 = now_s();
	rng_seed(&g, seed);
	for (int64_t i = 0; i < n; i++) {
		simulate(&g, &x[i], &t_x[i], &T[i]);
		repeaters += x[i] > 0;
	}
	t_sim = now_s() - t0;
	printf("simulate: %.2f s (%.1f%% repeat at least once)\n", t_sim, 100.0 * repeaters / (double)n);

	if (cseg_clv_model_new(&bg, CSEG_CLV_BGNBD) != CSEG_OK)
		return 1;
	t0 = now_s();
	c0 = cpu_s();
	if (cseg_clv_model_fit(bg, x, t_x, T, NULL, n) != CSEG_OK) {
		fprintf(stderr, "fit: %s\n", cseg_last_error());
		return 1;
	}
	t_fit = now_s() - t0;
	c_fit = cpu_s() - c0;
	cseg_clv_model_get_params(bg, p, 4);
	cseg_clv_model_get_std_errors(bg, se, 4);
	cseg_clv_model_get_double(bg, CSEG_CLV_LOGLIK, &ll);
	cseg_clv_model_get_int(bg, CSEG_CLV_N_ITER, &iters);
	printf("fit BG/NBD: %.2f s wall, %.2f s CPU (%lld BFGS iterations on all rows after the starts; LL %.1f)\n",
		t_fit, c_fit, (long long)iters, ll);
	printf("  %-6s %10s %10s %10s %8s\n", "param", "true", "fitted", "std.err", "z");
	for (int i = 0; i < 4; i++)
		printf("  %-6s %10.4f %10.4f %10.4f %8.2f\n", cseg_clv_model_param_name(bg, i), TRUE_BG[i], p[i], se[i],
			(p[i] - TRUE_BG[i]) / se[i]);

	/* Score: 12 monthly periods of 4.345 weeks, 1% a month, 30% margin. */
	cseg_clv_model_new(&gg, CSEG_CLV_GAMMA_GAMMA);
	cseg_clv_model_set_params(gg, TRUE_GG, 3);
	for (int64_t lo = 0; lo < n; lo += chunk) {
		const int64_t m = lo + chunk < n ? chunk : n - lo;
		double t1;
		for (int64_t i = 0; i < m; i++) {
			const double xi = x[lo + i];
			/* zbar | x ~ Gamma(p x, ν x), ν ~ Gamma(q, γ) */
			const double nu = gamma1(&g, TRUE_GG[1]) / TRUE_GG[2];
			zbar[i] = xi > 0 ? gamma1(&g, TRUE_GG[0] * xi) / (nu * xi) : 0.0;
		}
		t1 = now_s();
		c0 = cpu_s();
		if (cseg_clv_expected_purchases(bg, out, 39.0, x + lo, t_x + lo, T + lo, m) != CSEG_OK) {
			fprintf(stderr, "expected: %s\n", cseg_last_error());
			return 1;
		}
		t_exp += now_s() - t1;
		c_exp += cpu_s() - c0;
		t1 = now_s();
		c0 = cpu_s();
		if (cseg_clv_value(bg, gg, out, 12, 4.345, 0.01, 0.3, x + lo, t_x + lo, T + lo, zbar, m) != CSEG_OK) {
			fprintf(stderr, "clv: %s\n", cseg_last_error());
			return 1;
		}
		t_clv += now_s() - t1;
		c_clv += cpu_s() - c0;
		for (int64_t i = 0; i < m; i++)
			total_clv += out[i];
	}
	printf("score E[Y(39 weeks)]: %.2f s wall (%.3g customers/s), %.2f s CPU (%.3g customers/CPU-s)\n", t_exp,
		(double)n / t_exp, c_exp, (double)n / c_exp);
	printf("score CLV (12 months, 1%%/month, margin 0.3): %.2f s wall (%.3g customers/s), %.2f s CPU "
		"(%.3g customers/CPU-s), mean CLV %.2f\n", t_clv, (double)n / t_clv, c_clv, (double)n / c_clv,
		total_clv / (double)n);
	cseg_clv_model_free(bg);
	cseg_clv_model_free(gg);
	free(x);
	free(t_x);
	free(T);
	free(zbar);
	free(out);
	return 0;
}
