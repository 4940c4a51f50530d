// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_check: the module's ABI checks, run inside a guest with the module
 * loaded and a device bound to it.
 *
 * Every bad argument must be refused with the documented errno and leave
 * nothing behind (no pages allocated, nothing mapped); a good run must do the
 * ops it was asked for and leave nothing behind either. Prints one line per
 * check and ends with "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "iommubench.h"

static int passed, failed;
static int fd = -1;
static uint32_t cpu0;
static uint32_t two_cpus[2] = { 0, 1 };
static uint64_t *hist;
static struct iommubench_worker_result workers[2];

static void check(int ok, const char *name, const char *detail)
{
	if (ok) {
		passed++;
		printf("ok - %s\n", name);
	} else {
		failed++;
		printf("FAIL - %s%s%s\n", name, detail ? ": " : "", detail ? detail : "");
	}
}

static int get_info(struct iommubench_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, IOMMUBENCH_IOC_INFO, info);
}

/* MemTotal in bytes (the kernel's totalram_pages), 0 if unreadable. */
static uint64_t mem_total(void)
{
	unsigned long long kb = 0;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return (uint64_t)kb * 1024;
}

/* A valid small run; each bad-argument case breaks one field of it. */
static void good_run(struct iommubench_run *r)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->path = IOMMUBENCH_PATH_IOMMU;
	r->map_mode = IOMMUBENCH_MAP_RANGE;
	r->unmap_mode = IOMMUBENCH_UNMAP_STRICT;
	r->shape = IOMMUBENCH_SHAPE_PAIR;
	r->batch = 256;
	r->nr_threads = 1;
	r->buf_size = 2 << 20;
	r->pgsize_mask = 0;
	r->ops = 20;
	r->warmup_ops = 2;
	r->cpus_ptr = (uintptr_t)&cpu0;
	r->hist_ptr = (uintptr_t)hist;
	r->workers_ptr = (uintptr_t)workers;
}

/* A valid small run on the DMA API path. */
static void good_dma_run(struct iommubench_run *r)
{
	good_run(r);
	r->path = IOMMUBENCH_PATH_DMA;
	r->map_mode = 0;
	r->unmap_mode = 0;
	r->dma_api = IOMMUBENCH_DMA_PAGE;
	r->dma_dir = IOMMUBENCH_DIR_BIDIRECTIONAL;
	r->buf_size = 4096;
	r->ops = 100;
}

/* Nothing allocated and nothing mapped: the module's own accounting. */
static int at_rest(char *why, size_t len)
{
	struct iommubench_info info;

	if (get_info(&info)) {
		snprintf(why, len, "INFO failed: %s", strerror(errno));
		return 0;
	}
	snprintf(why, len, "alloc_pages %llu, live_mappings %llu, flags %#x",
		 (unsigned long long)info.alloc_pages,
		 (unsigned long long)info.live_mappings, info.flags);
	return info.alloc_pages == 0 && info.live_mappings == 0 &&
	       !(info.flags & IOMMUBENCH_INFO_RUNNING);
}

static void expect_errno(const char *name, struct iommubench_run *r, int want)
{
	char why[160], name2[160];
	int ret = ioctl(fd, IOMMUBENCH_IOC_RUN, r);
	int err = errno;

	snprintf(why, sizeof(why), "got %d (%s), want %s", ret,
		 ret ? strerror(err) : "success", strerror(want));
	check(ret == -1 && err == want, name, why);
	snprintf(name2, sizeof(name2), "%s leaves nothing behind", name);
	check(at_rest(why, sizeof(why)), name2, why);
}

int main(int argc, char **argv)
{
	struct iommubench_info info;
	struct iommubench_run r;
	uint64_t hw, top;
	char why[200];
	int fd2;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: %s\n  Checks /dev/iommubench's ABI; needs the module loaded and a device bound.\n",
		       argv[0]);
		return 0;
	}
	hist = calloc((size_t)IOMMUBENCH_HIST_NR * IOMMUBENCH_HIST_BUCKETS,
		      sizeof(*hist));
	if (!hist)
		return 4;
	fd = open("/dev/" IOMMUBENCH_DEV_NAME, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "error: open /dev/%s: %s\n", IOMMUBENCH_DEV_NAME,
			strerror(errno));
		return 3;
	}

	fd2 = open("/dev/" IOMMUBENCH_DEV_NAME, O_RDWR);
	check(fd2 < 0 && errno == EBUSY, "second opener gets EBUSY", NULL);
	if (fd2 >= 0)
		close(fd2);

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info) - 8;
	check(ioctl(fd, IOMMUBENCH_IOC_INFO, &info) == -1 && errno == EINVAL,
	      "INFO with a wrong struct size gets EINVAL", NULL);
	check(ioctl(fd, _IO(IOMMUBENCH_IOC_MAGIC, 0x7f)) == -1 && errno == ENOTTY,
	      "unknown command gets ENOTTY", NULL);
	check(get_info(&info) == 0 && info.abi_version == IOMMUBENCH_ABI_VERSION,
	      "INFO answers with our ABI version", NULL);
	snprintf(why, sizeof(why), "flags %#x, hw %#llx", info.flags,
		 (unsigned long long)info.hw_pgsize_bitmap);
	check((info.flags & IOMMUBENCH_INFO_BOUND) && info.hw_pgsize_bitmap,
	      "a device is bound with a hardware pgsize_bitmap", why);
	check(at_rest(why, sizeof(why)), "module at rest before any run", why);
	hw = info.hw_pgsize_bitmap;
	top = 1ULL << (63 - __builtin_clzll(hw));

	good_run(&r);
	r.size = sizeof(r) + 8;
	expect_errno("RUN with a wrong struct size", &r, EINVAL);
	good_run(&r);
	r.buf_size = 0;
	expect_errno("zero size", &r, EINVAL);
	good_run(&r);
	r.buf_size = IOMMUBENCH_MAX_SIZE + 4096;
	expect_errno("huge size", &r, EINVAL);
	good_run(&r);
	r.buf_size = 4096 + 512;
	expect_errno("size not a multiple of the page size", &r, EINVAL);
	good_run(&r);
	r.path = 77;
	expect_errno("unknown path", &r, EINVAL);
	good_run(&r);
	r.map_mode = 0;
	expect_errno("unknown map mode", &r, EINVAL);
	good_run(&r);
	r.unmap_mode = 9;
	expect_errno("unknown unmap mode", &r, EINVAL);
	good_run(&r);
	r.pgsize_mask = 0x800;	/* 2 KiB: below every IOMMU's smallest page */
	expect_errno("pgsize not a subset of the hardware bitmap", &r, EINVAL);
	if (top < (1ULL << 63)) {
		good_run(&r);
		r.pgsize_mask = top << 1;
		expect_errno("pgsize above the hardware bitmap", &r, EINVAL);
	}
	good_run(&r);
	r.iova_base = (1ULL << 32) + 512;	/* not even page aligned */
	expect_errno("IOVA not page aligned", &r, EINVAL);
	if (hw & (2ULL << 20)) {
		good_run(&r);
		r.iova_base = (1ULL << 32) + 4096; /* 4 KiB off a 2 MiB window */
		expect_errno("IOVA not aligned to the window's page size", &r,
			     EINVAL);
	}
	good_run(&r);
	r.iova_base = 0xfee00000ULL & ~((2ULL << 20) - 1);	/* x86 MSI window */
	if (r.iova_base)
		expect_errno("IOVA over a reserved region (x86 MSI)", &r,
			     EINVAL);
	/* 4096 live 64 MiB windows: 512 MiB of page tables plus the buffer */
	good_run(&r);
	r.shape = IOMMUBENCH_SHAPE_POOL;
	r.pool_order = IOMMUBENCH_POOL_FIFO;
	r.pool_depth = IOMMUBENCH_MAX_POOL;
	r.buf_size = IOMMUBENCH_MAX_SIZE;
	if (mem_total() &&
	    r.buf_size + r.pool_depth * (r.buf_size / 512) > mem_total() / 4)
		expect_errno("a run needing over a quarter of RAM", &r, ENOMEM);
	good_run(&r);
	r.nr_threads = 0;
	expect_errno("zero threads", &r, EINVAL);
	good_run(&r);
	r.nr_threads = IOMMUBENCH_MAX_THREADS + 1;
	expect_errno("too many threads", &r, EINVAL);
	good_run(&r);
	r.batch = 0;
	expect_errno("zero batch", &r, EINVAL);
	good_run(&r);
	r.ops = 0;
	r.duration_ns = 0;
	expect_errno("neither ops nor duration", &r, EINVAL);
	good_run(&r);
	r.flags = 1ULL << 63;	/* reserved */
	expect_errno("reserved flags set", &r, EINVAL);
	good_run(&r);
	cpu0 = 100000;
	expect_errno("CPU that does not exist", &r, EINVAL);
	cpu0 = 0;
	good_run(&r);
	r.hist_ptr = 0;
	expect_errno("no histogram buffer", &r, EINVAL);
	good_run(&r);
	r.cpus_ptr = 16;	/* garbage pointer */
	expect_errno("garbage CPU-list pointer", &r, EFAULT);

	/* ABI 2: shapes and the dma path */
	good_run(&r);
	r.shape = 0;
	expect_errno("unknown shape", &r, EINVAL);
	good_run(&r);
	r.pad = 1;
	expect_errno("padding not zero", &r, EINVAL);
	good_run(&r);
	r.shape = IOMMUBENCH_SHAPE_POOL;
	r.pool_order = IOMMUBENCH_POOL_FIFO;
	expect_errno("pool of depth 0", &r, EINVAL);
	r.pool_depth = IOMMUBENCH_MAX_POOL + 1;
	expect_errno("pool deeper than the limit", &r, EINVAL);
	r.pool_depth = 4;
	r.pool_order = 7;
	expect_errno("unknown pool order", &r, EINVAL);
	good_run(&r);
	r.pool_depth = 4;
	expect_errno("pool depth on a pair", &r, EINVAL);
	good_run(&r);
	r.shape = IOMMUBENCH_SHAPE_HOLD;
	expect_errno("hold of 0 ns", &r, EINVAL);
	r.hold_ns = IOMMUBENCH_MAX_HOLD_NS + 1;
	expect_errno("hold longer than the limit", &r, EINVAL);
	good_run(&r);
	r.dma_api = IOMMUBENCH_DMA_PAGE;
	expect_errno("iommu path with a DMA API set", &r, EINVAL);
	good_dma_run(&r);
	r.map_mode = IOMMUBENCH_MAP_RANGE;
	expect_errno("dma path with a map mode", &r, EINVAL);
	good_dma_run(&r);
	r.pgsize_mask = 0x1000;
	expect_errno("dma path with a page-size mask (the DMA API picks)", &r, EINVAL);
	good_dma_run(&r);
	r.iova_base = 1ULL << 32;
	expect_errno("dma path with an IOVA (the DMA API picks)", &r, EINVAL);
	good_dma_run(&r);
	r.dma_api = 0;
	expect_errno("dma path without a DMA API", &r, EINVAL);
	good_dma_run(&r);
	r.dma_dir = 3;
	expect_errno("unknown DMA direction", &r, EINVAL);
	good_dma_run(&r);
	r.dma_bits = 12;
	expect_errno("DMA mask of 12 bits", &r, EINVAL);
	good_dma_run(&r);
	r.buf_size = IOMMUBENCH_MAX_DMA_SIZE + 4096;
	expect_errno("dma size above one buffer", &r, EINVAL);
	good_dma_run(&r);
	r.dma_api = IOMMUBENCH_DMA_SG;
	expect_errno("sg without entries", &r, EINVAL);
	r.sg_nents = 3;
	r.buf_size = 16384;
	expect_errno("sg entries that do not divide the size", &r, EINVAL);
	good_dma_run(&r);
	r.sg_nents = 4;
	expect_errno("sg entries on the page API", &r, EINVAL);

	good_run(&r);
	r.timer_period_ns = IOMMUBENCH_MIN_TIMER_PERIOD_NS - 1;
	expect_errno("victim timer period below 10 us", &r, EINVAL);
	r.timer_period_ns = IOMMUBENCH_MAX_TIMER_PERIOD_NS + 1;
	expect_errno("victim timer period above 1 s", &r, EINVAL);

	/* the victim timer fires about once per period on the worker's CPU */
	good_dma_run(&r);
	r.ops = 0;
	r.duration_ns = 200000000ULL;		/* 0.2 s */
	r.timer_period_ns = 100000ULL;		/* 100 us */
	{
		uint64_t late = 0;
		const uint64_t *h = hist + (size_t)IOMMUBENCH_HIST_TIMER_LATE *
					   IOMMUBENCH_HIST_BUCKETS;
		int rc = ioctl(fd, IOMMUBENCH_IOC_RUN, &r);

		for (size_t b = 0; b < IOMMUBENCH_HIST_BUCKETS; b++)
			late += h[b];
		snprintf(why, sizeof(why), "%s, fires %llu in %llu ns, histogram %llu",
			 rc ? strerror(errno) : "ok",
			 (unsigned long long)r.timer_fires,
			 (unsigned long long)r.elapsed_ns,
			 (unsigned long long)late);
		check(rc == 0 && r.timer_fires > 0 &&
		      r.timer_fires <= r.elapsed_ns / 100000ULL + 2 &&
		      late == r.timer_fires,
		      "victim timer fires at most once per period, each one recorded", why);
		snprintf(why, sizeof(why), "flags %#llx, fq flushes %llu, fq timeouts %llu",
			 (unsigned long long)r.result_flags,
			 (unsigned long long)r.fq_flush_count,
			 (unsigned long long)r.fq_timeout_count);
		if (r.domain_type == IOMMUBENCH_DOMAIN_DMA_FQ)
			check((r.result_flags & IOMMUBENCH_RES_FQ_AVAILABLE) &&
			      r.fq_flush_count > 0,
			      "flush-queue flushes counted under DMA-FQ", why);
	}
	check(at_rest(why, sizeof(why)), "timer run leaves nothing behind", why);

	/* ABI 4: the sim path's arguments, and other paths refusing them */
	good_run(&r);
	r.sim_service_ns = 1000;
	expect_errno("iommu path with a sim field set", &r, EINVAL);
	good_dma_run(&r);
	r.sim_policy = IOMMUBENCH_SIM_BOUNDED;
	expect_errno("dma path with a sim field set", &r, EINVAL);
	good_run(&r);
	r.path = IOMMUBENCH_PATH_SIM;
	r.pgsize_mask = 0x1000;
	r.sim_entry = IOMMUBENCH_SIM_MAP_PAGES;
	r.sim_policy = IOMMUBENCH_SIM_UNBOUNDED;
	r.sim_hw_pgsize = 0x1000;
	r.sim_entry = 3;
	expect_errno("sim: unknown driver entry", &r, EINVAL);
	r.sim_entry = IOMMUBENCH_SIM_MAP_PAGES;
	r.sim_policy = IOMMUBENCH_SIM_BOUNDED;
	expect_errno("sim: bounded policy without a deadline", &r, EINVAL);
	r.sim_policy = IOMMUBENCH_SIM_UNBOUNDED;
	r.sim_fault = IOMMUBENCH_SIM_FAULT_STALL;
	expect_errno("sim: stall without a duration", &r, EINVAL);
	r.sim_fault = IOMMUBENCH_SIM_FAULT_NONE;
	r.sim_hw_pgsize = 0x200000;
	expect_errno("sim: hardware without 4 KiB entries", &r, EINVAL);
	r.sim_hw_pgsize = 0x1000;
	r.sim_service_ns = IOMMUBENCH_SIM_MAX_SERVICE_NS + 1;
	expect_errno("sim: service time above the limit", &r, EINVAL);
	r.sim_service_ns = 1000;
	r.ops = 10;
	snprintf(why, sizeof(why), "%s, driver calls %llu, waits %llu",
		 ioctl(fd, IOMMUBENCH_IOC_RUN, &r) ? strerror(errno) : "ok",
		 (unsigned long long)r.sim_driver_calls,
		 (unsigned long long)r.inval_count);
	check(r.ops_done == 10 && r.sim_driver_calls == 10 && r.inval_count == 10 &&
	      r.sim_capped == 0, "sim: a 2 MiB map_pages run, one call and one wait per op", why);
	check(at_rest(why, sizeof(why)), "sim run leaves nothing behind", why);

	/* ABI 5: the real driver's map entry, counted on request, against the sim's */
	good_run(&r);
	r.flags = 2;
	expect_errno("unknown run flag", &r, EINVAL);
	{
		static const struct { uint32_t path, map; uint64_t per_op; } cc[] = {
			{ IOMMUBENCH_PATH_IOMMU, IOMMUBENCH_MAP_RANGE, 1 },
			{ IOMMUBENCH_PATH_IOMMU, IOMMUBENCH_MAP_PER_PAGE, 512 },
			{ IOMMUBENCH_PATH_SIM, IOMMUBENCH_MAP_RANGE, 1 },
			{ IOMMUBENCH_PATH_SIM, IOMMUBENCH_MAP_PER_PAGE, 512 },
		};

		for (size_t i = 0; i < sizeof(cc) / sizeof(cc[0]); i++) {
			char name[160];
			int rc;

			good_run(&r);
			r.path = cc[i].path;
			r.map_mode = cc[i].map;
			r.pgsize_mask = 0x1000;
			r.ops = 4;
			r.flags = IOMMUBENCH_RUN_COUNT_DRIVER_CALLS;
			if (cc[i].path == IOMMUBENCH_PATH_SIM) {
				r.sim_entry = IOMMUBENCH_SIM_MAP_PAGES;
				r.sim_policy = IOMMUBENCH_SIM_UNBOUNDED;
				r.sim_hw_pgsize = 0x1000;
			}
			rc = ioctl(fd, IOMMUBENCH_IOC_RUN, &r);
			snprintf(name, sizeof(name),
				 "%s %s map of 2 MiB at 4 KiB: %llu driver map call(s) per op",
				 cc[i].path == IOMMUBENCH_PATH_SIM ? "sim" : "real driver",
				 cc[i].map == IOMMUBENCH_MAP_RANGE ? "range" : "per-page",
				 (unsigned long long)cc[i].per_op);
			snprintf(why, sizeof(why), "%s, flags %#llx, calls %llu over %llu ops",
				 rc ? strerror(errno) : "ok",
				 (unsigned long long)r.result_flags,
				 (unsigned long long)r.driver_map_calls,
				 (unsigned long long)r.ops_done);
			check(rc == 0 && (r.result_flags & IOMMUBENCH_RES_DRV_AVAILABLE) &&
			      r.driver_map_calls == cc[i].per_op * r.ops_done, name, why);
		}
	}
	check(at_rest(why, sizeof(why)), "driver-call runs leave nothing behind", why);

	good_dma_run(&r);
	r.dma_bits = 32;
	snprintf(why, sizeof(why), "errno %s, domain_type %u, ops %llu",
		 ioctl(fd, IOMMUBENCH_IOC_RUN, &r) ? strerror(errno) : "none",
		 r.domain_type, (unsigned long long)r.ops_done);
	check(r.ops_done == 100 && r.domain_type >= IOMMUBENCH_DOMAIN_DMA &&
	      r.domain_type <= IOMMUBENCH_DOMAIN_DMA_FQ && r.map_calls == 1,
	      "dma_map_page run on the default (dma-iommu) domain", why);
	check(at_rest(why, sizeof(why)), "dma page run leaves nothing behind", why);

	good_dma_run(&r);
	r.dma_api = IOMMUBENCH_DMA_SG;
	r.sg_nents = 16;
	r.buf_size = 65536;
	snprintf(why, sizeof(why), "%s",
		 ioctl(fd, IOMMUBENCH_IOC_RUN, &r) ? strerror(errno) : "ok");
	check(r.ops_done == 100, "dma_map_sg run of 16 entries", why);
	check(at_rest(why, sizeof(why)), "dma sg run leaves nothing behind", why);

	good_run(&r);
	r.shape = IOMMUBENCH_SHAPE_POOL;
	r.pool_depth = 8;
	r.pool_order = IOMMUBENCH_POOL_FIFO;
	r.buf_size = 65536;
	r.ops = 50;
	snprintf(why, sizeof(why), "%s, max_live %llu",
		 ioctl(fd, IOMMUBENCH_IOC_RUN, &r) ? strerror(errno) : "ok",
		 (unsigned long long)r.max_live);
	check(r.ops_done == 50 && r.max_live == 8,
	      "iommu FIFO pool of 8 holds at most 8 live", why);
	check(at_rest(why, sizeof(why)), "iommu pool leaves nothing behind", why);

	good_dma_run(&r);
	r.shape = IOMMUBENCH_SHAPE_POOL;
	r.pool_depth = 16;
	r.pool_order = IOMMUBENCH_POOL_RANDOM;
	snprintf(why, sizeof(why), "%s, max_live %llu",
		 ioctl(fd, IOMMUBENCH_IOC_RUN, &r) ? strerror(errno) : "ok",
		 (unsigned long long)r.max_live);
	check(r.ops_done == 100 && r.max_live == 16,
	      "dma random pool of 16 holds at most 16 live", why);
	check(at_rest(why, sizeof(why)), "dma pool leaves nothing behind", why);

	good_dma_run(&r);
	r.shape = IOMMUBENCH_SHAPE_HOLD;
	r.hold_ns = 200000;
	r.ops = 10;
	snprintf(why, sizeof(why), "%s, elapsed %llu ns, map+unmap %llu ns",
		 ioctl(fd, IOMMUBENCH_IOC_RUN, &r) ? strerror(errno) : "ok",
		 (unsigned long long)r.elapsed_ns,
		 (unsigned long long)(r.map_ns + r.unmap_ns));
	check(r.ops_done == 10 && r.elapsed_ns >= 10 * 200000ULL &&
	      r.map_ns + r.unmap_ns < r.elapsed_ns - 10 * 200000ULL + 1,
	      "hold waits between map and unmap, outside the timed phases", why);

	if (sysconf(_SC_NPROCESSORS_ONLN) >= 2) {
		good_dma_run(&r);
		r.nr_threads = 2;
		r.cpus_ptr = (uintptr_t)two_cpus;
		snprintf(why, sizeof(why), "%s, cpus %u %u, ops %llu %llu",
			 ioctl(fd, IOMMUBENCH_IOC_RUN, &r) ? strerror(errno) : "ok",
			 workers[0].cpu, workers[1].cpu,
			 (unsigned long long)workers[0].ops,
			 (unsigned long long)workers[1].ops);
		check(r.ops_done == 200 && workers[0].cpu == 0 &&
		      workers[1].cpu == 1 && workers[0].ops == 100 &&
		      workers[1].ops == 100,
		      "two workers run on the two CPUs asked for", why);
		check(at_rest(why, sizeof(why)), "2-thread run leaves nothing behind", why);
	}

	good_run(&r);
	snprintf(why, sizeof(why), "%s", "");
	if (ioctl(fd, IOMMUBENCH_IOC_RUN, &r)) {
		snprintf(why, sizeof(why), "%s", strerror(errno));
		check(0, "a good run succeeds", why);
	} else {
		check(1, "a good run succeeds", NULL);
		snprintf(why, sizeof(why), "ops_done %llu",
			 (unsigned long long)r.ops_done);
		check(r.ops_done == 20, "a good run does exactly the ops asked", why);
		check(workers[0].cpu == cpu0 && workers[0].ops == 20,
		      "the worker ran on the CPU asked for", NULL);
		check(r.map_ns > 0 && r.unmap_ns > 0 && r.elapsed_ns >= r.map_ns,
		      "a good run reports its time", NULL);
		check(r.map_calls == 1, "range map of 2 MiB is one iommu_map()", NULL);
		check(r.clock_overhead_ns > 0 && r.clock_overhead_ns < 100000,
		      "clock overhead measured", NULL);
	}
	check(at_rest(why, sizeof(why)), "a good run leaves nothing behind", why);

	good_run(&r);
	r.map_mode = IOMMUBENCH_MAP_PER_PAGE;
	r.pgsize_mask = 0x1000;
	r.ops = 3;
	check(ioctl(fd, IOMMUBENCH_IOC_RUN, &r) == 0 && r.map_calls == 512,
	      "per-page map of 2 MiB at 4 KiB is 512 iommu_map() calls", NULL);
	check(at_rest(why, sizeof(why)), "per-page run leaves nothing behind", why);

	close(fd);
	free(hist);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
