/* The segmentation step shared by `segment` and `report`: transform, fit
 * with the chosen algorithm, assign, profile and name. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The model's preprocessing: signed log1p (sign(x) log(1 + |x|), for spend
 * that returns can make negative) and/or z-scores, fitted with the model and
 * stored in its file, so `cseg assign` applies it to raw columns. `fit`
 * receives the transformed copy the algorithm sees (for --k auto, merging
 * and the report's PCA). */
static int make_prep(const struct cli_seg_opts *o, const cseg_dataset *raw, cseg_prep **prep,
	cseg_dataset **fit)
{
	const int transform = (o->log1p ? CSEG_TRANSFORM_SIGNED_LOG1P : 0) |
		(o->zscore ? CSEG_TRANSFORM_ZSCORE : 0);
	cseg_status st;

	if ((st = cseg_prep_new(prep)) != CSEG_OK ||
	    (st = cseg_prep_set_default(*prep, CSEG_MISSING_ERROR, transform)) != CSEG_OK ||
	    (st = cseg_prep_fit_transform(*prep, raw, fit, NULL)) != CSEG_OK)
		return cli_fail("transform", st);
	return EXIT_OK;
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

static int name_segments(const cseg_dataset *raw, struct cli_seg *s);

const cseg_dataset *cli_seg_fit_data(const struct cli_seg *s, const cseg_dataset *raw)
{
	return s->fit ? s->fit : raw;
}

int cli_seg_run(const struct cli_seg_opts *o, const cseg_dataset *raw, struct cli_seg *s)
{
	cseg_prep *prep = NULL;
	cli_progress bar;
	cseg_status st;
	int rc;

	memset(s, 0, sizeof(*s));
	s->n = cseg_dataset_n_rows(raw);
	s->d = cseg_dataset_n_cols(raw);
	s->k = o->k;
	if (cseg_dataset_n_missing(raw) > 0)
		return missing_error(raw);
	if ((o->log1p || o->zscore) && (rc = make_prep(o, raw, &prep, &s->fit)) != EXIT_OK) {
		cseg_prep_free(prep);
		return rc;
	}
	if (o->ksel.on && (rc = cli_ksel_run(o, cli_seg_fit_data(s, raw), s)) != EXIT_OK) {
		cseg_prep_free(prep);
		return rc;
	}
	cli_progress_init(&bar, "fitting", o->quiet);
	st = cseg_model_new(&s->model, (cseg_algo)o->algo.algo);
	if (st == CSEG_OK)
		st = cseg_model_set_prep(s->model, prep);
	cseg_prep_free(prep);
	if (st != CSEG_OK ||
	    (cli_algo_uses_k(&o->algo) && (st = cseg_model_set_int(s->model, CSEG_PARAM_K, s->k)) != CSEG_OK) ||
	    (st = cseg_model_set_int(s->model, CSEG_PARAM_SEED, o->seed)) != CSEG_OK ||
	    (o->algo.algo == CSEG_ALGO_KMEANS &&
	     ((st = cseg_model_set_int(s->model, CSEG_PARAM_N_INIT, o->n_init)) != CSEG_OK ||
	      (st = cseg_model_set_int(s->model, CSEG_PARAM_MAX_ITER, o->max_iter)) != CSEG_OK ||
	      (st = cseg_model_set_int(s->model, CSEG_PARAM_KMEANS_METHOD, o->method)) != CSEG_OK)) ||
	    (st = cli_algo_configure(&o->algo, s->model)) != CSEG_OK ||
	    (st = cseg_model_set_progress_callback(s->model, cli_progress_cb, &bar)) != CSEG_OK ||
	    (st = cseg_model_fit(s->model, raw)) != CSEG_OK) {
		cli_progress_done(&bar);
		return cli_fail("segment", st);
	}
	cli_progress_done(&bar);
	cseg_model_set_progress_callback(s->model, NULL, NULL);  /* bar is about to go out of scope */
	if (o->algo.merge_below &&
	    (st = cseg_model_merge_small_segments(s->model, cli_seg_fit_data(s, raw), o->algo.merge_below,
	    NULL)) != CSEG_OK)
		return cli_fail("merge", st);
	cseg_model_get_int(s->model, CSEG_RESULT_N_CLUSTERS, &s->k_model);
	if ((st = cseg_model_assign(s->model, raw, &s->assign)) != CSEG_OK)
		return cli_fail("assign", st);
	s->labels = malloc((size_t)s->n * sizeof(*s->labels));
	if (!s->labels) {
		fprintf(stderr, "cseg: out of memory\n");
		return EXIT_FAILURE_RUN;
	}
	/* The fit's own labels (size constraints and DBSCAN make them differ
	 * from the nearest centre); -1 marks customers in no segment. */
	if (cseg_model_get_labels(s->model, s->labels, s->n) != CSEG_OK)
		cseg_assignment_get_labels(s->assign, s->labels, s->n);
	return name_segments(raw, s);
}

/* Sizes, the profile and its names; an "Unclassified" row when some
 * customers are in no segment. The names are stored in the model. */
static int name_segments(const cseg_dataset *raw, struct cli_seg *s)
{
	int64_t unclassified = 0, *coded;
	cseg_status st;

	for (int64_t i = 0; i < s->n; i++)
		unclassified += s->labels[i] < 0;
	s->k = s->k_model + (unclassified > 0);
	s->sizes = calloc((size_t)s->k, sizeof(*s->sizes));
	s->names = calloc((size_t)s->k, sizeof(*s->names));
	coded = malloc((size_t)s->n * sizeof(*coded));
	if (!s->sizes || !s->names || !coded) {
		free(coded);
		fprintf(stderr, "cseg: out of memory\n");
		return EXIT_FAILURE_RUN;
	}
	for (int64_t i = 0; i < s->n; i++) {
		coded[i] = s->labels[i] < 0 ? s->k_model : s->labels[i];
		s->sizes[coded[i]]++;
	}
	st = cseg_profile_new(&s->profile, raw, coded, s->n, s->k);
	free(coded);
	if (st != CSEG_OK)
		return cli_fail("profile", st);
	for (int64_t c = 0; c < s->k; c++) {
		s->names[c] = c < s->k_model ? cseg_profile_segment_name(s->profile, c) : "Unclassified";
		if (c < s->k_model && (st = cseg_model_set_segment_name(s->model, c, s->names[c])) != CSEG_OK)
			return cli_fail("segment names", st);
	}
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
