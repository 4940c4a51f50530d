/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare: two sides (a run each, or a group of runs: boots), benchmark by
 * benchmark and metric by metric: medians, change, the Hodges-Lehmann shift
 * with its interval, each side's spread, a Mann-Whitney p-value corrected
 * with Holm over every test of the comparison, the noise floor, the
 * minimum detectable effect and a verdict (docs/compare.md). Computes
 * only; cmd_compare.c prints.
 */
#ifndef IOMMUBENCH_COMPARE_H
#define IOMMUBENCH_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "metricset.h"
#include "runmodel.h"

enum cmp_verdict { CMP_SAME, CMP_WORSE, CMP_BETTER, CMP_NA, CMP_INCONCLUSIVE, CMP_NR };

struct cmp_opts {
	double threshold_pct;	/* |change| must exceed this (cmd_compare's default 1) */
	double alpha;		/* p must be below this (default 0.05) */
	const char *const *metrics;	/* NULL: metricset's whole table */
	size_t n_metrics;
	/* Only benchmarks for which this returns true (NULL: all); they alone form the family. */
	bool (*keep)(const char *bench, void *arg);
	void *keep_arg;
};

struct cmp_row {
	const char *bench;	/* the name, owned by run A */
	size_t reps_a, reps_b;	/* all repetitions, failed ones included */
	struct metric_def def;
	size_t n_a, n_b;	/* values used (no errors, no -1) */
	double med_a, med_b;
	double change_pct;	/* (B - A) / A * 100; +-inf when A = 0 != B */
	double p;		/* raw two-sided Mann-Whitney p; NAN when not tested */
	double p_adj;		/* Holm-adjusted over the comparison's tests; NAN when not tested */
	bool tested;		/* in the Holm family: p set, values not all equal */
	double hl_pct;		/* Hodges-Lehmann shift B - A, % of |median A| */
	double ci_lo_pct, ci_hi_pct;	/* its interval, same unit */
	double ci_level;	/* the interval's coverage (achieved) */
	double iqr_a_pct, iqr_b_pct;	/* IQR / |median| of each side's samples, % */
	double cv_a_pct, cv_b_pct;	/* sd / |mean| of each side's samples, % */
	double res_pct;		/* binned: 2 bucket widths at the larger median, % of |A|; else 0 */
	double noise_pct;	/* noise floor: max(iqr_a_pct, iqr_b_pct, res_pct) */
	double mde_pct;		/* minimum detectable effect, %; inf when none is */
	size_t need_per_side;	/* inconclusive: samples per side that could decide */
	enum cmp_verdict verdict;
	const char *why;	/* reason for n/a or inconclusive, else NULL */
	bool tail_needs_boots;	/* inconclusive only for cmp_result.tails_need_boots */
};

struct cmp_result {
	struct cmp_row *rows;	/* grouped by benchmark, in run A's order */
	size_t n_rows;
	const char **only_a, **only_b;	/* benchmark names in one run only */
	size_t n_only_a, n_only_b;
	size_t count[CMP_NR];	/* rows per verdict */
	size_t n_tests;		/* the Holm family: rows with tested set */
	bool boots;		/* samples are per-run medians (>= 2 runs a side) */
	/*
	 * Not boots, and a side timed in instruction time (clock icount): a
	 * percentile or maximum is then fixed by the boot (the phase of the
	 * timers against the op loop repeats exactly), so its repetitions do
	 * not sample it: such rows are inconclusive, needing boots.
	 */
	bool tails_need_boots;
	size_t runs_a, runs_b;	/* runs on each side */
};

/* 0, or -1 when memory runs out. */
int compare_runs(const struct run_model *a, const struct run_model *b,
		 const struct cmp_opts *o, struct cmp_result *res);

/*
 * Two sides of na and nb runs (a group each: boots of one configuration).
 * Benchmarks are run a[0]'s and b[0]'s. With na >= 2 and nb >= 2 a metric's
 * samples are the per-run medians (between-boot variance: res->boots),
 * otherwise all repetitions of the side's runs. 0, or -1 out of memory.
 */
int compare_groups(const struct run_model *a, size_t na,
		   const struct run_model *b, size_t nb,
		   const struct cmp_opts *o, struct cmp_result *res);
void compare_free(struct cmp_result *res);

/*
 * The figures and rule for one metric's values (sets every field but
 * bench, reps_*, def), as if it were the comparison's only test: p_adj = p.
 * compare_groups then applies Holm over all rows (compare_decide).
 */
void compare_values(const double *a, size_t na, const double *b, size_t nb,
		    const struct cmp_opts *o, struct cmp_row *row);

/*
 * The verdict of row given its p_adj and the family size n_tests:
 * worse/better when p_adj < alpha, |change| > max(threshold, noise floor)
 * and the interval excludes 0; inconclusive when n_tests * the smallest p
 * these sample sizes allow is >= alpha; else same. Sets mde_pct too.
 */
void compare_decide(struct cmp_row *row, size_t n_tests, const struct cmp_opts *o);

/*
 * A benchmark's verdict from its n rows: worse if any metric is worse, else
 * better if any is better, else inconclusive if any is (a tail that only
 * needs boots does not count), else same if any is same, else n/a.
 */
enum cmp_verdict compare_bench_verdict(const struct cmp_row *rows, size_t n);

/* Rows from rows[0] on that belong to rows[0]'s benchmark. */
size_t compare_bench_rows(const struct cmp_row *rows, size_t n);

/* "same", "worse", "better", "n/a", "inconclusive". */
const char *cmp_verdict_name(enum cmp_verdict v);

#endif
