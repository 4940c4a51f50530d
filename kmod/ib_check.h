/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The argument checks of IOMMUBENCH_IOC_RUN that need no kernel service:
 * the run header, the request and each in-tree path's own arguments, plus
 * the page-size rule of the paging paths given a hardware bitmap.
 *
 * Pure C like ib_sim_logic.h: no locks, no memory, no clock, only plain
 * integer types and compiler builtins, so it builds in the kernel and with
 * `cc -std=c11`. The module and the runner's fake module
 * (tests/unit/fake_kmod.c) include this same file, so the fake accepts
 * exactly what the module accepts. Copying the structs in (the size rules
 * of copy_struct_from_user()), the memory limit and the device's own
 * answers (the aperture, reserved regions) stay in the module.
 *
 * Every check returns 0 or -EINVAL. ib_hist_written() and
 * ib_worker_result_bytes() say how much of the caller's two out-arrays a
 * run writes, for the module and the fake alike.
 */
#ifndef IOMMUBENCH_IB_CHECK_H
#define IOMMUBENCH_IB_CHECK_H

#include <linux/errno.h>
#include <linux/types.h>

#include "uapi/iommubench.h"

/* ABI 6: every struct is still its first version. */
_Static_assert(sizeof(struct iommubench_run) == IOMMUBENCH_RUN_SIZE_VER0,
	       "struct iommubench_run");
_Static_assert(sizeof(struct iommubench_run_req) == IOMMUBENCH_RUN_REQ_SIZE_VER0,
	       "struct iommubench_run_req");
_Static_assert(sizeof(struct iommubench_iommu_args) ==
	       IOMMUBENCH_IOMMU_ARGS_SIZE_VER0, "struct iommubench_iommu_args");
_Static_assert(sizeof(struct iommubench_dma_args) == IOMMUBENCH_DMA_ARGS_SIZE_VER0,
	       "struct iommubench_dma_args");
_Static_assert(sizeof(struct iommubench_sim_args) == IOMMUBENCH_SIM_ARGS_SIZE_VER0,
	       "struct iommubench_sim_args");
_Static_assert(sizeof(struct iommubench_run_report) ==
	       IOMMUBENCH_RUN_REPORT_SIZE_VER0, "struct iommubench_run_report");
_Static_assert(sizeof(struct iommubench_info) == IOMMUBENCH_INFO_SIZE_VER0,
	       "struct iommubench_info");
_Static_assert(sizeof(struct iommubench_worker_result) ==
	       IOMMUBENCH_WORKER_RESULT_SIZE_VER0, "struct iommubench_worker_result");

/*
 * Largest size the module takes for a struct it reads (the run header, the
 * request, the arguments): openat2()'s and clone3()'s limit, so a caller
 * cannot make the module scan megabytes for a non-zero tail. -E2BIG above.
 */
#define IB_MAX_USER_STRUCT	4096U

/**
 * ib_check_run_size() - the run header's own size, before it is copied in
 * @size: struct iommubench_run.size as the caller passed it
 *
 * Return: 0; -EINVAL below IOMMUBENCH_RUN_SIZE_VER0; -E2BIG above
 * IB_MAX_USER_STRUCT.
 */
static inline int ib_check_run_size(__u32 size)
{
	if (size < IOMMUBENCH_RUN_SIZE_VER0)
		return -EINVAL;
	return size > IB_MAX_USER_STRUCT ? -E2BIG : 0;
}

/**
 * ib_check_run() - the run header, once its path is known
 * @h:			the header (copied in)
 * @args_size_ver0:	the path's first arguments size
 *
 * Return: 0; -EINVAL for a size below its first version, a missing pointer
 * or a non-zero pad; -E2BIG for an in-struct larger than IB_MAX_USER_STRUCT.
 */
static inline int ib_check_run(const struct iommubench_run *h,
			       __u32 args_size_ver0)
{
	if (h->pad || !h->req_ptr || !h->args_ptr || !h->report_ptr)
		return -EINVAL;
	if (h->req_size < IOMMUBENCH_RUN_REQ_SIZE_VER0 ||
	    h->args_size < args_size_ver0 ||
	    h->report_size < IOMMUBENCH_RUN_REPORT_SIZE_VER0)
		return -EINVAL;
	if (h->req_size > IB_MAX_USER_STRUCT || h->args_size > IB_MAX_USER_STRUCT)
		return -E2BIG;
	return 0;
}

static inline int ib_check_shape(const struct iommubench_run_req *p)
{
	switch (p->shape) {
	case IOMMUBENCH_SHAPE_PAIR:
		return p->pool_depth || p->pool_order || p->hold_ns ? -EINVAL : 0;
	case IOMMUBENCH_SHAPE_HOLD:
		if (p->pool_depth || p->pool_order)
			return -EINVAL;
		return p->hold_ns && p->hold_ns <= IOMMUBENCH_MAX_HOLD_NS ?
		       0 : -EINVAL;
	case IOMMUBENCH_SHAPE_POOL:
		if (p->hold_ns || !p->pool_depth ||
		    p->pool_depth > IOMMUBENCH_MAX_POOL)
			return -EINVAL;
		return p->pool_order == IOMMUBENCH_POOL_FIFO ||
		       p->pool_order == IOMMUBENCH_POOL_RANDOM ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/**
 * ib_check_req() - what a run is asked to do, whatever its path
 * @p: the request (copied in)
 *
 * Return: 0 or -EINVAL.
 */
static inline int ib_check_req(const struct iommubench_run_req *p)
{
	if (!p->nr_threads || p->nr_threads > IOMMUBENCH_MAX_THREADS)
		return -EINVAL;
	if (!p->buf_size || p->buf_size > IOMMUBENCH_MAX_SIZE)
		return -EINVAL;
	if (!p->ops && !p->duration_ns)
		return -EINVAL;
	if (p->ops > IOMMUBENCH_MAX_OPS ||
	    p->duration_ns > IOMMUBENCH_MAX_DURATION_NS ||
	    p->warmup_ops > IOMMUBENCH_MAX_WARMUP)
		return -EINVAL;
	if ((p->flags & ~(__u64)IOMMUBENCH_RUN_FLAGS) || !p->cpus_ptr ||
	    !p->hist_ptr || !p->workers_ptr)
		return -EINVAL;
	if (!p->hist_count ||
	    p->worker_result_size < IOMMUBENCH_WORKER_RESULT_SIZE_VER0)
		return -EINVAL;
	if (p->timer_period_ns &&
	    (p->timer_period_ns < IOMMUBENCH_MIN_TIMER_PERIOD_NS ||
	     p->timer_period_ns > IOMMUBENCH_MAX_TIMER_PERIOD_NS))
		return -EINVAL;
	return ib_check_shape(p);
}

/**
 * ib_hist_written() - histograms a run writes at req.hist_ptr
 * @p: the request (checked)
 *
 * Return: min(@p->hist_count, IOMMUBENCH_HIST_NR): ids 0 up; the caller's
 * histograms past them are not touched.
 */
static inline __u32 ib_hist_written(const struct iommubench_run_req *p)
{
	return p->hist_count < IOMMUBENCH_HIST_NR ? p->hist_count :
						    IOMMUBENCH_HIST_NR;
}

/**
 * ib_worker_result_bytes() - bytes a run writes of each worker result
 * @p: the request (checked)
 *
 * Return: min(@p->worker_result_size, sizeof(struct
 * iommubench_worker_result)); entry i starts at workers_ptr + i *
 * worker_result_size, and the bytes of an entry past these are not touched.
 */
static inline __u32 ib_worker_result_bytes(const struct iommubench_run_req *p)
{
	return p->worker_result_size < sizeof(struct iommubench_worker_result) ?
	       p->worker_result_size :
	       (__u32)sizeof(struct iommubench_worker_result);
}

/**
 * ib_check_paging() - the map/unmap strategy of the iommu and sim paths
 * @a: the iommu path's arguments, or the sim path's embedded ones
 *
 * Return: 0 or -EINVAL.
 */
static inline int ib_check_paging(const struct iommubench_iommu_args *a)
{
	if (a->map_mode != IOMMUBENCH_MAP_RANGE &&
	    a->map_mode != IOMMUBENCH_MAP_PER_PAGE)
		return -EINVAL;
	if (a->unmap_mode != IOMMUBENCH_UNMAP_STRICT &&
	    a->unmap_mode != IOMMUBENCH_UNMAP_DEFERRED)
		return -EINVAL;
	if (!a->batch || a->batch > IOMMUBENCH_MAX_BATCH || a->pad)
		return -EINVAL;
	return 0;
}

/**
 * ib_check_iommu_pgsize() - the iommu path's page sizes on one device
 * @a:		the iommu path's arguments
 * @buf_size:	the request's buf_size
 * @hw_pgsize:	the device domain's pgsize_bitmap
 * @max_chunk:	largest buffer the module allocates in one piece
 * @pgsize:	out: the page sizes the run uses
 *
 * Return: 0; -EINVAL when @a->pgsize_mask is not a non-empty subset of
 * @hw_pgsize or @buf_size is not a multiple of its smallest page.
 */
static inline int ib_check_iommu_pgsize(const struct iommubench_iommu_args *a,
					__u64 buf_size, __u64 hw_pgsize,
					__u64 max_chunk, __u64 *pgsize)
{
	__u64 mask = a->pgsize_mask ? a->pgsize_mask : hw_pgsize;
	__u64 min;

	if (!mask || (mask & ~hw_pgsize))
		return -EINVAL;
	min = mask & (~mask + 1);
	if (min > max_chunk || buf_size % min)
		return -EINVAL;
	*pgsize = mask;
	return 0;
}

static inline int ib_check_sim_fault(const struct iommubench_sim_args *s)
{
	switch (s->fault) {
	case IOMMUBENCH_SIM_FAULT_NONE:
	case IOMMUBENCH_SIM_FAULT_STALL_FOREVER:
	case IOMMUBENCH_SIM_FAULT_GONE:
		return s->fault_ns || s->fault_ppm ? -EINVAL : 0;
	case IOMMUBENCH_SIM_FAULT_STALL:
		if (s->fault_ppm || !s->fault_ns ||
		    s->fault_ns > IOMMUBENCH_SIM_MAX_FAULT_NS)
			return -EINVAL;
		return 0;
	case IOMMUBENCH_SIM_FAULT_TIMEOUT:
		if (s->fault_ns || !s->fault_ppm || s->fault_ppm > 1000000)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

static inline int ib_check_sim_policy(const struct iommubench_sim_args *s)
{
	switch (s->policy) {
	case IOMMUBENCH_SIM_UNBOUNDED:
	case IOMMUBENCH_SIM_UNBOUNDED_GONE:
		return s->deadline_ns ? -EINVAL : 0;
	case IOMMUBENCH_SIM_BOUNDED:
		if (!s->deadline_ns ||
		    s->deadline_ns > IOMMUBENCH_SIM_MAX_DEADLINE_NS)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * ib_check_sim() - the sim path's arguments
 * @s:		the sim path's arguments
 * @buf_size:	the request's buf_size
 *
 * Return: 0 or -EINVAL.
 */
static inline int ib_check_sim(const struct iommubench_sim_args *s,
			       __u64 buf_size)
{
	__u64 mask = s->iommu.pgsize_mask;

	if (ib_check_paging(&s->iommu))
		return -EINVAL;
	if (s->entry != IOMMUBENCH_SIM_MAP_PAGES && s->entry != IOMMUBENCH_SIM_MAP)
		return -EINVAL;
	/* the advertised bitmap: anything from 4 KiB up, ~0xfff included */
	if (!mask || (mask & 0xfff))
		return -EINVAL;
	/* the hardware writes 4 KiB entries at least */
	if (!(s->hw_pgsize & 0x1000))
		return -EINVAL;
	if (s->service_ns > IOMMUBENCH_SIM_MAX_SERVICE_NS)
		return -EINVAL;
	if (ib_check_sim_fault(s) || ib_check_sim_policy(s))
		return -EINVAL;
	/* a multiple of the smallest advertised page (4 KiB at least) */
	if (buf_size % (mask & (~mask + 1)))
		return -EINVAL;
	return 0;
}

/**
 * ib_check_dma() - the dma path's arguments
 * @d:		the dma path's arguments
 * @buf_size:	the request's buf_size
 * @page_size:	the kernel's PAGE_SIZE
 *
 * Return: 0 or -EINVAL.
 */
static inline int ib_check_dma(const struct iommubench_dma_args *d,
			       __u64 buf_size, __u64 page_size)
{
	if (d->dma_dir > IOMMUBENCH_DIR_FROM_DEVICE)
		return -EINVAL;
	if (d->dma_bits && (d->dma_bits < 20 || d->dma_bits > 64))
		return -EINVAL;
	if (buf_size > IOMMUBENCH_MAX_DMA_SIZE || buf_size % page_size)
		return -EINVAL;
	switch (d->dma_api) {
	case IOMMUBENCH_DMA_PAGE:
		return d->sg_nents ? -EINVAL : 0;
	case IOMMUBENCH_DMA_SG:
		if (!d->sg_nents || d->sg_nents > IOMMUBENCH_MAX_SG_NENTS ||
		    buf_size % d->sg_nents || (buf_size / d->sg_nents) % page_size)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

#endif /* IOMMUBENCH_IB_CHECK_H */
