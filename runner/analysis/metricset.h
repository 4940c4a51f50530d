/* SPDX-License-Identifier: GPL-2.0 */
/*
 * metricset: the figures `compare` and `export` look at, with their unit,
 * direction and Bencher measure slug (docs/compare.md). "time" is Google
 * Benchmark's real_time (ns per op); the rest are counters (runner.md).
 */
#ifndef IOMMUBENCH_METRICSET_H
#define IOMMUBENCH_METRICSET_H

#include <stdbool.h>
#include <stddef.h>

struct metric_def {
	const char *name;	/* "time" or a counter's name */
	const char *unit;	/* "ns", "ops/s", "inval/op", "fraction" */
	const char *slug;	/* Bencher Metric Format measure */
	bool higher_better;	/* ops_per_s; every other one: lower */
	bool binned;		/* a histogram percentile or maximum: it moves by buckets */
};

extern const struct metric_def metricset[];
extern const size_t metricset_n;

/*
 * The definition of name: from the table, else a made-up one for any other
 * counter (unit "ns" when the name ends in "_ns", else ""; slug NULL;
 * higher is better when it ends in "_per_s"; binned when it ends in "_max_ns"
 * or "_p<digits>_ns"). Returns true when in the table.
 */
bool metricset_get(const char *name, struct metric_def *def);

#endif
