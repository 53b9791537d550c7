/* RFM scores, cut points, cells and named segments: hand-checked cases and
 * the CDNOW transactions, whose frequency is mostly 1. */
#include <math.h>
#include <stdint.h>
#include <unistd.h>

#include "test_util.h"

static void scores(cseg_rfm *rfm, int dim, int64_t *out, int64_t n)
{
	ck_assert_ok(cseg_rfm_get_scores(rfm, dim, out, n));
}

START_TEST(distinct_values_quintiles)
{
	/* 10 customers, all values distinct: both methods give bins of 2. */
	static const double rec[10] = {30, 1, 90, 7, 365, 14, 60, 3, 180, 120};
	static const double fre[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	static const double mon[10] = {100, 90, 80, 70, 60, 50, 40, 30, 20, 10};
	static const int64_t want_r[10] = {3, 5, 2, 4, 1, 4, 3, 5, 1, 2};
	static const int64_t want_f[10] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
	static const double want_cut_r[4] = {3, 14, 60, 120};
	for (int method = 0; method < 2; method++) {
		cseg_rfm *rfm = NULL;
		int64_t r[10], f[10], m[10], cell[10];
		double cut[4];

		ck_assert_ok(cseg_rfm_new(&rfm));
		ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_BINNING, method));
		ck_assert_ok(cseg_rfm_compute(rfm, rec, 10, fre, 10, mon, 10));
		ck_assert_int_eq(cseg_rfm_n_rows(rfm), 10);
		scores(rfm, CSEG_RFM_RECENCY, r, 10);
		scores(rfm, CSEG_RFM_FREQUENCY, f, 10);
		scores(rfm, CSEG_RFM_MONETARY, m, 10);
		ck_assert_ok(cseg_rfm_get_cells(rfm, cell, 10));
		for (int i = 0; i < 10; i++) {
			ck_assert_int_eq(r[i], want_r[i]);
			ck_assert_int_eq(f[i], want_f[i]);
			ck_assert_int_eq(m[i], 6 - want_f[i]);
			ck_assert_int_eq(cell[i], r[i] * 100 + f[i] * 10 + m[i]);
		}
		ck_assert_ok(cseg_rfm_get_cuts(rfm, CSEG_RFM_RECENCY, cut, 4));
		for (int j = 0; j < 4; j++)
			ck_assert_double_eq(cut[j], want_cut_r[j]);
		ck_assert_ok(cseg_rfm_get_cuts(rfm, CSEG_RFM_MONETARY, cut, 4));
		ck_assert_double_eq(cut[0], 20);
		ck_assert_double_eq(cut[3], 80);
		cseg_rfm_free(rfm);
	}
}
END_TEST

START_TEST(ties_balanced_and_rank)
{
	/* Frequency with heavy ties: six 1s, three 2s, two 3s, then 4, 5, 7, 9.
	 * Balanced: {1} {2} {3} {4,5} {7,9}; rank: positions / 3. */
	static const double fre[15] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 7, 9};
	static const int64_t want_bal[15] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5};
	static const int64_t want_rank[15] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5};
	static const double want_cut[4] = {1, 2, 3, 5};
	double rec[15], mon[15], cut[4];
	int64_t f[15];
	cseg_rfm *rfm = NULL;

	for (int i = 0; i < 15; i++) {
		rec[i] = i;
		mon[i] = 10.0 * i;
	}
	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 15, fre, 15, mon, 15));
	scores(rfm, CSEG_RFM_FREQUENCY, f, 15);
	for (int i = 0; i < 15; i++)
		ck_assert_int_eq(f[i], want_bal[i]);
	ck_assert_ok(cseg_rfm_get_cuts(rfm, CSEG_RFM_FREQUENCY, cut, 4));
	for (int j = 0; j < 4; j++)
		ck_assert_double_eq(cut[j], want_cut[j]);
	/* The cut points reproduce the balanced bins: 1 + #{j : v > cut_j}. */
	for (int i = 0; i < 15; i++) {
		int64_t b = 1;

		for (int j = 0; j < 4; j++)
			b += fre[i] > cut[j];
		ck_assert_int_eq(b, f[i]);
	}
	/* Giving those cuts back reproduces the scores. */
	ck_assert_ok(cseg_rfm_set_cuts(rfm, CSEG_RFM_FREQUENCY, cut, 4));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 15, fre, 15, mon, 15));
	scores(rfm, CSEG_RFM_FREQUENCY, f, 15);
	for (int i = 0; i < 15; i++)
		ck_assert_int_eq(f[i], want_bal[i]);
	ck_assert_ok(cseg_rfm_set_cuts(rfm, CSEG_RFM_FREQUENCY, NULL, 0));

	ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_BINNING, CSEG_RFM_BINNING_RANK));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 15, fre, 15, mon, 15));
	scores(rfm, CSEG_RFM_FREQUENCY, f, 15);
	for (int i = 0; i < 15; i++)
		ck_assert_int_eq(f[i], want_rank[i]);
	/* Ties are broken by row order: reversing the rows moves the 1s that score 2. */
	{
		double rf[15], rr[15], rm[15];

		for (int i = 0; i < 15; i++) {
			rf[i] = fre[14 - i];
			rr[i] = rec[14 - i];
			rm[i] = mon[14 - i];
		}
		ck_assert_ok(cseg_rfm_compute(rfm, rr, 15, rf, 15, rm, 15));
		scores(rfm, CSEG_RFM_FREQUENCY, f, 15);
		ck_assert_int_eq(f[9], 1);  /* the first 1 in row order */
		ck_assert_int_eq(f[14], 2); /* the sixth */
	}
	cseg_rfm_free(rfm);
}
END_TEST

/* Random tied data: with D >= n_bins distinct values every bin is used,
 * equal values share a score and scores increase with the value. */
START_TEST(balanced_properties)
{
	uint64_t state = 12345;
	double x[400];
	int64_t s[400];

	for (int it = 0; it < 300; it++) {
		int64_t n = 1 + (it * 37) % 400;
		int64_t nb = 2 + it % 9, span = 1 + it % 23, distinct = 0;
		int seen[64] = {0};
		cseg_rfm *rfm = NULL;

		for (int64_t i = 0; i < n; i++) {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			/* Skewed: small values far more common, as purchase counts. */
			x[i] = (double)((state % (uint64_t)span) * (state % (uint64_t)span) / (uint64_t)span);
			if (!seen[(int)x[i]]++)
				distinct++;
		}
		ck_assert_ok(cseg_rfm_new(&rfm));
		ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, nb));
		ck_assert_ok(cseg_rfm_compute(rfm, x, n, x, n, x, n));
		scores(rfm, CSEG_RFM_FREQUENCY, s, n);
		{
			int64_t count[11] = {0}, used = 0;

			int64_t bad = 0;

			/* Plain comparisons: one Check assertion per pair would be slow. */
			for (int64_t i = 0; i < n; i++) {
				bad += s[i] < 1 || s[i] > nb;
				count[s[i] < 1 || s[i] > nb ? 0 : s[i]]++;
				for (int64_t j = 0; j < i; j++)
					bad += (x[i] == x[j] && s[i] != s[j]) || (x[i] < x[j] && s[i] > s[j])
						|| (x[i] > x[j] && s[i] < s[j]);
			}
			ck_assert_int_eq(bad, 0);
			for (int64_t b = 1; b <= nb; b++)
				used += count[b] > 0;
			ck_assert_int_eq(used, distinct < nb ? distinct : nb);
		}
		cseg_rfm_free(rfm);
	}
}
END_TEST

START_TEST(fewer_values_than_bins)
{
	static const double two[6] = {3, 3, 3, 8, 8, 8};
	static const double one[6] = {4, 4, 4, 4, 4, 4};
	static const double four[6] = {1, 2, 3, 5, 5, 5};
	cseg_rfm *rfm = NULL;
	int64_t s[6];
	double cut[4];

	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_ok(cseg_rfm_compute(rfm, one, 6, two, 6, four, 6));
	/* Two values: scores 1 and 5. */
	scores(rfm, CSEG_RFM_FREQUENCY, s, 6);
	ck_assert_int_eq(s[0], 1);
	ck_assert_int_eq(s[5], 5);
	ck_assert_ok(cseg_rfm_get_cuts(rfm, CSEG_RFM_FREQUENCY, cut, 4));
	for (int j = 0; j < 4; j++)
		ck_assert_double_eq(cut[j], 3);
	/* One value: the middle score, for recency too. */
	scores(rfm, CSEG_RFM_RECENCY, s, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(s[i], 3);
	ck_assert_ok(cseg_rfm_get_cuts(rfm, CSEG_RFM_RECENCY, cut, 4));
	ck_assert(cut[0] < 4 && cut[1] < 4 && cut[2] == 4 && cut[3] == 4);
	/* Four values over five bins: 1 + round(j * 4 / 3) = 1, 2, 4, 5. */
	scores(rfm, CSEG_RFM_MONETARY, s, 6);
	ck_assert_int_eq(s[0], 1);
	ck_assert_int_eq(s[1], 2);
	ck_assert_int_eq(s[2], 4);
	ck_assert_int_eq(s[3], 5);
	/* A single customer. */
	ck_assert_ok(cseg_rfm_compute(rfm, one, 1, two, 1, four, 1));
	ck_assert_ok(cseg_rfm_get_cells(rfm, s, 1));
	ck_assert_int_eq(s[0], 333);
	cseg_rfm_free(rfm);
}
END_TEST

START_TEST(user_cuts_and_bins)
{
	static const double rec[6] = {0, 10, 10.5, 40, 41, 1000};
	static const double mon[6] = {-5, 10, 10.5, 40, 41, 1000};
	static const double cuts[4] = {10, 20, 30, 40};
	static const int64_t want_m[6] = {1, 1, 2, 4, 5, 5};
	cseg_rfm *rfm = NULL;
	int64_t s[6], v;
	double got[4];

	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_ok(cseg_rfm_set_cuts(rfm, CSEG_RFM_MONETARY, cuts, 4));
	ck_assert_ok(cseg_rfm_set_cuts(rfm, CSEG_RFM_RECENCY, cuts, 4));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 6, mon, 6, mon, 6));
	scores(rfm, CSEG_RFM_MONETARY, s, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(s[i], want_m[i]);
	scores(rfm, CSEG_RFM_RECENCY, s, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(s[i], 6 - want_m[i]);
	ck_assert_ok(cseg_rfm_get_cuts(rfm, CSEG_RFM_MONETARY, got, 4));
	ck_assert_mem_eq(got, cuts, sizeof(cuts));
	/* Changing n_bins without new cuts is an error at compute time. */
	ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, 3));
	ck_assert_status(cseg_rfm_compute(rfm, rec, 6, mon, 6, mon, 6), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(),
		"cseg_rfm_compute: 4 recency cut points were set, but n_bins = 3 needs 2");
	ck_assert_ok(cseg_rfm_set_cuts(rfm, CSEG_RFM_RECENCY, NULL, 0));
	ck_assert_ok(cseg_rfm_set_cuts(rfm, CSEG_RFM_MONETARY, cuts + 1, 2));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 6, mon, 6, mon, 6));
	ck_assert_ok(cseg_rfm_get_int(rfm, CSEG_RFM_N_BINS, &v));
	ck_assert_int_eq(v, 3);
	scores(rfm, CSEG_RFM_MONETARY, s, 6);
	ck_assert_int_eq(s[0], 1);
	ck_assert_int_eq(s[3], 3);
	ck_assert_int_eq(s[4], 3);
	ck_assert_status(cseg_rfm_get_cuts(rfm, CSEG_RFM_MONETARY, got, 4), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_rfm_get_cuts(rfm, CSEG_RFM_MONETARY, got, 2));
	/* Ten bins: cells use two digits per score. */
	{
		double x[20];
		int64_t cell[20];

		for (int i = 0; i < 20; i++)
			x[i] = i;
		ck_assert_ok(cseg_rfm_set_cuts(rfm, CSEG_RFM_MONETARY, NULL, 0));
		ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, 10));
		ck_assert_ok(cseg_rfm_compute(rfm, x, 20, x, 20, x, 20));
		ck_assert_ok(cseg_rfm_get_cells(rfm, cell, 20));
		ck_assert_int_eq(cell[0], 100101);  /* R 10, F 1, M 1 */
		ck_assert_int_eq(cell[19], 11010);  /* R 1, F 10, M 10 */
	}
	cseg_rfm_free(rfm);
}
END_TEST

/* The default table, written out independently as a grid on R and FM. */
static const char *reference_segment(int r, double fm)
{
	if (r >= 4 && fm >= 4) return "Champions";
	if (r >= 3 && fm >= 3) return "Loyal";
	if (r >= 4 && fm >= 2) return "Potential Loyalists";
	if (r == 5) return "New";
	if (r == 4) return "Promising";
	if (r == 3 && fm >= 2) return "Need Attention";
	if (r == 3) return "About to Sleep";
	if (r == 1 && fm >= 4) return "Can't Lose Them";
	if (fm >= 3) return "At Risk";
	if (fm >= 2) return "Hibernating";
	return "Lost";
}

START_TEST(default_segments_grid)
{
	/* All 125 (R, F, M) cells through fixed cuts: value v in 1..5 is bin v. */
	static const double cuts[4] = {1.5, 2.5, 3.5, 4.5};
	double rec[125], fre[125], mon[125];
	int64_t seg[125], sizes[12], cell[125];
	cseg_rfm *rfm = NULL;
	int64_t total = 0;

	for (int i = 0; i < 125; i++) {
		int r = 1 + i / 25, f = 1 + (i / 5) % 5, m = 1 + i % 5;

		rec[i] = 6 - r; /* recency score = 6 - bin */
		fre[i] = f;
		mon[i] = m;
	}
	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_int_eq(cseg_rfm_n_segments(rfm), 12);
	ck_assert_str_eq(cseg_rfm_segment_name(rfm, 11), "Other");
	for (int d = 0; d < 3; d++)
		ck_assert_ok(cseg_rfm_set_cuts(rfm, d, cuts, 4));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 125, fre, 125, mon, 125));
	ck_assert_ok(cseg_rfm_get_segments(rfm, seg, 125));
	ck_assert_ok(cseg_rfm_get_cells(rfm, cell, 125));
	for (int i = 0; i < 125; i++) {
		int r = 1 + i / 25, f = 1 + (i / 5) % 5, m = 1 + i % 5;

		ck_assert_int_eq(cell[i], r * 100 + f * 10 + m);
		ck_assert_msg(strcmp(cseg_rfm_segment_name(rfm, seg[i]), reference_segment(r, (f + m) / 2.0)) == 0,
			"cell %d%d%d: got %s", r, f, m, cseg_rfm_segment_name(rfm, seg[i]));
	}
	ck_assert_ok(cseg_rfm_get_segment_sizes(rfm, sizes, 12));
	for (int s = 0; s < 12; s++) {
		total += sizes[s];
		/* The table partitions the grid: every named segment is used, "Other" never. */
		ck_assert_msg(s == 11 ? sizes[s] == 0 : sizes[s] > 0, "segment %d size %lld", s, (long long)sizes[s]);
	}
	ck_assert_int_eq(total, 125);
	cseg_rfm_free(rfm);
}
END_TEST

START_TEST(other_bin_counts_use_the_default_table_on_1_to_5)
{
	/* Three bins: scores 1, 2, 3 map to 1, 3, 5. The best customer is a Champion,
	 * the worst Lost, and a middle one (R 3 -> 3, FM 3) Loyal. */
	static const double rec[3] = {1, 50, 100};
	static const double fre[3] = {10, 5, 1};
	static const double mon[3] = {1000, 500, 10};
	cseg_rfm *rfm = NULL;
	int64_t seg[3];

	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, 3));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 3, fre, 3, mon, 3));
	ck_assert_ok(cseg_rfm_get_segments(rfm, seg, 3));
	ck_assert_str_eq(cseg_rfm_segment_name(rfm, seg[0]), "Champions");
	ck_assert_str_eq(cseg_rfm_segment_name(rfm, seg[1]), "Loyal");
	ck_assert_str_eq(cseg_rfm_segment_name(rfm, seg[2]), "Lost");
	cseg_rfm_free(rfm);
}
END_TEST

START_TEST(custom_tables)
{
	static const double rec[4] = {1, 2, 3, 400};
	static const double fre[4] = {9, 1, 5, 2};
	static const double mon[4] = {900, 10, 50, 20};
	cseg_rfm *rfm = NULL;
	int64_t seg[4], sizes[3];

	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, 4));
	ck_assert_ok(cseg_rfm_set_segment_rules(rfm,
		"cell == 444 or monetary > 800 -> \"Best\"\nrecency > 365 -> \"Gone\""));
	ck_assert_int_eq(cseg_rfm_n_segments(rfm), 3);
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 4, fre, 4, mon, 4));
	ck_assert_ok(cseg_rfm_get_segments(rfm, seg, 4));
	ck_assert_int_eq(seg[0], 0);
	ck_assert_int_eq(seg[1], 2);
	ck_assert_int_eq(seg[3], 1);
	ck_assert_str_eq(cseg_rfm_segment_name(rfm, 2), "Other");
	ck_assert_ok(cseg_rfm_get_segment_sizes(rfm, sizes, 3));
	ck_assert_int_eq(sizes[0] + sizes[1] + sizes[2], 4);
	/* Errors keep the table. */
	ck_assert_status(cseg_rfm_set_segment_rules(rfm, "recency_score > 3 -> \"x\""), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "RFM segment rules: line 1, column 1: unknown variable "
		"'recency_score'; use r, f, m, fm, cell, recency, frequency or monetary");
	ck_assert_status(cseg_rfm_set_segment_rules(rfm, "r > -> \"x\""), CSEG_E_FORMAT);
	ck_assert_int_eq(cseg_rfm_n_segments(rfm), 3);
	/* Results keep the names they were computed with. */
	ck_assert_ok(cseg_rfm_set_segment_rules(rfm, NULL));
	ck_assert_str_eq(cseg_rfm_segment_name(rfm, 0), "Best");
	ck_assert_ok(cseg_rfm_compute(rfm, rec, 4, fre, 4, mon, 4));
	ck_assert_str_eq(cseg_rfm_segment_name(rfm, 0), "Champions");
	ck_assert_ptr_nonnull(strstr(cseg_rfm_default_segment_rules(), "\"Can't Lose Them\""));
	cseg_rfm_free(rfm);
}
END_TEST

START_TEST(from_dataset)
{
	static const double x[] = {
		1, 10, 5, 100,
		2, 20, 1, 10,
		3, 30, 3, 50,
	};
	static const char *names[] = {"id", "days", "orders", "spend"};
	cseg_dataset *ds = NULL;
	cseg_rfm *rfm = NULL;
	int64_t r[3], f[3];

	ck_assert_ok(cseg_dataset_new(&ds, x, 3, 4, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, names, 4));
	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, 3));
	ck_assert_ok(cseg_rfm_compute_dataset(rfm, ds, "days", "orders", "spend"));
	scores(rfm, CSEG_RFM_RECENCY, r, 3);
	scores(rfm, CSEG_RFM_FREQUENCY, f, 3);
	ck_assert_int_eq(r[0], 3);
	ck_assert_int_eq(r[2], 1);
	ck_assert_int_eq(f[0], 3);
	ck_assert_int_eq(f[1], 1);
	ck_assert_status(cseg_rfm_compute_dataset(rfm, ds, "days", "order", "spend"), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(),
		"cseg_rfm_compute_dataset: frequency_column: the dataset has no column 'order'");
	ck_assert_status(cseg_rfm_compute_dataset(rfm, ds, NULL, "orders", "spend"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute_dataset(rfm, NULL, "days", "orders", "spend"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute_dataset(NULL, ds, "days", "orders", "spend"), CSEG_E_INVALID_ARG);
	cseg_dataset_free(ds);
	/* Missing values are refused, naming the column and row. */
	{
		double y[] = {1, 2, 3, NAN, 5, 6};

		ck_assert_ok(cseg_dataset_new(&ds, y, 2, 3, CSEG_LAYOUT_ROW_MAJOR));
		ck_assert_status(cseg_rfm_compute_dataset(rfm, ds, "x0", "x1", "x0"), CSEG_E_MISSING_VALUES);
		ck_assert_str_eq(cseg_last_error(),
			"cseg_rfm_compute_dataset: column 'x0' is missing (NaN) at row 1 (0-based)");
		cseg_dataset_free(ds);
	}
	/* The earlier results survive the failures. */
	ck_assert_int_eq(cseg_rfm_n_rows(rfm), 3);
	cseg_rfm_free(rfm);
}
END_TEST

/* ---- CDNOW -------------------------------------------------------------- */

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	/* Howard Hinnant's algorithm: days since 1970-01-01. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static const char *cdnow_path(void)
{
	static char path[4096];

	/* Bundled with the repository (data/cdnow, MIT). */
	snprintf(path, sizeof(path), "%s", test_data("cdnow/CDNOW_master.txt"));
	return path;
}

#define CDNOW_MAX 30000

START_TEST(cdnow_five_real_bins)
{
	FILE *fp = fopen(cdnow_path(), "r");
	static double rec[CDNOW_MAX], fre[CDNOW_MAX], mon[CDNOW_MAX];
	static int64_t last[CDNOW_MAX], sc[3][CDNOW_MAX], seg[CDNOW_MAX];
	int64_t asof = days_from_civil(1998, 6, 30), n = 0, lines = 0, ones = 0;
	char line[256];
	cseg_rfm *rfm = NULL;

	ck_assert_msg(fp != NULL, "cannot open %s", cdnow_path());
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp)); /* header */
	while (fgets(line, sizeof(line), fp)) {
		long id, date, cds;
		double dollars;
		int64_t day;

		if (sscanf(line, "%ld %ld %ld %lf", &id, &date, &cds, &dollars) != 4)
			continue;
		ck_assert(id >= 1 && id < CDNOW_MAX);
		day = days_from_civil(date / 10000, date / 100 % 100, date % 100);
		if (fre[id] == 0 || day > last[id])
			last[id] = day;
		fre[id] += 1;
		mon[id] += dollars;
		if (id > n)
			n = id;
		lines++;
	}
	fclose(fp);
	ck_assert_int_eq(lines, 69659);
	ck_assert_int_eq(n, 23570);
	/* Customers 1..n: shift to 0-based. */
	for (int64_t i = 0; i < n; i++) {
		ck_assert(fre[i + 1] > 0);
		rec[i] = (double)(asof - last[i + 1]);
		fre[i] = fre[i + 1];
		mon[i] = mon[i + 1];
		ones += fre[i] == 1;
	}
	ck_assert_int_gt(ones, n / 2); /* most customers bought once */

	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, n, fre, n, mon, n));
	for (int d = 0; d < 3; d++) {
		int64_t count[6] = {0};
		double lo[6], hi[6];

		scores(rfm, d, sc[d], n);
		for (int s = 1; s <= 5; s++) {
			lo[s] = INFINITY;
			hi[s] = -INFINITY;
		}
		for (int64_t i = 0; i < n; i++) {
			double v = d == 0 ? rec[i] : d == 1 ? fre[i] : mon[i];
			int64_t s = sc[d][i];

			ck_assert(s >= 1 && s <= 5);
			count[s]++;
			lo[s] = fmin(lo[s], v);
			hi[s] = fmax(hi[s], v);
		}
		/* Five real, non-empty bins, and ties never split: value ranges of
		 * consecutive scores do not overlap (recency runs the other way). */
		for (int s = 1; s <= 5; s++)
			ck_assert_msg(count[s] > 0, "dimension %d score %d is empty", d, s);
		for (int s = 1; s < 5; s++) {
			if (d == 0)
				ck_assert_msg(lo[s] > hi[s + 1], "recency scores %d and %d overlap", s, s + 1);
			else
				ck_assert_msg(hi[s] < lo[s + 1], "dimension %d scores %d and %d overlap", d, s, s + 1);
		}
		if (d == 1) {
			/* F = 1 is exactly the one-time buyers. */
			ck_assert_int_eq(count[1], ones);
			ck_assert_double_eq(hi[1], 1);
		}
	}
	/* Named segments follow the reference table. */
	ck_assert_ok(cseg_rfm_get_segments(rfm, seg, n));
	{
		int64_t sizes[12], champions = 0;

		for (int64_t i = 0; i < n; i++) {
			const char *want = reference_segment((int)sc[0][i], (sc[1][i] + sc[2][i]) / 2.0);

			ck_assert_str_eq(cseg_rfm_segment_name(rfm, seg[i]), want);
			champions += strcmp(want, "Champions") == 0;
		}
		ck_assert_ok(cseg_rfm_get_segment_sizes(rfm, sizes, 12));
		ck_assert_int_eq(sizes[0], champions);
		ck_assert_int_gt(champions, 0);
		ck_assert_int_eq(sizes[11], 0);
	}
	/* The rank method also gives five bins, of equal size (within one). */
	ck_assert_ok(cseg_rfm_set_int(rfm, CSEG_RFM_BINNING, CSEG_RFM_BINNING_RANK));
	ck_assert_ok(cseg_rfm_compute(rfm, rec, n, fre, n, mon, n));
	scores(rfm, CSEG_RFM_FREQUENCY, sc[1], n);
	{
		int64_t count[6] = {0};

		for (int64_t i = 0; i < n; i++)
			count[sc[1][i]]++;
		for (int s = 1; s <= 5; s++)
			ck_assert(count[s] == n / 5 || count[s] == n / 5 + 1);
	}
	cseg_rfm_free(rfm);
}
END_TEST

START_TEST(bad_arguments)
{
	static const double x[3] = {1, 2, 3};
	static const double nan3[3] = {1, NAN, 3};
	static const double inf3[3] = {1, 2, INFINITY};
	static const double bad_cuts[3] = {1, 1, 2};
	static const double nan_cuts[2] = {1, NAN};
	cseg_rfm *rfm = NULL;
	int64_t buf[3], v;
	double d3[3];

	ck_assert_status(cseg_rfm_new(NULL), CSEG_E_INVALID_ARG);
	cseg_rfm_free(NULL);
	ck_assert_int_eq(cseg_rfm_n_rows(NULL), -1);
	ck_assert_int_eq(cseg_rfm_n_segments(NULL), -1);
	ck_assert_ptr_null(cseg_rfm_segment_name(NULL, 0));
	ck_assert_status(cseg_rfm_set_int(NULL, CSEG_RFM_N_BINS, 5), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_int(NULL, CSEG_RFM_N_BINS, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_cuts(NULL, 0, x, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_segment_rules(NULL, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute(NULL, x, 3, x, 3, x, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_scores(NULL, 0, buf, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_cuts(NULL, 0, d3, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_cells(NULL, buf, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_segments(NULL, buf, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_segment_sizes(NULL, buf, 3), CSEG_E_INVALID_ARG);

	ck_assert_ok(cseg_rfm_new(&rfm));
	ck_assert_status(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, 11), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "cseg_rfm_set_int: n_bins = 11; valid values are 2 to 10");
	ck_assert_status(cseg_rfm_set_int(rfm, CSEG_RFM_BINNING, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_int(rfm, 999, 2), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_rfm_get_int(rfm, 999, &v), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_rfm_get_int(rfm, CSEG_RFM_N_BINS, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_cuts(rfm, 3, x, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_cuts(rfm, -1, x, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_cuts(rfm, 0, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_rfm_set_cuts(rfm, 0, x, 0)); /* back to quantiles */
	ck_assert_status(cseg_rfm_set_cuts(rfm, 0, x, 10), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_cuts(rfm, 0, x, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_set_cuts(rfm, 1, bad_cuts, 3), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "cseg_rfm_set_cuts: frequency cuts must be strictly increasing, "
		"but cuts[1] = 1 <= cuts[0] = 1");
	ck_assert_status(cseg_rfm_set_cuts(rfm, 2, nan_cuts, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_scores(rfm, 0, buf, 3), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_rfm_get_cells(rfm, buf, 3), CSEG_E_NOT_FITTED);

	ck_assert_status(cseg_rfm_compute(rfm, NULL, 3, x, 3, x, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute(rfm, x, 3, NULL, 3, x, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute(rfm, x, 3, x, 3, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute(rfm, x, 0, x, 0, x, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute(rfm, x, -1, x, -1, x, -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute(rfm, x, 3, x, 2, x, 3), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "cseg_rfm_compute: frequency has 2 values but recency has 3");
	ck_assert_status(cseg_rfm_compute(rfm, x, 3, x, 3, x, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_compute(rfm, x, 3, nan3, 3, x, 3), CSEG_E_MISSING_VALUES);
	ck_assert_str_eq(cseg_last_error(), "cseg_rfm_compute: frequency is missing (NaN) at row 1 (0-based)");
	ck_assert_status(cseg_rfm_compute(rfm, x, 3, x, 3, inf3, 3), CSEG_E_INVALID_ARG);
	ck_assert_int_eq(cseg_rfm_n_rows(rfm), 0);

	ck_assert_ok(cseg_rfm_compute(rfm, x, 3, x, 3, x, 3));
	ck_assert_status(cseg_rfm_get_scores(rfm, 3, buf, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_scores(rfm, 0, NULL, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_scores(rfm, 0, buf, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_cuts(rfm, -1, d3, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_cuts(rfm, 0, d3, 3), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_cells(rfm, buf, 4), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_segments(rfm, buf, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rfm_get_segment_sizes(rfm, buf, 3), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(cseg_rfm_segment_name(rfm, 12));
	ck_assert_ptr_null(cseg_rfm_segment_name(rfm, -1));
	ck_assert_status(cseg_rfm_set_segment_rules(rfm, "r >"), CSEG_E_FORMAT);
	cseg_rfm_free(rfm);
	ck_assert_int_eq(cseg_live_handles(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rfm");
	TCase *tc = tcase_create("rfm");

	tcase_add_test(tc, distinct_values_quintiles);
	tcase_add_test(tc, ties_balanced_and_rank);
	tcase_add_test(tc, balanced_properties);
	tcase_add_test(tc, fewer_values_than_bins);
	tcase_add_test(tc, user_cuts_and_bins);
	tcase_add_test(tc, default_segments_grid);
	tcase_add_test(tc, other_bin_counts_use_the_default_table_on_1_to_5);
	tcase_add_test(tc, custom_tables);
	tcase_add_test(tc, from_dataset);
	tcase_add_test(tc, cdnow_five_real_bins);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
