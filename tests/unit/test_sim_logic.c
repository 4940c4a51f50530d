// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the sim path's pure logic (kmod/ib_sim_logic.h), the same code
 * the module runs: the core's page-size split (iommu_pgsize()), the table
 * index math, the hardware's completion model and the wait policy.
 */
#include "harness.h"
#include "../../kmod/ib_sim_logic.h"

#define SZ_4K	0x1000ULL
#define SZ_2M	0x200000ULL
#define SZ_1G	0x40000000ULL
#define MS	1000000ULL

#define BM_4K		0x1000ULL
#define BM_4K_2M_1G	0x40201000ULL
#define BM_ALL		0xfffffffffffff000ULL	/* ~0xfff: every size >= 4 KiB */

static __u64 calls_pages(__u64 bm, __u64 iova, __u64 size)
{
	return ib_sim_core_calls(bm, IOMMUBENCH_SIM_MAP_PAGES, iova, iova, size);
}

static __u64 calls_map(__u64 bm, __u64 iova, __u64 size)
{
	return ib_sim_core_calls(bm, IOMMUBENCH_SIM_MAP, iova, iova, size);
}

TEST(sim_pgsize_4k_only_splits_2m_into_512_pages)
{
	__u64 count = 0;

	CHECK_EQ_U64(ib_sim_pgsize(BM_4K, SZ_2M, SZ_2M, SZ_2M, &count), SZ_4K);
	CHECK_EQ_U64(count, 512);
	CHECK_EQ_U64(calls_pages(BM_4K, SZ_2M, SZ_2M), 1);
	CHECK_EQ_U64(calls_map(BM_4K, SZ_2M, SZ_2M), 512);
}

TEST(sim_pgsize_aligned_2m_is_one_2m_page)
{
	__u64 count = 0;

	CHECK_EQ_U64(ib_sim_pgsize(BM_4K_2M_1G, SZ_2M, SZ_2M, SZ_2M, &count), SZ_2M);
	CHECK_EQ_U64(count, 1);
	CHECK_EQ_U64(calls_pages(BM_4K_2M_1G, SZ_2M, SZ_2M), 1);
	CHECK_EQ_U64(calls_map(BM_4K_2M_1G, SZ_2M, SZ_2M), 1);
}

TEST(sim_pgsize_misaligned_iova_uses_4k_up_to_the_2m_boundary)
{
	__u64 iova = SZ_2M + SZ_4K, count = 0;

	/* 511 x 4K to 4 MiB, then one 2M, then the 4K left over */
	CHECK_EQ_U64(ib_sim_pgsize(BM_4K_2M_1G, iova, iova, 2 * SZ_2M, &count), SZ_4K);
	CHECK_EQ_U64(count, 511);
	CHECK_EQ_U64(ib_sim_pgsize(BM_4K_2M_1G, 2 * SZ_2M, 2 * SZ_2M,
				   SZ_2M + SZ_4K, &count), SZ_2M);
	CHECK_EQ_U64(count, 1);
	CHECK_EQ_U64(calls_pages(BM_4K_2M_1G, iova, 2 * SZ_2M), 3);
	CHECK_EQ_U64(calls_map(BM_4K_2M_1G, iova, 2 * SZ_2M), 513);
	/* too short to reach the boundary and a 2M page: all 4K, one run */
	CHECK_EQ_U64(ib_sim_pgsize(BM_4K_2M_1G, iova, iova, SZ_2M, &count), SZ_4K);
	CHECK_EQ_U64(count, 512);
}

TEST(sim_pgsize_all_sizes_maps_the_aligned_size_as_one_page)
{
	__u64 count = 0;

	CHECK_EQ_U64(ib_sim_pgsize(BM_ALL, 8 * SZ_2M, 8 * SZ_2M, 8 * SZ_2M, &count),
		     8 * SZ_2M);
	CHECK_EQ_U64(count, 1);
	CHECK_EQ_U64(ib_sim_pgsize(BM_ALL, SZ_1G, SZ_1G, 64 * 1024, &count), 64 * 1024);
	CHECK_EQ_U64(count, 1);
	CHECK_EQ_U64(calls_map(BM_ALL, SZ_1G, SZ_1G), 1);
	/* 6 MiB at 1 GiB: a 4 MiB page, then a 2 MiB one */
	CHECK_EQ_U64(calls_map(BM_ALL, SZ_1G, 3 * SZ_2M), 2);
}

TEST(sim_pgsize_6m_at_4k_2m_1g_is_three_2m_pages)
{
	__u64 count = 0;

	CHECK_EQ_U64(ib_sim_pgsize(BM_4K_2M_1G, SZ_1G, SZ_1G, 3 * SZ_2M, &count), SZ_2M);
	CHECK_EQ_U64(count, 3);
	CHECK_EQ_U64(calls_pages(BM_4K_2M_1G, SZ_1G, 3 * SZ_2M), 1);
	CHECK_EQ_U64(calls_map(BM_4K_2M_1G, SZ_1G, 3 * SZ_2M), 3);
}

TEST(sim_pgsize_differently_aligned_paddr_never_grows)
{
	__u64 count = 0;

	/* iova 2M-aligned, paddr only 4K-aligned: 4K pages, no boundary */
	CHECK_EQ_U64(ib_sim_pgsize(BM_4K_2M_1G, SZ_2M, SZ_2M + SZ_4K, 2 * SZ_2M,
				   &count), SZ_4K);
	CHECK_EQ_U64(count, 1024);
	CHECK_EQ_U64(ib_sim_core_calls(BM_4K_2M_1G, IOMMUBENCH_SIM_MAP_PAGES,
				       SZ_2M, SZ_2M + SZ_4K, 2 * SZ_2M), 1);
}

TEST(sim_table_indexes_per_level)
{
	__u64 top = (1ULL << 48) - SZ_4K;

	for (int l = 0; l < IB_SIM_LEVELS; l++)
		CHECK_EQ(ib_sim_idx(top, l), 511);
	for (int l = 0; l < IB_SIM_LEVELS - 1; l++)
		CHECK_EQ(ib_sim_idx(0x40201000ULL, l), 1);
	CHECK_EQ(ib_sim_idx(0x40201000ULL, 3), 0);
	CHECK_EQ(ib_sim_idx(1ULL << 39, 3), 1);
	CHECK_EQ(ib_sim_idx(1ULL << 39, 2), 0);
	CHECK_EQ(ib_sim_idx(0x12345678000ULL, 0), 0x78);
	CHECK_EQ(ib_sim_idx(0x12345678000ULL, 1), 0x2b);
	CHECK_EQ(ib_sim_idx(0x12345678000ULL, 2), 0x8d);
	CHECK_EQ(ib_sim_idx(0x12345678000ULL, 3), 2);
	CHECK_EQ_U64(ib_sim_level_size(0), SZ_4K);
	CHECK_EQ_U64(ib_sim_level_size(1), SZ_2M);
	CHECK_EQ_U64(ib_sim_level_size(2), SZ_1G);
	CHECK_EQ_U64(ib_sim_level_size(3), 512 * SZ_1G);
}

TEST(sim_native_level_only_for_sizes_the_hardware_has)
{
	CHECK_EQ(ib_sim_native_level(BM_4K, SZ_4K), 0);
	CHECK_EQ(ib_sim_native_level(BM_4K, SZ_2M), -1);
	CHECK_EQ(ib_sim_native_level(BM_4K_2M_1G, SZ_2M), 1);
	CHECK_EQ(ib_sim_native_level(BM_4K_2M_1G, SZ_1G), 2);
	/* a size the hardware claims but no level holds (8K, 512G) */
	CHECK_EQ(ib_sim_native_level(BM_ALL, 2 * SZ_4K), -1);
	CHECK_EQ(ib_sim_native_level(BM_ALL, 512 * SZ_1G), -1);
}

TEST(sim_window_align_and_invalidation_order)
{
	CHECK_EQ_U64(ib_window_align(BM_4K_2M_1G, 2 * SZ_2M), SZ_2M);
	CHECK_EQ_U64(ib_window_align(BM_4K_2M_1G, SZ_4K), SZ_4K);
	CHECK_EQ_U64(ib_window_align(SZ_2M, SZ_4K), SZ_2M);
	CHECK_EQ_U64(ib_window_align(BM_ALL, 3 * SZ_2M), 2 * SZ_2M);
	CHECK_EQ_U64(ib_sim_inv_qw1(0, 0), 0);
	CHECK_EQ_U64(ib_sim_inv_qw1(SZ_4K, SZ_4K), SZ_4K | 12);
	CHECK_EQ_U64(ib_sim_inv_qw1(SZ_2M, 3 * SZ_4K), SZ_2M | 14);
	CHECK_EQ_U64(ib_sim_inv_qw1(SZ_1G, SZ_1G), SZ_1G | 30);
}

TEST(sim_cap_is_clamped_and_shared_by_the_workers)
{
	CHECK_EQ_U64(ib_sim_cap_ns(200, 1), 200 * MS);
	CHECK_EQ_U64(ib_sim_cap_ns(0, 1), 1 * MS);
	CHECK_EQ_U64(ib_sim_cap_ns(5000, 1), 1000 * MS);
	CHECK_EQ_U64(ib_sim_cap_ns(1000, 8), 500 * MS);
	CHECK_EQ_U64(ib_sim_cap_ns(200, 40), 100 * MS);
}

TEST(sim_xorshift_known_values_and_never_zero)
{
	__u32 s = 1;

	CHECK_EQ_U64(ib_xorshift32(&s), 270369);
	CHECK_EQ_U64(s, 270369);
	CHECK_EQ_U64(ib_xorshift32(&s), 67634689);
	for (int i = 0; i < 100000; i++)
		if (!ib_xorshift32(&s))
			harness_fail(__FILE__, __LINE__, "xorshift reached 0 at %d", i);
}

static __u64 answer(__u32 fault, __u64 now, int timed, __u32 *rng, __u32 *res)
{
	/* service 10 us, stall 1 ms from a start at 5 ms */
	return ib_sim_hw_answer(fault, 10000, fault == IOMMUBENCH_SIM_FAULT_STALL ?
				1 * MS : 0, 0, 5 * MS, now, timed, rng, res);
}

TEST(sim_hw_completion_model)
{
	__u32 rng = 1, res = 99;

	CHECK_EQ_U64(answer(IOMMUBENCH_SIM_FAULT_NONE, 7 * MS, 1, &rng, &res),
		     7 * MS + 10000);
	CHECK_EQ(res, IB_SIM_ST_DONE);
	/* stall: the later of the service time and the end of the stall */
	CHECK_EQ_U64(answer(IOMMUBENCH_SIM_FAULT_STALL, 5 * MS + 100, 1, &rng, &res),
		     6 * MS);
	CHECK_EQ(res, IB_SIM_ST_DONE);
	CHECK_EQ_U64(answer(IOMMUBENCH_SIM_FAULT_STALL, 6 * MS, 1, &rng, &res),
		     6 * MS + 10000);
	/* no fault during the warm-up */
	CHECK_EQ_U64(answer(IOMMUBENCH_SIM_FAULT_STALL, 100, 0, &rng, &res), 10100);
	CHECK_EQ_U64(answer(IOMMUBENCH_SIM_FAULT_STALL_FOREVER, 100, 0, &rng, &res),
		     10100);
	CHECK_EQ(res, IB_SIM_ST_DONE);
	CHECK_EQ_U64(answer(IOMMUBENCH_SIM_FAULT_STALL_FOREVER, 7 * MS, 1, &rng, &res),
		     ~0ULL);
	CHECK_EQ_U64(answer(IOMMUBENCH_SIM_FAULT_GONE, 7 * MS, 1, &rng, &res), 7 * MS);
	CHECK_EQ(res, IB_SIM_ST_GONE);
	/* only a timed time-out draws from the generator */
	CHECK_EQ_U64(rng, 1);
}

TEST(sim_hw_timeout_errors_at_the_given_odds)
{
	__u32 rng = 1, res, ite = 0;

	CHECK_EQ_U64(ib_sim_hw_answer(IOMMUBENCH_SIM_FAULT_TIMEOUT, 10, 0, 1000000,
				      0, 50, 1, &rng, &res), 60);
	CHECK_EQ(res, IB_SIM_ST_ITE);
	CHECK_EQ_U64(rng, 270369);
	for (int i = 0; i < 100000; i++) {
		ib_sim_hw_answer(IOMMUBENCH_SIM_FAULT_TIMEOUT, 10, 0, 100000,
				 0, 50, 1, &rng, &res);
		ite += res == IB_SIM_ST_ITE;
	}
	CHECK(ite > 9000 && ite < 11000);	/* 10 % */
}

#define NEXT(st, pol, el, dl) ib_sim_wait_next(IB_SIM_ST_##st, IOMMUBENCH_SIM_##pol, \
					       (el), (dl), 200 * MS)

TEST(sim_policy_unbounded_restarts_and_never_gives_up)
{
	CHECK_EQ(NEXT(DONE, UNBOUNDED, 500 * MS, 0), IB_SIM_NEXT_DONE);
	CHECK_EQ(NEXT(BUSY, UNBOUNDED, 0, 0), IB_SIM_NEXT_SPIN);
	CHECK_EQ(NEXT(BUSY, UNBOUNDED, 199 * MS, 0), IB_SIM_NEXT_SPIN);
	CHECK_EQ(NEXT(ITE, UNBOUNDED, 1 * MS, 0), IB_SIM_NEXT_RESTART);
	/* 6.1: a gone endpoint is retried like a time-out */
	CHECK_EQ(NEXT(GONE, UNBOUNDED, 1 * MS, 0), IB_SIM_NEXT_RESTART);
	CHECK_EQ(NEXT(BUSY, UNBOUNDED, 200 * MS, 0), IB_SIM_NEXT_CAPPED);
	CHECK_EQ(NEXT(ITE, UNBOUNDED, 200 * MS, 0), IB_SIM_NEXT_CAPPED);
	CHECK_EQ(NEXT(GONE, UNBOUNDED, 300 * MS, 0), IB_SIM_NEXT_CAPPED);
}

TEST(sim_policy_unbounded_gone_gives_up_only_when_gone)
{
	CHECK_EQ(NEXT(GONE, UNBOUNDED_GONE, 0, 0), IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ(NEXT(GONE, UNBOUNDED_GONE, 300 * MS, 0), IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ(NEXT(ITE, UNBOUNDED_GONE, 1 * MS, 0), IB_SIM_NEXT_RESTART);
	CHECK_EQ(NEXT(BUSY, UNBOUNDED_GONE, 1 * MS, 0), IB_SIM_NEXT_SPIN);
	CHECK_EQ(NEXT(BUSY, UNBOUNDED_GONE, 200 * MS, 0), IB_SIM_NEXT_CAPPED);
	CHECK_EQ(NEXT(DONE, UNBOUNDED_GONE, 1 * MS, 0), IB_SIM_NEXT_DONE);
}

TEST(sim_policy_bounded_gives_up_at_the_deadline)
{
	CHECK_EQ(NEXT(BUSY, BOUNDED, 9 * MS, 10 * MS), IB_SIM_NEXT_SPIN);
	CHECK_EQ(NEXT(BUSY, BOUNDED, 10 * MS, 10 * MS), IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ(NEXT(ITE, BOUNDED, 9 * MS, 10 * MS), IB_SIM_NEXT_RESTART);
	/* the deadline counts from the first submission, restarts included */
	CHECK_EQ(NEXT(ITE, BOUNDED, 10 * MS, 10 * MS), IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ(NEXT(GONE, BOUNDED, 0, 10 * MS), IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ(NEXT(DONE, BOUNDED, 50 * MS, 10 * MS), IB_SIM_NEXT_DONE);
	/* a deadline beyond the cap: the cap wins */
	CHECK_EQ(NEXT(BUSY, BOUNDED, 200 * MS, 2000 * MS), IB_SIM_NEXT_CAPPED);
	CHECK_EQ(NEXT(ITE, BOUNDED, 200 * MS, 2000 * MS), IB_SIM_NEXT_CAPPED);
}

/*
 * One wait as ib_sim_spin() runs it, on a virtual clock advancing @step_ns
 * a poll: returns the end and sets *@elapsed and *@restarts.
 */
static enum ib_sim_next run_wait(__u32 fault, __u64 fault_ns, __u32 ppm,
				 __u32 policy, __u64 deadline, __u64 t0,
				 __u64 *elapsed, __u64 *restarts)
{
	const __u64 step_ns = 1000, service = 10000, cap = 200 * MS;
	__u32 rng = 1, res, st = IB_SIM_ST_BUSY;
	__u64 now = t0, at;
	enum ib_sim_next next;

	*restarts = 0;
	at = ib_sim_hw_answer(fault, service, fault_ns, ppm, 0, now, 1, &rng, &res);
	for (;;) {
		if (now >= at && st == IB_SIM_ST_BUSY)
			st = res;
		next = ib_sim_wait_next(st, policy, now - t0, deadline, cap);
		if (next == IB_SIM_NEXT_RESTART) {
			++*restarts;
			st = IB_SIM_ST_BUSY;
			at = ib_sim_hw_answer(fault, service, fault_ns, ppm, 0, now,
					      1, &rng, &res);
		} else if (next != IB_SIM_NEXT_SPIN) {
			*elapsed = now - t0;
			return next;
		}
		now += step_ns;
	}
}

TEST(sim_wait_loop_ends_as_the_policy_says)
{
	__u64 el, rs;

	CHECK_EQ(run_wait(IOMMUBENCH_SIM_FAULT_NONE, 0, 0, IOMMUBENCH_SIM_UNBOUNDED,
			  0, MS, &el, &rs), IB_SIM_NEXT_DONE);
	CHECK_EQ_U64(el, 10000);
	/* a 50 ms stall from 0, waited from 1 ms: done at 50 ms */
	CHECK_EQ(run_wait(IOMMUBENCH_SIM_FAULT_STALL, 50 * MS, 0,
			  IOMMUBENCH_SIM_UNBOUNDED, 0, MS, &el, &rs), IB_SIM_NEXT_DONE);
	CHECK_EQ_U64(el, 49 * MS);
	CHECK_EQ(run_wait(IOMMUBENCH_SIM_FAULT_STALL_FOREVER, 0, 0,
			  IOMMUBENCH_SIM_UNBOUNDED, 0, MS, &el, &rs), IB_SIM_NEXT_CAPPED);
	CHECK_EQ_U64(el, 200 * MS);
	CHECK_EQ(run_wait(IOMMUBENCH_SIM_FAULT_STALL_FOREVER, 0, 0,
			  IOMMUBENCH_SIM_BOUNDED, 10 * MS, MS, &el, &rs),
		 IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ_U64(el, 10 * MS);
	/* gone: 6.1 retries until the cap, the others give up at once */
	CHECK_EQ(run_wait(IOMMUBENCH_SIM_FAULT_GONE, 0, 0, IOMMUBENCH_SIM_UNBOUNDED,
			  0, MS, &el, &rs), IB_SIM_NEXT_CAPPED);
	CHECK_EQ_U64(el, 200 * MS);
	CHECK(rs > 1000);
	CHECK_EQ(run_wait(IOMMUBENCH_SIM_FAULT_GONE, 0, 0,
			  IOMMUBENCH_SIM_UNBOUNDED_GONE, 0, MS, &el, &rs),
		 IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ_U64(el, 0);
	CHECK_EQ_U64(rs, 0);
	/* every wait fails: restarts until the deadline */
	CHECK_EQ(run_wait(IOMMUBENCH_SIM_FAULT_TIMEOUT, 0, 1000000,
			  IOMMUBENCH_SIM_BOUNDED, 10 * MS, MS, &el, &rs),
		 IB_SIM_NEXT_GAVE_UP);
	CHECK_EQ_U64(el, 10 * MS);
	CHECK_EQ_U64(rs, 10 * MS / 10000 - 1);
}
