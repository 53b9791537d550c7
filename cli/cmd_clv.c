/* `cseg clv`: customer lifetime value from a transaction file. Summarises
 * each customer at the calibration end, fits a purchase model (BG/NBD or
 * Pareto/NBD) and the Gamma-Gamma spend model, and writes a CLV table. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg clv --calibration-end DATE [options] FILE\n"
	"\n"
	"Customer lifetime value from transactions (CSV or blank-separated; dates\n"
	"YYYY-MM-DD or YYYYMMDD). Prints the fitted models; --output writes one row\n"
	"per customer: customer_id,x,t_x,T,zbar,x_holdout,p_alive,\n"
	"expected_purchases,expected_spend,clv (and clv_tier with --tiers).\n"
	"\n"
	"  -c, --calibration-end DATE  last day of the calibration period (required)\n"
	"  -e, --observation-end DATE  last day of a holdout period, for validation\n"
	"      --model M               bgnbd (default) or pareto-nbd\n"
	"      --unit U                weeks (default) or days\n"
	"      --periods N             CLV horizon in periods (default 12)\n"
	"      --period-length L       period length in units (default 4.345: a month in weeks)\n"
	"      --discount-rate R       discount rate per period (default 0.01)\n"
	"      --margin M              profit margin applied to spend (default 1)\n"
	"      --tiers N               value tiers 1 (highest) .. N by CLV quantiles, ties together\n"
	"  -o, --output FILE           CLV table as CSV ('-' for standard output)\n"
	"      --json                  print the models as JSON\n"
	"  -q, --quiet                 print nothing on success\n"
	"  -h, --help                  show this help\n"
	"\n"
	"Transaction file:\n"
	CLI_TX_HELP
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

struct clv_opts {
	int64_t calibration_end, observation_end;
	int kind, unit, json, quiet;
	long long periods, tiers;
	double period_length, discount, margin;
	struct cli_tx t;
	const char *output, *input;
};

static int parse(int argc, char **argv, struct clv_opts *o)
{
	static const struct option longopts[] = {
		{ "calibration-end", required_argument, NULL, 'c' },
		{ "observation-end", required_argument, NULL, 'e' },
		{ "model", required_argument, NULL, 'M' },
		{ "unit", required_argument, NULL, 'u' },
		{ "periods", required_argument, NULL, 'p' },
		{ "period-length", required_argument, NULL, 'L' },
		{ "discount-rate", required_argument, NULL, 'r' },
		{ "margin", required_argument, NULL, 'g' },
		{ "tiers", required_argument, NULL, 't' },
		CLI_TX_LONGOPTS,
		{ "delimiter", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, have_cal = 0;

	*o = (struct clv_opts){ .observation_end = CSEG_DATE_NONE, .kind = CSEG_CLV_BGNBD,
		.unit = CSEG_TIME_WEEKS, .periods = 12, .period_length = 4.345, .discount = 0.01,
		.margin = 1.0 };
	cli_tx_init(&o->t);
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:e:d:o:qh", longopts, NULL)) != -1) {
		if (cli_tx_option(&o->t, c, optarg))
			continue;
		switch (c) {
		case 'c': if (cli_parse_date("--calibration-end", optarg, &o->calibration_end)) return -1;
			have_cal = 1; break;
		case 'e': if (cli_parse_date("--observation-end", optarg, &o->observation_end)) return -1; break;
		case 'M':
			if (strcmp(optarg, "bgnbd") == 0) o->kind = CSEG_CLV_BGNBD;
			else if (strcmp(optarg, "pareto-nbd") == 0) o->kind = CSEG_CLV_PARETO_NBD;
			else {
				fprintf(stderr, "cseg: --model expects bgnbd or pareto-nbd, got '%s'\n", optarg);
				return -1;
			}
			break;
		case 'u':
			if (strcmp(optarg, "weeks") == 0) o->unit = CSEG_TIME_WEEKS;
			else if (strcmp(optarg, "days") == 0) o->unit = CSEG_TIME_DAYS;
			else {
				fprintf(stderr, "cseg: --unit expects weeks or days, got '%s'\n", optarg);
				return -1;
			}
			break;
		case 'p': if (cli_parse_int("--periods", optarg, 1, 100000, &o->periods)) return -1; break;
		case 'L': if (cli_parse_double("--period-length", optarg, 1e-9, &o->period_length)) return -1; break;
		case 'r': if (cli_parse_double("--discount-rate", optarg, 0, &o->discount)) return -1; break;
		case 'g': if (cli_parse_double("--margin", optarg, -1e300, &o->margin)) return -1; break;
		case 't': if (cli_parse_int("--tiers", optarg, 2, 1000, &o->tiers)) return -1; break;
		case 'd': if (cli_parse_delimiter(optarg, &o->t.delimiter)) return -1; break;
		case 'o': o->output = optarg; break;
		case 'j': o->json = 1; break;
		case 'q': o->quiet = 1; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		default: return -1;
		}
	}
	if (!have_cal || optind != argc - 1) {
		fprintf(stderr, "cseg clv: expected --calibration-end DATE and one input FILE\n%s", usage);
		return -1;
	}
	o->input = argv[optind];
	return 0;
}

/* Per-customer columns of the summary and the predictions. */
struct clv_table {
	int64_t n;
	double *x, *t_x, *T, *zbar, *x_holdout, *alive, *expected, *spend, *clv;
	int64_t *tier;     /* NULL without --tiers */
	double *tier_cuts;
};

static void table_free(struct clv_table *t)
{
	free(t->x);
	free(t->t_x);
	free(t->T);
	free(t->zbar);
	free(t->x_holdout);
	free(t->alive);
	free(t->expected);
	free(t->spend);
	free(t->clv);
	free(t->tier);
	free(t->tier_cuts);
}

static cseg_status table_fill(struct clv_table *t, const cseg_clv_summary *s)
{
	double **cols[] = { &t->x, &t->t_x, &t->T, &t->zbar, &t->x_holdout, &t->alive,
		&t->expected, &t->spend, &t->clv };
	const cseg_clv_column src[] = { CSEG_CLV_X, CSEG_CLV_T_X, CSEG_CLV_T, CSEG_CLV_ZBAR,
		CSEG_CLV_X_HOLDOUT };
	cseg_status st;

	t->n = cseg_clv_summary_n_customers(s);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (!(*cols[i] = malloc((size_t)t->n * sizeof(double))))
			return CSEG_E_NOMEM;
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++)
		if ((st = cseg_clv_summary_copy_column(s, src[i], *cols[i], t->n)) != CSEG_OK)
			return st;
	return CSEG_OK;
}

static void print_params(FILE *f, const char *title, const cseg_clv_model *m, int json, int last)
{
	int64_t k = cseg_clv_model_n_params(m);
	double p[8], se[8], ll;
	int has_se = cseg_clv_model_get_std_errors(m, se, k) == CSEG_OK;

	cseg_clv_model_get_params(m, p, k);
	cseg_clv_model_get_double(m, CSEG_CLV_LOGLIK, &ll);
	if (json) {
		fprintf(f, "  \"%s\": {\"log_likelihood\": %.17g", title, ll);
		for (int64_t i = 0; i < k; i++)
			fprintf(f, ", \"%s\": %.17g", cseg_clv_model_param_name(m, i), p[i]);
		fprintf(f, "}%s\n", last ? "" : ",");
		return;
	}
	fprintf(f, "%s (log-likelihood %.2f)\n", title, ll);
	for (int64_t i = 0; i < k; i++) {
		fprintf(f, "  %-6s %10.4f", cseg_clv_model_param_name(m, i), p[i]);
		if (has_se)
			fprintf(f, "  (se %.4f)", se[i]);
		fputc('\n', f);
	}
}

static cseg_status print_holdout(FILE *f, const cseg_clv_model *m, const struct clv_table *t,
	double holdout_length)
{
	enum { BUCKETS = 8 };
	double actual[BUCKETS], predicted[BUCKETS];
	int64_t count[BUCKETS];
	cseg_status st = cseg_clv_holdout_compare(m, actual, predicted, count, BUCKETS, holdout_length,
		t->x, t->t_x, t->T, t->x_holdout, t->n);

	if (st != CSEG_OK)
		return st;
	fprintf(f, "\ncalibration vs holdout (%.2f units): mean purchases per customer\n", holdout_length);
	fprintf(f, "  %-6s %9s %9s %9s\n", "x", "customers", "actual", "predicted");
	for (int b = 0; b < BUCKETS; b++) {
		if (count[b] == 0)
			continue;
		fprintf(f, "  %-6s %9lld %9.3f %9.3f\n", b == BUCKETS - 1 ? "7+" : (char[]){ (char)('0' + b), 0 },
			(long long)count[b], actual[b], predicted[b]);
	}
	return CSEG_OK;
}

/* Tier sizes and the CLV range each covers (cuts are non-increasing). */
static void print_tiers(FILE *f, const struct clv_table *t, long long n_tiers)
{
	fprintf(f, "\nvalue tiers (1 = highest CLV)\n");
	for (long long k = 1; k <= n_tiers; k++) {
		int64_t size = 0;
		for (int64_t i = 0; i < t->n; i++)
			size += t->tier[i] == k;
		fprintf(f, "  tier %-3lld %7lld customers", k, (long long)size);
		if (k == 1)
			fprintf(f, "  clv > %.2f\n", t->tier_cuts[0]);
		else if (k == n_tiers)
			fprintf(f, "  clv <= %.2f\n", t->tier_cuts[k - 2]);
		else
			fprintf(f, "  %.2f < clv <= %.2f\n", t->tier_cuts[k - 1], t->tier_cuts[k - 2]);
	}
}

static int write_table(const char *path, const cseg_clv_summary *s, const struct clv_table *t)
{
	cli_out out;

	if (cli_out_open(&out, path))
		return -1;
	fputs("customer_id,x,t_x,T,zbar,x_holdout,p_alive,expected_purchases,expected_spend,clv", out.f);
	fputs(t->tier ? ",clv_tier\n" : "\n", out.f);
	for (int64_t i = 0; i < t->n; i++) {
		cli_csv_field(out.f, cseg_clv_summary_id(s, i));
		fprintf(out.f, ",%.0f,%.17g,%.17g,%.17g,%.0f,%.17g,%.17g,%.17g,%.17g", t->x[i], t->t_x[i],
			t->T[i], t->zbar[i], t->x_holdout[i], t->alive[i], t->expected[i], t->spend[i], t->clv[i]);
		if (t->tier)
			fprintf(out.f, ",%lld", (long long)t->tier[i]);
		fputc('\n', out.f);
	}
	return cli_out_commit(&out);
}

int cmd_clv(int argc, char **argv)
{
	struct clv_opts o;
	struct clv_table t = { 0 };
	cseg_transactions *tx = NULL;
	cseg_clv_summary *s = NULL;
	cseg_clv_model *purchases = NULL, *spend = NULL;
	double horizon, total = 0, corr;
	cseg_status st;
	int rc = EXIT_FAILURE_RUN;
	FILE *f = stdout;

	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	if ((rc = cli_tx_read(&o.t, o.input, &tx)) != EXIT_OK)
		return rc;
	rc = EXIT_FAILURE_RUN;
	if ((st = cseg_clv_summary_new(&s, tx, o.calibration_end, o.observation_end,
			(cseg_time_unit)o.unit)) != CSEG_OK) {
		rc = cli_fail("summary", st);
		goto done;
	}
	if ((st = table_fill(&t, s)) != CSEG_OK) {
		rc = cli_fail("summary", st);
		goto done;
	}
	horizon = (double)o.periods * o.period_length;
	if ((st = cseg_clv_model_new(&purchases, (cseg_clv_kind)o.kind)) != CSEG_OK ||
	    (st = cseg_clv_model_fit_summary(purchases, s, NULL)) != CSEG_OK ||
	    (st = cseg_clv_model_new(&spend, CSEG_CLV_GAMMA_GAMMA)) != CSEG_OK ||
	    (st = cseg_clv_model_fit_summary(spend, s, NULL)) != CSEG_OK ||
	    (st = cseg_clv_prob_alive(purchases, t.alive, t.x, t.t_x, t.T, t.n)) != CSEG_OK ||
	    (st = cseg_clv_expected_purchases(purchases, t.expected, horizon, t.x, t.t_x, t.T, t.n)) != CSEG_OK ||
	    (st = cseg_clv_expected_spend(spend, t.spend, t.x, t.zbar, t.n)) != CSEG_OK ||
	    (st = cseg_clv_value(purchases, spend, t.clv, o.periods, o.period_length, o.discount,
			o.margin, t.x, t.t_x, t.T, t.zbar, t.n)) != CSEG_OK) {
		rc = cli_fail("clv", st);
		goto done;
	}
	for (int64_t i = 0; i < t.n; i++)
		total += t.clv[i];
	if (o.tiers) {
		t.tier = malloc((size_t)t.n * sizeof(*t.tier));
		t.tier_cuts = malloc((size_t)(o.tiers - 1) * sizeof(*t.tier_cuts));
		if (!t.tier || !t.tier_cuts) {
			fprintf(stderr, "cseg: out of memory\n");
			goto done;
		}
		if ((st = cseg_clv_tiers(t.tier, t.tier_cuts, o.tiers - 1, t.clv, t.n, o.tiers)) != CSEG_OK) {
			rc = cli_fail("tiers", st);
			goto done;
		}
	}
	if (o.output && write_table(o.output, s, &t))
		goto done;
	if (o.output && strcmp(o.output, "-") == 0)
		f = stderr; /* the table owns standard output */
	cseg_clv_model_get_double(spend, CSEG_CLV_CORRELATION, &corr);
	if (o.json) {
		fprintf(f, "{\"customers\": %lld, \"skipped_rows\": %lld, \"total_clv\": %.17g,\n"
			"  \"frequency_value_correlation\": %.17g,\n", (long long)t.n,
			(long long)cseg_transactions_n_skipped(tx), total, corr);
		print_params(f, o.kind == CSEG_CLV_BGNBD ? "bgnbd" : "pareto_nbd", purchases, 1, 0);
		print_params(f, "gamma_gamma", spend, 1, 1);
		fputs("}\n", f);
	} else if (!o.quiet) {
		fprintf(f, "%lld customers (%lld transactions, %lld skipped)\n\n", (long long)t.n,
			(long long)cseg_transactions_n_rows(tx), (long long)cseg_transactions_n_skipped(tx));
		print_params(f, o.kind == CSEG_CLV_BGNBD ? "BG/NBD" : "Pareto/NBD", purchases, 0, 0);
		print_params(f, "Gamma-Gamma", spend, 0, 1);
		fprintf(f, "  frequency-value correlation %.3f (the model assumes independence)\n", corr);
		if (o.observation_end != CSEG_DATE_NONE &&
		    (st = print_holdout(f, purchases, &t, cseg_clv_summary_holdout_length(s))) != CSEG_OK) {
			rc = cli_fail("holdout", st);
			goto done;
		}
		fprintf(f, "\nCLV over %lld periods of %g units (discount %g, margin %g): total %.2f, "
			"mean %.2f per customer\n", o.periods, o.period_length, o.discount, o.margin,
			total, total / (double)t.n);
		if (t.tier)
			print_tiers(f, &t, o.tiers);
	}
	rc = EXIT_OK;
done:
	table_free(&t);
	cseg_clv_model_free(purchases);
	cseg_clv_model_free(spend);
	cseg_clv_summary_free(s);
	cseg_transactions_free(tx);
	return rc;
}
