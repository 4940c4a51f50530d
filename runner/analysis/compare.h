/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare: two runs' repetitions, benchmark by benchmark and metric by
 * metric: medians, change and a Mann-Whitney verdict (docs/compare.md).
 * Computes only; cmd_compare.c prints.
 */
#ifndef IOMMUBENCH_COMPARE_H
#define IOMMUBENCH_COMPARE_H

#include <stddef.h>

#include "metricset.h"
#include "runmodel.h"

enum cmp_verdict { CMP_SAME, CMP_WORSE, CMP_BETTER, CMP_NA, CMP_NR };

struct cmp_opts {
	double threshold_pct;	/* |change| must exceed this (default 5) */
	double alpha;		/* p must be below this (default 0.05) */
	const char *const *metrics;	/* NULL: metricset's whole table */
	size_t n_metrics;
};

struct cmp_row {
	const char *bench;	/* the name, owned by run A */
	size_t reps_a, reps_b;	/* all repetitions, failed ones included */
	struct metric_def def;
	size_t n_a, n_b;	/* values used (no errors, no -1) */
	double med_a, med_b;
	double change_pct;	/* (B - A) / A * 100; +-inf when A = 0 != B */
	double p;		/* NAN when not tested */
	enum cmp_verdict verdict;
	const char *why;	/* reason for n/a, else NULL */
};

struct cmp_result {
	struct cmp_row *rows;	/* grouped by benchmark, in run A's order */
	size_t n_rows;
	const char **only_a, **only_b;	/* benchmark names in one run only */
	size_t n_only_a, n_only_b;
	size_t count[CMP_NR];	/* rows per verdict */
};

/* 0, or -1 when memory runs out. */
int compare_runs(const struct run_model *a, const struct run_model *b,
		 const struct cmp_opts *o, struct cmp_result *res);
void compare_free(struct cmp_result *res);

/* The rule for one metric's values (sets every field but bench, reps_*, def). */
void compare_values(const double *a, size_t na, const double *b, size_t nb,
		    const struct cmp_opts *o, struct cmp_row *row);

/*
 * A benchmark's verdict from its n rows: worse if any metric is worse, else
 * better if any is better, else same if any is same, else n/a.
 */
enum cmp_verdict compare_bench_verdict(const struct cmp_row *rows, size_t n);

/* Rows from rows[0] on that belong to rows[0]'s benchmark. */
size_t compare_bench_rows(const struct cmp_row *rows, size_t n);

/* "same", "worse", "better", "n/a". */
const char *cmp_verdict_name(enum cmp_verdict v);

#endif
