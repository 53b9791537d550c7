/* Single linkage by Prim's minimum spanning tree with distances computed on
 * the fly: O(n^2 d) time, O(n) memory. As SciPy's mst_single_linkage, each
 * step records (last node added, next node, its distance to the tree);
 * sorting and relabelling turn that into the single-linkage dendrogram
 * (Müllner 2011, section 3.3). The scan over the nodes left is split over
 * threads and reduced in order (lowest index on ties), as the serial scan. */
#include <math.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../core/core.h"
#include "hclust.h"

typedef struct cand {
	double v;
	int64_t i;
} cand;

/* Update the distances to the tree of nodes [lo, hi) from node x. */
static cand update(const double *pts, int64_t d, int64_t x, const unsigned char *merged,
	double *D, int64_t lo, int64_t hi)
{
	cand c = { INFINITY, -1 };

	for (int64_t i = lo; i < hi; i++) {
		double v;

		if (merged[i])
			continue;
		v = cseg__hc_dist(pts + x * d, pts + i * d, d);
		if (D[i] > v)
			D[i] = v;
		if (D[i] < c.v) {
			c.v = D[i];
			c.i = i;
		}
	}
	return c;
}

cseg_status cseg__hclust_single(const double *pts, int64_t n, int64_t d,
	cseg_progress_fn progress, void *payload, double *z)
{
	double *D = cseg__malloc_array((size_t)n, sizeof(double));
	unsigned char *merged = cseg__calloc((size_t)n, 1);
	int64_t every = n / 100 > 0 ? n / 100 : 1, x = 0;
	int nt = cseg__threads() < 64 ? cseg__threads() : 64;
	cseg_status st = CSEG_OK;

	if (!D || !merged) {
		free(D);
		free(merged);
		return cseg__error(CSEG_E_NOMEM, "out of memory for single linkage on %lld rows",
			(long long)n);
	}
	for (int64_t i = 0; i < n; i++)
		D[i] = INFINITY;
	for (int64_t k = 0; k < n - 1; k++) {
		cand c;

		merged[x] = 1;
		if (nt <= 1 || n - k < cseg__hclust_par_min) {
			c = update(pts, d, x, merged, D, 0, n);
		} else {
			cand part[64];

			#pragma omp parallel num_threads(nt)
			{
#ifdef _OPENMP
				int t = omp_get_thread_num(), tn = omp_get_num_threads();
#else
				int t = 0, tn = 1;
#endif
				part[t] = update(pts, d, x, merged, D, n * t / tn, n * (t + 1) / tn);
				if (t == 0)
					for (int u = tn; u < nt; u++)
						part[u] = (cand){ INFINITY, -1 };
			}
			c = part[0];
			for (int u = 1; u < nt; u++)
				if (part[u].i >= 0 && (c.i < 0 || part[u].v < c.v))
					c = part[u];
		}
		if (c.i < 0) {
			st = cseg__error(CSEG_E_INTERNAL, "single linkage found no node at merge %lld",
				(long long)k);
			break;
		}
		z[k * 4 + 0] = (double)x;
		z[k * 4 + 1] = (double)c.i;
		z[k * 4 + 2] = c.v;
		z[k * 4 + 3] = 0.0;
		x = c.i;
		if (progress && (k + 1) % every == 0 && progress((double)(k + 1) / (double)(n - 1),
		    payload) != 0) {
			st = cseg__error(CSEG_E_CANCELLED, "hierarchical clustering cancelled by the "
				"progress callback after %lld of %lld merges", (long long)(k + 1),
				(long long)(n - 1));
			break;
		}
	}
	free(D);
	free(merged);
	return st;
}
