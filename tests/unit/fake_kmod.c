// SPDX-License-Identifier: GPL-2.0
/* fake_kmod: fixed RUN results for reporting tests; see fake_kmod.h. */
#include "fake_kmod.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* the module's own checks, the same file (pure C) */
#include "../../kmod/ib_check.h"

/* What the module allocates in one piece: PAGE_SIZE << IB_MAX_ALLOC_ORDER. */
#define FAKE_MAX_CHUNK	(4ULL << 20)
#define FAKE_PAGE_SIZE	4096ULL

int fake_kmod_errno;
unsigned int fake_kmod_calls;
struct fake_kmod_request fake_kmod_last;
unsigned int fake_kmod_dma_domain = IOMMUBENCH_DOMAIN_DMA_FQ;
int fake_kmod_inval_probe;

/*
 * copy_struct_from_user() in one address space: zero-extend a shorter
 * struct, refuse a longer one's non-zero tail.
 */
static int copy_struct(void *dst, size_t ksize, const void *src, size_t usize)
{
	const unsigned char *p = src;
	size_t i;

	memset(dst, 0, ksize);
	for (i = ksize; i < usize; i++)
		if (p[i])
			return -E2BIG;
	memcpy(dst, src, usize < ksize ? usize : ksize);
	return 0;
}

/* A path as the fake device runs it: the module's checks, fixed figures. */
struct fake_path {
	uint32_t args_size_ver0;
	uint32_t args_size;
	int (*check)(const struct fake_kmod_request *q);
	void (*report)(const struct fake_kmod_request *q,
		       struct iommubench_run_report *rep);
};

static int check_iommu(const struct fake_kmod_request *q)
{
	__u64 pgsize;

	if (ib_check_paging(&q->args.iommu))
		return -EINVAL;
	/* the module checks this in prepare(), against the device's bitmap */
	return ib_check_iommu_pgsize(&q->args.iommu, q->req.buf_size,
				     FAKE_KMOD_HW_PGSIZE, FAKE_MAX_CHUNK, &pgsize);
}

static int check_dma(const struct fake_kmod_request *q)
{
	return ib_check_dma(&q->args.dma, q->req.buf_size, FAKE_PAGE_SIZE);
}

static int check_sim(const struct fake_kmod_request *q)
{
	return ib_check_sim(&q->args.sim, q->req.buf_size);
}

static uint64_t per_page_calls(const struct iommubench_iommu_args *a,
			       uint64_t buf_size)
{
	return a->map_mode == IOMMUBENCH_MAP_PER_PAGE ? buf_size / 4096 : 1;
}

static void report_iommu(const struct fake_kmod_request *q,
			 struct iommubench_run_report *rep)
{
	const struct iommubench_iommu_args *a = &q->args.iommu;

	rep->eff_pgsize_bitmap = a->pgsize_mask ? a->pgsize_mask :
						  FAKE_KMOD_HW_PGSIZE;
	rep->map_calls = per_page_calls(a, q->req.buf_size);
	rep->domain_type = IOMMUBENCH_DOMAIN_PAGING;
}

static void report_dma(const struct fake_kmod_request *q,
		       struct iommubench_run_report *rep)
{
	(void)q;
	rep->eff_pgsize_bitmap = 0;	/* as the module: no choice here */
	rep->map_calls = 1;
	rep->domain_type = fake_kmod_dma_domain;
}

/*
 * The sim's figures, fixed: a stall for ever caps every timed wait under an
 * unbounded policy and makes a bounded one give up each time; time-out
 * errors restart ppm of the batches; a second worker spins 0.5 ms for the
 * queue's lock; map() is one driver call per 4 KiB page, map_pages() one
 * per iommu_map() call. Like the module: its own queue's invalidations, no
 * flush queue, and with RUN_COUNT_DRIVER_CALLS its driver's own count.
 */
static void report_sim(const struct fake_kmod_request *q,
		       struct iommubench_run_report *rep)
{
	const struct iommubench_sim_args *s = &q->args.sim;
	uint64_t ops = rep->ops_done;

	rep->eff_pgsize_bitmap = s->iommu.pgsize_mask;
	rep->map_calls = per_page_calls(&s->iommu, q->req.buf_size);
	rep->domain_type = IOMMUBENCH_DOMAIN_OTHER;	/* no real domain */
	rep->result_flags = IOMMUBENCH_RES_SIM | IOMMUBENCH_RES_INVAL_AVAILABLE;
	if (s->fault == IOMMUBENCH_SIM_FAULT_STALL_FOREVER) {
		if (s->policy == IOMMUBENCH_SIM_BOUNDED) {
			rep->sim_gave_up = ops;
		} else {
			rep->sim_capped = ops;
			rep->sim_capped_ns = ops * 200000000ULL;
		}
	}
	if (s->fault == IOMMUBENCH_SIM_FAULT_TIMEOUT)
		rep->sim_restarts = ops * s->fault_ppm / 1000000;
	rep->sim_lock_spin_ns = (q->req.nr_threads - 1) * 500000ULL;
	rep->sim_driver_calls = ops * (s->entry == IOMMUBENCH_SIM_MAP ?
				       q->req.buf_size / 4096 : rep->map_calls);
	if (q->req.flags & IOMMUBENCH_RUN_COUNT_DRIVER_CALLS) {
		rep->driver_map_calls = rep->sim_driver_calls;
		rep->result_flags |= IOMMUBENCH_RES_DRV_AVAILABLE;
	}
}

/* The module's path table, as the fake device runs it. */
static const struct fake_path fake_paths[] = {
	[IOMMUBENCH_PATH_IOMMU] = { IOMMUBENCH_IOMMU_ARGS_SIZE_VER0,
				    sizeof(struct iommubench_iommu_args),
				    check_iommu, report_iommu },
	[IOMMUBENCH_PATH_DMA]	= { IOMMUBENCH_DMA_ARGS_SIZE_VER0,
				    sizeof(struct iommubench_dma_args),
				    check_dma, report_dma },
	[IOMMUBENCH_PATH_SIM]	= { IOMMUBENCH_SIM_ARGS_SIZE_VER0,
				    sizeof(struct iommubench_sim_args),
				    check_sim, report_sim },
};

static const struct fake_path *fake_path(uint32_t path)
{
	if (path >= sizeof(fake_paths) / sizeof(fake_paths[0]) ||
	    !fake_paths[path].check)
		return NULL;
	return &fake_paths[path];
}

/* As ib_run_ioctl() reads its argument, in the same order. */
int fake_kmod_read(const struct iommubench_run *r, struct fake_kmod_request *q)
{
	const struct fake_path *fp;
	int e;

	memset(q, 0, sizeof(*q));
	q->ok = -EINVAL;
	e = ib_check_run_size(r->size);
	if (!e)
		e = copy_struct(&q->run, sizeof(q->run), r, r->size);
	if (e)
		return q->ok = e;
	fp = fake_path(q->run.path);
	if (!fp)
		return q->ok = -EINVAL;
	e = ib_check_run(&q->run, fp->args_size_ver0);
	if (!e)
		e = copy_struct(&q->req, sizeof(q->req),
				(const void *)(uintptr_t)q->run.req_ptr,
				q->run.req_size);
	if (!e)
		e = copy_struct(&q->args, fp->args_size,
				(const void *)(uintptr_t)q->run.args_ptr,
				q->run.args_size);
	return q->ok = e;
}

static int fake_check(const struct fake_kmod_request *q)
{
	if (q->ok)
		return q->ok;
	if (ib_check_req(&q->req))
		return -EINVAL;
	return fake_path(q->run.path)->check(q);
}

int fake_kmod_validate(const struct iommubench_run *r)
{
	struct fake_kmod_request q;

	fake_kmod_read(r, &q);
	return fake_check(&q);
}

int fake_kmod_run(int fd, struct iommubench_run *r)
{
	const struct fake_kmod_request *q = &fake_kmod_last;
	static uint64_t h[IOMMUBENCH_HIST_NR * IOMMUBENCH_HIST_BUCKETS];
	struct iommubench_run_report rep;
	unsigned char *w;
	const uint32_t *cpus;
	size_t n;
	int e;

	(void)fd;
	fake_kmod_calls++;
	fake_kmod_read(r, &fake_kmod_last);
	if (fake_kmod_errno)
		return -fake_kmod_errno;
	e = fake_check(q);
	if (e)
		return e;
	w = (unsigned char *)(uintptr_t)q->req.workers_ptr;
	cpus = (const uint32_t *)(uintptr_t)q->req.cpus_ptr;

	memset(&rep, 0, sizeof(rep));
	rep.ops_done = 1000ULL * q->req.nr_threads;
	rep.elapsed_ns = 2000000;
	rep.map_ns = rep.ops_done * 1500;
	rep.unmap_ns = rep.ops_done * 1000;
	rep.clock_overhead_ns = 20;
	rep.max_live = q->req.shape == IOMMUBENCH_SHAPE_POOL ?
		       q->req.pool_depth : 1;
	fake_path(q->run.path)->report(q, &rep);
	memset(h, 0, sizeof(h));
	/* a live probe on a real path; the sim counts its own queue's waits */
	if (fake_kmod_inval_probe && !(rep.result_flags & IOMMUBENCH_RES_SIM)) {
		rep.result_flags |= IOMMUBENCH_RES_INVAL_AVAILABLE;
		if (q->req.flags & IOMMUBENCH_RUN_COUNT_DRIVER_CALLS) {
			rep.result_flags |= IOMMUBENCH_RES_DRV_AVAILABLE;
			rep.driver_map_calls = rep.ops_done * rep.map_calls;
		}
	}
	if (rep.result_flags & IOMMUBENCH_RES_INVAL_AVAILABLE) {
		rep.inval_count = 2 * rep.ops_done;
		rep.inval_wait_ns = 800 * rep.inval_count;
		h[IOMMUBENCH_HIST_INVAL_WAIT * IOMMUBENCH_HIST_BUCKETS +
		  iommubench_hist_bucket(800)] = rep.inval_count;
	}
	h[IOMMUBENCH_HIST_MAP * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(1500)] = rep.ops_done;
	h[IOMMUBENCH_HIST_UNMAP * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(1000)] = rep.ops_done;
	h[IOMMUBENCH_HIST_OP * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(2500)] = rep.ops_done;
	h[IOMMUBENCH_HIST_CLOCK * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(20)] = 100;
	/* as the module: min(hist_count, HIST_NR) histograms, no more */
	rep.hist_written = ib_hist_written(&q->req);
	memcpy((void *)(uintptr_t)q->req.hist_ptr, h,
	       sizeof(uint64_t) * IOMMUBENCH_HIST_BUCKETS * rep.hist_written);
	/* min(worker_result_size, sizeof) of each, at the caller's stride */
	for (uint32_t i = 0; i < q->req.nr_threads; i++) {
		struct iommubench_worker_result wr = {
			.cpu = cpus[i], .ops = 1000, .busy_ns = 2500000,
		};

		memcpy(w + (size_t)i * q->req.worker_result_size, &wr,
		       ib_worker_result_bytes(&q->req));
	}
	/* as the module: min(report_size, its sizeof), and says how much */
	n = q->run.report_size < sizeof(rep) ? q->run.report_size : sizeof(rep);
	rep.size = (uint32_t)n;
	memcpy((void *)(uintptr_t)q->run.report_ptr, &rep, n);
	return 0;
}
