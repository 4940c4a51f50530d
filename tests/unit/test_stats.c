// SPDX-License-Identifier: GPL-2.0
/*
 * stats: percentiles and the Mann-Whitney U test against known values,
 * computed with numpy 1.24 / scipy 1.10.1 (Debian 12's python3-scipy):
 * np.percentile(v, p) and
 * scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto');
 * the Hodges-Lehmann intervals from scipy.stats._mannwhitneyu._mwu_state.cdf
 * (R's wilcox.test(y, x, conf.int = TRUE) rule) and norm.isf.
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

/* Samples both the U test and Hodges-Lehmann are checked on (against scipy and R). */
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

#define MWU(x, y, u, p, exact) check_mwu(x, N(x), y, N(y), u, p, exact, #x)

TEST(stats_mannwhitney_exact_branch)
{
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

TEST(stats_iqr_cv_and_norm_isf)
{
	static const double v[] = { 3.0, 1.0, 4.0, 1.5, 9.0, 2.6 };

	/* scipy.stats.iqr(v); np.std(v, ddof=1) / abs(np.mean(v)) */
	CHECK_NEAR(stats_iqr(v, N(v)), 1.975, 1e-12);
	CHECK_NEAR(stats_cv(v, N(v)), 0.8222714670019384, 1e-12);
	CHECK(isnan(stats_cv(v, 1)));
	CHECK_NEAR(stats_iqr(v, 1), 0, 0);
	CHECK_NEAR(stats_norm_isf(0.025), 1.9599639845400545, 1e-12);
	CHECK_NEAR(stats_norm_isf(0.2), 0.8416212335729142, 1e-12);
	CHECK_NEAR(stats_norm_isf(1e-6), 4.753424308822899, 1e-10);
	CHECK(isnan(stats_norm_isf(0)));
}

/* One reference case: shift, interval and achieved level. */
static void check_hl(const double *x, size_t n, const double *y, size_t m,
		     double shift, double lo, double hi, double level,
		     int exact, const char *what)
{
	struct stats_hl r;

	if (stats_hodges_lehmann(x, n, y, m, 0.05, &r)) {
		harness_fail(__FILE__, __LINE__, "%s: stats_hodges_lehmann failed", what);
		return;
	}
	if (fabs(r.shift - shift) > 1e-9 || fabs(r.lo - lo) > 1e-9 ||
	    fabs(r.hi - hi) > 1e-9 || fabs(r.level - level) > 1e-12 ||
	    r.exact != exact)
		harness_fail(__FILE__, __LINE__,
			     "%s: shift %.17g [%.17g, %.17g] level %.17g exact %d, want %.17g [%.17g, %.17g] %.17g %d",
			     what, r.shift, r.lo, r.hi, r.level, r.exact, shift,
			     lo, hi, level, exact);
}

#define HL(x, y, s, lo, hi, lev, ex) check_hl(x, N(x), y, N(y), s, lo, hi, lev, ex, #x)

TEST(stats_hodges_lehmann_like_r_and_scipy)
{
	/* np.round(default_rng(7).normal(100, 3, 60), 3) and (103, 3, 55) */
	static const double big_x[] = {
		100.004, 100.896, 99.178, 97.328, 98.636, 97.025, 100.18, 104.021,
		98.523, 98.139, 101.47, 101.071, 100.316, 97.209, 99.912, 102.086,
		95.967, 98.627, 94.296, 96.131, 94.475, 99.295, 96.198, 100.814,
		100.47, 99.439, 92.45, 98.384, 99.854, 100.34, 95.41, 98.567,
		97.064, 97.573, 103.183, 97.577, 99.902, 102.653, 98.249, 99.665,
		100.331, 100.191, 96.325, 100.228, 104.076, 95.359, 102.578,
		100.358, 98.076, 106.001, 102.287, 96.402, 100.224, 101.73, 99.434,
		102.049, 99.8, 102.002, 104.316, 97.973 };
	static const double big_y[] = {
		103.609, 101.61, 103.382, 99.438, 101.262, 102.411, 105.696,
		106.436, 99.029, 100.616, 104.941, 97.023, 101.61, 102.708, 106.771,
		105.068, 102.018, 101.894, 102.249, 107.571, 101.716, 102.089,
		104.058, 102.638, 102.408, 99.658, 102.965, 101.669, 106.498,
		104.959, 102.928, 105.005, 101.98, 106.156, 102.984, 104.75,
		99.127, 104.04, 97.935, 96.894, 102.087, 100.3, 103.492, 109.734,
		100.505, 101.128, 103.616, 104.479, 102.471, 102.382, 105.107,
		104.56, 99.899, 102.762, 103.106 };

	/* R: wilcox.test(6:10, 1:5, conf.int = TRUE): 5 [2, 8], 0.968 */
	HL(sep_x, sep_y, 5, 2, 8, 0.96825396825396826, 1);
	HL(mixed_x, mixed_y, 2.1, -1.6, 6.2, 0.96969696969696972, 1);
	HL(small_x, small_y, 2.45, -3, 5.8, 0.94285714285714284, 1);
	HL(e812_x, e812_y, 3.1, -0.2, 6, 0.95265539414146228, 1);
	HL(big_x, big_y, 3.3095, 2.413, 4.338, 0.95, 0);
}

TEST(stats_holm_and_samples_needed)
{
	static const double p[] = { 0.01, 0.04, 0.03, 0.005, NAN };
	double adj[N(p)];

	CHECK_EQ(stats_holm(p, N(p), adj), 0);
	/* sorted 0.005 0.01 0.03 0.04 (k = 4): 4p, 3p, 2p, p, running max */
	CHECK_NEAR(adj[3], 0.02, 1e-15);
	CHECK_NEAR(adj[0], 0.03, 1e-15);
	CHECK_NEAR(adj[2], 0.06, 1e-15);
	CHECK_NEAR(adj[1], 0.06, 1e-15);
	CHECK(isnan(adj[4]));
	CHECK_EQ(stats_holm(p, 0, adj), 0);
	/* min p(4, 4) = 0.0286, (5, 5) = 0.00794, (7, 7) = 0.000583 */
	CHECK_EQ(stats_mannwhitney_n_needed(0.05), 4);
	CHECK_EQ(stats_mannwhitney_n_needed(0.05 / 3), 5);
	CHECK_EQ(stats_mannwhitney_n_needed(0.05 / 16), 6);
	CHECK_EQ(stats_mannwhitney_n_needed(0.05 / 80), 7);
	CHECK_EQ(stats_mannwhitney_n_needed(0.05 / 100), 8);
}
