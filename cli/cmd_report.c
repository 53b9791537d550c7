/* `cseg report`: one self-contained HTML page from transactions or a
 * features CSV: named k-means segments and their profile, the RFM grid, a
 * PCA scatter and, with a holdout, BG/NBD validation. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg report --transactions FILE --as-of DATE [options] -o REPORT.html\n"
	"       cseg report [options] -o REPORT.html FEATURES.csv\n"
	"\n"
	"Segment customers and write an HTML report (inline SVG, no network):\n"
	"segment sizes and names, a profile heatmap (index vs population), the RFM\n"
	"grid (when the features have recency, frequency and monetary), a 2-D PCA\n"
	"scatter of at most 5000 customers, and, with --holdout-end, a BG/NBD fit on\n"
	"the transactions up to --as-of: P(alive) histogram and calibration vs\n"
	"holdout purchases. k-means runs on log1p + z-score of the features, as\n"
	"`cseg segment --log1p --scale zscore`. '-' reads stdin / writes stdout.\n"
	"\n"
	"  -o, --output FILE        the HTML report (required)\n"
	"  -k, --k N|auto           number of segments (default 5), or auto: chosen first,\n"
	"                           and the report plots the criteria (below)\n"
	"      --seed N             seed of k-means and of the PCA sample (default 0)\n"
	"      --n-init N           k-means restarts (default 4)\n"
	"      --columns A,B,...    features to segment (default " CLI_SEGMENT_DEFAULT_COLUMNS "\n"
	"                           from transactions, every column of a features CSV)\n"
	"      --no-log1p           no log1p before scaling\n"
	"      --scale S            zscore (default) or none\n"
	"      --transactions FILE  transaction file (CSV or blank-separated)\n"
	"      --holdout-end DATE   validate BG/NBD on (as-of, DATE]\n"
	CLI_FEAT_HELP
	CLI_TX_HELP
	"                           (with a features CSV, --id-column NAME is its ID\n"
	"                           column, default customer_id)\n"
	"      --json               print a JSON summary\n"
	"  -q, --quiet              print nothing on success\n"
	"  -h, --help               show this help\n"
	"\n"
	CLI_KSEL_HELP
	CLI_ALGO_HELP
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

enum { OPT_TRANSACTIONS = 1, OPT_NO_LOG1P, OPT_SCALE, OPT_SEED, OPT_N_INIT };

struct report_opts {
	struct cli_seg_opts seg;
	struct cli_tx t;
	struct cli_feat f;
	int json;
	const char *output, *input, *transactions;
};

static int parse(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		CLI_TX_LONGOPTS,
		CLI_FEAT_LONGOPTS,
		CLI_KSEL_LONGOPTS,
		CLI_ALGO_LONGOPTS,
		{ "k", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "n-init", required_argument, NULL, OPT_N_INIT },
		{ "no-log1p", no_argument, NULL, OPT_NO_LOG1P },
		{ "scale", required_argument, NULL, OPT_SCALE },
		{ "transactions", required_argument, NULL, OPT_TRANSACTIONS },
		{ "columns", required_argument, NULL, 'c' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->seg = (struct cli_seg_opts){ .k = 5, .n_init = 4, .max_iter = 300,
		.method = CSEG_KMEANS_AUTO, .log1p = 1, .zscore = 1 };
	cli_tx_init(&o->t);
	cli_feat_init(&o->f);
	cli_ksel_init(&o->seg.ksel);
	cli_algo_init(&o->seg.algo);
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:c:d:o:qh", longopts, NULL)) != -1) {
		if ((r = cli_tx_option(&o->t, c, optarg)) || (r = cli_feat_option(&o->f, c, optarg)) ||
		    (r = cli_ksel_option(&o->seg.ksel, c, optarg)) ||
		    (r = cli_algo_option(&o->seg.algo, c, optarg))) {
			if (r < 0)
				return -1;
			continue;
		}
		switch (c) {
		case 'k': if (cli_parse_k(optarg, &o->seg.k, &o->seg.ksel)) return -1; break;
		case OPT_SEED: if (cli_parse_int("--seed", optarg, 0, (1LL << 53), &o->seg.seed)) return -1; break;
		case OPT_N_INIT: if (cli_parse_int("--n-init", optarg, 1, 100000, &o->seg.n_init)) return -1; break;
		case OPT_NO_LOG1P: o->seg.log1p = 0; break;
		case OPT_SCALE:
			if (strcmp(optarg, "none") == 0) o->seg.zscore = 0;
			else if (strcmp(optarg, "zscore") == 0) o->seg.zscore = 1;
			else {
				fprintf(stderr, "cseg: --scale expects none or zscore, got '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_TRANSACTIONS: o->transactions = optarg; break;
		case 'c': o->f.columns = optarg; break;
		case 'd': if (cli_parse_delimiter(optarg, &o->t.delimiter)) return -1; break;
		case 'o': o->output = optarg; break;
		case 'j': o->json = 1; break;
		case 'q': o->seg.quiet = 1; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		default: return -1;
		}
	}
	if (cli_ksel_check(&o->seg.ksel, "report") || cli_algo_check(&o->seg.algo, "report"))
		return -1;
	if (!o->output) {
		fprintf(stderr, "cseg report: expected --output REPORT.html\n%s", usage);
		return -1;
	}
	if (o->json && strcmp(o->output, "-") == 0) {
		fprintf(stderr, "cseg report: --json needs --output FILE (standard output would hold both)\n");
		return -1;
	}
	if (o->transactions) {
		if (optind != argc || !o->f.have_as_of) {
			fprintf(stderr, "cseg report: --transactions FILE needs --as-of DATE and no other input FILE\n%s", usage);
			return -1;
		}
		o->input = o->transactions;
		if (!o->f.columns)
			o->f.columns = CLI_SEGMENT_DEFAULT_COLUMNS;
		return 0;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "cseg report: expected --transactions FILE or one FEATURES file\n%s", usage);
		return -1;
	}
	if (o->f.have_as_of || o->f.holdout_end != CSEG_DATE_NONE) {
		fprintf(stderr, "cseg report: --as-of and --holdout-end apply to --transactions FILE only\n");
		return -1;
	}
	o->input = argv[optind];
	return 0;
}

static cseg_status read_features_csv(const struct report_opts *o, cseg_dataset **ds)
{
	char **cols = NULL;
	int64_t n_cols = 0;
	cseg_status st;

	if (o->f.columns && !(cols = cli_split_list(o->f.columns, &n_cols)))
		return CSEG_E_NOMEM;
	st = cseg_dataset_read_csv(ds, o->input, o->t.delimiter ? (char)o->t.delimiter : ',',
		o->t.col[0] ? o->t.col[0] : "customer_id", (const char *const *)cols, n_cols);
	cli_free_list(cols);
	return st;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o;
	struct cli_seg s = { 0 };
	cseg_transactions *tx = NULL;
	cseg_dataset *ds = NULL;
	cseg_status st;
	int rc;

	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	if (o.transactions) {
		if ((rc = cli_tx_read(&o.t, o.transactions, &tx)) != EXIT_OK)
			return rc;
		if ((rc = cli_features(&o.f, tx, &ds)) != EXIT_OK)
			goto done;
	} else if ((st = read_features_csv(&o, &ds)) != CSEG_OK) {
		return cli_fail(o.input, st);
	}
	if ((rc = cli_seg_run(&o.seg, ds, &s)) != EXIT_OK)
		goto done;
	{
		struct cli_report_ctx ctx = { .input = o.input, .as_of = o.f.as_of,
			.holdout_end = o.f.holdout_end, .tx = tx, .raw = ds, .seg = &s, .opts = &o.seg };
		if (cli_report(&ctx, o.output)) {
			rc = EXIT_FAILURE_RUN;
			goto done;
		}
	}
	if (o.json) {
		printf("{\"output\": ");
		cli_json_string(stdout, o.output);
		if (s.ksel) {
			fputs(",\n", stdout);
			cli_ksel_json(stdout, &s);
			fputs(" ", stdout);
		} else {
			fputs(",", stdout);
		}
		printf(" \"customers\": %lld, \"skipped_rows\": %lld, \"segments\": [", (long long)s.n,
			(long long)(tx ? cseg_transactions_n_skipped(tx) : 0));
		for (int64_t c = 0; c < s.k; c++) {
			printf("%s{\"name\": ", c ? ", " : "");
			cli_json_string(stdout, s.names[c]);
			printf(", \"size\": %lld}", (long long)s.sizes[c]);
		}
		printf("]}\n");
	} else if (!o.seg.quiet && strcmp(o.output, "-") != 0) {
		printf("%lld customers in %lld segments; report written to %s\n", (long long)s.n,
			(long long)s.k, o.output);
	}
	rc = EXIT_OK;
done:
	cli_seg_free(&s);
	cseg_dataset_free(ds);
	cseg_transactions_free(tx);
	return rc;
}
