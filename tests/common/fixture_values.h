/* Reading `key v1 v2 ...` lines of the reference fixtures (gen_segments.py,
 * gen_prep.py; "nan" reads as NaN). */
#ifndef CSEG_TEST_FIXTURE_VALUES_H
#define CSEG_TEST_FIXTURE_VALUES_H

#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* Values of the first line starting with `key`, into a new array; *n gets
 * their number. Fails the test when the key is absent. */
static inline double *fixture_values(const char *file, const char *key, int64_t *n)
{
	FILE *fp = fopen(test_fixture(file), "r");
	size_t cap = 1 << 16, len = 0, klen = strlen(key);
	char *line = malloc(cap);
	double *v = NULL;
	int c;

	ck_assert_msg(fp != NULL, "cannot open fixture %s", test_fixture(file));
	for (;;) {
		len = 0;
		while ((c = fgetc(fp)) != EOF && c != '\n') {
			if (len + 1 >= cap)
				line = realloc(line, cap *= 2);
			line[len++] = (char)c;
		}
		line[len] = '\0';
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			char *p = line + klen, *end;
			int64_t m = 0;

			v = malloc((len / 2 + 1) * sizeof(double));
			for (;;) {
				double x = strtod(p, &end);

				if (end == p)
					break;
				v[m++] = x;
				p = end;
			}
			*n = m;
			break;
		}
		if (c == EOF)
			break;
	}
	fclose(fp);
	free(line);
	ck_assert_msg(v != NULL, "key %s not in %s", key, file);
	return v;
}

#endif /* CSEG_TEST_FIXTURE_VALUES_H */
