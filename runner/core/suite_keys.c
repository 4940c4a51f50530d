// SPDX-License-Identifier: GPL-2.0
/*
 * suite_keys: the core's list keys and their value names, and the one
 * table of every key (the core's, then each registered path's, each once)
 * that the parser, the checks and struct suite's lists go by.
 */
#include "suite_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommubench.h"
#include "path.h"
#include "suite_parser.h"

static const struct suite_name mode_names[] = {
	{ "keep", SUITE_MODE_KEEP },
	{ "strict", SUITE_MODE_STRICT },
	{ "fq", SUITE_MODE_FQ },
};

static const struct suite_name shape_names[] = {
	{ "pair", IOMMUBENCH_SHAPE_PAIR },
	{ "hold", IOMMUBENCH_SHAPE_HOLD },
	{ "pool", IOMMUBENCH_SHAPE_POOL },
};

static const struct suite_name order_names[] = {
	{ "fifo", IOMMUBENCH_POOL_FIFO },
	{ "random", IOMMUBENCH_POOL_RANDOM },
};

/* A path's keyword; the value is its index in the registry. */
static int parse_path(struct suite_parser *p, const struct suite_key *k,
		      struct suite_list *l, const char *tok)
{
	const struct path_desc *path = path_find(tok);
	char choices[128] = "";

	if (path)
		return suite_push(p, k->key, l, (uint64_t)path_index(path),
				  tok);
	for (size_t i = 0; i < path_count(); i++) {
		strncat(choices, i ? ", " : "", sizeof(choices) - strlen(choices) - 1);
		strncat(choices, path_at(i)->name, sizeof(choices) - strlen(choices) - 1);
	}
	return suite_fail(p, "unknown %s '%s' (expected one of: %s)", k->key,
			  tok, choices);
}

const struct suite_key suite_key_path = {
	.key = "path", .kind = SUITE_KEY_CUSTOM, .parse = parse_path,
};
/* The group type: a key of the paths on the default domain (dma). */
const struct suite_key suite_key_mode =
	SUITE_ENUM_KEY("mode", mode_names, .has_default = true,
		       .def = SUITE_MODE_KEEP);
const struct suite_key suite_key_shape =
	SUITE_ENUM_KEY("shape", shape_names, .has_default = true,
		       .def = IOMMUBENCH_SHAPE_PAIR);
const struct suite_key suite_key_hold_ns =
	SUITE_U64_KEY("hold_ns", 1, IOMMUBENCH_MAX_HOLD_NS);
const struct suite_key suite_key_pool_depth =
	SUITE_U64_KEY("pool_depth", 1, IOMMUBENCH_MAX_POOL);
const struct suite_key suite_key_pool_order =
	SUITE_ENUM_KEY("pool_order", order_names, .has_default = true,
		       .def = IOMMUBENCH_POOL_FIFO);
const struct suite_key suite_key_size = {
	.key = "size", .kind = SUITE_KEY_CUSTOM, .parse = suite_parse_size,
};
const struct suite_key suite_key_threads = {
	.key = "threads", .kind = SUITE_KEY_CUSTOM,
	.parse = suite_parse_threads, .has_default = true,
	.def = SUITE_DEFAULT_THREADS,
};

static const struct suite_key *const core_keys[] = {
	&suite_key_path, &suite_key_mode, &suite_key_shape, &suite_key_hold_ns,
	&suite_key_pool_depth, &suite_key_pool_order, &suite_key_size,
	&suite_key_threads,
};

static const struct suite_key *keys[SUITE_MAX_KEYS];
static unsigned int nkeys;

static void add_key(const struct suite_key *k)
{
	for (unsigned int i = 0; i < nkeys; i++)
		if (keys[i] == k)
			return;	/* shared by paths (iommu's map in sim) */
	if (nkeys == SUITE_MAX_KEYS) {
		/* a build-time mistake: more keys than struct suite holds */
		fprintf(stderr, "iommubench: more than %d suite keys (raise SUITE_MAX_KEYS)\n",
			SUITE_MAX_KEYS);
		abort();
	}
	keys[nkeys++] = k;
}

static void init_keys(void)
{
	if (nkeys)
		return;
	for (size_t i = 0; i < SUITE_ARRAY_SIZE(core_keys); i++)
		add_key(core_keys[i]);
	for (size_t i = 0; i < path_count(); i++)
		for (const struct suite_key *const *k = path_at(i)->keys;
		     k && *k; k++)
			add_key(*k);
}

unsigned int suite_key_count(void)
{
	init_keys();
	return nkeys;
}

const struct suite_key *suite_key_at(unsigned int i)
{
	init_keys();
	return i < nkeys ? keys[i] : NULL;
}

const struct suite_key *suite_key_find(const char *key)
{
	init_keys();
	for (unsigned int i = 0; i < nkeys; i++)
		if (!strcmp(keys[i]->key, key))
			return keys[i];
	return NULL;
}

unsigned int suite_key_index(const struct suite_key *k)
{
	init_keys();
	for (unsigned int i = 0; i < nkeys; i++)
		if (keys[i] == k)
			return i;
	fprintf(stderr, "iommubench: suite key '%s' is not registered\n",
		k->key);
	abort();
}

const struct suite_list *suite_list(const struct suite *s,
				    const struct suite_key *k)
{
	return &s->lists[suite_key_index(k)];
}

struct suite_list *suite_list_mut(struct suite *s, const struct suite_key *k)
{
	return &s->lists[suite_key_index(k)];
}

bool suite_list_has(const struct suite_list *l, uint64_t v)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (l->v[i] == v)
			return true;
	return false;
}

bool suite_lists_path(const struct suite *s, const char *name)
{
	const struct path_desc *p = path_find(name);

	return p && suite_list_has(suite_list(s, &suite_key_path),
				   (uint64_t)path_index(p));
}

const char *suite_key_value_name(const struct suite_key *k, uint64_t v)
{
	for (unsigned int i = 0; i < k->nnames; i++)
		if (k->names[i].value == v)
			return k->names[i].name;
	return "?";
}

const char *suite_path_name(const struct path_desc *path)
{
	return path ? path->name : "?";
}

const char *suite_mode_name(uint32_t mode)
{
	return suite_key_value_name(&suite_key_mode, mode);
}

const char *suite_shape_name(uint32_t shape)
{
	return suite_key_value_name(&suite_key_shape, shape);
}

const char *suite_pool_order_name(uint32_t order)
{
	return suite_key_value_name(&suite_key_pool_order, order);
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

void suite_shape_part(const struct suite_point *pt, char *buf, size_t len)
{
	if (pt->shape == IOMMUBENCH_SHAPE_POOL)
		snprintf(buf, len, "/shape:pool/depth:%u/order:%s",
			 pt->pool_depth, suite_pool_order_name(pt->pool_order));
	else if (pt->shape == IOMMUBENCH_SHAPE_HOLD)
		snprintf(buf, len, "/shape:hold/hold:%llu",
			 (unsigned long long)pt->hold_ns);
	else
		snprintf(buf, len, "/shape:%s", suite_shape_name(pt->shape));
}

void suite_describe_common(const struct suite_point *pt, char *buf,
			   size_t len)
{
	snprintf(buf, len, "ops=%llu duration_ns=%llu warmup=%llu",
		 (unsigned long long)pt->ops,
		 (unsigned long long)pt->duration_ns,
		 (unsigned long long)pt->warmup);
}
