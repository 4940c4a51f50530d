/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The `sim` path's pure logic: no locks, no memory, no clock. Shared by
 * ib_sim.c and the user-space unit tests (tests/unit/test_sim_logic.c), so
 * only plain integer types and compiler builtins are used here: it must
 * build in the kernel and with `cc -std=c11`.
 */
#ifndef IOMMUBENCH_SIM_LOGIC_H
#define IOMMUBENCH_SIM_LOGIC_H

#include <linux/types.h>

#include "ib_rng.h"

#include "uapi/iommubench.h"

#define IB_SIM_LEVELS		4
#define IB_SIM_SHIFT		12		/* 4 KiB granule, whatever PAGE_SIZE */
#define IB_SIM_BITS		9		/* 512 entries a table */
#define IB_SIM_ENTRIES		(1U << IB_SIM_BITS)
#define IB_SIM_MAX_CAP_MS	1000
/* longest a CPU may keep IRQs off, queued behind every other worker's wait */
#define IB_SIM_IRQ_OFF_BUDGET_NS	(4ULL * 1000000000ULL)

/* A wait descriptor's status word, as the hardware model writes it. */
enum ib_sim_status {
	IB_SIM_ST_BUSY = 0,	/* submitted, not yet written */
	IB_SIM_ST_DONE,		/* invalidation completed */
	IB_SIM_ST_ITE,		/* invalidation time-out error (ATS) */
	IB_SIM_ST_GONE,		/* the endpoint is gone */
};

/* What a waiter does after one look at the status word. */
enum ib_sim_next {
	IB_SIM_NEXT_SPIN,	/* not written yet: poll again */
	IB_SIM_NEXT_RESTART,	/* an error: resubmit the batch */
	IB_SIM_NEXT_DONE,	/* completed */
	IB_SIM_NEXT_GAVE_UP,	/* the policy abandons it */
	IB_SIM_NEXT_CAPPED,	/* the safety cap stops it */
};

/* Index of the lowest set bit of @x (not 0): the kernel's __ffs(). */
static inline unsigned int ib_sim_ffs(__u64 x)
{
	return (unsigned int)__builtin_ctzll(x);
}

/* Index of the highest set bit of @x (not 0): the kernel's __fls(). */
static inline unsigned int ib_sim_fls(__u64 x)
{
	return 63U - (unsigned int)__builtin_clzll(x);
}

/* Bits @h..0 set: GENMASK_ULL(@h, 0). */
static inline __u64 ib_sim_mask(unsigned int h)
{
	return ~0ULL >> (63U - h);
}

/**
 * ib_sim_idx() - the page-table index of an IOVA at one level
 * @iova:	the address
 * @level:	0 (4 KiB leaves) .. IB_SIM_LEVELS - 1 (the root)
 *
 * Return: the entry, 0..IB_SIM_ENTRIES - 1.
 */
static inline unsigned int ib_sim_idx(__u64 iova, int level)
{
	return (unsigned int)(iova >> (IB_SIM_SHIFT + level * IB_SIM_BITS)) &
	       (IB_SIM_ENTRIES - 1);
}

/**
 * ib_sim_level_size() - the bytes one entry at @level maps
 * @level:	0..IB_SIM_LEVELS - 1
 *
 * Return: 4 KiB, 2 MiB, 1 GiB or 512 GiB.
 */
static inline __u64 ib_sim_level_size(int level)
{
	return 1ULL << (IB_SIM_SHIFT + level * IB_SIM_BITS);
}

/**
 * ib_sim_native_level() - the table level holding a page size natively
 * @hw_pgsize:	page sizes the simulated hardware can write
 * @pgsize:	the page size (one bit)
 *
 * Return: the level whose entries are @pgsize, or -1 when the hardware
 * does not have it (it is then written as 4 KiB entries).
 */
static inline int ib_sim_native_level(__u64 hw_pgsize, __u64 pgsize)
{
	int l;

	if (!(pgsize & hw_pgsize))
		return -1;
	for (l = 0; l < IB_SIM_LEVELS - 1; l++)
		if (pgsize == ib_sim_level_size(l))
			return l;
	return -1;
}

/**
 * ib_sim_pgsize() - drivers/iommu/iommu.c's iommu_pgsize(), line for line
 * @bitmap:	the advertised page sizes
 * @iova:	the IOVA
 * @paddr:	the physical address
 * @size:	bytes left to map, a multiple of the smallest size in @bitmap
 * @count:	out: how many pages of the result to use before a larger
 *		size becomes possible
 *
 * Return: the largest advertised page size that fits @size and the
 * alignment of @iova | @paddr.
 */
static inline __u64 ib_sim_pgsize(__u64 bitmap, __u64 iova, __u64 paddr,
				  __u64 size, __u64 *count)
{
	__u64 addr_merge = iova | paddr, pgsizes, pgsize, next;
	unsigned int idx;

	pgsizes = bitmap & ib_sim_mask(ib_sim_fls(size));
	if (addr_merge)
		pgsizes &= ib_sim_mask(ib_sim_ffs(addr_merge));
	/* validate() makes sizes and windows multiples of the smallest size */
	idx = ib_sim_fls(pgsizes);
	pgsize = 1ULL << idx;

	pgsizes = bitmap & ~ib_sim_mask(idx);
	if (pgsizes) {
		next = 1ULL << ib_sim_ffs(pgsizes);
		if (!((iova ^ paddr) & (next - 1))) {
			__u64 offset = next - (addr_merge & (next - 1));

			if (offset + next <= size)
				size = offset;
		}
	}
	*count = size >> idx;
	return pgsize;
}

/**
 * ib_sim_core_step() - one driver call of the core's map or unmap loop
 * @bitmap:	the advertised page sizes
 * @entry:	enum iommubench_sim_entry: map_pages() or map()
 * @iova:	the IOVA
 * @paddr:	the physical address
 * @size:	bytes left
 * @count:	out: pages this call writes (1 for map())
 *
 * Return: the page size of the call; it covers *@count of them.
 */
static inline __u64 ib_sim_core_step(__u64 bitmap, __u32 entry, __u64 iova,
				     __u64 paddr, __u64 size, __u64 *count)
{
	__u64 pgsize = ib_sim_pgsize(bitmap, iova, paddr, size, count);

	/* map(): the core calls once per page */
	if (entry == IOMMUBENCH_SIM_MAP)
		*count = 1;
	return pgsize;
}

/**
 * ib_sim_core_calls() - driver calls the core makes to map a range
 * @bitmap:	the advertised page sizes
 * @entry:	enum iommubench_sim_entry
 * @iova:	the IOVA
 * @paddr:	the physical address
 * @size:	bytes, a multiple of the smallest size in @bitmap
 *
 * Return: how many times ib_sim_core_map() calls the driver for the range.
 */
static inline __u64 ib_sim_core_calls(__u64 bitmap, __u32 entry, __u64 iova,
				      __u64 paddr, __u64 size)
{
	__u64 calls = 0, pgsize, count, len;

	while (size) {
		pgsize = ib_sim_core_step(bitmap, entry, iova, paddr, size,
					  &count);
		len = pgsize * count;
		iova += len;
		paddr += len;
		size -= len;
		calls++;
	}
	return calls;
}

/**
 * ib_window_align() - the alignment of a run's IOVA windows
 * @pgsize:	the allowed (sim: advertised) page sizes
 * @size:	the window size
 *
 * Shared by the sim and the `iommu` path, which pick windows the same way.
 *
 * Return: the largest allowed page size that fits in @size, or the
 * smallest allowed size if none does.
 */
static inline __u64 ib_window_align(__u64 pgsize, __u64 size)
{
	__u64 fit = pgsize & ib_sim_mask(ib_sim_fls(size));

	return fit ? 1ULL << ib_sim_fls(fit) : 1ULL << ib_sim_ffs(pgsize);
}

/**
 * ib_sim_inv_qw1() - an IOTLB invalidation descriptor's address word
 * @iova:	the start of the range (0: domain-wide)
 * @size:	its bytes (0: domain-wide)
 *
 * Return: @iova | log2 of @size rounded up to a power of two.
 */
static inline __u64 ib_sim_inv_qw1(__u64 iova, __u64 size)
{
	return iova | (size > 1 ? 64U - (unsigned int)__builtin_clzll(size - 1) : 0);
}

/**
 * ib_sim_hw_answer() - the simulated hardware's answer to a wait descriptor
 * @fault:	enum iommubench_sim_fault
 * @service_ns:	time the hardware takes to complete an invalidation
 * @fault_ns:	SIM_FAULT_STALL: how long the endpoint stalls from @start_ns
 * @fault_ppm:	SIM_FAULT_TIMEOUT: odds of a time-out error, per million
 * @start_ns:	when the run's timed phase started
 * @now:	when the descriptor is submitted
 * @timed:	after the warm-up: faults apply only then
 * @rng:	xorshift state, drawn from only for SIM_FAULT_TIMEOUT when @timed
 * @result:	out: the status word it writes (enum ib_sim_status)
 *
 * Return: when it writes it; U64 max: never.
 */
static inline __u64 ib_sim_hw_answer(__u32 fault, __u64 service_ns,
				     __u64 fault_ns, __u32 fault_ppm,
				     __u64 start_ns, __u64 now, int timed,
				     __u32 *rng, __u32 *result)
{
	__u64 at = now + service_ns, stall_end;

	*result = IB_SIM_ST_DONE;
	if (!timed)
		return at;
	switch (fault) {
	case IOMMUBENCH_SIM_FAULT_STALL:
		stall_end = start_ns + fault_ns;
		return at > stall_end ? at : stall_end;
	case IOMMUBENCH_SIM_FAULT_STALL_FOREVER:
		return ~0ULL;
	case IOMMUBENCH_SIM_FAULT_TIMEOUT:
		if (ib_xorshift32(rng) % 1000000 < fault_ppm)
			*result = IB_SIM_ST_ITE;
		return at;
	case IOMMUBENCH_SIM_FAULT_GONE:
		*result = IB_SIM_ST_GONE;
		return now;
	}
	return at;
}

/**
 * ib_sim_wait_next() - the wait policy, after one look at the status word
 * @st:		the status word (enum ib_sim_status)
 * @policy:	enum iommubench_sim_policy
 * @elapsed:	ns since the first submission of this wait
 * @deadline_ns: SIM_BOUNDED: when the wait gives up, restarts included
 * @cap_ns:	the safety cap, whatever the policy
 *
 * A time-out error restarts the batch as qi_submit_sync() does; so does a
 * gone endpoint under the unbounded policy (6.1).
 *
 * Return: enum ib_sim_next.
 */
static inline enum ib_sim_next ib_sim_wait_next(__u32 st, __u32 policy,
						__u64 elapsed,
						__u64 deadline_ns,
						__u64 cap_ns)
{
	if (st == IB_SIM_ST_DONE)
		return IB_SIM_NEXT_DONE;
	if (st == IB_SIM_ST_GONE && policy != IOMMUBENCH_SIM_UNBOUNDED)
		return IB_SIM_NEXT_GAVE_UP;	/* -ENODEV */
	if (policy == IOMMUBENCH_SIM_BOUNDED && elapsed >= deadline_ns)
		return IB_SIM_NEXT_GAVE_UP;	/* -ETIMEDOUT */
	if (elapsed >= cap_ns)
		return IB_SIM_NEXT_CAPPED;	/* would not terminate */
	if (st != IB_SIM_ST_BUSY)
		return IB_SIM_NEXT_RESTART;
	return IB_SIM_NEXT_SPIN;
}

/**
 * ib_sim_cap_ns() - the safety cap on one wait
 * @cap_ms:	sim_wait_cap_ms, clamped to 1..IB_SIM_MAX_CAP_MS
 * @nr:		workers that may queue on the lock, at least 1
 *
 * The last of @nr spins, IRQs off, through up to @nr - 1 capped waits and
 * then its own, and that must stay well below the hard-lockup (10 s) and
 * RCU stall (21 s) detectors.
 *
 * Return: the cap, ns.
 */
static inline __u64 ib_sim_cap_ns(unsigned int cap_ms, unsigned int nr)
{
	__u64 cap, budget = IB_SIM_IRQ_OFF_BUDGET_NS / nr;

	if (cap_ms < 1)
		cap_ms = 1;
	if (cap_ms > IB_SIM_MAX_CAP_MS)
		cap_ms = IB_SIM_MAX_CAP_MS;
	cap = (__u64)cap_ms * 1000000ULL;
	return cap < budget ? cap : budget;
}

#endif /* IOMMUBENCH_SIM_LOGIC_H */
