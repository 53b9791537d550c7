/* DBSCAN fit (Ester et al. 1996) with sklearn's labelling:
 *  1. a point is core when the weight of its eps-neighbourhood, itself
 *     included, reaches min_samples (counted on a k-d tree, stopping as
 *     soon as the threshold is met);
 *  2. core points within eps of each other are joined by a concurrent
 *     union-find, so the clusters are the connected components whatever
 *     the order of work or the number of threads;
 *  3. clusters are numbered by their lowest core row, which is the order
 *     in which sklearn's scan in row order meets them, and a border point
 *     takes the lowest-numbered cluster among its core neighbours, the one
 *     sklearn's cluster-by-cluster expansion reaches first.
 * So the labels equal sklearn.cluster.DBSCAN's exactly, not only up to a
 * renumbering. Every step works on tree positions (spatially coherent, so
 * cache friendly) and maps back to rows at the end. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "dbscan_internal.h"

typedef struct ctx {
	const cseg__kdtree *t;
	double r2;                /* eps^2, as sklearn compares */
	double min_samples;
	unsigned char *core;      /* per tree position */
	int64_t *node_cores;      /* core points per node */
	int64_t *parent;          /* union-find over tree positions */
	int64_t *label;           /* per tree position; -1 noise */
	int64_t *node_min_label;  /* lowest core label per node, INT64_MAX without cores */
	int64_t *rep;             /* first core position per node */
	unsigned char *uniform;   /* per node: its core points are in one component */
} ctx;

/* Squared distance from q to a node's box: nearest (mn) and farthest (mx)
 * point. Per feature the differences are formed as in the point distance,
 * and rounding is monotone, so no point of the box is closer than mn or
 * farther than mx in floating point either: whole-node decisions agree
 * with point-by-point tests. */
static void box_dist(const double *box, const double *q, int64_t d, double *mn, double *mx)
{
	const double *lo = box, *hi = box + d;
	double a2 = 0, b2 = 0;

	/* a >= b; below the box a < 0, above it b > 0: the nearest offset is
	 * min(a, 0) + max(b, 0) and the farthest the larger of |a|, |b|.
	 * Branch-free, so the compiler can vectorise it. */
	for (int64_t j = 0; j < d; j++) {
		double a = q[j] - lo[j], b = q[j] - hi[j];
		double t = (a < 0 ? a : 0) + (b > 0 ? b : 0);
		double aa = a * a, bb = b * b;
		a2 += t * t;
		b2 += aa > bb ? aa : bb;
	}
	*mn = a2;
	*mx = b2;
}

/* Step 1: weight within eps of q, stopping once it reaches min_samples.
 * The nearer child is searched first, so a point in a dense region meets
 * its threshold after a leaf or two. */
static double count_within(const ctx *c, int64_t node, const double *q, double acc)
{
	const cseg__kdtree *t = c->t;
	const cseg__kd_node *nd = &t->nodes[node];
	int64_t child[2];
	double mn[2], mx[2];

	if (nd->left < 0) {
		for (int64_t p = nd->begin; p < nd->end; p++)
			if (cseg__dbscan_rdist(q, t->pts + p * t->d, t->d) <= c->r2)
				acc += t->w ? t->w[p] : 1.0;
		return acc;
	}
	child[0] = nd->left;
	child[1] = nd->right;
	box_dist(t->box + child[0] * 2 * t->d, q, t->d, &mn[0], &mx[0]);
	box_dist(t->box + child[1] * 2 * t->d, q, t->d, &mn[1], &mx[1]);
	for (int i = 0; i < 2; i++) {
		int k = (mn[1] < mn[0]) ^ i;
		if (mn[k] > c->r2)
			continue;
		acc = mx[k] <= c->r2 ? acc + t->wsum[child[k]] : count_within(c, child[k], q, acc);
		if (acc >= c->min_samples)
			break;
	}
	return acc;
}

static double count_point(const ctx *c, const double *q)
{
	const cseg__kdtree *t = c->t;
	double mn, mx;

	box_dist(t->box, q, t->d, &mn, &mx);
	return mx <= c->r2 ? t->wsum[0] : count_within(c, 0, q, 0.0);
}

/* Union-find shared by the threads: roots are linked by compare-and-swap,
 * always the larger position under the smaller, so parents only decrease
 * and path halving (a plain atomic store of an ancestor) stays valid. */
static int64_t uf_find(int64_t *parent, int64_t x)
{
	for (;;) {
		int64_t p = __atomic_load_n(&parent[x], __ATOMIC_ACQUIRE);
		int64_t gp;
		if (p == x)
			return x;
		gp = __atomic_load_n(&parent[p], __ATOMIC_ACQUIRE);
		if (gp != p)
			__atomic_store_n(&parent[x], gp, __ATOMIC_RELEASE);
		x = gp;
	}
}

static void uf_unite(int64_t *parent, int64_t a, int64_t b)
{
	for (;;) {
		a = uf_find(parent, a);
		b = uf_find(parent, b);
		if (a == b)
			return;
		if (a < b) {
			int64_t t = a;
			a = b;
			b = t;
		}
		if (__atomic_compare_exchange_n(&parent[a], &(int64_t){ a }, b, 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return;
	}
}

/* A node is uniform once all its core points are known to be in one
 * component. Components only merge, so the flag never goes back to 0 and
 * threads may set it without locks; a uniform node in p's component holds
 * nothing left to join with p, so the search skips it whole, which makes
 * the joining cheap inside a dense cluster. */
static int is_uniform(const ctx *c, int64_t node)
{
	return c->node_cores[node] == 0 || __atomic_load_n(&c->uniform[node], __ATOMIC_RELAXED);
}

static void check_uniform(const ctx *c, int64_t node)
{
	const cseg__kd_node *nd = &c->t->nodes[node];
	int64_t r = -1;

	if (nd->left >= 0) {
		if (!is_uniform(c, nd->left) || !is_uniform(c, nd->right))
			return;
		if (c->node_cores[nd->left] > 0 && c->node_cores[nd->right] > 0 &&
		    uf_find(c->parent, c->rep[nd->left]) != uf_find(c->parent, c->rep[nd->right]))
			return;
	} else {
		for (int64_t j = nd->begin; j < nd->end; j++) {
			if (!c->core[j])
				continue;
			if (r < 0)
				r = uf_find(c->parent, j);
			else if (uf_find(c->parent, j) != r)
				return;
		}
	}
	__atomic_store_n(&c->uniform[node], 1, __ATOMIC_RELAXED);
}

/* Step 2: join core position p with every core position after it within
 * eps (each pair is seen once, from its first member). */
static void join_within(const ctx *c, int64_t node, int64_t p)
{
	const cseg__kdtree *t = c->t;
	const cseg__kd_node *nd = &t->nodes[node];
	const double *q = t->pts + p * t->d;
	double mn, mx;
	int64_t from;

	if (nd->end <= p + 1 || c->node_cores[node] == 0)
		return;
	if (is_uniform(c, node) && uf_find(c->parent, c->rep[node]) == uf_find(c->parent, p))
		return;
	box_dist(t->box + node * 2 * t->d, q, t->d, &mn, &mx);
	if (mn > c->r2)
		return;
	if (nd->left >= 0 && mx > c->r2) {
		join_within(c, nd->left, p);
		join_within(c, nd->right, p);
	} else {
		from = nd->begin > p + 1 ? nd->begin : p + 1;
		for (int64_t j = from; j < nd->end; j++)
			if (c->core[j] && (mx <= c->r2 ||
			    cseg__dbscan_rdist(q, t->pts + j * t->d, t->d) <= c->r2))
				uf_unite(c->parent, p, j);
		if (nd->left >= 0)
			return; /* a whole subtree taken at once: its children stay unmarked */
	}
	if (!is_uniform(c, node))
		check_uniform(c, node);
}

/* Step 3: lowest cluster among the core points within eps of q. */
static int64_t min_label_within(const ctx *c, int64_t node, const double *q, int64_t best)
{
	const cseg__kdtree *t = c->t;
	const cseg__kd_node *nd = &t->nodes[node];
	double mn, mx;

	if (c->node_min_label[node] >= best)
		return best;
	box_dist(t->box + node * 2 * t->d, q, t->d, &mn, &mx);
	if (mn > c->r2)
		return best;
	if (mx <= c->r2)
		return c->node_min_label[node];
	if (nd->left < 0) {
		for (int64_t j = nd->begin; j < nd->end; j++)
			if (c->core[j] && c->label[j] < best &&
			    cseg__dbscan_rdist(q, t->pts + j * t->d, t->d) <= c->r2)
				best = c->label[j];
		return best;
	}
	best = min_label_within(c, nd->left, q, best);
	return min_label_within(c, nd->right, q, best);
}

static cseg_status progress_at(cseg_progress_fn fn, void *payload, double fraction)
{
	if (fn && fn(fraction, payload))
		return cseg__error(CSEG_E_CANCELLED, "DBSCAN fit cancelled by the progress callback");
	return CSEG_OK;
}

/* Per-node counts of core points and lowest core labels, children first. */
static void node_summaries(const cseg__kdtree *t, ctx *c, int with_labels)
{
	for (int64_t id = t->n_nodes - 1; id >= 0; id--) {
		const cseg__kd_node *nd = &t->nodes[id];
		if (nd->left >= 0) {
			if (with_labels) {
				int64_t a = c->node_min_label[nd->left], b = c->node_min_label[nd->right];
				c->node_min_label[id] = a < b ? a : b;
			} else {
				c->node_cores[id] = c->node_cores[nd->left] + c->node_cores[nd->right];
				c->rep[id] = c->node_cores[nd->left] ? c->rep[nd->left] : c->rep[nd->right];
				c->uniform[id] = c->node_cores[id] <= 1;
			}
			continue;
		}
		if (with_labels) {
			int64_t m = INT64_MAX;
			for (int64_t p = nd->begin; p < nd->end; p++)
				if (c->core[p] && c->label[p] < m)
					m = c->label[p];
			c->node_min_label[id] = m;
		} else {
			int64_t m = 0;
			c->rep[id] = -1;
			for (int64_t p = nd->begin; p < nd->end; p++) {
				if (c->core[p] && c->rep[id] < 0)
					c->rep[id] = p;
				m += c->core[p];
			}
			c->node_cores[id] = m;
			c->uniform[id] = m <= 1;
		}
	}
}

/* Centroids (weighted means of members, plain means for a cluster of
 * zero weight) and the inertia, summed in row order. */
static cseg_status centroids_and_inertia(cseg_model *out, const cseg_dataset *ds,
	const double *weights, const int64_t *labels, int64_t k)
{
	int64_t n = ds->n_rows, d = ds->n_cols;
	double *cen = cseg__calloc((size_t)(k * d), sizeof(double));
	double *wk = cseg__calloc((size_t)k, sizeof(double));
	int64_t *nk = cseg__calloc((size_t)k, sizeof(int64_t));
	double inertia = 0;

	if (!cen || !wk || !nk) {
		free(cen);
		free(wk);
		free(nk);
		return cseg__error(CSEG_E_NOMEM, "out of memory for %lld DBSCAN centroids", (long long)k);
	}
	for (int64_t i = 0; i < n; i++) {
		int64_t l = labels[i];
		if (l >= 0) {
			wk[l] += weights ? weights[i] : 1.0;
			nk[l]++;
		}
	}
	for (int64_t i = 0; i < n; i++) {
		int64_t l = labels[i];
		const double *x = ds->data + i * d;
		double w;
		if (l < 0)
			continue;
		w = wk[l] > 0 ? (weights ? weights[i] : 1.0) : 1.0;
		for (int64_t j = 0; j < d; j++)
			cen[l * d + j] += w * x[j];
	}
	for (int64_t l = 0; l < k; l++) {
		double den = wk[l] > 0 ? wk[l] : (double)nk[l];
		for (int64_t j = 0; j < d; j++)
			cen[l * d + j] /= den;
	}
	for (int64_t i = 0; i < n; i++) {
		int64_t l = labels[i];
		if (l >= 0)
			inertia += (weights ? weights[i] : 1.0) *
				cseg__dbscan_rdist(ds->data + i * d, cen + l * d, d);
	}
	free(wk);
	free(nk);
	out->centroids = cen;
	out->inertia = inertia;
	return CSEG_OK;
}

/* The fitted arrays: core rows, their values and clusters, and the tree
 * over them that assignment searches. */
static cseg_status core_arrays(cseg_model *out, const cseg_dataset *ds, const ctx *c,
	const int64_t *pos_of_row, int64_t n_core)
{
	int64_t n = ds->n_rows, d = ds->n_cols, r = 0;
	double *idx, *comp, *lab, *tree;
	cseg_status st;

	if ((st = cseg__model_add_array(out, CSEG__DBSCAN_CORE_INDICES, 1, n_core, &idx)) != CSEG_OK ||
	    (st = cseg__model_add_array(out, CSEG__DBSCAN_COMPONENTS, n_core, d, &comp)) != CSEG_OK ||
	    (st = cseg__model_add_array(out, CSEG__DBSCAN_CORE_LABELS, 1, n_core, &lab)) != CSEG_OK ||
	    (st = cseg__model_add_array(out, CSEG__DBSCAN_CORE_TREE, n_core,
	    CSEG__CORE_TREE_COLS, &tree)) != CSEG_OK)
		return st;
	for (int64_t i = 0; i < n; i++) {
		int64_t p = pos_of_row[i];
		if (!c->core[p])
			continue;
		idx[r] = (double)i;
		memcpy(comp + r * d, ds->data + i * d, (size_t)d * sizeof(double));
		lab[r] = (double)c->label[p];
		r++;
	}
	return cseg__core_tree_build(tree, comp, lab, n_core, d);
}

cseg_status cseg__dbscan_fit(cseg_model *out, const cseg_dataset *ds, const double *weights,
	cseg_progress_fn progress, void *progress_payload)
{
	const cseg__params *prm = &out->params;
	int64_t n = ds->n_rows, d = ds->n_cols, n_core = 0, k = 0;
	int64_t *pos_of_row = NULL, *root_label = NULL;
	int nt = cseg__threads();
	cseg__kdtree t;
	ctx c = { 0 };
	cseg_status st;

	if ((st = cseg__kdtree_build(&t, ds->data, n, d, weights)) != CSEG_OK)
		return st;
	c.t = &t;
	c.r2 = prm->dbscan_eps * prm->dbscan_eps;
	c.min_samples = (double)prm->dbscan_min_samples;
	c.core = cseg__calloc((size_t)n, 1);
	c.node_cores = cseg__malloc_array((size_t)t.n_nodes, sizeof(int64_t));
	c.node_min_label = cseg__malloc_array((size_t)t.n_nodes, sizeof(int64_t));
	c.rep = cseg__malloc_array((size_t)t.n_nodes, sizeof(int64_t));
	c.uniform = cseg__malloc_array((size_t)t.n_nodes, 1);
	c.parent = cseg__malloc_array((size_t)n, sizeof(int64_t));
	c.label = cseg__malloc_array((size_t)n, sizeof(int64_t));
	pos_of_row = cseg__malloc_array((size_t)n, sizeof(int64_t));
	root_label = cseg__malloc_array((size_t)n, sizeof(int64_t));
	out->labels = cseg__malloc_array((size_t)n, sizeof(int64_t));
	if (!c.core || !c.node_cores || !c.node_min_label || !c.rep || !c.uniform || !c.parent || !c.label || !pos_of_row ||
	    !root_label || !out->labels) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory for DBSCAN on %lld rows", (long long)n);
		goto done;
	}
	if ((st = progress_at(progress, progress_payload, 0.0)) != CSEG_OK)
		goto done;

	/* 1. Core points. */
	#pragma omp parallel for num_threads(nt) schedule(dynamic, 64)
	for (int64_t p = 0; p < n; p++)
		c.core[p] = count_point(&c, t.pts + p * d) >= c.min_samples;
	for (int64_t p = 0; p < n; p++) {
		n_core += c.core[p];
		c.parent[p] = p;
		pos_of_row[t.perm[p]] = p;
	}
	if (n_core == 0) {
		st = cseg__error(CSEG_E_INVALID_ARG, "no core point: every customer is noise at eps=%g, "
			"min_samples=%lld — increase eps or lower min_samples", prm->dbscan_eps,
			(long long)prm->dbscan_min_samples);
		goto done;
	}
	node_summaries(&t, &c, 0);
	if ((st = progress_at(progress, progress_payload, 0.3)) != CSEG_OK)
		goto done;

	/* 2. Clusters: connected components of the core points. */
	#pragma omp parallel for num_threads(nt) schedule(dynamic, 64)
	for (int64_t p = 0; p < n; p++)
		if (c.core[p])
			join_within(&c, 0, p);
	if ((st = progress_at(progress, progress_payload, 0.7)) != CSEG_OK)
		goto done;

	/* 3. Number the clusters in row order, then label the border points. */
	for (int64_t p = 0; p < n; p++)
		root_label[p] = -1;
	for (int64_t i = 0; i < n; i++) {
		int64_t p = pos_of_row[i], r;
		if (!c.core[p]) {
			c.label[p] = -1;
			continue;
		}
		r = uf_find(c.parent, p);
		if (root_label[r] < 0)
			root_label[r] = k++;
		c.label[p] = root_label[r];
	}
	node_summaries(&t, &c, 1);
	#pragma omp parallel for num_threads(nt) schedule(dynamic, 64)
	for (int64_t p = 0; p < n; p++)
		if (!c.core[p]) {
			int64_t l = min_label_within(&c, 0, t.pts + p * d, INT64_MAX);
			c.label[p] = l == INT64_MAX ? -1 : l;
		}
	for (int64_t p = 0; p < n; p++)
		out->labels[t.perm[p]] = c.label[p];
	if ((st = progress_at(progress, progress_payload, 0.9)) != CSEG_OK)
		goto done;

	if ((st = centroids_and_inertia(out, ds, weights, out->labels, k)) != CSEG_OK)
		goto done;
	if ((st = core_arrays(out, ds, &c, pos_of_row, n_core)) != CSEG_OK)
		goto done;
	out->k = k;
	out->d = d;
	out->n_iter = 1;
	out->converged = 1;
	st = progress_at(progress, progress_payload, 1.0);
done:
	cseg__kdtree_free(&t);
	free(c.core);
	free(c.node_cores);
	free(c.node_min_label);
	free(c.rep);
	free(c.uniform);
	free(c.parent);
	free(c.label);
	free(pos_of_row);
	free(root_label);
	return st;
}
