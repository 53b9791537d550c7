/* Customer features (lib/data/features.c) and the transaction log's string
 * attributes and returns: hand-computed small logs, CDNOW against the
 * pandas reference (tests/fixtures/features/gen_features.py), bad input. */
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int64_t ymd(int y, int m, int d)
{
	int64_t v = 0;
	ck_assert_ok(cseg_date_from_ymd(&v, y, m, d));
	return v;
}

/* Value of column `name` for customer `id`; fails when either is absent. */
static double cell(const cseg_dataset *ds, const char *id, const char *name)
{
	int64_t n = cseg_dataset_n_rows(ds), d = cseg_dataset_n_cols(ds), i = 0, j = 0;
	double *all, v;

	while (i < n && strcmp(cseg_dataset_id(ds, i), id) != 0)
		i++;
	while (j < d && strcmp(cseg_dataset_column_name(ds, j), name) != 0)
		j++;
	ck_assert_msg(i < n, "no customer '%s'", id);
	ck_assert_msg(j < d, "no column '%s'", name);
	all = malloc((size_t)(n * d) * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(ds, all, n * d));
	v = all[i * d + j];
	free(all);
	return v;
}

#define ck_cell(ds, id, name, expected) ck_assert_rel(cell((ds), (id), (name)), (expected), 1e-12)
#define ck_cell_nan(ds, id, name) ck_assert_msg(isnan(cell((ds), (id), (name))), "%s of %s is not NaN", name, id)

/* The hand example, base B = 2020-01-01, as of B + 40 (2020-02-10):
 * a: B 10 web x, B 5 store y, B+10 20 web x, B+10 -5 web x (a return),
 *    B+30 30 store y, B+100 99 web x (after the as-of date);
 * b: B+5 8 (no channel) x;  c: B+50 12 web y (after);  d: B+3 -7 (a return only). */
enum { N_HAND = 9 };
static const char *const hand_ids[N_HAND] = {"a", "a", "a", "a", "a", "a", "b", "c", "d"};
static const int64_t hand_off[N_HAND] = {0, 0, 10, 10, 30, 100, 5, 50, 3};
static const double hand_amt[N_HAND] = {10, 5, 20, -5, 30, 99, 8, 12, -7};
static const char *const hand_chan[N_HAND] = {"web", "store", "web", "web", "store", "web", "", "web", NULL};
static const char *const hand_cat[N_HAND] = {"x", "y", "x", "x", "y", "x", "x", "y", "x"};

/* reversed != 0 builds the same log with its rows in reverse order. */
static cseg_transactions *hand_tx(int reversed)
{
	const char *ids[N_HAND], *chan[N_HAND], *cat[N_HAND];
	int64_t days[N_HAND], b = ymd(2020, 1, 1);
	double amt[N_HAND];
	cseg_transactions *tx = NULL;

	for (int i = 0; i < N_HAND; i++) {
		int k = reversed ? N_HAND - 1 - i : i;
		ids[i] = hand_ids[k];
		days[i] = b + hand_off[k];
		amt[i] = hand_amt[k];
		chan[i] = hand_chan[k];
		cat[i] = hand_cat[k];
	}
	ck_assert_ok(cseg_transactions_new(&tx, ids, days, amt, NULL, N_HAND));
	ck_assert_ok(cseg_transactions_set_attribute(tx, CSEG_TX_COLUMN_CHANNEL, chan, N_HAND));
	ck_assert_ok(cseg_transactions_set_attribute(tx, CSEG_TX_COLUMN_CATEGORY, cat, N_HAND));
	return tx;
}

static cseg_feature_options *hand_opts(void)
{
	cseg_feature_options *o = NULL;
	ck_assert_ok(cseg_feature_options_new(&o));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(2020, 1, 1) + 40));
	return o;
}

static void check_hand_default(const cseg_dataset *ds)
{
	static const char *const names[] = {"recency", "frequency", "monetary", "aov", "tenure", "ipt_mean",
		"ipt_std", "n_returns", "frequency_seasonal", "share_channel_store", "share_channel_web",
		"share_category_x", "share_category_y"};

	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 13);
	for (int j = 0; j < 13; j++)
		ck_assert_str_eq(cseg_dataset_column_name(ds, j), names[j]);
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "a");
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "b");
	ck_cell(ds, "a", "recency", 10);
	ck_cell(ds, "a", "frequency", 3);
	ck_cell(ds, "a", "monetary", 60);
	ck_cell(ds, "a", "aov", 20);
	ck_cell(ds, "a", "tenure", 40);
	ck_cell(ds, "a", "ipt_mean", 15);
	ck_cell(ds, "a", "ipt_std", sqrt(50.0));
	ck_cell(ds, "a", "n_returns", 1);
	/* Seasonal index, Jan 1 .. Feb 10 2020: January has the 4 purchase days
	 * (a: 3, b: 1) over 31 days, February none over 10 days, so
	 * index_jan = (4/31) / ((4/31 + 0) / 2) = 2, index_feb = 0.
	 * a: S = (31 * 2 + 10 * 0) / 41, F / S = 3 * 41 / 62. */
	ck_cell(ds, "a", "frequency_seasonal", 3.0 * 41.0 / 62.0);
	ck_cell(ds, "a", "share_channel_web", 30.0 / 65.0);
	ck_cell(ds, "a", "share_channel_store", 35.0 / 65.0);
	ck_cell(ds, "a", "share_category_x", 30.0 / 65.0);
	ck_cell(ds, "a", "share_category_y", 35.0 / 65.0);
	ck_cell(ds, "b", "recency", 35);
	ck_cell(ds, "b", "frequency", 1);
	ck_cell(ds, "b", "monetary", 8);
	ck_cell(ds, "b", "aov", 8);
	ck_cell(ds, "b", "tenure", 35);
	ck_cell_nan(ds, "b", "ipt_mean");
	ck_cell_nan(ds, "b", "ipt_std");
	ck_cell(ds, "b", "n_returns", 0);
	/* b: W = Jan 6 .. Feb 10: 26 days of index 2 and 10 of index 0. */
	ck_cell(ds, "b", "frequency_seasonal", 36.0 / 52.0);
	ck_cell(ds, "b", "share_channel_web", 0);    /* its only purchase has no channel */
	ck_cell(ds, "b", "share_channel_store", 0);
	ck_cell(ds, "b", "share_category_x", 1);
	ck_cell(ds, "b", "share_category_y", 0);
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 2);
}

START_TEST(test_hand_default)
{
	cseg_transactions *tx = hand_tx(0), *rev = hand_tx(1);
	cseg_feature_options *o = hand_opts();
	cseg_dataset *ds = NULL;
	int64_t live;

	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	check_hand_default(ds);
	cseg_dataset_free(ds);
	/* Row order does not matter (the rows are regrouped and sorted). */
	ck_assert_ok(cseg_features_compute(&ds, rev, o));
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "b");  /* log order of first appearance: d, c, b, a */
	ck_assert_str_eq(cseg_dataset_id(ds, 1), "a");
	ck_cell(ds, "a", "frequency", 3);
	ck_cell(ds, "a", "ipt_std", sqrt(50.0));
	ck_cell(ds, "a", "frequency_seasonal", 3.0 * 41.0 / 62.0);
	ck_cell(ds, "b", "frequency_seasonal", 36.0 / 52.0);
	ck_cell(ds, "a", "share_channel_web", 30.0 / 65.0);
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);
	cseg_dataset_free(ds);
	live = cseg_live_handles();
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
	cseg_transactions_free(rev);
	ck_assert_int_eq(cseg_live_handles(), live - 3);
}
END_TEST

START_TEST(test_hand_orders_holdout)
{
	cseg_transactions *tx = hand_tx(0);
	cseg_feature_options *o = hand_opts();
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_FREQUENCY, CSEG_FEAT_ORDERS));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_HOLDOUT_END, ymd(2020, 1, 1) + 100));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 15);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 13), "holdout_frequency");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 14), "holdout_monetary");
	ck_cell(ds, "a", "frequency", 4);       /* purchase rows; the return is not an order */
	ck_cell(ds, "a", "aov", 15);
	ck_cell(ds, "a", "ipt_mean", 15);       /* gaps stay between purchase days */
	/* Orders: January has 5 purchase rows, the index is still 2 / 0. */
	ck_cell(ds, "a", "frequency_seasonal", 4.0 * 41.0 / 62.0);
	ck_cell(ds, "a", "holdout_frequency", 1);
	ck_cell(ds, "a", "holdout_monetary", 99);
	ck_cell(ds, "b", "holdout_frequency", 0);
	ck_cell(ds, "b", "holdout_monetary", 0);
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 2);  /* c starts in the holdout: not a calibration customer */
	cseg_dataset_free(ds);
	/* The split helper gives the same, and leaves the options alone. */
	{
		cseg_dataset *ds2 = NULL;
		int64_t v = 0;
		ck_assert_ok(cseg_features_compute_holdout(&ds2, tx, o, ymd(2020, 1, 1) + 40, ymd(2020, 1, 1) + 100));
		ck_assert_int_eq(cseg_dataset_n_cols(ds2), 15);
		ck_cell(ds2, "a", "holdout_monetary", 99);
		ck_cell(ds2, "a", "frequency", 4);
		cseg_dataset_free(ds2);
		ck_assert_ok(cseg_features_compute_holdout(&ds2, tx, NULL, ymd(2020, 1, 1) + 40, ymd(2020, 1, 1) + 100));
		ck_cell(ds2, "a", "frequency", 3);  /* defaults: distinct days */
		ck_cell(ds2, "a", "holdout_frequency", 1);
		cseg_dataset_free(ds2);
		ck_assert_status(cseg_features_compute_holdout(&ds2, tx, o, ymd(2020, 1, 1) + 40, ymd(2020, 1, 1) + 40),
			CSEG_E_INVALID_ARG);
		ck_assert_status(cseg_features_compute_holdout(&ds2, tx, o, CSEG_DATE_NONE, ymd(2020, 1, 1)),
			CSEG_E_INVALID_ARG);
		ck_assert_status(cseg_features_compute_holdout(&ds2, NULL, o, ymd(2020, 1, 1), ymd(2020, 2, 1)),
			CSEG_E_INVALID_ARG);
		ck_assert_status(cseg_features_compute_holdout(NULL, tx, o, ymd(2020, 1, 1), ymd(2020, 2, 1)),
			CSEG_E_INVALID_ARG);
		ck_assert_ptr_null(ds2);
		ck_assert_ok(cseg_feature_options_get_int(o, CSEG_FEAT_AS_OF, &v));
		ck_assert_int_eq(v, ymd(2020, 1, 1) + 40);
	}
	/* Holdout end not after the as-of date. */
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_HOLDOUT_END, ymd(2020, 1, 1) + 40));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "holdout end 2020-02-10"));
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
}
END_TEST

START_TEST(test_hand_onboarding_inactive)
{
	cseg_transactions *tx = hand_tx(0);
	cseg_feature_options *o = hand_opts();
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_ONBOARDING_DAYS, 15));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	/* a: W = [B+15, B+40] holds only B+30 (30, store, y). */
	ck_cell(ds, "a", "recency", 10);
	ck_cell(ds, "a", "tenure", 40);
	ck_cell(ds, "a", "frequency", 1);
	ck_cell(ds, "a", "monetary", 30);
	ck_cell(ds, "a", "aov", 30);
	ck_cell(ds, "a", "n_returns", 0);
	ck_cell_nan(ds, "a", "ipt_mean");
	ck_cell(ds, "a", "share_channel_store", 1);
	ck_cell(ds, "a", "share_channel_web", 0);
	/* W = Jan 16 .. Feb 10: 16 days of index 2, 10 of 0; S = 32 / 26. */
	ck_cell(ds, "a", "frequency_seasonal", 26.0 / 32.0);
	/* b: W = [B+20, B+40] has no purchase. */
	ck_cell(ds, "b", "frequency", 0);
	ck_cell(ds, "b", "monetary", 0);
	ck_cell_nan(ds, "b", "aov");
	ck_cell_nan(ds, "b", "share_channel_web");
	ck_cell_nan(ds, "b", "share_category_x");
	ck_cell(ds, "b", "frequency_seasonal", 0);
	ck_cell(ds, "b", "recency", 35);
	cseg_dataset_free(ds);
	/* An onboarding window past the as-of date empties W. */
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_ONBOARDING_DAYS, 41));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_cell_nan(ds, "a", "frequency_seasonal");
	ck_cell(ds, "a", "frequency", 0);
	cseg_dataset_free(ds);
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_ONBOARDING_DAYS, 0));

	/* Inactive customers: recency >= N is dropped. */
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_ACTIVE_WITHIN, 20));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 1);
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "a");
	/* The seasonal index still comes from every customer (b included). */
	ck_cell(ds, "a", "frequency_seasonal", 3.0 * 41.0 / 62.0);
	cseg_dataset_free(ds);
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_ACTIVE_WITHIN, 10));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "no customer"));
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
}
END_TEST

START_TEST(test_selection)
{
	cseg_transactions *tx = hand_tx(0);
	cseg_feature_options *o = hand_opts();
	cseg_dataset *ds = NULL;
	const char *pick[] = {"monetary", "share_channel_web", "recency"};
	const char *group[] = {"share_category", "ipt_std"};
	const char *region[] = {"share_region"};
	const char *nolevel[] = {"share_channel_tv"};
	const char *hold[] = {"holdout_monetary"};
	const char *twice[] = {"share_channel", "share_channel_web"};
	const char *bad1[] = {"recency", "frequencies"};
	const char *bad2[] = {"recency", "recency"};
	const char *bad3[] = {"recency", NULL};
	const char *bad4[] = {""};
	const char *bad5[] = {"share_channel_"};

	ck_assert_ok(cseg_feature_options_select(o, pick, 3));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 3);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "monetary");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 1), "share_channel_web");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 2), "recency");
	ck_cell(ds, "a", "share_channel_web", 30.0 / 65.0);
	ck_cell(ds, "b", "monetary", 8);
	cseg_dataset_free(ds);
	ck_assert_ok(cseg_feature_options_select(o, group, 2));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 3);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 0), "share_category_x");
	ck_assert_str_eq(cseg_dataset_column_name(ds, 2), "ipt_std");
	ck_assert_int_eq(cseg_dataset_n_missing(ds), 1);
	cseg_dataset_free(ds);

	/* Checked against the log at compute time. */
	ck_assert_ok(cseg_feature_options_select(o, region, 1));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "no region column"));
	ck_assert_ok(cseg_feature_options_select(o, nolevel, 1));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "share_channel_tv"));
	ck_assert_ok(cseg_feature_options_select(o, hold, 1));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "CSEG_FEAT_HOLDOUT_END"));
	ck_assert_ok(cseg_feature_options_select(o, twice, 2));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "twice"));
	ck_assert_ptr_null(ds);

	/* Refused by select, which leaves the previous selection. */
	ck_assert_status(cseg_feature_options_select(o, bad1, 2), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "unknown feature 'frequencies'"));
	ck_assert_status(cseg_feature_options_select(o, bad2, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_select(o, bad3, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_select(o, bad4, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_select(o, bad5, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_select(o, NULL, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_select(o, pick, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_select(NULL, pick, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);  /* still "twice" */
	/* Back to the default. */
	ck_assert_ok(cseg_feature_options_select(o, NULL, 0));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	check_hand_default(ds);
	cseg_dataset_free(ds);
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
}
END_TEST

START_TEST(test_bad_input)
{
	cseg_transactions *tx = hand_tx(0);
	cseg_feature_options *o = NULL;
	cseg_dataset *ds = (cseg_dataset *)1;
	int64_t v = 0;

	ck_assert_status(cseg_feature_options_new(NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_feature_options_new(&o));
	ck_assert_ok(cseg_feature_options_get_int(o, CSEG_FEAT_AS_OF, &v));
	ck_assert(v == CSEG_DATE_NONE);
	ck_assert_ok(cseg_feature_options_get_int(o, CSEG_FEAT_FREQUENCY, &v));
	ck_assert_int_eq(v, CSEG_FEAT_DAYS);
	ck_assert_ok(cseg_feature_options_get_int(o, CSEG_FEAT_ONBOARDING_DAYS, &v));
	ck_assert_int_eq(v, 0);
	ck_assert_ok(cseg_feature_options_get_int(o, CSEG_FEAT_ACTIVE_WITHIN, &v));
	ck_assert_int_eq(v, 0);
	ck_assert_ok(cseg_feature_options_get_int(o, CSEG_FEAT_HOLDOUT_END, &v));
	ck_assert(v == CSEG_DATE_NONE);

	/* No as-of date. */
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "CSEG_FEAT_AS_OF"));
	/* Before every transaction (the first is a's, on 2020-01-01). */
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(2019, 12, 31)));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "as-of date 2019-12-31 is before every transaction"));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(2020, 1, 2)));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 1);
	cseg_dataset_free(ds);

	ck_assert_status(cseg_features_compute(NULL, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_features_compute(&ds, NULL, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_status(cseg_features_compute(&ds, tx, NULL), CSEG_E_INVALID_ARG);

	ck_assert_status(cseg_feature_options_set_int(NULL, CSEG_FEAT_AS_OF, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, 3000000), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_set_int(o, CSEG_FEAT_HOLDOUT_END, -800000), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_set_int(o, CSEG_FEAT_FREQUENCY, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_set_int(o, CSEG_FEAT_ONBOARDING_DAYS, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_set_int(o, CSEG_FEAT_ACTIVE_WITHIN, 100001), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_set_int(o, (cseg_feature_option)999, 1), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_feature_options_get_int(o, (cseg_feature_option)999, &v), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_feature_options_get_int(NULL, CSEG_FEAT_AS_OF, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_feature_options_get_int(o, CSEG_FEAT_AS_OF, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_feature_options_get_int(o, CSEG_FEAT_AS_OF, &v));
	ck_assert_int_eq(v, ymd(2020, 1, 2));  /* unchanged by the refused calls */
	cseg_feature_options_free(o);
	cseg_feature_options_free(NULL);
	cseg_transactions_free(tx);
}
END_TEST

START_TEST(test_only_returns)
{
	/* A log whose rows by the as-of date are all returns has no customer. */
	const char *ids[] = {"r", "s"};
	int64_t days[] = {ymd(2021, 3, 1), ymd(2021, 3, 9)};
	double amt[] = {-4.0, 6.0};
	cseg_transactions *tx = NULL;
	cseg_feature_options *o = NULL;
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_transactions_new(&tx, ids, days, amt, NULL, 2));
	ck_assert_int_eq(cseg_transactions_n_returns(tx), 1);
	ck_assert_ok(cseg_feature_options_new(&o));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(2021, 3, 5)));
	ck_assert_status(cseg_features_compute(&ds, tx, o), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(ds);
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(2021, 3, 9)));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 1);
	ck_assert_str_eq(cseg_dataset_id(ds, 0), "s");
	/* One covered month (March) makes the index 1: frequency_seasonal = F. */
	ck_cell(ds, "s", "frequency_seasonal", 1);
	ck_cell(ds, "s", "recency", 0);
	cseg_dataset_free(ds);
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
}
END_TEST

/* The transactions' returns report and the features agree: customers with
 * only returns get no row, net-zero and zero-amount customers do, and the
 * monetary column adds up to the net amount without the return-only rows. */
START_TEST(test_returns_report_and_features)
{
	/* p: 10 then -10 (net 0); r: -3 only; z: 0 only (a free item); w: 5. */
	const char *ids[] = {"p", "p", "r", "z", "w"};
	const char *dates[] = {"2021-03-01", "2021-03-04", "2021-03-02", "2021-03-03", "2021-03-05"};
	double amt[] = {10.0, -10.0, -3.0, 0.0, 5.0};
	cseg_transactions *tx = NULL;
	cseg_feature_options *o = NULL;
	cseg_dataset *ds = NULL;
	double total = 0.0;

	ck_assert_ok(cseg_transactions_new_date_strings(&tx, ids, dates, amt, NULL, 5));
	ck_assert_int_eq(cseg_transactions_n_returns(tx), 2);
	ck_assert_rel(cseg_transactions_returned_amount(tx), 13.0, 1e-15);
	ck_assert_rel(cseg_transactions_net_amount(tx), 2.0, 1e-15);
	ck_assert_int_eq(cseg_transactions_n_zero_amounts(tx), 1);
	ck_assert_int_eq(cseg_transactions_n_net_nonpositive_customers(tx), 3);  /* p, r, z */
	ck_assert_int_eq(cseg_transactions_n_return_only_customers(tx), 1);      /* r */
	ck_assert_ok(cseg_feature_options_new(&o));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(2021, 3, 31)));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_rows(ds),
		cseg_transactions_n_customers(tx) - cseg_transactions_n_return_only_customers(tx));
	ck_cell(ds, "p", "monetary", 0);
	ck_cell(ds, "p", "frequency", 1);
	ck_cell(ds, "p", "n_returns", 1);
	ck_cell(ds, "z", "monetary", 0);
	ck_cell(ds, "z", "frequency", 1);
	ck_cell(ds, "w", "monetary", 5);
	for (int64_t i = 0; i < cseg_dataset_n_rows(ds); i++)
		total += cell(ds, cseg_dataset_id(ds, i), "monetary");
	ck_assert_rel(total, cseg_transactions_net_amount(tx) + 3.0, 1e-15);  /* + r's return */
	cseg_dataset_free(ds);
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
}
END_TEST

START_TEST(test_attributes)
{
	cseg_transactions *tx = hand_tx(0);
	const char *three[] = {"a", "b", "c"};
	const char *path = "/tmp/cseg_features_attr.csv";
	FILE *f;
	cseg_tx_options *to = NULL;
	cseg_feature_options *o = NULL;
	cseg_dataset *ds = NULL;
	int64_t v = 0;

	ck_assert_int_eq(cseg_transactions_n_returns(tx), 2);
	ck_assert_int_eq(cseg_transactions_n_returns(NULL), -1);
	ck_assert_int_eq(cseg_transactions_has_column(tx, CSEG_TX_COLUMN_CHANNEL), 1);
	ck_assert_int_eq(cseg_transactions_has_column(tx, CSEG_TX_COLUMN_REGION), 0);
	ck_assert_int_eq(cseg_transactions_has_column(tx, CSEG_TX_COLUMN_AMOUNT), 0);
	ck_assert_int_eq(cseg_transactions_n_levels(tx, CSEG_TX_COLUMN_CHANNEL), 2);  /* "" is unknown, not a level */
	ck_assert_str_eq(cseg_transactions_level(tx, CSEG_TX_COLUMN_CHANNEL, 0), "web");
	ck_assert_str_eq(cseg_transactions_level(tx, CSEG_TX_COLUMN_CHANNEL, 1), "store");
	ck_assert_ptr_null(cseg_transactions_level(tx, CSEG_TX_COLUMN_CHANNEL, 2));
	ck_assert_ptr_null(cseg_transactions_level(tx, CSEG_TX_COLUMN_CHANNEL, -1));
	ck_assert_ptr_null(cseg_transactions_level(tx, CSEG_TX_COLUMN_DATE, 0));
	ck_assert_int_eq(cseg_transactions_n_levels(tx, CSEG_TX_COLUMN_REGION), 0);
	ck_assert_int_eq(cseg_transactions_n_levels(tx, CSEG_TX_COLUMN_ID), -1);
	ck_assert_int_eq(cseg_transactions_n_levels(NULL, CSEG_TX_COLUMN_CHANNEL), -1);
	ck_assert_status(cseg_transactions_set_attribute(NULL, CSEG_TX_COLUMN_CHANNEL, three, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_set_attribute(tx, CSEG_TX_COLUMN_CHANNEL, three, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_transactions_set_attribute(tx, CSEG_TX_COLUMN_AMOUNT, three, 3), CSEG_E_UNSUPPORTED);
	ck_assert_int_eq(cseg_transactions_n_levels(tx, CSEG_TX_COLUMN_CHANNEL), 2);  /* unchanged */
	ck_assert_ok(cseg_transactions_set_attribute(tx, CSEG_TX_COLUMN_CHANNEL, NULL, 0));
	ck_assert_int_eq(cseg_transactions_has_column(tx, CSEG_TX_COLUMN_CHANNEL), 0);
	cseg_transactions_free(tx);

	/* From a file: columns by name and by position. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("id,date,amount,region,channel,category\n"
	      "u,2022-05-01,10,north,web,books\n"
	      "u,2022-05-02,30,south,store,music\n"
	      "v,2022-05-02,5,,web,\n"
	      "u,2022-05-03,-10,south,store,music\n", f);
	fclose(f);
	ck_assert_ok(cseg_tx_options_new(&to));
	ck_assert_ok(cseg_tx_options_get_int(to, CSEG_TX_COLUMN_CATEGORY, &v));
	ck_assert_int_eq(v, -1);
	ck_assert_ok(cseg_tx_options_set_string(to, CSEG_TX_COLUMN_CHANNEL, "channel"));
	ck_assert_ok(cseg_tx_options_set_string(to, CSEG_TX_COLUMN_REGION, "region"));
	ck_assert_ok(cseg_tx_options_set_int(to, CSEG_TX_COLUMN_CATEGORY, 5));
	ck_assert_ok(cseg_transactions_read(&tx, path, to));
	ck_assert_int_eq(cseg_transactions_n_rows(tx), 4);
	ck_assert_int_eq(cseg_transactions_n_returns(tx), 1);
	ck_assert_int_eq(cseg_transactions_n_levels(tx, CSEG_TX_COLUMN_REGION), 2);
	ck_assert_int_eq(cseg_transactions_n_levels(tx, CSEG_TX_COLUMN_CATEGORY), 2);
	ck_assert_str_eq(cseg_transactions_level(tx, CSEG_TX_COLUMN_CATEGORY, 1), "music");
	ck_assert_ok(cseg_feature_options_new(&o));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(2022, 5, 3)));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_int_eq(cseg_dataset_n_cols(ds), 9 + 2 + 2 + 2);
	ck_assert_str_eq(cseg_dataset_column_name(ds, 11), "share_region_north");
	ck_cell(ds, "u", "monetary", 30);
	ck_cell(ds, "u", "n_returns", 1);
	ck_cell(ds, "u", "share_region_south", 0.75);
	ck_cell(ds, "u", "share_channel_web", 0.25);
	ck_cell(ds, "u", "share_category_books", 0.25);
	ck_cell(ds, "v", "share_region_north", 0);
	ck_cell(ds, "v", "share_channel_web", 1);
	cseg_dataset_free(ds);
	cseg_transactions_free(tx);
	/* A missing attribute column is a format error naming it. */
	ck_assert_ok(cseg_tx_options_set_int(to, CSEG_TX_COLUMN_CATEGORY, 9));
	ck_assert_status(cseg_transactions_read(&tx, path, to), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "category"));
	ck_assert_ok(cseg_tx_options_set_string(to, CSEG_TX_COLUMN_CATEGORY, "genre"));
	ck_assert_status(cseg_transactions_read(&tx, path, to), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "unknown category column 'genre'"));
	unlink(path);
	cseg_feature_options_free(o);
	cseg_tx_options_free(to);
}
END_TEST

/* ---- CDNOW against the pandas reference ---- */

static cseg_transactions *cdnow(void)
{
	cseg_tx_options *to = NULL;
	cseg_transactions *tx = NULL;
	int64_t n, *days;
	double *qty;
	const char **chan, **cat;
	static const char *const cats[3] = {"c0", "c1", "c2"};

	ck_assert_ok(cseg_tx_options_new(&to));
	ck_assert_ok(cseg_tx_options_set_int(to, CSEG_TX_COLUMN_QUANTITY, 2));
	ck_assert_ok(cseg_tx_options_set_int(to, CSEG_TX_COLUMN_AMOUNT, 3));
	ck_assert_ok(cseg_transactions_read(&tx, test_data("cdnow/CDNOW_master.txt"), to));
	cseg_tx_options_free(to);
	n = cseg_transactions_n_rows(tx);
	days = malloc((size_t)n * sizeof(int64_t));
	qty = malloc((size_t)n * sizeof(double));
	chan = malloc((size_t)n * sizeof(char *));
	cat = malloc((size_t)n * sizeof(char *));
	ck_assert_ok(cseg_transactions_copy_rows(tx, NULL, days, NULL, qty, n));
	/* Derived as in gen_features.py. */
	for (int64_t i = 0; i < n; i++) {
		chan[i] = ((int64_t)qty[i]) % 2 == 1 ? "web" : "store";
		cat[i] = cats[days[i] % 3];
	}
	ck_assert_ok(cseg_transactions_set_attribute(tx, CSEG_TX_COLUMN_CHANNEL, chan, n));
	ck_assert_ok(cseg_transactions_set_attribute(tx, CSEG_TX_COLUMN_CATEGORY, cat, n));
	free(days);
	free(qty);
	free(chan);
	free(cat);
	return tx;
}

/* Compare a dataset with a fixture written by gen_features.py. */
static void check_fixture(const cseg_dataset *ds, const char *name)
{
	FILE *f = fopen(test_fixture(name), "r");
	char line[8192], *names[64];
	int64_t n_cust = -1, n_miss = -1, n = cseg_dataset_n_rows(ds), d = cseg_dataset_n_cols(ds), row = 0;
	int n_names = 0, checked = 0;
	double *all;

	ck_assert_msg(f != NULL, "cannot open fixture %s", name);
	ck_assert_int_eq(fscanf(f, "# n_customers=%ld n_missing=%ld\n", &n_cust, &n_miss), 2);
	ck_assert_int_eq(n, n_cust);
	ck_assert_int_eq(cseg_dataset_n_missing(ds), n_miss);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	line[strcspn(line, "\n")] = '\0';
	for (char *tok = strtok(line, ","); tok; tok = strtok(NULL, ","))
		names[n_names++] = strdup(tok);
	ck_assert_int_eq(n_names - 1, d);
	for (int j = 1; j < n_names; j++)
		ck_assert_str_eq(cseg_dataset_column_name(ds, j - 1), names[j]);
	all = malloc((size_t)(n * d) * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(ds, all, n * d));
	while (fgets(line, sizeof(line), f)) {
		char *tok = strtok(line, ",\n");
		while (row < n && strcmp(cseg_dataset_id(ds, row), tok) != 0)
			row++;
		ck_assert_msg(row < n, "%s: customer %s missing or out of order", name, tok);
		for (int j = 0; j < d; j++) {
			double ref = strtod(strtok(NULL, ",\n"), NULL), got = all[row * d + j];
			if (isnan(ref))
				ck_assert_msg(isnan(got), "%s: %s %s = %g, expected NaN", name, tok, names[j + 1], got);
			else
				ck_assert_msg(fabs(got - ref) <= 1e-9 * fmax(1.0, fabs(ref)), "%s: %s %s = %.17g, expected %.17g",
					name, tok, names[j + 1], got, ref);
		}
		checked++;
	}
	ck_assert_int_ge(checked, 100);
	fclose(f);
	free(all);
	for (int j = 0; j < n_names; j++)
		free(names[j]);
}

START_TEST(test_cdnow)
{
	cseg_transactions *tx = cdnow();
	cseg_feature_options *o = NULL;
	cseg_dataset *ds = NULL;
	double t0, elapsed;

	ck_assert_ok(cseg_feature_options_new(&o));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(1998, 6, 30)));
	t0 = now_s();
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	elapsed = now_s() - t0;
	ck_assert_msg(elapsed < 0.5, "CDNOW features took %.3f s", elapsed);
	ck_assert_int_eq(cseg_dataset_n_rows(ds), 23570);
	check_fixture(ds, "features/features_cdnow_1998.csv");
	cseg_dataset_free(ds);

	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(1997, 9, 30)));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_HOLDOUT_END, ymd(1998, 6, 30)));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_FREQUENCY, CSEG_FEAT_ORDERS));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_ONBOARDING_DAYS, 30));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_ACTIVE_WITHIN, 180));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	check_fixture(ds, "features/features_cdnow_holdout.csv");
	cseg_dataset_free(ds);
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
}
END_TEST

/* The same log with its rows reversed goes through the row index and the
 * per-customer sort instead of the in-place path: same features. */
START_TEST(test_cdnow_reversed)
{
	cseg_transactions *tx = cdnow(), *rev = NULL;
	cseg_feature_options *o = NULL;
	cseg_dataset *ds = NULL, *dr = NULL;
	int64_t n = cseg_transactions_n_rows(tx), *cust = malloc((size_t)n * sizeof(int64_t));
	int64_t *days = malloc((size_t)n * sizeof(int64_t)), *rdays = malloc((size_t)n * sizeof(int64_t));
	double *amt = malloc((size_t)n * sizeof(double)), *ramt = malloc((size_t)n * sizeof(double));
	const char **ids = malloc((size_t)n * sizeof(char *));
	int64_t rows, cols;
	double *a, *b;

	ck_assert_ok(cseg_transactions_copy_rows(tx, cust, days, amt, NULL, n));
	for (int64_t i = 0; i < n; i++) {
		ids[i] = cseg_transactions_customer_id(tx, cust[n - 1 - i]);
		rdays[i] = days[n - 1 - i];
		ramt[i] = amt[n - 1 - i];
	}
	ck_assert_ok(cseg_transactions_new(&rev, ids, rdays, ramt, NULL, n));
	ck_assert_ok(cseg_feature_options_new(&o));
	ck_assert_ok(cseg_feature_options_set_int(o, CSEG_FEAT_AS_OF, ymd(1998, 3, 31)));
	ck_assert_ok(cseg_features_compute(&ds, tx, o));
	ck_assert_ok(cseg_features_compute(&dr, rev, o));
	rows = cseg_dataset_n_rows(ds);
	cols = cseg_dataset_n_cols(ds);
	ck_assert_int_eq(cseg_dataset_n_rows(dr), rows);
	ck_assert_int_eq(cseg_dataset_n_cols(dr), 9);  /* rev has no attribute columns */
	a = malloc((size_t)(rows * cols) * sizeof(double));
	b = malloc((size_t)(rows * 9) * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(ds, a, rows * cols));
	ck_assert_ok(cseg_dataset_copy_data(dr, b, rows * 9));
	for (int64_t i = 0; i < rows; i++) {
		const int64_t k = rows - 1 - i;  /* customers come in reverse order */
		ck_assert_str_eq(cseg_dataset_id(dr, i), cseg_dataset_id(ds, k));
		for (int64_t j = 0; j < 9; j++) {
			double x = a[k * cols + j], y = b[i * 9 + j];
			/* Same-day rows are summed in the other order: not bit-identical. */
			ck_assert_msg((isnan(x) && isnan(y)) || fabs(x - y) <= 1e-12 * fmax(1.0, fabs(x)),
				"customer %s column %lld: %.17g vs %.17g",
				cseg_dataset_id(ds, k), (long long)j, x, y);
		}
	}
	free(a);
	free(b);
	free(cust);
	free(days);
	free(rdays);
	free(amt);
	free(ramt);
	free(ids);
	cseg_dataset_free(ds);
	cseg_dataset_free(dr);
	cseg_feature_options_free(o);
	cseg_transactions_free(tx);
	cseg_transactions_free(rev);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("features");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_hand_default);
	tcase_add_test(tc, test_hand_orders_holdout);
	tcase_add_test(tc, test_hand_onboarding_inactive);
	tcase_add_test(tc, test_selection);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_only_returns);
	tcase_add_test(tc, test_returns_report_and_features);
	tcase_add_test(tc, test_attributes);
	tcase_add_test(tc, test_cdnow);
	tcase_add_test(tc, test_cdnow_reversed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(suite());
}
