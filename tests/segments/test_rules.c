/* Rule language: parsing, error messages, evaluation, hybrid mode, missing
 * values, limits and a fuzz test of the parser. */
#include <math.h>
#include <stdint.h>

#include "test_util.h"

/* recency, frequency, monetary for 6 customers; row 5 has missing values. */
static cseg_dataset *rfm_data(void)
{
	static const double x[] = {
		5, 12, 2500,
		40, 3, 1200,
		200, 1, 30,
		10, 20, 900,
		400, 2, 80,
		NAN, 1, NAN,
	};
	static const char *names[] = {"recency", "frequency", "monetary"};
	cseg_dataset *ds = NULL;

	ck_assert_ok(cseg_dataset_new(&ds, x, 6, 3, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, names, 3));
	return ds;
}

static void get_all(cseg_rules *r, int64_t *seg, int64_t *rule, int64_t *nm, int64_t n)
{
	ck_assert_ok(cseg_rules_get_segments(r, seg, n));
	ck_assert_ok(cseg_rules_get_matched_rule(r, rule, n));
	ck_assert_ok(cseg_rules_get_n_matching(r, nm, n));
}

START_TEST(first_match_wins_and_report)
{
	const char *text =
		"# VIPs first\n"
		"monetary > 1000 and recency < 30 -> \"VIP\"\n"
		"frequency >= 10 -> \"Loyal\"   # overlaps with VIP for row 0\n"
		"\n"
		"recency > 365; monetary > 1e6 -> 'Whale'\n";
	cseg_rules *r = NULL;
	cseg_dataset *ds = NULL;
	int64_t seg[6], rule[6], nm[6], v;

	/* "recency > 365;" alone is not a rule: the parser says what is missing. */
	ck_assert_status(cseg_rules_parse(&r, text), CSEG_E_FORMAT);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(cseg_last_error(), "line 5, column 14: expected '->' and a segment name after '365'");

	text = "# VIPs first\n"
		"monetary > 1000 and recency < 30 -> \"VIP\"\n"
		"frequency >= 10 -> \"Loyal\"   # overlaps with VIP for row 0\n"
		"\n"
		"recency > 365 -> \"Lapsed\"; monetary > 1e6 -> 'Whale'\n";
	ck_assert_ok(cseg_rules_parse(&r, text));
	ck_assert_int_eq(cseg_rules_n_rules(r), 4);
	ck_assert_str_eq(cseg_rules_rule_name(r, 3), "Whale");
	ck_assert_int_eq(cseg_rules_rule_line(r, 2), 5);
	ck_assert_int_eq(cseg_rules_rule_line(r, 3), 5);
	ck_assert_int_eq(cseg_rules_n_segments(r), 5);
	ck_assert_str_eq(cseg_rules_segment_name(r, 4), "Unclassified");
	ck_assert_status(cseg_rules_get_int(r, CSEG_RULES_RESULT_N_ROWS, &v), CSEG_E_NOT_FITTED);

	ds = rfm_data();
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	get_all(r, seg, rule, nm, 6);
	/* row 0: VIP and Loyal; 1: none; 2: none; 3: Loyal; 4: Lapsed; 5: NaN -> none */
	static const int64_t want_rule[6] = {0, -1, -1, 1, 2, -1};
	static const int64_t want_seg[6] = {0, 4, 4, 1, 2, 4};
	static const int64_t want_nm[6] = {2, 0, 0, 1, 1, 0};
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(rule[i], want_rule[i]);
		ck_assert_int_eq(seg[i], want_seg[i]);
		ck_assert_int_eq(nm[i], want_nm[i]);
	}
	{
		int64_t c4[4], h4[4];

		ck_assert_ok(cseg_rules_get_rule_counts(r, c4, 4));
		ck_assert_ok(cseg_rules_get_rule_hits(r, h4, 4));
		ck_assert_int_eq(c4[0], 1);
		ck_assert_int_eq(c4[1], 1);
		ck_assert_int_eq(c4[2], 1);
		ck_assert_int_eq(c4[3], 0);
		ck_assert_int_eq(h4[1], 2);
		ck_assert_int_eq(h4[3], 0);
	}
	ck_assert_ok(cseg_rules_get_int(r, CSEG_RULES_RESULT_N_ROWS, &v));
	ck_assert_int_eq(v, 6);
	ck_assert_ok(cseg_rules_get_int(r, CSEG_RULES_RESULT_N_OVERLAPPING, &v));
	ck_assert_int_eq(v, 1);
	ck_assert_ok(cseg_rules_get_int(r, CSEG_RULES_RESULT_N_UNMATCHED, &v));
	ck_assert_int_eq(v, 3);
	ck_assert_ok(cseg_rules_get_int(r, CSEG_RULES_RESULT_N_UNUSED_RULES, &v));
	ck_assert_int_eq(v, 1);
	ck_assert_ok(cseg_rules_get_int(r, CSEG_RULES_RESULT_HYBRID, &v));
	ck_assert_int_eq(v, 0);

	/* A new fallback name applies at the next application. */
	ck_assert_ok(cseg_rules_set_fallback_name(r, "Everyone else"));
	ck_assert_str_eq(cseg_rules_segment_name(r, 4), "Unclassified");
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	ck_assert_str_eq(cseg_rules_segment_name(r, 4), "Everyone else");
	ck_assert_ptr_null(cseg_rules_segment_name(r, 5));
	cseg_rules_free(r);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(same_name_one_segment)
{
	cseg_rules *r = NULL;
	cseg_dataset *ds = rfm_data();
	int64_t seg[6];

	ck_assert_ok(cseg_rules_parse(&r, "monetary > 2000 -> \"VIP\"\nfrequency > 15 -> \"VIP\"\n"
		"true -> \"Rest\""));
	ck_assert_int_eq(cseg_rules_n_rules(r), 3);
	ck_assert_int_eq(cseg_rules_n_segments(r), 3); /* VIP, Rest, fallback */
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	ck_assert_ok(cseg_rules_get_segments(r, seg, 6));
	ck_assert_int_eq(seg[0], 0);
	ck_assert_int_eq(seg[3], 0);
	ck_assert_int_eq(seg[1], 1);
	ck_assert_int_eq(seg[5], 1); /* true matches rows with missing values too */
	cseg_rules_free(r);
	cseg_dataset_free(ds);
}
END_TEST

/* Evaluate one condition on the rfm_data rows: bit i set when row i matches. */
static unsigned matches(const char *cond)
{
	char text[2048];
	cseg_rules *r = NULL;
	cseg_dataset *ds = rfm_data();
	int64_t rule[6];
	unsigned bits = 0;

	snprintf(text, sizeof(text), "%s -> \"x\"", cond);
	ck_assert_msg(cseg_rules_parse(&r, text) == CSEG_OK, "%s: %s", cond, cseg_last_error());
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	ck_assert_ok(cseg_rules_get_matched_rule(r, rule, 6));
	for (int i = 0; i < 6; i++)
		if (rule[i] == 0)
			bits |= 1u << i;
	cseg_rules_free(r);
	cseg_dataset_free(ds);
	return bits;
}

START_TEST(operators_and_precedence)
{
	/* rows: recency 5 40 200 10 400 NaN; frequency 12 3 1 20 2 1; monetary 2500 1200 30 900 80 NaN */
	ck_assert_uint_eq(matches("frequency == 1"), 0x24);
	ck_assert_uint_eq(matches("frequency != 1"), 0x1b);
	ck_assert_uint_eq(matches("frequency <= 2"), 0x34);
	ck_assert_uint_eq(matches("frequency < 2"), 0x24);
	ck_assert_uint_eq(matches("frequency >= 12"), 0x09);
	ck_assert_uint_eq(matches("frequency > 12"), 0x08);
	/* * before +, unary minus, parentheses. */
	ck_assert_uint_eq(matches("frequency + frequency * 10 > 100"), 0x09); /* 132, 33, 11, 220, 22 */
	ck_assert_uint_eq(matches("(frequency + frequency) * 10 > 100"), 0x09);
	ck_assert_uint_eq(matches("(frequency + 1) * 10 > 100"), 0x09);
	ck_assert_uint_eq(matches("-frequency < -10"), 0x09);
	ck_assert_uint_eq(matches("- - frequency == 3"), 0x02);
	ck_assert_uint_eq(matches("monetary / frequency > 200"), 0x03); /* 208, 400, 30, 45, 40 */
	ck_assert_uint_eq(matches("10 - 4 - 3 == 3"), 0x3f);                /* left-associative */
	ck_assert_uint_eq(matches("12 / 2 / 3 == 2"), 0x3f);
	ck_assert_uint_eq(matches(".5e1 == 5 and 1.5 == 15e-1 and 0.25 == 25E-2"), 0x3f);
	{
		/* 450 leading zeros, and 0.(399 zeros)25e400: the significant digits survive. */
		char cond[1200];
		size_t o = 0;

		for (int z = 0; z < 450; z++)
			cond[o++] = '0';
		o += (size_t)sprintf(cond + o, "3 == 3 and 0.");
		for (int z = 0; z < 399; z++)
			cond[o++] = '0';
		sprintf(cond + o, "25e400 == 2.5");
		ck_assert_uint_eq(matches(cond), 0x3f);
	}
	/* and before or; not binds tighter than and. */
	ck_assert_uint_eq(matches("frequency == 1 or frequency == 2 and monetary > 50"), 0x34);
	ck_assert_uint_eq(matches("(frequency == 1 or frequency == 2) and monetary > 50"), 0x10);
	ck_assert_uint_eq(matches("not frequency == 1 and monetary > 1000"), 0x03);
	ck_assert_uint_eq(matches("not (frequency == 1 and monetary > 10)"), 0x3b);
	ck_assert_uint_eq(matches("NOT frequency == 1 AND monetary > 1000"), 0x03);
	ck_assert_uint_eq(matches("true"), 0x3f);
	ck_assert_uint_eq(matches("false or (true and not false)"), 0x3f);
	/* Division by zero gives inf or NaN, compared as such. */
	ck_assert_uint_eq(matches("monetary / 0 > 1e300"), 0x1f);
	ck_assert_uint_eq(matches("(monetary - monetary) / 0 is missing"), 0x3f);
	/* Backquoted column names; comments after a rule. */
	ck_assert_uint_eq(matches("`frequency` == 3"), 0x02);
}
END_TEST

START_TEST(missing_values)
{
	/* Row 5 has recency and monetary missing. */
	ck_assert_uint_eq(matches("recency is missing"), 0x20);
	ck_assert_uint_eq(matches("recency is not missing"), 0x1f);
	ck_assert_uint_eq(matches("recency IS MISSING or monetary is missing"), 0x20);
	ck_assert_uint_eq(matches("recency + 1 is missing"), 0x20);
	/* Every comparison with a missing value is false, != included. */
	ck_assert_uint_eq(matches("recency > -1"), 0x1f);
	ck_assert_uint_eq(matches("recency <= 1e9"), 0x1f);
	ck_assert_uint_eq(matches("recency != 7"), 0x1f);
	ck_assert_uint_eq(matches("recency == recency"), 0x1f);
	/* not negates: not (x > 1) holds when x is missing. */
	ck_assert_uint_eq(matches("not recency > 100"), 0x2b);
}
END_TEST

START_TEST(hybrid_labels)
{
	static const int64_t labels[6] = {0, 1, 2, 1, 2, 0};
	cseg_rules *r = NULL;
	cseg_dataset *ds = rfm_data();
	int64_t seg[6], rule[6], v;

	ck_assert_ok(cseg_rules_parse(&r,
		"monetary > 2000 -> \"VIP\"\n"
		"cluster == 2 and monetary < 50 -> \"Bargain\"\n"
		"Segment == 1 and frequency > 10 -> \"Loyal cluster 1\"\n"));
	/* Without labels, 'cluster' is an error naming its position. */
	ck_assert_status(cseg_rules_apply(r, ds, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "line 2, column 1: 'cluster' needs cluster labels"));
	ck_assert_status(cseg_rules_get_segments(r, seg, 6), CSEG_E_NOT_FITTED);

	ck_assert_ok(cseg_rules_apply(r, ds, labels, 6));
	ck_assert_int_eq(cseg_rules_n_segments(r), 3 + 3);
	ck_assert_str_eq(cseg_rules_segment_name(r, 3), "Cluster 0");
	ck_assert_str_eq(cseg_rules_segment_name(r, 5), "Cluster 2");
	ck_assert_ok(cseg_rules_get_segments(r, seg, 6));
	ck_assert_ok(cseg_rules_get_matched_rule(r, rule, 6));
	/* row 0: VIP overrides cluster 0; row 1: keeps cluster 1; row 2: Bargain;
	 * row 3: Loyal cluster 1; row 4: cluster 2 but monetary 80; row 5: cluster 0. */
	static const int64_t want_seg[6] = {0, 4, 1, 2, 5, 3};
	static const int64_t want_rule[6] = {0, -1, 1, 2, -1, -1};
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(seg[i], want_seg[i]);
		ck_assert_int_eq(rule[i], want_rule[i]);
	}
	ck_assert_ok(cseg_rules_get_int(r, CSEG_RULES_RESULT_HYBRID, &v));
	ck_assert_int_eq(v, 1);
	ck_assert_ok(cseg_rules_get_int(r, CSEG_RULES_RESULT_N_UNMATCHED, &v));
	ck_assert_int_eq(v, 3);
	cseg_rules_free(r);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(unknown_columns)
{
	cseg_rules *r = NULL;
	cseg_dataset *ds = rfm_data();

	ck_assert_ok(cseg_rules_parse(&r, "recency < 30 -> \"a\"\n  monetry > 5 -> \"b\""));
	ck_assert_status(cseg_rules_apply(r, ds, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "cseg_rules_apply: line 2, column 3: unknown column 'monetry'; "
		"the dataset's columns are: recency, frequency, monetary");
	/* Names are case-sensitive. */
	cseg_rules_free(r);
	ck_assert_ok(cseg_rules_parse(&r, "Recency < 30 -> \"a\""));
	ck_assert_status(cseg_rules_apply(r, ds, NULL, 0), CSEG_E_INVALID_ARG);
	cseg_rules_free(r);
	cseg_dataset_free(ds);
}
END_TEST

static void expect_error(const char *text, const char *message)
{
	cseg_rules *r = (cseg_rules *)&r; /* must be reset to NULL */

	ck_assert_status(cseg_rules_parse(&r, text), CSEG_E_FORMAT);
	ck_assert_ptr_null(r);
	ck_assert_msg(strcmp(cseg_last_error(), message) == 0, "for %s\n got: %s\nwant: %s", text,
		cseg_last_error(), message);
}

START_TEST(syntax_errors)
{
	expect_error("recency < 30 -> \"a\"\nmonetary 1000 -> \"b\"",
		"line 2, column 10: expected a comparison operator after 'monetary'");
	expect_error("monetary > -> \"b\"",
		"line 1, column 12: expected a number, a column name or '(' after '>'");
	expect_error("monetary > 5 \"b\"",
		"line 1, column 14: expected '->' and a segment name after '5'");
	expect_error("monetary > 5 -> b",
		"line 1, column 17: expected a segment name in double quotes after '->'");
	expect_error("monetary > 5 -> \"b\" extra",
		"line 1, column 21: expected the end of the rule (a new line or ';') after '\"b\"'");
	expect_error("monetary = 5 -> \"b\"", "line 1, column 10: unexpected '='; use '==' to compare");
	expect_error("!(a > 1) -> \"b\"",
		"line 1, column 1: unexpected '!'; use '!=' to compare or 'not' to negate");
	expect_error("(a > 1 -> \"b\"", "line 1, column 8: expected ')' after '1'");
	expect_error("a > 1)-> \"b\"", "line 1, column 6: expected '->' and a segment name after '1'");
	expect_error("-> \"b\"", "line 1, column 1: expected a number, a column name or '(', found '->'");
	expect_error("a > 1 and -> \"b\"",
		"line 1, column 11: expected a number, a column name or '(' after 'and'");
	expect_error("a > 1 < 2 -> \"b\"",
		"line 1, column 7: comparisons cannot be chained; join them with 'and'");
	expect_error("(a > 1) > 2 -> \"b\"",
		"line 1, column 9: cannot compare a condition; compare numbers or columns");
	expect_error("a + (b > 1) > 2 -> \"b\"",
		"line 1, column 5: expected a number or a column here, found a condition");
	expect_error("a is 3 -> \"b\"", "line 1, column 6: expected 'missing' after 'is'");
	expect_error("(a > 1) is missing -> \"b\"",
		"line 1, column 9: 'is missing' applies to a number or a column, not to a condition");
	expect_error("a > 1 -> \"b", "line 1, column 10: unterminated string: the closing quote is missing on this line");
	expect_error("a > 1 -> \"\"", "line 1, column 10: empty segment name");
	expect_error("a > 1 -> \"x\ny\"", "line 1, column 10: unterminated string: the closing quote is missing on this line");
	expect_error("a > 10k -> \"b\"", "line 1, column 5: malformed number: unexpected 'k' after '10'");
	expect_error("a > 1.2.3 -> \"b\"", "line 1, column 5: malformed number: unexpected '.' after '1.2'");
	expect_error("a > 1e -> \"b\"", "line 1, column 5: malformed number: expected digits after the exponent 'e'");
	expect_error("a > 1e999 -> \"b\"", "line 1, column 5: number out of range");
	expect_error("a > 1 -> \"b\"\n\n   a @ 2", "line 3, column 6: unexpected character '@'");
	expect_error("a > \x01 -> \"b\"", "line 1, column 5: unexpected byte \\x01");
	expect_error("a > 1 -> \"b\"\na", "line 2, column 2: expected a comparison operator after 'a'");
	expect_error("(a and b > 1) -> \"x\"", "line 1, column 4: expected a comparison operator after 'a'");
	expect_error("(a > 1) and (b) -> \"x\"", "line 1, column 17: expected a comparison operator after ')'");
	expect_error("not a -> \"x\"", "line 1, column 7: expected a comparison operator after 'a'");
	expect_error("`` > 1 -> \"x\"", "line 1, column 1: empty column name");
	expect_error("`a > 1 -> \"x\"", "line 1, column 1: unterminated column name: the closing '`' is missing on this line");
	/* A newline inside parentheses does not end the rule. */
	{
		cseg_rules *r = NULL;

		ck_assert_ok(cseg_rules_parse(&r, "(a > 1 and\n b > 2) -> \"x\"\n\n;;\n# only a comment\n"));
		ck_assert_int_eq(cseg_rules_n_rules(r), 1);
		cseg_rules_free(r);
		ck_assert_ok(cseg_rules_parse(&r, ""));
		ck_assert_int_eq(cseg_rules_n_rules(r), 0);
		ck_assert_int_eq(cseg_rules_n_segments(r), 1);
		cseg_rules_free(r);
	}
}
END_TEST

START_TEST(names_and_escapes)
{
	cseg_rules *r = NULL;
	char longname[CSEG_RULES_MAX_NAME + 20];

	ck_assert_status(cseg_rules_parse(&r, "a > 1 -> 'It''s'"), CSEG_E_FORMAT);
	ck_assert_ok(cseg_rules_parse(&r, "a > 1 -> \"Can't \\\"lose\\\" \\\\ them\"; a < 0 -> 'It\\'s'"));
	ck_assert_str_eq(cseg_rules_rule_name(r, 0), "Can't \"lose\" \\ them");
	ck_assert_str_eq(cseg_rules_rule_name(r, 1), "It's");
	ck_assert_ptr_null(cseg_rules_rule_name(r, 2));
	ck_assert_ptr_null(cseg_rules_rule_name(r, -1));
	cseg_rules_free(r);

	memset(longname, 'x', sizeof(longname));
	longname[0] = '"';
	snprintf(longname + CSEG_RULES_MAX_NAME + 2, 18, "\"");
	{
		char text[CSEG_RULES_MAX_NAME + 40];

		snprintf(text, sizeof(text), "a > 1 -> %s", longname);
		ck_assert_status(cseg_rules_parse(&r, text), CSEG_E_FORMAT);
		ck_assert_str_eq(cseg_last_error(), "line 1, column 10: segment name longer than 256 bytes");
	}
}
END_TEST

START_TEST(limits)
{
	char *text = malloc(1000000);
	size_t o = 0;
	cseg_rules *r = NULL;
	cseg_dataset *ds = rfm_data();

	/* 64 nested parentheses are fine, 65 are not. */
	for (int depth = 64; depth <= 65; depth++) {
		o = 0;
		for (int i = 0; i < depth; i++)
			text[o++] = '(';
		o += (size_t)sprintf(text + o, "frequency");
		for (int i = 0; i < depth; i++)
			text[o++] = ')';
		sprintf(text + o, " > 1 -> \"x\"");
		if (depth == 64) {
			ck_assert_ok(cseg_rules_parse(&r, text));
			ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
			cseg_rules_free(r);
		} else {
			ck_assert_status(cseg_rules_parse(&r, text), CSEG_E_FORMAT);
			ck_assert_str_eq(cseg_last_error(), "line 1, column 65: nesting deeper than 64 levels");
		}
	}
	/* 100000 'not's and a long chain of + stop at the limits, without recursion blow-ups. */
	o = 0;
	for (int i = 0; i < 50000; i++)
		o += (size_t)sprintf(text + o, "not ");
	sprintf(text + o, "a > 1 -> \"x\"");
	ck_assert_status(cseg_rules_parse(&r, text), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "nesting deeper than 64 levels"));
	o = 0;
	for (int i = 0; i < 30000; i++)
		o += (size_t)sprintf(text + o, "1 + ");
	sprintf(text + o, "frequency > 1 -> \"x\"");
	ck_assert_status(cseg_rules_parse(&r, text), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "expression too deep (more than 256 levels)"));
	o = 0;
	for (int i = 0; i < 30000; i++)
		o += (size_t)sprintf(text + o, "a > 1 or ");
	sprintf(text + o, "a > 1 -> \"x\"");
	ck_assert_status(cseg_rules_parse(&r, text), CSEG_E_FORMAT);
	ck_assert_ptr_nonnull(strstr(cseg_last_error(), "expression too deep"));
	/* 200 conditions joined by 'and' are fine (depth 201). */
	o = 0;
	for (int i = 0; i < 199; i++)
		o += (size_t)sprintf(text + o, "frequency > %d and ", -i);
	sprintf(text + o, "frequency > 0 -> \"x\"");
	ck_assert_ok(cseg_rules_parse(&r, text));
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	cseg_rules_free(r);
	/* Many rules. */
	o = 0;
	for (int i = 0; i < 5000; i++)
		o += (size_t)sprintf(text + o, "frequency > %d -> \"s%d\"\n", i, i % 7);
	text[o] = '\0';
	ck_assert_ok(cseg_rules_parse(&r, text));
	ck_assert_int_eq(cseg_rules_n_rules(r), 5000);
	ck_assert_int_eq(cseg_rules_n_segments(r), 8);
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	cseg_rules_free(r);
	free(text);
	cseg_dataset_free(ds);
}
END_TEST

/* Random bytes, and random sequences of valid tokens: parse must fail
 * cleanly or succeed; what parses must evaluate without trouble. */
START_TEST(fuzz_parser)
{
	static const char *const tokens[] = {
		"a", "b", "monetary", "cluster", "1", "2.5", "-", "+", "*", "/", "(", ")", "<", "<=",
		">", ">=", "==", "!=", "and", "or", "not", "is", "missing", "true", "false", "->",
		"\"x\"", "'y'", "\n", ";", "#c\n", " ", "`b`", "1e3", ".5", "=", "!", "\"", "`",
	};
	static const double x[] = {1, 2, NAN, 4, 5, 6};
	static const char *names[] = {"a", "b"};
	static const int64_t labels[3] = {0, 1, 0};
	const int n_tokens = (int)(sizeof(tokens) / sizeof(tokens[0]));
	cseg_dataset *ds = NULL;
	uint64_t state = 0x9e3779b97f4a7c15ULL;
	char buf[600];
	int parsed = 0;

	ck_assert_ok(cseg_dataset_new(&ds, x, 3, 2, CSEG_LAYOUT_ROW_MAJOR));
	ck_assert_ok(cseg_dataset_set_column_names(ds, names, 2));
	for (int it = 0; it < 6000; it++) {
		size_t len = 0, target;
		cseg_rules *r = NULL;
		cseg_status st;

		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		target = (size_t)(state % 300);
		if (it % 2 == 0) {
			while (len < target) {
				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				buf[len++] = (char)(1 + state % 255);
			}
		} else {
			while (len < target) {
				const char *t;
				size_t tl;

				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				t = tokens[state % (uint64_t)n_tokens];
				tl = strlen(t);
				if (len + tl + 1 >= sizeof(buf))
					break;
				memcpy(buf + len, t, tl);
				len += tl;
				buf[len++] = ' ';
			}
		}
		buf[len] = '\0';
		st = cseg_rules_parse(&r, buf);
		ck_assert_msg(st == CSEG_OK || st == CSEG_E_FORMAT, "status %d for input %d", st, it);
		if (st != CSEG_OK) {
			ck_assert_ptr_null(r);
			ck_assert_msg(strncmp(cseg_last_error(), "line ", 5) == 0, "%s", cseg_last_error());
			continue;
		}
		parsed++;
		st = cseg_rules_apply(r, ds, labels, 3);
		ck_assert_msg(st == CSEG_OK || st == CSEG_E_INVALID_ARG, "apply status %d", st);
		cseg_rules_free(r);
	}
	/* The token fuzzer must reach the evaluator now and then. */
	ck_assert_int_gt(parsed, 20);
	cseg_dataset_free(ds);
}
END_TEST

START_TEST(bad_arguments)
{
	cseg_rules *r = NULL;
	cseg_dataset *ds = rfm_data();
	int64_t buf[6], v;
	static const int64_t neg[6] = {0, 1, -1, 0, 0, 0};
	static const int64_t huge[6] = {0, 1, 1000000, 0, 0, 0};
	char longname[300];

	ck_assert_status(cseg_rules_parse(NULL, "a > 1 -> \"x\""), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_parse(&r, NULL), CSEG_E_INVALID_ARG);
	ck_assert_ptr_null(r);
	cseg_rules_free(NULL);
	ck_assert_int_eq(cseg_rules_n_rules(NULL), -1);
	ck_assert_int_eq(cseg_rules_n_segments(NULL), -1);
	ck_assert_int_eq(cseg_rules_rule_line(NULL, 0), -1);
	ck_assert_ptr_null(cseg_rules_rule_name(NULL, 0));
	ck_assert_ptr_null(cseg_rules_segment_name(NULL, 0));
	ck_assert_status(cseg_rules_set_fallback_name(NULL, "x"), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_apply(NULL, ds, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_int(NULL, CSEG_RULES_RESULT_N_ROWS, &v), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_segments(NULL, buf, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_matched_rule(NULL, buf, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_n_matching(NULL, buf, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_rule_counts(NULL, buf, 1), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_rule_hits(NULL, buf, 1), CSEG_E_INVALID_ARG);

	ck_assert_ok(cseg_rules_parse(&r, "frequency > 1 -> \"x\""));
	ck_assert_status(cseg_rules_set_fallback_name(r, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_set_fallback_name(r, ""), CSEG_E_INVALID_ARG);
	memset(longname, 'y', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_status(cseg_rules_set_fallback_name(r, longname), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_rule_counts(r, buf, 1), CSEG_E_NOT_FITTED);
	ck_assert_status(cseg_rules_apply(r, NULL, NULL, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_apply(r, ds, NULL, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_apply(r, ds, neg, 5), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_apply(r, ds, neg, 6), CSEG_E_INVALID_ARG);
	ck_assert_str_eq(cseg_last_error(), "cseg_rules_apply: labels[2] = -1 is negative; labels must be >= 0");
	ck_assert_status(cseg_rules_apply(r, ds, huge, 6), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	ck_assert_status(cseg_rules_get_int(r, 12345, &v), CSEG_E_UNSUPPORTED);
	ck_assert_status(cseg_rules_get_int(r, CSEG_RULES_RESULT_N_ROWS, NULL), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_segments(r, buf, 5), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_segments(r, NULL, 6), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_matched_rule(r, buf, 7), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_n_matching(r, buf, 0), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_rule_counts(r, buf, 2), CSEG_E_INVALID_ARG);
	ck_assert_status(cseg_rules_get_rule_hits(r, buf, 0), CSEG_E_INVALID_ARG);
	/* A failed apply keeps the previous results. */
	ck_assert_status(cseg_rules_apply(r, ds, neg, 6), CSEG_E_INVALID_ARG);
	ck_assert_ok(cseg_rules_get_segments(r, buf, 6));
	ck_assert_int_eq(buf[0], 0);
	cseg_rules_free(r);
	/* Zero rules: every row falls back. */
	ck_assert_ok(cseg_rules_parse(&r, "  # nothing\n"));
	ck_assert_ok(cseg_rules_apply(r, ds, NULL, 0));
	ck_assert_ok(cseg_rules_get_rule_counts(r, NULL, 0));
	ck_assert_ok(cseg_rules_get_segments(r, buf, 6));
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(buf[i], 0);
	cseg_rules_free(r);
	cseg_dataset_free(ds);
	ck_assert_int_eq(cseg_live_handles(), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, first_match_wins_and_report);
	tcase_add_test(tc, same_name_one_segment);
	tcase_add_test(tc, operators_and_precedence);
	tcase_add_test(tc, missing_values);
	tcase_add_test(tc, hybrid_labels);
	tcase_add_test(tc, unknown_columns);
	tcase_add_test(tc, syntax_errors);
	tcase_add_test(tc, names_and_escapes);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, fuzz_parser);
	tcase_add_test(tc, bad_arguments);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
