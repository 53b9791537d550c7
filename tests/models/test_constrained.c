/* k-means with segment size constraints: the exact assignment step against
 * brute force, the fit's guarantees on real data, and post-hoc merging. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "models/kmeans_constrained.h"

/* Cheapest assignment with lo <= sizes <= hi by enumerating all k^n. */
static double brute_force(const double *cost, int n, int k, int lo, int hi)
{
	int lab[12] = { 0 };
	double best = INFINITY;

	for (;;) {
		int size[4] = { 0 }, ok = 1;
		double c = 0;
		for (int i = 0; i < n; i++) {
			size[lab[i]]++;
			c += cost[i * k + lab[i]];
		}
		for (int j = 0; j < k; j++)
			ok &= size[j] >= lo && size[j] <= hi;
		if (ok && c < best)
			best = c;
		int i = 0;
		while (i < n && ++lab[i] == k)
			lab[i++] = 0;
		if (i == n)
			break;
	}
	return best;
}

START_TEST(assignment_step_is_exact)
{
	unsigned seed = 12345;
	int cases = 0;

	for (int trial = 0; trial < 200; trial++) {
		const int n = 6 + trial % 5, k = 2 + trial % 3;
		double cost[12 * 4];
		int64_t lab[12], size[4] = { 0 };
		int lo = trial % 4 == 0 ? 0 : 1 + trial % (n / k), hi = trial % 3 == 0 ? n : (n + k - 1) / k + trial % 2;
		double got = 0, want;

		if (lo * k > n || hi * k < n || hi < lo)
			continue;
		for (int i = 0; i < n * k; i++) {
			seed = seed * 1103515245u + 12345u;
			/* clustered costs, with ties now and then */
			cost[i] = (double)((seed >> 16) % 50) / (trial % 7 == 0 ? 5.0 : 1.0);
		}
		ck_assert_ok(cseg__constrained_assign(cost, n, k, lo, hi, lab));
		for (int i = 0; i < n; i++) {
			size[lab[i]]++;
			got += cost[i * k + lab[i]];
		}
		for (int j = 0; j < k; j++)
			ck_assert_msg(size[j] >= lo && size[j] <= hi, "trial %d: size %lld outside [%d, %d]",
				trial, (long long)size[j], lo, hi);
		want = brute_force(cost, n, k, lo, hi);
		ck_assert_msg(fabs(got - want) <= 1e-9 * (1 + want), "trial %d (n %d, k %d, [%d, %d]): "
			"cost %.17g, optimum %.17g", trial, n, k, lo, hi, got, want);
		cases++;
	}
	ck_assert_int_gt(cases, 100);
}
END_TEST

static cseg_dataset *wholesale(void)
{
	cseg_dataset *raw = NULL, *ds = NULL;
	int64_t n, d;
	double *x;

	static const char *const spend[6] = { "Fresh", "Milk", "Grocery", "Frozen",
		"Detergents_Paper", "Delicassen" };

	ck_assert_ok(cseg_dataset_read_csv(&raw, test_data("wholesale_customers.csv"), ',', NULL, spend, 6));
	n = cseg_dataset_n_rows(raw);
	d = cseg_dataset_n_cols(raw);
	x = malloc((size_t)(n * d) * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(raw, x, n * d));
	for (int64_t i = 0; i < n * d; i++)
		x[i] = log1p(x[i]);
	ck_assert_ok(cseg_dataset_new(&ds, x, n, d, CSEG_LAYOUT_ROW_MAJOR));
	free(x);
	cseg_dataset_free(raw);
	return ds;
}

static void sizes_of(const int64_t *lab, int64_t n, int64_t *size, int64_t k)
{
	memset(size, 0, (size_t)k * sizeof(*size));
	for (int64_t i = 0; i < n; i++)
		size[lab[i]]++;
}

START_TEST(fit_respects_sizes_and_reports_the_cost)
{
	cseg_dataset *ds = wholesale();
	const int64_t n = cseg_dataset_n_rows(ds);
	cseg_model *plain = NULL, *m = NULL, *back = NULL;
	int64_t *lab = malloc((size_t)n * sizeof(*lab)), size[6], min_plain = n;
	double inertia, unconstrained, plain_inertia;
	void *buf = NULL;
	int64_t n_bytes;

	ck_assert_ok(cseg_model_new(&plain, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(plain, CSEG_PARAM_K, 6));
	ck_assert_ok(cseg_model_set_int(plain, CSEG_PARAM_SEED, 3));
	ck_assert_ok(cseg_model_fit(plain, ds));
	ck_assert_ok(cseg_model_get_labels(plain, lab, n));
	sizes_of(lab, n, size, 6);
	for (int j = 0; j < 6; j++)
		min_plain = size[j] < min_plain ? size[j] : min_plain;
	ck_assert_ok(cseg_model_get_double(plain, CSEG_RESULT_INERTIA, &plain_inertia));
	ck_assert_ok(cseg_model_get_double(plain, CSEG_RESULT_UNCONSTRAINED_INERTIA, &unconstrained));
	ck_assert(unconstrained == plain_inertia);
	ck_assert_msg(min_plain < 60, "plain k-means should leave a small segment: %lld", (long long)min_plain);

	ck_assert_ok(cseg_model_copy(&m, plain));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SIZE_MIN, 60));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SIZE_MAX, 110));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_labels(m, lab, n));
	sizes_of(lab, n, size, 6);
	for (int j = 0; j < 6; j++)
		ck_assert_msg(size[j] >= 60 && size[j] <= 110, "segment %d holds %lld", j, (long long)size[j]);
	for (int j = 1; j < 6; j++)
		ck_assert_int_ge(size[j - 1], size[j]);   /* largest first */
	ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &inertia));
	ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_UNCONSTRAINED_INERTIA, &unconstrained));
	ck_assert_rel(unconstrained, plain_inertia, 1e-12);
	ck_assert_msg(inertia > unconstrained, "the constraint costs: %g vs %g", inertia, unconstrained);
	{
		/* The inertia is the training labels' own, and the centres their means. */
		double check = 0;
		ck_assert_ok(cseg_metric_inertia(ds, lab, n, &check));
		ck_assert_rel(check, inertia, 1e-9);
	}
	/* Assigning stays nearest-centroid: new customers are never forced. */
	{
		cseg_assignment *a = NULL;
		int64_t *near = malloc((size_t)n * sizeof(*near)), differ = 0;
		double *x = malloc((size_t)(n * 6) * sizeof(double)), c[36];

		ck_assert_ok(cseg_model_assign(m, ds, &a));
		ck_assert_ok(cseg_assignment_get_labels(a, near, n));
		ck_assert_ok(cseg_model_get_centroids(m, c, 36));
		ck_assert_ok(cseg_dataset_copy_data(ds, x, n * 6));
		for (int64_t i = 0; i < n; i++) {
			double best = INFINITY;
			int64_t arg = -1;
			for (int j = 0; j < 6; j++) {
				double s2 = 0;
				for (int f = 0; f < 6; f++)
					s2 += (x[i * 6 + f] - c[j * 6 + f]) * (x[i * 6 + f] - c[j * 6 + f]);
				if (s2 < best)
					best = s2, arg = j;
			}
			ck_assert_int_eq(near[i], arg);
			differ += near[i] != lab[i];
		}
		ck_assert_int_gt(differ, 0);   /* the constraint moved some customers */
		free(near);
		free(x);
		cseg_assignment_free(a);
	}
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &n_bytes));
	ck_assert_ok(cseg_model_load_buffer(&back, buf, n_bytes));
	ck_assert_ok(cseg_model_get_double(back, CSEG_RESULT_UNCONSTRAINED_INERTIA, &unconstrained));
	ck_assert_rel(unconstrained, plain_inertia, 1e-12);
	cseg_free(buf);
	cseg_model_free(back);
	cseg_model_free(m);
	cseg_model_free(plain);
	cseg_dataset_free(ds);
	free(lab);
}
END_TEST

START_TEST(infeasible_constraints_are_refused)
{
	cseg_dataset *ds = wholesale();
	cseg_model *m = NULL;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 4));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SIZE_MIN, 111));   /* 4 x 111 > 440 */
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "size_min"));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SIZE_MIN, 0));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SIZE_MAX, 109));   /* 4 x 109 < 440 */
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "size_max"));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SIZE_MIN, 50));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SIZE_MAX, 40));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_SIZE_MIN, -1), CSEG_E_INVALID_ARG);
	cseg_model_free(m);
	/* Not a parameter of the other algorithms. */
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_DBSCAN));
	ck_assert_status(cseg_model_set_int(m, CSEG_PARAM_SIZE_MIN, 5), CSEG_E_UNSUPPORTED);
	cseg_model_free(m);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(small_segments_merge_into_their_neighbour)
{
	cseg_dataset *ds = wholesale();
	const int64_t n = cseg_dataset_n_rows(ds);
	cseg_model *m = NULL;
	int64_t *lab = malloc((size_t)n * sizeof(*lab)), size[8], k, merged, small = 0;
	double inertia, check;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 8));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 1));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_labels(m, lab, n));
	sizes_of(lab, n, size, 8);
	for (int j = 0; j < 8; j++)
		small += size[j] < 40;
	ck_assert_int_gt(small, 0);
	ck_assert_ok(cseg_model_set_segment_name(m, 0, "gone after merging"));
	ck_assert_ok(cseg_model_merge_small_segments(m, ds, 40, &merged));
	ck_assert_int_gt(merged, 0);
	ck_assert_ok(cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k));
	ck_assert_int_eq(k, 8 - merged);
	ck_assert_ok(cseg_model_get_labels(m, lab, n));
	sizes_of(lab, n, size, k);
	for (int64_t j = 0; j < k; j++)
		ck_assert_msg(size[j] >= 40, "segment %lld holds %lld", (long long)j, (long long)size[j]);
	for (int64_t j = 1; j < k; j++)
		ck_assert_int_ge(size[j - 1], size[j]);
	ck_assert_ptr_null(cseg_model_segment_name(m, 0));
	ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &inertia));
	ck_assert_ok(cseg_metric_inertia(ds, lab, n, &check));
	ck_assert_rel(check, inertia, 1e-9);
	/* Nothing left to merge: a no-op. */
	ck_assert_ok(cseg_model_merge_small_segments(m, ds, 40, &merged));
	ck_assert_int_eq(merged, 0);
	/* Everything below the size: one segment remains. */
	ck_assert_ok(cseg_model_merge_small_segments(m, ds, n + 1, &merged));
	ck_assert_ok(cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k));
	ck_assert_int_eq(k, 1);
	ck_assert_status(cseg_model_merge_small_segments(m, ds, 0, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_merge_small_segments(NULL, ds, 5, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_merge_small_segments(m, NULL, 5, NULL), CSEG_E_INVALID_ARG);
	cseg_model_free(m);
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_status(cseg_model_merge_small_segments(m, ds, 5, NULL), CSEG_E_NOT_FITTED);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	free(lab);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("constrained");
	TCase *tc = tcase_create("constrained");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, assignment_step_is_exact);
	tcase_add_test(tc, fit_respects_sizes_and_reports_the_cost);
	tcase_add_test(tc, infeasible_constraints_are_refused);
	tcase_add_test(tc, small_segments_merge_into_their_neighbour);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
