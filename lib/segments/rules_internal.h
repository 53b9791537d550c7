/* The rule set: parsed expression trees in one node pool, plus the results
 * of the last application. Private to lib/segments. */
#ifndef CSEG_RULES_INTERNAL_H
#define CSEG_RULES_INTERNAL_H

#include "cseg/cseg_rules.h"

typedef enum cseg__rnode_kind {
	CSEG__R_NUM, CSEG__R_VAR, CSEG__R_NEG,
	CSEG__R_ADD, CSEG__R_SUB, CSEG__R_MUL, CSEG__R_DIV,
	CSEG__R_LT, CSEG__R_LE, CSEG__R_GT, CSEG__R_GE, CSEG__R_EQ, CSEG__R_NE,
	CSEG__R_AND, CSEG__R_OR, CSEG__R_NOT, CSEG__R_MISSING, CSEG__R_CONST
} cseg__rnode_kind;

/* Children are indices into the pool, so the tree frees in one call and
 * needs no pointer fix-ups when the pool grows. */
typedef struct cseg__rnode {
	int kind;
	int is_bool;
	int depth;      /* height of the subtree, bounded by CSEG_RULES_MAX_DEPTH */
	int64_t a, b;   /* children, -1 when absent */
	int64_t var;    /* CSEG__R_VAR: index into vars */
	double value;   /* CSEG__R_NUM; CSEG__R_CONST: 0 or 1 */
} cseg__rnode;

typedef struct cseg__rvar {
	char *name;
	int64_t line, col; /* first use, for "unknown column" messages */
} cseg__rvar;

typedef struct cseg__rule {
	int64_t root;
	int64_t name;      /* index into names (distinct segment names) */
	int64_t line;
} cseg__rule;

struct cseg_rules {
	cseg__rnode *nodes;
	int64_t n_nodes, cap_nodes;
	cseg__rule *rules;
	int64_t n_rules, cap_rules;
	cseg__rvar *vars;
	int64_t n_vars, cap_vars;
	char **names;      /* distinct rule names, first appearance order */
	int64_t n_names, cap_names;
	char *fallback;

	/* Results of the last apply (applied == 0 before). */
	int applied;
	int hybrid;
	int64_t n_rows;
	int64_t *segment, *matched, *n_matching; /* n_rows each */
	int64_t *rule_counts, *rule_hits;        /* n_rules each */
	int64_t n_segments;
	char **segment_names;                    /* n_segments, owned */
	int64_t n_overlapping, n_unmatched, n_unused;
};

/* Evaluate rule conditions for one customer given the values of every
 * variable (vals[v] for vars[v]). */
int cseg__rules_eval_bool(const cseg_rules *r, int64_t node, const double *vals);

#endif /* CSEG_RULES_INTERNAL_H */
