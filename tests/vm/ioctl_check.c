// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_check: the module's ABI checks, run inside a guest with the module
 * loaded and a device bound to it.
 *
 * Every bad argument must be refused with the documented errno and leave
 * nothing behind (no pages allocated, nothing mapped); a good run must do the
 * ops it was asked for and leave nothing behind either. ABI 6's growth rules
 * are checked too: every struct the caller passes may be longer than the
 * module's if the extra bytes are zero (else E2BIG), never shorter than its
 * first version (EINVAL), and the report is written up to the smaller of
 * the two sizes. Prints one line per check and ends with
 * "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "iommubench.h"

#define TAIL	32		/* bytes past each struct, for the growth checks */
#define POISON	0xa5

static int passed, failed;
static int fd = -1;
static uint32_t cpu0;
static uint32_t two_cpus[2] = { 0, 1 };
static uint64_t *hist;
static struct iommubench_worker_result workers[2];

/*
 * One RUN call: the header and the three structs it points at, each with
 * room behind it for a caller that knows more fields than the module.
 */
struct run {
	struct iommubench_run hdr;
	unsigned char hdr_tail[TAIL];
	struct iommubench_run_req req;
	unsigned char req_tail[TAIL];
	union {
		struct iommubench_iommu_args iommu;
		struct iommubench_dma_args dma;
		struct iommubench_sim_args sim;
	} a;
	unsigned char a_tail[TAIL];
	struct iommubench_run_report rep;
	unsigned char rep_tail[TAIL];
};

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

/* A valid small iommu run; each bad-argument case breaks one field of it. */
static void good_run(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->hdr.size = sizeof(r->hdr);
	r->hdr.path = IOMMUBENCH_PATH_IOMMU;
	r->hdr.req_ptr = (uintptr_t)&r->req;
	r->hdr.req_size = sizeof(r->req);
	r->hdr.args_ptr = (uintptr_t)&r->a;
	r->hdr.args_size = sizeof(r->a.iommu);
	r->hdr.report_ptr = (uintptr_t)&r->rep;
	r->hdr.report_size = sizeof(r->rep);
	r->req.shape = IOMMUBENCH_SHAPE_PAIR;
	r->req.nr_threads = 1;
	r->req.buf_size = 2 << 20;
	r->req.ops = 20;
	r->req.warmup_ops = 2;
	r->req.cpus_ptr = (uintptr_t)&cpu0;
	r->req.hist_ptr = (uintptr_t)hist;
	r->req.workers_ptr = (uintptr_t)workers;
	r->req.hist_count = IOMMUBENCH_HIST_NR;
	r->req.worker_result_size = sizeof(workers[0]);
	r->a.iommu.map_mode = IOMMUBENCH_MAP_RANGE;
	r->a.iommu.unmap_mode = IOMMUBENCH_UNMAP_STRICT;
	r->a.iommu.batch = 256;
	r->a.iommu.pgsize_mask = 0;
}

/* A valid small run on the DMA API path. */
static void good_dma_run(struct run *r)
{
	good_run(r);
	memset(&r->a, 0, sizeof(r->a));
	r->hdr.path = IOMMUBENCH_PATH_DMA;
	r->hdr.args_size = sizeof(r->a.dma);
	r->a.dma.dma_api = IOMMUBENCH_DMA_PAGE;
	r->a.dma.dma_dir = IOMMUBENCH_DIR_BIDIRECTIONAL;
	r->req.buf_size = 4096;
	r->req.ops = 100;
}

/* A valid small sim run: 2 MiB map_pages() at 4 KiB, unbounded waits. */
static void good_sim_run(struct run *r)
{
	good_run(r);
	r->hdr.path = IOMMUBENCH_PATH_SIM;
	r->hdr.args_size = sizeof(r->a.sim);
	r->a.sim.iommu.pgsize_mask = 0x1000;
	r->a.sim.entry = IOMMUBENCH_SIM_MAP_PAGES;
	r->a.sim.policy = IOMMUBENCH_SIM_UNBOUNDED;
	r->a.sim.hw_pgsize = 0x1000;
	r->a.sim.service_ns = 1000;
	r->req.ops = 10;
}

static int do_run(struct run *r)
{
	return ioctl(fd, IOMMUBENCH_IOC_RUN, &r->hdr);
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

static void expect_errno(const char *name, struct run *r, int want)
{
	char why[160], name2[160];
	int ret = do_run(r);
	int err = errno;

	snprintf(why, sizeof(why), "got %d (%s), want %s", ret,
		 ret ? strerror(err) : "success", strerror(want));
	check(ret == -1 && err == want, name, why);
	snprintf(name2, sizeof(name2), "%s leaves nothing behind", name);
	check(at_rest(why, sizeof(why)), name2, why);
}

static void expect_ok(const char *name, struct run *r, uint64_t ops)
{
	char why[160];
	int ret = do_run(r);

	snprintf(why, sizeof(why), "%s, ops_done %llu, report.size %u",
		 ret ? strerror(errno) : "ok",
		 (unsigned long long)r->rep.ops_done, r->rep.size);
	check(ret == 0 && r->rep.ops_done == ops, name, why);
}

static int all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/*
 * ABI 6: a struct longer than the module's is taken if its extra bytes are
 * zero, refused with E2BIG if not; one shorter than its first version is
 * EINVAL. @size is the struct's size field in the header, @tail the bytes
 * behind the struct.
 */
static void check_in_growth(const char *what, void (*good)(struct run *),
			    size_t off_size, size_t off_tail, uint32_t ver0,
			    uint64_t ops)
{
	char name[160];
	struct run r;

	good(&r);
	*(uint32_t *)((char *)&r + off_size) += TAIL;
	snprintf(name, sizeof(name), "%s %u bytes longer, zero tail: accepted",
		 what, TAIL);
	expect_ok(name, &r, ops);
	good(&r);
	*(uint32_t *)((char *)&r + off_size) += TAIL;
	((unsigned char *)&r)[off_tail + TAIL - 1] = 1;
	snprintf(name, sizeof(name), "%s longer, non-zero tail", what);
	expect_errno(name, &r, E2BIG);
	good(&r);
	*(uint32_t *)((char *)&r + off_size) = ver0 - 8;
	snprintf(name, sizeof(name), "%s below its first version", what);
	expect_errno(name, &r, EINVAL);
}

static void check_abi_growth(void)
{
	struct iommubench_info info[2];
	char why[200];
	struct run r;
	int rc;

	/* the header: its own size field */
	check_in_growth("run header", good_run,
			offsetof(struct run, hdr.size),
			offsetof(struct run, hdr_tail), IOMMUBENCH_RUN_SIZE_VER0, 20);
	good_run(&r);
	r.hdr.size = 8192;
	expect_errno("run header of 8 KiB (above the module's 4 KiB limit)", &r,
		     E2BIG);
	check_in_growth("request", good_run,
			offsetof(struct run, hdr.req_size),
			offsetof(struct run, req_tail),
			IOMMUBENCH_RUN_REQ_SIZE_VER0, 20);
	good_run(&r);
	r.hdr.req_size = 8192;
	expect_errno("request of 8 KiB", &r, E2BIG);
	check_in_growth("iommu args", good_run,
			offsetof(struct run, hdr.args_size),
			offsetof(struct run, a_tail) -
			(sizeof(r.a) - sizeof(r.a.iommu)),
			IOMMUBENCH_IOMMU_ARGS_SIZE_VER0, 20);
	check_in_growth("dma args", good_dma_run,
			offsetof(struct run, hdr.args_size),
			offsetof(struct run, a_tail) -
			(sizeof(r.a) - sizeof(r.a.dma)),
			IOMMUBENCH_DMA_ARGS_SIZE_VER0, 100);
	check_in_growth("sim args", good_sim_run,
			offsetof(struct run, hdr.args_size),
			offsetof(struct run, a_tail) -
			(sizeof(r.a) - sizeof(r.a.sim)),
			IOMMUBENCH_SIM_ARGS_SIZE_VER0, 10);
	/* the dma path's arguments are shorter than the iommu path's */
	good_dma_run(&r);
	r.hdr.args_size = sizeof(r.a.iommu);
	r.a.iommu.pgsize_mask = 0x1000;
	expect_errno("dma args with an iommu field behind them", &r, E2BIG);

	/* the report: min(report_size, module's) written, size says how much */
	good_run(&r);
	r.hdr.report_size += TAIL;
	memset(&r.rep, POISON, sizeof(r.rep) + TAIL);
	rc = do_run(&r);
	snprintf(why, sizeof(why), "%s, report.size %u, ops_done %llu",
		 rc ? strerror(errno) : "ok", r.rep.size,
		 (unsigned long long)r.rep.ops_done);
	check(rc == 0 && r.rep.size == sizeof(r.rep) && r.rep.ops_done == 20,
	      "report_size above the module's: report.size = its sizeof", why);
	check(all_bytes(r.rep_tail, TAIL, POISON),
	      "report_size above the module's: bytes past it untouched", NULL);
	good_run(&r);
	r.hdr.report_size = IOMMUBENCH_RUN_REPORT_SIZE_VER0;
	rc = do_run(&r);
	snprintf(why, sizeof(why), "%s, report.size %u",
		 rc ? strerror(errno) : "ok", r.rep.size);
	check(rc == 0 && r.rep.size == IOMMUBENCH_RUN_REPORT_SIZE_VER0 &&
	      r.rep.ops_done == 20, "report_size of the first version works", why);
	good_run(&r);
	r.hdr.report_size = IOMMUBENCH_RUN_REPORT_SIZE_VER0 - 8;
	expect_errno("report below its first version", &r, EINVAL);

	/* the header's own fields */
	good_run(&r);
	r.hdr.pad = 1;
	expect_errno("run header padding not zero", &r, EINVAL);
	good_run(&r);
	r.hdr.req_ptr = 0;
	expect_errno("no request pointer", &r, EINVAL);
	good_run(&r);
	r.hdr.args_ptr = 0;
	expect_errno("no arguments pointer", &r, EINVAL);
	good_run(&r);
	r.hdr.report_ptr = 0;
	expect_errno("no report pointer", &r, EINVAL);
	good_run(&r);
	r.hdr.args_ptr = 16;	/* garbage pointer */
	expect_errno("garbage arguments pointer", &r, EFAULT);
	good_run(&r);
	r.hdr.req_ptr = 16;
	expect_errno("garbage request pointer", &r, EFAULT);
	good_run(&r);
	check(ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, IOMMUBENCH_IOC_MAGIC, 0x01,
			     IOMMUBENCH_RUN_SIZE_VER0), &r.hdr) == -1 &&
	      errno == ENOTTY,
	      "RUN under another direction or size than the frozen command: ENOTTY",
	      NULL);

	/* INFO: at least the first version; min(size, module's) written */
	memset(info, POISON, sizeof(info));
	info[0].size = IOMMUBENCH_INFO_SIZE_VER0 - 8;
	check(ioctl(fd, IOMMUBENCH_IOC_INFO, info) == -1 && errno == EINVAL,
	      "INFO below its first version gets EINVAL", NULL);
	memset(info, POISON, sizeof(info));
	info[0].size = sizeof(info);
	rc = ioctl(fd, IOMMUBENCH_IOC_INFO, info);
	snprintf(why, sizeof(why), "%s, info.size %u",
		 rc ? strerror(errno) : "ok", info[0].size);
	check(rc == 0 && info[0].size == sizeof(info[0]) &&
	      info[0].abi_version == IOMMUBENCH_ABI_VERSION &&
	      all_bytes((unsigned char *)&info[1], sizeof(info[1]), POISON),
	      "INFO larger than the module's: info.size = its sizeof, rest untouched",
	      why);
}

#define HIST_BYTES	(IOMMUBENCH_HIST_BUCKETS * sizeof(uint64_t))
#define WR_STRIDE	40	/* a caller whose worker_result is 16 bytes longer */

/* The counts in histogram @id of the buffer. */
static uint64_t hist_sum(unsigned int id)
{
	uint64_t n = 0;

	for (unsigned int b = 0; b < IOMMUBENCH_HIST_BUCKETS; b++)
		n += hist[(size_t)id * IOMMUBENCH_HIST_BUCKETS + b];
	return n;
}

/*
 * ABI 6's out-arrays: the module writes min(hist_count, HIST_NR)
 * histograms and min(worker_result_size, its sizeof) bytes of each worker
 * result at the caller's stride, and nothing past them.
 */
static void check_out_arrays(void)
{
	unsigned char wbuf[2 * WR_STRIDE];
	struct iommubench_worker_result w[2];
	unsigned int nw = sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
	char why[200];
	struct run r;
	int rc;

	good_run(&r);
	r.req.hist_count = 0;
	expect_errno("hist_count 0", &r, EINVAL);

	good_run(&r);
	r.req.hist_count = IOMMUBENCH_HIST_NR - 1;
	memset(hist, POISON, (IOMMUBENCH_HIST_NR + 1) * HIST_BYTES);
	rc = do_run(&r);
	snprintf(why, sizeof(why), "%s, hist_written %u, MAP counts %llu",
		 rc ? strerror(errno) : "ok", r.rep.hist_written,
		 (unsigned long long)hist_sum(IOMMUBENCH_HIST_MAP));
	check(rc == 0 && r.rep.hist_written == IOMMUBENCH_HIST_NR - 1 &&
	      hist_sum(IOMMUBENCH_HIST_MAP) == 20,
	      "hist_count HIST_NR-1: that many written, hist_written says so", why);
	check(all_bytes((unsigned char *)hist +
			(IOMMUBENCH_HIST_NR - 1) * HIST_BYTES, HIST_BYTES, POISON),
	      "hist_count HIST_NR-1: the last histogram untouched", NULL);

	good_run(&r);
	r.req.hist_count = IOMMUBENCH_HIST_NR + 1;
	memset(hist, POISON, (IOMMUBENCH_HIST_NR + 1) * HIST_BYTES);
	rc = do_run(&r);
	snprintf(why, sizeof(why), "%s, hist_written %u",
		 rc ? strerror(errno) : "ok", r.rep.hist_written);
	check(rc == 0 && r.rep.hist_written == IOMMUBENCH_HIST_NR &&
	      hist_sum(IOMMUBENCH_HIST_MAP) == 20 &&
	      !all_bytes((unsigned char *)hist +
			 (IOMMUBENCH_HIST_NR - 1) * HIST_BYTES, HIST_BYTES,
			 POISON),
	      "hist_count HIST_NR+1: HIST_NR written, hist_written = HIST_NR", why);
	check(all_bytes((unsigned char *)hist + IOMMUBENCH_HIST_NR * HIST_BYTES,
			HIST_BYTES, POISON),
	      "hist_count HIST_NR+1: the extra histogram untouched", NULL);
	memset(hist, 0, (IOMMUBENCH_HIST_NR + 1) * HIST_BYTES);

	good_run(&r);
	r.req.worker_result_size = IOMMUBENCH_WORKER_RESULT_SIZE_VER0;
	memset(workers, POISON, sizeof(workers));
	rc = do_run(&r);
	snprintf(why, sizeof(why), "%s, cpu %u, ops %llu",
		 rc ? strerror(errno) : "ok", workers[0].cpu,
		 (unsigned long long)workers[0].ops);
	check(rc == 0 && workers[0].cpu == cpu0 && workers[0].ops == 20 &&
	      workers[0].pad == 0,
	      "worker_result_size of the first version (24) works", why);

	good_run(&r);
	r.req.nr_threads = nw;
	r.req.cpus_ptr = (uintptr_t)two_cpus;
	r.req.workers_ptr = (uintptr_t)wbuf;
	r.req.worker_result_size = WR_STRIDE;
	memset(wbuf, POISON, sizeof(wbuf));
	rc = do_run(&r);
	memcpy(&w[0], wbuf, sizeof(w[0]));
	memcpy(&w[1], wbuf + WR_STRIDE, sizeof(w[1]));
	snprintf(why, sizeof(why), "%s, %u workers: cpu %u ops %llu, cpu %u ops %llu",
		 rc ? strerror(errno) : "ok", nw, w[0].cpu,
		 (unsigned long long)w[0].ops, w[1].cpu,
		 (unsigned long long)w[1].ops);
	check(rc == 0 && w[0].cpu == 0 && w[0].ops == 20 &&
	      (nw < 2 || (w[1].cpu == 1 && w[1].ops == 20)),
	      "worker_result_size 40: entries at a 40-byte stride", why);
	check(all_bytes(wbuf + sizeof(w[0]), WR_STRIDE - sizeof(w[0]), POISON) &&
	      (nw < 2 || all_bytes(wbuf + WR_STRIDE + sizeof(w[1]),
				   WR_STRIDE - sizeof(w[1]), POISON)),
	      "worker_result_size 40: bytes past 24 of each entry untouched", NULL);
	if (nw < 2)
		check(all_bytes(wbuf + WR_STRIDE, WR_STRIDE, POISON),
		      "worker_result_size 40: nothing past the one entry", NULL);

	good_run(&r);
	r.req.worker_result_size = IOMMUBENCH_WORKER_RESULT_SIZE_VER0 - 1;
	expect_errno("worker_result_size below its first version (23)", &r,
		     EINVAL);
	good_run(&r);
	r.req.worker_result_size = 0;
	expect_errno("worker_result_size 0", &r, EINVAL);
}

int main(int argc, char **argv)
{
	struct iommubench_info info;
	struct run r;
	uint64_t hw, top;
	char why[200];
	int fd2;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: %s\n  Checks /dev/iommubench's ABI; needs the module loaded and a device bound.\n",
		       argv[0]);
		return 0;
	}
	/* one histogram more than the module has: hist_count's checks */
	hist = calloc((size_t)(IOMMUBENCH_HIST_NR + 1) * IOMMUBENCH_HIST_BUCKETS,
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

	check(ioctl(fd, _IO(IOMMUBENCH_IOC_MAGIC, 0x7f)) == -1 && errno == ENOTTY,
	      "unknown command gets ENOTTY", NULL);
	check(get_info(&info) == 0 && info.abi_version == IOMMUBENCH_ABI_VERSION &&
	      info.size == sizeof(info),
	      "INFO answers with our ABI version and its size", NULL);
	snprintf(why, sizeof(why), "flags %#x, hw %#llx", info.flags,
		 (unsigned long long)info.hw_pgsize_bitmap);
	check((info.flags & IOMMUBENCH_INFO_BOUND) && info.hw_pgsize_bitmap,
	      "a device is bound with a hardware pgsize_bitmap", why);
	check(at_rest(why, sizeof(why)), "module at rest before any run", why);
	hw = info.hw_pgsize_bitmap;
	top = 1ULL << (63 - __builtin_clzll(hw));

	check_abi_growth();
	check_out_arrays();

	good_run(&r);
	r.req.buf_size = 0;
	expect_errno("zero size", &r, EINVAL);
	good_run(&r);
	r.req.buf_size = IOMMUBENCH_MAX_SIZE + 4096;
	expect_errno("huge size", &r, EINVAL);
	good_run(&r);
	r.req.buf_size = 4096 + 512;
	expect_errno("size not a multiple of the page size", &r, EINVAL);
	good_run(&r);
	r.hdr.path = 77;
	expect_errno("unknown path", &r, EINVAL);
	good_run(&r);
	r.hdr.path = 0;
	expect_errno("path 0", &r, EINVAL);
	good_run(&r);
	r.a.iommu.map_mode = 0;
	expect_errno("unknown map mode", &r, EINVAL);
	good_run(&r);
	r.a.iommu.unmap_mode = 9;
	expect_errno("unknown unmap mode", &r, EINVAL);
	good_run(&r);
	r.a.iommu.pad = 1;
	expect_errno("iommu args padding not zero", &r, EINVAL);
	good_run(&r);
	r.a.iommu.pgsize_mask = 0x800;	/* 2 KiB: below every IOMMU's smallest page */
	expect_errno("pgsize not a subset of the hardware bitmap", &r, EINVAL);
	if (top < (1ULL << 63)) {
		good_run(&r);
		r.a.iommu.pgsize_mask = top << 1;
		expect_errno("pgsize above the hardware bitmap", &r, EINVAL);
	}
	good_run(&r);
	r.a.iommu.iova_base = (1ULL << 32) + 512;	/* not even page aligned */
	expect_errno("IOVA not page aligned", &r, EINVAL);
	if (hw & (2ULL << 20)) {
		good_run(&r);
		r.a.iommu.iova_base = (1ULL << 32) + 4096; /* 4 KiB off a 2 MiB window */
		expect_errno("IOVA not aligned to the window's page size", &r,
			     EINVAL);
	}
	good_run(&r);
	r.a.iommu.iova_base = 0xfee00000ULL & ~((2ULL << 20) - 1);	/* x86 MSI */
	if (r.a.iommu.iova_base)
		expect_errno("IOVA over a reserved region (x86 MSI)", &r,
			     EINVAL);
	/* 4096 live 64 MiB windows: 512 MiB of page tables plus the buffer */
	good_run(&r);
	r.req.shape = IOMMUBENCH_SHAPE_POOL;
	r.req.pool_order = IOMMUBENCH_POOL_FIFO;
	r.req.pool_depth = IOMMUBENCH_MAX_POOL;
	r.req.buf_size = IOMMUBENCH_MAX_SIZE;
	if (mem_total() &&
	    r.req.buf_size + r.req.pool_depth * (r.req.buf_size / 512) >
	    mem_total() / 4)
		expect_errno("a run needing over a quarter of RAM", &r, ENOMEM);
	good_run(&r);
	r.req.nr_threads = 0;
	expect_errno("zero threads", &r, EINVAL);
	good_run(&r);
	r.req.nr_threads = IOMMUBENCH_MAX_THREADS + 1;
	expect_errno("too many threads", &r, EINVAL);
	good_run(&r);
	r.a.iommu.batch = 0;
	expect_errno("zero batch", &r, EINVAL);
	good_run(&r);
	r.a.iommu.batch = IOMMUBENCH_MAX_BATCH + 1;
	expect_errno("batch above the limit", &r, EINVAL);
	good_run(&r);
	r.req.ops = 0;
	r.req.duration_ns = 0;
	expect_errno("neither ops nor duration", &r, EINVAL);
	good_run(&r);
	r.req.flags = 1ULL << 63;	/* reserved */
	expect_errno("reserved flags set", &r, EINVAL);
	good_run(&r);
	cpu0 = 100000;
	expect_errno("CPU that does not exist", &r, EINVAL);
	cpu0 = 0;
	good_run(&r);
	r.req.hist_ptr = 0;
	expect_errno("no histogram buffer", &r, EINVAL);
	good_run(&r);
	r.req.cpus_ptr = 16;	/* garbage pointer */
	expect_errno("garbage CPU-list pointer", &r, EFAULT);

	/* shapes and the dma path */
	good_run(&r);
	r.req.shape = 0;
	expect_errno("unknown shape", &r, EINVAL);
	good_run(&r);
	r.req.shape = IOMMUBENCH_SHAPE_POOL;
	r.req.pool_order = IOMMUBENCH_POOL_FIFO;
	expect_errno("pool of depth 0", &r, EINVAL);
	r.req.pool_depth = IOMMUBENCH_MAX_POOL + 1;
	expect_errno("pool deeper than the limit", &r, EINVAL);
	r.req.pool_depth = 4;
	r.req.pool_order = 7;
	expect_errno("unknown pool order", &r, EINVAL);
	good_run(&r);
	r.req.pool_depth = 4;
	expect_errno("pool depth on a pair", &r, EINVAL);
	good_run(&r);
	r.req.shape = IOMMUBENCH_SHAPE_HOLD;
	expect_errno("hold of 0 ns", &r, EINVAL);
	r.req.hold_ns = IOMMUBENCH_MAX_HOLD_NS + 1;
	expect_errno("hold longer than the limit", &r, EINVAL);
	good_dma_run(&r);
	r.a.dma.dma_api = 0;
	expect_errno("dma path without a DMA API", &r, EINVAL);
	good_dma_run(&r);
	r.a.dma.dma_dir = 3;
	expect_errno("unknown DMA direction", &r, EINVAL);
	good_dma_run(&r);
	r.a.dma.dma_bits = 12;
	expect_errno("DMA mask of 12 bits", &r, EINVAL);
	good_dma_run(&r);
	r.req.buf_size = IOMMUBENCH_MAX_DMA_SIZE + 4096;
	expect_errno("dma size above one buffer", &r, EINVAL);
	good_dma_run(&r);
	r.req.buf_size = 4096 + 512;
	expect_errno("dma size not a multiple of PAGE_SIZE", &r, EINVAL);
	good_dma_run(&r);
	r.a.dma.dma_api = IOMMUBENCH_DMA_SG;
	expect_errno("sg without entries", &r, EINVAL);
	r.a.dma.sg_nents = 3;
	r.req.buf_size = 16384;
	expect_errno("sg entries that do not divide the size", &r, EINVAL);
	good_dma_run(&r);
	r.a.dma.sg_nents = 4;
	expect_errno("sg entries on the page API", &r, EINVAL);

	good_run(&r);
	r.req.timer_period_ns = IOMMUBENCH_MIN_TIMER_PERIOD_NS - 1;
	expect_errno("victim timer period below 10 us", &r, EINVAL);
	r.req.timer_period_ns = IOMMUBENCH_MAX_TIMER_PERIOD_NS + 1;
	expect_errno("victim timer period above 1 s", &r, EINVAL);

	/* the victim timer fires about once per period on the worker's CPU */
	good_dma_run(&r);
	r.req.ops = 0;
	r.req.duration_ns = 200000000ULL;	/* 0.2 s */
	r.req.timer_period_ns = 100000ULL;	/* 100 us */
	{
		uint64_t late = 0;
		const uint64_t *h = hist + (size_t)IOMMUBENCH_HIST_TIMER_LATE *
					   IOMMUBENCH_HIST_BUCKETS;
		int rc = do_run(&r);

		for (size_t b = 0; b < IOMMUBENCH_HIST_BUCKETS; b++)
			late += h[b];
		snprintf(why, sizeof(why), "%s, fires %llu in %llu ns, histogram %llu",
			 rc ? strerror(errno) : "ok",
			 (unsigned long long)r.rep.timer_fires,
			 (unsigned long long)r.rep.elapsed_ns,
			 (unsigned long long)late);
		check(rc == 0 && r.rep.timer_fires > 0 &&
		      r.rep.timer_fires <= r.rep.elapsed_ns / 100000ULL + 2 &&
		      late == r.rep.timer_fires,
		      "victim timer fires at most once per period, each one recorded", why);
		snprintf(why, sizeof(why), "flags %#llx, fq flushes %llu, fq timeouts %llu",
			 (unsigned long long)r.rep.result_flags,
			 (unsigned long long)r.rep.fq_flush_count,
			 (unsigned long long)r.rep.fq_timeout_count);
		if (r.rep.domain_type == IOMMUBENCH_DOMAIN_DMA_FQ)
			check((r.rep.result_flags & IOMMUBENCH_RES_FQ_AVAILABLE) &&
			      r.rep.fq_flush_count > 0,
			      "flush-queue flushes counted under DMA-FQ", why);
	}
	check(at_rest(why, sizeof(why)), "timer run leaves nothing behind", why);

	/* the sim path's arguments */
	good_sim_run(&r);
	r.a.sim.entry = 3;
	expect_errno("sim: unknown driver entry", &r, EINVAL);
	good_sim_run(&r);
	r.a.sim.policy = IOMMUBENCH_SIM_BOUNDED;
	expect_errno("sim: bounded policy without a deadline", &r, EINVAL);
	good_sim_run(&r);
	r.a.sim.fault = IOMMUBENCH_SIM_FAULT_STALL;
	expect_errno("sim: stall without a duration", &r, EINVAL);
	good_sim_run(&r);
	r.a.sim.hw_pgsize = 0x200000;
	expect_errno("sim: hardware without 4 KiB entries", &r, EINVAL);
	good_sim_run(&r);
	r.a.sim.service_ns = IOMMUBENCH_SIM_MAX_SERVICE_NS + 1;
	expect_errno("sim: service time above the limit", &r, EINVAL);
	good_sim_run(&r);
	r.a.sim.iommu.pgsize_mask = 0;
	expect_errno("sim: no advertised bitmap", &r, EINVAL);
	good_sim_run(&r);
	r.a.sim.iommu.batch = 0;
	expect_errno("sim: zero batch", &r, EINVAL);
	good_sim_run(&r);
	snprintf(why, sizeof(why), "%s, flags %#llx, driver calls %llu, waits %llu",
		 do_run(&r) ? strerror(errno) : "ok",
		 (unsigned long long)r.rep.result_flags,
		 (unsigned long long)r.rep.sim_driver_calls,
		 (unsigned long long)r.rep.inval_count);
	check(r.rep.ops_done == 10 && r.rep.sim_driver_calls == 10 &&
	      r.rep.inval_count == 10 && r.rep.sim_capped == 0 &&
	      (r.rep.result_flags & IOMMUBENCH_RES_SIM) &&
	      (r.rep.result_flags & IOMMUBENCH_RES_INVAL_AVAILABLE) &&
	      !(r.rep.result_flags & IOMMUBENCH_RES_FQ_AVAILABLE),
	      "sim: a 2 MiB map_pages run, one call and one wait per op", why);
	check(at_rest(why, sizeof(why)), "sim run leaves nothing behind", why);
	good_run(&r);
	r.rep.result_flags = ~0ULL;	/* the module writes every field */
	check(do_run(&r) == 0 && !(r.rep.result_flags & IOMMUBENCH_RES_SIM) &&
	      r.rep.sim_driver_calls == 0,
	      "an iommu run reports no sim figures", NULL);

	/* the real driver's map entry, counted on request, against the sim's */
	good_run(&r);
	r.req.flags = 2;
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

			if (cc[i].path == IOMMUBENCH_PATH_SIM)
				good_sim_run(&r);
			else
				good_run(&r);
			/* the map strategy sits at the same place in both */
			r.a.iommu.map_mode = cc[i].map;
			r.a.iommu.pgsize_mask = 0x1000;
			r.req.ops = 4;
			r.req.flags = IOMMUBENCH_RUN_COUNT_DRIVER_CALLS;
			rc = do_run(&r);
			snprintf(name, sizeof(name),
				 "%s %s map of 2 MiB at 4 KiB: %llu driver map call(s) per op",
				 cc[i].path == IOMMUBENCH_PATH_SIM ? "sim" : "real driver",
				 cc[i].map == IOMMUBENCH_MAP_RANGE ? "range" : "per-page",
				 (unsigned long long)cc[i].per_op);
			snprintf(why, sizeof(why), "%s, flags %#llx, calls %llu over %llu ops",
				 rc ? strerror(errno) : "ok",
				 (unsigned long long)r.rep.result_flags,
				 (unsigned long long)r.rep.driver_map_calls,
				 (unsigned long long)r.rep.ops_done);
			check(rc == 0 &&
			      (r.rep.result_flags & IOMMUBENCH_RES_DRV_AVAILABLE) &&
			      r.rep.driver_map_calls == cc[i].per_op * r.rep.ops_done,
			      name, why);
		}
	}
	check(at_rest(why, sizeof(why)), "driver-call runs leave nothing behind", why);

	good_dma_run(&r);
	r.a.dma.dma_bits = 32;
	snprintf(why, sizeof(why), "errno %s, domain_type %u, ops %llu",
		 do_run(&r) ? strerror(errno) : "none",
		 r.rep.domain_type, (unsigned long long)r.rep.ops_done);
	check(r.rep.ops_done == 100 && r.rep.domain_type >= IOMMUBENCH_DOMAIN_DMA &&
	      r.rep.domain_type <= IOMMUBENCH_DOMAIN_DMA_FQ && r.rep.map_calls == 1,
	      "dma_map_page run on the default (dma-iommu) domain", why);
	check(at_rest(why, sizeof(why)), "dma page run leaves nothing behind", why);

	good_dma_run(&r);
	r.a.dma.dma_api = IOMMUBENCH_DMA_SG;
	r.a.dma.sg_nents = 16;
	r.req.buf_size = 65536;
	snprintf(why, sizeof(why), "%s", do_run(&r) ? strerror(errno) : "ok");
	check(r.rep.ops_done == 100, "dma_map_sg run of 16 entries", why);
	check(at_rest(why, sizeof(why)), "dma sg run leaves nothing behind", why);

	good_run(&r);
	r.req.shape = IOMMUBENCH_SHAPE_POOL;
	r.req.pool_depth = 8;
	r.req.pool_order = IOMMUBENCH_POOL_FIFO;
	r.req.buf_size = 65536;
	r.req.ops = 50;
	snprintf(why, sizeof(why), "%s, max_live %llu",
		 do_run(&r) ? strerror(errno) : "ok",
		 (unsigned long long)r.rep.max_live);
	check(r.rep.ops_done == 50 && r.rep.max_live == 8,
	      "iommu FIFO pool of 8 holds at most 8 live", why);
	check(at_rest(why, sizeof(why)), "iommu pool leaves nothing behind", why);

	good_run(&r);
	r.a.iommu.unmap_mode = IOMMUBENCH_UNMAP_DEFERRED;
	r.a.iommu.map_mode = IOMMUBENCH_MAP_PER_PAGE;
	r.a.iommu.pgsize_mask = 0x1000;
	r.a.iommu.batch = 3;
	r.req.buf_size = 65536;
	r.req.ops = 10;
	snprintf(why, sizeof(why), "%s, map_calls %llu",
		 do_run(&r) ? strerror(errno) : "ok",
		 (unsigned long long)r.rep.map_calls);
	check(r.rep.ops_done == 10 && r.rep.map_calls == 16,
	      "iommu per-page deferred run, batch 3 (a partial batch at the end)",
	      why);
	check(at_rest(why, sizeof(why)), "deferred run leaves nothing behind", why);

	good_dma_run(&r);
	r.req.shape = IOMMUBENCH_SHAPE_POOL;
	r.req.pool_depth = 16;
	r.req.pool_order = IOMMUBENCH_POOL_RANDOM;
	snprintf(why, sizeof(why), "%s, max_live %llu",
		 do_run(&r) ? strerror(errno) : "ok",
		 (unsigned long long)r.rep.max_live);
	check(r.rep.ops_done == 100 && r.rep.max_live == 16,
	      "dma random pool of 16 holds at most 16 live", why);
	check(at_rest(why, sizeof(why)), "dma pool leaves nothing behind", why);

	good_dma_run(&r);
	r.req.shape = IOMMUBENCH_SHAPE_HOLD;
	r.req.hold_ns = 200000;
	r.req.ops = 10;
	snprintf(why, sizeof(why), "%s, elapsed %llu ns, map+unmap %llu ns",
		 do_run(&r) ? strerror(errno) : "ok",
		 (unsigned long long)r.rep.elapsed_ns,
		 (unsigned long long)(r.rep.map_ns + r.rep.unmap_ns));
	check(r.rep.ops_done == 10 && r.rep.elapsed_ns >= 10 * 200000ULL &&
	      r.rep.map_ns + r.rep.unmap_ns < r.rep.elapsed_ns - 10 * 200000ULL + 1,
	      "hold waits between map and unmap, outside the timed phases", why);

	if (sysconf(_SC_NPROCESSORS_ONLN) >= 2) {
		good_dma_run(&r);
		r.req.nr_threads = 2;
		r.req.cpus_ptr = (uintptr_t)two_cpus;
		snprintf(why, sizeof(why), "%s, cpus %u %u, ops %llu %llu",
			 do_run(&r) ? strerror(errno) : "ok",
			 workers[0].cpu, workers[1].cpu,
			 (unsigned long long)workers[0].ops,
			 (unsigned long long)workers[1].ops);
		check(r.rep.ops_done == 200 && workers[0].cpu == 0 &&
		      workers[1].cpu == 1 && workers[0].ops == 100 &&
		      workers[1].ops == 100,
		      "two workers run on the two CPUs asked for", why);
		check(at_rest(why, sizeof(why)), "2-thread run leaves nothing behind", why);
	}

	good_run(&r);
	snprintf(why, sizeof(why), "%s", "");
	if (do_run(&r)) {
		snprintf(why, sizeof(why), "%s", strerror(errno));
		check(0, "a good run succeeds", why);
	} else {
		check(1, "a good run succeeds", NULL);
		snprintf(why, sizeof(why), "ops_done %llu",
			 (unsigned long long)r.rep.ops_done);
		check(r.rep.ops_done == 20, "a good run does exactly the ops asked", why);
		check(r.rep.hist_written == IOMMUBENCH_HIST_NR,
		      "a good run writes every histogram (hist_written)", NULL);
		check(workers[0].cpu == cpu0 && workers[0].ops == 20,
		      "the worker ran on the CPU asked for", NULL);
		check(r.rep.map_ns > 0 && r.rep.unmap_ns > 0 &&
		      r.rep.elapsed_ns >= r.rep.map_ns,
		      "a good run reports its time", NULL);
		check(r.rep.map_calls == 1, "range map of 2 MiB is one iommu_map()", NULL);
		check(r.rep.clock_overhead_ns > 0 && r.rep.clock_overhead_ns < 100000,
		      "clock overhead measured", NULL);
		check(r.rep.domain_type == IOMMUBENCH_DOMAIN_PAGING &&
		      r.rep.eff_pgsize_bitmap == hw,
		      "an iommu run reports its paging domain and page sizes", NULL);
	}
	check(at_rest(why, sizeof(why)), "a good run leaves nothing behind", why);

	good_run(&r);
	r.a.iommu.map_mode = IOMMUBENCH_MAP_PER_PAGE;
	r.a.iommu.pgsize_mask = 0x1000;
	r.req.ops = 3;
	check(do_run(&r) == 0 && r.rep.map_calls == 512,
	      "per-page map of 2 MiB at 4 KiB is 512 iommu_map() calls", NULL);
	check(at_rest(why, sizeof(why)), "per-page run leaves nothing behind", why);

	close(fd);
	free(hist);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
