// SPDX-License-Identifier: GPL-2.0
/* provenance: kernel, IOMMU and device context; see provenance.h. */
#include "provenance.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "fsutil.h"

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

const char *provenance_iommu_driver(const char *iommu_name,
				    const char *machine)
{
	/* Every zPCI device is translated by the s390 IOMMU, link or not. */
	if (!strcmp(machine, "s390x") || starts_with(iommu_name, "s390-iommu"))
		return "s390-iommu";
	if (!iommu_name[0])
		return "none";
	if (starts_with(iommu_name, "dmar"))
		return "intel-iommu";
	if (starts_with(iommu_name, "ivhd"))
		return "amd-iommu";
	if (starts_with(iommu_name, "smmu3") || ends_with(iommu_name, ".smmu"))
		return "arm-smmu-v3";
	return "unknown";
}

/* Read <sysfs>/bus/pci/devices/<bdf>/<attr> into buf, or fallback. */
static void dev_attr(const char *sysfs, const char *bdf, const char *attr,
		     char *buf, size_t len, const char *fallback)
{
	char path[512];

	if (fs_path(path, sizeof(path), "%s/bus/pci/devices/%s/%s", sysfs, bdf,
		    attr) || fs_read_str(path, buf, len) || !buf[0])
		snprintf(buf, len, "%s", fallback);
}

void provenance_collect(struct provenance *p, const char *sysfs,
			const char *procfs, const char *bdf)
{
	char path[512], vendor[16], device[16];
	struct utsname u;

	memset(p, 0, sizeof(*p));
	if (uname(&u) == 0) {
		snprintf(p->kernel_release, sizeof(p->kernel_release), "%s",
			 u.release);
		snprintf(p->machine, sizeof(p->machine), "%s", u.machine);
	} else {
		strcpy(p->kernel_release, "unknown");
		strcpy(p->machine, "unknown");
	}
	if (fs_path(path, sizeof(path), "%s/cmdline", procfs) ||
	    fs_read_str(path, p->kernel_cmdline, sizeof(p->kernel_cmdline)))
		strcpy(p->kernel_cmdline, "unknown");
	snprintf(p->device, sizeof(p->device), "%s", bdf);

	if (fs_path(path, sizeof(path), "%s/bus/pci/devices/%s/iommu", sysfs,
		    bdf) ||
	    fs_readlink_base(path, p->iommu_device, sizeof(p->iommu_device)))
		p->iommu_device[0] = '\0';
	snprintf(p->iommu_driver, sizeof(p->iommu_driver), "%s",
		 provenance_iommu_driver(p->iommu_device, p->machine));

	dev_attr(sysfs, bdf, "iommu_group/type", p->group_type,
		 sizeof(p->group_type), "unknown");
	dev_attr(sysfs, bdf, "numa_node", p->numa_node, sizeof(p->numa_node),
		 "unknown");
	dev_attr(sysfs, bdf, "vendor", vendor, sizeof(vendor), "0x????");
	dev_attr(sysfs, bdf, "device", device, sizeof(device), "0x????");
	snprintf(p->device_id, sizeof(p->device_id), "%s:%s",
		 starts_with(vendor, "0x") ? vendor + 2 : vendor,
		 starts_with(device, "0x") ? device + 2 : device);

	/* the sensitivity knob: every timed map slowed by this much */
	if (!fs_path(path, sizeof(path),
		     "%s/module/iommubench/parameters/op_delay_ns", sysfs) &&
	    !fs_read_str(path, vendor, sizeof(vendor))) {
		char *end;
		unsigned long long v = strtoull(vendor, &end, 10);

		if (end != vendor && !*end)
			p->op_delay_ns = v;
	}
}
