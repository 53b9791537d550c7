/* Rule evaluation over a dataset, first match wins, and the report
 * (counts per rule, overlaps, unused rules). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "data/dataset_internal.h"
#include "rules_internal.h"

static double eval_num(const cseg_rules *r, int64_t i, const double *vals)
{
	const cseg__rnode *n = &r->nodes[i];

	switch (n->kind) {
	case CSEG__R_NUM: return n->value;
	case CSEG__R_VAR: return vals[n->var];
	case CSEG__R_NEG: return -eval_num(r, n->a, vals);
	case CSEG__R_ADD: return eval_num(r, n->a, vals) + eval_num(r, n->b, vals);
	case CSEG__R_SUB: return eval_num(r, n->a, vals) - eval_num(r, n->b, vals);
	case CSEG__R_MUL: return eval_num(r, n->a, vals) * eval_num(r, n->b, vals);
	case CSEG__R_DIV: return eval_num(r, n->a, vals) / eval_num(r, n->b, vals);
	default: return NAN; /* the parser never puts a condition here */
	}
}

int cseg__rules_eval_bool(const cseg_rules *r, int64_t i, const double *vals)
{
	const cseg__rnode *n = &r->nodes[i];
	double a, b;

	switch (n->kind) {
	case CSEG__R_CONST: return n->value != 0;
	case CSEG__R_NOT: return !cseg__rules_eval_bool(r, n->a, vals);
	case CSEG__R_AND: return cseg__rules_eval_bool(r, n->a, vals) && cseg__rules_eval_bool(r, n->b, vals);
	case CSEG__R_OR: return cseg__rules_eval_bool(r, n->a, vals) || cseg__rules_eval_bool(r, n->b, vals);
	case CSEG__R_MISSING: return isnan(eval_num(r, n->a, vals));
	default: break;
	}
	a = eval_num(r, n->a, vals);
	b = eval_num(r, n->b, vals);
	/* Any comparison with a missing value is false, != included. */
	if (isnan(a) || isnan(b))
		return 0;
	switch (n->kind) {
	case CSEG__R_LT: return a < b;
	case CSEG__R_LE: return a <= b;
	case CSEG__R_GT: return a > b;
	case CSEG__R_GE: return a >= b;
	case CSEG__R_EQ: return a == b;
	case CSEG__R_NE: return a != b;
	default: return 0;
	}
}

/* "a, b, c" of the dataset's columns, cut after about 300 bytes. */
static void column_list(const cseg_dataset *ds, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int64_t j = 0; j < ds->n_cols && o + 8 < size; j++) {
		int w = snprintf(buf + o, size - o, "%s%s", j ? ", " : "", ds->col_names[j]);

		if (w < 0 || (size_t)w >= size - o) {
			snprintf(buf + (size - 5 > o ? size - 5 : o), 5, "...");
			return;
		}
		o += (size_t)w;
	}
}

/* Map every variable to a dataset column (>= 0) or to the labels (-1). */
static cseg_status resolve(const cseg_rules *r, const cseg_dataset *ds, int have_labels, int64_t *src)
{
	for (int64_t v = 0; v < r->n_vars; v++) {
		const char *name = r->vars[v].name;
		int64_t found = -2;

		for (int64_t j = 0; j < ds->n_cols; j++)
			if (strcmp(ds->col_names[j], name) == 0) {
				found = j;
				break;
			}
		if (found == -2 && (strcasecmp(name, "cluster") == 0 || strcasecmp(name, "segment") == 0)) {
			if (!have_labels)
				return cseg__error(CSEG_E_INVALID_ARG,
					"cseg_rules_apply: line %lld, column %lld: '%s' needs cluster labels, "
					"but labels is NULL", (long long)r->vars[v].line,
					(long long)r->vars[v].col, name);
			found = -1;
		}
		if (found == -2) {
			char cols[320];

			column_list(ds, cols, sizeof(cols));
			return cseg__error(CSEG_E_INVALID_ARG,
				"cseg_rules_apply: line %lld, column %lld: unknown column '%s'; "
				"the dataset's columns are: %s", (long long)r->vars[v].line,
				(long long)r->vars[v].col, name, cols);
		}
		src[v] = found;
	}
	return CSEG_OK;
}

static void free_results(cseg_rules *r)
{
	for (int64_t s = 0; s < r->n_segments; s++)
		free(r->segment_names[s]);
	free(r->segment_names);
	free(r->segment);
	free(r->matched);
	free(r->n_matching);
	free(r->rule_counts);
	free(r->rule_hits);
	r->segment_names = NULL;
	r->segment = r->matched = r->n_matching = r->rule_counts = r->rule_hits = NULL;
	r->n_segments = 0;
}

cseg_status cseg_rules_apply(cseg_rules *rules, const cseg_dataset *data,
	const int64_t *labels, int64_t n_labels)
{
	cseg_rules tmp;
	int64_t *src = NULL, n, max_label = -1, n_seg;
	double *vals = NULL;
	cseg_status st;

	if (!rules)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rules_apply: rules is NULL");
	if (!data)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rules_apply: data is NULL");
	n = data->n_rows;
	if (labels == NULL && n_labels != 0)
		return cseg__error(CSEG_E_INVALID_ARG,
			"cseg_rules_apply: labels is NULL but n_labels is %lld; pass 0", (long long)n_labels);
	if (labels != NULL && n_labels != n)
		return cseg__error(CSEG_E_INVALID_ARG,
			"cseg_rules_apply: n_labels (%lld) must equal the dataset's rows (%lld)",
			(long long)n_labels, (long long)n);
	for (int64_t i = 0; labels && i < n; i++) {
		if (labels[i] < 0)
			return cseg__error(CSEG_E_INVALID_ARG,
				"cseg_rules_apply: labels[%lld] = %lld is negative; labels must be >= 0",
				(long long)i, (long long)labels[i]);
		if (labels[i] > max_label)
			max_label = labels[i];
	}
	if (labels && max_label > 10 * n + 1000)
		return cseg__error(CSEG_E_INVALID_ARG,
			"cseg_rules_apply: largest label %lld is implausibly large for %lld rows; "
			"number clusters 0..k-1", (long long)max_label, (long long)n);
	n_seg = rules->n_names + (labels ? max_label + 1 : 1);

	memset(&tmp, 0, sizeof(tmp));
	src = cseg__malloc_array((size_t)(rules->n_vars ? rules->n_vars : 1), sizeof(*src));
	vals = cseg__malloc_array((size_t)(rules->n_vars ? rules->n_vars : 1), sizeof(*vals));
	tmp.segment = cseg__malloc_array((size_t)n, sizeof(int64_t));
	tmp.matched = cseg__malloc_array((size_t)n, sizeof(int64_t));
	tmp.n_matching = cseg__malloc_array((size_t)n, sizeof(int64_t));
	tmp.rule_counts = cseg__calloc((size_t)(rules->n_rules ? rules->n_rules : 1), sizeof(int64_t));
	tmp.rule_hits = cseg__calloc((size_t)(rules->n_rules ? rules->n_rules : 1), sizeof(int64_t));
	tmp.segment_names = cseg__calloc((size_t)n_seg, sizeof(char *));
	if (!src || !vals || !tmp.segment || !tmp.matched || !tmp.n_matching || !tmp.rule_counts
			|| !tmp.rule_hits || !tmp.segment_names) {
		st = cseg__error(CSEG_E_NOMEM, "cseg_rules_apply: no memory for results of %lld rows",
			(long long)n);
		goto done;
	}
	tmp.n_segments = n_seg;
	for (int64_t s = 0; s < n_seg; s++) {
		char buf[48];
		const char *name;

		if (s < rules->n_names) {
			name = rules->names[s];
		} else if (labels) {
			snprintf(buf, sizeof(buf), "Cluster %lld", (long long)(s - rules->n_names));
			name = buf;
		} else {
			name = rules->fallback;
		}
		if (!(tmp.segment_names[s] = cseg__strdup(name))) {
			st = cseg__error(CSEG_E_NOMEM, "cseg_rules_apply: no memory for segment names");
			goto done;
		}
	}
	if ((st = resolve(rules, data, labels != NULL, src)) != CSEG_OK)
		goto done;

	for (int64_t i = 0; i < n; i++) {
		const double *row = cseg__row(data, i);
		int64_t first = -1, count = 0;

		for (int64_t v = 0; v < rules->n_vars; v++)
			vals[v] = src[v] >= 0 ? row[src[v]] : (double)labels[i];
		for (int64_t q = 0; q < rules->n_rules; q++) {
			if (!cseg__rules_eval_bool(rules, rules->rules[q].root, vals))
				continue;
			tmp.rule_hits[q]++;
			if (count++ == 0)
				first = q;
		}
		tmp.matched[i] = first;
		tmp.n_matching[i] = count;
		if (count > 1)
			tmp.n_overlapping++;
		if (first >= 0) {
			tmp.rule_counts[first]++;
			tmp.segment[i] = rules->rules[first].name;
		} else {
			tmp.n_unmatched++;
			tmp.segment[i] = rules->n_names + (labels ? labels[i] : 0);
		}
	}
	for (int64_t q = 0; q < rules->n_rules; q++)
		if (tmp.rule_hits[q] == 0)
			tmp.n_unused++;

	free_results(rules);
	rules->segment = tmp.segment;
	rules->matched = tmp.matched;
	rules->n_matching = tmp.n_matching;
	rules->rule_counts = tmp.rule_counts;
	rules->rule_hits = tmp.rule_hits;
	rules->segment_names = tmp.segment_names;
	rules->n_segments = tmp.n_segments;
	rules->n_overlapping = tmp.n_overlapping;
	rules->n_unmatched = tmp.n_unmatched;
	rules->n_unused = tmp.n_unused;
	rules->n_rows = n;
	rules->hybrid = labels != NULL;
	rules->applied = 1;
	memset(&tmp, 0, sizeof(tmp));
	st = CSEG_OK;
done:
	free_results(&tmp);
	free(src);
	free(vals);
	return st;
}

/* ---- queries ------------------------------------------------------------ */

int64_t cseg_rules_n_rules(const cseg_rules *rules)
{
	return rules ? rules->n_rules : -1;
}

const char *cseg_rules_rule_name(const cseg_rules *rules, int64_t rule)
{
	if (!rules || rule < 0 || rule >= rules->n_rules)
		return NULL;
	return rules->names[rules->rules[rule].name];
}

int64_t cseg_rules_rule_line(const cseg_rules *rules, int64_t rule)
{
	if (!rules || rule < 0 || rule >= rules->n_rules)
		return -1;
	return rules->rules[rule].line;
}

cseg_status cseg_rules_set_fallback_name(cseg_rules *rules, const char *name)
{
	char *copy;

	if (!rules)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rules_set_fallback_name: rules is NULL");
	if (!name || !name[0])
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rules_set_fallback_name: name is %s",
			name ? "empty" : "NULL");
	if (strlen(name) > CSEG_RULES_MAX_NAME)
		return cseg__error(CSEG_E_INVALID_ARG,
			"cseg_rules_set_fallback_name: name is longer than %d bytes", CSEG_RULES_MAX_NAME);
	if (!(copy = cseg__strdup(name)))
		return cseg__error(CSEG_E_NOMEM, "no memory for the fallback name");
	free(rules->fallback);
	rules->fallback = copy;
	return CSEG_OK;
}

int64_t cseg_rules_n_segments(const cseg_rules *rules)
{
	if (!rules)
		return -1;
	return rules->applied ? rules->n_segments : rules->n_names + 1;
}

const char *cseg_rules_segment_name(const cseg_rules *rules, int64_t segment)
{
	if (!rules || segment < 0)
		return NULL;
	if (rules->applied)
		return segment < rules->n_segments ? rules->segment_names[segment] : NULL;
	if (segment < rules->n_names)
		return rules->names[segment];
	return segment == rules->n_names ? rules->fallback : NULL;
}

cseg_status cseg_rules_get_int(const cseg_rules *rules, int key, int64_t *out)
{
	if (!rules || !out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rules_get_int: %s is NULL",
			rules ? "out" : "rules");
	if (key < CSEG_RULES_RESULT_N_ROWS || key > CSEG_RULES_RESULT_HYBRID)
		return cseg__error(CSEG_E_UNSUPPORTED, "cseg_rules_get_int: unknown key %d", key);
	if (!rules->applied)
		return cseg__error(CSEG_E_NOT_FITTED,
			"cseg_rules_get_int: the rules have not been applied yet (cseg_rules_apply)");
	switch (key) {
	case CSEG_RULES_RESULT_N_ROWS: *out = rules->n_rows; break;
	case CSEG_RULES_RESULT_N_OVERLAPPING: *out = rules->n_overlapping; break;
	case CSEG_RULES_RESULT_N_UNMATCHED: *out = rules->n_unmatched; break;
	case CSEG_RULES_RESULT_N_UNUSED_RULES: *out = rules->n_unused; break;
	default: *out = rules->hybrid; break;
	}
	return CSEG_OK;
}

static cseg_status copy_out(const cseg_rules *rules, const char *fn, const int64_t *src,
	int64_t n_src, const char *what, int64_t *out, int64_t n_out)
{
	if (!rules)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: rules is NULL", fn);
	if (!out && n_out > 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: out is NULL", fn);
	if (!rules->applied)
		return cseg__error(CSEG_E_NOT_FITTED,
			"%s: the rules have not been applied yet (cseg_rules_apply)", fn);
	if (n_out != n_src)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: n_out (%lld) must equal the %s (%lld)",
			fn, (long long)n_out, what, (long long)n_src);
	if (n_src > 0)
		memcpy(out, src, (size_t)n_src * sizeof(*out));
	return CSEG_OK;
}

cseg_status cseg_rules_get_segments(const cseg_rules *rules, int64_t *out, int64_t n_out)
{
	return copy_out(rules, "cseg_rules_get_segments", rules ? rules->segment : NULL,
		rules ? rules->n_rows : 0, "rows", out, n_out);
}

cseg_status cseg_rules_get_matched_rule(const cseg_rules *rules, int64_t *out, int64_t n_out)
{
	return copy_out(rules, "cseg_rules_get_matched_rule", rules ? rules->matched : NULL,
		rules ? rules->n_rows : 0, "rows", out, n_out);
}

cseg_status cseg_rules_get_n_matching(const cseg_rules *rules, int64_t *out, int64_t n_out)
{
	return copy_out(rules, "cseg_rules_get_n_matching", rules ? rules->n_matching : NULL,
		rules ? rules->n_rows : 0, "rows", out, n_out);
}

cseg_status cseg_rules_get_rule_counts(const cseg_rules *rules, int64_t *out, int64_t n_out)
{
	return copy_out(rules, "cseg_rules_get_rule_counts", rules ? rules->rule_counts : NULL,
		rules ? rules->n_rules : 0, "rules", out, n_out);
}

cseg_status cseg_rules_get_rule_hits(const cseg_rules *rules, int64_t *out, int64_t n_out)
{
	return copy_out(rules, "cseg_rules_get_rule_hits", rules ? rules->rule_hits : NULL,
		rules ? rules->n_rules : 0, "rules", out, n_out);
}
