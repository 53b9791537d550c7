/* Public silhouette functions: argument checks, sampling, the mean. */
#include <math.h>
#include <stdlib.h>

#include "../core/core.h"
#include "../data/dataset_internal.h"
#include "eval_internal.h"

/* Neumaier-compensated mean: coefficients of both signs may nearly cancel. */
static double mean_of(const double *x, int64_t n)
{
	double sum = 0.0, comp = 0.0;

	for (int64_t i = 0; i < n; i++) {
		const double t = sum + x[i];

		if (fabs(sum) >= fabs(x[i]))
			comp += (sum - t) + x[i];
		else
			comp += (x[i] - t) + sum;
		sum = t;
	}
	return (sum + comp) / (double)n;
}

/* sample_size distinct rows by a partial Fisher-Yates shuffle. */
static int64_t *draw_sample(int64_t n, int64_t sample_size, int64_t seed)
{
	int64_t *idx = cseg__malloc_array((size_t)n, sizeof(*idx));
	cseg__rng rng;

	if (!idx)
		return NULL;
	for (int64_t i = 0; i < n; i++)
		idx[i] = i;
	cseg__rng_seed(&rng, (uint64_t)seed);
	for (int64_t i = 0; i < sample_size; i++) {
		const int64_t j = i + (int64_t)cseg__rng_below(&rng, (uint64_t)(n - i));
		const int64_t t = idx[i];

		idx[i] = idx[j];
		idx[j] = t;
	}
	return idx;
}

cseg_status cseg_metric_silhouette(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, int64_t sample_size, int64_t seed, double *out)
{
	static const char fn[] = "cseg_metric_silhouette";
	cseg__labels lab;
	int64_t *sample = NULL;
	double *s = NULL;
	int64_t m;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	if ((st = cseg__metric_check(fn, data, labels, n_labels)) != CSEG_OK)
		return st;
	if (sample_size != 0 && (sample_size < 2 || sample_size > data->n_rows))
		return cseg__error(CSEG_E_INVALID_ARG,
			"%s: sample_size is %lld; use 0 for all rows or 2 to %lld",
			fn, (long long)sample_size, (long long)data->n_rows);
	if (seed < 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: seed is %lld; must be >= 0",
			fn, (long long)seed);

	m = sample_size ? sample_size : data->n_rows;
	if (sample_size) {
		sample = draw_sample(data->n_rows, sample_size, seed);
		if (!sample)
			return cseg__error(CSEG_E_NOMEM, "%s: no memory for the sample", fn);
	}
	if ((st = cseg__labels_encode(&lab, labels, sample, m)) != CSEG_OK)
		goto done;
	if ((st = cseg__labels_check_count(fn, &lab, sample ? "sample_size" : "rows")) != CSEG_OK)
		goto done;
	s = cseg__malloc_array((size_t)m, sizeof(*s));
	if (!s) {
		st = cseg__error(CSEG_E_NOMEM, "%s: no memory for %lld coefficients", fn, (long long)m);
		goto done;
	}
	if ((st = cseg__silhouette_rows(data, sample, &lab, s)) != CSEG_OK)
		goto done;
	*out = mean_of(s, m);
done:
	cseg__labels_free(&lab);
	free(sample);
	free(s);
	return st;
}

cseg_status cseg_metric_silhouette_samples(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out, int64_t n_out)
{
	static const char fn[] = "cseg_metric_silhouette_samples";
	cseg__labels lab;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	if ((st = cseg__metric_check(fn, data, labels, n_labels)) != CSEG_OK)
		return st;
	if (n_out != data->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out (%lld) must equal the dataset's rows (%lld)",
			fn, (long long)n_out, (long long)data->n_rows);
	if ((st = cseg__labels_encode(&lab, labels, NULL, data->n_rows)) != CSEG_OK)
		return st;
	if ((st = cseg__labels_check_count(fn, &lab, "rows")) == CSEG_OK)
		st = cseg__silhouette_rows(data, NULL, &lab, out);
	cseg__labels_free(&lab);
	return st;
}
