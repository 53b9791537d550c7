/* Rule language: lexer and recursive-descent parser (grammar in
 * include/cseg/cseg_rules.h). Every error names line:column and what was
 * expected; nesting and tree depth are bounded so no input can exhaust the
 * stack, here or at evaluation. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "rules_internal.h"

#define MAX_NUMBER_DIGITS 400

typedef enum tok_type {
	T_EOF, T_SEP, T_NUM, T_IDENT, T_STRING, T_LPAREN, T_RPAREN,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_CMP, T_ARROW,
	T_AND, T_OR, T_NOT, T_IS, T_MISSING, T_TRUE, T_FALSE
} tok_type;

typedef struct token {
	tok_type type;
	int op;              /* T_CMP: a CSEG__R_LT..CSEG__R_NE kind */
	const char *start;   /* text of the token, for messages */
	size_t len;
	int64_t line, col;
	double value;        /* T_NUM */
	char *text;          /* T_IDENT, T_STRING: decoded, owned until consumed */
} token;

typedef struct parser {
	const char *p;       /* next byte to lex */
	int64_t line, col;   /* position of p */
	int64_t paren;       /* open parentheses: newlines inside do not end a rule */
	int nest;            /* current nesting of '(' / not / unary minus */
	token cur, prev;
	int have_prev;       /* prev belongs to the current rule */
	cseg_rules *r;
	cseg_status st;
} parser;

/* ---- messages --------------------------------------------------------- */

/* Quoted token text, shortened, with unprintable bytes escaped. */
static void describe(const token *t, char *buf, size_t size)
{
	size_t o = 0, n = t->len > 32 ? 32 : t->len;

	if (t->type == T_EOF) {
		snprintf(buf, size, "the end of the text");
		return;
	}
	if (t->type == T_SEP && t->start[0] != ';') {
		snprintf(buf, size, "the end of the line");
		return;
	}
	buf[o++] = '\'';
	for (size_t i = 0; i < n && o + 6 < size; i++) {
		unsigned char c = (unsigned char)t->start[i];

		if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
	}
	if (n < t->len && o + 5 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

static int64_t fail_at(parser *ps, int64_t line, int64_t col, const char *what)
{
	if (ps->st == CSEG_OK)
		ps->st = cseg__error(CSEG_E_FORMAT, "line %lld, column %lld: %s",
			(long long)line, (long long)col, what);
	return -1;
}

/* "expected X after 'prev'" (or "expected X, found 'cur'" at the start of a rule). */
static int64_t expected(parser *ps, const char *what)
{
	char tb[160], msg[400];

	if (ps->have_prev) {
		describe(&ps->prev, tb, sizeof(tb));
		snprintf(msg, sizeof(msg), "expected %s after %s", what, tb);
	} else {
		describe(&ps->cur, tb, sizeof(tb));
		snprintf(msg, sizeof(msg), "expected %s, found %s", what, tb);
	}
	return fail_at(ps, ps->cur.line, ps->cur.col, msg);
}

/* ---- lexer ------------------------------------------------------------ */

static void advance_bytes(parser *ps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ps->p[0] == '\n') {
			ps->line++;
			ps->col = 1;
		} else {
			ps->col++;
		}
		ps->p++;
	}
}

static int is_ident_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_ident_char(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static int word_is(const char *s, size_t len, const char *kw)
{
	size_t i;

	for (i = 0; i < len && kw[i]; i++)
		if (tolower((unsigned char)s[i]) != kw[i])
			return 0;
	return i == len && kw[i] == '\0';
}

static int lex_number(parser *ps, token *t)
{
	char digits[MAX_NUMBER_DIGITS + 32];
	const char *s = ps->p;
	size_t nd = 0, i = 0;
	long frac = 0, ex = 0;
	int any = 0;

	/* Leading zeros are not stored, so long runs of them cannot push the
	 * significant digits past the buffer. */
	while (s[i] >= '0' && s[i] <= '9') {
		if (nd == 0 && s[i] == '0')
			; /* leading zero */
		else if (nd < MAX_NUMBER_DIGITS)
			digits[nd++] = s[i];
		else
			frac--; /* dropped integer digits scale by 10 */
		i++;
		any = 1;
	}
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9') {
			if (nd == 0 && s[i] == '0') {
				frac++;
			} else if (nd < MAX_NUMBER_DIGITS) {
				digits[nd++] = s[i];
				frac++;
			}
			if (frac > 100000)
				frac = 100000;
			i++;
			any = 1;
		}
	}
	if (any && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		int neg = 0, exp_digits = 0;

		if (s[j] == '+' || s[j] == '-')
			neg = s[j++] == '-';
		while (s[j] >= '0' && s[j] <= '9') {
			if (ex < 100000)
				ex = ex * 10 + (s[j] - '0');
			j++;
			exp_digits = 1;
		}
		if (!exp_digits) {
			t->start = s;
			t->len = j;
			return (int)fail_at(ps, ps->line, ps->col, "malformed number: expected digits after the exponent 'e'");
		}
		if (neg)
			ex = -ex;
		i = j;
	}
	t->start = s;
	t->len = i;
	if (!any)
		return (int)fail_at(ps, ps->line, ps->col, "malformed number: expected a digit");
	if (is_ident_char((unsigned char)s[i])) {
		char msg[128];

		snprintf(msg, sizeof(msg), "malformed number: unexpected '%c' after '%.*s'",
			s[i], (int)(i > 40 ? 40 : i), s);
		return (int)fail_at(ps, ps->line, ps->col, msg);
	}
	/* Digits and a decimal exponent only: strtod then never meets the
	 * locale's decimal point. */
	if (nd == 0)
		digits[nd++] = '0';
	snprintf(digits + nd, sizeof(digits) - nd, "e%ld", ex - frac);
	t->value = strtod(digits, NULL);
	if (!isfinite(t->value))
		return (int)fail_at(ps, ps->line, ps->col, "number out of range");
	t->type = T_NUM;
	advance_bytes(ps, i);
	return 0;
}

/* Quoted segment name or backquoted column: decode into t->text. */
static int lex_quoted(parser *ps, token *t, char quote, tok_type type)
{
	const char *s = ps->p;
	size_t i = 1, o = 0;
	char *buf;

	while (s[i] && s[i] != quote && s[i] != '\n') {
		if (s[i] == '\\' && type == T_STRING && s[i + 1] && s[i + 1] != '\n')
			i++;
		i++;
		o++;
	}
	t->start = s;
	t->len = i;
	if (s[i] != quote)
		return (int)fail_at(ps, ps->line, ps->col, type == T_STRING
			? "unterminated string: the closing quote is missing on this line"
			: "unterminated column name: the closing '`' is missing on this line");
	t->len = i + 1;
	if (o == 0)
		return (int)fail_at(ps, ps->line, ps->col, type == T_STRING
			? "empty segment name" : "empty column name");
	if (type == T_STRING && o > CSEG_RULES_MAX_NAME) {
		char msg[96];

		snprintf(msg, sizeof(msg), "segment name longer than %d bytes", CSEG_RULES_MAX_NAME);
		return (int)fail_at(ps, ps->line, ps->col, msg);
	}
	buf = cseg__malloc(o + 1);
	if (!buf) {
		ps->st = cseg__error(CSEG_E_NOMEM, "no memory for a rule name of %zu bytes", o);
		return -1;
	}
	o = 0;
	for (i = 1; s[i] != quote; i++) {
		if (s[i] == '\\' && type == T_STRING)
			i++;
		buf[o++] = s[i];
	}
	buf[o] = '\0';
	t->text = buf;
	t->type = type;
	advance_bytes(ps, t->len);
	return 0;
}

/* Read the next token into ps->cur (the old one moves to ps->prev). */
static int next(parser *ps)
{
	token *t = &ps->cur;
	const char *s;

	free(ps->prev.text);
	ps->prev = *t;
	memset(t, 0, sizeof(*t));
	for (;;) {
		char c = ps->p[0];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
				|| (c == '\n' && ps->paren > 0)) {
			advance_bytes(ps, 1);
		} else if (c == '#') {
			while (ps->p[0] && ps->p[0] != '\n')
				advance_bytes(ps, 1);
		} else {
			break;
		}
	}
	s = ps->p;
	t->start = s;
	t->len = 1;
	t->line = ps->line;
	t->col = ps->col;
	switch (s[0]) {
	case '\0': t->type = T_EOF; t->len = 0; return 0;
	case '\n': case ';': t->type = T_SEP; break;
	case '(': t->type = T_LPAREN; ps->paren++; break;
	case ')': t->type = T_RPAREN; if (ps->paren > 0) ps->paren--; break;
	case '+': t->type = T_PLUS; break;
	case '*': t->type = T_STAR; break;
	case '/': t->type = T_SLASH; break;
	case '-':
		if (s[1] == '>') {
			t->type = T_ARROW;
			t->len = 2;
		} else {
			t->type = T_MINUS;
		}
		break;
	case '<': case '>':
		t->type = T_CMP;
		if (s[1] == '=') {
			t->op = s[0] == '<' ? CSEG__R_LE : CSEG__R_GE;
			t->len = 2;
		} else {
			t->op = s[0] == '<' ? CSEG__R_LT : CSEG__R_GT;
		}
		break;
	case '=': case '!':
		if (s[1] != '=')
			return (int)fail_at(ps, t->line, t->col, s[0] == '='
				? "unexpected '='; use '==' to compare"
				: "unexpected '!'; use '!=' to compare or 'not' to negate");
		t->type = T_CMP;
		t->op = s[0] == '=' ? CSEG__R_EQ : CSEG__R_NE;
		t->len = 2;
		break;
	case '"': case '\'':
		return lex_quoted(ps, t, s[0], T_STRING);
	case '`':
		return lex_quoted(ps, t, '`', T_IDENT);
	default:
		if ((s[0] >= '0' && s[0] <= '9') || (s[0] == '.' && s[1] >= '0' && s[1] <= '9'))
			return lex_number(ps, t);
		if (is_ident_start((unsigned char)s[0])) {
			size_t n = 1;

			while (is_ident_char((unsigned char)s[n]))
				n++;
			t->len = n;
			if (word_is(s, n, "and")) t->type = T_AND;
			else if (word_is(s, n, "or")) t->type = T_OR;
			else if (word_is(s, n, "not")) t->type = T_NOT;
			else if (word_is(s, n, "is")) t->type = T_IS;
			else if (word_is(s, n, "missing")) t->type = T_MISSING;
			else if (word_is(s, n, "true")) t->type = T_TRUE;
			else if (word_is(s, n, "false")) t->type = T_FALSE;
			else {
				t->type = T_IDENT;
				t->text = cseg__malloc(n + 1);
				if (!t->text) {
					ps->st = cseg__error(CSEG_E_NOMEM, "no memory for a column name");
					return -1;
				}
				memcpy(t->text, s, n);
				t->text[n] = '\0';
			}
			break;
		}
		{
			char msg[96];
			unsigned char u = (unsigned char)s[0];

			if (u >= 0x20 && u < 0x7f)
				snprintf(msg, sizeof(msg), "unexpected character '%c'", s[0]);
			else
				snprintf(msg, sizeof(msg), "unexpected byte \\x%02x", u);
			return (int)fail_at(ps, t->line, t->col, msg);
		}
	}
	advance_bytes(ps, t->len);
	return 0;
}

/* Consume the current token. Clears the error-prone "have_prev" only at rule starts. */
static int eat(parser *ps)
{
	ps->have_prev = 1;
	return next(ps);
}

/* ---- tree building ---------------------------------------------------- */

static int64_t new_node(parser *ps, int kind, int is_bool, int64_t a, int64_t b,
	const token *at)
{
	cseg_rules *r = ps->r;
	cseg__rnode *n;
	int depth = 1;

	if (a >= 0 && r->nodes[a].depth + 1 > depth)
		depth = r->nodes[a].depth + 1;
	if (b >= 0 && r->nodes[b].depth + 1 > depth)
		depth = r->nodes[b].depth + 1;
	if (depth > CSEG_RULES_MAX_DEPTH) {
		char msg[96];

		snprintf(msg, sizeof(msg), "expression too deep (more than %d levels)", CSEG_RULES_MAX_DEPTH);
		return fail_at(ps, at->line, at->col, msg);
	}
	if (r->n_nodes == r->cap_nodes) {
		int64_t cap = r->cap_nodes ? 2 * r->cap_nodes : 32;
		cseg__rnode *nodes = cseg__realloc_array(r->nodes, (size_t)cap, sizeof(*nodes));

		if (!nodes) {
			ps->st = cseg__error(CSEG_E_NOMEM, "no memory for %lld rule nodes", (long long)cap);
			return -1;
		}
		r->nodes = nodes;
		r->cap_nodes = cap;
	}
	n = &r->nodes[r->n_nodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->is_bool = is_bool;
	n->depth = depth;
	n->a = a;
	n->b = b;
	n->var = -1;
	return r->n_nodes++;
}

static int64_t var_index(parser *ps, const token *t)
{
	cseg_rules *r = ps->r;

	for (int64_t v = 0; v < r->n_vars; v++)
		if (strcmp(r->vars[v].name, t->text) == 0)
			return v;
	if (r->n_vars == r->cap_vars) {
		int64_t cap = r->cap_vars ? 2 * r->cap_vars : 8;
		cseg__rvar *vars = cseg__realloc_array(r->vars, (size_t)cap, sizeof(*vars));

		if (!vars) {
			ps->st = cseg__error(CSEG_E_NOMEM, "no memory for %lld column references", (long long)cap);
			return -1;
		}
		r->vars = vars;
		r->cap_vars = cap;
	}
	r->vars[r->n_vars].name = cseg__strdup(t->text);
	if (!r->vars[r->n_vars].name) {
		ps->st = cseg__error(CSEG_E_NOMEM, "no memory for a column name");
		return -1;
	}
	r->vars[r->n_vars].line = t->line;
	r->vars[r->n_vars].col = t->col;
	return r->n_vars++;
}

static int enter(parser *ps)
{
	if (++ps->nest > CSEG_RULES_MAX_NESTING) {
		char msg[96];

		snprintf(msg, sizeof(msg), "nesting deeper than %d levels", CSEG_RULES_MAX_NESTING);
		fail_at(ps, ps->cur.line, ps->cur.col, msg);
		return -1;
	}
	return 0;
}

/* ---- grammar ---------------------------------------------------------- */

static int64_t parse_or(parser *ps, int allow_num);
static int64_t parse_sum(parser *ps);

static int64_t need_number(parser *ps, int64_t node, const token *at)
{
	if (node >= 0 && ps->r->nodes[node].is_bool)
		return fail_at(ps, at->line, at->col,
			"expected a number or a column here, found a condition");
	return node;
}

static int64_t parse_unary(parser *ps)
{
	token at = ps->cur;
	int64_t node;

	at.text = NULL;
	switch (ps->cur.type) {
	case T_MINUS:
		if (enter(ps) || eat(ps))
			return -1;
		node = need_number(ps, parse_unary(ps), &at);
		ps->nest--;
		if (node < 0)
			return -1;
		return new_node(ps, CSEG__R_NEG, 0, node, -1, &at);
	case T_NUM:
		node = new_node(ps, CSEG__R_NUM, 0, -1, -1, &at);
		if (node < 0)
			return -1;
		ps->r->nodes[node].value = ps->cur.value;
		return eat(ps) ? -1 : node;
	case T_IDENT: {
		int64_t v = var_index(ps, &ps->cur);

		if (v < 0)
			return -1;
		node = new_node(ps, CSEG__R_VAR, 0, -1, -1, &at);
		if (node < 0)
			return -1;
		ps->r->nodes[node].var = v;
		return eat(ps) ? -1 : node;
	}
	case T_TRUE: case T_FALSE:
		node = new_node(ps, CSEG__R_CONST, 1, -1, -1, &at);
		if (node < 0)
			return -1;
		ps->r->nodes[node].value = ps->cur.type == T_TRUE;
		return eat(ps) ? -1 : node;
	case T_LPAREN:
		if (enter(ps) || eat(ps))
			return -1;
		node = parse_or(ps, 1);
		if (node < 0)
			return -1;
		if (ps->cur.type != T_RPAREN)
			return expected(ps, "')'");
		ps->nest--;
		return eat(ps) ? -1 : node;
	default:
		return expected(ps, "a number, a column name or '('");
	}
}

static int64_t parse_product(parser *ps)
{
	token at = ps->cur;
	int64_t left = need_number(ps, parse_unary(ps), &at);

	while (left >= 0 && (ps->cur.type == T_STAR || ps->cur.type == T_SLASH)) {
		token op = ps->cur;
		int64_t right;

		op.text = NULL;
		if (eat(ps))
			return -1;
		at = ps->cur;
		right = need_number(ps, parse_unary(ps), &at);
		if (right < 0)
			return -1;
		left = new_node(ps, op.type == T_STAR ? CSEG__R_MUL : CSEG__R_DIV, 0, left, right, &op);
	}
	return left;
}

/* A sum; a parenthesised condition passes through untouched so that
 * parse_comparison can accept `(a > 1)` as a condition. */
static int64_t parse_sum_or_condition(parser *ps)
{
	token at = ps->cur;
	int64_t left = parse_unary(ps);

	if (left < 0)
		return -1;
	if (ps->r->nodes[left].is_bool)
		return left;
	/* Continue as a product, then a sum, starting from the parsed unary. */
	while (ps->cur.type == T_STAR || ps->cur.type == T_SLASH) {
		token op = ps->cur;
		int64_t right;

		op.text = NULL;
		if (eat(ps))
			return -1;
		at = ps->cur;
		right = need_number(ps, parse_unary(ps), &at);
		if (right < 0)
			return -1;
		left = new_node(ps, op.type == T_STAR ? CSEG__R_MUL : CSEG__R_DIV, 0, left, right, &op);
		if (left < 0)
			return -1;
	}
	while (ps->cur.type == T_PLUS || ps->cur.type == T_MINUS) {
		token op = ps->cur;
		int64_t right;

		op.text = NULL;
		if (eat(ps))
			return -1;
		right = parse_product(ps);
		if (right < 0)
			return -1;
		left = new_node(ps, op.type == T_PLUS ? CSEG__R_ADD : CSEG__R_SUB, 0, left, right, &op);
		if (left < 0)
			return -1;
	}
	return left;
}

static int64_t parse_sum(parser *ps)
{
	token at = ps->cur;

	return need_number(ps, parse_sum_or_condition(ps), &at);
}

/* allow_num: inside parentheses a bare sum is fine (it may be the operand
 * of arithmetic after the ')'); in a rule's condition it is an error. */
static int64_t parse_comparison(parser *ps, int allow_num)
{
	int64_t left = parse_sum_or_condition(ps), right;

	if (left < 0)
		return -1;
	if (ps->cur.type == T_CMP) {
		token op = ps->cur;

		op.text = NULL;
		if (ps->r->nodes[left].is_bool)
			return fail_at(ps, op.line, op.col,
				"cannot compare a condition; compare numbers or columns");
		if (eat(ps))
			return -1;
		right = parse_sum(ps);
		if (right < 0)
			return -1;
		if (ps->cur.type == T_CMP)
			return fail_at(ps, ps->cur.line, ps->cur.col,
				"comparisons cannot be chained; join them with 'and'");
		return new_node(ps, op.op, 1, left, right, &op);
	}
	if (ps->cur.type == T_IS) {
		token op = ps->cur;
		int neg = 0;
		int64_t node;

		op.text = NULL;
		if (ps->r->nodes[left].is_bool)
			return fail_at(ps, op.line, op.col,
				"'is missing' applies to a number or a column, not to a condition");
		if (eat(ps))
			return -1;
		if (ps->cur.type == T_NOT) {
			neg = 1;
			if (eat(ps))
				return -1;
		}
		if (ps->cur.type != T_MISSING)
			return expected(ps, "'missing'");
		if (eat(ps))
			return -1;
		node = new_node(ps, CSEG__R_MISSING, 1, left, -1, &op);
		if (node >= 0 && neg)
			node = new_node(ps, CSEG__R_NOT, 1, node, -1, &op);
		return node;
	}
	if (!ps->r->nodes[left].is_bool && !allow_num)
		return expected(ps, "a comparison operator");
	return left;
}

static int64_t parse_not(parser *ps, int allow_num)
{
	if (ps->cur.type == T_NOT) {
		token op = ps->cur;
		int64_t node;

		op.text = NULL;
		if (enter(ps) || eat(ps))
			return -1;
		node = parse_not(ps, 0);
		ps->nest--;
		if (node < 0)
			return -1;
		return new_node(ps, CSEG__R_NOT, 1, node, -1, &op);
	}
	return parse_comparison(ps, allow_num);
}

/* Left operand of and/or parsed with allow_num: it must be a condition
 * once an 'and'/'or' follows. */
static int64_t need_condition(parser *ps, int64_t node)
{
	if (node >= 0 && !ps->r->nodes[node].is_bool)
		return expected(ps, "a comparison operator");
	return node;
}

static int64_t parse_and(parser *ps, int allow_num)
{
	int64_t left = parse_not(ps, allow_num);

	while (left >= 0 && ps->cur.type == T_AND) {
		token op = ps->cur;
		int64_t right;

		op.text = NULL;
		if (need_condition(ps, left) < 0 || eat(ps))
			return -1;
		right = parse_not(ps, 0);
		if (right < 0)
			return -1;
		left = new_node(ps, CSEG__R_AND, 1, left, right, &op);
	}
	return left;
}

static int64_t parse_or(parser *ps, int allow_num)
{
	int64_t left = parse_and(ps, allow_num);

	while (left >= 0 && ps->cur.type == T_OR) {
		token op = ps->cur;
		int64_t right;

		op.text = NULL;
		if (need_condition(ps, left) < 0 || eat(ps))
			return -1;
		right = parse_and(ps, 0);
		if (right < 0)
			return -1;
		left = new_node(ps, CSEG__R_OR, 1, left, right, &op);
	}
	return left;
}

static int64_t name_index(parser *ps, char *name)
{
	cseg_rules *r = ps->r;

	for (int64_t i = 0; i < r->n_names; i++)
		if (strcmp(r->names[i], name) == 0) {
			free(name);
			return i;
		}
	if (r->n_names == r->cap_names) {
		int64_t cap = r->cap_names ? 2 * r->cap_names : 8;
		char **names = cseg__realloc_array(r->names, (size_t)cap, sizeof(*names));

		if (!names) {
			free(name);
			ps->st = cseg__error(CSEG_E_NOMEM, "no memory for %lld segment names", (long long)cap);
			return -1;
		}
		r->names = names;
		r->cap_names = cap;
	}
	r->names[r->n_names] = name;
	return r->n_names++;
}

static int parse_rule(parser *ps)
{
	cseg_rules *r = ps->r;
	int64_t line = ps->cur.line, cond, name;

	cond = parse_or(ps, 0);
	if (cond < 0)
		return -1;
	if (ps->cur.type != T_ARROW)
		return (int)expected(ps, "'->' and a segment name");
	if (eat(ps))
		return -1;
	if (ps->cur.type != T_STRING)
		return (int)expected(ps, "a segment name in double quotes");
	name = name_index(ps, ps->cur.text);
	ps->cur.text = NULL; /* moved into the name table (or freed) */
	if (name < 0)
		return -1;
	if (eat(ps))
		return -1;
	if (ps->cur.type != T_SEP && ps->cur.type != T_EOF)
		return (int)expected(ps, "the end of the rule (a new line or ';')");
	if (r->n_rules == r->cap_rules) {
		int64_t cap = r->cap_rules ? 2 * r->cap_rules : 8;
		cseg__rule *rules = cseg__realloc_array(r->rules, (size_t)cap, sizeof(*rules));

		if (!rules) {
			ps->st = cseg__error(CSEG_E_NOMEM, "no memory for %lld rules", (long long)cap);
			return -1;
		}
		r->rules = rules;
		r->cap_rules = cap;
	}
	r->rules[r->n_rules].root = cond;
	r->rules[r->n_rules].name = name;
	r->rules[r->n_rules].line = line;
	r->n_rules++;
	return 0;
}

void cseg_rules_free(cseg_rules *r)
{
	if (!r)
		return;
	for (int64_t v = 0; v < r->n_vars; v++)
		free(r->vars[v].name);
	for (int64_t i = 0; i < r->n_names; i++)
		free(r->names[i]);
	for (int64_t s = 0; s < r->n_segments; s++)
		free(r->segment_names[s]);
	free(r->segment_names);
	free(r->nodes);
	free(r->rules);
	free(r->vars);
	free(r->names);
	free(r->fallback);
	free(r->segment);
	free(r->matched);
	free(r->n_matching);
	free(r->rule_counts);
	free(r->rule_hits);
	free(r);
	cseg__handle_freed();
}

cseg_status cseg_rules_parse(cseg_rules **out, const char *text)
{
	parser ps;
	cseg_rules *r;

	if (!out)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rules_parse: out is NULL");
	*out = NULL;
	if (!text)
		return cseg__error(CSEG_E_INVALID_ARG, "cseg_rules_parse: text is NULL");
	r = cseg__calloc(1, sizeof(*r));
	if (!r)
		return cseg__error(CSEG_E_NOMEM, "no memory for a rule set");
	cseg__handle_created();
	r->fallback = cseg__strdup("Unclassified");
	if (!r->fallback) {
		cseg_rules_free(r);
		return cseg__error(CSEG_E_NOMEM, "no memory for a rule set");
	}
	memset(&ps, 0, sizeof(ps));
	ps.p = text;
	ps.line = 1;
	ps.col = 1;
	ps.r = r;
	if (next(&ps) == 0) {
		for (;;) {
			while (ps.cur.type == T_SEP && next(&ps) == 0)
				;
			if (ps.st != CSEG_OK || ps.cur.type == T_EOF)
				break;
			ps.have_prev = 0;
			ps.nest = 0;
			ps.paren = ps.cur.type == T_LPAREN ? 1 : 0;
			if (parse_rule(&ps))
				break;
		}
	}
	free(ps.cur.text);
	free(ps.prev.text);
	if (ps.st != CSEG_OK) {
		cseg_rules_free(r);
		return ps.st;
	}
	*out = r;
	return CSEG_OK;
}
