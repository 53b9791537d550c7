/* `--k auto` of `segment` and `report`: choose k with the library's k
 * selection on the features the model will see, print its table (text or
 * JSON), and hand the chosen k to the fit. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	int code;
} criteria[] = {
	{ "silhouette", CSEG_CRITERION_SILHOUETTE },
	{ "calinski", CSEG_CRITERION_CALINSKI },
	{ "davies", CSEG_CRITERION_DAVIES },
	{ "gap", CSEG_CRITERION_GAP },
	{ "elbow", CSEG_CRITERION_ELBOW },
	{ "bic", CSEG_CRITERION_BIC },
	{ "icl", CSEG_CRITERION_ICL },
	{ "stability", CSEG_CRITERION_STABILITY },
};

#define N_CRITERIA ((int)(sizeof(criteria) / sizeof(criteria[0])))

/* Columns shown, in the library's order (BIC/ICL only with mixtures). */
static const struct {
	const char *head, *json;
	int column;
} columns[] = {
	{ "inertia", "inertia", CSEG_KSEL_INERTIA },
	{ "silhouette", "silhouette", CSEG_KSEL_SILHOUETTE },
	{ "calinski", "calinski_harabasz", CSEG_KSEL_CALINSKI },
	{ "davies", "davies_bouldin", CSEG_KSEL_DAVIES },
	{ "log_w", "log_w", CSEG_KSEL_LOG_W },
	{ "gap", "gap", CSEG_KSEL_GAP },
	{ "gap_se", "gap_se", CSEG_KSEL_GAP_SE },
	{ "min_size", "min_size", CSEG_KSEL_MIN_SIZE },
	{ "stability", "stability", CSEG_KSEL_STABILITY },
	{ "bic", "bic", CSEG_KSEL_BIC },
	{ "icl", "icl", CSEG_KSEL_ICL },
};

#define N_COLUMNS ((int)(sizeof(columns) / sizeof(columns[0])))

void cli_ksel_init(struct cli_ksel_opts *k)
{
	memset(k, 0, sizeof(*k));
	k->k_min = 1;
	k->k_max = 10;
	k->gap_b = 20;
	k->bootstrap_b = 10;
	k->criterion = CSEG_CRITERION_SILHOUETTE;
}

const char *cli_ksel_criterion_name(int code)
{
	for (int i = 0; i < N_CRITERIA; i++)
		if (criteria[i].code == code)
			return criteria[i].name;
	return "?";
}

int cli_parse_k(const char *arg, long long *k, struct cli_ksel_opts *ks)
{
	if (strcmp(arg, "auto") == 0) {
		ks->on = 1;
		return 0;
	}
	ks->on = 0;
	return cli_parse_int("--k", arg, 1, 1000000, k);
}

int cli_ksel_option(struct cli_ksel_opts *k, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_K_MIN:
		return cli_parse_int("--k-min", arg, 1, 1000000, &k->k_min) ? -1 : (k->given++, 1);
	case CLI_OPT_K_MAX:
		return cli_parse_int("--k-max", arg, 1, 1000000, &k->k_max) ? -1 : (k->given++, 1);
	case CLI_OPT_MIN_SIZE:
		return cli_parse_int("--min-size", arg, 0, (1LL << 53), &k->min_size) ? -1 : (k->given++, 1);
	case CLI_OPT_MAX_SEGMENTS:
		return cli_parse_int("--max-segments", arg, 1, 1000000, &k->max_segments) ? -1 : (k->given++, 1);
	case CLI_OPT_GAP_B:
		return cli_parse_int("--gap-b", arg, 0, 100000, &k->gap_b) ? -1 : (k->given++, 1);
	case CLI_OPT_BOOTSTRAP_B:
		return cli_parse_int("--bootstrap-b", arg, 0, 100000, &k->bootstrap_b) ? -1 : (k->given++, 1);
	case CLI_OPT_CRITERION:
		for (int i = 0; i < N_CRITERIA; i++)
			if (strcmp(arg, criteria[i].name) == 0) {
				k->criterion = criteria[i].code;
				k->given++;
				return 1;
			}
		fprintf(stderr, "cseg: --criterion expects silhouette, calinski, davies, gap, elbow, bic, "
			"icl or stability, got '%s'\n", arg);
		return -1;
	default:
		return 0;
	}
}

int cli_ksel_check(const struct cli_ksel_opts *k, const char *cmd)
{
	if (k->given && !k->on) {
		fprintf(stderr, "cseg %s: --k-min, --k-max, --min-size, --max-segments, --criterion, "
			"--gap-b and --bootstrap-b need --k auto\n", cmd);
		return -1;
	}
	if (k->on && k->k_min > k->k_max) {
		fprintf(stderr, "cseg %s: --k-min %lld exceeds --k-max %lld\n", cmd, k->k_min, k->k_max);
		return -1;
	}
	if (k->on && k->criterion == CSEG_CRITERION_GAP && k->gap_b == 0) {
		fprintf(stderr, "cseg %s: --criterion gap needs --gap-b above 0\n", cmd);
		return -1;
	}
	if (k->on && k->criterion == CSEG_CRITERION_STABILITY && k->bootstrap_b == 0) {
		fprintf(stderr, "cseg %s: --criterion stability needs --bootstrap-b above 0\n", cmd);
		return -1;
	}
	if (k->on && k->criterion == CSEG_CRITERION_ELBOW && k->k_max - k->k_min < 2) {
		fprintf(stderr, "cseg %s: --criterion elbow needs at least 3 values of k\n", cmd);
		return -1;
	}
	return 0;
}

static int mixtures(const struct cli_ksel_opts *k)
{
	return k->criterion == CSEG_CRITERION_BIC || k->criterion == CSEG_CRITERION_ICL;
}

int cli_ksel_run(const struct cli_seg_opts *o, const cseg_dataset *fit, struct cli_seg *s)
{
	const struct cli_ksel_opts *k = &o->ksel;
	int64_t rec = 0;
	cseg_status st;

	if ((st = cseg_kselect_new(&s->ksel)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_K_MIN, k->k_min)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_K_MAX, k->k_max)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_MAX_SEGMENTS, k->max_segments)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_MIN_SIZE, k->min_size)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_SEED, o->seed)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_N_INIT, o->n_init)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_GAP_B, k->gap_b)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_BOOTSTRAP_B, k->bootstrap_b)) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_MIXTURES, mixtures(k))) != CSEG_OK ||
	    (st = cseg_kselect_set_int(s->ksel, CSEG_KSELECT_CRITERION, k->criterion)) != CSEG_OK ||
	    (st = cseg_kselect_run(s->ksel, fit)) != CSEG_OK ||
	    (st = cseg_kselect_get_int(s->ksel, CSEG_KSELECT_RECOMMENDED_K, &rec)) != CSEG_OK)
		return cli_fail("choosing k", st);
	if (rec == 0) {
		if (!o->quiet)
			cli_ksel_print(stderr, s);
		fprintf(stderr, "cseg: choosing k: no k in %lld..%lld", k->k_min, k->k_max);
		if (k->min_size > 0)
			fprintf(stderr, " gives segments of at least %lld customers", k->min_size);
		if (k->max_segments > 0)
			fprintf(stderr, "%s at most %lld segments", k->min_size > 0 ? " with" : " has",
				k->max_segments);
		if (k->min_size == 0 && k->max_segments == 0)
			fprintf(stderr, " is chosen by %s; try another --criterion\n",
				cli_ksel_criterion_name(k->criterion));
		else
			fputs("; lower --min-size, raise --max-segments or change --k-min/--k-max\n", stderr);
		return EXIT_FAILURE_RUN;
	}
	s->k = rec;
	return EXIT_OK;
}

/* Column values of the table (n rows); NULL on allocation failure. */
static double *column(const cseg_kselect *ks, int col, int64_t n)
{
	double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));

	if (v && cseg_kselect_get_column(ks, col, v, n) != CSEG_OK) {
		free(v);
		v = NULL;
	}
	return v;
}

static int all_nan(const double *v, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		if (!isnan(v[i]))
			return 0;
	return 1;
}

void cli_ksel_print(FILE *f, const struct cli_seg *s)
{
	const int64_t n = cseg_kselect_n_rows(s->ksel);
	double *v[N_COLUMNS] = { NULL }, *kv = column(s->ksel, CSEG_KSEL_K, n);
	int64_t rec = 0, elbow = 0, gap = 0, crit = 0;

	for (int c = 0; c < N_COLUMNS && kv; c++)
		if (!(v[c] = column(s->ksel, columns[c].column, n)))
			goto done;
	if (!kv)
		goto done;
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_RECOMMENDED_K, &rec);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_ELBOW_K, &elbow);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_GAP_K, &gap);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_CRITERION, &crit);
	fprintf(f, "choosing k by %s: ", cli_ksel_criterion_name((int)crit));
	if (rec)
		fprintf(f, "k = %lld", (long long)rec);
	else
		fputs("no k meets the limits", f);
	fprintf(f, " (elbow %s", elbow ? "" : "none");
	if (elbow)
		fprintf(f, "%lld", (long long)elbow);
	if (gap)
		fprintf(f, ", gap %lld", (long long)gap);
	fputs(")\n\n   k", f);
	for (int c = 0; c < N_COLUMNS; c++)
		if (!all_nan(v[c], n))
			fprintf(f, " %11s", columns[c].head);
	fputc('\n', f);
	for (int64_t i = 0; i < n; i++) {
		fprintf(f, "%4lld", (long long)kv[i]);
		for (int c = 0; c < N_COLUMNS; c++) {
			if (all_nan(v[c], n))
				continue;
			if (isnan(v[c][i]))
				fprintf(f, " %11s", "-");
			else if (columns[c].column == CSEG_KSEL_MIN_SIZE)
				fprintf(f, " %11.0f", v[c][i]);
			else
				fprintf(f, " %11.5g", v[c][i]);
		}
		fputs((int64_t)kv[i] == rec ? "  <-\n" : "\n", f);
	}
	fputc('\n', f);
done:
	for (int c = 0; c < N_COLUMNS; c++)
		free(v[c]);
	free(kv);
}

static void json_number(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.17g", v);
	else
		fputs("null", f);
}

void cli_ksel_json(FILE *f, const struct cli_seg *s)
{
	const int64_t n = cseg_kselect_n_rows(s->ksel);
	double *v[N_COLUMNS] = { NULL }, *kv = column(s->ksel, CSEG_KSEL_K, n);
	int64_t rec = 0, elbow = 0, gap = 0, crit = 0, k_min = 0, k_max = 0, max_seg = 0, min_size = 0;

	for (int c = 0; c < N_COLUMNS && kv; c++)
		if (!(v[c] = column(s->ksel, columns[c].column, n)))
			goto done;
	if (!kv)
		goto done;
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_RECOMMENDED_K, &rec);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_ELBOW_K, &elbow);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_GAP_K, &gap);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_CRITERION, &crit);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_K_MIN, &k_min);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_K_MAX, &k_max);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_MAX_SEGMENTS, &max_seg);
	cseg_kselect_get_int(s->ksel, CSEG_KSELECT_MIN_SIZE, &min_size);
	fprintf(f, " \"k_selection\": {\"criterion\": \"%s\", \"k_min\": %lld, \"k_max\": %lld, "
		"\"max_segments\": ", cli_ksel_criterion_name((int)crit), (long long)k_min, (long long)k_max);
	if (max_seg)
		fprintf(f, "%lld", (long long)max_seg);
	else
		fputs("null", f);
	fprintf(f, ", \"min_size\": %lld, \"recommended_k\": ", (long long)min_size);
	json_number(f, rec ? (double)rec : NAN);
	fputs(", \"elbow_k\": ", f);
	json_number(f, elbow ? (double)elbow : NAN);
	fputs(", \"gap_k\": ", f);
	json_number(f, gap ? (double)gap : NAN);
	fputs(",\n  \"table\": [\n", f);
	for (int64_t i = 0; i < n; i++) {
		fprintf(f, "   {\"k\": %lld", (long long)kv[i]);
		for (int c = 0; c < N_COLUMNS; c++) {
			fprintf(f, ", \"%s\": ", columns[c].json);
			json_number(f, v[c][i]);
		}
		fprintf(f, "}%s\n", i + 1 < n ? "," : "");
	}
	fputs("  ]},\n", f);
done:
	for (int c = 0; c < N_COLUMNS; c++)
		free(v[c]);
	free(kv);
}
