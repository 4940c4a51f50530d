// SPDX-License-Identifier: GPL-2.0
/* runtags: the clock and the group of a run; see runtags.h. */
#include "runtags.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>


static struct runtags tags;

/* A decimal number of 1..6 digits, nothing else (store/ has no parse_num). */
static int parse_small(const char *s, uint64_t *v)
{
	size_t n = strspn(s, "0123456789");

	if (!n || n > 6 || s[n])
		return -1;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	return 0;
}

const struct runtags *runtags_get(void)
{
	return &tags;
}

void runtags_set(const struct runtags *t)
{
	tags = *t;
}

void runtags_reset(void)
{
	memset(&tags, 0, sizeof(tags));
}

const char *runtags_clock_name(const struct runtags *t)
{
	return t->icount ? "icount" : "wall";
}

int runtags_parse_clock(const char *s, struct runtags *t, char *err,
			size_t len)
{
	uint64_t v;

	if (!strcmp(s, "wall")) {
		t->icount = false;
		t->icount_shift = 0;
		return 0;
	}
	if (!strncmp(s, "icount:", 7) && !parse_small(s + 7, &v) &&
	    v <= RUNTAGS_SHIFT_MAX) {
		t->icount = true;
		t->icount_shift = (int)v;
		return 0;
	}
	snprintf(err, len,
		 "--clock must be wall or icount:N with N the -icount shift 0..%d (got '%s')",
		 RUNTAGS_SHIFT_MAX, s);
	return -1;
}

int runtags_parse_group(const char *s, struct runtags *t, char *err,
			size_t len)
{
	size_t n = strlen(s);

	if (n && n < RUNTAGS_GROUP_MAX && s[0] != '.' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._+-") == n) {
		memcpy(t->group, s, n + 1);
		return 0;
	}
	snprintf(err, len,
		 "bad --group '%s' (1..%d of [A-Za-z0-9._+-], no leading '.')",
		 s, RUNTAGS_GROUP_MAX - 1);
	return -1;
}

int runtags_parse_round(const char *s, struct runtags *t, char *err,
			size_t len)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	uint64_t k, n;

	if (slash && (size_t)(slash - s) < sizeof(buf)) {
		memcpy(buf, s, (size_t)(slash - s));
		buf[slash - s] = '\0';
		if (!parse_small(buf, &k) && !parse_small(slash + 1, &n) &&
		    k >= 1 && k <= n && n <= RUNTAGS_ROUNDS_MAX) {
			t->round = (unsigned int)k;
			t->rounds = (unsigned int)n;
			return 0;
		}
	}
	snprintf(err, len,
		 "--round must be K/N with 1 <= K <= N <= %d (got '%s')",
		 RUNTAGS_ROUNDS_MAX, s);
	return -1;
}
