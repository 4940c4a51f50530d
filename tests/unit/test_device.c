// SPDX-License-Identifier: GPL-2.0
/* Tests of device.c against fake sysfs trees. */
#include <unistd.h>

#include "device.h"
#include "harness.h"

#define DEV "bus/pci/devices/"
#define DRV "bus/pci/drivers/"

static void add_device(const char *root, const char *bdf, const char *vid,
		       const char *did)
{
	char rel[256];

	snprintf(rel, sizeof(rel), DEV "%s", bdf);
	harness_mkdirs(root, rel);
	snprintf(rel, sizeof(rel), DEV "%s/vendor", bdf);
	harness_write(root, rel, vid);
	snprintf(rel, sizeof(rel), DEV "%s/device", bdf);
	harness_write(root, rel, did);
	snprintf(rel, sizeof(rel), DEV "%s/driver_override", bdf);
	harness_write(root, rel, "(null)\n");
}

static void add_driver(const char *root, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), DRV "%s", name);
	harness_mkdirs(root, rel);
	snprintf(rel, sizeof(rel), DRV "%s/bind", name);
	harness_write(root, rel, "");
	snprintf(rel, sizeof(rel), DRV "%s/unbind", name);
	harness_write(root, rel, "");
}

/* devices/<bdf>/driver -> ../../drivers/<drv>, as the kernel links it. */
static void link_driver(const char *root, const char *bdf, const char *drv)
{
	char link[512], target[256];

	snprintf(link, sizeof(link), "%s/" DEV "%s/driver", root, bdf);
	snprintf(target, sizeof(target), "../../drivers/%s", drv);
	unlink(link);
	if (symlink(target, link))
		harness_fail(__FILE__, __LINE__, "symlink %s", link);
}

static const char *fake_tree(void)
{
	const char *root = harness_tmpdir();

	harness_mkdirs(root, "bus/pci/devices");
	harness_mkdirs(root, "bus/pci/drivers");
	add_device(root, "0000:00:02.0", "0x8086\n", "0x1234\n");
	add_device(root, "0000:00:03.0", "0x1234\n", "0x11e8\n");
	add_device(root, "0000:00:04.0", "0x1234\n", "0x11e8\n");
	add_device(root, "0001:00:00.0", "0x1af4\n", "0x1005\n");
	return root;
}

TEST(device_resolve_pci_addresses)
{
	const char *root = fake_tree();
	char bdf[DEVICE_BDF_MAX], err[512];

	CHECK_EQ(device_resolve(root, "0000:00:03.0", bdf, sizeof(bdf), err, sizeof(err)), DEVICE_OK);
	CHECK_STREQ(bdf, "0000:00:03.0");
	CHECK_EQ(device_resolve(root, "00:03.0", bdf, sizeof(bdf), err, sizeof(err)), DEVICE_OK);
	CHECK_STREQ(bdf, "0000:00:03.0");
	/* s390-style domain */
	CHECK_EQ(device_resolve(root, "0001:00:00.0", bdf, sizeof(bdf), err, sizeof(err)), DEVICE_OK);
	CHECK_STREQ(bdf, "0001:00:00.0");
	CHECK_EQ(device_resolve(root, "0000:00:05.0", bdf, sizeof(bdf), err, sizeof(err)), DEVICE_EENV);
	CHECK_CONTAINS(err, "no PCI device 0000:00:05.0");
}

TEST(device_resolve_vid_did_takes_first_in_address_order)
{
	const char *root = fake_tree();
	char bdf[DEVICE_BDF_MAX], err[512];

	CHECK_EQ(device_resolve(root, "1234:11e8", bdf, sizeof(bdf), err, sizeof(err)), DEVICE_OK);
	CHECK_STREQ(bdf, "0000:00:03.0");
	CHECK_EQ(device_resolve(root, "1AF4:1005", bdf, sizeof(bdf), err, sizeof(err)), DEVICE_OK);
	CHECK_STREQ(bdf, "0001:00:00.0");
	CHECK_EQ(device_resolve(root, "dead:beef", bdf, sizeof(bdf), err, sizeof(err)), DEVICE_EENV);
	CHECK_CONTAINS(err, "no PCI device with id dead:beef");
}

TEST(device_resolve_rejects_malformed_specs)
{
	static const char *const bad[] = {
		"", "garbage", "0000:00:20.0", "0000:00:03.8", "0000:0:03.0",
		"000:00:03.0", "0000:00:03", "0000:00:03.0x", "123:11e8",
		"1234:11e8:", "0000:00:03.0 ", "g000:00:03.0",
	};
	const char *root = fake_tree();
	char bdf[DEVICE_BDF_MAX], err[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = device_resolve(root, bad[i], bdf, sizeof(bdf), err, sizeof(err));

		if (rc != DEVICE_EUSAGE)
			harness_fail(__FILE__, __LINE__, "'%s' gave %d", bad[i], rc);
		else
			CHECK_CONTAINS(err, "bad --device");
	}
}

TEST(device_bind_without_module_touches_nothing)
{
	const char *root = fake_tree();
	struct binding b;
	char err[1024];

	CHECK_EQ(device_bind(&b, root, "0000:00:03.0", "iommubench", err, sizeof(err)), DEVICE_EENV);
	CHECK_CONTAINS(err, "module is not loaded");
	CHECK_STREQ(harness_read(root, DEV "0000:00:03.0/driver_override"), "(null)\n");
	CHECK_EQ(device_restore(&b, err, sizeof(err)), 0);
	CHECK_STREQ(harness_read(root, DEV "0000:00:03.0/driver_override"), "(null)\n");
}

TEST(device_bind_sequence_without_old_driver)
{
	const char *root = fake_tree();
	struct binding b;
	char err[1024];

	add_driver(root, "iommubench");
	/* A fake tree never links the driver: the bind check must notice. */
	CHECK_EQ(device_bind(&b, root, "0000:00:03.0", "iommubench", err, sizeof(err)), DEVICE_EENV);
	CHECK_CONTAINS(err, "0000:00:03.0 did not bind to iommubench");
	CHECK_STREQ(harness_read(root, DEV "0000:00:03.0/driver_override"), "iommubench");
	CHECK_STREQ(harness_read(root, DRV "iommubench/bind"), "0000:00:03.0");
	CHECK_EQ(device_restore(&b, err, sizeof(err)), 0);
	CHECK_STREQ(harness_read(root, DEV "0000:00:03.0/driver_override"), "\n");
	/* Idempotent: a second restore writes nothing. */
	harness_write(root, DEV "0000:00:03.0/driver_override", "marker");
	CHECK_EQ(device_restore(&b, err, sizeof(err)), 0);
	CHECK_STREQ(harness_read(root, DEV "0000:00:03.0/driver_override"), "marker");
}

TEST(device_bind_unbinds_and_restore_rebinds_old_driver)
{
	const char *root = fake_tree();
	struct binding b;
	char err[1024];

	add_driver(root, "iommubench");
	add_driver(root, "virtio-pci");
	link_driver(root, "0001:00:00.0", "virtio-pci");
	harness_write(root, DEV "0001:00:00.0/driver_override", "virtio-pci\n");
	/* The fake kernel never binds: bind fails, but every write happened. */
	CHECK_EQ(device_bind(&b, root, "0001:00:00.0", "iommubench", err, sizeof(err)), DEVICE_EENV);
	CHECK_STREQ(b.old_driver, "virtio-pci");
	CHECK_STREQ(b.old_override, "virtio-pci");
	CHECK_STREQ(harness_read(root, DRV "virtio-pci/unbind"), "0001:00:00.0");
	CHECK_STREQ(harness_read(root, DRV "iommubench/bind"), "0001:00:00.0");
	/* As if the unbind had taken effect: the device has no driver. */
	{
		char link[512];

		snprintf(link, sizeof(link), "%s/" DEV "0001:00:00.0/driver", root);
		CHECK_EQ(unlink(link), 0);
	}
	CHECK_EQ(device_restore(&b, err, sizeof(err)), 0);
	CHECK_STREQ(harness_read(root, DEV "0001:00:00.0/driver_override"), "virtio-pci");
	CHECK_STREQ(harness_read(root, DRV "virtio-pci/bind"), "0001:00:00.0");
}

TEST(device_restore_reports_failure_with_manual_steps)
{
	const char *root = fake_tree();
	struct binding b;
	char err[1024];

	add_driver(root, "iommubench");
	add_driver(root, "virtio-pci");
	link_driver(root, "0000:00:04.0", "virtio-pci");
	CHECK_EQ(device_bind(&b, root, "0000:00:04.0", "iommubench", err, sizeof(err)), DEVICE_EENV);
	/* The old driver vanished meanwhile (module unloaded). */
	{
		char link[512], dir[512];

		snprintf(link, sizeof(link), "%s/" DEV "0000:00:04.0/driver", root);
		unlink(link);
		snprintf(dir, sizeof(dir), "%s/" DRV "virtio-pci/bind", root);
		unlink(dir);
		snprintf(dir, sizeof(dir), "%s/" DRV "virtio-pci/unbind", root);
		unlink(dir);
		snprintf(dir, sizeof(dir), "%s/" DRV "virtio-pci", root);
		rmdir(dir);
	}
	CHECK_EQ(device_restore(&b, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "could not restore 0000:00:04.0");
	CHECK_CONTAINS(err, "echo 0000:00:04.0 > /sys/bus/pci/drivers/virtio-pci/bind");
	/* The override was still restored before the failing step. */
	CHECK_STREQ(harness_read(root, DEV "0000:00:04.0/driver_override"), "\n");
}

TEST(device_already_bound_to_us_is_left_alone)
{
	const char *root = fake_tree();
	struct binding b;
	char err[1024];

	add_driver(root, "iommubench");
	link_driver(root, "0000:00:03.0", "iommubench");
	CHECK_EQ(device_bind(&b, root, "0000:00:03.0", "iommubench", err, sizeof(err)), DEVICE_OK);
	CHECK(b.already_ours);
	CHECK_STREQ(harness_read(root, DRV "iommubench/bind"), "");
	CHECK_EQ(device_restore(&b, err, sizeof(err)), 0);
	CHECK_STREQ(harness_read(root, DRV "iommubench/unbind"), "");
	CHECK_STREQ(harness_read(root, DEV "0000:00:03.0/driver_override"), "(null)\n");
}

TEST(device_driver_reads_link_basename)
{
	const char *root = fake_tree();
	char drv[64];

	add_driver(root, "virtio-pci");
	CHECK_EQ(device_driver(root, "0000:00:02.0", drv, sizeof(drv)), 0);
	CHECK_STREQ(drv, "");
	link_driver(root, "0000:00:02.0", "virtio-pci");
	CHECK_EQ(device_driver(root, "0000:00:02.0", drv, sizeof(drv)), 0);
	CHECK_STREQ(drv, "virtio-pci");
}
