// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the suite parser's errors: each malformed suite fails with
 * exactly its "FILE:LINE: message" (test_suite.c has the good ones).
 */
#include <stdlib.h>

#include "harness.h"
#include "suite.h"

static char err[1024];

/* Parse and expand; returns the points or NULL (message in err). */
static struct suite_point *expand_text(const char *text, size_t *n,
				       struct suite *s)
{
	struct suite_point *pts = NULL;

	err[0] = '\0';
	if (suite_parse_text("t.suite", text, s, err, sizeof(err)) ||
	    suite_expand(s, 4, &pts, n, err, sizeof(err)))
		return NULL;
	return pts;
}

#define BASE "name t\npath iommu\nmap range\nunmap strict\nops 10\n"
#define SIM_BASE "name t\npath sim\nmap range\nunmap strict\nops 10\n"
#define DMA_BASE "name t\npath dma\nops 10\n"

/* Each malformed suite must fail with exactly this message. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ BASE "size 4K\nfoo 1\n",
	  "t.suite:7: unknown key 'foo'" },
	{ BASE "size 4K\nthreads abc\n",
	  "t.suite:7: bad value 'abc' for 'threads' (expected 1..256, 'all' or 'sweep')" },
	{ BASE "size 4K\nthreads 0\n",
	  "t.suite:7: 'threads' 0 is out of range (1..256)" },
	{ BASE "size 4K\nbatch 65537\n",
	  "t.suite:7: 'batch' 65537 is out of range (1..65536)" },
	{ BASE "size 4K\nops 1x\n",
	  "t.suite:7: duplicate key 'ops' (first given on line 5)" },
	{ "name t\npath iommu\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite: missing required key 'map' (path iommu needs it)" },
	{ "path iommu\nmap range\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite: missing required key 'name'" },
	{ "name t\npath iommu\nmap range\nunmap strict\nsize 4K\n",
	  "t.suite: missing required key 'ops' or 'duration'" },
	{ "name t\npath iommu\nmap range\nunmap strict\nsize 4K\nops 0\nduration 0\n",
	  "t.suite:7: one of 'ops' and 'duration' must be non-zero" },
	{ BASE "size 5000\n",
	  "t.suite:6: size '5000' is not a positive multiple of 4096" },
	{ BASE "size 0\n",
	  "t.suite:6: size '0' is not a positive multiple of 4096" },
	{ BASE "size 128M\n",
	  "t.suite:6: size '128M' is larger than 64 MiB (the module's limit)" },
	{ BASE "size 4Q\n",
	  "t.suite:6: bad size '4Q' (expected bytes, optionally with K, M or G)" },
	{ BASE "size\n",
	  "t.suite:6: empty value list for 'size'" },
	{ BASE "size 4K\nmap\n",
	  "t.suite:7: empty value list for 'map'" },
	{ BASE "size range:4K..3M\n",
	  "t.suite:6: bad range 'range:4K..3M': both ends must be powers of two" },
	{ BASE "size range:8K..4K\n",
	  "t.suite:6: bad range 'range:8K..4K': LOW is larger than HIGH" },
	{ BASE "size range:4K-8K\n",
	  "t.suite:6: bad range 'range:4K-8K' (expected range:LOW..HIGH)" },
	{ BASE "size range:2K..8K\n",
	  "t.suite:6: size '2K' is not a positive multiple of 4096" },
	{ BASE "size 4K 4096\n",
	  "t.suite:6: duplicate value '4096' for 'size'" },
	{ BASE "size 4K\nsize 8K\n",
	  "t.suite:7: duplicate key 'size' (first given on line 6)" },
	{ BASE "size 4K\nmap range maybe\n",
	  "t.suite:7: duplicate key 'map' (first given on line 3)" },
	{ "name t\npath iommu\nmap range sometimes\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite:3: unknown map 'sometimes' (expected one of: range, per-page)" },
	{ "name t\npath dmb\nmap range\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite:2: unknown path 'dmb' (expected one of: iommu, dma, sim)" },
	{ BASE "size 4K\npgsize 0x0\n",
	  "t.suite:7: bad pgsize '0x0' (expected 'hw', 'all4k' or a non-zero hex mask like 0x201000)" },
	{ BASE "size 4K\npgsize 4096\n",
	  "t.suite:7: bad pgsize '4096' (expected 'hw', 'all4k' or a non-zero hex mask like 0x201000)" },
	{ BASE "size 4K\npgsize 0x800\n",
	  "t.suite:7: bad pgsize '0x800': page sizes below 4 KiB are not supported" },
	{ BASE "size 4K 2M\npgsize 0x200000\n",
	  "t.suite:7: size 4096 is not a multiple of the smallest page size 0x200000 of pgsize 0x200000" },
	{ BASE "size 4K\nduration -1\n",
	  "t.suite:7: bad number '-1' for 'duration' (seconds)" },
	{ BASE "size 4K\nduration 601\n",
	  "t.suite:7: 'duration' 601 is out of range (0..600 s)" },
	{ BASE "size 4K\nwarmup 1048577\n",
	  "t.suite:7: 'warmup' 1048577 is out of range (0..1048576)" },
	{ BASE "size 4K\nrepetitions 0\n",
	  "t.suite:7: 'repetitions' 0 is out of range (1..1000)" },
	{ BASE "size 4K\nname u\n",
	  "t.suite:7: duplicate key 'name' (first given on line 1)" },
	{ "name a/b\n",
	  "t.suite:1: name 'a/b' may only hold letters, digits, '.', '_' and '-'" },
	{ "name a b\n",
	  "t.suite:1: 'name' takes exactly one value" },
	/* ABI 2 keys */
	{ BASE "size 4K\napi page\n",
	  "t.suite:7: 'api' applies only to path dma, which the suite does not list" },
	{ BASE "size 4K\ndir bidi\n",
	  "t.suite:7: 'dir' applies only to path dma, which the suite does not list" },
	{ BASE "size 4K\ndma_bits 32\n",
	  "t.suite:7: 'dma_bits' applies only to path dma, which the suite does not list" },
	{ DMA_BASE "size 4K\nmap range\n",
	  "t.suite:5: 'map' applies only to path iommu or sim, which the suite does not list" },
	{ DMA_BASE "size 4K\nbatch 1\n",
	  "t.suite:5: 'batch' applies only to path iommu or sim, which the suite does not list" },
	{ DMA_BASE "size 4K\npgsize 0x1000\n",
	  "t.suite:5: 'pgsize' applies only to path iommu or sim, which the suite does not list" },
	{ DMA_BASE "size 8M\n",
	  "t.suite:4: size 8388608 is larger than 4 MiB (the dma path's limit)" },
	{ "name t\npath iommu dma\nmap range\nunmap strict\nops 10\nsize 4K 8M\n",
	  "t.suite:6: size 8388608 is larger than 4 MiB (the dma path's limit)" },
	{ DMA_BASE "size 4K\nsg_entries 2\n",
	  "t.suite:5: 'sg_entries' applies only to api sg, which the suite does not list" },
	{ DMA_BASE "size 4K 16K\napi sg\nsg_entries 1 2\n",
	  "t.suite:6: size 4096 does not split into 2 sg entries of a multiple of 4096 bytes" },
	{ DMA_BASE "size 4K\napi sg\nsg_entries 1025\n",
	  "t.suite:6: 'sg_entries' 1025 is out of range (1..1024)" },
	{ DMA_BASE "size 4K\napi scatter\n",
	  "t.suite:5: unknown api 'scatter' (expected one of: page, sg)" },
	{ DMA_BASE "size 4K\ndir both\n",
	  "t.suite:5: unknown dir 'both' (expected one of: bidi, to-device, from-device)" },
	{ DMA_BASE "size 4K\ndma_bits 19\n",
	  "t.suite:5: 'dma_bits' 19 is out of range (0, or 20..64)" },
	{ DMA_BASE "size 4K\ndma_bits 65\n",
	  "t.suite:5: 'dma_bits' 65 is out of range (0, or 20..64)" },
	{ DMA_BASE "size 4K\ndma_bits x\n",
	  "t.suite:5: bad number 'x' for 'dma_bits'" },
	{ DMA_BASE "size 4K\nmode lazy\n",
	  "t.suite:5: unknown mode 'lazy' (expected one of: keep, strict, fq)" },
	{ DMA_BASE "size 4K\nmode fq fq\n",
	  "t.suite:5: duplicate value 'fq' for 'mode'" },
	{ DMA_BASE "size 4K\nshape hold\n",
	  "t.suite:5: shape 'hold' needs 'hold_ns'" },
	{ DMA_BASE "size 4K\nshape pair pool\n",
	  "t.suite:5: shape 'pool' needs 'pool_depth'" },
	{ DMA_BASE "size 4K\nhold_ns 100\n",
	  "t.suite:5: 'hold_ns' applies only to shape hold, which the suite does not list" },
	{ DMA_BASE "size 4K\nshape hold\nhold_ns 0\n",
	  "t.suite:6: 'hold_ns' 0 is out of range (1..10000000)" },
	{ DMA_BASE "size 4K\nshape hold\nhold_ns 10000001\n",
	  "t.suite:6: 'hold_ns' 10000001 is out of range (1..10000000)" },
	{ DMA_BASE "size 4K\npool_depth 64\n",
	  "t.suite:5: 'pool_depth' applies only to shape pool, which the suite does not list" },
	{ DMA_BASE "size 4K\nshape pool\npool_depth 64\npool_order lifo\n",
	  "t.suite:7: unknown pool_order 'lifo' (expected one of: fifo, random)" },
	{ DMA_BASE "size 4K\nshape pool\npool_depth 4097\n",
	  "t.suite:6: 'pool_depth' 4097 is out of range (1..4096)" },
	{ DMA_BASE "size 4K\nshape pair\npool_order fifo\n",
	  "t.suite:6: 'pool_order' applies only to shape pool, which the suite does not list" },
	{ DMA_BASE "size 4K\nshape square\n",
	  "t.suite:5: unknown shape 'square' (expected one of: pair, hold, pool)" },
	{ DMA_BASE "size 4K\nthreads all all\n",
	  "t.suite:5: duplicate value 'all' for 'threads'" },
	{ DMA_BASE "size 4K\nthreads 1 sweep 257\n",
	  "t.suite:5: 'threads' 257 is out of range (1..256)" },
	{ "name t\npath dma\nsize 4K\n",
	  "t.suite: missing required key 'ops' or 'duration'" },
	{ "name t\nsize 4K\nops 1\n",
	  "t.suite: missing required key 'path'" },
	{ "name t\npath iommu\nmap range\nunmap strict\nsize 4K\nops 1\nmode strict\n",
	  "t.suite:7: 'mode' applies only to path dma, which the suite does not list" },
	{ DMA_BASE "size 4K\ncount_driver_calls maybe\n",
	  "t.suite:5: count_driver_calls must be yes or no, not 'maybe'" },
	{ DMA_BASE "size 4K\ntimer_us 5\n",
	  "t.suite:5: timer_us must be 0 (off) or at least 10" },
	{ DMA_BASE "size 4K\ntimer_us 1000001\n",
	  "t.suite:5: 'timer_us' 1000001 is out of range (0..1000000)" },
	/* ABI 4: the sim path */
	{ "name t\npath sim\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite: missing required key 'map' (path sim needs it)" },
	{ "name t\npath sim\nmap range\nops 10\nsize 4K\n",
	  "t.suite: missing required key 'unmap' (path sim needs it)" },
	{ SIM_BASE "size 4K\npgsize 0x1000 hw\n",
	  "t.suite:7: pgsize 'hw' does not apply to path sim (give the advertised bitmap: a hex mask or 'all4k')" },
	{ "name t\npath iommu sim\nmap range\nunmap strict\nops 10\nsize 4K\npgsize all4k\n",
	  "t.suite:7: pgsize 'all4k' applies only to path sim (path iommu needs a subset of the hardware bitmap)" },
	{ SIM_BASE "size 4K 8K\npgsize 0x2000\n",
	  "t.suite:7: size 4096 is not a multiple of the smallest page size 0x2000 of pgsize 0x2000" },
	{ SIM_BASE "size 4K\nfault none stall\n",
	  "t.suite:7: fault 'stall' needs 'fault_ms'" },
	{ SIM_BASE "size 4K\nfault none timeout\n",
	  "t.suite:7: fault 'timeout' needs 'fault_ppm'" },
	{ SIM_BASE "size 4K\nfault_ms 5\n",
	  "t.suite:7: 'fault_ms' applies only to fault stall, which the suite does not list" },
	{ SIM_BASE "size 4K\nfault stall gone\nfault_ms 1\nfault_ppm 5\n",
	  "t.suite:9: 'fault_ppm' applies only to fault timeout, which the suite does not list" },
	{ SIM_BASE "size 4K\nfault stall\nfault_ms 0\n",
	  "t.suite:8: 'fault_ms' 0 is out of range (1..10000)" },
	{ SIM_BASE "size 4K\nfault stall\nfault_ms 10001\n",
	  "t.suite:8: 'fault_ms' 10001 is out of range (1..10000)" },
	{ SIM_BASE "size 4K\nfault timeout\nfault_ppm 1000001\n",
	  "t.suite:8: 'fault_ppm' 1000001 is out of range (1..1000000)" },
	{ SIM_BASE "size 4K\nfault timeout\nfault_ppm 0\n",
	  "t.suite:8: 'fault_ppm' 0 is out of range (1..1000000)" },
	{ SIM_BASE "size 4K\nfault hang\n",
	  "t.suite:7: unknown fault 'hang' (expected one of: none, stall, stall-forever, timeout, gone)" },
	{ SIM_BASE "size 4K\npolicy amd bounded\n",
	  "t.suite:7: policy 'bounded' needs 'deadline_ms'" },
	{ SIM_BASE "size 4K\npolicy amd smmuv3\ndeadline_ms 10\n",
	  "t.suite:8: 'deadline_ms' applies only to policy bounded, which the suite does not list" },
	{ SIM_BASE "size 4K\ndeadline_ms 10\n",
	  "t.suite:7: 'deadline_ms' applies only to policy bounded, which the suite does not list" },
	{ SIM_BASE "size 4K\npolicy bounded\ndeadline_ms 2001\n",
	  "t.suite:8: 'deadline_ms' 2001 is out of range (1..2000)" },
	{ SIM_BASE "size 4K\npolicy bounded\ndeadline_ms 0\n",
	  "t.suite:8: 'deadline_ms' 0 is out of range (1..2000)" },
	{ SIM_BASE "size 4K\npolicy vtd-7\n",
	  "t.suite:7: unknown policy 'vtd-7' (expected one of: unbounded, unbounded-gone, bounded, vtd-6.1, vtd-6.9, amd, smmuv3)" },
	{ SIM_BASE "size 4K\npolicy amd amd\n",
	  "t.suite:7: duplicate value 'amd' for 'policy'" },
	{ SIM_BASE "size 4K\nentry map_page\n",
	  "t.suite:7: unknown entry 'map_page' (expected one of: map_pages, map)" },
	{ SIM_BASE "size 4K\nservice_ns 10000001\n",
	  "t.suite:7: 'service_ns' 10000001 is out of range (0..10000000)" },
	{ SIM_BASE "size 4K\nsim_hw hw\n",
	  "t.suite:7: bad sim_hw 'hw' (expected a non-zero hex mask like 0x1000)" },
	{ SIM_BASE "size 4K\nsim_hw 0x800\n",
	  "t.suite:7: bad sim_hw '0x800': page sizes below 4 KiB are not supported" },
	{ SIM_BASE "size 4K\nsim_hw 0x1000 0x200000\n",
	  "t.suite:7: bad sim_hw '0x200000': the simulated hardware writes 4 KiB entries at least (0x1000 must be set)" },
	{ SIM_BASE "size 4K\nmode strict\n",
	  "t.suite:7: 'mode' applies only to path dma, which the suite does not list" },
	{ SIM_BASE "size 4K\napi page\n",
	  "t.suite:7: 'api' applies only to path dma, which the suite does not list" },
	{ BASE "size 4K\nentry map\n",
	  "t.suite:7: 'entry' applies only to path sim, which the suite does not list" },
	{ BASE "size 4K\nsim_hw 0x1000\n",
	  "t.suite:7: 'sim_hw' applies only to path sim, which the suite does not list" },
	{ BASE "size 4K\nservice_ns 0\n",
	  "t.suite:7: 'service_ns' applies only to path sim, which the suite does not list" },
	{ DMA_BASE "size 4K\nfault none\n",
	  "t.suite:5: 'fault' applies only to path sim, which the suite does not list" },
	{ DMA_BASE "size 4K\nfault_ms 1\n",
	  "t.suite:5: 'fault_ms' applies only to path sim, which the suite does not list" },
	{ DMA_BASE "size 4K\nfault_ppm 1\n",
	  "t.suite:5: 'fault_ppm' applies only to path sim, which the suite does not list" },
	{ BASE "size 4K\npolicy amd\n",
	  "t.suite:7: 'policy' applies only to path sim, which the suite does not list" },
	{ BASE "size 4K\ndeadline_ms 5\n",
	  "t.suite:7: 'deadline_ms' applies only to path sim, which the suite does not list" },
	{ SIM_BASE "size 4K\npolicy\n",
	  "t.suite:7: empty value list for 'policy'" },
};

TEST(suite_malformed_files_give_file_line_message)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct suite_point *pts;
		struct suite s;
		size_t n = 0;

		pts = expand_text(bad[i].text, &n, &s);
		if (pts) {
			harness_fail(__FILE__, __LINE__, "case %zu parsed: %s", i,
				     bad[i].text);
			free(pts);
			continue;
		}
		if (strcmp(err, bad[i].msg))
			harness_fail(__FILE__, __LINE__,
				     "case %zu:\n    got      %s\n    expected %s",
				     i, err, bad[i].msg);
	}
}

TEST(suite_missing_file_names_it)
{
	struct suite s;

	CHECK(suite_parse_file("/nonexistent/x.suite", &s, err, sizeof(err)));
	CHECK_STREQ(err, "/nonexistent/x.suite: No such file or directory");
}
