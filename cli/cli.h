/* Shared pieces of the cseg command: exit codes, option parsing helpers and
 * atomic output files. */
#ifndef CSEG_CLI_H
#define CSEG_CLI_H

#include <stdio.h>
#include "cseg/cseg.h"

/* Documented exit codes (see `cseg --help`). */
enum {
	EXIT_OK = 0,
	EXIT_FAILURE_RUN = 1,  /* the library refused the data or a file failed */
	EXIT_USAGE = 2         /* bad command line */
};

/* Parse a whole decimal integer or double; 0 on success, -1 with a message. */
int cli_parse_int(const char *opt, const char *text, long long min, long long max, long long *out);

/* Parse a finite double >= min, or a date (YYYY-MM-DD or YYYYMMDD); 0 on
 * success, -1 with a message naming the option. */
int cli_parse_double(const char *opt, const char *text, double min, double *out);
int cli_parse_date(const char *opt, const char *text, int64_t *out);

/* Print a library failure and return EXIT_FAILURE_RUN. */
int cli_fail(const char *what, cseg_status st);

/* An output file written to a temporary name and renamed on commit, so a
 * crash never leaves half a file. "-" is standard output. */
typedef struct cli_out {
	FILE *f;
	char *path;
	char *tmp;
} cli_out;

int cli_out_open(cli_out *o, const char *path);
int cli_out_commit(cli_out *o);  /* 0 on success */
void cli_out_abort(cli_out *o);

/* Split "a,b,c" into a NULL-terminated array of strings; free with cli_free_list. */
char **cli_split_list(const char *text, int64_t *count);
void cli_free_list(char **list);

/* Write a CSV field, quoting it when needed (RFC 4180). */
void cli_csv_field(FILE *f, const char *s);

/* Write a JSON string literal. */
void cli_json_string(FILE *f, const char *s);

/* Write customer_id,segment,distance,margin,segment_name,confidence for
 * every customer (names may be NULL: the column is then empty); 0 on success. */
/* labels: NULL for the assignment's own; -1 is written with the name "Unclassified". */
int cli_write_assignments(const char *path, const cseg_dataset *ds, const cseg_assignment *a,
	const int64_t *labels,
	const char *const *names);

/* Write customer_id and every column of a dataset as CSV (NaN as NA); 0 on success. */
int cli_write_dataset(const char *path, const cseg_dataset *ds);

/* Read a whole small text file ("-" for stdin) into a NUL-terminated
 * string; NULL with a message naming the file. */
char *cli_read_text(const char *path);

/* Transaction-file options shared by every command that reads orders
 * (long-only options, values above 1000 so they never clash with letters). */
enum {
	CLI_OPT_ID = 1001, CLI_OPT_DATE, CLI_OPT_AMOUNT, CLI_OPT_QUANTITY, CLI_OPT_CHANNEL,
	CLI_OPT_REGION, CLI_OPT_CATEGORY, CLI_OPT_SKIP_BAD,
	CLI_OPT_AS_OF = 1101, CLI_OPT_FREQUENCY, CLI_OPT_ONBOARDING, CLI_OPT_INCLUDE_INACTIVE,
	CLI_OPT_EXCLUDE_INACTIVE, CLI_OPT_HOLDOUT_END
};

#define CLI_TX_LONGOPTS \
	{ "id-column", required_argument, NULL, CLI_OPT_ID }, \
	{ "date-column", required_argument, NULL, CLI_OPT_DATE }, \
	{ "amount-column", required_argument, NULL, CLI_OPT_AMOUNT }, \
	{ "quantity-column", required_argument, NULL, CLI_OPT_QUANTITY }, \
	{ "channel-column", required_argument, NULL, CLI_OPT_CHANNEL }, \
	{ "region-column", required_argument, NULL, CLI_OPT_REGION }, \
	{ "category-column", required_argument, NULL, CLI_OPT_CATEGORY }, \
	{ "skip-bad-rows", no_argument, NULL, CLI_OPT_SKIP_BAD }

#define CLI_FEAT_LONGOPTS \
	{ "as-of", required_argument, NULL, CLI_OPT_AS_OF }, \
	{ "frequency", required_argument, NULL, CLI_OPT_FREQUENCY }, \
	{ "onboarding-days", required_argument, NULL, CLI_OPT_ONBOARDING }, \
	{ "include-inactive", no_argument, NULL, CLI_OPT_INCLUDE_INACTIVE }, \
	{ "exclude-inactive", required_argument, NULL, CLI_OPT_EXCLUDE_INACTIVE }, \
	{ "holdout-end", required_argument, NULL, CLI_OPT_HOLDOUT_END }

/* Help text of the options above. */
#define CLI_TX_HELP \
	"      --id-column C        customer ID column: header name or 0-based position (default 0)\n" \
	"      --date-column C      date column, YYYY-MM-DD or YYYYMMDD (default 1)\n" \
	"      --amount-column C    amount column; negative amounts are returns (default 2)\n" \
	"      --quantity-column C  optional quantity column\n" \
	"      --channel-column C, --region-column C, --category-column C\n" \
	"                           optional attribute columns (share_* features)\n" \
	"  -d, --delimiter C        field separator (default: automatic)\n" \
	"      --skip-bad-rows      skip and count malformed rows instead of failing\n"

#define CLI_FEAT_HELP \
	"      --as-of DATE         the as-of date: later transactions are ignored\n" \
	"      --frequency F        days (distinct purchase days, default) or orders\n" \
	"      --onboarding-days N  leave each customer's first N days out of the behaviour features\n" \
	"      --include-inactive   keep every customer with a purchase by the as-of date (default)\n" \
	"      --exclude-inactive N keep only customers who bought in the last N days\n"

struct cli_tx {
	const char *col[7];  /* id, date, amount, quantity, channel, region, category */
	int delimiter, skip_bad;
};

struct cli_feat {
	int64_t as_of, holdout_end;
	int have_as_of, frequency;
	long long onboarding, active_within;
	const char *columns;  /* comma-separated selection, or NULL */
};

void cli_tx_init(struct cli_tx *t);
void cli_feat_init(struct cli_feat *f);
/* Handle one getopt result; 1 handled, 0 not ours, -1 bad value (message printed). */
int cli_tx_option(struct cli_tx *t, int c, const char *arg);
int cli_feat_option(struct cli_feat *f, int c, const char *arg);
int cli_parse_delimiter(const char *arg, int *out);

/* Read transactions ("-" spools stdin to a temporary file removed at once);
 * prints the failure and returns EXIT_FAILURE_RUN, or 0. */
int cli_tx_read(const struct cli_tx *t, const char *path, cseg_transactions **out);

/* Customer features of a transaction log; prints the failure, returns an exit code. */
int cli_features(const struct cli_feat *f, const cseg_transactions *tx, cseg_dataset **out);

/* A progress line on stderr, only when stderr is a terminal and not --quiet. */
typedef struct cli_progress {
	const char *label;
	int enabled, shown, last;
} cli_progress;

void cli_progress_init(cli_progress *p, const char *label, int quiet);
void cli_progress_update(cli_progress *p, double fraction);
int cli_progress_cb(double fraction, void *payload);  /* for cseg_model_set_progress_callback */
void cli_progress_done(cli_progress *p);

/* k-means on customer features, the way `segment` and `report` run it:
 * optional signed log1p (sign(x) log(1 + |x|)) and z-score (population
 * standard deviation; constant columns become 0) of every column, the fit,
 * the assignment, and a profile of the untransformed features whose
 * automatic names label the segments. */
/* --k auto (cli/kselect.c): the library's k selection on the features the
 * model sees, then the fit with the recommended k. */
struct cli_ksel_opts {
	int on;            /* --k auto */
	int given;         /* options below given (they need --k auto) */
	long long k_min, k_max, max_segments, min_size, gap_b, bootstrap_b;
	int criterion;     /* a cseg_kselect_criterion */
};

enum {
	CLI_OPT_K_MIN = 1201, CLI_OPT_K_MAX, CLI_OPT_MIN_SIZE, CLI_OPT_MAX_SEGMENTS, CLI_OPT_CRITERION,
	CLI_OPT_GAP_B, CLI_OPT_BOOTSTRAP_B
};

#define CLI_KSEL_LONGOPTS \
	{ "k-min", required_argument, NULL, CLI_OPT_K_MIN }, \
	{ "k-max", required_argument, NULL, CLI_OPT_K_MAX }, \
	{ "min-size", required_argument, NULL, CLI_OPT_MIN_SIZE }, \
	{ "max-segments", required_argument, NULL, CLI_OPT_MAX_SEGMENTS }, \
	{ "criterion", required_argument, NULL, CLI_OPT_CRITERION }, \
	{ "gap-b", required_argument, NULL, CLI_OPT_GAP_B }, \
	{ "bootstrap-b", required_argument, NULL, CLI_OPT_BOOTSTRAP_B }

#define CLI_KSEL_HELP \
	"With --k auto, k is chosen first: k-means for every k of a range, a table of\n" \
	"criteria, and the best k by --criterion among those within the limits:\n" \
	"      --k-min N            smallest k tried (default 1)\n" \
	"      --k-max N            largest k tried (default 10)\n" \
	"      --max-segments N     most segments the business can act on (default: no limit)\n" \
	"      --min-size N         fewest customers in a segment (default 0)\n" \
	"      --criterion C        silhouette (default), calinski, davies, gap, elbow,\n" \
	"                           bic, icl (Gaussian mixtures) or stability\n" \
	"      --gap-b N            reference sets of the gap statistic (default 20; 0: no gap)\n" \
	"      --bootstrap-b N      bootstrap replicates of the stability (default 10; 0: none)\n"

/* --algorithm and its options (cli/algo_options.c). */
struct cli_algo_opts {
	int algo;                        /* a cseg_algo */
	double eps, reg_covar;
	long long min_samples, size_min, size_max, merge_below, batch_size;
	int covariance, covariance_set, linkage, linkage_set, reg_covar_set;
};

enum {
	CLI_OPT_ALGORITHM = 1301, CLI_OPT_EPS, CLI_OPT_MIN_SAMPLES, CLI_OPT_COVARIANCE,
	CLI_OPT_REG_COVAR, CLI_OPT_LINKAGE, CLI_OPT_SIZE_MIN, CLI_OPT_SIZE_MAX, CLI_OPT_MERGE_BELOW,
	CLI_OPT_BATCH_SIZE
};

#define CLI_ALGO_LONGOPTS \
	{ "algorithm", required_argument, NULL, CLI_OPT_ALGORITHM }, \
	{ "eps", required_argument, NULL, CLI_OPT_EPS }, \
	{ "min-samples", required_argument, NULL, CLI_OPT_MIN_SAMPLES }, \
	{ "covariance-type", required_argument, NULL, CLI_OPT_COVARIANCE }, \
	{ "reg-covar", required_argument, NULL, CLI_OPT_REG_COVAR }, \
	{ "linkage", required_argument, NULL, CLI_OPT_LINKAGE }, \
	{ "size-min", required_argument, NULL, CLI_OPT_SIZE_MIN }, \
	{ "size-max", required_argument, NULL, CLI_OPT_SIZE_MAX }, \
	{ "merge-below", required_argument, NULL, CLI_OPT_MERGE_BELOW }, \
	{ "batch-size", required_argument, NULL, CLI_OPT_BATCH_SIZE }

#define CLI_ALGO_HELP \
	"Algorithms (--algorithm, default kmeans):\n" \
	"      --algorithm A        kmeans, minibatch_kmeans, gmm, hierarchical or dbscan\n" \
	"      --size-min N         kmeans: every segment holds at least N customers (fit time)\n" \
	"      --size-max N         kmeans: every segment holds at most N customers (fit time)\n" \
	"      --merge-below N      kmeans, minibatch_kmeans: merge segments under N customers\n" \
	"                           into their nearest neighbour after the fit\n" \
	"      --batch-size N       minibatch_kmeans: rows per step (default 1024)\n" \
	"      --covariance-type T  gmm: full (default), tied, diag or spherical\n" \
	"      --reg-covar X        gmm: added to covariance diagonals (default 1e-6)\n" \
	"      --linkage L          hierarchical: ward (default), complete, average or single\n" \
	"      --eps X              dbscan: neighbourhood radius (default 0.5)\n" \
	"      --min-samples N      dbscan: neighbours of a core customer, itself included\n" \
	"                           (default 5); customers in no cluster are 'Unclassified'\n"

void cli_algo_init(struct cli_algo_opts *a);
/* One getopt result: 1 handled, 0 not ours, -1 bad value (message printed). */
int cli_algo_option(struct cli_algo_opts *a, int c, const char *arg);
/* Options of another algorithm than the chosen one: 0, or -1 with a message. */
int cli_algo_check(const struct cli_algo_opts *a, const char *cmd);
cseg_status cli_algo_configure(const struct cli_algo_opts *a, cseg_model *m);
int cli_algo_uses_k(const struct cli_algo_opts *a);

struct cli_seg_opts {
	long long k, seed, n_init, max_iter;
	int method, log1p, zscore, quiet;
	struct cli_ksel_opts ksel;
	struct cli_algo_opts algo;
};

struct cli_seg {
	cseg_dataset *fit;        /* what the model saw: transformed copy, or NULL (raw) */
	cseg_model *model;
	cseg_assignment *assign;
	cseg_profile *profile;    /* on the raw features */
	int64_t n, d, k;           /* k: segments shown, the model's plus "Unclassified" if any */
	int64_t k_model;           /* segments of the model */
	int64_t *labels, *sizes;   /* labels of the fit, -1 for unclassified customers */
	const char **names;       /* k names borrowed from the profile */
	cseg_kselect *ksel;       /* the k selection of --k auto, else NULL */
};

int cli_seg_run(const struct cli_seg_opts *o, const cseg_dataset *raw, struct cli_seg *out);
void cli_seg_free(struct cli_seg *s);
const cseg_dataset *cli_seg_fit_data(const struct cli_seg *s, const cseg_dataset *raw);

void cli_ksel_init(struct cli_ksel_opts *k);
/* --k N or --k auto; 0, or -1 with a message. */
int cli_parse_k(const char *arg, long long *k, struct cli_ksel_opts *ks);
/* Handle one getopt result; 1 handled, 0 not ours, -1 bad value (message printed). */
int cli_ksel_option(struct cli_ksel_opts *k, int c, const char *arg);
/* After parsing: options that need --k auto, inconsistent ranges; 0 or -1. */
int cli_ksel_check(const struct cli_ksel_opts *k, const char *cmd);
const char *cli_ksel_criterion_name(int code);
/* Run the selection on fit, set s->ksel and s->k; prints a failure (no k
 * within the limits: the table too) and returns an exit code. */
int cli_ksel_run(const struct cli_seg_opts *o, const cseg_dataset *fit, struct cli_seg *s);
/* The table as text, and as the "k_selection" member of a JSON object
 * (one leading space, a trailing comma and newline). */
void cli_ksel_print(FILE *f, const struct cli_seg *s);
void cli_ksel_json(FILE *f, const struct cli_seg *s);

/* segment,name,size,share,top_features, then <f>_mean,<f>_median,<f>_index
 * for every feature; 0 on success. */
int cli_write_profile(const char *path, const cseg_profile *p);

/* Features segmented by default when `segment`/`report` start from transactions. */
#define CLI_SEGMENT_DEFAULT_COLUMNS "recency,frequency,monetary"

/* Everything the HTML report draws from one run. */
struct cli_report_ctx {
	const char *input;
	int64_t as_of, holdout_end;    /* CSEG_DATE_NONE when not given */
	const cseg_transactions *tx;   /* NULL for a features CSV: no CLV section */
	const cseg_dataset *raw;       /* the customer features, untransformed */
	const struct cli_seg *seg;
	const struct cli_seg_opts *opts;
};

/* Compute the report's extra views (RFM grid, PCA sample, BG/NBD with a
 * holdout) and write it; prints any failure and returns 0 or -1. */
int cli_report(const struct cli_report_ctx *ctx, const char *path);

int cmd_segment(int argc, char **argv);
int cmd_assign(int argc, char **argv);
int cmd_clv(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_rfm(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif /* CSEG_CLI_H */
