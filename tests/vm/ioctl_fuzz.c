// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_fuzz: a seeded, reproducible fuzzer of /dev/iommubench's ioctls, run
 * inside a guest with the module loaded and a device bound to it.
 *
 * Every call is built from its own random stream, derived from the seed and
 * the call's index, so `--seed S --first I --calls 1` replays call I alone.
 * Most calls are invalid (one or more fields at a boundary or random value,
 * bad pointers, bad sizes, unknown ioctl numbers); a share are small valid
 * RUNs. A run that could be expensive if the kernel accepted it is "poisoned"
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
		       e == EINTR || e == ENOMEM || e == EIO || e == ETIMEDOUT;
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

struct req {
	struct iommubench_run r;
	uint32_t cpus[CPUS_CAP];
	int cpus_in_buf;	/* cpus_ptr points into r_cpus: cpus[] is copied there */
	int must_fail;		/* poisoned, or a bad size or struct pointer */
	int valid;		/* built valid: must succeed */
	int poisoned;
};

static void base_run(struct req *q, uint32_t path)
{
	struct iommubench_run *r = &q->r;
	uint32_t i, pages = 1 + (uint32_t)below(8);

	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->path = path;
	r->batch = 1 + (uint32_t)below(chance(50) ? 4 : 256);
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
		r->map_mode = chance(50) ? IOMMUBENCH_MAP_RANGE : IOMMUBENCH_MAP_PER_PAGE;
		r->unmap_mode = chance(50) ? IOMMUBENCH_UNMAP_STRICT : IOMMUBENCH_UNMAP_DEFERRED;
		r->pgsize_mask = chance(50) ? 0 : 4096;
		if (chance(10) && r->nr_threads == 1 && r->shape != IOMMUBENCH_SHAPE_POOL) {
			r->buf_size = 2 << 20;	/* one 2 MiB page, or a few 4 KiB chunks */
			r->map_mode = IOMMUBENCH_MAP_RANGE;
			r->pgsize_mask = 0;
		}
		break;
	case IOMMUBENCH_PATH_DMA:
		r->dma_api = chance(50) ? IOMMUBENCH_DMA_PAGE : IOMMUBENCH_DMA_SG;
		r->dma_dir = (uint32_t)below(3);
		r->dma_bits = chance(60) ? 0 : (chance(50) ? 32 : 64);
		if (r->dma_api == IOMMUBENCH_DMA_SG) {
			uint32_t d = 1 + (uint32_t)below(pages);

			while (pages % d)
				d--;
			r->sg_nents = d;
		}
		break;
	default:
		r->map_mode = chance(50) ? IOMMUBENCH_MAP_RANGE : IOMMUBENCH_MAP_PER_PAGE;
		r->unmap_mode = chance(50) ? IOMMUBENCH_UNMAP_STRICT : IOMMUBENCH_UNMAP_DEFERRED;
		r->sim_entry = chance(50) ? IOMMUBENCH_SIM_MAP_PAGES : IOMMUBENCH_SIM_MAP;
		{
			static const uint64_t masks[] = {
				0x1000, 0x201000, ~0xfffULL, 0x40201000,
			};
			r->pgsize_mask = masks[below(4)];
		}
		r->sim_hw_pgsize = chance(50) ? 0x1000 : 0x201000;
		r->sim_service_ns = below(2000);
		r->sim_fault = IOMMUBENCH_SIM_FAULT_NONE;
		if (chance(20)) {
			r->sim_fault = IOMMUBENCH_SIM_FAULT_STALL;
			r->sim_fault_ns = 1 + below(50000);
		}
		r->sim_policy = 1 + (uint32_t)below(3);
		if (r->sim_policy == IOMMUBENCH_SIM_BOUNDED)
			r->sim_deadline_ns = 1000000 + below(1000000);
		break;
	}
	for (i = 0; i < CPUS_CAP; i++)
		q->cpus[i] = (uint32_t)below(ncpu);
}

/* Break or bend one field. */
static void mutate(struct req *q)
{
	struct iommubench_run *r = &q->r;
	uint32_t i;

	switch (below(40)) {
	case 0: r->path = (uint32_t)BOUND(3, 4, 0x80000000u, 0xffffffffu); break;
	case 1: r->map_mode = (uint32_t)BOUND(2, 3); break;
	case 2: r->unmap_mode = (uint32_t)BOUND(2, 3); break;
	case 3: r->batch = (uint32_t)BOUND(IOMMUBENCH_MAX_BATCH, 2, 255, 256); break;
	case 4: r->nr_threads = (uint32_t)BOUND(IOMMUBENCH_MAX_THREADS, 2, 3, 4, 255, 257); break;
	case 5: r->pgsize_mask = BOUND(0x40201000, 0x1000, 0x200000, 0x201000, 0x800,
				       0xfff, ~0xfffULL, 0x1001, 0x40000000, 0x8000000000000000ULL);
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
		size_t need = (size_t)(r->nr_threads ? r->nr_threads : 1) * WR_SIZE;

		r->workers_ptr = fuzz_buf_ptr(&r_work, need < r_work.len ? need : r_work.len,
					      70, &good);
		break;
	}
	case 18: r->shape = (uint32_t)BOUND(3, 4); break;
	case 19: r->pool_order = (uint32_t)BOUND(2, 3); break;
	case 20: r->pool_depth = (uint32_t)BOUND(IOMMUBENCH_MAX_POOL, 2, 4, 16, 4095); break;
	case 21: r->dma_api = (uint32_t)BOUND(2, 3); break;
	case 22: r->dma_dir = (uint32_t)BOUND(2, 3, 4); break;
	case 23: r->dma_bits = (uint32_t)BOUND(64, 19, 20, 21, 32, 36, 48, 63, 65); break;
	case 24: r->sg_nents = (uint32_t)BOUND(IOMMUBENCH_MAX_SG_NENTS, 2, 3, 4, 7, 8, 1023); break;
	case 25: r->pad = (uint32_t)BOUND(1, 0x80000000u); break;
	case 26: r->hold_ns = BOUND(IOMMUBENCH_MAX_HOLD_NS, 1000, 100000); break;
	case 27: r->timer_period_ns = BOUND(IOMMUBENCH_MAX_TIMER_PERIOD_NS,
					    IOMMUBENCH_MIN_TIMER_PERIOD_NS,
					    IOMMUBENCH_MIN_TIMER_PERIOD_NS - 1, 100000, 1000000);
		break;
	case 28: r->sim_entry = (uint32_t)BOUND(2, 3); break;
	case 29: r->sim_fault = (uint32_t)BOUND(4, 2, 3, 5); break;
	case 30: r->sim_policy = (uint32_t)BOUND(3, 2, 4); break;
	case 31: r->sim_fault_ppm = (uint32_t)BOUND(1000000, 1000, 500000); break;
	case 32: r->sim_hw_pgsize = BOUND(0x40201000, 0x1000, 0x200000, 0x201000, 0x2000,
					  ~0xfffULL);
		break;
	case 33: r->sim_service_ns = BOUND(IOMMUBENCH_SIM_MAX_SERVICE_NS, 1000, 100000); break;
	case 34: r->sim_fault_ns = BOUND(IOMMUBENCH_SIM_MAX_FAULT_NS, 1000, 100000); break;
	case 35: r->sim_deadline_ns = BOUND(IOMMUBENCH_SIM_MAX_DEADLINE_NS, 1000, 1000000); break;
	case 36: r->flags = BOUND(1, 2, 3, 0x8000000000000000ULL); break;
	case 37: r->iova_base = BOUND(1ULL << 48, 0x1000, 0x200000, 0x400000, 0xfee00000ULL,
				      (1ULL << 48) - 0x1000, 1ULL << 39, 1ULL << 57, 0x123);
		break;
	case 38:	/* results are outputs: garbage in them must not matter */
		memset(&r->result_flags, 0xa5,
		       sizeof(*r) - offsetof(struct iommubench_run, result_flags));
		break;
	default:	/* a fresh field set from another path's template */
		{
			struct req other;
			uint32_t p = 1 + (uint32_t)below(3);

			base_run(&other, p);
			if (chance(50))
				r->path = p;
			else
				memcpy(&r->shape, &other.r.shape,
				       offsetof(struct iommubench_run, flags) -
				       offsetof(struct iommubench_run, shape));
		}
		break;
	}
}

/* Would this run be costly if the kernel accepted it? */
static int expensive(const struct iommubench_run *r)
{
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
	if (r->sim_service_ns > 200000)
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

static void do_run(void)
{
	static struct req q;
	struct iommubench_run *r = &q.r;
	uint8_t *arg;
	uint64_t t0, dt;
	int ret, err, good_arg = 1, intr = 0;
	size_t cpus_bytes;

	memset(&q, 0, sizeof(q));
	base_run(&q, 1 + (uint32_t)below(3));
	r->hist_ptr = (uintptr_t)tail(&r_hist, HIST_BYTES);
	r->workers_ptr = (uintptr_t)tail(&r_work, r->nr_threads * WR_SIZE);
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
		if (expensive(r))
			poison(&q);
	}

	/* the CPU list goes where cpus_ptr points, if that is our buffer */
	if (r->cpus_ptr >= (uintptr_t)r_cpus.base &&
	    r->cpus_ptr < (uintptr_t)(r_cpus.base + r_cpus.len)) {
		cpus_bytes = (uintptr_t)(r_cpus.base + r_cpus.len) - r->cpus_ptr;
		if (cpus_bytes > sizeof(q.cpus))
			cpus_bytes = sizeof(q.cpus);
		memcpy((void *)(uintptr_t)r->cpus_ptr, q.cpus, cpus_bytes);
		q.cpus_in_buf = 1;
	} else if (q.poisoned) {
		/* the pointer is bad anyway (NULL, guard, wild): -EFAULT/-EINVAL */
	}
	/* a run that could be expensive with the list somewhere we cannot poison */
	if (!q.valid && !intr && !q.cpus_in_buf && r->cpus_ptr == (uintptr_t)ro_page &&
	    expensive(r)) {
		r->pad = 1;
		q.must_fail = 1;
	}

	/* the size field */
	if (!q.valid && !intr && chance(5)) {
		r->size = (uint32_t)BOUND(sizeof(*r) + 8, sizeof(*r) - 8, sizeof(*r) - 4,
					  sizeof(*r) + 4, 8, 0x100, 0x200);
		if (r->size != sizeof(*r))
			q.must_fail = 1;
	}

	/* where the struct itself is */
	arg = tail(&r_arg, sizeof(*r));
	if (!q.valid && !intr && chance(5)) {
		good_arg = 0;
		q.must_fail = 1;
		switch (below(5)) {
		case 0:
			arg = NULL;
			break;
		case 1:
			arg = none_page;
			break;
		case 2:	/* only the first few bytes readable (size in them, or not) */
			arg = tail(&r_arg, 1 + below(sizeof(*r) - 1));
			break;
		case 3:	/* readable, not writable: the copy back faults */
			if (mprotect(ro_page, pgsz, PROT_READ | PROT_WRITE) == 0) {
				memcpy(ro_page, r, sizeof(*r));
				mprotect(ro_page, pgsz, PROT_READ);
			}
			arg = ro_page;
			if (!q.poisoned && !expensive(r))
				q.must_fail = 1;	/* fails late, with EFAULT */
			else if (!q.poisoned)
				arg = NULL;
			break;
		default:
			arg = (uint8_t *)(uintptr_t)wild_ptr();
			break;
		}
	}
	if (good_arg || (arg >= r_arg.base && arg < r_arg.base + r_arg.len)) {
		size_t room = (size_t)(r_arg.base + r_arg.len - arg);

		memcpy(arg, r, room < sizeof(*r) ? room : sizeof(*r));
	}
	if (q.poisoned)
		n_poisoned++;

	if (verbose)
		printf("call %lld: RUN path %u size %u thr %u ops %" PRIu64 " dur %" PRIu64
		       " buf %#" PRIx64 " shape %u valid %d must_fail %d poisoned %d arg %p\n",
		       cur_call, r->path, r->size, r->nr_threads, (uint64_t)r->ops,
		       (uint64_t)r->duration_ns, (uint64_t)r->buf_size, r->shape, q.valid,
		       q.must_fail, q.poisoned, (void *)arg);
	if (verbose)
		printf("call %lld:   batch %u warmup %" PRIu64 " pgsize %#" PRIx64 " map %u unmap %u"
		       " pool %u/%u hold %" PRIu64 " timer %" PRIu64 " dma api %u dir %u bits %u"
		       " sg %u pad %u sim %u/%u/%u ppm %u hw %#" PRIx64 " svc %" PRIu64
		       " fault_ns %" PRIu64 " deadline %" PRIu64 " flags %#" PRIx64
		       " iova %#" PRIx64 " cpus %#" PRIx64 " hist %#" PRIx64 " workers %#" PRIx64
		       "\n", cur_call, r->batch, (uint64_t)r->warmup_ops,
		       (uint64_t)r->pgsize_mask, r->map_mode, r->unmap_mode, r->pool_depth,
		       r->pool_order, (uint64_t)r->hold_ns, (uint64_t)r->timer_period_ns,
		       r->dma_api, r->dma_dir, r->dma_bits, r->sg_nents, r->pad, r->sim_entry,
		       r->sim_fault, r->sim_policy, r->sim_fault_ppm, (uint64_t)r->sim_hw_pgsize,
		       (uint64_t)r->sim_service_ns, (uint64_t)r->sim_fault_ns,
		       (uint64_t)r->sim_deadline_ns, (uint64_t)r->flags, (uint64_t)r->iova_base,
		       (uint64_t)r->cpus_ptr, (uint64_t)r->hist_ptr, (uint64_t)r->workers_ptr);

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
		     "poisoned %d size %u", q.poisoned, r->size);
	}
	if (ret && !allowed(K_RUN, err)) {
		bad_errno++;
		note(&first_bad_errno, "undocumented errno", "RUN: %s", errname(err));
	}
	if (q.valid) {
		const struct iommubench_run *out = (const void *)arg;

		if (ret) {
			valid_failed++;
			note(&first_valid_failed, "valid RUN failed",
			     "%s (path %u shape %u threads %u buf %#" PRIx64 ")", errname(err),
			     r->path, r->shape, r->nr_threads, (uint64_t)r->buf_size);
		} else {
			n_valid_ok++;
			if (r->ops && !r->duration_ns &&
			    out->ops_done != r->ops * r->nr_threads) {
				valid_short++;
				note(&first_valid_failed, "valid RUN did the wrong number of ops",
				     "%" PRIu64 " of %" PRIu64, (uint64_t)out->ops_done,
				     (uint64_t)(r->ops * r->nr_threads));
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
		size = (uint32_t)BOUND(sizeof(*info) + 8, sizeof(*info) - 8, sizeof(*info) - 4,
				       sizeof(*info) + 4, 8, 0x100);
		must_fail = size != sizeof(*info);
	}
	arg = tail(&r_arg, sizeof(*info));
	if (chance(30)) {
		good = 0;
		must_fail = 1;
		switch (below(5)) {
		case 0: arg = NULL; break;
		case 1: arg = none_page; break;
		case 2: arg = tail(&r_arg, 1 + below(sizeof(*info) - 1)); break;
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
				   below(2) ? sizeof(struct iommubench_run) :
					      sizeof(struct iommubench_info));
			break;
		case 1:	/* right number and direction, other size */
			cmd = _IOC(_IOC_READ | _IOC_WRITE, IOMMUBENCH_IOC_MAGIC, below(2),
				   (size_t)BOUND(_IOC_SIZEMASK, sizeof(struct iommubench_info),
						 sizeof(struct iommubench_run),
						 sizeof(struct iommubench_run) - 8,
						 sizeof(struct iommubench_run) + 8) & _IOC_SIZEMASK);
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
	r_work = guarded((IOMMUBENCH_MAX_THREADS + 8) * WR_SIZE);
	r_cpus = guarded(CPUS_CAP * sizeof(uint32_t));
	r_arg = guarded(2 * pgsz);
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
