/* Complete and average linkage: the nearest-neighbour chain on the
 * condensed distance matrix with Lance-Williams updates, step for step as
 * SciPy's nn_chain (same scan order, tie-breaking and update formulas), so
 * the merges are SciPy's to the last bit. The matrix is n(n-1)/2 doubles:
 * the caller's budget is checked before allocating. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "hclust.h"

static inline size_t cidx(int64_t n, int64_t i, int64_t j)
{
	if (i > j) {
		int64_t t = i;
		i = j;
		j = t;
	}
	return (size_t)n * (size_t)i - ((size_t)i * (size_t)(i + 1)) / 2 + (size_t)(j - i - 1);
}

cseg_status cseg__hclust_matrix(const double *x, const double *size, int64_t n, int64_t d,
	cseg_linkage linkage, double max_bytes, cseg_progress_fn progress, void *payload, double *z)
{
	double need = (double)n * (double)(n - 1) / 2.0 * (double)sizeof(double);
	int64_t every = n / 100 > 0 ? n / 100 : 1, len = 0;
	double *D, *s;
	int64_t *chain;
	cseg_status st = CSEG_OK;

	if (need > max_bytes)
		return cseg__error(CSEG_E_NOMEM, "%s linkage on %lld rows needs %.0f bytes (%.1f MiB) "
			"for the condensed distance matrix, above max_memory_mb = %.0f: raise it, or use "
			"Ward or single linkage (O(n d) memory)", cseg_linkage_name(linkage), (long long)n,
			need, need / 1048576.0, max_bytes / 1048576.0);
	if (need > (double)SIZE_MAX / 2)
		return cseg__error(CSEG_E_NOMEM, "%s linkage on %lld rows needs %.0f bytes",
			cseg_linkage_name(linkage), (long long)n, need);
	D = cseg__malloc_array((size_t)n * (size_t)(n - 1) / 2, sizeof(double));
	s = cseg__malloc_array((size_t)n, sizeof(double));
	chain = cseg__malloc_array((size_t)n, sizeof(int64_t));
	if (!D || !s || !chain) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory: %s linkage on %lld rows needs %.0f "
			"bytes for the condensed distance matrix", cseg_linkage_name(linkage),
			(long long)n, need);
		goto done;
	}
	#pragma omp parallel for schedule(dynamic, 64) num_threads(cseg__threads()) if (n > 2000)
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = i + 1; j < n; j++)
			D[cidx(n, i, j)] = cseg__hc_dist(x + i * d, x + j * d, d);
	for (int64_t i = 0; i < n; i++)
		s[i] = size ? size[i] : 1.0;

	for (int64_t k = 0; k < n - 1; k++) {
		int64_t xi = 0, yi = 0;
		double cur = INFINITY, nx, ny;

		if (len == 0) {
			for (int64_t i = 0; i < n; i++)
				if (s[i] > 0) {
					chain[len++] = i;
					break;
				}
		}
		for (;;) {
			xi = chain[len - 1];
			if (len > 1) {
				yi = chain[len - 2];
				cur = D[cidx(n, xi, yi)];
			} else {
				cur = INFINITY;
			}
			for (int64_t i = 0; i < n; i++) {
				double v;

				if (s[i] == 0 || i == xi)
					continue;
				v = D[cidx(n, xi, i)];
				if (v < cur) {
					cur = v;
					yi = i;
				}
			}
			if (len > 1 && yi == chain[len - 2])
				break;
			chain[len++] = yi;
		}
		len -= 2;
		if (xi > yi) {
			int64_t t = xi;
			xi = yi;
			yi = t;
		}
		nx = s[xi];
		ny = s[yi];
		z[k * 4 + 0] = (double)xi;
		z[k * 4 + 1] = (double)yi;
		z[k * 4 + 2] = cur;
		z[k * 4 + 3] = 0.0;
		s[xi] = 0;
		s[yi] = nx + ny;
		for (int64_t i = 0; i < n; i++) {
			size_t iy;

			if (s[i] == 0 || i == yi)
				continue;
			iy = cidx(n, i, yi);
			if (linkage == CSEG_LINKAGE_COMPLETE) {
				double a = D[cidx(n, i, xi)], b = D[iy];
				D[iy] = a > b ? a : b;
			} else {
				D[iy] = (nx * D[cidx(n, i, xi)] + ny * D[iy]) / (nx + ny);
			}
		}
		if (progress && (k + 1) % every == 0 && progress((double)(k + 1) / (double)(n - 1),
		    payload) != 0) {
			st = cseg__error(CSEG_E_CANCELLED, "hierarchical clustering cancelled by the "
				"progress callback after %lld of %lld merges", (long long)(k + 1),
				(long long)(n - 1));
			break;
		}
	}
done:
	free(D);
	free(s);
	free(chain);
	return st;
}
