// SPDX-License-Identifier: GPL-2.0
/* Tests of suite.c: the shipped suites and malformed ones. */
#include <stdlib.h>

#include "harness.h"
#include "iommu.h"
#include "iommubench.h"
#include "path.h"
#include "session.h"
#include "suite.h"

/* A point's arguments as its path's struct (the sim's embed the iommu's). */
#define IOMMU_A(pt) PATH_CARGS(&(pt), struct iommubench_iommu_args)
#define DMA_A(pt) PATH_CARGS(&(pt), struct iommubench_dma_args)
#define SIM_A(pt) PATH_CARGS(&(pt), struct iommubench_sim_args)
/* A point carries only its own path's arguments. */
#define ONLY_ARGS(pt, type) CHECK_EQ((pt).path->args_size, sizeof(type))

static char err[1024];
/* What `threads all` means in expand_text() (the device-local CPUs). */
static unsigned int all_cpus = 4;

/* Parse and expand; returns the points or NULL (message in err). */
static struct suite_point *expand_text(const char *text, size_t *n,
				       struct suite *s)
{
	struct suite_point *pts = NULL;

	err[0] = '\0';
	if (suite_parse_text("t.suite", text, s, err, sizeof(err)) ||
	    suite_expand(s, all_cpus, &pts, n, err, sizeof(err)))
		return NULL;
	return pts;
}

static bool has_name(const struct suite_point *pts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(pts[i].name, name))
			return true;
	return false;
}

static void check_unique_names(const struct suite_point *pts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (!strcmp(pts[i].name, pts[j].name))
				harness_fail(__FILE__, __LINE__, "duplicate name %s",
					     pts[i].name);
}

TEST(suite_smoke_expands_to_16)
{
	struct suite_point *pts = NULL;
	struct suite s;
	size_t n = 0;

	CHECK(!suite_parse_file(IB_ROOT "/bench/suites/smoke.suite", &s, err,
				sizeof(err)));
	CHECK_STREQ(err, "");
	CHECK(!suite_expand(&s, 4, &pts, &n, err, sizeof(err)));
	CHECK_EQ(n, 16);
	if (n != 16)
		return;
	CHECK_STREQ(s.name, "smoke");
	CHECK_EQ(s.repetitions, 10);
	CHECK_STREQ(pts[0].name,
		    "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1");
	CHECK(has_name(pts, n, "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:2097152/threads:1"));
	CHECK(has_name(pts, n, "iommu/map:range/unmap:deferred/pgsize:hw/size:2097152/threads:1"));
	check_unique_names(pts, n);
	for (size_t i = 0; i < n; i++) {
		CHECK_EQ(pts[i].path, path_find("iommu"));
		CHECK_EQ(pts[i].threads, 1);
		CHECK_EQ(IOMMU_A(pts[i])->batch, 256);
		CHECK_EQ_U64(pts[i].ops, 2000);
		CHECK_EQ_U64(pts[i].duration_ns, 200000000ULL);
		CHECK_EQ_U64(pts[i].warmup, 16);
		CHECK(IOMMU_A(pts[i])->pgsize_mask == 0 || IOMMU_A(pts[i])->pgsize_mask == 0x1000);
		CHECK(pts[i].size == 4096 || pts[i].size == 2097152);
	}
	free(pts);
}

TEST(suite_map_pages_expands_to_132)
{
	struct suite_point *pts = NULL;
	unsigned int per_size[12] = { 0 };
	struct suite s;
	size_t n = 0;

	CHECK(!suite_parse_file(IB_ROOT "/bench/suites/map-pages.suite", &s,
				err, sizeof(err)));
	CHECK_STREQ(err, "");
	CHECK(!suite_expand(&s, 4, &pts, &n, err, sizeof(err)));
	/* 11 sizes (4K..4M) x 2 map x 2 unmap x 3 pgsize */
	CHECK_EQ(n, 132);
	CHECK_EQ(s.repetitions, 3);
	check_unique_names(pts, n);
	for (size_t i = 0; i < n; i++) {
		int log2 = __builtin_ctzll(pts[i].size) - 12;

		CHECK(log2 >= 0 && log2 <= 10);
		CHECK_EQ_U64(pts[i].size, 4096ULL << log2);
		if (log2 >= 0 && log2 <= 10)
			per_size[log2]++;
		CHECK_EQ_U64(pts[i].ops, 1000);
		CHECK_EQ_U64(pts[i].duration_ns, 100000000ULL);
	}
	for (int i = 0; i <= 10; i++)
		CHECK_EQ(per_size[i], 12);
	CHECK(has_name(pts, n, "iommu/map:range/unmap:strict/pgsize:0x201000/size:4194304/threads:1"));
	CHECK(has_name(pts, n, "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:4096/threads:1"));
	free(pts);
}

#define BASE "name t\npath iommu\nmap range\nunmap strict\nops 10\n"
#define SIM_BASE "name t\npath sim\nmap range\nunmap strict\nops 10\n"

TEST(suite_defaults_comments_and_suffixes)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("# header\n\n" BASE "size 4K 2M   # trailing\n"
			  "\t \n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK(pts != NULL);
	CHECK_EQ(n, 2);
	if (!pts)
		return;
	CHECK_EQ_U64(pts[0].size, 4096);
	CHECK_EQ_U64(pts[1].size, 2097152);
	CHECK_EQ_U64(IOMMU_A(pts[0])->pgsize_mask, 0);			/* hw */
	CHECK_EQ(pts[0].threads, SUITE_DEFAULT_THREADS);
	CHECK_EQ(IOMMU_A(pts[0])->batch, IOMMU_PATH_DEFAULT_BATCH);
	CHECK_EQ_U64(pts[0].warmup, SUITE_DEFAULT_WARMUP);
	CHECK_EQ(s.repetitions, SUITE_DEFAULT_REPETITIONS);
	CHECK_EQ_U64(pts[0].duration_ns, 0);		/* until ops */
	CHECK_EQ_U64(pts[0].timer_period_ns, SUITE_DEFAULT_TIMER_US * 1000ULL);
	free(pts);
}

TEST(suite_count_driver_calls_sets_the_run_flag)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text(BASE "size 4K\n", &n, &s);
	CHECK(pts != NULL);
	if (pts)
		CHECK_EQ_U64(pts[0].run_flags, 0);	/* opt-in: it slows map */
	free(pts);
	pts = expand_text(BASE "size 4K\ncount_driver_calls yes\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK(pts != NULL);
	if (pts)
		CHECK_EQ_U64(pts[0].run_flags, IOMMUBENCH_RUN_COUNT_DRIVER_CALLS);
	free(pts);
}

TEST(suite_timer_us_sets_and_disables_the_victim_timer)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text(BASE "size 4K\ntimer_us 250\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK(pts != NULL);
	if (pts)
		CHECK_EQ_U64(pts[0].timer_period_ns, 250000);
	free(pts);
	pts = expand_text(BASE "size 4K\ntimer_us 0\n", &n, &s);
	CHECK(pts != NULL);
	if (pts)
		CHECK_EQ_U64(pts[0].timer_period_ns, 0);
	free(pts);
}

TEST(suite_range_expands_powers_of_two)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text(BASE "size range:4K..64K 1M\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 6);
	if (pts && n == 6) {
		CHECK_EQ_U64(pts[0].size, 4096);
		CHECK_EQ_U64(pts[4].size, 65536);
		CHECK_EQ_U64(pts[5].size, 1048576);
	}
	free(pts);
	pts = expand_text(BASE "size range:8K..8K\n", &n, &s);
	CHECK_EQ(n, 1);
	free(pts);
}

TEST(suite_pgsize_names_are_lowercase_hex)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text(BASE "size 2M\npgsize 0X201000 hw\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 2);
	if (pts && n == 2) {
		CHECK_STREQ(pts[0].name,
			    "iommu/map:range/unmap:strict/pgsize:0x201000/size:2097152/threads:1");
		CHECK_EQ_U64(IOMMU_A(pts[0])->pgsize_mask, 0x201000);
		CHECK_STREQ(pts[1].name,
			    "iommu/map:range/unmap:strict/pgsize:hw/size:2097152/threads:1");
	}
	free(pts);
}

TEST(suite_batch_sweep_appears_in_names)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("name t\npath iommu\nmap range\nunmap deferred\n"
			  "ops 10\nsize 4K\nbatch 1 256 32768\nthreads 1 2\n",
			  &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 6);
	if (pts && n == 6) {
		CHECK_STREQ(pts[0].name,
			    "iommu/map:range/unmap:deferred/pgsize:hw/size:4096/threads:1/batch:1");
		CHECK_EQ(IOMMU_A(pts[2])->batch, 32768);
		CHECK_EQ(pts[3].threads, 2);
	}
	free(pts);
}

TEST(suite_duration_only_is_enough)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("name t\npath iommu\nmap range\nunmap strict\n"
			  "size 4K\nduration 1.5\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 1);
	if (pts) {
		CHECK_EQ_U64(pts[0].duration_ns, 1500000000ULL);
		CHECK_EQ_U64(pts[0].ops, 0);
	}
	free(pts);
}

static unsigned int count_mode(const struct suite_point *pts, size_t n,
			       uint32_t mode)
{
	unsigned int k = 0;

	for (size_t i = 0; i < n; i++)
		k += pts[i].mode == mode;
	return k;
}

TEST(suite_strict_vs_fq_expands_to_40)
{
	struct suite_point *pts = NULL;
	struct suite s;
	size_t n = 0;

	CHECK(!suite_parse_file(IB_ROOT "/bench/suites/strict-vs-fq.suite", &s,
				err, sizeof(err)));
	CHECK_STREQ(err, "");
	/* 5 sizes x 2 modes x 2 shapes x threads {1, all = 2} */
	CHECK(!suite_expand(&s, 2, &pts, &n, err, sizeof(err)));
	CHECK_EQ(n, 40);
	CHECK_EQ(s.repetitions, 3);
	if (n != 40)
		return;
	check_unique_names(pts, n);
	/* mode is the outermost dimension: all strict points, then all fq */
	for (size_t i = 0; i < n; i++) {
		CHECK_EQ(pts[i].mode, i < 20 ? SUITE_MODE_STRICT : SUITE_MODE_FQ);
		CHECK_EQ(pts[i].path, path_find("dma"));
		CHECK_EQ(DMA_A(pts[i])->dma_api, IOMMUBENCH_DMA_PAGE);
		CHECK_EQ(DMA_A(pts[i])->dma_dir, IOMMUBENCH_DIR_BIDIRECTIONAL);
		ONLY_ARGS(pts[i], struct iommubench_dma_args);
		CHECK_EQ(DMA_A(pts[i])->sg_nents, 0);
		CHECK_EQ(DMA_A(pts[i])->dma_bits, 0);
		CHECK(pts[i].threads == 1 || pts[i].threads == 2);
		CHECK(pts[i].size >= 4096 && pts[i].size <= 1048576);
		if (pts[i].shape == IOMMUBENCH_SHAPE_POOL) {
			CHECK_EQ(pts[i].pool_depth, 64);
			CHECK_EQ(pts[i].pool_order, IOMMUBENCH_POOL_FIFO);
		} else {
			CHECK_EQ(pts[i].shape, IOMMUBENCH_SHAPE_PAIR);
			CHECK_EQ(pts[i].pool_depth, 0);
			CHECK_EQ(pts[i].pool_order, 0);
		}
		CHECK_EQ_U64(pts[i].hold_ns, 0);
	}
	CHECK_STREQ(pts[0].name,
		    "dma/api:page/mode:strict/shape:pair/dir:bidi/size:4096/threads:1");
	CHECK(has_name(pts, n, "dma/api:page/mode:fq/shape:pool/depth:64/order:fifo/dir:bidi/size:1048576/threads:2"));
	free(pts);
	/* One local CPU: `1 all` is one thread count, not two. */
	CHECK(!suite_expand(&s, 1, &pts, &n, err, sizeof(err)));
	CHECK_EQ(n, 20);
	free(pts);
}

TEST(suite_scaling_sweeps_threads_up_to_all)
{
	static const struct {
		unsigned int all;
		size_t n;
		uint32_t last;
	} cases[] = { { 1, 2, 1 }, { 2, 4, 2 }, { 4, 6, 4 }, { 6, 8, 6 },
		      { 300, 18, 256 } };
	struct suite s;

	CHECK(!suite_parse_file(IB_ROOT "/bench/suites/scaling.suite", &s, err,
				sizeof(err)));
	CHECK(suite_uses_all_threads(&s));
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct suite_point *pts = NULL;
		size_t n = 0;

		CHECK(!suite_expand(&s, cases[c].all, &pts, &n, err, sizeof(err)));
		CHECK_EQ(n, cases[c].n);
		if (n == cases[c].n) {
			/* per mode: 1, 2, 4, ... then all */
			CHECK_EQ(pts[0].threads, 1);
			CHECK_EQ(pts[n / 2 - 1].threads, cases[c].last);
			CHECK_EQ(pts[n - 1].threads, cases[c].last);
			CHECK_EQ(pts[n / 2].mode, SUITE_MODE_FQ);
		}
		check_unique_names(pts, n);
		free(pts);
	}
	{
		struct suite_point *pts = NULL;
		size_t n = 0;

		CHECK(!suite_expand(&s, 6, &pts, &n, err, sizeof(err)));
		if (n == 8)
			CHECK_STREQ(pts[3].name,
				    "dma/api:page/mode:strict/shape:pair/dir:bidi/size:4096/threads:6");
		free(pts);
	}
}

TEST(suite_dma_names_sg_hold_dma_bits)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("name t\npath dma\napi page sg\nsg_entries 1 4\n"
			  "dir to-device from-device\ndma_bits 32 64\n"
			  "shape hold\nhold_ns 1000\nsize 16K\nops 10\n",
			  &n, &s);
	CHECK_STREQ(err, "");
	/* (page + sg x 2) x 2 dirs x 2 dma_bits */
	CHECK_EQ(n, 12);
	if (pts && n == 12) {
		CHECK_STREQ(pts[0].name,
			    "dma/api:page/mode:keep/shape:hold/hold:1000/dir:to-device/size:16384/threads:1/dma_bits:32");
		CHECK_EQ(DMA_A(pts[0])->sg_nents, 0);
		CHECK_EQ_U64(pts[0].hold_ns, 1000);
		CHECK_EQ(DMA_A(pts[0])->dma_dir, IOMMUBENCH_DIR_TO_DEVICE);
		CHECK_EQ(DMA_A(pts[0])->dma_bits, 32);
		CHECK_STREQ(pts[11].name,
			    "dma/api:sg/sg:4/mode:keep/shape:hold/hold:1000/dir:from-device/size:16384/threads:1/dma_bits:64");
		CHECK_EQ(DMA_A(pts[11])->dma_api, IOMMUBENCH_DMA_SG);
		CHECK_EQ(DMA_A(pts[11])->sg_nents, 4);
		check_unique_names(pts, n);
	}
	free(pts);
	/* One dma_bits value: not in the names, but in the points. */
	pts = expand_text("name t\npath dma\ndma_bits 40\nsize 4K\nops 10\n", &n, &s);
	CHECK_EQ(n, 1);
	if (pts && n == 1) {
		CHECK_STREQ(pts[0].name,
			    "dma/api:page/mode:keep/shape:pair/dir:bidi/size:4096/threads:1");
		CHECK_EQ(DMA_A(pts[0])->dma_bits, 40);
	}
	free(pts);
}

TEST(suite_both_paths_do_not_multiply_by_foreign_keys)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0, iommu = 0, dma = 0;

	pts = expand_text("name t\npath iommu dma\nmap range per-page\n"
			  "unmap strict\npgsize hw 0x1000\napi page sg\n"
			  "dir bidi to-device\nsize 4K 8K\nops 10\n"
			  "mode keep fq\nshape pair pool\npool_depth 8\n"
			  "pool_order fifo random\n", &n, &s);
	CHECK_STREQ(err, "");
	/* iommu (2 map x 2 pgsize) x 2 sizes x (pair + 2 pools), once: the
	 * group type is moot in its own domain; per mode:
	 * dma (2 api x 2 dir) x 2 sizes x (pair + 2 pools) */
	CHECK_EQ(n, 4 * 2 * 3 + 2 * (4 * 2 * 3));
	if (!pts)
		return;
	check_unique_names(pts, n);
	for (size_t i = 0; i < n; i++) {
		if (pts[i].path == path_find("iommu")) {
			iommu++;
			ONLY_ARGS(pts[i], struct iommubench_iommu_args);
			CHECK(IOMMU_A(pts[i])->map_mode != 0);
		} else {
			dma++;
			ONLY_ARGS(pts[i], struct iommubench_dma_args);
			CHECK(DMA_A(pts[i])->dma_api != 0);
		}
	}
	CHECK_EQ(iommu, 24);
	CHECK_EQ(dma, 48);
	/* iommu names grow /shape: only when it says something, never /mode: */
	CHECK(has_name(pts, n, "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1"));
	CHECK(has_name(pts, n, "iommu/shape:pool/depth:8/order:random/map:per-page/unmap:strict/pgsize:0x1000/size:8192/threads:1"));
	for (size_t i = 0; i < n; i++)
		if (pts[i].path == path_find("iommu"))
			CHECK_EQ(pts[i].mode, SUITE_MODE_KEEP);
	CHECK(has_name(pts, n, "dma/api:sg/sg:1/mode:keep/shape:pool/depth:8/order:random/dir:to-device/size:8192/threads:1"));
	CHECK_EQ(count_mode(pts, n, SUITE_MODE_KEEP), 48);
	free(pts);
}

TEST(suite_invalidation_expands_to_32)
{
	struct suite_point *pts = NULL;
	unsigned int capped_kind = 0, bounded = 0;
	struct suite s;
	size_t n = 0;

	CHECK(!suite_parse_file(IB_ROOT "/bench/suites/invalidation.suite", &s,
				err, sizeof(err)));
	CHECK_STREQ(err, "");
	CHECK(!suite_expand(&s, 4, &pts, &n, err, sizeof(err)));
	/* fault (none, stall x {1, 10} ms, stall-forever) x 4 policies x
	 * 2 thread counts */
	CHECK_EQ(n, 32);
	if (n != 32)
		return;
	CHECK_STREQ(s.name, "invalidation");
	CHECK_EQ(s.repetitions, 1);
	check_unique_names(pts, n);
	CHECK_STREQ(pts[0].name,
		    "sim/entry:map_pages/fault:none/policy:vtd-6.1/map:range/unmap:strict/pgsize:0x1000/size:4096/threads:1");
	CHECK(has_name(pts, n, "sim/entry:map_pages/fault:stall/fault_ms:10/policy:bounded/deadline_ms:10/map:range/unmap:strict/pgsize:0x1000/size:4096/threads:2"));
	CHECK(has_name(pts, n, "sim/entry:map_pages/fault:stall-forever/policy:amd/map:range/unmap:strict/pgsize:0x1000/size:4096/threads:1"));
	for (size_t i = 0; i < n; i++) {
		const struct suite_point *pt = &pts[i];

		CHECK_EQ(pt->path, path_find("sim"));
		CHECK_EQ(pt->mode, SUITE_MODE_KEEP);
		CHECK_EQ(IOMMU_A(*pt)->map_mode, IOMMUBENCH_MAP_RANGE);
		CHECK_EQ(IOMMU_A(*pt)->unmap_mode, IOMMUBENCH_UNMAP_STRICT);
		CHECK_EQ(SIM_A(*pt)->entry, IOMMUBENCH_SIM_MAP_PAGES);
		CHECK_EQ_U64(IOMMU_A(*pt)->pgsize_mask, 0x1000);
		CHECK_EQ_U64(SIM_A(*pt)->hw_pgsize, 0x1000);
		CHECK_EQ_U64(SIM_A(*pt)->service_ns, 1000);
		CHECK_EQ_U64(pt->ops, 10);
		CHECK_EQ_U64(pt->duration_ns, 1000000000ULL);
		CHECK_EQ_U64(pt->warmup, 2);
		CHECK_EQ(SIM_A(*pt)->fault_ppm, 0);
		CHECK(SIM_A(*pt)->fault == IOMMUBENCH_SIM_FAULT_STALL ?
		      SIM_A(*pt)->fault_ns == 1000000 || SIM_A(*pt)->fault_ns == 10000000 :
		      SIM_A(*pt)->fault_ns == 0);
		if (SIM_A(*pt)->fault == IOMMUBENCH_SIM_FAULT_STALL_FOREVER &&
		    SIM_A(*pt)->policy != IOMMUBENCH_SIM_BOUNDED)
			capped_kind++;
		if (SIM_A(*pt)->policy == IOMMUBENCH_SIM_BOUNDED) {
			bounded++;
			CHECK(SIM_A(*pt)->deadline_ns ==
			      (strstr(pt->name, "/policy:amd/") ? 100000000ULL :
							       10000000ULL));
		} else {
			CHECK_EQ_U64(SIM_A(*pt)->deadline_ns, 0);
		}
	}
	/* stall-forever x (vtd-6.1, vtd-6.9) x 2 thread counts */
	CHECK_EQ(capped_kind, 4);
	CHECK_EQ(bounded, 16);
	free(pts);
}

TEST(suite_sim_defaults_presets_and_sweeps)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text(SIM_BASE "size 4K\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 1);
	if (pts && n == 1) {
		CHECK_STREQ(pts[0].name,
			    "sim/entry:map_pages/fault:none/policy:vtd-6.1/map:range/unmap:strict/pgsize:0x1000/size:4096/threads:1");
		CHECK_EQ(SIM_A(pts[0])->entry, IOMMUBENCH_SIM_MAP_PAGES);
		CHECK_EQ(SIM_A(pts[0])->fault, IOMMUBENCH_SIM_FAULT_NONE);
		CHECK_EQ(SIM_A(pts[0])->policy, IOMMUBENCH_SIM_UNBOUNDED);
		CHECK(strstr(pts[0].name, "/policy:vtd-6.1/"));	/* as the suite said */
		CHECK_EQ_U64(IOMMU_A(pts[0])->pgsize_mask, 0x1000);
		CHECK_EQ_U64(SIM_A(pts[0])->hw_pgsize, 0x1000);
		CHECK_EQ_U64(SIM_A(pts[0])->service_ns, 1000);
		CHECK_EQ_U64(SIM_A(pts[0])->deadline_ns, 0);
		CHECK_EQ(IOMMU_A(pts[0])->batch, IOMMU_PATH_DEFAULT_BATCH);
	}
	free(pts);

	/* presets map onto the kernel's policies; all4k; map(); timeouts */
	pts = expand_text(SIM_BASE "size 8K\nentry map\npgsize all4k\n"
			  "fault timeout gone\nfault_ppm 10 100\n"
			  "policy unbounded unbounded-gone vtd-6.9 smmuv3\n",
			  &n, &s);
	CHECK_STREQ(err, "");
	/* (timeout x 2 ppm + gone) x 4 policies */
	CHECK_EQ(n, 12);
	if (pts && n == 12) {
		check_unique_names(pts, n);
		CHECK_STREQ(pts[0].name,
			    "sim/entry:map/fault:timeout/fault_ppm:10/policy:unbounded/map:range/unmap:strict/pgsize:all4k/size:8192/threads:1");
		CHECK_EQ_U64(IOMMU_A(pts[0])->pgsize_mask, IOMMU_PATH_PGSIZE_ALL4K);
		CHECK_EQ_U64(IOMMU_A(pts[0])->pgsize_mask, 0xfffffffffffff000ULL);
		CHECK_EQ(SIM_A(pts[0])->entry, IOMMUBENCH_SIM_MAP);
		CHECK_EQ(SIM_A(pts[0])->fault_ppm, 10);
		CHECK_EQ(SIM_A(pts[1])->policy, IOMMUBENCH_SIM_UNBOUNDED_GONE);
		CHECK_EQ(SIM_A(pts[2])->policy, IOMMUBENCH_SIM_UNBOUNDED_GONE);
		CHECK_STREQ(pts[3].name,
			    "sim/entry:map/fault:timeout/fault_ppm:10/policy:smmuv3/map:range/unmap:strict/pgsize:all4k/size:8192/threads:1");
		CHECK_EQ(SIM_A(pts[3])->policy, IOMMUBENCH_SIM_BOUNDED);
		CHECK_EQ_U64(SIM_A(pts[3])->deadline_ns, 1000000000ULL);
		CHECK_EQ(SIM_A(pts[4])->fault_ppm, 100);
		CHECK_STREQ(pts[8].name,
			    "sim/entry:map/fault:gone/policy:unbounded/map:range/unmap:strict/pgsize:all4k/size:8192/threads:1");
		CHECK_EQ(SIM_A(pts[8])->fault_ppm, 0);
		CHECK_EQ_U64(SIM_A(pts[8])->fault_ns, 0);
	}
	free(pts);

	/* swept sim_hw, service_ns and batch show in the names; shapes too */
	pts = expand_text("name t\npath sim\nmap per-page\nunmap deferred\n"
			  "ops 10\nsize 2M\npgsize 0x201000\n"
			  "sim_hw 0x1000 0x201000\nservice_ns 0 5000\n"
			  "batch 1 32\nshape pool\npool_depth 4\n"
			  "policy bounded\ndeadline_ms 5 50\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 16);
	if (pts && n == 16) {
		check_unique_names(pts, n);
		CHECK_STREQ(pts[0].name,
			    "sim/shape:pool/depth:4/order:fifo/entry:map_pages/fault:none/policy:bounded/deadline_ms:5/map:per-page/unmap:deferred/pgsize:0x201000/size:2097152/threads:1/sim_hw:0x1000/service_ns:0/batch:1");
		CHECK_STREQ(pts[15].name,
			    "sim/shape:pool/depth:4/order:fifo/entry:map_pages/fault:none/policy:bounded/deadline_ms:50/map:per-page/unmap:deferred/pgsize:0x201000/size:2097152/threads:1/sim_hw:0x201000/service_ns:5000/batch:32");
		CHECK_EQ_U64(SIM_A(pts[15])->deadline_ns, 50000000ULL);
		CHECK_EQ_U64(SIM_A(pts[15])->hw_pgsize, 0x201000);
		CHECK_EQ_U64(SIM_A(pts[15])->service_ns, 5000);
		CHECK_EQ(IOMMU_A(pts[15])->batch, 32);
		CHECK_EQ(pts[15].pool_depth, 4);
	}
	free(pts);
}

TEST(suite_sim_with_iommu_and_dma_keeps_keys_apart)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0, iommu = 0, dma = 0, sim = 0;

	pts = expand_text("name t\npath iommu dma sim\nmap range\nunmap strict\n"
			  "ops 10\nsize 4K\nmode strict fq\n"
			  "fault none stall\nfault_ms 1 2 3\n"
			  "policy amd bounded\ndeadline_ms 7\n", &n, &s);
	CHECK_STREQ(err, "");
	if (!pts)
		return;
	check_unique_names(pts, n);
	for (size_t i = 0; i < n; i++) {
		const struct suite_point *pt = &pts[i];

		if (pt->path == path_find("iommu")) {
			iommu++;
			CHECK_EQ_U64(IOMMU_A(*pt)->pgsize_mask, 0);	/* hw */
			ONLY_ARGS(*pt, struct iommubench_iommu_args);
		} else if (pt->path == path_find("dma")) {
			dma++;
			ONLY_ARGS(*pt, struct iommubench_dma_args);
		} else {
			sim++;
			/* own domain: once, unswitched, like iommu */
			CHECK_EQ(pt->mode, SUITE_MODE_KEEP);
			CHECK_EQ_U64(SIM_A(*pt)->iommu.pgsize_mask, 0x1000);	/* sim default */
			ONLY_ARGS(*pt, struct iommubench_sim_args);
		}
	}
	CHECK_EQ(iommu, 1);
	CHECK_EQ(dma, 2);
	/* (none + stall x 3) x (amd + bounded x 1) */
	CHECK_EQ(sim, 8);
	CHECK(has_name(pts, n, "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1"));
	CHECK(has_name(pts, n, "sim/entry:map_pages/fault:stall/fault_ms:3/policy:bounded/deadline_ms:7/map:range/unmap:strict/pgsize:0x1000/size:4096/threads:1"));
	free(pts);
	/* an explicit hex pgsize applies to both the iommu and sim points */
	pts = expand_text("name t\npath iommu sim\nmap range\nunmap strict\n"
			  "ops 10\nsize 8K\npgsize 0x1000 0x2000\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 4);
	if (pts && n == 4) {
		CHECK(has_name(pts, n, "iommu/map:range/unmap:strict/pgsize:0x2000/size:8192/threads:1"));
		CHECK(has_name(pts, n, "sim/entry:map_pages/fault:none/policy:vtd-6.1/map:range/unmap:strict/pgsize:0x2000/size:8192/threads:1"));
	}
	free(pts);
}

TEST(suite_sim_longest_name_fits)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("name t\npath sim\nmap per-page\nunmap deferred\n"
			  "ops 10\nsize 64M\npgsize all4k 0x1000\n"
			  "sim_hw 0xfffffffffffff000 0x1000\n"
			  "service_ns 10000000 0\nbatch 65536 1\n"
			  "shape pool\npool_depth 4096\npool_order random\n"
			  "fault timeout\nfault_ppm 1000000\n"
			  "policy unbounded-gone bounded\ndeadline_ms 2000\n"
			  "threads 256\nentry map_pages\n", &n, &s);
	CHECK_STREQ(err, "");
	if (!pts)
		return;
	for (size_t i = 0; i < n; i++)
		CHECK(strstr(pts[i].name, "/batch:") != NULL);
	CHECK(has_name(pts, n, "sim/shape:pool/depth:4096/order:random/entry:map_pages/fault:timeout/fault_ppm:1000000/policy:bounded/deadline_ms:2000/map:per-page/unmap:deferred/pgsize:all4k/size:67108864/threads:256/sim_hw:0xfffffffffffff000/service_ns:10000000/batch:65536"));
	free(pts);
}

TEST(suite_threads_all_and_numbers_coincide_once)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	all_cpus = 2;
	pts = expand_text(BASE "size 4K\nthreads 2 all 1 sweep\n", &n, &s);
	all_cpus = 4;
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 2);	/* 2, 1 */
	if (pts && n == 2) {
		CHECK_EQ(pts[0].threads, 2);
		CHECK_EQ(pts[1].threads, 1);
	}
	free(pts);
	pts = expand_text(BASE "size 4K\n", &n, &s);
	CHECK(!suite_uses_all_threads(&s));
	free(pts);
}

TEST(session_orders_points_by_mode_needing_no_switch_first)
{
	struct suite_point pts[6] = {
		{ .name = "a", .mode = SUITE_MODE_STRICT },
		{ .name = "b", .mode = SUITE_MODE_STRICT },
		{ .name = "c", .mode = SUITE_MODE_KEEP },
		{ .name = "d", .mode = SUITE_MODE_FQ },
		{ .name = "e", .mode = SUITE_MODE_FQ },
		{ .name = "f", .mode = SUITE_MODE_KEEP },
	};
	const char *dma_fq = "cdefab", *dma = "abcfde", *none = "cfabde";
	struct suite_point work[6];

	memcpy(work, pts, sizeof(pts));
	session_order_points(work, 6, "DMA-FQ");
	for (int i = 0; i < 6; i++)
		CHECK_EQ(work[i].name[0], dma_fq[i]);
	memcpy(work, pts, sizeof(pts));
	session_order_points(work, 6, "DMA");
	for (int i = 0; i < 6; i++)
		CHECK_EQ(work[i].name[0], dma[i]);
	memcpy(work, pts, sizeof(pts));
	session_order_points(work, 6, NULL);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(work[i].name[0], none[i]);
}
