/* `cseg rfm`: RFM scores, cells and named segments (cseg_rfm) from a
 * customer features CSV or, with --as-of, straight from transactions. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg rfm [options] FEATURES_OR_TRANSACTIONS\n"
	"\n"
	"RFM scores 1..N per customer (recency oriented so that higher is better),\n"
	"the cell R*100+F*10+M and a named segment (Champions, Loyal, ..., Lost;\n"
	"the table is `cseg_rfm_default_segment_rules`, see include/cseg/cseg_rfm.h).\n"
	"Input: a features CSV (from `cseg features`; columns recency, frequency,\n"
	"monetary and customer_id) or, with --as-of, a transaction file. '-' reads stdin.\n"
	"Prints the segment table (name, size, share); --output writes one row per\n"
	"customer: customer_id,recency,frequency,monetary,r,f,m,cell,segment.\n"
	"\n"
	"  -o, --output FILE        per-customer CSV ('-' for standard output)\n"
	"      --bins N             scores per dimension, 2..10 (default 5)\n"
	"      --binning B          balanced (ties never split, default) or rank\n"
	"      --cuts-r A,B,...     recency cut points in days, ascending (N-1 values)\n"
	"      --cuts-f A,B,...     frequency cut points (N-1 values)\n"
	"      --cuts-m A,B,...     monetary cut points (N-1 values)\n"
	"      --segments FILE      segment rules replacing the default table, e.g.\n"
	"                           `r >= 4 and fm >= 4 -> \"Best\"` (see include/cseg/cseg_rules.h)\n"
	"      --rfm-columns R,F,M  feature columns to score (default recency,frequency,monetary)\n"
	"\n"
	"With a features CSV:\n"
	"      --id-column NAME     customer ID column (default customer_id)\n"
	"With transactions:\n"
	CLI_FEAT_HELP
	CLI_TX_HELP
	"\n"
	"      --json               print the result as JSON\n"
	"  -q, --quiet              print nothing on success\n"
	"  -h, --help               show this help\n"
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

enum { OPT_BINS = 1, OPT_BINNING, OPT_CUTS_R, OPT_CUTS_F, OPT_CUTS_M, OPT_SEGMENTS, OPT_COLUMNS };

struct rfm_opts {
	struct cli_tx t;
	struct cli_feat f;
	long long bins;
	int binning, json, quiet;
	const char *cuts[3], *segments, *columns, *output, *input;
};

static int parse(int argc, char **argv, struct rfm_opts *o)
{
	static const struct option longopts[] = {
		CLI_TX_LONGOPTS,
		CLI_FEAT_LONGOPTS,
		{ "bins", required_argument, NULL, OPT_BINS },
		{ "binning", required_argument, NULL, OPT_BINNING },
		{ "cuts-r", required_argument, NULL, OPT_CUTS_R },
		{ "cuts-f", required_argument, NULL, OPT_CUTS_F },
		{ "cuts-m", required_argument, NULL, OPT_CUTS_M },
		{ "segments", required_argument, NULL, OPT_SEGMENTS },
		{ "rfm-columns", required_argument, NULL, OPT_COLUMNS },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	cli_tx_init(&o->t);
	cli_feat_init(&o->f);
	o->bins = 5;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:o:qh", longopts, NULL)) != -1) {
		if ((r = cli_tx_option(&o->t, c, optarg)) || (r = cli_feat_option(&o->f, c, optarg))) {
			if (r < 0)
				return -1;
			continue;
		}
		switch (c) {
		case OPT_BINS: if (cli_parse_int("--bins", optarg, 2, 10, &o->bins)) return -1; break;
		case OPT_BINNING:
			if (strcmp(optarg, "balanced") == 0) o->binning = CSEG_RFM_BINNING_BALANCED;
			else if (strcmp(optarg, "rank") == 0) o->binning = CSEG_RFM_BINNING_RANK;
			else {
				fprintf(stderr, "cseg: --binning expects balanced or rank, got '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_CUTS_R: case OPT_CUTS_F: case OPT_CUTS_M: o->cuts[c - OPT_CUTS_R] = optarg; break;
		case OPT_SEGMENTS: o->segments = optarg; break;
		case OPT_COLUMNS: o->columns = optarg; break;
		case 'd': if (cli_parse_delimiter(optarg, &o->t.delimiter)) return -1; break;
		case 'o': o->output = optarg; break;
		case 'j': o->json = 1; break;
		case 'q': o->quiet = 1; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		default: return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "cseg rfm: expected one input FILE\n%s", usage);
		return -1;
	}
	if (o->json && o->output && strcmp(o->output, "-") == 0) {
		fprintf(stderr, "cseg rfm: --json needs --output FILE (standard output would hold both)\n");
		return -1;
	}
	o->input = argv[optind];
	return 0;
}

/* "1,2,3,4" -> doubles; -1 with a message naming the option. */
static int parse_cuts(const char *opt, const char *text, double *out, int64_t *n)
{
	int64_t count = 0;
	char **items = cli_split_list(text, &count);

	if (!items || count > 9) {
		fprintf(stderr, "cseg: %s expects at most 9 comma-separated numbers, got '%s'\n", opt, text);
		cli_free_list(items);
		return -1;
	}
	for (int64_t i = 0; i < count; i++) {
		if (cli_parse_double(opt, items[i], -1e308, &out[i])) {
			cli_free_list(items);
			return -1;
		}
	}
	cli_free_list(items);
	*n = count;
	return 0;
}

static int configure(const struct rfm_opts *o, cseg_rfm *rfm)
{
	static const char *const names[3] = { "--cuts-r", "--cuts-f", "--cuts-m" };
	cseg_status st;
	char *text;

	if ((st = cseg_rfm_set_int(rfm, CSEG_RFM_N_BINS, o->bins)) != CSEG_OK ||
	    (st = cseg_rfm_set_int(rfm, CSEG_RFM_BINNING, o->binning)) != CSEG_OK)
		return cli_fail("rfm", st);
	for (int d = 0; d < 3; d++) {
		double cuts[9];
		int64_t n;
		if (!o->cuts[d])
			continue;
		if (parse_cuts(names[d], o->cuts[d], cuts, &n))
			return EXIT_USAGE;
		if (n != o->bins - 1) {
			fprintf(stderr, "cseg: %s expects %lld cut points (--bins - 1), got %lld\n", names[d],
				o->bins - 1, (long long)n);
			return EXIT_USAGE;
		}
		if ((st = cseg_rfm_set_cuts(rfm, d, cuts, n)) != CSEG_OK) {
			fprintf(stderr, "cseg: %s: %s\n", names[d], cseg_last_error());
			return EXIT_USAGE;
		}
	}
	if (o->segments) {
		if (!(text = cli_read_text(o->segments)))
			return EXIT_FAILURE_RUN;
		st = cseg_rfm_set_segment_rules(rfm, text);
		free(text);
		if (st != CSEG_OK)
			return cli_fail(o->segments, st);
	}
	return EXIT_OK;
}

static int load(const struct rfm_opts *o, cseg_dataset **ds, int64_t *skipped)
{
	cseg_transactions *tx = NULL;
	cseg_status st;
	int rc;

	*skipped = 0;
	if (o->f.have_as_of) {
		if ((rc = cli_tx_read(&o->t, o->input, &tx)) != EXIT_OK)
			return rc;
		*skipped = cseg_transactions_n_skipped(tx);
		rc = cli_features(&o->f, tx, ds);
		cseg_transactions_free(tx);
		return rc;
	}
	st = cseg_dataset_read_csv(ds, o->input, o->t.delimiter ? (char)o->t.delimiter : ',',
		o->t.col[0] ? o->t.col[0] : "customer_id", NULL, 0);
	return st == CSEG_OK ? EXIT_OK : cli_fail(o->input, st);
}

static int write_table(const char *path, const cseg_dataset *ds, const cseg_rfm *rfm,
	const char *const cols[3])
{
	int64_t n = cseg_rfm_n_rows(rfm), d = cseg_dataset_n_cols(ds);
	int64_t *score[3], *cell = malloc((size_t)n * sizeof(int64_t)), *seg = malloc((size_t)n * sizeof(int64_t));
	int64_t idx[3] = { -1, -1, -1 };
	double *x = malloc((size_t)(n * d) * sizeof(double));
	cli_out out;
	int rc = -1;

	for (int k = 0; k < 3; k++)
		score[k] = malloc((size_t)n * sizeof(int64_t));
	for (int64_t j = 0; j < d; j++)
		for (int k = 0; k < 3; k++)
			if (strcmp(cseg_dataset_column_name(ds, j), cols[k]) == 0)
				idx[k] = j;
	if (!cell || !seg || !x || !score[0] || !score[1] || !score[2]) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	cseg_dataset_copy_data(ds, x, n * d);
	for (int k = 0; k < 3; k++)
		cseg_rfm_get_scores(rfm, k, score[k], n);
	cseg_rfm_get_cells(rfm, cell, n);
	cseg_rfm_get_segments(rfm, seg, n);
	if (cli_out_open(&out, path))
		goto done;
	fputs("customer_id,recency,frequency,monetary,r,f,m,cell,segment\n", out.f);
	for (int64_t i = 0; i < n; i++) {
		cli_csv_field(out.f, cseg_dataset_id(ds, i));
		for (int k = 0; k < 3; k++)
			fprintf(out.f, ",%.15g", x[i * d + idx[k]]);
		fprintf(out.f, ",%lld,%lld,%lld,%lld,", (long long)score[0][i], (long long)score[1][i],
			(long long)score[2][i], (long long)cell[i]);
		cli_csv_field(out.f, cseg_rfm_segment_name(rfm, seg[i]));
		fputc('\n', out.f);
	}
	rc = cli_out_commit(&out);
done:
	for (int k = 0; k < 3; k++)
		free(score[k]);
	free(cell);
	free(seg);
	free(x);
	return rc;
}

static void print_result(FILE *f, const cseg_rfm *rfm, int64_t bins, int64_t skipped, int json)
{
	static const char *const dims[3] = { "recency", "frequency", "monetary" };
	int64_t n = cseg_rfm_n_rows(rfm), k = cseg_rfm_n_segments(rfm);
	int64_t *sizes = calloc((size_t)k, sizeof(*sizes));
	double cuts[9];

	if (!sizes) {
		fprintf(stderr, "cseg: out of memory\n");
		return;
	}
	cseg_rfm_get_segment_sizes(rfm, sizes, k);
	if (json) {
		fprintf(f, "{\"customers\": %lld, \"skipped_rows\": %lld, \"bins\": %lld, \"cuts\": {",
			(long long)n, (long long)skipped, (long long)bins);
		for (int d = 0; d < 3; d++) {
			cseg_rfm_get_cuts(rfm, d, cuts, bins - 1);
			fprintf(f, "%s\"%s\": [", d ? ", " : "", dims[d]);
			for (int64_t j = 0; j < bins - 1; j++)
				fprintf(f, "%s%.17g", j ? ", " : "", cuts[j]);
			fputc(']', f);
		}
		fputs("},\n \"segments\": [\n", f);
		for (int64_t s = 0; s < k; s++) {
			fputs("  {\"name\": ", f);
			cli_json_string(f, cseg_rfm_segment_name(rfm, s));
			fprintf(f, ", \"size\": %lld, \"share\": %.17g}%s\n", (long long)sizes[s],
				(double)sizes[s] / (double)n, s + 1 < k ? "," : "");
		}
		fputs(" ]}\n", f);
		free(sizes);
		return;
	}
	fprintf(f, "%lld customers, %lld RFM scores per dimension", (long long)n, (long long)bins);
	if (skipped)
		fprintf(f, " (%lld bad rows skipped)", (long long)skipped);
	fputs("\n\ncut points (largest value of each score; recency in days, ascending)\n", f);
	for (int d = 0; d < 3; d++) {
		cseg_rfm_get_cuts(rfm, d, cuts, bins - 1);
		fprintf(f, "  %-10s", dims[d]);
		for (int64_t j = 0; j < bins - 1; j++)
			fprintf(f, " %10.6g", cuts[j]);
		fputc('\n', f);
	}
	fprintf(f, "\n%-22s %8s %7s\n", "segment", "size", "share");
	for (int64_t s = 0; s < k; s++)
		fprintf(f, "%-22s %8lld %6.1f%%\n", cseg_rfm_segment_name(rfm, s), (long long)sizes[s],
			100.0 * (double)sizes[s] / (double)n);
	free(sizes);
}

int cmd_rfm(int argc, char **argv)
{
	struct rfm_opts o;
	cseg_dataset *ds = NULL;
	cseg_rfm *rfm = NULL;
	char **cols = NULL;
	int64_t n_cols = 3, skipped = 0;
	cseg_status st;
	int rc;

	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	if (o.columns) {
		if (!(cols = cli_split_list(o.columns, &n_cols)) || n_cols != 3) {
			fprintf(stderr, "cseg: --rfm-columns expects three names R,F,M, got '%s'\n", o.columns);
			cli_free_list(cols);
			return EXIT_USAGE;
		}
	}
	if ((st = cseg_rfm_new(&rfm)) != CSEG_OK) {
		cli_free_list(cols);
		return cli_fail("rfm", st);
	}
	if ((rc = configure(&o, rfm)) != EXIT_OK || (rc = load(&o, &ds, &skipped)) != EXIT_OK)
		goto done;
	{
		const char *names[3] = { cols ? cols[0] : "recency", cols ? cols[1] : "frequency",
			cols ? cols[2] : "monetary" };
		if ((st = cseg_rfm_compute_dataset(rfm, ds, names[0], names[1], names[2])) != CSEG_OK) {
			rc = cli_fail(o.input, st);
			goto done;
		}
		if (o.output && write_table(o.output, ds, rfm, names)) {
			rc = EXIT_FAILURE_RUN;
			goto done;
		}
	}
	if (o.json || !o.quiet)
		print_result(o.output && strcmp(o.output, "-") == 0 ? stderr : stdout, rfm, o.bins,
			skipped, o.json);
	rc = EXIT_OK;
done:
	cli_free_list(cols);
	cseg_rfm_free(rfm);
	cseg_dataset_free(ds);
	return rc;
}
