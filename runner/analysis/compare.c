// SPDX-License-Identifier: GPL-2.0
/* compare: per benchmark and metric verdicts over two sides; see compare.h. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "stats.h"

const char *cmp_verdict_name(enum cmp_verdict v)
{
	static const char *const names[CMP_NR] = {
		[CMP_SAME] = "same", [CMP_WORSE] = "worse",
		[CMP_BETTER] = "better", [CMP_NA] = "n/a",
		[CMP_INCONCLUSIVE] = "inconclusive",
	};

	return v < CMP_NR ? names[v] : "?";
}

/* x as % of |ref|; +-inf when ref = 0 != x. */
static double rel_pct(double x, double ref)
{
	if (isnan(x) || isnan(ref))
		return NAN;
	if (ref != 0)
		return x / fabs(ref) * 100;
	return x == 0 ? 0 : x > 0 ? INFINITY : -INFINITY;
}

/* The larger of two, ignoring NaN (both NaN: 0). */
static double max2(double x, double y)
{
	double r = fmax(x, y);

	return isnan(r) ? 0 : r;
}

static bool all_equal(const double *a, size_t na, const double *b, size_t nb)
{
	double v = na ? a[0] : b[0];

	for (size_t i = 0; i < na; i++)
		if (a[i] != v)
			return false;
	for (size_t i = 0; i < nb; i++)
		if (b[i] != v)
			return false;
	return true;
}

void compare_decide(struct cmp_row *row, size_t n_tests, const struct cmp_opts *o)
{
	double floor_pct, alpha1, z, sigma, bad;

	if (isnan(row->p))
		return;		/* n/a: nothing was tested */
	floor_pct = max2(o->threshold_pct, row->noise_pct);
	row->need_per_side = 0;
	row->why = NULL;
	row->verdict = CMP_SAME;
	/* The same value throughout both sides: identical, not a test. */
	if (!row->tested) {
		row->mde_pct = floor_pct;
		return;
	}
	if (!n_tests)
		n_tests = 1;
	alpha1 = o->alpha / (double)n_tests;
	/*
	 * Even the most extreme arrangement (the samples completely
	 * separated, the smallest p of all tests) would be adjusted to
	 * n_tests * min p: at or above alpha, these samples cannot decide.
	 */
	if (stats_mannwhitney_min_p(row->n_a, row->n_b) >= alpha1) {
		row->verdict = CMP_INCONCLUSIVE;
		row->need_per_side = stats_mannwhitney_n_needed(alpha1);
		row->mde_pct = INFINITY;
		row->why = "too few repetitions";
		return;
	}
	/*
	 * The shift a two-sided test at alpha / n_tests finds with 80 %
	 * power: (z_(alpha1/2) + z_0.2) * sigma * sqrt(1/n_a + 1/n_b), with
	 * sigma the pooled robust sd (IQR / 1.349) and the rank test's
	 * efficiency against the t-test, 3 / pi, as a factor sqrt(pi / 3).
	 */
	z = stats_norm_isf(alpha1 / 2) + stats_norm_isf(0.2);
	sigma = sqrt((row->iqr_a_pct * row->iqr_a_pct +
		      row->iqr_b_pct * row->iqr_b_pct) / 2) / 1.349;
	row->mde_pct = z * sigma * sqrt(1.0 / (double)row->n_a + 1.0 / (double)row->n_b) *
		       sqrt(M_PI / 3);
	if (!(row->mde_pct >= floor_pct))
		row->mde_pct = isnan(row->mde_pct) ? floor_pct : fmax(row->mde_pct, floor_pct);
	if (!(row->p_adj < o->alpha) || !(fabs(row->change_pct) > floor_pct) ||
	    !(row->ci_lo_pct > 0 || row->ci_hi_pct < 0))
		return;
	/* Positive bad: the change in the direction that hurts. */
	bad = row->def.higher_better ? -row->change_pct : row->change_pct;
	row->verdict = bad > 0 ? CMP_WORSE : CMP_BETTER;
}

void compare_values(const double *a, size_t na, const double *b, size_t nb,
		    const struct cmp_opts *o, struct cmp_row *row)
{
	struct stats_mwu mwu;
	struct stats_hl hl;

	row->n_a = na;
	row->n_b = nb;
	row->med_a = stats_median(a, na);
	row->med_b = stats_median(b, nb);
	row->p = row->p_adj = NAN;
	row->tested = false;
	row->why = NULL;
	row->hl_pct = row->ci_lo_pct = row->ci_hi_pct = row->ci_level = NAN;
	row->iqr_a_pct = rel_pct(stats_iqr(a, na), row->med_a);
	row->iqr_b_pct = rel_pct(stats_iqr(b, nb), row->med_b);
	row->cv_a_pct = stats_cv(a, na) * 100;
	row->cv_b_pct = stats_cv(b, nb) * 100;
	/*
	 * A percentile or maximum is a bucket of the log-linear histogram:
	 * a true shift of a hair can move it one bucket, so only a move of
	 * more than two buckets says the tail itself moved by one. Two of
	 * the wider side's buckets, in % of A like change_pct (none from 0:
	 * anything from exactly nothing is a change).
	 */
	row->res_pct = row->def.binned && row->med_a != 0 ?
		       rel_pct(2 * hist_width(fmax(fabs(row->med_a), fabs(row->med_b))),
			       row->med_a) : 0;
	row->noise_pct = max2(max2(row->iqr_a_pct, row->iqr_b_pct), row->res_pct);
	row->mde_pct = NAN;
	row->need_per_side = 0;
	row->change_pct = rel_pct(row->med_b - row->med_a, row->med_a);
	if (na < 2 || nb < 2) {
		row->verdict = CMP_NA;
		row->why = "too few repetitions";
		return;
	}
	if (stats_mannwhitney(a, na, b, nb, &mwu) ||
	    stats_hodges_lehmann(a, na, b, nb, o->alpha, &hl)) {
		row->verdict = CMP_NA;
		row->why = "out of memory";
		return;
	}
	row->p = row->p_adj = mwu.p;
	row->tested = !all_equal(a, na, b, nb);
	row->hl_pct = rel_pct(hl.shift, row->med_a);
	row->ci_lo_pct = rel_pct(hl.lo, row->med_a);
	row->ci_hi_pct = rel_pct(hl.hi, row->med_a);
	row->ci_level = hl.level;
	compare_decide(row, 1, o);
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

/* One side: its runs, and whether a sample is a run's median (boots). */
struct side {
	const struct run_model *runs;
	size_t n;
	bool boots;
};

/* Repetitions of the benchmark called name over the side's runs. */
static size_t side_reps(const struct side *s, const char *name, size_t *errors)
{
	size_t n = 0;

	*errors = 0;
	for (size_t r = 0; r < s->n; r++) {
		const struct rm_point *p = runmodel_point(&s->runs[r], name);

		if (p) {
			n += p->n_reps;
			*errors += runmodel_errors(p);
		}
	}
	return n;
}

/*
 * The samples of metric for benchmark name into out (room for the side's
 * repetitions + runs): each run's median (boots) or every repetition.
 */
static size_t side_values(const struct side *s, const char *name,
			  const char *metric, double *out, double *tmp)
{
	size_t n = 0;

	for (size_t r = 0; r < s->n; r++) {
		const struct rm_point *p = runmodel_point(&s->runs[r], name);
		size_t k;

		if (!p)
			continue;
		if (!s->boots) {
			n += runmodel_values(p, metric, out + n);
			continue;
		}
		k = runmodel_values(p, metric, tmp);
		if (k)
			out[n++] = stats_median(tmp, k);
	}
	return n;
}

/* The rows of one benchmark present on both sides. */
static int compare_bench(const char *name, const struct side *sa,
			 const struct side *sb, const struct cmp_opts *o,
			 struct cmp_result *res, size_t *cap)
{
	size_t nm = o->metrics ? o->n_metrics : metricset_n;
	size_t err_a, err_b, reps_a = side_reps(sa, name, &err_a);
	size_t reps_b = side_reps(sb, name, &err_b);
	double *va = malloc((reps_a + sa->n + 1) * sizeof(*va));
	double *vb = malloc((reps_b + sb->n + 1) * sizeof(*vb));
	double *tmp = malloc((reps_a + reps_b + 1) * sizeof(*tmp));
	struct cmp_row row;
	int rc = -1;

	if (!va || !vb || !tmp)
		goto out;
	memset(&row, 0, sizeof(row));
	row.bench = name;
	row.reps_a = reps_a;
	row.reps_b = reps_b;
	/* Nothing measured on one side: one n/a row, not a row per metric. */
	if (err_a == reps_a || err_b == reps_b) {
		metricset_get("time", &row.def);
		row.med_a = row.med_b = row.change_pct = row.p = NAN;
		row.p_adj = row.hl_pct = row.ci_lo_pct = row.ci_hi_pct = NAN;
		row.ci_level = row.iqr_a_pct = row.iqr_b_pct = NAN;
		row.cv_a_pct = row.cv_b_pct = row.noise_pct = row.mde_pct = NAN;
		row.res_pct = NAN;
		row.verdict = CMP_NA;
		row.why = err_a == reps_a ?
			  "no successful repetition in A" :
			  "no successful repetition in B";
		rc = add_row(res, cap, &row);
		goto out;
	}
	for (size_t i = 0; i < nm; i++) {
		const char *metric = o->metrics ? o->metrics[i] : metricset[i].name;
		size_t na, nb;

		na = side_values(sa, name, metric, va, tmp);
		nb = side_values(sb, name, metric, vb, tmp);
		/* Absent, or -1 (not applicable) throughout, on either side. */
		if (!na || !nb)
			continue;
		metricset_get(metric, &row.def);
		compare_values(va, na, vb, nb, o, &row);
		if (add_row(res, cap, &row))
			goto out;
	}
	rc = 0;
out:
	free(va);
	free(vb);
	free(tmp);
	return rc;
}

/* Holm over every tested row, then each row's verdict; recount. */
static int decide_all(struct cmp_result *res, const struct cmp_opts *o)
{
	double *p = malloc((res->n_rows + 1) * sizeof(*p));
	double *adj = malloc((res->n_rows + 1) * sizeof(*adj));

	if (!p || !adj) {
		free(p);
		free(adj);
		return -1;
	}
	res->n_tests = 0;
	for (size_t i = 0; i < res->n_rows; i++) {
		p[i] = res->rows[i].tested ? res->rows[i].p : NAN;
		res->n_tests += res->rows[i].tested;
	}
	if (stats_holm(p, res->n_rows, adj)) {
		free(p);
		free(adj);
		return -1;
	}
	memset(res->count, 0, sizeof(res->count));
	for (size_t i = 0; i < res->n_rows; i++) {
		struct cmp_row *r = &res->rows[i];

		if (r->tested)
			r->p_adj = adj[i];
		compare_decide(r, res->n_tests, o);
		if (res->tails_need_boots && r->def.binned && r->tested &&
		    r->verdict != CMP_NA) {
			r->verdict = CMP_INCONCLUSIVE;
			r->tail_needs_boots = true;
			r->why = "icount: a tail needs boots";
			r->need_per_side = stats_mannwhitney_n_needed(o->alpha /
								      (double)res->n_tests);
			r->mde_pct = INFINITY;
		}
		if (r->verdict == CMP_INCONCLUSIVE && res->boots)
			r->why = "too few boots";
		res->count[r->verdict]++;
	}
	free(p);
	free(adj);
	return 0;
}

int compare_groups(const struct run_model *a, size_t na,
		   const struct run_model *b, size_t nb,
		   const struct cmp_opts *o, struct cmp_result *res)
{
	bool boots = na >= 2 && nb >= 2;
	char clock[64];
	struct side sa = { a, na, boots }, sb = { b, nb, boots };
	size_t cap = 0;

	memset(res, 0, sizeof(*res));
	res->boots = boots;
	res->tails_need_boots = !boots && na && nb &&
		(!strncmp(runmodel_clock(&a[0], clock, sizeof(clock)), "icount", 6) ||
		 !strncmp(runmodel_clock(&b[0], clock, sizeof(clock)), "icount", 6));
	res->runs_a = na;
	res->runs_b = nb;
	if (!na || !nb)
		return -1;
	res->only_a = calloc(a[0].n_points + 1, sizeof(*res->only_a));
	res->only_b = calloc(b[0].n_points + 1, sizeof(*res->only_b));
	if (!res->only_a || !res->only_b)
		goto oom;
	for (size_t i = 0; i < a[0].n_points; i++) {
		const char *name = a[0].points[i].name;

		if (o->keep && !o->keep(name, o->keep_arg))
			continue;
		if (!runmodel_point(&b[0], name))
			res->only_a[res->n_only_a++] = name;
		else if (compare_bench(name, &sa, &sb, o, res, &cap))
			goto oom;
	}
	for (size_t i = 0; i < b[0].n_points; i++)
		if ((!o->keep || o->keep(b[0].points[i].name, o->keep_arg)) &&
		    !runmodel_point(&a[0], b[0].points[i].name))
			res->only_b[res->n_only_b++] = b[0].points[i].name;
	if (decide_all(res, o))
		goto oom;
	return 0;
oom:
	compare_free(res);
	return -1;
}

int compare_runs(const struct run_model *a, const struct run_model *b,
		 const struct cmp_opts *o, struct cmp_result *res)
{
	return compare_groups(a, 1, b, 1, o, res);
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
		CMP_WORSE, CMP_BETTER, CMP_INCONCLUSIVE, CMP_SAME,
	};

	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++)
		for (size_t i = 0; i < n; i++)
			if (rows[i].verdict == order[k] && !rows[i].tail_needs_boots)
				return order[k];
	for (size_t i = 0; i < n; i++)
		if (rows[i].tail_needs_boots)
			return CMP_INCONCLUSIVE;	/* nothing but such tails */
	return CMP_NA;
}

size_t compare_bench_rows(const struct cmp_row *rows, size_t n)
{
	size_t k = 0;

	while (k < n && rows[k].bench == rows[0].bench)
		k++;
	return k;
}
