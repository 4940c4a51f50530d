/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suite: the `.suite` file format (docs/runner.md) and its expansion into
 * a matrix of benchmark points.
 *
 * A suite is `key value...` lines; `#` starts a comment. List keys expand
 * into the cross product; errors are reported as "FILE:LINE: message"
 * (or "FILE: message" for what no line can be blamed for, e.g. a missing
 * key).
 */
#ifndef IOMMUBENCH_SUITE_H
#define IOMMUBENCH_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include "iommubench.h"

#define SUITE_MAX_VALUES	64	/* per list key */
#define SUITE_MAX_POINTS	100000	/* whole matrix */
#define SUITE_MAX_KEYS		48	/* list keys: the core's and the paths' */
#define SUITE_NAME_MAX		64
#define SUITE_POINT_NAME_MAX	256
#define SUITE_POINT_ARGS_MAX	128	/* a path's arguments in a point */

/* Defaults of the optional keys. */
#define SUITE_DEFAULT_THREADS		1
#define SUITE_DEFAULT_WARMUP		16
/* Victim timer on every worker CPU, every run (issue: lockup exposure). */
#define SUITE_DEFAULT_TIMER_US		100
#define SUITE_DEFAULT_REPETITIONS	5
#define SUITE_MAX_REPETITIONS		1000
#define SUITE_MIN_SIZE			4096ULL
/* The module's limit on warmup_ops (docs/abi.md; not in the UAPI header). */
#define SUITE_MAX_WARMUP		IOMMUBENCH_MAX_WARMUP

/* `threads` values that depend on the machine, resolved by suite_expand(). */
#define SUITE_THREADS_ALL	(UINT64_MAX - 1)	/* the device-local CPUs */
#define SUITE_THREADS_SWEEP	UINT64_MAX		/* 1, 2, 4, ... all */

/* `mode`: the IOMMU group type a point runs under. */
enum suite_mode {
	SUITE_MODE_KEEP = 0,	/* whatever the group is (not switched) */
	SUITE_MODE_STRICT = 1,	/* group type DMA */
	SUITE_MODE_FQ = 2,	/* group type DMA-FQ */
};

struct path_desc;

/* One list-valued key: its values and the line it was given on (0 = not). */
struct suite_list {
	uint64_t v[SUITE_MAX_VALUES];
	unsigned int n;
	unsigned int line;
};

/*
 * A parsed suite. Its list keys (the core's and every path's, see
 * suite_key.h) are in lists[], indexed by suite_key_index(); suite_list()
 * finds one. `path` holds registry indexes (paths/registry.c).
 */
struct suite {
	char file[256];			/* as given, for messages */
	char name[SUITE_NAME_MAX];
	struct suite_list lists[SUITE_MAX_KEYS];
	uint64_t ops;			/* 0 = until duration */
	uint64_t duration_ns;		/* 0 = until ops */
	uint64_t warmup;
	uint64_t timer_period_ns;	/* victim timer; 0 = off */
	uint64_t run_flags;		/* IOMMUBENCH_RUN_*, e.g. count_driver_calls */
	unsigned int repetitions;
};

/*
 * One benchmark of the matrix: the request of one RUN ioctl (the common
 * fields; those that do not apply to the point's shape are 0, as the
 * module requires), the group type to run under, and the path's own
 * arguments, filled by its descriptor: its struct iommubench_*_args first,
 * then whatever else the path names points by.
 */
struct suite_point {
	char name[SUITE_POINT_NAME_MAX];
	const struct path_desc *path;
	uint32_t mode;			/* enum suite_mode */
	uint32_t threads;
	uint32_t shape;
	uint32_t pool_depth;		/* POOL */
	uint32_t pool_order;		/* POOL */
	uint64_t hold_ns;		/* HOLD */
	uint64_t size;
	uint64_t ops;
	uint64_t duration_ns;
	uint64_t warmup;
	uint64_t timer_period_ns;
	uint64_t run_flags;
	_Alignas(8) unsigned char args[SUITE_POINT_ARGS_MAX];
};

/* Parse a suite; 0 or -1 with a message in err. */
int suite_parse_file(const char *path, struct suite *s, char *err,
		     size_t errlen);
/* The same from memory; file names the text in messages. */
int suite_parse_text(const char *file, const char *text, struct suite *s,
		     char *err, size_t errlen);

/*
 * Expand into *points (malloc'ed, caller frees) in a fixed order: mode,
 * path, threads, shape (with its depth and order, or hold), then the
 * path's own keys (its descriptor's expand), and size innermost. Keys that
 * do not apply to a point's path or shape do not multiply it; paths with
 * their own domain run once, unswitched, whatever `mode` lists. all_threads is what `threads all` means
 * (the device-local CPUs, at least 1; capped at IOMMUBENCH_MAX_THREADS);
 * thread counts that coincide are run once. 0 or -1.
 */
int suite_expand(const struct suite *s, unsigned int all_threads,
		 struct suite_point **points, size_t *n, char *err,
		 size_t errlen);

/* Does the suite use `threads all` or `threads sweep`? */
int suite_uses_all_threads(const struct suite *s);

/* Names used in suites and benchmark names (the core's keys). */
const char *suite_path_name(const struct path_desc *path);
const char *suite_mode_name(uint32_t mode);		/* keep, strict, fq */
const char *suite_shape_name(uint32_t shape);		/* pair, hold, pool */
const char *suite_pool_order_name(uint32_t order);	/* fifo, random */
/* The group type a mode asks for ("DMA", "DMA-FQ"), NULL for keep. */
const char *suite_mode_group_type(uint32_t mode);

#endif
