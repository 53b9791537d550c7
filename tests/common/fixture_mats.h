/* Matrices of the reference fixtures ("rows cols" then the values, several
 * in sequence in one file), shared by the model suites. */
#ifndef CSEG_FIXTURE_MATS_H
#define CSEG_FIXTURE_MATS_H

#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

typedef struct mat {
	int64_t rows, cols;
	double *v;
} mat;

static inline void mat_free(mat *m)
{
	free(m->v);
	m->v = NULL;
}

static inline void mats_free(mat *m, int n)
{
	for (int i = 0; i < n; i++)
		mat_free(&m[i]);
}

/* Read n matrices from the fixture dir/name (dir may be NULL). */
static inline void test_read_mats(const char *dir, const char *name, int n, mat *out)
{
	char rel[256];
	FILE *f;

	snprintf(rel, sizeof(rel), "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
	f = fopen(test_fixture(rel), "r");
	ck_assert_msg(f != NULL, "cannot open fixture %s", test_fixture(rel));
	for (int i = 0; i < n; i++) {
		long long r, c;

		ck_assert_int_eq(fscanf(f, "%lld %lld", &r, &c), 2);
		out[i].rows = r;
		out[i].cols = c;
		out[i].v = malloc((size_t)(r * c) * sizeof(double));
		ck_assert_ptr_nonnull(out[i].v);
		for (long long j = 0; j < r * c; j++)
			ck_assert_int_eq(fscanf(f, "%lf", &out[i].v[j]), 1);
	}
	fclose(f);
}

static inline cseg_dataset *dataset_of(const double *x, int64_t n, int64_t d)
{
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, x, n, d, CSEG_LAYOUT_ROW_MAJOR));
	return ds;
}

#endif /* CSEG_FIXTURE_MATS_H */
