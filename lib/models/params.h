/* The parameter and result table: one row per key, shared by the setters,
 * the getters, cseg_param_info and the model file. */
#ifndef CSEG_PARAMS_H
#define CSEG_PARAMS_H

#include <stddef.h>
#include "model_internal.h"

typedef struct cseg__param_def {
	int key;
	const char *name;
	cseg_type type;
	double def, min, max;
	/* Offset of the field in cseg__params; (size_t)-1 for results. */
	size_t offset;
	/* Bit set of the algorithms the key applies to (CSEG__ALGO_BIT); 0 for all. */
	unsigned algos;
} cseg__param_def;

#define CSEG__ALGO_BIT(a) (1u << (a))

/* Defaults of every parameter for an algorithm (common defaults, then the
 * algorithm's own). */
void cseg__params_default_for(cseg__params *p, int algo);

/* Row for key, or NULL. */
const cseg__param_def *cseg__param_find(int key);

/* The parameter rows (not results), for iteration by the model file. */
const cseg__param_def *cseg__param_table(size_t *count);

#endif /* CSEG_PARAMS_H */
