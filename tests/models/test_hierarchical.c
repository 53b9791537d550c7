/* Hierarchical clustering through the public API: agreement with
 * scipy.cluster.hierarchy (fixtures made by
 * tests/fixtures/hierarchical/gen_hclust.py) for the four linkages, cuts,
 * weighted and two-stage Ward, the memory budget, dendrogram export,
 * save/load/assign, determinism across threads and bad inputs. */
#include <math.h>
#include <stdint.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "test_util.h"

/* Internal (lib/models/hclust.h): searches of at least this many slots run in parallel. */
extern int64_t cseg__hclust_par_min;

typedef struct mat {
	int64_t rows, cols;
	double *v;
} mat;

static void read_mats(const char *name, int n, mat *out)
{
	FILE *f = fopen(test_fixture(name), "r");

	ck_assert_msg(f != NULL, "cannot open fixture %s", test_fixture(name));
	for (int i = 0; i < n; i++) {
		long long r, c;

		ck_assert_int_eq(fscanf(f, "%lld %lld", &r, &c), 2);
		out[i].rows = r;
		out[i].cols = c;
		out[i].v = malloc((size_t)(r * c > 0 ? r * c : 1) * sizeof(double));
		ck_assert_ptr_nonnull(out[i].v);
		for (long long j = 0; j < r * c; j++)
			ck_assert_int_eq(fscanf(f, "%lf", &out[i].v[j]), 1);
	}
	fclose(f);
}

static void free_mats(mat *m, int n)
{
	for (int i = 0; i < n; i++)
		free(m[i].v);
}

static cseg_dataset *dataset_of(const double *x, int64_t n, int64_t d)
{
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, x, n, d, CSEG_LAYOUT_ROW_MAJOR));
	return ds;
}

static cseg_model *hc_model(int linkage, int64_t k)
{
	cseg_model *m = NULL;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_HIERARCHICAL));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, linkage));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
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

static int64_t *train_labels(const cseg_model *m, int64_t n)
{
	int64_t *l = malloc((size_t)n * sizeof(int64_t));

	ck_assert_ok(cseg_model_get_labels(m, l, n));
	return l;
}

/* Same partition: a bijection between label sets. */
static void assert_same_partition(const int64_t *a, const double *b, int64_t n, const char *what)
{
	int64_t *fw = malloc((size_t)(2 * n + 2) * sizeof(int64_t));
	int64_t *bw = malloc((size_t)(2 * n + 2) * sizeof(int64_t));

	for (int64_t i = 0; i < 2 * n + 2; i++)
		fw[i] = bw[i] = -1;
	for (int64_t i = 0; i < n; i++) {
		int64_t la = a[i], lb = (int64_t)b[i];

		ck_assert(la >= 0 && la <= n && lb >= 0 && lb <= n);
		if (fw[la] < 0)
			fw[la] = lb;
		if (bw[lb] < 0)
			bw[lb] = la;
		ck_assert_msg(fw[la] == lb && bw[lb] == la, "%s: row %lld: partitions differ", what,
			(long long)i);
	}
	free(fw);
	free(bw);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static const char *const linkage_names[] = { "ward", "complete", "average", "single" };

/* One data set and linkage against SciPy. Ties: heights compared sorted and
 * cuts as partitions; otherwise the linkage matrix entry by entry. */
static void check_reference(const char *data, int linkage, int ties)
{
	char name[256];
	mat x, ref[5];
	cseg_dataset *ds;
	cseg_model *m;
	int64_t n, k, *labels, *cut;
	double t, *z;

	snprintf(name, sizeof(name), "hierarchical/%s_x.txt", data);
	read_mats(name, 1, &x);
	snprintf(name, sizeof(name), "hierarchical/%s_%s.txt", data, linkage_names[linkage]);
	read_mats(name, 5, ref);
	n = x.rows;
	k = (int64_t)ref[0].v[0];
	t = ref[0].v[1];
	ds = dataset_of(x.v, n, x.cols);
	m = hc_model(linkage, k);
	ck_assert_ok(cseg_model_fit(m, ds));
	z = get_array(m, "linkage", n - 1, 4);
	if (!ties) {
		for (int64_t i = 0; i < n - 1; i++) {
			ck_assert_msg(z[i * 4] == ref[1].v[i * 4] && z[i * 4 + 1] == ref[1].v[i * 4 + 1],
				"%s: row %lld merges %g %g, SciPy %g %g", name, (long long)i, z[i * 4],
				z[i * 4 + 1], ref[1].v[i * 4], ref[1].v[i * 4 + 1]);
			ck_assert_rel(z[i * 4 + 2], ref[1].v[i * 4 + 2], 1e-9);
			ck_assert(z[i * 4 + 3] == ref[1].v[i * 4 + 3]);
		}
	} else {
		double *a = malloc((size_t)(n - 1) * sizeof(double));
		double *b = malloc((size_t)(n - 1) * sizeof(double));

		for (int64_t i = 0; i < n - 1; i++) {
			a[i] = z[i * 4 + 2];
			b[i] = ref[1].v[i * 4 + 2];
		}
		qsort(a, (size_t)(n - 1), sizeof(double), cmp_double);
		qsort(b, (size_t)(n - 1), sizeof(double), cmp_double);
		for (int64_t i = 0; i < n - 1; i++) {
			if (b[i] == 0)
				ck_assert(a[i] == 0);
			else
				ck_assert_rel(a[i], b[i], 1e-9);
		}
		free(a);
		free(b);
	}
	/* The model's cut into k: fcluster maxclust without ties at the cut
	 * (the fixtures' k), cut_tree always. */
	labels = train_labels(m, n);
	ck_assert(labels[0] == 0);
	assert_same_partition(labels, ref[4].v, n, "model labels vs cut_tree");
	if (!ties)
		assert_same_partition(labels, ref[2].v, n, "model labels vs fcluster maxclust");
	free(labels);
	/* Cut by height through the model and through cseg_linkage_cut. */
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_CUT_HEIGHT, t));
	ck_assert_ok(cseg_model_fit(m, ds));
	labels = train_labels(m, n);
	assert_same_partition(labels, ref[3].v, n, "cut_height vs fcluster distance");
	free(labels);
	cut = malloc((size_t)n * sizeof(int64_t));
	ck_assert_ok(cseg_linkage_cut(ref[1].v, (n - 1) * 4, 0, t, cut, n));
	assert_same_partition(cut, ref[3].v, n, "cseg_linkage_cut(height) vs fcluster distance");
	ck_assert_ok(cseg_linkage_cut(ref[1].v, (n - 1) * 4, k, 0.0, cut, n));
	assert_same_partition(cut, ref[4].v, n, "cseg_linkage_cut(k) vs cut_tree");
	if (!ties)
		assert_same_partition(cut, ref[2].v, n, "cseg_linkage_cut(k) vs fcluster maxclust");
	free(cut);
	free(z);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	free(x.v);
	free_mats(ref, 5);
}

START_TEST(test_reference_blobs)
{
	check_reference("blobs", _i, 0);
}
END_TEST

START_TEST(test_reference_wholesale)
{
	check_reference("wholesale", _i, 0);
}
END_TEST

/* Lattice data: complete, average and single linkage run SciPy's exact
 * arithmetic, so ties resolve as SciPy's. */
START_TEST(test_reference_ties)
{
	check_reference("ties", _i + 1, 1);
}
END_TEST

START_TEST(test_reference_dups)
{
	check_reference("dups", _i, 1);
}
END_TEST

/* Ward on the lattice: merge heights tie (sqrt 3, 2, ...) and SciPy's
 * Lance-Williams rounding (1.9999999999999998 for 2) picks among tied
 * merges differently from the centroid form, which changes the later tree.
 * Check instead that every merge height is the Ward distance of the two
 * clusters it joins, recomputed from the data, and that heights are sorted. */
START_TEST(test_ward_ties_valid)
{
	mat x;
	cseg_dataset *ds;
	cseg_model *m;
	int64_t n, d, *owner;
	double *z, *cen, *cnt;

	read_mats("hierarchical/ties_x.txt", 1, &x);
	n = x.rows, d = x.cols;
	ds = dataset_of(x.v, n, d);
	m = hc_model(CSEG_LINKAGE_WARD, 4);
	ck_assert_ok(cseg_model_fit(m, ds));
	z = get_array(m, "linkage", n - 1, 4);
	cen = calloc((size_t)((2 * n - 1) * d), sizeof(double));
	cnt = calloc((size_t)(2 * n - 1), sizeof(double));
	owner = malloc((size_t)n * sizeof(int64_t));
	for (int64_t i = 0; i < n; i++) {
		memcpy(cen + i * d, x.v + i * d, (size_t)d * sizeof(double));
		cnt[i] = 1;
		owner[i] = i;
	}
	for (int64_t i = 0; i < n - 1; i++) {
		int64_t a = (int64_t)z[i * 4], b = (int64_t)z[i * 4 + 1], c = n + i;
		double q = 0, h;

		ck_assert(a < b && b < c);
		/* Centroids from the members, not by update. */
		for (int64_t r = 0; r < n; r++)
			if (owner[r] == a || owner[r] == b)
				owner[r] = c;
		for (int64_t r = 0; r < n; r++)
			if (owner[r] == c) {
				cnt[c] += 1;
				for (int64_t j = 0; j < d; j++)
					cen[c * d + j] += x.v[r * d + j];
			}
		for (int64_t j = 0; j < d; j++) {
			cen[c * d + j] /= cnt[c];
			q += pow(cen[a * d + j] - cen[b * d + j], 2);
		}
		ck_assert(cnt[c] == cnt[a] + cnt[b] && z[i * 4 + 3] == cnt[c]);
		h = sqrt(2.0 * cnt[a] * cnt[b] / (cnt[a] + cnt[b]) * q);
		if (h == 0)
			ck_assert(z[i * 4 + 2] == 0);
		else
			ck_assert_rel(z[i * 4 + 2], h, 1e-9);
		if (i > 0)
			ck_assert(z[i * 4 + 2] >= z[(i - 1) * 4 + 2]);
	}
	free(x.v), free(z), free(cen), free(cnt), free(owner);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

/* Centroids and inertia of the cut segments are the plain means. */
START_TEST(test_centroids_inertia)
{
	mat x;
	cseg_dataset *ds;
	cseg_model *m;
	int64_t n, d, k = 5, *labels;
	double *c, *mine, inertia = 0, got;

	read_mats("hierarchical/blobs_x.txt", 1, &x);
	n = x.rows, d = x.cols;
	ds = dataset_of(x.v, n, d);
	m = hc_model(CSEG_LINKAGE_AVERAGE, k);
	ck_assert_ok(cseg_model_fit(m, ds));
	labels = train_labels(m, n);
	c = calloc((size_t)(k * d), sizeof(double));
	mine = calloc((size_t)(k * d), sizeof(double));
	{
		double cnt[5] = { 0 };
		for (int64_t i = 0; i < n; i++) {
			cnt[labels[i]] += 1;
			for (int64_t j = 0; j < d; j++)
				mine[labels[i] * d + j] += x.v[i * d + j];
		}
		for (int64_t s = 0; s < k; s++)
			for (int64_t j = 0; j < d; j++)
				mine[s * d + j] /= cnt[s];
	}
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < d; j++)
			inertia += pow(x.v[i * d + j] - mine[labels[i] * d + j], 2);
	ck_assert_ok(cseg_model_get_centroids(m, c, k * d));
	for (int64_t i = 0; i < k * d; i++)
		ck_assert_rel(c[i], mine[i], 1e-12);
	ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &got));
	ck_assert_rel(got, inertia, 1e-10);
	free(c), free(mine), free(labels), free(x.v);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

/* Weighted Ward with integer weights = Ward on the rows repeated. */
START_TEST(test_weighted_ward_is_repetition)
{
	mat x;
	int64_t n, d, rep_n = 0;
	double *w, *rep, *zw, *zr, *hw, *hr;
	cseg_dataset *ds, *dr;
	cseg_model *mw, *mr;
	int64_t nz = 0;

	read_mats("hierarchical/wholesale_x.txt", 1, &x);
	n = 120, d = x.cols;
	w = malloc((size_t)n * sizeof(double));
	for (int64_t i = 0; i < n; i++) {
		w[i] = (double)(1 + i % 3);
		rep_n += (int64_t)w[i];
	}
	rep = malloc((size_t)(rep_n * d) * sizeof(double));
	for (int64_t i = 0, r = 0; i < n; i++)
		for (int64_t c = 0; c < (int64_t)w[i]; c++, r++)
			memcpy(rep + r * d, x.v + i * d, (size_t)d * sizeof(double));
	ds = dataset_of(x.v, n, d);
	dr = dataset_of(rep, rep_n, d);
	mw = hc_model(CSEG_LINKAGE_WARD, 3);
	mr = hc_model(CSEG_LINKAGE_WARD, 3);
	ck_assert_ok(cseg_model_fit_weighted(mw, ds, w, n));
	ck_assert_ok(cseg_model_fit(mr, dr));
	zw = get_array(mw, "linkage", n - 1, 4);
	zr = get_array(mr, "linkage", rep_n - 1, 4);
	/* The repeated rows first merge at height 0; the rest must match. */
	hw = malloc((size_t)n * sizeof(double));
	hr = malloc((size_t)rep_n * sizeof(double));
	for (int64_t i = 0; i < rep_n - 1; i++)
		if (zr[i * 4 + 2] > 0)
			hr[nz++] = zr[i * 4 + 2];
	ck_assert_int_eq(nz, n - 1);
	for (int64_t i = 0; i < n - 1; i++)
		ck_assert_rel(zw[i * 4 + 2], hr[i], 1e-9);
	/* Counts are rows, not weights. */
	ck_assert(zw[(n - 2) * 4 + 3] == (double)n);
	free(x.v), free(w), free(rep), free(zw), free(zr), free(hw), free(hr);
	cseg_model_free(mw);
	cseg_model_free(mr);
	cseg_dataset_free(ds);
	cseg_dataset_free(dr);
}
END_TEST

/* Blobs: n x d well-separated points from a fixed generator. */
static double *make_points(int64_t n, int64_t d, uint64_t seed)
{
	double *x = malloc((size_t)(n * d) * sizeof(double));
	uint64_t s = seed;

	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < d; j++) {
			double u;

			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			u = (double)(s >> 11) / 9007199254740992.0;
			x[i * d + j] = 10.0 * (double)((i % 4) == j % 4) + u;
		}
	return x;
}

START_TEST(test_two_stage)
{
	const int64_t n = 3000, d = 3, m_micro = 150;
	double *x = make_points(n, d, 1), *z, *mc, *ms, wsum = 0;
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = hc_model(CSEG_LINKAGE_WARD, 4), *l = NULL;
	int64_t *labels, rows, cols, *leaf;
	void *buf = NULL;
	int64_t nbuf = 0;

	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MICRO_CLUSTERS, m_micro));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 3));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_array_shape(m, "linkage", &rows, &cols));
	ck_assert_int_eq(rows, m_micro - 1);
	z = get_array(m, "linkage", m_micro - 1, 4);
	mc = get_array(m, "micro_centers", m_micro, d);
	ms = get_array(m, "micro_sizes", m_micro, 1);
	ck_assert(z[(m_micro - 2) * 4 + 3] == (double)n);
	for (int64_t i = 0; i < m_micro; i++)
		wsum += ms[i];
	ck_assert(wsum == (double)n);
	/* Each row's segment is its micro-cluster's: the nearest micro-centre. */
	labels = train_labels(m, n);
	leaf = malloc((size_t)m_micro * sizeof(int64_t));
	ck_assert_ok(cseg_linkage_cut(z, (m_micro - 1) * 4, 4, 0.0, leaf, m_micro));
	for (int64_t i = 0; i < n; i++) {
		int64_t best = 0;
		double bv = INFINITY;
		for (int64_t c = 0; c < m_micro; c++) {
			double q = 0;
			for (int64_t j = 0; j < d; j++)
				q += pow(x[i * d + j] - mc[c * d + j], 2);
			if (q < bv)
				bv = q, best = c;
		}
		ck_assert_int_eq(labels[i], leaf[best]);
	}
	/* Ward's heights on the micro-clusters equal exact weighted Ward on them. */
	{
		cseg_dataset *dm = dataset_of(mc, m_micro, d);
		cseg_model *e = hc_model(CSEG_LINKAGE_WARD, 4);
		double *ze;

		ck_assert_ok(cseg_model_fit_weighted(e, dm, ms, m_micro));
		ze = get_array(e, "linkage", m_micro - 1, 4);
		for (int64_t i = 0; i < m_micro - 1; i++)
			ck_assert_rel(ze[i * 4 + 2], z[i * 4 + 2], 1e-12);
		free(ze);
		cseg_model_free(e);
		cseg_dataset_free(dm);
	}
	/* The micro arrays survive a model file. */
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &nbuf));
	ck_assert_ok(cseg_model_load_buffer(&l, buf, nbuf));
	ck_assert_ok(cseg_model_array_shape(l, "micro_centers", &rows, &cols));
	ck_assert_int_eq(rows, m_micro);
	/* Two-stage is Ward's only; k must fit in the micro-clusters. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, CSEG_LINKAGE_AVERAGE));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, CSEG_LINKAGE_WARD));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, m_micro + 1));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MICRO_CLUSTERS, 1));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	/* Auto at this size and micro_clusters >= n are exact. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 4));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MICRO_CLUSTERS, -1));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_array_shape(m, "linkage", &rows, &cols));
	ck_assert_int_eq(rows, n - 1);
	ck_assert_status(cseg_model_array_shape(m, "micro_centers", &rows, &cols), CSEG_E_UNSUPPORTED);
	cseg_free(buf);
	free(x), free(z), free(mc), free(ms), free(labels), free(leaf);
	cseg_model_free(l);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

/* Duplicated rows: fewer distinct micro-clusters than asked. */
START_TEST(test_two_stage_duplicates)
{
	const int64_t n = 400, d = 2;
	double *x = malloc((size_t)(n * d) * sizeof(double));
	cseg_dataset *ds;
	cseg_model *m = hc_model(CSEG_LINKAGE_WARD, 3);
	int64_t rows, cols;

	for (int64_t i = 0; i < n; i++) {
		x[i * d] = (double)(i % 10);
		x[i * d + 1] = (double)((i / 10) % 2);
	}
	ds = dataset_of(x, n, d);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MICRO_CLUSTERS, 50));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_array_shape(m, "linkage", &rows, &cols));
	ck_assert(rows + 1 <= 20);
	free(x);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(test_memory_budget)
{
	const int64_t n = 1200, d = 2;
	double *x = make_points(n, d, 2);
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = hc_model(CSEG_LINKAGE_COMPLETE, 3);

	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_MEMORY_MB, 5));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_NOMEM);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "5755200 bytes"));
	ck_assert_status(cseg_model_get_labels(m, NULL, 0), CSEG_E_NOT_FITTED);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, CSEG_LINKAGE_AVERAGE));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_NOMEM);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_MEMORY_MB, 6));
	ck_assert_ok(cseg_model_fit(m, ds));
	/* Ward and single linkage need no matrix. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_MEMORY_MB, 1));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, CSEG_LINKAGE_WARD));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, CSEG_LINKAGE_SINGLE));
	ck_assert_ok(cseg_model_fit(m, ds));
	free(x);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(test_save_load_assign)
{
	mat x;
	cseg_dataset *ds;
	cseg_model *m, *l = NULL;
	cseg_assignment *a = NULL, *b = NULL;
	char path[] = "/tmp/cseg_hclust_XXXXXX";
	int fd = mkstemp(path);
	int64_t n, d, *la, *lb, k;
	double *z1, *z2;

	ck_assert(fd >= 0);
	close(fd);
	read_mats("hierarchical/wholesale_x.txt", 1, &x);
	n = x.rows, d = x.cols;
	ds = dataset_of(x.v, n, d);
	m = hc_model(_i, 6);
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_save(m, path));
	ck_assert_ok(cseg_model_load(&l, path));
	ck_assert_ok(cseg_model_get_int(l, CSEG_PARAM_LINKAGE, &k));
	ck_assert_int_eq(k, _i);
	ck_assert_ok(cseg_model_get_int(l, CSEG_RESULT_N_CLUSTERS, &k));
	ck_assert_int_eq(k, 6);
	z1 = get_array(m, "linkage", n - 1, 4);
	z2 = get_array(l, "linkage", n - 1, 4);
	ck_assert(memcmp(z1, z2, (size_t)((n - 1) * 4) * sizeof(double)) == 0);
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_model_assign(l, ds, &b));
	la = malloc((size_t)n * sizeof(int64_t));
	lb = malloc((size_t)n * sizeof(int64_t));
	ck_assert_ok(cseg_assignment_get_labels(a, la, n));
	ck_assert_ok(cseg_assignment_get_labels(b, lb, n));
	ck_assert(memcmp(la, lb, (size_t)n * sizeof(int64_t)) == 0);
	/* Assignment is to the nearest segment centroid. */
	{
		double *c = malloc((size_t)(6 * d) * sizeof(double));
		ck_assert_ok(cseg_model_get_centroids(l, c, 6 * d));
		for (int64_t i = 0; i < n; i++) {
			int64_t best = 0, one;
			double bv = INFINITY;
			for (int64_t s = 0; s < 6; s++) {
				double q = 0;
				for (int64_t j = 0; j < d; j++)
					q += pow(x.v[i * d + j] - c[s * d + j], 2);
				if (q < bv)
					bv = q, best = s;
			}
			ck_assert_int_eq(lb[i], best);
			ck_assert_ok(cseg_model_assign_one(l, x.v + i * d, d, &one, NULL, NULL));
			ck_assert_int_eq(one, best);
		}
		free(c);
	}
	unlink(path);
	free(x.v), free(z1), free(z2), free(la), free(lb);
	cseg_assignment_free(a);
	cseg_assignment_free(b);
	cseg_model_free(l);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long len;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)len + 1);
	ck_assert_int_eq(fread(s, 1, (size_t)len, f), (size_t)len);
	s[len] = '\0';
	fclose(f);
	return s;
}

static int64_t count_of(const char *s, const char *needle)
{
	int64_t c = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		c++;
	return c;
}

START_TEST(test_dendrogram)
{
	mat x;
	cseg_dataset *ds;
	cseg_model *m, *km = NULL;
	char path[] = "/tmp/cseg_dendro_XXXXXX";
	int fd = mkstemp(path);
	char *s;
	int64_t n;

	ck_assert(fd >= 0);
	close(fd);
	read_mats("hierarchical/blobs_x.txt", 1, &x);
	n = x.rows;
	ds = dataset_of(x.v, n, x.cols);
	m = hc_model(CSEG_LINKAGE_WARD, 5);
	ck_assert_status(cseg_model_write_dendrogram(m, path, 0), CSEG_E_NOT_FITTED);
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_write_dendrogram(m, path, 0));
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "\"format\": \"cseg-dendrogram\""));
	ck_assert_ptr_nonnull(strstr(s, "\"linkage\": \"ward\""));
	ck_assert_ptr_nonnull(strstr(s, "\"root\": 598"));
	ck_assert_int_eq(count_of(s, "\"children\""), n - 1);
	ck_assert_int_eq(count_of(s, "\"segment\""), 0);
	ck_assert_ptr_nonnull(strstr(s, "{\"id\": 598, \"children\""));
	free(s);
	ck_assert_ok(cseg_model_write_dendrogram(m, path, 1));
	s = slurp(path);
	ck_assert_int_eq(count_of(s, "\"segment\""), n);
	ck_assert_int_gt(count_of(s, "\"segment\": 4}"), 0);
	ck_assert_int_eq(count_of(s, "\"segment\": 5}"), 0);
	free(s);
	/* Bad inputs. */
	ck_assert_status(cseg_model_write_dendrogram(NULL, path, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_write_dendrogram(m, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_write_dendrogram(m, "/nonexistent-dir/x.json", 0), CSEG_E_IO);
	ck_assert_ok(cseg_model_new(&km, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(km, CSEG_PARAM_K, 3));
	ck_assert_ok(cseg_model_fit(km, ds));
	ck_assert_status(cseg_model_write_dendrogram(km, path, 0), CSEG_E_UNSUPPORTED);
	unlink(path);
	free(x.v);
	cseg_model_free(km);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

/* Above the parallel threshold: the same linkage with 1 and 2 threads. */
START_TEST(test_threads_deterministic)
{
	const int64_t n = 2500, d = 4;
	double *x = make_points(n, d, 5), *z[2];
	cseg_dataset *ds = dataset_of(x, n, d);
	int linkage = _i == 0 ? CSEG_LINKAGE_WARD : CSEG_LINKAGE_SINGLE;

#ifdef _OPENMP
	omp_set_num_threads(2);
#endif
	cseg__hclust_par_min = 1024;
	for (int t = 0; t < 2; t++) {
		cseg_model *m = hc_model(linkage, 4);

		ck_assert_ok(cseg_set_max_threads(t + 1));
		ck_assert_ok(cseg_model_fit(m, ds));
		z[t] = get_array(m, "linkage", n - 1, 4);
		cseg_model_free(m);
	}
	ck_assert_ok(cseg_set_max_threads(0));
	cseg__hclust_par_min = 65536;
	ck_assert(memcmp(z[0], z[1], (size_t)((n - 1) * 4) * sizeof(double)) == 0);
	free(z[0]), free(z[1]), free(x);
	cseg_dataset_free(ds);
}
END_TEST

static int cancel_half(double fraction, void *payload)
{
	(void)payload;
	return fraction > 0.5;
}

START_TEST(test_cancel)
{
	const int64_t n = 500, d = 2;
	double *x = make_points(n, d, 9);
	cseg_dataset *ds = dataset_of(x, n, d);
	cseg_model *m = hc_model(_i, 3);

	ck_assert_ok(cseg_model_set_progress_callback(m, cancel_half, NULL));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_CANCELLED);
	ck_assert_status(cseg_model_write_dendrogram(m, "/tmp/x.json", 0), CSEG_E_NOT_FITTED);
	free(x);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(test_bad_fit_inputs)
{
	double x[] = { 0, 0, 1, 1, 2, 2, 3, 3 }, w[] = { 1, 0, 1, 1 };
	double big[] = { 0, 1e200, 1, 2 }, nan_x[] = { 0, NAN, 1, 1 };
	cseg_dataset *ds = dataset_of(x, 4, 2), *one = dataset_of(x, 1, 2);
	cseg_dataset *dbig = dataset_of(big, 2, 2), *dnan = dataset_of(nan_x, 2, 2);
	cseg_model *m = hc_model(CSEG_LINKAGE_WARD, 2), *km = NULL;

	ck_assert_status(cseg_model_fit(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(m, one), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(m, dnan), CSEG_E_MISSING_VALUES);
	ck_assert_status(cseg_model_fit(m, dbig), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 4), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "weights[1]"));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 5));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	/* Parameter bounds. */
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_K, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_LINKAGE, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_CUT_HEIGHT, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_CUT_HEIGHT, NAN), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_CUT_HEIGHT, INFINITY), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_MAX_MEMORY_MB, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_MICRO_CLUSTERS, -2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_LINKAGE, 1), CSEG_E_UNSUPPORTED);
	ck_assert_ok(cseg_model_new(&km, CSEG_ALGO_KMEANS));
	ck_assert_status(cseg_model_set_int(km, CSEG_PARAM_LINKAGE, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_set_double(km, CSEG_PARAM_CUT_HEIGHT, 1), CSEG_E_UNSUPPORTED);
	/* A cut height above every merge gives one segment; k = n gives n. */
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_CUT_HEIGHT, 1e9));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 4));
	ck_assert_ok(cseg_model_fit(m, ds));
	{
		int64_t k;
		ck_assert_ok(cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k));
		ck_assert_int_eq(k, 1);
		ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_CUT_HEIGHT, 0));
		ck_assert_ok(cseg_model_fit(m, ds));
		ck_assert_ok(cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k));
		ck_assert_int_eq(k, 4);
	}
	ck_assert_str_eq(cseg_linkage_name(CSEG_LINKAGE_AVERAGE), "average");
	ck_assert_ptr_null(cseg_linkage_name((cseg_linkage)7));
	cseg_model_free(km);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	cseg_dataset_free(one);
	cseg_dataset_free(dbig);
	cseg_dataset_free(dnan);
}
END_TEST

START_TEST(test_bad_cut_inputs)
{
	/* 4 leaves: (0,1) at 1, (2,3) at 2, (4,5) at 3. */
	double z[] = { 0, 1, 1, 2, 2, 3, 2, 2, 4, 5, 3, 4 }, bad[12];
	int64_t out[4] = { 9, 9, 9, 9 };

	ck_assert_ok(cseg_linkage_cut(z, 12, 2, 0.0, out, 4));
	ck_assert(out[0] == 0 && out[1] == 0 && out[2] == 1 && out[3] == 1);
	ck_assert_ok(cseg_linkage_cut(z, 12, 0, 1.5, out, 4));
	ck_assert(out[0] == 0 && out[1] == 0 && out[2] == 1 && out[3] == 2);
	ck_assert_ok(cseg_linkage_cut(z, 12, 4, 0.0, out, 4));
	ck_assert(out[0] == 0 && out[1] == 1 && out[2] == 2 && out[3] == 3);
	ck_assert_ok(cseg_linkage_cut(z, 12, 1, 0.0, out, 4));
	ck_assert(out[0] == 0 && out[3] == 0);
	ck_assert_ok(cseg_linkage_cut(NULL, 0, 1, 0.0, out, 1));
	ck_assert_int_eq(out[0], 0);
	memcpy(out, (int64_t[]){ 7, 7, 7, 7 }, sizeof(out));
	ck_assert_status(cseg_linkage_cut(NULL, 12, 2, 0, out, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 12, 2, 0, NULL, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 12, 2, 0, out, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 8, 2, 0, out, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 12, 0, 0, out, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 12, 5, 0, out, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 12, 2, NAN, out, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 12, 2, -1, out, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_linkage_cut(z, 12, 2, INFINITY, out, 4), CSEG_E_INVALID_ARG);
	memcpy(bad, z, sizeof(bad));
	bad[4] = 6; /* row 1 refers to a cluster not made yet */
	ck_assert_status(cseg_linkage_cut(bad, 12, 2, 0, out, 4), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "row 1"));
	memcpy(bad, z, sizeof(bad));
	bad[4] = 1; /* leaf 1 merged twice */
	ck_assert_status(cseg_linkage_cut(bad, 12, 2, 0, out, 4), CSEG_E_INVALID_ARG);
	memcpy(bad, z, sizeof(bad));
	bad[10] = 0.5; /* heights not sorted */
	ck_assert_status(cseg_linkage_cut(bad, 12, 2, 0, out, 4), CSEG_E_INVALID_ARG);
	memcpy(bad, z, sizeof(bad));
	bad[2] = NAN;
	ck_assert_status(cseg_linkage_cut(bad, 12, 2, 0, out, 4), CSEG_E_INVALID_ARG);
	memcpy(bad, z, sizeof(bad));
	bad[0] = 0.5;
	ck_assert_status(cseg_linkage_cut(bad, 12, 2, 0, out, 4), CSEG_E_INVALID_ARG);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(out[i], 7);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hierarchical");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_reference_blobs, 0, 4);
	tcase_add_loop_test(tc, test_reference_wholesale, 0, 4);
	tcase_add_loop_test(tc, test_reference_ties, 0, 3);
	tcase_add_loop_test(tc, test_reference_dups, 0, 4);
	tcase_add_test(tc, test_ward_ties_valid);
	tcase_add_test(tc, test_centroids_inertia);
	tcase_add_test(tc, test_weighted_ward_is_repetition);
	tcase_add_test(tc, test_two_stage);
	tcase_add_test(tc, test_two_stage_duplicates);
	tcase_add_test(tc, test_memory_budget);
	tcase_add_loop_test(tc, test_save_load_assign, 0, 4);
	tcase_add_test(tc, test_dendrogram);
	tcase_add_loop_test(tc, test_threads_deterministic, 0, 2);
	tcase_add_loop_test(tc, test_cancel, 0, 4);
	tcase_add_test(tc, test_bad_fit_inputs);
	tcase_add_test(tc, test_bad_cut_inputs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(suite());
}
