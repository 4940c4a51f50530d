// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of point_runner.c with fake_kmod standing in for the kernel: the
 * request fields, the error texts, the interrupt handling.
 */
#include <errno.h>
#include <signal.h>

#include "fake_kmod.h"
#include "harness.h"
#include "iommu.h"
#include "metrics.h"
#include "path.h"
#include "point_runner.h"

static struct cpu_choice two_cpus = { .cpus = { 4, 6 }, .n = 2, .n_local = 2,
				      .locality = "test" };

/* A point's arguments as its path's struct (what the descriptor fills). */
#define IOMMU(pt) PATH_ARGS(pt, struct iommubench_iommu_args)
#define DMA(pt) PATH_ARGS(pt, struct iommubench_dma_args)
#define SIM(pt) PATH_ARGS(pt, struct iommubench_sim_args)
/* The arguments a request sends (args_ptr). */
#define SENT(r, type) ((type *)(uintptr_t)(r)->run.args_ptr)

static struct suite_point point(uint32_t threads)
{
	struct suite_point pt = {
		.name = "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:8192/threads:1",
		.path = path_find("iommu"),
		.threads = threads,
		.shape = IOMMUBENCH_SHAPE_PAIR,
		.size = 8192,
		.ops = 2000,
		.duration_ns = 200000000,
		.warmup = 16,
	};
	*IOMMU(&pt) = (struct iommubench_iommu_args){
		.map_mode = IOMMUBENCH_MAP_PER_PAGE,
		.unmap_mode = IOMMUBENCH_UNMAP_DEFERRED,
		.batch = 256,
		.pgsize_mask = 0x1000,
	};
	return pt;
}

static double counter(const struct gbs_result *res, const char *name)
{
	for (unsigned int i = 0; i < res->nr_counters; i++)
		if (!strcmp(res->counters[i].name, name))
			return res->counters[i].value;
	return -12345;
}

TEST(point_request_maps_every_field)
{
	struct suite_point pt = point(2);
	struct iommubench_worker_result w[2];
	struct point_request r;
	uint64_t h[1];

	point_request(&pt, two_cpus.cpus, h, w, &r);
	/* the header: sizes and where the three structs are */
	CHECK_EQ(r.run.size, sizeof(struct iommubench_run));
	CHECK_EQ(r.run.path, IOMMUBENCH_PATH_IOMMU);
	CHECK(r.run.req_ptr == (uint64_t)(uintptr_t)&r.req);
	CHECK_EQ(r.run.req_size, sizeof(struct iommubench_run_req));
	CHECK_EQ(r.run.args_size, sizeof(struct iommubench_iommu_args));
	CHECK(r.run.report_ptr == (uint64_t)(uintptr_t)&r.rep);
	CHECK_EQ(r.run.report_size, sizeof(struct iommubench_run_report));
	CHECK_EQ(r.run.pad, 0);
	/* the path's arguments */
	CHECK_EQ(SENT(&r, struct iommubench_iommu_args)->map_mode,
		 IOMMUBENCH_MAP_PER_PAGE);
	CHECK_EQ(SENT(&r, struct iommubench_iommu_args)->unmap_mode,
		 IOMMUBENCH_UNMAP_DEFERRED);
	CHECK_EQ(SENT(&r, struct iommubench_iommu_args)->batch, 256);
	CHECK_EQ_U64(SENT(&r, struct iommubench_iommu_args)->pgsize_mask,
		     0x1000);
	CHECK_EQ_U64(SENT(&r, struct iommubench_iommu_args)->iova_base, 0);
	/* the request */
	CHECK_EQ(r.req.nr_threads, 2);
	CHECK_EQ_U64(r.req.buf_size, 8192);
	CHECK_EQ_U64(r.req.ops, 2000);
	CHECK_EQ_U64(r.req.duration_ns, 200000000);
	CHECK_EQ_U64(r.req.warmup_ops, 16);
	CHECK(r.req.cpus_ptr == (uint64_t)(uintptr_t)two_cpus.cpus);
	CHECK(r.req.hist_ptr == (uint64_t)(uintptr_t)h);
	CHECK(r.req.workers_ptr == (uint64_t)(uintptr_t)w);
	/* both out-arrays say how big they are */
	CHECK_EQ(r.req.hist_count, IOMMUBENCH_HIST_NR);
	CHECK_EQ(r.req.worker_result_size, sizeof(struct iommubench_worker_result));
	CHECK_EQ_U64(r.req.flags, 0);
	/* the report: nothing yet */
	CHECK_EQ(r.rep.size, 0);
	CHECK_EQ_U64(r.rep.result_flags, 0);
	CHECK_EQ(fake_kmod_validate(&r.run), 0);
}

TEST(point_runner_success_fills_time_counters_label)
{
	struct suite_point pt = point(2);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	fake_kmod_errno = 0;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK_NEAR(res.seconds, 2500e-9, 1e-18);
	CHECK_NEAR(counter(&res, "ops"), 2000, 0);
	CHECK_NEAR(counter(&res, "threads"), 2, 0);
	CHECK_NEAR(counter(&res, "ops_per_s"), 1e6, 1e-6);
	CHECK_NEAR(counter(&res, "map_calls_per_op"), 2, 0);
	CHECK_NEAR(counter(&res, "inval_per_op"), -1, 0);
	CHECK_NEAR(counter(&res, "workers_misplaced"), 0, 0);
	CHECK_STREQ(res.label, "eff_pgsize:0x1000 cpus:4,6 group_type:none");
	CHECK_EQ(slot.reps, 1);
	CHECK_EQ(pr.failures, 0);
	CHECK_EQ(pr.log.entries, 1);
	CHECK_CONTAINS(pr.log.buf.s, "\"op\": [[2496,2000]]");
	point_runner_free(&pr);
}

TEST(point_runner_ioctl_error_text)
{
	struct suite_point pt = point(1);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	fake_kmod_errno = EINVAL;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	fake_kmod_errno = 0;
	CHECK_STREQ(res.error,
		    "Invalid argument (EINVAL): IOMMUBENCH_IOC_RUN failed for "
		    "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:8192/threads:1 (see dmesg)");
	CHECK_EQ(pr.failures, 1);
	CHECK_EQ(pr.stop_signal, 0);
	CHECK_EQ(pr.log.entries, 0);
	point_runner_free(&pr);
}

/* EINTR twice without a signal of ours, then success. */
static int eintr_twice(int fd, struct iommubench_run *r)
{
	static int n;

	return n++ < 2 ? -EINTR : fake_kmod_run(fd, r);
}

TEST(point_runner_retries_eintr_nobody_asked_for)
{
	struct suite_point pt = point(1);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	CHECK_EQ(point_runner_init(&pr, -1, eintr_twice, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK_NEAR(res.seconds, 2500e-9, 1e-18);
	CHECK_EQ(pr.stop_signal, 0);
	point_runner_free(&pr);
}

/*
 * EINTR that persists past the retries stops this and every later
 * repetition (with a real signal it stops at once: test_run_e2e.c).
 */
TEST(point_runner_eintr_stops_the_rest)
{
	struct suite_point pt = point(1);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;
	unsigned int calls;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	calls = fake_kmod_calls;
	fake_kmod_errno = EINTR;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	fake_kmod_errno = 0;
	CHECK_CONTAINS(res.error, "Interrupted system call (EINTR): run stopped by SIG");
	CHECK_EQ(fake_kmod_calls - calls, 4);	/* 1 + 3 retries */
	CHECK(pr.stop_signal != 0);
	CHECK_EQ(pr.failures, 0);	/* an interruption is not a failure */
	/* The next repetition does not reach the kernel at all. */
	calls = fake_kmod_calls;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_EQ(fake_kmod_calls, calls);
	CHECK_CONTAINS(res.error, "Interrupted system call (EINTR): not run by SIG");
	point_runner_free(&pr);
}

/*
 * ENODEV from RUN: the device bound at the start was removed (hot-unplug).
 * The rest of the suite is marked, not run; the session exits 5 on it.
 */
TEST(point_runner_enodev_means_the_device_was_removed)
{
	struct suite_point pt = point(1);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;
	unsigned int calls;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	fake_kmod_errno = ENODEV;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	fake_kmod_errno = 0;
	CHECK(pr.device_gone);
	CHECK_CONTAINS(res.error, "No such device (ENODEV): the device was removed during iommu/map:per-page");
	CHECK_EQ(pr.failures, 1);
	CHECK_EQ(pr.stop_signal, 0);
	calls = fake_kmod_calls;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_EQ(fake_kmod_calls, calls);
	CHECK_CONTAINS(res.error, "not run: the device was removed during");
	point_runner_free(&pr);
}

TEST(point_runner_too_few_cpus_is_a_skip)
{
	struct suite_point pt = point(3);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;
	unsigned int calls = fake_kmod_calls;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	/* Not a failure: skipped, with the reason, and counted once. */
	CHECK_STREQ(res.error, "skipped: 3 threads need 3 CPUs, 2 available");
	CHECK_STREQ(res.label, "status:skipped");
	CHECK_EQ(fake_kmod_calls, calls);
	CHECK_EQ(pr.failures, 0);
	CHECK_EQ(pr.skipped, 1);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);	/* the next repetition */
	CHECK_EQ(pr.skipped, 1);
	CHECK_EQ(pr.nreasons, 1);
	point_runner_free(&pr);
}

static struct suite_point dma_point(uint32_t mode, uint32_t shape)
{
	struct suite_point pt = {
		.name = "dma/api:page/mode:fq/shape:pair/dir:bidi/size:4096/threads:2",
		.path = path_find("dma"),
		.mode = mode,
		.threads = 2,
		.shape = shape,
		.size = 4096,
		.ops = 100,
		.warmup = 16,
	};
	*DMA(&pt) = (struct iommubench_dma_args){
		.dma_api = IOMMUBENCH_DMA_PAGE,
		.dma_dir = IOMMUBENCH_DIR_TO_DEVICE,
		.dma_bits = 40,
	};
	if (shape == IOMMUBENCH_SHAPE_POOL) {
		pt.pool_depth = 64;
		pt.pool_order = IOMMUBENCH_POOL_RANDOM;
	} else if (shape == IOMMUBENCH_SHAPE_HOLD) {
		pt.hold_ns = 5000;
	}
	return pt;
}

TEST(point_request_dma_fields_and_zeroes)
{
	struct suite_point pt = dma_point(SUITE_MODE_FQ, IOMMUBENCH_SHAPE_POOL);
	struct iommubench_worker_result w[2];
	struct point_request r;
	uint64_t h[1];

	pt.hold_ns = 7;		/* stray: pool points send no hold */
	point_request(&pt, two_cpus.cpus, h, w, &r);
	CHECK_EQ(r.run.path, IOMMUBENCH_PATH_DMA);
	/* only the dma path's arguments: no map, unmap, pgsize or batch */
	CHECK_EQ(r.run.args_size, sizeof(struct iommubench_dma_args));
	CHECK_EQ(SENT(&r, struct iommubench_dma_args)->dma_api,
		 IOMMUBENCH_DMA_PAGE);
	CHECK_EQ(SENT(&r, struct iommubench_dma_args)->sg_nents, 0); /* page */
	CHECK_EQ(SENT(&r, struct iommubench_dma_args)->dma_dir,
		 IOMMUBENCH_DIR_TO_DEVICE);
	CHECK_EQ(SENT(&r, struct iommubench_dma_args)->dma_bits, 40);
	CHECK_EQ(r.req.shape, IOMMUBENCH_SHAPE_POOL);
	CHECK_EQ(r.req.pool_depth, 64);
	CHECK_EQ(r.req.pool_order, IOMMUBENCH_POOL_RANDOM);
	CHECK_EQ_U64(r.req.hold_ns, 0);	/* pool: none */
	CHECK_EQ(r.run.pad, 0);
	CHECK_EQ(fake_kmod_validate(&r.run), 0);

	pt = dma_point(SUITE_MODE_KEEP, IOMMUBENCH_SHAPE_HOLD);
	DMA(&pt)->dma_api = IOMMUBENCH_DMA_SG;
	DMA(&pt)->sg_nents = 1;
	pt.pool_depth = 3;	/* stray: hold points send no pool */
	point_request(&pt, two_cpus.cpus, h, w, &r);
	CHECK_EQ(SENT(&r, struct iommubench_dma_args)->sg_nents, 1);
	CHECK_EQ(r.req.shape, IOMMUBENCH_SHAPE_HOLD);
	CHECK_EQ_U64(r.req.hold_ns, 5000);
	CHECK_EQ(r.req.pool_depth, 0);
	CHECK_EQ(r.req.pool_order, 0);
	CHECK_EQ(fake_kmod_validate(&r.run), 0);

	/* iommu points send the iommu path's arguments, no dma ones */
	pt = point(1);
	point_request(&pt, two_cpus.cpus, h, w, &r);
	CHECK_EQ(r.run.path, IOMMUBENCH_PATH_IOMMU);
	CHECK_EQ(r.run.args_size, sizeof(struct iommubench_iommu_args));
	CHECK_EQ(fake_kmod_validate(&r.run), 0);
	/* copy_struct_from_user: a longer struct with a zero tail is fine,
	 * a non-zero tail (fields this module does not know) is refused */
	r.run.args_size = sizeof(struct iommubench_sim_args);
	CHECK_EQ(fake_kmod_validate(&r.run), 0);
	r.args[sizeof(struct iommubench_iommu_args)] = 1;
	CHECK_EQ(fake_kmod_validate(&r.run), -E2BIG);
}

/* A mode hook that says what the test wants, and counts its calls. */
static int mode_rc;
static unsigned int mode_calls;

static int fake_mode(void *ctx, const struct suite_point *pt, char *gt,
		     size_t gtlen, char *why, size_t whylen)
{
	(void)ctx;
	mode_calls++;
	snprintf(gt, gtlen, "%s", pt->mode == SUITE_MODE_STRICT ? "DMA" : "DMA-FQ");
	if (mode_rc)
		snprintf(why, whylen, "reason %d", mode_rc);
	return mode_rc;
}

TEST(point_runner_dma_counters_label_and_domain)
{
	struct suite_point pt = dma_point(SUITE_MODE_FQ, IOMMUBENCH_SHAPE_POOL);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	pr.mode_fn = fake_mode;
	mode_rc = POINT_MODE_OK;
	fake_kmod_dma_domain = IOMMUBENCH_DOMAIN_DMA_FQ;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK_STREQ(res.label, "cpus:4,6 group_type:DMA-FQ");
	CHECK_NEAR(counter(&res, "domain_type"), IOMMUBENCH_DOMAIN_DMA_FQ, 0);
	CHECK_NEAR(counter(&res, "max_live"), 64, 0);
	CHECK_NEAR(counter(&res, "map_calls_per_op"), 1, 0);
	CHECK_NEAR(counter(&res, "ops_per_s"), 1e6, 1e-6);
	CHECK_NEAR(counter(&res, "ops_per_s_per_thread"), 5e5, 1e-6);
	CHECK_NEAR(counter(&res, "workers_distinct_cpus"), 2, 0);
	CHECK_EQ(pr.runs_ok, 1);

	/* The kernel ran fq on a strict domain: that point failed. */
	pt.mode = SUITE_MODE_STRICT;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_CONTAINS(res.error, "the module ran dma/api:page/mode:fq/shape:pair/dir:bidi/size:4096/threads:2 on a DMA-FQ domain (domain_type 3), mode strict asks for DMA");
	CHECK_STREQ(res.label, "status:failed");
	CHECK_EQ(pr.failures, 1);
	/* keep asks for nothing */
	pt.mode = SUITE_MODE_KEEP;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	point_runner_free(&pr);
}

TEST(point_runner_mode_hook_skip_fail_fatal)
{
	struct suite_point pt = dma_point(SUITE_MODE_STRICT, IOMMUBENCH_SHAPE_PAIR);
	struct suite_point pt2 = dma_point(SUITE_MODE_FQ, IOMMUBENCH_SHAPE_PAIR);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct point_slot slot2 = { .pt = &pt2, .pr = &pr };
	struct gbs_result res;
	char sum[512];
	unsigned int calls = fake_kmod_calls;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	pr.mode_fn = fake_mode;
	mode_rc = POINT_MODE_SKIP;
	for (int rep = 0; rep < 3; rep++) {
		memset(&res, 0, sizeof(res));
		point_runner_body(&slot, &res);
		CHECK_STREQ(res.error, "skipped: reason 1");
		CHECK_STREQ(res.label, "status:skipped");
	}
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot2, &res);
	CHECK_EQ(pr.skipped, 2);	/* points, not repetitions */
	CHECK_EQ(pr.failures, 0);
	point_runner_skip_summary(&pr, sum, sizeof(sum));
	CHECK_STREQ(sum, "reason 1");
	CHECK_EQ(fake_kmod_calls, calls);

	mode_rc = POINT_MODE_FAIL;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "reason 2 (mode strict for dma/api:page/mode:fq/shape:pair/dir:bidi/size:4096/threads:2)");
	CHECK_EQ(pr.failures, 1);
	CHECK_STREQ(pr.fatal, "");

	mode_rc = POINT_MODE_FATAL;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_EQ(pr.failures, 2);
	CHECK_STREQ(pr.fatal, "reason 3");
	/* Nothing after a fatal one reaches the hook or the kernel. */
	mode_rc = POINT_MODE_OK;
	mode_calls = 0;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot2, &res);
	CHECK_STREQ(res.error, "No such device (ENODEV): not run: reason 3");
	CHECK_EQ(mode_calls, 0);
	CHECK_EQ(fake_kmod_calls, calls);
	CHECK_EQ(pr.failures, 3);
	CHECK_STREQ(pr.last_error, "No such device (ENODEV): not run: reason 3");
	point_runner_free(&pr);
}

TEST(point_runner_without_hook_skips_switching_modes)
{
	struct suite_point pt = dma_point(SUITE_MODE_STRICT, IOMMUBENCH_SHAPE_PAIR);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "skipped: this runner cannot switch the IOMMU group type");
	CHECK_EQ(pr.failures, 0);
	point_runner_free(&pr);
}

/* Two workers the kernel put on one CPU. */
static int same_cpu(int fd, struct iommubench_run *r)
{
	const struct iommubench_run_req *q =
		(const struct iommubench_run_req *)(uintptr_t)r->req_ptr;
	struct iommubench_worker_result *w =
		(struct iommubench_worker_result *)(uintptr_t)q->workers_ptr;
	int e = fake_kmod_run(fd, r);

	w[1].cpu = w[0].cpu;
	return e;
}

TEST(point_runner_counts_distinct_and_misplaced_workers)
{
	struct suite_point pt = dma_point(SUITE_MODE_KEEP, IOMMUBENCH_SHAPE_PAIR);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	CHECK_EQ(point_runner_init(&pr, -1, same_cpu, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK_NEAR(counter(&res, "workers_distinct_cpus"), 1, 0);
	CHECK_NEAR(counter(&res, "workers_misplaced"), 1, 0);
	point_runner_free(&pr);
}

/* A module that wrote only the first few histograms (an older one's). */
static int few_hists(int fd, struct iommubench_run *r)
{
	struct iommubench_run_report *rep =
		(struct iommubench_run_report *)(uintptr_t)r->report_ptr;
	int e = fake_kmod_run(fd, r);

	rep->hist_written = IOMMUBENCH_HIST_INVAL_WAIT;
	return e;
}

/* One that claims more histograms than it was asked for. */
static int too_many_hists(int fd, struct iommubench_run *r)
{
	struct iommubench_run_report *rep =
		(struct iommubench_run_report *)(uintptr_t)r->report_ptr;
	int e = fake_kmod_run(fd, r);

	rep->hist_written = IOMMUBENCH_HIST_NR + 1;
	return e;
}

TEST(point_runner_histograms_not_written_are_not_reported)
{
	struct suite_point pt = dma_point(SUITE_MODE_KEEP, IOMMUBENCH_SHAPE_PAIR);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	fake_kmod_inval_probe = 1;
	CHECK_EQ(point_runner_init(&pr, -1, few_hists, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK(counter(&res, "map_p50_ns") > 0);
	CHECK_NEAR(counter(&res, "inval_per_op"), 2, 0);
	/* INVAL_WAIT was not written: not "no waits" */
	CHECK_NEAR(counter(&res, "inval_wait_p50_ns"), -1, 0);
	CHECK_NEAR(counter(&res, "inval_waits_ge_100us"), -1, 0);
	CHECK(!strstr(histlog_since(&pr.log, &(size_t){ 0 }), "\"inval_wait\""));
	point_runner_free(&pr);

	CHECK_EQ(point_runner_init(&pr, -1, too_many_hists, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK(strstr(res.error, "EPROTO") != NULL);
	CHECK_EQ(pr.failures, 1);
	point_runner_free(&pr);
	fake_kmod_inval_probe = 0;
}

static struct suite_point sim_point(uint32_t fault, uint32_t policy,
				    uint64_t deadline_ns)
{
	struct suite_point pt = {
		.name = "sim/entry:map/fault:stall-forever/policy:vtd-6.1/map:range/unmap:strict/pgsize:all4k/size:8192/threads:2",
		.path = path_find("sim"),
		.threads = 2,
		.shape = IOMMUBENCH_SHAPE_PAIR,
		.size = 8192,
		.ops = 10,
		.warmup = 2,
	};
	*SIM(&pt) = (struct iommubench_sim_args){
		.iommu = {
			.map_mode = IOMMUBENCH_MAP_RANGE,
			.unmap_mode = IOMMUBENCH_UNMAP_STRICT,
			.batch = 256,
			.pgsize_mask = IOMMU_PATH_PGSIZE_ALL4K,
		},
		.entry = IOMMUBENCH_SIM_MAP,
		.fault = fault,
		.policy = policy,
		.hw_pgsize = 0x1000,
		.service_ns = 1000,
		.deadline_ns = deadline_ns,
	};
	if (fault == IOMMUBENCH_SIM_FAULT_STALL)
		SIM(&pt)->fault_ns = 10000000;
	if (fault == IOMMUBENCH_SIM_FAULT_TIMEOUT)
		SIM(&pt)->fault_ppm = 500000;
	return pt;
}

TEST(point_request_sim_fields_and_zeroes)
{
	struct suite_point pt = sim_point(IOMMUBENCH_SIM_FAULT_STALL,
					  IOMMUBENCH_SIM_BOUNDED, 100000000);
	struct iommubench_worker_result w[2];
	struct point_request r;
	struct iommubench_sim_args *a;
	uint64_t h[1];

	point_request(&pt, two_cpus.cpus, h, w, &r);
	a = SENT(&r, struct iommubench_sim_args);
	CHECK_EQ(r.run.path, IOMMUBENCH_PATH_SIM);
	CHECK_EQ(r.run.args_size, sizeof(struct iommubench_sim_args));
	CHECK_EQ(a->iommu.map_mode, IOMMUBENCH_MAP_RANGE);
	CHECK_EQ(a->iommu.unmap_mode, IOMMUBENCH_UNMAP_STRICT);
	CHECK_EQ_U64(a->iommu.pgsize_mask, 0xfffffffffffff000ULL);
	CHECK_EQ(a->iommu.batch, 256);
	CHECK_EQ(a->entry, IOMMUBENCH_SIM_MAP);
	CHECK_EQ(a->fault, IOMMUBENCH_SIM_FAULT_STALL);
	CHECK_EQ(a->policy, IOMMUBENCH_SIM_BOUNDED);
	CHECK_EQ_U64(a->hw_pgsize, 0x1000);
	CHECK_EQ_U64(a->service_ns, 1000);
	CHECK_EQ_U64(a->fault_ns, 10000000);
	CHECK_EQ(a->fault_ppm, 0);
	CHECK_EQ_U64(a->deadline_ns, 100000000);
	CHECK_EQ(fake_kmod_validate(&r.run), 0);

	/* what the module refuses, the fake refuses */
	a->deadline_ns = 0;				/* bounded needs one */
	CHECK_EQ(fake_kmod_validate(&r.run), -EINVAL);
	a->deadline_ns = IOMMUBENCH_SIM_MAX_DEADLINE_NS + 1;
	CHECK_EQ(fake_kmod_validate(&r.run), -EINVAL);
	a->deadline_ns = 100000000;
	a->fault_ppm = 5;				/* not a timeout fault */
	CHECK_EQ(fake_kmod_validate(&r.run), -EINVAL);
	a->fault_ppm = 0;
	a->iommu.pgsize_mask = 0;			/* required for sim */
	CHECK_EQ(fake_kmod_validate(&r.run), -EINVAL);
	a->iommu.pgsize_mask = 0x1000;
	a->hw_pgsize = 0x200000;			/* no 4 KiB entries */
	CHECK_EQ(fake_kmod_validate(&r.run), -EINVAL);
	a->hw_pgsize = 0x1000;
	a->service_ns = IOMMUBENCH_SIM_MAX_SERVICE_NS + 1;
	CHECK_EQ(fake_kmod_validate(&r.run), -EINVAL);
	a->service_ns = 0;
	a->fault_ns = IOMMUBENCH_SIM_MAX_FAULT_NS + 1;
	CHECK_EQ(fake_kmod_validate(&r.run), -EINVAL);
	a->fault_ns = 1;
	CHECK_EQ(fake_kmod_validate(&r.run), 0);

	/* unbounded policies carry no deadline; timeouts their odds */
	pt = sim_point(IOMMUBENCH_SIM_FAULT_TIMEOUT,
		       IOMMUBENCH_SIM_UNBOUNDED_GONE, 0);
	point_request(&pt, two_cpus.cpus, h, w, &r);
	a = SENT(&r, struct iommubench_sim_args);
	CHECK_EQ(a->fault_ppm, 500000);
	CHECK_EQ_U64(a->fault_ns, 0);
	CHECK_EQ_U64(a->deadline_ns, 0);
	CHECK_EQ(fake_kmod_validate(&r.run), 0);

	/* iommu and dma points send no sim arguments */
	pt = point(1);
	point_request(&pt, two_cpus.cpus, h, w, &r);
	CHECK_EQ(r.run.args_size, sizeof(struct iommubench_iommu_args));
	CHECK_EQ(fake_kmod_validate(&r.run), 0);
	pt = dma_point(SUITE_MODE_KEEP, IOMMUBENCH_SHAPE_PAIR);
	point_request(&pt, two_cpus.cpus, h, w, &r);
	CHECK_EQ(r.run.args_size, sizeof(struct iommubench_dma_args));
	CHECK_EQ(fake_kmod_validate(&r.run), 0);
	/* a sim header over dma arguments: the module refuses it */
	r.run.path = IOMMUBENCH_PATH_SIM;
	CHECK(fake_kmod_validate(&r.run) < 0);
}

TEST(point_runner_sim_counters_and_label)
{
	struct suite_point pt = sim_point(IOMMUBENCH_SIM_FAULT_STALL_FOREVER,
					  IOMMUBENCH_SIM_UNBOUNDED, 0);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK_STREQ(res.label,
		    "sim:true eff_pgsize:0xfffffffffffff000 cpus:4,6 group_type:none");
	/* fake_kmod: every one of the 2000 timed waits capped */
	CHECK_NEAR(counter(&res, "sim_would_not_terminate"), 2000, 0);
	CHECK_NEAR(counter(&res, "sim_gave_up"), 0, 0);
	CHECK_NEAR(counter(&res, "sim_restarts"), 0, 0);
	/* 0.5 ms of spinning over 2 workers x 2 ms */
	CHECK_NEAR(counter(&res, "sim_lock_spin_frac"), 0.125, 1e-12);
	/* map(): one driver call per 4 KiB page of 8 KiB */
	CHECK_NEAR(counter(&res, "sim_driver_calls_per_op"), 2, 0);

	pt = sim_point(IOMMUBENCH_SIM_FAULT_STALL_FOREVER,
		       IOMMUBENCH_SIM_BOUNDED, 100000000);
	SIM(&pt)->entry = IOMMUBENCH_SIM_MAP_PAGES;
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK_NEAR(counter(&res, "sim_would_not_terminate"), 0, 0);
	CHECK_NEAR(counter(&res, "sim_gave_up"), 2000, 0);
	CHECK_NEAR(counter(&res, "sim_driver_calls_per_op"), 1, 0);

	/* other paths: not available, and no sim: in the label */
	pt = point(2);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "");
	CHECK(!strstr(res.label, "sim:"));
	CHECK_NEAR(counter(&res, "sim_would_not_terminate"), -1, 0);
	CHECK_NEAR(counter(&res, "sim_lock_spin_frac"), -1, 0);
	CHECK_NEAR(counter(&res, "sim_driver_calls_per_op"), -1, 0);
	point_runner_free(&pr);
}
