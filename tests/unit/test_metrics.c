// SPDX-License-Identifier: GPL-2.0
/* Tests of metrics.c: counter definitions on synthetic kernel results. */
#include <errno.h>
#include <stdlib.h>

#include "harness.h"
#include "metrics.h"
#include "path.h"

#define NB IOMMUBENCH_HIST_BUCKETS

static uint64_t hists[IOMMUBENCH_HIST_NR * NB];

static void put(unsigned int id, uint64_t ns, uint64_t n)
{
	hists[id * NB + iommubench_hist_bucket(ns)] += n;
}

/* One finished RUN (ABI 6): the point, its request and the report. */
struct fx {
	struct suite_point pt;
	struct iommubench_run_req req;
	struct iommubench_run_report rep;
	struct path_run run;
};

static void base_run(struct fx *r)
{
	memset(r, 0, sizeof(*r));
	memset(hists, 0, sizeof(hists));
	r->pt.path = path_find("iommu");
	r->run = (struct path_run){ .pt = &r->pt, .req = &r->req,
				    .rep = &r->rep, .hists = hists };
	r->rep.size = sizeof(r->rep);
	r->rep.hist_written = IOMMUBENCH_HIST_NR;
	r->req.nr_threads = 2;
	r->req.buf_size = 8192;
	r->rep.ops_done = 1000;
	r->rep.elapsed_ns = 2000000;	/* 1000 ops in 2 ms = 500000 ops/s */
	r->rep.map_ns = 600000;		/* 600 ns per op */
	r->rep.unmap_ns = 400000;	/* 400 ns per op */
	r->rep.clock_overhead_ns = 25;
	r->rep.map_calls = 2;
	put(IOMMUBENCH_HIST_MAP, 600, 1000);
	put(IOMMUBENCH_HIST_UNMAP, 200, 990);
	put(IOMMUBENCH_HIST_UNMAP, 20000, 10);
	put(IOMMUBENCH_HIST_OP, 1000, 1000);
}

static const uint32_t cpus[2] = { 0, 1 };
static const struct iommubench_worker_result workers_ok[2] = {
	{ .cpu = 0, .ops = 500 }, { .cpu = 1, .ops = 500 },
};

TEST(metrics_time_throughput_and_percentiles)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(m.seconds_per_op, 1e-6, 1e-15);	/* (600000+400000)/1000 ns */
	CHECK_NEAR(metrics_get(&m, "ops", 0), 1000, 0);
	CHECK_NEAR(metrics_get(&m, "threads", 0), 2, 0);
	CHECK_NEAR(metrics_get(&m, "ops_per_s", 0), 500000, 1e-6);
	CHECK_NEAR(metrics_get(&m, "bytes_per_s", 0), 500000.0 * 8192, 1e-3);
	CHECK_NEAR(metrics_get(&m, "map_mean_ns", 0), 600, 0);
	CHECK_NEAR(metrics_get(&m, "unmap_mean_ns", 0), 400, 0);
	CHECK_NEAR(metrics_get(&m, "map_p50_ns", 0), 600, 600.0 / 256);
	CHECK_NEAR(metrics_get(&m, "map_max_ns", 0), 600, 600.0 / 128);
	CHECK_NEAR(metrics_get(&m, "unmap_p50_ns", 0), 200, 0);
	CHECK_NEAR(metrics_get(&m, "unmap_p99_ns", 0), 200, 0);	/* rank 990 */
	CHECK_NEAR(metrics_get(&m, "unmap_p999_ns", 0), 20000, 20000.0 / 256);
	CHECK_NEAR(metrics_get(&m, "op_p9999_ns", 0), 1000, 1000.0 / 256);
	CHECK_NEAR(metrics_get(&m, "clock_overhead_ns", 0), 25, 0);
	CHECK_NEAR(metrics_get(&m, "map_calls_per_op", 0), 2, 0);
	CHECK_NEAR(metrics_get(&m, "workers_misplaced", -5), 0, 0);
	CHECK_NEAR(metrics_get(&m, "no_such_counter", -5), -5, 0);
}

TEST(metrics_without_inval_probe_report_minus_one)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.rep.inval_count = 12345;	/* ignored: the flag says it's invalid */
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "inval_available", 5), 0, 0);
	CHECK_NEAR(metrics_get(&m, "inval_per_op", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_max_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_p50_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_p99_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_waits_ge_1ms", 5), -1, 0);
}

TEST(metrics_with_inval_probe)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.rep.result_flags = IOMMUBENCH_RES_INVAL_AVAILABLE;
	r.rep.inval_count = 2000;		/* 2 per op */
	r.rep.inval_wait_ns = 3000000;	/* 3000 ns per op */
	r.rep.inval_missed = 7;
	put(IOMMUBENCH_HIST_INVAL_WAIT, 1000, 1990);
	put(IOMMUBENCH_HIST_INVAL_WAIT, 150000, 8);	/* >= 100 us */
	put(IOMMUBENCH_HIST_INVAL_WAIT, 2000000, 2);	/* >= 1 ms */
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "inval_available", 0), 1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_per_op", 0), 2, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_per_op_ns", 0), 3000, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_p50_ns", 0), 1000, 1000.0 / 256);
	CHECK_NEAR(metrics_get(&m, "inval_wait_p99_ns", 0), 1000, 1000.0 / 256);
	CHECK_NEAR(metrics_get(&m, "inval_wait_max_ns", 0), 2000000, 2000000.0 / 128);
	CHECK(metrics_get(&m, "inval_wait_max_ns", 0) >= 2000000);
	CHECK_NEAR(metrics_get(&m, "inval_waits_ge_100us", 0), 10, 0);
	CHECK_NEAR(metrics_get(&m, "inval_waits_ge_1ms", 0), 2, 0);
	CHECK_NEAR(metrics_get(&m, "inval_waits_ge_10ms", 0), 0, 0);
	CHECK_NEAR(metrics_get(&m, "inval_missed", 0), 7, 0);
}

TEST(metrics_probe_live_but_no_waits_is_zero)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.rep.result_flags = IOMMUBENCH_RES_INVAL_AVAILABLE;
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "inval_per_op", -5), 0, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_max_ns", -5), 0, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_p99_ns", -5), 0, 0);
}

TEST(metrics_misplaced_workers_and_no_ops)
{
	const struct iommubench_worker_result moved[2] = {
		{ .cpu = 0 }, { .cpu = 3 },
	};
	struct fx r;
	struct metrics m;

	base_run(&r);
	CHECK_EQ(metrics_compute(&r.run, moved, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "workers_misplaced", 0), 1, 0);
	r.rep.ops_done = 0;
	CHECK_EQ(metrics_compute(&r.run, moved, cpus, &m), -EINVAL);
	CHECK(m.n <= METRICS_MAX);
}

TEST(metrics_names_fit_the_shim_and_are_unique)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.rep.result_flags = IOMMUBENCH_RES_INVAL_AVAILABLE;
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK(m.n < METRICS_MAX);	/* nothing silently dropped */
	for (unsigned int i = 0; i < m.n; i++) {
		CHECK(strlen(m.m[i].name) < 48);
		for (unsigned int j = i + 1; j < m.n; j++)
			CHECK(strcmp(m.m[i].name, m.m[j].name));
	}
}

TEST(metrics_lockup_exposure)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.rep.result_flags = IOMMUBENCH_RES_INVAL_AVAILABLE | IOMMUBENCH_RES_FQ_AVAILABLE;
	r.rep.inval_wait_ns = 400000;		/* over 2 threads x 2 ms: 10 % */
	r.req.timer_period_ns = 100000;
	r.rep.timer_fires = 40;
	put(IOMMUBENCH_HIST_TIMER_LATE, 500, 39);
	put(IOMMUBENCH_HIST_TIMER_LATE, 3000000, 1);	/* one 3 ms stretch */
	r.rep.fq_flush_count = 4;
	put(IOMMUBENCH_HIST_FQ_FLUSH, 9000, 4);
	r.rep.fq_timeout_count = 2;
	put(IOMMUBENCH_HIST_FQ_TIMEOUT, 70000, 2);
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "timer_fires", 0), 40, 0);
	CHECK_NEAR(metrics_get(&m, "timer_late_p99_ns", 0), 3000000, 3000000.0 / 128);
	CHECK_NEAR(metrics_get(&m, "timer_late_max_ns", 0), 3000000, 3000000.0 / 128);
	CHECK_NEAR(metrics_get(&m, "inval_wait_frac", 0), 0.1, 1e-12);
	CHECK_NEAR(metrics_get(&m, "fq_flushes_per_op", 0), 0.004, 1e-12);
	CHECK_NEAR(metrics_get(&m, "fq_flush_max_ns", 0), 9000, 9000.0 / 128);
	CHECK_NEAR(metrics_get(&m, "fq_timeouts", 0), 2, 0);
	CHECK_NEAR(metrics_get(&m, "fq_timeout_max_ns", 0), 70000, 70000.0 / 128);
}

TEST(metrics_lockup_exposure_unavailable_is_not_zero)
{
	struct fx r;
	struct metrics m;

	base_run(&r);			/* no probes, no victim timer */
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "timer_fires", 0), -1, 0);
	CHECK_NEAR(metrics_get(&m, "timer_late_max_ns", 0), -1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_frac", 0), -1, 0);
	CHECK_NEAR(metrics_get(&m, "fq_flushes_per_op", 0), -1, 0);
	CHECK_NEAR(metrics_get(&m, "fq_flush_max_ns", 0), -1, 0);
}

TEST(metrics_sim_counters)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.pt.path = path_find("sim");
	r.rep.result_flags |= IOMMUBENCH_RES_SIM;	/* ABI 6: sim_* valid */
	r.rep.sim_capped = 7;
	r.rep.sim_capped_ns = 7 * 200000000ULL;
	r.rep.sim_gave_up = 3;
	r.rep.sim_restarts = 11;
	r.rep.sim_lock_spin_ns = 1000000;	/* over 2 threads x 2 ms: 25 % */
	r.rep.sim_driver_calls = 4000;	/* 1000 ops */
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "sim_would_not_terminate", -5), 7, 0);
	CHECK_NEAR(metrics_get(&m, "sim_gave_up", -5), 3, 0);
	CHECK_NEAR(metrics_get(&m, "sim_restarts", -5), 11, 0);
	CHECK_NEAR(metrics_get(&m, "sim_lock_spin_frac", -5), 0.25, 1e-12);
	CHECK_NEAR(metrics_get(&m, "sim_driver_calls_per_op", -5), 4, 0);
	/* no elapsed time: no fraction, not zero */
	r.rep.elapsed_ns = 0;
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "sim_lock_spin_frac", -5), -1, 0);
	/* a clean sim run is zero, not unavailable */
	base_run(&r);
	r.pt.path = path_find("sim");
	r.rep.result_flags |= IOMMUBENCH_RES_SIM;	/* ABI 6: sim_* valid */
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "sim_would_not_terminate", -5), 0, 0);
	CHECK_NEAR(metrics_get(&m, "sim_lock_spin_frac", -5), 0, 0);
}

TEST(metrics_sim_counters_unavailable_elsewhere)
{
	static const char *const names[] = {
		"sim_would_not_terminate", "sim_gave_up", "sim_restarts",
		"sim_lock_spin_frac", "sim_driver_calls_per_op",
	};
	const struct path_desc *paths[] = {
		NULL, path_find("iommu"), path_find("dma"),
	};
	struct fx r;
	struct metrics m;

	for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
		base_run(&r);
		r.pt.path = paths[p];
		r.rep.sim_capped = 9;	/* ignored: not a sim run */
		CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			CHECK_NEAR(metrics_get(&m, names[i], -5), -1, 0);
	}
}

TEST(metrics_driver_map_calls_per_op)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "driver_map_calls_per_op", 0), -1, 0);
	r.rep.result_flags = IOMMUBENCH_RES_DRV_AVAILABLE;
	r.rep.driver_map_calls = 512000;		/* 1000 ops */
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "driver_map_calls_per_op", 0), 512, 0);
}

TEST(metrics_sim_counters_need_res_sim)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.pt.path = path_find("sim");
	r.rep.sim_capped = 9;	/* ignored: the module did not flag sim_* */
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "sim_would_not_terminate", -5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "sim_driver_calls_per_op", -5), -1, 0);
}

TEST(metrics_fields_past_report_size_are_unavailable)
{
	struct fx r;
	struct metrics m;

	base_run(&r);
	r.rep.result_flags = IOMMUBENCH_RES_INVAL_AVAILABLE |
			     IOMMUBENCH_RES_FQ_AVAILABLE |
			     IOMMUBENCH_RES_DRV_AVAILABLE;
	r.rep.driver_map_calls = 512000;
	/* a module that wrote up to map_ns only: flags alone are not enough */
	r.rep.size = offsetof(struct iommubench_run_report, unmap_ns);
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "inval_per_op", -5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "fq_flushes_per_op", -5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "driver_map_calls_per_op", -5), -1, 0);
	r.rep.size = sizeof(r.rep);
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "driver_map_calls_per_op", -5), 512, 0);
}

TEST(metrics_histograms_the_module_did_not_write_are_unavailable)
{
	struct fx r;
	struct metrics m;

	/* a module that wrote MAP..INVAL_WAIT only: no waits there is zero */
	base_run(&r);
	r.rep.result_flags = IOMMUBENCH_RES_INVAL_AVAILABLE |
			     IOMMUBENCH_RES_FQ_AVAILABLE;
	r.req.timer_period_ns = 100000;
	r.rep.timer_fires = 10;
	r.rep.hist_written = IOMMUBENCH_HIST_INVAL_WAIT + 1;
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "map_p50_ns", 0), 600, 600.0 / 256);
	CHECK_NEAR(metrics_get(&m, "inval_wait_max_ns", 5), 0, 0);
	CHECK_NEAR(metrics_get(&m, "timer_fires", 5), 10, 0);
	CHECK_NEAR(metrics_get(&m, "timer_late_max_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "fq_flush_max_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "fq_timeout_max_ns", 5), -1, 0);

	/* ... and one that wrote only MAP: the rest is not "no events" */
	r.rep.hist_written = 1;
	CHECK_EQ(metrics_compute(&r.run, workers_ok, cpus, &m), 0);
	CHECK_NEAR(metrics_get(&m, "map_p50_ns", 0), 600, 600.0 / 256);
	CHECK_NEAR(metrics_get(&m, "unmap_p50_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "op_max_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_per_op", 5), 0, 0);
	CHECK_NEAR(metrics_get(&m, "inval_wait_p50_ns", 5), -1, 0);
	CHECK_NEAR(metrics_get(&m, "inval_waits_ge_1ms", 5), -1, 0);
}
