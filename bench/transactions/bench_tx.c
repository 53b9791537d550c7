/* Read a transaction file with cseg_transactions_read and report time,
 * peak memory and the returns report; optionally compute the customer
 * features at an as-of date afterwards.
 *
 * Usage: bench_tx FILE [ID DATE AMOUNT [QUANTITY [CHANNEL]]]
 *   column names from the header ("-" = absent); with no names, positions
 *   0, 1, 2 and automatic header detection. Environment: AS_OF=YYYY-MM-DD
 *   also times cseg_features_compute; REPEATS (default 1) reads the file
 *   that many times and reports the fastest.
 * Prints one "key value" per line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cseg/cseg.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Peak resident set size so far, bytes (Linux: ru_maxrss in KiB). */
static double peak_rss(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss * 1024.0;
}

static int check(cseg_status st, const char *what)
{
	if (st != CSEG_OK)
		fprintf(stderr, "bench_tx: %s: %s\n", what, cseg_last_error());
	return st != CSEG_OK;
}

int main(int argc, char **argv)
{
	static const cseg_tx_option keys[] = {CSEG_TX_COLUMN_ID, CSEG_TX_COLUMN_DATE, CSEG_TX_COLUMN_AMOUNT,
		CSEG_TX_COLUMN_QUANTITY, CSEG_TX_COLUMN_CHANNEL};
	cseg_tx_options *o = NULL;
	cseg_transactions *tx = NULL;
	const char *as_of = getenv("AS_OF");
	int repeats = getenv("REPEATS") ? atoi(getenv("REPEATS")) : 1;
	double best = 1e300, rss0, rss_read;
	int64_t n;

	if (argc < 2 || argc == 3 || argc == 4 || argc > 7) {
		fprintf(stderr, "usage: bench_tx FILE [ID DATE AMOUNT [QUANTITY [CHANNEL]]]\n");
		return 2;
	}
	rss0 = peak_rss();
	if (check(cseg_tx_options_new(&o), "options"))
		return 1;
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "-") != 0 && check(cseg_tx_options_set_string(o, keys[i - 2], argv[i]), "column"))
			return 1;
	for (int r = 0; r < (repeats > 0 ? repeats : 1); r++) {
		double t0 = now_s(), t;
		cseg_transactions_free(tx);
		tx = NULL;
		if (check(cseg_transactions_read(&tx, argv[1], o), "read"))
			return 1;
		t = now_s() - t0;
		if (t < best)
			best = t;
	}
	rss_read = peak_rss();
	n = cseg_transactions_n_rows(tx);
	printf("file %s\n", argv[1]);
	printf("rows %lld\n", (long long)n);
	printf("customers %lld\n", (long long)cseg_transactions_n_customers(tx));
	printf("skipped %lld\n", (long long)cseg_transactions_n_skipped(tx));
	printf("returns %lld\n", (long long)cseg_transactions_n_returns(tx));
	printf("returned_amount %.2f\n", cseg_transactions_returned_amount(tx));
	printf("zero_amounts %lld\n", (long long)cseg_transactions_n_zero_amounts(tx));
	printf("net_amount %.2f\n", cseg_transactions_net_amount(tx));
	printf("net_nonpositive_customers %lld\n", (long long)cseg_transactions_n_net_nonpositive_customers(tx));
	printf("return_only_customers %lld\n", (long long)cseg_transactions_n_return_only_customers(tx));
	printf("read_s %.3f\n", best);
	printf("rows_per_s %.0f\n", (double)n / best);
	printf("peak_rss_after_read_MB %.1f\n", rss_read / 1e6);
	printf("bytes_per_row %.1f\n", (rss_read - rss0) / (double)n);
	if (as_of) {
		cseg_feature_options *fo = NULL;
		cseg_dataset *ds = NULL;
		int64_t day = 0;
		double t0;
		if (check(cseg_date_parse(&day, as_of), "AS_OF") || check(cseg_feature_options_new(&fo), "features") ||
		    check(cseg_feature_options_set_int(fo, CSEG_FEAT_AS_OF, day), "as-of"))
			return 1;
		t0 = now_s();
		if (check(cseg_features_compute(&ds, tx, fo), "features"))
			return 1;
		printf("features_s %.3f\n", now_s() - t0);
		printf("feature_rows %lld\n", (long long)cseg_dataset_n_rows(ds));
		printf("feature_cols %lld\n", (long long)cseg_dataset_n_cols(ds));
		printf("peak_rss_after_features_MB %.1f\n", peak_rss() / 1e6);
		cseg_dataset_free(ds);
		cseg_feature_options_free(fo);
	}
	cseg_transactions_free(tx);
	cseg_tx_options_free(o);
	return 0;
}
