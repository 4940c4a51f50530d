// SPDX-License-Identifier: GPL-2.0
/*
 * suite_check: what needs the whole suite once it is read: required keys,
 * keys that apply to nothing the suite lists, the shapes' parameters,
 * defaults, then each listed path's own check (its descriptor's).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "iommubench.h"
#include "path.h"
#include "suite_parser.h"

int suite_unused_key(struct suite_parser *p, const struct suite_list *l,
		     const char *key, const char *what)
{
	if (!l->line)
		return 0;
	suite_at_line(p, l->line);
	return suite_fail(p, "'%s' applies only to %s, which the suite does not list",
			  key, what);
}

int suite_needs_key(struct suite_parser *p, const struct suite_list *choice,
		    const char *choice_key, const char *value,
		    const struct suite_list *param, const char *param_key)
{
	if (param->line)
		return 0;
	suite_at_line(p, choice->line);
	return suite_fail(p, "%s '%s' needs '%s'", choice_key, value,
			  param_key);
}

static bool path_has_key(const struct path_desc *path, const struct suite_key *k)
{
	for (const struct suite_key *const *pk = path->keys; pk && *pk; pk++)
		if (*pk == k)
			return true;
	return false;
}

static bool listed(const struct suite *s, size_t i)
{
	return suite_list_has(suite_list(s, &suite_key_path), i);
}

/* "path iommu or sim": the registered paths that read k ("" if none). */
static void owners(const struct suite_key *k, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < path_count() && used < len; i++)
		if (path_has_key(path_at(i), k))
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? " or " : "path ",
						 path_at(i)->name);
}

/* A required key of a listed path that is missing (the first path says). */
static int check_required(struct suite_parser *p, const struct suite *s)
{
	for (unsigned int i = 0; i < suite_key_count(); i++) {
		const struct suite_key *k = suite_key_at(i);

		if (!k->required || suite_list(s, k)->line)
			continue;
		for (size_t j = 0; j < path_count(); j++)
			if (listed(s, j) && path_has_key(path_at(j), k))
				return suite_fail(p, "missing required key '%s' (path %s needs it)",
						  k->key, path_at(j)->name);
	}
	return 0;
}

/* Keys of paths the suite does not list: almost surely a slip. */
static int check_unused(struct suite_parser *p, const struct suite *s)
{
	char what[128];

	for (unsigned int i = 0; i < suite_key_count(); i++) {
		const struct suite_key *k = suite_key_at(i);
		bool owned = false, used = false;

		for (size_t j = 0; j < path_count(); j++) {
			if (!path_has_key(path_at(j), k))
				continue;
			owned = true;
			used |= listed(s, j);
		}
		if (!owned || used)
			continue;	/* a core key, or read by a listed path */
		owners(k, what, sizeof(what));
		if (suite_unused_key(p, suite_list(s, k), k->key, what))
			return -1;
	}
	return 0;
}

static int check_shapes(struct suite_parser *p, const struct suite *s)
{
	const struct suite_list *shape = suite_list(s, &suite_key_shape);

	if (suite_list_has(shape, IOMMUBENCH_SHAPE_HOLD) ?
	    suite_needs_key(p, shape, "shape", "hold",
			    suite_list(s, &suite_key_hold_ns), "hold_ns") :
	    suite_unused_key(p, suite_list(s, &suite_key_hold_ns), "hold_ns",
			     "shape hold"))
		return -1;
	if (suite_list_has(shape, IOMMUBENCH_SHAPE_POOL) ?
	    suite_needs_key(p, shape, "shape", "pool",
			    suite_list(s, &suite_key_pool_depth),
			    "pool_depth") :
	    (suite_unused_key(p, suite_list(s, &suite_key_pool_depth),
			      "pool_depth", "shape pool") ||
	     suite_unused_key(p, suite_list(s, &suite_key_pool_order),
			      "pool_order", "shape pool")))
		return -1;
	return 0;
}

/* A default for each list key the suite did not give (line stays 0). */
static void set_defaults(struct suite *s)
{
	for (unsigned int i = 0; i < suite_key_count(); i++) {
		const struct suite_key *k = suite_key_at(i);
		struct suite_list *l = suite_list_mut(s, k);

		if (k->has_default && !l->line && !l->n)
			l->v[l->n++] = k->def;
	}
}

int suite_check(struct suite_parser *p)
{
	struct suite *s = p->s;

	p->line = 0;
	if (!p->name_line)
		return suite_fail(p, "missing required key 'name'");
	if (!suite_list(s, &suite_key_path)->line)
		return suite_fail(p, "missing required key 'path'");
	if (!suite_list(s, &suite_key_size)->line)
		return suite_fail(p, "missing required key 'size'");
	if (check_required(p, s))
		return -1;
	if (!s->ops && !s->duration_ns) {
		if (!p->ops_line && !p->duration_line)
			return suite_fail(p, "missing required key 'ops' or 'duration'");
		p->line = p->duration_line > p->ops_line ? p->duration_line :
							   p->ops_line;
		return suite_fail(p, "one of 'ops' and 'duration' must be non-zero");
	}
	if (check_unused(p, s) || check_shapes(p, s))
		return -1;
	set_defaults(s);
	for (size_t i = 0; i < path_count(); i++) {
		const struct path_desc *path = path_at(i);

		if (listed(s, i) && path->check && path->check(p, s))
			return -1;
	}
	if (!p->warmup_line)
		s->warmup = SUITE_DEFAULT_WARMUP;
	if (!p->timer_line)
		s->timer_period_ns = SUITE_DEFAULT_TIMER_US * 1000ULL;
	if (!p->repetitions_line)
		s->repetitions = SUITE_DEFAULT_REPETITIONS;
	return 0;
}
