/* Mergeable k-means statistics (cseg_kstats): per-segment weighted sums and
 * weights of the rows assigned to a model's nearest centroid, the inertia
 * of that assignment, a byte format for shipping them between processes,
 * and one Lloyd step from them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "minibatch_internal.h"

#define KSTATS_MAGIC "CSKS"
#define KSTATS_VERSION 1u
/* magic 4, version 4, k 8, d 8, rows 8, inertia 8 | sums, weights | checksum 8 */
#define KSTATS_HEAD 40
#define KSTATS_TAIL 8
/* Rows assigned per wave: bounds the label and distance scratch. */
#define WAVE_ROWS 65536

struct cseg_kstats {
	int64_t k, d;
	int64_t n_rows;
	double inertia;
	double *sums;     /* k x d */
	double *weights;  /* k */
};

cseg_status cseg_kstats_new(cseg_kstats **out, int64_t k, int64_t d)
{
	cseg_kstats *s;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (k < 1 || d < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "k = %lld and d = %lld must be >= 1",
			(long long)k, (long long)d);
	if (k > INT32_MAX || d > INT32_MAX || (uint64_t)k > (SIZE_MAX / sizeof(double) - 1) / (uint64_t)(d + 1))
		return cseg__error(CSEG_E_INVALID_ARG, "k = %lld by d = %lld is too large",
			(long long)k, (long long)d);
	if (!(s = cseg__calloc(1, sizeof(*s))))
		return cseg__error(CSEG_E_NOMEM, "out of memory for statistics");
	s->k = k;
	s->d = d;
	s->sums = cseg__calloc((size_t)(k * d), sizeof(double));
	s->weights = cseg__calloc((size_t)k, sizeof(double));
	if (!s->sums || !s->weights) {
		free(s->sums), free(s->weights), free(s);
		return cseg__error(CSEG_E_NOMEM, "out of memory for statistics of %lld x %lld",
			(long long)k, (long long)d);
	}
	cseg__handle_created();
	*out = s;
	return CSEG_OK;
}

void cseg_kstats_free(cseg_kstats *s)
{
	if (!s)
		return;
	free(s->sums);
	free(s->weights);
	free(s);
	cseg__handle_freed();
}

cseg_status cseg_kstats_accumulate(cseg_kstats *s, const cseg_model *m, const cseg_dataset *ds,
	const double *w, int64_t n_weights)
{
	const int64_t k = s ? s->k : 0, d = s ? s->d : 0;
	double *sums = NULL, *wts = NULL, *d2 = NULL, inertia = 0.0;
	int64_t *labels = NULL, n, wave;
	cseg_status st;

	if (!s || !m)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", s ? "model" : "stats");
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "the model is not fitted");
	if (m->k != k || m->d != d)
		return cseg__error(CSEG_E_INVALID_ARG, "the model has %lld centroids of %lld features, "
			"the statistics %lld of %lld", (long long)m->k, (long long)m->d, (long long)k,
			(long long)d);
	if ((st = cseg__dataset_check_complete(ds, "data")) != CSEG_OK)
		return st;
	if (ds->n_cols != d)
		return cseg__error(CSEG_E_INVALID_ARG, "data has %lld columns, the statistics %lld",
			(long long)ds->n_cols, (long long)d);
	if ((st = cseg__mb_check_weights(w, n_weights, ds->n_rows)) != CSEG_OK)
		return st;
	n = ds->n_rows;
	wave = n < WAVE_ROWS ? n : WAVE_ROWS;
	/* Into copies, so a failure leaves the statistics unchanged. */
	sums = cseg__malloc_array((size_t)(k * d), sizeof(double));
	wts = cseg__malloc_array((size_t)k, sizeof(double));
	labels = cseg__malloc_array((size_t)(wave > 0 ? wave : 1), sizeof(int64_t));
	d2 = cseg__malloc_array((size_t)(wave > 0 ? wave : 1), sizeof(double));
	if (!sums || !wts || !labels || !d2) {
		st = cseg__error(CSEG_E_NOMEM, "out of memory accumulating statistics");
		goto done;
	}
	memcpy(sums, s->sums, (size_t)(k * d) * sizeof(double));
	memcpy(wts, s->weights, (size_t)k * sizeof(double));
	for (int64_t r0 = 0; r0 < n; r0 += wave) {
		int64_t nb = n - r0 < wave ? n - r0 : wave;
		const double *x = ds->data + r0 * d;

		if ((st = cseg__mb_nearest(x, nb, d, m->centroids, k, labels, d2)) != CSEG_OK)
			goto done;
		/* Rows in order: the sums are the same whatever the thread count. */
		for (int64_t i = 0; i < nb; i++) {
			double wi = w ? w[r0 + i] : 1.0, *sj = sums + labels[i] * d;
			const double *xi = x + i * d;

			wts[labels[i]] += wi;
			inertia += wi * d2[i];
			for (int64_t f = 0; f < d; f++)
				sj[f] += wi * xi[f];
		}
	}
	memcpy(s->sums, sums, (size_t)(k * d) * sizeof(double));
	memcpy(s->weights, wts, (size_t)k * sizeof(double));
	s->inertia += inertia;
	s->n_rows += n;
done:
	free(sums), free(wts), free(labels), free(d2);
	return st;
}

cseg_status cseg_kstats_merge(cseg_kstats *dst, const cseg_kstats *src)
{
	int64_t n_rows;
	double inertia;

	if (!dst || !src)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", dst ? "src" : "dst");
	if (dst->k != src->k || dst->d != src->d)
		return cseg__error(CSEG_E_INVALID_ARG, "statistics of %lld x %lld cannot merge with %lld x %lld",
			(long long)dst->k, (long long)dst->d, (long long)src->k, (long long)src->d);
	if (src->n_rows > INT64_MAX - dst->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "merged row count overflows");
	/* Read src's scalars first: src may be dst. */
	n_rows = dst->n_rows + src->n_rows;
	inertia = dst->inertia + src->inertia;
	for (int64_t i = 0; i < dst->k * dst->d; i++)
		dst->sums[i] += src->sums[i];
	for (int64_t j = 0; j < dst->k; j++)
		dst->weights[j] += src->weights[j];
	dst->n_rows = n_rows;
	dst->inertia = inertia;
	return CSEG_OK;
}

cseg_status cseg_kstats_centroids(const cseg_kstats *s, const cseg_model *m, double *out,
	int64_t n_out)
{
	if (!s || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", s ? "out" : "stats");
	if (n_out != s->k * s->d)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but k * d = %lld",
			(long long)n_out, (long long)(s->k * s->d));
	if (m && (!m->fitted || m->k != s->k || m->d != s->d))
		return cseg__error(CSEG_E_INVALID_ARG, "model is %s, the statistics are %lld x %lld",
			m->fitted ? "of another shape" : "not fitted", (long long)s->k, (long long)s->d);
	for (int64_t j = 0; j < s->k; j++) {
		double *o = out + j * s->d;
		const double *sj = s->sums + j * s->d;

		/* As kmeans.c: the sum times the reciprocal of the weight. */
		for (int64_t f = 0; f < s->d; f++)
			o[f] = s->weights[j] > 0.0 ? sj[f] * (1.0 / s->weights[j])
				: m ? m->centroids[j * s->d + f] : NAN;
	}
	return CSEG_OK;
}

cseg_status cseg_kstats_inertia(const cseg_kstats *s, double *out)
{
	if (!s || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", s ? "out" : "stats");
	*out = s->inertia;
	return CSEG_OK;
}

cseg_status cseg_kstats_weights(const cseg_kstats *s, double *out, int64_t n_out)
{
	if (!s || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", s ? "out" : "stats");
	if (n_out != s->k)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but k = %lld",
			(long long)n_out, (long long)s->k);
	memcpy(out, s->weights, (size_t)s->k * sizeof(double));
	return CSEG_OK;
}

int64_t cseg_kstats_k(const cseg_kstats *s)
{
	return s ? s->k : 0;
}

int64_t cseg_kstats_d(const cseg_kstats *s)
{
	return s ? s->d : 0;
}

int64_t cseg_kstats_n_rows(const cseg_kstats *s)
{
	return s ? s->n_rows : 0;
}

/* Little-endian fields, whatever the host. */
static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void put_f64(unsigned char *p, double x)
{
	uint64_t v;

	memcpy(&v, &x, sizeof(v));
	put_u64(p, v);
}

static double get_f64(const unsigned char *p)
{
	uint64_t v = get_u64(p);
	double x;

	memcpy(&x, &v, sizeof(x));
	return x;
}

cseg_status cseg_kstats_to_bytes(const cseg_kstats *s, void **data_out, int64_t *n_bytes_out)
{
	size_t vals, size;
	unsigned char *b, *p;

	if (data_out)
		*data_out = NULL;
	if (n_bytes_out)
		*n_bytes_out = 0;
	if (!s || !data_out || !n_bytes_out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL",
			!s ? "stats" : !data_out ? "data_out" : "n_bytes_out");
	vals = (size_t)(s->k * s->d + s->k);
	size = KSTATS_HEAD + 8 * vals + KSTATS_TAIL;
	if (!(b = cseg__malloc(size)))
		return cseg__error(CSEG_E_NOMEM, "out of memory serialising statistics (%zu bytes)", size);
	memcpy(b, KSTATS_MAGIC, 4);
	b[4] = (unsigned char)KSTATS_VERSION;
	b[5] = b[6] = b[7] = 0;
	put_u64(b + 8, (uint64_t)s->k);
	put_u64(b + 16, (uint64_t)s->d);
	put_u64(b + 24, (uint64_t)s->n_rows);
	put_f64(b + 32, s->inertia);
	p = b + KSTATS_HEAD;
	for (int64_t i = 0; i < s->k * s->d; i++, p += 8)
		put_f64(p, s->sums[i]);
	for (int64_t j = 0; j < s->k; j++, p += 8)
		put_f64(p, s->weights[j]);
	put_u64(p, cseg__fnv1a(CSEG__FNV_OFFSET, b, (size_t)(p - b)));
	*data_out = b;
	*n_bytes_out = (int64_t)size;
	return CSEG_OK;
}

cseg_status cseg_kstats_from_bytes(cseg_kstats **out, const void *data, int64_t n_bytes)
{
	const unsigned char *b = data, *p;
	uint64_t k, d, rows, version;
	double inertia;
	cseg_kstats *s;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "data is NULL");
	if (n_bytes < KSTATS_HEAD + KSTATS_TAIL)
		return cseg__error(CSEG_E_FORMAT, "statistics: %lld bytes, fewer than the %d of an "
			"empty record", (long long)n_bytes, KSTATS_HEAD + KSTATS_TAIL);
	if (memcmp(b, KSTATS_MAGIC, 4) != 0)
		return cseg__error(CSEG_E_FORMAT, "statistics: bad magic (not made by cseg_kstats_to_bytes)");
	version = (uint64_t)b[4] | (uint64_t)b[5] << 8 | (uint64_t)b[6] << 16 | (uint64_t)b[7] << 24;
	if (version > KSTATS_VERSION)
		return cseg__error(CSEG_E_VERSION, "statistics: format version %llu is newer than %u",
			(unsigned long long)version, KSTATS_VERSION);
	if (version == 0)
		return cseg__error(CSEG_E_FORMAT, "statistics: format version 0");
	k = get_u64(b + 8);
	d = get_u64(b + 16);
	rows = get_u64(b + 24);
	inertia = get_f64(b + 32);
	/* Bounds before any arithmetic on k and d. */
	if (k < 1 || d < 1 || k > INT32_MAX || d > INT32_MAX ||
	    k > ((uint64_t)INT64_MAX / 8 - KSTATS_HEAD - KSTATS_TAIL) / (d + 1))
		return cseg__error(CSEG_E_FORMAT, "statistics: k = %llu, d = %llu out of range",
			(unsigned long long)k, (unsigned long long)d);
	if ((uint64_t)n_bytes != KSTATS_HEAD + 8 * (k * d + k) + KSTATS_TAIL)
		return cseg__error(CSEG_E_FORMAT, "statistics: %lld bytes, but k = %llu and d = %llu "
			"need %llu (truncated or trailing bytes)", (long long)n_bytes,
			(unsigned long long)k, (unsigned long long)d,
			(unsigned long long)(KSTATS_HEAD + 8 * (k * d + k) + KSTATS_TAIL));
	if (get_u64(b + n_bytes - KSTATS_TAIL) != cseg__fnv1a(CSEG__FNV_OFFSET, b, (size_t)n_bytes - KSTATS_TAIL))
		return cseg__error(CSEG_E_FORMAT, "statistics: checksum mismatch (corrupt bytes)");
	if (rows > (uint64_t)INT64_MAX || !isfinite(inertia) || inertia < 0)
		return cseg__error(CSEG_E_FORMAT, "statistics: rows or inertia out of range");
	if ((st = cseg_kstats_new(&s, (int64_t)k, (int64_t)d)) != CSEG_OK)
		return st;
	p = b + KSTATS_HEAD;
	for (uint64_t i = 0; i < k * d; i++, p += 8)
		if (!isfinite(s->sums[i] = get_f64(p))) {
			cseg_kstats_free(s);
			return cseg__error(CSEG_E_FORMAT, "statistics: sum %llu is not finite",
				(unsigned long long)i);
		}
	for (uint64_t j = 0; j < k; j++, p += 8)
		if (!isfinite(s->weights[j] = get_f64(p)) || s->weights[j] < 0) {
			cseg_kstats_free(s);
			return cseg__error(CSEG_E_FORMAT, "statistics: weight %llu is not a finite "
				"non-negative number", (unsigned long long)j);
		}
	s->n_rows = (int64_t)rows;
	s->inertia = inertia;
	*out = s;
	return CSEG_OK;
}

cseg_status cseg_model_update_from_kstats(cseg_model *m, const cseg_kstats *s)
{
	double *c, *sq;
	int moved = 0;
	cseg_status st;

	if (!m || !s)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", m ? "stats" : "model");
	if (m->algo != CSEG_ALGO_KMEANS && m->algo != CSEG_ALGO_MINIBATCH_KMEANS)
		return cseg__error(CSEG_E_UNSUPPORTED, "a Lloyd step applies to k-means models, not '%s'",
			cseg_algo_name(m->algo));
	if (!m->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "the model is not fitted");
	c = cseg__malloc_array((size_t)(s->k * s->d), sizeof(double));
	sq = cseg__malloc_array((size_t)s->k, sizeof(double));
	if (!c || !sq) {
		free(c), free(sq);
		return cseg__error(CSEG_E_NOMEM, "out of memory for %lld x %lld centroids",
			(long long)s->k, (long long)s->d);
	}
	if ((st = cseg_kstats_centroids(s, m, c, s->k * s->d)) != CSEG_OK) {
		free(c), free(sq);
		return st;
	}
	for (int64_t i = 0; i < s->k * s->d; i++)
		moved |= c[i] != m->centroids[i];
	free(m->centroids);
	free(m->centroid_sq);
	m->centroids = c;
	m->centroid_sq = sq;
	cseg__model_update_norms(m);
	m->inertia = s->inertia;
	m->n_iter++;
	m->converged = !moved;
	m->n_train_rows = s->n_rows;
	free(m->labels);
	m->labels = NULL;
	return CSEG_OK;
}
