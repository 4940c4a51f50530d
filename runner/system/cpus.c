// SPDX-License-Identifier: GPL-2.0
/* cpus: device-local CPU selection with hwloc; see cpus.h. */
#include "cpus.h"

#include <errno.h>
#include <hwloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"

int cpus_online(const char *sysfs, uint32_t *cpus, size_t max, size_t *n)
{
	char path[512], buf[4096];
	int err;

	err = fs_path(path, sizeof(path), "%s/devices/system/cpu/online", sysfs);
	if (!err)
		err = fs_read_str(path, buf, sizeof(buf));
	if (!err)
		return cpulist_parse(buf, cpus, max, n);
	/* No sysfs: assume CPUs 0..N-1. */
	long nr = sysconf(_SC_NPROCESSORS_ONLN);

	if (nr < 1)
		return err;
	*n = 0;
	for (long i = 0; i < nr && (size_t)i < max; i++)
		cpus[(*n)++] = (uint32_t)i;
	return 0;
}

static bool contains(const uint32_t *cpus, size_t n, uint32_t cpu)
{
	for (size_t i = 0; i < n; i++)
		if (cpus[i] == cpu)
			return true;
	return false;
}

/*
 * Device-local online CPUs into c->cpus; false if hwloc does not know
 * the device. The topology includes CPUs our own cgroup may not use: the
 * workers are kernel threads, not bound by it.
 */
static bool hwloc_local(const char *bdf, const uint32_t *online,
			size_t n_online, struct cpu_choice *c)
{
	unsigned int dom, bus, dev, fn;
	hwloc_topology_t topo;
	hwloc_obj_t pci, anc;
	bool found = false;
	int pu;

	if (!bdf || sscanf(bdf, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
		return false;
	if (hwloc_topology_init(&topo))
		return false;
	hwloc_topology_set_flags(topo, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
	hwloc_topology_set_io_types_filter(topo,
					   HWLOC_TYPE_FILTER_KEEP_IMPORTANT);
	if (hwloc_topology_load(topo))
		goto out;
	pci = hwloc_get_pcidev_by_busid(topo, dom, bus, dev, fn);
	anc = pci ? hwloc_get_non_io_ancestor_obj(topo, pci) : NULL;
	if (!anc || !anc->cpuset)
		goto out;
	hwloc_bitmap_foreach_begin(pu, anc->cpuset) {
		if (contains(online, n_online, (uint32_t)pu) &&
		    c->n < CPUS_MAX)
			c->cpus[c->n++] = (uint32_t)pu;
	} hwloc_bitmap_foreach_end();
	if (c->n) {
		snprintf(c->locality, sizeof(c->locality), "%s#%u",
			 hwloc_obj_type_string(anc->type), anc->logical_index);
		found = true;
	}
out:
	hwloc_topology_destroy(topo);
	return found;
}

/* The online CPUs, or -1 with a message. */
static int read_online(const char *sysfs, uint32_t *online, size_t *n,
		       char *err, size_t errlen)
{
	int e = cpus_online(sysfs, online, CPUS_MAX, n);

	if (e)
		snprintf(err, errlen, "cannot read the online CPUs: %s",
			 strerror(-e));
	return e ? -1 : 0;
}

int cpus_choose(const char *sysfs, const char *bdf, const char *user_list,
		struct cpu_choice *c, char *err, size_t errlen)
{
	static uint32_t online[CPUS_MAX];
	size_t n_online = 0;
	int e;

	memset(c, 0, sizeof(*c));
	if (read_online(sysfs, online, &n_online, err, errlen))
		return -1;
	if (user_list) {
		e = cpulist_parse(user_list, c->cpus, CPUS_MAX, &c->n);
		if (e) {
			snprintf(err, errlen,
				 "bad --cpus '%s' (expected a list like 0,2-3 without repeats)",
				 user_list);
			return -1;
		}
		for (size_t i = 0; i < c->n; i++) {
			if (!contains(online, n_online, c->cpus[i])) {
				snprintf(err, errlen,
					 "--cpus: CPU %u is not online",
					 c->cpus[i]);
				return -1;
			}
		}
		c->n_local = c->n;
		snprintf(c->locality, sizeof(c->locality), "user");
		return 0;
	}
	if (!hwloc_local(bdf, online, n_online, c)) {
		c->n = 0;
		snprintf(c->locality, sizeof(c->locality), "unknown");
	}
	c->n_local = c->n;
	/* Spill-over for points with more threads than local CPUs. */
	for (size_t i = 0; i < n_online && c->n < CPUS_MAX; i++)
		if (!contains(c->cpus, c->n, online[i]))
			c->cpus[c->n++] = online[i];
	return 0;
}

size_t cpus_all_count(const struct cpu_choice *c)
{
	return c->n_local ? c->n_local : c->n;
}

/* Online CPUs of NUMA node `node` from hwloc, else from sysfs. */
static bool node_cpus(const char *sysfs, int node, const uint32_t *online,
		      size_t n_online, struct cpu_choice *c)
{
	hwloc_topology_t topo;
	hwloc_obj_t obj;
	char path[512], buf[4096];
	static uint32_t list[CPUS_MAX];
	size_t n = 0;
	int pu;

	if (!hwloc_topology_init(&topo)) {
		hwloc_topology_set_flags(topo,
					 HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
		if (!hwloc_topology_load(topo)) {
			obj = hwloc_get_numanode_obj_by_os_index(topo,
								 (unsigned int)node);
			if (obj && obj->cpuset) {
				hwloc_bitmap_foreach_begin(pu, obj->cpuset) {
					if (contains(online, n_online,
						     (uint32_t)pu) &&
					    c->n < CPUS_MAX)
						c->cpus[c->n++] = (uint32_t)pu;
				} hwloc_bitmap_foreach_end();
			}
		}
		hwloc_topology_destroy(topo);
	}
	if (c->n)
		return true;
	if (fs_path(path, sizeof(path), "%s/devices/system/node/node%d/cpulist",
		    sysfs, node) || fs_read_str(path, buf, sizeof(buf)) ||
	    cpulist_parse(buf, list, CPUS_MAX, &n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (contains(online, n_online, list[i]))
			c->cpus[c->n++] = list[i];
	return c->n > 0;
}

int cpus_choose_node(const char *sysfs, int node, struct cpu_choice *c,
		     char *err, size_t errlen)
{
	static uint32_t online[CPUS_MAX];
	size_t n_online = 0;

	memset(c, 0, sizeof(*c));
	if (read_online(sysfs, online, &n_online, err, errlen))
		return -1;
	if (!node_cpus(sysfs, node, online, n_online, c)) {
		snprintf(err, errlen, "NUMA node %d has no online CPUs (or does not exist)",
			 node);
		return -1;
	}
	c->n_local = c->n;
	snprintf(c->locality, sizeof(c->locality), "NUMANode#%d", node);
	return 0;
}
