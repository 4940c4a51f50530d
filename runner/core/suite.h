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
#define SUITE_NAME_MAX		64
#define SUITE_POINT_NAME_MAX	256

/* Defaults of the optional keys. */
#define SUITE_DEFAULT_THREADS		1
#define SUITE_DEFAULT_BATCH		256
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

/* `sim` path defaults (docs/runner.md). */
#define SUITE_SIM_DEFAULT_PGSIZE	0x1000ULL	/* advertised bitmap */
#define SUITE_SIM_DEFAULT_HW		0x1000ULL	/* what it can write */
#define SUITE_SIM_DEFAULT_SERVICE_NS	1000ULL
/* `pgsize all4k`: "every size >= 4 KiB", the pre-fix s390 bitmap (sim). */
#define SUITE_PGSIZE_ALL4K		0xfffffffffffff000ULL
#define SUITE_SIM_MAX_FAULT_MS		10000ULL
#define SUITE_SIM_MAX_DEADLINE_MS	2000ULL
/* Deadlines of the bounded presets. */
#define SUITE_SIM_AMD_DEADLINE_NS	(100ULL * 1000000ULL)
#define SUITE_SIM_SMMUV3_DEADLINE_NS	(1000ULL * 1000000ULL)

/*
 * `policy` as the suite names it: the kernel's three policies, and presets
 * modelled on real drivers (which map onto them, with a deadline for the
 * bounded ones).
 */
enum suite_policy {
	SUITE_POLICY_UNBOUNDED = 1,
	SUITE_POLICY_UNBOUNDED_GONE = 2,
	SUITE_POLICY_BOUNDED = 3,	/* needs deadline_ms */
	SUITE_POLICY_VTD_6_1 = 4,	/* = unbounded */
	SUITE_POLICY_VTD_6_9 = 5,	/* = unbounded-gone */
	SUITE_POLICY_AMD = 6,		/* = bounded, 100 ms */
	SUITE_POLICY_SMMUV3 = 7,	/* = bounded, 1 s */
};

/* `mode`: the IOMMU group type a point runs under. */
enum suite_mode {
	SUITE_MODE_KEEP = 0,	/* whatever the group is (not switched) */
	SUITE_MODE_STRICT = 1,	/* group type DMA */
	SUITE_MODE_FQ = 2,	/* group type DMA-FQ */
};

/* One list-valued key: its values and the line it was given on (0 = not). */
struct suite_list {
	uint64_t v[SUITE_MAX_VALUES];
	unsigned int n;
	unsigned int line;
};

struct suite {
	char file[256];			/* as given, for messages */
	char name[SUITE_NAME_MAX];
	struct suite_list path;		/* enum iommubench_path */
	struct suite_list mode;		/* enum suite_mode */
	struct suite_list shape;	/* enum iommubench_shape */
	struct suite_list hold_ns;	/* HOLD */
	struct suite_list pool_depth;	/* POOL */
	struct suite_list pool_order;	/* POOL: enum iommubench_pool_order */
	/* `iommu` and `sim` paths */
	struct suite_list map;		/* enum iommubench_map_mode */
	struct suite_list unmap;	/* enum iommubench_unmap_mode */
	struct suite_list pgsize;	/* mask; 0 = hardware bitmap (iommu) */
	struct suite_list batch;
	/* `sim` path */
	struct suite_list entry;	/* enum iommubench_sim_entry */
	struct suite_list sim_hw;	/* mask the simulated hardware writes */
	struct suite_list service_ns;
	struct suite_list fault;	/* enum iommubench_sim_fault */
	struct suite_list fault_ms;	/* SIM_FAULT_STALL */
	struct suite_list fault_ppm;	/* SIM_FAULT_TIMEOUT */
	struct suite_list policy;	/* enum suite_policy */
	struct suite_list deadline_ms;	/* SUITE_POLICY_BOUNDED */
	/* `dma` path */
	struct suite_list api;		/* enum iommubench_dma_api */
	struct suite_list sg_entries;	/* DMA_SG */
	struct suite_list dir;		/* enum iommubench_dma_dir */
	struct suite_list dma_bits;	/* 0 = keep the device's mask */
	/* both */
	struct suite_list size;		/* bytes */
	struct suite_list threads;	/* 1..256, SUITE_THREADS_ALL/_SWEEP */
	uint64_t ops;			/* 0 = until duration */
	uint64_t duration_ns;		/* 0 = until ops */
	uint64_t warmup;
	uint64_t timer_period_ns;	/* victim timer; 0 = off */
	uint64_t run_flags;		/* IOMMUBENCH_RUN_*, e.g. count_driver_calls */
	unsigned int repetitions;
};

/*
 * One benchmark of the matrix: the parameters of one RUN ioctl, plus the
 * group type to run under. Fields that do not apply to the point's path
 * or shape are 0 (what the module requires for them).
 */
struct suite_point {
	char name[SUITE_POINT_NAME_MAX];
	uint32_t path;
	uint32_t mode;			/* enum suite_mode */
	uint32_t map_mode;		/* iommu, sim */
	uint32_t unmap_mode;		/* iommu, sim */
	uint32_t threads;
	uint32_t batch;			/* iommu, sim; dma: the default */
	uint32_t shape;
	uint32_t pool_depth;		/* POOL */
	uint32_t pool_order;		/* POOL */
	uint32_t dma_api;		/* dma */
	uint32_t dma_dir;		/* dma */
	uint32_t dma_bits;		/* dma; 0 = keep */
	uint32_t sg_nents;		/* dma, DMA_SG */
	uint64_t hold_ns;		/* HOLD */
	uint64_t pgsize;		/* iommu; sim: the advertised bitmap */
	/* sim */
	uint32_t sim_entry;		/* enum iommubench_sim_entry */
	uint32_t sim_fault;		/* enum iommubench_sim_fault */
	uint32_t policy;		/* enum suite_policy, for the name */
	uint32_t sim_policy;		/* enum iommubench_sim_policy */
	uint32_t sim_fault_ppm;		/* FAULT_TIMEOUT */
	uint64_t sim_hw_pgsize;
	uint64_t sim_service_ns;
	uint64_t sim_fault_ns;		/* FAULT_STALL */
	uint64_t sim_deadline_ns;	/* SIM_BOUNDED */
	uint64_t size;
	uint64_t ops;
	uint64_t duration_ns;
	uint64_t warmup;
	uint64_t timer_period_ns;
	uint64_t run_flags;
};

/* Parse a suite; 0 or -1 with a message in err. */
int suite_parse_file(const char *path, struct suite *s, char *err,
		     size_t errlen);
/* The same from memory; file names the text in messages. */
int suite_parse_text(const char *file, const char *text, struct suite *s,
		     char *err, size_t errlen);

/*
 * Expand into *points (malloc'ed, caller frees) in a fixed order: mode,
 * path, threads, shape (with its depth and order, or hold), then for
 * iommu pgsize, map, unmap, batch, for dma api (with sg entries), dir,
 * dma_bits, for sim entry, fault (with fault_ms or fault_ppm), policy
 * (with deadline_ms), map, unmap, pgsize, sim_hw, service_ns, batch, and
 * size innermost. Keys that do not apply to a point's path
 * or shape do not multiply it. all_threads is what `threads all` means
 * (the device-local CPUs, at least 1; capped at IOMMUBENCH_MAX_THREADS);
 * thread counts that coincide are run once. 0 or -1.
 */
int suite_expand(const struct suite *s, unsigned int all_threads,
		 struct suite_point **points, size_t *n, char *err,
		 size_t errlen);

/* Does the suite use `threads all` or `threads sweep`? */
int suite_uses_all_threads(const struct suite *s);

/* Names used in suites and benchmark names ("range", "strict", ...). */
const char *suite_path_name(uint32_t path);
const char *suite_map_name(uint32_t mode);
const char *suite_unmap_name(uint32_t mode);
const char *suite_mode_name(uint32_t mode);		/* keep, strict, fq */
const char *suite_shape_name(uint32_t shape);		/* pair, hold, pool */
const char *suite_pool_order_name(uint32_t order);	/* fifo, random */
const char *suite_api_name(uint32_t api);		/* page, sg */
const char *suite_dir_name(uint32_t dir);	/* bidi, to-device, from-device */
const char *suite_entry_name(uint32_t entry);		/* map_pages, map */
const char *suite_fault_name(uint32_t fault);	/* none, stall, ... gone */
const char *suite_policy_name(uint32_t policy);	/* enum suite_policy */
/* The group type a mode asks for ("DMA", "DMA-FQ"), NULL for keep. */
const char *suite_mode_group_type(uint32_t mode);
/* "hw", "all4k" or lowercase hex ("0x1000"). */
void suite_pgsize_name(uint64_t pgsize, char *buf, size_t len);

#endif
