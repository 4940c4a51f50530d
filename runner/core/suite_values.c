// SPDX-License-Identifier: GPL-2.0
/*
 * suite_values: one value of a list key, by the key's kind (a name of an
 * enum, a bounded number, or its own parser), and the core's own value
 * syntaxes: sizes with suffixes and ranges, thread counts.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "iommubench.h"
#include "parse_num.h"
#include "suite_parser.h"

static int parse_enum(struct suite_parser *p, const struct suite_key *k,
		      struct suite_list *l, const char *tok)
{
	char choices[128] = "";

	for (unsigned int i = 0; i < k->nnames; i++)
		if (!strcmp(k->names[i].name, tok))
			return suite_push(p, k->key, l, k->names[i].value, tok);
	for (unsigned int i = 0; i < k->nnames; i++) {
		strncat(choices, i ? ", " : "", sizeof(choices) - strlen(choices) - 1);
		strncat(choices, k->names[i].name, sizeof(choices) - strlen(choices) - 1);
	}
	return suite_fail(p, "unknown %s '%s' (expected one of: %s)", k->key,
			  tok, choices);
}

int suite_parse_value(struct suite_parser *p, const struct suite_key *k,
		      struct suite_list *l, const char *tok)
{
	uint64_t v;

	switch (k->kind) {
	case SUITE_KEY_ENUM:
		return parse_enum(p, k, l, tok);
	case SUITE_KEY_CUSTOM:
		return k->parse(p, k, l, tok);
	case SUITE_KEY_U64:
	default:
		if (suite_parse_bounded(p, k->key, tok, k->min, k->max, &v))
			return -1;
		return suite_push(p, k->key, l, v, tok);
	}
}

static int check_size(struct suite_parser *p, uint64_t v, const char *tok)
{
	if (v < SUITE_MIN_SIZE || v % SUITE_MIN_SIZE)
		return suite_fail(p, "size '%s' is not a positive multiple of 4096",
			    tok);
	if (v > IOMMUBENCH_MAX_SIZE)
		return suite_fail(p, "size '%s' is larger than 64 MiB (the module's limit)",
			    tok);
	return 0;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* "4K", "2097152" or "range:4K..4M" (powers of two, both ends included). */
int suite_parse_size(struct suite_parser *p, const struct suite_key *k,
		     struct suite_list *l, const char *tok)
{
	uint64_t v, lo, hi;
	char buf[64];
	char *dots;

	(void)k;

	if (strncmp(tok, "range:", 6)) {
		if (parse_size(tok, &v))
			return suite_fail(p, "bad size '%s' (expected bytes, optionally with K, M or G)",
				    tok);
		if (check_size(p, v, tok))
			return -1;
		return suite_push(p, "size", l, v, tok);
	}
	if (strlen(tok + 6) >= sizeof(buf))
		return suite_fail(p, "bad range '%s'", tok);
	strcpy(buf, tok + 6);
	dots = strstr(buf, "..");
	if (!dots)
		return suite_fail(p, "bad range '%s' (expected range:LOW..HIGH)", tok);
	*dots = '\0';
	if (parse_size(buf, &lo) || parse_size(dots + 2, &hi))
		return suite_fail(p, "bad range '%s' (expected range:LOW..HIGH, e.g. range:4K..4M)",
			    tok);
	if (!is_pow2(lo) || !is_pow2(hi))
		return suite_fail(p, "bad range '%s': both ends must be powers of two",
			    tok);
	if (lo > hi)
		return suite_fail(p, "bad range '%s': LOW is larger than HIGH", tok);
	if (check_size(p, lo, buf) || check_size(p, hi, dots + 2))
		return -1;
	for (v = lo; v <= hi; v <<= 1) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
		if (suite_push(p, "size", l, v, buf))
			return -1;
	}
	return 0;
}

/* A thread count, `all` (the device-local CPUs) or `sweep` (1, 2, 4 ... all). */
int suite_parse_threads(struct suite_parser *p, const struct suite_key *k,
			struct suite_list *l, const char *tok)
{
	uint64_t v;
	int err;

	(void)k;

	if (!strcmp(tok, "all"))
		return suite_push(p, "threads", l, SUITE_THREADS_ALL, tok);
	if (!strcmp(tok, "sweep"))
		return suite_push(p, "threads", l, SUITE_THREADS_SWEEP, tok);
	err = parse_u64(tok, &v);
	if (err == -EINVAL)
		return suite_fail(p, "bad value '%s' for 'threads' (expected 1..%d, 'all' or 'sweep')",
			    tok, IOMMUBENCH_MAX_THREADS);
	if (err || v < 1 || v > IOMMUBENCH_MAX_THREADS)
		return suite_fail(p, "'threads' %s is out of range (1..%d)", tok,
			    IOMMUBENCH_MAX_THREADS);
	return suite_push(p, "threads", l, v, tok);
}
