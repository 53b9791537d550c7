/* The model handle: parameters, results, and argument checks that come
 * before any algorithm runs. */
#include <math.h>

#include "test_util.h"

static const double blobs[] = {
	0.0, 0.1, 0.2, 0.0, 0.1, 0.2,
	5.0, 5.1, 5.2, 5.0, 5.1, 5.2,
	9.0, 0.0, 9.1, 0.1, 9.2, 0.2,
};

static cseg_dataset *make_blobs(void)
{
	cseg_dataset *ds = NULL;
	ck_assert_ok(cseg_dataset_new(&ds, blobs, 9, 2, CSEG_LAYOUT_ROW_MAJOR));
	return ds;
}

static cseg_model *make_model(int64_t k)
{
	cseg_model *m = NULL;
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, k));
	return m;
}

START_TEST(new_rejects_bad_arguments)
{
	cseg_model *m = (cseg_model *)1;

	ck_assert_status(cseg_model_new(NULL, CSEG_ALGO_KMEANS), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_new(&m, (cseg_algo)77), CSEG_E_UNSUPPORTED);
	ck_assert_ptr_null(m);
	ck_assert_status(cseg_model_copy(NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_copy(&m, NULL), CSEG_E_INVALID_ARG);
}
END_TEST

START_TEST(every_parameter_round_trips_with_its_info)
{
	static const int keys[] = { CSEG_PARAM_K, CSEG_PARAM_SEED, CSEG_PARAM_MAX_ITER, CSEG_PARAM_TOL,
		CSEG_PARAM_N_INIT, CSEG_PARAM_INIT, CSEG_PARAM_KMEANS_METHOD, CSEG_PARAM_KMEANS_LOCAL_TRIALS };
	cseg_model *m = make_model(8);

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *name;
		int type, key;
		double def, lo, hi;

		ck_assert_ok(cseg_param_info(keys[i], &name, &type, &def, &lo, &hi));
		ck_assert_ok(cseg_param_lookup(name, &key));
		ck_assert_int_eq(key, keys[i]);
		ck_assert(lo <= def && def <= hi);
		if (type == CSEG_TYPE_INT) {
			int64_t v;
			ck_assert_ok(cseg_model_set_int(m, (cseg_param)keys[i], (int64_t)lo));
			ck_assert_ok(cseg_model_get_int(m, keys[i], &v));
			ck_assert_int_eq(v, (int64_t)lo);
			ck_assert_status(cseg_model_set_int(m, (cseg_param)keys[i], (int64_t)lo - 1), CSEG_E_INVALID_ARG);
			ck_assert_status(cseg_model_set_double(m, (cseg_param)keys[i], 1.0), CSEG_E_UNSUPPORTED);
		} else {
			double v;
			ck_assert_ok(cseg_model_set_double(m, (cseg_param)keys[i], 0.5));
			ck_assert_ok(cseg_model_get_double(m, keys[i], &v));
			ck_assert_double_eq(v, 0.5);
			ck_assert_status(cseg_model_set_double(m, (cseg_param)keys[i], NAN), CSEG_E_INVALID_ARG);
			ck_assert_status(cseg_model_set_double(m, (cseg_param)keys[i], -1.0), CSEG_E_INVALID_ARG);
			ck_assert_status(cseg_model_set_int(m, (cseg_param)keys[i], 1), CSEG_E_UNSUPPORTED);
		}
	}
	ck_assert_ok(cseg_model_reset_params(m));
	{
		int64_t k;
		ck_assert_ok(cseg_model_get_int(m, CSEG_PARAM_K, &k));
		ck_assert_int_eq(k, 8);
	}
	cseg_model_free(m);
}
END_TEST

START_TEST(unknown_keys_and_names_are_unsupported)
{
	cseg_model *m = make_model(2);
	int64_t i;
	double d;
	const char *s;
	int key;

	ck_assert_status(cseg_model_set_int(m, (cseg_param)12345, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_get_int(m, 12345, &i), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_get_double(m, 12345, &d), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_get_string(m, 12345, &s), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_param_info(12345, NULL, NULL, NULL, NULL, NULL), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_param_lookup("no_such_parameter", &key), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_param_lookup(NULL, &key), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_param_lookup("k", NULL), CSEG_E_INVALID_ARG);
	/* A result is not a parameter. */
	ck_assert_status(cseg_model_set_int(m, (cseg_param)CSEG_RESULT_N_ITER, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_get_int(NULL, CSEG_PARAM_K, &i), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_get_int(m, CSEG_PARAM_K, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_int(NULL, CSEG_PARAM_K, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_reset_params(NULL), CSEG_E_INVALID_ARG);
	cseg_model_free(m);
}
END_TEST

START_TEST(results_need_a_fitted_model)
{
	cseg_model *m = make_model(2);
	cseg_dataset *ds = make_blobs();
	cseg_assignment *a = (cseg_assignment *)1;
	double x[2] = { 0, 0 }, buf[4];
	int64_t i;
	double d;
	const char *s;
	void *bytes;
	int64_t n_bytes;

	ck_assert_status(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &d), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_get_int(m, CSEG_RESULT_N_ITER, &i), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_get_string(m, CSEG_RESULT_FINGERPRINT, &s), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_assign(m, ds, &a), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(a);
	ck_assert_status(cseg_model_assign_one(m, x, 2, &i, NULL, NULL), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_get_centroids(m, buf, 4), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_save(m, "never-written.cseg"), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_save_buffer(m, &bytes, &n_bytes), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(cseg_model_feature_name(m, 0));
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(fit_checks_arguments_and_leaves_model_unchanged)
{
	cseg_model *m = make_model(2);
	cseg_dataset *ds = make_blobs(), *holes = NULL;
	double with_nan[] = { 1, 2, NAN, 4 };
	double w[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	double inertia, again;

	ck_assert_status(cseg_model_fit(NULL, ds), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_dataset_new(&holes, with_nan, 2, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_model_fit(m, holes), CSEG_E_MISSING_VALUES);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 10));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "k = 10"));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 3));
	ck_assert_status(cseg_model_fit_weighted(m, ds, NULL, 9), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 8), CSEG_E_INVALID_ARG);
	w[4] = -1;
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 9), CSEG_E_INVALID_ARG);
	w[4] = INFINITY;
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 9), CSEG_E_INVALID_ARG);
	memset(w, 0, sizeof(w));
	ck_assert_status(cseg_model_fit_weighted(m, ds, w, 9), CSEG_E_INVALID_ARG);

	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &inertia));
	/* A failing refit keeps the previous fit. */
	ck_assert_status(cseg_model_fit(m, holes), CSEG_E_MISSING_VALUES);
	ck_assert_ok(cseg_model_get_double(m, CSEG_RESULT_INERTIA, &again));
	ck_assert_double_eq(inertia, again);
	cseg_dataset_free(holes);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(given_centres_are_checked)
{
	cseg_model *m = make_model(2);
	cseg_dataset *ds = make_blobs();
	double centres[] = { 0, 0, 5, 5, 9, 0 };
	double bad[] = { 0, NAN };
	int64_t k, init;

	ck_assert_status(cseg_model_set_init_centers(m, NULL, 3, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_init_centers(m, centres, 0, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_init_centers(m, centres, 3, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_init_centers(m, bad, 1, 2), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_init_centers(m, centres, 3, 2));
	ck_assert_ok(cseg_model_get_int(m, CSEG_PARAM_K, &k));
	ck_assert_ok(cseg_model_get_int(m, CSEG_PARAM_INIT, &init));
	ck_assert_int_eq(k, 3);
	ck_assert_int_eq(init, CSEG_INIT_GIVEN);
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 2));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_init_centers(m, centres, 2, 3));
	ck_assert_status(cseg_model_fit(m, ds), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_set_init_centers(m, centres, 3, 2));
	ck_assert_ok(cseg_model_fit(m, ds));
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(fitted_model_reports_and_copies)
{
	cseg_model *m = make_model(3), *copy = NULL;
	cseg_dataset *ds = make_blobs();
	double c1[6], c2[6], x[2] = { 5.05, 5.1 }, dist, margin;
	int64_t n, k, d, label;
	const char *fp, *created, *version;

	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 7));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_int(m, CSEG_RESULT_N_TRAIN_ROWS, &n));
	ck_assert_ok(cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k));
	ck_assert_ok(cseg_model_get_int(m, CSEG_RESULT_N_FEATURES, &d));
	ck_assert_int_eq(n, 9);
	ck_assert_int_eq(k, 3);
	ck_assert_int_eq(d, 2);
	ck_assert_ok(cseg_model_get_string(m, CSEG_RESULT_FINGERPRINT, &fp));
	ck_assert_int_eq((int)strlen(fp), 16);
	ck_assert_ok(cseg_model_get_string(m, CSEG_RESULT_CREATED, &created));
	ck_assert_int_eq(created[4], '-');
	ck_assert_ok(cseg_model_get_string(m, CSEG_RESULT_LIB_VERSION, &version));
	ck_assert_str_eq(version, cseg_version());
	ck_assert_str_eq(cseg_model_feature_name(m, 1), "x1");
	ck_assert_ptr_null(cseg_model_feature_name(m, 2));
	ck_assert_ptr_null(cseg_model_feature_name(m, -1));

	ck_assert_ok(cseg_model_copy(&copy, m));
	ck_assert_ok(cseg_model_get_centroids(m, c1, 6));
	ck_assert_ok(cseg_model_get_centroids(copy, c2, 6));
	ck_assert_mem_eq(c1, c2, sizeof(c1));
	ck_assert_status(cseg_model_get_centroids(m, c1, 5), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_get_centroids(m, NULL, 6), CSEG_E_INVALID_ARG);

	/* Assign one: width, NaN and Inf are refused by name. */
	ck_assert_ok(cseg_model_assign_one(copy, x, 2, &label, &dist, &margin));
	ck_assert(dist >= 0 && margin >= 0);
	ck_assert_status(cseg_model_assign_one(copy, x, 3, &label, NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign_one(copy, NULL, 2, &label, NULL, NULL), CSEG_E_INVALID_ARG);
	x[1] = NAN;
	ck_assert_status(cseg_model_assign_one(copy, x, 2, &label, NULL, NULL), CSEG_E_MISSING_VALUES);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "x1"));
	x[1] = INFINITY;
	ck_assert_status(cseg_model_assign_one(copy, x, 2, &label, NULL, NULL), CSEG_E_INVALID_ARG);
	cseg_model_free(copy);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(algorithm_names_round_trip)
{
	cseg_algo algo = (cseg_algo)0;

	ck_assert_str_eq(cseg_algo_name(CSEG_ALGO_KMEANS), "kmeans");
	ck_assert_ok(cseg_algo_lookup("kmeans", &algo));
	ck_assert_int_eq(algo, CSEG_ALGO_KMEANS);
	ck_assert_ptr_null(cseg_algo_name((cseg_algo)99));
	ck_assert_status(cseg_algo_lookup("k-means", &algo), CSEG_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "k-means"));
	ck_assert_status(cseg_algo_lookup(NULL, &algo), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_algo_lookup("kmeans", NULL), CSEG_E_INVALID_ARG);
}
END_TEST

START_TEST(training_labels_match_assignment)
{
	cseg_model *m = make_model(3), *back = NULL;
	cseg_dataset *ds = make_blobs();
	cseg_assignment *a = NULL;
	int64_t labels[9], assigned[9], rows, cols;
	double v[1];
	void *buf = NULL;
	int64_t n_bytes = 0;

	ck_assert_status(cseg_model_get_labels(m, labels, 9), CSEG_E_NOT_FITTED);
	ck_assert_int_eq(cseg_model_n_arrays(m), 0);
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_get_labels(m, labels, 9));
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, assigned, 9));
	ck_assert_mem_eq(labels, assigned, sizeof(labels));
	ck_assert_status(cseg_model_get_labels(m, labels, 8), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_get_labels(m, NULL, 9), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_get_labels(NULL, labels, 9), CSEG_E_INVALID_ARG);

	/* k-means keeps no arrays: asking for one names it. */
	ck_assert_int_eq(cseg_model_n_arrays(m), 0);
	ck_assert_ptr_null(cseg_model_array_name(m, 0));
	ck_assert_status(cseg_model_array_shape(m, "linkage", &rows, &cols), CSEG_E_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "linkage"));
	ck_assert_status(cseg_model_get_array(m, "linkage", v, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_model_get_array(m, NULL, v, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_array_shape(m, "x", NULL, &cols), CSEG_E_INVALID_ARG);

	/* Labels live in memory only: a loaded model says so. */
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &n_bytes));
	ck_assert_ok(cseg_model_load_buffer(&back, buf, n_bytes));
	ck_assert_status(cseg_model_get_labels(back, labels, 9), CSEG_E_UNSUPPORTED);
	cseg_free(buf);
	cseg_model_free(back);
	cseg_assignment_free(a);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(confidence_and_borderline_flags)
{
	/* Two centres at 0 and 10 on one axis; customers at 0, 4.8 and 5. */
	static const double train[] = { 0, 0, 0, 10, 10, 10 };
	static const double probe[] = { 0, 4.8, 5 };
	cseg_dataset *ds = NULL, *pr = NULL;
	cseg_model *m = make_model(2);
	cseg_assignment *a = NULL;
	double conf[3];
	int64_t flags[3];

	ck_assert_ok(cseg_dataset_new(&ds, train, 6, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_new(&pr, probe, 3, 1, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_assign(m, pr, &a));
	ck_assert_ok(cseg_assignment_get_confidence(a, conf, 3));
	ck_assert_ok(cseg_assignment_get_borderline(a, flags, 3));
	ck_assert_rel(conf[0], 1.0, 1e-15);   /* (10 - 0) / 10 */
	ck_assert_rel(conf[1], 0.4 / 5.2, 1e-12);
	ck_assert(conf[2] == 0.0);
	ck_assert_int_eq(flags[0], 0);
	ck_assert_int_eq(flags[1], 1);        /* 0.077 < default 0.1 */
	ck_assert_int_eq(flags[2], 1);
	cseg_assignment_free(a);

	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_BORDERLINE_MARGIN, 0.05));
	ck_assert_ok(cseg_model_assign(m, pr, &a));
	ck_assert_ok(cseg_assignment_get_borderline(a, flags, 3));
	ck_assert_int_eq(flags[1], 0);
	ck_assert_status(cseg_assignment_get_confidence(a, conf, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_assignment_get_borderline(a, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_assignment_get_confidence(NULL, conf, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_BORDERLINE_MARGIN, 1.5), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_double(m, CSEG_PARAM_BORDERLINE_PROB, NAN), CSEG_E_INVALID_ARG);
	cseg_assignment_free(a);

	/* One segment: nothing to hesitate between. */
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 1));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_assign(m, pr, &a));
	ck_assert_ok(cseg_assignment_get_confidence(a, conf, 3));
	ck_assert(conf[0] == 1.0 && conf[2] == 1.0);
	cseg_assignment_free(a);
	cseg_dataset_free(pr);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(segment_names_live_in_the_model)
{
	cseg_model *m = make_model(3), *copy = NULL, *back = NULL;
	cseg_dataset *ds = make_blobs();
	char long_name[300];
	void *buf = NULL;
	int64_t n_bytes;

	ck_assert_status(cseg_model_set_segment_name(m, 0, "x"), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(cseg_model_segment_name(m, 0));
	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ptr_null(cseg_model_segment_name(m, 0));
	ck_assert_ok(cseg_model_set_segment_name(m, 1, "High-value frequent"));
	ck_assert_str_eq(cseg_model_segment_name(m, 1), "High-value frequent");
	ck_assert_ptr_null(cseg_model_segment_name(m, 0));
	ck_assert_ptr_null(cseg_model_segment_name(m, 3));
	ck_assert_ptr_null(cseg_model_segment_name(m, -1));
	ck_assert_ptr_null(cseg_model_segment_name(NULL, 0));
	ck_assert_status(cseg_model_set_segment_name(m, 3, "x"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_segment_name(m, -1, "x"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_set_segment_name(NULL, 0, "x"), CSEG_E_INVALID_ARG);
	memset(long_name, 'a', 299);
	long_name[299] = '\0';
	ck_assert_status(cseg_model_set_segment_name(m, 0, long_name), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_copy(&copy, m));
	ck_assert_ok(cseg_model_set_segment_name(m, 1, "Renamed"));
	ck_assert_str_eq(cseg_model_segment_name(copy, 1), "High-value frequent");
	ck_assert_ok(cseg_model_save_buffer(m, &buf, &n_bytes));
	ck_assert_ok(cseg_model_load_buffer(&back, buf, n_bytes));
	ck_assert_str_eq(cseg_model_segment_name(back, 1), "Renamed");
	ck_assert_ptr_null(cseg_model_segment_name(back, 0));
	ck_assert_ok(cseg_model_set_segment_name(m, 1, NULL));
	ck_assert_ptr_null(cseg_model_segment_name(m, 1));
	ck_assert_ok(cseg_model_fit(copy, ds));             /* new segments, no names */
	ck_assert_ptr_null(cseg_model_segment_name(copy, 1));
	cseg_free(buf);
	cseg_model_free(back);
	cseg_model_free(copy);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(assign_checks_width)
{
	cseg_model *m = make_model(2);
	cseg_dataset *ds = make_blobs(), *wide = NULL;
	cseg_assignment *a = NULL;
	double row[3] = { 1, 2, 3 };

	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_dataset_new(&wide, row, 1, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_status(cseg_model_assign(m, wide, &a), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(a);
	ck_assert_status(cseg_model_assign(m, NULL, &a), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign(m, ds, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_assign(NULL, ds, &a), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_int_eq(cseg_assignment_n_rows(a), 9);
	cseg_assignment_free(a);
	cseg_dataset_free(wide);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(assignment_getters_check_sizes)
{
	cseg_model *m = make_model(3);
	cseg_dataset *ds = make_blobs();
	cseg_assignment *a = NULL;
	int64_t labels[9], runner[9];
	double dist[9], margin[9];

	ck_assert_ok(cseg_model_fit(m, ds));
	ck_assert_ok(cseg_model_assign(m, ds, &a));
	ck_assert_ok(cseg_assignment_get_labels(a, labels, 9));
	ck_assert_ok(cseg_assignment_get_runner_up(a, runner, 9));
	ck_assert_ok(cseg_assignment_get_distances(a, dist, 9));
	ck_assert_ok(cseg_assignment_get_margins(a, margin, 9));
	for (int i = 0; i < 9; i++) {
		ck_assert(labels[i] >= 0 && labels[i] < 3);
		ck_assert(runner[i] >= 0 && runner[i] < 3 && runner[i] != labels[i]);
		ck_assert(dist[i] >= 0 && margin[i] >= 0);
	}
	/* Three equal blobs: every label used, canonical order by first member. */
	ck_assert_int_eq(labels[0], 0);
	ck_assert_status(cseg_assignment_get_labels(a, labels, 8), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_assignment_get_labels(NULL, labels, 9), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_assignment_get_distances(a, NULL, 9), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_assignment_get_margins(a, margin, 10), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_assignment_get_runner_up(a, runner, 0), CSEG_E_INVALID_ARG);
	ck_assert_int_eq(cseg_assignment_n_rows(NULL), -1);
	cseg_assignment_free(a);
	cseg_dataset_free(ds);
	cseg_model_free(m);
}
END_TEST

START_TEST(handles_are_counted)
{
	int64_t before = cseg_live_handles();
	cseg_model *m = make_model(2), *copy = NULL;
	cseg_dataset *ds = make_blobs();

	ck_assert_ok(cseg_model_copy(&copy, m));
	ck_assert_int_eq(cseg_live_handles(), before + 3);
	cseg_model_free(copy);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	ck_assert_int_eq(cseg_live_handles(), before);
}
END_TEST

static Suite *model_api_suite(void)
{
	Suite *s = suite_create("model_api");
	TCase *tc = tcase_create("model_api");

	tcase_add_test(tc, new_rejects_bad_arguments);
	tcase_add_test(tc, every_parameter_round_trips_with_its_info);
	tcase_add_test(tc, unknown_keys_and_names_are_unsupported);
	tcase_add_test(tc, results_need_a_fitted_model);
	tcase_add_test(tc, fit_checks_arguments_and_leaves_model_unchanged);
	tcase_add_test(tc, given_centres_are_checked);
	tcase_add_test(tc, fitted_model_reports_and_copies);
	tcase_add_test(tc, algorithm_names_round_trip);
	tcase_add_test(tc, training_labels_match_assignment);
	tcase_add_test(tc, confidence_and_borderline_flags);
	tcase_add_test(tc, segment_names_live_in_the_model);
	tcase_add_test(tc, assign_checks_width);
	tcase_add_test(tc, assignment_getters_check_sizes);
	tcase_add_test(tc, handles_are_counted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(model_api_suite());
}
