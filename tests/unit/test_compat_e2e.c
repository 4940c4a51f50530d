// SPDX-License-Identifier: GPL-2.0
/*
 * `iommubench compat` end to end against the fake system (e2e.h), and the
 * perf counters and context of a run.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e.h"

/* The tests' names for the captured output (e2e.h). */
#define out e2e_out
#define err e2e_err

TEST(compat_e2e_prints_the_tools_lines_then_ours_and_writes_json)
{
	struct fake f;
	const char *json, *tool;
	char *argv[] = { IB_BIN, "compat", "--device", "1234:11e8", "--seconds", "1",
			 "--out-dir", NULL, "--run-id", "c1", "--platform", "qemu-tcg/intel-iommu",
			 "--dir", "2", "--granule", "4", "--trans-ns", "2000", NULL };

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	CHECK_RUN_OK(&f, argv);
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

TEST(compat_e2e_mode_strict_switches_the_group_and_restores_it)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "compat", "--device", "1234:11e8", "--seconds", "1",
			 "--out-dir", NULL, "--run-id", "cs", "--mode", "strict", NULL };

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	CHECK_RUN_OK(&f, argv);
	check_restored(&f);
	/* DMA-FQ -> DMA for the run, the original type written back after */
	CHECK_STREQ(harness_read(f.root, "type-writes.log"), "DMA ok\nDMA-FQ ok\n");
	CHECK_CONTAINS(err, "type DMA-FQ -> DMA");
	json = harness_read(f.results, "cs/benchmarks.json");
	CHECK(json != NULL);
	if (json)
		CHECK_CONTAINS(json, "\"name\": \"dma/compat/mode:strict/granule:1/");
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
	char *mode[] = { IB_BIN, "compat", "--device", BDF, "--mode", "fq", NULL };

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
	CHECK_EQ(run_fake(&f, mode), 2);
	CHECK_CONTAINS(err, "--mode must be keep, strict or lazy, not 'fq'");
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
