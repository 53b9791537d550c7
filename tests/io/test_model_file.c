/* Model files: round trips bit for bit, every truncation and every flipped
 * byte refused cleanly, forged sections (valid CRC) refused by the section
 * checks, format versions, and atomic writes. */
#include <dirent.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "io/model_file.h"
#include "io/model_format.h"
#include "models/model_internal.h"

static int64_t handles_at_start;

static void setup(void)
{
	handles_at_start = cseg_live_handles();
}

static void teardown(void)
{
	ck_assert_int_eq(cseg_live_handles(), handles_at_start);
}

/* A fitted model built field by field, with awkward values: -0, a
 * subnormal, UTF-8 and quotes in names, initial centres. */
static cseg_model *hand_made_model(void)
{
	static const double centroids[6] = { -0.0, 1.5, 4.9e-324, -1e300, 3.141592653589793, 2e-5 };
	static const double init[6] = { 0, 1, 2, 3, 4, 5 };
	static const char *names[2] = { "fr\xc3\xa9quence", "a\"b c" };
	cseg_model *m = NULL;

	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 42));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_MAX_ITER, 77));
	ck_assert_ok(cseg_model_set_double(m, CSEG_PARAM_TOL, 1.25e-7));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_N_INIT, 3));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_METHOD, CSEG_KMEANS_HAMERLY));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_KMEANS_LOCAL_TRIALS, 5));
	ck_assert_ok(cseg_model_set_init_centers(m, init, 3, 2));
	m->k = 3;
	m->d = 2;
	m->centroids = malloc(sizeof(centroids));
	memcpy(m->centroids, centroids, sizeof(centroids));
	m->centroid_sq = malloc(3 * sizeof(double));
	m->feature_names = calloc(2, sizeof(char *));
	m->feature_names[0] = strdup(names[0]);
	m->feature_names[1] = strdup(names[1]);
	m->inertia = 1234.5678;
	m->n_iter = 17;
	m->converged = 1;
	m->n_train_rows = 440;
	m->fingerprint = 0xfedcba9876543210ULL;
	snprintf(m->fingerprint_hex, sizeof(m->fingerprint_hex), "%016llx",
		(unsigned long long)m->fingerprint);
	snprintf(m->created, sizeof(m->created), "2026-11-25T22:00:00Z");
	snprintf(m->lib_version, sizeof(m->lib_version), "0.1.0");
	{
		/* Algorithm arrays travel in their own section: cover it in every
		 * truncation, flip and round-trip test. */
		double *a;
		ck_assert_ok(cseg__model_add_array(m, "weights", 1, 3, &a));
		a[0] = 0.25, a[1] = 0.5, a[2] = -1e-300;
		ck_assert_ok(cseg__model_add_array(m, "linkage", 2, 4, &a));
		for (int i = 0; i < 8; i++)
			a[i] = i * 0.5;
	}
	m->fitted = 1;
	ck_assert_ok(cseg_model_set_segment_name(m, 0, "Champions \xc3\xa9"));
	ck_assert_ok(cseg_model_set_segment_name(m, 2, "Lapsed, low-spend"));
	cseg__model_update_norms(m);
	return m;
}

static const char *wholesale_path(void)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s", test_data("wholesale/wholesale_customers.csv"));
	if (access(path, R_OK) != 0)
		snprintf(path, sizeof(path), "%s", test_data("wholesale_customers.csv"));
	return path;
}

static cseg_model *fitted_model(cseg_dataset **ds_out)
{
	cseg_dataset *ds = NULL;
	cseg_model *m = NULL;

	ck_assert_ok(cseg_dataset_read_csv(&ds, wholesale_path(), ',', NULL, NULL, 0));
	ck_assert_ok(cseg_model_new(&m, CSEG_ALGO_KMEANS));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_K, 5));
	ck_assert_ok(cseg_model_set_int(m, CSEG_PARAM_SEED, 7));
	ck_assert_ok(cseg_model_fit(m, ds));
	*ds_out = ds;
	return m;
}

static void assert_same_model(const cseg_model *a, const cseg_model *b)
{
	ck_assert_int_eq(a->algo, b->algo);
	ck_assert_mem_eq(&a->params, &b->params, sizeof(a->params));
	ck_assert_int_eq(a->init_k, b->init_k);
	ck_assert_int_eq(a->init_d, b->init_d);
	ck_assert_int_eq(a->init_centers == NULL, b->init_centers == NULL);
	if (a->init_centers)
		ck_assert_mem_eq(a->init_centers, b->init_centers,
			(size_t)(a->init_k * a->init_d) * sizeof(double));
	ck_assert_int_eq(b->fitted, 1);
	ck_assert_int_eq(a->k, b->k);
	ck_assert_int_eq(a->d, b->d);
	ck_assert_mem_eq(a->centroids, b->centroids, (size_t)(a->k * a->d) * sizeof(double));
	ck_assert_mem_eq(a->centroid_sq, b->centroid_sq, (size_t)a->k * sizeof(double));
	for (int64_t j = 0; j < a->d; j++)
		ck_assert_str_eq(a->feature_names[j], b->feature_names[j]);
	ck_assert_mem_eq(&a->inertia, &b->inertia, sizeof(double));
	ck_assert_int_eq(a->n_iter, b->n_iter);
	ck_assert_int_eq(a->converged, b->converged);
	ck_assert_int_eq(a->n_train_rows, b->n_train_rows);
	ck_assert_uint_eq(a->fingerprint, b->fingerprint);
	ck_assert_str_eq(a->fingerprint_hex, b->fingerprint_hex);
	ck_assert_str_eq(a->created, b->created);
	ck_assert_str_eq(a->lib_version, b->lib_version);
	for (int64_t c = 0; c < a->k; c++) {
		const char *na = cseg_model_segment_name(a, c), *nb = cseg_model_segment_name(b, c);
		ck_assert_int_eq(na == NULL, nb == NULL);
		if (na)
			ck_assert_str_eq(na, nb);
	}
	ck_assert_int_eq(a->n_arrays, b->n_arrays);
	for (int64_t i = 0; i < a->n_arrays; i++) {
		ck_assert_str_eq(a->arrays[i].name, b->arrays[i].name);
		ck_assert_int_eq(a->arrays[i].rows, b->arrays[i].rows);
		ck_assert_int_eq(a->arrays[i].cols, b->arrays[i].cols);
		ck_assert_mem_eq(a->arrays[i].data, b->arrays[i].data,
			(size_t)(a->arrays[i].rows * a->arrays[i].cols) * sizeof(double));
	}
}

static void encode(const cseg_model *m, unsigned char **buf, size_t *len)
{
	void *data = NULL;
	int64_t n = 0;

	ck_assert_ok(cseg_model_save_buffer(m, &data, &n));
	*buf = data;
	*len = (size_t)n;
}

/* Little section toolkit for forging files with a valid CRC. */

typedef struct sect {
	uint32_t tag;
	size_t len;
	unsigned char payload[4096];
} sect;

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void wr64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static int split(const unsigned char *buf, size_t len, sect *out, int max)
{
	size_t pos = 12;
	int n = 0;

	while (pos < len - 4) {
		ck_assert_int_lt(n, max);
		out[n].tag = rd32(buf + pos);
		out[n].len = (size_t)rd64(buf + pos + 4);
		ck_assert_uint_le(out[n].len, sizeof(out[n].payload));
		memcpy(out[n].payload, buf + pos + 12, out[n].len);
		pos += 12 + out[n].len;
		n++;
	}
	ck_assert_uint_eq(pos, len - 4);
	return n;
}

/* Join sections after a header of the given version and append the CRC. */
static unsigned char *join(const sect *s, int n, uint32_t version, size_t *len_out)
{
	size_t len = 12 + 4;
	unsigned char *buf, *p;

	for (int i = 0; i < n; i++)
		len += 12 + s[i].len;
	buf = malloc(len);
	memcpy(buf, "CSEGMODL", 8);
	wr32(buf + 8, version);
	p = buf + 12;
	for (int i = 0; i < n; i++) {
		wr32(p, s[i].tag);
		wr64(p + 4, s[i].len);
		memcpy(p + 12, s[i].payload, s[i].len);
		p += 12 + s[i].len;
	}
	wr32(p, cseg__crc32(buf, len - 4));
	*len_out = len;
	return buf;
}

static int find(const sect *s, int n, uint32_t tag)
{
	for (int i = 0; i < n; i++)
		if (s[i].tag == tag)
			return i;
	ck_abort_msg("no section %u", tag);
	return -1;
}

/* Decode forged bytes expecting `status` and a message containing `text`. */
static void expect_refused(const unsigned char *buf, size_t len, cseg_status status, const char *text)
{
	cseg_model *m = (cseg_model *)1;
	int64_t before = cseg_live_handles();

	ck_assert_status(cseg_model_load_buffer(&m, buf, (int64_t)len), status);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(cseg_live_handles(), before);
	ck_assert_msg(strstr(cseg_last_error(), text) != NULL, "message '%s' lacks '%s'",
		cseg_last_error(), text);
}

START_TEST(crc32_known_vectors)
{
	ck_assert_uint_eq(cseg__crc32("123456789", 9), 0xCBF43926u);
	ck_assert_uint_eq(cseg__crc32("", 0), 0);
	ck_assert_uint_eq(cseg__crc32("The quick brown fox jumps over the lazy dog", 43), 0x414FA339u);
}
END_TEST

START_TEST(round_trip_hand_made)
{
	cseg_model *m = hand_made_model(), *back = NULL;
	unsigned char *a, *b;
	size_t na, nb;

	encode(m, &a, &na);
	ck_assert_mem_eq(a, "CSEGMODL\x01\0\0\0", 12);
	ck_assert_ok(cseg_model_load_buffer(&back, a, (int64_t)na));
	assert_same_model(m, back);
	encode(back, &b, &nb);
	ck_assert_uint_eq(na, nb);
	ck_assert_mem_eq(a, b, na);
	/* the loaded model answers the public getters */
	{
		const char *s;
		int64_t v;
		ck_assert_ok(cseg_model_get_string(back, CSEG_RESULT_FINGERPRINT, &s));
		ck_assert_str_eq(s, "fedcba9876543210");
		ck_assert_ok(cseg_model_get_int(back, CSEG_RESULT_N_CLUSTERS, &v));
		ck_assert_int_eq(v, 3);
		ck_assert_ok(cseg_model_get_int(back, CSEG_PARAM_SEED, &v));
		ck_assert_int_eq(v, 42);
		ck_assert_str_eq(cseg_model_feature_name(back, 0), "fr\xc3\xa9quence");
	}
	cseg_free(a);
	cseg_free(b);
	cseg_model_free(m);
	cseg_model_free(back);
}
END_TEST

START_TEST(round_trip_fitted_file)
{
	char dir[] = "/tmp/cseg_io_XXXXXX", path[4200];
	cseg_dataset *ds = NULL;
	cseg_model *m, *back = NULL;
	unsigned char *a, *file = NULL;
	size_t na, nfile;
	double *x;

	m = fitted_model(&ds);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/wholesale.cseg", dir);
	ck_assert_ok(cseg_model_save(m, path));
	ck_assert_ok(cseg_model_load(&back, path));
	assert_same_model(m, back);
	/* the file holds exactly the buffer encoding */
	encode(m, &a, &na);
	ck_assert_ok(cseg__read_file(path, &file, &nfile));
	ck_assert_uint_eq(na, nfile);
	ck_assert_mem_eq(a, file, na);
	/* and serves the same answers */
	x = malloc(440 * 8 * sizeof(double));
	ck_assert_ok(cseg_dataset_copy_data(ds, x, 440 * 8));
	for (int i = 0; i < 440; i++) {
		int64_t la, lb;
		double da, db, ma, mb;
		ck_assert_ok(cseg_model_assign_one(m, x + 8 * i, 8, &la, &da, &ma));
		ck_assert_ok(cseg_model_assign_one(back, x + 8 * i, 8, &lb, &db, &mb));
		ck_assert_int_eq(la, lb);
		ck_assert_mem_eq(&da, &db, sizeof(double));
		ck_assert_mem_eq(&ma, &mb, sizeof(double));
	}
	free(x);
	free(file);
	cseg_free(a);
	unlink(path);
	rmdir(dir);
	cseg_model_free(m);
	cseg_model_free(back);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(every_truncation_fails_cleanly)
{
	cseg_model *m = hand_made_model();
	unsigned char *buf, *cut;
	size_t len;

	encode(m, &buf, &len);
	for (size_t n = 0; n < len; n++) {
		cseg_model *back = (cseg_model *)1;

		/* an exact-size copy so sanitizers catch any read past n */
		cut = malloc(n ? n : 1);
		memcpy(cut, buf, n);
		ck_assert_status(cseg_model_load_buffer(&back, cut, (int64_t)n), CSEG_E_FORMAT);
		ck_assert_ptr_null(back);
		ck_assert_msg(strstr(cseg_last_error(), "truncated") || strstr(cseg_last_error(), "CRC"),
			"length %zu: %s", n, cseg_last_error());
		free(cut);
	}
	/* a cut inside the centroids names them */
	{
		static sect s[32];
		int n = split(buf, len, s, 32);
		size_t at = 12;
		cseg_model *back = NULL;

		for (int i = 0; i < find(s, n, CSEG__MF_CENTROIDS); i++)
			at += 12 + s[i].len;
		ck_assert_status(cseg_model_load_buffer(&back, buf, (int64_t)(at + 12 + 20)), CSEG_E_FORMAT);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "truncated"));
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "centroids"));
	}
	cseg_free(buf);
	cseg_model_free(m);
}
END_TEST

START_TEST(every_flipped_byte_fails_cleanly)
{
	static const unsigned char masks[3] = { 0x01, 0x80, 0xFF };
	cseg_model *m = hand_made_model();
	unsigned char *buf;
	size_t len;

	encode(m, &buf, &len);
	for (size_t i = 0; i < len; i++) {
		for (int k = 0; k < 3; k++) {
			cseg_model *back = (cseg_model *)1;
			cseg_status st;

			buf[i] ^= masks[k];
			st = cseg_model_load_buffer(&back, buf, (int64_t)len);
			buf[i] ^= masks[k];
			ck_assert_msg(st == CSEG_E_FORMAT || (st == CSEG_E_VERSION && i >= 8 && i < 12),
				"byte %zu ^ 0x%02x: status %d (%s)", i, masks[k], st, cseg_last_error());
			ck_assert_ptr_null(back);
		}
	}
	cseg_free(buf);
	cseg_model_free(m);
}
END_TEST

START_TEST(versions)
{
	cseg_model *m = hand_made_model();
	static sect s[32];
	unsigned char *buf, *forged;
	size_t len, flen;
	int n;

	encode(m, &buf, &len);
	buf[8] = 2; /* newer format: refused before the CRC is even looked at */
	expect_refused(buf, len, CSEG_E_VERSION, "version 2");
	buf[8] = 1;
	n = split(buf, len, s, 32);
	forged = join(s, n, 7, &flen);
	expect_refused(forged, flen, CSEG_E_VERSION, "newer");
	free(forged);
	forged = join(s, n, 0, &flen);
	expect_refused(forged, flen, CSEG_E_FORMAT, "version 0");
	free(forged);
	forged = join(s, n, 1, &flen); /* the toolkit itself reproduces the file */
	ck_assert_uint_eq(flen, len);
	ck_assert_mem_eq(forged, buf, len);
	free(forged);
	cseg_free(buf);
	cseg_model_free(m);
}
END_TEST

/* Forge a variant of the sections s[0..n) by `edit` (which may change the
 * count through *np), check the refusal, then restore the sections. */
static sect backup[40];

#define FORGE(edit, status, text) do { \
	int nt_ = n, *np = &nt_; \
	unsigned char *f_; \
	size_t fl_; \
	memcpy(backup, s, sizeof(backup)); \
	edit; \
	f_ = join(s, nt_, 1, &fl_); \
	expect_refused(f_, fl_, (status), (text)); \
	free(f_); \
	memcpy(s, backup, sizeof(backup)); \
	(void)np; \
} while (0)

START_TEST(forged_sections_are_refused)
{
	static sect s[40];
	cseg_model *m = hand_made_model();
	unsigned char *buf;
	size_t len;
	int n, shape, cents, names, params;

	encode(m, &buf, &len);
	n = split(buf, len, s, 40);
	shape = find(s, n, CSEG__MF_SHAPE);
	cents = find(s, n, CSEG__MF_CENTROIDS);
	names = find(s, n, CSEG__MF_FEATURE_NAMES);
	params = find(s, n, CSEG__MF_PARAMS);

	expect_refused((const unsigned char *)"CSEGMODX\1\0\0\0\0\0\0\0", 16, CSEG_E_FORMAT, "magic");
	expect_refused((const unsigned char *)"PK\3\4", 4, CSEG_E_FORMAT, "magic");
	FORGE(s[n] = s[cents]; (*np)++, CSEG_E_FORMAT, "duplicate section 'centroids'");
	FORGE(s[names] = s[n - 1]; (*np)--, CSEG_E_FORMAT, "feature names");
	FORGE(s[n].tag = 99; s[n].len = 3; (*np)++, CSEG_E_FORMAT, "unknown mandatory section");
	FORGE(wr64(s[shape].payload, 1ULL << 62); wr64(s[shape].payload + 8, 1ULL << 62),
		CSEG_E_FORMAT, "shape");
	FORGE(wr64(s[shape].payload, (uint64_t)-3), CSEG_E_FORMAT, "invalid");
	FORGE(wr64(s[shape].payload, 0), CSEG_E_FORMAT, "invalid");
	FORGE(wr64(s[shape].payload, 2), CSEG_E_FORMAT, "unexpected");      /* 2 x 2 < payload */
	FORGE(wr64(s[shape].payload, 4), CSEG_E_FORMAT, "needs more");      /* 4 x 2 > payload */
	FORGE(s[shape].len = 8, CSEG_E_FORMAT, "too short");
	FORGE(wr64(s[cents].payload + 8, 0x7FF0000000000000ULL), CSEG_E_FORMAT, "not finite");
	FORGE(wr64(s[cents].payload + 40, 0x7FF8000000000001ULL), CSEG_E_FORMAT, "row 2, column 1");
	FORGE(wr32(s[names].payload, 0), CSEG_E_FORMAT, "empty");
	FORGE(s[names].payload[5] = 0, CSEG_E_FORMAT, "NUL");
	FORGE(wr32(s[names].payload, 4000), CSEG_E_FORMAT, "too short");
	FORGE(s[names].len += 1, CSEG_E_FORMAT, "unexpected");
	FORGE(wr64(s[find(s, n, CSEG__MF_ALGO)].payload, 7), CSEG_E_VERSION, "algorithm 7");
	FORGE(wr64(s[find(s, n, CSEG__MF_N_TRAIN_ROWS)].payload, 2), CSEG_E_FORMAT, "inconsistent");
	FORGE(wr64(s[find(s, n, CSEG__MF_CONVERGED)].payload, 5), CSEG_E_FORMAT, "inconsistent");
	FORGE(wr64(s[find(s, n, CSEG__MF_INERTIA)].payload, 0xBFF0000000000000ULL), CSEG_E_FORMAT,
		"inertia");
	FORGE(s[find(s, n, CSEG__MF_INERTIA)].len = 9, CSEG_E_FORMAT, "unexpected");
	FORGE({ int c = find(s, n, CSEG__MF_CREATED); s[c].len = 40; memset(s[c].payload, 'x', 40); },
		CSEG_E_FORMAT, "at most 31");
	FORGE({ int c = find(s, n, CSEG__MF_INIT_CENTERS); wr64(s[c].payload + 16, 0xFFF0000000000000ULL); },
		CSEG_E_FORMAT, "initial centres");
	/* parameters: first entry is k; out of bounds, wrong type, count too large */
	FORGE(wr64(s[params].payload + 4 + 8, 0), CSEG_E_FORMAT, "out of bounds");
	FORGE(wr32(s[params].payload + 4 + 4, 1), CSEG_E_FORMAT, "value type");
	FORGE(wr32(s[params].payload, 1000), CSEG_E_FORMAT, "entry count");
	/* a section claiming more bytes than the file has, behind a valid CRC */
	{
		unsigned char *f;
		size_t fl;
		f = join(s, n, 1, &fl);
		wr64(f + 12 + 4, 1000000);
		wr32(f + fl - 4, cseg__crc32(f, fl - 4));
		expect_refused(f, fl, CSEG_E_FORMAT, "truncated");
		free(f);
	}
	cseg_free(buf);
	cseg_model_free(m);
}
END_TEST

START_TEST(forward_compatible_variants_load)
{
	static sect s[40], t[40];
	cseg_model *m = hand_made_model(), *back;
	unsigned char *buf, *f;
	size_t len, fl;
	int n, params;

	encode(m, &buf, &len);
	n = split(buf, len, s, 40);

	/* an unknown optional section is skipped, wherever it is */
	memcpy(t, s, sizeof(sect) * (size_t)n);
	t[n].tag = CSEG__MF_TAG_OPTIONAL | 5;
	t[n].len = 10;
	memset(t[n].payload, 0xAB, 10);
	memmove(&t[1], &t[0], sizeof(sect) * (size_t)(n + 1));
	t[0] = t[n + 1];
	f = join(t, n + 1, 1, &fl);
	back = NULL;
	ck_assert_ok(cseg_model_load_buffer(&back, f, (int64_t)fl));
	assert_same_model(m, back);
	cseg_model_free(back);
	free(f);

	/* sections in another order */
	for (int i = 0; i < n; i++)
		t[i] = s[n - 1 - i];
	f = join(t, n, 1, &fl);
	back = NULL;
	ck_assert_ok(cseg_model_load_buffer(&back, f, (int64_t)fl));
	assert_same_model(m, back);
	cseg_model_free(back);
	free(f);

	/* a parameter from a newer library is ignored */
	memcpy(t, s, sizeof(sect) * (size_t)n);
	params = find(t, n, CSEG__MF_PARAMS);
	wr32(t[params].payload, rd32(t[params].payload) + 1);
	{
		unsigned char *e = t[params].payload + t[params].len;
		wr32(e, 999);
		wr32(e + 4, 0);
		wr64(e + 8, 123);
		t[params].len += 16;
	}
	f = join(t, n, 1, &fl);
	back = NULL;
	ck_assert_ok(cseg_model_load_buffer(&back, f, (int64_t)fl));
	assert_same_model(m, back);
	cseg_model_free(back);
	free(f);

	/* no initial centres: optional */
	memcpy(t, s, sizeof(sect) * (size_t)n);
	t[find(t, n, CSEG__MF_INIT_CENTERS)] = t[n - 1];
	f = join(t, n - 1, 1, &fl);
	back = NULL;
	ck_assert_ok(cseg_model_load_buffer(&back, f, (int64_t)fl));
	ck_assert_ptr_null(back->init_centers);
	ck_assert_int_eq(back->fitted, 1);
	cseg_model_free(back);
	free(f);

	cseg_free(buf);
	cseg_model_free(m);
}
END_TEST

/* Corrupt bytes behind a recomputed CRC, so the section checks alone must
 * hold: every outcome is a clean refusal or a sane, re-savable model. */
START_TEST(mutations_behind_a_valid_crc)
{
	static const unsigned char values[6] = { 0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF };
	cseg_model *m = hand_made_model();
	unsigned char *buf;
	size_t len;
	int loaded = 0;

	encode(m, &buf, &len);
	for (size_t i = 0; i + 4 < len; i++) {
		for (int k = 0; k < 6; k++) {
			unsigned char keep = buf[i];
			cseg_model *back = (cseg_model *)1;
			cseg_status st;

			if (values[k] == keep)
				continue;
			buf[i] = values[k];
			wr32(buf + len - 4, cseg__crc32(buf, len - 4));
			st = cseg_model_load_buffer(&back, buf, (int64_t)len);
			if (st == CSEG_OK) {
				void *again = NULL;
				int64_t n = 0;

				loaded++;
				ck_assert_int_eq(back->fitted, 1);
				ck_assert_int_ge(back->k, 1);
				ck_assert_ok(cseg_model_save_buffer(back, &again, &n));
				cseg_free(again);
				cseg_model_free(back);
			} else {
				ck_assert_msg(st == CSEG_E_FORMAT || st == CSEG_E_VERSION,
					"byte %zu = 0x%02x: status %d (%s)", i, values[k], st, cseg_last_error());
				ck_assert_ptr_null(back);
			}
			buf[i] = keep;
		}
	}
	wr32(buf + len - 4, cseg__crc32(buf, len - 4));
	ck_assert_int_gt(loaded, 0); /* e.g. centroid bits: still a valid model */
	cseg_free(buf);
	cseg_model_free(m);
}
END_TEST

/* Arrays the encoder would write but a reader must refuse. */
static void assert_array_refused(const char *name, double value, const char *dup, const char *msg)
{
	cseg_model *m = hand_made_model(), *back = (cseg_model *)1;
	unsigned char *buf;
	size_t len;
	double *a;

	ck_assert_ok(cseg__model_add_array(m, name, 1, 1, &a));
	a[0] = value;
	if (dup)
		ck_assert_ok(cseg__model_add_array(m, dup, 1, 1, &a));
	encode(m, &buf, &len);
	ck_assert_status(cseg_model_load_buffer(&back, buf, (int64_t)len), CSEG_E_FORMAT);
	ck_assert_ptr_null(back);
	ck_assert_msg(strstr(cseg_last_error(), msg), "%s", cseg_last_error());
	cseg_free(buf);
	cseg_model_free(m);
}

START_TEST(bad_arrays_are_refused)
{
	char long_name[80];

	memset(long_name, 'x', 65);
	long_name[65] = '\0';
	assert_array_refused("extra", NAN, NULL, "not finite");
	assert_array_refused("extra", INFINITY, NULL, "not finite");
	assert_array_refused("twice", 1.0, "twice", "appears twice");
	assert_array_refused(long_name, 1.0, NULL, "array name length");
}
END_TEST

/* The committed version-1 file must keep loading in every later version. */
START_TEST(committed_v1_file_loads)
{
	cseg_model *m = hand_made_model(), *back = NULL;
	char path[4096];

	/* The golden file predates algorithm arrays. */
	for (int64_t i = 0; i < m->n_arrays; i++) {
		free(m->arrays[i].name);
		free(m->arrays[i].data);
	}
	m->n_arrays = 0;
	ck_assert_ok(cseg_model_set_segment_name(m, 0, NULL));
	ck_assert_ok(cseg_model_set_segment_name(m, 2, ""));
	snprintf(path, sizeof(path), "%s/model_v1.cseg", TEST_IO_DIR);
	if (getenv("CSEG_WRITE_GOLDEN"))
		ck_assert_ok(cseg_model_save(m, path));
	ck_assert_ok(cseg_model_load(&back, path));
	assert_same_model(m, back);
	cseg_model_free(back);
	cseg_model_free(m);
}
END_TEST

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

START_TEST(atomic_write)
{
	char dir[] = "/tmp/cseg_io_XXXXXX", path[4200], sub[4200], ro[4200], bad[4200];
	cseg_model *m = hand_made_model(), *back = NULL;
	struct stat sb;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.cseg", dir);
	ck_assert_ok(cseg_model_save(m, path));
	ck_assert_int_eq(count_entries(dir), 1); /* no temporary left behind */
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0644);
	m->n_iter = 99; /* overwrite in place */
	ck_assert_ok(cseg_model_save(m, path));
	ck_assert_int_eq(count_entries(dir), 1);
	ck_assert_ok(cseg_model_load(&back, path));
	ck_assert_int_eq(back->n_iter, 99);
	cseg_model_free(back);

	/* rename onto a folder fails late: the temporary must be removed */
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_status(cseg_model_save(m, sub), CSEG_E_IO);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), sub));
	ck_assert_int_eq(count_entries(dir), 2);
	ck_assert_int_eq(count_entries(sub), 0);

	/* missing folder */
	snprintf(bad, sizeof(bad), "%s/no/such/m.cseg", dir);
	ck_assert_status(cseg_model_save(m, bad), CSEG_E_IO);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), bad));

	/* a folder nobody may create files in, root included */
	ck_assert_status(cseg_model_save(m, "/proc/cseg-test.cseg"), CSEG_E_IO);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "/proc/cseg-test.cseg"));

	/* read-only folder (root ignores permissions, so only as a user) */
	snprintf(ro, sizeof(ro), "%s/ro", dir);
	ck_assert_int_eq(mkdir(ro, 0555), 0);
	if (geteuid() != 0) {
		char target[4300];
		snprintf(target, sizeof(target), "%s/m.cseg", ro);
		ck_assert_status(cseg_model_save(m, target), CSEG_E_IO);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), target));
		ck_assert_int_eq(count_entries(ro), 0);
	}

	/* loading errors name the file */
	ck_assert_status(cseg_model_load(&back, bad), CSEG_E_IO);
	ck_assert_ptr_null(back);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), bad));
	ck_assert_status(cseg_model_load(&back, sub), CSEG_E_IO);
	{
		char empty[4300];
		FILE *fp;
		snprintf(empty, sizeof(empty), "%s/empty.cseg", dir);
		fp = fopen(empty, "wb");
		fclose(fp);
		ck_assert_status(cseg_model_load(&back, empty), CSEG_E_FORMAT);
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), empty));
		ck_assert_ptr_nonnull(strstr(cseg_last_error(), "truncated at byte 0"));
		unlink(empty);
	}

	rmdir(ro);
	rmdir(sub);
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
	cseg_model_free(m);
}
END_TEST

START_TEST(bad_arguments)
{
	cseg_model *m = NULL, *unfitted = NULL;
	void *data = (void *)1;
	int64_t n = 5;
	unsigned char *buf = (unsigned char *)1;
	size_t len = 3;

	ck_assert_ok(cseg_model_new(&unfitted, CSEG_ALGO_KMEANS));
	ck_assert_status(cseg_model_save_buffer(unfitted, &data, &n), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(data);
	ck_assert_status(cseg__model_encode(unfitted, &buf, &len), CSEG_E_NOT_FITTED);
	ck_assert_ptr_null(buf);
	ck_assert_status(cseg_model_save(unfitted, "/tmp/never-written.cseg"), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_model_save_buffer(NULL, &data, &n), CSEG_E_INVALID_ARG);
	cseg_model_free(unfitted);
	unfitted = (cseg_model *)1;
	m = hand_made_model();
	ck_assert_status(cseg_model_save_buffer(m, NULL, &n), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_save_buffer(m, &data, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_save(m, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_save(NULL, "/tmp/x.cseg"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_load_buffer(NULL, "x", 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_load_buffer(&unfitted, NULL, 1), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(unfitted);
	ck_assert_status(cseg_model_load_buffer(&unfitted, "x", -1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_load(&unfitted, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_model_load(NULL, "/tmp/x.cseg"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg__model_decode(NULL, 0, &unfitted), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg__write_file_atomic(NULL, "x", 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg__read_file("/nonexistent/cseg", &buf, &len), CSEG_E_IO);
	ck_assert_ptr_null(buf);
	cseg_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model_file");
	TCase *tc = tcase_create("model_file");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, crc32_known_vectors);
	tcase_add_test(tc, round_trip_hand_made);
	tcase_add_test(tc, round_trip_fitted_file);
	tcase_add_test(tc, every_truncation_fails_cleanly);
	tcase_add_test(tc, every_flipped_byte_fails_cleanly);
	tcase_add_test(tc, versions);
	tcase_add_test(tc, forged_sections_are_refused);
	tcase_add_test(tc, forward_compatible_variants_load);
	tcase_add_test(tc, mutations_behind_a_valid_crc);
	tcase_add_test(tc, committed_v1_file_loads);
	tcase_add_test(tc, bad_arrays_are_refused);
	tcase_add_test(tc, atomic_write);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
