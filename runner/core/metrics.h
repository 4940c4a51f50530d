/* SPDX-License-Identifier: GPL-2.0 */
/*
 * metrics: turn one RUN ioctl's results into the reported numbers (manual
 * time and user counters). Pure arithmetic, no I/O; docs/runner.md gives
 * every definition.
 */
#ifndef IOMMUBENCH_METRICS_H
#define IOMMUBENCH_METRICS_H

#include <stdint.h>

#include "iommubench.h"

#define METRICS_MAX	64

struct metric {
	const char *name;
	double value;
};

struct metrics {
	double seconds_per_op;	/* (map_ns + unmap_ns) / ops_done, in s */
	unsigned int n;
	struct metric m[METRICS_MAX];
};

struct path_run;

/*
 * From one RUN (paths/path.h: the point, its request, the report, and
 * IOMMUBENCH_HIST_NR histograms of IOMMUBENCH_HIST_BUCKETS each as the
 * kernel returns them): the common counters, then every registered path's
 * own (this point's path computes them, the others' are -1).
 * workers/cpus: req->nr_threads entries (cpus = the CPUs asked for).
 * Returns 0, or -EINVAL if no timed op completed.
 */
int metrics_compute(const struct path_run *run,
		    const struct iommubench_worker_result *workers,
		    const uint32_t *cpus, struct metrics *out);

/* Append a metric (name: a string that outlives m); ignored when full. */
void metrics_add(struct metrics *m, const char *name, double value);

/* Value of a named metric, or the fallback if absent. */
double metrics_get(const struct metrics *m, const char *name,
		   double fallback);

/* "none", "identity", "DMA", "DMA-FQ", "paging", "other". */
const char *metrics_domain_type_name(uint32_t type);

#endif
