/* Transaction logs: dates, reader options, the file reader and the array
 * constructor. Customer IDs are interned in one buffer through an
 * open-addressing hash table, so reading is a single pass over the file. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "transactions_internal.h"

/* ---- Dates (Howard Hinnant's days_from_civil) ---- */

#define CSEG__DAY_MIN (-719162)  /* 0001-01-01 */
#define CSEG__DAY_MAX 2932896    /* 9999-12-31 */

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

cseg_status cseg_date_from_ymd(int64_t *out, int year, int month, int day)
{
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_date_from_ymd: out is NULL");
	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_date_from_ymd: %04d-%02d-%02d is not a date",
			year, month, day);
	*out = days_from_civil(year, month, day);
	return CSEG_OK;
}

cseg_status cseg_date_format_iso(char *buf, size_t size, int64_t days)
{
	int64_t z, era, doe, yoe, y, doy, mp, d, m;

	if (!buf || size < 11)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_date_format_iso: buffer NULL or under 11 bytes");
	if (days < CSEG__DAY_MIN || days > CSEG__DAY_MAX)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_date_format_iso: day %lld outside years 1..9999",
			(long long)days);
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(buf, size, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
	return CSEG_OK;
}

static int digits(const char *s, size_t n, int *value)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return 1;
}

/* Parse s[0..n) as a date in `format`; 1 on success. */
static int parse_date(const char *s, size_t n, cseg_date_format format, int64_t *out)
{
	int y, m, d;

	if ((format == CSEG_DATE_AUTO || format == CSEG_DATE_ISO) && n >= 10 && s[4] == '-' && s[7] == '-') {
		if (n > 10 && s[10] != 'T' && s[10] != ' ')
			return 0;
		if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
			return 0;
	} else if ((format == CSEG_DATE_AUTO || format == CSEG_DATE_YYYYMMDD) && n == 8) {
		if (!digits(s, 4, &y) || !digits(s + 4, 2, &m) || !digits(s + 6, 2, &d))
			return 0;
	} else {
		return 0;
	}
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return 0;
	*out = days_from_civil(y, m, d);
	return 1;
}

cseg_status cseg_date_parse(int64_t *out, const char *text)
{
	if (!out || !text)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_date_parse: %s is NULL", out ? "text" : "out");
	if (!parse_date(text, strlen(text), CSEG_DATE_AUTO, out))
		return cseg__error(CSEG_E_FORMAT, "cseg_date_parse: '%s' is not a YYYY-MM-DD or YYYYMMDD date", text);
	return CSEG_OK;
}

/* ---- Reader options ---- */

/* id, date, amount, quantity, channel, region, category: the index is
 * key - 100; 4.. are the string attributes (index - 4 in tx->attr). */
enum { N_COLS = 7, N_REQUIRED = 3, ATTR0 = 4 };

static const char *const col_role[N_COLS] = {"customer id", "date", "amount", "quantity",
	"channel", "region", "category"};

struct cseg_tx_options {
	int64_t col_pos[N_COLS];  /* -1 when by name or absent */
	char *col_name[N_COLS];   /* NULL when by position */
	int delimiter;
	int header;
	int skip_bad;
	int date_format;
};

cseg_status cseg_tx_options_new(cseg_tx_options **out)
{
	cseg_tx_options *o;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_new: out is NULL");
	*out = NULL;
	o = cseg__calloc(1, sizeof(*o));
	if (!o)
		return cseg__error(CSEG_E_NOMEM, "cseg_tx_options_new: out of memory");
	o->col_pos[0] = 0;
	o->col_pos[1] = 1;
	o->col_pos[2] = 2;
	for (int c = N_REQUIRED; c < N_COLS; c++)
		o->col_pos[c] = -1;
	o->header = -1;
	o->date_format = CSEG_DATE_AUTO;
	cseg__handle_created();
	*out = o;
	return CSEG_OK;
}

void cseg_tx_options_free(cseg_tx_options *opts)
{
	if (!opts)
		return;
	for (int i = 0; i < N_COLS; i++)
		free(opts->col_name[i]);
	free(opts);
	cseg__handle_freed();
}

static int col_index(cseg_tx_option key)
{
	int i = (int)key - (int)CSEG_TX_COLUMN_ID;
	return (i >= 0 && i < N_COLS) ? i : -1;
}

cseg_status cseg_tx_options_set_int(cseg_tx_options *opts, cseg_tx_option key, int64_t value)
{
	int c = col_index(key);

	if (!opts)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: opts is NULL");
	if (c >= 0) {
		if (value < -1 || value > 100000 || (value == -1 && c < N_REQUIRED))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: %s column position %lld "
				"out of range (0..100000%s)", col_role[c], (long long)value, c < N_REQUIRED ? "" : ", or -1");
		opts->col_pos[c] = value;
		free(opts->col_name[c]);
		opts->col_name[c] = NULL;
		return CSEG_OK;
	}
	switch (key) {
	case CSEG_TX_DELIMITER:
		if (value < 0 || value > 127 || value == '"' || value == '\n' || value == '\r')
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: delimiter %lld must be "
				"0 or an ASCII character other than quote and newline", (long long)value);
		opts->delimiter = (int)value;
		return CSEG_OK;
	case CSEG_TX_HEADER:
		if (value < -1 || value > 1)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: header %lld must be -1, 0 or 1",
				(long long)value);
		opts->header = (int)value;
		return CSEG_OK;
	case CSEG_TX_SKIP_BAD_ROWS:
		if (value < 0 || value > 1)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: skip_bad_rows %lld must be 0 or 1",
				(long long)value);
		opts->skip_bad = (int)value;
		return CSEG_OK;
	case CSEG_TX_DATE_FORMAT:
		if (value < CSEG_DATE_AUTO || value > CSEG_DATE_YYYYMMDD)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: unknown date format %lld",
				(long long)value);
		opts->date_format = (int)value;
		return CSEG_OK;
	default:
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_tx_options_set_int: unknown option key %d", (int)key);
	}
}

cseg_status cseg_tx_options_set_string(cseg_tx_options *opts, cseg_tx_option key, const char *value)
{
	int c = col_index(key);
	char *copy;

	if (!opts)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_string: opts is NULL");
	if (c < 0)
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_tx_options_set_string: key %d is not a column", (int)key);
	if (!value) {
		if (c < N_REQUIRED)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_string: the %s column is required",
				col_role[c]);
		free(opts->col_name[c]);
		opts->col_name[c] = NULL;
		opts->col_pos[c] = -1;
		return CSEG_OK;
	}
	if (!value[0])
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_string: empty %s column name", col_role[c]);
	copy = cseg__strdup(value);
	if (!copy)
		return cseg__error(CSEG_E_NOMEM, "cseg_tx_options_set_string: out of memory");
	free(opts->col_name[c]);
	opts->col_name[c] = copy;
	opts->col_pos[c] = -1;
	return CSEG_OK;
}

cseg_status cseg_tx_options_get_int(const cseg_tx_options *opts, cseg_tx_option key, int64_t *out)
{
	int c = col_index(key);

	if (!opts || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_get_int: %s is NULL", opts ? "out" : "opts");
	if (c >= 0)
		*out = opts->col_pos[c];
	else if (key == CSEG_TX_DELIMITER)
		*out = opts->delimiter;
	else if (key == CSEG_TX_HEADER)
		*out = opts->header;
	else if (key == CSEG_TX_SKIP_BAD_ROWS)
		*out = opts->skip_bad;
	else if (key == CSEG_TX_DATE_FORMAT)
		*out = opts->date_format;
	else
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_tx_options_get_int: unknown option key %d", (int)key);
	return CSEG_OK;
}

cseg_status cseg_tx_options_get_string(const cseg_tx_options *opts, cseg_tx_option key, const char **out)
{
	int c = col_index(key);

	if (!opts || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_get_string: %s is NULL", opts ? "out" : "opts");
	if (c < 0)
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_tx_options_get_string: key %d is not a column", (int)key);
	*out = opts->col_name[c];
	return CSEG_OK;
}

/* ---- Builder: growing row arrays and the ID table ---- */

typedef struct builder {
	cseg_transactions *tx;
	int64_t row_cap;
	int64_t cust_cap;
	size_t id_cap;
	size_t id_len;
	int64_t *slots;      /* hash slots: customer index or -1 */
	uint64_t *hashes;    /* per customer */
	int64_t n_slots;     /* power of two, > 2 * customers */
	struct level_dict {  /* interning of one attribute's levels */
		size_t buf_cap, buf_len;
		int64_t cap;
		uint64_t *hashes;
		int64_t *slots;
		int64_t n_slots;
	} dict[CSEG__TX_N_ATTR];
} builder;

static void tx_destroy(cseg_transactions *tx)
{
	if (!tx)
		return;
	free(tx->customer);
	free(tx->day);
	free(tx->amount);
	free(tx->quantity);
	free(tx->id_buf);
	free(tx->id_off);
	for (int a = 0; a < CSEG__TX_N_ATTR; a++) {
		free(tx->attr[a].code);
		free(tx->attr[a].buf);
		free(tx->attr[a].off);
	}
	free(tx);
}

static void dict_free(struct level_dict *d)
{
	free(d->hashes);
	free(d->slots);
	memset(d, 0, sizeof(*d));
}

static cseg_status builder_init(builder *b, int64_t rows_hint)
{
	memset(b, 0, sizeof(*b));
	b->tx = cseg__calloc(1, sizeof(*b->tx));
	if (!b->tx)
		return CSEG_E_NOMEM;
	b->tx->first_day = INT64_MAX;
	b->tx->last_day = INT64_MIN;
	b->row_cap = rows_hint > 16 ? rows_hint : 16;
	b->cust_cap = 64;
	b->id_cap = 1024;
	b->n_slots = 256;
	b->tx->customer = cseg__malloc_array((size_t)b->row_cap, sizeof(int64_t));
	b->tx->day = cseg__malloc_array((size_t)b->row_cap, sizeof(int64_t));
	b->tx->amount = cseg__malloc_array((size_t)b->row_cap, sizeof(double));
	b->tx->quantity = cseg__malloc_array((size_t)b->row_cap, sizeof(double));
	b->tx->id_buf = cseg__malloc(b->id_cap);
	b->tx->id_off = cseg__malloc_array((size_t)b->cust_cap, sizeof(int64_t));
	b->hashes = cseg__malloc_array((size_t)b->cust_cap, sizeof(uint64_t));
	b->slots = cseg__malloc_array((size_t)b->n_slots, sizeof(int64_t));
	if (!b->tx->customer || !b->tx->day || !b->tx->amount || !b->tx->quantity ||
	    !b->tx->id_buf || !b->tx->id_off || !b->hashes || !b->slots)
		return CSEG_E_NOMEM;
	memset(b->slots, 0xff, (size_t)b->n_slots * sizeof(int64_t));
	return CSEG_OK;
}

static void builder_discard(builder *b)
{
	tx_destroy(b->tx);
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		dict_free(&b->dict[a]);
	free(b->slots);
	free(b->hashes);
	b->tx = NULL;
	b->slots = NULL;
	b->hashes = NULL;
}

static int grow(void **p, int64_t n, size_t size)
{
	void *q = cseg__realloc_array(*p, (size_t)n, size);
	if (!q)
		return 0;
	*p = q;
	return 1;
}

static cseg_status rehash(builder *b)
{
	int64_t n = b->n_slots * 2;
	int64_t *slots = cseg__malloc_array((size_t)n, sizeof(int64_t));

	if (!slots)
		return CSEG_E_NOMEM;
	memset(slots, 0xff, (size_t)n * sizeof(int64_t));
	for (int64_t c = 0; c < b->tx->n_customers; c++) {
		int64_t s = (int64_t)(b->hashes[c] & (uint64_t)(n - 1));
		while (slots[s] >= 0)
			s = (s + 1) & (n - 1);
		slots[s] = c;
	}
	free(b->slots);
	b->slots = slots;
	b->n_slots = n;
	return CSEG_OK;
}

/* Customer index of id[0..len), adding it when new. */
static cseg_status intern(builder *b, const char *id, size_t len, int64_t *out)
{
	cseg_transactions *tx = b->tx;
	uint64_t h = cseg__fnv1a(CSEG__FNV_OFFSET, id, len);
	int64_t s = (int64_t)(h & (uint64_t)(b->n_slots - 1));
	int64_t c;

	while ((c = b->slots[s]) >= 0) {
		const char *known = tx->id_buf + tx->id_off[c];
		if (b->hashes[c] == h && strncmp(known, id, len) == 0 && known[len] == '\0') {
			*out = c;
			return CSEG_OK;
		}
		s = (s + 1) & (b->n_slots - 1);
	}
	c = tx->n_customers;
	if (c == b->cust_cap) {
		if (!grow((void **)&tx->id_off, b->cust_cap * 2, sizeof(int64_t)) ||
		    !grow((void **)&b->hashes, b->cust_cap * 2, sizeof(uint64_t)))
			return CSEG_E_NOMEM;
		b->cust_cap *= 2;
	}
	while (b->id_len + len + 1 > b->id_cap) {
		if (!grow((void **)&tx->id_buf, (int64_t)b->id_cap * 2, 1))
			return CSEG_E_NOMEM;
		b->id_cap *= 2;
	}
	memcpy(tx->id_buf + b->id_len, id, len);
	tx->id_buf[b->id_len + len] = '\0';
	tx->id_off[c] = (int64_t)b->id_len;
	b->id_len += len + 1;
	b->hashes[c] = h;
	b->slots[s] = c;
	tx->n_customers++;
	*out = c;
	if (tx->n_customers * 2 > b->n_slots)
		return rehash(b);
	return CSEG_OK;
}

static cseg_status add_row(builder *b, const char *id, size_t id_len, int64_t day, double amount, double qty)
{
	cseg_transactions *tx = b->tx;
	int64_t c = -1;
	cseg_status st;

	if (tx->n_rows == b->row_cap) {
		int64_t cap = b->row_cap * 2;
		if (!grow((void **)&tx->customer, cap, sizeof(int64_t)) || !grow((void **)&tx->day, cap, sizeof(int64_t)) ||
		    !grow((void **)&tx->amount, cap, sizeof(double)) || !grow((void **)&tx->quantity, cap, sizeof(double)))
			return CSEG_E_NOMEM;
		for (int a = 0; a < CSEG__TX_N_ATTR; a++)
			if (tx->attr[a].code && !grow((void **)&tx->attr[a].code, cap, sizeof(int32_t)))
				return CSEG_E_NOMEM;
		b->row_cap = cap;
	}
	st = intern(b, id, id_len, &c);
	if (st != CSEG_OK)
		return st;
	tx->customer[tx->n_rows] = c;
	tx->day[tx->n_rows] = day;
	tx->amount[tx->n_rows] = amount;
	tx->quantity[tx->n_rows] = qty;
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		if (tx->attr[a].code)
			tx->attr[a].code[tx->n_rows] = -1;
	tx->n_returns += amount < 0.0;
	tx->n_rows++;
	if (day < tx->first_day)
		tx->first_day = day;
	if (day > tx->last_day)
		tx->last_day = day;
	return CSEG_OK;
}

static cseg_transactions *builder_finish(builder *b)
{
	cseg_transactions *tx = b->tx;

	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		dict_free(&b->dict[a]);
	free(b->slots);
	free(b->hashes);
	b->tx = NULL;
	cseg__handle_created();
	return tx;
}

/* ---- Attribute levels (channel, region, category) ---- */

/* Start storing attribute a: every row so far gets -1 (empty). */
static cseg_status attr_enable(builder *b, int a)
{
	cseg__tx_attr *at = &b->tx->attr[a];
	struct level_dict *d = &b->dict[a];

	at->code = cseg__malloc_array((size_t)b->row_cap, sizeof(int32_t));
	at->buf = cseg__malloc(256);
	at->off = cseg__malloc_array(16, sizeof(int64_t));
	d->hashes = cseg__malloc_array(16, sizeof(uint64_t));
	d->slots = cseg__malloc_array(64, sizeof(int64_t));
	if (!at->code || !at->buf || !at->off || !d->hashes || !d->slots)
		return CSEG_E_NOMEM;
	for (int64_t i = 0; i < b->tx->n_rows; i++)
		at->code[i] = -1;
	d->buf_cap = 256;
	d->cap = 16;
	d->n_slots = 64;
	memset(d->slots, 0xff, 64 * sizeof(int64_t));
	return CSEG_OK;
}

static cseg_status dict_rehash(struct level_dict *d, int64_t n_levels)
{
	int64_t n = d->n_slots * 2;
	int64_t *slots = cseg__malloc_array((size_t)n, sizeof(int64_t));

	if (!slots)
		return CSEG_E_NOMEM;
	memset(slots, 0xff, (size_t)n * sizeof(int64_t));
	for (int64_t l = 0; l < n_levels; l++) {
		int64_t s = (int64_t)(d->hashes[l] & (uint64_t)(n - 1));
		while (slots[s] >= 0)
			s = (s + 1) & (n - 1);
		slots[s] = l;
	}
	free(d->slots);
	d->slots = slots;
	d->n_slots = n;
	return CSEG_OK;
}

/* Level of row `row` for attribute a: s[0..len) interned; empty = -1. */
static cseg_status attr_set(builder *b, int a, int64_t row, const char *s, size_t len)
{
	cseg__tx_attr *at = &b->tx->attr[a];
	struct level_dict *d = &b->dict[a];
	uint64_t h;
	int64_t slot, l;

	if (len == 0) {
		at->code[row] = -1;
		return CSEG_OK;
	}
	h = cseg__fnv1a(CSEG__FNV_OFFSET, s, len);
	slot = (int64_t)(h & (uint64_t)(d->n_slots - 1));
	while ((l = d->slots[slot]) >= 0) {
		const char *known = at->buf + at->off[l];
		if (d->hashes[l] == h && strncmp(known, s, len) == 0 && known[len] == '\0') {
			at->code[row] = (int32_t)l;
			return CSEG_OK;
		}
		slot = (slot + 1) & (d->n_slots - 1);
	}
	l = at->n_levels;
	if (l >= INT32_MAX)
		return CSEG_E_NOMEM;
	if (l == d->cap) {
		if (!grow((void **)&at->off, d->cap * 2, sizeof(int64_t)) ||
		    !grow((void **)&d->hashes, d->cap * 2, sizeof(uint64_t)))
			return CSEG_E_NOMEM;
		d->cap *= 2;
	}
	while (d->buf_len + len + 1 > d->buf_cap) {
		if (!grow((void **)&at->buf, (int64_t)d->buf_cap * 2, 1))
			return CSEG_E_NOMEM;
		d->buf_cap *= 2;
	}
	memcpy(at->buf + d->buf_len, s, len);
	at->buf[d->buf_len + len] = '\0';
	at->off[l] = (int64_t)d->buf_len;
	d->buf_len += len + 1;
	d->hashes[l] = h;
	d->slots[slot] = l;
	at->n_levels++;
	at->code[row] = (int32_t)l;
	if (at->n_levels * 2 > d->n_slots)
		return dict_rehash(d, at->n_levels);
	return CSEG_OK;
}

static int attr_index(cseg_tx_option key)
{
	int a = (int)key - CSEG__TX_ATTR_KEY0;
	return (a >= 0 && a < CSEG__TX_N_ATTR) ? a : -1;
}

/* ---- Array constructor ---- */

cseg_status cseg_transactions_new(cseg_transactions **out, const char *const *ids,
	const int64_t *days, const double *amounts, const double *quantities, int64_t n_rows)
{
	builder b;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_new: out is NULL");
	*out = NULL;
	if (!ids || !days || !amounts)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_new: %s is NULL",
			!ids ? "ids" : !days ? "days" : "amounts");
	if (n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_new: n_rows = %lld, need at least 1",
			(long long)n_rows);
	for (int64_t i = 0; i < n_rows; i++) {
		if (!ids[i])
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_new: ids[%lld] is NULL", (long long)i);
		if (days[i] < CSEG__DAY_MIN || days[i] > CSEG__DAY_MAX)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_new: days[%lld] = %lld outside "
				"years 1..9999", (long long)i, (long long)days[i]);
		if (!isfinite(amounts[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_new: amounts[%lld] is not finite",
				(long long)i);
		if (quantities && !isfinite(quantities[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_new: quantities[%lld] is not finite",
				(long long)i);
	}
	st = builder_init(&b, n_rows);
	for (int64_t i = 0; st == CSEG_OK && i < n_rows; i++)
		st = add_row(&b, ids[i], strlen(ids[i]), days[i], amounts[i], quantities ? quantities[i] : 1.0);
	if (st != CSEG_OK) {
		builder_discard(&b);
		return cseg__error(CSEG_E_NOMEM, "cseg_transactions_new: out of memory");
	}
	*out = builder_finish(&b);
	return CSEG_OK;
}

/* ---- File reader ---- */

typedef struct field {
	const char *s;  /* points into the file buffer or the unquote scratch */
	size_t len;
	int64_t col;    /* 1-based character column of the field's start */
} field;

typedef struct reader {
	const char *path;
	const char *buf;
	size_t size;
	size_t pos;
	int64_t line;
	int delim;      /* 0 = runs of blanks */
	field *fields;
	int64_t n_fields;
	int64_t cap_fields;
	char *scratch;  /* unquoted CSV fields of the current line */
	size_t scratch_cap;
} reader;

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(field *f)
{
	while (f->len && is_blank(f->s[0])) {
		f->s++;
		f->len--;
		f->col++;
	}
	while (f->len && (is_blank(f->s[f->len - 1]) || f->s[f->len - 1] == '\r'))
		f->len--;
}

static int push_field(reader *r, const char *s, size_t len, int64_t col)
{
	if (r->n_fields == r->cap_fields) {
		int64_t cap = r->cap_fields ? r->cap_fields * 2 : 16;
		if (!grow((void **)&r->fields, cap, sizeof(field)))
			return 0;
		r->cap_fields = cap;
	}
	r->fields[r->n_fields].s = s;
	r->fields[r->n_fields].len = len;
	r->fields[r->n_fields].col = col;
	r->n_fields++;
	return 1;
}

/* Split the next line into fields. Returns 1 for a line, 0 at the end,
 * -1 for an unterminated quote, -2 when out of memory. Blank lines yield
 * a line with no fields. */
static int next_line(reader *r)
{
	const char *b = r->buf;
	size_t p = r->pos, line_start = p;

	if (p >= r->size)
		return 0;
	r->line++;
	r->n_fields = 0;
	if (r->delim == 0) {
		for (;;) {
			size_t start;
			while (p < r->size && (is_blank(b[p]) || b[p] == '\r'))
				p++;
			if (p >= r->size || b[p] == '\n')
				break;
			start = p;
			while (p < r->size && !is_blank(b[p]) && b[p] != '\r' && b[p] != '\n')
				p++;
			if (!push_field(r, b + start, p - start, (int64_t)(start - line_start) + 1))
				return -2;
		}
	} else {
		size_t used = 0, end = p;
		/* Worst case the unquoted line is as long as the raw one; find its end
		 * (a quoted field may span lines, so scan quotes). */
		int inq = 0;
		while (end < r->size && (inq || b[end] != '\n')) {
			if (b[end] == '"')
				inq = !inq;
			end++;
		}
		if (inq)
			return -1;
		if (end - p + 1 > r->scratch_cap) {
			if (!grow((void **)&r->scratch, (int64_t)(end - p + 1) * 2, 1))
				return -2;
			r->scratch_cap = (end - p + 1) * 2;
		}
		{
			int blank = 1;
			for (size_t q = p; q < end; q++)
				if (!is_blank(b[q]) && b[q] != '\r')
					blank = 0;
			if (blank) {
				r->pos = end < r->size ? end + 1 : end;
				return 1;
			}
		}
		for (;;) {
			size_t start = p;
			while (p < end && is_blank(b[p]))
				p++;
			if (p < end && b[p] == '"') {
				char *dst = r->scratch + used;
				size_t n = 0;
				int64_t col = (int64_t)(p - line_start) + 1;
				p++;
				while (p < end) {
					if (b[p] == '"') {
						if (p + 1 < end && b[p + 1] == '"') {
							dst[n++] = '"';
							p += 2;
							continue;
						}
						p++;
						break;
					}
					dst[n++] = b[p++];
				}
				while (p < end && b[p] != r->delim)
					p++;  /* junk after the closing quote is ignored */
				if (!push_field(r, dst, n, col))
					return -2;
				used += n;
			} else {
				p = start;
				while (p < end && b[p] != r->delim)
					p++;
				if (!push_field(r, b + start, p - start, (int64_t)(start - line_start) + 1))
					return -2;
			}
			if (p >= end)
				break;
			p++;  /* the delimiter */
		}
		r->pos = end < r->size ? end + 1 : end;
		for (int64_t i = 0; i < r->n_fields; i++)
			trim(&r->fields[i]);
		return 1;
	}
	r->pos = p < r->size ? p + 1 : p;
	return 1;
}

static cseg_status read_file(const char *path, char **buf_out, size_t *size_out)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t size = 0, cap = 1 << 16;

	if (!f)
		return cseg__error(CSEG_E_IO, "%s: cannot open: %s", path, strerror(errno));
	buf = cseg__malloc(cap);
	while (buf) {
		size_t n = fread(buf + size, 1, cap - size, f);
		size += n;
		if (n == 0)
			break;
		if (size == cap) {
			char *nb = cseg__realloc_array(buf, cap * 2, 1);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (!buf) {
		fclose(f);
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory reading the file", path);
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return cseg__error(CSEG_E_IO, "%s: read error", path);
	}
	fclose(f);
	*buf_out = buf;
	*size_out = size;
	return CSEG_OK;
}

static int parse_number(const field *f, double *out)
{
	char tmp[128], *end;
	double v;

	if (f->len == 0 || f->len >= sizeof(tmp))
		return 0;
	memcpy(tmp, f->s, f->len);
	tmp[f->len] = '\0';
	errno = 0;
	v = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(v))
		return 0;
	*out = v;
	return 1;
}

static int field_is(const field *f, const char *name)
{
	size_t n = strlen(name);
	return f->len == n && memcmp(f->s, name, n) == 0;
}

cseg_status cseg_transactions_read(cseg_transactions **out, const char *path, const cseg_tx_options *opts)
{
	cseg_tx_options defaults;
	reader r;
	builder b;
	char *buf = NULL;
	size_t size = 0;
	int64_t pos[N_COLS], need = 0, n_bad = 0;
	int header, by_name = 0, rc;
	cseg_status st;
	const char *names[N_COLS];

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_read: out is NULL");
	*out = NULL;
	if (!path)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_read: path is NULL");
	if (!opts) {
		memset(&defaults, 0, sizeof(defaults));
		defaults.col_pos[0] = 0;
		defaults.col_pos[1] = 1;
		defaults.col_pos[2] = 2;
		for (int c = N_REQUIRED; c < N_COLS; c++)
			defaults.col_pos[c] = -1;
		defaults.header = -1;
		opts = &defaults;
	}
	for (int c = 0; c < N_COLS; c++) {
		pos[c] = opts->col_pos[c];
		names[c] = opts->col_name[c];
		if (names[c])
			by_name = 1;
	}
	header = opts->header;
	if (by_name && header == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: columns chosen by name but the header option is 0", path);
	st = read_file(path, &buf, &size);
	if (st != CSEG_OK)
		return st;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.buf = buf;
	r.size = size;
	r.delim = opts->delimiter;
	if (r.delim == 0 || r.delim == ' ') {
		size_t e = 0;
		r.delim = 0;
		if (opts->delimiter == 0) {
			while (e < size && buf[e] != '\n')
				e++;
			if (memchr(buf, ',', e))
				r.delim = ',';
			else if (memchr(buf, '\t', e))
				r.delim = '\t';
		}
	}

	/* Header: read the first non-blank line, then decide. */
	st = builder_init(&b, (int64_t)(size / 24) + 16);
	if (st != CSEG_OK)
		goto nomem;
	while ((rc = next_line(&r)) == 1 && r.n_fields == 0)
		;
	if (rc == -2)
		goto nomem;
	if (rc == -1) {
		st = cseg__error(CSEG_E_FORMAT, "%s:%lld:1: unterminated quoted field", path, (long long)r.line);
		goto fail;
	}
	if (rc == 0) {
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: no data rows", path);
		goto fail;
	}
	if (header == -1) {
		if (by_name) {
			header = 1;
		} else {
			int64_t d;
			header = !(pos[1] < r.n_fields &&
				parse_date(r.fields[pos[1]].s, r.fields[pos[1]].len, opts->date_format, &d));
		}
	}
	if (header) {
		for (int c = 0; c < N_COLS; c++) {
			if (!names[c])
				continue;
			for (int64_t j = 0; j < r.n_fields; j++) {
				if (field_is(&r.fields[j], names[c])) {
					pos[c] = j;
					break;
				}
			}
			if (pos[c] < 0) {
				st = cseg__error(CSEG_E_INVALID_ARG, "%s:%lld: unknown %s column '%s' (not in the header)",
					path, (long long)r.line, col_role[c], names[c]);
				goto fail;
			}
		}
	}
	for (int c = 0; c < N_COLS; c++)
		if (pos[c] + 1 > need)
			need = pos[c] + 1;
	for (int c = ATTR0; c < N_COLS; c++)
		if (pos[c] >= 0 && attr_enable(&b, c - ATTR0) != CSEG_OK)
			goto nomem;

	/* Data rows: the first one is already split unless it was the header. */
	for (int first = !header;; first = 0) {
		const char *what = NULL;
		int64_t bad_col = 0, day = 0;
		double amount = 0.0, qty = 1.0;
		field *fs;

		if (!first) {
			rc = next_line(&r);
			if (rc == 0)
				break;
			if (rc == -2)
				goto nomem;
			if (rc == -1) {
				if (opts->skip_bad) {
					n_bad++;
					break;
				}
				st = cseg__error(CSEG_E_FORMAT, "%s:%lld:1: unterminated quoted field", path, (long long)r.line);
				goto fail;
			}
			if (r.n_fields == 0)
				continue;
		}
		fs = r.fields;
		if (r.n_fields < need) {
			if (opts->skip_bad) {
				n_bad++;
				continue;
			}
			int widest = 0;
			for (int c = 1; c < N_COLS; c++)
				if (pos[c] + 1 == need && pos[widest] + 1 != need)
					widest = c;
			st = cseg__error(CSEG_E_FORMAT, "%s:%lld: %lld fields, need at least %lld (for the %s column)",
				path, (long long)r.line, (long long)r.n_fields, (long long)need, col_role[widest]);
			goto fail;
		}
		if (fs[pos[0]].len == 0) {
			what = "customer id: empty";
			bad_col = 0;
		} else if (!parse_date(fs[pos[1]].s, fs[pos[1]].len, opts->date_format, &day)) {
			what = "date: expected YYYY-MM-DD or YYYYMMDD";
			bad_col = 1;
		} else if (!parse_number(&fs[pos[2]], &amount)) {
			what = "amount: expected a finite number";
			bad_col = 2;
		} else if (pos[3] >= 0 && !parse_number(&fs[pos[3]], &qty)) {
			what = "quantity: expected a finite number";
			bad_col = 3;
		}
		if (what) {
			const field *f = &fs[pos[bad_col]];
			if (opts->skip_bad) {
				n_bad++;
				continue;
			}
			st = cseg__error(CSEG_E_FORMAT, "%s:%lld:%lld: field %lld, %s, found '%.*s'", path,
				(long long)r.line, (long long)f->col, (long long)pos[bad_col] + 1, what,
				(int)(f->len > 40 ? 40 : f->len), f->s);
			goto fail;
		}
		if (add_row(&b, fs[pos[0]].s, fs[pos[0]].len, day, amount, qty) != CSEG_OK)
			goto nomem;
		for (int c = ATTR0; c < N_COLS; c++)
			if (pos[c] >= 0 && attr_set(&b, c - ATTR0, b.tx->n_rows - 1, fs[pos[c]].s, fs[pos[c]].len) != CSEG_OK)
				goto nomem;
	}
	if (b.tx->n_rows == 0) {
		st = cseg__error(CSEG_E_INVALID_ARG, "%s: no valid data rows (%lld skipped)", path, (long long)n_bad);
		goto fail;
	}
	b.tx->n_skipped = n_bad;
	free(r.fields);
	free(r.scratch);
	free(buf);
	*out = builder_finish(&b);
	return CSEG_OK;

nomem:
	st = cseg__error(CSEG_E_NOMEM, "%s: out of memory", path);
fail:
	builder_discard(&b);
	free(r.fields);
	free(r.scratch);
	free(buf);
	return st;
}

void cseg_transactions_free(cseg_transactions *tx)
{
	if (!tx)
		return;
	tx_destroy(tx);
	cseg__handle_freed();
}

/* ---- Queries ---- */

int64_t cseg_transactions_n_rows(const cseg_transactions *tx)
{
	return tx ? tx->n_rows : -1;
}

int64_t cseg_transactions_n_customers(const cseg_transactions *tx)
{
	return tx ? tx->n_customers : -1;
}

int64_t cseg_transactions_n_skipped(const cseg_transactions *tx)
{
	return tx ? tx->n_skipped : -1;
}

const char *cseg_transactions_customer_id(const cseg_transactions *tx, int64_t customer)
{
	if (!tx || customer < 0 || customer >= tx->n_customers)
		return NULL;
	return cseg__tx_id(tx, customer);
}

cseg_status cseg_transactions_date_range(const cseg_transactions *tx, int64_t *first_out, int64_t *last_out)
{
	if (!tx || !first_out || !last_out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_date_range: %s is NULL",
			!tx ? "tx" : !first_out ? "first_out" : "last_out");
	*first_out = tx->first_day;
	*last_out = tx->last_day;
	return CSEG_OK;
}

cseg_status cseg_transactions_copy_rows(const cseg_transactions *tx, int64_t *customers_out,
	int64_t *days_out, double *amounts_out, double *quantities_out, int64_t n_out)
{
	size_t n;

	if (!tx)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_copy_rows: tx is NULL");
	if (n_out != tx->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_copy_rows: n_out = %lld, expected %lld",
			(long long)n_out, (long long)tx->n_rows);
	n = (size_t)n_out;
	if (customers_out)
		memcpy(customers_out, tx->customer, n * sizeof(int64_t));
	if (days_out)
		memcpy(days_out, tx->day, n * sizeof(int64_t));
	if (amounts_out)
		memcpy(amounts_out, tx->amount, n * sizeof(double));
	if (quantities_out)
		memcpy(quantities_out, tx->quantity, n * sizeof(double));
	return CSEG_OK;
}

/* ---- String attributes and returns ---- */

cseg_status cseg_transactions_set_attribute(cseg_transactions *tx, cseg_tx_option column,
	const char *const *values, int64_t n_values)
{
	static const char fn[] = "cseg_transactions_set_attribute";
	int a = attr_index(column);
	builder b;
	cseg_status st;

	if (!tx)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: tx is NULL", fn);
	if (a < 0)
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: key %d is not a channel, region or category column",
			fn, (int)column);
	if (values && n_values != tx->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_values = %lld, the log has %lld rows", fn,
			(long long)n_values, (long long)tx->n_rows);
	/* Build the new column in a scratch builder sharing nothing with tx, so
	 * tx is unchanged on failure. */
	memset(&b, 0, sizeof(b));
	b.tx = cseg__calloc(1, sizeof(*b.tx));
	if (!b.tx)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	if (values) {
		b.row_cap = tx->n_rows;
		b.tx->n_rows = tx->n_rows;
		st = attr_enable(&b, a);
		for (int64_t i = 0; st == CSEG_OK && i < tx->n_rows; i++)
			st = attr_set(&b, a, i, values[i] ? values[i] : "", values[i] ? strlen(values[i]) : 0);
		if (st != CSEG_OK) {
			builder_discard(&b);
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
		}
	}
	free(tx->attr[a].code);
	free(tx->attr[a].buf);
	free(tx->attr[a].off);
	tx->attr[a] = b.tx->attr[a];
	memset(&b.tx->attr[a], 0, sizeof(b.tx->attr[a]));
	b.tx->n_rows = 0;
	builder_discard(&b);
	return CSEG_OK;
}

int64_t cseg_transactions_n_levels(const cseg_transactions *tx, cseg_tx_option column)
{
	int a = attr_index(column);

	if (!tx || a < 0)
		return -1;
	return tx->attr[a].n_levels;
}

const char *cseg_transactions_level(const cseg_transactions *tx, cseg_tx_option column, int64_t level)
{
	int a = attr_index(column);

	if (!tx || a < 0 || level < 0 || level >= tx->attr[a].n_levels)
		return NULL;
	return cseg__tx_level(tx, a, level);
}

int cseg_transactions_has_column(const cseg_transactions *tx, cseg_tx_option column)
{
	int a = attr_index(column);

	if (!tx || a < 0)
		return 0;
	return tx->attr[a].code != NULL;
}

int64_t cseg_transactions_n_returns(const cseg_transactions *tx)
{
	return tx ? tx->n_returns : -1;
}
