// SPDX-License-Identifier: GPL-2.0
/*
 * `iommubench run` end to end against a fake system: a fake sysfs/procfs
 * tree (IOMMUBENCH_SYSFS, IOMMUBENCH_PROCFS), a regular file as device node
 * (IOMMUBENCH_DEVNODE) and preload/fake_kernel.so answering the ioctls and
 * acting out bind/unbind. Checks the output files, the context, the exit
 * codes and that the device ends up exactly as it was: after success,
 * after a failed benchmark and after SIGINT in the middle of a run.
 * The numbers are fake_kmod's fixed values, not measurements.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define BDF "0000:00:03.0"
#define SMOKE IB_ROOT "/bench/suites/smoke.suite"

static char out[1 << 22], err[1 << 16];

struct fake {
	char root[600];
	char sys[700], proc[700], dev[700], results[700];
	char env[8][800];
	char *envp[9];
};

static void fake_system(struct fake *f, const char *block_dir,
			const char *fail_size)
{
	char link[900];
	int n = 0;

	snprintf(f->root, sizeof(f->root), "%s", harness_tmpdir());
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->root);
	snprintf(f->proc, sizeof(f->proc), "%s/proc", f->root);
	snprintf(f->dev, sizeof(f->dev), "%s/iommubench-node", f->root);
	snprintf(f->results, sizeof(f->results), "%s/results", f->root);
	harness_mkdirs(f->root, "sys/bus/pci/devices/" BDF "/iommu_group");
	harness_mkdirs(f->root, "sys/devices/virtual/iommu/dmar0");
	harness_mkdirs(f->root, "sys/devices/system/cpu");
	harness_mkdirs(f->root, "proc");
	harness_write(f->root, "sys/devices/system/cpu/online", "0-1\n");
	harness_write(f->root, "proc/cmdline", "console=ttyS0 intel_iommu=on\n");
	harness_write(f->root, "iommubench-node", "");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/vendor", "0x1234\n");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/device", "0x11e8\n");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/numa_node", "-1\n");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/driver_override", "(null)\n");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/iommu_group/type", "DMA-FQ\n");
	for (int i = 0; i < 2; i++) {
		const char *drv = i ? "edu-old" : "iommubench";
		char rel[256];

		snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s", drv);
		harness_mkdirs(f->root, rel);
		snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s/bind", drv);
		harness_write(f->root, rel, "");
		snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s/unbind", drv);
		harness_write(f->root, rel, "");
	}
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/iommu", f->sys);
	CHECK_EQ(symlink("../../../../devices/virtual/iommu/dmar0", link), 0);
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/driver", f->sys);
	CHECK_EQ(symlink("../../drivers/edu-old", link), 0);

	snprintf(f->env[n++], 800, "IOMMUBENCH_SYSFS=%s", f->sys);
	snprintf(f->env[n++], 800, "IOMMUBENCH_PROCFS=%s", f->proc);
	snprintf(f->env[n++], 800, "IOMMUBENCH_DEVNODE=%s", f->dev);
	snprintf(f->env[n++], 800, "FAKE_SYSFS=%s", f->sys);
	snprintf(f->env[n++], 800, "FAKE_BDF=" BDF);
	snprintf(f->env[n++], 800, "LD_PRELOAD=" IB_FAKE_KERNEL);
	/* The sanitizer build wants its runtime first; the preload is. */
	snprintf(f->env[n++], 800, "ASAN_OPTIONS=%s%sverify_asan_link_order=0",
		 getenv("ASAN_OPTIONS") ? getenv("ASAN_OPTIONS") : "",
		 getenv("ASAN_OPTIONS") ? ":" : "");
	if (block_dir)
		snprintf(f->env[n++], 800, "FAKE_BLOCK_DIR=%s", block_dir);
	else if (fail_size)
		snprintf(f->env[n++], 800, "FAKE_FAIL_SIZE=%s", fail_size);
	for (int i = 0; i < n; i++)
		f->envp[i] = f->env[i];
	f->envp[n] = NULL;
}

/* The device must be back on edu-old with no override. */
static void check_restored(const struct fake *f)
{
	char link[900], target[256];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/driver", f->sys);
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECK_STREQ(target, "../../drivers/edu-old");
	CHECK_STREQ(harness_read(f->root, "sys/bus/pci/devices/" BDF "/driver_override"),
		    "(null)\n");
	/* And it did go through the module on the way. */
	CHECK_STREQ(harness_read(f->root, "sys/bus/pci/drivers/iommubench/bind"), BDF);
	CHECK_STREQ(harness_read(f->root, "sys/bus/pci/drivers/edu-old/bind"), BDF);
}

static int run_fake(struct fake *f, char **argv)
{
	struct harness_child c;

	harness_start(&c, argv, f->envp);
	return harness_finish(&c, out, sizeof(out), err, sizeof(err));
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

TEST(run_e2e_success_writes_results_and_restores)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", "1234:11e8",
			 "--out-dir", NULL, "--run-id", "e2e1", "--repetitions", "2",
			 "--platform", "qemu-tcg/intel-iommu", "--cpus", "1", NULL };
	char expect[900];
	int rc;

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	if (rc)
		printf("  stderr: %s\n", err);
	snprintf(expect, sizeof(expect),
		 "NOTE: emulated platform (qemu-tcg/intel-iommu): compare ratios and counts, not absolute times\n"
		 "results: %s/e2e1/benchmarks.json\n", f.results);
	CHECK(strlen(out) >= strlen(expect) &&
	      !strcmp(out + strlen(out) - strlen(expect), expect));
	check_restored(&f);

	json = harness_read(f.results, "latest/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK_CONTAINS(json, "\"kernel_cmdline\": \"console=ttyS0 intel_iommu=on\"");
	CHECK_CONTAINS(json, "\"iommu_driver\": \"intel-iommu\"");
	CHECK_CONTAINS(json, "\"iommu_device\": \"dmar0\"");
	CHECK_CONTAINS(json, "\"hw_pgsize_bitmap\": \"0x40201000\"");
	CHECK_CONTAINS(json, "\"group_type\": \"DMA-FQ\"");
	CHECK_CONTAINS(json, "\"device\": \"" BDF "\"");
	CHECK_CONTAINS(json, "\"device_id\": \"1234:11e8\"");
	CHECK_CONTAINS(json, "\"platform\": \"qemu-tcg/intel-iommu\"");
	CHECK_CONTAINS(json, "\"emulated\": \"true\"");
	CHECK_CONTAINS(json, "\"inval_probe\": \"qi_submit_sync\"");
	CHECK_CONTAINS(json, "\"cpus\": \"1\"");
	CHECK_CONTAINS(json, "\"cpu_locality\": \"user\"");
	CHECK_CONTAINS(json, "\"suite\": \"smoke\"");
	CHECK_CONTAINS(json, "\"run_id\": \"e2e1\"");
	CHECK_CONTAINS(json, "\"iommubench_version\": ");
	CHECK_CONTAINS(json, "\"kernel_release\": ");
	/* 16 points x 2 repetitions, each an "iteration" entry. */
	CHECK_EQ(count(json, "\"run_type\": \"iteration\""), 32);
	CHECK_EQ(count(json, "\"aggregate_name\": \"mean\""), 16);
	CHECK_EQ(count(json, "\"error_occurred\": true"), 0);
	CHECK_EQ(count(json, "\"real_time\": 2.5000000000000000e+03"), 32 + 2 * 16);
	CHECK_EQ(count(json, "\"inval_per_op\": 2.0000000000000000e+00"), 32 + 2 * 16);
	CHECK_CONTAINS(json, "\"name\": \"iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:2097152/threads:1/iterations:1/manual_time\"");

	json = harness_read(f.results, "e2e1/histograms.json");
	CHECK(json != NULL);
	if (json) {
		CHECK_CONTAINS(json, "\"format\": \"iommubench-histograms/1\"");
		CHECK_EQ(count(json, "\"repetition_index\": "), 32);
		CHECK_CONTAINS(json, "\"inval_wait\": [[800,2000]]");
	}
	CHECK(harness_read(f.results, "e2e1/.benchmarks.json.tmp") == NULL);
}

TEST(run_e2e_failed_benchmark_exits_1_keeps_the_rest)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "e2e2", "--repetitions", "1",
			 NULL };
	int rc;

	fake_system(&f, NULL, "2097152");
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 1);
	check_restored(&f);
	CHECK_CONTAINS(out, "results: ");
	CHECK(!strstr(out, "NOTE: emulated"));	/* platform: hardware */
	json = harness_read(f.results, "latest/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK_CONTAINS(json, "\"emulated\": \"false\"");
	CHECK_EQ(count(json, "\"error_occurred\": true"), 8);	/* the 2 MiB half */
	CHECK_CONTAINS(json, "\"error_message\": \"Cannot allocate memory (ENOMEM): IOMMUBENCH_IOC_RUN failed for iommu/map:range/unmap:strict/pgsize:hw/size:2097152/threads:1 (see dmesg)\"");
	CHECK_EQ(count(json, "\"real_time\": 2.5000000000000000e+03"), 8);
}

TEST(run_e2e_sigint_mid_run_restores_and_exits_130)
{
	struct harness_child c;
	struct fake f;
	const char *json, *block;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "e2e3", NULL };
	int rc, waited = 0;

	block = harness_tmpdir();
	fake_system(&f, block, NULL);
	argv[7] = f.results;
	harness_start(&c, argv, f.envp);
	/* Wait until the first RUN ioctl is in progress, then Ctrl-C. */
	while (!harness_read(block, "blocked") && waited++ < 1000)
		usleep(10000);
	CHECK(harness_read(block, "blocked") != NULL);
	kill(c.pid, SIGINT);
	rc = harness_finish(&c, out, sizeof(out), err, sizeof(err));
	CHECK_EQ(rc, 130);
	check_restored(&f);
	CHECK_CONTAINS(out, "(interrupted: partial; `latest` not moved)");
	CHECK(harness_read(f.results, "latest") == NULL);
	json = harness_read(f.results, "e2e3/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	/* Every repetition is marked; none of them was measured. */
	CHECK_EQ(count(json, "\"error_occurred\": true"), 16 * 5);
	CHECK_CONTAINS(json, "Interrupted system call (EINTR): run stopped by SIGINT");
	CHECK_CONTAINS(json, "Interrupted system call (EINTR): not run by SIGINT");
}

TEST(run_e2e_default_run_id_and_missing_module)
{
	struct fake f;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--filter", "size:4096/", "--repetitions",
			 "1", NULL };
	char link[900], target[256];
	ssize_t n;

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	CHECK_EQ(run_fake(&f, argv), 0);
	snprintf(link, sizeof(link), "%s/latest", f.results);
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	/* YYYYmmdd-HHMMSS-<kernel release> */
	CHECK(n > 16 && target[8] == '-' && target[15] == '-');
	{
		const char *json = harness_read(f.results, "latest/benchmarks.json");

		CHECK(json && count(json, "\"run_type\": \"iteration\"") == 8);
	}
	/* Without the module's driver directory: exit 3, device untouched. */
	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	{
		char dir[900];

		snprintf(dir, sizeof(dir), "%s/bus/pci/drivers/iommubench/bind", f.sys);
		unlink(dir);
		snprintf(dir, sizeof(dir), "%s/bus/pci/drivers/iommubench/unbind", f.sys);
		unlink(dir);
		snprintf(dir, sizeof(dir), "%s/bus/pci/drivers/iommubench", f.sys);
		rmdir(dir);
	}
	CHECK_EQ(run_fake(&f, argv), 3);
	CHECK_CONTAINS(err, "module is not loaded");
	CHECK_STREQ(harness_read(f.root, "sys/bus/pci/devices/" BDF "/driver_override"),
		    "(null)\n");
	CHECK(harness_read(f.results, "latest") == NULL);
}

TEST(info_e2e_text_json_and_missing_module)
{
	struct fake f;
	char *text[] = { IB_BIN, "info", NULL };
	char *json[] = { IB_BIN, "info", "--json", NULL };

	fake_system(&f, NULL, NULL);
	CHECK_EQ(run_fake(&f, text), 0);
	CHECK_CONTAINS(out, "abi_version       1\n");
	CHECK_CONTAINS(out, "flags             0x4 (inval-probe)\n");
	CHECK_CONTAINS(out, "device            -\n");
	CHECK_CONTAINS(out, "hw_pgsize_bitmap  0x40201000\n");
	CHECK_CONTAINS(out, "inval_probe       qi_submit_sync\n");
	CHECK_EQ(run_fake(&f, json), 0);
	CHECK_STREQ(out, "{\"abi_version\": 1, \"flags\": 4, \"flag_names\": \"inval-probe\", "
		    "\"device\": \"\", \"hw_pgsize_bitmap\": \"0x40201000\", "
		    "\"aperture_start\": \"0x0\", \"aperture_end\": \"0xffffffffffff\", "
		    "\"live_mappings\": 0, \"alloc_pages\": 0, \"inval_count\": 0, "
		    "\"inval_probe\": \"qi_submit_sync\"}\n");
	/* No device node: the module is not loaded. */
	unlink(f.dev);
	CHECK_EQ(run_fake(&f, text), 3);
	CHECK_CONTAINS(err, "No such file or directory (ENOENT): the iommubench module is not loaded");
}
