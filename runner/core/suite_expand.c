// SPDX-License-Identifier: GPL-2.0
/*
 * suite_expand: the matrix of a parsed suite. The core's dimensions (mode,
 * path, threads, shape with its parameters) here; each path's own through
 * its descriptor's expand hook; sizes innermost (suite_emit_sizes()).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "iommubench.h"
#include "path.h"
#include "suite_parser.h"

/* Growing array of points; fails past SUITE_MAX_POINTS. */
struct suite_gen {
	const struct suite *s;
	struct suite_parser *p;
	struct suite_point *pts;
	size_t n, cap;
};

int suite_uses_all_threads(const struct suite *s)
{
	const struct suite_list *l = suite_list(s, &suite_key_threads);

	return suite_list_has(l, SUITE_THREADS_ALL) ||
	       suite_list_has(l, SUITE_THREADS_SWEEP);
}

/* The concrete thread counts, in the suite's order, each once. */
static unsigned int resolve_threads(const struct suite *s,
				    unsigned int all, uint32_t *out)
{
	const struct suite_list *l = suite_list(s, &suite_key_threads);
	unsigned int n = 0;

	if (all < 1)
		all = 1;
	if (all > IOMMUBENCH_MAX_THREADS)
		all = IOMMUBENCH_MAX_THREADS;
	for (unsigned int i = 0; i < l->n; i++) {
		uint64_t v = l->v[i];
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

const struct suite *suite_gen_suite(const struct suite_gen *g)
{
	return g->s;
}

static int emit(struct suite_gen *g, const struct suite_point *pt)
{
	struct suite_point *out;

	if (g->n == SUITE_MAX_POINTS)
		return suite_fail(g->p, "the matrix has more than %d points",
				  SUITE_MAX_POINTS);
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct suite_point *n = realloc(g->pts, cap * sizeof(*n));

		if (!n)
			return suite_fail(g->p, "out of memory");
		g->pts = n;
		g->cap = cap;
	}
	out = &g->pts[g->n++];
	*out = *pt;
	pt->path->bench_name(g->s, out, out->name, sizeof(out->name));
	return 0;
}

int suite_emit_sizes(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite_list *size = suite_list(g->s, &suite_key_size);

	for (unsigned int i = 0; i < size->n; i++) {
		pt->size = size->v[i];
		if (emit(g, pt))
			return -1;
	}
	return 0;
}

/* One shape with each of its parameter combinations, then the path's keys. */
static int expand_shape(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite *s = g->s;
	const struct suite_list *depth = suite_list(s, &suite_key_pool_depth);
	const struct suite_list *order = suite_list(s, &suite_key_pool_order);
	const struct suite_list *hold = suite_list(s, &suite_key_hold_ns);
	unsigned int na = 1, nb = 1;

	if (pt->shape == IOMMUBENCH_SHAPE_POOL) {
		na = depth->n;
		nb = order->n;
	} else if (pt->shape == IOMMUBENCH_SHAPE_HOLD) {
		na = hold->n;
	}
	for (unsigned int a = 0; a < na; a++) {
		for (unsigned int b = 0; b < nb; b++) {
			pt->pool_depth = 0;
			pt->pool_order = 0;
			pt->hold_ns = 0;
			if (pt->shape == IOMMUBENCH_SHAPE_POOL) {
				pt->pool_depth = (uint32_t)depth->v[a];
				pt->pool_order = (uint32_t)order->v[b];
			} else if (pt->shape == IOMMUBENCH_SHAPE_HOLD) {
				pt->hold_ns = hold->v[a];
			}
			memset(pt->args, 0, sizeof(pt->args));
			if (pt->path->expand(g, pt))
				return -1;
		}
	}
	return 0;
}

int suite_expand(const struct suite *s, unsigned int all_threads,
		 struct suite_point **points, size_t *n, char *err,
		 size_t errlen)
{
	struct suite_parser p = { .file = s->file, .err = err,
				  .errlen = errlen };
	struct suite_gen g = { .s = s, .p = &p };
	const struct suite_list *mode = suite_list(s, &suite_key_mode);
	const struct suite_list *path = suite_list(s, &suite_key_path);
	const struct suite_list *shape = suite_list(s, &suite_key_shape);
	uint32_t threads[SUITE_MAX_VALUES * 10];
	unsigned int nthreads;

	for (size_t i = 0; i < path_count(); i++) {
		const struct path_desc *desc = path_at(i);

		if (desc->check_expand && suite_list_has(path, i) &&
		    desc->check_expand(&p, s))
			return -1;
	}
	nthreads = resolve_threads(s, all_threads, threads);
	for (unsigned int m = 0; m < mode->n; m++) {
		for (unsigned int pa = 0; pa < path->n; pa++) {
			const struct path_desc *desc = path_at(path->v[pa]);

			/* a path with its own domain ignores the group type:
			 * it runs once, unswitched */
			if (!desc->group_type && m)
				continue;
			for (unsigned int t = 0; t < nthreads; t++) {
				for (unsigned int sh = 0; sh < shape->n; sh++) {
					struct suite_point pt = {
						.path = desc,
						.mode = desc->group_type ?
							(uint32_t)mode->v[m] :
							SUITE_MODE_KEEP,
						.threads = threads[t],
						.shape = (uint32_t)shape->v[sh],
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
		return suite_fail(&p, "the matrix is empty");
	}
	*points = g.pts;
	*n = g.n;
	return 0;
}
