/* The k-selection handle: settings, the run over k and the recommendation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/core.h"
#include "kselect_internal.h"

#define N_SETTINGS 16
#define N_COLUMNS 12

typedef struct setting {
	const char *name;
	int64_t def, min, max;
} setting;

/* Indexed by cseg_kselect_key (1..14; 15 is the double SE factor). */
static const setting settings[N_SETTINGS] = {
	[CSEG_KSELECT_K_MIN] = { "k_min", 1, 1, INT32_MAX },
	[CSEG_KSELECT_K_MAX] = { "k_max", 10, 1, INT32_MAX },
	[CSEG_KSELECT_MAX_SEGMENTS] = { "max_segments", 0, 0, INT32_MAX },
	[CSEG_KSELECT_MIN_SIZE] = { "min_size", 0, 0, INT64_MAX },
	[CSEG_KSELECT_SEED] = { "seed", 0, 0, (1LL << 53) - 1 },
	[CSEG_KSELECT_N_INIT] = { "n_init", 4, 1, 100000 },
	[CSEG_KSELECT_GAP_B] = { "gap_b", 20, 0, 100000 },
	[CSEG_KSELECT_GAP_RULE] = { "gap_rule", CSEG_GAP_FIRST_SE_MAX, CSEG_GAP_FIRST_SE_MAX, CSEG_GAP_GLOBAL_MAX },
	[CSEG_KSELECT_GAP_SPACE] = { "gap_space", CSEG_GAP_SCALED_PCA, CSEG_GAP_SCALED_PCA, CSEG_GAP_ORIGINAL },
	[CSEG_KSELECT_GAP_D_POWER] = { "gap_d_power", 2, 1, 2 },
	[CSEG_KSELECT_SILHOUETTE_SAMPLE] = { "silhouette_sample", 5000, 0, INT64_MAX },
	[CSEG_KSELECT_BOOTSTRAP_B] = { "bootstrap_b", 10, 0, 100000 },
	[CSEG_KSELECT_MIXTURES] = { "mixtures", 0, 0, 1 },
	[CSEG_KSELECT_CRITERION] = { "criterion", CSEG_CRITERION_SILHOUETTE, CSEG_CRITERION_SILHOUETTE,
		CSEG_CRITERION_STABILITY },
};

struct cseg_kselect {
	int64_t value[N_SETTINGS];
	double se_factor;

	/* The last successful run. */
	int64_t n_rows;
	double *table;  /* n_rows x N_COLUMNS, row-major */
	int64_t recommended, elbow_k, gap_k;
};

cseg_status cseg_kselect_new(cseg_kselect **out)
{
	cseg_kselect *ks;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "out is NULL");
	*out = NULL;
	if (!(ks = calloc(1, sizeof(*ks))))
		return cseg__error(CSEG_E_NOMEM, "out of memory allocating a k selection");
	for (int i = 1; i < N_SETTINGS; i++)
		ks->value[i] = settings[i].def;
	ks->se_factor = 1.0;
	cseg__handle_created();
	*out = ks;
	return CSEG_OK;
}

void cseg_kselect_free(cseg_kselect *ks)
{
	if (!ks)
		return;
	free(ks->table);
	free(ks);
	cseg__handle_freed();
}

static int is_int_setting(int key)
{
	return key >= CSEG_KSELECT_K_MIN && key <= CSEG_KSELECT_CRITERION;
}

cseg_status cseg_kselect_set_int(cseg_kselect *ks, cseg_kselect_key key, int64_t value)
{
	const setting *s;

	if (!ks)
		return cseg__error(CSEG_E_INVALID_ARG, "k selection is NULL");
	if (!is_int_setting((int)key))
		return cseg__error(CSEG_E_UNSUPPORTED, "k selection key %d is not an integer setting", (int)key);
	s = &settings[key];
	if (value < s->min || value > s->max)
		return cseg__error(CSEG_E_INVALID_ARG, "%s = %lld is out of bounds [%lld, %lld]", s->name,
			(long long)value, (long long)s->min, (long long)s->max);
	ks->value[key] = value;
	return CSEG_OK;
}

cseg_status cseg_kselect_set_double(cseg_kselect *ks, cseg_kselect_key key, double value)
{
	if (!ks)
		return cseg__error(CSEG_E_INVALID_ARG, "k selection is NULL");
	if (key != CSEG_KSELECT_GAP_SE_FACTOR)
		return cseg__error(CSEG_E_UNSUPPORTED, "k selection key %d is not a double setting", (int)key);
	if (!(value >= 0) || !isfinite(value))
		return cseg__error(CSEG_E_INVALID_ARG, "gap_se_factor = %g: need a finite value >= 0", value);
	ks->se_factor = value;
	return CSEG_OK;
}

cseg_status cseg_kselect_get_int(const cseg_kselect *ks, cseg_kselect_key key, int64_t *out)
{
	if (!ks || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", ks ? "out" : "k selection");
	if (is_int_setting((int)key)) {
		*out = ks->value[key];
		return CSEG_OK;
	}
	if (key != CSEG_KSELECT_RECOMMENDED_K && key != CSEG_KSELECT_ELBOW_K && key != CSEG_KSELECT_GAP_K)
		return cseg__error(CSEG_E_UNSUPPORTED, "unknown k selection key %d", (int)key);
	if (!ks->table)
		return cseg__error(CSEG_E_NOT_FITTED, "run the k selection first (cseg_kselect_run)");
	*out = key == CSEG_KSELECT_RECOMMENDED_K ? ks->recommended
		: key == CSEG_KSELECT_ELBOW_K ? ks->elbow_k : ks->gap_k;
	return CSEG_OK;
}

int64_t cseg_kselect_n_rows(const cseg_kselect *ks)
{
	return ks ? (ks->table ? ks->n_rows : 0) : -1;
}

cseg_status cseg_kselect_get_column(const cseg_kselect *ks, int column, double *out, int64_t n_out)
{
	if (!ks || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "%s is NULL", ks ? "out" : "k selection");
	if (column < 0 || column >= N_COLUMNS)
		return cseg__error(CSEG_E_UNSUPPORTED, "unknown k selection column %d", column);
	if (!ks->table)
		return cseg__error(CSEG_E_NOT_FITTED, "run the k selection first (cseg_kselect_run)");
	if (n_out != ks->n_rows)
		return cseg__error(CSEG_E_INVALID_ARG, "n_out = %lld, but the table has %lld rows",
			(long long)n_out, (long long)ks->n_rows);
	for (int64_t i = 0; i < n_out; i++)
		out[i] = ks->table[i * N_COLUMNS + column];
	return CSEG_OK;
}

/* Every column except the gap for one k: fit, sizes, indices, stability. */
static cseg_status run_one_k(const cseg_kselect *ks, const cseg_dataset *ds, int64_t k,
	int64_t *labels, double *row)
{
	const int64_t n = ds->n_rows, seed = ks->value[CSEG_KSELECT_SEED];
	const int64_t n_init = ks->value[CSEG_KSELECT_N_INIT];
	int64_t sample = ks->value[CSEG_KSELECT_SILHOUETTE_SAMPLE], *size;
	cseg_status st;

	if ((st = cseg__kselect_kmeans(ds, k, cseg__kselect_seed(seed, 1, k, 0), n_init, labels,
	    NULL)) != CSEG_OK)
		return st;
	row[CSEG_KSEL_K] = (double)k;
	if ((st = cseg_metric_inertia(ds, labels, n, &row[CSEG_KSEL_INERTIA])) != CSEG_OK)
		return st;
	if (!(size = cseg__calloc((size_t)k, sizeof(*size))))
		return cseg__error(CSEG_E_NOMEM, "k selection: no memory for %lld sizes", (long long)k);
	for (int64_t i = 0; i < n; i++)
		size[labels[i]]++;
	row[CSEG_KSEL_MIN_SIZE] = (double)n;
	for (int64_t c = 0; c < k; c++)
		row[CSEG_KSEL_MIN_SIZE] = fmin(row[CSEG_KSEL_MIN_SIZE], (double)size[c]);
	free(size);
	if (k >= 2) {
		if (sample >= n)
			sample = 0;
		if (sample == 1)
			sample = 2;
		if ((st = cseg_metric_silhouette(ds, labels, n, sample, seed, &row[CSEG_KSEL_SILHOUETTE])) != CSEG_OK ||
		    (st = cseg_metric_calinski_harabasz(ds, labels, n, &row[CSEG_KSEL_CALINSKI])) != CSEG_OK ||
		    (st = cseg_metric_davies_bouldin(ds, labels, n, &row[CSEG_KSEL_DAVIES])) != CSEG_OK)
			return st;
	}
	/* With squared distances W is half the inertia just computed. */
	if (ks->value[CSEG_KSELECT_GAP_D_POWER] == 2)
		row[CSEG_KSEL_LOG_W] = log(row[CSEG_KSEL_INERTIA] / 2);
	else if ((st = cseg__kselect_log_w(ds, labels, k, 1, &row[CSEG_KSEL_LOG_W])) != CSEG_OK)
		return st;
	/* At k = 1 every resample agrees: no information, so no value. */
	if (k > 1 && ks->value[CSEG_KSELECT_BOOTSTRAP_B] > 0 &&
	    (st = cseg__kselect_stability(ds, k, labels, ks->value[CSEG_KSELECT_BOOTSTRAP_B], seed, n_init,
	    &row[CSEG_KSEL_STABILITY])) != CSEG_OK)
		return st;
	return CSEG_OK;
}

/* BIC and ICL of a full-covariance Gaussian mixture with k components. */
static cseg_status run_mixture(const cseg_kselect *ks, const cseg_dataset *ds, int64_t k, double *row)
{
	const int64_t n = ds->n_rows;
	cseg_assignment *a = NULL;
	cseg_model *m = NULL;
	double *conf = NULL, entropy = 0;
	cseg_algo algo;
	cseg_status st;
	int bic_key;

	if ((st = cseg_algo_lookup("gmm", &algo)) != CSEG_OK ||
	    (st = cseg_param_lookup("bic", &bic_key)) != CSEG_OK)
		return cseg__error(CSEG_E_UNSUPPORTED, "k selection: this cseg has no Gaussian mixtures "
			"for BIC and ICL");
	if ((st = cseg_model_new(&m, algo)) != CSEG_OK)
		return st;
	if ((st = cseg_model_set_int(m, CSEG_PARAM_K, k)) == CSEG_OK &&
	    (st = cseg_model_set_int(m, CSEG_PARAM_SEED, cseg__kselect_seed(ks->value[CSEG_KSELECT_SEED], 6, k, 0))) == CSEG_OK &&
	    (st = cseg_model_fit(m, ds)) == CSEG_OK &&
	    (st = cseg_model_get_double(m, bic_key, &row[CSEG_KSEL_BIC])) == CSEG_OK &&
	    (st = cseg_model_assign(m, ds, &a)) == CSEG_OK) {
		if (!(conf = cseg__malloc_array((size_t)n, sizeof(double))))
			st = cseg__error(CSEG_E_NOMEM, "k selection: no memory for %lld posteriors", (long long)n);
		else if ((st = cseg_assignment_get_confidence(a, conf, n)) == CSEG_OK) {
			/* ICL (Biernacki et al. 2000), hard-assignment form as mclust::icl. */
			for (int64_t i = 0; i < n; i++)
				entropy += log(conf[i] > 1e-300 ? conf[i] : 1e-300);
			row[CSEG_KSEL_ICL] = row[CSEG_KSEL_BIC] - 2 * entropy;
		}
	}
	free(conf);
	cseg_assignment_free(a);
	cseg_model_free(m);
	return st;
}

static int admissible(const cseg_kselect *ks, const double *row)
{
	const int64_t max_k = ks->value[CSEG_KSELECT_MAX_SEGMENTS];

	return (max_k == 0 || row[CSEG_KSEL_K] <= (double)max_k) &&
		row[CSEG_KSEL_MIN_SIZE] >= (double)ks->value[CSEG_KSELECT_MIN_SIZE];
}

/* Best admissible row by a column (sign +1: highest, -1: lowest); -1 if none. */
static int64_t best_row(const cseg_kselect *ks, const double *t, int64_t nk, int column, int sign)
{
	int64_t best = -1;

	for (int64_t i = 0; i < nk; i++) {
		const double v = t[i * N_COLUMNS + column];
		if (!admissible(ks, t + i * N_COLUMNS) || !isfinite(v))
			continue;
		if (best < 0 || sign * v > sign * t[best * N_COLUMNS + column])
			best = i;
	}
	return best;
}

/* The gap rule or the knee over the admissible rows, taken in order. */
static cseg_status rule_over_admissible(const cseg_kselect *ks, const double *t, int64_t nk,
	int elbow, int64_t *k_out)
{
	double *x = cseg__malloc_array((size_t)nk, sizeof(double));
	double *y = cseg__malloc_array((size_t)nk, sizeof(double));
	double *se = cseg__malloc_array((size_t)nk, sizeof(double));
	int64_t m = 0, idx = -1, *rows = cseg__malloc_array((size_t)nk, sizeof(int64_t));
	cseg_status st = CSEG_OK;

	*k_out = 0;
	if (!x || !y || !se || !rows) {
		st = cseg__error(CSEG_E_NOMEM, "k selection: out of memory");
		goto out;
	}
	for (int64_t i = 0; i < nk; i++) {
		const double *r = t + i * N_COLUMNS;
		if (!admissible(ks, r))
			continue;
		x[m] = r[CSEG_KSEL_K];
		y[m] = elbow ? r[CSEG_KSEL_INERTIA] : r[CSEG_KSEL_GAP];
		se[m] = r[CSEG_KSEL_GAP_SE];
		if (!isfinite(y[m]) || (!elbow && !isfinite(se[m])))
			continue;
		rows[m++] = i;
	}
	if (elbow) {
		if (m >= 3 && (st = cseg_knee(x, y, m, &idx)) != CSEG_OK)
			goto out;
	} else if (m >= 1 && (st = cseg_gap_choose(y, se, m, (int)ks->value[CSEG_KSELECT_GAP_RULE],
	    ks->se_factor, &idx)) != CSEG_OK) {
		goto out;
	}
	if (idx >= 0)
		*k_out = (int64_t)t[rows[idx] * N_COLUMNS + CSEG_KSEL_K];
out:
	free(x);
	free(y);
	free(se);
	free(rows);
	return st;
}

static cseg_status recommend(const cseg_kselect *ks, const double *t, int64_t nk, int64_t *out)
{
	int64_t row = -1;

	switch (ks->value[CSEG_KSELECT_CRITERION]) {
	case CSEG_CRITERION_GAP:
		return rule_over_admissible(ks, t, nk, 0, out);
	case CSEG_CRITERION_ELBOW:
		return rule_over_admissible(ks, t, nk, 1, out);
	case CSEG_CRITERION_SILHOUETTE: row = best_row(ks, t, nk, CSEG_KSEL_SILHOUETTE, 1); break;
	case CSEG_CRITERION_CALINSKI: row = best_row(ks, t, nk, CSEG_KSEL_CALINSKI, 1); break;
	case CSEG_CRITERION_DAVIES: row = best_row(ks, t, nk, CSEG_KSEL_DAVIES, -1); break;
	case CSEG_CRITERION_BIC: row = best_row(ks, t, nk, CSEG_KSEL_BIC, -1); break;
	case CSEG_CRITERION_ICL: row = best_row(ks, t, nk, CSEG_KSEL_ICL, -1); break;
	case CSEG_CRITERION_STABILITY: row = best_row(ks, t, nk, CSEG_KSEL_STABILITY, 1); break;
	}
	*out = row >= 0 ? (int64_t)t[row * N_COLUMNS + CSEG_KSEL_K] : 0;
	return CSEG_OK;
}

static cseg_status check_run(const cseg_kselect *ks, const cseg_dataset *ds)
{
	const int64_t k_min = ks->value[CSEG_KSELECT_K_MIN], k_max = ks->value[CSEG_KSELECT_K_MAX];
	const int64_t crit = ks->value[CSEG_KSELECT_CRITERION];
	cseg_status st;

	if ((st = cseg__dataset_check_complete(ds, "data")) != CSEG_OK)
		return st;
	if (k_min > k_max)
		return cseg__error(CSEG_E_INVALID_ARG, "k_min = %lld exceeds k_max = %lld",
			(long long)k_min, (long long)k_max);
	if (ds->n_rows <= k_max)
		return cseg__error(CSEG_E_INVALID_ARG, "k_max = %lld needs more than %lld rows",
			(long long)k_max, (long long)ds->n_rows);
	if (crit == CSEG_CRITERION_GAP && ks->value[CSEG_KSELECT_GAP_B] == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "criterion 'gap' needs gap_b > 0");
	if ((crit == CSEG_CRITERION_BIC || crit == CSEG_CRITERION_ICL) && !ks->value[CSEG_KSELECT_MIXTURES])
		return cseg__error(CSEG_E_INVALID_ARG, "criteria 'bic' and 'icl' need mixtures = 1");
	if (crit == CSEG_CRITERION_STABILITY && ks->value[CSEG_KSELECT_BOOTSTRAP_B] == 0)
		return cseg__error(CSEG_E_INVALID_ARG, "criterion 'stability' needs bootstrap_b > 0");
	if (crit == CSEG_CRITERION_ELBOW && k_max - k_min < 2)
		return cseg__error(CSEG_E_INVALID_ARG, "criterion 'elbow' needs at least 3 values of k");
	return CSEG_OK;
}

cseg_status cseg_kselect_run(cseg_kselect *ks, const cseg_dataset *data)
{
	int64_t k_min, nk, *labels = NULL, elbow_k = 0, gap_k = 0, recommended = 0;
	double *t = NULL, *log_w = NULL, *gap = NULL, *se = NULL;
	cseg_status st;

	if (!ks)
		return cseg__error(CSEG_E_INVALID_ARG, "k selection is NULL");
	if ((st = check_run(ks, data)) != CSEG_OK)
		return st;
	k_min = ks->value[CSEG_KSELECT_K_MIN];
	nk = ks->value[CSEG_KSELECT_K_MAX] - k_min + 1;
	t = cseg__malloc_array((size_t)(nk * N_COLUMNS), sizeof(double));
	labels = cseg__malloc_array((size_t)data->n_rows, sizeof(int64_t));
	log_w = cseg__malloc_array((size_t)nk, sizeof(double));
	gap = cseg__malloc_array((size_t)nk, sizeof(double));
	se = cseg__malloc_array((size_t)nk, sizeof(double));
	if (!t || !labels || !log_w || !gap || !se) {
		st = cseg__error(CSEG_E_NOMEM, "k selection: out of memory for %lld values of k", (long long)nk);
		goto fail;
	}
	for (int64_t i = 0; i < nk * N_COLUMNS; i++)
		t[i] = NAN;
	for (int64_t i = 0; i < nk && st == CSEG_OK; i++) {
		double *row = t + i * N_COLUMNS;
		st = run_one_k(ks, data, k_min + i, labels, row);
		if (st == CSEG_OK && ks->value[CSEG_KSELECT_MIXTURES])
			st = run_mixture(ks, data, k_min + i, row);
		log_w[i] = row[CSEG_KSEL_LOG_W];
	}
	if (st == CSEG_OK && ks->value[CSEG_KSELECT_GAP_B] > 0) {
		st = cseg__kselect_gap(data, k_min, k_min + nk - 1, ks->value[CSEG_KSELECT_GAP_B],
			(int)ks->value[CSEG_KSELECT_GAP_SPACE], (int)ks->value[CSEG_KSELECT_GAP_D_POWER],
			ks->value[CSEG_KSELECT_SEED], ks->value[CSEG_KSELECT_N_INIT], log_w, gap, se);
		for (int64_t i = 0; i < nk && st == CSEG_OK; i++) {
			/* log W = -inf (identical rows in every segment) leaves no gap. */
			t[i * N_COLUMNS + CSEG_KSEL_GAP] = isfinite(gap[i]) ? gap[i] : NAN;
			t[i * N_COLUMNS + CSEG_KSEL_GAP_SE] = isfinite(gap[i]) ? se[i] : NAN;
		}
	}
	if (st == CSEG_OK) {
		/* The elbow and gap choices ignore the business limits; the
		 * recommendation applies them. */
		cseg_kselect unlimited = *ks;
		unlimited.value[CSEG_KSELECT_MAX_SEGMENTS] = 0;
		unlimited.value[CSEG_KSELECT_MIN_SIZE] = 0;
		st = rule_over_admissible(&unlimited, t, nk, 1, &elbow_k);
		if (st == CSEG_OK && ks->value[CSEG_KSELECT_GAP_B] > 0)
			st = rule_over_admissible(&unlimited, t, nk, 0, &gap_k);
		if (st == CSEG_OK)
			st = recommend(ks, t, nk, &recommended);
	}
	if (st == CSEG_OK) {
		free(ks->table);
		ks->table = t;
		ks->n_rows = nk;
		ks->elbow_k = elbow_k;
		ks->gap_k = gap_k;
		ks->recommended = recommended;
		t = NULL;
	}
fail:
	free(t);
	free(labels);
	free(log_w);
	free(gap);
	free(se);
	return st;
}
