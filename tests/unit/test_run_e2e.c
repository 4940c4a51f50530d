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

#include "e2e.h"

/* The tests' names for the captured output (e2e.h). */
#define out e2e_out
#define err e2e_err

TEST(run_e2e_success_writes_results_and_restores)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", "1234:11e8",
			 "--out-dir", NULL, "--run-id", "e2e1", "--repetitions", "2",
			 "--platform", "qemu-tcg/intel-iommu", "--cpus", "1", NULL };
	char expect[900];

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	CHECK_RUN_OK(&f, argv);
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
	CHECK_EQ(count(json, "\"error_occurred\": true"), 16 * 10);
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
