// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_fuzz: a seeded, reproducible fuzzer of /dev/iommubench's ioctls, run
 * inside a guest with the module loaded and a device bound to it.
 *
 * Every call is built from its own random stream, derived from the seed and
 * the call's index, so `--seed S --first I --calls 1` replays call I alone.
 * Most calls are invalid (one or more fields at a boundary or random value,
 * bad pointers, bad sizes, unknown ioctl numbers); a share are small valid
 * RUNs. ABI 6's sizes are fuzzed too: every struct a RUN passes (header,
 * request, path arguments) may be shorter than its first version, longer
 * with a zero or a non-zero tail, or beyond the module's 4 KiB limit, and
 * the report size any value; INFO any size. A run that could be expensive if the kernel accepted it is "poisoned"
 * with an offline CPU in its CPU list, which the kernel checks before it
 * allocates anything big, so every call stays cheap.
 *
 * Pointers handed to the kernel are the fuzzer's own scratch buffers (placed
 * against PROT_NONE guard pages, so a too-short buffer faults in the kernel,
 * not here), read-only or PROT_NONE pages, or addresses no user mapping can
 * have (kernel half, non-canonical): never its own live data.
 *
 * Checks: no call may succeed that must fail; every errno is one the ABI
 * documents; valid runs succeed and do their ops; after every call the module
 * is at rest (INFO: live_mappings == 0, alloc_pages == 0, not running); no
 * call outlives its watchdog by more than a grace period. Prints the errno
 * distribution per command, PASS/FAIL lines and "N passed, N failed".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "iommubench.h"

#define HIST_BYTES ((size_t)IOMMUBENCH_HIST_NR * IOMMUBENCH_HIST_BUCKETS * sizeof(uint64_t))
#define WR_SIZE sizeof(struct iommubench_worker_result)
#define WR_STRIDE_MAX 64		/* largest worker_result_size a good call uses */
#define CPUS_CAP 512			/* u32 slots in the CPU-list buffer */
#define WATCHDOG_MS 5000		/* SIGALRM interrupts a RUN after this */
#define GRACE_MS 10000			/* a call may take WATCHDOG_MS + this */
#define MAX_ERRNO 256

/* ---- random numbers: splitmix64, one stream per call ---- */

static uint64_t rs;

static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd(void)
{
	return mix(&rs);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(unsigned int pct)
{
	return below(100) < pct;
}

/* ---- memory the kernel may be pointed at ---- */

struct region {
	uint8_t *base;
	size_t len;		/* usable bytes; a PROT_NONE page follows */
};

static size_t pgsz;
static struct region r_hist, r_work, r_cpus, r_arg, r_scratch;
static uint8_t *ro_page;	/* PROT_READ */
static uint8_t *none_page;	/* PROT_NONE */

static void *xmmap(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(4);
	}
	return p;
}

/* len bytes ending exactly at a PROT_NONE page */
static struct region guarded(size_t len)
{
	size_t rounded = (len + pgsz - 1) / pgsz * pgsz;
	uint8_t *p = xmmap(rounded + pgsz, PROT_READ | PROT_WRITE);
	struct region r;

	if (mprotect(p + rounded, pgsz, PROT_NONE)) {
		perror("mprotect");
		exit(4);
	}
	r.base = p;
	r.len = rounded;
	return r;
}

/* n bytes that end at the region's guard page */
static uint8_t *tail(const struct region *r, size_t n)
{
	return r->base + r->len - (n < r->len ? n : r->len);
}

/* ---- the online CPUs ---- */

static uint32_t ncpu;

/* ---- counting ---- */

enum cmd_kind { K_INFO, K_RUN, K_OTHER, K_NR };
static const char *const kind_name[K_NR] = { "INFO", "RUN", "other" };
static uint64_t errcount[K_NR][MAX_ERRNO + 1];	/* [0] success, [MAX_ERRNO] beyond */
static long long errfirst[K_NR][MAX_ERRNO + 1];	/* the first call that got it */

static int passed, failed;
static uint64_t n_calls, n_valid, n_valid_ok, n_poisoned, n_intr_runs;
static uint64_t n_watchdog, n_reopen;
static uint64_t bad_success, bad_errno, valid_failed, valid_short, not_at_rest;
static uint64_t slow_calls, info_bad;
static long long first_bad_success = -1, first_bad_errno = -1, first_valid_failed = -1;
static long long first_not_at_rest = -1, first_slow = -1, first_info_bad = -1;
static int verbose;
static uint64_t seed;
static long long cur_call;
static int fd = -1;

static void note(long long *first, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(long long *first, const char *what, const char *fmt, ...)
{
	static int printed;
	va_list ap;

	if (*first < 0)
		*first = cur_call;
	if (printed++ >= 40)
		return;
	printf("finding: call %lld (seed %" PRIu64 "): %s: ", cur_call, seed, what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void check(int ok, const char *name, const char *detail)
{
	if (ok) {
		passed++;
		printf("PASS: %s\n", name);
	} else {
		failed++;
		printf("FAIL: %s%s%s\n", name, detail ? ": " : "", detail ? detail : "");
	}
}

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "success";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case E2BIG: return "E2BIG";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ETIMEDOUT: return "ETIMEDOUT";
	default:
		snprintf(buf, sizeof(buf), "errno %d", e);
		return buf;
	}
}

static int allowed(enum cmd_kind k, int e)
{
	switch (k) {
	case K_INFO:
		return e == EINVAL || e == EFAULT;
	case K_RUN:
		return e == EINVAL || e == EFAULT || e == ENODEV || e == ENOSPC ||
		       e == EINTR || e == ENOMEM || e == EIO || e == ETIMEDOUT ||
		       e == E2BIG;
	default:
		return e == ENOTTY;
	}
}

static void count_errno(enum cmd_kind k, int err)
{
	int e = err >= 0 && err < MAX_ERRNO ? err : MAX_ERRNO;

	if (!errcount[k][e]++)
		errfirst[k][e] = cur_call;
}

/* ---- the watchdog: a RUN that takes too long is interrupted (EINTR) ---- */

static volatile sig_atomic_t alarm_fired;

static void on_alarm(int sig)
{
	(void)sig;
	alarm_fired = 1;
}

static void arm(unsigned int ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- INFO ---- */

static int get_info(struct iommubench_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, IOMMUBENCH_IOC_INFO, info);
}

static int at_rest(char *why, size_t len)
{
	struct iommubench_info info;

	if (get_info(&info)) {
		snprintf(why, len, "INFO failed: %s", errname(errno));
		return 0;
	}
	snprintf(why, len, "alloc_pages %llu, live_mappings %llu, flags %#x",
		 (unsigned long long)info.alloc_pages,
		 (unsigned long long)info.live_mappings, info.flags);
	return info.alloc_pages == 0 && info.live_mappings == 0 &&
	       !(info.flags & IOMMUBENCH_INFO_RUNNING);
}

/* ---- pointers ---- */

/* An address no user mapping of ours can have. */
static uint64_t wild_ptr(void)
{
	static const uint64_t fixed[] = {
		1, 8, 4095, 4096, 0x10000,
		0x00007ffffffff000ULL,		/* TASK_SIZE_MAX: first non-user page */
		0x00007fffffffffffULL + 1,	/* 1 << 47 */
		0x0000800000000000ULL - 1 + 0x1000,
		0x8000000000000000ULL,		/* non-canonical */
		0xdead000000000000ULL,
		0xffff800000000000ULL,		/* kernel half */
		0xffff888000000000ULL,		/* direct map */
		0xffffc90000000000ULL,		/* vmalloc */
		0xffffffff81000000ULL,		/* kernel text */
		0xfffffffffffff000ULL,
		0xffffffffffffffffULL,
	};

	if (chance(30))
		return rnd() | (1ULL << 63);
	return fixed[below(sizeof(fixed) / sizeof(fixed[0]))];
}

/*
 * A pointer for a buffer of need bytes in region r. *good is set when the
 * kernel can access all need bytes through it.
 */
static uint64_t fuzz_buf_ptr(struct region *r, size_t need, int bad_pct, int *good)
{
	*good = 0;
	if (!chance(bad_pct)) {
		*good = 1;
		if (chance(10) && need + 8 <= r->len)	/* unaligned, still inside */
			return (uintptr_t)(tail(r, need + 8) + 1 + below(7));
		return (uintptr_t)tail(r, need);
	}
	switch (below(7)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)none_page + below(pgsz);
	case 2:	/* readable, not writable: faults on the copy back */
		return (uintptr_t)ro_page;
	case 3:	/* too short: ends at the guard page */
		if (need > 1)
			return (uintptr_t)tail(r, 1 + below(need - 1));
		return (uintptr_t)(r->base + r->len);
	case 4:	/* straddles the guard page by a byte or a word */
		return (uintptr_t)tail(r, need) + 1 + below(8);
	default:
		return wild_ptr();
	}
}

/* ---- value generators ---- */

static uint64_t boundary(uint64_t max, const uint64_t *extra, size_t n)
{
	switch (below(10)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return max;
	case 3: return max + 1;
	case 4: return max - 1;
	case 5: return rnd();
	case 6: return ~0ULL;
	case 7: return 1ULL << below(64);
	case 8: return rnd() % (max + 2);
	default: return n ? extra[below(n)] : rnd() & 0xffff;
	}
}

#define BOUND(max, ...) \
	boundary((max), (const uint64_t[]){ __VA_ARGS__ }, \
		 sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

/* ---- RUN ---- */

/* The largest in-struct the module reads (ib_check.h: -E2BIG above). */
#define MAX_USER_STRUCT	4096

/* A path's arguments, whichever the path: the bytes the kernel may read. */
union args {
	struct iommubench_iommu_args iommu;
	struct iommubench_dma_args dma;
	struct iommubench_sim_args sim;
	uint8_t bytes[128];
};

/*
 * One RUN call: the header, the request, the path's arguments and the CPU
 * list, each put in its own guarded buffer just before the call.
 */
struct req {
	struct iommubench_run h;
	struct iommubench_run_req r;
	union args a;
	uint32_t cpus[CPUS_CAP];
	int hdr_tail, req_tail, args_tail;	/* a non-zero byte past the struct */
	int cpus_in_buf;	/* cpus_ptr points into r_cpus: cpus[] is copied there */
	int must_fail;		/* poisoned, or a bad size or struct pointer */
	int valid;		/* built valid: must succeed */
	int poisoned;
};

static struct region r_req, r_args, r_rep;
static uint8_t *ro_zero;	/* PROT_READ, all zero: a request of nothing */

static uint32_t args_size_of(uint32_t path)
{
	switch (path) {
	case IOMMUBENCH_PATH_IOMMU:
		return sizeof(struct iommubench_iommu_args);
	case IOMMUBENCH_PATH_DMA:
		return sizeof(struct iommubench_dma_args);
	case IOMMUBENCH_PATH_SIM:
		return sizeof(struct iommubench_sim_args);
	default:
		return 16 + 8 * (uint32_t)below(12);
	}
}

static uint32_t args_ver0_of(uint32_t path)
{
	switch (path) {
	case IOMMUBENCH_PATH_IOMMU:
		return IOMMUBENCH_IOMMU_ARGS_SIZE_VER0;
	case IOMMUBENCH_PATH_DMA:
		return IOMMUBENCH_DMA_ARGS_SIZE_VER0;
	case IOMMUBENCH_PATH_SIM:
		return IOMMUBENCH_SIM_ARGS_SIZE_VER0;
	default:
		return 0;
	}
}

/* The iommu and sim paths' map/unmap strategy, where they keep it. */
static void base_paging(struct iommubench_iommu_args *a)
{
	a->map_mode = chance(50) ? IOMMUBENCH_MAP_RANGE : IOMMUBENCH_MAP_PER_PAGE;
	a->unmap_mode = chance(50) ? IOMMUBENCH_UNMAP_STRICT : IOMMUBENCH_UNMAP_DEFERRED;
	a->batch = 1 + (uint32_t)below(chance(50) ? 4 : 256);
}

static void base_run(struct req *q, uint32_t path)
{
	struct iommubench_run_req *r = &q->r;
	union args *a = &q->a;
	uint32_t i, pages = 1 + (uint32_t)below(8);

	memset(&q->h, 0, sizeof(q->h));
	memset(r, 0, sizeof(*r));
	memset(a, 0, sizeof(*a));
	q->h.size = sizeof(q->h);
	q->h.path = path;
	q->h.req_size = sizeof(*r);
	q->h.args_size = args_size_of(path);
	q->h.report_size = sizeof(struct iommubench_run_report);
	r->nr_threads = 1 + (uint32_t)below(chance(70) ? 1 : 3);
	r->ops = 1 + below(8);
	r->warmup_ops = below(3);
	if (chance(10)) {
		r->ops = 0;
		r->duration_ns = 100000 + below(2000000);
	}
	switch (below(3)) {
	case 0:
		r->shape = IOMMUBENCH_SHAPE_PAIR;
		break;
	case 1:
		r->shape = IOMMUBENCH_SHAPE_HOLD;
		r->hold_ns = 1 + below(20000);
		break;
	default:
		r->shape = IOMMUBENCH_SHAPE_POOL;
		r->pool_depth = 1 + (uint32_t)below(4);
		r->pool_order = chance(50) ? IOMMUBENCH_POOL_FIFO : IOMMUBENCH_POOL_RANDOM;
		break;
	}
	if (chance(10))
		r->timer_period_ns = 100000 + below(900000);
	if (chance(5))
		r->flags = IOMMUBENCH_RUN_COUNT_DRIVER_CALLS;
	r->buf_size = (uint64_t)pages * 4096;

	switch (path) {
	case IOMMUBENCH_PATH_IOMMU:
		base_paging(&a->iommu);
		a->iommu.pgsize_mask = chance(50) ? 0 : 4096;
		if (chance(10) && r->nr_threads == 1 && r->shape != IOMMUBENCH_SHAPE_POOL) {
			r->buf_size = 2 << 20;	/* one 2 MiB page, or a few 4 KiB chunks */
			a->iommu.map_mode = IOMMUBENCH_MAP_RANGE;
			a->iommu.pgsize_mask = 0;
		}
		break;
	case IOMMUBENCH_PATH_DMA:
		a->dma.dma_api = chance(50) ? IOMMUBENCH_DMA_PAGE : IOMMUBENCH_DMA_SG;
		a->dma.dma_dir = (uint32_t)below(3);
		a->dma.dma_bits = chance(60) ? 0 : (chance(50) ? 32 : 64);
		if (a->dma.dma_api == IOMMUBENCH_DMA_SG) {
			uint32_t d = 1 + (uint32_t)below(pages);

			while (pages % d)
				d--;
			a->dma.sg_nents = d;
		}
		break;
	default:
		base_paging(&a->sim.iommu);
		a->sim.entry = chance(50) ? IOMMUBENCH_SIM_MAP_PAGES : IOMMUBENCH_SIM_MAP;
		{
			static const uint64_t masks[] = {
				0x1000, 0x201000, ~0xfffULL, 0x40201000,
			};
			a->sim.iommu.pgsize_mask = masks[below(4)];
		}
		a->sim.hw_pgsize = chance(50) ? 0x1000 : 0x201000;
		a->sim.service_ns = below(2000);
		a->sim.fault = IOMMUBENCH_SIM_FAULT_NONE;
		if (chance(20)) {
			a->sim.fault = IOMMUBENCH_SIM_FAULT_STALL;
			a->sim.fault_ns = 1 + below(50000);
		}
		a->sim.policy = 1 + (uint32_t)below(3);
		if (a->sim.policy == IOMMUBENCH_SIM_BOUNDED)
			a->sim.deadline_ns = 1000000 + below(1000000);
		break;
	}
	for (i = 0; i < CPUS_CAP; i++)
		q->cpus[i] = (uint32_t)below(ncpu);
}

/* A struct's size field: around its first version and the module's size. */
static uint32_t fuzz_size(uint32_t ver0, uint32_t cur)
{
	return (uint32_t)BOUND(cur + 8, ver0, ver0 - 1, ver0 - 8, ver0 + 8, cur,
			       cur + 64, 0, 4, MAX_USER_STRUCT, MAX_USER_STRUCT + 1,
			       2 * pgsz, 0x80000000u, 0xffffffffu);
}

/*
 * The bytes the module may write at hist_ptr and workers_ptr: the first
 * min(hist_count, HIST_NR) histograms; entries at a stride of
 * worker_result_size with min(that, sizeof) bytes each. The fuzzer puts
 * both buffers that far before a guard page, so a module that writes more
 * gets EFAULT (a valid run failing).
 */
static size_t hist_bytes_of(const struct iommubench_run_req *r)
{
	uint32_t n = r->hist_count < IOMMUBENCH_HIST_NR ? r->hist_count :
							  IOMMUBENCH_HIST_NR;

	return (size_t)n * IOMMUBENCH_HIST_BUCKETS * sizeof(uint64_t);
}

static size_t workers_bytes_of(const struct iommubench_run_req *r)
{
	uint32_t nr = r->nr_threads ? r->nr_threads : 1;
	size_t last = r->worker_result_size < WR_SIZE ? r->worker_result_size :
							WR_SIZE;

	return (size_t)(nr - 1) * r->worker_result_size + last;
}

/* Both out-arrays' sizes: mostly the runner's, else first versions and more. */
static void out_sizes(struct iommubench_run_req *r)
{
	static const uint32_t hc[] = {
		IOMMUBENCH_HIST_NR, 1, IOMMUBENCH_HIST_NR - 1, IOMMUBENCH_HIST_NR + 1,
		IOMMUBENCH_HIST_NR + 64,
	};
	static const uint32_t ws[] = { WR_SIZE, 24, 32, 40, WR_STRIDE_MAX };

	r->hist_count = chance(70) ? IOMMUBENCH_HIST_NR : hc[below(5)];
	r->worker_result_size = chance(70) ? WR_SIZE : ws[below(5)];
}

/* Break or bend one field. */
static void mutate(struct req *q)
{
	struct iommubench_run_req *r = &q->r;
	union args *a = &q->a;
	uint32_t i;

	switch (below(48)) {
	case 0: q->h.path = (uint32_t)BOUND(3, 4, 99, 0x80000000u, 0xffffffffu); break;
	case 1: a->iommu.map_mode = (uint32_t)BOUND(2, 3); break;
	case 2: a->iommu.unmap_mode = (uint32_t)BOUND(2, 3); break;
	case 3: a->iommu.batch = (uint32_t)BOUND(IOMMUBENCH_MAX_BATCH, 2, 255, 256); break;
	case 4: r->nr_threads = (uint32_t)BOUND(IOMMUBENCH_MAX_THREADS, 2, 3, 4, 255, 257); break;
	case 5: a->iommu.pgsize_mask = BOUND(0x40201000, 0x1000, 0x200000, 0x201000, 0x800,
					     0xfff, ~0xfffULL, 0x1001, 0x40000000,
					     0x8000000000000000ULL);
		break;
	case 6: r->buf_size = BOUND(IOMMUBENCH_MAX_SIZE, 4096, 4095, 4097, 8192, 1 << 20,
				    2 << 20, IOMMUBENCH_MAX_DMA_SIZE, IOMMUBENCH_MAX_DMA_SIZE + 4096,
				    512);
		break;
	case 7: r->ops = BOUND(IOMMUBENCH_MAX_OPS, 2, 8, 64, 1000000); break;
	case 8: r->duration_ns = BOUND(IOMMUBENCH_MAX_DURATION_NS, 1000, 1000000, 5000000); break;
	case 9: r->warmup_ops = BOUND(IOMMUBENCH_MAX_WARMUP, 2, 16); break;
	case 10: case 11: {	/* the CPU list: pointer */
		int good;

		r->cpus_ptr = fuzz_buf_ptr(&r_cpus, (size_t)r->nr_threads * 4 > r_cpus.len ?
					   r_cpus.len : (size_t)r->nr_threads * 4, 60, &good);
		break;
	}
	case 12: case 13:	/* the CPU list: contents */
		i = (uint32_t)below(r->nr_threads < CPUS_CAP ? r->nr_threads : CPUS_CAP);
		q->cpus[i] = (uint32_t)BOUND(ncpu, ncpu - 1, 63, 64, 4095, 4096, 8191, 8192,
					     0x7fffffffu, 0x80000000u, 0xffffffffu);
		break;
	case 14: case 15: {
		int good;

		r->hist_ptr = fuzz_buf_ptr(&r_hist, HIST_BYTES, 70, &good);
		break;
	}
	case 16: case 17: {
		int good;
		size_t need = workers_bytes_of(r);

		r->workers_ptr = fuzz_buf_ptr(&r_work, need < r_work.len ? need : r_work.len,
					      70, &good);
		break;
	}
	case 18: r->shape = (uint32_t)BOUND(3, 4); break;
	case 19: r->pool_order = (uint32_t)BOUND(2, 3); break;
	case 20: r->pool_depth = (uint32_t)BOUND(IOMMUBENCH_MAX_POOL, 2, 4, 16, 4095); break;
	case 21: a->dma.dma_api = (uint32_t)BOUND(2, 3); break;
	case 22: a->dma.dma_dir = (uint32_t)BOUND(2, 3, 4); break;
	case 23: a->dma.dma_bits = (uint32_t)BOUND(64, 19, 20, 21, 32, 36, 48, 63, 65); break;
	case 24: a->dma.sg_nents = (uint32_t)BOUND(IOMMUBENCH_MAX_SG_NENTS, 2, 3, 4, 7, 8, 1023);
		break;
	case 25: if (chance(50))
			q->h.pad = (uint32_t)BOUND(1, 0x80000000u);
		else
			a->iommu.pad = (uint32_t)BOUND(1, 0x80000000u);
		break;
	case 26: r->hold_ns = BOUND(IOMMUBENCH_MAX_HOLD_NS, 1000, 100000); break;
	case 27: r->timer_period_ns = BOUND(IOMMUBENCH_MAX_TIMER_PERIOD_NS,
					    IOMMUBENCH_MIN_TIMER_PERIOD_NS,
					    IOMMUBENCH_MIN_TIMER_PERIOD_NS - 1, 100000, 1000000);
		break;
	case 28: a->sim.entry = (uint32_t)BOUND(2, 3); break;
	case 29: a->sim.fault = (uint32_t)BOUND(4, 2, 3, 5); break;
	case 30: a->sim.policy = (uint32_t)BOUND(3, 2, 4); break;
	case 31: a->sim.fault_ppm = (uint32_t)BOUND(1000000, 1000, 500000); break;
	case 32: a->sim.hw_pgsize = BOUND(0x40201000, 0x1000, 0x200000, 0x201000, 0x2000,
					  ~0xfffULL);
		break;
	case 33: a->sim.service_ns = BOUND(IOMMUBENCH_SIM_MAX_SERVICE_NS, 1000, 100000); break;
	case 34: a->sim.fault_ns = BOUND(IOMMUBENCH_SIM_MAX_FAULT_NS, 1000, 100000); break;
	case 35: a->sim.deadline_ns = BOUND(IOMMUBENCH_SIM_MAX_DEADLINE_NS, 1000, 1000000); break;
	case 36: r->flags = BOUND(1, 2, 3, 0x8000000000000000ULL); break;
	case 37: a->iommu.iova_base = BOUND(1ULL << 48, 0x1000, 0x200000, 0x400000,
					    0xfee00000ULL, (1ULL << 48) - 0x1000, 1ULL << 39,
					    1ULL << 57, 0x123);
		break;
	/* ABI 6: every size, and the bytes past each struct */
	case 38: q->h.size = fuzz_size(IOMMUBENCH_RUN_SIZE_VER0, sizeof(q->h)); break;
	case 39: q->h.req_size = fuzz_size(IOMMUBENCH_RUN_REQ_SIZE_VER0, sizeof(*r)); break;
	case 40: q->h.args_size = fuzz_size(args_ver0_of(q->h.path), args_size_of(q->h.path));
		break;
	case 41: q->h.report_size = fuzz_size(IOMMUBENCH_RUN_REPORT_SIZE_VER0,
					      sizeof(struct iommubench_run_report));
		break;
	case 42:	/* a longer struct, its tail zero or not */
		switch (below(3)) {
		case 0:
			q->h.size += 8 * (1 + (uint32_t)below(8));
			q->hdr_tail = chance(50);
			break;
		case 1:
			q->h.req_size += 8 * (1 + (uint32_t)below(8));
			q->req_tail = chance(50);
			break;
		default:
			q->h.args_size += 8 * (1 + (uint32_t)below(8));
			q->args_tail = chance(50);
			break;
		}
		break;
	case 43:	/* the bytes of another path's arguments */
		a->bytes[below(sizeof(a->bytes))] = (uint8_t)rnd();
		break;
	/* the out-arrays' sizes; 0 histograms or a short entry is EINVAL */
	case 46:
		r->hist_count = (uint32_t)BOUND(IOMMUBENCH_HIST_NR, IOMMUBENCH_HIST_NR - 1,
						IOMMUBENCH_HIST_NR + 1, 0xffffffffu);
		break;
	case 47:
		r->worker_result_size = (uint32_t)BOUND(WR_SIZE, 8, 23, 32, 40, 4096,
							0x80000000u, 0xffffffffu);
		break;
	default:	/* a fresh field set from another path's template */
		{
			struct req other;
			uint32_t p = 1 + (uint32_t)below(3);

			base_run(&other, p);
			if (chance(50)) {
				q->h.path = p;
				q->h.args_size = other.h.args_size;
			} else {
				q->a = other.a;
			}
		}
		break;
	}
}

/* Would this run be costly if the kernel accepted it? */
static int expensive(const struct req *q)
{
	const struct iommubench_run_req *r = &q->r;
	uint64_t pages, ops, nthr = r->nr_threads ? r->nr_threads : 1, depth = 0;
	int ops_cheap = r->ops && r->ops <= 16;
	int dur_cheap = r->duration_ns && r->duration_ns <= 5000000;

	if (r->nr_threads > 4 || r->buf_size > (4 << 20) || r->warmup_ops > 8)
		return 1;
	if (!ops_cheap && !dur_cheap)
		return 1;
	if (r->shape == IOMMUBENCH_SHAPE_POOL && r->pool_depth > 16)
		return 1;
	if (r->shape == IOMMUBENCH_SHAPE_HOLD && r->hold_ns > 200000)
		return 1;
	if (r->timer_period_ns && r->timer_period_ns < 50000)
		return 1;
	if (q->h.path == IOMMUBENCH_PATH_SIM && q->a.sim.service_ns > 200000)
		return 1;
	if (r->shape == IOMMUBENCH_SHAPE_POOL)
		depth = r->pool_depth;
	ops = (ops_cheap ? r->ops : 4) + r->warmup_ops + depth;
	pages = (r->buf_size + 4095) / 4096;
	/* one iommu_map() or sim entry per page at worst */
	return nthr * ops * pages > 4096;
}

/* An offline CPU: the kernel refuses it before it allocates anything big. */
static void poison(struct req *q)
{
	uint32_t nr = q->r.nr_threads;

	if (!nr || nr > IOMMUBENCH_MAX_THREADS)
		return;		/* EINVAL in the generic checks already */
	q->cpus[below(nr)] = chance(50) ? 0xffffffffu : ncpu + (uint32_t)below(8192);
	q->poisoned = 1;
	q->must_fail = 1;
}

/*
 * Whether the module refuses the header's sizes before it reads on: a size
 * below its first version, above its limit, or a non-zero tail.
 */
static int bad_sizes(const struct req *q)
{
	uint32_t ver0 = args_ver0_of(q->h.path);

	if (q->h.size < IOMMUBENCH_RUN_SIZE_VER0 || q->h.size > MAX_USER_STRUCT)
		return 1;
	if (!ver0 || q->h.pad)
		return 1;	/* unknown path */
	if (q->h.req_size < IOMMUBENCH_RUN_REQ_SIZE_VER0 ||
	    q->h.req_size > MAX_USER_STRUCT)
		return 1;
	if (q->h.args_size < ver0 || q->h.args_size > MAX_USER_STRUCT)
		return 1;
	return q->h.report_size < IOMMUBENCH_RUN_REPORT_SIZE_VER0;
}

/* Any non-zero byte past the module's @ksize of a struct placed at @p? */
static int nonzero_tail(const uint8_t *p, size_t ksize, size_t size,
			const struct region *r)
{
	size_t i;

	if (size <= ksize || size > MAX_USER_STRUCT || size > r->len)
		return 0;	/* none, or refused for its size already */
	for (i = ksize; i < size; i++)
		if (p[i])
			return 1;
	return 0;
}

/*
 * @n bytes of @src declared as @size bytes, at the end of region @r: the
 * bytes past @n zero, or with @bad_tail the last of them not. A size the
 * region cannot hold starts at its base and runs into the guard page.
 */
static uint8_t *place(const struct region *r, const void *src, size_t n,
		      size_t size, int bad_tail)
{
	size_t room = size < r->len ? size : r->len;
	uint8_t *p = tail(r, room);

	memset(p, 0, room);
	memcpy(p, src, n < room ? n : room);
	if (bad_tail && size > n && size <= r->len)
		p[size - 1] = (uint8_t)(1 + below(255));
	return p;
}

/* A pointer to one of the three in-structs, or a bad one (*bad set). */
static uint64_t in_ptr(uint8_t *good, int *bad)
{
	*bad = 0;
	if (!chance(3))
		return (uintptr_t)good;
	*bad = 1;
	switch (below(4)) {
	case 0:
		return 0;				/* EINVAL */
	case 1:
		return (uintptr_t)none_page + below(pgsz);	/* EFAULT */
	case 2:
		return (uintptr_t)ro_zero;		/* all zero: EINVAL */
	default:
		return wild_ptr();			/* EFAULT */
	}
}

static void do_run(void)
{
	static struct req q;
	struct iommubench_run_req *r = &q.r;
	struct iommubench_run_report *rep;
	uint8_t *arg, *req_p, *args_p;
	uint64_t t0, dt;
	int ret, err, good_arg = 1, intr = 0, bad;
	size_t cpus_bytes;

	memset(&q, 0, sizeof(q));
	base_run(&q, 1 + (uint32_t)below(3));
	out_sizes(r);
	r->hist_ptr = (uintptr_t)tail(&r_hist, hist_bytes_of(r));
	r->workers_ptr = (uintptr_t)tail(&r_work, workers_bytes_of(r));
	r->cpus_ptr = (uintptr_t)tail(&r_cpus, r->nr_threads * 4);

	if (chance(5)) {
		q.valid = 1;
		if (chance(10)) {	/* a signal in the middle: EINTR or done */
			intr = 1;
			q.valid = 0;
			r->ops = 0;
			r->duration_ns = 20000000;
			n_intr_runs++;
		} else {
			n_valid++;
		}
	} else {
		int n = 1 + (int)below(chance(70) ? 1 : 4);

		while (n--)
			mutate(&q);
		/* the list follows the thread count unless the pointer was fuzzed */
		if (r->cpus_ptr >= (uintptr_t)r_cpus.base &&
		    r->cpus_ptr <= (uintptr_t)(r_cpus.base + r_cpus.len) &&
		    r->nr_threads <= CPUS_CAP && chance(80))
			r->cpus_ptr = (uintptr_t)tail(&r_cpus, (size_t)r->nr_threads * 4);
		if (expensive(&q))
			poison(&q);
		if (bad_sizes(&q))
			q.must_fail = 1;
		/* no histograms, or entries shorter than the first version */
		if (!r->hist_count ||
		    r->worker_result_size < IOMMUBENCH_WORKER_RESULT_SIZE_VER0)
			q.must_fail = 1;
	}

	/* the CPU list goes where cpus_ptr points, if that is our buffer */
	if (r->cpus_ptr >= (uintptr_t)r_cpus.base &&
	    r->cpus_ptr < (uintptr_t)(r_cpus.base + r_cpus.len)) {
		cpus_bytes = (uintptr_t)(r_cpus.base + r_cpus.len) - r->cpus_ptr;
		if (cpus_bytes > sizeof(q.cpus))
			cpus_bytes = sizeof(q.cpus);
		memcpy((void *)(uintptr_t)r->cpus_ptr, q.cpus, cpus_bytes);
		q.cpus_in_buf = 1;
	}
	/* a run that could be expensive with the list somewhere we cannot poison */
	if (!q.valid && !intr && !q.cpus_in_buf && r->cpus_ptr == (uintptr_t)ro_page &&
	    expensive(&q)) {
		q.h.pad = 1;
		q.must_fail = 1;
	}

	/* the request and the arguments, each in its buffer (or not) */
	req_p = place(&r_req, r, sizeof(*r), q.h.req_size, q.req_tail);
	args_p = place(&r_args, &q.a, sizeof(q.a), q.h.args_size, q.args_tail);
	/* a longer struct with a non-zero byte the module does not know: E2BIG */
	if (nonzero_tail(req_p, sizeof(*r), q.h.req_size, &r_req) ||
	    (args_ver0_of(q.h.path) &&
	     nonzero_tail(args_p, args_size_of(q.h.path), q.h.args_size, &r_args)))
		q.must_fail = 1;
	q.h.req_ptr = (uintptr_t)req_p;
	q.h.args_ptr = (uintptr_t)args_p;
	if (!q.valid && !intr) {
		q.h.req_ptr = in_ptr(req_p, &bad);
		q.must_fail |= bad;
		q.h.args_ptr = in_ptr(args_p, &bad);
		q.must_fail |= bad;
	}
	/* the report: out only, so garbage in it must not matter */
	rep = (struct iommubench_run_report *)tail(&r_rep, sizeof(*rep));
	memset(rep, chance(50) ? 0xa5 : 0, sizeof(*rep));
	q.h.report_ptr = (uintptr_t)rep;
	if (!q.valid && !intr && chance(3)) {
		/* written after the run: a costly run stays poisoned or gets NULL */
		q.must_fail = 1;
		switch (below(4)) {
		case 0:
			q.h.report_ptr = 0;
			break;
		case 1:
			q.h.report_ptr = (uintptr_t)ro_page;
			break;
		case 2:	/* too short: ends at the guard page */
			q.h.report_ptr = (uintptr_t)tail(&r_rep, 1 + below(sizeof(*rep) - 1));
			break;
		default:
			q.h.report_ptr = wild_ptr();
			break;
		}
		if (!q.poisoned && expensive(&q))
			q.h.report_ptr = 0;
	}

	/* where the header itself is; the module only reads it */
	arg = place(&r_arg, &q.h, sizeof(q.h), q.h.size, q.hdr_tail);
	if (nonzero_tail(arg, sizeof(q.h), q.h.size, &r_arg))
		q.must_fail = 1;
	if (!q.valid && !intr && chance(5)) {
		switch (below(5)) {
		case 0:
			arg = NULL;
			good_arg = 0;
			break;
		case 1:
			arg = none_page;
			good_arg = 0;
			break;
		case 2:	/* only the first few bytes readable (size in them, or not) */
			arg = tail(&r_arg, 1 + below(sizeof(q.h) - 1));
			memcpy(arg, &q.h, (size_t)(r_arg.base + r_arg.len - arg));
			good_arg = 0;
			break;
		case 3:	/* read-only: fine, the header is never written back */
			if (mprotect(ro_page, pgsz, PROT_READ | PROT_WRITE) == 0) {
				memset(ro_page, 0, pgsz);
				memcpy(ro_page, &q.h, sizeof(q.h));
				if (q.hdr_tail && q.h.size > sizeof(q.h) &&
				    q.h.size <= pgsz)
					ro_page[q.h.size - 1] = 1;
				mprotect(ro_page, pgsz, PROT_READ);
				arg = ro_page;
			}
			break;
		default:
			arg = (uint8_t *)(uintptr_t)wild_ptr();
			good_arg = 0;
			break;
		}
		if (!good_arg)
			q.must_fail = 1;
	}
	if (q.poisoned)
		n_poisoned++;

	if (verbose)
		printf("call %lld: RUN path %u size %u/%u/%u/%u thr %u ops %" PRIu64 " dur %"
		       PRIu64 " buf %#" PRIx64 " shape %u valid %d must_fail %d poisoned %d"
		       " tails %d%d%d arg %p\n",
		       cur_call, q.h.path, q.h.size, q.h.req_size, q.h.args_size,
		       q.h.report_size, r->nr_threads, (uint64_t)r->ops,
		       (uint64_t)r->duration_ns, (uint64_t)r->buf_size, r->shape, q.valid,
		       q.must_fail, q.poisoned, q.hdr_tail, q.req_tail, q.args_tail,
		       (void *)arg);
	if (verbose)
		printf("call %lld:   warmup %" PRIu64 " pool %u/%u hold %" PRIu64 " timer %"
		       PRIu64 " pad %u flags %#" PRIx64 " cpus %#" PRIx64 " hist %#" PRIx64 "/%u"
		       " workers %#" PRIx64 "/%u req %#" PRIx64 " args %#" PRIx64 " report %#"
		       PRIx64 "\n", cur_call, (uint64_t)r->warmup_ops, r->pool_depth,
		       r->pool_order, (uint64_t)r->hold_ns, (uint64_t)r->timer_period_ns,
		       q.h.pad, (uint64_t)r->flags, (uint64_t)r->cpus_ptr,
		       (uint64_t)r->hist_ptr, r->hist_count, (uint64_t)r->workers_ptr,
		       r->worker_result_size, (uint64_t)q.h.req_ptr, (uint64_t)q.h.args_ptr,
		       (uint64_t)q.h.report_ptr);
	if (verbose) {
		printf("call %lld:   args", cur_call);
		for (size_t b = 0; b < sizeof(struct iommubench_sim_args); b += 4)
			printf(" %08x", *(const uint32_t *)(q.a.bytes + b));
		printf("\n");
	}

	alarm_fired = 0;
	arm(intr ? 1 + (unsigned int)below(5) : WATCHDOG_MS);
	t0 = now_ms();
	ret = ioctl(fd, IOMMUBENCH_IOC_RUN, arg);
	err = ret ? errno : 0;
	dt = now_ms() - t0;
	disarm();
	if (verbose)
		printf("call %lld: -> %s in %" PRIu64 " ms\n", cur_call, errname(err), dt);

	if (alarm_fired && !intr)
		n_watchdog++;
	if (dt > WATCHDOG_MS + GRACE_MS) {
		slow_calls++;
		note(&first_slow, "slow call", "RUN took %" PRIu64 " ms", dt);
	}
	count_errno(K_RUN, err);
	if (ret == 0 && q.must_fail) {
		bad_success++;
		note(&first_bad_success, "RUN succeeded but must fail",
		     "poisoned %d sizes %u/%u/%u/%u tails %d%d%d", q.poisoned, q.h.size,
		     q.h.req_size, q.h.args_size, q.h.report_size, q.hdr_tail,
		     q.req_tail, q.args_tail);
	}
	if (ret && !allowed(K_RUN, err)) {
		bad_errno++;
		note(&first_bad_errno, "undocumented errno", "RUN: %s", errname(err));
	}
	if (q.valid) {
		if (ret) {
			valid_failed++;
			note(&first_valid_failed, "valid RUN failed",
			     "%s (path %u shape %u threads %u buf %#" PRIx64 ")", errname(err),
			     q.h.path, r->shape, r->nr_threads, (uint64_t)r->buf_size);
		} else {
			n_valid_ok++;
			if ((r->ops && !r->duration_ns &&
			     rep->ops_done != r->ops * r->nr_threads) ||
			    rep->size != sizeof(*rep) ||
			    (size_t)rep->hist_written * IOMMUBENCH_HIST_BUCKETS *
			    sizeof(uint64_t) != hist_bytes_of(r)) {
				valid_short++;
				note(&first_valid_failed, "valid RUN reported wrongly",
				     "%" PRIu64 " of %" PRIu64 " ops, report.size %u, "
				     "hist_written %u of hist_count %u",
				     (uint64_t)rep->ops_done,
				     (uint64_t)(r->ops * r->nr_threads), rep->size,
				     rep->hist_written, r->hist_count);
			}
		}
	}
}

/* ---- INFO with fuzzed size and pointer ---- */

static void do_info(void)
{
	struct iommubench_info *info;
	uint8_t *arg;
	int ret, err, must_fail = 0, good = 1;
	uint32_t size = sizeof(*info);

	if (chance(40)) {
		/* ABI 6: any size from the first version's up; the module writes its own */
		size = (uint32_t)BOUND(sizeof(*info) + 8, sizeof(*info) - 8, sizeof(*info) - 4,
				       sizeof(*info) + 4, 8, 0x100, IOMMUBENCH_INFO_SIZE_VER0,
				       0xffffffffu);
		must_fail = size < IOMMUBENCH_INFO_SIZE_VER0;
	}
	arg = tail(&r_arg, sizeof(*info));
	if (chance(30)) {
		good = 0;
		must_fail = 1;
		switch (below(5)) {
		case 0: arg = NULL; break;
		case 1: arg = none_page; break;
		case 2:	/* the module writes min(size, its sizeof): that faults */
		arg = tail(&r_arg, 1 + below(sizeof(*info) - 1));
		break;
		case 3:
			if (mprotect(ro_page, pgsz, PROT_READ | PROT_WRITE) == 0) {
				memcpy(ro_page, &size, sizeof(size));
				mprotect(ro_page, pgsz, PROT_READ);
			}
			arg = ro_page;
			break;
		default: arg = (uint8_t *)(uintptr_t)wild_ptr(); break;
		}
	}
	if (good || (arg >= r_arg.base && arg < r_arg.base + r_arg.len)) {
		size_t room = (size_t)(r_arg.base + r_arg.len - arg);

		memset(arg, 0x5a, room < sizeof(*info) ? room : sizeof(*info));
		memcpy(arg, &size, room < sizeof(size) ? room : sizeof(size));
	}
	ret = ioctl(fd, IOMMUBENCH_IOC_INFO, arg);
	err = ret ? errno : 0;
	if (verbose)
		printf("call %lld: INFO size %u arg %p must_fail %d -> %s\n", cur_call, size,
		       (void *)arg, must_fail, errname(err));
	count_errno(K_INFO, err);
	if (ret == 0 && must_fail) {
		bad_success++;
		note(&first_bad_success, "INFO succeeded but must fail", "size %u", size);
	}
	if (ret && !allowed(K_INFO, err)) {
		bad_errno++;
		note(&first_bad_errno, "undocumented errno", "INFO: %s", errname(err));
	}
	if (ret == 0 && good) {
		info = (struct iommubench_info *)arg;
		if (info->size != sizeof(*info) || info->abi_version != IOMMUBENCH_ABI_VERSION ||
		    !memchr(info->device, 0, sizeof(info->device)) ||
		    !memchr(info->inval_probe, 0, sizeof(info->inval_probe))) {
			info_bad++;
			note(&first_info_bad, "INFO answer malformed", "size %u abi %u",
			     info->size, info->abi_version);
		}
	}
}

/* ---- ioctl numbers the module does not know ---- */

/* Leave the commands the VFS handles itself (FIOCLEX, FIFREEZE, FIGETBSZ, ...) alone. */
static int vfs_cmd(unsigned long cmd)
{
	unsigned int type = _IOC_TYPE(cmd);

	return cmd < 0x100 || type == 'T' || type == 'X' || type == 'f' || type == 0x15 ||
	       type == 0x94 || type == 0x12;
}

static void do_other(void)
{
	unsigned long cmd;
	uint64_t arg;
	int ret, err, good;

	do {
		switch (below(8)) {
		case 0:	/* right number, other direction */
			cmd = _IOC(below(4), IOMMUBENCH_IOC_MAGIC, below(2),
				   below(2) ? IOMMUBENCH_RUN_SIZE_VER0 :
					      IOMMUBENCH_INFO_SIZE_VER0);
			break;
		case 1:	/* right number, any direction, other size */
			cmd = _IOC(below(4), IOMMUBENCH_IOC_MAGIC, below(2),
				   (size_t)BOUND(_IOC_SIZEMASK, sizeof(struct iommubench_info),
						 sizeof(struct iommubench_run),
						 sizeof(struct iommubench_run) - 8,
						 sizeof(struct iommubench_run) + 8,
						 480 /* ABI 5's struct */) & _IOC_SIZEMASK);
			break;
		case 2:	/* next numbers */
			cmd = _IOWR(IOMMUBENCH_IOC_MAGIC, 2 + below(254), struct iommubench_run);
			break;
		case 3:	/* other magic */
			cmd = _IOC(_IOC_READ | _IOC_WRITE, below(256), below(2),
				   sizeof(struct iommubench_run));
			break;
		case 4:
			cmd = (unsigned long)(uint32_t)rnd();
			break;
		case 5:	/* upper bits set: the kernel sees an unsigned int */
			cmd = IOMMUBENCH_IOC_RUN ^ (1UL << below(32));
			break;
		default:
			cmd = (unsigned long)(uint32_t)BOUND(0xffffffffu, 0x80000000u, 0xb500,
							    0xb5ff, 0xc000b500u);
			break;
		}
	} while (vfs_cmd(cmd) || cmd == IOMMUBENCH_IOC_INFO || cmd == IOMMUBENCH_IOC_RUN);

	arg = fuzz_buf_ptr(&r_scratch, r_scratch.len, 30, &good);
	ret = ioctl(fd, cmd, (unsigned long)arg);
	err = ret ? errno : 0;
	if (verbose)
		printf("call %lld: cmd %#lx arg %#" PRIx64 " -> %s\n", cur_call, cmd, arg,
		       errname(err));
	count_errno(K_OTHER, err);
	if (ret == 0) {
		bad_success++;
		note(&first_bad_success, "unknown ioctl succeeded", "cmd %#lx", cmd);
	} else if (!allowed(K_OTHER, err)) {
		bad_errno++;
		note(&first_bad_errno, "undocumented errno", "cmd %#lx: %s", cmd, errname(err));
	}
}

static int open_dev(void)
{
	fd = open("/dev/" IOMMUBENCH_DEV_NAME, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "error: open /dev/%s: %s\n", IOMMUBENCH_DEV_NAME,
			strerror(errno));
		return -1;
	}
	return 0;
}

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [--seed N] [--calls N] [--first I] [--verbose]\n"
		"  Fuzzes /dev/%s's ioctls; needs the module loaded and a device bound.\n"
		"  --seed N    random seed (default: from the clock; printed either way)\n"
		"  --calls N   calls to make (default 10000)\n"
		"  --first I   start at call index I: --seed S --first I --calls 1 replays call I\n"
		"  --verbose   print every RUN before it is issued\n"
		"  Exit status 0 if every check passed, 1 if one failed, 3 no device.\n",
		argv0, IOMMUBENCH_DEV_NAME);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	uint64_t calls = 10000, first = 0, i, t0;
	char why[200];
	long n;
	int a, seeded = 0;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
			usage(stdout, argv[0]);
			return 0;
		} else if (!strcmp(argv[a], "--verbose")) {
			verbose = 1;
		} else if (a + 1 < argc && !strcmp(argv[a], "--seed")) {
			seed = strtoull(argv[++a], NULL, 0);
			seeded = 1;
		} else if (a + 1 < argc && !strcmp(argv[a], "--calls")) {
			calls = strtoull(argv[++a], NULL, 0);
		} else if (a + 1 < argc && !strcmp(argv[a], "--first")) {
			first = strtoull(argv[++a], NULL, 0);
		} else {
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (!seeded) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid();
		seed &= 0xffffffffULL;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ioctl_fuzz: seed %" PRIu64 ", calls %" PRIu64 ", first %" PRIu64 "\n",
	       seed, calls, first);
	printf("ioctl_fuzz: reproduce with: ioctl_fuzz --seed %" PRIu64 " --calls %" PRIu64
	       " --first %" PRIu64 "\n", seed, calls, first);

	n = sysconf(_SC_NPROCESSORS_ONLN);
	ncpu = n > 0 ? (uint32_t)n : 1;
	pgsz = (size_t)sysconf(_SC_PAGESIZE);
	r_hist = guarded(HIST_BYTES);
	r_work = guarded((IOMMUBENCH_MAX_THREADS + 8) * WR_STRIDE_MAX);
	r_cpus = guarded(CPUS_CAP * sizeof(uint32_t));
	r_arg = guarded(2 * pgsz);
	r_req = guarded(2 * pgsz);
	r_args = guarded(2 * pgsz);
	r_rep = guarded(pgsz);
	ro_zero = xmmap(pgsz, PROT_READ);
	r_scratch = guarded(pgsz);
	ro_page = xmmap(pgsz, PROT_READ);
	none_page = xmmap(pgsz, PROT_NONE);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: the ioctl returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);

	if (open_dev())
		return 3;
	if (!at_rest(why, sizeof(why))) {
		printf("FAIL: module at rest before fuzzing: %s\n", why);
		printf("0 passed, 1 failed\n");
		return 1;
	}

	t0 = now_ms();
	for (i = first; i < first + calls; i++) {
		uint64_t s = seed ^ (i * 0xd1b54a32d192ed03ULL);
		uint64_t k;

		cur_call = (long long)i;
		rs = mix(&s);
		k = below(100);
		if (k < 80)
			do_run();
		else if (k < 90)
			do_info();
		else
			do_other();
		n_calls++;
		if (below(1000) == 0) {	/* the release path, now and then */
			close(fd);
			n_reopen++;
			if (open_dev())
				return 3;
		}
		if (!at_rest(why, sizeof(why))) {
			not_at_rest++;
			note(&first_not_at_rest, "module not at rest after the call", "%s", why);
		}
		if (n_calls % 10000 == 0)
			printf("ioctl_fuzz: %" PRIu64 " calls, %" PRIu64 " s\n", n_calls,
			       (now_ms() - t0) / 1000);
	}
	t0 = now_ms() - t0;

	printf("ioctl_fuzz: %" PRIu64 " calls in %" PRIu64 " ms: %" PRIu64 " valid RUNs (%"
	       PRIu64 " succeeded), %" PRIu64 " interrupted on purpose, %" PRIu64
	       " poisoned, %" PRIu64 " stopped by the watchdog, %" PRIu64 " reopens\n",
	       n_calls, t0, n_valid, n_valid_ok, n_intr_runs, n_poisoned, n_watchdog, n_reopen);
	for (a = 0; a < K_NR; a++) {
		int e;

		for (e = 0; e <= MAX_ERRNO; e++)
			if (errcount[a][e])
				printf("errno %-5s %-12s %7" PRIu64 "  (first: call %lld)\n",
				       kind_name[a], e == MAX_ERRNO ? "other" : errname(e),
				       errcount[a][e], errfirst[a][e]);
	}

	snprintf(why, sizeof(why), "%" PRIu64 " calls, first %lld", bad_success, first_bad_success);
	check(!bad_success, "no call that must fail succeeded", why);
	snprintf(why, sizeof(why), "%" PRIu64 " calls, first %lld", bad_errno, first_bad_errno);
	check(!bad_errno, "every errno is a documented one", why);
	snprintf(why, sizeof(why), "%" PRIu64 " failed, %" PRIu64 " wrong op count, first %lld",
		 valid_failed, valid_short, first_valid_failed);
	check(!valid_failed && !valid_short, "valid runs succeed and do their ops", why);
	snprintf(why, sizeof(why), "%" PRIu64 " malformed, first %lld", info_bad, first_info_bad);
	check(!info_bad, "INFO answers are well formed (size, ABI version, strings)", why);
	snprintf(why, sizeof(why), "%" PRIu64 " calls, first %lld", slow_calls, first_slow);
	check(!slow_calls, "every call returned within the watchdog and its grace", why);
	snprintf(why, sizeof(why), "%" PRIu64 " calls, first %lld", not_at_rest, first_not_at_rest);
	check(!not_at_rest, "module at rest after every call", why);
	check(at_rest(why, sizeof(why)),
	      "INFO after fuzzing: live_mappings == 0 and alloc_pages == 0", why);
	close(fd);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
