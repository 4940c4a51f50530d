// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of point_runner.c with fake_kmod standing in for the kernel: the
 * request fields, the error texts, the interrupt handling.
 */
#include <errno.h>
#include <signal.h>

#include "fake_kmod.h"
#include "harness.h"
#include "metrics.h"
#include "point_runner.h"

static struct cpu_choice two_cpus = { .cpus = { 4, 6 }, .n = 2, .n_local = 2,
				      .locality = "test" };

static struct suite_point point(uint32_t threads)
{
	struct suite_point pt = {
		.name = "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:8192/threads:1",
		.path = IOMMUBENCH_PATH_IOMMU,
		.map_mode = IOMMUBENCH_MAP_PER_PAGE,
		.unmap_mode = IOMMUBENCH_UNMAP_DEFERRED,
		.threads = threads,
		.batch = 256,
		.pgsize = 0x1000,
		.size = 8192,
		.ops = 2000,
		.duration_ns = 200000000,
		.warmup = 16,
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
	struct iommubench_run r;
	uint64_t h[1];

	point_request(&pt, two_cpus.cpus, h, w, &r);
	CHECK_EQ(r.size, sizeof(struct iommubench_run));
	CHECK_EQ(r.path, IOMMUBENCH_PATH_IOMMU);
	CHECK_EQ(r.map_mode, IOMMUBENCH_MAP_PER_PAGE);
	CHECK_EQ(r.unmap_mode, IOMMUBENCH_UNMAP_DEFERRED);
	CHECK_EQ(r.batch, 256);
	CHECK_EQ(r.nr_threads, 2);
	CHECK_EQ_U64(r.pgsize_mask, 0x1000);
	CHECK_EQ_U64(r.buf_size, 8192);
	CHECK_EQ_U64(r.ops, 2000);
	CHECK_EQ_U64(r.duration_ns, 200000000);
	CHECK_EQ_U64(r.warmup_ops, 16);
	CHECK(r.cpus_ptr == (uint64_t)(uintptr_t)two_cpus.cpus);
	CHECK(r.hist_ptr == (uint64_t)(uintptr_t)h);
	CHECK(r.workers_ptr == (uint64_t)(uintptr_t)w);
	CHECK_EQ_U64(r.flags, 0);
	CHECK_EQ_U64(r.result_flags, 0);
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
	CHECK_STREQ(res.label, "eff_pgsize:0x1000 cpus:4,6");
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

TEST(point_runner_too_few_cpus)
{
	struct suite_point pt = point(3);
	struct point_runner pr;
	struct point_slot slot = { .pt = &pt, .pr = &pr };
	struct gbs_result res;
	unsigned int calls = fake_kmod_calls;

	CHECK_EQ(point_runner_init(&pr, -1, fake_kmod_run, &two_cpus), 0);
	memset(&res, 0, sizeof(res));
	point_runner_body(&slot, &res);
	CHECK_STREQ(res.error, "Invalid argument (EINVAL): 3 threads need 3 CPUs, 2 usable");
	CHECK_EQ(fake_kmod_calls, calls);
	CHECK_EQ(pr.failures, 1);
	point_runner_free(&pr);
}
