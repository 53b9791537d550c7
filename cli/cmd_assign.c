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
	"\n"
	"  -m, --model FILE       model saved by `cseg segment --model`\n"
	"  -o, --output FILE      assignments CSV (default '-', standard output)\n"
	"  -d, --delimiter C      field separator (default ',')\n"
	"      --id-column NAME   customer ID column (default: line numbers)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

int cmd_assign(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "id-column", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *model_path = NULL, *output = "-", *id_column = NULL;
	char delimiter = ',';
	cseg_model *m = NULL;
	cseg_dataset *ds = NULL;
	cseg_assignment *a = NULL;
	const char **names = NULL;
	int64_t d;
	cseg_status st;
	int c, rc = EXIT_FAILURE_RUN;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:o:d:h", longopts, NULL)) != -1) {
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
		case 'h': fputs(usage, stdout); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (!model_path || optind != argc - 1) {
		fprintf(stderr, "cseg assign: expected --model FILE and one input FILE\n%s", usage);
		return EXIT_USAGE;
	}
	if ((st = cseg_model_load(&m, model_path)) != CSEG_OK)
		return cli_fail(model_path, st);
	/* Read exactly the model's features, by name, in the model's order. */
	cseg_model_get_int(m, CSEG_RESULT_N_FEATURES, &d);
	if (!(names = malloc((size_t)d * sizeof(*names)))) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	for (int64_t j = 0; j < d; j++)
		names[j] = cseg_model_feature_name(m, j);
	if ((st = cseg_dataset_read_csv(&ds, argv[optind], delimiter, id_column, names, d)) != CSEG_OK) {
		rc = cli_fail(argv[optind], st);
		goto done;
	}
	if ((st = cseg_model_assign(m, ds, &a)) != CSEG_OK) {
		rc = cli_fail("assign", st);
		goto done;
	}
	rc = cli_write_assignments(output, ds, a) ? EXIT_FAILURE_RUN : EXIT_OK;
done:
	free(names);
	cseg_assignment_free(a);
	cseg_dataset_free(ds);
	cseg_model_free(m);
	return rc;
}
