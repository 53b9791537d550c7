/* Customer features at an as-of date (definitions in cseg_features.h).
 *
 * Rows are grouped per customer without copying the log: when the log is
 * already grouped by customer and sorted by day (files sorted by customer,
 * like CDNOW) the rows are read in place; otherwise one 4-byte (8 beyond
 * 2^32 rows) row index per row orders them. Two passes over the customers:
 * the first finds who is included and the population's monthly purchase
 * counts (the seasonal index), the second writes the result rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "dataset_build.h"
#include "transactions_internal.h"
#include "cseg/cseg_features.h"

enum {
	F_RECENCY, F_FREQUENCY, F_MONETARY, F_AOV, F_TENURE, F_IPT_MEAN, F_IPT_STD,
	F_N_RETURNS, F_FREQ_SEASONAL, N_DEFAULT,
	F_HOLD_FREQ = N_DEFAULT, F_HOLD_MON, N_SCALAR
};

static const char *const scalar_name[N_SCALAR] = {"recency", "frequency", "monetary", "aov", "tenure",
	"ipt_mean", "ipt_std", "n_returns", "frequency_seasonal", "holdout_frequency", "holdout_monetary"};

static const char *const attr_name[CSEG__TX_N_ATTR] = {"channel", "region", "category"};

#define DAY_MIN (-719162)  /* 0001-01-01 */
#define DAY_MAX 2932896    /* 9999-12-31 */
#define MAX_DAYS 100000

struct cseg_feature_options {
	int64_t as_of;
	int64_t holdout_end;
	int64_t frequency;
	int64_t onboarding;
	int64_t active_within;
	char **select;  /* NULL: default selection */
	int64_t n_select;
};

/* ---- Options ---- */

cseg_status cseg_feature_options_new(cseg_feature_options **out)
{
	cseg_feature_options *o;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_feature_options_new: out is NULL");
	*out = NULL;
	o = cseg__calloc(1, sizeof(*o));
	if (!o)
		return cseg__error(CSEG_E_NOMEM, "cseg_feature_options_new: out of memory");
	o->as_of = CSEG_DATE_NONE;
	o->holdout_end = CSEG_DATE_NONE;
	o->frequency = CSEG_FEAT_DAYS;
	cseg__handle_created();
	*out = o;
	return CSEG_OK;
}

void cseg_feature_options_free(cseg_feature_options *opts)
{
	if (!opts)
		return;
	cseg__strings_free(opts->select, opts->n_select);
	free(opts);
	cseg__handle_freed();
}

static int is_date(int64_t v)
{
	return v >= DAY_MIN && v <= DAY_MAX;
}

cseg_status cseg_feature_options_set_int(cseg_feature_options *opts, cseg_feature_option key, int64_t value)
{
	static const char fn[] = "cseg_feature_options_set_int";

	if (!opts)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: opts is NULL", fn);
	switch (key) {
	case CSEG_FEAT_AS_OF:
	case CSEG_FEAT_HOLDOUT_END:
		if (value != CSEG_DATE_NONE && !is_date(value))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: %s %lld is outside years 1..9999", fn,
				key == CSEG_FEAT_AS_OF ? "as_of" : "holdout_end", (long long)value);
		*(key == CSEG_FEAT_AS_OF ? &opts->as_of : &opts->holdout_end) = value;
		return CSEG_OK;
	case CSEG_FEAT_FREQUENCY:
		if (value != CSEG_FEAT_DAYS && value != CSEG_FEAT_ORDERS)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: frequency %lld is neither CSEG_FEAT_DAYS nor "
				"CSEG_FEAT_ORDERS", fn, (long long)value);
		opts->frequency = value;
		return CSEG_OK;
	case CSEG_FEAT_ONBOARDING_DAYS:
	case CSEG_FEAT_ACTIVE_WITHIN:
		if (value < 0 || value > MAX_DAYS)
			return cseg__error(CSEG_E_INVALID_ARG, "%s: %s %lld outside 0..%d", fn,
				key == CSEG_FEAT_ONBOARDING_DAYS ? "onboarding_days" : "active_within",
				(long long)value, MAX_DAYS);
		*(key == CSEG_FEAT_ONBOARDING_DAYS ? &opts->onboarding : &opts->active_within) = value;
		return CSEG_OK;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: unknown option key %d", fn, (int)key);
	}
}

cseg_status cseg_feature_options_get_int(const cseg_feature_options *opts, cseg_feature_option key, int64_t *out)
{
	static const char fn[] = "cseg_feature_options_get_int";

	if (!opts || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, opts ? "out" : "opts");
	switch (key) {
	case CSEG_FEAT_AS_OF: *out = opts->as_of; break;
	case CSEG_FEAT_HOLDOUT_END: *out = opts->holdout_end; break;
	case CSEG_FEAT_FREQUENCY: *out = opts->frequency; break;
	case CSEG_FEAT_ONBOARDING_DAYS: *out = opts->onboarding; break;
	case CSEG_FEAT_ACTIVE_WITHIN: *out = opts->active_within; break;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: unknown option key %d", fn, (int)key);
	}
	return CSEG_OK;
}

/* What a column name means: a scalar (returns 1, *scalar set), a share
 * group (2, *attr set) or one level column (3, *attr and *level set, the
 * level pointing into name); 0 for an unknown name. */
static int parse_name(const char *name, int *scalar, int *attr, const char **level)
{
	for (int k = 0; k < N_SCALAR; k++) {
		if (strcmp(name, scalar_name[k]) == 0) {
			*scalar = k;
			return 1;
		}
	}
	if (strncmp(name, "share_", 6) != 0)
		return 0;
	for (int a = 0; a < CSEG__TX_N_ATTR; a++) {
		size_t n = strlen(attr_name[a]);
		const char *rest = name + 6;
		if (strncmp(rest, attr_name[a], n) != 0)
			continue;
		*attr = a;
		if (rest[n] == '\0')
			return 2;
		if (rest[n] == '_' && rest[n + 1] != '\0') {
			*level = rest + n + 1;
			return 3;
		}
	}
	return 0;
}

cseg_status cseg_feature_options_select(cseg_feature_options *opts, const char *const *names, int64_t n_names)
{
	static const char fn[] = "cseg_feature_options_select";
	char **copy;

	if (!opts)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: opts is NULL", fn);
	if (n_names < 0 || (n_names > 0 && !names))
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s", fn, n_names < 0 ? "n_names is negative" : "names is NULL");
	for (int64_t i = 0; i < n_names; i++) {
		int s, a;
		const char *l;
		if (!names[i] || !names[i][0])
			return cseg__error(CSEG_E_INVALID_ARG, "%s: names[%lld] is %s", fn, (long long)i,
				names[i] ? "empty" : "NULL");
		if (!parse_name(names[i], &s, &a, &l))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: unknown feature '%s' (names[%lld])", fn, names[i],
				(long long)i);
		for (int64_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: feature '%s' selected twice", fn, names[i]);
	}
	copy = NULL;
	if (n_names > 0) {
		copy = cseg__calloc((size_t)n_names, sizeof(char *));
		if (!copy)
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
		for (int64_t i = 0; i < n_names; i++) {
			if (!(copy[i] = cseg__strdup(names[i]))) {
				cseg__strings_free(copy, n_names);
				return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
			}
		}
	}
	cseg__strings_free(opts->select, opts->n_select);
	opts->select = copy;
	opts->n_select = n_names;
	return CSEG_OK;
}

/* ---- Column plan ---- */

typedef struct column {
	int scalar;     /* a scalar feature, or -1 */
	int attr;       /* for a share column */
	int64_t level;  /* level index in the log */
} column;

typedef struct plan {
	column *cols;
	char **names;   /* n_cols owned strings */
	int64_t n_cols;
	int64_t cap;
	int64_t *sorted[CSEG__TX_N_ATTR];   /* levels seen by the as-of date, byte order */
	int64_t n_sorted[CSEG__TX_N_ATTR];
} plan;

typedef struct named_level {
	const char *name;
	int64_t level;
} named_level;

static int cmp_level(const void *x, const void *y)
{
	return strcmp(((const named_level *)x)->name, ((const named_level *)y)->name);
}

static void plan_free(plan *p)
{
	cseg__strings_free(p->names, p->n_cols);
	free(p->cols);
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		free(p->sorted[a]);
}

static cseg_status plan_add(plan *p, int scalar, int attr, int64_t level, const cseg_transactions *tx)
{
	char *name;

	if (p->n_cols == p->cap) {
		int64_t cap = p->cap ? p->cap * 2 : 16;
		column *c = cseg__realloc_array(p->cols, (size_t)cap, sizeof(column));
		char **n;
		if (!c)
			return cseg__error(CSEG_E_NOMEM, "cseg_features_compute: out of memory");
		p->cols = c;
		n = cseg__realloc_array(p->names, (size_t)cap, sizeof(char *));
		if (!n)
			return cseg__error(CSEG_E_NOMEM, "cseg_features_compute: out of memory");
		p->names = n;
		p->cap = cap;
	}
	if (scalar >= 0) {
		name = cseg__strdup(scalar_name[scalar]);
	} else {
		const char *lv = cseg__tx_level(tx, attr, level);
		size_t len = strlen(lv) + strlen(attr_name[attr]) + 8;
		name = cseg__malloc(len);
		if (name)
			snprintf(name, len, "share_%s_%s", attr_name[attr], lv);
	}
	if (!name)
		return cseg__error(CSEG_E_NOMEM, "cseg_features_compute: out of memory");
	for (int64_t j = 0; j < p->n_cols; j++) {
		if (strcmp(p->names[j], name) == 0) {
			cseg_status st = cseg__error(CSEG_E_INVALID_ARG, "cseg_features_compute: column '%s' "
				"selected twice", name);
			free(name);
			return st;
		}
	}
	p->cols[p->n_cols].scalar = scalar;
	p->cols[p->n_cols].attr = attr;
	p->cols[p->n_cols].level = level;
	p->names[p->n_cols++] = name;
	return CSEG_OK;
}

static cseg_status plan_group(plan *p, int a, const cseg_transactions *tx)
{
	for (int64_t k = 0; k < p->n_sorted[a]; k++) {
		cseg_status st = plan_add(p, -1, a, p->sorted[a][k], tx);
		if (st != CSEG_OK)
			return st;
	}
	return CSEG_OK;
}

/* Levels of each attribute used by a row dated on or before as_of, sorted. */
static cseg_status plan_levels(plan *p, const cseg_transactions *tx, int64_t as_of)
{
	for (int a = 0; a < CSEG__TX_N_ATTR; a++) {
		const cseg__tx_attr *at = &tx->attr[a];
		unsigned char *used;
		named_level *nl;
		int64_t n = 0;

		if (!at->code || at->n_levels == 0)
			continue;
		used = cseg__calloc((size_t)at->n_levels, 1);
		nl = cseg__malloc_array((size_t)at->n_levels, sizeof(named_level));
		p->sorted[a] = cseg__malloc_array((size_t)at->n_levels, sizeof(int64_t));
		if (!used || !nl || !p->sorted[a]) {
			free(used);
			free(nl);
			return cseg__error(CSEG_E_NOMEM, "cseg_features_compute: out of memory");
		}
		for (int64_t i = 0; i < tx->n_rows; i++)
			if (at->code[i] >= 0 && tx->day[i] <= as_of)
				used[at->code[i]] = 1;
		for (int64_t l = 0; l < at->n_levels; l++) {
			if (used[l]) {
				nl[n].name = cseg__tx_level(tx, a, l);
				nl[n++].level = l;
			}
		}
		qsort(nl, (size_t)n, sizeof(named_level), cmp_level);
		for (int64_t k = 0; k < n; k++)
			p->sorted[a][k] = nl[k].level;
		free(used);
		free(nl);
		p->n_sorted[a] = n;
	}
	return CSEG_OK;
}

static cseg_status plan_build(plan *p, const cseg_transactions *tx, const cseg_feature_options *o)
{
	static const char fn[] = "cseg_features_compute";
	const int holdout = o->holdout_end != CSEG_DATE_NONE;
	cseg_status st;

	memset(p, 0, sizeof(*p));
	if ((st = plan_levels(p, tx, o->as_of)) != CSEG_OK)
		return st;
	if (!o->select) {
		for (int k = 0; k < N_DEFAULT; k++)
			if ((st = plan_add(p, k, -1, -1, tx)) != CSEG_OK)
				return st;
		for (int a = 0; a < CSEG__TX_N_ATTR; a++)
			if ((st = plan_group(p, a, tx)) != CSEG_OK)
				return st;
		for (int k = N_DEFAULT; holdout && k < N_SCALAR; k++)
			if ((st = plan_add(p, k, -1, -1, tx)) != CSEG_OK)
				return st;
		return CSEG_OK;
	}
	for (int64_t i = 0; i < o->n_select; i++) {
		const char *name = o->select[i], *level = NULL;
		int scalar = -1, a = -1, kind = parse_name(name, &scalar, &a, &level);

		if (kind == 1) {
			if (scalar >= N_DEFAULT && !holdout)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: '%s' needs CSEG_FEAT_HOLDOUT_END", fn, name);
			st = plan_add(p, scalar, -1, -1, tx);
		} else if (!tx->attr[a].code) {
			return cseg__error(CSEG_E_INVALID_ARG, "%s: '%s' selected but the transactions have no %s column",
				fn, name, attr_name[a]);
		} else if (kind == 2) {
			st = plan_group(p, a, tx);
		} else {
			int64_t l = 0;
			while (l < tx->attr[a].n_levels && strcmp(cseg__tx_level(tx, a, l), level) != 0)
				l++;
			if (l == tx->attr[a].n_levels)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: '%s' selected but no transaction has %s '%s'",
					fn, name, attr_name[a], level);
			st = plan_add(p, -1, a, l, tx);
		}
		if (st != CSEG_OK)
			return st;
	}
	if (p->n_cols == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: the selection gives no column (share groups of "
			"levels never seen by the as-of date)", fn);
	return CSEG_OK;
}

/* ---- Grouping rows by customer ---- */

typedef struct groups {
	int64_t *start;   /* n_customers + 1 offsets */
	uint32_t *idx32;  /* row per position, when the log is not grouped in place */
	int64_t *idx64;   /* the same beyond 2^32 rows */
} groups;

static inline int64_t row_at(const groups *g, int64_t k)
{
	return g->idx32 ? (int64_t)g->idx32[k] : g->idx64 ? g->idx64[k] : k;
}

typedef struct day_row {
	int64_t day;
	int64_t row;
} day_row;

static int cmp_day_row(const void *x, const void *y)
{
	const day_row *u = x, *v = y;
	if (u->day != v->day)
		return (u->day > v->day) - (u->day < v->day);
	return (u->row > v->row) - (u->row < v->row);
}

/* Rows per customer in day order (ties in row order), all rows up to
 * last_day. */
static cseg_status group_rows(groups *g, const cseg_transactions *tx, int64_t last_day)
{
	const int64_t nc = tx->n_customers, nr = tx->n_rows;
	int64_t *fill = NULL, max_len = 0;
	int in_place = 1;
	day_row *scratch = NULL;

	memset(g, 0, sizeof(*g));
	g->start = cseg__calloc((size_t)nc + 1, sizeof(int64_t));
	if (!g->start)
		return CSEG_E_NOMEM;
	/* In place when customers come in contiguous, day-sorted blocks and no
	 * row is after last_day (or they are all at the block ends). */
	for (int64_t i = 0; i < nr && in_place; i++) {
		if (i > 0 && tx->customer[i] == tx->customer[i - 1])
			in_place = tx->day[i] >= tx->day[i - 1];
		else
			in_place = tx->customer[i] == (i > 0 ? tx->customer[i - 1] + 1 : 0);
	}
	if (in_place) {
		for (int64_t i = 0; i < nr; i++)
			if (tx->day[i] <= last_day)
				g->start[tx->customer[i] + 1]++;
		for (int64_t c = 0; c < nc; c++)
			g->start[c + 1] += g->start[c];
		/* Rows after last_day sit at block ends; positions skip them only if
		 * there are none, otherwise fall back to an index. */
		in_place = g->start[nc] == nr;
		if (in_place)
			return CSEG_OK;
		memset(g->start, 0, ((size_t)nc + 1) * sizeof(int64_t));
	}
	for (int64_t i = 0; i < nr; i++)
		if (tx->day[i] <= last_day)
			g->start[tx->customer[i] + 1]++;
	for (int64_t c = 0; c < nc; c++) {
		if (g->start[c + 1] > max_len)
			max_len = g->start[c + 1];
		g->start[c + 1] += g->start[c];
	}
	fill = cseg__malloc_array((size_t)nc + 1, sizeof(int64_t));
	if (nr <= (int64_t)UINT32_MAX)
		g->idx32 = cseg__malloc_array((size_t)g->start[nc] + 1, sizeof(uint32_t));
	else
		g->idx64 = cseg__malloc_array((size_t)g->start[nc] + 1, sizeof(int64_t));
	if (!fill || (!g->idx32 && !g->idx64))
		goto nomem;
	memcpy(fill, g->start, ((size_t)nc + 1) * sizeof(int64_t));
	for (int64_t i = 0; i < nr; i++) {
		if (tx->day[i] > last_day)
			continue;
		if (g->idx32)
			g->idx32[fill[tx->customer[i]]++] = (uint32_t)i;
		else
			g->idx64[fill[tx->customer[i]]++] = i;
	}
	free(fill);
	fill = NULL;
	for (int64_t c = 0; c < nc; c++) {
		const int64_t b = g->start[c], e = g->start[c + 1];
		int sorted = 1;
		for (int64_t k = b + 1; k < e && sorted; k++)
			sorted = tx->day[row_at(g, k)] >= tx->day[row_at(g, k - 1)];
		if (sorted)
			continue;
		if (!scratch && !(scratch = cseg__malloc_array((size_t)max_len, sizeof(day_row))))
			goto nomem;
		for (int64_t k = b; k < e; k++) {
			scratch[k - b].row = row_at(g, k);
			scratch[k - b].day = tx->day[scratch[k - b].row];
		}
		qsort(scratch, (size_t)(e - b), sizeof(day_row), cmp_day_row);
		for (int64_t k = b; k < e; k++) {
			if (g->idx32)
				g->idx32[k] = (uint32_t)scratch[k - b].row;
			else
				g->idx64[k] = scratch[k - b].row;
		}
	}
	free(scratch);
	return CSEG_OK;

nomem:
	free(fill);
	free(scratch);
	free(g->idx32);
	free(g->idx64);
	free(g->start);
	memset(g, 0, sizeof(*g));
	return CSEG_E_NOMEM;
}

static void groups_free(groups *g)
{
	free(g->start);
	free(g->idx32);
	free(g->idx64);
}

/* ---- Calendar ---- */

/* Month (1..12) of each day in [d0, d0 + n). */
static void fill_months(unsigned char *month, int64_t d0, int64_t n)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t z = d0 + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	for (int64_t k = 0; k < n; k++) {
		int64_t len = dm[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
		month[k] = (unsigned char)m;
		if (++d > len) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
}

/* ---- Compute ---- */

/* One customer's rows as positions b..e of the groups. */
typedef struct cust {
	int64_t b, e;
	int64_t first, last;  /* purchase days on or before as_of */
} cust;

cseg_status cseg_features_compute(cseg_dataset **out, const cseg_transactions *tx, const cseg_feature_options *opts)
{
	static const char fn[] = "cseg_features_compute";
	const int holdout = opts && opts->holdout_end != CSEG_DATE_NONE;
	const int orders = opts && opts->frequency == CSEG_FEAT_ORDERS;
	int64_t as_of, d0, n_days, n_keep = 0, id_bytes = 0;
	double pop[13] = {0}, index[13], *cum = NULL, *gross[CSEG__TX_N_ATTR] = {NULL}, *data = NULL;
	unsigned char *month = NULL, *keep = NULL;
	int64_t *first = NULL, *last = NULL;  /* per customer, from pass 1 */
	char **ids = NULL;
	groups g;
	plan p;
	cseg_status st;
	char b1[16], b2[16];

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (!tx || !opts)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, tx ? "opts" : "tx");
	as_of = opts->as_of;
	if (as_of == CSEG_DATE_NONE)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: the as-of date (CSEG_FEAT_AS_OF) is not set", fn);
	if (as_of < tx->first_day) {
		cseg_date_format_iso(b1, sizeof(b1), as_of);
		cseg_date_format_iso(b2, sizeof(b2), tx->first_day);
		return cseg__error(CSEG_E_INVALID_ARG, "%s: as-of date %s is before every transaction (the first "
			"is on %s)", fn, b1, b2);
	}
	if (holdout && opts->holdout_end <= as_of) {
		cseg_date_format_iso(b1, sizeof(b1), as_of);
		cseg_date_format_iso(b2, sizeof(b2), opts->holdout_end);
		return cseg__error(CSEG_E_INVALID_ARG, "%s: holdout end %s is not after the as-of date %s", fn, b2, b1);
	}
	if ((st = plan_build(&p, tx, opts)) != CSEG_OK) {
		plan_free(&p);
		return st;
	}
	if (group_rows(&g, tx, holdout ? opts->holdout_end : as_of) != CSEG_OK) {
		plan_free(&p);
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory grouping the rows", fn);
	}
	d0 = tx->first_day;
	n_days = as_of - d0 + 1;
	month = cseg__malloc((size_t)n_days);
	cum = cseg__malloc_array((size_t)n_days + 1, sizeof(double));
	keep = cseg__calloc((size_t)tx->n_customers + 1, 1);
	first = cseg__malloc_array((size_t)tx->n_customers + 1, sizeof(int64_t));
	last = cseg__malloc_array((size_t)tx->n_customers + 1, sizeof(int64_t));
	/* Share accumulators only for the attributes some column reads. */
	for (int64_t j = 0; j < p.n_cols; j++) {
		int a = p.cols[j].attr;
		if (p.cols[j].scalar < 0 && !gross[a] &&
		    !(gross[a] = cseg__calloc((size_t)tx->attr[a].n_levels, sizeof(double))))
			goto nomem;
	}
	if (!month || !cum || !keep || !first || !last)
		goto nomem;
	fill_months(month, d0, n_days);

	/* Pass 1: who is kept, and the population's purchases per month of year. */
	for (int64_t c = 0; c < tx->n_customers; c++) {
		cust cu = {g.start[c], g.start[c + 1], 0, 0};
		int64_t prev = INT64_MIN;

		cu.first = INT64_MAX;
		for (int64_t k = cu.b; k < cu.e; k++) {
			int64_t r = row_at(&g, k), day = tx->day[r];
			if (day > as_of)
				break;
			if (tx->amount[r] < 0.0)
				continue;
			if (cu.first == INT64_MAX)
				cu.first = day;
			cu.last = day;
			if (orders || day != prev)
				pop[month[day - d0]] += 1.0;
			prev = day;
		}
		if (cu.first == INT64_MAX)
			continue;
		first[c] = cu.first;
		last[c] = cu.last;
		if (opts->active_within > 0 && as_of - cu.last >= opts->active_within)
			continue;
		keep[c] = 1;
		n_keep++;
		id_bytes += (int64_t)strlen(cseg__tx_id(tx, c)) + 1;
	}
	if (n_keep == 0) {
		cseg_date_format_iso(b1, sizeof(b1), as_of);
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: no customer %s by %s", fn,
			opts->active_within > 0 ? "purchased within CSEG_FEAT_ACTIVE_WITHIN days" : "purchased", b1);
		goto fail;
	}

	/* Seasonal index: purchases per covered day of each month of year, over
	 * their mean; prefix sums of the index per day. */
	{
		double days_m[13] = {0}, mean = 0.0;
		int covered = 0;
		for (int64_t k = 0; k < n_days; k++)
			days_m[month[k]] += 1.0;
		for (int m = 1; m <= 12; m++) {
			if (days_m[m] > 0.0) {
				index[m] = pop[m] / days_m[m];
				mean += index[m];
				covered++;
			}
		}
		mean /= covered;
		for (int m = 1; m <= 12; m++)
			index[m] = (days_m[m] > 0.0 && mean > 0.0) ? index[m] / mean : 1.0;
		cum[0] = 0.0;
		for (int64_t k = 0; k < n_days; k++)
			cum[k + 1] = cum[k] + index[month[k]];
	}

	data = cseg__malloc_array((size_t)n_keep * (size_t)p.n_cols, sizeof(double));
	if ((size_t)n_keep > (SIZE_MAX - (size_t)id_bytes) / sizeof(char *))
		goto nomem;
	ids = cseg__malloc((size_t)n_keep * sizeof(char *) + (size_t)id_bytes);
	if (!data || !ids)
		goto nomem;

	/* Pass 2: one result row per kept customer. */
	{
		char *pool = (char *)(ids + n_keep);
		int64_t i = 0;
		for (int64_t c = 0; c < tx->n_customers; c++) {
			cust cu = {g.start[c], g.start[c + 1], 0, 0};
			double v[N_SCALAR], mon = 0.0, hmon = 0.0, gtot = 0.0, mean = 0.0, m2 = 0.0;
			int64_t f = 0, hf = 0, nret = 0, ngap = 0, prev = INT64_MIN, hprev = INT64_MIN, w0;
			double *row = data + i * p.n_cols;
			size_t len;

			if (!keep[c])
				continue;
			cu.first = first[c];
			cu.last = last[c];
			w0 = cu.first + opts->onboarding;
			for (int64_t k = cu.b; k < cu.e; k++) {
				int64_t r = row_at(&g, k), day = tx->day[r];
				double amt = tx->amount[r];
				if (day > as_of) {
					/* Holdout (only present when a holdout end is set). */
					hmon += amt;
					if (amt >= 0.0 && (orders || day != hprev))
						hf++;
					if (amt >= 0.0)
						hprev = day;
					continue;
				}
				if (day < w0)
					continue;
				mon += amt;
				if (amt < 0.0) {
					nret++;
					continue;
				}
				gtot += amt;
				for (int a = 0; a < CSEG__TX_N_ATTR; a++)
					if (gross[a] && tx->attr[a].code[r] >= 0)
						gross[a][tx->attr[a].code[r]] += amt;
				if (day != prev) {
					if (prev != INT64_MIN) {
						/* Welford's running mean and sum of squares of the gaps. */
						double gap = (double)(day - prev), dlt = gap - mean;
						ngap++;
						mean += dlt / (double)ngap;
						m2 += dlt * (gap - mean);
					}
					f += !orders;
					prev = day;
				}
				f += orders;
			}
			v[F_RECENCY] = (double)(as_of - cu.last);
			v[F_TENURE] = (double)(as_of - cu.first);
			v[F_FREQUENCY] = (double)f;
			v[F_MONETARY] = mon;
			v[F_AOV] = f > 0 ? mon / (double)f : NAN;
			v[F_N_RETURNS] = (double)nret;
			v[F_IPT_MEAN] = ngap >= 1 ? mean : NAN;
			v[F_IPT_STD] = ngap >= 2 ? sqrt(m2 / (double)(ngap - 1)) : NAN;
			if (w0 <= as_of) {
				double s = (cum[as_of - d0 + 1] - cum[w0 - d0]) / (double)(as_of - w0 + 1);
				v[F_FREQ_SEASONAL] = (double)f / s;
			} else {
				v[F_FREQ_SEASONAL] = NAN;
			}
			v[F_HOLD_FREQ] = (double)hf;
			v[F_HOLD_MON] = hmon;
			for (int64_t j = 0; j < p.n_cols; j++) {
				const column *col = &p.cols[j];
				if (col->scalar >= 0)
					row[j] = v[col->scalar];
				else
					row[j] = gtot > 0.0 ? gross[col->attr][col->level] / gtot : NAN;
			}
			/* Clear the share accumulators: small ones whole, large ones
			 * through the levels this customer's rows touched. */
			for (int a = 0; a < CSEG__TX_N_ATTR; a++) {
				if (!gross[a])
					continue;
				if (tx->attr[a].n_levels <= 256) {
					memset(gross[a], 0, (size_t)tx->attr[a].n_levels * sizeof(double));
					continue;
				}
				for (int64_t k = cu.b; k < cu.e; k++) {
					int64_t r = row_at(&g, k);
					if (tx->attr[a].code[r] >= 0)
						gross[a][tx->attr[a].code[r]] = 0.0;
				}
			}
			len = strlen(cseg__tx_id(tx, c)) + 1;
			memcpy(pool, cseg__tx_id(tx, c), len);
			ids[i] = pool;
			pool += len;
			i++;
		}
	}
	st = cseg__dataset_adopt(out, data, n_keep, p.n_cols, p.names, ids);
	/* adopt owns (or freed) data, names and ids from here. */
	p.names = NULL;
	p.n_cols = 0;
	data = NULL;
	ids = NULL;
	if (st != CSEG_OK)
		cseg__error(CSEG_E_NOMEM, "%s: out of memory building the dataset", fn);
	goto done;

nomem:
	st = cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
fail:
done:
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		free(gross[a]);
	free(data);
	free(ids);
	free(month);
	free(cum);
	free(keep);
	free(first);
	free(last);
	groups_free(&g);
	plan_free(&p);
	return st;
}

cseg_status cseg_features_compute_holdout(cseg_dataset **out, const cseg_transactions *tx,
	const cseg_feature_options *opts, int64_t calibration_end, int64_t holdout_end)
{
	static const char fn[] = "cseg_features_compute_holdout";
	cseg_feature_options o;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (calibration_end == CSEG_DATE_NONE || holdout_end == CSEG_DATE_NONE ||
	    !is_date(calibration_end) || !is_date(holdout_end))
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is not a date in years 1..9999", fn,
			!is_date(calibration_end) ? "calibration_end" : "holdout_end");
	/* A shallow copy: the selection strings stay owned by opts. */
	if (opts) {
		o = *opts;
	} else {
		memset(&o, 0, sizeof(o));
		o.frequency = CSEG_FEAT_DAYS;
	}
	o.as_of = calibration_end;
	o.holdout_end = holdout_end;
	return cseg_features_compute(out, tx, &o);
}
