/* Segment profiles: sizes, means, medians, standard deviations, index
 * against the population, standardised mean differences and rankings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "data/dataset_internal.h"
#include "profile_internal.h"

void cseg_profile_free(cseg_profile *p)
{
	if (!p)
		return;
	for (int64_t j = 0; p->features && j < p->d; j++)
		free(p->features[j]);
	for (int64_t s = 0; p->names && s < p->k; s++)
		free(p->names[s]);
	for (int t = 0; t < CSEG__PROFILE_N_STATS; t++) {
		free(p->stat[t]);
		free(p->pop[t]);
	}
	free(p->features);
	free(p->names);
	free(p->size);
	free(p->ranking);
	free(p);
	cseg__handle_freed();
}

typedef struct lv {
	int64_t label;
	double v;
} lv;

static int cmp_lv(const void *a, const void *b)
{
	const lv *x = a, *y = b;

	if (x->label != y->label)
		return x->label < y->label ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

static double median_sorted(const lv *s, int64_t m)
{
	if (m == 0)
		return NAN;
	if (m % 2)
		return s[m / 2].v;
	return (s[m / 2 - 1].v + s[m / 2].v) / 2.0;
}

/* Medians of feature j per segment and for the population. */
static void medians(cseg_profile *p, const cseg_dataset *ds, const int64_t *labels, int64_t j,
	lv *buf)
{
	int64_t m = 0, s0 = 0;

	for (int64_t i = 0; i < p->n; i++) {
		double v = cseg__row(ds, i)[j];

		if (!isnan(v)) {
			buf[m].label = 0;
			buf[m++].v = v;
		}
	}
	qsort(buf, (size_t)m, sizeof(*buf), cmp_lv);
	p->pop[CSEG_PROFILE_MEDIAN][j] = median_sorted(buf, m);
	m = 0;
	for (int64_t i = 0; i < p->n; i++) {
		double v = cseg__row(ds, i)[j];

		if (!isnan(v)) {
			buf[m].label = labels[i];
			buf[m++].v = v;
		}
	}
	qsort(buf, (size_t)m, sizeof(*buf), cmp_lv);
	for (int64_t s = 0; s < p->k; s++) {
		int64_t e = s0;

		while (e < m && buf[e].label == s)
			e++;
		p->stat[CSEG_PROFILE_MEDIAN][s * p->d + j] = median_sorted(buf + s0, e - s0);
		s0 = e;
	}
}

/* Means and sample standard deviations by two passes (mean first). */
static void moments(cseg_profile *p, const cseg_dataset *ds, const int64_t *labels,
	int64_t *cnt, int64_t *pcnt)
{
	int64_t k = p->k, d = p->d;
	double *mean = p->stat[CSEG_PROFILE_MEAN], *sd = p->stat[CSEG_PROFILE_STD];
	double *pmean = p->pop[CSEG_PROFILE_MEAN], *psd = p->pop[CSEG_PROFILE_STD];

	memset(cnt, 0, (size_t)(k * d) * sizeof(*cnt));
	memset(pcnt, 0, (size_t)d * sizeof(*pcnt));
	for (int64_t i = 0; i < p->n; i++) {
		const double *row = cseg__row(ds, i);

		for (int64_t j = 0; j < d; j++) {
			if (isnan(row[j]))
				continue;
			mean[labels[i] * d + j] += row[j];
			cnt[labels[i] * d + j]++;
			pmean[j] += row[j];
			pcnt[j]++;
		}
	}
	for (int64_t c = 0; c < k * d; c++)
		mean[c] = cnt[c] ? mean[c] / (double)cnt[c] : NAN;
	for (int64_t j = 0; j < d; j++)
		pmean[j] = pcnt[j] ? pmean[j] / (double)pcnt[j] : NAN;
	for (int64_t i = 0; i < p->n; i++) {
		const double *row = cseg__row(ds, i);

		for (int64_t j = 0; j < d; j++) {
			double a, b;

			if (isnan(row[j]))
				continue;
			a = row[j] - mean[labels[i] * d + j];
			b = row[j] - pmean[j];
			sd[labels[i] * d + j] += a * a;
			psd[j] += b * b;
		}
	}
	for (int64_t c = 0; c < k * d; c++)
		sd[c] = cnt[c] > 1 ? sqrt(sd[c] / (double)(cnt[c] - 1)) : NAN;
	for (int64_t j = 0; j < d; j++)
		psd[j] = pcnt[j] > 1 ? sqrt(psd[j] / (double)(pcnt[j] - 1)) : NAN;
}

/* Ranking comparator state: qsort has no context argument, so sort
 * (key, index) pairs instead. */
typedef struct rk {
	double key; /* |SMD|, -1 for NaN so it sorts last */
	int64_t j;
} rk;

static int cmp_rk(const void *a, const void *b)
{
	const rk *x = a, *y = b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

cseg_status cseg_profile_new(cseg_profile **out, const cseg_dataset *data,
	const int64_t *labels, int64_t n_labels, int64_t k)
{
	const char *fn = "cseg_profile_new";
	cseg_profile *p;
	int64_t n, d, *cnt = NULL, *pcnt = NULL;
	lv *buf = NULL;
	rk *rbuf = NULL;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: data is NULL", fn);
	if (!labels)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: labels is NULL", fn);
	n = data->n_rows;
	d = data->n_cols;
	if (n_labels != n)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_labels (%lld) must equal the dataset's rows (%lld)",
			fn, (long long)n_labels, (long long)n);
	if (k < 1 || k > n)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: k = %lld; valid values are 1 to the rows (%lld)",
			fn, (long long)k, (long long)n);
	for (int64_t i = 0; i < n; i++)
		if (labels[i] < 0 || labels[i] >= k)
			return cseg__error(CSEG_E_INVALID_ARG,
				"%s: labels[%lld] = %lld is outside 0..k-1 = 0..%lld", fn, (long long)i,
				(long long)labels[i], (long long)k - 1);

	p = cseg__calloc(1, sizeof(*p));
	if (!p)
		return cseg__error(CSEG_E_NOMEM, "%s: no memory for a profile", fn);
	cseg__handle_created();
	p->k = k;
	p->d = d;
	p->n = n;
	p->features = cseg__calloc((size_t)d, sizeof(char *));
	p->names = cseg__calloc((size_t)k, sizeof(char *));
	p->size = cseg__calloc((size_t)k, sizeof(int64_t));
	p->ranking = cseg__malloc_array((size_t)(k * d), sizeof(int64_t));
	for (int t = 0; t < CSEG__PROFILE_N_STATS; t++) {
		p->stat[t] = cseg__calloc((size_t)(k * d), sizeof(double));
		p->pop[t] = cseg__calloc((size_t)d, sizeof(double));
	}
	cnt = cseg__malloc_array((size_t)(k * d), sizeof(*cnt));
	pcnt = cseg__malloc_array((size_t)d, sizeof(*pcnt));
	buf = cseg__malloc_array((size_t)n, sizeof(*buf));
	rbuf = cseg__malloc_array((size_t)d, sizeof(*rbuf));
	st = p->features && p->names && p->size && p->ranking && cnt && pcnt && buf && rbuf
		? CSEG_OK : CSEG_E_NOMEM;
	for (int t = 0; t < CSEG__PROFILE_N_STATS; t++)
		if (!p->stat[t] || !p->pop[t])
			st = CSEG_E_NOMEM;
	for (int64_t j = 0; st == CSEG_OK && j < d; j++)
		if (!(p->features[j] = cseg__strdup(data->col_names[j])))
			st = CSEG_E_NOMEM;
	if (st != CSEG_OK) {
		st = cseg__error(CSEG_E_NOMEM, "%s: no memory for a profile of %lld segments x %lld features",
			fn, (long long)k, (long long)d);
		goto done;
	}

	for (int64_t i = 0; i < n; i++)
		p->size[labels[i]]++;
	moments(p, data, labels, cnt, pcnt);
	for (int64_t j = 0; j < d; j++)
		medians(p, data, labels, j, buf);
	for (int64_t j = 0; j < d; j++) {
		double pm = p->pop[CSEG_PROFILE_MEAN][j], ps = p->pop[CSEG_PROFILE_STD][j];

		p->pop[CSEG_PROFILE_INDEX][j] = isnan(pm) ? NAN : 100.0;
		p->pop[CSEG_PROFILE_SMD][j] = isnan(pm) ? NAN : 0.0;
		for (int64_t s = 0; s < k; s++) {
			double m = p->stat[CSEG_PROFILE_MEAN][s * d + j];

			p->stat[CSEG_PROFILE_INDEX][s * d + j] = pm != 0 ? m / pm * 100.0 : NAN;
			if (isnan(m) || isnan(pm))
				p->stat[CSEG_PROFILE_SMD][s * d + j] = NAN;
			else
				p->stat[CSEG_PROFILE_SMD][s * d + j] = isnan(ps) || ps == 0 ? 0.0 : (m - pm) / ps;
		}
	}
	for (int64_t s = 0; s < k; s++) {
		for (int64_t j = 0; j < d; j++) {
			double z = p->stat[CSEG_PROFILE_SMD][s * d + j];

			rbuf[j].key = isnan(z) ? -1.0 : fabs(z);
			rbuf[j].j = j;
		}
		qsort(rbuf, (size_t)d, sizeof(*rbuf), cmp_rk);
		for (int64_t j = 0; j < d; j++)
			p->ranking[s * d + j] = rbuf[j].j;
	}
	st = cseg__profile_name_segments(p);
done:
	free(cnt);
	free(pcnt);
	free(buf);
	free(rbuf);
	if (st != CSEG_OK) {
		cseg_profile_free(p);
		return st;
	}
	*out = p;
	return CSEG_OK;
}

/* ---- queries ------------------------------------------------------------ */

int64_t cseg_profile_n_segments(const cseg_profile *p)
{
	return p ? p->k : -1;
}

int64_t cseg_profile_n_features(const cseg_profile *p)
{
	return p ? p->d : -1;
}

const char *cseg_profile_feature_name(const cseg_profile *p, int64_t col)
{
	return p && col >= 0 && col < p->d ? p->features[col] : NULL;
}

static cseg_status check_out(const cseg_profile *p, const char *fn, const void *out,
	int64_t n_out, int64_t n, const char *what)
{
	if (!p)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: profile is NULL", fn);
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	if (n_out != n)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out (%lld) must equal %s (%lld)",
			fn, (long long)n_out, what, (long long)n);
	return CSEG_OK;
}

cseg_status cseg_profile_get_sizes(const cseg_profile *p, int64_t *out, int64_t n_out)
{
	cseg_status st = check_out(p, "cseg_profile_get_sizes", out, n_out, p ? p->k : 0, "k");

	if (st == CSEG_OK)
		memcpy(out, p->size, (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_profile_get_shares(const cseg_profile *p, double *out, int64_t n_out)
{
	cseg_status st = check_out(p, "cseg_profile_get_shares", out, n_out, p ? p->k : 0, "k");

	if (st == CSEG_OK)
		for (int64_t s = 0; s < p->k; s++)
			out[s] = (double)p->size[s] / (double)p->n;
	return st;
}

static cseg_status check_stat(const char *fn, int stat)
{
	if (stat < 0 || stat >= CSEG__PROFILE_N_STATS)
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: unknown statistic %d", fn, stat);
	return CSEG_OK;
}

cseg_status cseg_profile_get_stat(const cseg_profile *p, int stat, double *out, int64_t n_out)
{
	const char *fn = "cseg_profile_get_stat";
	cseg_status st = check_out(p, fn, out, n_out, p ? p->k * p->d : 0, "k * d");

	if (st == CSEG_OK)
		st = check_stat(fn, stat);
	if (st == CSEG_OK)
		memcpy(out, p->stat[stat], (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_profile_get_population(const cseg_profile *p, int stat, double *out, int64_t n_out)
{
	const char *fn = "cseg_profile_get_population";
	cseg_status st = check_out(p, fn, out, n_out, p ? p->d : 0, "d");

	if (st == CSEG_OK)
		st = check_stat(fn, stat);
	if (st == CSEG_OK)
		memcpy(out, p->pop[stat], (size_t)n_out * sizeof(*out));
	return st;
}

cseg_status cseg_profile_get_ranking(const cseg_profile *p, int64_t segment, int64_t *out, int64_t n_out)
{
	const char *fn = "cseg_profile_get_ranking";
	cseg_status st = check_out(p, fn, out, n_out, p ? p->d : 0, "d");

	if (st == CSEG_OK && (segment < 0 || segment >= p->k))
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: segment = %lld; valid values are 0 to %lld",
			fn, (long long)segment, (long long)p->k - 1);
	if (st == CSEG_OK)
		memcpy(out, p->ranking + segment * p->d, (size_t)n_out * sizeof(*out));
	return st;
}

const char *cseg_profile_segment_name(const cseg_profile *p, int64_t segment)
{
	return p && segment >= 0 && segment < p->k ? p->names[segment] : NULL;
}

cseg_status cseg_profile_set_segment_name(cseg_profile *p, int64_t segment, const char *name)
{
	const char *fn = "cseg_profile_set_segment_name";
	char *copy;

	if (!p || !name)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, p ? "name" : "profile");
	if (segment < 0 || segment >= p->k)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: segment = %lld; valid values are 0 to %lld",
			fn, (long long)segment, (long long)p->k - 1);
	if (!name[0] || strlen(name) > 256)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: name must have 1 to 256 bytes", fn);
	for (int64_t s = 0; s < p->k; s++)
		if (s != segment && strcmp(p->names[s], name) == 0)
			return cseg__error(CSEG_E_INVALID_ARG,
				"%s: segment %lld is already called '%s'; names must be unique", fn,
				(long long)s, name);
	if (!(copy = cseg__strdup(name)))
		return cseg__error(CSEG_E_NOMEM, "%s: no memory for a name", fn);
	free(p->names[segment]);
	p->names[segment] = copy;
	return CSEG_OK;
}
