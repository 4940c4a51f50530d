/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run: its parameters, its in-kernel workers and the path they drive.
 */
#ifndef _IOMMUBENCH_IB_RUN_H
#define _IOMMUBENCH_IB_RUN_H

#include <linux/bits.h>
#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/scatterlist.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "ib.h"

/**
 * struct ib_slot - one mapping a worker can hold live
 * @live:	currently mapped
 * @iova:	paging paths: the slot's IOVA window
 * @dma:	`dma` path, page API: the address dma_map_page() returned
 * @sgt:	`dma` path, sg API: the slot's scatterlist
 *
 * A pair or hold workload uses one slot; a pool uses pool_depth slots.
 */
struct ib_slot {
	bool live;
	unsigned long iova;
	dma_addr_t dma;
	struct sg_table sgt;
};

/**
 * struct ib_worker - one in-kernel worker, pinned to one CPU
 * @run:	the run it belongs to
 * @task:	its kthread
 * @cpu:	CPU it is bound to
 * @ran_cpu:	CPU it found itself on at the end
 * @pages:	its buffer (allocated by the module, never from user space)
 * @order:	allocation order of @pages
 * @phys:	physical address of @pages
 * @chunk:	bytes of @pages (physically contiguous, a power of two); the
 *		sim: buf_size (its "physical" addresses are the IOVAs)
 * @slots:	its mappings (@nslots of them)
 * @nslots:	1, or pool_depth for a pool
 * @live:	slots mapped now
 * @free_slot:	pool: the slot the next map uses
 * @max_live:	most slots live at once
 * @rng:	pool_order random: xorshift state, seeded per worker
 * @mapped:	bytes currently mapped (read by INFO)
 * @gather:	`iommu` deferred: pending invalidations
 * @pending:	paging paths, deferred: ops since the last sync
 * @ops:	timed ops done
 * @map_ns:	sum of map phases
 * @unmap_ns:	sum of unmap phases (plus the final flush of a batch)
 * @end_ns:	when it stopped timing
 * @err:	first error, 0 if none
 * @victim:	victim timer on this worker's CPU (timer_period_ns)
 * @timer_fires: its expiries
 * @hist:	per-worker histograms (not the system-wide probe ones)
 */
struct ib_worker {
	struct ib_run *run;
	struct task_struct *task;
	unsigned int cpu;
	unsigned int ran_cpu;
	struct page *pages;
	unsigned int order;
	phys_addr_t phys;
	size_t chunk;
	struct ib_slot *slots;
	u32 nslots;
	u32 live;
	u32 free_slot;
	u32 max_live;
	u32 rng;
	size_t mapped;
	struct iommu_iotlb_gather gather;
	u32 pending;
	u64 ops;
	u64 map_ns;
	u64 unmap_ns;
	u64 end_ns;
	int err;
	struct hrtimer victim;
	u64 timer_fires;
	struct ib_hist *hist[IOMMUBENCH_HIST_NR];
};

/* struct ib_path.flags */
/*
 * The path counts its own invalidations: the probes' inval_* and fq_*
 * figures and histograms are not reported for it; its report() fills them.
 */
#define IB_PATH_OWN_INVAL		BIT(0)
/*
 * The path's driver is the module's own: RUN_COUNT_DRIVER_CALLS probes no
 * IOMMU driver; its report() fills driver_map_calls.
 */
#define IB_PATH_OWN_DRIVER		BIT(1)

struct ib_paging;

/**
 * struct ib_path - one workload path: its arguments and its operations
 * @name:	the path's name, for messages
 * @args_size_ver0: first size of its arguments struct (the uapi's
 *		..._ARGS_SIZE_VER0): a smaller args_size is -EINVAL
 * @args_size:	sizeof its arguments struct as this module knows it; the
 *		generic code copies them into run->args with
 *		copy_struct_from_user()
 * @flags:	IB_PATH_*
 * @validate:	check the path's own arguments (run->req is checked, nothing
 *		is set up yet): 0 or -EINVAL
 * @pinned_bytes: memory the run pins besides the workers' buffers (page
 *		tables, scatterlists), for the memory limit (may be NULL)
 * @prepare:	set the device up for the run (domain, DMA mask, own state)
 * @finish:	undo @prepare
 * @worker_setup: allocate a worker's buffer and slot state
 * @worker_teardown: unmap whatever is still live, free what setup made
 * @map:	map the buffer into a slot
 * @unmap:	unmap a slot
 * @flush:	complete deferred invalidations (may be NULL)
 * @report:	fill the path's own results after the generic ones (may be
 *		NULL)
 * @paging:	a paging path's primitives, driven by the shared map/unmap
 *		loops (ib_paging.c: @map, @unmap and @flush are then
 *		ib_paging_map(), ib_paging_unmap() and ib_paging_flush()); its
 *		arguments start with struct iommubench_iommu_args
 *
 * A path is one file that defines one of these and one line in ib_paths.h.
 */
struct ib_path {
	const char *name;
	u32 args_size_ver0;
	u32 args_size;
	unsigned int flags;
	int (*validate)(const struct ib_run *run);
	u64 (*pinned_bytes)(const struct ib_run *run);
	int (*prepare)(struct ib_run *run);
	void (*finish)(struct ib_run *run);
	int (*worker_setup)(struct ib_worker *w);
	void (*worker_teardown)(struct ib_worker *w);
	int (*map)(struct ib_worker *w, struct ib_slot *s);
	int (*unmap)(struct ib_worker *w, struct ib_slot *s);
	int (*flush)(struct ib_worker *w);
	void (*report)(struct ib_run *run, struct ib_hist *merged);
	const struct ib_paging *paging;
};

/**
 * struct ib_run - one IOMMUBENCH_IOC_RUN in progress
 * @hdr:	the caller's run header (copied in)
 * @req:	what the run is asked to do (copied in, checked)
 * @args:	the path's arguments, path->args_size bytes (copied in, checked)
 * @rep:	what the run reports (written out at the end)
 * @path:	the path's operations
 * @priv:	the path's own state for this run (set by prepare), or NULL
 * @idev:	the device
 * @domain:	`iommu`: the domain the workers map into
 * @domain_type: enum iommubench_domain_type during the run
 * @pgsize:	paging paths: effective page sizes
 * @min_pgsize:	smallest of @pgsize (`dma`: PAGE_SIZE): the per-page granule
 * @align:	paging paths: IOVA alignment of each window
 * @map_calls:	map calls per op
 * @saved_mask:	`dma`: the device's DMA mask before the run
 * @saved_coherent: `dma`: its coherent DMA mask before the run
 * @nr:		number of workers
 * @cpus:	@nr CPU numbers (copied in, checked online)
 * @workers:	@nr workers
 * @wq:		workers wait here to start; the ioctl waits here for them
 * @ready:	workers done with warm-up
 * @go:		timing has started
 * @stop:	stop as soon as the current op is done
 * @device_gone: the device is being removed: the run ends with -ENODEV
 * @start_ns:	start of timing
 * @remaining:	workers still timing
 * @done:	completed when @remaining reaches zero
 */
struct ib_run {
	struct iommubench_run hdr;
	struct iommubench_run_req req;
	void *args;
	struct iommubench_run_report rep;
	const struct ib_path *path;
	void *priv;
	struct ib_device *idev;
	struct iommu_domain *domain;
	u32 domain_type;
	unsigned long pgsize;
	unsigned long min_pgsize;
	unsigned long align;
	u64 map_calls;
	u64 saved_mask;
	u64 saved_coherent;
	unsigned int nr;
	u32 *cpus;
	struct ib_worker *workers;
	wait_queue_head_t wq;
	atomic_t ready;
	bool go;
	bool stop;
	bool device_gone;
	u64 start_ns;
	u64 op_delay_ns;	/* module parameter op_delay_ns, read once per run */
	u64 op_delay_loops;	/* ib_spin_loops() count lasting op_delay_ns */
	atomic_t remaining;
	struct completion done;
};

/* Mappings live at once, all workers: one per worker, pool_depth in a pool. */
static inline u64 ib_run_windows(const struct iommubench_run_req *req)
{
	u64 slots = req->shape == IOMMUBENCH_SHAPE_POOL ? req->pool_depth : 1;

	return (u64)req->nr_threads * slots;
}

/* ib_paging.c: the map/unmap loops of the iommu and sim paths, written once */

/**
 * struct ib_paging - a paging path's primitives
 * @map:	map [@iova, @iova + @len) to the worker's buffer at offset
 *		@off (range: a whole chunk; per-page: one page); 0 or -errno
 * @unmap:	unmap [@iova, @iova + @len): strict, invalidating before it
 *		returns; @deferred, queueing the invalidation for @sync.
 *		Return: the bytes unmapped
 * @sync:	complete a batch of deferred invalidations
 * @undo:	after a failed map, remove what the op mapped of the window
 *		at @iova, of which @len bytes were mapped whole by @map calls
 *		that succeeded. Return: the bytes of those @len removed
 */
struct ib_paging {
	int (*map)(struct ib_worker *w, u64 iova, u64 off, u64 len);
	u64 (*unmap)(struct ib_worker *w, u64 iova, u64 len, bool deferred);
	void (*sync)(struct ib_worker *w);
	u64 (*undo)(struct ib_worker *w, u64 iova, u64 len);
};

/* A paging path's map/unmap strategy: its arguments start with it. */
static inline const struct iommubench_iommu_args *
ib_paging_args(const struct ib_run *run)
{
	return run->args;
}

void ib_paging_setup(struct ib_run *run, unsigned long pgsize, u64 max_chunk);
int ib_paging_map(struct ib_worker *w, struct ib_slot *sl);
int ib_paging_unmap(struct ib_worker *w, struct ib_slot *sl);
int ib_paging_flush(struct ib_worker *w);

/* ib_buf.c: the worker's buffer, shared by the paths */
int ib_buf_alloc(struct ib_worker *w, u64 max_chunk);
void ib_buf_free(struct ib_worker *w);

#endif /* _IOMMUBENCH_IB_RUN_H */
