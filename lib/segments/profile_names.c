/* Automatic segment names from profiles: RFM-style words for features whose
 * names hint at recency, tenure, frequency or money, otherwise the two most
 * distinguishing features. Words stay neutral (no "bad", "cheap", "churned"). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "profile_internal.h"

enum { H_NONE = -1, H_RECENCY = 0, H_TENURE = 1, H_MONETARY = 2, H_FREQUENCY = 3, N_HINTS = 4 };

static const char *const hint_words[N_HINTS][2] = {
	/* low, high */
	{"Recent", "Lapsed"},
	{"new", "long-standing"},
	{"low-spend", "high-spend"},
	{"occasional", "frequent"},
};

static int has(const char *s, const char *const *subs)
{
	for (; *subs; subs++)
		if (strstr(s, *subs))
			return 1;
	return 0;
}

static int is(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return 1;
	return 0;
}

/* Meaning suggested by a column name; tenure before recency so that
 * "days_since_first_purchase" is tenure. */
static int hint_of(const char *name)
{
	static const char *const ten_sub[] = {"tenure", "customer_age", "since_first", "first_purchase", NULL};
	static const char *const ten_eq[] = {"t", "age", NULL};
	static const char *const rec_sub[] = {"recency", "recent", "days_since", "last_purchase",
		"last_order", "inactive", NULL};
	static const char *const rec_eq[] = {"r", NULL};
	static const char *const fre_sub[] = {"frequency", "freq", "orders", "visits", "purchases",
		"transactions", NULL};
	static const char *const fre_eq[] = {"f", "x", "count", NULL};
	static const char *const mon_sub[] = {"monetary", "spend", "revenue", "amount", "value",
		"sales", "total", "clv", "ltv", NULL};
	static const char *const mon_eq[] = {"m", "zbar", NULL};
	char low[128];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	if (has(low, ten_sub) || is(low, ten_eq))
		return H_TENURE;
	if (has(low, rec_sub) || is(low, rec_eq))
		return H_RECENCY;
	if (has(low, fre_sub) || is(low, fre_eq))
		return H_FREQUENCY;
	if (has(low, mon_sub) || is(low, mon_eq))
		return H_MONETARY;
	return H_NONE;
}

/* Append text to buf (bounded). */
static void append(char *buf, size_t size, const char *text)
{
	size_t o = strlen(buf);

	if (o + 1 < size)
		snprintf(buf + o, size - o, "%s", text);
}

/* Feature name with underscores read as spaces. */
static void append_feature(char *buf, size_t size, const char *name)
{
	size_t o = strlen(buf);

	for (size_t i = 0; name[i] && o + 1 < size; i++)
		buf[o++] = name[i] == '_' ? ' ' : name[i];
	buf[o] = '\0';
}

static void name_one(const cseg_profile *p, const int *hints, int64_t s, char *buf, size_t size)
{
	const double *z = p->stat[CSEG_PROFILE_SMD] + s * p->d;
	const int64_t *rank = p->ranking + s * p->d;
	int64_t best[N_HINTS];
	int words = 0;

	buf[0] = '\0';
	if (p->size[s] == 0) {
		append(buf, size, "Empty segment");
		return;
	}
	/* Strongest notable feature per meaning. */
	for (int h = 0; h < N_HINTS; h++)
		best[h] = -1;
	for (int64_t j = 0; j < p->d; j++) {
		int h = hints[j];

		if (h == H_NONE || isnan(z[j]) || fabs(z[j]) < CSEG_PROFILE_NOTABLE_SMD)
			continue;
		if (best[h] < 0 || fabs(z[j]) > fabs(z[best[h]]))
			best[h] = j;
	}
	for (int h = 0; h < N_HINTS; h++) {
		if (best[h] < 0)
			continue;
		if (words++)
			append(buf, size, " ");
		append(buf, size, hint_words[h][z[best[h]] > 0]);
	}
	if (words == 0) {
		for (int64_t r = 0; r < p->d && words < 2; r++) {
			int64_t j = rank[r];

			if (isnan(z[j]) || fabs(z[j]) < CSEG_PROFILE_NOTABLE_SMD)
				break; /* ranked by |z|: the rest are smaller */
			append(buf, size, words++ ? ", " : "");
			append(buf, size, z[j] > 0 ? "high " : "low ");
			append_feature(buf, size, p->features[j]);
		}
	}
	if (words == 0)
		append(buf, size, "Typical");
	buf[0] = (char)toupper((unsigned char)buf[0]);
}

cseg_status cseg__profile_name_segments(cseg_profile *p)
{
	int *hints = cseg__malloc_array((size_t)p->d, sizeof(*hints));
	char buf[320];

	if (!hints)
		return cseg__error(CSEG_E_NOMEM, "no memory to name segments");
	for (int64_t j = 0; j < p->d; j++)
		hints[j] = hint_of(p->features[j]);
	for (int64_t s = 0; s < p->k; s++) {
		size_t base;
		int64_t dup = 1;

		name_one(p, hints, s, buf, sizeof(buf) - 24);
		base = strlen(buf);
		for (;;) {
			int taken = 0;

			for (int64_t t = 0; t < s && !taken; t++)
				taken = strcmp(p->names[t], buf) == 0;
			if (!taken)
				break;
			snprintf(buf + base, sizeof(buf) - base, " (%lld)", (long long)++dup);
		}
		if (!(p->names[s] = cseg__strdup(buf))) {
			free(hints);
			return cseg__error(CSEG_E_NOMEM, "no memory to name segments");
		}
	}
	free(hints);
	return CSEG_OK;
}
