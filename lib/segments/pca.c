/* PCA by LAPACK's SVD of the centred data, with scikit-learn's sign
 * convention so the components match it exactly. Only V^T is computed
 * (dgesvd, jobu = 'N') on a column-major copy, so the extra memory is one
 * copy of the data: no U, and no transposed copies inside LAPACKE. */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "data/dataset_internal.h"
#include "cseg/cseg_pca.h"

struct cseg_pca {
	int64_t m, d;
	double *components; /* m x d */
	double *variance, *ratio, *singular; /* m each */
	double *mean;       /* d */
};

void cseg_pca_free(cseg_pca *pca)
{
	if (!pca)
		return;
	free(pca->components);
	free(pca->variance);
	free(pca->ratio);
	free(pca->singular);
	free(pca->mean);
	free(pca);
	cseg__handle_freed();
}

cseg_status cseg_pca_new(cseg_pca **out, const cseg_dataset *data, int64_t n_components)
{
	const char *fn = "cseg_pca_new";
	int64_t n, d, r, m;
	double *a = NULL, *vt = NULL, *s = NULL, *superb = NULL, total = 0;
	cseg_pca *pca = NULL;
	cseg_status st;
	lapack_int info;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: data is NULL", fn);
	if ((st = cseg__dataset_check_complete(data, "data")) != CSEG_OK)
		return st;
	n = data->n_rows;
	d = data->n_cols;
	if (n < 2)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: data has %lld row; PCA needs at least 2",
			fn, (long long)n);
	r = n < d ? n : d;
	if (n_components < 0 || n_components > r)
		return cseg__error(CSEG_E_INVALID_ARG,
			"%s: n_components = %lld; valid values are 0 (all) to min(rows, features) = %lld",
			fn, (long long)n_components, (long long)r);
	if (n > INT32_MAX || d > INT32_MAX)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %lld x %lld is too large for LAPACK's 32-bit indices",
			fn, (long long)n, (long long)d);
	m = n_components ? n_components : r;

	pca = cseg__calloc(1, sizeof(*pca));
	if (!pca)
		return cseg__error(CSEG_E_NOMEM, "%s: no memory for a PCA", fn);
	cseg__handle_created();
	pca->m = m;
	pca->d = d;
	pca->components = cseg__malloc_array((size_t)(m * d), sizeof(double));
	pca->variance = cseg__malloc_array((size_t)m, sizeof(double));
	pca->ratio = cseg__malloc_array((size_t)m, sizeof(double));
	pca->singular = cseg__malloc_array((size_t)m, sizeof(double));
	pca->mean = cseg__calloc((size_t)d, sizeof(double));
	a = cseg__malloc_array((size_t)n * (size_t)d, sizeof(double));
	vt = cseg__malloc_array((size_t)r * (size_t)d, sizeof(double));
	s = cseg__malloc_array((size_t)r, sizeof(double));
	superb = cseg__malloc_array((size_t)r, sizeof(double));
	if (!pca->components || !pca->variance || !pca->ratio || !pca->singular || !pca->mean
			|| !a || !vt || !s || !superb) {
		st = cseg__error(CSEG_E_NOMEM, "%s: no memory for the SVD of a %lld x %lld matrix",
			fn, (long long)n, (long long)d);
		goto done;
	}
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < d; j++)
			pca->mean[j] += cseg__row(data, i)[j];
	for (int64_t j = 0; j < d; j++)
		pca->mean[j] /= (double)n;
	/* Column-major: a[j * n + i]. */
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < d; j++)
			a[j * n + i] = cseg__row(data, i)[j] - pca->mean[j];

	info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'S', (lapack_int)n, (lapack_int)d, a, (lapack_int)n,
		s, NULL, 1, vt, (lapack_int)r, superb);
	if (info > 0) {
		st = cseg__error(CSEG_E_NOT_CONVERGED, "%s: the SVD did not converge (LAPACK dgesvd info %d)",
			fn, (int)info);
		goto done;
	}
	if (info < 0) {
		st = info == LAPACK_WORK_MEMORY_ERROR || info == LAPACK_TRANSPOSE_MEMORY_ERROR
			? cseg__error(CSEG_E_NOMEM, "%s: LAPACK ran out of memory", fn)
			: cseg__error(CSEG_E_INTERNAL, "%s: LAPACK dgesvd rejected argument %d", fn, (int)-info);
		goto done;
	}
	/* svd_flip (U-based): the largest |U[i, c]| of each column is made
	 * positive. U[:, c] = Xc v_c / s_c, so the row of the largest |score|
	 * decides (the first such row, as numpy's argmax). */
	for (int64_t c = 0; c < m; c++) {
		double best = -1, sign = 1;

		for (int64_t i = 0; i < n; i++) {
			const double *x = cseg__row(data, i);
			double score = 0;

			for (int64_t j = 0; j < d; j++)
				score += (x[j] - pca->mean[j]) * vt[j * r + c];
			if (fabs(score) > best) {
				best = fabs(score);
				sign = score < 0 ? -1 : 1;
			}
		}
		for (int64_t j = 0; j < d; j++)
			pca->components[c * d + j] = sign * vt[j * r + c];
	}
	for (int64_t c = 0; c < r; c++)
		total += s[c] * s[c] / (double)(n - 1);
	for (int64_t c = 0; c < m; c++) {
		pca->singular[c] = s[c];
		pca->variance[c] = s[c] * s[c] / (double)(n - 1);
		pca->ratio[c] = total > 0 ? pca->variance[c] / total : 0.0;
	}
	st = CSEG_OK;
done:
	free(a);
	free(vt);
	free(s);
	free(superb);
	if (st != CSEG_OK) {
		cseg_pca_free(pca);
		return st;
	}
	*out = pca;
	return CSEG_OK;
}

int64_t cseg_pca_n_components(const cseg_pca *pca)
{
	return pca ? pca->m : -1;
}

int64_t cseg_pca_n_features(const cseg_pca *pca)
{
	return pca ? pca->d : -1;
}

cseg_status cseg_pca_get(const cseg_pca *pca, int what, double *out, int64_t n_out)
{
	const char *fn = "cseg_pca_get";
	const double *src;
	int64_t n;

	if (!pca || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, pca ? "out" : "pca");
	switch (what) {
	case CSEG_PCA_COMPONENTS: src = pca->components; n = pca->m * pca->d; break;
	case CSEG_PCA_EXPLAINED_VARIANCE: src = pca->variance; n = pca->m; break;
	case CSEG_PCA_EXPLAINED_RATIO: src = pca->ratio; n = pca->m; break;
	case CSEG_PCA_SINGULAR_VALUES: src = pca->singular; n = pca->m; break;
	case CSEG_PCA_MEAN: src = pca->mean; n = pca->d; break;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: unknown result %d", fn, what);
	}
	if (n_out != n)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out (%lld) must be %lld for result %d",
			fn, (long long)n_out, (long long)n, what);
	memcpy(out, src, (size_t)n * sizeof(*out));
	return CSEG_OK;
}

cseg_status cseg_pca_transform(const cseg_pca *pca, const cseg_dataset *data, double *out, int64_t n_out)
{
	const char *fn = "cseg_pca_transform";
	cseg_status st;
	int64_t n, d, m;

	if (!pca || !data || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn,
			!pca ? "pca" : !data ? "data" : "out");
	if ((st = cseg__dataset_check_complete(data, "data")) != CSEG_OK)
		return st;
	n = data->n_rows;
	d = pca->d;
	m = pca->m;
	if (data->n_cols != d)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: data has %lld features; the PCA was fitted on %lld",
			fn, (long long)data->n_cols, (long long)d);
	if (n_out != n * m)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out (%lld) must equal rows * components (%lld)",
			fn, (long long)n_out, (long long)(n * m));
	for (int64_t i = 0; i < n; i++) {
		const double *x = cseg__row(data, i);

		for (int64_t c = 0; c < m; c++) {
			const double *v = pca->components + c * d;
			double acc = 0;

			for (int64_t j = 0; j < d; j++)
				acc += (x[j] - pca->mean[j]) * v[j];
			out[i * m + c] = acc;
		}
	}
	return CSEG_OK;
}
