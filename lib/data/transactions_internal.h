/* The transaction log structure, private to the library (read by lib/clv
 * and, later, by the RFM features). */
#ifndef CSEG_TRANSACTIONS_INTERNAL_H
#define CSEG_TRANSACTIONS_INTERNAL_H

#include "cseg/cseg_transactions.h"

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
};

static inline const char *cseg__tx_id(const cseg_transactions *tx, int64_t c)
{
	return tx->id_buf + tx->id_off[c];
}

#endif /* CSEG_TRANSACTIONS_INTERNAL_H */
