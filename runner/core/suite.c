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
	{ "dma", IOMMUBENCH_PATH_DMA },
	{ "sim", IOMMUBENCH_PATH_SIM },
};

static const struct name_value entry_names[] = {
	{ "map_pages", IOMMUBENCH_SIM_MAP_PAGES },
	{ "map", IOMMUBENCH_SIM_MAP },
};

static const struct name_value fault_names[] = {
	{ "none", IOMMUBENCH_SIM_FAULT_NONE },
	{ "stall", IOMMUBENCH_SIM_FAULT_STALL },
	{ "stall-forever", IOMMUBENCH_SIM_FAULT_STALL_FOREVER },
	{ "timeout", IOMMUBENCH_SIM_FAULT_TIMEOUT },
	{ "gone", IOMMUBENCH_SIM_FAULT_GONE },
};

static const struct name_value policy_names[] = {
	{ "unbounded", SUITE_POLICY_UNBOUNDED },
	{ "unbounded-gone", SUITE_POLICY_UNBOUNDED_GONE },
	{ "bounded", SUITE_POLICY_BOUNDED },
	{ "vtd-6.1", SUITE_POLICY_VTD_6_1 },
	{ "vtd-6.9", SUITE_POLICY_VTD_6_9 },
	{ "amd", SUITE_POLICY_AMD },
	{ "smmuv3", SUITE_POLICY_SMMUV3 },
};

static const struct name_value mode_names[] = {
	{ "keep", SUITE_MODE_KEEP },
	{ "strict", SUITE_MODE_STRICT },
	{ "fq", SUITE_MODE_FQ },
};

static const struct name_value shape_names[] = {
	{ "pair", IOMMUBENCH_SHAPE_PAIR },
	{ "hold", IOMMUBENCH_SHAPE_HOLD },
	{ "pool", IOMMUBENCH_SHAPE_POOL },
};

static const struct name_value order_names[] = {
	{ "fifo", IOMMUBENCH_POOL_FIFO },
	{ "random", IOMMUBENCH_POOL_RANDOM },
};

static const struct name_value api_names[] = {
	{ "page", IOMMUBENCH_DMA_PAGE },
	{ "sg", IOMMUBENCH_DMA_SG },
};

static const struct name_value dir_names[] = {
	{ "bidi", IOMMUBENCH_DIR_BIDIRECTIONAL },
	{ "to-device", IOMMUBENCH_DIR_TO_DEVICE },
	{ "from-device", IOMMUBENCH_DIR_FROM_DEVICE },
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

const char *suite_mode_name(uint32_t mode)
{
	return lookup_name(mode_names, ARRAY_SIZE(mode_names), mode);
}

const char *suite_shape_name(uint32_t shape)
{
	return lookup_name(shape_names, ARRAY_SIZE(shape_names), shape);
}

const char *suite_pool_order_name(uint32_t order)
{
	return lookup_name(order_names, ARRAY_SIZE(order_names), order);
}

const char *suite_api_name(uint32_t api)
{
	return lookup_name(api_names, ARRAY_SIZE(api_names), api);
}

const char *suite_dir_name(uint32_t dir)
{
	return lookup_name(dir_names, ARRAY_SIZE(dir_names), dir);
}

const char *suite_entry_name(uint32_t entry)
{
	return lookup_name(entry_names, ARRAY_SIZE(entry_names), entry);
}

const char *suite_fault_name(uint32_t fault)
{
	return lookup_name(fault_names, ARRAY_SIZE(fault_names), fault);
}

const char *suite_policy_name(uint32_t policy)
{
	return lookup_name(policy_names, ARRAY_SIZE(policy_names), policy);
}

const char *suite_mode_group_type(uint32_t mode)
{
	switch (mode) {
	case SUITE_MODE_STRICT:
		return "DMA";
	case SUITE_MODE_FQ:
		return "DMA-FQ";
	default:
		return NULL;
	}
}

void suite_pgsize_name(uint64_t pgsize, char *buf, size_t len)
{
	if (!pgsize)
		snprintf(buf, len, "hw");
	else if (pgsize == SUITE_PGSIZE_ALL4K)
		snprintf(buf, len, "all4k");
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
		     timer_line, drvcalls_line, repetitions_line;
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
	if (!strcmp(tok, "all4k"))
		return push(p, "pgsize", &p->s->pgsize, SUITE_PGSIZE_ALL4K,
			    tok);
	if (parse_hex_u64(tok, &v) || !v)
		return fail(p, "bad pgsize '%s' (expected 'hw', 'all4k' or a non-zero hex mask like 0x201000)",
			    tok);
	if (v & 0xfff)
		return fail(p, "bad pgsize '%s': page sizes below 4 KiB are not supported",
			    tok);
	return push(p, "pgsize", &p->s->pgsize, v, tok);
}

/* sim_hw: what the simulated hardware can write, a hex mask. */
static int parse_sim_hw_token(struct parser *p, struct suite_list *l,
			      const char *tok)
{
	uint64_t v;

	if (parse_hex_u64(tok, &v) || !v)
		return fail(p, "bad sim_hw '%s' (expected a non-zero hex mask like 0x1000)",
			    tok);
	if (v & 0xfff)
		return fail(p, "bad sim_hw '%s': page sizes below 4 KiB are not supported",
			    tok);
	if (!(v & 0x1000))
		return fail(p, "bad sim_hw '%s': the simulated hardware writes 4 KiB entries at least (0x1000 must be set)",
			    tok);
	return push(p, "sim_hw", l, v, tok);
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

enum value_kind { V_ENUM, V_U64, V_SIZE, V_PGSIZE, V_THREADS, V_DMA_BITS,
		  V_SIM_HW };

/* Every list-valued key: where it lives and how its values parse. */
static const struct list_key_def {
	const char *key;
	size_t off;
	enum value_kind kind;
	const struct name_value *names;	/* V_ENUM */
	size_t nnames;
	uint64_t min, max;		/* V_U64 */
} list_keys[] = {
#define ENUM_KEY(k, t) { #k, offsetof(struct suite, k), V_ENUM, t, ARRAY_SIZE(t), 0, 0 }
#define U64_KEY(k, lo, hi) { #k, offsetof(struct suite, k), V_U64, NULL, 0, lo, hi }
	ENUM_KEY(path, path_names),
	ENUM_KEY(mode, mode_names),
	ENUM_KEY(shape, shape_names),
	U64_KEY(hold_ns, 1, IOMMUBENCH_MAX_HOLD_NS),
	U64_KEY(pool_depth, 1, IOMMUBENCH_MAX_POOL),
	ENUM_KEY(pool_order, order_names),
	ENUM_KEY(map, map_names),
	ENUM_KEY(unmap, unmap_names),
	{ "pgsize", offsetof(struct suite, pgsize), V_PGSIZE, NULL, 0, 0, 0 },
	U64_KEY(batch, 1, IOMMUBENCH_MAX_BATCH),
	ENUM_KEY(api, api_names),
	U64_KEY(sg_entries, 1, IOMMUBENCH_MAX_SG_NENTS),
	ENUM_KEY(dir, dir_names),
	{ "dma_bits", offsetof(struct suite, dma_bits), V_DMA_BITS, NULL, 0, 0, 0 },
	ENUM_KEY(entry, entry_names),
	{ "sim_hw", offsetof(struct suite, sim_hw), V_SIM_HW, NULL, 0, 0, 0 },
	U64_KEY(service_ns, 0, IOMMUBENCH_SIM_MAX_SERVICE_NS),
	ENUM_KEY(fault, fault_names),
	U64_KEY(fault_ms, 1, SUITE_SIM_MAX_FAULT_MS),
	U64_KEY(fault_ppm, 1, 1000000),
	ENUM_KEY(policy, policy_names),
	U64_KEY(deadline_ms, 1, SUITE_SIM_MAX_DEADLINE_MS),
	{ "size", offsetof(struct suite, size), V_SIZE, NULL, 0, 0, 0 },
	{ "threads", offsetof(struct suite, threads), V_THREADS, NULL, 0, 0, 0 },
#undef ENUM_KEY
#undef U64_KEY
};

static const struct list_key_def *list_key_def(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(list_keys); i++)
		if (!strcmp(list_keys[i].key, key))
			return &list_keys[i];
	return NULL;
}

static struct suite_list *list_of(struct suite *s,
				  const struct list_key_def *d)
{
	return (struct suite_list *)((char *)s + d->off);
}

static struct suite_list *list_key(struct suite *s, const char *key)
{
	const struct list_key_def *d = list_key_def(key);

	return d ? list_of(s, d) : NULL;
}

/* A thread count, `all` (the device-local CPUs) or `sweep` (1, 2, 4 ... all). */
static int parse_threads_token(struct parser *p, struct suite_list *l,
			       const char *tok)
{
	uint64_t v;
	int err;

	if (!strcmp(tok, "all"))
		return push(p, "threads", l, SUITE_THREADS_ALL, tok);
	if (!strcmp(tok, "sweep"))
		return push(p, "threads", l, SUITE_THREADS_SWEEP, tok);
	err = parse_u64(tok, &v);
	if (err == -EINVAL)
		return fail(p, "bad value '%s' for 'threads' (expected 1..%d, 'all' or 'sweep')",
			    tok, IOMMUBENCH_MAX_THREADS);
	if (err || v < 1 || v > IOMMUBENCH_MAX_THREADS)
		return fail(p, "'threads' %s is out of range (1..%d)", tok,
			    IOMMUBENCH_MAX_THREADS);
	return push(p, "threads", l, v, tok);
}

/* 0 keeps the device's DMA mask; else 20..64 bits, like dma_map_benchmark. */
static int parse_dma_bits_token(struct parser *p, struct suite_list *l,
				const char *tok)
{
	uint64_t v;
	int err = parse_u64(tok, &v);

	if (err == -EINVAL)
		return fail(p, "bad number '%s' for 'dma_bits'", tok);
	if (err || (v && (v < 20 || v > 64)))
		return fail(p, "'dma_bits' %s is out of range (0, or 20..64)",
			    tok);
	return push(p, "dma_bits", l, v, tok);
}

static int parse_list_value(struct parser *p, const struct list_key_def *d,
			    struct suite_list *l, const char *tok)
{
	switch (d->kind) {
	case V_ENUM:
		return parse_enum(p, d->key, d->names, d->nnames, l, tok);
	case V_SIZE:
		return parse_size_token(p, tok);
	case V_PGSIZE:
		return parse_pgsize_token(p, tok);
	case V_THREADS:
		return parse_threads_token(p, l, tok);
	case V_DMA_BITS:
		return parse_dma_bits_token(p, l, tok);
	case V_SIM_HW:
		return parse_sim_hw_token(p, l, tok);
	case V_U64:
	default:
		return parse_list_u64(p, d->key, l, tok, d->min, d->max);
	}
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
	if (!strcmp(key, "count_driver_calls")) {
		/* a kretprobe on the driver's map entry: slows map, so opt-in */
		if (scalar_once(p, key, &p->drvcalls_line, ntok))
			return -1;
		if (!strcmp(tok[0], "yes"))
			s->run_flags |= IOMMUBENCH_RUN_COUNT_DRIVER_CALLS;
		else if (strcmp(tok[0], "no"))
			return fail(p, "count_driver_calls must be yes or no, not '%s'",
				    tok[0]);
		return 0;
	}
	if (!strcmp(key, "timer_us")) {
		/* 0 = off; else the module's 10 us .. 1 s */
		if (scalar_once(p, key, &p->timer_line, ntok) ||
		    parse_bounded(p, key, tok[0], 0,
				  IOMMUBENCH_MAX_TIMER_PERIOD_NS / 1000, &v))
			return -1;
		if (v && v * 1000 < IOMMUBENCH_MIN_TIMER_PERIOD_NS)
			return fail(p, "timer_us must be 0 (off) or at least %llu",
				    IOMMUBENCH_MIN_TIMER_PERIOD_NS / 1000);
		s->timer_period_ns = v * 1000;
		return 0;
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
	const struct list_key_def *d;
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
			  !strcmp(tok[0], "timer_us") ||
			  !strcmp(tok[0], "count_driver_calls") ||
			  !strcmp(tok[0], "repetitions")))
		return fail(p, "empty value list for '%s'", tok[0]);
	d = list_key_def(tok[0]);
	if (!d)
		return parse_scalar(p, tok[0], tok + 1, ntok - 1);
	l = list_of(p->s, d);
	if (l->line)
		return fail(p, "duplicate key '%s' (first given on line %u)",
			    tok[0], l->line);
	l->line = p->line;
	for (int i = 1; i < ntok; i++)
		if (parse_list_value(p, d, l, tok[i]))
			return -1;
	return 0;
}

static bool has(const struct suite_list *l, uint64_t v)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

/* A default for a list key the suite did not give (line stays 0). */
static void set_default(struct suite_list *l, uint64_t v)
{
	if (!l->line && !l->n)
		l->v[l->n++] = v;
}

/* Keys given although nothing in the suite uses them: almost surely a slip. */
static int unused_key(struct parser *p, const struct suite_list *l,
		      const char *key, const char *what)
{
	if (!l->line)
		return 0;
	p->line = l->line;
	return fail(p, "'%s' applies only to %s, which the suite does not list",
		    key, what);
}

/* A choice listed without the parameter it needs. */
static int needs_key(struct parser *p, const struct suite_list *choice,
		     const char *choice_key, const char *value,
		     const struct suite_list *param, const char *param_key)
{
	if (param->line)
		return 0;
	p->line = choice->line;
	return fail(p, "%s '%s' needs '%s'", choice_key, value, param_key);
}

/* The dma path's own limits on sizes and scatterlists. */
static int check_dma(struct parser *p)
{
	struct suite *s = p->s;

	for (unsigned int i = 0; i < s->size.n; i++) {
		if (s->size.v[i] > IOMMUBENCH_MAX_DMA_SIZE) {
			p->line = s->size.line;
			return fail(p, "size %llu is larger than 4 MiB (the dma path's limit)",
				    (unsigned long long)s->size.v[i]);
		}
	}
	if (!has(&s->api, IOMMUBENCH_DMA_SG))
		return unused_key(p, &s->sg_entries, "sg_entries", "api sg");
	for (unsigned int i = 0; i < s->sg_entries.n; i++) {
		uint64_t chunk = s->sg_entries.v[i] * SUITE_MIN_SIZE;

		for (unsigned int j = 0; j < s->size.n; j++) {
			if (s->size.v[j] % chunk) {
				p->line = s->sg_entries.line;
				return fail(p, "size %llu does not split into %llu sg entries of a multiple of 4096 bytes",
					    (unsigned long long)s->size.v[j],
					    (unsigned long long)s->sg_entries.v[i]);
			}
		}
	}
	return 0;
}

/*
 * The sim path's keys: each fault and policy with the parameter it needs,
 * and page sizes that mean something for it.
 */
static int check_sim(struct parser *p, bool iommu)
{
	struct suite *s = p->s;

	if (has(&s->fault, IOMMUBENCH_SIM_FAULT_STALL) ?
	    needs_key(p, &s->fault, "fault", "stall", &s->fault_ms,
		      "fault_ms") :
	    unused_key(p, &s->fault_ms, "fault_ms", "fault stall"))
		return -1;
	if (has(&s->fault, IOMMUBENCH_SIM_FAULT_TIMEOUT) ?
	    needs_key(p, &s->fault, "fault", "timeout", &s->fault_ppm,
		      "fault_ppm") :
	    unused_key(p, &s->fault_ppm, "fault_ppm", "fault timeout"))
		return -1;
	if (has(&s->policy, SUITE_POLICY_BOUNDED) ?
	    needs_key(p, &s->policy, "policy", "bounded", &s->deadline_ms,
		      "deadline_ms") :
	    unused_key(p, &s->deadline_ms, "deadline_ms", "policy bounded"))
		return -1;
	/* The sim has no hardware bitmap: it is told what to advertise. */
	if (has(&s->pgsize, 0)) {
		p->line = s->pgsize.line;
		return fail(p, "pgsize 'hw' does not apply to path sim (give the advertised bitmap: a hex mask or 'all4k')");
	}
	if (iommu && has(&s->pgsize, SUITE_PGSIZE_ALL4K)) {
		p->line = s->pgsize.line;
		return fail(p, "pgsize 'all4k' applies only to path sim (path iommu needs a subset of the hardware bitmap)");
	}
	return 0;
}

/* Required keys present, keys consistent, defaults for the optional ones. */
static int finish(struct parser *p)
{
	struct suite *s = p->s;
	bool iommu, dma, sim;

	p->line = 0;
	if (!p->name_line)
		return fail(p, "missing required key 'name'");
	if (!s->path.line)
		return fail(p, "missing required key 'path'");
	if (!s->size.line)
		return fail(p, "missing required key 'size'");
	iommu = has(&s->path, IOMMUBENCH_PATH_IOMMU);
	dma = has(&s->path, IOMMUBENCH_PATH_DMA);
	sim = has(&s->path, IOMMUBENCH_PATH_SIM);
	if ((iommu || sim) && !s->map.line)
		return fail(p, "missing required key 'map' (path %s needs it)",
			    iommu ? "iommu" : "sim");
	if ((iommu || sim) && !s->unmap.line)
		return fail(p, "missing required key 'unmap' (path %s needs it)",
			    iommu ? "iommu" : "sim");
	if (!s->ops && !s->duration_ns) {
		if (!p->ops_line && !p->duration_line)
			return fail(p, "missing required key 'ops' or 'duration'");
		p->line = p->duration_line > p->ops_line ? p->duration_line :
							   p->ops_line;
		return fail(p, "one of 'ops' and 'duration' must be non-zero");
	}
	if (!iommu && !sim &&
	    (unused_key(p, &s->map, "map", "path iommu or sim") ||
	     unused_key(p, &s->unmap, "unmap", "path iommu or sim") ||
	     unused_key(p, &s->pgsize, "pgsize", "path iommu or sim") ||
	     unused_key(p, &s->batch, "batch", "path iommu or sim")))
		return -1;
	if (!sim &&
	    (unused_key(p, &s->entry, "entry", "path sim") ||
	     unused_key(p, &s->sim_hw, "sim_hw", "path sim") ||
	     unused_key(p, &s->service_ns, "service_ns", "path sim") ||
	     unused_key(p, &s->fault, "fault", "path sim") ||
	     unused_key(p, &s->fault_ms, "fault_ms", "path sim") ||
	     unused_key(p, &s->fault_ppm, "fault_ppm", "path sim") ||
	     unused_key(p, &s->policy, "policy", "path sim") ||
	     unused_key(p, &s->deadline_ms, "deadline_ms", "path sim")))
		return -1;
	if (sim && check_sim(p, iommu))
		return -1;
	if (!dma &&
	    (unused_key(p, &s->api, "api", "path dma") ||
	     unused_key(p, &s->sg_entries, "sg_entries", "path dma") ||
	     unused_key(p, &s->dir, "dir", "path dma") ||
	     unused_key(p, &s->dma_bits, "dma_bits", "path dma") ||
	     /* the iommu path maps in its own domain: the group type is moot */
	     unused_key(p, &s->mode, "mode", "path dma")))
		return -1;
	if (has(&s->shape, IOMMUBENCH_SHAPE_HOLD) ?
	    needs_key(p, &s->shape, "shape", "hold", &s->hold_ns, "hold_ns") :
	    unused_key(p, &s->hold_ns, "hold_ns", "shape hold"))
		return -1;
	if (has(&s->shape, IOMMUBENCH_SHAPE_POOL) ?
	    needs_key(p, &s->shape, "shape", "pool", &s->pool_depth,
		      "pool_depth") :
	    (unused_key(p, &s->pool_depth, "pool_depth", "shape pool") ||
	     unused_key(p, &s->pool_order, "pool_order", "shape pool")))
		return -1;

	set_default(&s->mode, SUITE_MODE_KEEP);
	set_default(&s->shape, IOMMUBENCH_SHAPE_PAIR);
	set_default(&s->pool_order, IOMMUBENCH_POOL_FIFO);
	set_default(&s->pgsize, 0);
	set_default(&s->batch, SUITE_DEFAULT_BATCH);
	set_default(&s->api, IOMMUBENCH_DMA_PAGE);
	set_default(&s->sg_entries, 1);
	set_default(&s->dir, IOMMUBENCH_DIR_BIDIRECTIONAL);
	set_default(&s->dma_bits, 0);
	set_default(&s->threads, SUITE_DEFAULT_THREADS);
	set_default(&s->entry, IOMMUBENCH_SIM_MAP_PAGES);
	set_default(&s->sim_hw, SUITE_SIM_DEFAULT_HW);
	set_default(&s->service_ns, SUITE_SIM_DEFAULT_SERVICE_NS);
	set_default(&s->fault, IOMMUBENCH_SIM_FAULT_NONE);
	set_default(&s->policy, SUITE_POLICY_VTD_6_1);
	if (dma && check_dma(p))
		return -1;
	if (!p->warmup_line)
		s->warmup = SUITE_DEFAULT_WARMUP;
	if (!p->timer_line)
		s->timer_period_ns = SUITE_DEFAULT_TIMER_US * 1000ULL;
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

int suite_uses_all_threads(const struct suite *s)
{
	return has(&s->threads, SUITE_THREADS_ALL) ||
	       has(&s->threads, SUITE_THREADS_SWEEP);
}

/* The concrete thread counts, in the suite's order, each once. */
static unsigned int resolve_threads(const struct suite *s,
				    unsigned int all, uint32_t *out)
{
	unsigned int n = 0;

	if (all < 1)
		all = 1;
	if (all > IOMMUBENCH_MAX_THREADS)
		all = IOMMUBENCH_MAX_THREADS;
	for (unsigned int i = 0; i < s->threads.n; i++) {
		uint64_t v = s->threads.v[i];
		uint32_t cand[16];
		unsigned int nc = 0;

		if (v == SUITE_THREADS_SWEEP) {
			for (uint32_t t = 1; t < all; t <<= 1)
				cand[nc++] = t;
			cand[nc++] = all;
		} else {
			cand[nc++] = v == SUITE_THREADS_ALL ? all : (uint32_t)v;
		}
		for (unsigned int c = 0; c < nc; c++) {
			bool dup = false;

			for (unsigned int j = 0; j < n; j++)
				dup |= out[j] == cand[c];
			if (!dup)
				out[n++] = cand[c];
		}
	}
	return n;
}

/* Growing array of points; fails past SUITE_MAX_POINTS. */
struct gen {
	const struct suite *s;
	struct parser *p;
	struct suite_point *pts;
	size_t n, cap;
};

/* "/shape:pool/depth:64/order:fifo", "/shape:hold/hold:1000", "/shape:pair". */
static int shape_part(const struct suite_point *pt, char *buf, size_t len)
{
	if (pt->shape == IOMMUBENCH_SHAPE_POOL)
		return snprintf(buf, len, "/shape:pool/depth:%u/order:%s",
				pt->pool_depth,
				suite_pool_order_name(pt->pool_order));
	if (pt->shape == IOMMUBENCH_SHAPE_HOLD)
		return snprintf(buf, len, "/shape:hold/hold:%llu",
				(unsigned long long)pt->hold_ns);
	return snprintf(buf, len, "/shape:%s", suite_shape_name(pt->shape));
}

/* "/fault:stall/fault_ms:10/policy:bounded/deadline_ms:10" and the like. */
static void sim_fault_policy_part(const struct suite_point *pt, char *buf,
				  size_t len)
{
	char param[40] = "", deadline[40] = "";

	if (pt->sim_fault == IOMMUBENCH_SIM_FAULT_STALL)
		snprintf(param, sizeof(param), "/fault_ms:%llu",
			 (unsigned long long)(pt->sim_fault_ns / 1000000ULL));
	else if (pt->sim_fault == IOMMUBENCH_SIM_FAULT_TIMEOUT)
		snprintf(param, sizeof(param), "/fault_ppm:%u",
			 pt->sim_fault_ppm);
	if (pt->policy == SUITE_POLICY_BOUNDED)
		snprintf(deadline, sizeof(deadline), "/deadline_ms:%llu",
			 (unsigned long long)(pt->sim_deadline_ns / 1000000ULL));
	snprintf(buf, len, "/fault:%s%s/policy:%s%s",
		 suite_fault_name(pt->sim_fault), param,
		 suite_policy_name(pt->policy), deadline);
}

static void sim_point_name(const struct suite *s, struct suite_point *pt)
{
	char pg[32], shape[96] = "", fp[128], tail[96] = "";
	size_t used = 0;

	if (pt->shape != IOMMUBENCH_SHAPE_PAIR)
		shape_part(pt, shape, sizeof(shape));
	sim_fault_policy_part(pt, fp, sizeof(fp));
	/* Like batch: sim_hw and service_ns only when the suite sweeps them. */
	if (s->sim_hw.n > 1) {
		used += (size_t)snprintf(tail + used, sizeof(tail) - used,
					 "/sim_hw:0x%llx",
					 (unsigned long long)pt->sim_hw_pgsize);
	}
	if (s->service_ns.n > 1 && used < sizeof(tail))
		used += (size_t)snprintf(tail + used, sizeof(tail) - used,
					 "/service_ns:%llu",
					 (unsigned long long)pt->sim_service_ns);
	if (s->batch.n > 1 && used < sizeof(tail))
		snprintf(tail + used, sizeof(tail) - used, "/batch:%u",
			 pt->batch);
	suite_pgsize_name(pt->pgsize, pg, sizeof(pg));
	snprintf(pt->name, sizeof(pt->name),
		 "sim%s/entry:%s%s/map:%s/unmap:%s/pgsize:%s/size:%llu/threads:%u%s",
		 shape, suite_entry_name(pt->sim_entry), fp,
		 suite_map_name(pt->map_mode), suite_unmap_name(pt->unmap_mode),
		 pg, (unsigned long long)pt->size, pt->threads, tail);
}

static void point_name(const struct suite *s, struct suite_point *pt)
{
	char pg[32], shape[96] = "", mode[32] = "", sg[32] = "", tail[32] = "";

	if (pt->path == IOMMUBENCH_PATH_SIM) {
		sim_point_name(s, pt);
		return;
	}

	if (pt->path == IOMMUBENCH_PATH_IOMMU) {
		/* The walking skeleton's names, unless mode or shape say more. */
		if (pt->mode != SUITE_MODE_KEEP)
			snprintf(mode, sizeof(mode), "/mode:%s",
				 suite_mode_name(pt->mode));
		if (pt->shape != IOMMUBENCH_SHAPE_PAIR)
			shape_part(pt, shape, sizeof(shape));
		/* Batch is in the name only when the suite sweeps it. */
		if (s->batch.n > 1)
			snprintf(tail, sizeof(tail), "/batch:%u", pt->batch);
		suite_pgsize_name(pt->pgsize, pg, sizeof(pg));
		snprintf(pt->name, sizeof(pt->name),
			 "iommu%s%s/map:%s/unmap:%s/pgsize:%s/size:%llu/threads:%u%s",
			 mode, shape, suite_map_name(pt->map_mode),
			 suite_unmap_name(pt->unmap_mode), pg,
			 (unsigned long long)pt->size, pt->threads, tail);
		return;
	}
	shape_part(pt, shape, sizeof(shape));
	if (pt->dma_api == IOMMUBENCH_DMA_SG)
		snprintf(sg, sizeof(sg), "/sg:%u", pt->sg_nents);
	/* Like batch: dma_bits only when the suite sweeps it. */
	if (s->dma_bits.n > 1)
		snprintf(tail, sizeof(tail), "/dma_bits:%u", pt->dma_bits);
	snprintf(pt->name, sizeof(pt->name),
		 "dma/api:%s%s/mode:%s%s/dir:%s/size:%llu/threads:%u%s",
		 suite_api_name(pt->dma_api), sg, suite_mode_name(pt->mode),
		 shape, suite_dir_name(pt->dma_dir),
		 (unsigned long long)pt->size, pt->threads, tail);
}

static int emit(struct gen *g, const struct suite_point *pt)
{
	if (g->n == SUITE_MAX_POINTS)
		return fail(g->p, "the matrix has more than %d points",
			    SUITE_MAX_POINTS);
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct suite_point *n = realloc(g->pts, cap * sizeof(*n));

		if (!n)
			return fail(g->p, "out of memory");
		g->pts = n;
		g->cap = cap;
	}
	g->pts[g->n] = *pt;
	point_name(g->s, &g->pts[g->n]);
	g->n++;
	return 0;
}

/* The innermost dimension, size, for a point whose other fields are set. */
static int emit_sizes(struct gen *g, struct suite_point *pt)
{
	for (unsigned int i = 0; i < g->s->size.n; i++) {
		pt->size = g->s->size.v[i];
		if (emit(g, pt))
			return -1;
	}
	return 0;
}

static int expand_iommu(struct gen *g, struct suite_point *pt)
{
	const struct suite *s = g->s;

	for (unsigned int a = 0; a < s->pgsize.n; a++)
		for (unsigned int b = 0; b < s->map.n; b++)
			for (unsigned int c = 0; c < s->unmap.n; c++)
				for (unsigned int d = 0; d < s->batch.n; d++) {
					pt->pgsize = s->pgsize.v[a];
					pt->map_mode = (uint32_t)s->map.v[b];
					pt->unmap_mode = (uint32_t)s->unmap.v[c];
					pt->batch = (uint32_t)s->batch.v[d];
					if (emit_sizes(g, pt))
						return -1;
				}
	return 0;
}

static int expand_dma(struct gen *g, struct suite_point *pt)
{
	const struct suite *s = g->s;

	pt->batch = SUITE_DEFAULT_BATCH;	/* the module checks it anyway */
	for (unsigned int a = 0; a < s->api.n; a++) {
		bool sg = s->api.v[a] == IOMMUBENCH_DMA_SG;
		unsigned int nsg = sg ? s->sg_entries.n : 1;

		for (unsigned int b = 0; b < nsg; b++)
			for (unsigned int c = 0; c < s->dir.n; c++)
				for (unsigned int d = 0; d < s->dma_bits.n; d++) {
					pt->dma_api = (uint32_t)s->api.v[a];
					pt->sg_nents = sg ?
						(uint32_t)s->sg_entries.v[b] : 0;
					pt->dma_dir = (uint32_t)s->dir.v[c];
					pt->dma_bits = (uint32_t)s->dma_bits.v[d];
					if (emit_sizes(g, pt))
						return -1;
				}
	}
	return 0;
}

/* The kernel's policy and deadline for a suite policy. */
static void sim_policy(uint32_t policy, uint64_t deadline_ms,
		       struct suite_point *pt)
{
	pt->policy = policy;
	pt->sim_deadline_ns = 0;
	switch (policy) {
	case SUITE_POLICY_UNBOUNDED:
	case SUITE_POLICY_VTD_6_1:
		pt->sim_policy = IOMMUBENCH_SIM_UNBOUNDED;
		break;
	case SUITE_POLICY_UNBOUNDED_GONE:
	case SUITE_POLICY_VTD_6_9:
		pt->sim_policy = IOMMUBENCH_SIM_UNBOUNDED_GONE;
		break;
	case SUITE_POLICY_AMD:
		pt->sim_policy = IOMMUBENCH_SIM_BOUNDED;
		pt->sim_deadline_ns = SUITE_SIM_AMD_DEADLINE_NS;
		break;
	case SUITE_POLICY_SMMUV3:
		pt->sim_policy = IOMMUBENCH_SIM_BOUNDED;
		pt->sim_deadline_ns = SUITE_SIM_SMMUV3_DEADLINE_NS;
		break;
	case SUITE_POLICY_BOUNDED:
	default:
		pt->sim_policy = IOMMUBENCH_SIM_BOUNDED;
		pt->sim_deadline_ns = deadline_ms * 1000000ULL;
		break;
	}
}

/* sim: map, unmap, pgsize, sim_hw, service_ns, batch, then sizes. */
static int expand_sim_table(struct gen *g, struct suite_point *pt)
{
	const struct suite *s = g->s;
	/* the sim advertises what it is told; 4 KiB unless the suite says */
	static const struct suite_list def_pgsize = {
		.v = { SUITE_SIM_DEFAULT_PGSIZE }, .n = 1,
	};
	const struct suite_list *pg = s->pgsize.line ? &s->pgsize : &def_pgsize;
	const struct suite_list *dims[] = {
		&s->map, &s->unmap, pg, &s->sim_hw, &s->service_ns, &s->batch,
	};
	enum { NDIMS = sizeof(dims) / sizeof(dims[0]) };
	unsigned int idx[NDIMS] = { 0 };

	for (;;) {
		int d;

		pt->map_mode = (uint32_t)s->map.v[idx[0]];
		pt->unmap_mode = (uint32_t)s->unmap.v[idx[1]];
		pt->pgsize = pg->v[idx[2]];
		pt->sim_hw_pgsize = s->sim_hw.v[idx[3]];
		pt->sim_service_ns = s->service_ns.v[idx[4]];
		pt->batch = (uint32_t)s->batch.v[idx[5]];
		if (emit_sizes(g, pt))
			return -1;
		/* next combination, the last dimension fastest */
		for (d = NDIMS - 1; d >= 0; d--) {
			if (++idx[d] < dims[d]->n)
				break;
			idx[d] = 0;
		}
		if (d < 0)
			return 0;
	}
}

/* sim: entry, fault (with its parameter), policy (with its deadline). */
static int expand_sim(struct gen *g, struct suite_point *pt)
{
	const struct suite *s = g->s;

	for (unsigned int a = 0; a < s->entry.n; a++) {
		pt->sim_entry = (uint32_t)s->entry.v[a];
		for (unsigned int b = 0; b < s->fault.n; b++) {
			uint32_t fault = (uint32_t)s->fault.v[b];
			const struct suite_list *param =
				fault == IOMMUBENCH_SIM_FAULT_STALL ? &s->fault_ms :
				fault == IOMMUBENCH_SIM_FAULT_TIMEOUT ?
				&s->fault_ppm : NULL;
			unsigned int nparam = param ? param->n : 1;

			pt->sim_fault = fault;
			for (unsigned int c = 0; c < nparam; c++) {
				pt->sim_fault_ns = 0;
				pt->sim_fault_ppm = 0;
				if (fault == IOMMUBENCH_SIM_FAULT_STALL)
					pt->sim_fault_ns =
						param->v[c] * 1000000ULL;
				else if (fault == IOMMUBENCH_SIM_FAULT_TIMEOUT)
					pt->sim_fault_ppm =
						(uint32_t)param->v[c];
				for (unsigned int d = 0; d < s->policy.n; d++) {
					uint32_t pol = (uint32_t)s->policy.v[d];
					unsigned int nd =
						pol == SUITE_POLICY_BOUNDED ?
						s->deadline_ms.n : 1;

					for (unsigned int e = 0; e < nd; e++) {
						sim_policy(pol,
							   pol == SUITE_POLICY_BOUNDED ?
							   s->deadline_ms.v[e] : 0,
							   pt);
						if (expand_sim_table(g, pt))
							return -1;
					}
				}
			}
		}
	}
	return 0;
}

/* One shape with each of its parameter combinations, then the path's keys. */
static int expand_shape(struct gen *g, struct suite_point *pt)
{
	const struct suite *s = g->s;
	unsigned int na = 1, nb = 1;

	if (pt->shape == IOMMUBENCH_SHAPE_POOL) {
		na = s->pool_depth.n;
		nb = s->pool_order.n;
	} else if (pt->shape == IOMMUBENCH_SHAPE_HOLD) {
		na = s->hold_ns.n;
	}
	for (unsigned int a = 0; a < na; a++) {
		for (unsigned int b = 0; b < nb; b++) {
			pt->pool_depth = 0;
			pt->pool_order = 0;
			pt->hold_ns = 0;
			if (pt->shape == IOMMUBENCH_SHAPE_POOL) {
				pt->pool_depth = (uint32_t)s->pool_depth.v[a];
				pt->pool_order = (uint32_t)s->pool_order.v[b];
			} else if (pt->shape == IOMMUBENCH_SHAPE_HOLD) {
				pt->hold_ns = s->hold_ns.v[a];
			}
			if (pt->path == IOMMUBENCH_PATH_IOMMU ?
			    expand_iommu(g, pt) :
			    pt->path == IOMMUBENCH_PATH_SIM ?
			    expand_sim(g, pt) : expand_dma(g, pt))
				return -1;
		}
	}
	return 0;
}

int suite_expand(const struct suite *s, unsigned int all_threads,
		 struct suite_point **points, size_t *n, char *err,
		 size_t errlen)
{
	struct parser p = { .file = s->file, .err = err, .errlen = errlen };
	struct gen g = { .s = s, .p = &p };
	uint32_t threads[SUITE_MAX_VALUES * 10];
	unsigned int nthreads;

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
	nthreads = resolve_threads(s, all_threads, threads);
	for (unsigned int m = 0; m < s->mode.n; m++) {
		for (unsigned int pa = 0; pa < s->path.n; pa++) {
			/* the iommu and sim paths map in their own domains */
			bool iommu_path = s->path.v[pa] != IOMMUBENCH_PATH_DMA;

			/* they ignore the group type: once, unswitched */
			if (iommu_path && m)
				continue;
			for (unsigned int t = 0; t < nthreads; t++) {
				for (unsigned int sh = 0; sh < s->shape.n; sh++) {
					struct suite_point pt = {
						.mode = iommu_path ? SUITE_MODE_KEEP :
							(uint32_t)s->mode.v[m],
						.path = (uint32_t)s->path.v[pa],
						.threads = threads[t],
						.shape = (uint32_t)s->shape.v[sh],
						.ops = s->ops,
						.duration_ns = s->duration_ns,
						.warmup = s->warmup,
						.timer_period_ns = s->timer_period_ns,
						.run_flags = s->run_flags,
					};

					if (expand_shape(&g, &pt)) {
						free(g.pts);
						return -1;
					}
				}
			}
		}
	}
	if (!g.n) {
		free(g.pts);
		return fail(&p, "the matrix is empty");
	}
	*points = g.pts;
	*n = g.n;
	return 0;
}
