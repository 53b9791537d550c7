/* The cseg command: customer segmentation from the shell. */
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: cseg COMMAND [options]\n"
	"\n"
	"Commands:\n"
	"  features  customer features (recency, frequency, spend, ...) from transactions\n"
	"  rfm       RFM scores, cells and named RFM segments\n"
	"  segment   segment customers with k-means and name the segments\n"
	"  assign    assign customers to the segments of a saved model\n"
	"  report    segment customers and write a self-contained HTML report\n"
	"  clv       customer lifetime value (BG/NBD or Pareto/NBD, Gamma-Gamma)\n"
	"  version   print the library version\n"
	"\n"
	"`cseg COMMAND --help` describes each command. Every command takes '-' for\n"
	"standard input or output, --quiet and --json; a progress bar is drawn on\n"
	"standard error during long steps when it is a terminal.\n"
	"Exit status: 0 success, 1 data or file error (the message names the file,\n"
	"line and column), 2 usage error (the message names the option).\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "features") == 0)
		return cmd_features(argc - 1, argv + 1);
	if (strcmp(argv[1], "rfm") == 0)
		return cmd_rfm(argc - 1, argv + 1);
	if (strcmp(argv[1], "report") == 0)
		return cmd_report(argc - 1, argv + 1);
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
