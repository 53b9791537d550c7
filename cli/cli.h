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

/* Write customer_id,segment,distance,margin for every customer; 0 on success. */
int cli_write_assignments(const char *path, const cseg_dataset *ds, const cseg_assignment *a);

int cmd_segment(int argc, char **argv);
int cmd_assign(int argc, char **argv);
int cmd_clv(int argc, char **argv);

#endif /* CSEG_CLI_H */
