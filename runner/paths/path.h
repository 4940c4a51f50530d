/* SPDX-License-Identifier: GPL-2.0 */
/*
 * path: what the runner knows about one workload path of the module, as one
 * table per path (fio's struct ioengine_ops). The core never asks which
 * path a point is on: it calls through the point's descriptor.
 *
 * A path is one file in runner/paths/ that defines one `const struct
 * ib_path` and one line in registry.c's table. It owns:
 *  - its suite keyword (`name`) and the first part of its benchmark names;
 *  - the ABI path number and the size of its struct iommubench_*_args;
 *  - the suite keys it reads (`keys`: parsed by the generic parser from
 *    their struct suite_key), checked by `check` once the suite is read;
 *  - its part of the matrix (`expand`): it fills its ABI arguments into
 *    suite_point.args and emits the sizes with suite_emit_sizes();
 *  - how it names a benchmark, labels a result, and the counters it
 *    reports (every other path reports them as -1);
 *  - its line in `iommubench list --verbose` and `iommubench list --paths`.
 */
#ifndef IOMMUBENCH_PATHS_PATH_H
#define IOMMUBENCH_PATHS_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iommubench.h"
#include "suite.h"
#include "suite_key.h"

struct metrics;

/* One finished RUN, as the path's metrics hook sees it. */
struct path_run {
	const struct suite_point *pt;
	const struct iommubench_run_req *req;
	const struct iommubench_run_report *rep;	/* rep->size checked */
	const uint64_t *hists;		/* HIST_NR * HIST_BUCKETS */
};

/* Histogram @id of a run, or NULL when the module did not write it. */
static inline const uint64_t *path_run_hist(const struct path_run *run,
					    unsigned int id)
{
	if (id >= IOMMUBENCH_HIST_NR || id >= run->rep->hist_written)
		return NULL;
	return run->hists + (size_t)id * IOMMUBENCH_HIST_BUCKETS;
}

/* A report field the module wrote (report.size covers it). */
#define PATH_REPORT_HAS(rep, field) \
	((rep)->size >= offsetof(struct iommubench_run_report, field) + \
			sizeof((rep)->field))

struct path_desc {
	const char *name;		/* suite keyword: "iommu" */
	const char *summary;		/* one line for `list --paths` */
	uint32_t abi_path;		/* enum iommubench_path */
	uint32_t args_size;		/* sizeof(struct iommubench_*_args) */
	/*
	 * Maps on the device's default domain: `mode` (the group type)
	 * multiplies its points and the kernel's domain_type is checked
	 * against it. Else the path has its own domain and runs once,
	 * unswitched.
	 */
	bool group_type;
	/* Suite keys it reads, NULL-terminated (shared ones by pointer). */
	const struct suite_key *const *keys;
	/* Said once after a run that had its points ("NOTE: ..."), or NULL. */
	const char *note;

	/* The suite's values for its keys make sense together; 0 or -1. */
	int (*check)(struct suite_parser *p, const struct suite *s);
	/*
	 * The same, but what suite_expand() checks (after `list` and `run`
	 * have checked their options): the sizes against the page sizes.
	 */
	int (*check_expand)(struct suite_parser *p, const struct suite *s);
	/*
	 * Its dimensions of the matrix for a point whose common fields are
	 * set: fill pt->args, call suite_emit_sizes() for each combination.
	 */
	int (*expand)(struct suite_gen *g, struct suite_point *pt);
	/* The benchmark's name. */
	void (*bench_name)(const struct suite *s, const struct suite_point *pt,
			   char *buf, size_t len);
	/* Start of a measured repetition's label ("eff_pgsize:0x1000 "). */
	void (*label)(const struct iommubench_run_report *rep, char *buf,
		      size_t len);
	/* Its own counters, NULL-terminated, in the order metrics adds them. */
	const char *const *counters;
	void (*metrics)(const struct path_run *run, struct metrics *m);
	/* `list --verbose`: what follows the name ("batch=256 ops=..."). */
	void (*describe)(const struct suite_point *pt, char *buf, size_t len);
};

/* The args of a point, as the path's own struct. */
#define PATH_ARGS(pt, type) ((type *)(void *)(pt)->args)
#define PATH_CARGS(pt, type) ((const type *)(const void *)(pt)->args)
/* A path's private point data must fit suite_point.args. */
#define PATH_ARGS_FIT(type) \
	_Static_assert(sizeof(type) <= SUITE_POINT_ARGS_MAX, \
		       #type " does not fit suite_point.args")

/* registry.c: the paths, in the order they are listed. */
size_t path_count(void);
const struct path_desc *path_at(size_t i);
/* By suite keyword; NULL if none. */
const struct path_desc *path_find(const char *name);
/* Index in the registry, or -1. */
int path_index(const struct path_desc *p);

#endif
