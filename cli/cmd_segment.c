/* `cseg segment`: fit k-means on a CSV of customer features, print the
 * segments, and optionally save the model and the assignments. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg segment [options] FILE\n"
	"\n"
	"Segment the customers of a CSV file (header row; '-' reads stdin) with k-means.\n"
	"\n"
	"  -k, --k N              number of segments (default 5)\n"
	"      --seed N           seed of every random step (default 0)\n"
	"      --n-init N         restarts, the best kept (default 4)\n"
	"      --max-iter N       iteration limit (default 300)\n"
	"      --method M         auto, lloyd or hamerly (default auto)\n"
	"  -d, --delimiter C      field separator (default ',')\n"
	"      --id-column NAME   customer ID column (default: line numbers)\n"
	"      --columns A,B,...  feature columns (default: all but the ID column)\n"
	"  -m, --model FILE       save the fitted model\n"
	"  -a, --assignments FILE write customer_id,segment,distance,margin as CSV\n"
	"      --json             print the result as JSON\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

struct segment_opts {
	long long k, seed, n_init, max_iter;
	int method, json, quiet;
	char delimiter;
	const char *id_column, *columns, *model_path, *assignments_path, *input;
};

static int parse(int argc, char **argv, struct segment_opts *o)
{
	static const struct option longopts[] = {
		{ "k", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ "n-init", required_argument, NULL, 'n' },
		{ "max-iter", required_argument, NULL, 'i' },
		{ "method", required_argument, NULL, 'M' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "id-column", required_argument, NULL, 'I' },
		{ "columns", required_argument, NULL, 'c' },
		{ "model", required_argument, NULL, 'm' },
		{ "assignments", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*o = (struct segment_opts){ .k = 5, .n_init = 4, .max_iter = 300, .delimiter = ',',
		.method = CSEG_KMEANS_AUTO };
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:d:m:a:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': if (cli_parse_int("--k", optarg, 1, 1000000, &o->k)) return -1; break;
		case 's': if (cli_parse_int("--seed", optarg, 0, (1LL << 53), &o->seed)) return -1; break;
		case 'n': if (cli_parse_int("--n-init", optarg, 1, 100000, &o->n_init)) return -1; break;
		case 'i': if (cli_parse_int("--max-iter", optarg, 1, 100000000, &o->max_iter)) return -1; break;
		case 'M':
			if (strcmp(optarg, "auto") == 0) o->method = CSEG_KMEANS_AUTO;
			else if (strcmp(optarg, "lloyd") == 0) o->method = CSEG_KMEANS_LLOYD;
			else if (strcmp(optarg, "hamerly") == 0) o->method = CSEG_KMEANS_HAMERLY;
			else {
				fprintf(stderr, "cseg: --method expects auto, lloyd or hamerly, got '%s'\n", optarg);
				return -1;
			}
			break;
		case 'd':
			if (strlen(optarg) != 1 && strcmp(optarg, "\\t") != 0) {
				fprintf(stderr, "cseg: --delimiter expects one character, got '%s'\n", optarg);
				return -1;
			}
			o->delimiter = strcmp(optarg, "\\t") == 0 ? '\t' : optarg[0];
			break;
		case 'I': o->id_column = optarg; break;
		case 'c': o->columns = optarg; break;
		case 'm': o->model_path = optarg; break;
		case 'a': o->assignments_path = optarg; break;
		case 'j': o->json = 1; break;
		case 'q': o->quiet = 1; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		default: return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "cseg segment: expected one input FILE\n%s", usage);
		return -1;
	}
	o->input = argv[optind];
	return 0;
}

static cseg_status read_input(const struct segment_opts *o, cseg_dataset **ds)
{
	char **cols = NULL;
	int64_t n_cols = 0;
	cseg_status st;

	if (o->columns && !(cols = cli_split_list(o->columns, &n_cols)))
		return CSEG_E_NOMEM;
	st = cseg_dataset_read_csv(ds, o->input, o->delimiter, o->id_column,
		(const char *const *)cols, n_cols);
	cli_free_list(cols);
	return st;
}

static void print_table(FILE *f, const cseg_model *m, const int64_t *sizes, int64_t n,
	const double *centroids, int64_t k, int64_t d)
{
	double inertia;
	int64_t iters, converged;

	cseg_model_get_double(m, CSEG_RESULT_INERTIA, &inertia);
	cseg_model_get_int(m, CSEG_RESULT_N_ITER, &iters);
	cseg_model_get_int(m, CSEG_RESULT_CONVERGED, &converged);
	fprintf(f, "%lld customers, %lld features, %lld segments; inertia %.6g after %lld iterations%s\n\n",
		(long long)n, (long long)d, (long long)k, inertia, (long long)iters,
		converged ? "" : " (not converged)");
	fprintf(f, "%-8s %8s %7s", "segment", "size", "share");
	for (int64_t j = 0; j < d; j++)
		fprintf(f, " %16.16s", cseg_model_feature_name(m, j));
	fputc('\n', f);
	for (int64_t c = 0; c < k; c++) {
		fprintf(f, "%-8lld %8lld %6.1f%%", (long long)c, (long long)sizes[c],
			100.0 * (double)sizes[c] / (double)n);
		for (int64_t j = 0; j < d; j++)
			fprintf(f, " %16.6g", centroids[c * d + j]);
		fputc('\n', f);
	}
}

static void print_json(FILE *f, const cseg_model *m, const int64_t *sizes, int64_t n,
	const double *centroids, int64_t k, int64_t d)
{
	double inertia;
	int64_t iters, converged;

	cseg_model_get_double(m, CSEG_RESULT_INERTIA, &inertia);
	cseg_model_get_int(m, CSEG_RESULT_N_ITER, &iters);
	cseg_model_get_int(m, CSEG_RESULT_CONVERGED, &converged);
	fprintf(f, "{\"n_customers\": %lld, \"inertia\": %.17g, \"n_iter\": %lld, \"converged\": %s,\n",
		(long long)n, inertia, (long long)iters, converged ? "true" : "false");
	fputs(" \"features\": [", f);
	for (int64_t j = 0; j < d; j++) {
		if (j)
			fputs(", ", f);
		cli_json_string(f, cseg_model_feature_name(m, j));
	}
	fputs("],\n \"segments\": [\n", f);
	for (int64_t c = 0; c < k; c++) {
		fprintf(f, "  {\"segment\": %lld, \"size\": %lld, \"centroid\": [", (long long)c,
			(long long)sizes[c]);
		for (int64_t j = 0; j < d; j++)
			fprintf(f, "%s%.17g", j ? ", " : "", centroids[c * d + j]);
		fprintf(f, "]}%s\n", c + 1 < k ? "," : "");
	}
	fputs(" ]}\n", f);
}

int cmd_segment(int argc, char **argv)
{
	struct segment_opts o;
	cseg_dataset *ds = NULL;
	cseg_model *m = NULL;
	cseg_assignment *a = NULL;
	int64_t *labels = NULL, *sizes = NULL;
	double *centroids = NULL;
	int64_t n, d, k;
	cseg_status st;
	int rc = EXIT_FAILURE_RUN;

	if (parse(argc, argv, &o))
		return EXIT_USAGE;
	if ((st = read_input(&o, &ds)) != CSEG_OK)
		return cli_fail(o.input, st);
	n = cseg_dataset_n_rows(ds);
	d = cseg_dataset_n_cols(ds);
	if ((st = cseg_model_new(&m, CSEG_ALGO_KMEANS)) != CSEG_OK ||
	    (st = cseg_model_set_int(m, CSEG_PARAM_K, o.k)) != CSEG_OK ||
	    (st = cseg_model_set_int(m, CSEG_PARAM_SEED, o.seed)) != CSEG_OK ||
	    (st = cseg_model_set_int(m, CSEG_PARAM_N_INIT, o.n_init)) != CSEG_OK ||
	    (st = cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, o.max_iter)) != CSEG_OK ||
	    (st = cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, o.method)) != CSEG_OK ||
	    (st = cseg_model_fit(m, ds)) != CSEG_OK ||
	    (st = cseg_model_assign(m, ds, &a)) != CSEG_OK) {
		rc = cli_fail("segment", st);
		goto done;
	}
	k = o.k;
	labels = malloc((size_t)n * sizeof(*labels));
	sizes = calloc((size_t)k, sizeof(*sizes));
	centroids = malloc((size_t)(k * d) * sizeof(*centroids));
	if (!labels || !sizes || !centroids) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	cseg_assignment_get_labels(a, labels, n);
	for (int64_t i = 0; i < n; i++)
		sizes[labels[i]]++;
	cseg_model_get_centroids(m, centroids, k * d);
	if (o.model_path && (st = cseg_model_save(m, o.model_path)) != CSEG_OK) {
		rc = cli_fail(o.model_path, st);
		goto done;
	}
	if (o.assignments_path && cli_write_assignments(o.assignments_path, ds, a))
		goto done;
	if (o.json)
		print_json(stdout, m, sizes, n, centroids, k, d);
	else if (!o.quiet)
		print_table(stdout, m, sizes, n, centroids, k, d);
	rc = EXIT_OK;
done:
	free(labels);
	free(sizes);
	free(centroids);
	cseg_assignment_free(a);
	cseg_model_free(m);
	cseg_dataset_free(ds);
	return rc;
}
