// SPDX-License-Identifier: GPL-2.0
/* context: a run's provenance as Google Benchmark context; see context.h. */
#include "context.h"

#include <stdio.h>
#include <string.h>

#include "cpulist.h"
#include "gbench_shim.h"
#include "runtags.h"
#include "version.h"

void context_add(const struct provenance *pv,
		 const struct iommubench_info *info, const struct cpu_choice *cc,
		 const char *platform, const char *suite_name,
		 const char *suite_file, const char *run_id, unsigned int reps)
{
	char buf[4096];

	gbs_add_context("iommubench_version", iommubench_version());
	gbs_add_context("kernel_release", pv->kernel_release);
	gbs_add_context("kernel_cmdline", pv->kernel_cmdline);
	gbs_add_context("machine", pv->machine);
	gbs_add_context("iommu_driver", pv->iommu_driver);
	gbs_add_context("iommu_device", pv->iommu_device[0] ?
					pv->iommu_device : "none");
	snprintf(buf, sizeof(buf), "0x%llx",
		 (unsigned long long)info->hw_pgsize_bitmap);
	gbs_add_context("hw_pgsize_bitmap", buf);
	snprintf(buf, sizeof(buf), "0x%llx-0x%llx",
		 (unsigned long long)info->aperture_start,
		 (unsigned long long)info->aperture_end);
	gbs_add_context("aperture", buf);
	gbs_add_context("group_type", pv->group_type);
	gbs_add_context("device", pv->device);
	gbs_add_context("device_id", pv->device_id);
	gbs_add_context("device_numa_node", pv->numa_node);
	gbs_add_context("platform", platform);
	gbs_add_context("emulated",
			strcmp(platform, "hardware") ? "true" : "false");
	gbs_add_context("inval_probe",
			(info->flags & IOMMUBENCH_INFO_INVAL_PROBE) &&
					info->inval_probe[0] ?
				info->inval_probe : "unavailable");
	snprintf(buf, sizeof(buf), "%u", info->abi_version);
	gbs_add_context("module_abi_version", buf);
	cpulist_format(cc->cpus, cc->n, buf, sizeof(buf));
	gbs_add_context("cpus", buf);
	gbs_add_context("cpu_locality", cc->locality);
	gbs_add_context("suite", suite_name);
	gbs_add_context("suite_file", suite_file);
	snprintf(buf, sizeof(buf), "%u", reps);
	gbs_add_context("repetitions", buf);
	gbs_add_context("run_id", run_id);
	context_add_tags(runtags_get());
}

void context_add_tags(const struct runtags *t)
{
	char buf[32];

	gbs_add_context("clock", runtags_clock_name(t));
	if (t->icount) {
		snprintf(buf, sizeof(buf), "%d", t->icount_shift);
		gbs_add_context("icount_shift", buf);
	}
	if (t->group[0])
		gbs_add_context("group", t->group);
	if (t->rounds) {
		snprintf(buf, sizeof(buf), "%u", t->round);
		gbs_add_context("round", buf);
		snprintf(buf, sizeof(buf), "%u", t->rounds);
		gbs_add_context("rounds", buf);
	}
}
