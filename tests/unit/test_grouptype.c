// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of grouptype.c against plain fake sysfs trees: what the probe
 * finds and why switching is impossible. Switching itself needs a tree
 * that binds and unbinds like the kernel: test_run_e2e.c does it with the
 * fake kernel preload.
 */
#include <unistd.h>

#include "grouptype.h"
#include "harness.h"

#define BDF "0000:00:03.0"

/* A device in group 7 with the given type and extra devices. */
static const char *tree(const char *type, int devices)
{
	const char *root = harness_tmpdir();
	char link[600];

	harness_mkdirs(root, "bus/pci/devices/" BDF);
	harness_mkdirs(root, "kernel/iommu_groups/7/devices");
	if (type)
		harness_write(root, "kernel/iommu_groups/7/type", type);
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/iommu_group", root);
	CHECK_EQ(symlink("../../../../kernel/iommu_groups/7", link), 0);
	for (int i = 0; i < devices; i++) {
		snprintf(link, sizeof(link), "%s/kernel/iommu_groups/7/devices/0000:00:0%d.0",
			 root, 3 + i);
		CHECK_EQ(symlink("../../../../bus/pci/devices/" BDF, link), 0);
	}
	return root;
}

TEST(group_probe_single_device_dma_fq)
{
	const char *root = tree("DMA-FQ\n", 1);
	struct group_state g;
	char type[32], why[512];
	bool rebound = true;

	group_probe(&g, root, BDF, "iommubench");
	CHECK_STREQ(g.group, "7");
	CHECK_EQ(g.ndevices, 1);
	CHECK_STREQ(g.original, "DMA-FQ");
	CHECK_STREQ(g.impossible, "");
	group_read_type(&g, type, sizeof(type));
	CHECK_STREQ(type, "DMA-FQ");
	/* Already the wanted type: nothing is written, nothing moves. */
	CHECK_EQ(group_set(&g, "DMA-FQ", &rebound, why, sizeof(why)), GROUP_OK);
	CHECK(!rebound);
	CHECK(!g.changed);
	CHECK_EQ(group_restore(&g, false, why, sizeof(why)), 0);
}

TEST(group_probe_reasons_switching_is_impossible)
{
	static const struct {
		const char *type;
		int devices;
		const char *why;
	} cases[] = {
		{ "DMA\n", 2, "IOMMU group 7 has 2 devices (its type can only change with all of them unbound)" },
		{ "identity\n", 1, "IOMMU group 7 is in passthrough (type identity): no DMA domain to switch" },
		{ "unmanaged\n", 1, "IOMMU group 7 is owned by another user (type unmanaged)" },
		{ "blocked\n", 1, "IOMMU group 7 is owned by another user (type blocked)" },
		{ NULL, 1, "IOMMU group 7 has no type attribute (kernel too old?)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *root = tree(cases[i].type, cases[i].devices);
		struct group_state g;
		char why[512];
		bool rebound = true;

		group_probe(&g, root, BDF, "iommubench");
		CHECK_STREQ(g.impossible, cases[i].why);
		CHECK_EQ(group_set(&g, "DMA-FQ", &rebound, why, sizeof(why)),
			 GROUP_SKIP);
		CHECK_STREQ(why, cases[i].why);
		CHECK(!rebound);
	}
	/* but a multi-device group already of the wanted type runs */
	{
		const char *root = tree("DMA\n", 3);
		struct group_state g;
		char why[512];
		bool rebound;

		group_probe(&g, root, BDF, "iommubench");
		CHECK_EQ(g.ndevices, 3);
		CHECK_EQ(group_set(&g, "DMA", &rebound, why, sizeof(why)), GROUP_OK);
	}
}

TEST(group_probe_without_group)
{
	const char *root = harness_tmpdir();
	struct group_state g;
	char why[512];
	bool rebound;

	harness_mkdirs(root, "bus/pci/devices/" BDF);
	group_probe(&g, root, BDF, "iommubench");
	CHECK_STREQ(g.group, "");
	CHECK_STREQ(g.original, "");
	CHECK_STREQ(g.impossible, BDF " has no IOMMU group (not behind an IOMMU)");
	CHECK_EQ(group_set(&g, "DMA", &rebound, why, sizeof(why)), GROUP_SKIP);
}
