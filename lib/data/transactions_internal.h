/* The transaction log structure, private to the library (read by lib/clv
 * and lib/data/features.c).
 *
 * Per row the log holds a 4-byte customer index, a 4-byte day and an 8-byte
 * amount (16 bytes), plus 8 bytes when a quantity column was read and 4 per
 * string attribute: 10 million rows of (customer, date, amount) take 160 MB. */
#ifndef CSEG_TRANSACTIONS_INTERNAL_H
#define CSEG_TRANSACTIONS_INTERNAL_H

#include "cseg/cseg_transactions.h"

/* Optional string columns (channel, region, category), index = key - 104. */
#define CSEG__TX_N_ATTR 3
#define CSEG__TX_ATTR_KEY0 104

/* Skipped rows whose line and reason are kept (CSEG_TX_SKIPPED_DETAILS_MAX). */
#define CSEG__TX_SKIP_KEEP 100
#define CSEG__TX_REASON_LEN 160

/* Levels are interned: each row stores a level index, -1 for an empty cell. */
typedef struct cseg__tx_attr {
	int32_t *code;         /* n_rows level indices; NULL when the column is absent */
	char *buf;             /* NUL-terminated level strings, back to back */
	int64_t *off;          /* n_levels offsets into buf */
	int64_t n_levels;
} cseg__tx_attr;

typedef struct cseg__tx_skip {
	int64_t line;                       /* 1-based line of the skipped row */
	char reason[CSEG__TX_REASON_LEN];   /* "column 14: field 3 (amount): ..." */
} cseg__tx_skip;

struct cseg_transactions {
	int64_t n_rows;
	int64_t n_customers;   /* at most INT32_MAX */
	int64_t n_skipped;     /* malformed rows skipped by the reader */
	int32_t *customer;     /* n_rows customer indices, 0..n_customers-1 */
	int32_t *day;          /* n_rows days since 1970-01-01 (years 1..9999 fit) */
	double *amount;        /* n_rows */
	double *quantity;      /* n_rows, or NULL when every quantity is 1 */
	char *id_buf;          /* NUL-terminated IDs, back to back */
	int64_t *id_off;       /* n_customers offsets into id_buf */
	int64_t first_day;
	int64_t last_day;
	/* The returns report, computed once when the log is built. */
	int64_t n_returns;     /* rows with a negative amount */
	int64_t n_zero;        /* rows with an amount of 0 */
	double returned;       /* sum of -amount over the returns (>= 0) */
	double net;            /* sum of every amount */
	int64_t n_net_nonpositive;  /* customers whose amounts add up to <= 0 */
	int64_t n_return_only;      /* customers with returns and no row >= 0 */
	cseg__tx_skip *skips;  /* the first CSEG__TX_SKIP_KEEP skipped rows, or NULL */
	int64_t n_skips;
	cseg__tx_attr attr[CSEG__TX_N_ATTR];  /* channel, region, category */
};

static inline const char *cseg__tx_id(const cseg_transactions *tx, int64_t c)
{
	return tx->id_buf + tx->id_off[c];
}

static inline const char *cseg__tx_level(const cseg_transactions *tx, int a, int64_t level)
{
	return tx->attr[a].buf + tx->attr[a].off[level];
}

#endif /* CSEG_TRANSACTIONS_INTERNAL_H */
