/* From one segmentation run to the report: fill a cseg_report_input with
 * the profile, an RFM grid, a PCA sample and, given a holdout, BG/NBD
 * validation, then hand it to the writer in cli/report/. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "report/report.h"

enum { MAX_POINTS = 5000, ALIVE_BINS = 10, BUCKETS = 8, MAX_PARAMS = 24 };

struct report_data {
	cseg_report_input in;
	report_kv params[MAX_PARAMS];
	char values[MAX_PARAMS][256];
	char title[512];
	double *index, *mean;
	const char **features;
	int64_t rfm_counts[25];
	double rfm_monetary[25];
	double *px, *py;
	int64_t *plabel;
	int64_t alive_counts[ALIVE_BINS];
	double actual[BUCKETS], predicted[BUCKETS];
	const char *bucket_labels[BUCKETS];
	int64_t *k_values;
	double *k_curve[5];
};

static void add_param(struct report_data *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_param(struct report_data *r, const char *key, const char *fmt, ...)
{
	int64_t i = r->in.n_params;
	va_list ap;

	if (i >= MAX_PARAMS)
		return;
	va_start(ap, fmt);
	vsnprintf(r->values[i], sizeof(r->values[i]), fmt, ap);
	va_end(ap);
	r->params[i] = (report_kv){ key, r->values[i] };
	r->in.n_params++;
}

static int64_t column_index(const cseg_dataset *ds, const char *name)
{
	for (int64_t j = 0; j < cseg_dataset_n_cols(ds); j++)
		if (strcmp(cseg_dataset_column_name(ds, j), name) == 0)
			return j;
	return -1;
}

/* The R x F grid with default 5-bin scores, when the features have the
 * three RFM columns; silently left out otherwise. */
static int rfm_grid(struct report_data *r, const cseg_dataset *raw)
{
	int64_t n = cseg_dataset_n_rows(raw), d = cseg_dataset_n_cols(raw);
	int64_t mcol = column_index(raw, "monetary");
	int64_t *rs = NULL, *fs = NULL;
	double *x = NULL, sums[25] = { 0 };
	cseg_rfm *rfm = NULL;
	cseg_status st;
	int rc = -1;

	if (column_index(raw, "recency") < 0 || column_index(raw, "frequency") < 0 || mcol < 0)
		return 0;
	rs = malloc((size_t)n * sizeof(*rs));
	fs = malloc((size_t)n * sizeof(*fs));
	x = malloc((size_t)(n * d) * sizeof(*x));
	if (!rs || !fs || !x) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	if ((st = cseg_rfm_new(&rfm)) != CSEG_OK ||
	    (st = cseg_rfm_compute_dataset(rfm, raw, "recency", "frequency", "monetary")) != CSEG_OK) {
		cli_fail("report: rfm", st);
		goto done;
	}
	cseg_rfm_get_scores(rfm, CSEG_RFM_RECENCY, rs, n);
	cseg_rfm_get_scores(rfm, CSEG_RFM_FREQUENCY, fs, n);
	cseg_dataset_copy_data(raw, x, n * d);
	for (int64_t i = 0; i < n; i++) {
		int cell = (int)((rs[i] - 1) * 5 + (fs[i] - 1));
		r->rfm_counts[cell]++;
		sums[cell] += x[i * d + mcol];
	}
	for (int c = 0; c < 25; c++)
		r->rfm_monetary[c] = r->rfm_counts[c] ? sums[c] / (double)r->rfm_counts[c] : NAN;
	r->in.rfm_counts = r->rfm_counts;
	r->in.rfm_monetary = r->rfm_monetary;
	rc = 0;
done:
	cseg_rfm_free(rfm);
	free(rs);
	free(fs);
	free(x);
	return rc;
}

/* splitmix64: the sample depends only on the seed. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* PCA of the features the model saw (all customers), drawn for a seeded
 * sample of at most MAX_POINTS of them. Needs two features. */
static int pca_sample(struct report_data *r, const struct cli_report_ctx *ctx)
{
	const cseg_dataset *fit = cli_seg_fit_data(ctx->seg, ctx->raw);
	int64_t n = cseg_dataset_n_rows(fit), m = n < MAX_POINTS ? n : MAX_POINTS;
	int64_t *order = NULL;
	double *xy = NULL, ratio[2];
	uint64_t state = (uint64_t)ctx->opts->seed;
	cseg_pca *pca = NULL;
	cseg_status st;
	int rc = -1;

	if (cseg_dataset_n_cols(fit) < 2 || n < 3)
		return 0;
	order = malloc((size_t)n * sizeof(*order));
	xy = malloc((size_t)(2 * n) * sizeof(*xy));
	r->px = malloc((size_t)m * sizeof(double));
	r->py = malloc((size_t)m * sizeof(double));
	r->plabel = malloc((size_t)m * sizeof(int64_t));
	if (!order || !xy || !r->px || !r->py || !r->plabel) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	if ((st = cseg_pca_new(&pca, fit, 2)) != CSEG_OK ||
	    (st = cseg_pca_transform(pca, fit, xy, 2 * n)) != CSEG_OK ||
	    (st = cseg_pca_get(pca, CSEG_PCA_EXPLAINED_RATIO, ratio, 2)) != CSEG_OK) {
		cli_fail("report: pca", st);
		goto done;
	}
	/* Partial Fisher-Yates: the first m entries are a uniform sample. */
	for (int64_t i = 0; i < n; i++)
		order[i] = i;
	for (int64_t i = 0; i < m && m < n; i++) {
		int64_t j = i + (int64_t)(next_random(&state) % (uint64_t)(n - i)), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	for (int64_t i = 0; i < m; i++) {
		r->px[i] = xy[2 * order[i]];
		r->py[i] = xy[2 * order[i] + 1];
		r->plabel[i] = ctx->seg->labels[order[i]];
	}
	r->in.n_points = m;
	r->in.pca_x = r->px;
	r->in.pca_y = r->py;
	r->in.pca_label = r->plabel;
	r->in.pca_explained[0] = ratio[0];
	r->in.pca_explained[1] = ratio[1];
	rc = 0;
done:
	cseg_pca_free(pca);
	free(order);
	free(xy);
	return rc;
}

/* The curves of --k auto's table; a curve without any value is left out. */
static int k_selection(struct report_data *r, const struct cli_seg *s)
{
	static const int which[5] = { CSEG_KSEL_INERTIA, CSEG_KSEL_SILHOUETTE, CSEG_KSEL_CALINSKI,
		CSEG_KSEL_GAP, CSEG_KSEL_BIC };
	const int64_t n = cseg_kselect_n_rows(s->ksel);
	const double *shown[5] = { NULL };
	double *kv = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
	cseg_status st = CSEG_OK;

	r->k_values = malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
	for (int c = 0; c < 5; c++)
		r->k_curve[c] = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
	if (!kv || !r->k_values || !r->k_curve[0] || !r->k_curve[1] || !r->k_curve[2] ||
	    !r->k_curve[3] || !r->k_curve[4]) {
		free(kv);
		fprintf(stderr, "cseg: out of memory\n");
		return -1;
	}
	if ((st = cseg_kselect_get_column(s->ksel, CSEG_KSEL_K, kv, n)) != CSEG_OK) {
		free(kv);
		cli_fail("report: k selection", st);
		return -1;
	}
	for (int64_t i = 0; i < n; i++)
		r->k_values[i] = (int64_t)kv[i];
	free(kv);
	for (int c = 0; c < 5; c++) {
		if ((st = cseg_kselect_get_column(s->ksel, which[c], r->k_curve[c], n)) != CSEG_OK) {
			cli_fail("report: k selection", st);
			return -1;
		}
		for (int64_t i = 0; i < n && !shown[c]; i++)
			if (!isnan(r->k_curve[c][i]))
				shown[c] = r->k_curve[c];
	}
	r->in.n_k = n;
	r->in.k_values = r->k_values;
	r->in.k_inertia = shown[0];
	r->in.k_silhouette = shown[1];
	r->in.k_calinski = shown[2];
	r->in.k_gap = shown[3];
	r->in.k_bic = shown[4];
	r->in.k_chosen = s->k;
	return 0;
}

/* BG/NBD fitted on the calibration period (up to as-of), P(alive) at the
 * as-of date and the holdout comparison. */
static int clv_holdout(struct report_data *r, const struct cli_report_ctx *ctx)
{
	static const char *const labels[BUCKETS] = { "0", "1", "2", "3", "4", "5", "6", "7+" };
	cseg_clv_summary *s = NULL;
	cseg_clv_model *bg = NULL;
	double *col[5] = { NULL }, *alive = NULL, p[4];
	const cseg_clv_column which[4] = { CSEG_CLV_X, CSEG_CLV_T_X, CSEG_CLV_T, CSEG_CLV_X_HOLDOUT };
	int64_t counts[BUCKETS], n = 0;
	cseg_status st;
	int rc = -1;

	if ((st = cseg_clv_summary_new(&s, ctx->tx, ctx->as_of, ctx->holdout_end, CSEG_TIME_WEEKS)) != CSEG_OK) {
		cli_fail("report: clv summary", st);
		goto done;
	}
	n = cseg_clv_summary_n_customers(s);
	for (int c = 0; c < 4; c++)
		if (!(col[c] = malloc((size_t)n * sizeof(double))))
			goto nomem;
	if (!(alive = malloc((size_t)n * sizeof(double))))
		goto nomem;
	for (int c = 0; c < 4; c++)
		cseg_clv_summary_copy_column(s, which[c], col[c], n);
	if ((st = cseg_clv_model_new(&bg, CSEG_CLV_BGNBD)) != CSEG_OK ||
	    (st = cseg_clv_model_fit_summary(bg, s, NULL)) != CSEG_OK ||
	    (st = cseg_clv_prob_alive(bg, alive, col[0], col[1], col[2], n)) != CSEG_OK ||
	    (st = cseg_clv_holdout_compare(bg, r->actual, r->predicted, counts, BUCKETS,
			cseg_clv_summary_holdout_length(s), col[0], col[1], col[2], col[3], n)) != CSEG_OK) {
		cli_fail("report: BG/NBD", st);
		goto done;
	}
	for (int64_t i = 0; i < n; i++) {
		int b = (int)(alive[i] * ALIVE_BINS);
		r->alive_counts[b < 0 ? 0 : b >= ALIVE_BINS ? ALIVE_BINS - 1 : b]++;
	}
	for (int b = 0; b < BUCKETS; b++)
		r->bucket_labels[b] = labels[b];
	r->in.n_alive_bins = ALIVE_BINS;
	r->in.alive_counts = r->alive_counts;
	r->in.n_holdout_buckets = BUCKETS;
	r->in.holdout_labels = r->bucket_labels;
	r->in.holdout_actual = r->actual;
	r->in.holdout_predicted = r->predicted;
	cseg_clv_model_get_params(bg, p, 4);
	add_param(r, "BG/NBD (weeks)", "r %.4g, alpha %.4g, a %.4g, b %.4g", p[0], p[1], p[2], p[3]);
	rc = 0;
	goto done;
nomem:
	fprintf(stderr, "cseg: out of memory\n");
done:
	for (int c = 0; c < 4; c++)
		free(col[c]);
	free(alive);
	cseg_clv_model_free(bg);
	cseg_clv_summary_free(s);
	return rc;
}

static void add_run_params(struct report_data *r, const struct cli_report_ctx *ctx)
{
	static const char *const methods[] = { "auto", "Lloyd", "Hamerly" };
	const struct cli_seg *s = ctx->seg;
	const char *text = NULL;
	char date[16], features[200] = "";
	size_t len = 0;
	double inertia;
	time_t now = time(NULL);
	struct tm tm;

	add_param(r, "input", "%s", ctx->input);
	if (ctx->as_of != CSEG_DATE_NONE && cseg_date_format_iso(date, sizeof(date), ctx->as_of) == CSEG_OK)
		add_param(r, "as-of date", "%s", date);
	if (ctx->holdout_end != CSEG_DATE_NONE &&
	    cseg_date_format_iso(date, sizeof(date), ctx->holdout_end) == CSEG_OK)
		add_param(r, "holdout end", "%s", date);
	add_param(r, "customers", "%lld", (long long)s->n);
	for (int64_t j = 0; j < s->d && len < sizeof(features); j++)
		len += (size_t)snprintf(features + len, sizeof(features) - len, "%s%s", j ? ", " : "",
			cseg_dataset_column_name(ctx->raw, j));
	add_param(r, "features", "%s", features);
	add_param(r, "transform", "%s", ctx->opts->log1p && ctx->opts->zscore ? "log1p, then z-score"
		: ctx->opts->log1p ? "log1p" : ctx->opts->zscore ? "z-score" : "none");
	add_param(r, "algorithm", "k-means (%s), k-means++ initialisation, %lld restarts",
		methods[ctx->opts->method >= 0 && ctx->opts->method <= 2 ? ctx->opts->method : 0],
		ctx->opts->n_init);
	if (s->ksel)
		add_param(r, "k", "%lld, chosen by %s over k = %lld..%lld", (long long)s->k,
			cli_ksel_criterion_name(ctx->opts->ksel.criterion), ctx->opts->ksel.k_min,
			ctx->opts->ksel.k_max);
	else
		add_param(r, "k", "%lld", (long long)s->k);
	add_param(r, "seed", "%lld", ctx->opts->seed);
	if (cseg_model_get_double(s->model, CSEG_RESULT_INERTIA, &inertia) == CSEG_OK)
		add_param(r, "inertia", "%.6g", inertia);
	if (cseg_model_get_string(s->model, CSEG_RESULT_FINGERPRINT, &text) == CSEG_OK)
		add_param(r, "data fingerprint (FNV-1a 64)", "%s", text);
	add_param(r, "library version", "cseg %s", cseg_version());
	if (cseg_model_get_string(s->model, CSEG_RESULT_CREATED, &text) == CSEG_OK)
		add_param(r, "model fitted", "%s", text);
	gmtime_r(&now, &tm);
	{
		char created[32];
		strftime(created, sizeof(created), "%Y-%m-%dT%H:%M:%SZ", &tm);
		add_param(r, "report created", "%s", created);
	}
}

int cli_report(const struct cli_report_ctx *ctx, const char *path)
{
	const struct cli_seg *s = ctx->seg;
	struct report_data *r = calloc(1, sizeof(*r));
	char err[512] = "", date[16];
	const char *base;
	int rc = -1;

	if (!r) {
		fprintf(stderr, "cseg: out of memory\n");
		return -1;
	}
	r->in.params = r->params;
	base = strrchr(ctx->input, '/') ? strrchr(ctx->input, '/') + 1 : ctx->input;
	if (ctx->as_of != CSEG_DATE_NONE && cseg_date_format_iso(date, sizeof(date), ctx->as_of) == CSEG_OK)
		snprintf(r->title, sizeof(r->title), "Customer segments of %s as of %s", base, date);
	else
		snprintf(r->title, sizeof(r->title), "Customer segments of %s", base);
	r->in.title = r->title;
	add_run_params(r, ctx);

	r->in.k = s->k;
	r->in.segment_names = s->names;
	r->in.segment_sizes = s->sizes;
	r->index = malloc((size_t)(s->k * s->d) * sizeof(double));
	r->mean = malloc((size_t)(s->k * s->d) * sizeof(double));
	r->features = malloc((size_t)s->d * sizeof(char *));
	if (!r->index || !r->mean || !r->features) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	cseg_profile_get_stat(s->profile, CSEG_PROFILE_INDEX, r->index, s->k * s->d);
	cseg_profile_get_stat(s->profile, CSEG_PROFILE_MEAN, r->mean, s->k * s->d);
	for (int64_t j = 0; j < s->d; j++)
		r->features[j] = cseg_profile_feature_name(s->profile, j);
	r->in.d = s->d;
	r->in.feature_names = r->features;
	r->in.profile_index = r->index;
	r->in.profile_mean = r->mean;

	if (rfm_grid(r, ctx->raw) || pca_sample(r, ctx) || (s->ksel && k_selection(r, s)))
		goto done;
	if (ctx->tx && ctx->holdout_end != CSEG_DATE_NONE && clv_holdout(r, ctx))
		goto done;
	if (cseg_report_write(&r->in, path, err, sizeof(err)) != 0) {
		fprintf(stderr, "cseg: report %s: %s\n", path, err);
		goto done;
	}
	rc = 0;
done:
	free(r->index);
	free(r->mean);
	free(r->features);
	free(r->px);
	free(r->py);
	free(r->plabel);
	free(r->k_values);
	for (int c = 0; c < 5; c++)
		free(r->k_curve[c]);
	free(r);
	return rc;
}
