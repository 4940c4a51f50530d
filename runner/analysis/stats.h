/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats: order statistics and the Mann-Whitney U test for comparing the
 * repetitions of two runs. Pure functions: no I/O, inputs never modified.
 * docs/compare.md has the definitions; the unit tests pin them to scipy.
 */
#ifndef IOMMUBENCH_STATS_H
#define IOMMUBENCH_STATS_H

#include <stddef.h>

/*
 * The p-th percentile (0 <= p <= 100) of v[0..n): linear interpolation
 * between the closest ranks, numpy's default ("linear"):
 * h = (n - 1) * p / 100, x[floor(h)] + (h - floor(h)) * (x[floor(h)+1] -
 * x[floor(h)]) over the sorted values. NAN when n == 0, p is out of range
 * or memory runs out.
 */
double stats_percentile(const double *v, size_t n, double p);

/*
 * The median of v[0..n): the middle value, or (a + b) / 2 of the two middle
 * ones (numpy.median; Google Benchmark's median aggregate; equal to
 * stats_percentile(v, n, 50) but for rounding). NAN when n == 0.
 */
double stats_median(const double *v, size_t n);

/*
 * A metric's aggregates, computed once for every reader (runmodel.c):
 * stats_median, min, max and the arithmetic mean of v[0..n); all NAN when
 * n == 0. 0, or -1 when memory runs out.
 */
int stats_summary(const double *v, size_t n, double *median, double *min,
		  double *max, double *mean);

double stats_min(const double *v, size_t n);	/* NAN when n == 0 */
double stats_max(const double *v, size_t n);	/* NAN when n == 0 */

struct stats_mwu {
	double u1;	/* U of x: pairs (x_i, y_j) with x_i > y_j, ties 1/2 */
	double p;	/* two-sided p-value */
	int exact;	/* 1: exact distribution; 0: normal approximation */
};

/*
 * Two-sided Mann-Whitney U test of x[0..n) against y[0..m), as
 * scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='auto')
 * in scipy 1.10: exact (U's distribution counted) when there are no ties
 * and n <= 8 or m <= 8; otherwise (both > 8, or ties) the normal
 * approximation with tie correction and continuity correction. 0, or -1 when n or m is 0 or
 * memory runs out.
 */
int stats_mannwhitney(const double *x, size_t n, const double *y, size_t m,
		      struct stats_mwu *res);

/*
 * The smallest p stats_mannwhitney() can return for sizes n and m (the
 * samples completely separated, no ties): below alpha or the test can
 * never find a difference. 1 when n or m is 0.
 */
double stats_mannwhitney_min_p(size_t n, size_t m);

/*
 * Spread: the interquartile range (stats_percentile 75 - 25, numpy
 * "linear") and the coefficient of variation, the sample standard deviation
 * (n - 1) over |mean|. NAN when n == 0 (IQR) or n < 2 or mean == 0 (CV).
 */
double stats_iqr(const double *v, size_t n);
double stats_cv(const double *v, size_t n);

/*
 * The Hodges-Lehmann estimate of the shift from x to y: the median of the
 * n * m differences y_j - x_i, with its distribution-free confidence
 * interval at level 1 - alpha from the Mann-Whitney distribution
 * (Hollander & Wolfe; R's wilcox.test(y, x, conf.int = TRUE)): with c the
 * largest count for which P(U <= c) < alpha / 2 (c >= 0), the interval is
 * [d_(c+1), d_(nm-c)] of the sorted differences. P(U <= c) is counted
 * exactly (no tie correction) when n < 50 and m < 50, else
 * c + 1 = round(nm / 2 - z_(1-alpha/2) sqrt(nm (n + m + 1) / 12)), at
 * least 1. 0, or -1 when n or m is 0 or memory runs out.
 */
struct stats_hl {
	double shift;		/* median of y_j - x_i */
	double lo, hi;		/* the interval */
	double level;		/* its coverage achieved: 1 - 2 P(U <= c) (exact), else 1 - alpha */
	int exact;
};
int stats_hodges_lehmann(const double *x, size_t n, const double *y, size_t m,
			 double alpha, struct stats_hl *res);

/*
 * Holm-Bonferroni: adjusted p-values adj[0..n) of p[0..n) (any order; NAN
 * entries are not tests: they stay NAN and do not count in n). adj_(i) =
 * max over j <= i of min(1, (k - j + 1) p_(j)) over the k sorted p-values.
 * Rejecting adj < alpha controls the family-wise error at alpha under any
 * dependence. 0, or -1 when memory runs out.
 */
int stats_holm(const double *p, size_t n, double *adj);

/*
 * The smallest number of samples per side (n = m) for which
 * stats_mannwhitney_min_p(n, n) < alpha: how many it takes before a test
 * at alpha can find anything. 0 when none up to 1000 does.
 */
size_t stats_mannwhitney_n_needed(double alpha);

/* z with P(Z >= z) = q for a standard normal Z, 0 < q < 1 (NAN otherwise). */
double stats_norm_isf(double q);

#endif
