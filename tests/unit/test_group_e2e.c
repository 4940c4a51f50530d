// SPDX-License-Identifier: GPL-2.0
/*
 * `iommubench run` and `restore` end to end against the fake system
 * (e2e.h), on the device's IOMMU group: mode switching and its restore,
 * a killed runner's state file, groups that cannot switch; and the sim
 * path's names, counters, label and note.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e.h"

/* The tests' names for the captured output (e2e.h). */
#define out e2e_out
#define err e2e_err

TEST(run_e2e_switches_group_type_and_restores_it)
{
	struct fake f;
	const char *json, *o;
	char *argv[] = { IB_BIN, "run", "--suite", NULL, "--device", BDF,
			 "--out-dir", NULL, "--run-id", "g1", "--cpus", "0,1", NULL };

	fake_system(&f, NULL, NULL);
	argv[3] = (char *)write_suite(DMA_SUITE);
	argv[7] = f.results;
	CHECK_RUN_OK(&f, argv);
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

	fake_system(&f, NULL, NULL);
	argv[3] = (char *)write_suite(SIM_SUITE);
	argv[7] = f.results;
	CHECK_RUN_OK(&f, argv);
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
