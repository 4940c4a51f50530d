/* SPDX-License-Identifier: GPL-2.0 */
/*
 * provenance: where a result came from (kernel, IOMMU, device), collected
 * before the device is rebound (the group type must be read while the
 * device still sits in its default domain).
 */
#ifndef IOMMUBENCH_PROVENANCE_H
#define IOMMUBENCH_PROVENANCE_H

#include <stddef.h>

struct provenance {
	char kernel_release[65];
	char machine[65];		/* uname -m */
	char kernel_cmdline[4096];
	char iommu_device[128];		/* raw name of BDF/iommu, "" if none */
	char iommu_driver[32];		/* see provenance_iommu_driver() */
	char group_type[32];		/* iommu_group/type or "unknown" */
	char device[32];		/* BDF */
	char device_id[40];		/* "1234:11e8" */
	char numa_node[16];		/* device's numa_node or "unknown" */
	/* module parameter op_delay_ns (sysfs): a deliberately slowed map */
	unsigned long long op_delay_ns;	/* 0: not set, or no such parameter */
};

/* Fill p for bdf; sysfs and procfs are "/sys" and "/proc" except in tests. */
void provenance_collect(struct provenance *p, const char *sysfs,
			const char *procfs, const char *bdf);

/*
 * Driver family from the IOMMU's sysfs name and the machine: dmar* ->
 * intel-iommu, ivhd* -> amd-iommu, smmu3.* or *.smmu -> arm-smmu-v3,
 * s390x (or s390-iommu.*) -> s390-iommu, "" -> none, else unknown.
 */
const char *provenance_iommu_driver(const char *iommu_name,
				    const char *machine);

#endif
