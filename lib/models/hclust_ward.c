/* Ward's method by the nearest-neighbour chain (Müllner 2011, section 3.2)
 * on cluster centroids and sizes instead of a distance matrix: the Ward
 * distance of clusters A and B is
 *     d(A, B)^2 = 2 |A||B| / (|A| + |B|) ||c_A - c_B||^2,
 * the value the Lance-Williams update of SciPy's nn_chain reaches, so the
 * heights agree with scipy.cluster.hierarchy.linkage(X, 'ward') while the
 * memory stays O(n d).
 *
 * The chain, its start and its tie-breaking follow SciPy's nn_chain: start
 * at the lowest live cluster, prefer the previous chain element on a tie,
 * otherwise the lowest cluster id; the merged cluster takes the larger id.
 * Live clusters sit in ascending id order in a compacted array (dead slots
 * are squeezed out once they are half of it), so each search is a linear
 * scan split over threads and reduced in thread order: the result does not
 * depend on the thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../core/core.h"
#include "hclust.h"

/* Searches over fewer slots run on the calling thread (see hclust.h). */
int64_t cseg__hclust_par_min = 65536;

/* Centroids are stored by coordinate (ct[j * cap + p]) so the distance loop
 * runs over slots in SIMD lanes; a dead slot has coordinates +inf, so its
 * distance is +inf without a branch. */
typedef struct ward_state {
	int64_t d;
	int64_t na;      /* slots in use (live and dead) */
	int64_t cap;     /* n */
	double *ct;      /* d x cap centroids, by coordinate then slot */
	double *s;       /* size by slot (stays > 0 on dead slots) */
	double *v;       /* scratch: squared Ward distance by slot */
	int64_t *id;     /* cluster id by slot, ascending */
	int64_t *slot;   /* slot by cluster id */
	int nt;
} ward_state;

typedef struct best {
	double v;        /* squared Ward distance */
	int64_t p;       /* slot, -1 when none */
} best;

static int dead(const ward_state *w, int64_t p)
{
	return w->ct[p] == INFINITY;
}

/* Squared Ward distances from the cluster at (cx, sx) to slots [lo, hi),
 * then the smallest, first slot on ties; slot px (itself) is skipped. The
 * sum runs over coordinates in order, so every slot's value is the same
 * whichever range or thread computes it. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
static best scan(const ward_state *w, const double *cx, double sx, int64_t px, int64_t lo,
	int64_t hi)
{
	double *restrict v = w->v;
	const double *restrict s = w->s;
	double m = INFINITY;
	best b = { INFINITY, -1 };

	for (int64_t p = lo; p < hi; p++)
		v[p] = 0.0;
	for (int64_t j = 0; j < w->d; j++) {
		const double *restrict col = w->ct + j * w->cap;
		const double a = cx[j];

		#pragma omp simd
		for (int64_t p = lo; p < hi; p++) {
			double t = a - col[p];
			v[p] += t * t;
		}
	}
	#pragma omp simd reduction(min:m)
	for (int64_t p = lo; p < hi; p++) {
		v[p] = 2.0 * sx * s[p] / (sx + s[p]) * v[p];
		if (p != px && v[p] < m)
			m = v[p];
	}
	if (px >= lo && px < hi)
		v[px] = INFINITY;
	if (m < INFINITY)
		for (int64_t p = lo; p < hi; p++)
			if (v[p] == m) {
				b.v = m;
				b.p = p;
				break;
			}
	return b;
}

/* Nearest neighbour of slot px; on a tie the previous chain element
 * (slot pprev, or -1) wins, then the lowest slot, as SciPy's serial scan
 * with a strict < started from the previous element finds. */
static best nearest(const ward_state *w, int64_t px, int64_t pprev)
{
	double cx[64], *cxp = cx;
	best b;

	if (w->d > 64 && !(cxp = cseg__malloc_array((size_t)w->d, sizeof(double))))
		return (best){ NAN, -2 };
	for (int64_t j = 0; j < w->d; j++)
		cxp[j] = w->ct[j * w->cap + px];
	if (w->nt <= 1 || w->na < cseg__hclust_par_min) {
		b = scan(w, cxp, w->s[px], px, 0, w->na);
	} else {
		best part[64];
		int nt = w->nt < 64 ? w->nt : 64;

		for (int u = 0; u < nt; u++)
			part[u] = (best){ INFINITY, -1 };
		#pragma omp parallel num_threads(nt)
		{
#ifdef _OPENMP
			int t = omp_get_thread_num(), tn = omp_get_num_threads();
#else
			int t = 0, tn = 1;
#endif
			part[t] = scan(w, cxp, w->s[px], px, w->na * t / tn, w->na * (t + 1) / tn);
		}
		b = part[0];
		for (int u = 1; u < nt; u++)
			if (part[u].p >= 0 && (b.p < 0 || part[u].v < b.v))
				b = part[u];
	}
	if (cxp != cx)
		free(cxp);
	if (pprev >= 0 && b.p >= 0 && w->v[pprev] <= b.v) {
		b.v = w->v[pprev];
		b.p = pprev;
	}
	return b;
}

/* Squeeze dead slots out, keeping ascending id order. */
static void compact(ward_state *w)
{
	int64_t q = 0;

	for (int64_t p = 0; p < w->na; p++) {
		if (dead(w, p))
			continue;
		if (q != p) {
			for (int64_t j = 0; j < w->d; j++)
				w->ct[j * w->cap + q] = w->ct[j * w->cap + p];
			w->s[q] = w->s[p];
			w->id[q] = w->id[p];
		}
		w->slot[w->id[q]] = q;
		q++;
	}
	w->na = q;
}

cseg_status cseg__hclust_ward(const double *x, const double *size, int64_t n, int64_t d,
	cseg_progress_fn progress, void *payload, double *z)
{
	ward_state w = { 0 };
	int64_t *chain = NULL, len = 0, n_dead = 0;
	int64_t every = n / 100 > 0 ? n / 100 : 1;
	cseg_status st = CSEG_OK;

	w.d = d;
	w.na = n;
	w.nt = cseg__threads();
	w.cap = n;
	w.ct = cseg__malloc_array((size_t)(n * d), sizeof(double));
	w.s = cseg__malloc_array((size_t)n, sizeof(double));
	w.v = cseg__malloc_array((size_t)n, sizeof(double));
	w.id = cseg__malloc_array((size_t)n, sizeof(int64_t));
	w.slot = cseg__malloc_array((size_t)n, sizeof(int64_t));
	chain = cseg__malloc_array((size_t)n, sizeof(int64_t));
	if (!w.ct || !w.s || !w.v || !w.id || !w.slot || !chain) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for Ward clustering of %lld rows",
			(long long)n);
		goto done;
	}
	for (int64_t i = 0; i < n; i++) {
		for (int64_t j = 0; j < d; j++)
			w.ct[j * n + i] = x[i * d + j];
		w.s[i] = size ? size[i] : 1.0;
		w.id[i] = w.slot[i] = i;
	}
	for (int64_t k = 0; k < n - 1; k++) {
		int64_t cx, cy, px, py;
		double sx, sy, h2;
		best b;

		if (len == 0) {
			for (int64_t p = 0; p < w.na; p++)
				if (!dead(&w, p)) {
					chain[len++] = w.id[p];
					break;
				}
		}
		for (;;) {
			int64_t pprev = len > 1 ? w.slot[chain[len - 2]] : -1;

			px = w.slot[chain[len - 1]];
			b = nearest(&w, px, pprev);
			if (b.p < 0) {
				st = cseg__error(CSEG_E_INTERNAL, "Ward chain found no neighbour at merge "
					"%lld", (long long)k);
				goto done;
			}
			if (len > 1 && b.p == pprev)
				break;
			chain[len++] = w.id[b.p];
		}
		len -= 2;
		h2 = b.v;
		cx = w.id[px];
		cy = w.id[b.p];
		if (cx > cy) {
			int64_t t = cx;
			cx = cy;
			cy = t;
		}
		px = w.slot[cx];
		py = w.slot[cy];
		sx = w.s[px];
		sy = w.s[py];
		z[k * 4 + 0] = (double)cx;
		z[k * 4 + 1] = (double)cy;
		z[k * 4 + 2] = sqrt(h2);
		z[k * 4 + 3] = 0.0;
		/* The merged cluster takes y's id and slot. */
		for (int64_t j = 0; j < d; j++) {
			double *c = w.ct + j * n;

			c[py] = (sx * c[px] + sy * c[py]) / (sx + sy);
			c[px] = INFINITY;
		}
		w.s[py] = sx + sy;
		if (++n_dead > 64 && n_dead * 2 > w.na) {
			compact(&w);
			n_dead = 0;
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
	free(w.ct);
	free(w.s);
	free(w.v);
	free(w.id);
	free(w.slot);
	free(chain);
	return st;
}
