// SPDX-License-Identifier: GPL-2.0
/* compare: per benchmark and metric verdicts over two runs; see compare.h. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

const char *cmp_verdict_name(enum cmp_verdict v)
{
	static const char *const names[CMP_NR] = {
		[CMP_SAME] = "same", [CMP_WORSE] = "worse",
		[CMP_BETTER] = "better", [CMP_NA] = "n/a",
	};

	return v < CMP_NR ? names[v] : "?";
}

void compare_values(const double *a, size_t na, const double *b, size_t nb,
		    const struct cmp_opts *o, struct cmp_row *row)
{
	struct stats_mwu mwu;
	double bad;

	row->n_a = na;
	row->n_b = nb;
	row->med_a = stats_median(a, na);
	row->med_b = stats_median(b, nb);
	row->p = NAN;
	row->why = NULL;
	if (row->med_a != 0)
		row->change_pct = (row->med_b - row->med_a) / fabs(row->med_a) * 100;
	else if (row->med_b == 0)
		row->change_pct = 0;
	else
		row->change_pct = row->med_b > 0 ? INFINITY : -INFINITY;
	/* Too few repetitions can never reach alpha: say so, not "same". */
	if (na < 2 || nb < 2 || stats_mannwhitney_min_p(na, nb) >= o->alpha) {
		row->verdict = CMP_NA;
		row->why = "too few repetitions";
		return;
	}
	if (stats_mannwhitney(a, na, b, nb, &mwu)) {
		row->verdict = CMP_NA;
		row->why = "out of memory";
		return;
	}
	row->p = mwu.p;
	row->verdict = CMP_SAME;
	if (!(mwu.p < o->alpha) || !(fabs(row->change_pct) > o->threshold_pct))
		return;
	/* Positive bad: the change in the direction that hurts. */
	bad = row->def.higher_better ? -row->change_pct : row->change_pct;
	row->verdict = bad > 0 ? CMP_WORSE : CMP_BETTER;
}

static int add_row(struct cmp_result *res, size_t *cap, struct cmp_row *row)
{
	if (res->n_rows == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct cmp_row *r = realloc(res->rows, n * sizeof(*r));

		if (!r)
			return -1;
		res->rows = r;
		*cap = n;
	}
	res->rows[res->n_rows++] = *row;
	res->count[row->verdict]++;
	return 0;
}

/* The rows of one benchmark present in both runs. */
static int compare_bench(const struct rm_point *ba, const struct rm_point *bb,
			 const struct cmp_opts *o, struct cmp_result *res,
			 size_t *cap)
{
	size_t nm = o->metrics ? o->n_metrics : metricset_n;
	double *va = malloc((ba->n_reps + 1) * sizeof(*va));
	double *vb = malloc((bb->n_reps + 1) * sizeof(*vb));
	struct cmp_row row;
	int rc = -1;

	if (!va || !vb)
		goto out;
	memset(&row, 0, sizeof(row));
	row.bench = ba->name;
	row.reps_a = ba->n_reps;
	row.reps_b = bb->n_reps;
	/* Nothing measured on one side: one n/a row, not a row per metric. */
	if (runmodel_errors(ba) == ba->n_reps || runmodel_errors(bb) == bb->n_reps) {
		metricset_get("time", &row.def);
		row.med_a = row.med_b = row.change_pct = row.p = NAN;
		row.verdict = CMP_NA;
		row.why = runmodel_errors(ba) == ba->n_reps ?
			  "no successful repetition in A" :
			  "no successful repetition in B";
		rc = add_row(res, cap, &row);
		goto out;
	}
	for (size_t i = 0; i < nm; i++) {
		const char *name = o->metrics ? o->metrics[i] : metricset[i].name;
		size_t na, nb;

		na = runmodel_values(ba, name, va);
		nb = runmodel_values(bb, name, vb);
		/* Absent, or -1 (not applicable) throughout, in either run. */
		if (!na || !nb)
			continue;
		metricset_get(name, &row.def);
		compare_values(va, na, vb, nb, o, &row);
		if (add_row(res, cap, &row))
			goto out;
	}
	rc = 0;
out:
	free(va);
	free(vb);
	return rc;
}

int compare_runs(const struct run_model *a, const struct run_model *b,
		 const struct cmp_opts *o, struct cmp_result *res)
{
	size_t cap = 0;

	memset(res, 0, sizeof(*res));
	res->only_a = calloc(a->n_points + 1, sizeof(*res->only_a));
	res->only_b = calloc(b->n_points + 1, sizeof(*res->only_b));
	if (!res->only_a || !res->only_b)
		goto oom;
	for (size_t i = 0; i < a->n_points; i++) {
		const struct rm_point *bb = runmodel_point(b, a->points[i].name);

		if (!bb)
			res->only_a[res->n_only_a++] = a->points[i].name;
		else if (compare_bench(&a->points[i], bb, o, res, &cap))
			goto oom;
	}
	for (size_t i = 0; i < b->n_points; i++)
		if (!runmodel_point(a, b->points[i].name))
			res->only_b[res->n_only_b++] = b->points[i].name;
	return 0;
oom:
	compare_free(res);
	return -1;
}

void compare_free(struct cmp_result *res)
{
	free(res->rows);
	free(res->only_a);
	free(res->only_b);
	memset(res, 0, sizeof(*res));
}

enum cmp_verdict compare_bench_verdict(const struct cmp_row *rows, size_t n)
{
	static const enum cmp_verdict order[] = {
		CMP_WORSE, CMP_BETTER, CMP_SAME,
	};

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (size_t i = 0; i < n; i++)
			if (rows[i].verdict == order[k])
				return order[k];
	return CMP_NA;
}

size_t compare_bench_rows(const struct cmp_row *rows, size_t n)
{
	size_t k = 0;

	while (k < n && rows[k].bench == rows[0].bench)
		k++;
	return k;
}
