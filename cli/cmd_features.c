/* `cseg features`: customer-level features from a transaction file at an
 * as-of date (cseg_features_compute), written as a CSV table. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg features --as-of DATE [options] TRANSACTIONS\n"
	"\n"
	"Customer features at an as-of date from a transaction file (CSV or\n"
	"blank-separated, one row per order; '-' reads stdin). Writes one row per\n"
	"customer: customer_id, recency, frequency, monetary, aov, tenure, ipt_mean,\n"
	"ipt_std, n_returns, frequency_seasonal, share_* columns when attribute\n"
	"columns are read, holdout_* columns with --holdout-end. Missing values are NA.\n"
	"Definitions: include/cseg/cseg_features.h.\n"
	"\n"
	CLI_FEAT_HELP
	"      --holdout-end DATE   add holdout_frequency and holdout_monetary for (as-of, DATE]\n"
	"      --columns A,B,...    features to write, in order (default: all)\n"
	CLI_TX_HELP
	"  -o, --output FILE        features CSV (default '-', standard output)\n"
	"      --json               print a JSON summary (needs --output FILE)\n"
	"  -q, --quiet              print nothing on success\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

int cmd_features(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_TX_LONGOPTS,
		CLI_FEAT_LONGOPTS,
		{ "columns", required_argument, NULL, 'c' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_tx t;
	struct cli_feat f;
	const char *output = "-";
	int c, r, json = 0, quiet = 0, rc;
	cseg_transactions *tx = NULL;
	cseg_dataset *ds = NULL;
	FILE *info;

	cli_tx_init(&t);
	cli_feat_init(&f);
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:d:o:qh", longopts, NULL)) != -1) {
		if ((r = cli_tx_option(&t, c, optarg)) || (r = cli_feat_option(&f, c, optarg))) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'c': f.columns = optarg; break;
		case 'd': if (cli_parse_delimiter(optarg, &t.delimiter)) return EXIT_USAGE; break;
		case 'o': output = optarg; break;
		case 'j': json = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (!f.have_as_of || optind != argc - 1) {
		fprintf(stderr, "cseg features: expected --as-of DATE and one TRANSACTIONS file\n%s", usage);
		return EXIT_USAGE;
	}
	if (json && strcmp(output, "-") == 0) {
		fprintf(stderr, "cseg features: --json needs --output FILE (standard output would hold both)\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_tx_read(&t, argv[optind], &tx)) != EXIT_OK)
		return rc;
	if ((rc = cli_features(&f, tx, &ds)) != EXIT_OK)
		goto done;
	if (cli_write_dataset(output, ds)) {
		rc = EXIT_FAILURE_RUN;
		goto done;
	}
	/* The summary never mixes with a table on standard output. */
	info = strcmp(output, "-") == 0 ? stderr : stdout;
	if (json) {
		fprintf(info, "{\"customers\": %lld, \"transactions\": %lld, \"skipped_rows\": %lld, "
			"\"returns\": %lld, \"missing_values\": %lld, \"output\": ",
			(long long)cseg_dataset_n_rows(ds), (long long)cseg_transactions_n_rows(tx),
			(long long)cseg_transactions_n_skipped(tx), (long long)cseg_transactions_n_returns(tx),
			(long long)cseg_dataset_n_missing(ds));
		cli_json_string(info, output);
		fputs(", \"features\": [", info);
		for (int64_t j = 0; j < cseg_dataset_n_cols(ds); j++) {
			if (j)
				fputs(", ", info);
			cli_json_string(info, cseg_dataset_column_name(ds, j));
		}
		fputs("]}\n", info);
	} else if (!quiet) {
		fprintf(info, "%lld customers, %lld features (%lld transactions, %lld skipped, %lld returns; "
			"%lld missing values)\n", (long long)cseg_dataset_n_rows(ds),
			(long long)cseg_dataset_n_cols(ds), (long long)cseg_transactions_n_rows(tx),
			(long long)cseg_transactions_n_skipped(tx), (long long)cseg_transactions_n_returns(tx),
			(long long)cseg_dataset_n_missing(ds));
	}
	rc = EXIT_OK;
done:
	cseg_dataset_free(ds);
	cseg_transactions_free(tx);
	return rc;
}
