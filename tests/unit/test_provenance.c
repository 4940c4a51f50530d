// SPDX-License-Identifier: GPL-2.0
/* Tests of provenance.c: IOMMU driver names and a fake sysfs/procfs. */
#include <sys/utsname.h>
#include <unistd.h>

#include "harness.h"
#include "provenance.h"

TEST(provenance_iommu_driver_from_sysfs_name)
{
	CHECK_STREQ(provenance_iommu_driver("dmar0", "x86_64"), "intel-iommu");
	CHECK_STREQ(provenance_iommu_driver("dmar12", "x86_64"), "intel-iommu");
	CHECK_STREQ(provenance_iommu_driver("ivhd0", "x86_64"), "amd-iommu");
	CHECK_STREQ(provenance_iommu_driver("smmu3.0x0000000009050000", "aarch64"),
		    "arm-smmu-v3");
	CHECK_STREQ(provenance_iommu_driver("arm-smmu.smmu", "aarch64"), "arm-smmu-v3");
	CHECK_STREQ(provenance_iommu_driver("s390-iommu.00000000", "s390x"), "s390-iommu");
	CHECK_STREQ(provenance_iommu_driver("", "s390x"), "s390-iommu");
	CHECK_STREQ(provenance_iommu_driver("", "x86_64"), "none");
	CHECK_STREQ(provenance_iommu_driver("viommu0", "x86_64"), "unknown");
}

TEST(provenance_collect_reads_fake_tree)
{
	const char *root = harness_tmpdir();
	char sysfs[700], procfs[700], link[900];
	struct provenance p;
	struct utsname u;

	snprintf(sysfs, sizeof(sysfs), "%s/sys", root);
	snprintf(procfs, sizeof(procfs), "%s/proc", root);
	harness_mkdirs(root, "proc");
	harness_write(root, "proc/cmdline", "BOOT_IMAGE=/vmlinuz intel_iommu=on quiet\n");
	harness_mkdirs(root, "sys/devices/virtual/iommu/dmar0");
	harness_mkdirs(root, "sys/bus/pci/devices/0000:00:03.0/iommu_group");
	harness_write(root, "sys/bus/pci/devices/0000:00:03.0/iommu_group/type", "DMA-FQ\n");
	harness_write(root, "sys/bus/pci/devices/0000:00:03.0/vendor", "0x1234\n");
	harness_write(root, "sys/bus/pci/devices/0000:00:03.0/device", "0x11e8\n");
	harness_write(root, "sys/bus/pci/devices/0000:00:03.0/numa_node", "-1\n");
	snprintf(link, sizeof(link), "%s/bus/pci/devices/0000:00:03.0/iommu", sysfs);
	CHECK_EQ(symlink("../../../../devices/virtual/iommu/dmar0", link), 0);

	provenance_collect(&p, sysfs, procfs, "0000:00:03.0");
	CHECK_EQ(uname(&u), 0);
	CHECK_STREQ(p.kernel_release, u.release);
	CHECK_STREQ(p.kernel_cmdline, "BOOT_IMAGE=/vmlinuz intel_iommu=on quiet");
	CHECK_STREQ(p.iommu_device, "dmar0");
	if (strcmp(u.machine, "s390x"))
		CHECK_STREQ(p.iommu_driver, "intel-iommu");
	CHECK_STREQ(p.group_type, "DMA-FQ");
	CHECK_STREQ(p.device, "0000:00:03.0");
	CHECK_STREQ(p.device_id, "1234:11e8");
	CHECK_STREQ(p.numa_node, "-1");
}

TEST(provenance_missing_attributes_are_unknown)
{
	const char *root = harness_tmpdir();
	struct provenance p;
	struct utsname u;

	harness_mkdirs(root, "bus/pci/devices/0000:00:03.0");
	provenance_collect(&p, root, root, "0000:00:03.0");
	CHECK_EQ(uname(&u), 0);
	CHECK_STREQ(p.group_type, "unknown");
	CHECK_STREQ(p.kernel_cmdline, "unknown");
	CHECK_STREQ(p.iommu_device, "");
	if (strcmp(u.machine, "s390x"))
		CHECK_STREQ(p.iommu_driver, "none");
	CHECK_STREQ(p.numa_node, "unknown");
}
