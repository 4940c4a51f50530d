/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmabench: the figures of the kernel's dma_map_benchmark
 * (tools/testing/selftests/dma/dma_map_benchmark.c, kernel/dma/map_benchmark.c)
 * computed from one of our runs, and its exact output lines.
 *
 * The tool times each map and unmap with ktime_get(), truncates every
 * sample to 100 ns units (t = ns / 100), sums t and t^2 in shared atomics
 * and reports, in 100 ns units, integer arithmetic throughout:
 *   avg    = sum(t) / loops
 *   stddev = int_sqrt(sum(t^2) / loops - avg^2)
 * printed as microseconds with one decimal (value / 10.0).
 *
 * Ours: avg from the kernel's exact sums, floor(sum_ns / ops / 100) (the
 * tool's mean of truncated samples can be one unit lower); stddev from the
 * histogram with the tool's own formula, each bucket's samples taken at the
 * bucket's midpoint (exact below 256 ns, within 1/256 above): see
 * docs/dma-map-benchmark.md.
 */
#ifndef IOMMUBENCH_DMABENCH_H
#define IOMMUBENCH_DMABENCH_H

#include <stdint.h>
#include <stdio.h>

struct dmabench_figures {
	uint64_t avg_map_100ns;
	uint64_t map_stddev;		/* 100 ns units */
	uint64_t avg_unmap_100ns;
	uint64_t unmap_stddev;
};

/* floor(sqrt(x)), like the kernel's int_sqrt64(). */
uint64_t dmabench_int_sqrt(uint64_t x);

/* The tool's stddev (100 ns units) of a histogram of nanoseconds; 0 if empty. */
uint64_t dmabench_stddev_100ns(const uint64_t *hist);

/* All four figures of one run (ops > 0). */
void dmabench_figures(uint64_t map_ns, uint64_t unmap_ns, uint64_t ops,
		      const uint64_t *map_hist, const uint64_t *unmap_hist,
		      struct dmabench_figures *out);

/* "BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE" (the tool's names), or "?". */
const char *dmabench_dir_name(int dir);

/* The tool's three lines, byte for byte its printf formats. */
void dmabench_print(FILE *f, int threads, int seconds, int node, int dir,
		    int granule, const struct dmabench_figures *fig);

#endif
