// SPDX-License-Identifier: GPL-2.0
/*
 * The `sim` path: a software IOMMU inside the module, for what hardware
 * cannot be made to do on demand (an endpoint that stops answering, a
 * driver that advertises page sizes it cannot write). No device is touched:
 * the bound device is there only because a run needs one.
 *
 *   core	  splits a map by the *advertised* bitmap, as __iommu_map() and
 *		  iommu_pgsize() do, and calls the driver: map_pages() once per
 *		  run of equal pages, or map() once per page.
 *   driver	  writes a 4-level radix page table (512 entries a level, 4 KiB
 *		  granule); a page size the simulated hardware cannot hold is
 *		  written as 4 KiB entries one by one (pre-fix s390: ~0xfff
 *		  advertised over 4 KiB-only hardware).
 *   queue	  one invalidation queue per run, modelled on VT-d queued
 *		  invalidation (qi_submit_sync()): an invalidation descriptor and
 *		  a wait descriptor are submitted under a (ticket) spinlock with IRQs
 *		  off, and the submitter spins, still holding it, until the wait
 *		  descriptor's status word is written.
 *   hardware	  the agent that writes the status word is modelled as a
 *		  completion deadline fixed at submission (service time plus
 *		  fault effects) and polled by the waiter: deterministic, and it
 *		  works with one CPU and with IRQs off on the submitting CPU.
 *
 * Every wait is bounded by sim_wait_cap_ms whatever the policy, so the host
 * never reaches its soft-lockup or RCU stall detectors.
 *
 * The map/unmap loops are ib_paging.c's, shared with the `iommu` path; this
 * path's primitives are the simulated core's map and unmap (strict: each
 * followed by a synchronous invalidation) and a domain-wide invalidation as
 * the deferred sync.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/stddef.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "ib_check.h"
#include "ib_run.h"
#include "ib_sim_logic.h"

static unsigned int sim_wait_cap_ms = 200;
module_param(sim_wait_cap_ms, uint, 0600);
MODULE_PARM_DESC(sim_wait_cap_ms,
		 "sim path: hard cap on one invalidation wait, ms (1..1000, default 200)");

/* IB_SIM_LEVELS, _SHIFT, _BITS, _ENTRIES, _MAX_CAP_MS: ib_sim_logic.h */
#define IB_SIM_VA_BITS		48
/* page-table pages one run may allocate (256 MiB): a pool of big windows is refused */
#define IB_SIM_MAX_TABLE_PAGES	65536

/* Page-table entry bits; tables are page aligned, so the low bits are free. */
#define IB_SIM_PTE_VALID	BIT_ULL(0)
#define IB_SIM_PTE_LEAF		BIT_ULL(1)
#define IB_SIM_PTE_ADDR		(~(u64)(SZ_4K - 1))

/* Invalidation queue: descriptor types as VT-d numbers them. */
#define IB_SIM_QLEN		256		/* descriptors, a ring */
#define IB_SIM_DESC_IOTLB	2
#define IB_SIM_DESC_WAIT	5

/* How a wait ended. */
enum ib_sim_end {
	IB_SIM_END_DONE,	/* completed */
	IB_SIM_END_GAVE_UP,	/* the policy abandoned it */
	IB_SIM_END_CAPPED,	/* the safety cap stopped it */
};

/**
 * struct ib_sim_desc - one queued-invalidation descriptor
 * @qw0: type and scope
 * @qw1: address (invalidation) or status word index (wait)
 */
struct ib_sim_desc {
	u64 qw0;
	u64 qw1;
};

/**
 * struct ib_sim_queue - the run's one invalidation queue
 * @next:	ticket lock: tickets handed out
 * @serving:	ticket lock: the ticket that owns the queue; taken with IRQs
 *		off for submission and the whole wait
 * @head:	next free descriptor
 * @desc:	the descriptor ring
 * @status:	status words the wait descriptors point at
 * @hw_idx:	status word of the outstanding wait descriptor
 * @hw_at:	when the hardware writes it (U64_MAX: never)
 * @hw_result:	what it writes (enum ib_sim_status)
 */
struct ib_sim_queue {
	atomic_t next;
	u32 serving;
	u32 head;
	struct ib_sim_desc desc[IB_SIM_QLEN];
	u32 status[IB_SIM_QLEN];
	u32 hw_idx;
	u64 hw_at;
	u32 hw_result;
};

/**
 * struct ib_sim_worker - one worker's sim counters (its own cache lines)
 * @wait_hist:	timed waits, submission to end
 * @waits:	timed waits
 * @wait_ns:	time in them
 * @capped:	waits the safety cap stopped
 * @capped_ns:	time in those
 * @gave_up:	waits the policy abandoned
 * @restarts:	batch restarts after an error
 * @lock_spin_ns: time spent taking the queue lock
 * @driver_calls: driver map entry calls
 * @rng:	xorshift state for time-out errors
 */
struct ib_sim_worker {
	struct ib_hist *wait_hist;
	u64 waits;
	u64 wait_ns;
	u64 capped;
	u64 capped_ns;
	u64 gave_up;
	u64 restarts;
	u64 lock_spin_ns;
	u64 driver_calls;
	u32 rng;
} ____cacheline_aligned_in_smp;

/**
 * struct ib_sim - the sim path's state for one run
 * @root:	top-level table (level 3, 512 GiB an entry)
 * @table_pages: table pages allocated
 * @cap_ns:	the safety cap on one wait
 * @sw:		per-worker counters, indexed like run->workers
 * @q:		the invalidation queue, shared by all workers by design
 */
struct ib_sim {
	u64 *root;
	atomic_long_t table_pages;
	u64 cap_ns;
	struct ib_sim_worker *sw;
	struct ib_sim_queue q ____cacheline_aligned_in_smp;
};

/* The paging loops read the embedded iommu arguments as the iommu path's. */
static_assert(offsetof(struct iommubench_sim_args, iommu) == 0);

static struct ib_sim *ib_sim_of(const struct ib_run *run)
{
	return run->priv;
}

static const struct iommubench_sim_args *ib_sim_args(const struct ib_run *run)
{
	return run->args;
}

/* ---- page table ---------------------------------------------------- */

static u64 *ib_sim_table(u64 pte)
{
	return (u64 *)(unsigned long)(pte & IB_SIM_PTE_ADDR);
}

static u64 *ib_sim_table_alloc(struct ib_sim *sim)
{
	u64 *t;

	if (atomic_long_inc_return(&sim->table_pages) > IB_SIM_MAX_TABLE_PAGES) {
		atomic_long_dec(&sim->table_pages);
		return NULL;
	}
	t = (u64 *)get_zeroed_page(GFP_KERNEL);
	if (!t) {
		atomic_long_dec(&sim->table_pages);
		return NULL;
	}
	/* counted with the buffers, so INFO shows it and it returns to 0 */
	atomic64_inc(&ib.alloc_pages);
	return t;
}

static void ib_sim_table_free(struct ib_sim *sim, u64 *t)
{
	free_page((unsigned long)t);
	atomic64_dec(&ib.alloc_pages);
	atomic_long_dec(&sim->table_pages);
}

/*
 * The entry for @iova at @level, allocating the tables above it on demand
 * (GFP_KERNEL, in the map path, like io-pgtable). Workers share the upper
 * tables, so a new table is installed with cmpxchg and the loser frees its
 * own. -EEXIST when a leaf sits above @level.
 */
static u64 *ib_sim_walk(struct ib_sim *sim, u64 iova, int level)
{
	u64 *table = sim->root;
	int l;

	for (l = IB_SIM_LEVELS - 1; l > level; l--) {
		u64 *pte = &table[ib_sim_idx(iova, l)];
		u64 e = READ_ONCE(*pte);

		if (!e) {
			u64 *t = ib_sim_table_alloc(sim);
			u64 old;

			if (!t)
				return ERR_PTR(-ENOMEM);
			e = (u64)(unsigned long)t | IB_SIM_PTE_VALID;
			old = cmpxchg(pte, 0, e);
			if (old) {
				ib_sim_table_free(sim, t);
				e = old;
			}
		}
		if (e & IB_SIM_PTE_LEAF)
			return ERR_PTR(-EEXIST);
		table = ib_sim_table(e);
	}
	return &table[ib_sim_idx(iova, level)];
}

/* The leaf mapping @iova, or NULL; *level is where the walk stopped. */
static u64 *ib_sim_find(struct ib_sim *sim, u64 iova, int *level)
{
	u64 *table = sim->root;
	int l;

	for (l = IB_SIM_LEVELS - 1; ; l--) {
		u64 *pte = &table[ib_sim_idx(iova, l)];
		u64 e = READ_ONCE(*pte);

		*level = l;
		if (!e)
			return NULL;
		if (!l || (e & IB_SIM_PTE_LEAF))
			return pte;
		table = ib_sim_table(e);
	}
}

static void ib_sim_free_tables(struct ib_sim *sim, u64 *table, int level)
{
	unsigned int i;

	for (i = 0; level && i < IB_SIM_ENTRIES; i++) {
		u64 e = table[i];

		if (e && !(e & IB_SIM_PTE_LEAF))
			ib_sim_free_tables(sim, ib_sim_table(e), level - 1);
	}
	ib_sim_table_free(sim, table);
}

/* Clear every leaf in [iova, iova + size), whatever its size: for unwinding. */
static void ib_sim_clear_range(struct ib_sim *sim, u64 iova, u64 size)
{
	u64 end = iova + size;
	int level;

	while (iova < end) {
		u64 *pte = ib_sim_find(sim, iova, &level);
		u64 span = ib_sim_level_size(level);

		if (pte)
			WRITE_ONCE(*pte, 0);
		iova = ALIGN_DOWN(iova, span) + span;
	}
}

/* ---- driver: what the simulated hardware can hold ------------------- */

/* Write one page: one entry if the hardware has the size, else 4 KiB ones. */
static int ib_sim_write_page(struct ib_run *run, u64 iova, u64 paddr,
			     u64 pgsize)
{
	int level = ib_sim_native_level(ib_sim_args(run)->hw_pgsize, pgsize);
	u64 step, off;

	if (level < 0)
		level = 0;
	step = ib_sim_level_size(level);
	for (off = 0; off < pgsize; off += step) {
		u64 *pte = ib_sim_walk(ib_sim_of(run), iova + off, level);

		if (IS_ERR(pte))
			return PTR_ERR(pte);
		if (READ_ONCE(*pte))
			return -EEXIST;
		WRITE_ONCE(*pte, ((paddr + off) & IB_SIM_PTE_ADDR) |
				 IB_SIM_PTE_LEAF | IB_SIM_PTE_VALID);
	}
	return 0;
}

/* Clear one page as it was written; returns the bytes cleared. */
static u64 ib_sim_clear_page(struct ib_run *run, u64 iova, u64 pgsize)
{
	int level = ib_sim_native_level(ib_sim_args(run)->hw_pgsize, pgsize), found;
	u64 step, off;

	if (level < 0)
		level = 0;
	step = ib_sim_level_size(level);
	for (off = 0; off < pgsize; off += step) {
		u64 *pte = ib_sim_find(ib_sim_of(run), iova + off, &found);

		if (!pte || found != level)
			break;
		WRITE_ONCE(*pte, 0);
	}
	return off;
}

/*
 * The driver's map entry: map_pages() writes @count pages, map() is called
 * with @count 1. Either way one call.
 */
static int ib_sim_drv_map(struct ib_worker *w, u64 iova, u64 paddr,
			  u64 pgsize, u64 count, bool timed)
{
	u64 i;
	int ret;

	if (timed)
		ib_sim_of(w->run)->sw[w - w->run->workers].driver_calls++;
	for (i = 0; i < count; i++) {
		ret = ib_sim_write_page(w->run, iova + i * pgsize,
					paddr + i * pgsize, pgsize);
		if (ret)
			return ret;
	}
	return 0;
}

static u64 ib_sim_drv_unmap(struct ib_run *run, u64 iova, u64 pgsize, u64 count)
{
	u64 i, done = 0;

	for (i = 0; i < count; i++) {
		u64 n = ib_sim_clear_page(run, iova + i * pgsize, pgsize);

		done += n;
		if (n != pgsize)
			break;
	}
	return done;
}

/* ---- core: iommu_pgsize() and __iommu_map()/__iommu_unmap() -------- */

/* ib_sim_pgsize() (iommu_pgsize()) and ib_sim_core_step(): ib_sim_logic.h */

/* Map [iova, iova + size) as the core does; the caller unwinds on error. */
static int ib_sim_core_map(struct ib_worker *w, u64 iova, u64 paddr, u64 size,
			   bool timed)
{
	const struct iommubench_sim_args *a = ib_sim_args(w->run);
	u64 pgsize, count, len;
	int ret;

	while (size) {
		pgsize = ib_sim_core_step(a->iommu.pgsize_mask, a->entry, iova,
					  paddr, size, &count);
		ret = ib_sim_drv_map(w, iova, paddr, pgsize, count, timed);
		if (ret)
			return ret;
		len = pgsize * count;
		iova += len;
		paddr += len;
		size -= len;
	}
	return 0;
}

/* Unmap as the core does, by the same split; returns the bytes cleared. */
static u64 ib_sim_core_unmap(struct ib_worker *w, u64 iova, u64 size)
{
	const struct iommubench_sim_args *a = ib_sim_args(w->run);
	u64 pgsize, count, n, done = 0;

	while (done < size) {
		pgsize = ib_sim_core_step(a->iommu.pgsize_mask, a->entry, iova,
					  iova, size - done, &count);
		n = ib_sim_drv_unmap(w->run, iova, pgsize, count);
		done += n;
		iova += n;
		if (n != pgsize * count)
			break;
	}
	return done;
}

/* ---- invalidation queue and the hardware model --------------------- */

/*
 * The hardware's answer to a wait descriptor submitted at @now: when it
 * writes the status word and what. Faults only after the warm-up (@timed).
 */
static void ib_sim_hw_accept(struct ib_run *run, struct ib_sim_worker *sw,
			     u64 now, bool timed)
{
	const struct iommubench_sim_args *a = ib_sim_args(run);
	struct ib_sim_queue *q = &ib_sim_of(run)->q;

	q->hw_at = ib_sim_hw_answer(a->fault, a->service_ns,
				    a->fault_ns, a->fault_ppm,
				    run->start_ns, now, timed, &sw->rng,
				    &q->hw_result);
}

/*
 * Queue an invalidation descriptor and a wait descriptor (queue lock held),
 * as qi_submit_sync() does; return the wait's status word index.
 */
static u32 ib_sim_submit(struct ib_run *run, struct ib_sim_worker *sw,
			 u64 iova, u64 size, u64 now, bool timed)
{
	struct ib_sim_queue *q = &ib_sim_of(run)->q;
	u32 inv = q->head, wait = (inv + 1) % IB_SIM_QLEN;

	q->desc[inv].qw0 = IB_SIM_DESC_IOTLB;
	q->desc[inv].qw1 = ib_sim_inv_qw1(iova, size);
	q->desc[wait].qw0 = IB_SIM_DESC_WAIT;
	q->desc[wait].qw1 = wait;
	WRITE_ONCE(q->status[wait], IB_SIM_ST_BUSY);
	q->head = (wait + 1) % IB_SIM_QLEN;
	q->hw_idx = wait;
	ib_sim_hw_accept(run, sw, now, timed);
	return wait;
}

/* The simulated hardware: write the status word once its time has come. */
static void ib_sim_hw_poll(struct ib_sim_queue *q, u64 now)
{
	if (now >= q->hw_at && READ_ONCE(q->status[q->hw_idx]) == IB_SIM_ST_BUSY)
		WRITE_ONCE(q->status[q->hw_idx], q->hw_result);
}

/*
 * Spin until the wait descriptor completes, the policy gives up, or the
 * safety cap is reached (queue lock held, IRQs off). A time-out error
 * restarts the batch as qi_submit_sync() does; so does a gone endpoint
 * under the unbounded policy (6.1). The bounded policy's deadline covers
 * the restarts too.
 */
static enum ib_sim_end ib_sim_spin(struct ib_run *run, struct ib_sim_worker *sw,
				   u64 iova, u64 size, u64 t0, bool timed)
{
	const struct iommubench_sim_args *a = ib_sim_args(run);
	struct ib_sim_queue *q = &ib_sim_of(run)->q;
	u32 idx = ib_sim_submit(run, sw, iova, size, t0, timed);
	u64 now;
	u32 st;

	for (;;) {
		now = ktime_get_ns();
		ib_sim_hw_poll(q, now);
		st = READ_ONCE(q->status[idx]);
		switch (ib_sim_wait_next(st, a->policy, now - t0,
					 a->deadline_ns, ib_sim_of(run)->cap_ns)) {
		case IB_SIM_NEXT_DONE:
			return IB_SIM_END_DONE;
		case IB_SIM_NEXT_GAVE_UP:
			return IB_SIM_END_GAVE_UP;	/* -ENODEV, -ETIMEDOUT */
		case IB_SIM_NEXT_CAPPED:
			return IB_SIM_END_CAPPED;	/* would not terminate */
		case IB_SIM_NEXT_RESTART:
			if (timed)
				sw->restarts++;
			idx = ib_sim_submit(run, sw, iova, size, now, timed);
			continue;
		case IB_SIM_NEXT_SPIN:
			break;
		}
		cpu_relax();
	}
}

/*
 * The queue lock, with IRQs off as raw_spin_lock_irqsave() takes it in
 * qi_submit_sync(), but a ticket lock: FIFO whatever the platform. A raw
 * spinlock is a fair queued lock on bare metal but a test-and-set lock in a
 * guest (virt_spin_lock()), where a CPU behind stuck waits could starve with
 * IRQs off for ever (seen: 1.8 s with four workers and a 200 ms cap). FIFO
 * bounds it by the number of workers times the cap (ib_sim_cap_ns()).
 */
static void ib_sim_lock(struct ib_sim_queue *q, unsigned long *flags)
{
	u32 ticket;

	local_irq_save(*flags);
	ticket = (u32)atomic_fetch_inc(&q->next);
	while (smp_load_acquire(&q->serving) != ticket)
		cpu_relax();
}

static void ib_sim_unlock(struct ib_sim_queue *q, unsigned long flags)
{
	smp_store_release(&q->serving, q->serving + 1);
	local_irq_restore(flags);
}

/*
 * One synchronous invalidation: take the queue lock (IRQs off), submit,
 * wait, release. A capped or abandoned wait does not fail the unmap: the
 * entries are already clear, only the invalidation did not complete, and
 * the counters report it.
 */
static void ib_sim_invalidate(struct ib_worker *w, u64 iova, u64 size)
{
	struct ib_run *run = w->run;
	struct ib_sim_worker *sw = &ib_sim_of(run)->sw[w - run->workers];
	bool timed = READ_ONCE(run->go);
	enum ib_sim_end end;
	unsigned long flags;
	u64 t_lock, t0, t1;

	/* a stopped run must end soon: no more waits of up to the cap */
	if (READ_ONCE(run->stop))
		return;
	/* FIFO: spinning behind k stuck waits costs k caps */
	t_lock = ktime_get_ns();
	ib_sim_lock(&ib_sim_of(run)->q, &flags);
	t0 = ktime_get_ns();
	end = ib_sim_spin(run, sw, iova, size, t0, timed);
	t1 = ktime_get_ns();
	ib_sim_unlock(&ib_sim_of(run)->q, flags);

	if (timed) {
		sw->lock_spin_ns += t0 - t_lock;
		sw->waits++;
		sw->wait_ns += t1 - t0;
		ib_hist_add(sw->wait_hist, t1 - t0);
		if (end == IB_SIM_END_CAPPED) {
			sw->capped++;
			sw->capped_ns += t1 - t0;
		} else if (end == IB_SIM_END_GAVE_UP) {
			sw->gave_up++;
		}
	}
	/* waits of up to the cap follow one another within an op */
	cond_resched();
}

/* ---- the path ------------------------------------------------------ */

static int ib_sim_validate(const struct ib_run *run)
{
	return ib_check_sim(run->args, run->req.buf_size);
}

/*
 * Disjoint windows: slot k of worker i at base + (i * nslots + k) * stride,
 * all below 2^48 (the table's reach); IOVA 0 is never used.
 */
static int ib_sim_pick_iovas(struct ib_run *run)
{
	u32 nslots = run->workers[0].nslots;
	u64 nwin = (u64)run->nr * nslots;
	u64 iova_base = ib_sim_args(run)->iommu.iova_base;
	u64 stride = ALIGN(run->req.buf_size, run->align);
	u64 base = iova_base ? iova_base : stride;
	u64 i;

	if (!IS_ALIGNED(base, run->align))
		return -EINVAL;
	if (base >= BIT_ULL(IB_SIM_VA_BITS) ||
	    nwin > (BIT_ULL(IB_SIM_VA_BITS) - base) / stride)
		return iova_base ? -EINVAL : -ENOSPC;
	for (i = 0; i < nwin; i++)
		run->workers[i / nslots].slots[i % nslots].iova = base + i * stride;
	return 0;
}

static void ib_sim_free(struct ib_sim *sim, unsigned int nr)
{
	unsigned int i;

	if (sim->root)
		ib_sim_free_tables(sim, sim->root, IB_SIM_LEVELS - 1);
	for (i = 0; sim->sw && i < nr; i++)
		kvfree(sim->sw[i].wait_hist);
	kvfree(sim->sw);
	kfree(sim);
}

static void ib_sim_finish(struct ib_run *run)
{
	ib_sim_free(ib_sim_of(run), run->nr);
	run->priv = NULL;
}

/*
 * ib_sim_prepare() - set up the simulated IOMMU for a run
 * @run: the run, with validated parameters and allocated worker slots
 *
 * Tables below the root are allocated on demand by the first maps (the
 * warm-up, if any) and kept until finish, like io-pgtable's.
 *
 * Return: 0; -ENOMEM, also when the windows would need more than
 * IB_SIM_MAX_TABLE_PAGES table pages; -EINVAL or -ENOSPC when the windows
 * do not fit in 48 bits or iova_base is misaligned.
 */
static int ib_sim_prepare(struct ib_run *run)
{
	u64 size = run->req.buf_size, nwin;
	struct ib_sim *sim;
	unsigned int i;
	int ret;

	/* what the driver advertises; a range map is one core call */
	ib_paging_setup(run, ib_sim_args(run)->iommu.pgsize_mask, U64_MAX);
	run->domain_type = IOMMUBENCH_DOMAIN_OTHER;

	/* worst case: 4 KiB leaves, one table per 2 MiB plus one per window */
	nwin = (u64)run->nr * run->workers[0].nslots;
	if (nwin * (DIV_ROUND_UP(size, SZ_2M) + 1) > IB_SIM_MAX_TABLE_PAGES)
		return -ENOMEM;

	sim = kzalloc(sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return -ENOMEM;
	run->priv = sim;
	atomic_set(&sim->q.next, 0);
	/* no wait ever ends: hw_at stays beyond reach until a submission */
	sim->q.hw_at = U64_MAX;
	/* lowered when many workers could queue on the lock, IRQs off */
	sim->cap_ns = ib_sim_cap_ns(READ_ONCE(sim_wait_cap_ms), run->nr);
	ret = -ENOMEM;
	sim->sw = kvcalloc(run->nr, sizeof(*sim->sw), GFP_KERNEL);
	if (!sim->sw)
		goto err;
	for (i = 0; i < run->nr; i++) {
		sim->sw[i].wait_hist = kvzalloc(sizeof(struct ib_hist),
						GFP_KERNEL);
		if (!sim->sw[i].wait_hist)
			goto err;
		sim->sw[i].rng = ((i + 1) * 0x9e3779b9u) | 1;	/* not 0 */
	}
	sim->root = ib_sim_table_alloc(sim);
	if (!sim->root)
		goto err;
	ret = ib_sim_pick_iovas(run);
	if (ret)
		goto err;
	return 0;
err:
	ib_sim_finish(run);
	return ret;
}

/*
 * No buffer: the sim maps "physical" addresses it never touches, the same
 * as the IOVAs, so the whole window counts as one contiguous chunk.
 */
static int ib_sim_worker_setup(struct ib_worker *w)
{
	w->pending = 0;
	w->chunk = w->run->req.buf_size;
	return 0;
}

/*
 * Identity-like "physical" addresses: the same alignment as the IOVA, so
 * the core's split depends on the bitmap and the window only (as with the
 * `iommu` path's naturally aligned buffer). Nothing is accessed through it.
 */
static int ib_sim_map_one(struct ib_worker *w, u64 iova, u64 off, u64 len)
{
	return ib_sim_core_map(w, iova, iova, len, READ_ONCE(w->run->go));
}

/* Strict: one invalidation per core unmap call. */
static u64 ib_sim_unmap_one(struct ib_worker *w, u64 iova, u64 len,
			    bool deferred)
{
	u64 n = ib_sim_core_unmap(w, iova, len);

	if (!deferred)
		ib_sim_invalidate(w, iova, n);
	return n;
}

/* A domain-wide invalidation for the whole batch. */
static void ib_sim_sync(struct ib_worker *w)
{
	ib_sim_invalidate(w, 0, 0);
}

/* The window was empty before the op; a failed call may leave pages: clear it. */
static u64 ib_sim_undo(struct ib_worker *w, u64 iova, u64 len)
{
	ib_sim_clear_range(ib_sim_of(w->run), iova, w->run->req.buf_size);
	return len;
}

static const struct ib_paging ib_sim_paging = {
	.map	= ib_sim_map_one,
	.unmap	= ib_sim_unmap_one,
	.sync	= ib_sim_sync,
	.undo	= ib_sim_undo,
};

/* Clear every slot's window quietly: nothing real is mapped, no waits. */
static void ib_sim_worker_teardown(struct ib_worker *w)
{
	struct ib_sim *sim = ib_sim_of(w->run);
	u32 i;

	if (!sim)
		return;
	for (i = 0; i < w->nslots; i++) {
		ib_sim_clear_range(sim, w->slots[i].iova, w->run->req.buf_size);
		w->slots[i].live = false;
	}
	w->pending = 0;
	WRITE_ONCE(w->mapped, 0);
}

/*
 * The sim's own queue's figures (IB_PATH_OWN_INVAL: the generic report left
 * the probes' out), and its driver's calls (IB_PATH_OWN_DRIVER).
 */
static void ib_sim_report(struct ib_run *run, struct ib_hist *merged)
{
	struct ib_hist *h = &merged[IOMMUBENCH_HIST_INVAL_WAIT];
	struct iommubench_run_report *r = &run->rep;
	unsigned int i, b;

	for (i = 0; i < run->nr; i++) {
		const struct ib_sim_worker *sw = &ib_sim_of(run)->sw[i];

		for (b = 0; b < IOMMUBENCH_HIST_BUCKETS; b++)
			h->b[b] += sw->wait_hist->b[b];
		r->inval_count += sw->waits;
		r->inval_wait_ns += sw->wait_ns;
		r->sim_capped += sw->capped;
		r->sim_capped_ns += sw->capped_ns;
		r->sim_gave_up += sw->gave_up;
		r->sim_restarts += sw->restarts;
		r->sim_lock_spin_ns += sw->lock_spin_ns;
		r->sim_driver_calls += sw->driver_calls;
	}
	r->result_flags |= IOMMUBENCH_RES_INVAL_AVAILABLE | IOMMUBENCH_RES_SIM;
	if (run->req.flags & IOMMUBENCH_RUN_COUNT_DRIVER_CALLS) {
		r->driver_map_calls = r->sim_driver_calls;
		r->result_flags |= IOMMUBENCH_RES_DRV_AVAILABLE;
	}
}

const struct ib_path ib_sim_path = {
	.name		= "sim",
	.args_size_ver0	= IOMMUBENCH_SIM_ARGS_SIZE_VER0,
	.args_size	= sizeof(struct iommubench_sim_args),
	.flags		= IB_PATH_OWN_INVAL | IB_PATH_OWN_DRIVER,
	.validate	= ib_sim_validate,
	.prepare	= ib_sim_prepare,
	.finish		= ib_sim_finish,
	.worker_setup	= ib_sim_worker_setup,
	.worker_teardown = ib_sim_worker_teardown,
	.report		= ib_sim_report,
	.map		= ib_paging_map,
	.unmap		= ib_paging_unmap,
	.flush		= ib_paging_flush,
	.paging		= &ib_sim_paging,
};
