/* Per-customer summaries (x, t_x, T, zbar, holdout) from a transaction log,
 * with the conventions of the literature and of `lifetimes`: purchases on
 * one day are one purchase, the first day is not a repeat. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "data/transactions_internal.h"
#include "clv_internal.h"

typedef struct day_amount {
	int64_t day;
	double amount;
} day_amount;

static int cmp_day(const void *a, const void *b)
{
	const day_amount *u = a, *v = b;
	return (u->day > v->day) - (u->day < v->day);
}

static void summary_destroy(cseg_clv_summary *s)
{
	if (!s)
		return;
	for (int c = 0; c < 7; c++)
		free(s->col[c]);
	free(s->id_buf);
	free(s->id_off);
	free(s);
}

cseg_status cseg_clv_summary_new(cseg_clv_summary **out, const cseg_transactions *tx,
	int64_t calibration_end, int64_t observation_end, cseg_time_unit unit)
{
	static const char fn[] = "cseg_clv_summary_new";
	int64_t *start = NULL, *fill = NULL, n_keep = 0, id_len = 0;
	day_amount *rows = NULL;
	cseg_clv_summary *s = NULL;
	const int64_t nc = tx ? tx->n_customers : 0;
	const double u = (double)unit;
	const int holdout = observation_end != CSEG_DATE_NONE;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	*out = NULL;
	if (!tx)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: tx is NULL", fn);
	if (unit != CSEG_TIME_DAYS && unit != CSEG_TIME_WEEKS)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: unit %d is neither CSEG_TIME_DAYS nor CSEG_TIME_WEEKS", fn,
			(int)unit);
	if (calibration_end == CSEG_DATE_NONE)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: calibration_end is required", fn);
	if (holdout && observation_end <= calibration_end)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: observation_end (%lld) must be after calibration_end (%lld)",
			fn, (long long)observation_end, (long long)calibration_end);

	/* Group rows by customer (counting sort), then sort each group by day. */
	start = cseg__calloc((size_t)nc + 1, sizeof(int64_t));
	fill = cseg__malloc_array((size_t)nc + 1, sizeof(int64_t));
	rows = cseg__malloc_array((size_t)tx->n_rows, sizeof(day_amount));
	s = cseg__calloc(1, sizeof(*s));
	if (!start || !fill || !rows || !s)
		goto nomem;
	for (int64_t i = 0; i < tx->n_rows; i++)
		start[tx->customer[i] + 1]++;
	for (int64_t c = 0; c < nc; c++)
		start[c + 1] += start[c];
	memcpy(fill, start, (size_t)(nc + 1) * sizeof(int64_t));
	for (int64_t i = 0; i < tx->n_rows; i++) {
		day_amount *r = &rows[fill[tx->customer[i]]++];
		r->day = tx->day[i];
		r->amount = tx->amount[i];
	}
	for (int64_t c = 0; c < nc; c++) {
		qsort(rows + start[c], (size_t)(start[c + 1] - start[c]), sizeof(day_amount), cmp_day);
		if (rows[start[c]].day <= calibration_end) {
			n_keep++;
			id_len += (int64_t)strlen(cseg__tx_id(tx, c)) + 1;
		}
	}
	if (n_keep == 0) {
		summary_destroy(s);
		free(start);
		free(fill);
		free(rows);
		return cseg__error(CSEG_E_INVALID_ARG, "%s: no customer purchased by the calibration end", fn);
	}
	s->n = n_keep;
	for (int c = 0; c < 7; c++)
		if (!(s->col[c] = cseg__calloc((size_t)n_keep, sizeof(double))))
			goto nomem;
	s->id_buf = cseg__malloc((size_t)id_len);
	s->id_off = cseg__malloc_array((size_t)n_keep, sizeof(int64_t));
	if (!s->id_buf || !s->id_off)
		goto nomem;
	s->holdout_length = holdout ? (double)(observation_end - calibration_end) / u : 0.0;

	{
		int64_t k = 0, off = 0;
		for (int64_t c = 0; c < nc; c++) {
			const day_amount *r = rows + start[c];
			const int64_t m = start[c + 1] - start[c], first = r[0].day;
			int64_t last = first, x = 0, xh = 0, j = 0;
			double rep_total = 0.0, hold_total = 0.0;
			const char *id = cseg__tx_id(tx, c);
			size_t len = strlen(id) + 1;

			if (first > calibration_end)
				continue;
			while (j < m) {
				const int64_t day = r[j].day;
				double total = 0.0;
				while (j < m && r[j].day == day)
					total += r[j++].amount;
				if (day == first)
					continue;
				if (day <= calibration_end) {
					x++;
					last = day;
					rep_total += total;
				} else if (holdout && day <= observation_end) {
					xh++;
					hold_total += total;
				}
			}
			s->col[CSEG_CLV_X][k] = (double)x;
			s->col[CSEG_CLV_T_X][k] = (double)(last - first) / u;
			s->col[CSEG_CLV_T][k] = (double)(calibration_end - first) / u;
			s->col[CSEG_CLV_ZBAR][k] = x > 0 ? rep_total / (double)x : 0.0;
			s->col[CSEG_CLV_X_HOLDOUT][k] = (double)xh;
			s->col[CSEG_CLV_ZBAR_HOLDOUT][k] = xh > 0 ? hold_total / (double)xh : 0.0;
			s->col[CSEG_CLV_FIRST_DAY][k] = (double)first;
			memcpy(s->id_buf + off, id, len);
			s->id_off[k] = off;
			off += (int64_t)len;
			k++;
		}
	}
	free(start);
	free(fill);
	free(rows);
	cseg__handle_created();
	*out = s;
	return CSEG_OK;

nomem:
	summary_destroy(s);
	free(start);
	free(fill);
	free(rows);
	return cseg__error(CSEG_E_NOMEM, "%s: out of memory", fn);
}

void cseg_clv_summary_free(cseg_clv_summary *summary)
{
	if (!summary)
		return;
	summary_destroy(summary);
	cseg__handle_freed();
}

int64_t cseg_clv_summary_n_customers(const cseg_clv_summary *summary)
{
	return summary ? summary->n : -1;
}

double cseg_clv_summary_holdout_length(const cseg_clv_summary *summary)
{
	return summary ? summary->holdout_length : NAN;
}

const char *cseg_clv_summary_id(const cseg_clv_summary *summary, int64_t row)
{
	if (!summary || row < 0 || row >= summary->n)
		return NULL;
	return summary->id_buf + summary->id_off[row];
}

cseg_status cseg_clv_summary_copy_column(const cseg_clv_summary *summary, cseg_clv_column column,
	double *out, int64_t n_out)
{
	static const char fn[] = "cseg_clv_summary_copy_column";

	if (!summary || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: %s is NULL", fn, summary ? "out" : "summary");
	if ((int)column < 0 || (int)column > CSEG_CLV_FIRST_DAY)
		return cseg__error(CSEG_E_UNSUPPORTED, "%s: unknown column %d", fn, (int)column);
	if (n_out != summary->n)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out = %lld, the summary has %lld customers", fn,
			(long long)n_out, (long long)summary->n);
	memcpy(out, summary->col[column], (size_t)n_out * sizeof(double));
	return CSEG_OK;
}
