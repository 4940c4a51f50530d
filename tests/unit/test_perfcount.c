// SPDX-License-Identifier: GPL-2.0
/*
 * perfcount against the real kernel (tests run as root): cpu-clock always
 * counts; cycles, instructions and dTLB misses count where there is a PMU
 * and read -1 (not a failure) where there is none, as on a TCG guest or a
 * host without a virtual PMU. Either outcome passes; which one is checked
 * to be reported consistently.
 */
#include <errno.h>
#include <time.h>

#include "harness.h"
#include "metrics.h"
#include "perfcount.h"

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Spin for ns. */
static void busy(double ns)
{
	double end = now_ns() + ns;
	volatile unsigned long x = 0;

	while (now_ns() < end)
		for (int i = 0; i < 1000; i++)
			x += (unsigned long)i;
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

TEST(perfcount_cpu_clock_counts_busy_loop_on_cpu0)
{
	static const uint32_t cpu0[] = { 0 };
	struct perfcount pc;
	struct perfcount_values v;
	int opened;

	perfcount_init(&pc);
	opened = perfcount_start(&pc, cpu0, 1);
	CHECK(opened >= 1);
	CHECK_EQ(pc.err[PERFCOUNT_CPU_CLOCK], 0);
	busy(20e6);
	perfcount_stop(&pc, &v);
	CHECK(v.counted[PERFCOUNT_CPU_CLOCK]);
	/* cpu-clock: the ns CPU 0's counter was enabled, >= the loop */
	CHECK(v.value[PERFCOUNT_CPU_CLOCK] > 0);
	CHECK(v.value[PERFCOUNT_CPU_CLOCK] >= 15e6);
	CHECK(v.value[PERFCOUNT_CPU_CLOCK] < 20e9);
	CHECK(pc.evlist == NULL);	/* closed */
}

TEST(perfcount_unsupported_events_read_minus_one_not_failures)
{
	static const uint32_t cpu0[] = { 0 };
	char events[128], unsupported[128], why[1024];
	struct perfcount pc;
	struct perfcount_values v;
	struct metrics m;
	int opened;

	perfcount_init(&pc);
	opened = perfcount_probe(&pc, cpu0, 1);
	CHECK(opened >= 1);
	CHECK(pc.probed);
	perfcount_describe(&pc, events, sizeof(events), unsupported,
			   sizeof(unsupported), why, sizeof(why));
	CHECK(in_list(events, "cpu-clock"));
	CHECK(!in_list(unsupported, "cpu-clock"));

	perfcount_start(&pc, cpu0, 1);
	busy(5e6);
	perfcount_stop(&pc, &v);
	memset(&m, 0, sizeof(m));
	perfcount_metrics(&v, 1000, &m);
	CHECK_EQ(m.n, PERFCOUNT_NR + 1);
	CHECK(metrics_get(&m, "cpu_clock_ns_per_op", -2) > 0);
	CHECK(metrics_get(&m, "perf_scaled", -2) == 0 ||
	      metrics_get(&m, "perf_scaled", -2) == 1);
	for (int i = 0; i < PERFCOUNT_NR; i++) {
		const char *name = perfcount_event_name((enum perfcount_event)i);
		static const char *const metric[PERFCOUNT_NR] = {
			"cycles_per_op", "instructions_per_op",
			"dtlb_misses_per_op", "cpu_clock_ns_per_op",
		};
		double per_op = metrics_get(&m, metric[i], -2);

		if (!pc.probe_err[i]) {
			/* A PMU here: counted, and listed as counted. */
			CHECK(in_list(events, name));
			CHECK(v.counted[i]);
			CHECK(per_op >= 0);
		} else {
			/* None: -1, listed as unsupported with its reason. */
			CHECK(in_list(unsupported, name));
			CHECK_CONTAINS(why, name);
			CHECK(!v.counted[i]);
			CHECK(v.value[i] == -1);
			CHECK(per_op == -1);
		}
	}
}

TEST(perfcount_no_such_cpu_is_not_a_failure)
{
	static const uint32_t bad[] = { 2000 }, huge[] = { 0, 5000 };
	char events[128], unsupported[128], why[1024];
	struct perfcount pc;
	struct perfcount_values v;
	struct metrics m;

	perfcount_init(&pc);
	CHECK_EQ(perfcount_probe(&pc, bad, 1), 0);
	perfcount_describe(&pc, events, sizeof(events), unsupported,
			   sizeof(unsupported), why, sizeof(why));
	CHECK_STREQ(events, "");
	CHECK_STREQ(unsupported,
		    "cycles,instructions,dTLB-load-misses,cpu-clock");
	CHECK_EQ(perfcount_start(&pc, bad, 1), 0);
	perfcount_stop(&pc, &v);
	memset(&m, 0, sizeof(m));
	perfcount_metrics(&v, 10, &m);
	CHECK(metrics_get(&m, "cycles_per_op", 0) == -1);
	CHECK(metrics_get(&m, "instructions_per_op", 0) == -1);
	CHECK(metrics_get(&m, "dtlb_misses_per_op", 0) == -1);
	CHECK(metrics_get(&m, "cpu_clock_ns_per_op", 0) == -1);
	CHECK(metrics_get(&m, "perf_scaled", 0) == -1);
	/* beyond libperf's CPU limit: not counted, and no libperf warning */
	CHECK_EQ(perfcount_start(&pc, huge, 2), 0);
	CHECK_EQ(pc.err[PERFCOUNT_CPU_CLOCK], -ERANGE);
	perfcount_stop(&pc, &v);
	CHECK(!v.counted[PERFCOUNT_CPU_CLOCK]);
	/* no CPUs at all: nothing opened, nothing to read */
	CHECK_EQ(perfcount_start(&pc, bad, 0), 0);
	perfcount_stop(&pc, &v);
	CHECK(!v.counted[PERFCOUNT_CPU_CLOCK]);
}

TEST(perfcount_metrics_per_op_and_scaled)
{
	struct perfcount_values v;
	struct metrics m;

	memset(&v, 0, sizeof(v));
	for (int i = 0; i < PERFCOUNT_NR; i++)
		v.value[i] = -1;
	v.counted[PERFCOUNT_CYCLES] = true;
	v.value[PERFCOUNT_CYCLES] = 5000;
	v.counted[PERFCOUNT_CPU_CLOCK] = true;
	v.value[PERFCOUNT_CPU_CLOCK] = 2500;
	v.scaled = true;
	memset(&m, 0, sizeof(m));
	perfcount_metrics(&v, 100, &m);
	CHECK_NEAR(metrics_get(&m, "cycles_per_op", 0), 50, 1e-9);
	CHECK_NEAR(metrics_get(&m, "cpu_clock_ns_per_op", 0), 25, 1e-9);
	CHECK(metrics_get(&m, "instructions_per_op", 0) == -1);
	CHECK(metrics_get(&m, "dtlb_misses_per_op", 0) == -1);
	CHECK(metrics_get(&m, "perf_scaled", 0) == 1);
	CHECK_STREQ(perfcount_event_name(PERFCOUNT_DTLB_MISSES),
		    "dTLB-load-misses");
}
