// SPDX-License-Identifier: GPL-2.0
/*
 * suite_parse: read a `.suite` file line by line: tokens, the scalar keys,
 * and each list key's values through its definition (suite_key.h). The
 * checks that need the whole suite are suite_check.c's.
 */
#include "suite.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommubench.h"
#include "parse_num.h"
#include "suite_parser.h"

#define LINE_MAX_LEN	1024
#define MAX_TOKENS	(SUITE_MAX_VALUES + 2)

int suite_fail(struct suite_parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->line)
		snprintf(p->err, p->errlen, "%s:%u: %s", p->file, p->line, msg);
	else
		snprintf(p->err, p->errlen, "%s: %s", p->file, msg);
	return -1;
}

void suite_at_line(struct suite_parser *p, unsigned int line)
{
	p->line = line;
}

int suite_push(struct suite_parser *p, const char *key, struct suite_list *l,
	       uint64_t v, const char *tok)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return suite_fail(p, "duplicate value '%s' for '%s'",
					  tok, key);
	if (l->n == SUITE_MAX_VALUES)
		return suite_fail(p, "too many values for '%s' (at most %d)",
				  key, SUITE_MAX_VALUES);
	l->v[l->n++] = v;
	return 0;
}

int suite_parse_bounded(struct suite_parser *p, const char *key,
			const char *tok, uint64_t min, uint64_t max,
			uint64_t *out)
{
	uint64_t v;
	int err = parse_u64(tok, &v);

	if (err == -EINVAL)
		return suite_fail(p, "bad number '%s' for '%s'", tok, key);
	if (err || v < min || v > max)
		return suite_fail(p, "'%s' %s is out of range (%llu..%llu)", key,
				  tok, (unsigned long long)min,
				  (unsigned long long)max);
	*out = v;
	return 0;
}

/* A scalar key: exactly one value, given once. */
static int scalar_once(struct suite_parser *p, const char *key,
		       unsigned int *seen, int ntok)
{
	if (*seen)
		return suite_fail(p, "duplicate key '%s' (first given on line %u)",
				  key, *seen);
	if (ntok != 1)
		return suite_fail(p, "'%s' takes exactly one value", key);
	*seen = p->line;
	return 0;
}

static int parse_name(struct suite_parser *p, const char *tok)
{
	size_t n = strlen(tok);

	if (n >= SUITE_NAME_MAX)
		return suite_fail(p, "name '%s' is too long", tok);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)tok[i]) && !strchr("._-", tok[i]))
			return suite_fail(p, "name '%s' may only hold letters, digits, '.', '_' and '-'",
					  tok);
	strcpy(p->s->name, tok);
	return 0;
}

static int parse_duration(struct suite_parser *p, const char *tok)
{
	double sec;
	int err = parse_seconds(tok, &sec);

	if (err == -EINVAL)
		return suite_fail(p, "bad number '%s' for 'duration' (seconds)",
				  tok);
	if (err || sec * 1e9 > (double)IOMMUBENCH_MAX_DURATION_NS)
		return suite_fail(p, "'duration' %s is out of range (0..600 s)",
				  tok);
	p->s->duration_ns = (uint64_t)(sec * 1e9 + 0.5);
	if (sec > 0 && !p->s->duration_ns)
		return suite_fail(p, "'duration' %s is below 1 ns", tok);
	return 0;
}

static const char *const scalar_keys[] = {
	"name", "ops", "duration", "warmup", "timer_us", "count_driver_calls",
	"repetitions",
};

static bool is_scalar_key(const char *key)
{
	for (size_t i = 0; i < SUITE_ARRAY_SIZE(scalar_keys); i++)
		if (!strcmp(scalar_keys[i], key))
			return true;
	return false;
}

static int parse_scalar(struct suite_parser *p, const char *key, char **tok,
			int ntok)
{
	struct suite *s = p->s;
	uint64_t v;

	if (!strcmp(key, "name")) {
		if (scalar_once(p, key, &p->name_line, ntok))
			return -1;
		return parse_name(p, tok[0]);
	}
	if (!strcmp(key, "ops")) {
		if (scalar_once(p, key, &p->ops_line, ntok))
			return -1;
		return suite_parse_bounded(p, key, tok[0], 0,
					   IOMMUBENCH_MAX_OPS, &s->ops);
	}
	if (!strcmp(key, "duration")) {
		if (scalar_once(p, key, &p->duration_line, ntok))
			return -1;
		return parse_duration(p, tok[0]);
	}
	if (!strcmp(key, "warmup")) {
		if (scalar_once(p, key, &p->warmup_line, ntok))
			return -1;
		return suite_parse_bounded(p, key, tok[0], 0, SUITE_MAX_WARMUP,
					   &s->warmup);
	}
	if (!strcmp(key, "count_driver_calls")) {
		/* a kretprobe on the driver's map entry: slows map, so opt-in */
		if (scalar_once(p, key, &p->drvcalls_line, ntok))
			return -1;
		if (!strcmp(tok[0], "yes"))
			s->run_flags |= IOMMUBENCH_RUN_COUNT_DRIVER_CALLS;
		else if (strcmp(tok[0], "no"))
			return suite_fail(p, "count_driver_calls must be yes or no, not '%s'",
					  tok[0]);
		return 0;
	}
	if (!strcmp(key, "timer_us")) {
		/* 0 = off; else the module's 10 us .. 1 s */
		if (scalar_once(p, key, &p->timer_line, ntok) ||
		    suite_parse_bounded(p, key, tok[0], 0,
					IOMMUBENCH_MAX_TIMER_PERIOD_NS / 1000,
					&v))
			return -1;
		if (v && v * 1000 < IOMMUBENCH_MIN_TIMER_PERIOD_NS)
			return suite_fail(p, "timer_us must be 0 (off) or at least %llu",
					  IOMMUBENCH_MIN_TIMER_PERIOD_NS / 1000);
		s->timer_period_ns = v * 1000;
		return 0;
	}
	if (!strcmp(key, "repetitions")) {
		if (scalar_once(p, key, &p->repetitions_line, ntok) ||
		    suite_parse_bounded(p, key, tok[0], 1,
					SUITE_MAX_REPETITIONS, &v))
			return -1;
		s->repetitions = (unsigned int)v;
		return 0;
	}
	return suite_fail(p, "unknown key '%s'", key);
}

static int parse_line(struct suite_parser *p, char *line)
{
	char *tok[MAX_TOKENS], *save = NULL, *t, *hash;
	const struct suite_key *k;
	struct suite_list *l;
	int ntok = 0;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	for (t = strtok_r(line, " \t\r", &save); t;
	     t = strtok_r(NULL, " \t\r", &save)) {
		if (ntok == MAX_TOKENS)
			return suite_fail(p, "too many values (at most %d)",
					  SUITE_MAX_VALUES);
		tok[ntok++] = t;
	}
	if (!ntok)
		return 0;	/* blank or comment-only */
	k = suite_key_find(tok[0]);
	if (ntok == 1 && (k || is_scalar_key(tok[0])))
		return suite_fail(p, "empty value list for '%s'", tok[0]);
	if (!k)
		return parse_scalar(p, tok[0], tok + 1, ntok - 1);
	l = suite_list_mut(p->s, k);
	if (l->line)
		return suite_fail(p, "duplicate key '%s' (first given on line %u)",
				  tok[0], l->line);
	l->line = p->line;
	for (int i = 1; i < ntok; i++)
		if (suite_parse_value(p, k, l, tok[i]))
			return -1;
	return 0;
}

int suite_parse_text(const char *file, const char *text, struct suite *s,
		     char *err, size_t errlen)
{
	struct suite_parser p = { .s = s, .file = file, .err = err,
				  .errlen = errlen };
	char line[LINE_MAX_LEN + 1];
	const char *cur = text;

	memset(s, 0, sizeof(*s));
	snprintf(s->file, sizeof(s->file), "%s", file);
	while (*cur) {
		const char *nl = strchr(cur, '\n');
		size_t len = nl ? (size_t)(nl - cur) : strlen(cur);

		p.line++;
		if (len > LINE_MAX_LEN)
			return suite_fail(&p, "line too long (at most %d characters)",
					  LINE_MAX_LEN);
		memcpy(line, cur, len);
		line[len] = '\0';
		if (parse_line(&p, line))
			return -1;
		cur += len + (nl ? 1 : 0);
	}
	return suite_check(&p);
}
int suite_parse_file(const char *path, struct suite *s, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t cap = 0, len = 0;
	int ret;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *n;

			if (cap >= (1u << 20)) {
				snprintf(err, errlen, "%s: file too large", path);
				free(text);
				fclose(f);
				return -1;
			}
			cap = cap ? cap * 2 : 8192;
			n = realloc(text, cap);
			if (!n) {
				snprintf(err, errlen, "%s: out of memory", path);
				free(text);
				fclose(f);
				return -1;
			}
			text = n;
		}
		size_t got = fread(text + len, 1, cap - len - 1, f);

		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len) {
		snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
		free(text);
		return -1;
	}
	ret = suite_parse_text(path, text, s, err, errlen);
	free(text);
	return ret;
}
