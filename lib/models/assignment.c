/* Assignment handles: plain arrays filled by the algorithms. */
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "model_internal.h"

cseg_status cseg__assignment_new(cseg_assignment **out, int64_t n_rows)
{
	cseg_assignment *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (!a)
		return cseg__error(CSEG_E_NOMEM, "out of memory allocating an assignment");
	a->n_rows = n_rows;
	a->labels = cseg__malloc_array((size_t)n_rows, sizeof(int64_t));
	a->runner_up = cseg__malloc_array((size_t)n_rows, sizeof(int64_t));
	a->distances = cseg__malloc_array((size_t)n_rows, sizeof(double));
	a->margins = cseg__malloc_array((size_t)n_rows, sizeof(double));
	a->confidence = cseg__malloc_array((size_t)n_rows, sizeof(double));
	a->borderline = cseg__calloc((size_t)n_rows, 1);
	if (!a->labels || !a->runner_up || !a->distances || !a->margins || !a->confidence ||
	    !a->borderline) {
		a->n_rows = 0;
		cseg__handle_created(); /* balanced by the free below */
		cseg_assignment_free(a);
		return cseg__error(CSEG_E_NOMEM, "out of memory allocating an assignment of %lld rows",
			(long long)n_rows);
	}
	cseg__handle_created();
	*out = a;
	return CSEG_OK;
}

void cseg_assignment_free(cseg_assignment *a)
{
	if (!a)
		return;
	free(a->labels);
	free(a->runner_up);
	free(a->distances);
	free(a->margins);
	free(a->confidence);
	free(a->borderline);
	free(a);
	cseg__handle_freed();
}

int64_t cseg_assignment_n_rows(const cseg_assignment *a)
{
	return a ? a->n_rows : -1;
}

static cseg_status check_copy(const cseg_assignment *a, const void *out, int64_t n_out)
{
	if (!a)
		return cseg__error(CSEG_E_INVALID_ARG, "assignment is NULL");
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	if (n_out != a->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but the assignment has %lld rows",
			(long long)n_out, (long long)a->n_rows);
	return CSEG_OK;
}

cseg_status cseg_assignment_get_labels(const cseg_assignment *a, int64_t *out, int64_t n_out)
{
	cseg_status st = check_copy(a, out, n_out);
	if (st == CSEG_OK)
		memcpy(out, a->labels, (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_assignment_get_runner_up(const cseg_assignment *a, int64_t *out, int64_t n_out)
{
	cseg_status st = check_copy(a, out, n_out);
	if (st == CSEG_OK)
		memcpy(out, a->runner_up, (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_assignment_get_distances(const cseg_assignment *a, double *out, int64_t n_out)
{
	cseg_status st = check_copy(a, out, n_out);
	if (st == CSEG_OK)
		memcpy(out, a->distances, (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_assignment_get_margins(const cseg_assignment *a, double *out, int64_t n_out)
{
	cseg_status st = check_copy(a, out, n_out);
	if (st == CSEG_OK)
		memcpy(out, a->margins, (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_assignment_get_confidence(const cseg_assignment *a, double *out, int64_t n_out)
{
	cseg_status st = check_copy(a, out, n_out);
	if (st == CSEG_OK)
		memcpy(out, a->confidence, (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_assignment_get_borderline(const cseg_assignment *a, int64_t *out, int64_t n_out)
{
	cseg_status st = check_copy(a, out, n_out);
	if (st == CSEG_OK)
		for (int64_t i = 0; i < n_out; i++)
			out[i] = a->borderline[i];
	return st;
}

double cseg__centroid_confidence(double distance, double margin)
{
	double far = distance + margin;

	/* Equidistant from both (including both at distance 0): no preference. */
	return far > 0 ? margin / far : 0.0;
}

void cseg__assignment_centroid_confidence(const cseg_model *m, cseg_assignment *a)
{
	double threshold = m->params.borderline_margin;

	for (int64_t i = 0; i < a->n_rows; i++) {
		double c = a->runner_up[i] < 0 ? (a->labels[i] < 0 ? 0.0 : 1.0)
			: cseg__centroid_confidence(a->distances[i], a->margins[i]);
		a->confidence[i] = c;
		a->borderline[i] = c < threshold;
	}
}
