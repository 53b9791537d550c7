/* Transaction-file and feature options shared by `features`, `rfm`,
 * `segment`, `report` and `clv`, and the two steps they share: reading a
 * transaction log and computing customer features from it. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const cseg_tx_option column_keys[7] = {
	CSEG_TX_COLUMN_ID, CSEG_TX_COLUMN_DATE, CSEG_TX_COLUMN_AMOUNT, CSEG_TX_COLUMN_QUANTITY,
	CSEG_TX_COLUMN_CHANNEL, CSEG_TX_COLUMN_REGION, CSEG_TX_COLUMN_CATEGORY
};

void cli_tx_init(struct cli_tx *t)
{
	memset(t, 0, sizeof(*t));
}

void cli_feat_init(struct cli_feat *f)
{
	memset(f, 0, sizeof(*f));
	f->as_of = CSEG_DATE_NONE;
	f->holdout_end = CSEG_DATE_NONE;
	f->frequency = CSEG_FEAT_DAYS;
}

int cli_parse_delimiter(const char *arg, int *out)
{
	if (strcmp(arg, "\\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(arg) != 1) {
		fprintf(stderr, "cseg: --delimiter expects one character, got '%s'\n", arg);
		return -1;
	}
	*out = (unsigned char)arg[0];
	return 0;
}

int cli_tx_option(struct cli_tx *t, int c, const char *arg)
{
	if (c >= CLI_OPT_ID && c <= CLI_OPT_CATEGORY) {
		t->col[c - CLI_OPT_ID] = arg;
		return 1;
	}
	if (c == CLI_OPT_SKIP_BAD) {
		t->skip_bad = 1;
		return 1;
	}
	return 0;
}

int cli_feat_option(struct cli_feat *f, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_AS_OF:
		if (cli_parse_date("--as-of", arg, &f->as_of))
			return -1;
		f->have_as_of = 1;
		return 1;
	case CLI_OPT_HOLDOUT_END:
		return cli_parse_date("--holdout-end", arg, &f->holdout_end) ? -1 : 1;
	case CLI_OPT_FREQUENCY:
		if (strcmp(arg, "days") == 0)
			f->frequency = CSEG_FEAT_DAYS;
		else if (strcmp(arg, "orders") == 0)
			f->frequency = CSEG_FEAT_ORDERS;
		else {
			fprintf(stderr, "cseg: --frequency expects days or orders, got '%s'\n", arg);
			return -1;
		}
		return 1;
	case CLI_OPT_ONBOARDING:
		return cli_parse_int("--onboarding-days", arg, 0, 100000, &f->onboarding) ? -1 : 1;
	case CLI_OPT_INCLUDE_INACTIVE:
		f->active_within = 0;
		return 1;
	case CLI_OPT_EXCLUDE_INACTIVE:
		return cli_parse_int("--exclude-inactive", arg, 1, 100000, &f->active_within) ? -1 : 1;
	default:
		return 0;
	}
}

/* A column given as digits is a 0-based position, anything else a header name. */
static cseg_status set_column(cseg_tx_options *opts, cseg_tx_option key, const char *spec)
{
	const char *p = spec;

	if (!spec)
		return CSEG_OK;
	while (isdigit((unsigned char)*p))
		p++;
	if (*spec && !*p)
		return cseg_tx_options_set_int(opts, key, strtoll(spec, NULL, 10));
	return cseg_tx_options_set_string(opts, key, spec);
}

/* The reader wants a path: copy standard input to a private temporary file. */
static int spool_stdin(char *tmp, size_t size)
{
	const char *dir = getenv("TMPDIR");
	char buf[65536];
	size_t got;
	int fd;

	snprintf(tmp, size, "%s/cseg-stdin.XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(tmp)) < 0) {
		fprintf(stderr, "cseg: cannot create a temporary file for standard input: %s\n",
			strerror(errno));
		return -1;
	}
	while ((got = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		if (write(fd, buf, got) != (ssize_t)got) {
			fprintf(stderr, "cseg: cannot spool standard input: %s\n", strerror(errno));
			close(fd);
			unlink(tmp);
			return -1;
		}
	}
	close(fd);
	if (ferror(stdin)) {
		fprintf(stderr, "cseg: cannot read standard input\n");
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The library's message with the temporary name shown as <stdin>. */
static void print_error(const char *shown, const char *real, cseg_status st)
{
	const char *msg = cseg_last_error(), *hit = real ? strstr(msg, real) : NULL;

	if (hit)
		fprintf(stderr, "cseg: %s: %.*s%s%s (%s)\n", shown, (int)(hit - msg), msg, shown,
			hit + strlen(real), cseg_status_str(st));
	else
		fprintf(stderr, "cseg: %s: %s (%s)\n", shown, msg, cseg_status_str(st));
}

int cli_tx_read(const struct cli_tx *t, const char *path, cseg_transactions **out)
{
	cseg_tx_options *opts = NULL;
	char tmp[4096];
	const char *real = path;
	cseg_status st;

	*out = NULL;
	if (strcmp(path, "-") == 0) {
		if (spool_stdin(tmp, sizeof(tmp)))
			return EXIT_FAILURE_RUN;
		real = tmp;
	}
	if ((st = cseg_tx_options_new(&opts)) == CSEG_OK) {
		for (int i = 0; i < 7 && st == CSEG_OK; i++)
			st = set_column(opts, column_keys[i], t->col[i]);
		if (st == CSEG_OK)
			st = cseg_tx_options_set_int(opts, CSEG_TX_DELIMITER, t->delimiter);
		if (st == CSEG_OK)
			st = cseg_tx_options_set_int(opts, CSEG_TX_SKIP_BAD_ROWS, t->skip_bad);
		if (st == CSEG_OK)
			st = cseg_transactions_read(out, real, opts);
	}
	cseg_tx_options_free(opts);
	if (real != path)
		unlink(real);
	if (st != CSEG_OK) {
		print_error(real != path ? "<stdin>" : path, real != path ? real : NULL, st);
		return EXIT_FAILURE_RUN;
	}
	return EXIT_OK;
}

int cli_features(const struct cli_feat *f, const cseg_transactions *tx, cseg_dataset **out)
{
	cseg_feature_options *fo = NULL;
	char **cols = NULL;
	int64_t n_cols = 0;
	cseg_status st;

	*out = NULL;
	if (f->columns && !(cols = cli_split_list(f->columns, &n_cols))) {
		fprintf(stderr, "cseg: out of memory\n");
		return EXIT_FAILURE_RUN;
	}
	if ((st = cseg_feature_options_new(&fo)) == CSEG_OK &&
	    (st = cseg_feature_options_set_int(fo, CSEG_FEAT_AS_OF, f->as_of)) == CSEG_OK &&
	    (st = cseg_feature_options_set_int(fo, CSEG_FEAT_FREQUENCY, f->frequency)) == CSEG_OK &&
	    (st = cseg_feature_options_set_int(fo, CSEG_FEAT_ONBOARDING_DAYS, f->onboarding)) == CSEG_OK &&
	    (st = cseg_feature_options_set_int(fo, CSEG_FEAT_ACTIVE_WITHIN, f->active_within)) == CSEG_OK &&
	    (st = cseg_feature_options_set_int(fo, CSEG_FEAT_HOLDOUT_END, f->holdout_end)) == CSEG_OK &&
	    (!cols || (st = cseg_feature_options_select(fo, (const char *const *)cols, n_cols)) == CSEG_OK))
		st = cseg_features_compute(out, tx, fo);
	cseg_feature_options_free(fo);
	cli_free_list(cols);
	return st == CSEG_OK ? EXIT_OK : cli_fail("features", st);
}
