/* Deterministic report inputs for the tests (see sample_input.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample_input.h"

static uint64_t rng_state;

static double uniform(void)
{
	/* xorshift64*: enough for test pictures, identical on every platform */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (double)((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static double normal(void)
{
	double u = uniform(), v = uniform();
	return sqrt(-2 * log(u > 1e-300 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

static char **names(int64_t n, const char *const *known, int64_t n_known, const char *pattern)
{
	char **out = calloc((size_t)n + 1, sizeof(char *));

	for (int64_t i = 0; out && i < n; i++) {
		char buf[64];
		if (i < n_known)
			snprintf(buf, sizeof(buf), "%s", known[i]);
		else
			snprintf(buf, sizeof(buf), pattern, (long long)(i + 1));
		if (!(out[i] = strdup(buf)))
			return out;  /* sample_build notices the NULL */
	}
	return out;
}

static int names_ok(char **list, int64_t n)
{
	if (!list)
		return 0;
	for (int64_t i = 0; i < n; i++)
		if (!list[i])
			return 0;
	return 1;
}

int sample_build(sample *s, int64_t k, int64_t d, int64_t n)
{
	static const char *const segments[] = {
		"Champions", "Loyal customers", "Potential loyalists", "New customers", "At risk",
		"Can't lose them", "Hibernating", "Lost",
	};
	static const char *const features[] = {
		"recency_days", "frequency", "monetary", "avg_order_value", "tenure_days",
		"share_online", "share_store", "return_rate",
	};
	static const char *const buckets[] = { "0", "1", "2", "3", "4", "5", "6", "7+" };
	int64_t n_k = (k > 8 ? k : 8) + 2 - 1, total = 0;

	memset(s, 0, sizeof(*s));
	rng_state = 0x9E3779B97F4A7C15ULL;
	s->segment_names = names(k, segments, 8, "Segment %lld");
	s->feature_names = names(d, features, 8, "feature_%lld");
	s->holdout_labels = names(8, buckets, 8, "%lld");
	s->sizes = calloc((size_t)k + 1, sizeof(int64_t));
	s->index = calloc((size_t)(k * d) + 1, sizeof(double));
	s->mean = calloc((size_t)(k * d) + 1, sizeof(double));
	s->px = calloc((size_t)n + 1, sizeof(double));
	s->py = calloc((size_t)n + 1, sizeof(double));
	s->labels = calloc((size_t)n + 1, sizeof(int64_t));
	s->alive = calloc(20, sizeof(int64_t));
	s->actual = calloc(8, sizeof(double));
	s->predicted = calloc(8, sizeof(double));
	s->k_values = calloc((size_t)n_k, sizeof(int64_t));
	s->inertia = calloc((size_t)n_k, sizeof(double));
	s->silhouette = calloc((size_t)n_k, sizeof(double));
	s->calinski = calloc((size_t)n_k, sizeof(double));
	s->gap = calloc((size_t)n_k, sizeof(double));
	s->bic = calloc((size_t)n_k, sizeof(double));
	if (!names_ok(s->segment_names, k) || !names_ok(s->feature_names, d) ||
	    !names_ok(s->holdout_labels, 8) || !s->sizes || !s->index || !s->mean || !s->px ||
	    !s->py || !s->labels || !s->alive || !s->actual || !s->predicted || !s->k_values ||
	    !s->inertia || !s->silhouette || !s->calinski || !s->gap || !s->bic) {
		sample_free(s);
		return -1;
	}

	for (int64_t j = 0; j < k; j++) {
		s->sizes[j] = (int64_t)(4000 * exp(-0.25 * (double)j) + 150 * uniform());
		total += s->sizes[j];
		for (int64_t f = 0; f < d; f++) {
			double v = 100 * exp(0.55 * normal());
			s->index[j * d + f] = v;
			s->mean[j * d + f] = v / 100 * (10 + 7 * (double)f);
		}
	}
	for (int64_t i = 0; i < n; i++) {
		/* draw a segment in proportion to its size */
		double u = uniform() * (double)total, acc = 0;
		int64_t g = 0;
		while (g < k - 1 && (acc += (double)s->sizes[g]) < u)
			g++;
		double angle = 6.283185307179586 * (double)g / (double)(k > 0 ? k : 1);
		s->labels[i] = i % 97 == 96 ? -1 : g;
		s->px[i] = 3.2 * cos(angle) + 0.9 * normal();
		s->py[i] = 2.0 * sin(angle) + 0.7 * normal();
	}
	for (int r = 0; r < 5; r++)
		for (int f = 0; f < 5; f++) {
			s->rfm_counts[r * 5 + f] = (int64_t)(40 + 900 * exp(-0.5 * (r - f) * (r - f)) * (1 + r) / 5);
			s->rfm_monetary[r * 5 + f] = 20 + 35.5 * (f + 1) * (1 + 0.1 * r);
		}
	for (int b = 0; b < 20; b++) {
		double x = (b + 0.5) / 20;
		s->alive[b] = (int64_t)(3000 * pow(x, 6) + 900 * pow(1 - x, 3) + 60);
	}
	for (int b = 0; b < 8; b++) {
		s->actual[b] = 0.18 + 0.47 * b + 0.08 * normal();
		s->predicted[b] = 0.22 + 0.45 * b;
	}
	for (int64_t i = 0; i < n_k; i++) {
		double kv = (double)(i + 2), best = (double)(k >= 2 ? k : 4);
		s->k_values[i] = i + 2;
		s->inertia[i] = 52000 / pow(kv, 0.9);
		s->silhouette[i] = 0.55 - 0.02 * (kv - best) * (kv - best);
		s->calinski[i] = 4200 - 60 * (kv - best) * (kv - best);
		s->gap[i] = 1.1 - 0.6 * exp(-(kv - 1) / 2);
		s->bic[i] = 91000 + 800 * (kv - best) * (kv - best);
	}
	s->params[0] = (report_kv){ "input", "data/cdnow_transactions.csv" };
	s->params[1] = (report_kv){ "algorithm", "k-means (k-means++ init, 10 restarts)" };
	s->params[2] = (report_kv){ "seed", "42" };
	s->params[3] = (report_kv){ "as-of date", "1998-06-30" };
	s->params[4] = (report_kv){ "customers", "23,570" };
	s->params[5] = (report_kv){ "data fingerprint", "sha256:6f1ed002ab5595859014ebf0951522d9" };

	s->in = (cseg_report_input){
		.title = "CDNOW customers as of 1998-06-30",
		.params = s->params, .n_params = 6,
		.k = k, .segment_names = (const char *const *)s->segment_names, .segment_sizes = s->sizes,
		.d = d, .feature_names = (const char *const *)s->feature_names,
		.profile_index = s->index, .profile_mean = s->mean,
		.rfm_counts = s->rfm_counts, .rfm_monetary = s->rfm_monetary,
		.n_points = n, .pca_x = s->px, .pca_y = s->py, .pca_label = s->labels,
		.pca_explained = { 0.412, 0.187 },
		.n_alive_bins = 20, .alive_counts = s->alive,
		.n_holdout_buckets = 8, .holdout_labels = (const char *const *)s->holdout_labels,
		.holdout_actual = s->actual, .holdout_predicted = s->predicted,
		.n_k = n_k, .k_values = s->k_values, .k_inertia = s->inertia,
		.k_silhouette = s->silhouette, .k_calinski = s->calinski, .k_gap = s->gap, .k_bic = s->bic,
		.k_chosen = k,
	};
	return 0;
}

static void free_names(char **list)
{
	if (!list)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

void sample_free(sample *s)
{
	free_names(s->segment_names);
	free_names(s->feature_names);
	free_names(s->holdout_labels);
	free(s->sizes);
	free(s->labels);
	free(s->alive);
	free(s->k_values);
	free(s->index);
	free(s->mean);
	free(s->px);
	free(s->py);
	free(s->actual);
	free(s->predicted);
	free(s->inertia);
	free(s->silhouette);
	free(s->calinski);
	free(s->gap);
	free(s->bic);
	memset(s, 0, sizeof(*s));
}
