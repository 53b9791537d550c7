/* Building a transaction log row by row: shared by the array constructors
 * (transactions.c) and the streaming file reader (transactions_read.c).
 * Private to lib/data. */
#ifndef CSEG_TRANSACTIONS_BUILD_H
#define CSEG_TRANSACTIONS_BUILD_H

#include <stddef.h>

#include "transactions_internal.h"

/* First and last day of years 1..9999. */
#define CSEG__DAY_MIN (-719162)  /* 0001-01-01 */
#define CSEG__DAY_MAX 2932896    /* 9999-12-31 */

/* Reader columns: id, date, amount, quantity, channel, region, category;
 * index = key - CSEG_TX_COLUMN_ID; CSEG__TX_COL_ATTR0.. are the string
 * attributes (index - CSEG__TX_COL_ATTR0 in tx->attr). */
enum { CSEG__TX_N_COLS = 7, CSEG__TX_N_REQUIRED = 3, CSEG__TX_COL_ATTR0 = 4 };

extern const char *const cseg__tx_col_role[CSEG__TX_N_COLS];

struct cseg_tx_options {
	int64_t col_pos[CSEG__TX_N_COLS];  /* -1 when by name or absent */
	char *col_name[CSEG__TX_N_COLS];   /* NULL when by position */
	int delimiter;
	int header;
	int skip_bad;
	int date_format;
};

/* The defaults of cseg_tx_options_new, without allocating. */
void cseg__tx_options_defaults(cseg_tx_options *o);

/* Outcome of parsing a date cell. */
typedef enum cseg__date_check {
	CSEG__DATE_OK = 0,
	CSEG__DATE_SHAPE,    /* neither YYYY-MM-DD nor YYYYMMDD (or not the chosen format) */
	CSEG__DATE_INVALID   /* the right shape but not a calendar day (2023-02-30, year 0) */
} cseg__date_check;

cseg__date_check cseg__tx_parse_date(const char *s, size_t n, cseg_date_format format, int64_t *out);

/* A log under construction. Row arrays grow by doubling through realloc
 * (large blocks are remapped, not copied, so growth does not double the
 * resident size) and are trimmed to size at the end. */
typedef struct cseg__tx_level_dict {
	size_t buf_cap, buf_len;
	int64_t cap;
	uint64_t *hashes;
	int32_t *slots;
	int64_t n_slots;
} cseg__tx_level_dict;

typedef struct cseg__tx_slot {
	uint64_t tag;   /* hash bits, short-ID bit, customer + 1; 0 = empty */
	uint64_t word;  /* the ID itself (<= 8 bytes) or its offset in id_buf */
} cseg__tx_slot;

typedef struct cseg__tx_builder {
	cseg_transactions *tx;
	int64_t row_cap;
	int64_t cust_cap;
	size_t id_cap;
	size_t id_len;
	cseg__tx_slot *slots;  /* customer hash table (transactions.c) */
	int64_t n_slots;     /* power of two, >= 2 * customers */
	cseg__tx_level_dict dict[CSEG__TX_N_ATTR];
} cseg__tx_builder;

/* Start an empty log; with_quantity = 0 leaves tx->quantity NULL. */
cseg_status cseg__txb_init(cseg__tx_builder *b, int with_quantity);
/* Hash of a customer ID for cseg__txb_add; also prefetches its hash slot,
 * so calling it before parsing the rest of the row hides the cache miss. */
uint64_t cseg__txb_hash(const cseg__tx_builder *b, const char *id, size_t len);
/* Append a row (the ID interned; it must hold no NUL byte; hash from
 * cseg__txb_hash); CSEG_E_NOMEM, or CSEG_E_INVALID_ARG past INT32_MAX
 * customers (no message: the caller sets it). */
cseg_status cseg__txb_add(cseg__tx_builder *b, const char *id, size_t id_len, uint64_t hash, int64_t day,
	double amount, double quantity);
/* Store attribute a from now on (earlier rows get -1). */
cseg_status cseg__txb_attr_enable(cseg__tx_builder *b, int a);
/* Level of the last added row for attribute a; empty = -1. */
cseg_status cseg__txb_attr_set(cseg__tx_builder *b, int a, int64_t row, const char *s, size_t len);
/* Count a skipped row, keeping the first CSEG__TX_SKIP_KEEP reasons. */
cseg_status cseg__txb_skip(cseg__tx_builder *b, int64_t line, const char *reason);
/* Trim the arrays, compute the returns report and hand the log over (a new
 * handle); NULL and b discarded when out of memory. */
cseg_transactions *cseg__txb_finish(cseg__tx_builder *b);
void cseg__txb_discard(cseg__tx_builder *b);

/* The log's large arrays (row columns, IDs): mapped memory on Linux, so
 * growth neither copies nor leaves outgrown copies resident. Resize keeps p
 * on failure (NULL returned); free accepts NULL. Nothing else may free them. */
void *cseg__tx_array_resize(void *p, size_t n, size_t size);
void cseg__tx_array_free(void *p);

/* Test hook: bytes per read of the file reader (0 restores 1 MiB). Not
 * thread-safe; tests use tiny values to put records across chunk ends. */
void cseg__tx_set_read_chunk(size_t bytes);

#endif /* CSEG_TRANSACTIONS_BUILD_H */
