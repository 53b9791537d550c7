/* Transaction logs: dates, reader options, the row builder, the array
 * constructors, queries and the returns report. The file reader is in
 * transactions_read.c. Customer IDs are interned in one buffer through an
 * open-addressing hash table, so a log costs 16 bytes per row plus its
 * distinct IDs. */
#define _GNU_SOURCE  /* mremap */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "transactions_build.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CSEG__TX_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CSEG__TX_ASAN 1
#endif
#if defined(__linux__) && !defined(CSEG__TX_ASAN)
#include <sys/mman.h>
#define CSEG__TX_MMAP 1
#endif

/* ---- Dates (Howard Hinnant's days_from_civil) ---- */

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

cseg__date_check cseg__tx_parse_date(const char *s, size_t n, cseg_date_format format, int64_t *out)
{
	int y, m, d;

	if ((format == CSEG_DATE_AUTO || format == CSEG_DATE_ISO) && n >= 10 && s[4] == '-' && s[7] == '-') {
		if (n > 10 && s[10] != 'T' && s[10] != ' ')
			return CSEG__DATE_SHAPE;
		if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
			return CSEG__DATE_SHAPE;
	} else if ((format == CSEG_DATE_AUTO || format == CSEG_DATE_YYYYMMDD) && n == 8) {
		if (!digits(s, 4, &y) || !digits(s + 4, 2, &m) || !digits(s + 6, 2, &d))
			return CSEG__DATE_SHAPE;
	} else {
		return CSEG__DATE_SHAPE;
	}
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return CSEG__DATE_INVALID;
	*out = days_from_civil(y, m, d);
	return CSEG__DATE_OK;
}

cseg_status cseg_date_parse(int64_t *out, const char *text)
{
	if (!out || !text)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_date_parse: %s is NULL", out ? "text" : "out");
	switch (cseg__tx_parse_date(text, strlen(text), CSEG_DATE_AUTO, out)) {
	case CSEG__DATE_OK:
		return CSEG_OK;
	case CSEG__DATE_INVALID:
		return cseg__error(CSEG_E_FORMAT, "cseg_date_parse: '%s' is not a calendar date (years 1..9999)", text);
	default:
		return cseg__error(CSEG_E_FORMAT, "cseg_date_parse: '%s' is not a YYYY-MM-DD or YYYYMMDD date", text);
	}
}

/* ---- Reader options ---- */

const char *const cseg__tx_col_role[CSEG__TX_N_COLS] = {"customer id", "date", "amount", "quantity",
	"channel", "region", "category"};

void cseg__tx_options_defaults(cseg_tx_options *o)
{
	memset(o, 0, sizeof(*o));
	o->col_pos[0] = 0;
	o->col_pos[1] = 1;
	o->col_pos[2] = 2;
	for (int c = CSEG__TX_N_REQUIRED; c < CSEG__TX_N_COLS; c++)
		o->col_pos[c] = -1;
	o->header = -1;
	o->date_format = CSEG_DATE_AUTO;
}

cseg_status cseg_tx_options_new(cseg_tx_options **out)
{
	cseg_tx_options *o;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_new: out is NULL");
	*out = NULL;
	o = cseg__calloc(1, sizeof(*o));
	if (!o)
		return cseg__error(CSEG_E_NOMEM, "cseg_tx_options_new: out of memory");
	cseg__tx_options_defaults(o);
	cseg__handle_created();
	*out = o;
	return CSEG_OK;
}

void cseg_tx_options_free(cseg_tx_options *opts)
{
	if (!opts)
		return;
	for (int i = 0; i < CSEG__TX_N_COLS; i++)
		free(opts->col_name[i]);
	free(opts);
	cseg__handle_freed();
}

static int col_index(cseg_tx_option key)
{
	int i = (int)key - (int)CSEG_TX_COLUMN_ID;
	return (i >= 0 && i < CSEG__TX_N_COLS) ? i : -1;
}

cseg_status cseg_tx_options_set_int(cseg_tx_options *opts, cseg_tx_option key, int64_t value)
{
	int c = col_index(key);

	if (!opts)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: opts is NULL");
	if (c >= 0) {
		if (value < -1 || value > 100000 || (value == -1 && c < CSEG__TX_N_REQUIRED))
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_int: %s column position %lld "
				"out of range (0..100000%s)", cseg__tx_col_role[c], (long long)value,
				c < CSEG__TX_N_REQUIRED ? "" : ", or -1");
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
		if (c < CSEG__TX_N_REQUIRED)
			return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_string: the %s column is required",
				cseg__tx_col_role[c]);
		free(opts->col_name[c]);
		opts->col_name[c] = NULL;
		opts->col_pos[c] = -1;
		return CSEG_OK;
	}
	if (!value[0])
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_tx_options_set_string: empty %s column name",
			cseg__tx_col_role[c]);
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

/* ---- Large arrays ----
 *
 * The per-row arrays, the ID table and the hash slots grow by doubling. With
 * malloc, arrays below glibc's mmap threshold (which rises to 32 MiB as big
 * blocks are freed) grow on the heap, and every outgrown copy stays resident
 * as a hole: 10 million rows took 277 MB instead of 210. On Linux they are
 * anonymous mappings instead, grown in place or moved by mremap without a
 * copy; only touched pages are resident. A 16-byte header before the data
 * keeps the mapping's length. Under AddressSanitizer, and elsewhere, plain
 * realloc (so leak checks still see them). */

void *cseg__tx_array_resize(void *p, size_t n, size_t size)
{
#ifdef CSEG__TX_MMAP
	enum { HDR = 16 };
	size_t len, old;
	char *base;

	if (n == 0 || size == 0 || n > (SIZE_MAX / 2) / size)
		return NULL;
	len = (n * size + HDR + 4095) & ~(size_t)4095;
	if (!p) {
		base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	} else {
		base = (char *)p - HDR;
		memcpy(&old, base, sizeof(old));
		if (old == len)
			return p;
		base = mremap(base, old, len, MREMAP_MAYMOVE);
	}
	if (base == MAP_FAILED)
		return NULL;
	memcpy(base, &len, sizeof(len));
	return base + HDR;
#else
	return cseg__realloc_array(p, n, size);
#endif
}

void cseg__tx_array_free(void *p)
{
#ifdef CSEG__TX_MMAP
	size_t len;
	if (!p)
		return;
	memcpy(&len, (char *)p - 16, sizeof(len));
	munmap((char *)p - 16, len);
#else
	free(p);
#endif
}

/* A zeroed array (fresh mappings are zero already). */
static void *array_zeroed(size_t n, size_t size)
{
	void *p = cseg__tx_array_resize(NULL, n, size);
#ifndef CSEG__TX_MMAP
	if (p)
		memset(p, 0, n * size);
#endif
	return p;
}

/* ---- Builder: growing row arrays and the ID table ---- */

static void tx_destroy(cseg_transactions *tx)
{
	if (!tx)
		return;
	cseg__tx_array_free(tx->customer);
	cseg__tx_array_free(tx->day);
	cseg__tx_array_free(tx->amount);
	cseg__tx_array_free(tx->quantity);
	cseg__tx_array_free(tx->id_buf);
	cseg__tx_array_free(tx->id_off);
	free(tx->skips);
	for (int a = 0; a < CSEG__TX_N_ATTR; a++) {
		cseg__tx_array_free(tx->attr[a].code);
		free(tx->attr[a].buf);
		free(tx->attr[a].off);
	}
	free(tx);
}

static void dict_free(cseg__tx_level_dict *d)
{
	free(d->hashes);
	free(d->slots);
	memset(d, 0, sizeof(*d));
}

static int grow(void **p, int64_t n, size_t size)
{
	void *q = cseg__realloc_array(*p, (size_t)n, size);
	if (!q)
		return 0;
	*p = q;
	return 1;
}

/* grow for the large arrays. */
static int grow_big(void **p, int64_t n, size_t size)
{
	void *q = cseg__tx_array_resize(*p, (size_t)n, size);
	if (!q)
		return 0;
	*p = q;
	return 1;
}

cseg_status cseg__txb_init(cseg__tx_builder *b, int with_quantity)
{
	cseg_transactions *tx;

	memset(b, 0, sizeof(*b));
	b->tx = tx = cseg__calloc(1, sizeof(*b->tx));
	if (!tx)
		return CSEG_E_NOMEM;
	tx->first_day = INT64_MAX;
	tx->last_day = INT64_MIN;
	b->row_cap = 1024;
	b->cust_cap = 64;
	b->id_cap = 1024;
	b->n_slots = 256;
	tx->customer = cseg__tx_array_resize(NULL, (size_t)b->row_cap, sizeof(int32_t));
	tx->day = cseg__tx_array_resize(NULL, (size_t)b->row_cap, sizeof(int32_t));
	tx->amount = cseg__tx_array_resize(NULL, (size_t)b->row_cap, sizeof(double));
	if (with_quantity)
		tx->quantity = cseg__tx_array_resize(NULL, (size_t)b->row_cap, sizeof(double));
	tx->id_buf = cseg__tx_array_resize(NULL, b->id_cap, 1);
	tx->id_off = cseg__tx_array_resize(NULL, (size_t)b->cust_cap, sizeof(int64_t));
	b->slots = array_zeroed((size_t)b->n_slots, sizeof(cseg__tx_slot));
	if (!tx->customer || !tx->day || !tx->amount || (with_quantity && !tx->quantity) ||
	    !tx->id_buf || !tx->id_off || !b->slots)
		return CSEG_E_NOMEM;
	return CSEG_OK;
}

void cseg__txb_discard(cseg__tx_builder *b)
{
	tx_destroy(b->tx);
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		dict_free(&b->dict[a]);
	cseg__tx_array_free(b->slots);
	b->tx = NULL;
	b->slots = NULL;
}

/* Customer hash slots, 16 bytes: `tag` holds the hash's high 31 bits, a
 * "short ID" bit and customer index + 1 (0 = empty slot); `word` holds an
 * ID of up to 8 bytes itself (zero-padded), else the ID's offset in id_buf.
 * Looking up a short ID (CDNOW's "00001", most order exports) then touches
 * one cache line, a long one two: the lookup is memory bound at 10 million
 * rows. Slot = the hash's low bits, probed linearly, load <= 1/2. */
#define TAG_MASK 0xfffffffe00000000ULL
#define TAG_SHORT 0x100000000ULL

static inline uint64_t tag_of(uint64_t h, size_t len)
{
	return (h & TAG_MASK) | (len <= 8 ? TAG_SHORT : 0);
}

static inline uint64_t short_word(const char *id, size_t len)
{
	uint64_t w = 0;
	memcpy(&w, id, len);
	return w;
}

static cseg_status rehash(cseg__tx_builder *b)
{
	int64_t n = b->n_slots * 2;
	cseg__tx_slot *slots = array_zeroed((size_t)n, sizeof(cseg__tx_slot));

	if (!slots)
		return CSEG_E_NOMEM;
	/* Hashes are recomputed (log2(customers) times in all) rather than kept. */
	for (int64_t k = 0; k < b->n_slots; k++) {
		const cseg__tx_slot *o = &b->slots[k];
		const char *id;
		size_t len;
		uint64_t h;
		int64_t s;
		if (!o->tag)
			continue;
		id = cseg__tx_id(b->tx, (int64_t)(uint32_t)o->tag - 1);
		len = strlen(id);
		h = cseg__fnv1a(CSEG__FNV_OFFSET, id, len);
		s = (int64_t)(h & (uint64_t)(n - 1));
		while (slots[s].tag)
			s = (s + 1) & (n - 1);
		slots[s] = *o;
	}
	cseg__tx_array_free(b->slots);
	b->slots = slots;
	b->n_slots = n;
	return CSEG_OK;
}

uint64_t cseg__txb_hash(const cseg__tx_builder *b, const char *id, size_t len)
{
	uint64_t h = cseg__fnv1a(CSEG__FNV_OFFSET, id, len);
#if defined(__GNUC__)
	__builtin_prefetch(&b->slots[h & (uint64_t)(b->n_slots - 1)]);
#endif
	return h;
}

/* Customer index of id[0..len) (no NUL byte in it; h its hash), adding it
 * when new. */
static cseg_status intern(cseg__tx_builder *b, const char *id, size_t len, uint64_t h, int32_t *out)
{
	cseg_transactions *tx = b->tx;
	const uint64_t tag = tag_of(h, len);
	const uint64_t word = len <= 8 ? short_word(id, len) : 0;
	int64_t s = (int64_t)(h & (uint64_t)(b->n_slots - 1));
	int64_t c;
	cseg__tx_slot *sl;

	while ((sl = &b->slots[s])->tag != 0) {
		if ((sl->tag & ~0xffffffffULL) == tag &&
		    (len <= 8 ? sl->word == word :
		     memcmp(tx->id_buf + sl->word, id, len) == 0 && tx->id_buf[sl->word + len] == '\0')) {
			*out = (int32_t)((uint32_t)sl->tag - 1);
			return CSEG_OK;
		}
		s = (s + 1) & (b->n_slots - 1);
	}
	c = tx->n_customers;
	if (c == INT32_MAX)
		return CSEG_E_INVALID_ARG;  /* the caller names the limit */
	if (c == b->cust_cap) {
		if (!grow_big((void **)&tx->id_off, b->cust_cap * 2, sizeof(int64_t)))
			return CSEG_E_NOMEM;
		b->cust_cap *= 2;
	}
	while (b->id_len + len + 1 > b->id_cap) {
		if (!grow_big((void **)&tx->id_buf, (int64_t)b->id_cap * 2, 1))
			return CSEG_E_NOMEM;
		b->id_cap *= 2;
	}
	memcpy(tx->id_buf + b->id_len, id, len);
	tx->id_buf[b->id_len + len] = '\0';
	tx->id_off[c] = (int64_t)b->id_len;
	sl->tag = tag | (uint64_t)((uint32_t)c + 1u);
	sl->word = len <= 8 ? word : (uint64_t)b->id_len;
	b->id_len += len + 1;
	tx->n_customers++;
	*out = (int32_t)c;
	if (tx->n_customers * 2 > b->n_slots)
		return rehash(b);
	return CSEG_OK;
}

cseg_status cseg__txb_add(cseg__tx_builder *b, const char *id, size_t id_len, uint64_t hash, int64_t day,
	double amount, double quantity)
{
	cseg_transactions *tx = b->tx;
	int32_t c = -1;
	cseg_status st;

	if (tx->n_rows == b->row_cap) {
		int64_t cap = b->row_cap * 2;
		if (!grow_big((void **)&tx->customer, cap, sizeof(int32_t)) ||
		    !grow_big((void **)&tx->day, cap, sizeof(int32_t)) ||
		    !grow_big((void **)&tx->amount, cap, sizeof(double)) ||
		    (tx->quantity && !grow_big((void **)&tx->quantity, cap, sizeof(double))))
			return CSEG_E_NOMEM;
		for (int a = 0; a < CSEG__TX_N_ATTR; a++)
			if (tx->attr[a].code && !grow_big((void **)&tx->attr[a].code, cap, sizeof(int32_t)))
				return CSEG_E_NOMEM;
		b->row_cap = cap;
	}
	st = intern(b, id, id_len, hash, &c);
	if (st != CSEG_OK)
		return st;
	tx->customer[tx->n_rows] = c;
	tx->day[tx->n_rows] = (int32_t)day;
	tx->amount[tx->n_rows] = amount;
	if (tx->quantity)
		tx->quantity[tx->n_rows] = quantity;
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		if (tx->attr[a].code)
			tx->attr[a].code[tx->n_rows] = -1;
	tx->n_rows++;
	if (day < tx->first_day)
		tx->first_day = day;
	if (day > tx->last_day)
		tx->last_day = day;
	return CSEG_OK;
}

cseg_status cseg__txb_skip(cseg__tx_builder *b, int64_t line, const char *reason)
{
	cseg_transactions *tx = b->tx;

	tx->n_skipped++;
	if (tx->n_skips == CSEG__TX_SKIP_KEEP)
		return CSEG_OK;
	if (!tx->skips && !(tx->skips = cseg__malloc_array(CSEG__TX_SKIP_KEEP, sizeof(cseg__tx_skip))))
		return CSEG_E_NOMEM;
	tx->skips[tx->n_skips].line = line;
	snprintf(tx->skips[tx->n_skips].reason, CSEG__TX_REASON_LEN, "%s", reason);
	tx->n_skips++;
	return CSEG_OK;
}

/* Shrink a large array to n elements; keeps the larger block if that fails. */
static void trim(void **p, int64_t n, size_t size)
{
	if (*p && n > 0)
		grow_big(p, n, size);
}

/* Totals of the returns report (compensated sums: 10 million amounts). */
static cseg_status report(cseg_transactions *tx)
{
	const int64_t nc = tx->n_customers;
	double *net = array_zeroed((size_t)nc + 1, sizeof(double));
	double *gross = array_zeroed((size_t)nc + 1, sizeof(double));
	unsigned char *buys = array_zeroed((size_t)nc + 1, 1);
	double sum = 0.0, comp = 0.0, ret = 0.0, rcomp = 0.0;

	if (!net || !gross || !buys) {
		cseg__tx_array_free(net);
		cseg__tx_array_free(gross);
		cseg__tx_array_free(buys);
		return CSEG_E_NOMEM;
	}
	tx->n_returns = tx->n_zero = 0;
	for (int64_t i = 0; i < tx->n_rows; i++) {
		double a = tx->amount[i], t;
		int32_t c = tx->customer[i];
		/* Neumaier summation. */
		t = sum + a;
		comp += fabs(sum) >= fabs(a) ? (sum - t) + a : (a - t) + sum;
		sum = t;
		net[c] += a;
		if (a < 0.0) {
			tx->n_returns++;
			t = ret - a;
			rcomp += fabs(ret) >= fabs(a) ? (ret - t) - a : (-a - t) + ret;
			ret = t;
		} else {
			tx->n_zero += a == 0.0;
			gross[c] += a;
			buys[c] = 1;
		}
	}
	tx->net = sum + comp;
	tx->returned = ret + rcomp;
	tx->n_net_nonpositive = tx->n_return_only = 0;
	for (int64_t c = 0; c < nc; c++) {
		/* Net spend within rounding of zero (1e-9 of the purchases) counts as
		 * zero, so 0.1 + 0.2 - 0.3 is a full refund. */
		tx->n_net_nonpositive += net[c] <= 1e-9 * gross[c];
		tx->n_return_only += !buys[c];
	}
	cseg__tx_array_free(net);
	cseg__tx_array_free(gross);
	cseg__tx_array_free(buys);
	return CSEG_OK;
}

cseg_transactions *cseg__txb_finish(cseg__tx_builder *b)
{
	cseg_transactions *tx = b->tx;

	/* The lookup tables go first: the report's per-customer sums reuse the memory. */
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		dict_free(&b->dict[a]);
	cseg__tx_array_free(b->slots);
	b->slots = NULL;
	if (report(tx) != CSEG_OK) {
		cseg__txb_discard(b);
		return NULL;
	}
	b->tx = NULL;
	/* Give back the unused halves of the doubled arrays. */
	trim((void **)&tx->customer, tx->n_rows, sizeof(int32_t));
	trim((void **)&tx->day, tx->n_rows, sizeof(int32_t));
	trim((void **)&tx->amount, tx->n_rows, sizeof(double));
	trim((void **)&tx->quantity, tx->n_rows, sizeof(double));
	for (int a = 0; a < CSEG__TX_N_ATTR; a++)
		trim((void **)&tx->attr[a].code, tx->n_rows, sizeof(int32_t));
	trim((void **)&tx->id_buf, (int64_t)b->id_len, 1);
	trim((void **)&tx->id_off, tx->n_customers, sizeof(int64_t));
	cseg__handle_created();
	return tx;
}

/* ---- Attribute levels (channel, region, category) ---- */

cseg_status cseg__txb_attr_enable(cseg__tx_builder *b, int a)
{
	cseg__tx_attr *at = &b->tx->attr[a];
	cseg__tx_level_dict *d = &b->dict[a];

	at->code = cseg__tx_array_resize(NULL, (size_t)(b->row_cap > 0 ? b->row_cap : 1), sizeof(int32_t));
	at->buf = cseg__malloc(256);
	at->off = cseg__malloc_array(16, sizeof(int64_t));
	d->hashes = cseg__malloc_array(16, sizeof(uint64_t));
	d->slots = cseg__malloc_array(64, sizeof(int32_t));
	if (!at->code || !at->buf || !at->off || !d->hashes || !d->slots)
		return CSEG_E_NOMEM;
	for (int64_t i = 0; i < b->tx->n_rows; i++)
		at->code[i] = -1;
	d->buf_cap = 256;
	d->cap = 16;
	d->n_slots = 64;
	memset(d->slots, 0xff, 64 * sizeof(int32_t));
	return CSEG_OK;
}

static cseg_status dict_rehash(cseg__tx_level_dict *d, int64_t n_levels)
{
	int64_t n = d->n_slots * 2;
	int32_t *slots = cseg__malloc_array((size_t)n, sizeof(int32_t));

	if (!slots)
		return CSEG_E_NOMEM;
	memset(slots, 0xff, (size_t)n * sizeof(int32_t));
	for (int64_t l = 0; l < n_levels; l++) {
		int64_t s = (int64_t)(d->hashes[l] & (uint64_t)(n - 1));
		while (slots[s] >= 0)
			s = (s + 1) & (n - 1);
		slots[s] = (int32_t)l;
	}
	free(d->slots);
	d->slots = slots;
	d->n_slots = n;
	return CSEG_OK;
}

cseg_status cseg__txb_attr_set(cseg__tx_builder *b, int a, int64_t row, const char *s, size_t len)
{
	cseg__tx_attr *at = &b->tx->attr[a];
	cseg__tx_level_dict *d = &b->dict[a];
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
		if (d->hashes[l] == h && memcmp(known, s, len) == 0 && known[len] == '\0') {
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
	d->slots[slot] = (int32_t)l;
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

/* ---- Array constructors ---- */

/* Checks and builds from day numbers (text = 0) or date strings (text = 1). */
static cseg_status new_from_arrays(cseg_transactions **out, const char *fn, const char *const *ids,
	int text, const int64_t *days, const char *const *dates, const double *amounts,
	const double *quantities, int64_t n_rows)
{
	cseg__tx_builder b;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (!ids || !(text ? (const void *)dates : (const void *)days) || !amounts)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn,
			!ids ? "ids" : !amounts ? "amounts" : text ? "dates" : "days");
	if (n_rows < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_rows = %lld, need at least 1", fn, (long long)n_rows);
	/* Validate every row before allocating, so errors name the first bad row. */
	for (int64_t i = 0; i < n_rows; i++) {
		int64_t d = 0;
		if (!ids[i])
			return cseg__error(CSEG_E_INVALID_ARG, "%s: ids[%lld] is NULL", fn, (long long)i);
		if (days && (days[i] < CSEG__DAY_MIN || days[i] > CSEG__DAY_MAX))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: days[%lld] = %lld outside years 1..9999", fn,
				(long long)i, (long long)days[i]);
		if (dates && !dates[i])
			return cseg__error(CSEG_E_INVALID_ARG, "%s: dates[%lld] is NULL", fn, (long long)i);
		if (dates) {
			cseg__date_check dc = cseg__tx_parse_date(dates[i], strlen(dates[i]), CSEG_DATE_AUTO, &d);
			if (dc != CSEG__DATE_OK)
				return cseg__error(CSEG_E_INVALID_ARG, "%s: dates[%lld] = '%.40s' is %s", fn, (long long)i,
					dates[i], dc == CSEG__DATE_INVALID ? "not a calendar date (years 1..9999)" :
					"not a YYYY-MM-DD or YYYYMMDD date");
		}
		if (!isfinite(amounts[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: amounts[%lld] is not finite", fn, (long long)i);
		if (quantities && !isfinite(quantities[i]))
			return cseg__error(CSEG_E_INVALID_ARG, "%s: quantities[%lld] is not finite", fn, (long long)i);
	}
	st = cseg__txb_init(&b, quantities != NULL);
	for (int64_t i = 0; st == CSEG_OK && i < n_rows; i++) {
		int64_t d = 0;
		if (days)
			d = days[i];
		else
			cseg__tx_parse_date(dates[i], strlen(dates[i]), CSEG_DATE_AUTO, &d);
		size_t len = strlen(ids[i]);
		st = cseg__txb_add(&b, ids[i], len, cseg__txb_hash(&b, ids[i], len), d, amounts[i],
			quantities ? quantities[i] : 1.0);
	}
	if (st != CSEG_OK) {
		cseg__txb_discard(&b);
		if (st == CSEG_E_NOMEM)
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
		return cseg__error(st, "%s: more than %d distinct customers", fn, INT32_MAX);
	}
	*out = cseg__txb_finish(&b);
	if (!*out)
		return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
	return CSEG_OK;
}

cseg_status cseg_transactions_new(cseg_transactions **out, const char *const *ids,
	const int64_t *days, const double *amounts, const double *quantities, int64_t n_rows)
{
	return new_from_arrays(out, "cseg_transactions_new", ids, 0, days, NULL, amounts, quantities, n_rows);
}

cseg_status cseg_transactions_new_date_strings(cseg_transactions **out, const char *const *ids,
	const char *const *dates, const double *amounts, const double *quantities, int64_t n_rows)
{
	return new_from_arrays(out, "cseg_transactions_new_date_strings", ids, 1, NULL, dates, amounts,
		quantities, n_rows);
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
	if (!tx)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_copy_rows: tx is NULL");
	if (n_out != tx->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_transactions_copy_rows: n_out = %lld, expected %lld",
			(long long)n_out, (long long)tx->n_rows);
	for (int64_t i = 0; i < n_out; i++) {
		if (customers_out)
			customers_out[i] = tx->customer[i];
		if (days_out)
			days_out[i] = tx->day[i];
		if (quantities_out)
			quantities_out[i] = tx->quantity ? tx->quantity[i] : 1.0;
	}
	if (amounts_out)
		memcpy(amounts_out, tx->amount, (size_t)n_out * sizeof(double));
	return CSEG_OK;
}

/* ---- String attributes ---- */

cseg_status cseg_transactions_set_attribute(cseg_transactions *tx, cseg_tx_option column,
	const char *const *values, int64_t n_values)
{
	static const char fn[] = "cseg_transactions_set_attribute";
	int a = attr_index(column);
	cseg__tx_builder b;
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
		st = cseg__txb_attr_enable(&b, a);
		for (int64_t i = 0; st == CSEG_OK && i < tx->n_rows; i++)
			st = cseg__txb_attr_set(&b, a, i, values[i] ? values[i] : "", values[i] ? strlen(values[i]) : 0);
		if (st != CSEG_OK) {
			cseg__txb_discard(&b);
			return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
		}
	}
	cseg__tx_array_free(tx->attr[a].code);
	free(tx->attr[a].buf);
	free(tx->attr[a].off);
	tx->attr[a] = b.tx->attr[a];
	memset(&b.tx->attr[a], 0, sizeof(b.tx->attr[a]));
	b.tx->n_rows = 0;
	cseg__txb_discard(&b);
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

int cseg_transactions_has_quantity(const cseg_transactions *tx)
{
	return tx && tx->quantity != NULL;
}

/* ---- Returns and skipped rows ---- */

int64_t cseg_transactions_n_returns(const cseg_transactions *tx)
{
	return tx ? tx->n_returns : -1;
}

int64_t cseg_transactions_n_zero_amounts(const cseg_transactions *tx)
{
	return tx ? tx->n_zero : -1;
}

double cseg_transactions_returned_amount(const cseg_transactions *tx)
{
	return tx ? tx->returned : NAN;
}

double cseg_transactions_net_amount(const cseg_transactions *tx)
{
	return tx ? tx->net : NAN;
}

int64_t cseg_transactions_n_net_nonpositive_customers(const cseg_transactions *tx)
{
	return tx ? tx->n_net_nonpositive : -1;
}

int64_t cseg_transactions_n_return_only_customers(const cseg_transactions *tx)
{
	return tx ? tx->n_return_only : -1;
}

int64_t cseg_transactions_n_skipped(const cseg_transactions *tx)
{
	return tx ? tx->n_skipped : -1;
}

int64_t cseg_transactions_n_skipped_details(const cseg_transactions *tx)
{
	return tx ? tx->n_skips : -1;
}

int64_t cseg_transactions_skipped_line(const cseg_transactions *tx, int64_t i)
{
	if (!tx || i < 0 || i >= tx->n_skips)
		return -1;
	return tx->skips[i].line;
}

const char *cseg_transactions_skipped_reason(const cseg_transactions *tx, int64_t i)
{
	if (!tx || i < 0 || i >= tx->n_skips)
		return NULL;
	return tx->skips[i].reason;
}
