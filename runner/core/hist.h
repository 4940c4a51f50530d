/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hist: summaries of the kernel's log-linear histograms (kmod/uapi).
 *
 * A histogram is IOMMUBENCH_HIST_BUCKETS counters; bucket i holds values
 * in [iommubench_hist_lower(i), iommubench_hist_lower(i+1)). Buckets below
 * 256 ns are 1 ns wide, so everything here is exact there; above, a bucket
 * is at most 1/128 of its lower bound wide.
 *
 * Definitions (docs/runner.md repeats them):
 *  - p-th percentile: the bucket holding the k-th smallest sample,
 *    k = ceil(p/100 * N) (k >= 1), reported as the bucket's midpoint
 *    lower + (width - 1) / 2 (relative error <= 1/256);
 *  - max: the inclusive upper end of the highest non-empty bucket, i.e. an
 *    upper bound of the true maximum (relative error <= 1/128);
 *  - the last bucket (>= ~274.9 s) is open-ended: it reports its lower bound.
 */
#ifndef IOMMUBENCH_HIST_H
#define IOMMUBENCH_HIST_H

#include <stdbool.h>
#include <stdint.h>

#include "iommubench.h"

#define HIST_BUCKETS IOMMUBENCH_HIST_BUCKETS

/* Bucket geometry. */
uint64_t hist_bucket_lower(uint32_t idx);
uint64_t hist_bucket_upper(uint32_t idx);	/* inclusive */
double hist_bucket_mid(uint32_t idx);

/* Number of samples. */
uint64_t hist_total(const uint64_t *counts);

/*
 * p-th percentile (0 <= p <= 100, resolved to 1 ppm). Returns false and
 * leaves *out alone if the histogram is empty.
 */
bool hist_percentile(const uint64_t *counts, double p, double *out);

/*
 * The width in ns of the bucket that holds value ns: how far apart two
 * neighbouring reported percentiles are there (1 below 256 ns; the open
 * last bucket: INFINITY). NAN for a NaN or negative ns. hist_resolution_pct
 * is the same as % of ns (100 for ns < 1).
 */
double hist_width(double ns);
double hist_resolution_pct(double ns);

/* Upper bound of the largest sample; false if empty. */
bool hist_max(const uint64_t *counts, double *out);

/*
 * Samples certainly >= ns: those in buckets whose lower bound is >= ns.
 * Undercounts by at most the samples of the one bucket straddling ns.
 */
uint64_t hist_count_at_least(const uint64_t *counts, uint64_t ns);

/*
 * Standard deviation (population, like dma_map_benchmark's) of the samples,
 * each taken at its bucket's midpoint. false if empty.
 */
bool hist_stddev(const uint64_t *counts, double *out);

#endif
