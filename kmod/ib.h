/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iommubench internals shared by the module's files.
 */
#ifndef _IOMMUBENCH_IB_H
#define _IOMMUBENCH_IB_H

#include <linux/atomic.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "uapi/iommubench.h"

#define IB_NULL_OPS	256	/* clock-cost samples per worker */

/**
 * struct ib_hist - one log-linear latency histogram (see the UAPI header)
 * @b: sample count per bucket
 */
struct ib_hist {
	u64 b[IOMMUBENCH_HIST_BUCKETS];
};

static inline void ib_hist_add(struct ib_hist *h, u64 ns)
{
	h->b[iommubench_hist_bucket(ns)]++;
}

/**
 * struct ib_device - the PCI device bound to the module
 * @pdev:		the device
 * @domain:		our own paging domain (attached only during a run)
 * @hw_pgsize:		pgsize_bitmap of @domain as the driver set it up
 * @aperture_start:	first mappable IOVA, as allocated
 * @aperture_end:	last mappable IOVA, as allocated
 * @removing:		being removed: a run must not start or go on (under
 *			ib.run_lock)
 */
struct ib_device {
	struct pci_dev *pdev;
	struct iommu_domain *domain;
	unsigned long hw_pgsize;
	dma_addr_t aperture_start;
	dma_addr_t aperture_end;
	bool removing;
};

struct ib_run;

/**
 * struct ib_state - module-wide state
 * @lock:	serialises runs, binding and unbinding
 * @dev:	the bound device, or NULL (changed under @lock and @run_lock)
 * @run_lock:	protects @cur_run and lets INFO read @dev during a run
 * @cur_run:	the run in progress, or NULL
 * @opened:	1 while /dev/iommubench is open (one opener at a time)
 * @alloc_pages: pages currently allocated for buffers
 * @leaked_bytes: bytes a run could not unmap (must stay 0)
 * @fq_quiet_ns: when the default domain's flush queue has nothing left for
 *		its timer after the last dma run (see IB_FQ_DRAIN_MS); under @lock
 */
struct ib_state {
	struct mutex lock;
	struct ib_device *dev;
	spinlock_t run_lock;
	struct ib_run *cur_run;
	atomic_t opened;
	atomic64_t alloc_pages;
	atomic64_t leaked_bytes;
	u64 fq_quiet_ns;
};

extern struct ib_state ib;

/* ib_pci.c */
int ib_pci_register(void);
void ib_pci_unregister(void);

/* ib_run.c */
long ib_run_ioctl(struct iommubench_run __user *uarg);
bool ib_run_device_removed(struct ib_device *idev);
u64 ib_run_live_bytes(void);

/* ib_dma.c */
void ib_fq_wait_quiet(void);

/* ib_inval.c */

/**
 * enum ib_probe_class - what a probed function's time counts as
 * @IB_PROBE_WAIT:	an invalidation wait (qi_submit_sync, ...)
 * @IB_PROBE_FQ_FLUSH:	a flush-queue IOTLB flush (fq_flush_iotlb)
 * @IB_PROBE_FQ_TIMEOUT: a flush-queue timer callback (fq_flush_timeout)
 * @IB_PROBE_DRV_MAP:	the IOMMU driver's map entry (registered per run)
 * @IB_PROBE_NR:	number of classes
 */
enum ib_probe_class {
	IB_PROBE_WAIT,
	IB_PROBE_FQ_FLUSH,
	IB_PROBE_FQ_TIMEOUT,
	IB_PROBE_DRV_MAP,
	IB_PROBE_NR,
};

/**
 * struct ib_inval_snap - one probe class's totals at one instant
 * @count:	calls completed
 * @ns:		time spent in them
 * @missed:	calls the kretprobes could not track
 */
struct ib_inval_snap {
	u64 count;
	u64 ns;
	u64 missed;
};

int ib_inval_init(void);
void ib_inval_exit(void);
bool ib_probe_available(enum ib_probe_class class);
int ib_drv_probes_start(void);
void ib_drv_probes_stop(void);
const char *ib_inval_names(void);
void ib_probe_snapshot(enum ib_probe_class class, struct ib_inval_snap *snap,
		       struct ib_hist *hist);

#endif /* _IOMMUBENCH_IB_H */
