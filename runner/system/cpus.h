/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpus: which CPUs the kernel workers are pinned to. Worker i of a point
 * with t threads runs on cpus[i], i < t.
 *
 * Default: the device-local CPUs hwloc reports (the cpuset of the PCI
 * device's first non-I/O ancestor, ascending OS index), followed by the
 * other online CPUs for points with more threads than local CPUs. If hwloc
 * does not know the device (common in VMs), all online CPUs and locality
 * "unknown". --cpus overrides both (locality "user").
 */
#ifndef IOMMUBENCH_CPUS_H
#define IOMMUBENCH_CPUS_H

#include <stddef.h>
#include <stdint.h>

#include "cpulist.h"

#define CPUS_MAX	(CPULIST_MAX_CPU + 1)

struct cpu_choice {
	uint32_t cpus[CPUS_MAX];
	size_t n;
	size_t n_local;		/* how many of cpus[] are device-local */
	char locality[64];	/* "Package#0", "Machine#0", "unknown", "user" */
};

/* Online CPUs from <sysfs>/devices/system/cpu/online. 0 or -errno. */
int cpus_online(const char *sysfs, uint32_t *cpus, size_t max, size_t *n);

/*
 * Fill c for device bdf, or from user_list (may be NULL). Returns 0, or -1
 * with a message in err (a bad or offline --cpus list: a usage error).
 */
int cpus_choose(const char *sysfs, const char *bdf, const char *user_list,
		struct cpu_choice *c, char *err, size_t errlen);

/*
 * The online CPUs of NUMA node `node` (hwloc; sysfs node<N>/cpulist if
 * hwloc does not know it), locality "NUMANode#<node>", no spill-over.
 * 0, or -1 with a message (no such node, or none of its CPUs online).
 */
int cpus_choose_node(const char *sysfs, int node, struct cpu_choice *c,
		     char *err, size_t errlen);

/*
 * What `threads all` means: the device-local CPUs, or every CPU of the
 * list when locality is unknown (then n_local is 0) or the user gave it.
 */
size_t cpus_all_count(const struct cpu_choice *c);

#endif
