// SPDX-License-Identifier: GPL-2.0
/* metricset: the compared and exported figures; see metricset.h. */
#include "metricset.h"

#include <string.h>

const struct metric_def metricset[] = {
	{ "time", "ns", "latency", false },
	{ "ops_per_s", "ops/s", "throughput", true },
	{ "map_p99_ns", "ns", "map-p99-ns", false },
	{ "unmap_p99_ns", "ns", "unmap-p99-ns", false },
	{ "op_p99_ns", "ns", "op-p99-ns", false },
	{ "inval_per_op", "inval/op", "inval-per-op", false },
	{ "inval_wait_max_ns", "ns", "inval-wait-max-ns", false },
	{ "inval_wait_per_op_ns", "ns", "inval-wait-per-op-ns", false },
	{ "timer_late_max_ns", "ns", "timer-late-max-ns", false },
	{ "timer_late_p99_ns", "ns", "timer-late-p99-ns", false },
	{ "fq_flush_max_ns", "ns", "fq-flush-max-ns", false },
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
	return false;
}
