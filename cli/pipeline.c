/* The segmentation step shared by `segment` and `report`: transform, fit,
 * assign, profile and name. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A transformed copy with the transform in every column name
 * (z_log1p_monetary), so `cseg assign` refuses raw columns for a model
 * fitted on transformed ones instead of assigning them wrongly. */
static int transform(const struct cli_seg_opts *o, const cseg_dataset *raw, cseg_dataset **out)
{
	int64_t n = cseg_dataset_n_rows(raw), d = cseg_dataset_n_cols(raw);
	double *x = malloc((size_t)(n * d) * sizeof(*x));
	char **names = calloc((size_t)d, sizeof(*names));
	const char **ids = malloc((size_t)n * sizeof(*ids));
	cseg_status st = CSEG_E_NOMEM;
	int rc = EXIT_FAILURE_RUN;

	*out = NULL;
	if (!x || !names || !ids)
		goto done;
	cseg_dataset_copy_data(raw, x, n * d);
	for (int64_t j = 0; j < d; j++) {
		const char *name = cseg_dataset_column_name(raw, j);
		double mean = 0, var = 0, sd;
		if (!(names[j] = malloc(strlen(name) + 12)))
			goto done;
		sprintf(names[j], "%s%s%s", o->zscore ? "z_" : "", o->log1p ? "log1p_" : "", name);
		if (o->log1p)
			for (int64_t i = 0; i < n; i++) {
				double v = x[i * d + j];
				x[i * d + j] = v < 0 ? -log1p(-v) : log1p(v);
			}
		if (!o->zscore)
			continue;
		for (int64_t i = 0; i < n; i++)
			mean += x[i * d + j];  /* NaN propagates: the fit then names the cell */
		mean /= (double)n;
		for (int64_t i = 0; i < n; i++)
			var += (x[i * d + j] - mean) * (x[i * d + j] - mean);
		sd = sqrt(var / (double)n);
		for (int64_t i = 0; i < n; i++)
			x[i * d + j] = sd > 0 ? (x[i * d + j] - mean) / sd : (isnan(x[i * d + j]) ? NAN : 0.0);
	}
	for (int64_t i = 0; i < n; i++)
		ids[i] = cseg_dataset_id(raw, i);
	if ((st = cseg_dataset_new(out, x, n, d, CSEG_LAYOUT_ROW_MAJOR)) == CSEG_OK &&
	    (st = cseg_dataset_set_column_names(*out, (const char *const *)names, d)) == CSEG_OK)
		st = cseg_dataset_set_ids(*out, ids, n);
done:
	if (st != CSEG_OK) {
		cseg_dataset_free(*out);
		*out = NULL;
		rc = cli_fail("transform", st);
	} else {
		rc = EXIT_OK;
	}
	for (int64_t j = 0; names && j < d; j++)
		free(names[j]);
	free(names);
	free(ids);
	free(x);
	return rc;
}

/* k-means needs complete rows: name the first missing cell in raw units. */
static int missing_error(const cseg_dataset *raw)
{
	int64_t n = cseg_dataset_n_rows(raw), d = cseg_dataset_n_cols(raw);
	double *x = malloc((size_t)(n * d) * sizeof(*x));
	int64_t at = -1;

	if (x) {
		cseg_dataset_copy_data(raw, x, n * d);
		for (int64_t i = 0; i < n * d && at < 0; i++)
			if (isnan(x[i]))
				at = i;
		free(x);
	}
	fprintf(stderr, "cseg: segment: %lld missing values in the features", (long long)cseg_dataset_n_missing(raw));
	if (at >= 0)
		fprintf(stderr, ", the first for customer '%s' in column '%s'", cseg_dataset_id(raw, at / d),
			cseg_dataset_column_name(raw, at % d));
	fputs("; choose complete columns with --columns\n", stderr);
	return EXIT_FAILURE_RUN;
}

const cseg_dataset *cli_seg_fit_data(const struct cli_seg *s, const cseg_dataset *raw)
{
	return s->fit ? s->fit : raw;
}

int cli_seg_run(const struct cli_seg_opts *o, const cseg_dataset *raw, struct cli_seg *s)
{
	cli_progress bar;
	cseg_status st;
	int rc;

	memset(s, 0, sizeof(*s));
	s->n = cseg_dataset_n_rows(raw);
	s->d = cseg_dataset_n_cols(raw);
	s->k = o->k;
	if (cseg_dataset_n_missing(raw) > 0)
		return missing_error(raw);
	if ((o->log1p || o->zscore) && (rc = transform(o, raw, &s->fit)) != EXIT_OK)
		return rc;
	if (o->ksel.on && (rc = cli_ksel_run(o, cli_seg_fit_data(s, raw), s)) != EXIT_OK)
		return rc;
	cli_progress_init(&bar, "fitting k-means", o->quiet);
	if ((st = cseg_model_new(&s->model, CSEG_ALGO_KMEANS)) != CSEG_OK ||
	    (st = cseg_model_set_int(s->model, CSEG_PARAM_K, s->k)) != CSEG_OK ||
	    (st = cseg_model_set_int(s->model, CSEG_PARAM_SEED, o->seed)) != CSEG_OK ||
	    (st = cseg_model_set_int(s->model, CSEG_PARAM_N_INIT, o->n_init)) != CSEG_OK ||
	    (st = cseg_model_set_int(s->model, CSEG_PARAM_MAX_ITER, o->max_iter)) != CSEG_OK ||
	    (st = cseg_model_set_int(s->model, CSEG_PARAM_KMEANS_METHOD, o->method)) != CSEG_OK ||
	    (st = cseg_model_set_progress_callback(s->model, cli_progress_cb, &bar)) != CSEG_OK ||
	    (st = cseg_model_fit(s->model, cli_seg_fit_data(s, raw))) != CSEG_OK) {
		cli_progress_done(&bar);
		return cli_fail("segment", st);
	}
	cli_progress_done(&bar);
	cseg_model_set_progress_callback(s->model, NULL, NULL);  /* bar is about to go out of scope */
	if ((st = cseg_model_assign(s->model, cli_seg_fit_data(s, raw), &s->assign)) != CSEG_OK)
		return cli_fail("assign", st);
	s->labels = malloc((size_t)s->n * sizeof(*s->labels));
	s->sizes = calloc((size_t)s->k, sizeof(*s->sizes));
	s->names = calloc((size_t)s->k, sizeof(*s->names));
	if (!s->labels || !s->sizes || !s->names) {
		fprintf(stderr, "cseg: out of memory\n");
		return EXIT_FAILURE_RUN;
	}
	cseg_assignment_get_labels(s->assign, s->labels, s->n);
	for (int64_t i = 0; i < s->n; i++)
		s->sizes[s->labels[i]]++;
	if ((st = cseg_profile_new(&s->profile, raw, s->labels, s->n, s->k)) != CSEG_OK)
		return cli_fail("profile", st);
	for (int64_t c = 0; c < s->k; c++)
		s->names[c] = cseg_profile_segment_name(s->profile, c);
	return EXIT_OK;
}

void cli_seg_free(struct cli_seg *s)
{
	free(s->labels);
	free(s->sizes);
	free(s->names);
	cseg_profile_free(s->profile);
	cseg_assignment_free(s->assign);
	cseg_model_free(s->model);
	cseg_dataset_free(s->fit);
	cseg_kselect_free(s->ksel);
	memset(s, 0, sizeof(*s));
}

int cli_write_profile(const char *path, const cseg_profile *p)
{
	int64_t k = cseg_profile_n_segments(p), d = cseg_profile_n_features(p);
	int64_t *sizes = malloc((size_t)k * sizeof(*sizes)), *rank = malloc((size_t)d * sizeof(*rank));
	double *shares = malloc((size_t)k * sizeof(*shares));
	double *stat[3], *smd = malloc((size_t)(k * d) * sizeof(*smd));
	static const int which[3] = { CSEG_PROFILE_MEAN, CSEG_PROFILE_MEDIAN, CSEG_PROFILE_INDEX };
	static const char *const suffix[3] = { "_mean", "_median", "_index" };
	cli_out out;
	int rc = -1, ok = sizes && rank && shares && smd;

	for (int s = 0; s < 3; s++)
		ok &= (stat[s] = malloc((size_t)(k * d) * sizeof(double))) != NULL;
	if (!ok) {
		fprintf(stderr, "cseg: out of memory\n");
		goto done;
	}
	cseg_profile_get_sizes(p, sizes, k);
	cseg_profile_get_shares(p, shares, k);
	cseg_profile_get_stat(p, CSEG_PROFILE_SMD, smd, k * d);
	for (int s = 0; s < 3; s++)
		cseg_profile_get_stat(p, which[s], stat[s], k * d);
	if (cli_out_open(&out, path))
		goto done;
	fputs("segment,name,size,share,top_features", out.f);
	for (int64_t j = 0; j < d; j++)
		for (int s = 0; s < 3; s++) {
			char col[512];
			snprintf(col, sizeof(col), "%s%s", cseg_profile_feature_name(p, j), suffix[s]);
			fputc(',', out.f);
			cli_csv_field(out.f, col);
		}
	fputc('\n', out.f);
	for (int64_t c = 0; c < k; c++) {
		char top[1024] = "";
		size_t len = 0;
		/* Up to three notable features, by |SMD|, marked + (high) or - (low). */
		cseg_profile_get_ranking(p, c, rank, d);
		for (int64_t r = 0, used = 0; r < d && used < 3; r++) {
			double v = smd[c * d + rank[r]];
			if (!(fabs(v) >= CSEG_PROFILE_NOTABLE_SMD))
				break;
			len += (size_t)snprintf(top + len, len < sizeof(top) ? sizeof(top) - len : 0, "%s%s%c",
				used++ ? " " : "", cseg_profile_feature_name(p, rank[r]), v > 0 ? '+' : '-');
		}
		fprintf(out.f, "%lld,", (long long)c);
		cli_csv_field(out.f, cseg_profile_segment_name(p, c));
		fprintf(out.f, ",%lld,%.6f,", (long long)sizes[c], shares[c]);
		cli_csv_field(out.f, len < sizeof(top) ? top : "");
		for (int64_t j = 0; j < d; j++)
			for (int s = 0; s < 3; s++) {
				double v = stat[s][c * d + j];
				if (isnan(v))
					fputs(",NA", out.f);
				else
					fprintf(out.f, ",%.10g", v);
			}
		fputc('\n', out.f);
	}
	rc = cli_out_commit(&out);
done:
	for (int s = 0; s < 3; s++)
		free(stat[s]);
	free(sizes);
	free(rank);
	free(shares);
	free(smd);
	return rc;
}
