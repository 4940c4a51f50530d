// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of dmabench.c: dma_map_benchmark's figures from our histograms,
 * against the tool's own arithmetic done sample by sample.
 */
#include <stdlib.h>

#include "dmabench.h"
#include "harness.h"
#include "hist.h"

static uint64_t hist[HIST_BUCKETS];

/* kernel/dma/map_benchmark.c, sample by sample, integer throughout. */
static uint64_t tool_stddev(const uint64_t *ns, size_t n)
{
	uint64_t sum = 0, sum_sq = 0, avg;

	for (size_t i = 0; i < n; i++) {
		uint64_t t = ns[i] / 100;

		sum += t;
		sum_sq += t * t;
	}
	avg = sum / n;
	return dmabench_int_sqrt(sum_sq / n - avg * avg);
}

static void fill(const uint64_t *ns, size_t n)
{
	memset(hist, 0, sizeof(hist));
	for (size_t i = 0; i < n; i++)
		hist[iommubench_hist_bucket(ns[i])]++;
}

TEST(dmabench_int_sqrt_is_floor_sqrt)
{
	for (uint64_t x = 0; x < 100000; x++) {
		uint64_t r = dmabench_int_sqrt(x);

		if (r * r > x || (r + 1) * (r + 1) <= x) {
			harness_fail(__FILE__, __LINE__, "int_sqrt(%llu) = %llu",
				     (unsigned long long)x, (unsigned long long)r);
			break;
		}
	}
	CHECK_EQ_U64(dmabench_int_sqrt(UINT64_MAX), 4294967295ULL);
	CHECK_EQ_U64(dmabench_int_sqrt(4294967296ULL * 4294967295ULL), 4294967295ULL);
	CHECK_EQ_U64(dmabench_int_sqrt(1ULL << 62), 1ULL << 31);
}

TEST(dmabench_stddev_exact_below_256ns)
{
	/* 1 ns buckets below 256 ns: the histogram loses nothing. */
	uint64_t ns[5000];

	srand(7);
	for (size_t i = 0; i < 5000; i++)
		ns[i] = (uint64_t)(rand() % 256);
	fill(ns, 5000);
	CHECK_EQ_U64(dmabench_stddev_100ns(hist), tool_stddev(ns, 5000));
	/* all below 100 ns: every truncated sample is 0 */
	for (size_t i = 0; i < 5000; i++)
		ns[i] = (uint64_t)(rand() % 100);
	fill(ns, 5000);
	CHECK_EQ_U64(dmabench_stddev_100ns(hist), 0);
}

TEST(dmabench_stddev_within_one_unit_above)
{
	/* wide spread, microseconds to milliseconds */
	static uint64_t ns[20000];

	srand(11);
	for (int round = 0; round < 5; round++) {
		uint64_t mine, tool;

		for (size_t i = 0; i < 20000; i++)
			ns[i] = 300 + (uint64_t)(rand() % (2000 << round)) +
				(i % 97 == 0 ? 200000 : 0);
		fill(ns, 20000);
		mine = dmabench_stddev_100ns(hist);
		tool = tool_stddev(ns, 20000);
		/* buckets are <= 1/128 wide: a stddev of t units moves < 1 % */
		CHECK(mine + 1 + tool / 100 >= tool && mine <= tool + 1 + tool / 100);
	}
	memset(hist, 0, sizeof(hist));
	CHECK_EQ_U64(dmabench_stddev_100ns(hist), 0);
}

TEST(dmabench_figures_and_the_tools_output_lines)
{
	struct dmabench_figures fig;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	memset(hist, 0, sizeof(hist));
	hist[iommubench_hist_bucket(1500)] = 1000;
	/* mean from the sums: 1549.9 ns -> 15 units -> "1.5" */
	dmabench_figures(1549900, 1000000, 1000, hist, hist, &fig);
	CHECK_EQ_U64(fig.avg_map_100ns, 15);
	CHECK_EQ_U64(fig.avg_unmap_100ns, 10);
	CHECK_EQ_U64(fig.map_stddev, 0);
	fig.map_stddev = 3;
	f = open_memstream(&buf, &len);
	CHECK(f != NULL);
	if (!f)
		return;
	dmabench_print(f, 2, 20, -1, 1, 4, &fig);
	fclose(f);
	CHECK_STREQ(buf,
		    "dma mapping benchmark: threads:2 seconds:20 node:-1 dir:TO_DEVICE granule: 4\n"
		    "average map latency(us):1.5 standard deviation:0.3\n"
		    "average unmap latency(us):1.0 standard deviation:0.0\n");
	free(buf);
	CHECK_STREQ(dmabench_dir_name(0), "BIDIRECTIONAL");
	CHECK_STREQ(dmabench_dir_name(2), "FROM_DEVICE");
	CHECK_STREQ(dmabench_dir_name(3), "?");
}

TEST(hist_stddev_of_midpoints)
{
	double sd = -1;

	memset(hist, 0, sizeof(hist));
	CHECK(!hist_stddev(hist, &sd));
	hist[100] = 1;
	hist[200] = 1;
	CHECK(hist_stddev(hist, &sd));
	CHECK_NEAR(sd, 50, 1e-9);
	memset(hist, 0, sizeof(hist));
	hist[iommubench_hist_bucket(5000)] = 10;
	CHECK(hist_stddev(hist, &sd));
	CHECK_NEAR(sd, 0, 1e-9);
}
