/* Model file encoding and defensive decoding (docs/model-format.md).
 * Every integer is written byte by byte, little-endian, so the bytes are
 * the same on every host; doubles travel as their IEEE-754 bit patterns. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "models/params.h"
#include "prep/prep_internal.h"
#include "model_file.h"
#include "model_format.h"
#include "byte_writer.h"

static const char *const section_names[CSEG__MF_SLOTS] = {
	"?", "algorithm", "parameters", "shape", "centroids", "feature names", "inertia",
	"n_iter", "converged", "n_train_rows", "fingerprint", "created", "lib_version",
	"initial centres", "arrays", "preprocessing", "segment names"
};

/* Writer helpers on the shared byte buffer (byte_writer.h). */

static uint64_t double_bits(double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	return bits;
}

/* Section head with a length patched by end_section. */
static size_t begin_section(cseg__wbuf *w, uint32_t tag)
{
	cseg__wbuf_u32(w, tag);
	cseg__wbuf_u64(w, 0);
	return w->len;
}

static void end_section(cseg__wbuf *w, size_t start)
{
	if (!w->failed)
		cseg__store_u64(w->p + start - 8, (uint64_t)(w->len - start));
}

static void put_doubles(cseg__wbuf *w, const double *x, size_t n)
{
	unsigned char *p = cseg__wbuf_reserve(w, n * 8); /* n * 8 fits: x is an allocated array */

	if (p)
		for (size_t i = 0; i < n; i++)
			cseg__store_u64(p + 8 * i, double_bits(x[i]));
}

static void put_i64_section(cseg__wbuf *w, uint32_t tag, int64_t v)
{
	size_t s = begin_section(w, tag);
	cseg__wbuf_u64(w, (uint64_t)v);
	end_section(w, s);
}

static void put_string_section(cseg__wbuf *w, uint32_t tag, const char *text)
{
	size_t s = begin_section(w, tag);
	cseg__wbuf_bytes(w, text, strlen(text));
	end_section(w, s);
}

cseg_status cseg__model_encode(const cseg_model *m, unsigned char **buf_out, size_t *len_out)
{
	const cseg__param_def *defs;
	size_t n_defs, s;
	cseg__wbuf w = { 0 };

	if (!buf_out || !len_out)
		return cseg__error(CSEG_E_INVALID_ARG, "model encode: NULL output");
	*buf_out = NULL;
	*len_out = 0;
	if (!m)
		return cseg__error(CSEG_E_INVALID_ARG, "model is NULL");
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "only a fitted model can be saved");
	for (int64_t j = 0; j < m->d; j++)
		if (strlen(m->feature_names[j]) > UINT32_MAX)
			return cseg__error(CSEG_E_INVALID_ARG, "feature name %" PRId64 " is too long", j);

	cseg__wbuf_bytes(&w, CSEG__MF_MAGIC, CSEG__MF_MAGIC_LEN);
	cseg__wbuf_u32(&w, CSEG__MF_VERSION);

	put_i64_section(&w, CSEG__MF_ALGO, (int64_t)m->algo);

	defs = cseg__param_table(&n_defs);
	s = begin_section(&w, CSEG__MF_PARAMS);
	cseg__wbuf_u32(&w, (uint32_t)n_defs);
	for (size_t i = 0; i < n_defs; i++) {
		const char *field = (const char *)&m->params + defs[i].offset;

		cseg__wbuf_u32(&w, (uint32_t)defs[i].key);
		if (defs[i].type == CSEG_TYPE_INT) {
			int64_t v;
			memcpy(&v, field, sizeof(v));
			cseg__wbuf_u32(&w, CSEG__MF_PARAM_INT);
			cseg__wbuf_u64(&w, (uint64_t)v);
		} else {
			double v;
			memcpy(&v, field, sizeof(v));
			cseg__wbuf_u32(&w, CSEG__MF_PARAM_DOUBLE);
			cseg__wbuf_f64(&w, v);
		}
	}
	end_section(&w, s);

	s = begin_section(&w, CSEG__MF_SHAPE);
	cseg__wbuf_u64(&w, (uint64_t)m->k);
	cseg__wbuf_u64(&w, (uint64_t)m->d);
	end_section(&w, s);

	s = begin_section(&w, CSEG__MF_CENTROIDS);
	put_doubles(&w, m->centroids, (size_t)m->k * (size_t)m->d);
	end_section(&w, s);

	s = begin_section(&w, CSEG__MF_FEATURE_NAMES);
	for (int64_t j = 0; j < m->d; j++) {
		size_t n = strlen(m->feature_names[j]);
		cseg__wbuf_u32(&w, (uint32_t)n);
		cseg__wbuf_bytes(&w, m->feature_names[j], n);
	}
	end_section(&w, s);

	s = begin_section(&w, CSEG__MF_INERTIA);
	cseg__wbuf_f64(&w, m->inertia);
	end_section(&w, s);
	put_i64_section(&w, CSEG__MF_N_ITER, m->n_iter);
	put_i64_section(&w, CSEG__MF_CONVERGED, m->converged);
	put_i64_section(&w, CSEG__MF_N_TRAIN_ROWS, m->n_train_rows);
	put_i64_section(&w, CSEG__MF_FINGERPRINT, (int64_t)m->fingerprint);
	put_string_section(&w, CSEG__MF_CREATED, m->created);
	put_string_section(&w, CSEG__MF_LIB_VERSION, m->lib_version);

	if (m->init_centers) {
		s = begin_section(&w, CSEG__MF_INIT_CENTERS);
		cseg__wbuf_u64(&w, (uint64_t)m->init_k);
		cseg__wbuf_u64(&w, (uint64_t)m->init_d);
		put_doubles(&w, m->init_centers, (size_t)m->init_k * (size_t)m->init_d);
		end_section(&w, s);
	}

	if (m->n_arrays > 0) {
		s = begin_section(&w, CSEG__MF_ARRAYS);
		cseg__wbuf_u32(&w, (uint32_t)m->n_arrays);
		for (int64_t i = 0; i < m->n_arrays; i++) {
			const cseg__array *a = &m->arrays[i];
			size_t n = strlen(a->name);
			cseg__wbuf_u32(&w, (uint32_t)n);
			cseg__wbuf_bytes(&w, a->name, n);
			cseg__wbuf_u64(&w, (uint64_t)a->rows);
			cseg__wbuf_u64(&w, (uint64_t)a->cols);
			put_doubles(&w, a->data, (size_t)a->rows * (size_t)a->cols);
		}
		end_section(&w, s);
	}

	if (m->prep) {
		unsigned char *pb = NULL;
		size_t plen = 0;
		cseg_status pst = cseg__prep_encode(m->prep, &pb, &plen);
		if (pst != CSEG_OK) {
			free(w.p);
			return pst;
		}
		s = begin_section(&w, CSEG__MF_PREP);
		cseg__wbuf_bytes(&w, pb, plen);
		end_section(&w, s);
		free(pb);
	}

	if (m->segment_names) {
		s = begin_section(&w, CSEG__MF_TAG_OPTIONAL | CSEG__MF_OPT_SEGMENT_NAMES);
		cseg__wbuf_u64(&w, (uint64_t)m->k);
		for (int64_t c = 0; c < m->k; c++) {
			size_t n = m->segment_names[c] ? strlen(m->segment_names[c]) : 0;
			cseg__wbuf_u32(&w, (uint32_t)n);
			if (n)
				cseg__wbuf_bytes(&w, m->segment_names[c], n);
		}
		end_section(&w, s);
	}

	if (!w.failed)
		cseg__wbuf_u32(&w, cseg__crc32(w.p, w.len));
	if (w.failed) {
		free(w.p);
		return cseg__error(CSEG_E_NOMEM, "out of memory encoding the model");
	}
	*buf_out = w.p;
	*len_out = w.len;
	return CSEG_OK;
}

/* Reader: one section's payload, every read bounds-checked. */

typedef struct rd {
	const unsigned char *b;
	size_t pos, end;
	const char *section;
	size_t start; /* file offset of the payload, for messages */
} rd;

static uint32_t load_u32(const unsigned char *p)
{
	uint32_t v = 0;

	for (int i = 3; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint64_t load_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static cseg_status need(rd *r, size_t n, const char *what)
{
	if (r->end - r->pos >= n)
		return CSEG_OK;
	return cseg__error(CSEG_E_FORMAT, "section '%s' (payload at byte %zu) too short at byte "
		"%zu: expected %zu bytes of %s, %zu left", r->section, r->start, r->pos, n, what,
		r->end - r->pos);
}

#define TRY(expr) do { if ((st = (expr)) != CSEG_OK) goto fail; } while (0)

static cseg_status get_u32(rd *r, const char *what, uint32_t *v)
{
	cseg_status st = need(r, 4, what);
	if (st == CSEG_OK) {
		*v = load_u32(r->b + r->pos);
		r->pos += 4;
	}
	return st;
}

static cseg_status get_u64(rd *r, const char *what, uint64_t *v)
{
	cseg_status st = need(r, 8, what);
	if (st == CSEG_OK) {
		*v = load_u64(r->b + r->pos);
		r->pos += 8;
	}
	return st;
}

static cseg_status get_i64(rd *r, const char *what, int64_t *v)
{
	uint64_t u;
	cseg_status st = get_u64(r, what, &u);

	if (st == CSEG_OK)
		*v = (int64_t)u; /* two's complement on every supported host */
	return st;
}

static cseg_status get_f64(rd *r, const char *what, double *v)
{
	uint64_t u;
	cseg_status st = get_u64(r, what, &u);

	if (st == CSEG_OK)
		memcpy(v, &u, sizeof(*v));
	return st;
}

static cseg_status done(const rd *r)
{
	if (r->pos == r->end)
		return CSEG_OK;
	return cseg__error(CSEG_E_FORMAT, "section '%s' (payload at byte %zu) has %zu unexpected "
		"bytes at byte %zu", r->section, r->start, r->end - r->pos, r->pos);
}

static cseg_status bad_value(const rd *r, const char *what, const char *detail)
{
	return cseg__error(CSEG_E_FORMAT, "section '%s' (payload at byte %zu): %s %s",
		r->section, r->start, what, detail);
}

/* k x d doubles, all finite, into a new array. */
static cseg_status get_matrix(rd *r, int64_t k, int64_t d, const char *what, double **out)
{
	size_t n = (size_t)k * (size_t)d;
	double *x;
	cseg_status st = need(r, n * 8, what);

	if (st != CSEG_OK)
		return st;
	if (!(x = cseg__malloc_array(n, sizeof(double))))
		return cseg__error(CSEG_E_NOMEM, "out of memory for %s (%" PRId64 " x %" PRId64 ")",
			what, k, d);
	for (size_t i = 0; i < n; i++) {
		uint64_t bits = load_u64(r->b + r->pos + 8 * i);
		memcpy(&x[i], &bits, sizeof(double));
		if (!isfinite(x[i])) {
			free(x);
			return cseg__error(CSEG_E_FORMAT, "section '%s': %s value %zu (row %zu, "
				"column %zu) is not finite", r->section, what, i, i / (size_t)d, i % (size_t)d);
		}
	}
	r->pos += n * 8;
	*out = x;
	return CSEG_OK;
}

/* k x d with the payload size known: refuses shapes whose product would
 * overflow or exceed what the payload can hold before any allocation. */
static cseg_status check_shape(const rd *r, int64_t k, int64_t d, size_t avail)
{
	if (k < 1 || d < 1)
		return cseg__error(CSEG_E_FORMAT, "section '%s': shape %" PRId64 " x %" PRId64
			" is invalid (both must be >= 1)", r->section, k, d);
	if ((uint64_t)k > avail / 8 / (uint64_t)d)
		return cseg__error(CSEG_E_FORMAT, "section '%s': shape %" PRId64 " x %" PRId64
			" needs more than the %zu bytes available", r->section, k, d, avail);
	return CSEG_OK;
}

/* Walk the sections: locate each known one, refuse duplicates and unknown
 * mandatory tags. Returns 1 when the walk ran off the end (truncation). */
typedef struct span {
	size_t off, len;
	int present;
} span;

static int walk(const unsigned char *buf, size_t len, span *sec, cseg_status *st)
{
	size_t body_end = len - CSEG__MF_CRC_LEN;
	size_t pos = CSEG__MF_HEADER_LEN;

	while (pos < body_end) {
		uint32_t tag;
		uint64_t plen;
		const char *name;
		int slot;

		if (body_end - pos < CSEG__MF_SECTION_HEAD) {
			*st = cseg__error(CSEG_E_FORMAT, "model file truncated at byte %zu: expected a "
				"%d-byte section header at byte %zu", len, CSEG__MF_SECTION_HEAD, pos);
			return 1;
		}
		tag = load_u32(buf + pos);
		plen = load_u64(buf + pos + 4);
		slot = tag >= 1 && tag <= CSEG__MF_LAST_TAG ? (int)tag
			: (tag & CSEG__MF_TAG_OPTIONAL) && (tag & ~CSEG__MF_TAG_OPTIONAL) >= 1 &&
			  (tag & ~CSEG__MF_TAG_OPTIONAL) <= CSEG__MF_LAST_OPT_TAG
			? CSEG__MF_OPT_SLOT((int)(tag & ~CSEG__MF_TAG_OPTIONAL)) : 0;
		name = slot ? section_names[slot] : "unknown";
		if (plen > body_end - pos - CSEG__MF_SECTION_HEAD) {
			*st = cseg__error(CSEG_E_FORMAT, "model file truncated at byte %zu: expected %"
				PRIu64 " bytes of %s (section tag %" PRIu32 " at byte %zu), %zu left",
				len, plen, name, tag, pos, body_end - pos - CSEG__MF_SECTION_HEAD);
			return 1;
		}
		if (slot) {
			if (sec[slot].present) {
				*st = cseg__error(CSEG_E_FORMAT, "duplicate section '%s' at byte %zu (first at "
					"byte %zu)", name, pos, sec[slot].off - CSEG__MF_SECTION_HEAD);
				return 2;
			}
			sec[slot].present = 1;
			sec[slot].off = pos + CSEG__MF_SECTION_HEAD;
			sec[slot].len = (size_t)plen;
		} else if (!(tag & CSEG__MF_TAG_OPTIONAL)) {
			*st = cseg__error(CSEG_E_FORMAT, "unknown mandatory section tag %" PRIu32
				" at byte %zu", tag, pos);
			return 2;
		}
		pos += CSEG__MF_SECTION_HEAD + (size_t)plen;
	}
	*st = CSEG_OK;
	return 0;
}

static cseg_status check_header(const unsigned char *buf, size_t len)
{
	uint32_t version;

	if (memcmp(buf, CSEG__MF_MAGIC, len < CSEG__MF_MAGIC_LEN ? len : CSEG__MF_MAGIC_LEN) != 0)
		return cseg__error(CSEG_E_FORMAT, "not a cseg model file (bad magic: the file should "
			"start with \"%s\")", CSEG__MF_MAGIC);
	if (len < CSEG__MF_HEADER_LEN)
		return cseg__error(CSEG_E_FORMAT, "model file truncated at byte %zu: expected a "
			"%d-byte header", len, CSEG__MF_HEADER_LEN);
	version = load_u32(buf + CSEG__MF_MAGIC_LEN);
	if (version > CSEG__MF_VERSION)
		return cseg__error(CSEG_E_VERSION, "model file format version %" PRIu32 " is newer "
			"than this cseg (%s) reads (up to %u); upgrade cseg", version, CSEG_VERSION_STRING,
			CSEG__MF_VERSION);
	if (version == 0)
		return cseg__error(CSEG_E_FORMAT, "model file format version 0 is invalid");
	if (len < CSEG__MF_HEADER_LEN + CSEG__MF_CRC_LEN)
		return cseg__error(CSEG_E_FORMAT, "model file truncated at byte %zu: expected a "
			"%d-byte CRC after the header", len, CSEG__MF_CRC_LEN);
	return CSEG_OK;
}

static rd section(const unsigned char *buf, const span *sec, int tag)
{
	rd r;

	r.b = buf;
	r.pos = sec[tag].off;
	r.end = sec[tag].off + sec[tag].len;
	r.section = section_names[tag];
	r.start = sec[tag].off;
	return r;
}

static cseg_status read_params(rd *r, cseg__params *p)
{
	uint32_t count;
	cseg_status st;

	if ((st = get_u32(r, "the entry count", &count)) != CSEG_OK)
		return st;
	if (count > (r->end - r->pos) / CSEG__MF_PARAM_ENTRY)
		return bad_value(r, "entry count", "exceeds the section");
	for (uint32_t i = 0; i < count; i++) {
		const cseg__param_def *def;
		uint32_t key, type;
		uint64_t bits;
		char *field;

		/* the count check above guarantees the room */
		key = load_u32(r->b + r->pos);
		type = load_u32(r->b + r->pos + 4);
		bits = load_u64(r->b + r->pos + 8);
		r->pos += CSEG__MF_PARAM_ENTRY;
		def = cseg__param_find((int)key);
		/* A parameter this version does not know came from a newer one;
		 * it cannot change the fitted state, so it is dropped. */
		if (!def || def->offset == (size_t)-1)
			continue;
		field = (char *)p + def->offset;
		if (def->type == CSEG_TYPE_INT && type == CSEG__MF_PARAM_INT) {
			int64_t v = (int64_t)bits;
			if ((double)v < def->min || (double)v > def->max)
				return cseg__error(CSEG_E_FORMAT, "section 'parameters': %s = %" PRId64
					" is out of bounds [%.17g, %.17g]", def->name, v, def->min, def->max);
			memcpy(field, &v, sizeof(v));
		} else if (def->type == CSEG_TYPE_DOUBLE && type == CSEG__MF_PARAM_DOUBLE) {
			double v;
			memcpy(&v, &bits, sizeof(v));
			if (!(v >= def->min && v <= def->max))
				return cseg__error(CSEG_E_FORMAT, "section 'parameters': %s = %g is out of "
					"bounds [%g, %g]", def->name, v, def->min, def->max);
			memcpy(field, &v, sizeof(v));
		} else {
			return cseg__error(CSEG_E_FORMAT, "section 'parameters': %s has value type %"
				PRIu32 ", expected %d", def->name, type,
				def->type == CSEG_TYPE_INT ? CSEG__MF_PARAM_INT : CSEG__MF_PARAM_DOUBLE);
		}
	}
	return done(r);
}

static cseg_status read_names(rd *r, cseg_model *m)
{
	cseg_status st;

	m->feature_names = cseg__calloc((size_t)m->d, sizeof(char *));
	if (!m->feature_names)
		return cseg__error(CSEG_E_NOMEM, "out of memory for %" PRId64 " feature names", m->d);
	for (int64_t j = 0; j < m->d; j++) {
		uint32_t n;
		char *name;

		if ((st = get_u32(r, "a name length", &n)) != CSEG_OK)
			return st;
		if (n == 0)
			return cseg__error(CSEG_E_FORMAT, "section 'feature names': name %" PRId64
				" is empty", j);
		if ((st = need(r, n, "a feature name")) != CSEG_OK)
			return st;
		if (memchr(r->b + r->pos, '\0', n))
			return cseg__error(CSEG_E_FORMAT, "section 'feature names': name %" PRId64
				" contains a NUL byte", j);
		if (!(name = cseg__malloc((size_t)n + 1)))
			return cseg__error(CSEG_E_NOMEM, "out of memory for feature names");
		memcpy(name, r->b + r->pos, n);
		name[n] = '\0';
		m->feature_names[j] = name;
		r->pos += n;
	}
	return done(r);
}

/* The algorithm's named arrays; their meaning is checked by its check_loaded. */
static cseg_status read_arrays(rd *r, cseg_model *m)
{
	uint32_t count;
	cseg_status st;

	if ((st = get_u32(r, "the array count", &count)) != CSEG_OK)
		return st;
	if (count == 0 || count > 256)
		return bad_value(r, "array count", "must be in 1..256");
	for (uint32_t i = 0; i < count; i++) {
		char name[CSEG__MF_ARRAY_NAME_MAX + 1];
		int64_t rows, cols;
		double *data;
		uint32_t n;

		if ((st = get_u32(r, "a name length", &n)) != CSEG_OK)
			return st;
		if (n == 0 || n > CSEG__MF_ARRAY_NAME_MAX)
			return bad_value(r, "array name length", "must be in 1..64");
		if ((st = need(r, n, "an array name")) != CSEG_OK)
			return st;
		if (memchr(r->b + r->pos, '\0', n))
			return bad_value(r, "array name", "contains a NUL byte");
		memcpy(name, r->b + r->pos, n);
		name[n] = '\0';
		r->pos += n;
		if (cseg__model_array(m, name))
			return cseg__error(CSEG_E_FORMAT, "section 'arrays': array '%s' appears twice", name);
		if ((st = get_i64(r, "rows", &rows)) != CSEG_OK || (st = get_i64(r, "cols", &cols)) != CSEG_OK)
			return st;
		if ((st = check_shape(r, rows, cols, r->end - r->pos)) != CSEG_OK)
			return st;
		if ((st = cseg__model_add_array(m, name, rows, cols, &data)) != CSEG_OK)
			return st;
		free(data);
		m->arrays[m->n_arrays - 1].data = NULL;
		if ((st = get_matrix(r, rows, cols, name, &m->arrays[m->n_arrays - 1].data)) != CSEG_OK)
			return st;
	}
	return done(r);
}

/* The fitted preprocessing, in its own encoding (lib/prep); its outputs
 * must be the model's features. */
static cseg_status read_prep(rd *r, cseg_model *m)
{
	cseg_status st = cseg__prep_decode(r->b + r->pos, r->end - r->pos, &m->prep);

	if (st != CSEG_OK) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", cseg_last_error());
		return cseg__error(st, "section 'preprocessing' (payload at byte %zu): %s", r->start, msg);
	}
	if (cseg_prep_is_fitted(m->prep) != 1 || cseg_prep_n_outputs(m->prep) != m->d)
		return bad_value(r, "preprocessing", "is not fitted or its outputs do not match the features");
	for (int64_t j = 0; j < m->d; j++)
		if (strcmp(cseg_prep_output_name(m->prep, j), m->feature_names[j]) != 0)
			return bad_value(r, "preprocessing", "output names differ from the feature names");
	r->pos = r->end;
	return CSEG_OK;
}

/* Segment names: k entries, length 0 for an unnamed segment. */
static cseg_status read_segment_names(rd *r, cseg_model *m)
{
	uint64_t k;
	cseg_status st;

	if ((st = get_u64(r, "the segment count", &k)) != CSEG_OK)
		return st;
	if (k != (uint64_t)m->k)
		return cseg__error(CSEG_E_FORMAT, "section 'segment names': %" PRIu64 " names for %"
			PRId64 " segments", k, m->k);
	if (!(m->segment_names = cseg__calloc((size_t)m->k, sizeof(char *))))
		return cseg__error(CSEG_E_NOMEM, "out of memory for segment names");
	for (int64_t c = 0; c < m->k; c++) {
		uint32_t n;

		if ((st = get_u32(r, "a name length", &n)) != CSEG_OK)
			return st;
		if (n > CSEG__MF_SEGMENT_NAME_MAX)
			return bad_value(r, "segment name length", "exceeds 256 bytes");
		if (n == 0)
			continue;
		if ((st = need(r, n, "a segment name")) != CSEG_OK)
			return st;
		if (memchr(r->b + r->pos, '\0', n))
			return bad_value(r, "segment name", "contains a NUL byte");
		if (!(m->segment_names[c] = cseg__malloc((size_t)n + 1)))
			return cseg__error(CSEG_E_NOMEM, "out of memory for segment names");
		memcpy(m->segment_names[c], r->b + r->pos, n);
		m->segment_names[c][n] = '\0';
		r->pos += n;
	}
	return done(r);
}

static cseg_status read_string(rd *r, char *dst, size_t cap)
{
	size_t n = r->end - r->pos;

	if (n >= cap)
		return cseg__error(CSEG_E_FORMAT, "section '%s': %zu bytes, at most %zu allowed",
			r->section, n, cap - 1);
	if (memchr(r->b + r->pos, '\0', n))
		return bad_value(r, "text", "contains a NUL byte");
	memcpy(dst, r->b + r->pos, n);
	dst[n] = '\0';
	r->pos += n;
	return CSEG_OK;
}

static cseg_status read_i64_section(const unsigned char *buf, const span *sec, int tag,
	int64_t *v)
{
	rd r = section(buf, sec, tag);
	cseg_status st = get_i64(&r, "an integer", v);

	return st != CSEG_OK ? st : done(&r);
}

cseg_status cseg__model_decode(const unsigned char *buf, size_t len, cseg_model **out)
{
	span sec[CSEG__MF_SLOTS];
	cseg_model *m = NULL;
	uint32_t stored, computed;
	int64_t algo, fp;
	cseg_status st;
	rd r;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (!buf)
		return cseg__error(CSEG_E_INVALID_ARG, "model buffer is NULL");
	if ((st = check_header(buf, len)) != CSEG_OK)
		return st;
	memset(sec, 0, sizeof(sec));
	stored = load_u32(buf + len - CSEG__MF_CRC_LEN);
	computed = cseg__crc32(buf, len - CSEG__MF_CRC_LEN);
	if (stored != computed) {
		/* Prefer the more useful diagnosis when the layout shows a cut. */
		if (walk(buf, len, sec, &st) == 1)
			return st;
		return cseg__error(CSEG_E_FORMAT, "model file corrupt: CRC32 mismatch (stored "
			"0x%08" PRIx32 ", computed 0x%08" PRIx32 " over %zu bytes)", stored, computed,
			len - CSEG__MF_CRC_LEN);
	}
	if (walk(buf, len, sec, &st) != 0)
		return st;
	for (int tag = 1; tag <= CSEG__MF_LAST_TAG; tag++)
		if (tag != CSEG__MF_INIT_CENTERS && tag != CSEG__MF_ARRAYS && tag != CSEG__MF_PREP &&
		    !sec[tag].present)
			return cseg__error(CSEG_E_FORMAT, "model file lacks the mandatory section '%s'",
				section_names[tag]);

	if ((st = read_i64_section(buf, sec, CSEG__MF_ALGO, &algo)) != CSEG_OK)
		return st;
	if (!cseg__algo_find((int)algo))
		return cseg__error(CSEG_E_VERSION, "model file holds algorithm %" PRId64 ", which this "
			"cseg (%s) does not know", algo, CSEG_VERSION_STRING);
	if (!(m = calloc(1, sizeof(*m))))
		return cseg__error(CSEG_E_NOMEM, "out of memory allocating a model");
	cseg__handle_created(); /* from here cseg_model_free cleans up */
	m->algo = (cseg_algo)algo;
	cseg__params_default_for(&m->params, (int)algo);

	r = section(buf, sec, CSEG__MF_PARAMS);
	TRY(read_params(&r, &m->params));

	{
		int64_t k, d;
		r = section(buf, sec, CSEG__MF_SHAPE);
		TRY(get_i64(&r, "k", &k));
		TRY(get_i64(&r, "d", &d));
		TRY(done(&r));
		r = section(buf, sec, CSEG__MF_CENTROIDS);
		TRY(check_shape(&r, k, d, sec[CSEG__MF_CENTROIDS].len));
		TRY(get_matrix(&r, k, d, "centroids", &m->centroids));
		TRY(done(&r));
		m->k = k;
		m->d = d;
	}
	r = section(buf, sec, CSEG__MF_FEATURE_NAMES);
	TRY(read_names(&r, m));

	r = section(buf, sec, CSEG__MF_INERTIA);
	TRY(get_f64(&r, "a double", &m->inertia));
	TRY(done(&r));
	if (!(isfinite(m->inertia) && m->inertia >= 0)) {
		st = bad_value(&r, "inertia", "must be finite and >= 0");
		goto fail;
	}
	TRY(read_i64_section(buf, sec, CSEG__MF_N_ITER, &m->n_iter));
	TRY(read_i64_section(buf, sec, CSEG__MF_CONVERGED, &m->converged));
	TRY(read_i64_section(buf, sec, CSEG__MF_N_TRAIN_ROWS, &m->n_train_rows));
	TRY(read_i64_section(buf, sec, CSEG__MF_FINGERPRINT, &fp));
	if (m->n_iter < 0 || (m->converged != 0 && m->converged != 1) || m->n_train_rows < m->k) {
		st = cseg__error(CSEG_E_FORMAT, "model file has inconsistent results: n_iter = %"
			PRId64 ", converged = %" PRId64 ", n_train_rows = %" PRId64 " (k = %" PRId64 ")",
			m->n_iter, m->converged, m->n_train_rows, m->k);
		goto fail;
	}
	m->fingerprint = (uint64_t)fp;
	snprintf(m->fingerprint_hex, sizeof(m->fingerprint_hex), "%016" PRIx64, m->fingerprint);
	r = section(buf, sec, CSEG__MF_CREATED);
	TRY(read_string(&r, m->created, sizeof(m->created)));
	r = section(buf, sec, CSEG__MF_LIB_VERSION);
	TRY(read_string(&r, m->lib_version, sizeof(m->lib_version)));

	if (sec[CSEG__MF_INIT_CENTERS].present) {
		int64_t k, d;
		r = section(buf, sec, CSEG__MF_INIT_CENTERS);
		TRY(get_i64(&r, "k", &k));
		TRY(get_i64(&r, "d", &d));
		TRY(check_shape(&r, k, d, r.end - r.pos));
		TRY(get_matrix(&r, k, d, "initial centres", &m->init_centers));
		TRY(done(&r));
		m->init_k = k;
		m->init_d = d;
	}

	if (sec[CSEG__MF_ARRAYS].present) {
		r = section(buf, sec, CSEG__MF_ARRAYS);
		TRY(read_arrays(&r, m));
	}
	if (sec[CSEG__MF_PREP].present) {
		r = section(buf, sec, CSEG__MF_PREP);
		TRY(read_prep(&r, m));
	}
	if (sec[CSEG__MF_OPT_SLOT(CSEG__MF_OPT_SEGMENT_NAMES)].present) {
		r = section(buf, sec, CSEG__MF_OPT_SLOT(CSEG__MF_OPT_SEGMENT_NAMES));
		TRY(read_segment_names(&r, m));
	}

	if (!(m->centroid_sq = cseg__malloc_array((size_t)m->k, sizeof(double)))) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory allocating a model");
		goto fail;
	}
	m->fitted = 1;
	{
		const cseg__algo_ops *ops = cseg__algo_find((int)algo);
		if (ops->check_loaded && (st = ops->check_loaded(m)) != CSEG_OK) {
			char msg[512];
			snprintf(msg, sizeof(msg), "%s", cseg_last_error());
			cseg__error(st, "model file: %s", msg);
			goto fail;
		}
	}
	cseg__model_update_norms(m);
	*out = m;
	return CSEG_OK;
fail:
	cseg_model_free(m);
	return st;
}
