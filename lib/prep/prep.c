/* Preprocessing handle: creation, settings, output layout and getters. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "prep_internal.h"

int cseg__prep_valid_missing(int missing)
{
	return missing >= CSEG_MISSING_ERROR && missing <= CSEG__PREP_MISSING_LAST;
}

int cseg__prep_valid_transform(int transform)
{
	const int logs = CSEG_TRANSFORM_LOG1P | CSEG_TRANSFORM_SIGNED_LOG1P;

	return (transform & ~(CSEG__PREP_SCALER_MASK | logs)) == 0
		&& (transform & logs) != logs
		&& (transform & CSEG__PREP_SCALER_MASK) <= CSEG__PREP_SCALER_LAST;
}

cseg_prep *cseg__prep_alloc(void)
{
	cseg_prep *p = cseg__calloc(1, sizeof(*p));

	if (p) {
		p->def_missing = CSEG_MISSING_ERROR;
		p->def_transform = CSEG_TRANSFORM_NONE;
		cseg__handle_created();
	}
	return p;
}

cseg_status cseg_prep_new(cseg_prep **out)
{
	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_new: out is NULL");
	*out = cseg__prep_alloc();
	if (!*out)
		return cseg__error(CSEG_E_NOMEM, "cseg_prep_new: out of memory");
	return CSEG_OK;
}

void cseg__prep_clear_fit(cseg_prep *p)
{
	for (int64_t j = 0; p->cols && j < p->n_in; j++) {
		free(p->cols[j].name);
		free(p->cols[j].levels);
	}
	free(p->cols);
	for (int64_t j = 0; p->out_names && j < p->n_out; j++)
		free(p->out_names[j]);
	free(p->out_names);
	free(p->report.n_imputed);
	free(p->report.n_unseen);
	p->cols = NULL;
	p->out_names = NULL;
	p->report.n_imputed = NULL;
	p->report.n_unseen = NULL;
	p->report.n_dropped = 0;
	p->n_in = 0;
	p->n_out = 0;
	p->fitted = 0;
}

void cseg_prep_free(cseg_prep *prep)
{
	if (!prep)
		return;
	cseg__prep_clear_fit(prep);
	for (int64_t s = 0; s < prep->n_specs; s++)
		free(prep->specs[s].name);
	free(prep->specs);
	free(prep);
	cseg__handle_freed();
}

cseg_status cseg_prep_copy(cseg_prep **out, const cseg_prep *prep)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	cseg_status st;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_copy: out is NULL");
	*out = NULL;
	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_copy: prep is NULL");
	/* The encoding holds exactly the state a copy needs. */
	if ((st = cseg__prep_encode(prep, &buf, &len)) != CSEG_OK)
		return st;
	st = cseg__prep_decode(buf, len, out);
	free(buf);
	if (st == CSEG_E_FORMAT || st == CSEG_E_VERSION) {
		char why[768];

		snprintf(why, sizeof(why), "%s", cseg_last_error());
		st = cseg__error(CSEG_E_INTERNAL, "cseg_prep_copy: own encoding refused: %s", why);
	}
	return st;
}

cseg_status cseg_prep_set_default(cseg_prep *prep, int missing_policy, int transform)
{
	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_default: prep is NULL");
	if (!cseg__prep_valid_missing(missing_policy) || missing_policy == CSEG_MISSING_CONSTANT)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_default: missing_policy %d is "
			"not a cseg_missing value other than CSEG_MISSING_CONSTANT (0..%d)",
			missing_policy, CSEG__PREP_MISSING_LAST);
	if (!cseg__prep_valid_transform(transform))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_default: transform %d is not a "
			"scaler 0..%d optionally OR-ed with CSEG_TRANSFORM_LOG1P (%d)", transform,
			CSEG__PREP_SCALER_LAST, CSEG_TRANSFORM_LOG1P);
	prep->def_missing = missing_policy;
	prep->def_transform = transform;
	return CSEG_OK;
}

/* The spec of `name`, created when absent (NULL on no memory). */
static cseg__prep_spec *spec_for(cseg_prep *p, const char *name)
{
	cseg__prep_spec *s;

	for (int64_t i = 0; i < p->n_specs; i++)
		if (strcmp(p->specs[i].name, name) == 0)
			return &p->specs[i];
	if (p->n_specs == p->cap_specs) {
		int64_t cap = p->cap_specs ? 2 * p->cap_specs : 8;
		cseg__prep_spec *grown = cseg__realloc_array(p->specs, (size_t)cap, sizeof(*grown));

		if (!grown)
			return NULL;
		p->specs = grown;
		p->cap_specs = cap;
	}
	s = &p->specs[p->n_specs];
	memset(s, 0, sizeof(*s));
	if (!(s->name = cseg__strdup(name)))
		return NULL;
	s->weight = 1.0;
	p->n_specs++;
	return s;
}

cseg_status cseg_prep_set_column(cseg_prep *prep, const char *column,
	int missing_policy, double constant, int transform, double weight)
{
	cseg__prep_spec *s;

	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_column: prep is NULL");
	if (!column || !column[0])
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_column: column is %s",
			column ? "empty" : "NULL");
	if (!cseg__prep_valid_missing(missing_policy))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_column: column '%s': "
			"missing_policy %d is not a cseg_missing value (0..%d)", column, missing_policy,
			CSEG__PREP_MISSING_LAST);
	if (!isfinite(constant))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_column: column '%s': constant "
			"must be finite, got %g", column, constant);
	if (!cseg__prep_valid_transform(transform))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_column: column '%s': transform "
			"%d is not a scaler 0..%d optionally OR-ed with CSEG_TRANSFORM_LOG1P (%d)", column,
			transform, CSEG__PREP_SCALER_LAST, CSEG_TRANSFORM_LOG1P);
	if (missing_policy == CSEG_MISSING_CONSTANT && (transform & CSEG_TRANSFORM_LOG1P)
		&& !(constant > -1.0))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_column: column '%s': constant "
			"%g is outside the domain of log1p (must be > -1)", column, constant);
	if (!(weight >= 0.0) || !isfinite(weight))
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_column: column '%s': weight "
			"must be finite and >= 0, got %g", column, weight);
	if (!(s = spec_for(prep, column)))
		return cseg__error(CSEG_E_NOMEM, "cseg_prep_set_column: out of memory");
	s->set |= CSEG__SPEC_COLUMN;
	s->missing = missing_policy;
	s->constant = constant;
	s->transform = transform;
	s->weight = weight;
	return CSEG_OK;
}

cseg_status cseg_prep_set_categorical(cseg_prep *prep, const char *column)
{
	cseg__prep_spec *s;

	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_categorical: prep is NULL");
	if (!column || !column[0])
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_set_categorical: column is %s",
			column ? "empty" : "NULL");
	if (!(s = spec_for(prep, column)))
		return cseg__error(CSEG_E_NOMEM, "cseg_prep_set_categorical: out of memory");
	s->set |= CSEG__SPEC_CATEGORICAL;
	return CSEG_OK;
}

/* "<name><sep><level>" with the shortest %.*g that reads back exactly. */
static char *level_name(const char *name, double level)
{
	char num[40];
	size_t a, b;
	char *s;

	for (int prec = 1; prec <= 17; prec++) {
		snprintf(num, sizeof(num), "%.*g", prec, level);
		if (strtod(num, NULL) == level)
			break;
	}
	if (strcmp(num, "-0") == 0)
		strcpy(num, "0");
	a = strlen(name);
	b = strlen(num);
	if ((s = cseg__malloc(a + b + 2))) {
		memcpy(s, name, a);
		s[a] = '=';
		memcpy(s + a + 1, num, b + 1);
	}
	return s;
}

static char *suffixed(const char *name, const char *suffix)
{
	size_t a = strlen(name), b = strlen(suffix);
	char *s = cseg__malloc(a + b + 1);

	if (s) {
		memcpy(s, name, a);
		memcpy(s + a, suffix, b + 1);
	}
	return s;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

cseg_status cseg__prep_layout(cseg_prep *p)
{
	int64_t n_out = 0;
	char **names, **sorted;

	for (int64_t j = 0; j < p->n_in; j++) {
		cseg__prep_col *c = &p->cols[j];

		c->out_first = n_out;
		c->n_out = (c->categorical ? c->n_levels : 1)
			+ (c->missing == CSEG_MISSING_INDICATOR ? 1 : 0);
		n_out += c->n_out;
	}
	if (n_out < 1)
		return cseg__error(CSEG_E_INVALID_ARG, "preprocessing produces no output column");
	if (!(names = cseg__calloc((size_t)n_out, sizeof(char *))))
		return cseg__error(CSEG_E_NOMEM, "out of memory for %" PRId64 " output names", n_out);
	for (int64_t j = 0; j < p->n_in; j++) {
		const cseg__prep_col *c = &p->cols[j];
		int64_t o = c->out_first;

		if (c->categorical) {
			for (int64_t l = 0; l < c->n_levels; l++)
				if (!(names[o++] = level_name(c->name, c->levels[l])))
					goto nomem;
		} else if (!(names[o++] = cseg__strdup(c->name))) {
			goto nomem;
		}
		if (c->missing == CSEG_MISSING_INDICATOR && !(names[o] = suffixed(c->name, "_missing")))
			goto nomem;
	}
	/* Output columns name a dataset's columns: they must be distinct. */
	if (!(sorted = cseg__malloc_array((size_t)n_out, sizeof(char *))))
		goto nomem;
	memcpy(sorted, names, (size_t)n_out * sizeof(char *));
	qsort(sorted, (size_t)n_out, sizeof(char *), compare_names);
	for (int64_t o = 1; o < n_out; o++) {
		if (strcmp(sorted[o - 1], sorted[o]) == 0) {
			cseg_status st = cseg__error(CSEG_E_INVALID_ARG, "output column '%s' would appear "
				"twice (an indicator or level column clashes with an input name); rename "
				"the input column", sorted[o]);
			free(sorted);
			for (int64_t k = 0; k < n_out; k++)
				free(names[k]);
			free(names);
			return st;
		}
	}
	free(sorted);
	p->out_names = names;
	p->n_out = n_out;
	return CSEG_OK;
nomem:
	for (int64_t k = 0; k < n_out; k++)
		free(names[k]);
	free(names);
	return cseg__error(CSEG_E_NOMEM, "out of memory for output names");
}

int64_t cseg__prep_find_input(const cseg_prep *p, const char *name)
{
	for (int64_t j = 0; j < p->n_in; j++)
		if (strcmp(p->cols[j].name, name) == 0)
			return j;
	return -1;
}

int cseg_prep_is_fitted(const cseg_prep *prep)
{
	return prep ? (prep->fitted ? 1 : 0) : -1;
}

int64_t cseg_prep_n_inputs(const cseg_prep *prep)
{
	return prep && prep->fitted ? prep->n_in : -1;
}

const char *cseg_prep_input_name(const cseg_prep *prep, int64_t i)
{
	if (!prep || !prep->fitted || i < 0 || i >= prep->n_in)
		return NULL;
	return prep->cols[i].name;
}

int64_t cseg_prep_n_outputs(const cseg_prep *prep)
{
	return prep && prep->fitted ? prep->n_out : -1;
}

const char *cseg_prep_output_name(const cseg_prep *prep, int64_t i)
{
	if (!prep || !prep->fitted || i < 0 || i >= prep->n_out)
		return NULL;
	return prep->out_names[i];
}

/* Input column for a getter, with the shared checks. */
static cseg_status getter_column(const cseg_prep *prep, const char *column, const char *fn,
	int64_t *j)
{
	if (!prep)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: prep is NULL", fn);
	if (!column)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: column is NULL", fn);
	if (!prep->fitted)
		return cseg__error(CSEG_E_NOT_FITTED, "%s: the preprocessing is not fitted", fn);
	if ((*j = cseg__prep_find_input(prep, column)) < 0)
		return cseg__error(CSEG_E_INVALID_ARG, "%s: no input column named '%s'", fn, column);
	return CSEG_OK;
}

cseg_status cseg_prep_get_stat(const cseg_prep *prep, const char *column, int stat,
	double *value_out)
{
	const cseg__prep_col *c;
	cseg_status st;
	int64_t j;

	if (!value_out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_get_stat: value_out is NULL");
	if ((st = getter_column(prep, column, "cseg_prep_get_stat", &j)) != CSEG_OK)
		return st;
	c = &prep->cols[j];
	switch (stat) {
	case CSEG_PREP_STAT_FILL: *value_out = c->fill; break;
	case CSEG_PREP_STAT_CENTER: *value_out = c->center; break;
	case CSEG_PREP_STAT_SCALE: *value_out = c->scale; break;
	case CSEG_PREP_STAT_WEIGHT: *value_out = c->weight; break;
	case CSEG_PREP_STAT_N_LEVELS: *value_out = (double)c->n_levels; break;
	default:
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_prep_get_stat: stat %d is not a "
			"cseg_prep_stat value (0..%d)", stat, CSEG_PREP_STAT_N_LEVELS);
	}
	return CSEG_OK;
}

int64_t cseg_prep_n_dropped(const cseg_prep *prep)
{
	return prep ? prep->report.n_dropped : -1;
}

int64_t cseg_prep_n_imputed(const cseg_prep *prep, const char *column)
{
	int64_t j;

	if (getter_column(prep, column, "cseg_prep_n_imputed", &j) != CSEG_OK)
		return -1;
	return prep->report.n_imputed ? prep->report.n_imputed[j] : 0;
}

int64_t cseg_prep_n_unseen(const cseg_prep *prep, const char *column)
{
	int64_t j;

	if (getter_column(prep, column, "cseg_prep_n_unseen", &j) != CSEG_OK)
		return -1;
	return prep->report.n_unseen ? prep->report.n_unseen[j] : 0;
}
