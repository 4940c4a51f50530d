/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run: its parameters, its in-kernel workers and the path they drive.
 */
#ifndef _IOMMUBENCH_IB_RUN_H
#define _IOMMUBENCH_IB_RUN_H

#include <linux/completion.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "ib.h"

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
 * @iova:	start of its IOVA window (@run->size bytes)
 * @mapped:	bytes of the window currently mapped (read by INFO)
 * @gather:	pending invalidations of deferred unmaps
 * @pending:	deferred ops in @gather
 * @ops:	timed ops done
 * @map_ns:	sum of map phases
 * @unmap_ns:	sum of unmap phases (plus the final flush of a batch)
 * @end_ns:	when it stopped timing
 * @err:	first error, 0 if none
 * @hist:	per-worker histograms: MAP, UNMAP, OP, CLOCK (not INVAL_WAIT)
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
	unsigned long iova;
	size_t mapped;
	struct iommu_iotlb_gather gather;
	u32 pending;
	u64 ops;
	u64 map_ns;
	u64 unmap_ns;
	u64 end_ns;
	int err;
	struct ib_hist *hist[IOMMUBENCH_HIST_NR];
};

/**
 * struct ib_run - one IOMMUBENCH_IOC_RUN in progress
 * @p:		the caller's parameters (validated)
 * @idev:	the device
 * @domain:	the domain the workers map into
 * @pgsize:	effective page sizes (subset of the hardware bitmap)
 * @min_pgsize:	smallest of @pgsize: the per-page map granule
 * @align:	IOVA alignment of each worker's window
 * @map_calls:	iommu_map() calls per op
 * @nr:		number of workers
 * @workers:	@nr workers
 * @wq:		workers wait here to start; the ioctl waits here for them
 * @ready:	workers done with warm-up
 * @go:		timing has started
 * @stop:	stop as soon as the current op is done
 * @start_ns:	start of timing
 * @remaining:	workers still timing
 * @done:	completed when @remaining reaches zero
 */
struct ib_run {
	struct iommubench_run p;
	struct ib_device *idev;
	struct iommu_domain *domain;
	unsigned long pgsize;
	unsigned long min_pgsize;
	unsigned long align;
	u64 map_calls;
	unsigned int nr;
	struct ib_worker *workers;
	wait_queue_head_t wq;
	atomic_t ready;
	bool go;
	bool stop;
	u64 start_ns;
	atomic_t remaining;
	struct completion done;
};

/* ib_iommu.c: the `iommu` path */
int ib_iommu_prepare(struct ib_run *run);
void ib_iommu_finish(struct ib_run *run);
int ib_iommu_worker_setup(struct ib_worker *w);
void ib_iommu_worker_teardown(struct ib_worker *w);
int ib_iommu_map(struct ib_worker *w);
int ib_iommu_unmap(struct ib_worker *w);
int ib_iommu_flush(struct ib_worker *w);

#endif /* _IOMMUBENCH_IB_RUN_H */
