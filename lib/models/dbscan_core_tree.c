/* The implicit k-d tree over a DBSCAN model's core samples (array
 * "core_tree", layout in dbscan_internal.h). Being an ordinary fitted
 * array, it is saved with the model, copied with it and checked on load,
 * so assignment needs no cache and stays thread-safe. */
#include <math.h>
#include <stdlib.h>

#include "../core/core.h"
#include "dbscan_internal.h"

/* Common cluster of a range of positions, or -1 when mixed. */
static double merge_label(double a, double b)
{
	return a == b ? a : -1;
}

/* Build [lo, hi); returns the range's common cluster (or -1). */
static double build(int64_t *idx, double *tree, int64_t lo, int64_t hi, const double *c,
	const double *labels, int64_t d)
{
	int64_t mid, dim;
	double l;

	if (hi - lo <= CSEG__CORE_LEAF) {
		l = labels[idx[lo]];
		for (int64_t p = lo; p < hi; p++) {
			tree[CSEG__CORE_TREE_COLS * p + 1] = -1;
			tree[CSEG__CORE_TREE_COLS * p + 2] = -1;
			l = merge_label(l, labels[idx[p]]);
		}
		return l;
	}
	mid = lo + (hi - lo) / 2;
	dim = cseg__kd_widest(idx + lo, hi - lo, c, d);
	cseg__kd_select(idx + lo, hi - lo, mid - lo, c, d, dim);
	l = merge_label(build(idx, tree, lo, mid, c, labels, d), build(idx, tree, mid + 1, hi, c, labels, d));
	l = merge_label(l, labels[idx[mid]]);
	tree[CSEG__CORE_TREE_COLS * mid + 1] = (double)dim;
	tree[CSEG__CORE_TREE_COLS * mid + 2] = l;
	return l;
}

cseg_status cseg__core_tree_build(double *tree, const double *c, const double *labels,
	int64_t n_core, int64_t d)
{
	int64_t *idx = cseg__malloc_array((size_t)n_core, sizeof(int64_t));

	if (!idx)
		return cseg__error(CSEG_E_NOMEM, "out of memory building the core-sample tree");
	for (int64_t i = 0; i < n_core; i++)
		idx[i] = i;
	build(idx, tree, 0, n_core, c, labels, d);
	for (int64_t p = 0; p < n_core; p++)
		tree[CSEG__CORE_TREE_COLS * p] = (double)idx[p];
	free(idx);
	return CSEG_OK;
}

/* Check range [lo, hi) against the bounds lower/upper that the splits
 * above it impose; bounds are narrowed and restored on the way down. */
typedef struct checker {
	const double *tree, *c, *labels;
	int64_t d;
	double *lower, *upper;
	double common; /* common cluster of the range just checked */
} checker;

#define T(k, p, col) ((k)->tree[CSEG__CORE_TREE_COLS * (p) + (col)])

static int point_in_bounds(const checker *k, int64_t p)
{
	const double *x = k->c + (int64_t)T(k, p, 0) * k->d;

	for (int64_t j = 0; j < k->d; j++)
		if (x[j] < k->lower[j] || x[j] > k->upper[j])
			return 0;
	return 1;
}

static cseg_status misplaced(int64_t p)
{
	return cseg__error(CSEG_E_FORMAT, "array 'core_tree' is not a valid k-d tree of the "
		"components (row %lld)", (long long)p);
}

static cseg_status check_range(checker *k, int64_t lo, int64_t hi)
{
	int64_t mid, dim;
	double v, saved, l;
	cseg_status st;

	if (hi - lo <= CSEG__CORE_LEAF) {
		l = k->labels[(int64_t)T(k, lo, 0)];
		for (int64_t p = lo; p < hi; p++) {
			if (T(k, p, 1) != -1 || T(k, p, 2) != -1)
				return cseg__error(CSEG_E_FORMAT, "array 'core_tree': row %lld is in a leaf "
					"but has split feature %g and cluster %g (both must be -1)", (long long)p,
					T(k, p, 1), T(k, p, 2));
			if (!point_in_bounds(k, p))
				return misplaced(p);
			l = merge_label(l, k->labels[(int64_t)T(k, p, 0)]);
		}
		k->common = l;
		return CSEG_OK;
	}
	mid = lo + (hi - lo) / 2;
	v = T(k, mid, 1);
	if (!(v >= 0 && v < (double)k->d && v == floor(v)))
		return cseg__error(CSEG_E_FORMAT, "array 'core_tree': row %lld has split feature %g, "
			"not in 0..%lld", (long long)mid, v, (long long)(k->d - 1));
	if (!point_in_bounds(k, mid))
		return misplaced(mid);
	dim = (int64_t)v;
	v = k->c[(int64_t)T(k, mid, 0) * k->d + dim];
	saved = k->upper[dim];
	if (v < saved)
		k->upper[dim] = v;
	st = check_range(k, lo, mid);
	k->upper[dim] = saved;
	if (st != CSEG_OK)
		return st;
	l = k->common;
	saved = k->lower[dim];
	if (v > saved)
		k->lower[dim] = v;
	st = check_range(k, mid + 1, hi);
	k->lower[dim] = saved;
	if (st != CSEG_OK)
		return st;
	l = merge_label(merge_label(l, k->common), k->labels[(int64_t)T(k, mid, 0)]);
	if (T(k, mid, 2) != l)
		return cseg__error(CSEG_E_FORMAT, "array 'core_tree': row %lld says the subtree is "
			"of cluster %g, but it is %g", (long long)mid, T(k, mid, 2), l);
	k->common = l;
	return CSEG_OK;
}

cseg_status cseg__core_tree_check(const double *tree, const double *c, const double *labels,
	int64_t n_core, int64_t d)
{
	unsigned char *seen = cseg__calloc((size_t)n_core, 1);
	double *bounds = cseg__malloc_array((size_t)(2 * d), sizeof(double));
	checker k = { tree, c, labels, d, bounds, bounds ? bounds + d : NULL, 0 };
	cseg_status st = CSEG_OK;

	if (!seen || !bounds) {
		free(seen);
		free(bounds);
		return cseg__error(CSEG_E_NOMEM, "out of memory checking the core-sample tree");
	}
	for (int64_t p = 0; p < n_core && st == CSEG_OK; p++) {
		double v = T(&k, p, 0);
		if (!(v >= 0 && v < (double)n_core && v == floor(v)) || seen[(int64_t)v])
			st = cseg__error(CSEG_E_FORMAT, "array 'core_tree': row %lld names component %g, "
				"which is out of range or repeated", (long long)p, v);
		else
			seen[(int64_t)v] = 1;
	}
	for (int64_t j = 0; j < d; j++) {
		k.lower[j] = -INFINITY;
		k.upper[j] = INFINITY;
	}
	if (st == CSEG_OK)
		st = check_range(&k, 0, n_core);
	free(seen);
	free(bounds);
	return st;
}

/* Nearest core sample (any distance) and, within eps, the nearest core
 * sample of another cluster. Ties go to the lower component index, so the
 * answer does not depend on the tree's layout. */
typedef struct best {
	double d2;
	int64_t idx, label;
} best;

typedef struct search {
	const double *tree, *c, *labels, *x;
	int64_t d;
	double r2;
	best b1, b2;  /* idx < 0: none yet */
	double *off;  /* per feature: the query's distance to the current cell */
} search;

#define S(s, p, col) ((s)->tree[CSEG__CORE_TREE_COLS * (p) + (col)])

static int closer(double d2, int64_t idx, const best *b)
{
	return b->idx < 0 || d2 < b->d2 || (d2 == b->d2 && idx < b->idx);
}

static void consider(search *s, int64_t p)
{
	int64_t idx = (int64_t)S(s, p, 0);
	double d2 = cseg__dbscan_rdist(s->x, s->c + idx * s->d, s->d);
	int64_t label = (int64_t)s->labels[idx];
	best cand = { d2, idx, label };

	if (closer(d2, idx, &s->b1)) {
		/* The old nearest becomes the runner-up when it is of another
		 * cluster and within eps; of the same cluster, the runner-up stays. */
		if (s->b1.idx >= 0 && s->b1.label != label && s->b1.d2 <= s->r2)
			s->b2 = s->b1;
		s->b1 = cand;
	} else if (label != s->b1.label && d2 <= s->r2 && closer(d2, idx, &s->b2)) {
		s->b2 = cand;
	}
}

/* Squared radius beyond which a subtree of common cluster `label` (-1:
 * mixed) cannot change the answer. A subtree of the nearest one's cluster
 * can only bring a nearer core sample of that cluster. */
static double bound(const search *s, double label)
{
	if (s->b1.idx < 0)
		return INFINITY;
	if (s->b1.d2 > s->r2 || label == (double)s->b1.label)
		return s->b1.d2;
	return s->b2.idx >= 0 ? s->b2.d2 : s->r2;
}

/* The cell distance is updated incrementally (Arya & Mount), so its
 * rounding differs from a point distance's: a relative slack keeps
 * every point at exactly the bound in the search. */
static int beyond(double lower, double b)
{
	return lower > b * (1 + 1e-9);
}

static void descend(search *s, int64_t lo, int64_t hi, double rd)
{
	int64_t mid, dim, near_lo, near_hi, far_lo, far_hi;
	double diff, old, far_rd;

	if (hi - lo <= CSEG__CORE_LEAF) {
		for (int64_t p = lo; p < hi; p++)
			consider(s, p);
		return;
	}
	mid = lo + (hi - lo) / 2;
	if (beyond(rd, bound(s, S(s, mid, 2))))
		return;
	dim = (int64_t)S(s, mid, 1);
	diff = s->x[dim] - s->c[(int64_t)S(s, mid, 0) * s->d + dim];
	consider(s, mid);
	if (diff <= 0) {
		near_lo = lo, near_hi = mid, far_lo = mid + 1, far_hi = hi;
	} else {
		near_lo = mid + 1, near_hi = hi, far_lo = lo, far_hi = mid;
	}
	descend(s, near_lo, near_hi, rd);
	if (s->off) {
		old = s->off[dim];
		far_rd = rd - old * old + diff * diff;
		if (far_rd < 0)
			far_rd = 0;
	} else {
		old = 0;
		far_rd = rd > diff * diff ? rd : diff * diff;
	}
	if (far_lo < far_hi && !beyond(far_rd, bound(s, -1))) {
		if (s->off)
			s->off[dim] = diff;
		descend(s, far_lo, far_hi, far_rd);
		if (s->off)
			s->off[dim] = old;
	}
}

void cseg__core_tree_query(const cseg_model *m, const double *x, double *off, cseg__core_hit *hit)
{
	const cseg__array *tree = cseg__model_array(m, CSEG__DBSCAN_CORE_TREE);
	const cseg__array *comp = cseg__model_array(m, CSEG__DBSCAN_COMPONENTS);
	const cseg__array *lab = cseg__model_array(m, CSEG__DBSCAN_CORE_LABELS);
	search s = { tree->data, comp->data, lab->data, x, m->d,
		m->params.dbscan_eps * m->params.dbscan_eps,
		{ INFINITY, -1, -1 }, { INFINITY, -1, -1 }, off };

	for (int64_t j = 0; off && j < m->d; j++)
		off[j] = 0;
	descend(&s, 0, tree->rows, 0.0);
	if (s.b1.d2 <= s.r2) {
		hit->label = s.b1.label;
		hit->runner_up = s.b2.idx >= 0 ? s.b2.label : -1;
		hit->runner_dist2 = s.b2.idx >= 0 ? s.b2.d2 : s.r2;
	} else {
		hit->label = -1;
		hit->runner_up = -1;
		hit->runner_dist2 = s.b1.d2;
	}
	hit->dist2 = s.b1.d2;
}
