// SPDX-License-Identifier: GPL-2.0
/* host_info: host name, CPU model, topology; see host_info.h. */
#include "host_info.h"

#include <hwloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"

/* Copy the value after the first ':' of line, trimmed, up to '\n'. */
static void copy_value(const char *line, char *buf, unsigned int len)
{
	const char *v = strchr(line, ':');
	size_t n;

	v = v ? v + 1 : line;
	while (*v == ' ' || *v == '\t')
		v++;
	n = strcspn(v, "\n");
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	snprintf(buf, len, "%.*s", (int)n, v);
}

void host_info_cpu_model(const char *cpuinfo, char *buf, unsigned int len)
{
	const char *p;

	snprintf(buf, len, "unknown");
	for (p = cpuinfo; *p; p++) {
		if (!strncmp(p, "model name", 10)) {
			copy_value(p, buf, len);
			return;
		}
		p = strchr(p, '\n');	/* the next line */
		if (!p)
			break;
	}
	/* s390x: "processor 0: version = 00,  identification = ..., machine = 8561" */
	p = strstr(cpuinfo, "machine = ");
	if (p) {
		p += strlen("machine = ");
		snprintf(buf, len, "IBM Z machine type %.*s",
			 (int)strcspn(p, " ,\n"), p);
	}
}

static void topology_summary(char *buf, unsigned int len)
{
	static const hwloc_obj_type_t types[] = {
		HWLOC_OBJ_PACKAGE, HWLOC_OBJ_NUMANODE, HWLOC_OBJ_CORE,
		HWLOC_OBJ_PU,
	};
	hwloc_topology_t topo;
	size_t off = 0;

	snprintf(buf, len, "unknown");
	if (hwloc_topology_init(&topo))
		return;
	if (!hwloc_topology_load(topo)) {
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
			int n = hwloc_get_nbobjs_by_type(topo, types[i]);

			if (n <= 0 || off >= len)
				continue;
			off += (size_t)snprintf(buf + off, len - off, "%s%d %s",
						off ? ", " : "", n,
						hwloc_obj_type_string(types[i]));
		}
	}
	hwloc_topology_destroy(topo);
}

void host_info_collect(struct host_info *h, const char *procfs)
{
	static char cpuinfo[1 << 16];
	char path[512];
	long pages, psz;

	memset(h, 0, sizeof(*h));
	if (gethostname(h->hostname, sizeof(h->hostname) - 1))
		snprintf(h->hostname, sizeof(h->hostname), "unknown");
	if (!fs_path(path, sizeof(path), "%s/cpuinfo", procfs) &&
	    !fs_read_str(path, cpuinfo, sizeof(cpuinfo)))
		host_info_cpu_model(cpuinfo, h->cpu_model,
				    sizeof(h->cpu_model));
	else
		snprintf(h->cpu_model, sizeof(h->cpu_model), "unknown");
	h->cpus_online = sysconf(_SC_NPROCESSORS_ONLN);
	pages = sysconf(_SC_PHYS_PAGES);
	psz = sysconf(_SC_PAGESIZE);
	h->mem_bytes = pages > 0 && psz > 0 ? (long long)pages * psz : -1;
	topology_summary(h->topology, sizeof(h->topology));
}
