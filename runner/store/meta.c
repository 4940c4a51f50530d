// SPDX-License-Identifier: GPL-2.0
/* meta: meta.json's contents; see meta.h. */
#include "meta.h"

#include <stdio.h>
#include <string.h>

#include "cpulist.h"
#include "runtags.h"
#include "version.h"

const char *meta_status_name(enum meta_status s)
{
	switch (s) {
	case META_RUNNING: return "running";
	case META_COMPLETE: return "complete";
	case META_INTERRUPTED: return "interrupted";
	case META_FAILED: return "failed";
	case META_INCOMPLETE: return "incomplete";
	}
	return "unknown";
}

void meta_iso_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ,\n  "key": "value" */
static void kv(struct jbuf *b, const char *indent, const char *key,
	       const char *value, bool first)
{
	jbuf_printf(b, "%s\n%s", first ? "" : ",", indent);
	jbuf_str(b, key);
	jbuf_printf(b, ": ");
	jbuf_str(b, value);
}

void meta_render_tags(const struct runtags *t, struct jbuf *b)
{
	kv(b, "  ", "clock", runtags_clock_name(t), false);
	if (t->icount)
		jbuf_printf(b, ",\n  \"icount_shift\": %d", t->icount_shift);
	if (t->group[0])
		kv(b, "  ", "group", t->group, false);
	if (t->rounds)
		jbuf_printf(b, ",\n  \"round\": %u,\n  \"rounds\": %u",
			    t->round, t->rounds);
}

void meta_render(const struct run_meta *m, struct jbuf *b)
{
	const struct provenance *pv = m->pv;
	const struct iommubench_info *in = m->info;
	char buf[4096];

	jbuf_printf(b, "{");
	kv(b, "  ", "format", META_FORMAT, true);
	kv(b, "  ", "run_id", m->run_id, false);
	kv(b, "  ", "status", meta_status_name(m->status), false);
	meta_iso_time(m->start, buf, sizeof(buf));
	kv(b, "  ", "start", buf, false);
	if (m->end)
		meta_iso_time(m->end, buf, sizeof(buf));
	jbuf_printf(b, ",\n  \"end\": ");
	if (m->end)
		jbuf_str(b, buf);
	else
		jbuf_printf(b, "null");
	jbuf_printf(b, ",\n  \"benchmarks_done\": %u", m->benchmarks_done);
	jbuf_printf(b, ",\n  \"repetitions\": %u", m->repetitions);
	kv(b, "  ", "command", m->command, false);
	kv(b, "  ", "suite", m->suite, false);
	kv(b, "  ", "suite_file", m->suite_file, false);
	kv(b, "  ", "platform", m->platform, false);
	jbuf_printf(b, ",\n  \"emulated\": %s",
		    strcmp(m->platform, "hardware") ? "true" : "false");
	kv(b, "  ", "harness_revision", iommubench_version(), false);
	meta_render_tags(m->tags ? m->tags : runtags_get(), b);

	jbuf_printf(b, ",\n  \"host\": {");
	kv(b, "    ", "hostname", m->host->hostname, true);
	kv(b, "    ", "machine", pv->machine, false);
	kv(b, "    ", "cpu_model", m->host->cpu_model, false);
	jbuf_printf(b, ",\n    \"cpus_online\": %ld", m->host->cpus_online);
	jbuf_printf(b, ",\n    \"mem_bytes\": %lld", m->host->mem_bytes);
	kv(b, "    ", "hwloc_topology", m->host->topology, false);
	jbuf_printf(b, "\n  }");

	jbuf_printf(b, ",\n  \"kernel\": {");
	kv(b, "    ", "release", pv->kernel_release, true);
	kv(b, "    ", "cmdline", pv->kernel_cmdline, false);
	jbuf_printf(b, ",\n    \"module_abi_version\": %u", in->abi_version);
	jbuf_printf(b, "\n  }");

	jbuf_printf(b, ",\n  \"iommu\": {");
	kv(b, "    ", "driver", pv->iommu_driver, true);
	kv(b, "    ", "device", pv->iommu_device[0] ? pv->iommu_device : "none",
	   false);
	snprintf(buf, sizeof(buf), "0x%llx",
		 (unsigned long long)in->hw_pgsize_bitmap);
	kv(b, "    ", "hw_pgsize_bitmap", buf, false);
	snprintf(buf, sizeof(buf), "0x%llx-0x%llx",
		 (unsigned long long)in->aperture_start,
		 (unsigned long long)in->aperture_end);
	kv(b, "    ", "aperture", buf, false);
	kv(b, "    ", "inval_probe",
	   (in->flags & IOMMUBENCH_INFO_INVAL_PROBE) && in->inval_probe[0] ?
		   in->inval_probe : "unavailable", false);
	jbuf_printf(b, "\n  }");

	jbuf_printf(b, ",\n  \"device\": {");
	kv(b, "    ", "bdf", pv->device, true);
	kv(b, "    ", "id", pv->device_id, false);
	kv(b, "    ", "numa_node", pv->numa_node, false);
	/* the default domain's type before the run switched anything */
	kv(b, "    ", "group_type", pv->group_type, false);
	cpulist_format(m->cc->cpus, m->cc->n, buf, sizeof(buf));
	kv(b, "    ", "cpus", buf, false);
	kv(b, "    ", "cpu_locality", m->cc->locality, false);
	jbuf_printf(b, "\n  }\n}\n");
}
