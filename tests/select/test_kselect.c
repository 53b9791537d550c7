/* Choosing k: the gap rules and W_k against R's cluster package, the
 * adjusted Rand index against sklearn, and the table and recommendation on
 * data whose answer is known (tests/fixtures/kselect/gen_kselect.R, gen_ari.py). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "select/kselect_internal.h"

static FILE *open_fixture(const char *name)
{
	char file[256];
	FILE *fp;

	snprintf(file, sizeof(file), "kselect/%s", name);
	fp = fopen(test_fixture(file), "r");
	ck_assert_msg(fp != NULL, "cannot open %s", test_fixture(file));
	return fp;
}

static void skip_comment(FILE *fp)
{
	int c = fgetc(fp);

	if (c == '#') {
		while ((c = fgetc(fp)) != '\n' && c != EOF)
			;
	} else if (c != EOF) {
		ungetc(c, fp);
	}
}

START_TEST(gap_rules_match_r_maxse)
{
	FILE *fp = open_fixture("maxse.txt");
	int rule, cases = 0;
	double factor;
	long long n;

	skip_comment(fp);
	while (fscanf(fp, "%d %lf %lld", &rule, &factor, &n) == 3) {
		double g[16], s[16];
		long long want;
		int64_t got = -1;

		ck_assert(n >= 1 && n <= 16);
		for (long long i = 0; i < n; i++)
			ck_assert_int_eq(fscanf(fp, "%lf", &g[i]), 1);
		for (long long i = 0; i < n; i++)
			ck_assert_int_eq(fscanf(fp, "%lf", &s[i]), 1);
		ck_assert_int_eq(fscanf(fp, "%lld", &want), 1);
		ck_assert_ok(cseg_gap_choose(g, s, n, rule, factor, &got));
		ck_assert_msg(got + 1 == want, "case %d (rule %d, factor %g): got %lld, R says %lld",
			cases, rule, factor, (long long)got + 1, want);
		cases++;
	}
	ck_assert_int_gt(cases, 200);
	fclose(fp);
}
END_TEST

START_TEST(gap_choose_rejects_bad_input)
{
	double g[3] = { 0.1, 0.2, 0.15 }, s[3] = { 0.01, 0.01, 0.01 };
	int64_t idx;

	ck_assert_status(cseg_gap_choose(NULL, s, 3, 0, 1, &idx), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gap_choose(g, NULL, 3, 0, 1, &idx), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gap_choose(g, s, 3, 0, 1, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gap_choose(g, s, 0, 0, 1, &idx), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gap_choose(g, s, 3, 9, 1, &idx), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gap_choose(g, s, 3, 0, -1, &idx), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_gap_choose(g, s, 3, 0, NAN, &idx), CSEG_E_INVALID_ARG);
	g[1] = NAN;
	ck_assert_status(cseg_gap_choose(g, s, 3, 0, 1, &idx), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "gap[1]"));
	g[1] = 0.2;
	s[2] = -0.1;
	ck_assert_status(cseg_gap_choose(g, s, 3, 0, 1, &idx), CSEG_E_INVALID_ARG);
}
END_TEST

START_TEST(knee_of_known_curves)
{
	/* inertia-like: steep to k = 3, flat after */
	double x[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	double y[8] = { 100, 60, 20, 17, 15, 14, 13, 12.5 };
	double line[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	int64_t idx;

	ck_assert_ok(cseg_knee(x, y, 8, &idx));
	ck_assert_int_eq(idx, 2);
	ck_assert_ok(cseg_knee(x, line, 8, &idx));
	ck_assert_int_eq(idx, -1);
	ck_assert_status(cseg_knee(x, y, 2, &idx), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_knee(NULL, y, 8, &idx), CSEG_E_INVALID_ARG);
	x[3] = 3;
	ck_assert_status(cseg_knee(x, y, 8, &idx), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "increase"));
	x[3] = 4;
	y[5] = INFINITY;
	ck_assert_status(cseg_knee(x, y, 8, &idx), CSEG_E_INVALID_ARG);
}
END_TEST

START_TEST(adjusted_rand_matches_sklearn)
{
	FILE *fp = open_fixture("ari.txt");
	long long n;
	int cases = 0;

	skip_comment(fp);
	while (fscanf(fp, "%lld", &n) == 1) {
		int64_t *a = malloc((size_t)n * sizeof(*a)), *b = malloc((size_t)n * sizeof(*b));
		double want, got;
		long long v;

		for (long long i = 0; i < n; i++)
		{
			ck_assert_int_eq(fscanf(fp, "%lld", &v), 1);
			a[i] = v;
		}
		for (long long i = 0; i < n; i++)
		{
			ck_assert_int_eq(fscanf(fp, "%lld", &v), 1);
			b[i] = v;
		}
		ck_assert_int_eq(fscanf(fp, "%lf", &want), 1);
		ck_assert_ok(cseg_metric_adjusted_rand(a, b, n, &got));
		ck_assert_msg(fabs(got - want) <= 1e-12 * fmax(1, fabs(want)),
			"case %d: got %.17g, sklearn %.17g", cases, got, want);
		free(a);
		free(b);
		cases++;
	}
	ck_assert_int_ge(cases, 11);
	fclose(fp);
	{
		int64_t a[2] = { 0, 1 };
		double out;
		ck_assert_status(cseg_metric_adjusted_rand(NULL, a, 2, &out), CSEG_E_INVALID_ARG);
		ck_assert_status(cseg_metric_adjusted_rand(a, a, 0, &out), CSEG_E_INVALID_ARG);
		ck_assert_status(cseg_metric_adjusted_rand(a, a, 2, NULL), CSEG_E_INVALID_ARG);
	}
}
END_TEST

/* gap_blobs.txt: the data, then per space the R table. */
typedef struct gap_ref {
	cseg_dataset *ds;
	double log_w[2][6], gap[2][6], se[2][6];
	int k[2];
} gap_ref;

static void read_row(FILE *fp, const char *key, double *v, int n)
{
	char word[32];

	ck_assert_int_eq(fscanf(fp, "%31s", word), 1);
	ck_assert_str_eq(word, key);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(fscanf(fp, "%lf", &v[i]), 1);
}

static void gap_ref_load(gap_ref *r)
{
	FILE *fp = open_fixture("gap_blobs.txt");
	double x[300];
	char word[32];
	int rows;

	skip_comment(fp);
	ck_assert_int_eq(fscanf(fp, "rows %d", &rows), 1);
	ck_assert_int_eq(rows, 150);
	for (int i = 0; i < 300; i++)
		ck_assert_int_eq(fscanf(fp, "%lf", &x[i]), 1);
	ck_assert_ok(cseg_dataset_new(&r->ds, x, 150, 2, CSEG_LAYOUT_ROW_MAJOR));
	for (int s = 0; s < 2; s++) {
		char space[32];
		ck_assert_int_eq(fscanf(fp, "%31s %31s", word, space), 2);
		read_row(fp, "logW", r->log_w[s], 6);
		read_row(fp, "gap", r->gap[s], 6);
		read_row(fp, "se", r->se[s], 6);
		ck_assert_int_eq(fscanf(fp, " k %d", &r->k[s]), 1);
	}
	fclose(fp);
}

static void get_col(const cseg_kselect *ks, int col, double *out, int64_t n)
{
	ck_assert_ok(cseg_kselect_get_column(ks, col, out, n));
}

START_TEST(gap_statistic_agrees_with_clusgap)
{
	static const int spaces[2] = { CSEG_GAP_SCALED_PCA, CSEG_GAP_ORIGINAL };
	gap_ref r;

	gap_ref_load(&r);
	for (int s = 0; s < 2; s++) {
		cseg_kselect *ks = NULL;
		double log_w[6], gap[6], se[6];
		int64_t k;

		ck_assert_ok(cseg_kselect_new(&ks));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MIN, 1));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MAX, 6));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_GAP_B, 100));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_GAP_SPACE, spaces[s]));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_BOOTSTRAP_B, 0));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_N_INIT, 10));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_CRITERION, CSEG_CRITERION_GAP));
		ck_assert_ok(cseg_kselect_run(ks, r.ds));
		ck_assert_int_eq(cseg_kselect_n_rows(ks), 6);
		get_col(ks, CSEG_KSEL_LOG_W, log_w, 6);
		get_col(ks, CSEG_KSEL_GAP, gap, 6);
		get_col(ks, CSEG_KSEL_GAP_SE, se, 6);
		/* The data's partitions are unambiguous up to k = 3: log W is exact. */
		for (int i = 0; i < 3; i++)
			ck_assert_rel(log_w[i], r.log_w[s][i], 1e-9);
		/* Gaps are Monte Carlo means: within four combined standard errors. */
		for (int i = 0; i < 6; i++)
			ck_assert_msg(fabs(gap[i] - r.gap[s][i]) < 4 * (se[i] + r.se[s][i]),
				"space %d k %d: gap %g, R %g (se %g, %g)", s, i + 1, gap[i], r.gap[s][i], se[i],
				r.se[s][i]);
		ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_GAP_K, &k));
		ck_assert_int_eq(k, r.k[s]);
		ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_RECOMMENDED_K, &k));
		ck_assert_int_eq(k, 3);
		cseg_kselect_free(ks);
	}
	cseg_dataset_free(r.ds);
}
END_TEST

START_TEST(table_criteria_and_limits)
{
	cseg_kselect *ks = NULL;
	gap_ref r;
	double col[7], sil[7], size[7];
	int64_t k, n;

	gap_ref_load(&r);
	ck_assert_ok(cseg_kselect_new(&ks));
	ck_assert_status(cseg_kselect_get_int(ks, CSEG_KSELECT_RECOMMENDED_K, &k), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_kselect_get_column(ks, CSEG_KSEL_K, col, 0), CSEG_E_NOT_FITTED);
	ck_assert_int_eq(cseg_kselect_n_rows(ks), 0);
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MIN, 2));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MAX, 8));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_GAP_B, 5));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_BOOTSTRAP_B, 5));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_SEED, 3));
	ck_assert_ok(cseg_kselect_run(ks, r.ds));
	n = cseg_kselect_n_rows(ks);
	ck_assert_int_eq(n, 7);
	get_col(ks, CSEG_KSEL_K, col, n);
	ck_assert(col[0] == 2 && col[6] == 8);
	get_col(ks, CSEG_KSEL_SILHOUETTE, sil, n);
	get_col(ks, CSEG_KSEL_MIN_SIZE, size, n);
	ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_RECOMMENDED_K, &k));
	ck_assert_int_eq(k, 3);                 /* silhouette peaks at the true k */
	ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_ELBOW_K, &k));
	ck_assert_int_eq(k, 3);
	get_col(ks, CSEG_KSEL_STABILITY, col, n);
	ck_assert_msg(col[1] > 0.99, "stability at k = 3: %g", col[1]);
	get_col(ks, CSEG_KSEL_BIC, col, n);
	ck_assert(isnan(col[0]));               /* mixtures not asked for */
	get_col(ks, CSEG_KSEL_INERTIA, col, n);
	for (int i = 1; i < n; i++)
		ck_assert(col[i] <= col[i - 1] * (1 + 1e-9));

	/* The business can act on 2 segments at most: the best of k = 2. */
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_MAX_SEGMENTS, 2));
	ck_assert_ok(cseg_kselect_run(ks, r.ds));
	ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_RECOMMENDED_K, &k));
	ck_assert_int_eq(k, 2);
	/* Segments of at least 50 customers: the three blobs qualify, splits do not. */
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_MAX_SEGMENTS, 0));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_MIN_SIZE, 50));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_CRITERION, CSEG_CRITERION_CALINSKI));
	ck_assert_ok(cseg_kselect_run(ks, r.ds));
	ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_RECOMMENDED_K, &k));
	ck_assert_int_eq(k, 3);
	for (int i = 2; i < n; i++)
		ck_assert(size[i] < 50);            /* k >= 4 splits a blob */
	/* 51: even k = 2 (a blob of 50 alone) fails. */
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_MIN_SIZE, 51));
	ck_assert_ok(cseg_kselect_run(ks, r.ds));
	ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_RECOMMENDED_K, &k));
	ck_assert_int_eq(k, 0);                 /* nothing qualifies: said, not guessed */
	cseg_kselect_free(ks);
	cseg_dataset_free(r.ds);
	(void)sil;
}
END_TEST

START_TEST(same_seed_same_table)
{
	cseg_kselect *a = NULL, *b = NULL;
	double ca[4], cb[4];
	gap_ref r;

	gap_ref_load(&r);
	ck_assert_ok(cseg_kselect_new(&a));
	ck_assert_ok(cseg_kselect_new(&b));
	for (int i = 0; i < 2; i++) {
		cseg_kselect *ks = i ? b : a;
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MAX, 4));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_GAP_B, 3));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_BOOTSTRAP_B, 2));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_GAP_D_POWER, 1));
		ck_assert_ok(cseg_kselect_run(ks, r.ds));
	}
	for (int c = CSEG_KSEL_K; c <= CSEG_KSEL_STABILITY; c++) {
		get_col(a, c, ca, 4);
		get_col(b, c, cb, 4);
		ck_assert_mem_eq(ca, cb, sizeof(ca));
	}
	cseg_kselect_free(a);
	cseg_kselect_free(b);
	cseg_dataset_free(r.ds);
}
END_TEST

START_TEST(log_w_matches_clusgap_w_k)
{
	FILE *fp = open_fixture("logw.txt");
	double w1, w2, got;
	int64_t labels[150];
	long long v;
	gap_ref r;

	gap_ref_load(&r);
	skip_comment(fp);
	ck_assert_int_eq(fscanf(fp, "labels"), 0);
	for (int i = 0; i < 150; i++)
	{
		ck_assert_int_eq(fscanf(fp, "%lld", &v), 1);
		labels[i] = v;
	}
	ck_assert_int_eq(fscanf(fp, " logw1 %lf logw2 %lf", &w1, &w2), 2);
	fclose(fp);
	ck_assert_ok(cseg__kselect_log_w(r.ds, labels, 3, 1, &got));
	ck_assert_rel(got, w1, 1e-12);
	ck_assert_ok(cseg__kselect_log_w(r.ds, labels, 3, 2, &got));
	ck_assert_rel(got, w2, 1e-12);
	cseg_dataset_free(r.ds);
}
END_TEST

START_TEST(bad_settings_and_runs)
{
	cseg_kselect *ks = NULL;
	cseg_dataset *ds = NULL;
	double x[8] = { 0, 1, 2, 3, 4, 5, 6, 7 }, v[1];
	int64_t out;

	ck_assert_status(cseg_kselect_new(NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_kselect_new(&ks));
	ck_assert_status(cseg_kselect_set_int(NULL, CSEG_KSELECT_K_MAX, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MIN, 0), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "k_min"));
	ck_assert_status(cseg_kselect_set_int(ks, CSEG_KSELECT_GAP_D_POWER, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_kselect_set_int(ks, CSEG_KSELECT_CRITERION, 99), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_kselect_set_int(ks, CSEG_KSELECT_RECOMMENDED_K, 3), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_kselect_set_int(ks, (cseg_kselect_key)77, 3), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_kselect_set_double(ks, CSEG_KSELECT_GAP_SE_FACTOR, NAN), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_kselect_set_double(ks, CSEG_KSELECT_K_MIN, 1.0), CSEG_E_UNSUPPORTED);
	ck_assert_ok(cseg_kselect_set_double(ks, CSEG_KSELECT_GAP_SE_FACTOR, 2.0));
	ck_assert_status(cseg_kselect_get_int(ks, CSEG_KSELECT_K_MIN, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_kselect_get_int(ks, CSEG_KSELECT_K_MAX, &out));
	ck_assert_int_eq(out, 10);
	ck_assert_status(cseg_kselect_get_column(ks, 99, v, 1), CSEG_E_UNSUPPORTED);

	ck_assert_ok(cseg_dataset_new(&ds, x, 8, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_kselect_run(ks, ds), CSEG_E_INVALID_ARG);   /* k_max 10 >= 8 rows */
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "rows"));
	ck_assert_status(cseg_kselect_run(ks, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_kselect_run(NULL, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MAX, 3));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MIN, 4));
	ck_assert_status(cseg_kselect_run(ks, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MIN, 2));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_CRITERION, CSEG_CRITERION_BIC));
	ck_assert_status(cseg_kselect_run(ks, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "mixtures"));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_CRITERION, CSEG_CRITERION_ELBOW));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MIN, 2));
	ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MAX, 3));
	ck_assert_status(cseg_kselect_run(ks, ds), CSEG_E_INVALID_ARG);
	ck_assert_int_eq(cseg_kselect_n_rows(ks), 0);            /* nothing half-made */
	ck_assert_int_eq(cseg_kselect_n_rows(NULL), -1);
	cseg_dataset_free(ds);
	{
		double xm[4] = { 0, NAN, 2, 3 };
		ck_assert_ok(cseg_dataset_new(&ds, xm, 4, 1, CSEG_LAYOUT_ROW_MAJOR));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_CRITERION, CSEG_CRITERION_SILHOUETTE));
		ck_assert_ok(cseg_kselect_set_int(ks, CSEG_KSELECT_K_MAX, 2));
		ck_assert_status(cseg_kselect_run(ks, ds), CSEG_E_MISSING_VALUES);
		cseg_dataset_free(ds);
	}
	cseg_kselect_free(ks);
	cseg_kselect_free(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kselect");
	TCase *tc = tcase_create("kselect");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, gap_rules_match_r_maxse);
	tcase_add_test(tc, gap_choose_rejects_bad_input);
	tcase_add_test(tc, knee_of_known_curves);
	tcase_add_test(tc, adjusted_rand_matches_sklearn);
	tcase_add_test(tc, gap_statistic_agrees_with_clusgap);
	tcase_add_test(tc, table_criteria_and_limits);
	tcase_add_test(tc, same_seed_same_table);
	tcase_add_test(tc, log_w_matches_clusgap_w_k);
	tcase_add_test(tc, bad_settings_and_runs);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
