// SPDX-License-Identifier: GPL-2.0
/*
 * stats: percentiles and the Mann-Whitney U test against known values,
 * computed with numpy 1.24 / scipy 1.10.1 (Debian 12's python3-scipy):
 * np.percentile(v, p) and
 * scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto').
 */
#include <math.h>

#include "harness.h"
#include "stats.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

TEST(stats_percentile_linear_like_numpy)
{
	static const double v[] = { 3.0, 1.0, 4.0, 1.5, 9.0, 2.6 };
	static const double odd[] = { 5, 1, 4, 2, 3 };

	CHECK_NEAR(stats_percentile(v, N(v), 0), 1.0, 1e-12);
	CHECK_NEAR(stats_percentile(v, N(v), 10), 1.25, 1e-12);
	CHECK_NEAR(stats_percentile(v, N(v), 25), 1.775, 1e-12);
	CHECK_NEAR(stats_percentile(v, N(v), 50), 2.8, 1e-12);
	CHECK_NEAR(stats_percentile(v, N(v), 90), 6.5, 1e-12);
	CHECK_NEAR(stats_percentile(v, N(v), 99), 8.75, 1e-12);
	CHECK_NEAR(stats_percentile(v, N(v), 100), 9.0, 1e-12);
	CHECK_NEAR(stats_median(odd, N(odd)), 3.0, 1e-12);
	CHECK_NEAR(stats_median(v, 1), 3.0, 1e-12);
	CHECK(isnan(stats_median(v, 0)));
	CHECK(isnan(stats_percentile(v, N(v), 101)));
	CHECK(isnan(stats_percentile(v, N(v), -1)));
	/* The input is not sorted in place. */
	CHECK_NEAR(v[0], 3.0, 0);
	CHECK_NEAR(stats_min(v, N(v)), 1.0, 0);
	CHECK_NEAR(stats_max(v, N(v)), 9.0, 0);
	CHECK(isnan(stats_min(v, 0)));
}

TEST(stats_median_and_summary)
{
	static const double v[] = { 3.0, 1.0, 4.0, 1.5, 9.0, 2.6 };
	/* (a + b) / 2 exactly, as numpy.median and Google Benchmark: not a + (b - a) / 2 */
	static const double w[] = { 0.1, 0.7 };
	double med, lo, hi, mean;

	CHECK_NEAR(stats_median(v, N(v)), 2.8, 1e-12);
	CHECK(stats_median(w, 2) == (0.1 + 0.7) / 2);
	CHECK_EQ(stats_summary(v, N(v), &med, &lo, &hi, &mean), 0);
	CHECK(med == stats_median(v, N(v)));
	CHECK_NEAR(lo, 1.0, 0);
	CHECK_NEAR(hi, 9.0, 0);
	CHECK_NEAR(mean, 21.1 / 6, 1e-12);
	CHECK_EQ(stats_summary(v, 0, &med, &lo, &hi, &mean), 0);
	CHECK(isnan(med) && isnan(lo) && isnan(hi) && isnan(mean));
}

/* One scipy case: x, y, U of x, p, and which branch scipy took. */
static void check_mwu(const double *x, size_t n, const double *y, size_t m,
		      double u1, double p, int exact, const char *what)
{
	struct stats_mwu r;

	if (stats_mannwhitney(x, n, y, m, &r)) {
		harness_fail(__FILE__, __LINE__, "%s: stats_mannwhitney failed", what);
		return;
	}
	if (fabs(r.u1 - u1) > 1e-9 || fabs(r.p - p) > 1e-9 * p + 1e-15 ||
	    r.exact != exact)
		harness_fail(__FILE__, __LINE__,
			     "%s: U %.17g p %.17g exact %d, want U %.17g p %.17g exact %d",
			     what, r.u1, r.p, r.exact, u1, p, exact);
}

#define MWU(x, y, u, p, exact) check_mwu(x, N(x), y, N(y), u, p, exact, #x)

TEST(stats_mannwhitney_exact_branch)
{
	static const double sep_x[] = { 1, 2, 3, 4, 5 };
	static const double sep_y[] = { 6, 7, 8, 9, 10 };
	static const double mixed_x[] = { 1.5, 3.2, 4.8, 7.1, 2.2 };
	static const double mixed_y[] = { 2.9, 5.5, 6.1, 8.4, 9.0, 3.9 };
	static const double small_x[] = { 10.0, 12.5, 11.1 };
	static const double small_y[] = { 13.0, 9.5, 14.2, 15.8 };
	/* One side <= 8 is enough for scipy 1.10's exact branch. */
	static const double e812_x[] = { 0.8, 1.9, 2.4, 3.3, 4.1, 5.2, 6.0, 7.7 };
	static const double e812_y[] = { 2.1, 3.9, 4.4, 5.8, 6.6, 7.2, 8.5,
					 9.1, 9.9, 10.5, 1.1, 12.0 };

	MWU(sep_x, sep_y, 0.0, 0.007936507936507936, 1);
	MWU(sep_y, sep_x, 25.0, 0.007936507936507936, 1);
	MWU(mixed_x, mixed_y, 7.0, 0.17748917748917747, 1);
	MWU(small_x, small_y, 3.0, 0.4, 1);
	MWU(e812_x, e812_y, 24.0, 0.06909581646423751, 1);
}

TEST(stats_mannwhitney_normal_branch_and_ties)
{
	static const double big_x[] = { 0.8, 1.9, 2.4, 3.3, 4.1, 5.2, 6.0, 7.7, 9.3 };
	static const double big_y[] = { 2.1, 3.9, 4.4, 5.8, 6.6, 7.2, 8.5, 9.1,
					9.9, 10.5, 1.1 };
	static const double ties_x[] = { 1, 2, 2, 3, 4 };
	static const double ties_y[] = { 2, 3, 3, 5, 6 };
	static const double tbig_x[] = { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 };
	static const double tbig_y[] = { 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8 };
	static const double eq_x[] = { 5, 5, 5 };
	static const double eq_y[] = { 5, 5, 5, 5 };

	MWU(big_x, big_y, 33.0, 0.22414515405220226, 0);
	MWU(ties_x, ties_y, 6.0, 0.19882894401644247, 0);
	MWU(tbig_x, tbig_y, 18.0, 0.009346741618421176, 0);
	MWU(eq_x, eq_y, 6.0, 1.0, 0);
}

TEST(stats_mannwhitney_min_p)
{
	CHECK_NEAR(stats_mannwhitney_min_p(2, 2), 0.3333333333333333, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(3, 3), 0.1, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(3, 4), 0.05714285714285714, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(4, 4), 0.02857142857142857, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(5, 5), 0.007936507936507936, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(7, 7), 0.0005827505827505828, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(8, 8), 0.0001554001554001554, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(3, 12), 0.004395604395604396, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(9, 9), 0.00041229480206169127, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(10, 12), 8.733926588357827e-05, 1e-12);
	CHECK_NEAR(stats_mannwhitney_min_p(0, 5), 1.0, 0);
	CHECK_NEAR(stats_mannwhitney_min_p(1, 1), 1.0, 0);
}
