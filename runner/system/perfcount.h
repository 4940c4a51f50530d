/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perfcount: hardware and software counters (libperf, the kernel's
 * tools/lib/perf, linked statically) around one RUN ioctl, counted per CPU
 * (pid -1) on the CPUs of that repetition's workers, kernel mode only.
 *
 * Events: cycles, instructions, dTLB load misses (PERF_TYPE_HW_CACHE, dTLB
 * read miss) and the software event cpu-clock, which always works. An event
 * the machine cannot count (no PMU: ENOENT/EOPNOTSUPP; perf_event_paranoid:
 * EACCES) is reported as -1, never as a failure. docs/runner.md gives the
 * exact definitions.
 */
#ifndef IOMMUBENCH_PERFCOUNT_H
#define IOMMUBENCH_PERFCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "metrics.h"

struct perf_cpu_map;
struct perf_evlist;
struct perf_evsel;
struct perf_thread_map;

enum perfcount_event {
	PERFCOUNT_CYCLES,
	PERFCOUNT_INSTRUCTIONS,
	PERFCOUNT_DTLB_MISSES,
	PERFCOUNT_CPU_CLOCK,
	PERFCOUNT_NR,
};

/* What perfcount_stop() read for one interval. */
struct perfcount_values {
	bool counted[PERFCOUNT_NR];	/* false: unsupported or not read */
	double value[PERFCOUNT_NR];	/* summed over CPUs, scaled; -1 if not */
	bool scaled;			/* an event was multiplexed (ena > run) */
};

struct perfcount {
	struct perf_evlist *evlist;	/* the events open right now */
	struct perf_cpu_map *cpus;
	struct perf_thread_map *threads;
	struct perf_evsel *evsel[PERFCOUNT_NR]; /* NULL: not open */
	int err[PERFCOUNT_NR];		/* last open's -errno, 0 if it opened */
	bool probed;
	int probe_err[PERFCOUNT_NR];	/* perfcount_probe()'s results */
};

/* "cycles", "instructions", "dTLB-load-misses", "cpu-clock". */
const char *perfcount_event_name(enum perfcount_event ev);

/* Zeroed, nothing open. */
void perfcount_init(struct perfcount *pc);

/*
 * Open every event (disabled) on cpus[0..n-1] (duplicates counted once),
 * then enable those that opened, as the last thing before the caller's
 * measured interval. Returns how many events are counting (0 is not an
 * error: everything then reads as -1). pc->err[] says why others did not
 * open.
 */
int perfcount_start(struct perfcount *pc, const uint32_t *cpus, size_t n);

/* Disable, read, scale (enabled/running), close. out gets every event. */
void perfcount_stop(struct perfcount *pc, struct perfcount_values *out);

/*
 * Which events open on these CPUs (a start/stop with nothing between);
 * remembered in pc->probe_err[]. Returns how many opened.
 */
int perfcount_probe(struct perfcount *pc, const uint32_t *cpus, size_t n);

/*
 * After perfcount_probe(): the counted events ("cpu-clock") and the others
 * ("cycles,instructions,dTLB-load-misses"; "" when all count), each
 * comma-separated; why: "cycles: Operation not supported (EOPNOTSUPP), ...".
 */
void perfcount_describe(const struct perfcount *pc, char *events,
			size_t elen, char *unsupported, size_t ulen, char *why,
			size_t wlen);

/*
 * The per-op user counters: cycles_per_op, instructions_per_op,
 * dtlb_misses_per_op, cpu_clock_ns_per_op (value / ops, -1 for an event
 * not counted) and perf_scaled (1 multiplexed, 0 not, -1 nothing counted).
 */
void perfcount_metrics(const struct perfcount_values *v, uint64_t ops,
		       struct metrics *m);

#endif
