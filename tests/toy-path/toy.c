// SPDX-License-Identifier: GPL-2.0
/*
 * The runner half of the toy path (the kernel half is ib_toy.c): for the
 * test that adding a path touches only its own files. Copied into
 * runner/paths/ with ib_toy.h and registered with one line in
 * runner/paths/registry.c's PATHS list,
 *
 *	X(toy_path) \
 *
 * it is a whole path: suite keyword `toy`, IOMMUBENCH_PATH_TOY (99) with
 * struct iommubench_toy_args, its own suite key (`fail_after`), names,
 * label, one counter of its own and its `list --verbose` line, using only
 * paths/path.h (and metrics_add()). Not registered in the real registry.
 */
#include <stdio.h>

#include "ib_toy.h"
#include "metrics.h"
#include "path.h"

PATH_ARGS_FIT(struct iommubench_toy_args);

/* 0, or the map call (warm-up included) at which each worker fails */
static const struct suite_key key_fail_after =
	SUITE_U64_KEY("fail_after", 0, UINT32_MAX, .has_default = true,
		      .def = 0);

/* fail_after, then sizes. */
static int expand(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite_list *fail =
		suite_list(suite_gen_suite(g), &key_fail_after);

	for (unsigned int i = 0; i < fail->n; i++) {
		PATH_ARGS(pt, struct iommubench_toy_args)->fail_after =
			(__u32)fail->v[i];
		if (suite_emit_sizes(g, pt))
			return -1;
	}
	return 0;
}

static void bench_name(const struct suite *s, const struct suite_point *pt,
		       char *buf, size_t len)
{
	char shape[96] = "";

	(void)s;
	if (pt->shape != IOMMUBENCH_SHAPE_PAIR)
		suite_shape_part(pt, shape, sizeof(shape));
	snprintf(buf, len, "toy%s/fail_after:%u/size:%llu/threads:%u", shape,
		 PATH_CARGS(pt, struct iommubench_toy_args)->fail_after,
		 (unsigned long long)pt->size, pt->threads);
}

static void label(const struct iommubench_run_report *rep, char *buf,
		  size_t len)
{
	(void)rep;
	snprintf(buf, len, "toy:true ");
}

static const char *const counters[] = { "toy_unmaps_per_op", NULL };

/* ib_toy.c counts its timed unmaps as inval_count (exact: 1 per op). */
static void metrics(const struct path_run *run, struct metrics *m)
{
	const struct iommubench_run_report *r = run->rep;

	metrics_add(m, "toy_unmaps_per_op",
		    (r->result_flags & IOMMUBENCH_RES_INVAL_AVAILABLE) &&
		    PATH_REPORT_HAS(r, inval_count) ?
		    (double)r->inval_count / (double)r->ops_done : -1.0);
}

static void describe(const struct suite_point *pt, char *buf, size_t len)
{
	char common[128];

	suite_describe_common(pt, common, sizeof(common));
	snprintf(buf, len, "%s fail_after=%u", common,
		 PATH_CARGS(pt, struct iommubench_toy_args)->fail_after);
}

static const struct suite_key *const keys[] = { &key_fail_after, NULL };

const struct path_desc toy_path = {
	.name = "toy",
	.summary = "a toy path for tests: map and unmap only count",
	.abi_path = IOMMUBENCH_PATH_TOY,
	.args_size = sizeof(struct iommubench_toy_args),
	.keys = keys,
	.note = "toy points measure nothing",
	.expand = expand,
	.bench_name = bench_name,
	.label = label,
	.counters = counters,
	.metrics = metrics,
	.describe = describe,
};
