/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * iommubench UAPI: the ioctl interface of /dev/iommubench.
 *
 * Shared verbatim by the kernel module and the userspace runner; docs/abi.md
 * describes every command and field. A run is three structs (what it is
 * asked to do, the path's own arguments, what it reports), each passed with
 * its size so that fields can be appended without breaking older runners or
 * older modules (see "How the ABI grows" below).
 */
#ifndef _UAPI_IOMMUBENCH_H
#define _UAPI_IOMMUBENCH_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define IOMMUBENCH_ABI_VERSION		6
#define IOMMUBENCH_DEV_NAME		"iommubench"
#define IOMMUBENCH_DRV_NAME		"iommubench"

/* Limits the kernel enforces on IOMMUBENCH_IOC_RUN (-EINVAL beyond them). */
#define IOMMUBENCH_MAX_SIZE		(64ULL << 20)	/* bytes per op */
#define IOMMUBENCH_MAX_THREADS		256
#define IOMMUBENCH_MAX_BATCH		65536
#define IOMMUBENCH_MAX_DURATION_NS	(600ULL * 1000000000ULL)
#define IOMMUBENCH_MAX_OPS		(1ULL << 40)
#define IOMMUBENCH_MAX_WARMUP		(1ULL << 20)	/* untimed ops */
#define IOMMUBENCH_MAX_POOL		4096		/* live mappings per worker */
#define IOMMUBENCH_MAX_HOLD_NS		(10ULL * 1000000ULL)	/* 10 ms */
#define IOMMUBENCH_MAX_SG_NENTS		1024
#define IOMMUBENCH_MAX_DMA_SIZE		(4ULL << 20)	/* one contiguous buffer */
#define IOMMUBENCH_MIN_TIMER_PERIOD_NS	10000ULL	/* victim timer: 10 us */
#define IOMMUBENCH_MAX_TIMER_PERIOD_NS	1000000000ULL	/* .. 1 s */
#define IOMMUBENCH_SIM_MAX_SERVICE_NS	(10ULL * 1000000ULL)	/* 10 ms */
#define IOMMUBENCH_SIM_MAX_FAULT_NS	(10ULL * 1000000000ULL)	/* 10 s */
#define IOMMUBENCH_SIM_MAX_DEADLINE_NS	(2ULL * 1000000000ULL)	/* 2 s */

/* Workload paths. */
enum iommubench_path {
	IOMMUBENCH_PATH_IOMMU = 1,	/* own paging domain, iommu_map/unmap */
	IOMMUBENCH_PATH_DMA = 2,	/* DMA API on the default domain */
	IOMMUBENCH_PATH_SIM = 3,	/* the module's software IOMMU */
};

/*
 * The `sim` path: a software IOMMU inside the module, for what hardware
 * cannot be made to do on demand. Every result from it says `sim`.
 */

/* Which driver entry point the simulated driver offers the core. */
enum iommubench_sim_entry {
	IOMMUBENCH_SIM_MAP_PAGES = 1,	/* map_pages(): a page count per call */
	IOMMUBENCH_SIM_MAP = 2,		/* map(): one page per call, core loops */
};

/* What goes wrong with the endpoint during the run. */
enum iommubench_sim_fault {
	IOMMUBENCH_SIM_FAULT_NONE = 0,
	IOMMUBENCH_SIM_FAULT_STALL = 1,		/* no completion for fault_ns */
	IOMMUBENCH_SIM_FAULT_STALL_FOREVER = 2,	/* never completes */
	IOMMUBENCH_SIM_FAULT_TIMEOUT = 3,	/* a wait fails with ppm odds */
	IOMMUBENCH_SIM_FAULT_GONE = 4,		/* endpoint removed */
};

/* What a wait does when the invalidation does not complete. */
enum iommubench_sim_policy {
	/* restart the batch on a time-out, for ever (qi_submit_sync, 6.1) */
	IOMMUBENCH_SIM_UNBOUNDED = 1,
	/* the same, but give up when the endpoint is gone (6.9's fix) */
	IOMMUBENCH_SIM_UNBOUNDED_GONE = 2,
	/* give up with -ETIMEDOUT after deadline_ns (AMD ~100 ms, SMMUv3 1 s) */
	IOMMUBENCH_SIM_BOUNDED = 3,
};

/* Which DMA API calls the `dma` path makes. */
enum iommubench_dma_api {
	IOMMUBENCH_DMA_PAGE = 1,	/* dma_map_page()/dma_unmap_page() */
	IOMMUBENCH_DMA_SG = 2,		/* dma_map_sg()/dma_unmap_sg() */
};

/* DMA direction: the values of the kernel's enum dma_data_direction. */
enum iommubench_dma_dir {
	IOMMUBENCH_DIR_BIDIRECTIONAL = 0,
	IOMMUBENCH_DIR_TO_DEVICE = 1,
	IOMMUBENCH_DIR_FROM_DEVICE = 2,
};

/* How maps and unmaps interleave. */
enum iommubench_shape {
	/* map, then unmap at once */
	IOMMUBENCH_SHAPE_PAIR = 1,
	/* map, wait hold_ns (busy, like dma_map_benchmark's dma_trans_ns), unmap */
	IOMMUBENCH_SHAPE_HOLD = 2,
	/* keep up to pool_depth mappings live: each op maps a new one and, once
	 * the pool is full, unmaps one chosen by pool_order */
	IOMMUBENCH_SHAPE_POOL = 3,
};

enum iommubench_pool_order {
	IOMMUBENCH_POOL_FIFO = 1,	/* the oldest live mapping */
	IOMMUBENCH_POOL_RANDOM = 2,	/* any live mapping, seeded per worker */
};

/* The device's domain as a run found it (iommubench_run_report.domain_type). */
enum iommubench_domain_type {
	IOMMUBENCH_DOMAIN_NONE = 0,	/* no IOMMU domain: direct or arch DMA ops */
	IOMMUBENCH_DOMAIN_IDENTITY = 1,	/* passthrough */
	IOMMUBENCH_DOMAIN_DMA = 2,	/* dma-iommu, strict invalidation */
	IOMMUBENCH_DOMAIN_DMA_FQ = 3,	/* dma-iommu with a flush queue */
	IOMMUBENCH_DOMAIN_PAGING = 4,	/* a paging domain not owned by dma-iommu */
	IOMMUBENCH_DOMAIN_OTHER = 5,
};

/* How the buffer is mapped. */
enum iommubench_map_mode {
	/* one iommu_map() per physically contiguous chunk (core splits it) */
	IOMMUBENCH_MAP_RANGE = 1,
	/* one iommu_map() and one unmap per page of the smallest size */
	IOMMUBENCH_MAP_PER_PAGE = 2,
};

/* How the buffer is unmapped. */
enum iommubench_unmap_mode {
	/* iommu_unmap(): the driver invalidates before returning */
	IOMMUBENCH_UNMAP_STRICT = 1,
	/* iommu_unmap_fast() into a gather, iommu_iotlb_sync() per batch */
	IOMMUBENCH_UNMAP_DEFERRED = 2,
};

/*
 * Log-linear histogram shared by kernel and runner. Values below
 * 2^(SUB_BITS+1) ns get a bucket each; above, every power of two is split
 * into 2^SUB_BITS buckets, so a bucket is at most 1/128 of its lower bound
 * wide (< 1 % relative error). The last bucket holds everything from about
 * 275 s up (the histogram covers 1 ns to >= 100 s exactly).
 */
#define IOMMUBENCH_HIST_SUB_BITS	7
#define IOMMUBENCH_HIST_SUB		(1U << IOMMUBENCH_HIST_SUB_BITS)
#define IOMMUBENCH_HIST_MAX_EXP		38	/* 2^38 ns ~ 275 s */
#define IOMMUBENCH_HIST_BUCKETS \
	(2 * IOMMUBENCH_HIST_SUB + \
	 (IOMMUBENCH_HIST_MAX_EXP - IOMMUBENCH_HIST_SUB_BITS - 1) * \
	 IOMMUBENCH_HIST_SUB)

/* Histograms returned by IOMMUBENCH_IOC_RUN, in this order. */
enum iommubench_hist_id {
	IOMMUBENCH_HIST_MAP = 0,	/* one map phase (whole buffer)   */
	IOMMUBENCH_HIST_UNMAP,		/* one unmap phase (incl. sync)   */
	IOMMUBENCH_HIST_OP,		/* map + unmap                    */
	IOMMUBENCH_HIST_INVAL_WAIT,	/* one invalidation wait (probe)  */
	IOMMUBENCH_HIST_CLOCK,		/* null op: two clock reads       */
	IOMMUBENCH_HIST_TIMER_LATE,	/* victim timer: how late it fired */
	IOMMUBENCH_HIST_FQ_FLUSH,	/* one flush-queue IOTLB flush     */
	IOMMUBENCH_HIST_FQ_TIMEOUT,	/* one flush-queue timer callback  */
	IOMMUBENCH_HIST_NR,
};

/**
 * iommubench_hist_bucket() - bucket index of a value in nanoseconds
 * @ns: the value
 *
 * Return: index in [0, IOMMUBENCH_HIST_BUCKETS).
 */
static inline __u32 iommubench_hist_bucket(__u64 ns)
{
	__u32 exp, sub;

	if (ns < 2 * IOMMUBENCH_HIST_SUB)
		return (__u32)ns;
	exp = 63 - (__u32)__builtin_clzll(ns);	/* >= SUB_BITS + 1 */
	if (exp >= IOMMUBENCH_HIST_MAX_EXP)
		return IOMMUBENCH_HIST_BUCKETS - 1;
	sub = (__u32)(ns >> (exp - IOMMUBENCH_HIST_SUB_BITS)) &
	      (IOMMUBENCH_HIST_SUB - 1);
	return 2 * IOMMUBENCH_HIST_SUB +
	       (exp - IOMMUBENCH_HIST_SUB_BITS - 1) * IOMMUBENCH_HIST_SUB + sub;
}

/**
 * iommubench_hist_lower() - smallest value that falls in a bucket
 * @idx: bucket index
 *
 * Return: the bucket's lower bound in nanoseconds.
 */
static inline __u64 iommubench_hist_lower(__u32 idx)
{
	__u32 exp, sub;

	if (idx < 2 * IOMMUBENCH_HIST_SUB)
		return idx;
	idx -= 2 * IOMMUBENCH_HIST_SUB;
	exp = idx / IOMMUBENCH_HIST_SUB + IOMMUBENCH_HIST_SUB_BITS + 1;
	sub = idx % IOMMUBENCH_HIST_SUB;
	return ((__u64)(IOMMUBENCH_HIST_SUB + sub)) <<
	       (exp - IOMMUBENCH_HIST_SUB_BITS);
}

/* iommubench_info.flags */
#define IOMMUBENCH_INFO_BOUND		(1U << 0) /* a device is bound       */
#define IOMMUBENCH_INFO_HAS_DOMAIN	(1U << 1) /* paging domain allocated */
#define IOMMUBENCH_INFO_INVAL_PROBE	(1U << 2) /* invalidation probe live */
#define IOMMUBENCH_INFO_RUNNING		(1U << 3) /* a run is in progress    */

/*
 * How the ABI grows (the rule of openat2(2)'s struct open_how and of
 * clone3(2)): every struct the caller passes comes with the size the caller
 * knows, and fields are only ever appended.
 *  - In (request, arguments): a caller that knows fewer fields than the
 *    module gets zero for the rest (copy_struct_from_user()); a caller that
 *    knows more gets -E2BIG unless every byte the module does not know is
 *    zero. A size below the first version's (..._SIZE_VER0) is -EINVAL.
 *  - Out (report, info): the module writes min(caller's size, its own size)
 *    bytes and says in the struct's first field how many it wrote, so a
 *    newer runner knows which of its fields an older module left out.
 */

/**
 * struct iommubench_info - IOMMUBENCH_IOC_INFO: state of the module
 * @size:		in: bytes the caller can take (>= IOMMUBENCH_INFO_SIZE_VER0);
 *			out: bytes the module wrote
 * @abi_version:	out: IOMMUBENCH_ABI_VERSION
 * @flags:		out: IOMMUBENCH_INFO_*
 * @pad:		out: zero
 * @hw_pgsize_bitmap:	out: page sizes of the paging domain as allocated
 * @aperture_start:	out: first IOVA the domain can map
 * @aperture_end:	out: last IOVA the domain can map
 * @live_mappings:	out: bytes currently mapped by the module (0 at rest)
 * @alloc_pages:	out: pages currently allocated by the module
 * @inval_count:	out: invalidation waits seen since load
 * @device:		out: bound device's name ("0000:00:03.0"), or ""
 * @inval_probe:	out: probed symbols, comma-separated
 *			("qi_submit_sync,fq_flush_iotlb,fq_flush_timeout"), or ""
 */
struct iommubench_info {
	__u32 size;
	__u32 abi_version;
	__u32 flags;
	__u32 pad;
	__u64 hw_pgsize_bitmap;
	__u64 aperture_start;
	__u64 aperture_end;
	__u64 live_mappings;
	__u64 alloc_pages;
	__u64 inval_count;
	char device[32];
	char inval_probe[128];
};
#define IOMMUBENCH_INFO_SIZE_VER0	224

/**
 * struct iommubench_worker_result - what one in-kernel worker did
 * @cpu:	CPU the worker ran on (checked after the run)
 * @pad:	zero
 * @ops:	timed ops completed
 * @busy_ns:	sum of map + unmap time
 *
 * An array entry (iommubench_run_req.workers_ptr): it grows like the other
 * out structs, but the caller says its size once for the whole array
 * (iommubench_run_req.worker_result_size, the array's stride) and the
 * module writes min(that, its sizeof) bytes of every entry.
 */
struct iommubench_worker_result {
	__u32 cpu;
	__u32 pad;
	__u64 ops;
	__u64 busy_ns;
};
#define IOMMUBENCH_WORKER_RESULT_SIZE_VER0	24

/* iommubench_run_req.flags */
/* count the IOMMU driver's map entry calls (a kretprobe, this run only) */
#define IOMMUBENCH_RUN_COUNT_DRIVER_CALLS	(1ULL << 0)
#define IOMMUBENCH_RUN_FLAGS			IOMMUBENCH_RUN_COUNT_DRIVER_CALLS

/**
 * struct iommubench_run_req - what a run is asked to do, whatever the path
 * @nr_threads:		workers, 1..MAX_THREADS
 * @shape:		enum iommubench_shape
 * @pool_order:		enum iommubench_pool_order (POOL; else 0)
 * @pool_depth:		live mappings per worker, 1..MAX_POOL (POOL; else 0)
 * @flags:		IOMMUBENCH_RUN_* (others reserved, must be 0)
 * @buf_size:		bytes mapped per op, 1..MAX_SIZE; the path may demand
 *			a multiple of its smallest page size
 * @ops:		timed ops per worker (0 = until @duration_ns)
 * @duration_ns:	stop after this long (0 = until @ops); one of @ops
 *			and @duration_ns must be set
 * @warmup_ops:		untimed ops per worker before timing, 0..MAX_WARMUP
 * @hold_ns:		HOLD: time between map and unmap, 1..MAX_HOLD_NS;
 *			else 0
 * @timer_period_ns:	0, or the period of a victim hrtimer on every worker
 *			CPU (MIN..MAX_TIMER_PERIOD_NS): each expiry records how
 *			late it fired (HIST_TIMER_LATE), the longest stretch
 *			that CPU could not take a timer interrupt
 * @cpus_ptr:		user pointer to @nr_threads __u32 CPU numbers
 * @hist_ptr:		user pointer to @hist_count * IOMMUBENCH_HIST_BUCKETS
 *			__u64 (merged histograms, out)
 * @workers_ptr:	user pointer to @nr_threads worker results of
 *			@worker_result_size bytes each (out)
 * @hist_count:		histograms the buffer at @hist_ptr holds, >= 1 (0 is
 *			-EINVAL). The module writes min(@hist_count,
 *			its IOMMUBENCH_HIST_NR) of them, in enum
 *			iommubench_hist_id order, and says how many in
 *			report.hist_written; histograms past those are left
 *			untouched (not zeroed), so a caller that knows more
 *			ids than the module sees which ones it did not get.
 *			The runner passes its IOMMUBENCH_HIST_NR.
 * @worker_result_size:	bytes per entry at @workers_ptr, the stride of that
 *			array: >= IOMMUBENCH_WORKER_RESULT_SIZE_VER0 (-EINVAL
 *			below). The module writes min(@worker_result_size,
 *			its sizeof(struct iommubench_worker_result)) bytes
 *			of each entry, entry i at @workers_ptr + i *
 *			@worker_result_size; the bytes past them are left
 *			untouched. The runner passes its sizeof.
 */
struct iommubench_run_req {
	__u32 nr_threads;
	__u32 shape;
	__u32 pool_order;
	__u32 pool_depth;
	__u64 flags;
	__u64 buf_size;
	__u64 ops;
	__u64 duration_ns;
	__u64 warmup_ops;
	__u64 hold_ns;
	__u64 timer_period_ns;
	__u64 cpus_ptr;
	__u64 hist_ptr;
	__u64 workers_ptr;
	__u32 hist_count;
	__u32 worker_result_size;
};
#define IOMMUBENCH_RUN_REQ_SIZE_VER0	104

/**
 * struct iommubench_iommu_args - IOMMUBENCH_PATH_IOMMU's arguments
 * @map_mode:		enum iommubench_map_mode
 * @unmap_mode:		enum iommubench_unmap_mode
 * @batch:		ops per iommu_iotlb_sync() (deferred), 1..MAX_BATCH
 * @pad:		zero
 * @pgsize_mask:	page sizes to allow; 0 = hardware bitmap. Must be a
 *			non-empty subset of the hardware bitmap. buf_size
 *			must be a multiple of the smallest allowed size.
 * @iova_base:		0 = the module picks the IOVA windows; else the first
 *			window's IOVA (the others follow it). It must be
 *			aligned to the window alignment (the largest allowed
 *			page size that fits in buf_size), and every window
 *			must lie inside the aperture and outside the group's
 *			reserved regions, else -EINVAL.
 */
struct iommubench_iommu_args {
	__u32 map_mode;
	__u32 unmap_mode;
	__u32 batch;
	__u32 pad;
	__u64 pgsize_mask;
	__u64 iova_base;
};
#define IOMMUBENCH_IOMMU_ARGS_SIZE_VER0	32

/**
 * struct iommubench_dma_args - IOMMUBENCH_PATH_DMA's arguments
 * @dma_api:		enum iommubench_dma_api
 * @dma_dir:		enum iommubench_dma_dir
 * @dma_bits:		DMA mask for the run, 0 (keep) or 20..64; the old
 *			masks are restored afterwards
 * @sg_nents:		scatterlist entries (DMA_SG: 1..MAX_SG_NENTS, each
 *			buf_size / sg_nents bytes, a multiple of PAGE_SIZE;
 *			DMA_PAGE: 0)
 *
 * buf_size is at most IOMMUBENCH_MAX_DMA_SIZE (one contiguous buffer) and
 * a multiple of PAGE_SIZE.
 */
struct iommubench_dma_args {
	__u32 dma_api;
	__u32 dma_dir;
	__u32 dma_bits;
	__u32 sg_nents;
};
#define IOMMUBENCH_DMA_ARGS_SIZE_VER0	16

/**
 * struct iommubench_sim_args - IOMMUBENCH_PATH_SIM's arguments
 * @iommu:		map/unmap strategy, batch, pgsize_mask and iova_base
 *			as for the iommu path, except that @iommu.pgsize_mask
 *			is required: it is what the simulated driver
 *			advertises to the core, and may claim more than the
 *			hardware writes (~0xfff, the pre-fix s390 bitmap)
 * @entry:		enum iommubench_sim_entry
 * @fault:		enum iommubench_sim_fault
 * @policy:		enum iommubench_sim_policy
 * @fault_ppm:		SIM_FAULT_TIMEOUT: odds of a failed wait, in parts per
 *			million (1..1000000); else 0
 * @hw_pgsize:		page sizes the simulated hardware can write (e.g.
 *			0x1000 for 4 KiB-only); larger advertised pages are
 *			then written as 4 KiB entries one by one
 * @service_ns:		time the simulated hardware takes to complete an
 *			invalidation, 0..SIM_MAX_SERVICE_NS
 * @fault_ns:		SIM_FAULT_STALL: how long the endpoint stalls,
 *			1..SIM_MAX_FAULT_NS; else 0
 * @deadline_ns:	SIM_BOUNDED: when a wait gives up,
 *			1..SIM_MAX_DEADLINE_NS; else 0
 */
struct iommubench_sim_args {
	struct iommubench_iommu_args iommu;
	__u32 entry;
	__u32 fault;
	__u32 policy;
	__u32 fault_ppm;
	__u64 hw_pgsize;
	__u64 service_ns;
	__u64 fault_ns;
	__u64 deadline_ns;
};
#define IOMMUBENCH_SIM_ARGS_SIZE_VER0	80

/* iommubench_run_report.result_flags */
#define IOMMUBENCH_RES_INVAL_AVAILABLE	(1U << 0) /* inval_* are valid      */
#define IOMMUBENCH_RES_INTERRUPTED	(1U << 1) /* stopped by a signal    */
#define IOMMUBENCH_RES_FQ_AVAILABLE	(1U << 2) /* fq_* are valid         */
#define IOMMUBENCH_RES_DRV_AVAILABLE	(1U << 3) /* driver_map_calls valid */
#define IOMMUBENCH_RES_SIM		(1U << 4) /* sim_* are valid        */

/**
 * struct iommubench_run_report - what a run reports (all out)
 * @size:		bytes the module wrote (min of the caller's
 *			report_size and its own sizeof); fields past it were
 *			not written
 * @domain_type:	enum iommubench_domain_type of the device during the
 *			run (the default domain for `dma`)
 * @result_flags:	IOMMUBENCH_RES_*
 * @ops_done:		timed ops, all workers
 * @elapsed_ns:		wall time from the start of timing to the last
 *			worker's end
 * @map_ns:		sum of all map phases
 * @unmap_ns:		sum of all unmap phases
 * @inval_count:	invalidation waits during the timed interval (on SIM,
 *			the simulated queue's)
 * @inval_wait_ns:	time spent in them
 * @inval_missed:	waits the probe could not time (kretprobe misses)
 * @clock_overhead_ns:	median cost of one timestamp pair (null op)
 * @eff_pgsize_bitmap:	page sizes actually used for the run
 * @iova:		IOVA of worker 0's buffer
 * @map_calls:		iommu_map() calls per op (`iommu`, `sim`), or map calls
 *			per op (`dma`: 1)
 * @max_live:		most mappings any worker had live at once
 * @timer_fires:	victim timer expiries, all workers
 * @fq_flush_count:	flush-queue IOTLB flushes (fq_flush_iotlb) during the
 *			timed interval, system-wide
 * @fq_flush_ns:	time spent in them
 * @fq_timeout_count:	flush-queue timer callbacks (fq_flush_timeout)
 * @fq_timeout_ns:	time spent in them
 * @driver_map_calls:	with RUN_COUNT_DRIVER_CALLS: the IOMMU driver's map
 *			entry calls (intel_iommu_map_pages, ...) during the
 *			timed interval, system-wide; on SIM the sim driver's
 * @sim_capped:		SIM waits that hit the module's safety cap
 *			(sim_wait_cap_ms): they would not have terminated
 * @sim_capped_ns:	time spent in those capped waits
 * @sim_gave_up:	SIM waits a policy abandoned (-ETIMEDOUT/-ENODEV)
 * @sim_restarts:	SIM batch restarts after a time-out error
 * @sim_lock_spin_ns:	SIM time workers spun, IRQs off, for the
 *			invalidation queue's lock while another waited
 * @sim_driver_calls:	SIM driver map entry calls, all ops
 * @hist_written:	histograms the module wrote at req.hist_ptr:
 *			min(req.hist_count, its IOMMUBENCH_HIST_NR), ids 0 up;
 *			the caller's histograms from this id on were not
 *			written (left as the caller had them)
 * @pad:		zero
 */
struct iommubench_run_report {
	__u32 size;
	__u32 domain_type;
	__u64 result_flags;
	__u64 ops_done;
	__u64 elapsed_ns;
	__u64 map_ns;
	__u64 unmap_ns;
	__u64 inval_count;
	__u64 inval_wait_ns;
	__u64 inval_missed;
	__u64 clock_overhead_ns;
	__u64 eff_pgsize_bitmap;
	__u64 iova;
	__u64 map_calls;
	__u64 max_live;
	__u64 timer_fires;
	__u64 fq_flush_count;
	__u64 fq_flush_ns;
	__u64 fq_timeout_count;
	__u64 fq_timeout_ns;
	__u64 driver_map_calls;
	__u64 sim_capped;
	__u64 sim_capped_ns;
	__u64 sim_gave_up;
	__u64 sim_restarts;
	__u64 sim_lock_spin_ns;
	__u64 sim_driver_calls;
	__u32 hist_written;
	__u32 pad;
};
#define IOMMUBENCH_RUN_REPORT_SIZE_VER0	216

/**
 * struct iommubench_run - IOMMUBENCH_IOC_RUN: one measured workload
 * @size:		sizeof(struct iommubench_run) as the caller knows it
 *			(>= IOMMUBENCH_RUN_SIZE_VER0; grows as the others do)
 * @path:		enum iommubench_path
 * @req_ptr:		user pointer to struct iommubench_run_req
 * @args_ptr:		user pointer to the path's arguments:
 *			struct iommubench_{iommu,dma,sim}_args
 * @report_ptr:		user pointer to struct iommubench_run_report (out)
 * @req_size:		bytes at @req_ptr (>= IOMMUBENCH_RUN_REQ_SIZE_VER0)
 * @args_size:		bytes at @args_ptr (>= the path's ..._ARGS_SIZE_VER0)
 * @report_size:	bytes at @report_ptr (>= IOMMUBENCH_RUN_REPORT_SIZE_VER0)
 * @pad:		zero
 *
 * Nothing is set up before every field of all three inputs is checked;
 * the report is written whenever the run started, also when it ended early
 * (-EINTR, -ENODEV).
 */
struct iommubench_run {
	__u32 size;
	__u32 path;
	__u64 req_ptr;
	__u64 args_ptr;
	__u64 report_ptr;
	__u32 req_size;
	__u32 args_size;
	__u32 report_size;
	__u32 pad;
};
#define IOMMUBENCH_RUN_SIZE_VER0	48

#define IOMMUBENCH_IOC_MAGIC	0xB5
/*
 * The size encoded in each command is the first version's and never changes:
 * the structs grow through their size fields, not through new commands.
 */
#define IOMMUBENCH_IOC_INFO \
	_IOC(_IOC_READ | _IOC_WRITE, IOMMUBENCH_IOC_MAGIC, 0x00, \
	     IOMMUBENCH_INFO_SIZE_VER0)
#define IOMMUBENCH_IOC_RUN \
	_IOC(_IOC_WRITE, IOMMUBENCH_IOC_MAGIC, 0x01, IOMMUBENCH_RUN_SIZE_VER0)

#endif /* _UAPI_IOMMUBENCH_H */
