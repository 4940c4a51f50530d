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

#endif
