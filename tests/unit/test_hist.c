// SPDX-License-Identifier: GPL-2.0
/* Tests of hist.c and the UAPI's bucket functions. */
#include <math.h>
#include <stdlib.h>

#include "harness.h"
#include "hist.h"

#define LAST (HIST_BUCKETS - 1)

static uint64_t counts[HIST_BUCKETS];

static void clear(void)
{
	memset(counts, 0, sizeof(counts));
}

static void add(uint64_t ns, uint64_t n)
{
	counts[iommubench_hist_bucket(ns)] += n;
}

TEST(hist_every_lower_bound_maps_back_to_its_bucket)
{
	for (uint32_t i = 0; i < HIST_BUCKETS; i++)
		if (iommubench_hist_bucket(hist_bucket_lower(i)) != i)
			harness_fail(__FILE__, __LINE__, "bucket %u: lower %llu maps to %u",
				     i, (unsigned long long)hist_bucket_lower(i),
				     iommubench_hist_bucket(hist_bucket_lower(i)));
}

TEST(hist_every_upper_bound_maps_back_to_its_bucket)
{
	for (uint32_t i = 0; i < LAST; i++)
		if (iommubench_hist_bucket(hist_bucket_upper(i)) != i)
			harness_fail(__FILE__, __LINE__, "bucket %u: upper %llu maps to %u",
				     i, (unsigned long long)hist_bucket_upper(i),
				     iommubench_hist_bucket(hist_bucket_upper(i)));
}

TEST(hist_bounds_are_strictly_increasing_and_contiguous)
{
	for (uint32_t i = 1; i < HIST_BUCKETS; i++) {
		if (hist_bucket_lower(i) <= hist_bucket_lower(i - 1))
			harness_fail(__FILE__, __LINE__, "lower(%u) <= lower(%u)", i, i - 1);
		if (hist_bucket_upper(i - 1) + 1 != hist_bucket_lower(i))
			harness_fail(__FILE__, __LINE__, "gap before bucket %u", i);
	}
}

TEST(hist_bucket_width_at_most_1_128_of_lower_bound_from_256)
{
	for (uint32_t i = 256; i < LAST; i++) {
		double lo = (double)hist_bucket_lower(i);
		double width = (double)(hist_bucket_upper(i) - hist_bucket_lower(i) + 1);

		if (width / lo > 1.0 / 128)
			harness_fail(__FILE__, __LINE__, "bucket %u: width %.0f lower %.0f",
				     i, width, lo);
	}
	/* Below 256 every bucket is exactly one nanosecond. */
	for (uint32_t i = 0; i < 256; i++)
		CHECK_EQ_U64(hist_bucket_upper(i), hist_bucket_lower(i));
}

TEST(hist_bucket_of_value_is_monotonic)
{
	uint32_t prev = 0;

	/* Dense below 64 Ki, then geometric steps up to 2^63. */
	for (uint64_t v = 0; v < 65536; v++) {
		uint32_t b = iommubench_hist_bucket(v);

		CHECK(b >= prev);
		prev = b;
	}
	for (uint64_t v = 65536; v < (1ULL << 63); v += v / 97 + 1) {
		uint32_t b = iommubench_hist_bucket(v);

		CHECK(b >= prev);
		prev = b;
	}
}

TEST(hist_covers_1ns_to_100s)
{
	CHECK_EQ(iommubench_hist_bucket(1), 1);
	CHECK(iommubench_hist_bucket(100ULL * 1000000000ULL) < LAST);
	CHECK_EQ(iommubench_hist_bucket(UINT64_MAX), LAST);
	/* The open last bucket starts about 274.9 s in. */
	CHECK(hist_bucket_lower(LAST) > 270ULL * 1000000000ULL);
}

TEST(hist_empty_has_no_percentile_or_max)
{
	double v = 42;

	clear();
	CHECK_EQ_U64(hist_total(counts), 0);
	CHECK(!hist_percentile(counts, 50, &v));
	CHECK(!hist_max(counts, &v));
	CHECK_NEAR(v, 42, 0);	/* untouched */
	CHECK_EQ_U64(hist_count_at_least(counts, 0), 0);
}

TEST(hist_exact_below_256)
{
	for (uint64_t x = 0; x < 256; x++) {
		double p50 = -1, p99 = -1, mx = -1;

		clear();
		add(x, 1000);
		CHECK(hist_percentile(counts, 50, &p50));
		CHECK(hist_percentile(counts, 99, &p99));
		CHECK(hist_max(counts, &mx));
		CHECK_NEAR(p50, (double)x, 0);
		CHECK_NEAR(p99, (double)x, 0);
		CHECK_NEAR(mx, (double)x, 0);
	}
}

TEST(hist_uniform_1_to_10000)
{
	double p0, p50, p99, p100, mx;

	clear();
	for (uint64_t v = 1; v <= 10000; v++)
		add(v, 1);
	CHECK_EQ_U64(hist_total(counts), 10000);
	CHECK(hist_percentile(counts, 50, &p50));
	CHECK(hist_percentile(counts, 99, &p99));
	CHECK(hist_percentile(counts, 0, &p0));
	CHECK(hist_percentile(counts, 100, &p100));
	CHECK(hist_max(counts, &mx));
	CHECK_NEAR(p50, 5000, 50);
	CHECK_NEAR(p99, 9900, 99);
	CHECK_NEAR(p0, 1, 0);		/* rank 1 is the minimum, exact */
	CHECK_NEAR(p100, 10000, 100);
	/* max is an upper bound, at most one bucket (1/128) above. */
	CHECK(mx >= 10000 && mx <= 10000 * (1 + 1.0 / 128));
}

TEST(hist_constant_value_all_percentiles_agree)
{
	const double x = 123456;
	const double ps[] = { 0, 50, 90, 99, 99.9, 99.99, 100 };
	double v, mx;

	clear();
	add((uint64_t)x, 777);
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		CHECK(hist_percentile(counts, ps[i], &v));
		CHECK_NEAR(v, x, x / 256);
	}
	CHECK(hist_max(counts, &mx));
	CHECK(mx >= x && mx <= x * (1 + 1.0 / 128));
}

TEST(hist_two_point_distribution_rank_rule)
{
	double p50, p98, p99, mx;

	/* 98 fast samples, 2 slow: p98 is the last fast one, p99 slow. */
	clear();
	add(100, 98);
	add(50000, 2);
	CHECK(hist_percentile(counts, 50, &p50));
	CHECK(hist_percentile(counts, 98, &p98));
	CHECK(hist_percentile(counts, 99, &p99));
	CHECK(hist_max(counts, &mx));
	CHECK_NEAR(p50, 100, 0);
	CHECK_NEAR(p98, 100, 0);
	CHECK_NEAR(p99, 50000, 50000.0 / 256);
	CHECK(mx >= 50000 && mx < 50000 * (1 + 1.0 / 128));
}

TEST(hist_p9999_rank_is_not_spoiled_by_float_rounding)
{
	double v;

	/* 99.99 % of 10000 is exactly the 9999th sample, the last fast one. */
	clear();
	add(100, 9999);
	add(1000000, 1);
	CHECK(hist_percentile(counts, 99.99, &v));
	CHECK_NEAR(v, 100, 0);
	CHECK(hist_percentile(counts, 99.995, &v));
	CHECK_NEAR(v, 1000000, 1000000.0 / 256);
}

TEST(hist_count_at_least_thresholds)
{
	clear();
	add(99000, 3);		/* below 100 us */
	add(101000, 2);		/* above 100 us */
	add(2000000, 1);	/* above 1 ms */
	CHECK_EQ_U64(hist_count_at_least(counts, 100000), 3);
	CHECK_EQ_U64(hist_count_at_least(counts, 1000000), 1);
	CHECK_EQ_U64(hist_count_at_least(counts, 10000000), 0);
	CHECK_EQ_U64(hist_count_at_least(counts, 0), 6);
}

TEST(hist_overflow_bucket_reports_its_lower_bound)
{
	double mx, p;

	clear();
	add(UINT64_MAX, 1);
	CHECK(hist_max(counts, &mx));
	CHECK(hist_percentile(counts, 50, &p));
	CHECK_NEAR(mx, (double)hist_bucket_lower(LAST), 0);
	CHECK_NEAR(p, (double)hist_bucket_lower(LAST), 0);
}

TEST(hist_resolution_is_the_bucket_width_at_the_value)
{
	/* 1 ns buckets below 256 ns. */
	CHECK_NEAR(hist_resolution_pct(100), 1.0, 1e-12);
	CHECK_NEAR(hist_resolution_pct(200.5), 100 / 200.5, 1e-12);
	CHECK_NEAR(hist_resolution_pct(0.5), 100, 0);
	CHECK(isnan(hist_resolution_pct(NAN)));
	CHECK(isnan(hist_resolution_pct(-1)));
	for (uint32_t i = 1; i + 1 < HIST_BUCKETS; i++) {
		uint64_t lo = hist_bucket_lower(i), w = hist_bucket_upper(i) - lo + 1;

		if (lo && fabs(hist_resolution_pct((double)lo) - (double)w / (double)lo * 100) > 1e-9)
			harness_fail(__FILE__, __LINE__, "bucket %u: resolution %g, width %llu at %llu", i,
			     hist_resolution_pct((double)lo), (unsigned long long)w,
			     (unsigned long long)lo);
		if (lo >= 256 && hist_resolution_pct((double)lo) > 100.0 / 128 + 1e-9)
			harness_fail(__FILE__, __LINE__, "bucket %u: resolution %g %% > 1/128", i,
			     hist_resolution_pct((double)lo));
	}
	/* The open-ended last bucket resolves nothing. */
	CHECK_NEAR(hist_resolution_pct((double)hist_bucket_lower(HIST_BUCKETS - 1) * 2), 100, 0);
}
