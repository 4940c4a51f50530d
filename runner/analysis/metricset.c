// SPDX-License-Identifier: GPL-2.0
/* metricset: the compared and exported figures; see metricset.h. */
#include "metricset.h"

#include <ctype.h>
#include <string.h>

/* Ends in "_max_ns" or "_p<digits>_ns": a figure read off a histogram. */
static bool binned_name(const char *name, size_t n)
{
	size_t i;

	if (n > 7 && !strcmp(name + n - 7, "_max_ns"))
		return true;
	if (n < 6 || strcmp(name + n - 3, "_ns"))
		return false;
	for (i = n - 3; i > 0 && isdigit((unsigned char)name[i - 1]); i--)
		;
	return i < n - 3 && i >= 2 && name[i - 1] == 'p' && name[i - 2] == '_';
}

const struct metric_def metricset[] = {
	{ "time", "ns", "latency", false, false },
	{ "ops_per_s", "ops/s", "throughput", true, false },
	{ "map_p99_ns", "ns", "map-p99-ns", false, true },
	{ "unmap_p99_ns", "ns", "unmap-p99-ns", false, true },
	{ "op_p99_ns", "ns", "op-p99-ns", false, true },
	{ "inval_per_op", "inval/op", "inval-per-op", false, false },
	{ "inval_wait_max_ns", "ns", "inval-wait-max-ns", false, true },
	{ "inval_wait_per_op_ns", "ns", "inval-wait-per-op-ns", false, false },
	{ "timer_late_max_ns", "ns", "timer-late-max-ns", false, true },
	{ "timer_late_p99_ns", "ns", "timer-late-p99-ns", false, true },
	{ "fq_flush_max_ns", "ns", "fq-flush-max-ns", false, true },
};
const size_t metricset_n = sizeof(metricset) / sizeof(metricset[0]);

bool metricset_get(const char *name, struct metric_def *def)
{
	static const char per_s[] = "_per_s";
	size_t n = strlen(name);

	for (size_t i = 0; i < metricset_n; i++) {
		if (!strcmp(metricset[i].name, name)) {
			*def = metricset[i];
			return true;
		}
	}
	/* Any other counter: throughputs end in _per_s (runner.md). */
	def->name = name;
	def->unit = n > 3 && !strcmp(name + n - 3, "_ns") ? "ns" : "";
	def->slug = NULL;
	def->higher_better = n >= sizeof(per_s) - 1 &&
			     !strcmp(name + n - (sizeof(per_s) - 1), per_s);
	def->binned = binned_name(name, n);
	return false;
}
