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

#include <jansson.h>

#include "harness.h"
#include "iommubench.h"

#define BDF "0000:00:03.0"
#define SMOKE IB_ROOT "/bench/suites/smoke.suite"

static char out[1 << 22], err[1 << 16];

/* The binary with these arguments and no fake system; output in out, err. */
#define RUN(...) harness_cli(out, sizeof(out), err, sizeof(err), __VA_ARGS__, \
			     (const char *)NULL)

struct fake {
	char root[600];
	char sys[700], proc[700], dev[700], results[700];
	char env[14][800];
	char *envp[15];
	int nenv;
};

/* One more NAME=value for the runner's environment. */
static void fake_env(struct fake *f, const char *kv)
{
	snprintf(f->env[f->nenv], sizeof(f->env[0]), "%s", kv);
	f->envp[f->nenv] = f->env[f->nenv];
	f->envp[++f->nenv] = NULL;
}

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
	harness_mkdirs(f->root, "sys/bus/pci/devices/" BDF);
	harness_mkdirs(f->root, "sys/kernel/iommu_groups/7/devices");
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
	harness_write(f->root, "sys/kernel/iommu_groups/7/type", "DMA-FQ\n");
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
	/* group 7 holds the device alone, as the kernel links it */
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/iommu_group", f->sys);
	CHECK_EQ(symlink("../../../../kernel/iommu_groups/7", link), 0);
	snprintf(link, sizeof(link), "%s/kernel/iommu_groups/7/devices/" BDF, f->sys);
	CHECK_EQ(symlink("../../../../bus/pci/devices/" BDF, link), 0);

	snprintf(f->env[n++], 800, "IOMMUBENCH_SYSFS=%s", f->sys);
	snprintf(f->env[n++], 800, "IOMMUBENCH_PROCFS=%s", f->proc);
	snprintf(f->env[n++], 800, "IOMMUBENCH_DEVNODE=%s", f->dev);
	snprintf(f->env[n++], 800, "IOMMUBENCH_STATE_DIR=%s/state", f->root);
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
	f->nenv = n;
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

/*
 * Lines on stderr other than the documented notices (perf events not
 * counted, a group type switched): the runner's messages.
 */
static int message_lines(const char *e)
{
	int n = 0;

	for (const char *p = e; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		if (!strstr(line, ": perf: not counted") &&
		    !(strstr(line, ": IOMMU group ") && strstr(line, ": type ")))
			n++;
		p += len + (nl != NULL);
	}
	return n;
}

/* The run's JSON parses (no bare NaN), has n_iter repetitions. */
static json_t *load_gb(const char *dir, const char *run_id, size_t n_iter)
{
	char path[1000];
	json_t *root, *e;
	size_t i, iters = 0;

	snprintf(path, sizeof(path), "%s/%s/benchmarks.json", dir, run_id);
	root = json_load_file(path, 0, NULL);
	CHECK(root != NULL);
	if (!root)
		return NULL;
	json_array_foreach(json_object_get(root, "benchmarks"), i, e)
		iters += !strcmp(json_string_value(json_object_get(e, "run_type")),
				 "iteration");
	CHECK_EQ(iters, n_iter);
	return root;
}

/*
 * results/<run-id>/: benchmarks.json, its CSV (a header and one row per
 * entry), meta.json with the status and count, and the index entry.
 */
static void check_layout(const char *results, const char *run_id,
			 const char *status, int done, size_t n_iter)
{
	char path[1000];
	json_t *gb = load_gb(results, run_id, n_iter), *meta, *idx, *e;
	const char *csv;
	size_t i, rows = 0;
	bool found = false;

	snprintf(path, sizeof(path), "%s/benchmarks.csv", run_id);
	csv = harness_read(results, path);
	CHECK(csv != NULL);
	if (csv) {
		CHECK(!strncmp(csv, "name,run_name,run_type,aggregate_name,repetition_index,real_time,", 65));
		for (const char *p = csv; (p = strchr(p, '\n')); p++)
			rows++;
		CHECK_EQ(rows, 1 + json_array_size(json_object_get(gb, "benchmarks")));
	}
	json_decref(gb);
	snprintf(path, sizeof(path), "%s/%s/meta.json", results, run_id);
	meta = json_load_file(path, 0, NULL);
	CHECK(meta != NULL);
	if (meta) {
		CHECK_STREQ(json_string_value(json_object_get(meta, "format")), "iommubench-meta/1");
		CHECK_STREQ(json_string_value(json_object_get(meta, "status")), status);
		CHECK_EQ(json_integer_value(json_object_get(meta, "benchmarks_done")), done);
		CHECK_STREQ(json_string_value(json_object_get(json_object_get(meta, "iommu"), "driver")),
			    "intel-iommu");
		CHECK(json_string_value(json_object_get(json_object_get(meta, "host"), "hwloc_topology")) != NULL);
		CHECK(json_string_value(json_object_get(meta, "start")) != NULL);
		/* no end time when the runner did not get to the end */
		CHECK_EQ(json_is_null(json_object_get(meta, "end")),
			 !strcmp(status, "running") || !strcmp(status, "incomplete"));
	}
	json_decref(meta);
	snprintf(path, sizeof(path), "%s/index.json", results);
	idx = json_load_file(path, 0, NULL);
	CHECK(idx != NULL);
	json_array_foreach(json_object_get(idx, "runs"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "run_id")), run_id))
			continue;
		found = true;
		CHECK_STREQ(json_string_value(json_object_get(e, "status")), status);
		CHECK_EQ(json_integer_value(json_object_get(e, "benchmarks")), done);
	}
	CHECK(found);
	json_decref(idx);
	snprintf(path, sizeof(path), "%s/%s/.partial", results, run_id);
	CHECK(access(path, F_OK) != 0);	/* the pieces are gone */
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
	CHECK(!strstr(out, "NOTE: sim"));	/* no sim points */
	/* Google Benchmark's context block goes with its table, on stdout */
	CHECK_CONTAINS(out, "Run on (");
	CHECK(!strstr(err, "Run on ("));
	CHECK_EQ(message_lines(err), 0);

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
		/* every histogram under its own name */
		CHECK(!strstr(json, "(null)"));
		CHECK_EQ(count(json, "\"timer_late\": ["), 32);
		CHECK_EQ(count(json, "\"fq_timeout\": ["), 32);
	}
	CHECK(harness_read(f.results, "e2e1/.gbench-out.tmp") == NULL);
	check_layout(f.results, "e2e1", "complete", 16, 32);
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
	CHECK_CONTAINS(err, "iommubench run: stopped by SIGINT after 0 measured repetitions; kept in ");
	CHECK_CONTAINS(err, "/e2e3 (status interrupted, `latest` not moved)\n");
	CHECK_EQ(message_lines(err), 1);
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

TEST(run_e2e_killed_run_keeps_the_benchmarks_it_finished)
{
	struct harness_child c;
	struct fake f;
	const char *block;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "e2e5", "--repetitions", "2",
			 NULL };
	char dir[900];
	int waited = 0;

	block = harness_tmpdir();
	fake_system(&f, block, NULL);
	fake_env(&f, "FAKE_BLOCK_AFTER=4");	/* 2 benchmarks x 2 repetitions */
	argv[7] = f.results;
	harness_start(&c, argv, f.envp);
	while (!harness_read(block, "blocked") && waited++ < 1000)
		usleep(10000);
	CHECK(harness_read(block, "blocked") != NULL);
	kill(c.pid, SIGKILL);	/* no handler, no clean-up: what is on disk stays */
	harness_finish(&c, out, sizeof(out), err, sizeof(err));
	/* two benchmarks finished: two pieces, the context in benchmarks.json */
	CHECK(harness_read(f.results, "e2e5/.partial/0001.json") != NULL);
	CHECK(harness_read(f.results, "e2e5/.partial/0002.json") != NULL);
	CHECK(harness_read(f.results, "e2e5/.partial/0003.json") == NULL);
	json_decref(load_gb(f.results, "e2e5", 0));
	CHECK_CONTAINS(harness_read(f.results, "e2e5/meta.json"), "\"status\": \"running\"");
	CHECK(harness_read(f.results, "latest") == NULL);

	snprintf(dir, sizeof(dir), "%s/e2e5", f.results);
	CHECK_EQ(RUN("recover", dir), 0);
	CHECK_CONTAINS(out, "e2e5: 2 benchmarks recovered\n");
	check_layout(f.results, "e2e5", "incomplete", 2, 4);
	CHECK_EQ(RUN("recover", dir), 0);	/* nothing left to do */
	CHECK_CONTAINS(out, "e2e5: 0 benchmarks recovered\n");
	CHECK_EQ(RUN("recover"), 2);
	snprintf(dir, sizeof(dir), "%s/e2e5/.partial", f.results);
	harness_mkdirs(f.results, "e2e5/.partial");
	harness_write(f.results, "e2e5/.partial/0001.json", "{\"benchmarks\": [");
	snprintf(dir, sizeof(dir), "%s/e2e5", f.results);
	CHECK_EQ(RUN("recover", dir), 0);	/* full files there: pieces dropped */
	harness_write(f.results, "e2e5/benchmarks.json", "{\"context\": {}, \"benchmarks\": []}");
	harness_mkdirs(f.results, "e2e5/.partial");
	harness_write(f.results, "e2e5/.partial/0001.json", "{\"benchmarks\": [");
	CHECK_EQ(RUN("recover", dir), 4);	/* a torn piece: said, not guessed */
	CHECK_CONTAINS(err, "0001.json:1: malformed JSON");
}

/* SIGTERM after two finished benchmarks: 143, one line, they are kept. */
TEST(run_e2e_sigterm_after_two_benchmarks_keeps_them)
{
	struct harness_child c;
	struct fake f;
	const char *block;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "term", "--repetitions", "2",
			 NULL };
	int waited = 0;

	block = harness_tmpdir();
	fake_system(&f, block, NULL);
	fake_env(&f, "FAKE_BLOCK_AFTER=4");
	argv[7] = f.results;
	harness_start(&c, argv, f.envp);
	while (!harness_read(block, "blocked") && waited++ < 1000)
		usleep(10000);
	kill(c.pid, SIGTERM);
	CHECK_EQ(harness_finish(&c, out, sizeof(out), err, sizeof(err)), 143);
	check_restored(&f);
	CHECK_CONTAINS(err, "iommubench run: stopped by SIGTERM after 4 measured repetitions; kept in ");
	CHECK_EQ(message_lines(err), 1);
	check_layout(f.results, "term", "interrupted", 16, 32);
	CHECK(harness_read(f.results, "latest") == NULL);
}

/*
 * The results directory fills up: one line says which file could not be
 * written and what is kept; the pieces written stay for `recover`; exit 4;
 * the device is restored as always.
 */
TEST(run_e2e_full_disk_says_what_is_kept_and_exits_4)
{
	struct fake f;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "full", "--repetitions", "1",
			 "--filter", "size:4096/", NULL };
	char env[800], dir[900], expect[3200];

	/* full at the second piece: the first benchmark is kept */
	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	snprintf(env, sizeof(env), "FAKE_DISK_DIR=%s", f.results);
	fake_env(&f, env);
	fake_env(&f, "FAKE_DISK_FULL_AT=/.partial/.0002.json");
	CHECK_EQ(run_fake(&f, argv), 4);
	check_restored(&f);
	snprintf(dir, sizeof(dir), "%s/full", f.results);
	snprintf(expect, sizeof(expect),
		 "iommubench run: cannot write .partial/0002.json in %s: No space left on device (ENOSPC); kept: 1 of 8 benchmarks in %s/.partial (`iommubench recover %s` assembles them once there is space); the others only in the console output\n",
		 dir, dir, dir);
	CHECK_CONTAINS(err, expect);
	CHECK_EQ(message_lines(err), 1);
	CHECK(!strstr(out, "results: "));	/* no pointer to a file not there */
	CHECK(harness_read(f.results, "latest") == NULL);
	CHECK(harness_read(f.results, "full/.partial/0001.json") != NULL);
	CHECK(harness_read(f.results, "full/.partial/0002.json") == NULL);
	/* the final meta.json could not be written either: it says running */
	CHECK_CONTAINS(harness_read(f.results, "full/meta.json"), "\"status\": \"running\"");
	/* space again: recover assembles what was kept */
	CHECK_EQ(RUN("recover", dir), 0);
	CHECK_CONTAINS(out, "full: 1 benchmark recovered\n");
	check_layout(f.results, "full", "incomplete", 1, 1);

	/* full from the start: nothing kept, and it says so */
	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	snprintf(env, sizeof(env), "FAKE_DISK_DIR=%s", f.results);
	fake_env(&f, env);
	fake_env(&f, "FAKE_DISK_FULL_AT=/full/");
	CHECK_EQ(run_fake(&f, argv), 4);
	check_restored(&f);
	CHECK_CONTAINS(err, "iommubench run: cannot write benchmarks.json in ");
	CHECK_CONTAINS(err, "kept: none of the 8 benchmarks (only in the console output)\n");
	CHECK_EQ(message_lines(err), 1);

	/*
	 * only the final benchmarks.json fails: every piece is kept, and no
	 * CSV or histograms.json that `recover` would contradict
	 */
	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	snprintf(env, sizeof(env), "FAKE_DISK_DIR=%s", f.results);
	fake_env(&f, env);
	fake_env(&f, "FAKE_DISK_FAIL_AT=/.benchmarks.json.tmp@2");
	CHECK_EQ(run_fake(&f, argv), 4);
	check_restored(&f);
	snprintf(dir, sizeof(dir), "%s/full", f.results);
	snprintf(expect, sizeof(expect),
		 "iommubench run: cannot write benchmarks.json in %s: No space left on device (ENOSPC); kept: 8 of 8 benchmarks in %s/.partial (`iommubench recover %s` assembles them once there is space)\n",
		 dir, dir, dir);
	CHECK_STREQ(err + strlen(err) - strlen(expect), expect);
	CHECK_EQ(message_lines(err), 1);
	CHECK(harness_read(f.results, "full/benchmarks.csv") == NULL);
	CHECK(harness_read(f.results, "full/histograms.json") == NULL);
	CHECK(harness_read(f.results, "latest") == NULL);
	CHECK_CONTAINS(harness_read(f.results, "full/meta.json"), "\"status\": \"incomplete\"");
	CHECK_CONTAINS(harness_read(f.results, "full/meta.json"), "\"benchmarks_done\": 8");
	CHECK_EQ(RUN("recover", dir), 0);
	CHECK_CONTAINS(out, "full: 8 benchmarks recovered\n");
	json_decref(load_gb(f.results, "full", 8));
	CHECK(harness_read(f.results, "full/benchmarks.csv") != NULL);
	CHECK_CONTAINS(harness_read(f.results, "full/histograms.json"), "\"repetition_index\"");
	/* the runner's end time stays: it did get to the end */
	CHECK_CONTAINS(harness_read(f.results, "full/meta.json"), "\"status\": \"incomplete\"");

	/* full at the final histograms.json: benchmarks.json has everything */
	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	snprintf(env, sizeof(env), "FAKE_DISK_DIR=%s", f.results);
	fake_env(&f, env);
	fake_env(&f, "FAKE_DISK_FULL_AT=/.histograms.json");
	CHECK_EQ(run_fake(&f, argv), 4);
	CHECK_CONTAINS(err, "iommubench run: cannot write histograms.json in ");
	CHECK_CONTAINS(err, "; kept: benchmarks.json with all 8 benchmarks\n");
	CHECK_EQ(message_lines(err), 1);
	json_decref(load_gb(f.results, "full", 8));
}

/*
 * A second runner while one runs: the module's one opener gives it EBUSY;
 * one line, exit 3, no run directory, no index entry, the first run's
 * results untouched.
 */
TEST(run_e2e_second_runner_gets_ebusy_and_leaves_nothing)
{
	struct harness_child c;
	struct fake f;
	const char *block, *idx;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "first", "--repetitions", "1",
			 NULL };
	char *argv2[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			  "--out-dir", NULL, "--run-id", "second", NULL };
	char expect[1000];
	int waited = 0;

	block = harness_tmpdir();
	fake_system(&f, block, NULL);
	fake_env(&f, "FAKE_BLOCK_AFTER=2");
	argv[7] = f.results;
	argv2[7] = f.results;
	harness_start(&c, argv, f.envp);
	while (!harness_read(block, "blocked") && waited++ < 1000)
		usleep(10000);
	CHECK_EQ(run_fake(&f, argv2), 3);
	snprintf(expect, sizeof(expect),
		 "iommubench run: cannot open %s: Device or resource busy (EBUSY): another process (another iommubench?) holds it open; the module allows one at a time\n",
		 f.dev);
	CHECK_STREQ(err, expect);
	CHECK(access(f.results, F_OK) == 0);
	CHECK(harness_read(f.results, "second/meta.json") == NULL);
	snprintf(expect, sizeof(expect), "%s/second", f.results);
	CHECK(access(expect, F_OK) != 0);
	idx = harness_read(f.results, "index.json");
	CHECK(idx && strstr(idx, "\"first\"") && !strstr(idx, "\"second\""));
	kill(c.pid, SIGINT);
	CHECK_EQ(harness_finish(&c, out, sizeof(out), err, sizeof(err)), 130);
	check_restored(&f);
	check_layout(f.results, "first", "interrupted", 16, 16);
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

#define STR_(x) #x
#define STR(x) STR_(x)
#define ABI_STR STR(IOMMUBENCH_ABI_VERSION)

TEST(info_e2e_text_json_and_missing_module)
{
	struct fake f;
	char *text[] = { IB_BIN, "info", NULL };
	char *json[] = { IB_BIN, "info", "--json", NULL };

	fake_system(&f, NULL, NULL);
	CHECK_EQ(run_fake(&f, text), 0);
	CHECK_CONTAINS(out, "abi_version       " ABI_STR "\n");
	CHECK_CONTAINS(out, "flags             0x4 (inval-probe)\n");
	CHECK_CONTAINS(out, "device            -\n");
	CHECK_CONTAINS(out, "hw_pgsize_bitmap  0x40201000\n");
	CHECK_CONTAINS(out, "inval_probe       qi_submit_sync\n");
	CHECK_EQ(run_fake(&f, json), 0);
	CHECK_STREQ(out, "{\"abi_version\": " ABI_STR ", \"flags\": 4, \"flag_names\": \"inval-probe\", "
		    "\"device\": \"\", \"hw_pgsize_bitmap\": \"0x40201000\", "
		    "\"aperture_start\": \"0x0\", \"aperture_end\": \"0xffffffffffff\", "
		    "\"live_mappings\": 0, \"alloc_pages\": 0, \"inval_count\": 0, "
		    "\"inval_probe\": \"qi_submit_sync\"}\n");
	/* No device node: the module is not loaded. */
	unlink(f.dev);
	CHECK_EQ(run_fake(&f, text), 3);
	CHECK_CONTAINS(err, "No such file or directory (ENOENT): the iommubench module is not loaded");
}

/* ------------------------------------------------------------------ */
/* The dma path: group type switching, restoring, skips, compat.       */

#define DMA_SUITE "name e2e-dma\npath dma\nsize 4096\nmode strict fq\n" \
	"shape pair pool\npool_depth 8\nthreads 1 all\nops 10\nrepetitions 2\n"

static const char *write_suite(const char *text)
{
	static char path[700];
	const char *dir = harness_tmpdir();

	harness_write(dir, "t.suite", text);
	snprintf(path, sizeof(path), "%s/t.suite", dir);
	return path;
}

/* The JSON object of the n-th benchmark entry named `name` (0-based). */
static const char *entry(const char *json, const char *name, int n)
{
	static char obj[8192];
	char key[600];
	const char *p = json, *end;

	snprintf(key, sizeof(key), "\"name\": \"%s/iterations:1/manual_time\"", name);
	for (int i = 0; p && i <= n; i++) {
		p = strstr(p, key);
		if (p && i < n)
			p += strlen(key);
	}
	if (!p)
		return "";
	end = strstr(p + 1, "\"name\": ");
	snprintf(obj, sizeof(obj), "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
	return obj;
}

/* The group's type attribute, without the newline the fake tree starts with. */
static const char *type_now(const struct fake *f)
{
	static char t[64];
	const char *s = harness_read(f->root, "sys/kernel/iommu_groups/7/type");

	snprintf(t, sizeof(t), "%s", s ? s : "(missing)");
	t[strcspn(t, "\n")] = '\0';
	return t;
}

#define STRICT_PAIR "dma/api:page/mode:strict/shape:pair/dir:bidi/size:4096/threads:2"
#define FQ_POOL "dma/api:page/mode:fq/shape:pool/depth:8/order:fifo/dir:bidi/size:4096/threads:1"

TEST(run_e2e_switches_group_type_and_restores_it)
{
	struct fake f;
	const char *json, *o;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "g1", "--cpus", "0,1", NULL };
	int rc;

	fake_system(&f, NULL, NULL);
	argv[3] = (char *)write_suite(DMA_SUITE);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	if (rc)
		printf("  stderr: %s\n", err);
	check_restored(&f);
	/* fq first (the group already is DMA-FQ), one switch, one restore */
	CHECK_STREQ(harness_read(f.root, "type-writes.log"), "DMA ok\nDMA-FQ ok\n");
	CHECK_STREQ(type_now(&f), "DMA-FQ");
	CHECK_CONTAINS(err, "IOMMU group 7: type DMA-FQ -> DMA (unbound and bound " BDF " again)");
	CHECK(!strstr(out, "skipped:"));
	json = harness_read(f.results, "g1/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK_EQ(count(json, "\"run_type\": \"iteration\""), 16);
	CHECK_EQ(count(json, "\"error_occurred\": true"), 0);
	CHECK(strstr(json, FQ_POOL) < strstr(json, STRICT_PAIR));
	o = entry(json, STRICT_PAIR, 0);
	CHECK_CONTAINS(o, "\"domain_type\": 2.0000000000000000e+00");
	CHECK_CONTAINS(o, "\"workers_distinct_cpus\": 2.0000000000000000e+00");
	CHECK_CONTAINS(o, "\"ops_per_s_per_thread\": 5.0000000000000000e+05");
	CHECK_CONTAINS(o, "\"label\": \"cpus:0-1 group_type:DMA\"");
	o = entry(json, FQ_POOL, 1);
	CHECK_CONTAINS(o, "\"repetition_index\": 1");
	CHECK_CONTAINS(o, "\"domain_type\": 3.0000000000000000e+00");
	CHECK_CONTAINS(o, "\"max_live\": 8.0000000000000000e+00");
	CHECK_CONTAINS(o, "\"label\": \"cpus:0 group_type:DMA-FQ\"");
}

#define SIM_SUITE "name e2e-sim\npath sim\nmap range\nunmap strict\n" \
	"size 8192\npgsize all4k\nentry map\nfault none stall-forever\n" \
	"policy vtd-6.1 bounded\ndeadline_ms 10\nops 10\nrepetitions 1\n"
#define SIM_CAPPED "sim/entry:map/fault:stall-forever/policy:vtd-6.1/map:range/unmap:strict/pgsize:all4k/size:8192/threads:1"
#define SIM_BOUNDED "sim/entry:map/fault:stall-forever/policy:bounded/deadline_ms:10/map:range/unmap:strict/pgsize:all4k/size:8192/threads:1"

TEST(run_e2e_sim_suite_names_counters_label_note)
{
	struct fake f;
	const char *json, *o;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "s1", "--cpus", "0", NULL };
	int rc;

	fake_system(&f, NULL, NULL);
	argv[3] = (char *)write_suite(SIM_SUITE);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	if (rc)
		printf("  stderr: %s\n", err);
	check_restored(&f);
	/* the sim needs no group type: nothing written */
	CHECK(harness_read(f.root, "type-writes.log") == NULL);
	CHECK_EQ(count(out, "NOTE: sim points measure the module's software IOMMU model, not hardware\n"), 1);
	json = harness_read(f.results, "s1/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	/* (none + stall-forever) x (vtd-6.1 + bounded 10 ms) */
	CHECK_EQ(count(json, "\"run_type\": \"iteration\""), 4);
	CHECK_EQ(count(json, "\"error_occurred\": true"), 0);
	CHECK_EQ(count(json, "\"label\": \"sim:true eff_pgsize:0xfffffffffffff000 cpus:0 group_type:DMA-FQ\""), 4);
	CHECK_CONTAINS(json, "\"name\": \"sim/entry:map/fault:none/policy:vtd-6.1/map:range/unmap:strict/pgsize:all4k/size:8192/threads:1/iterations:1/manual_time\"");
	o = entry(json, SIM_CAPPED, 0);
	CHECK_CONTAINS(o, "\"sim_would_not_terminate\": 1.0000000000000000e+03");
	CHECK_CONTAINS(o, "\"sim_gave_up\": 0.0000000000000000e+00");
	CHECK_CONTAINS(o, "\"sim_lock_spin_frac\": 0.0000000000000000e+00");
	/* map(): one driver call per 4 KiB page */
	CHECK_CONTAINS(o, "\"sim_driver_calls_per_op\": 2.0000000000000000e+00");
	/* the queue's own waits, through the inval_* counters */
	CHECK_CONTAINS(o, "\"inval_per_op\": 2.0000000000000000e+00");
	o = entry(json, SIM_BOUNDED, 0);
	CHECK_CONTAINS(o, "\"sim_would_not_terminate\": 0.0000000000000000e+00");
	CHECK_CONTAINS(o, "\"sim_gave_up\": 1.0000000000000000e+03");
}

TEST(run_e2e_sigint_in_strict_point_restores_type_and_binding)
{
	struct harness_child c;
	struct fake f;
	const char *block;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "g2", NULL };
	int rc, waited = 0;

	block = harness_tmpdir();
	fake_system(&f, block, NULL);
	argv[3] = (char *)write_suite("name i\npath dma\nsize 4K\nmode strict\nops 10\n");
	argv[7] = f.results;
	harness_start(&c, argv, f.envp);
	while (!harness_read(block, "blocked") && waited++ < 1000)
		usleep(10000);
	CHECK_STREQ(type_now(&f), "DMA");	/* switched for the strict point */
	kill(c.pid, SIGINT);
	rc = harness_finish(&c, out, sizeof(out), err, sizeof(err));
	CHECK_EQ(rc, 130);
	check_restored(&f);
	CHECK_STREQ(type_now(&f), "DMA-FQ");
	CHECK_STREQ(harness_read(f.root, "type-writes.log"), "DMA ok\nDMA-FQ ok\n");
	CHECK(harness_read(f.results, "latest") == NULL);
}

/*
 * Security gap G10: a runner killed outright restores nothing; its state
 * file says what to undo and `restore` (or the next `run`) does it.
 */

/* Start a strict run, wait until it is in the point (type DMA), SIGKILL it. */
static void kill_strict_run(struct fake *f, const char *run_id)
{
	struct harness_child c;
	const char *block = harness_tmpdir();
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", (char *)run_id, NULL };
	char want[64];
	int waited = 0;

	fake_system(f, block, NULL);
	argv[3] = (char *)write_suite("name k\npath dma\nsize 4K\nmode strict\nops 10\n");
	argv[7] = f->results;
	harness_start(&c, argv, f->envp);
	while (!harness_read(block, "blocked") && waited++ < 1000)
		usleep(10000);
	CHECK_STREQ(type_now(f), "DMA");
	kill(c.pid, SIGKILL);
	CHECK_EQ(harness_finish(&c, out, sizeof(out), err, sizeof(err)), 128 + SIGKILL);
	/* left as it was killed: bound to us, override set, type switched */
	CHECK_STREQ(harness_read(f->root, "sys/bus/pci/devices/" BDF "/driver_override"),
		    "iommubench");
	snprintf(want, sizeof(want), "pid=%d\n", c.pid);
	CHECK_CONTAINS(harness_read(f->root, "state/" BDF ".state"), want);
	CHECK_CONTAINS(harness_read(f->root, "state/" BDF ".state"),
		       "\ngroup_original=DMA-FQ\ngroup_changed=1\n");
	/* the next runner must not block */
	for (int i = 0; i < f->nenv; i++)
		if (!strncmp(f->env[i], "FAKE_BLOCK_DIR=", 15))
			snprintf(f->env[i], sizeof(f->env[i]), "FAKE_UNBLOCKED=1");
}

TEST(restore_e2e_undoes_a_killed_runner)
{
	char *argv[] = { IB_BIN, "restore", NULL };
	struct fake f;

	kill_strict_run(&f, "k1");
	CHECK_EQ(run_fake(&f, argv), 0);
	CHECK_STREQ(out, "restored " BDF ": group type DMA-FQ, driver edu-old\n");
	CHECK_STREQ(err, "");
	check_restored(&f);
	CHECK_STREQ(type_now(&f), "DMA-FQ");
	CHECK_STREQ(harness_read(f.root, "type-writes.log"), "DMA ok\nDMA-FQ ok\n");
	CHECK(harness_read(f.root, "state/" BDF ".state") == NULL);
	CHECK_EQ(run_fake(&f, argv), 0);	/* nothing left */
	CHECK_CONTAINS(out, "nothing to restore (no state file in ");
}

TEST(restore_e2e_leaves_a_live_runner_alone_and_its_run_cleans_up)
{
	struct harness_child c;
	struct fake f;
	const char *block;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "k2", NULL };
	char *restore[] = { IB_BIN, "restore", "--device", "1234:11e8", NULL };
	char want[128];
	int waited = 0;

	block = harness_tmpdir();
	fake_system(&f, block, NULL);
	argv[3] = (char *)write_suite("name k\npath dma\nsize 4K\nmode strict\nops 10\n");
	argv[7] = f.results;
	harness_start(&c, argv, f.envp);
	while (!harness_read(block, "blocked") && waited++ < 1000)
		usleep(10000);
	CHECK_EQ(run_fake(&f, restore), 0);
	snprintf(want, sizeof(want),
		 "left alone " BDF ": its runner (pid %d) is still running\n", c.pid);
	CHECK_STREQ(out, want);
	CHECK_STREQ(type_now(&f), "DMA");	/* untouched */
	CHECK(harness_read(f.root, "state/" BDF ".state") != NULL);
	kill(c.pid, SIGINT);
	CHECK_EQ(harness_finish(&c, out, sizeof(out), err, sizeof(err)), 130);
	check_restored(&f);
	CHECK(harness_read(f.root, "state/" BDF ".state") == NULL);	/* restored: removed */
}

TEST(run_e2e_restores_a_killed_runners_state_first)
{
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "k3", NULL };
	char state[4200], rel[64];
	const char *rest;
	struct fake f;

	kill_strict_run(&f, "k3-killed");
	/* its pid since reused by another program: this one */
	rest = strchr(harness_read(f.root, "state/" BDF ".state"), '\n');
	CHECK(rest != NULL);
	snprintf(state, sizeof(state), "pid=%d%s", (int)getpid(), rest ? rest : "");
	harness_write(f.root, "state/" BDF ".state", state);
	snprintf(rel, sizeof(rel), "proc/%d", (int)getpid());
	harness_mkdirs(f.root, rel);
	snprintf(rel, sizeof(rel), "proc/%d/comm", (int)getpid());
	harness_write(f.root, rel, "unit_tests\n");
	argv[7] = f.results;
	CHECK_EQ(run_fake(&f, argv), 0);
	CHECK_CONTAINS(err, "iommubench run: restored " BDF
		       ": group type DMA-FQ, driver edu-old (left by a runner that was killed)\n");
	CHECK_EQ(message_lines(err), 1);
	check_restored(&f);
	CHECK_STREQ(type_now(&f), "DMA-FQ");
	CHECK(harness_read(f.root, "state/" BDF ".state") == NULL);
	/* and the run itself saw the original type */
	CHECK_CONTAINS(harness_read(f.results, "k3/benchmarks.json"), "\"group_type\": \"DMA-FQ\"");
}

TEST(run_e2e_multi_device_group_skips_switching_points)
{
	struct fake f;
	const char *json, *o;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "g3", "--cpus", "0,1", NULL };
	char link[900];
	int rc;

	fake_system(&f, NULL, NULL);
	snprintf(link, sizeof(link), "%s/kernel/iommu_groups/7/devices/0000:00:04.0", f.sys);
	CHECK_EQ(symlink("../../../../bus/pci/devices/0000:00:04.0", link), 0);
	argv[3] = (char *)write_suite(DMA_SUITE);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	/* Skips are not failures. */
	CHECK_EQ(rc, 0);
	check_restored(&f);
	CHECK(harness_read(f.root, "type-writes.log") == NULL);
	CHECK_CONTAINS(out, "skipped: 4 benchmarks (IOMMU group 7 has 2 devices (its type can only change with all of them unbound))\nresults: ");
	json = harness_read(f.results, "latest/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK_EQ(count(json, "\"error_occurred\": true"), 8);
	o = entry(json, STRICT_PAIR, 0);
	CHECK_CONTAINS(o, "\"error_message\": \"skipped: IOMMU group 7 has 2 devices");
	CHECK_CONTAINS(o, "\"label\": \"status:skipped\"");
	o = entry(json, FQ_POOL, 0);
	CHECK_CONTAINS(o, "\"domain_type\": 3.0000000000000000e+00");
}

TEST(run_e2e_refused_type_write_is_a_skip_and_rebinds)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "g4", "--cpus", "0", NULL };
	int rc;

	fake_system(&f, NULL, NULL);
	fake_env(&f, "FAKE_TYPE_REFUSE=1");
	argv[3] = (char *)write_suite("name r\npath dma iommu\nmap range\nunmap strict\n"
				      "size 4K 8K\nmode strict keep\nops 10\nrepetitions 1\n");
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	check_restored(&f);
	CHECK_STREQ(type_now(&f), "DMA-FQ");
	/* asked once: the second strict point gets the same reason at once */
	CHECK_STREQ(harness_read(f.root, "type-writes.log"), "DMA EINVAL\n");
	CHECK_CONTAINS(out, "skipped: 2 benchmarks (the kernel refused group type DMA for IOMMU group 7 (was DMA-FQ): Invalid argument (EINVAL))");
	json = harness_read(f.results, "latest/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	/* keep points ran (on a device bound again after the refusal) */
	CHECK_CONTAINS(entry(json, "dma/api:page/mode:keep/shape:pair/dir:bidi/size:4096/threads:1", 0),
		       "\"domain_type\": 3.0000000000000000e+00");
	CHECK_CONTAINS(entry(json, "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1", 0),
		       "\"domain_type\": 4.0000000000000000e+00");
	CHECK_CONTAINS(entry(json, "dma/api:page/mode:strict/shape:pair/dir:bidi/size:8192/threads:1", 0),
		       "\"label\": \"status:skipped\"");
}

TEST(run_e2e_device_already_ours_stays_bound_after_type_restore)
{
	struct fake f;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "g5", NULL };
	char link[900], target[256];
	ssize_t n;
	int rc;

	fake_system(&f, NULL, NULL);
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/driver", f.sys);
	unlink(link);
	CHECK_EQ(symlink("../../drivers/iommubench", link), 0);
	harness_write(f.root, "sys/bus/pci/devices/" BDF "/driver_override", "iommubench\n");
	argv[3] = (char *)write_suite("name o\npath dma\nsize 4K\nmode strict\nops 10\nrepetitions 1\n");
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	CHECK_STREQ(type_now(&f), "DMA-FQ");
	CHECK_STREQ(harness_read(f.root, "type-writes.log"), "DMA ok\nDMA-FQ ok\n");
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECK_STREQ(target, "../../drivers/iommubench");
	CHECK_STREQ(harness_read(f.root, "sys/bus/pci/devices/" BDF "/driver_override"),
		    "iommubench\n");
}

TEST(compat_e2e_prints_the_tools_lines_then_ours_and_writes_json)
{
	struct fake f;
	const char *json, *tool;
	char *argv[] = { IB_BIN, "compat", "--device", "1234:11e8", "--seconds", "1",
			 "--out-dir", NULL, "--run-id", "c1", "--platform", "qemu-tcg/intel-iommu",
			 "--dir", "2", "--granule", "4", "--trans-ns", "2000", NULL };
	int rc;

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	if (rc)
		printf("  stderr: %s\n", err);
	check_restored(&f);
	CHECK(harness_read(f.root, "type-writes.log") == NULL);
	tool = "dma mapping benchmark: threads:1 seconds:1 node:-1 dir:FROM_DEVICE granule: 4\n"
	       "average map latency(us):1.5 standard deviation:0.0\n"
	       "average unmap latency(us):1.0 standard deviation:0.0\n"
	       "iommubench, same run (ns; mean from the kernel's exact sums, the rest from its histograms):\n";
	CHECK_CONTAINS(out, tool);
	CHECK_CONTAINS(out, "  map          1500.0          0.0       1499.5       1499.5       1499.5       1503.0\n");
	CHECK_CONTAINS(out, "  ops 1000 in 0.002 s: 500000 ops/s (500000 per thread), 1 thread on CPU 0");
	CHECK_CONTAINS(out, "invalidations per op 2.0000 (1600.0 ns waiting per op); domain DMA-FQ; clock overhead 20 ns\n");
	CHECK(strstr(out, tool) < strstr(out, "results: "));
	json = harness_read(f.results, "c1/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK_CONTAINS(json, "\"suite\": \"compat\"");
	CHECK_CONTAINS(json, "\"name\": \"dma/compat/granule:4/dir:from-device/dma_bits:32/trans_ns:2000/node:-1/threads:1/iterations:1/manual_time\"");
	CHECK_EQ(count(json, "\"run_type\": \"iteration\""), 1);
	CHECK(harness_read(f.results, "c1/histograms.json") != NULL);
}

TEST(compat_e2e_usage_errors)
{
	struct fake f;
	char *bad_dir[] = { IB_BIN, "compat", "--device", BDF, "--dir", "3", NULL };
	char *bad_granule[] = { IB_BIN, "compat", "--device", BDF, "--granule", "0", NULL };
	char *bad_secs[] = { IB_BIN, "compat", "--device", BDF, "--seconds", "301", NULL };
	char *no_dev[] = { IB_BIN, "compat", NULL };
	char *threads[] = { IB_BIN, "compat", "--device", BDF, "--threads", "3", NULL };
	char *node[] = { IB_BIN, "compat", "--device", BDF, "--node", "77", NULL };

	fake_system(&f, NULL, NULL);
	CHECK_EQ(run_fake(&f, bad_dir), 2);
	CHECK_CONTAINS(err, "--dir must be an integer 0..2, not '3'");
	CHECK_EQ(run_fake(&f, bad_granule), 2);
	CHECK_CONTAINS(err, "--granule must be an integer 1..1024, not '0'");
	CHECK_EQ(run_fake(&f, bad_secs), 2);
	CHECK_EQ(run_fake(&f, no_dev), 2);
	CHECK_CONTAINS(err, "--device is required");
	CHECK_EQ(run_fake(&f, threads), 2);
	CHECK_CONTAINS(err, "--threads 3 needs 3 CPUs, 2 available");
	CHECK_EQ(run_fake(&f, node), 2);
	CHECK_CONTAINS(err, "NUMA node 77 has no online CPUs");
	/* nothing was bound on the way */
	CHECK_STREQ(harness_read(f.root, "sys/bus/pci/drivers/iommubench/bind"), "");
}

/* Counter `name` of every "iteration" entry: how many, how many are > 0. */
static int iteration_values(const char *json, const char *name, int *positive,
			    int *minus_one)
{
	const char *tag = "\"run_type\": \"iteration\"";
	char key[64];
	int n = 0;

	snprintf(key, sizeof(key), "\"%s\": ", name);
	*positive = *minus_one = 0;
	for (const char *p = json; (p = strstr(p, tag)); p += strlen(tag)) {
		const char *next = strstr(p + strlen(tag), tag);
		const char *k = strstr(p, key);
		double v;

		if (!k || (next && k > next))
			continue;
		v = strtod(k + strlen(key), NULL);
		n++;
		*positive += v > 0;
		*minus_one += v == -1;
	}
	return n;
}

/* The context value of `key` into buf ("" if absent). */
static void context_value(const char *json, const char *key, char *buf,
			  size_t len)
{
	char k[64];
	const char *p, *end;

	buf[0] = '\0';
	snprintf(k, sizeof(k), "\"%s\": \"", key);
	p = strstr(json, k);
	if (!p)
		return;
	p += strlen(k);
	end = strchr(p, '"');
	if (end && (size_t)(end - p) < len)
		snprintf(buf, len, "%.*s", (int)(end - p), p);
}

/*
 * The perf counters of an e2e run: cpu-clock always counts (> 0 per op);
 * the events listed in perf_unsupported read -1 in every repetition, the
 * others count. Which ones depends on the host's PMU.
 */
static void check_perf(const char *json, int iterations)
{
	static const struct { const char *event, *counter; } ev[] = {
		{ "cycles", "cycles_per_op" },
		{ "instructions", "instructions_per_op" },
		{ "dTLB-load-misses", "dtlb_misses_per_op" },
	};
	char events[256], unsupported[256];
	int pos, neg;

	context_value(json, "perf_events", events, sizeof(events));
	context_value(json, "perf_unsupported", unsupported,
		      sizeof(unsupported));
	CHECK_CONTAINS(events, "cpu-clock");
	CHECK(unsupported[0] != '\0');
	CHECK(!strstr(unsupported, "cpu-clock"));
	CHECK_CONTAINS(json, "\"perf_scope\": \"kernel mode, per CPU on the workers' CPUs, whole RUN ioctl\"");
	CHECK_EQ(iteration_values(json, "cpu_clock_ns_per_op", &pos, &neg),
		 iterations);
	CHECK_EQ(pos, iterations);
	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		bool missing = strstr(unsupported, ev[i].event) != NULL;

		CHECK_EQ(iteration_values(json, ev[i].counter, &pos, &neg),
			 iterations);
		CHECK_EQ(missing ? neg : pos, iterations);
		if (missing)
			CHECK_CONTAINS(err, ev[i].event);
	}
	CHECK_EQ(iteration_values(json, "perf_scaled", &pos, &neg),
		 iterations);
	if (strcmp(unsupported, "none"))
		CHECK_CONTAINS(err, "perf: not counted (reported as -1): ");
	else
		CHECK(!strstr(err, "perf: not counted"));
}

TEST(run_e2e_perf_counters_and_context)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", "1234:11e8",
			 "--out-dir", NULL, "--run-id", "perf1", "--repetitions", "2",
			 "--cpus", "1", NULL };
	int rc;

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);	/* unsupported events are no failure */
	if (rc)
		printf("  stderr: %s\n", err);
	json = harness_read(f.results, "perf1/benchmarks.json");
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK_EQ(count(json, "\"error_occurred\": true"), 0);
	/* 16 points x 2 repetitions */
	check_perf(json, 32);
	check_restored(&f);
}
