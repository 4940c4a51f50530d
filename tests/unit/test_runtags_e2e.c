// SPDX-License-Identifier: GPL-2.0
/*
 * `iommubench run --clock/--group/--round` end to end against the fake
 * system (e2e.h): the keys land in the context of benchmarks.json and in
 * meta.json, and a run without the options says `wall` and no group.
 */
#include "e2e.h"

#define out e2e_out
#define err e2e_err

#define ONE "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1/"

TEST(runtags_e2e_icount_group_round_recorded)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", "1234:11e8",
			 "--out-dir", NULL, "--run-id", "tags1", "--repetitions", "2",
			 "--platform", "qemu-tcg/intel-iommu", "--cpus", "1",
			 "--filter", ONE, "--clock", "icount:3", "--group",
			 "g20261203-1-6.12", "--round", "2/3", NULL };
	int rc;

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	if (rc)
		printf("  stderr: %s\n", err);
	check_restored(&f);
	json = harness_read(f.results, "tags1/benchmarks.json");
	CHECK(json != NULL);
	if (json) {
		CHECK_CONTAINS(json, "\"clock\": \"icount\"");
		CHECK_CONTAINS(json, "\"icount_shift\": \"3\"");
		CHECK_CONTAINS(json, "\"group\": \"g20261203-1-6.12\"");
		CHECK_CONTAINS(json, "\"round\": \"2\"");
		CHECK_CONTAINS(json, "\"rounds\": \"3\"");
	}
	json = harness_read(f.results, "tags1/meta.json");
	CHECK(json != NULL);
	if (json) {
		CHECK_CONTAINS(json, "\"clock\": \"icount\"");
		CHECK_CONTAINS(json, "\"icount_shift\": 3");
		CHECK_CONTAINS(json, "\"group\": \"g20261203-1-6.12\"");
		CHECK_CONTAINS(json, "\"round\": 2");
		CHECK_CONTAINS(json, "\"rounds\": 3");
	}
}

TEST(runtags_e2e_default_is_wall_without_group)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", "1234:11e8",
			 "--out-dir", NULL, "--run-id", "tags2", "--repetitions", "1",
			 "--cpus", "1", "--filter", ONE, NULL };
	int rc;

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	rc = run_fake(&f, argv);
	CHECK_EQ(rc, 0);
	check_restored(&f);
	json = harness_read(f.results, "tags2/benchmarks.json");
	CHECK(json != NULL);
	if (json) {
		CHECK_CONTAINS(json, "\"clock\": \"wall\"");
		CHECK(!strstr(json, "icount_shift"));
		CHECK(!strstr(json, "\"group\": "));
		CHECK(!strstr(json, "\"rounds\": "));
	}
	json = harness_read(f.results, "tags2/meta.json");
	CHECK(json != NULL);
	if (json) {
		CHECK_CONTAINS(json, "\"clock\": \"wall\"");
		CHECK(!strstr(json, "icount_shift"));
		CHECK(!strstr(json, "\"group\": "));
	}
}
