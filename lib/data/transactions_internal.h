/* The transaction log structure, private to the library (read by lib/clv
 * and lib/data/features.c). */
#ifndef CSEG_TRANSACTIONS_INTERNAL_H
#define CSEG_TRANSACTIONS_INTERNAL_H

#include "cseg/cseg_transactions.h"

/* Optional string columns (channel, region, category), index = key - 104. */
#define CSEG__TX_N_ATTR 3
#define CSEG__TX_ATTR_KEY0 104

/* Levels are interned: each row stores a level index, -1 for an empty cell. */
typedef struct cseg__tx_attr {
	int32_t *code;         /* n_rows level indices; NULL when the column is absent */
	char *buf;             /* NUL-terminated level strings, back to back */
	int64_t *off;          /* n_levels offsets into buf */
	int64_t n_levels;
} cseg__tx_attr;

struct cseg_transactions {
	int64_t n_rows;
	int64_t n_customers;
	int64_t n_skipped;     /* malformed rows skipped by the reader */
	int64_t *customer;     /* n_rows customer indices, 0..n_customers-1 */
	int64_t *day;          /* n_rows days since 1970-01-01 */
	double *amount;        /* n_rows */
	double *quantity;      /* n_rows (1 when the file has none) */
	char *id_buf;          /* NUL-terminated IDs, back to back */
	int64_t *id_off;       /* n_customers offsets into id_buf */
	int64_t first_day;
	int64_t last_day;
	int64_t n_returns;     /* rows with a negative amount */
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
