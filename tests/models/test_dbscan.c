/* DBSCAN through the public API: agreement with sklearn (fixtures made by
 * tests/fixtures/dbscan/gen_dbscan.py), assignment of new customers against
 * a brute-force search, save/load, determinism across thread counts, and
 * bad inputs. */
#include <math.h>
#include <stdint.h>
#include <unistd.h>

#include "test_util.h"
#include "models/dbscan_internal.h"

typedef struct mat {
	int64_t rows, cols;
	double *v;
} mat;

/* One fixture case: params (eps, min_samples, weighted), x, w, labels, core. */
typedef struct fixture {
	double eps;
	int64_t min_samples;
	int weighted;
	mat x, w, labels, core;
} fixture;

static void read_mat(FILE *f, mat *m)
{
	long long r, c;

	ck_assert_int_eq(fscanf(f, "%lld %lld", &r, &c), 2);
	m->rows = r;
	m->cols = c;
	m->v = malloc((size_t)(r * c > 0 ? r * c : 1) * sizeof(double));
	ck_assert_ptr_nonnull(m->v);
	for (long long j = 0; j < r * c; j++)
		ck_assert_int_eq(fscanf(f, "%lf", &m->v[j]), 1);
}

static void fixture_read(const char *name, fixture *fx)
{
	char file[256];
	FILE *f;
	mat p;

	snprintf(file, sizeof(file), "dbscan/dbscan_%s.txt", name);
	f = fopen(test_fixture(file), "r");
	ck_assert_msg(f != NULL, "cannot open fixture %s", test_fixture(file));
	read_mat(f, &p);
	fx->eps = p.v[0];
	fx->min_samples = (int64_t)p.v[1];
	fx->weighted = p.v[2] != 0;
	free(p.v);
	read_mat(f, &fx->x);
	read_mat(f, &fx->w);
	read_mat(f, &fx->labels);
	read_mat(f, &fx->core);
	fclose(f);
}

static void fixture_free(fixture *fx)
{
	free(fx->x.v);
	free(fx->w.v);
	free(fx->labels.v);
	free(fx->core.v);
}

static cseg_dataset *dataset_of(const double *x, int64_t n, int64_t d)
{
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, x, n, d, CSEG_LAYOUT_ROW_MAJOR));
	return ds;
}

static cseg_model *dbscan_new(double eps, int64_t min_samples)
{
	cseg_model *m = NULL;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_DBSCAN));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, eps));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, min_samples));
	return m;
}

static cseg_model *fit_fixture(const fixture *fx, const cseg_dataset *ds)
{
	cseg_model *m = dbscan_new(fx->eps, fx->min_samples);

	if (fx->weighted)
		ck_assert_ok(cseg_model_fit_weighted(m, ds, fx->w.v, fx->w.rows));
	else
		ck_assert_ok(cseg_model_fit(m, ds));
	return m;
}

static double *get_array(const cseg_model *m, const char *name, int64_t rows, int64_t cols)
{
	int64_t r, c;
	double *v;

	ck_assert_ok(cseg_model_array_shape(m, name, &r, &c));
	ck_assert_int_eq(r, rows);
	ck_assert_int_eq(c, cols);
	v = malloc((size_t)(r * c) * sizeof(double));
	ck_assert_ok(cseg_model_get_array(m, name, v, r * c));
	return v;
}

static int64_t result_int(const cseg_model *m, int key)
{
	int64_t v;

	ck_assert_ok(cseg_model_get_int(m, key, &v));
	return v;
}

static const char *const cases[] = {
	"blobs", "blobs_ms1", "blobs_weighted", "wholesale", "wholesale_fine",
	"wholesale_weighted", "duplicates", "bridge",
};
#define N_CASES (int)(sizeof(cases) / sizeof(cases[0]))

/* Labels equal sklearn's exactly (hence up to renumbering), core samples
 * are the same rows, centroids and inertia follow from the labels. */
START_TEST(test_matches_sklearn)
{
	fixture fx;
	cseg_dataset *ds;
	cseg_model *m;
	int64_t n, d, k, n_core, *labels, *map;
	double *idx, *comp, *clab, *cent, inertia, want_inertia = 0;

	fixture_read(cases[_i], &fx);
	n = fx.x.rows;
	d = fx.x.cols;
	ds = dataset_of(fx.x.v, n, d);
	m = fit_fixture(&fx, ds);
	k = result_int(m, CSEG_RESULT_N_CLUSTERS);
	labels = malloc((size_t)n * sizeof(int64_t));
	ck_assert_ok(cseg_model_get_labels(m, labels, n));

	/* Up to renumbering: a bijection between the two labellings... */
	map = malloc((size_t)(k + 1) * sizeof(int64_t));
	for (int64_t c = 0; c <= k; c++)
		map[c] = INT64_MIN;
	for (int64_t i = 0; i < n; i++) {
		int64_t want = (int64_t)fx.labels.v[i];
		ck_assert_msg((labels[i] < 0) == (want < 0), "%s row %lld: label %lld, sklearn %lld",
			cases[_i], (long long)i, (long long)labels[i], (long long)want);
		if (labels[i] < 0)
			continue;
		ck_assert(labels[i] < k);
		if (map[labels[i]] == INT64_MIN)
			map[labels[i]] = want;
		ck_assert_msg(map[labels[i]] == want, "%s row %lld: cluster %lld maps to both %lld and %lld",
			cases[_i], (long long)i, (long long)labels[i], (long long)map[labels[i]], (long long)want);
	}
	/* ... and in fact the same numbering. */
	for (int64_t i = 0; i < n; i++)
		ck_assert_int_eq(labels[i], (int64_t)fx.labels.v[i]);

	n_core = fx.core.rows;
	idx = get_array(m, "core_sample_indices", 1, n_core);
	comp = get_array(m, "components", n_core, d);
	clab = get_array(m, "core_labels", 1, n_core);
	for (int64_t r = 0; r < n_core; r++) {
		int64_t row = (int64_t)fx.core.v[r];
		ck_assert_int_eq((int64_t)idx[r], row);
		ck_assert_int_eq((int64_t)clab[r], labels[row]);
		for (int64_t j = 0; j < d; j++)
			ck_assert(comp[r * d + j] == fx.x.v[row * d + j]);
	}

	/* Centroids are the weighted means of the members. */
	cent = malloc((size_t)(k * d) * sizeof(double));
	ck_assert_ok(cseg_model_get_centroids(m, cent, k * d));
	for (int64_t c = 0; c < k; c++) {
		double wsum = 0, mean[16] = { 0 };
		for (int64_t i = 0; i < n; i++)
			if (labels[i] == c)
				wsum += fx.w.v[i];
		for (int64_t i = 0; i < n; i++)
			if (labels[i] == c)
				for (int64_t j = 0; j < d; j++)
					mean[j] += fx.w.v[i] * fx.x.v[i * d + j] / wsum;
		for (int64_t j = 0; j < d; j++)
			ck_assert_rel(cent[c * d + j], mean[j], 1e-12);
	}
	for (int64_t i = 0; i < n; i++)
		if (labels[i] >= 0)
			for (int64_t j = 0; j < d; j++) {
				double t = fx.x.v[i * d + j] - cent[labels[i] * d + j];
				want_inertia += fx.w.v[i] * t * t;
			}
	ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &inertia));
	ck_assert_rel(inertia, want_inertia, 1e-10);

	free(idx);
	free(comp);
	free(clab);
	free(cent);
	free(map);
	free(labels);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	fixture_free(&fx);
}
END_TEST

/* The same labels whatever the number of threads. */
START_TEST(test_threads_agree)
{
	fixture fx;
	cseg_dataset *ds;
	int64_t n, *l1, *l2;
	int saved = cseg_get_max_threads();

	fixture_read("blobs", &fx);
	n = fx.x.rows;
	ds = dataset_of(fx.x.v, n, fx.x.cols);
	l1 = malloc((size_t)n * sizeof(int64_t));
	l2 = malloc((size_t)n * sizeof(int64_t));
	for (int t = 1; t <= 4; t++) {
		cseg_model *m;
		ck_assert_ok(cseg_set_max_threads(t));
		m = fit_fixture(&fx, ds);
		ck_assert_ok(cseg_model_get_labels(m, t == 1 ? l1 : l2, n));
		if (t > 1)
			ck_assert_mem_eq(l1, l2, (size_t)n * sizeof(int64_t));
		cseg_model_free(m);
	}
	cseg_set_max_threads(saved);
	free(l1);
	free(l2);
	cseg_dataset_free(ds);
	fixture_free(&fx);
}
END_TEST

/* Brute-force reference of the assignment rule: nearest core sample (ties
 * to the lower index); within eps its cluster, and the nearest core sample
 * of another cluster within eps as runner-up. */
static void brute_assign(const double *comp, const double *clab, int64_t nc, int64_t d,
	double eps, const double *x, int64_t *label, int64_t *runner, double *dist, double *rdist)
{
	double b1 = INFINITY, b2 = INFINITY, r2 = eps * eps;
	int64_t i1 = -1, i2 = -1;

	for (int64_t r = 0; r < nc; r++) {
		double s = cseg__dbscan_rdist(x, comp + r * d, d);
		if (s < b1) {
			b1 = s;
			i1 = r;
		}
	}
	for (int64_t r = 0; r < nc; r++) {
		double s = cseg__dbscan_rdist(x, comp + r * d, d);
		if (clab[r] != clab[i1] && s <= r2 && s < b2) {
			b2 = s;
			i2 = r;
		}
	}
	*dist = sqrt(b1);
	if (b1 <= r2) {
		*label = (int64_t)clab[i1];
		*runner = i2 >= 0 ? (int64_t)clab[i2] : -1;
		*rdist = i2 >= 0 ? sqrt(b2) : eps;
	} else {
		*label = *runner = -1;
		*rdist = 0;
	}
}

/* New customers: batch and one-by-one against brute force, on the
 * training rows and on random points around them. */
START_TEST(test_assign_matches_brute_force)
{
	fixture fx;
	cseg_dataset *ds, *nds;
	cseg_model *m;
	cseg_assignment *a = NULL;
	int64_t n, d, nc, nn, *lab, *run, *bl, n_noise = 0, n_runner = 0;
	double *comp, *clab, *x, *dist, *marg, *conf;
	uint64_t s = 12345;

	fixture_read(cases[_i], &fx);
	n = fx.x.rows;
	d = fx.x.cols;
	ds = dataset_of(fx.x.v, n, d);
	m = fit_fixture(&fx, ds);
	nc = fx.core.rows;
	comp = get_array(m, "components", nc, d);
	clab = get_array(m, "core_labels", 1, nc);
	/* Training rows, then as many jittered copies. */
	nn = 2 * n;
	x = malloc((size_t)(nn * d) * sizeof(double));
	memcpy(x, fx.x.v, (size_t)(n * d) * sizeof(double));
	for (int64_t i = n * d; i < nn * d; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		x[i] = fx.x.v[i - n * d] + fx.eps * (((double)(s >> 11) * 0x1.0p-53) - 0.5);
	}
	nds = dataset_of(x, nn, d);
	ck_assert_ok(cseg_model_assign(m, nds, &a));
	lab = malloc((size_t)nn * sizeof(int64_t));
	run = malloc((size_t)nn * sizeof(int64_t));
	bl = malloc((size_t)nn * sizeof(int64_t));
	dist = malloc((size_t)nn * sizeof(double));
	marg = malloc((size_t)nn * sizeof(double));
	conf = malloc((size_t)nn * sizeof(double));
	ck_assert_ok(cseg_assignment_get_labels(a, lab, nn));
	ck_assert_ok(cseg_assignment_get_runner_up(a, run, nn));
	ck_assert_ok(cseg_assignment_get_borderline(a, bl, nn));
	ck_assert_ok(cseg_assignment_get_distances(a, dist, nn));
	ck_assert_ok(cseg_assignment_get_margins(a, marg, nn));
	ck_assert_ok(cseg_assignment_get_confidence(a, conf, nn));
	for (int64_t i = 0; i < nn; i++) {
		int64_t wl, wr, l1;
		double wd, wrd, d1, m1;
		brute_assign(comp, clab, nc, d, fx.eps, x + i * d, &wl, &wr, &wd, &wrd);
		ck_assert_msg(lab[i] == wl, "%s row %lld: label %lld, brute force %lld", cases[_i],
			(long long)i, (long long)lab[i], (long long)wl);
		ck_assert_int_eq(run[i], wr);
		ck_assert(dist[i] == wd);
		ck_assert_double_eq_tol(marg[i], wl >= 0 ? wrd - wd : 0.0, 1e-12);
		ck_assert(conf[i] == (wl >= 0 ? 1.0 : 0.0));
		ck_assert_int_eq(bl[i], wr >= 0);
		n_noise += wl < 0;
		n_runner += wr >= 0;
		/* A training row: core samples keep their cluster at distance 0,
		 * training noise stays noise. */
		if (i < n && fx.labels.v[i] < 0)
			ck_assert_int_eq(lab[i], -1);
		ck_assert_ok(cseg_model_assign_one(m, x + i * d, d, &l1, &d1, &m1));
		ck_assert_int_eq(l1, lab[i]);
		ck_assert(d1 == dist[i]);
		ck_assert(m1 == marg[i]);
	}
	for (int64_t r = 0; r < nc; r++) {
		int64_t row = (int64_t)fx.core.v[r];
		ck_assert_int_eq(lab[row], (int64_t)fx.labels.v[row]);
		ck_assert(dist[row] == 0);
	}
	if (strcmp(cases[_i], "blobs") == 0)
		ck_assert(n_noise > 0 && n_runner > 0);
	cseg_assignment_free(a);
	free(lab);
	free(run);
	free(bl);
	free(dist);
	free(marg);
	free(conf);
	free(x);
	free(comp);
	free(clab);
	cseg_dataset_free(nds);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	fixture_free(&fx);
}
END_TEST

/* A border point reachable from two clusters: the fit gives it the first
 * cluster (sklearn), assignment the nearest core sample's, flagged
 * borderline with the other as runner-up. */
START_TEST(test_bridge_border_points)
{
	fixture fx;
	cseg_dataset *ds;
	cseg_model *m;
	int64_t labels[64], label;
	double dist, margin, x = 2.42;

	fixture_read("bridge", &fx);
	ds = dataset_of(fx.x.v, fx.x.rows, 1);
	m = fit_fixture(&fx, ds);
	ck_assert_ok(cseg_model_get_labels(m, labels, fx.x.rows));
	ck_assert(fx.x.v[17] == 2.42);
	ck_assert_int_eq(labels[17], 0);
	ck_assert_int_eq(labels[0], 0);
	ck_assert_int_eq(labels[fx.x.rows - 1], 1);
	ck_assert_ok(cseg_model_assign_one(m, &x, 1, &label, &dist, &margin));
	ck_assert_int_eq(label, 1);
	ck_assert_double_eq_tol(dist, 0.42, 1e-12);
	ck_assert_double_eq_tol(margin, 0.455 - 0.42, 1e-12);
	x = 9.0;
	ck_assert_ok(cseg_model_assign_one(m, &x, 1, &label, &dist, &margin));
	ck_assert_int_eq(label, -1);
	ck_assert_double_eq_tol(dist, 9.0 - 4.5, 1e-12);
	ck_assert(margin == 0);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	fixture_free(&fx);
}
END_TEST

static int64_t *assign_labels(const cseg_model *m, const cseg_dataset *ds, int64_t n)
{
	cseg_assignment *a = NULL;
	int64_t *l = malloc((size_t)n * sizeof(int64_t));

	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, l, n));
	cseg_assignment_free(a);
	return l;
}

/* Save -> load (file and buffer) and copy give the same assignment. */
START_TEST(test_save_load_assign)
{
	fixture fx;
	cseg_dataset *ds;
	cseg_model *m, *loaded = NULL, *from_buf = NULL, *copy = NULL;
	void *buf = NULL;
	int64_t n, nbytes, *l0, *l1, *l2, *l3, v;
	double eps;
	char path[] = "/tmp/cseg_dbscan_XXXXXX";
	int fd = mkstemp(path);

	ck_assert(fd >= 0);
	close(fd);
	fixture_read("wholesale", &fx);
	n = fx.x.rows;
	ds = dataset_of(fx.x.v, n, fx.x.cols);
	m = fit_fixture(&fx, ds);
	ck_assert_ok(cseg_model_save(m, path));
	ck_assert_ok(cseg_model_load(&loaded, path));
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &nbytes));
	ck_assert_ok(cseg_model_load_buffer(&from_buf, buf, nbytes));
	ck_assert_ok(cseg_model_copy(&copy, m));
	l0 = assign_labels(m, ds, n);
	l1 = assign_labels(loaded, ds, n);
	l2 = assign_labels(from_buf, ds, n);
	l3 = assign_labels(copy, ds, n);
	ck_assert_mem_eq(l0, l1, (size_t)n * sizeof(int64_t));
	ck_assert_mem_eq(l0, l2, (size_t)n * sizeof(int64_t));
	ck_assert_mem_eq(l0, l3, (size_t)n * sizeof(int64_t));
	ck_assert_ok(cseg_model_get_double(loaded, CSEG_PARAM_DBSCAN_EPS, &eps));
	ck_assert(eps == fx.eps);
	ck_assert_ok(cseg_model_get_int(loaded, CSEG_PARAM_DBSCAN_MIN_SAMPLES, &v));
	ck_assert_int_eq(v, fx.min_samples);
	ck_assert_int_eq(result_int(loaded, CSEG_RESULT_N_CLUSTERS), result_int(m, CSEG_RESULT_N_CLUSTERS));
	ck_assert_int_eq(result_int(loaded, CSEG_RESULT_ALGO), CSEG_ALGO_DBSCAN);
	/* Loaded models keep no training labels. */
	ck_assert_status(cseg_model_get_labels(loaded, l1, n), CSEG_E_UNSUPPORTED);
	remove(path);
	cseg_free(buf);
	free(l0);
	free(l1);
	free(l2);
	free(l3);
	cseg_model_free(m);
	cseg_model_free(loaded);
	cseg_model_free(from_buf);
	cseg_model_free(copy);
	cseg_dataset_free(ds);
	fixture_free(&fx);
}
END_TEST

/* A model file whose arrays were tampered with is refused on load. */
START_TEST(test_load_refuses_bad_arrays)
{
	fixture fx;
	cseg_dataset *ds;
	cseg_model *m, *loaded = NULL;
	void *buf = NULL;
	int64_t nbytes;
	double *tree, saved;
	int64_t which = _i;
	const int64_t C = CSEG__CORE_TREE_COLS;

	fixture_read("blobs", &fx);
	ds = dataset_of(fx.x.v, fx.x.rows, fx.x.cols);
	m = fit_fixture(&fx, ds);
	/* Internal access: damage one entry of one array, then save. */
	if (which == 0) {
		tree = cseg__model_array(m, "core_tree")->data;
		saved = tree[0];
		tree[0] = tree[C];            /* a repeated component */
	} else if (which == 1) {
		int64_t nc = cseg__model_array(m, "core_tree")->rows;
		tree = cseg__model_array(m, "core_tree")->data;
		saved = tree[C * (nc / 2) + 1];
		tree[C * (nc / 2) + 1] = 7;   /* a split feature out of range */
	} else if (which == 2) {
		/* The first point in tree order lies at or below the root's split
		 * value: move it far above. */
		const cseg__array *t = cseg__model_array(m, "core_tree");
		int64_t root = t->rows / 2, dim = (int64_t)t->data[C * root + 1];
		int64_t first = (int64_t)t->data[0], d = fx.x.cols;
		double *comp = cseg__model_array(m, "components")->data;
		tree = comp;
		saved = comp[first * d + dim];
		comp[first * d + dim] = comp[(int64_t)t->data[C * root] * d + dim] + 1e3;
	} else if (which == 3) {
		tree = cseg__model_array(m, "core_labels")->data;
		saved = tree[0];
		tree[0] = 99;                 /* a cluster that does not exist */
	} else if (which == 4) {
		tree = cseg__model_array(m, "core_sample_indices")->data;
		saved = tree[1];
		tree[1] = tree[0];            /* not increasing */
	} else {
		/* The root claims one cluster for a mixed tree. */
		int64_t nc = cseg__model_array(m, "core_tree")->rows;
		tree = cseg__model_array(m, "core_tree")->data;
		saved = tree[C * (nc / 2) + 2];
		ck_assert(saved == -1);
		tree[C * (nc / 2) + 2] = 0;
	}
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &nbytes));
	ck_assert_status(cseg_model_load_buffer(&loaded, buf, nbytes), CSEG_E_FORMAT);
	ck_assert_ptr_null(loaded);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), which == 3 ? "core_labels" :
		which == 4 ? "core_sample_indices" : "core_tree"));
	(void)saved;
	cseg_free(buf);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	fixture_free(&fx);
}
END_TEST

/* Weighted fit with unit weights equals the unweighted fit; a heavier
 * point makes its neighbours core. */
START_TEST(test_weights)
{
	double x[] = { 0.0, 0.1, 0.2, 5.0, 5.1, 9.0 };
	double w1[] = { 1, 1, 1, 1, 1, 1 }, w3[] = { 1, 1, 1, 3, 1, 1 };
	cseg_dataset *ds = dataset_of(x, 6, 1);
	cseg_model *m = dbscan_new(0.15, 3);
	int64_t l[6], lw[6];

	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_labels(m, l, 6));
	ck_assert_ok(cseg_model_fit_weighted(m, ds, w1, 6));
	ck_assert_ok(cseg_model_get_labels(m, lw, 6));
	ck_assert_mem_eq(l, lw, sizeof(l));
	ck_assert_int_eq(l[0], 0);
	ck_assert_int_eq(l[3], -1);
	ck_assert_ok(cseg_model_fit_weighted(m, ds, w3, 6));
	ck_assert_ok(cseg_model_get_labels(m, lw, 6));
	ck_assert_int_eq(lw[3], 1);
	ck_assert_int_eq(lw[4], 1);
	ck_assert_int_eq(lw[5], -1);
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_CLUSTERS), 2);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

/* Data the general case rarely meets: one row, all rows identical,
 * min_samples 1 (every point its own core), many features. */
START_TEST(test_degenerate_data)
{
	double one[] = { 1.0, 2.0 }, same[40], wide[30 * 20];
	cseg_dataset *ds;
	cseg_model *m = dbscan_new(0.5, 1);
	int64_t l[40];

	ds = dataset_of(one, 1, 2);
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_CLUSTERS), 1);
	cseg_dataset_free(ds);

	for (int i = 0; i < 40; i++)
		same[i] = 3.0;
	ds = dataset_of(same, 40, 1);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, 40));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_labels(m, l, 40));
	for (int i = 0; i < 40; i++)
		ck_assert_int_eq(l[i], 0);
	cseg_dataset_free(ds);

	/* 30 points on a line in 20 dimensions, spaced 1 apart: eps 1 chains
	 * them into one cluster, eps 0.9 leaves each alone. */
	memset(wide, 0, sizeof(wide));
	for (int i = 0; i < 30; i++)
		wide[i * 20 + 7] = i;
	ds = dataset_of(wide, 30, 20);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, 2));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, 1.0));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_CLUSTERS), 1);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, 1));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, 0.9));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_CLUSTERS), 30);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

static int cancel_at_half(double fraction, void *payload)
{
	(void)payload;
	return fraction >= 0.5;
}

START_TEST(test_bad_inputs)
{
	double x[] = { 0, 0, 0.1, 0, 0.2, 0, 5, 5, 5.1, 5, 5.2, 5 };
	double w[] = { 1, 1, 1, 1, 1, 1 }, v, row[2] = { 0, 0 };
	cseg_dataset *ds = dataset_of(x, 6, 2), *ds3;
	cseg_model *m = dbscan_new(0.15, 3), *unfitted = NULL, *km = NULL;
	cseg_assignment *a = (cseg_assignment *)1;
	int64_t label, iv;
	double x3[18] = { 0 };

	/* Parameter bounds. */
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, 0.0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, -1.0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, NAN), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_EPS, INFINITY), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, -3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_EPS, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_set_double(NULL, CSEG_PARAM_DBSCAN_EPS, 1), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_get_double(m, CSEG_PARAM_DBSCAN_EPS, &v));
	ck_assert(v == 0.15);
	ck_assert_ok(cseg_model_new(&km, CSEG_ALGO_KMEANS));
	ck_assert_status(cseg_model_set_double(km, CSEG_PARAM_DBSCAN_EPS, 1), CSEG_E_UNSUPPORTED);
	cseg_model_free(km);

	/* Defaults, as sklearn. */
	ck_assert_ok(cseg_model_new(&unfitted, CSEG_ALGO_DBSCAN));
	ck_assert_ok(cseg_model_get_double(unfitted, CSEG_PARAM_DBSCAN_EPS, &v));
	ck_assert(v == 0.5);
	ck_assert_ok(cseg_model_get_int(unfitted, CSEG_PARAM_DBSCAN_MIN_SAMPLES, &iv));
	ck_assert_int_eq(iv, 5);

	/* Weights. */
	w[2] = -1;
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 6), CSEG_E_INVALID_ARG);
	w[2] = NAN;
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 6), CSEG_E_INVALID_ARG);
	w[2] = 1;
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 5), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit_weighted(m, ds, NULL, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(NULL, ds), CSEG_E_INVALID_ARG);

	/* Everything noise: a clear error, and the model stays unfitted. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, 4));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "no core point"));
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "min_samples=4"));
	ck_assert_status(cseg_model_assign_one(m, row, 2, &label, NULL, NULL), CSEG_E_NOT_FITTED);

	/* Cancelled by the progress callback. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_DBSCAN_MIN_SAMPLES, 3));
	ck_assert_ok(cseg_model_set_progress_callback(m, cancel_at_half, NULL));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_CANCELLED);
	ck_assert_ok(cseg_model_set_progress_callback(m, NULL, NULL));
	ck_assert_status(cseg_model_assign(m, ds, &a), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(a);

	/* Assignment arguments. */
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_int_eq(result_int(m, CSEG_RESULT_N_CLUSTERS), 2);
	ds3 = dataset_of(x3, 6, 3);
	ck_assert_status(cseg_model_assign(m, ds3, &a), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign(m, NULL, &a), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign(m, ds, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign_one(m, row, 3, &label, NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign_one(m, NULL, 2, &label, NULL, NULL), CSEG_E_INVALID_ARG);
	row[1] = NAN;
	ck_assert_status(cseg_model_assign_one(m, row, 2, &label, NULL, NULL), CSEG_E_MISSING_VALUES);
	row[1] = INFINITY;
	ck_assert_status(cseg_model_assign_one(m, row, 2, &label, NULL, NULL), CSEG_E_INVALID_ARG);
	row[1] = 0;
	ck_assert_ok(cseg_model_assign_one(m, row, 2, &label, NULL, NULL));
	ck_assert_int_eq(label, 0);
	ck_assert_status(cseg_model_get_array(m, "no_such_array", &v, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_get_array(m, "core_labels", &v, 1), CSEG_E_INVALID_ARG);

	cseg_dataset_free(ds3);
	cseg_model_free(unfitted);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

/* Missing values in the data are refused before any work. */
START_TEST(test_nan_data)
{
	double x[] = { 0, 0, 0.1, NAN, 0.2, 0 };
	cseg_dataset *ds = NULL;
	cseg_model *m = dbscan_new(0.5, 2);
	cseg_status st = cseg_dataset_new(&ds, x, 3, 2, CSEG_LAYOUT_ROW_MAJOR);

	if (st == CSEG_OK) {
		ck_assert_status(cseg_model_fit(m, ds), CSEG_E_MISSING_VALUES);
		cseg_dataset_free(ds);
	} else {
		ck_assert_ptr_null(ds);
	}
	cseg_model_free(m);
}
END_TEST

/* The core tree checker on hand-made trees. */
START_TEST(test_core_tree_check)
{
	const int64_t C = CSEG__CORE_TREE_COLS;
	double c[20 * 2], lab[20], tree[20 * 3];

	for (int i = 0; i < 20; i++) {
		c[2 * i] = (i * 7) % 20;
		c[2 * i + 1] = (i * 3) % 11;
		lab[i] = c[2 * i] < 10 ? 0 : 1;
	}
	ck_assert_ok(cseg__core_tree_build(tree, c, lab, 20, 2));
	ck_assert_ok(cseg__core_tree_check(tree, c, lab, 20, 2));
	tree[C * 10 + 1] = 2; /* feature 2 of a 2-feature tree */
	ck_assert_status(cseg__core_tree_check(tree, c, lab, 20, 2), CSEG_E_FORMAT);
	ck_assert_ok(cseg__core_tree_build(tree, c, lab, 20, 2));
	tree[0] = 20.5;
	ck_assert_status(cseg__core_tree_check(tree, c, lab, 20, 2), CSEG_E_FORMAT);
	ck_assert_ok(cseg__core_tree_build(tree, c, lab, 20, 2));
	tree[C * 3 + 2] = 1; /* a leaf row must carry -1 */
	ck_assert_status(cseg__core_tree_check(tree, c, lab, 20, 2), CSEG_E_FORMAT);
	ck_assert_ok(cseg__core_tree_build(tree, c, lab, 20, 2));
	{
		/* Swap the split point with a point of the right half. */
		double t = tree[C * 10];
		tree[C * 10] = tree[C * 19];
		tree[C * 19] = t;
		if (c[(int64_t)tree[C * 10] * 2 + (int64_t)tree[C * 10 + 1]] !=
		    c[(int64_t)tree[C * 19] * 2 + (int64_t)tree[C * 10 + 1]])
			ck_assert_status(cseg__core_tree_check(tree, c, lab, 20, 2), CSEG_E_FORMAT);
	}
}
END_TEST

static Suite *dbscan_suite(void)
{
	Suite *s = suite_create("dbscan");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_matches_sklearn, 0, N_CASES);
	tcase_add_test(tc, test_threads_agree);
	tcase_add_loop_test(tc, test_assign_matches_brute_force, 0, N_CASES);
	tcase_add_test(tc, test_bridge_border_points);
	tcase_add_test(tc, test_save_load_assign);
	tcase_add_loop_test(tc, test_load_refuses_bad_arrays, 0, 6);
	tcase_add_test(tc, test_weights);
	tcase_add_test(tc, test_degenerate_data);
	tcase_add_test(tc, test_bad_inputs);
	tcase_add_test(tc, test_nan_data);
	tcase_add_test(tc, test_core_tree_check);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(dbscan_suite());
}
