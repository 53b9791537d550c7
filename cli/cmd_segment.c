/* `cseg segment`: fit k-means on customer features (a CSV of features, or
 * transactions turned into features at an as-of date), print the named
 * segments, and optionally save the model, the assignments, the profile
 * table and the HTML report. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg segment [options] FILE\n"
	"       cseg segment --transactions FILE --as-of DATE [options]\n"
	"\n"
	"Segment customers (k-means by default, see --algorithm) and name the segments\n"
	"from their profile.\n"
	"FILE is a CSV of customer features (header row; '-' reads stdin); with\n"
	"--transactions, features are computed from orders first (`cseg features`;\n"
	"default columns " CLI_SEGMENT_DEFAULT_COLUMNS ").\n"
	"\n"
	"  -k, --k N|auto         number of segments (default 5), or auto: chosen first (below)\n"
	"      --seed N           seed of every random step (default 0)\n"
	"      --n-init N         restarts, the best kept (default 4)\n"
	"      --max-iter N       iteration limit (default 300)\n"
	"      --method M         auto, lloyd or hamerly (default auto)\n"
	"      --log1p            fit on sign(x) log(1 + |x|) of every feature (skewed spend)\n"
	"      --scale S          none (default) or zscore: fit on standardised features\n"
	"                         (the model's features are then named z_..., log1p_...)\n"
	"  -d, --delimiter C      field separator (default ',')\n"
	"      --id-column NAME   customer ID column (default: line numbers; with\n"
	"                         --transactions, the orders' ID column, default 0)\n"
	"      --columns A,B,...  feature columns (default: all but the ID column)\n"
	"  -m, --model FILE       save the fitted model\n"
	"  -a, --assignments FILE write customer_id,segment,distance,margin,segment_name,\n"
	"                         confidence as CSV (confidence = 1 - d1/d2, distances to the\n"
	"                         nearest and second-nearest centroids)\n"
	"  -p, --profile FILE     write the profile: segment, name, size, share, top\n"
	"                         features, mean/median/index (100 = population) of each feature\n"
	"  -r, --report FILE      write the HTML report\n"
	"      --json             print the result as JSON\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n"
	"\n"
	CLI_KSEL_HELP
	CLI_ALGO_HELP
	"\n"
	"With --transactions FILE:\n"
	CLI_FEAT_HELP
	CLI_TX_HELP
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

enum { OPT_TRANSACTIONS = 1, OPT_LOG1P, OPT_SCALE, OPT_SEED, OPT_N_INIT, OPT_MAX_ITER, OPT_METHOD };

struct segment_opts {
	struct cli_seg_opts seg;
	struct cli_tx t;
	struct cli_feat f;
	int json, stdout_taken;  /* an output file is "-": the table goes to stderr */
	const char *model_path, *assignments_path, *profile_path, *report_path, *input, *transactions;
};

static int parse(int argc, char **argv, struct segment_opts *o)
{
	static const struct option longopts[] = {
		CLI_TX_LONGOPTS,
		CLI_FEAT_LONGOPTS,
		CLI_KSEL_LONGOPTS,
		CLI_ALGO_LONGOPTS,
		{ "k", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "n-init", required_argument, NULL, OPT_N_INIT },
		{ "max-iter", required_argument, NULL, OPT_MAX_ITER },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "log1p", no_argument, NULL, OPT_LOG1P },
		{ "scale", required_argument, NULL, OPT_SCALE },
		{ "transactions", required_argument, NULL, OPT_TRANSACTIONS },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "columns", required_argument, NULL, 'c' },
		{ "model", required_argument, NULL, 'm' },
		{ "assignments", required_argument, NULL, 'a' },
		{ "profile", required_argument, NULL, 'p' },
		{ "report", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, r;

	memset(o, 0, sizeof(*o));
	o->seg = (struct cli_seg_opts){ .k = 5, .n_init = 4, .max_iter = 300, .method = CSEG_KMEANS_AUTO };
	cli_tx_init(&o->t);
	cli_feat_init(&o->f);
	cli_ksel_init(&o->seg.ksel);
	cli_algo_init(&o->seg.algo);
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:d:c:m:a:p:r:qh", longopts, NULL)) != -1) {
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
		case OPT_MAX_ITER: if (cli_parse_int("--max-iter", optarg, 1, 100000000, &o->seg.max_iter)) return -1; break;
		case OPT_METHOD:
			if (strcmp(optarg, "auto") == 0) o->seg.method = CSEG_KMEANS_AUTO;
			else if (strcmp(optarg, "lloyd") == 0) o->seg.method = CSEG_KMEANS_LLOYD;
			else if (strcmp(optarg, "hamerly") == 0) o->seg.method = CSEG_KMEANS_HAMERLY;
			else {
				fprintf(stderr, "cseg: --method expects auto, lloyd or hamerly, got '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_LOG1P: o->seg.log1p = 1; break;
		case OPT_SCALE:
			if (strcmp(optarg, "none") == 0) o->seg.zscore = 0;
			else if (strcmp(optarg, "zscore") == 0) o->seg.zscore = 1;
			else {
				fprintf(stderr, "cseg: --scale expects none or zscore, got '%s'\n", optarg);
				return -1;
			}
			break;
		case OPT_TRANSACTIONS: o->transactions = optarg; break;
		case 'd': if (cli_parse_delimiter(optarg, &o->t.delimiter)) return -1; break;
		case 'c': o->f.columns = optarg; break;
		case 'm': o->model_path = optarg; break;
		case 'a': o->assignments_path = optarg; break;
		case 'p': o->profile_path = optarg; break;
		case 'r': o->report_path = optarg; break;
		case 'j': o->json = 1; break;
		case 'q': o->seg.quiet = 1; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		default: return -1;
		}
	}
	if (cli_ksel_check(&o->seg.ksel, "segment") || cli_algo_check(&o->seg.algo, "segment"))
		return -1;
	for (int i = 0; i < 3; i++) {
		const char *p = i == 0 ? o->assignments_path : i == 1 ? o->profile_path : o->report_path;
		if (p && strcmp(p, "-") == 0)
			o->stdout_taken++;
	}
	if (o->model_path && strcmp(o->model_path, "-") == 0) {
		fprintf(stderr, "cseg segment: --model needs a file name (model files are binary)\n");
		return -1;
	}
	if (o->stdout_taken > 1 || (o->stdout_taken && o->json)) {
		fprintf(stderr, "cseg segment: only one of --assignments, --profile, --report and --json "
			"may use standard output\n");
		return -1;
	}
	if (o->transactions) {
		if (optind != argc || !o->f.have_as_of) {
			fprintf(stderr, "cseg segment: --transactions FILE needs --as-of DATE and no other input FILE\n%s", usage);
			return -1;
		}
		o->input = o->transactions;
		if (!o->f.columns)
			o->f.columns = CLI_SEGMENT_DEFAULT_COLUMNS;
	} else {
		if (optind != argc - 1) {
			fprintf(stderr, "cseg segment: expected one input FILE\n%s", usage);
			return -1;
		}
		if (o->f.have_as_of) {
			fprintf(stderr, "cseg segment: --as-of applies to --transactions FILE only\n");
			return -1;
		}
		o->input = argv[optind];
	}
	return 0;
}

static cseg_status read_features_csv(const struct segment_opts *o, cseg_dataset **ds)
{
	char **cols = NULL;
	int64_t n_cols = 0;
	cseg_status st;

	if (o->f.columns && !(cols = cli_split_list(o->f.columns, &n_cols)))
		return CSEG_E_NOMEM;
	st = cseg_dataset_read_csv(ds, o->input, o->t.delimiter ? (char)o->t.delimiter : ',', o->t.col[0],
		(const char *const *)cols, n_cols);
	cli_free_list(cols);
	return st;
}

/* The segment table: names, sizes, shares and the segment means of every
 * feature in its own units (the centroids when nothing is transformed). */
static void print_table(FILE *f, const struct cli_seg *s, const cseg_dataset *raw, int64_t skipped)
{
	double inertia, *mean = malloc((size_t)(s->k * s->d) * sizeof(*mean));
	int64_t iters, converged;
	int width = 4;

	if (!mean)
		return;
	cseg_profile_get_stat(s->profile, CSEG_PROFILE_MEAN, mean, s->k * s->d);
	cseg_model_get_double(s->model, CSEG_RESULT_INERTIA, &inertia);
	cseg_model_get_int(s->model, CSEG_RESULT_N_ITER, &iters);
	cseg_model_get_int(s->model, CSEG_RESULT_CONVERGED, &converged);
	for (int64_t c = 0; c < s->k; c++)
		if ((int)strlen(s->names[c]) > width)
			width = (int)strlen(s->names[c]);
	if (s->ksel)
		cli_ksel_print(f, s);
	fprintf(f, "%lld customers, %lld features, %lld segments; inertia %.6g after %lld iterations%s\n\n",
		(long long)s->n, (long long)s->d, (long long)s->k, inertia, (long long)iters,
		converged ? "" : " (not converged)");
	if (skipped)
		fprintf(f, "(%lld malformed transaction rows skipped)\n\n", (long long)skipped);
	fprintf(f, "%-7s %-*s %8s %6s", "segment", width, "name", "size", "share");
	for (int64_t j = 0; j < s->d; j++)
		fprintf(f, " %12.12s", cseg_dataset_column_name(raw, j));
	fputc('\n', f);
	for (int64_t c = 0; c < s->k; c++) {
		fprintf(f, "%-7lld %-*s %8lld %5.1f%%", (long long)c, width, s->names[c],
			(long long)s->sizes[c], 100.0 * (double)s->sizes[c] / (double)s->n);
		for (int64_t j = 0; j < s->d; j++) {
			double v = mean[c * s->d + j];
			fprintf(f, fabs(v) < 1e8 ? " %12.2f" : " %12.6g", v);
		}
		fputc('\n', f);
	}
	fprintf(f, "\nsegment means of each feature%s\n",
		s->fit ? "; the model was fitted on transformed features" : "");
	free(mean);
}

static void print_json(FILE *f, const struct cli_seg *s, const cseg_dataset *raw, int64_t skipped)
{
	int64_t kd = s->k * s->d;
	double inertia, *centroids = calloc((size_t)kd, sizeof(double)), *mean = malloc((size_t)kd * sizeof(double));
	int64_t iters, converged, algo = 0;

	if (!centroids || !mean)
		goto done;
	cseg_model_get_int(s->model, CSEG_RESULT_ALGO, &algo);
	cseg_model_get_centroids(s->model, centroids, s->k_model * s->d);
	cseg_profile_get_stat(s->profile, CSEG_PROFILE_MEAN, mean, kd);
	cseg_model_get_double(s->model, CSEG_RESULT_INERTIA, &inertia);
	cseg_model_get_int(s->model, CSEG_RESULT_N_ITER, &iters);
	cseg_model_get_int(s->model, CSEG_RESULT_CONVERGED, &converged);
	fprintf(f, "{\"n_customers\": %lld, \"skipped_rows\": %lld, \"algorithm\": \"%s\", "
		"\"inertia\": %.17g, \"n_iter\": %lld, \"converged\": %s,\n", (long long)s->n,
		(long long)skipped, cseg_algo_name((cseg_algo)algo), inertia,
		(long long)iters, converged ? "true" : "false");
	if (s->ksel)
		cli_ksel_json(f, s);
	fputs(" \"features\": [", f);
	for (int64_t j = 0; j < s->d; j++) {
		fputs(j ? ", " : "", f);
		cli_json_string(f, cseg_dataset_column_name(raw, j));
	}
	fputs("],\n \"model_features\": [", f);
	for (int64_t j = 0; j < s->d; j++) {
		fputs(j ? ", " : "", f);
		cli_json_string(f, cseg_model_feature_name(s->model, j));
	}
	fputs("],\n \"segments\": [\n", f);
	for (int64_t c = 0; c < s->k; c++) {
		fprintf(f, "  {\"segment\": %lld, \"name\": ", (long long)c);
		cli_json_string(f, s->names[c]);
		fprintf(f, ", \"size\": %lld, \"share\": %.17g, \"centroid\": [", (long long)s->sizes[c],
			(double)s->sizes[c] / (double)s->n);
		for (int64_t j = 0; j < s->d; j++)
			if (c < s->k_model)
				fprintf(f, "%s%.17g", j ? ", " : "", centroids[c * s->d + j]);
		fputs("], \"mean\": [", f);
		for (int64_t j = 0; j < s->d; j++) {
			double v = mean[c * s->d + j];
			if (v == v)
				fprintf(f, "%s%.17g", j ? ", " : "", v);
			else
				fprintf(f, "%snull", j ? ", " : "");
		}
		fprintf(f, "]}%s\n", c + 1 < s->k ? "," : "");
	}
	fputs(" ]}\n", f);
done:
	free(centroids);
	free(mean);
}

int cmd_segment(int argc, char **argv)
{
	struct segment_opts o;
	struct cli_seg s = { 0 };
	cseg_transactions *tx = NULL;
	cseg_dataset *ds = NULL;
	int64_t skipped = 0;
	cseg_status st;
	int rc;

	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	if (o.transactions) {
		if ((rc = cli_tx_read(&o.t, o.transactions, &tx)) != EXIT_OK)
			return rc;
		skipped = cseg_transactions_n_skipped(tx);
		if ((rc = cli_features(&o.f, tx, &ds)) != EXIT_OK)
			goto done;
	} else if ((st = read_features_csv(&o, &ds)) != CSEG_OK) {
		return cli_fail(o.input, st);
	}
	if ((rc = cli_seg_run(&o.seg, ds, &s)) != EXIT_OK)
		goto done;
	rc = EXIT_FAILURE_RUN;
	if (o.model_path && (st = cseg_model_save(s.model, o.model_path)) != CSEG_OK) {
		rc = cli_fail(o.model_path, st);
		goto done;
	}
	if (o.assignments_path && cli_write_assignments(o.assignments_path, ds, s.assign, s.labels, s.names))
		goto done;
	if (o.profile_path && cli_write_profile(o.profile_path, s.profile))
		goto done;
	if (o.report_path) {
		struct cli_report_ctx ctx = { .input = o.input, .as_of = o.f.as_of,
			.holdout_end = o.f.holdout_end, .tx = tx, .raw = ds, .seg = &s, .opts = &o.seg };
		if (cli_report(&ctx, o.report_path))
			goto done;
	}
	if (o.json)
		print_json(stdout, &s, ds, skipped);
	else if (!o.seg.quiet)
		print_table(o.stdout_taken ? stderr : stdout, &s, ds, skipped);
	rc = EXIT_OK;
done:
	cli_seg_free(&s);
	cseg_dataset_free(ds);
	cseg_transactions_free(tx);
	return rc;
}
