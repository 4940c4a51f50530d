/* SPDX-License-Identifier: GPL-2.0 */
/*
 * host_info: facts about the machine a run ran on that the kernel's
 * provenance does not give: host name, CPU model, CPU count, memory and
 * a one-line hwloc topology summary. For meta.json.
 */
#ifndef IOMMUBENCH_HOST_INFO_H
#define IOMMUBENCH_HOST_INFO_H

struct host_info {
	char hostname[256];
	char cpu_model[256];	/* "unknown" if /proc/cpuinfo says nothing */
	long cpus_online;
	long long mem_bytes;	/* -1 if unknown */
	char topology[256];	/* "1 Package, 1 NUMANode, 2 Core, 2 PU" */
};

/* Fill h; procfs is "/proc" except in tests. Never fails (unknowns). */
void host_info_collect(struct host_info *h, const char *procfs);

/*
 * The CPU model from /proc/cpuinfo text: "model name" (x86), else
 * "CPU part"-style fields are not names, so s390's "machine" type from
 * "processor 0: ... machine = 8561", else "unknown".
 */
void host_info_cpu_model(const char *cpuinfo, char *buf, unsigned int len);

#endif
