/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run: its parameters, its in-kernel workers and the path they drive.
 */
#ifndef _IOMMUBENCH_IB_RUN_H
#define _IOMMUBENCH_IB_RUN_H

#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/scatterlist.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "ib.h"

/**
 * struct ib_slot - one mapping a worker can hold live
 * @live:	currently mapped
 * @iova:	`iommu` path: the slot's IOVA window
 * @dma:	`dma` path, page API: the address dma_map_page() returned
 * @sgt:	`dma` path, sg API: the slot's scatterlist
 *
 * A pair or hold workload uses one slot; a pool uses pool_depth slots.
 */
struct ib_sim;

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
 * @chunk:	bytes of @pages (physically contiguous)
 * @slots:	its mappings (@nslots of them)
 * @nslots:	1, or pool_depth for a pool
 * @live:	slots mapped now
 * @free_slot:	pool: the slot the next map uses
 * @max_live:	most slots live at once
 * @rng:	pool_order random: xorshift state, seeded per worker
 * @mapped:	bytes currently mapped (read by INFO)
 * @gather:	`iommu` deferred: pending invalidations
 * @pending:	deferred ops in @gather
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

/**
 * struct ib_path - what a workload path does; the worker loop is shared
 * @validate:	check the path's own arguments (nothing set up yet)
 * @prepare:	set the device up for the run (domain, DMA mask)
 * @finish:	undo @prepare
 * @worker_setup: allocate a worker's buffer and slot state
 * @worker_teardown: unmap whatever is still live, free what setup made
 * @map:	map the buffer into a slot
 * @unmap:	unmap a slot
 * @flush:	complete deferred invalidations (may be NULL)
 * @report:	fill path-specific results after the common ones (may be
 *		NULL); the sim path replaces the probes' invalidation
 *		figures with its own queue's
 */
struct ib_path {
	int (*validate)(const struct iommubench_run *p);
	int (*prepare)(struct ib_run *run);
	void (*finish)(struct ib_run *run);
	int (*worker_setup)(struct ib_worker *w);
	void (*worker_teardown)(struct ib_worker *w);
	int (*map)(struct ib_worker *w, struct ib_slot *s);
	int (*unmap)(struct ib_worker *w, struct ib_slot *s);
	int (*flush)(struct ib_worker *w);
	void (*report)(struct ib_run *run, struct ib_hist *merged);
};

/**
 * struct ib_run - one IOMMUBENCH_IOC_RUN in progress
 * @p:		the caller's parameters (validated)
 * @path:	the path's operations
 * @idev:	the device
 * @domain:	`iommu`: the domain the workers map into
 * @domain_type: enum iommubench_domain_type during the run
 * @pgsize:	`iommu`: effective page sizes (subset of the hardware bitmap)
 * @min_pgsize:	smallest of @pgsize (`dma`: PAGE_SIZE): the per-page granule
 * @align:	`iommu`: IOVA alignment of each window
 * @map_calls:	map calls per op
 * @saved_mask:	`dma`: the device's DMA mask before the run
 * @saved_coherent: `dma`: its coherent DMA mask before the run
 * @nr:		number of workers
 * @workers:	@nr workers
 * @wq:		workers wait here to start; the ioctl waits here for them
 * @ready:	workers done with warm-up
 * @go:		timing has started
 * @stop:	stop as soon as the current op is done
 * @device_gone: the device is being removed: the run ends with -ENODEV
 * @start_ns:	start of timing
 * @remaining:	workers still timing
 * @done:	completed when @remaining reaches zero
 * @sim:	the sim path's state (ib_sim.c), NULL for other paths
 */
struct ib_run {
	struct iommubench_run p;
	const struct ib_path *path;
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
	struct ib_worker *workers;
	wait_queue_head_t wq;
	atomic_t ready;
	bool go;
	bool stop;
	bool device_gone;
	u64 start_ns;
	atomic_t remaining;
	struct completion done;
	struct ib_sim *sim;
};

/* Whether any sim-only field is set (other paths require them zero). */
static inline bool ib_run_has_sim_args(const struct iommubench_run *p)
{
	return p->sim_entry || p->sim_fault || p->sim_policy ||
	       p->sim_fault_ppm || p->sim_hw_pgsize || p->sim_service_ns ||
	       p->sim_fault_ns || p->sim_deadline_ns;
}

/*
 * The arguments the iommu and sim paths share: a map and an unmap strategy,
 * and none of the DMA API's fields.
 */
static inline int ib_run_validate_map_unmap(const struct iommubench_run *p)
{
	if (p->map_mode != IOMMUBENCH_MAP_RANGE &&
	    p->map_mode != IOMMUBENCH_MAP_PER_PAGE)
		return -EINVAL;
	if (p->unmap_mode != IOMMUBENCH_UNMAP_STRICT &&
	    p->unmap_mode != IOMMUBENCH_UNMAP_DEFERRED)
		return -EINVAL;
	if (p->dma_api || p->dma_dir || p->dma_bits || p->sg_nents)
		return -EINVAL;
	return 0;
}

extern const struct ib_path ib_iommu_path;	/* ib_iommu.c */
extern const struct ib_path ib_dma_path;	/* ib_dma.c */
extern const struct ib_path ib_sim_path;	/* ib_sim.c */

/* ib_buf.c: the worker's buffer, shared by the paths */
int ib_buf_alloc(struct ib_worker *w, u64 max_chunk);
void ib_buf_free(struct ib_worker *w);

#endif /* _IOMMUBENCH_IB_RUN_H */
