/* `cseg assign`: assign the customers of a CSV file with a saved model. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg assign --model FILE [options] FILE\n"
	"\n"
	"Assign the customers of a CSV file (header row; '-' reads stdin) to the\n"
	"segments of a saved model. The file must hold the model's feature columns.\n"
	"Writes customer_id,segment,distance,margin,segment_name,confidence;\n"
	"segment_name is the name stored in the model by `cseg segment` (or --names);\n"
	"customers in no segment (DBSCAN noise) are 'Unclassified' with segment -1.\n"
	"\n"
	"  -m, --model FILE       model saved by `cseg segment --model`\n"
	"  -o, --output FILE      assignments CSV (default '-', standard output)\n"
	"  -d, --delimiter C      field separator (default ',')\n"
	"      --id-column NAME   customer ID column (default: line numbers)\n"
	"      --names FILE       segment names from the profile CSV of `cseg segment\n"
	"                         --profile`, instead of the model's\n"
	"      --json             print the segment sizes as JSON (needs --output FILE)\n"
	"  -q, --quiet            print nothing but the assignments\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

/* One CSV field at *p (RFC 4180 quotes), advancing past it and its comma. */
static char *csv_field(const char **p)
{
	const char *s = *p;
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	if (*s == '"') {
		for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
			if (*s == '"')
				s++;
			*o++ = *s;
		}
		if (*s == '"')
			s++;
	} else {
		while (*s && *s != ',' && *s != '\n' && *s != '\r')
			*o++ = *s++;
	}
	*o = '\0';
	if (*s == ',')
		s++;
	*p = s;
	return out;
}

static void free_names(char **names, int64_t k)
{
	for (int64_t c = 0; names && c < k; c++)
		free(names[c]);
	free(names);
}

/* The k names of a profile CSV (segment,name,...), indexed by segment. */
/* The names `cseg segment` stored in the model ("" when unnamed). */
static char **model_names(const cseg_model *m, int64_t k)
{
	char **names = calloc((size_t)k, sizeof(*names));

	for (int64_t c = 0; names && c < k; c++) {
		const char *name = cseg_model_segment_name(m, c);
		if (!(names[c] = strdup(name ? name : ""))) {
			free_names(names, c);
			names = NULL;
		}
	}
	if (!names)
		fprintf(stderr, "cseg: out of memory\n");
	return names;
}

static char **read_names(const char *path, int64_t k)
{
	char *text = cli_read_text(path), **names = calloc((size_t)k + 1, sizeof(char *));
	const char *p = text;
	int64_t line = 1, found = 0;

	if (!text || !names)
		goto fail;
	if (strncmp(p, "segment,name,", 13) != 0) {
		fprintf(stderr, "cseg: %s:1: expected the header of `cseg segment --profile` (segment,name,...)\n", path);
		goto fail;
	}
	p = strchr(p, '\n');
	while (p && *++p) {
		char *seg = csv_field(&p), *name = csv_field(&p), *end;
		long long c = seg ? strtoll(seg, &end, 10) : -1;
		line++;
		if (!seg || !name || !*seg || *end || c < 0 || c >= k || names[c]) {
			fprintf(stderr, "cseg: %s:%lld: expected a new segment number 0..%lld, got '%s'\n", path,
				(long long)line, (long long)k - 1, seg ? seg : "");
			free(seg);
			free(name);
			goto fail;
		}
		free(seg);
		names[c] = name;
		found++;
		p = strchr(p, '\n');
	}
	if (found != k) {
		fprintf(stderr, "cseg: %s: %lld segment names for a model of %lld segments\n", path,
			(long long)found, (long long)k);
		goto fail;
	}
	free(text);
	return names;
fail:
	free(text);
	free_names(names, k);
	return NULL;
}

static void print_json(const cseg_model *m, const cseg_assignment *a)
{
	int64_t n = cseg_assignment_n_rows(a), k = 0, *labels = malloc((size_t)n * sizeof(*labels));
	int64_t *sizes;

	cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k);
	sizes = calloc((size_t)k, sizeof(*sizes));
	if (labels && sizes) {
		cseg_assignment_get_labels(a, labels, n);
		for (int64_t i = 0; i < n; i++)
			sizes[labels[i]]++;
		printf("{\"customers\": %lld, \"segments\": [", (long long)n);
		for (int64_t c = 0; c < k; c++)
			printf("%s{\"segment\": %lld, \"size\": %lld}", c ? ", " : "", (long long)c,
				(long long)sizes[c]);
		printf("]}\n");
	}
	free(labels);
	free(sizes);
}

int cmd_assign(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "id-column", required_argument, NULL, 'I' },
		{ "names", required_argument, NULL, 'N' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *model_path = NULL, *output = "-", *id_column = NULL, *names_path = NULL;
	char **seg_names = NULL;
	int64_t k = 0;
	char delimiter = ',';
	int json = 0, quiet = 0;
	cseg_model *m = NULL;
	cseg_prep *prep = NULL;
	cseg_dataset *ds = NULL;
	cseg_assignment *a = NULL;
	const char **names = NULL;
	int64_t d;
	cseg_status st;
	int c, rc = EXIT_FAILURE_RUN;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:o:d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case 'o': output = optarg; break;
		case 'd':
			if (strlen(optarg) != 1) {
				fprintf(stderr, "cseg: --delimiter expects one character, got '%s'\n", optarg);
				return EXIT_USAGE;
			}
			delimiter = optarg[0];
			break;
		case 'I': id_column = optarg; break;
		case 'N': names_path = optarg; break;
		case 'j': json = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (!model_path || optind != argc - 1) {
		fprintf(stderr, "cseg assign: expected --model FILE and one input FILE\n%s", usage);
		return EXIT_USAGE;
	}
	if (json && strcmp(output, "-") == 0) {
		fprintf(stderr, "cseg assign: --json needs --output FILE (standard output would hold both)\n");
		return EXIT_USAGE;
	}
	if ((st = cseg_model_load(&m, model_path)) != CSEG_OK)
		return cli_fail(model_path, st);
	/* Read exactly the model's raw features, by name, in the model's order:
	 * its preprocessing's inputs when it has one, else its features. */
	if ((st = cseg_model_get_prep(m, &prep)) != CSEG_OK) {
		rc = cli_fail(model_path, st);
		goto done;
	}
	if (prep)
		d = cseg_prep_n_inputs(prep);
	else
		cseg_model_get_int(m, CSEG_RESULT_N_FEATURES, &d);
	if (!(names = malloc((size_t)d * sizeof(*names)))) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	for (int64_t j = 0; j < d; j++)
		names[j] = prep ? cseg_prep_input_name(prep, j) : cseg_model_feature_name(m, j);
	if ((st = cseg_dataset_read_csv(&ds, argv[optind], delimiter, id_column, names, d)) != CSEG_OK) {
		rc = cli_fail(argv[optind], st);
		goto done;
	}
	cseg_model_get_int(m, CSEG_RESULT_N_CLUSTERS, &k);
	if (names_path && !(seg_names = read_names(names_path, k)))
		goto done;
	if (!names_path && !(seg_names = model_names(m, k)))
		goto done;
	if ((st = cseg_model_assign(m, ds, &a)) != CSEG_OK) {
		rc = cli_fail("assign", st);
		goto done;
	}
	if (cli_write_assignments(output, ds, a, NULL, (const char *const *)seg_names))
		goto done;
	if (json)
		print_json(m, a);
	else if (!quiet && strcmp(output, "-") != 0)
		printf("%lld customers assigned to %s\n", (long long)cseg_assignment_n_rows(a), output);
	rc = EXIT_OK;
done:
	free_names(seg_names, k);
	free(names);
	cseg_prep_free(prep);
	cseg_assignment_free(a);
	cseg_dataset_free(ds);
	cseg_model_free(m);
	return rc;
}
