// SPDX-License-Identifier: GPL-2.0
/*
 * A toy path, for the test that adding a path touches only its own files:
 * copied into runner/paths/ and registered with one line in
 * runner/paths/registry.c's PATHS list,
 *
 *	X(toy_path) \
 *
 * it is a whole path: suite keyword `toy`, ABI path number 99, its own
 * arguments and suite key (`spin_ns`), names, label, one counter of its
 * own and its `list --verbose` line, using only paths/path.h (and
 * metrics_add()). Not registered in the real registry.
 */
#include <stdio.h>

#include "metrics.h"
#include "path.h"

#define TOY_ABI_PATH	99
#define TOY_MAX_SPIN_NS	1000

/* The toy module path's arguments (a kmod toy would define these). */
struct toy_args {
	__u32 spin_ns;		/* busy time per op inside the module */
	__u32 pad;
};
PATH_ARGS_FIT(struct toy_args);

static const struct suite_key key_spin_ns =
	SUITE_U64_KEY("spin_ns", 0, TOY_MAX_SPIN_NS, .has_default = true,
		      .def = 0);

/* spin_ns, then sizes. */
static int expand(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite_list *spin =
		suite_list(suite_gen_suite(g), &key_spin_ns);

	for (unsigned int i = 0; i < spin->n; i++) {
		PATH_ARGS(pt, struct toy_args)->spin_ns = (__u32)spin->v[i];
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
	snprintf(buf, len, "toy%s/spin_ns:%u/size:%llu/threads:%u", shape,
		 PATH_CARGS(pt, struct toy_args)->spin_ns,
		 (unsigned long long)pt->size, pt->threads);
}

static void label(const struct iommubench_run_report *rep, char *buf,
		  size_t len)
{
	(void)rep;
	snprintf(buf, len, "toy:true ");
}

static const char *const counters[] = { "toy_map_calls", NULL };

static void metrics(const struct path_run *run, struct metrics *m)
{
	metrics_add(m, "toy_map_calls", PATH_REPORT_HAS(run->rep, map_calls) ?
		    (double)run->rep->map_calls : -1.0);
}

static void describe(const struct suite_point *pt, char *buf, size_t len)
{
	char common[128];

	suite_describe_common(pt, common, sizeof(common));
	snprintf(buf, len, "%s spin_ns=%u", common,
		 PATH_CARGS(pt, struct toy_args)->spin_ns);
}

static const struct suite_key *const keys[] = { &key_spin_ns, NULL };

const struct ib_path toy_path = {
	.name = "toy",
	.summary = "a toy path for tests (ABI path 99)",
	.abi_path = TOY_ABI_PATH,
	.args_size = sizeof(struct toy_args),
	.keys = keys,
	.note = "toy points measure nothing",
	.expand = expand,
	.bench_name = bench_name,
	.label = label,
	.counters = counters,
	.metrics = metrics,
	.describe = describe,
};
