/* SPDX-License-Identifier: GPL-2.0 */
/*
 * meta: a run's meta.json, everything needed to interpret and index the
 * run without opening its results: host, CPU model, kernel release and
 * command line, IOMMU driver, device, group type, hwloc topology,
 * platform, suite, the harness's git revision, the clock (wall or
 * icount with its shift) and the group of boots (group, round, rounds), start/end time, status
 * and how many benchmarks are complete. Rewritten (atomically) as the run
 * goes, so a run that dies says how far it got. results/README.md has the
 * schema ("iommubench-meta/1").
 */
#ifndef IOMMUBENCH_META_H
#define IOMMUBENCH_META_H

#include <time.h>

#include "cpus.h"
#include "host_info.h"
#include "iommubench.h"
#include "json.h"
#include "provenance.h"
#include "runtags.h"

#define META_FORMAT	"iommubench-meta/1"

/* What a run is doing or how it ended. */
enum meta_status {
	META_RUNNING,		/* in progress, or died without a word */
	META_COMPLETE,
	META_INTERRUPTED,	/* a signal stopped it; what ran is kept */
	META_FAILED,		/* it ended, but some benchmark failed */
	META_INCOMPLETE,	/* results missing: benchmarks_done are kept */
};

struct run_meta {
	const char *run_id;
	const char *suite;
	const char *suite_file;
	const char *platform;		/* "hardware" or the emulator */
	const char *command;		/* "run", "compat" */
	const struct provenance *pv;
	const struct iommubench_info *info;
	const struct cpu_choice *cc;
	const struct host_info *host;
	unsigned int repetitions;
	time_t start;
	time_t end;			/* 0 while running */
	enum meta_status status;
	unsigned int benchmarks_done;	/* benchmarks with every repetition */
	const struct runtags *tags;	/* NULL: runtags_get() */
};

const char *meta_status_name(enum meta_status s);

/* Append m as a JSON document to out. */
void meta_render(const struct run_meta *m, struct jbuf *out);

/* ,"clock" (+ "icount_shift"), "group", "round", "rounds" as set in t. */
void meta_render_tags(const struct runtags *t, struct jbuf *out);

/* ISO 8601 UTC, "2026-01-01T12:00:00Z". */
void meta_iso_time(time_t t, char *buf, size_t len);

#endif
