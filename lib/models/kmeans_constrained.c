/* k-means with minimum and maximum segment sizes (Bradley, Bennett &
 * Demiriz 2000): the assignment step is a transportation problem, solved
 * exactly here by successive shortest paths on the small graph of segments.
 * Moving one customer i from segment a to b changes the cost by
 * w_i (D_ib - D_ia); the edge a -> b carries the cheapest such move. An
 * assignment is optimal for its constraints when no chain of moves from a
 * segment that may shrink to one that may grow, and no cycle of moves,
 * lowers the cost (the residual graph of the flow has no negative cycle).
 * Cost per augmentation: O(n k) to price the edges plus O(k^3) for
 * Bellman-Ford; memory O(n k) for the distances. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "kmeans.h"
#include "kmeans_internal.h"
#include "kmeans_constrained.h"

typedef struct flow {
	int64_t n, k, lo, hi;   /* hi = n when there is no maximum */
	const double *cost;     /* n x k: w_i * squared distance */
	int64_t *lab, *size;
	double *edge;           /* k x k cheapest move a -> b */
	int64_t *arg;           /* k x k the customer making it */
	double *dist;
	int64_t *pred;
} flow;

/* Price every edge from the current assignment. */
static void price_edges(flow *f)
{
	const int64_t k = f->k;

	for (int64_t e = 0; e < k * k; e++) {
		f->edge[e] = INFINITY;
		f->arg[e] = -1;
	}
	for (int64_t i = 0; i < f->n; i++) {
		const int64_t a = f->lab[i];
		const double *c = f->cost + i * k;
		for (int64_t b = 0; b < k; b++) {
			const double delta = c[b] - c[a];
			if (b != a && delta < f->edge[a * k + b]) {
				f->edge[a * k + b] = delta;
				f->arg[a * k + b] = i;
			}
		}
	}
}

/* Bellman-Ford from every source at distance 0. Returns a node on a
 * negative cycle, or -1. */
static int64_t shortest_paths(flow *f, const unsigned char *source)
{
	const int64_t k = f->k;
	int64_t changed = -1;

	for (int64_t v = 0; v < k; v++) {
		f->dist[v] = source[v] ? 0.0 : INFINITY;
		f->pred[v] = -1;
	}
	for (int64_t round = 0; round < k; round++) {
		changed = -1;
		for (int64_t a = 0; a < k; a++) {
			if (f->dist[a] == INFINITY)
				continue;
			for (int64_t b = 0; b < k; b++) {
				const double w = f->edge[a * k + b];
				/* A relative margin keeps ties from cycling. */
				if (w < INFINITY && (f->dist[b] == INFINITY ||
				    f->dist[a] + w < f->dist[b] - 1e-12 * (1 + fabs(f->dist[b])))) {
					f->dist[b] = f->dist[a] + w;
					f->pred[b] = a;
					changed = b;
				}
			}
		}
		if (changed < 0)
			return -1;
	}
	/* Still relaxing after k rounds: walk back k steps to land on the cycle. */
	for (int64_t i = 0; i < k; i++)
		changed = f->pred[changed];
	return changed;
}

/* Move the edge customers along pred from `to` back to `stop` (exclusive),
 * or around the cycle through `to` when stop < 0. The moves are recorded
 * first: each changes its segment's edges. */
static void augment(flow *f, int64_t to, int64_t stop, int cycle)
{
	int64_t moves[2 * 64], *mv = moves, n_moves = 0, v = to;
	int64_t *heap = NULL;

	if (f->k > 64 && !(heap = mv = malloc((size_t)(2 * f->k) * sizeof(int64_t))))
		return;
	do {
		const int64_t a = f->pred[v];
		mv[2 * n_moves] = f->arg[a * f->k + v];
		mv[2 * n_moves + 1] = v;
		n_moves++;
		v = a;
	} while (cycle ? v != to : v != stop);
	for (int64_t m = 0; m < n_moves; m++) {
		const int64_t i = mv[2 * m], b = mv[2 * m + 1];
		f->size[f->lab[i]]--;
		f->size[b]++;
		f->lab[i] = b;
	}
	free(heap);
}

/* One augmentation from sources to the cheapest sink, or the cancelling
 * of a negative cycle. Returns 1 when something moved. With `improve`,
 * only paths of negative cost count. */
static int step(flow *f, const unsigned char *source, const unsigned char *sink, int improve)
{
	int64_t cyc, best = -1;

	price_edges(f);
	if ((cyc = shortest_paths(f, source)) >= 0) {
		augment(f, cyc, -1, 1);
		return 1;
	}
	for (int64_t b = 0; b < f->k; b++)
		if (sink[b] && f->pred[b] >= 0 && f->dist[b] < INFINITY &&
		    (best < 0 || f->dist[b] < f->dist[best]))
			best = b;
	if (best < 0 || (improve && !(f->dist[best] < -1e-12)))
		return 0;
	{
		/* Back to the source the path starts from (never relaxed). */
		int64_t v = best;
		while (f->pred[v] >= 0)
			v = f->pred[v];
		augment(f, best, v, 0);
	}
	return 1;
}

/* Feasible, then optimal for the constraints. */
static cseg_status solve(flow *f)
{
	const int64_t k = f->k;
	unsigned char *src = cseg__calloc((size_t)k, 1), *snk = cseg__calloc((size_t)k, 1);
	cseg_status st = CSEG_OK;
	int64_t guard = 0, limit = 4 * f->n + 16;

	if (!src || !snk) {
		free(src);
		free(snk);
		return cseg__error(CSEG_E_NOMEM, "out of memory for the size constraints");
	}
	for (;;) {
		int over = 0, under = 0;
		for (int64_t c = 0; c < k; c++) {
			over |= f->size[c] > f->hi;
			under |= f->size[c] < f->lo;
		}
		if (!over && !under)
			break;
		for (int64_t c = 0; c < k; c++) {
			/* Too big segments push to any with room; then the ones
			 * with customers to spare feed the too small ones. */
			src[c] = over ? f->size[c] > f->hi : f->size[c] > f->lo;
			snk[c] = over ? f->size[c] < f->hi : f->size[c] < f->lo;
		}
		if (!step(f, src, snk, 0) || ++guard > limit) {
			st = cseg__error(CSEG_E_INTERNAL, "size constraints: no feasible move found");
			goto out;
		}
	}
	for (;;) {
		for (int64_t c = 0; c < k; c++) {
			src[c] = f->size[c] > f->lo;
			snk[c] = f->size[c] < f->hi;
		}
		if (!step(f, src, snk, 1))
			break;
		if (++guard > limit + 16 * f->n)
			break; /* cannot happen: each step lowers the cost */
	}
out:
	free(src);
	free(snk);
	return st;
}

cseg_status cseg__constrained_assign(const double *cost, int64_t n, int64_t k, int64_t lo,
	int64_t hi, int64_t *lab)
{
	flow f = { 0 };
	cseg_status st;

	f.n = n, f.k = k, f.lo = lo, f.hi = hi, f.cost = cost, f.lab = lab;
	f.size = cseg__calloc((size_t)k, sizeof(int64_t));
	f.edge = cseg__malloc_array((size_t)(k * k), sizeof(double));
	f.arg = cseg__malloc_array((size_t)(k * k), sizeof(int64_t));
	f.dist = cseg__malloc_array((size_t)k, sizeof(double));
	f.pred = cseg__malloc_array((size_t)k, sizeof(int64_t));
	if (!f.size || !f.edge || !f.arg || !f.dist || !f.pred) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for the size constraints");
	} else {
		for (int64_t i = 0; i < n; i++) {
			int64_t best = 0;
			for (int64_t c = 1; c < k; c++)
				if (cost[i * k + c] < cost[i * k + best])
					best = c;
			lab[i] = best;
			f.size[best]++;
		}
		st = solve(&f);
	}
	free(f.size);
	free(f.edge);
	free(f.arg);
	free(f.dist);
	free(f.pred);
	return st;
}

typedef struct size_key {
	int64_t size, first, index;
} size_key;

static int size_cmp(const void *a, const void *b)
{
	const size_key *x = a, *y = b;

	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

/* Largest segment first, ties by first member, as plain k-means. */
static cseg_status canonical_order(int64_t n, int64_t k, int64_t d, double *centers, int64_t *lab,
	const int64_t *size)
{
	size_key *key = cseg__malloc_array((size_t)k, sizeof(*key));
	int64_t *rank = cseg__malloc_array((size_t)k, sizeof(*rank));
	double *c = cseg__malloc_array((size_t)(k * d), sizeof(*c));

	if (!key || !rank || !c) {
		free(key), free(rank), free(c);
		return cseg__error(CSEG_E_NOMEM, "out of memory ordering segments");
	}
	for (int64_t j = 0; j < k; j++)
		key[j] = (size_key){ size[j], n, j };
	for (int64_t i = n - 1; i >= 0; i--)
		key[lab[i]].first = i;
	qsort(key, (size_t)k, sizeof(*key), size_cmp);
	for (int64_t j = 0; j < k; j++) {
		rank[key[j].index] = j;
		memcpy(c + j * d, centers + key[j].index * d, (size_t)d * sizeof(double));
	}
	memcpy(centers, c, (size_t)(k * d) * sizeof(double));
	for (int64_t i = 0; i < n; i++)
		lab[i] = rank[lab[i]];
	free(key), free(rank), free(c);
	return CSEG_OK;
}

cseg_status cseg__kmeans_fit_constrained(cseg_model *out, const cseg_dataset *ds, const double *w,
	const double *init_centers, cseg_progress_fn progress, void *payload)
{
	const cseg__params *p = &out->params;
	const int64_t n = ds->n_rows, d = ds->n_cols, k = p->k;
	cseg__kmeans_result plain = { 0 };
	double *cost = NULL, *sums = NULL, *wsum = NULL, *arr;
	cseg_status st;
	flow f = { 0 };
	int64_t it;

	if (p->size_min * k > n)
		return cseg__error(CSEG_E_INVALID_ARG, "size_min = %lld: %lld segments need at least %lld "
			"customers, the data has %lld", (long long)p->size_min, (long long)k,
			(long long)(p->size_min * k), (long long)n);
	if (p->size_max > 0 && p->size_max * k < n)
		return cseg__error(CSEG_E_INVALID_ARG, "size_max = %lld: %lld segments hold at most %lld "
			"customers, the data has %lld", (long long)p->size_max, (long long)k,
			(long long)(p->size_max * k), (long long)n);
	if (p->size_max > 0 && p->size_max < p->size_min)
		return cseg__error(CSEG_E_INVALID_ARG, "size_max = %lld is below size_min = %lld",
			(long long)p->size_max, (long long)p->size_min);
	/* Plain k-means from the same start: the baseline and the first centres. */
	if ((st = cseg__kmeans_fit(p, ds, w, init_centers, progress, payload, &plain)) != CSEG_OK)
		return st;
	f.n = n, f.k = k, f.lo = p->size_min, f.hi = p->size_max > 0 ? p->size_max : n;
	cost = cseg__malloc_array((size_t)(n * k), sizeof(double));
	f.lab = cseg__malloc_array((size_t)n, sizeof(int64_t));
	f.size = cseg__calloc((size_t)k, sizeof(int64_t));
	f.edge = cseg__malloc_array((size_t)(k * k), sizeof(double));
	f.arg = cseg__malloc_array((size_t)(k * k), sizeof(int64_t));
	f.dist = cseg__malloc_array((size_t)k, sizeof(double));
	f.pred = cseg__malloc_array((size_t)k, sizeof(int64_t));
	sums = cseg__malloc_array((size_t)(k * d), sizeof(double));
	wsum = cseg__malloc_array((size_t)k, sizeof(double));
	if (!cost || !f.lab || !f.size || !f.edge || !f.arg || !f.dist || !f.pred || !sums || !wsum) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for constrained k-means (%lld x %lld costs)",
			(long long)n, (long long)k);
		goto out;
	}
	f.cost = cost;
	out->converged = 0;
	for (it = 0; it < p->max_iter; it++) {
		int64_t changed = 0;

		for (int64_t i = 0; i < n; i++) {
			const double *x = cseg__row(ds, i);
			int64_t best = 0;
			for (int64_t c = 0; c < k; c++) {
				cost[i * k + c] = (w ? w[i] : 1.0) * cseg__km_sqdist(x, plain.centroids + c * d, d);
				if (cost[i * k + c] < cost[i * k + best])
					best = c;
			}
			if (it == 0) {
				f.lab[i] = best;
				f.size[best]++;
			}
		}
		{
			int64_t *before = cseg__malloc_array((size_t)n, sizeof(int64_t));
			if (!before) {
				st = cseg__error(CSEG_E_NOMEM, "out of memory for constrained k-means");
				goto out;
			}
			memcpy(before, f.lab, (size_t)n * sizeof(int64_t));
			st = solve(&f);
			for (int64_t i = 0; i < n; i++)
				changed += before[i] != f.lab[i];
			free(before);
			if (st != CSEG_OK)
				goto out;
		}
		/* New centres: weighted means of the constrained segments. */
		memset(sums, 0, (size_t)(k * d) * sizeof(double));
		memset(wsum, 0, (size_t)k * sizeof(double));
		for (int64_t i = 0; i < n; i++) {
			const double wi = w ? w[i] : 1.0;
			for (int64_t j = 0; j < d; j++)
				sums[f.lab[i] * d + j] += wi * cseg__row(ds, i)[j];
			wsum[f.lab[i]] += wi;
		}
		for (int64_t c = 0; c < k; c++)
			if (wsum[c] > 0)
				for (int64_t j = 0; j < d; j++)
					plain.centroids[c * d + j] = sums[c * d + j] / wsum[c];
		if (progress && progress((double)(it + 1) / (double)p->max_iter, payload) != 0) {
			st = cseg__error(CSEG_E_CANCELLED, "fit cancelled by the progress callback");
			goto out;
		}
		if (it > 0 && changed == 0) {
			out->converged = 1;
			it++;
			break;
		}
	}
	out->n_iter = it;
	out->inertia = 0;
	for (int64_t i = 0; i < n; i++)
		out->inertia += (w ? w[i] : 1.0) * cseg__km_sqdist(cseg__row(ds, i), plain.centroids + f.lab[i] * d, d);
	if ((st = canonical_order(n, k, d, plain.centroids, f.lab, f.size)) != CSEG_OK)
		goto out;
	if ((st = cseg__model_add_array(out, "unconstrained_inertia", 1, 1, &arr)) != CSEG_OK)
		goto out;
	arr[0] = plain.inertia;
	out->k = k;
	out->d = d;
	out->centroids = plain.centroids;
	plain.centroids = NULL;
	out->labels = f.lab;
	f.lab = NULL;
out:
	cseg__kmeans_result_free(&plain);
	free(cost);
	free(f.lab);
	free(f.size);
	free(f.edge);
	free(f.arg);
	free(f.dist);
	free(f.pred);
	free(sums);
	free(wsum);
	return st;
}
