/* Option parsing, error reporting and atomic output files for the command. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_parse_int(const char *opt, const char *text, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || end == text || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "cseg: %s expects a whole number in [%lld, %lld], got '%s'\n",
			opt, min, max, text);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_double(const char *opt, const char *text, double min, double *out)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || *end || !isfinite(v) || v < min) {
		fprintf(stderr, "cseg: %s expects a number >= %g, got '%s'\n", opt, min, text);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_date(const char *opt, const char *text, int64_t *out)
{
	if (cseg_date_parse(out, text) != CSEG_OK) {
		fprintf(stderr, "cseg: %s expects a date YYYY-MM-DD or YYYYMMDD, got '%s'\n", opt, text);
		return -1;
	}
	return 0;
}

char *cli_read_text(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL, *grown;
	size_t len = 0, cap = 0, got;

	if (!f) {
		fprintf(stderr, "cseg: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4097) {
			cap = cap ? 2 * cap : 8192;
			if (!(grown = realloc(buf, cap))) {
				fprintf(stderr, "cseg: out of memory reading %s\n", path);
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	if (buf && ferror(f)) {
		fprintf(stderr, "cseg: cannot read %s: %s\n", path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

int cli_fail(const char *what, cseg_status st)
{
	fprintf(stderr, "cseg: %s: %s (%s)\n", what, cseg_last_error(), cseg_status_str(st));
	return EXIT_FAILURE_RUN;
}

int cli_out_open(cli_out *o, const char *path)
{
	int fd;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	o->path = strdup(path);
	o->tmp = malloc(strlen(path) + 16);
	if (!o->path || !o->tmp) {
		cli_out_abort(o);
		fprintf(stderr, "cseg: out of memory\n");
		return -1;
	}
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd >= 0) {
		/* mkstemp makes 0600; the finished file gets the usual 0666 & ~umask. */
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		fprintf(stderr, "cseg: cannot create %s: %s\n", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		cli_out_abort(o);
		return -1;
	}
	return 0;
}

int cli_out_commit(cli_out *o)
{
	int failed;

	if (o->f == stdout) {
		failed = fflush(stdout) != 0;
		o->f = NULL;
		return failed ? -1 : 0;
	}
	failed = ferror(o->f) || fflush(o->f) != 0 || fsync(fileno(o->f)) != 0;
	failed |= fclose(o->f) != 0;
	o->f = NULL;
	if (!failed && rename(o->tmp, o->path) != 0)
		failed = 1;
	if (failed) {
		fprintf(stderr, "cseg: cannot write %s: %s\n", o->path, strerror(errno));
		unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return failed ? -1 : 0;
}

void cli_out_abort(cli_out *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}

char **cli_split_list(const char *text, int64_t *count)
{
	int64_t n = 1;
	char **list;
	const char *p = text;

	for (const char *c = text; *c; c++)
		n += *c == ',';
	list = calloc((size_t)n + 1, sizeof(char *));
	if (!list)
		return NULL;
	for (int64_t i = 0; i < n; i++) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (!(list[i] = strndup(p, len))) {
			cli_free_list(list);
			return NULL;
		}
		p += len + 1;
	}
	*count = n;
	return list;
}

void cli_free_list(char **list)
{
	if (!list)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

void cli_csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void cli_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
