/* The "CSEGPREP" encoding, version 1: settings and fitted statistics.
 * Little-endian integers written byte by byte, doubles as IEEE-754 bit
 * patterns, a CRC-32 of everything before it at the end:
 *
 *   magic "CSEGPREP", u32 version
 *   u32 default policy, u32 default transform
 *   u64 n_specs, then per spec: str name, u32 set bits, u32 policy,
 *     f64 constant, u32 transform, f64 weight
 *   u32 fitted; when 1: u64 n_in, then per input: str name, u32 policy,
 *     f64 constant, u32 transform, f64 weight, u32 categorical, f64 fill,
 *     f64 center, f64 scale, u64 n_levels, n_levels x f64
 *   u32 CRC-32
 *
 * where str is u32 length (>= 1) and that many bytes without NUL. The
 * decoder checks every length against what is left before reading or
 * allocating, and every value against what the setters and fit accept. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "io/byte_writer.h"
#include "io/model_file.h"
#include "prep_internal.h"

#define PREP_MAGIC "CSEGPREP"
#define PREP_MAGIC_LEN 8
#define PREP_VERSION 1u
#define PREP_HEADER_LEN 12
#define PREP_CRC_LEN 4
/* Smallest encodings, to bound counts before allocating. */
#define SPEC_MIN_BYTES (4 + 1 + 4 + 4 + 8 + 4 + 8)
#define COL_MIN_BYTES (4 + 1 + 4 + 8 + 4 + 8 + 4 + 8 + 8 + 8 + 8)

static void put_str(cseg__wbuf *w, const char *s)
{
	size_t n = strlen(s);
	unsigned char *p;

	cseg__wbuf_u32(w, (uint32_t)n);
	if ((p = cseg__wbuf_reserve(w, n)))
		memcpy(p, s, n);
}

static int name_too_long(const char *s)
{
	return strlen(s) > UINT32_MAX;
}

cseg_status cseg__prep_encode(const cseg_prep *p, unsigned char **buf, size_t *len)
{
	cseg__wbuf w = { 0 };
	unsigned char *crc;

	if (!buf || !len)
		return cseg__error(CSEG_E_INVALID_ARG, "prep encode: NULL output");
	*buf = NULL;
	*len = 0;
	if (!p)
		return cseg__error(CSEG_E_INVALID_ARG, "prep is NULL");
	for (int64_t s = 0; s < p->n_specs; s++)
		if (name_too_long(p->specs[s].name))
			return cseg__error(CSEG_E_INVALID_ARG, "column name %" PRId64 " is too long", s);
	for (int64_t j = 0; p->fitted && j < p->n_in; j++)
		if (name_too_long(p->cols[j].name))
			return cseg__error(CSEG_E_INVALID_ARG, "input name %" PRId64 " is too long", j);

	if ((crc = cseg__wbuf_reserve(&w, PREP_MAGIC_LEN)))
		memcpy(crc, PREP_MAGIC, PREP_MAGIC_LEN);
	cseg__wbuf_u32(&w, PREP_VERSION);
	cseg__wbuf_u32(&w, (uint32_t)p->def_missing);
	cseg__wbuf_u32(&w, (uint32_t)p->def_transform);
	cseg__wbuf_u64(&w, (uint64_t)p->n_specs);
	for (int64_t s = 0; s < p->n_specs; s++) {
		const cseg__prep_spec *sp = &p->specs[s];

		put_str(&w, sp->name);
		cseg__wbuf_u32(&w, sp->set);
		cseg__wbuf_u32(&w, (uint32_t)sp->missing);
		cseg__wbuf_f64(&w, sp->constant);
		cseg__wbuf_u32(&w, (uint32_t)sp->transform);
		cseg__wbuf_f64(&w, sp->weight);
	}
	cseg__wbuf_u32(&w, p->fitted ? 1u : 0u);
	if (p->fitted) {
		cseg__wbuf_u64(&w, (uint64_t)p->n_in);
		for (int64_t j = 0; j < p->n_in; j++) {
			const cseg__prep_col *c = &p->cols[j];

			put_str(&w, c->name);
			cseg__wbuf_u32(&w, (uint32_t)c->missing);
			cseg__wbuf_f64(&w, c->constant);
			cseg__wbuf_u32(&w, (uint32_t)c->transform);
			cseg__wbuf_f64(&w, c->weight);
			cseg__wbuf_u32(&w, c->categorical ? 1u : 0u);
			cseg__wbuf_f64(&w, c->fill);
			cseg__wbuf_f64(&w, c->center);
			cseg__wbuf_f64(&w, c->scale);
			cseg__wbuf_u64(&w, (uint64_t)c->n_levels);
			for (int64_t l = 0; l < c->n_levels; l++)
				cseg__wbuf_f64(&w, c->levels[l]);
		}
	}
	if (!w.failed)
		cseg__wbuf_u32(&w, cseg__crc32(w.p, w.len));
	if (w.failed) {
		free(w.p);
		return cseg__error(CSEG_E_NOMEM, "out of memory encoding the preprocessing");
	}
	*buf = w.p;
	*len = w.len;
	return CSEG_OK;
}

/* Reader over buf[0 .. end), end excluding the CRC. */
typedef struct rd {
	const unsigned char *b;
	size_t pos, end;
} rd;

static cseg_status need(const rd *r, size_t n, const char *what)
{
	if (r->end - r->pos >= n)
		return CSEG_OK;
	return cseg__error(CSEG_E_FORMAT, "preprocessing data truncated at byte %zu: expected %zu "
		"bytes of %s, %zu left", r->pos, n, what, r->end - r->pos);
}

static cseg_status get_u32(rd *r, const char *what, uint32_t *v)
{
	cseg_status st = need(r, 4, what);

	if (st == CSEG_OK) {
		*v = 0;
		for (int i = 3; i >= 0; i--)
			*v = (*v << 8) | r->b[r->pos + (size_t)i];
		r->pos += 4;
	}
	return st;
}

static cseg_status get_u64(rd *r, const char *what, uint64_t *v)
{
	cseg_status st = need(r, 8, what);

	if (st == CSEG_OK) {
		*v = 0;
		for (int i = 7; i >= 0; i--)
			*v = (*v << 8) | r->b[r->pos + (size_t)i];
		r->pos += 8;
	}
	return st;
}

static cseg_status get_f64(rd *r, const char *what, double *v)
{
	uint64_t bits;
	cseg_status st = get_u64(r, what, &bits);

	if (st == CSEG_OK)
		memcpy(v, &bits, sizeof(*v));
	return st;
}

/* Enumerations stored as u32, checked by `valid`. */
static cseg_status get_enum(rd *r, const char *what, int (*valid)(int), int *v)
{
	size_t at = r->pos;
	uint32_t u;
	cseg_status st = get_u32(r, what, &u);

	if (st != CSEG_OK)
		return st;
	if (u > INT32_MAX || !valid((int)u))
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: invalid %s %" PRIu32
			" at byte %zu", what, u, at);
	*v = (int)u;
	return CSEG_OK;
}

static int valid_bool(int v)
{
	return v == 0 || v == 1;
}

static int valid_set(int v)
{
	return v >= 1 && v <= (int)(CSEG__SPEC_COLUMN | CSEG__SPEC_CATEGORICAL);
}

static int valid_default_missing(int v)
{
	return cseg__prep_valid_missing(v) && v != CSEG_MISSING_CONSTANT;
}

static cseg_status get_str(rd *r, const char *what, char **out)
{
	size_t at = r->pos;
	uint32_t n;
	cseg_status st = get_u32(r, what, &n);

	*out = NULL;
	if (st != CSEG_OK)
		return st;
	if (n == 0)
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: empty %s at byte %zu", what, at);
	if ((st = need(r, n, what)) != CSEG_OK)
		return st;
	if (memchr(r->b + r->pos, '\0', n))
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: %s at byte %zu contains a "
			"NUL byte", what, at);
	if (!(*out = cseg__malloc((size_t)n + 1)))
		return cseg__error(CSEG_E_NOMEM, "out of memory decoding the preprocessing");
	memcpy(*out, r->b + r->pos, n);
	(*out)[n] = '\0';
	r->pos += n;
	return CSEG_OK;
}

/* A double that must satisfy `ok`, else a format error naming it. */
static cseg_status bad_double(size_t at, const char *what, const char *name, double v)
{
	return cseg__error(CSEG_E_FORMAT, "preprocessing data: invalid %s %g of column '%s' at "
		"byte %zu", what, v, name, at);
}

static cseg_status read_specs(rd *r, cseg_prep *p)
{
	uint64_t n;
	cseg_status st;

	if ((st = get_u64(r, "the column setting count", &n)) != CSEG_OK)
		return st;
	if (n > (r->end - r->pos) / SPEC_MIN_BYTES)
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: %" PRIu64 " column settings "
			"cannot fit in the %zu bytes left at byte %zu", n, r->end - r->pos, r->pos - 8);
	if (n > 0 && !(p->specs = cseg__calloc((size_t)n, sizeof(cseg__prep_spec))))
		return cseg__error(CSEG_E_NOMEM, "out of memory decoding the preprocessing");
	p->cap_specs = (int64_t)n;
	for (uint64_t s = 0; s < n; s++) {
		cseg__prep_spec *sp = &p->specs[s];
		size_t at;
		int set = 0;

		if ((st = get_str(r, "column name", &sp->name)) != CSEG_OK)
			return st;
		p->n_specs++; /* owns the name from here */
		for (uint64_t t = 0; t < s; t++)
			if (strcmp(p->specs[t].name, sp->name) == 0)
				return cseg__error(CSEG_E_FORMAT, "preprocessing data: column '%s' has two "
					"settings (byte %zu)", sp->name, r->pos);
		if ((st = get_enum(r, "setting bits", valid_set, &set)) != CSEG_OK
			|| (st = get_enum(r, "missing-value policy", cseg__prep_valid_missing,
				&sp->missing)) != CSEG_OK)
			return st;
		sp->set = (unsigned)set;
		at = r->pos;
		if ((st = get_f64(r, "constant", &sp->constant)) != CSEG_OK)
			return st;
		if (!isfinite(sp->constant))
			return bad_double(at, "constant", sp->name, sp->constant);
		if ((st = get_enum(r, "transform", cseg__prep_valid_transform, &sp->transform)) != CSEG_OK)
			return st;
		at = r->pos;
		if ((st = get_f64(r, "weight", &sp->weight)) != CSEG_OK)
			return st;
		if (!(sp->weight >= 0.0) || !isfinite(sp->weight))
			return bad_double(at, "weight", sp->name, sp->weight);
		if (sp->missing == CSEG_MISSING_CONSTANT && (sp->transform & CSEG_TRANSFORM_LOG1P)
			&& !(sp->constant > -1.0))
			return bad_double(at - 12, "constant under log1p", sp->name, sp->constant);
	}
	return CSEG_OK;
}

/* Whether the policy of c imputes a value (then fill must be usable). */
static int imputes(const cseg__prep_col *c)
{
	switch (c->missing) {
	case CSEG_MISSING_MEAN:
	case CSEG_MISSING_MEDIAN:
	case CSEG_MISSING_CONSTANT:
		return 1;
	case CSEG_MISSING_INDICATOR:
		return !c->categorical;
	default:
		return 0;
	}
}

static cseg_status read_col(rd *r, cseg__prep_col *c)
{
	cseg_status st;
	uint64_t n_levels;
	size_t at;
	int cat = 0;

	if ((st = get_enum(r, "missing-value policy", cseg__prep_valid_missing, &c->missing)) != CSEG_OK)
		return st;
	at = r->pos;
	if ((st = get_f64(r, "constant", &c->constant)) != CSEG_OK)
		return st;
	if (!isfinite(c->constant))
		return bad_double(at, "constant", c->name, c->constant);
	if ((st = get_enum(r, "transform", cseg__prep_valid_transform, &c->transform)) != CSEG_OK)
		return st;
	at = r->pos;
	if ((st = get_f64(r, "weight", &c->weight)) != CSEG_OK)
		return st;
	if (!(c->weight >= 0.0) || !isfinite(c->weight))
		return bad_double(at, "weight", c->name, c->weight);
	if ((st = get_enum(r, "categorical flag", valid_bool, &cat)) != CSEG_OK)
		return st;
	c->categorical = cat;
	if (cat && c->transform != CSEG_TRANSFORM_NONE)
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: categorical column '%s' has "
			"transform %d (byte %zu)", c->name, c->transform, r->pos);
	at = r->pos;
	if ((st = get_f64(r, "fill value", &c->fill)) != CSEG_OK)
		return st;
	if (imputes(c) ? !isfinite(c->fill) || (!cat && (c->transform & CSEG_TRANSFORM_LOG1P)
		&& !(c->fill > -1.0)) : !isnan(c->fill))
		return bad_double(at, "fill value", c->name, c->fill);
	at = r->pos;
	if ((st = get_f64(r, "center", &c->center)) != CSEG_OK)
		return st;
	if (!isfinite(c->center))
		return bad_double(at, "center", c->name, c->center);
	at = r->pos;
	if ((st = get_f64(r, "scale", &c->scale)) != CSEG_OK)
		return st;
	if (!isfinite(c->scale) || !(c->scale > 0.0))
		return bad_double(at, "scale", c->name, c->scale);
	at = r->pos;
	if ((st = get_u64(r, "level count", &n_levels)) != CSEG_OK)
		return st;
	if (n_levels > (cat ? CSEG_PREP_MAX_LEVELS : 0) || n_levels > (r->end - r->pos) / 8)
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: column '%s' has an invalid "
			"level count %" PRIu64 " at byte %zu", c->name, n_levels, at);
	c->n_levels = (int64_t)n_levels;
	if (n_levels > 0 && !(c->levels = cseg__malloc_array((size_t)n_levels, sizeof(double))))
		return cseg__error(CSEG_E_NOMEM, "out of memory decoding the preprocessing");
	for (uint64_t l = 0; l < n_levels; l++) {
		at = r->pos;
		if ((st = get_f64(r, "level", &c->levels[l])) != CSEG_OK)
			return st;
		/* Sorted, distinct and finite: the transform searches them. */
		if (!isfinite(c->levels[l]) || (l > 0 && !(c->levels[l] > c->levels[l - 1])))
			return bad_double(at, "level", c->name, c->levels[l]);
	}
	if (cat && c->n_levels == 0 && c->missing != CSEG_MISSING_INDICATOR)
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: categorical column '%s' has "
			"no level and no indicator", c->name);
	return CSEG_OK;
}

static cseg_status read_fit(rd *r, cseg_prep *p)
{
	uint64_t n;
	cseg_status st;

	if ((st = get_u64(r, "the input count", &n)) != CSEG_OK)
		return st;
	if (n == 0 || n > (r->end - r->pos) / COL_MIN_BYTES)
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: invalid input count %" PRIu64
			" at byte %zu (%zu bytes left)", n, r->pos - 8, r->end - r->pos);
	if (!(p->cols = cseg__calloc((size_t)n, sizeof(cseg__prep_col))))
		return cseg__error(CSEG_E_NOMEM, "out of memory decoding the preprocessing");
	for (uint64_t j = 0; j < n; j++) {
		cseg__prep_col *c = &p->cols[j];

		if ((st = get_str(r, "input name", &c->name)) != CSEG_OK)
			return st;
		p->n_in++; /* owns the name from here */
		for (uint64_t k = 0; k < j; k++)
			if (strcmp(p->cols[k].name, c->name) == 0)
				return cseg__error(CSEG_E_FORMAT, "preprocessing data: input '%s' appears "
					"twice (byte %zu)", c->name, r->pos);
		if ((st = read_col(r, c)) != CSEG_OK)
			return st;
	}
	if ((st = cseg__prep_layout(p)) != CSEG_OK) {
		char why[512];

		if (st == CSEG_E_NOMEM)
			return st;
		snprintf(why, sizeof(why), "%s", cseg_last_error());
		return cseg__error(CSEG_E_FORMAT, "preprocessing data: %s", why);
	}
	p->fitted = 1;
	return CSEG_OK;
}

static cseg_status check_header(const unsigned char *buf, size_t len, uint32_t *version)
{
	if (memcmp(buf, PREP_MAGIC, len < PREP_MAGIC_LEN ? len : PREP_MAGIC_LEN) != 0)
		return cseg__error(CSEG_E_FORMAT, "not cseg preprocessing data (should start with "
			"\"%s\")", PREP_MAGIC);
	if (len < PREP_HEADER_LEN + PREP_CRC_LEN)
		return cseg__error(CSEG_E_FORMAT, "preprocessing data truncated at byte %zu: expected "
			"at least %d bytes", len, PREP_HEADER_LEN + PREP_CRC_LEN);
	*version = (uint32_t)buf[8] | (uint32_t)buf[9] << 8 | (uint32_t)buf[10] << 16
		| (uint32_t)buf[11] << 24;
	if (*version > PREP_VERSION)
		return cseg__error(CSEG_E_VERSION, "preprocessing format version %" PRIu32 " is newer "
			"than this cseg (%s) reads (up to %u); upgrade cseg", *version, CSEG_VERSION_STRING,
			PREP_VERSION);
	if (*version == 0)
		return cseg__error(CSEG_E_FORMAT, "preprocessing format version 0 is invalid");
	return CSEG_OK;
}

cseg_status cseg__prep_decode(const unsigned char *buf, size_t len, cseg_prep **out)
{
	rd r;
	uint32_t version, stored, fitted;
	cseg_prep *p;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "prep decode: out is NULL");
	*out = NULL;
	if (!buf)
		return cseg__error(CSEG_E_INVALID_ARG, "prep decode: buffer is NULL");
	if ((st = check_header(buf, len, &version)) != CSEG_OK)
		return st;
	r.b = buf;
	r.pos = PREP_HEADER_LEN;
	r.end = len - PREP_CRC_LEN;
	stored = (uint32_t)buf[r.end] | (uint32_t)buf[r.end + 1] << 8
		| (uint32_t)buf[r.end + 2] << 16 | (uint32_t)buf[r.end + 3] << 24;
	if (stored != cseg__crc32(buf, r.end))
		return cseg__error(CSEG_E_FORMAT, "preprocessing data is corrupt or truncated "
			"(CRC-32 mismatch over %zu bytes)", r.end);
	if (!(p = cseg__prep_alloc()))
		return cseg__error(CSEG_E_NOMEM, "out of memory decoding the preprocessing");
	if ((st = get_enum(&r, "default missing-value policy", valid_default_missing,
		&p->def_missing)) != CSEG_OK
		|| (st = get_enum(&r, "default transform", cseg__prep_valid_transform,
			&p->def_transform)) != CSEG_OK
		|| (st = read_specs(&r, p)) != CSEG_OK
		|| (st = get_u32(&r, "the fitted flag", &fitted)) != CSEG_OK)
		goto fail;
	if (fitted > 1) {
		st = cseg__error(CSEG_E_FORMAT, "preprocessing data: invalid fitted flag %" PRIu32
			" at byte %zu", fitted, r.pos - 4);
		goto fail;
	}
	if (fitted && (st = read_fit(&r, p)) != CSEG_OK)
		goto fail;
	if (r.pos != r.end) {
		st = cseg__error(CSEG_E_FORMAT, "preprocessing data: %zu unexpected bytes at byte %zu",
			r.end - r.pos, r.pos);
		goto fail;
	}
	*out = p;
	return CSEG_OK;
fail:
	cseg_prep_free(p);
	return st;
}

cseg_status cseg_prep_save_buffer(const cseg_prep *prep, void **data_out, int64_t *n_bytes_out)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	cseg_status st;

	if (!data_out || !n_bytes_out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_save_buffer: %s is NULL",
			data_out ? "n_bytes_out" : "data_out");
	*data_out = NULL;
	*n_bytes_out = 0;
	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_save_buffer: prep is NULL");
	if ((st = cseg__prep_encode(prep, &buf, &len)) != CSEG_OK)
		return st;
	*data_out = buf;
	*n_bytes_out = (int64_t)len;
	return CSEG_OK;
}

cseg_status cseg_prep_load_buffer(cseg_prep **out, const void *data, int64_t n_bytes)
{
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_load_buffer: out is NULL");
	*out = NULL;
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_load_buffer: data is NULL");
	if (n_bytes < 0 || (uint64_t)n_bytes > SIZE_MAX)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_load_buffer: n_bytes is %" PRId64,
			n_bytes);
	return cseg__prep_decode(data, (size_t)n_bytes, out);
}

cseg_status cseg_prep_save(const cseg_prep *prep, const char *path)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	cseg_status st;

	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_save: prep is NULL");
	if (!path || !path[0])
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_save: path is %s",
			path ? "empty" : "NULL");
	if ((st = cseg__prep_encode(prep, &buf, &len)) != CSEG_OK)
		return st;
	st = cseg__write_file_atomic(path, buf, len);
	free(buf);
	return st;
}

cseg_status cseg_prep_load(cseg_prep **out, const char *path)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_load: out is NULL");
	*out = NULL;
	if (!path || !path[0])
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_load: path is %s",
			path ? "empty" : "NULL");
	if ((st = cseg__read_file(path, &buf, &len)) != CSEG_OK)
		return st;
	if (len == 0)
		st = cseg__error(CSEG_E_FORMAT, "'%s' is empty: not cseg preprocessing data", path);
	else
		st = cseg__prep_decode(buf, len, out);
	free(buf);
	if (st == CSEG_E_FORMAT || st == CSEG_E_VERSION) {
		char why[768];

		snprintf(why, sizeof(why), "%s", cseg_last_error());
		st = cseg__error(st, "'%s': %s", path, why);
	}
	return st;
}
