// SPDX-License-Identifier: GPL-2.0
/* suite: parse `.suite` files and expand their matrix; see suite.h. */
#include "suite.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommubench.h"
#include "parse_num.h"

#define LINE_MAX_LEN	1024
#define MAX_TOKENS	(SUITE_MAX_VALUES + 2)

struct name_value {
	const char *name;
	uint32_t value;
};

static const struct name_value path_names[] = {
	{ "iommu", IOMMUBENCH_PATH_IOMMU },
};

static const struct name_value map_names[] = {
	{ "range", IOMMUBENCH_MAP_RANGE },
	{ "per-page", IOMMUBENCH_MAP_PER_PAGE },
};

static const struct name_value unmap_names[] = {
	{ "strict", IOMMUBENCH_UNMAP_STRICT },
	{ "deferred", IOMMUBENCH_UNMAP_DEFERRED },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *lookup_name(const struct name_value *t, size_t n,
			       uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return "?";
}

const char *suite_path_name(uint32_t path)
{
	return lookup_name(path_names, ARRAY_SIZE(path_names), path);
}

const char *suite_map_name(uint32_t mode)
{
	return lookup_name(map_names, ARRAY_SIZE(map_names), mode);
}

const char *suite_unmap_name(uint32_t mode)
{
	return lookup_name(unmap_names, ARRAY_SIZE(unmap_names), mode);
}

void suite_pgsize_name(uint64_t pgsize, char *buf, size_t len)
{
	if (!pgsize)
		snprintf(buf, len, "hw");
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)pgsize);
}

/* Parsing state: where we are, for "FILE:LINE: message". */
struct parser {
	struct suite *s;
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
	/* Line each scalar key was seen on, for duplicate detection. */
	unsigned int name_line, ops_line, duration_line, warmup_line,
		     repetitions_line;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
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

static int push(struct parser *p, const char *key, struct suite_list *l,
		uint64_t v, const char *tok)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return fail(p, "duplicate value '%s' for '%s'", tok,
				    key);
	if (l->n == SUITE_MAX_VALUES)
		return fail(p, "too many values for '%s' (at most %d)", key,
			    SUITE_MAX_VALUES);
	l->v[l->n++] = v;
	return 0;
}

static int parse_enum(struct parser *p, const char *key,
		      const struct name_value *t, size_t nt,
		      struct suite_list *l, const char *tok)
{
	char choices[128] = "";

	for (size_t i = 0; i < nt; i++)
		if (!strcmp(t[i].name, tok))
			return push(p, key, l, t[i].value, tok);
	for (size_t i = 0; i < nt; i++) {
		strncat(choices, i ? ", " : "", sizeof(choices) - strlen(choices) - 1);
		strncat(choices, t[i].name, sizeof(choices) - strlen(choices) - 1);
	}
	return fail(p, "unknown %s '%s' (expected one of: %s)", key, tok,
		    choices);
}

static int check_size(struct parser *p, uint64_t v, const char *tok)
{
	if (v < SUITE_MIN_SIZE || v % SUITE_MIN_SIZE)
		return fail(p, "size '%s' is not a positive multiple of 4096",
			    tok);
	if (v > IOMMUBENCH_MAX_SIZE)
		return fail(p, "size '%s' is larger than 64 MiB (the module's limit)",
			    tok);
	return 0;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* "4K", "2097152" or "range:4K..4M" (powers of two, both ends included). */
static int parse_size_token(struct parser *p, const char *tok)
{
	struct suite_list *l = &p->s->size;
	uint64_t v, lo, hi;
	char buf[64];
	char *dots;

	if (strncmp(tok, "range:", 6)) {
		if (parse_size(tok, &v))
			return fail(p, "bad size '%s' (expected bytes, optionally with K, M or G)",
				    tok);
		if (check_size(p, v, tok))
			return -1;
		return push(p, "size", l, v, tok);
	}
	if (strlen(tok + 6) >= sizeof(buf))
		return fail(p, "bad range '%s'", tok);
	strcpy(buf, tok + 6);
	dots = strstr(buf, "..");
	if (!dots)
		return fail(p, "bad range '%s' (expected range:LOW..HIGH)", tok);
	*dots = '\0';
	if (parse_size(buf, &lo) || parse_size(dots + 2, &hi))
		return fail(p, "bad range '%s' (expected range:LOW..HIGH, e.g. range:4K..4M)",
			    tok);
	if (!is_pow2(lo) || !is_pow2(hi))
		return fail(p, "bad range '%s': both ends must be powers of two",
			    tok);
	if (lo > hi)
		return fail(p, "bad range '%s': LOW is larger than HIGH", tok);
	if (check_size(p, lo, buf) || check_size(p, hi, dots + 2))
		return -1;
	for (v = lo; v <= hi; v <<= 1) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
		if (push(p, "size", l, v, buf))
			return -1;
	}
	return 0;
}

static int parse_pgsize_token(struct parser *p, const char *tok)
{
	uint64_t v;

	if (!strcmp(tok, "hw"))
		return push(p, "pgsize", &p->s->pgsize, 0, tok);
	if (parse_hex_u64(tok, &v) || !v)
		return fail(p, "bad pgsize '%s' (expected 'hw' or a non-zero hex mask like 0x201000)",
			    tok);
	if (v & 0xfff)
		return fail(p, "bad pgsize '%s': page sizes below 4 KiB are not supported",
			    tok);
	return push(p, "pgsize", &p->s->pgsize, v, tok);
}

static int parse_bounded(struct parser *p, const char *key, const char *tok,
			 uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int err = parse_u64(tok, &v);

	if (err == -EINVAL)
		return fail(p, "bad number '%s' for '%s'", tok, key);
	if (err || v < min || v > max)
		return fail(p, "'%s' %s is out of range (%llu..%llu)", key, tok,
			    (unsigned long long)min, (unsigned long long)max);
	*out = v;
	return 0;
}

static int parse_list_u64(struct parser *p, const char *key,
			  struct suite_list *l, const char *tok,
			  uint64_t min, uint64_t max)
{
	uint64_t v;

	if (parse_bounded(p, key, tok, min, max, &v))
		return -1;
	return push(p, key, l, v, tok);
}

/* A scalar key: exactly one value, given once. */
static int scalar_once(struct parser *p, const char *key, unsigned int *seen,
		       int ntok)
{
	if (*seen)
		return fail(p, "duplicate key '%s' (first given on line %u)",
			    key, *seen);
	if (ntok != 1)
		return fail(p, "'%s' takes exactly one value", key);
	*seen = p->line;
	return 0;
}

static int parse_name(struct parser *p, const char *tok)
{
	size_t n = strlen(tok);

	if (n >= SUITE_NAME_MAX)
		return fail(p, "name '%s' is too long", tok);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)tok[i]) && !strchr("._-", tok[i]))
			return fail(p, "name '%s' may only hold letters, digits, '.', '_' and '-'",
				    tok);
	strcpy(p->s->name, tok);
	return 0;
}

static int parse_duration(struct parser *p, const char *tok)
{
	double sec;
	int err = parse_seconds(tok, &sec);

	if (err == -EINVAL)
		return fail(p, "bad number '%s' for 'duration' (seconds)", tok);
	if (err || sec * 1e9 > (double)IOMMUBENCH_MAX_DURATION_NS)
		return fail(p, "'duration' %s is out of range (0..600 s)", tok);
	p->s->duration_ns = (uint64_t)(sec * 1e9 + 0.5);
	if (sec > 0 && !p->s->duration_ns)
		return fail(p, "'duration' %s is below 1 ns", tok);
	return 0;
}

static struct suite_list *list_key(struct suite *s, const char *key)
{
	if (!strcmp(key, "path"))
		return &s->path;
	if (!strcmp(key, "map"))
		return &s->map;
	if (!strcmp(key, "unmap"))
		return &s->unmap;
	if (!strcmp(key, "pgsize"))
		return &s->pgsize;
	if (!strcmp(key, "size"))
		return &s->size;
	if (!strcmp(key, "threads"))
		return &s->threads;
	if (!strcmp(key, "batch"))
		return &s->batch;
	return NULL;
}

static int parse_list_value(struct parser *p, const char *key,
			    struct suite_list *l, const char *tok)
{
	struct suite *s = p->s;

	if (l == &s->path)
		return parse_enum(p, key, path_names, ARRAY_SIZE(path_names),
				  l, tok);
	if (l == &s->map)
		return parse_enum(p, key, map_names, ARRAY_SIZE(map_names),
				  l, tok);
	if (l == &s->unmap)
		return parse_enum(p, key, unmap_names,
				  ARRAY_SIZE(unmap_names), l, tok);
	if (l == &s->pgsize)
		return parse_pgsize_token(p, tok);
	if (l == &s->size)
		return parse_size_token(p, tok);
	if (l == &s->threads)
		return parse_list_u64(p, key, l, tok, 1,
				      IOMMUBENCH_MAX_THREADS);
	return parse_list_u64(p, key, l, tok, 1, IOMMUBENCH_MAX_BATCH);
}

static int parse_scalar(struct parser *p, const char *key, char **tok,
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
		return parse_bounded(p, key, tok[0], 0, IOMMUBENCH_MAX_OPS,
				     &s->ops);
	}
	if (!strcmp(key, "duration")) {
		if (scalar_once(p, key, &p->duration_line, ntok))
			return -1;
		return parse_duration(p, tok[0]);
	}
	if (!strcmp(key, "warmup")) {
		if (scalar_once(p, key, &p->warmup_line, ntok))
			return -1;
		return parse_bounded(p, key, tok[0], 0, SUITE_MAX_WARMUP,
				     &s->warmup);
	}
	if (!strcmp(key, "repetitions")) {
		if (scalar_once(p, key, &p->repetitions_line, ntok) ||
		    parse_bounded(p, key, tok[0], 1, SUITE_MAX_REPETITIONS, &v))
			return -1;
		s->repetitions = (unsigned int)v;
		return 0;
	}
	return fail(p, "unknown key '%s'", key);
}

static int parse_line(struct parser *p, char *line)
{
	char *tok[MAX_TOKENS], *save = NULL, *t, *hash;
	struct suite_list *l;
	int ntok = 0;

	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	for (t = strtok_r(line, " \t\r", &save); t;
	     t = strtok_r(NULL, " \t\r", &save)) {
		if (ntok == MAX_TOKENS)
			return fail(p, "too many values (at most %d)",
				    SUITE_MAX_VALUES);
		tok[ntok++] = t;
	}
	if (!ntok)
		return 0;	/* blank or comment-only */
	if (ntok == 1 && (list_key(p->s, tok[0]) ||
			  !strcmp(tok[0], "name") || !strcmp(tok[0], "ops") ||
			  !strcmp(tok[0], "duration") ||
			  !strcmp(tok[0], "warmup") ||
			  !strcmp(tok[0], "repetitions")))
		return fail(p, "empty value list for '%s'", tok[0]);
	l = list_key(p->s, tok[0]);
	if (!l)
		return parse_scalar(p, tok[0], tok + 1, ntok - 1);
	if (l->line)
		return fail(p, "duplicate key '%s' (first given on line %u)",
			    tok[0], l->line);
	l->line = p->line;
	for (int i = 1; i < ntok; i++)
		if (parse_list_value(p, tok[0], l, tok[i]))
			return -1;
	return 0;
}

/* Required keys present, defaults for the optional ones. */
static int finish(struct parser *p)
{
	struct suite *s = p->s;
	static const struct {
		const char *key;
		size_t off;
	} required[] = {
		{ "path", offsetof(struct suite, path) },
		{ "size", offsetof(struct suite, size) },
		{ "map", offsetof(struct suite, map) },
		{ "unmap", offsetof(struct suite, unmap) },
	};

	p->line = 0;
	if (!p->name_line)
		return fail(p, "missing required key 'name'");
	for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
		const struct suite_list *l =
			(const void *)((const char *)s + required[i].off);

		if (!l->line)
			return fail(p, "missing required key '%s'",
				    required[i].key);
	}
	if (!s->ops && !s->duration_ns) {
		if (!p->ops_line && !p->duration_line)
			return fail(p, "missing required key 'ops' or 'duration'");
		p->line = p->duration_line > p->ops_line ? p->duration_line :
							   p->ops_line;
		return fail(p, "one of 'ops' and 'duration' must be non-zero");
	}
	if (!s->pgsize.line)
		s->pgsize.v[s->pgsize.n++] = 0;
	if (!s->threads.line)
		s->threads.v[s->threads.n++] = SUITE_DEFAULT_THREADS;
	if (!s->batch.line)
		s->batch.v[s->batch.n++] = SUITE_DEFAULT_BATCH;
	if (!p->warmup_line)
		s->warmup = SUITE_DEFAULT_WARMUP;
	if (!p->repetitions_line)
		s->repetitions = SUITE_DEFAULT_REPETITIONS;
	return 0;
}

int suite_parse_text(const char *file, const char *text, struct suite *s,
		     char *err, size_t errlen)
{
	struct parser p = { .s = s, .file = file, .err = err,
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
			return fail(&p, "line too long (at most %d characters)",
				    LINE_MAX_LEN);
		memcpy(line, cur, len);
		line[len] = '\0';
		if (parse_line(&p, line))
			return -1;
		cur += len + (nl ? 1 : 0);
	}
	return finish(&p);
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

static uint64_t lowest_bit(uint64_t v)
{
	return v & (~v + 1);
}

static void point_name(const struct suite *s, struct suite_point *pt)
{
	char pg[32];
	int n;

	suite_pgsize_name(pt->pgsize, pg, sizeof(pg));
	n = snprintf(pt->name, sizeof(pt->name),
		     "%s/map:%s/unmap:%s/pgsize:%s/size:%llu/threads:%u",
		     suite_path_name(pt->path), suite_map_name(pt->map_mode),
		     suite_unmap_name(pt->unmap_mode), pg,
		     (unsigned long long)pt->size, pt->threads);
	/* Batch is in the name only when the suite sweeps it. */
	if (s->batch.n > 1 && n > 0 && (size_t)n < sizeof(pt->name))
		snprintf(pt->name + n, sizeof(pt->name) - (size_t)n,
			 "/batch:%u", pt->batch);
}

int suite_expand(const struct suite *s, struct suite_point **points,
		 size_t *n, char *err, size_t errlen)
{
	const struct suite_list *dims[] = { &s->path, &s->threads, &s->pgsize,
					    &s->map, &s->unmap, &s->batch,
					    &s->size };
	struct parser p = { .file = s->file, .err = err, .errlen = errlen };
	size_t total = 1, k = 0;
	struct suite_point *pts;

	/* Page-size masks must allow every size of the suite. */
	for (unsigned int i = 0; i < s->pgsize.n; i++) {
		uint64_t min_pg = lowest_bit(s->pgsize.v[i]);

		for (unsigned int j = 0; min_pg && j < s->size.n; j++) {
			if (s->size.v[j] % min_pg) {
				p.line = s->pgsize.line;
				return fail(&p, "size %llu is not a multiple of the smallest page size 0x%llx of pgsize 0x%llx",
					    (unsigned long long)s->size.v[j],
					    (unsigned long long)min_pg,
					    (unsigned long long)s->pgsize.v[i]);
			}
		}
	}
	for (size_t d = 0; d < ARRAY_SIZE(dims); d++) {
		total *= dims[d]->n;
		if (total > SUITE_MAX_POINTS)
			return fail(&p, "the matrix has more than %d points",
				    SUITE_MAX_POINTS);
	}
	if (!total)
		return fail(&p, "the matrix is empty");
	pts = calloc(total, sizeof(*pts));
	if (!pts)
		return fail(&p, "out of memory");

	/* Odometer over the dimensions, the last (size) turning fastest. */
	unsigned int idx[ARRAY_SIZE(dims)] = { 0 };

	for (k = 0; k < total; k++) {
		struct suite_point *pt = &pts[k];

		pt->path = (uint32_t)s->path.v[idx[0]];
		pt->threads = (uint32_t)s->threads.v[idx[1]];
		pt->pgsize = s->pgsize.v[idx[2]];
		pt->map_mode = (uint32_t)s->map.v[idx[3]];
		pt->unmap_mode = (uint32_t)s->unmap.v[idx[4]];
		pt->batch = (uint32_t)s->batch.v[idx[5]];
		pt->size = s->size.v[idx[6]];
		pt->ops = s->ops;
		pt->duration_ns = s->duration_ns;
		pt->warmup = s->warmup;
		point_name(s, pt);
		for (size_t d = ARRAY_SIZE(dims); d-- > 0;) {
			if (++idx[d] < dims[d]->n)
				break;
			idx[d] = 0;
		}
	}
	*points = pts;
	*n = total;
	return 0;
}
