/* Inertia, Calinski-Harabasz and Davies-Bouldin: O(n d + k^2 d) indices
 * built on segment means. */
#include <math.h>
#include <stdlib.h>

#include "../core/core.h"
#include "../data/dataset_internal.h"
#include "eval_internal.h"

/* np.allclose(x, 0) as sklearn uses it: every |x| <= 1e-8. */
#define ALLCLOSE_ATOL 1e-8

/* Mean of each segment (k x d), accumulated as offsets from the segment's
 * first row: exact for a segment of identical rows, which sklearn's zero
 * tests (Calinski-Harabasz, Davies-Bouldin) depend on. */
static cseg_status segment_means(const char *fn, const cseg_dataset *ds, const cseg__labels *lab,
	double **out)
{
	const int64_t n = ds->n_rows, d = ds->n_cols, k = lab->k;
	double *mean = cseg__calloc((size_t)(k * d), sizeof(*mean));
	int64_t *first = cseg__malloc_array((size_t)k, sizeof(*first));

	*out = NULL;
	if (!mean || !first) {
		free(mean);
		free(first);
		return cseg__error(CSEG_E_NOMEM, "%s: no memory for %lld segment means", fn, (long long)k);
	}
	for (int64_t c = 0; c < k; c++)
		first[c] = -1;
	for (int64_t i = 0; i < n; i++) {
		const int64_t c = lab->code[i];
		const double *x = cseg__row(ds, i);
		double *mu = mean + c * d;

		if (first[c] < 0) {
			first[c] = i;
			continue;
		}
		for (int64_t j = 0; j < d; j++)
			mu[j] += x[j] - ds->data[first[c] * d + j];
	}
	for (int64_t c = 0; c < k; c++) {
		const double *x0 = cseg__row(ds, first[c]);
		double *mu = mean + c * d;

		for (int64_t j = 0; j < d; j++)
			mu[j] = x0[j] + mu[j] / (double)lab->count[c];
	}
	free(first);
	*out = mean;
	return CSEG_OK;
}

static double sq_dist(const double *x, const double *y, int64_t d)
{
	double acc = 0.0;

	for (int64_t j = 0; j < d; j++) {
		const double diff = x[j] - y[j];

		acc += diff * diff;
	}
	return acc;
}

/* Sum over rows of the squared distance to the row's segment mean. */
static double within_ss(const cseg_dataset *ds, const cseg__labels *lab, const double *mean)
{
	double acc = 0.0;

	for (int64_t i = 0; i < ds->n_rows; i++)
		acc += sq_dist(cseg__row(ds, i), mean + lab->code[i] * ds->n_cols, ds->n_cols);
	return acc;
}

/* Checks, encoding and means common to the three indices. */
static cseg_status prepare(const char *fn, const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, const double *out, int need_2_to_n1, cseg__labels *lab, double **mean)
{
	cseg_status st;

	*mean = NULL;
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	if ((st = cseg__metric_check(fn, data, labels, n_labels)) != CSEG_OK)
		return st;
	if ((st = cseg__labels_encode(lab, labels, NULL, n_labels)) != CSEG_OK)
		return st;
	if (need_2_to_n1 && (st = cseg__labels_check_count(fn, lab, "rows")) != CSEG_OK) {
		cseg__labels_free(lab);
		return st;
	}
	if ((st = segment_means(fn, data, lab, mean)) != CSEG_OK)
		cseg__labels_free(lab);
	return st;
}

cseg_status cseg_metric_inertia(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out)
{
	cseg__labels lab;
	double *mean;
	cseg_status st;

	st = prepare("cseg_metric_inertia", data, labels, n_labels, out, 0, &lab, &mean);
	if (st != CSEG_OK)
		return st;
	*out = within_ss(data, &lab, mean);
	free(mean);
	cseg__labels_free(&lab);
	return CSEG_OK;
}

cseg_status cseg_metric_calinski_harabasz(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out)
{
	static const char fn[] = "cseg_metric_calinski_harabasz";
	cseg__labels lab;
	double *mean, *grand;
	double extra = 0.0, intra;
	const int64_t n = n_labels, d = data ? data->n_cols : 0;
	cseg_status st;

	st = prepare(fn, data, labels, n_labels, out, 1, &lab, &mean);
	if (st != CSEG_OK)
		return st;
	grand = cseg__calloc((size_t)d, sizeof(*grand));
	if (!grand) {
		free(mean);
		cseg__labels_free(&lab);
		return cseg__error(CSEG_E_NOMEM, "%s: no memory for the overall mean", fn);
	}
	/* Overall mean as offsets from row 0, like the segment means. */
	for (int64_t i = 1; i < n; i++)
		for (int64_t j = 0; j < d; j++)
			grand[j] += data->data[i * d + j] - data->data[j];
	for (int64_t j = 0; j < d; j++)
		grand[j] = data->data[j] + grand[j] / (double)n;
	for (int64_t c = 0; c < lab.k; c++)
		extra += (double)lab.count[c] * sq_dist(mean + c * d, grand, d);
	intra = within_ss(data, &lab, mean);
	/* sklearn returns 1.0 when every segment is a single point repeated. */
	*out = intra == 0.0 ? 1.0
		: extra * (double)(n - lab.k) / (intra * ((double)lab.k - 1.0));
	free(grand);
	free(mean);
	cseg__labels_free(&lab);
	return CSEG_OK;
}

cseg_status cseg_metric_davies_bouldin(const cseg_dataset *data, const int64_t *labels,
	int64_t n_labels, double *out)
{
	static const char fn[] = "cseg_metric_davies_bouldin";
	cseg__labels lab;
	double *mean, *spread;
	const int64_t d = data ? data->n_cols : 0;
	int spread_zero = 1, centers_zero = 1;
	double total = 0.0;
	cseg_status st;

	st = prepare(fn, data, labels, n_labels, out, 1, &lab, &mean);
	if (st != CSEG_OK)
		return st;
	spread = cseg__calloc((size_t)lab.k, sizeof(*spread));
	if (!spread) {
		free(mean);
		cseg__labels_free(&lab);
		return cseg__error(CSEG_E_NOMEM, "%s: no memory for %lld spreads", fn, (long long)lab.k);
	}
	/* s_c: mean distance of a segment's rows to its centroid. */
	for (int64_t i = 0; i < n_labels; i++) {
		const int64_t c = lab.code[i];

		spread[c] += sqrt(sq_dist(cseg__row(data, i), mean + c * d, d));
	}
	for (int64_t c = 0; c < lab.k; c++) {
		spread[c] /= (double)lab.count[c];
		if (fabs(spread[c]) > ALLCLOSE_ATOL)
			spread_zero = 0;
	}
	for (int64_t c = 0; c < lab.k && centers_zero; c++)
		for (int64_t e = c + 1; e < lab.k; e++)
			if (sqrt(sq_dist(mean + c * d, mean + e * d, d)) > ALLCLOSE_ATOL) {
				centers_zero = 0;
				break;
			}
	if (!spread_zero && !centers_zero) {
		for (int64_t c = 0; c < lab.k; c++) {
			double worst = 0.0;

			/* Coincident centroids are skipped, as sklearn's d = inf does. */
			for (int64_t e = 0; e < lab.k; e++) {
				const double dist = sqrt(sq_dist(mean + c * d, mean + e * d, d));

				if (e != c && dist > 0.0 && (spread[c] + spread[e]) / dist > worst)
					worst = (spread[c] + spread[e]) / dist;
			}
			total += worst;
		}
		*out = total / (double)lab.k;
	} else {
		*out = 0.0;
	}
	free(spread);
	free(mean);
	cseg__labels_free(&lab);
	return CSEG_OK;
}
