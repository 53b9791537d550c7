/**
 * @file cseg_rules.h
 * @brief Rule-based and hybrid segments: a small, safe rule language.
 *
 * A rule set is text, one rule per line (or separated by `;`):
 * @code
 * # VIPs first: the first rule that matches a customer wins.
 * monetary > 1000 and recency < 30 -> "VIP"
 * frequency >= 10 or (monetary / frequency) > 200 -> "Loyal"
 * recency is missing -> "No purchase yet"
 * cluster == 2 and monetary < 50 -> "Bargain hunters"
 * @endcode
 *
 * Grammar (keywords are case-insensitive):
 * @verbatim
 rules      := { rule ( newline | ';' ) }
 rule       := condition '->' string
 condition  := or
 or         := and { 'or' and }
 and        := not { 'and' not }
 not        := 'not' not | comparison
 comparison := sum ( '<' | '<=' | '>' | '>=' | '==' | '!=' ) sum
             | sum 'is' [ 'not' ] 'missing'
             | 'true' | 'false' | '(' condition ')'
 sum        := product { ( '+' | '-' ) product }
 product    := unary { ( '*' | '/' ) unary }
 unary      := '-' unary | number | column | '(' sum ')'
 column     := [A-Za-z_][A-Za-z0-9_.]*  |  `any text but backquotes`
 string     := "..." or '...' (backslash escapes the quote and itself)
 @endverbatim
 * `#` starts a comment that runs to the end of the line. Newlines inside
 * parentheses do not end a rule. Numbers are decimal (`12`, `0.5`, `.5`,
 * `1e3`) and never depend on the C locale.
 *
 * Columns are resolved by exact name against the dataset a rule set is
 * applied to; `cluster` and `segment` (any case) name the cluster labels
 * given to ::cseg_rules_apply when the dataset has no column of that name.
 *
 * Missing values (NaN): arithmetic propagates them, and every comparison that
 * involves a missing value is false, `!=` included; `not` negates the result,
 * so `not (x > 1)` is true when x is missing. Use `x is missing` to test
 * explicitly. Division by zero gives an infinity (or NaN for 0/0), which then
 * compares as such.
 *
 * Evaluation is first-match-wins in text order. Customers no rule matches get
 * the fallback segment ("Unclassified" unless set), or, in hybrid mode (cluster
 * labels given), keep their cluster: rules override clusters, and a rule may
 * refine one by testing `cluster == 2`.
 *
 * Safety: any byte string can be parsed without crashing; nesting (parentheses,
 * `not`, unary minus) is limited to ::CSEG_RULES_MAX_NESTING levels and
 * expression trees to ::CSEG_RULES_MAX_DEPTH, so evaluation never exhausts the
 * stack.
 *
 * Thread safety: ::cseg_rules_apply stores its results in the handle, so one
 * rule set must not be applied from two threads at once; separate handles
 * are independent.
 *
 * @defgroup rules Rules
 * @{
 */
#ifndef CSEG_RULES_H
#define CSEG_RULES_H

#include "cseg_common.h"
#include "cseg_dataset.h"

CSEG_BEGIN_DECLS

/** Opaque rule set. */
typedef struct cseg_rules cseg_rules;

/** Deepest nesting of parentheses, `not` and unary minus accepted by the parser. */
#define CSEG_RULES_MAX_NESTING 64
/** Deepest expression tree accepted by the parser (long `a + b + ...` chains count). */
#define CSEG_RULES_MAX_DEPTH 256
/** Longest segment name, in bytes. */
#define CSEG_RULES_MAX_NAME 256

/** Results of the last ::cseg_rules_apply, read with ::cseg_rules_get_int (900+). */
typedef enum cseg_rules_result {
	CSEG_RULES_RESULT_N_ROWS = 900,        /**< Customers evaluated. */
	CSEG_RULES_RESULT_N_OVERLAPPING = 901, /**< Customers matched by more than one rule. */
	CSEG_RULES_RESULT_N_UNMATCHED = 902,   /**< Customers no rule matched (fallback or kept cluster). */
	CSEG_RULES_RESULT_N_UNUSED_RULES = 903,/**< Rules that matched nobody. */
	CSEG_RULES_RESULT_HYBRID = 904         /**< 1 when cluster labels were given, else 0. */
} cseg_rules_result;

/** @name Create and destroy
 * @{ */

/**
 * @brief Parse a rule set.
 *
 * Checks syntax and types (conditions vs numbers) but not column names,
 * which are resolved by ::cseg_rules_apply.
 * @param[out] out the rule set; NULL on failure.
 * @param[in] text rules as described in @ref rules; NUL-terminated, any bytes.
 *   An empty text (or only comments) is a valid set of zero rules.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers;
 *   ::CSEG_E_FORMAT for a syntax error, with a message such as
 *   "line 2, column 14: expected a comparison operator after 'monetary'";
 *   ::CSEG_E_NOMEM.
 * @note Caller owns the rule set; free with ::cseg_rules_free.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_parse(cseg_rules **out, const char *text);

/**
 * @brief Free a rule set.
 * @param[in] rules rule set, or NULL (ignored).
 * @since 0.1.0
 */
CSEG_API void cseg_rules_free(cseg_rules *rules);

/** @} */
/** @name Rules and segments
 * @{ */

/**
 * @brief Number of rules.
 * @param[in] rules rule set.
 * @return the count, or -1 when @p rules is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_rules_n_rules(const cseg_rules *rules);

/**
 * @brief Segment name that rule @p rule assigns.
 * @param[in] rules rule set.
 * @param[in] rule 0..::cseg_rules_n_rules - 1, in text order.
 * @return borrowed string valid until @p rules is freed; NULL when @p rules
 *   is NULL or @p rule is out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_rules_rule_name(const cseg_rules *rules, int64_t rule);

/**
 * @brief Line of the text on which rule @p rule starts.
 * @param[in] rules rule set.
 * @param[in] rule 0..::cseg_rules_n_rules - 1.
 * @return the line (1-based), or -1 when @p rules is NULL or @p rule is out of range.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_rules_rule_line(const cseg_rules *rules, int64_t rule);

/**
 * @brief Set the name of the fallback segment (default "Unclassified").
 * @param[in,out] rules rule set.
 * @param[in] name 1..::CSEG_RULES_MAX_NAME bytes; copied.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL, empty or too long) or ::CSEG_E_NOMEM.
 * @note Takes effect at the next ::cseg_rules_apply.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_set_fallback_name(cseg_rules *rules, const char *name);

/**
 * @brief Number of segments of the last application.
 *
 * Segments are the distinct rule names in order of first appearance
 * (two rules may name the same segment), followed by the fallback segment,
 * or in hybrid mode by one segment per cluster label 0..max label.
 * Before any application the count assumes no labels (names + fallback).
 * @param[in] rules rule set.
 * @return the count, or -1 when @p rules is NULL.
 * @since 0.1.0
 */
CSEG_API int64_t cseg_rules_n_segments(const cseg_rules *rules);

/**
 * @brief Name of segment @p segment: a rule's name, the fallback name, or
 *   "Cluster <label>" for a kept cluster in hybrid mode.
 * @param[in] rules rule set.
 * @param[in] segment 0..::cseg_rules_n_segments - 1.
 * @return borrowed string valid until @p rules is freed or applied again;
 *   NULL when @p rules is NULL or @p segment out of range.
 * @since 0.1.0
 */
CSEG_API const char *cseg_rules_segment_name(const cseg_rules *rules, int64_t segment);

/** @} */
/** @name Apply
 * @{ */

/**
 * @brief Evaluate the rules on every customer of a dataset.
 *
 * Complexity: O(n_rows * total size of the rules) time, O(n_rows) memory.
 * @param[in,out] rules rule set; results replace those of the last call.
 * @param[in] data dataset; may contain missing values (see @ref rules).
 * @param[in] labels cluster labels 0..k-1, one per row, for hybrid mode; or
 *   NULL with @p n_labels 0. Labels above 10 * rows + 1000 are refused (they
 *   would create that many segments).
 * @param[in] n_labels 0 or the dataset's rows.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers, a label count
 *   other than 0 or the rows, a negative label, or a column name the dataset
 *   lacks (the message gives its line and column and lists the dataset's
 *   columns); ::CSEG_E_NOMEM. On failure the previous results are kept.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_apply(cseg_rules *rules, const cseg_dataset *data,
	const int64_t *labels, int64_t n_labels);

/** @} */
/** @name Results
 * @{ */

/**
 * @brief Read a result of the last application.
 * @param[in] rules rule set.
 * @param[in] key a ::cseg_rules_result.
 * @param[out] out the value.
 * @return ::CSEG_OK; ::CSEG_E_INVALID_ARG for NULL pointers;
 *   ::CSEG_E_UNSUPPORTED for an unknown key; ::CSEG_E_NOT_FITTED before any
 *   successful ::cseg_rules_apply.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_get_int(const cseg_rules *rules, int key, int64_t *out);

/**
 * @brief Copy each customer's segment (see ::cseg_rules_n_segments).
 * @param[in] rules applied rule set.
 * @param[out] out buffer of @p n_out values (may be NULL when @p n_out is 0).
 * @param[in] n_out must equal the rows of the last application.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL or wrong size) or
 *   ::CSEG_E_NOT_FITTED before any application.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_get_segments(const cseg_rules *rules, int64_t *out, int64_t n_out);

/**
 * @brief Copy each customer's winning rule (0-based), -1 when none matched.
 * @param[in] rules applied rule set.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal the rows of the last application.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL or wrong size) or
 *   ::CSEG_E_NOT_FITTED before any application.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_get_matched_rule(const cseg_rules *rules, int64_t *out, int64_t n_out);

/**
 * @brief Copy, per customer, how many rules matched (more than 1 flags an overlap).
 * @param[in] rules applied rule set.
 * @param[out] out buffer of @p n_out values.
 * @param[in] n_out must equal the rows of the last application.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL or wrong size) or
 *   ::CSEG_E_NOT_FITTED before any application.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_get_n_matching(const cseg_rules *rules, int64_t *out, int64_t n_out);

/**
 * @brief Copy, per rule, the customers it won (first match).
 * @param[in] rules applied rule set.
 * @param[out] out buffer of @p n_out values (may be NULL when @p n_out is 0).
 * @param[in] n_out must equal ::cseg_rules_n_rules.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL or wrong size) or
 *   ::CSEG_E_NOT_FITTED before any application.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_get_rule_counts(const cseg_rules *rules, int64_t *out, int64_t n_out);

/**
 * @brief Copy, per rule, the customers whose condition is true, won or not
 *   (0 marks a rule that matches nobody).
 * @param[in] rules applied rule set.
 * @param[out] out buffer of @p n_out values (may be NULL when @p n_out is 0).
 * @param[in] n_out must equal ::cseg_rules_n_rules.
 * @return ::CSEG_OK, ::CSEG_E_INVALID_ARG (NULL or wrong size) or
 *   ::CSEG_E_NOT_FITTED before any application.
 * @since 0.1.0
 */
CSEG_API cseg_status cseg_rules_get_rule_hits(const cseg_rules *rules, int64_t *out, int64_t n_out);

/** @} */

CSEG_END_DECLS

/** @} */
#endif /* CSEG_RULES_H */
