// SPDX-License-Identifier: GPL-2.0
/* hist: percentiles and bounds from kernel histograms; see hist.h. */
#include "hist.h"

#include <math.h>

#define LAST_BUCKET (HIST_BUCKETS - 1)

uint64_t hist_bucket_lower(uint32_t idx)
{
	return iommubench_hist_lower(idx);
}

uint64_t hist_bucket_upper(uint32_t idx)
{
	/* The last bucket is open-ended; its lower bound is all we know. */
	if (idx >= LAST_BUCKET)
		return iommubench_hist_lower(LAST_BUCKET);
	return iommubench_hist_lower(idx + 1) - 1;
}

double hist_width(double ns)
{
	uint32_t idx;

	if (isnan(ns) || ns < 0)
		return NAN;
	if (ns >= (double)hist_bucket_lower(LAST_BUCKET))
		return INFINITY;	/* open-ended: no resolution at all */
	idx = iommubench_hist_bucket((uint64_t)ns);
	return (double)(hist_bucket_upper(idx) - hist_bucket_lower(idx) + 1);
}

double hist_resolution_pct(double ns)
{
	double w = hist_width(ns);

	if (isnan(w))
		return NAN;
	if (ns < 1 || isinf(w))
		return 100;
	return w / ns * 100;
}

double hist_bucket_mid(uint32_t idx)
{
	uint64_t lo = hist_bucket_lower(idx);

	return (double)lo + (double)(hist_bucket_upper(idx) - lo) / 2.0;
}

uint64_t hist_total(const uint64_t *counts)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < HIST_BUCKETS; i++)
		n += counts[i];
	return n;
}

bool hist_percentile(const uint64_t *counts, double p, double *out)
{
	uint64_t n = hist_total(counts), rank, seen = 0, ppm;
	long long q;

	if (!n)
		return false;
	/* Integer rank in ppm: 99.99 must not become 99.990000001. */
	q = llround(p * 10000.0);
	ppm = q < 0 ? 0 : q > 1000000 ? 1000000 : (uint64_t)q;
	/* rank = ceil(n * ppm / 1e6) without overflowing 64 bits. */
	rank = n / 1000000 * ppm + (n % 1000000 * ppm + 999999) / 1000000;
	if (rank < 1)
		rank = 1;
	for (uint32_t i = 0; i < HIST_BUCKETS; i++) {
		seen += counts[i];
		if (seen >= rank) {
			*out = hist_bucket_mid(i);
			return true;
		}
	}
	return false;	/* unreachable: seen reaches n */
}

bool hist_max(const uint64_t *counts, double *out)
{
	for (uint32_t i = HIST_BUCKETS; i-- > 0;) {
		if (counts[i]) {
			*out = (double)hist_bucket_upper(i);
			return true;
		}
	}
	return false;
}

uint64_t hist_count_at_least(const uint64_t *counts, uint64_t ns)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < HIST_BUCKETS; i++)
		if (hist_bucket_lower(i) >= ns)
			n += counts[i];
	return n;
}

bool hist_stddev(const uint64_t *counts, double *out)
{
	long double n = 0, sum = 0, sum_sq = 0, mean, var;

	for (uint32_t i = 0; i < HIST_BUCKETS; i++) {
		long double v, c;

		if (!counts[i])
			continue;
		v = hist_bucket_mid(i);
		c = (long double)counts[i];
		n += c;
		sum += v * c;
		sum_sq += v * v * c;
	}
	if (n == 0)
		return false;
	mean = sum / n;
	var = sum_sq / n - mean * mean;
	*out = var > 0 ? (double)sqrtl(var) : 0.0;
	return true;
}
