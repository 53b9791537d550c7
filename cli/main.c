/* The cseg command: customer segmentation from the shell. */
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg COMMAND [options]\n"
	"\n"
	"Commands:\n"
	"  segment   segment the customers of a CSV file with k-means\n"
	"  assign    assign customers to the segments of a saved model\n"
	"  clv       customer lifetime value (BG/NBD or Pareto/NBD, Gamma-Gamma)\n"
	"  version   print the library version\n"
	"\n"
	"`cseg COMMAND --help` describes each command.\n"
	"Exit status: 0 success, 1 data or file error, 2 usage error.\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "segment") == 0)
		return cmd_segment(argc - 1, argv + 1);
	if (strcmp(argv[1], "assign") == 0)
		return cmd_assign(argc - 1, argv + 1);
	if (strcmp(argv[1], "clv") == 0)
		return cmd_clv(argc - 1, argv + 1);
	if (strcmp(argv[1], "version") == 0) {
		printf("cseg %s\n", cseg_version());
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "cseg: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
