// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_compare: `iommubench compare A B`: which metrics of which
 * benchmarks got significantly worse or better from side A to side B (a
 * side: a run, several runs, or a group of boots).
 * The rule is in compare.c; this file does options and output.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "compare.h"
#include "exitcodes.h"
#include "parse_num.h"
#include "runmodel.h"

#define MAX_METRICS 64

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench compare [options] RUN_A RUN_B\n"
"\n"
"Compare side B against side A (the baseline), benchmark by benchmark. A side\n"
"(RUN_A, RUN_B) is a run (a run directory, a benchmarks.json, or a run id\n"
"under --results), several runs separated by commas (r1,r2,r3: boots of one\n"
"configuration), or\n"
"a group id (meta.json \"group\", make bench ROUNDS=N). With >= 2 runs on\n"
"both sides the samples are the per-run medians (between-boot variance,\n"
"\"samples: boots\"), otherwise the repetitions. For each benchmark on both\n"
"sides and each metric: median A, median B, change (B-A)/A, the two-sided\n"
"Mann-Whitney U p-value, raw and Holm-adjusted over every test of the\n"
"comparison, the Hodges-Lehmann shift with its interval (1 - alpha), each\n"
"side's spread (IQR/median, CV), the noise floor (the larger IQR/median), the\n"
"minimum detectable effect (MDE) and a verdict: worse/better when the Holm p\n"
"< alpha, |change| > max(threshold, noise floor) and the interval excludes 0\n"
"(under clock icount with one run a side, percentiles and maxima are\n"
"inconclusive: a boot fixes its tail, the samples must be boots)\n"
"(ops_per_s: higher is better; every other metric: lower); inconclusive when\n"
"these samples could not reach alpha even completely separated (with the\n"
"samples per side that could); same otherwise; n/a when untestable. Metrics:\n"
"time (ns per op), ops_per_s, map_p99_ns, unmap_p99_ns, op_p99_ns,\n"
"inval_per_op, inval_wait_max_ns, inval_wait_per_op_ns, timer_late_max_ns,\n"
"timer_late_p99_ns, fq_flush_max_ns; one absent or -1 (not applicable) on\n"
"either side is left out.\n"
"\n"
"  --threshold PCT            smallest |change| that counts, %% (default 1)\n"

"  --alpha A                  family-wise significance level, 0 < A < 1\n"
"                             (default 0.05)\n"
"  --metric NAME              only this metric (repeatable; any counter name)\n"
"  --filter REGEX             only benchmarks whose name matches (POSIX\n"
"                             extended): fewer tests, fewer samples needed\n"
"  --allow-platform-mismatch  compare runs from different platforms\n"
"  --allow-clock-mismatch     compare runs timed with different clocks\n"
"                             (context \"clock\": wall, icount; none = wall)\n"
"  --format text|json         output (default text)\n"
"  --results DIR              where run ids and groups are looked up\n"
"                             (default results)\n"
"  -h, --help                 this help\n"
"\n"
"docs/compare.md has the exact definitions, docs/methodology.md the reasons.\n"
"Exit status: 0 no metric significantly worse, 1 at least one worse, 2 usage\n"
"or platforms or clocks differ, 4 a run could not be read or is malformed.\n");
}

/* A number for text output: short, aligned by the caller. */
static void fmt_num(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.4g", v);
}

static void fmt_change(char *buf, size_t len, double c)
{
	if (isnan(c))
		snprintf(buf, len, "-");
	else if (isinf(c))
		snprintf(buf, len, "%sinf%%", c > 0 ? "+" : "-");
	else
		snprintf(buf, len, "%+.1f%%", c);
}

static void fmt_pct(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (isinf(v))
		snprintf(buf, len, "%sinf", v > 0 ? "" : "-");
	else if (fabs(v) >= 10)
		snprintf(buf, len, "%.0f%%", v);
	else
		snprintf(buf, len, "%.2g%%", v);
}

static void fmt_interval(char *buf, size_t len, const struct cmp_row *r)
{
	if (isnan(r->hl_pct))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%+.2f%% [%+.2f, %+.2f]", r->hl_pct,
			 r->ci_lo_pct, r->ci_hi_pct);
}

static void print_side(const char *tag, const struct run_model *rf, size_t n)
{
	const char *k = runmodel_context(&rf[0], "kernel_release");
	const char *s = runmodel_context(&rf[0], "suite");
	const char *g = runmodel_group(&rf[0], NULL);
	char clock[64];

	if (n == 1) {
		printf("%s: %s\n", tag, rf[0].id);
	} else {
		printf("%s: %s%s%s%zu runs:", tag, g ? "group " : "", g ? g : "", g ? ", " : "", n);
		for (size_t i = 0; i < n; i++)
			printf(" %s", rf[i].id);
		printf("\n");
	}
	printf("   kernel %s, platform %s, clock %s, suite %s, %zu benchmarks (%s)\n",
	       k ? k : "unknown", rf[0].platform,
	       runmodel_clock(&rf[0], clock, sizeof(clock)), s ? s : "unknown",
	       rf[0].n_points, rf[0].json_path);
}

static void print_text(const struct run_model *a, size_t na,
		       const struct run_model *b, size_t nb,
		       const struct cmp_opts *o, const struct cmp_result *res)
{
	size_t nbv[CMP_NR] = { 0 };
	const char *cur = NULL;

	print_side("A", a, na);
	print_side("B", b, nb);
	if (res->boots)
		printf("samples: boots (%zu vs %zu runs; a sample is a run's median)\n",
		       na, nb);
	else
		printf("samples: repetitions (%zu vs %zu runs; boot-to-boot drift is not in the spread)\n",
		       na, nb);
	printf("rule: worse/better = Mann-Whitney p < %g after Holm over %zu tests, |change| > max(%g%%, noise floor), %g%% interval excludes 0\n",
	       o->alpha, res->n_tests, o->threshold_pct, 100 * (1 - o->alpha));
	if (res->tails_need_boots)
		printf("      percentiles and maxima: inconclusive (clock icount, one run a side: a boot fixes its tail; ROUNDS= boots a side decide)\n");
	for (size_t i = 0; i < res->n_rows; i++) {
		const struct cmp_row *r = &res->rows[i];
		char ma[32], mb[32], ch[32], p[32], padj[32], metric[48];
		char ci[64], noise[32], mde[32], spread[48], why[96];

		if (r->bench != cur) {
			size_t k = compare_bench_rows(r, res->n_rows - i);
			enum cmp_verdict v = compare_bench_verdict(r, k);

			cur = r->bench;
			nbv[v]++;
			printf("\n%s  (%zu vs %zu repetitions): %s\n", cur,
			       r->reps_a, r->reps_b, cmp_verdict_name(v));
			printf("  %-20s %12s %12s %9s %8s  %-12s %8s %28s %11s %7s %7s\n",
			       "metric", "median A", "median B", "change", "p",
			       "verdict", "p(Holm)", "shift [interval]",
			       "IQR A/B", "noise", "MDE");
		}
		fmt_num(ma, sizeof(ma), r->med_a);
		fmt_num(mb, sizeof(mb), r->med_b);
		fmt_change(ch, sizeof(ch), r->change_pct);
		if (isnan(r->p))
			snprintf(p, sizeof(p), "-");
		else
			snprintf(p, sizeof(p), "%.3g", r->p);
		if (isnan(r->p_adj) || !r->tested)
			snprintf(padj, sizeof(padj), "-");
		else
			snprintf(padj, sizeof(padj), "%.3g", r->p_adj);
		fmt_interval(ci, sizeof(ci), r);
		fmt_pct(noise, sizeof(noise), r->noise_pct);
		fmt_pct(mde, sizeof(mde), r->mde_pct);
		{
			char x[16], y[16];

			fmt_pct(x, sizeof(x), r->iqr_a_pct);
			fmt_pct(y, sizeof(y), r->iqr_b_pct);
			snprintf(spread, sizeof(spread), "%s/%s", x, y);
		}
		why[0] = 0;
		if (r->why && r->verdict == CMP_INCONCLUSIVE && r->need_per_side)
			snprintf(why, sizeof(why), " (%s: %zu per side needed)",
				 r->why, r->need_per_side);
		else if (r->why)
			snprintf(why, sizeof(why), " (%s)", r->why);
		/* Counter names carry their unit; real_time does not. */
		snprintf(metric, sizeof(metric), "%s",
			 strcmp(r->def.name, "time") ? r->def.name : "time (ns/op)");
		printf("  %-20s %12s %12s %9s %8s  %-12s %8s %28s %11s %7s %7s%s\n",
		       metric, ma, mb, ch, p, cmp_verdict_name(r->verdict), padj,
		       ci, spread, noise, mde, why);
	}
	if (res->n_only_a || res->n_only_b)
		printf("\n");
	for (size_t i = 0; i < res->n_only_a; i++)
		printf("only in A: %s\n", res->only_a[i]);
	for (size_t i = 0; i < res->n_only_b; i++)
		printf("only in B: %s\n", res->only_b[i]);
	/* The lines as before issue 14; the inconclusive count only when there are any. */
	printf("\nbenchmarks: %zu worse, %zu better, %zu same, %zu n/a",
	       nbv[CMP_WORSE], nbv[CMP_BETTER], nbv[CMP_SAME], nbv[CMP_NA]);
	if (nbv[CMP_INCONCLUSIVE])
		printf(", %zu inconclusive", nbv[CMP_INCONCLUSIVE]);
	printf("\nverdict: %zu worse, %zu better, %zu same, %zu n/a",
	       res->count[CMP_WORSE], res->count[CMP_BETTER],
	       res->count[CMP_SAME], res->count[CMP_NA]);
	if (res->count[CMP_INCONCLUSIVE])
		printf(", %zu inconclusive", res->count[CMP_INCONCLUSIVE]);
	printf("\n");
}

/* JSON has no NaN or infinity: null instead. */
static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *run_json(const struct run_model *rf, size_t n)
{
	const char *k = runmodel_context(&rf[0], "kernel_release");
	const char *s = runmodel_context(&rf[0], "suite");
	const char *g = runmodel_group(&rf[0], NULL);
	json_t *ids = json_array();
	char clock[64];

	for (size_t i = 0; ids && i < n; i++)
		json_array_append_new(ids, json_string(rf[i].id));
	return json_pack("{s:s, s:s, s:s?, s:s, s:s?, s:s, s:s?, s:o?}", "run_id",
			 rf[0].id, "path", rf[0].json_path, "kernel_release", k,
			 "platform", rf[0].platform, "suite", s, "clock",
			 runmodel_clock(&rf[0], clock, sizeof(clock)), "group", g,
			 "runs", ids);
}

static json_t *row_extra(const struct cmp_row *r)
{
	return json_pack("{s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}",
			 "p_holm", r->tested ? jnum(r->p_adj) : json_null(),
			 "tested", r->tested,
			 "hl_shift_pct", jnum(r->hl_pct),
			 "ci_low_pct", jnum(r->ci_lo_pct),
			 "ci_high_pct", jnum(r->ci_hi_pct),
			 "ci_level", jnum(r->ci_level),
			 "iqr_a_pct", jnum(r->iqr_a_pct),
			 "iqr_b_pct", jnum(r->iqr_b_pct),
			 "cv_a_pct", jnum(r->cv_a_pct),
			 "cv_b_pct", jnum(r->cv_b_pct),
			 "resolution_pct", jnum(r->res_pct),
			 "noise_floor_pct", jnum(r->noise_pct),
			 "mde_pct", isinf(r->mde_pct) ? json_null() : jnum(r->mde_pct),
			 "samples_needed_per_side", (json_int_t)r->need_per_side);
}

static int print_json(const struct run_model *a, size_t na,
		      const struct run_model *b, size_t nb,
		      const struct cmp_opts *o, const struct cmp_result *res)
{
	json_t *root, *benches = json_array(), *only_a = json_array();
	json_t *only_b = json_array(), *metrics = NULL;
	const char *cur = NULL;
	char *text;
	int rc = -1;

	for (size_t i = 0; benches && i < res->n_rows; i++) {
		const struct cmp_row *r = &res->rows[i];
		json_t *m, *x;

		if (r->bench != cur) {
			size_t k = compare_bench_rows(r, res->n_rows - i);

			cur = r->bench;
			metrics = json_array();
			if (json_array_append_new(benches,
				json_pack("{s:s, s:I, s:I, s:s, s:o}", "name", cur,
					  "repetitions_a", (json_int_t)r->reps_a,
					  "repetitions_b", (json_int_t)r->reps_b,
					  "verdict",
					  cmp_verdict_name(compare_bench_verdict(r, k)),
					  "metrics", metrics)))
				goto out;
		}
		m = json_pack("{s:s, s:s, s:b, s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:s?}",
			      "metric", r->def.name, "unit", r->def.unit,
			      "higher_is_better", r->def.higher_better,
			      "n_a", (json_int_t)r->n_a, "n_b", (json_int_t)r->n_b,
			      "median_a", jnum(r->med_a), "median_b", jnum(r->med_b),
			      "change_pct", jnum(r->change_pct), "p", jnum(r->p),
			      "verdict", cmp_verdict_name(r->verdict),
			      "reason", r->why);
		x = row_extra(r);
		if (!m || !x || json_object_update(m, x) ||
		    json_array_append_new(metrics, m)) {
			json_decref(x);
			goto out;
		}
		json_decref(x);
	}
	for (size_t i = 0; only_a && i < res->n_only_a; i++)
		json_array_append_new(only_a, json_string(res->only_a[i]));
	for (size_t i = 0; only_b && i < res->n_only_b; i++)
		json_array_append_new(only_b, json_string(res->only_b[i]));
	root = json_pack("{s:o, s:o, s:f, s:b, s:f, s:O, s:O, s:O, s:{s:I, s:I, s:I, s:I, s:I}, s:s, s:I, s:s}",
			 "a", run_json(a, na), "b", run_json(b, nb),
			 "threshold_pct", o->threshold_pct,
			 "tails_need_boots", res->tails_need_boots,
			 "alpha", o->alpha,
			 "benchmarks", benches, "only_in_a", only_a,
			 "only_in_b", only_b, "summary",
			 "worse", (json_int_t)res->count[CMP_WORSE],
			 "better", (json_int_t)res->count[CMP_BETTER],
			 "same", (json_int_t)res->count[CMP_SAME],
			 "n/a", (json_int_t)res->count[CMP_NA],
			 "inconclusive", (json_int_t)res->count[CMP_INCONCLUSIVE],
			 "samples", res->boots ? "boots" : "repetitions",
			 "tests", (json_int_t)res->n_tests,
			 "correction", "holm");
	if (!root)
		goto out;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			  JSON_REAL_PRECISION(15));
	json_decref(root);
	if (!text)
		goto out;
	puts(text);
	free(text);
	rc = 0;
out:
	json_decref(benches);
	json_decref(only_a);
	json_decref(only_b);
	return rc;
}

/*
 * Runs that must agree on key (platform or clock): within a side and
 * between A and B. 0 agree or allowed (a warning), else refused (printed).
 */
static int check_same(const char *what, const char *flag, bool allow,
		      const struct run_model *a, size_t na,
		      const struct run_model *b, size_t nb,
		      const char *(*get)(const struct run_model *, char *, size_t))
{
	char va[64], vb[64];

	for (size_t side = 0; side < 2; side++) {
		const struct run_model *r = side ? b : a;
		size_t n = side ? nb : na;

		snprintf(va, sizeof(va), "%s", get(&r[0], vb, sizeof(vb)));
		for (size_t i = 1; i < n; i++) {
			if (!strcmp(va, get(&r[i], vb, sizeof(vb))))
				continue;
			fprintf(stderr, "iommubench compare: %s: %s differ within %s: %s (%s), %s (%s)%s%s%s\n",
				allow ? "warning" : "refused", what, side ? "B" : "A",
				va, r[0].id, vb, r[i].id,
				allow ? "" : "; ", allow ? "" : flag,
				allow ? "" : " to compare anyway");
			if (!allow)
				return -1;
		}
	}
	snprintf(va, sizeof(va), "%s", get(&a[0], vb, sizeof(vb)));
	get(&b[0], vb, sizeof(vb));
	if (!strcmp(va, vb))
		return 0;
	fprintf(stderr, "iommubench compare: %s: %s differ: A %s (%s), B %s (%s)%s%s%s\n",
		allow ? "warning" : "refused", what, va, a[0].id, vb, b[0].id,
		allow ? "" : "; ", allow ? "" : flag,
		allow ? "" : " to compare anyway");
	return allow ? 0 : -1;
}

static const char *get_platform(const struct run_model *rf, char *buf, size_t len)
{
	snprintf(buf, len, "%s", rf->platform);
	return buf;
}

static bool keep_bench(const char *bench, void *rx)
{
	return !regexec(rx, bench, 0, NULL, 0);
}

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "metric", required_argument, NULL, 'm' },
		{ "allow-platform-mismatch", no_argument, NULL, 'P' },
		{ "allow-clock-mismatch", no_argument, NULL, 'C' },
		{ "filter", required_argument, NULL, 'F' },
		{ "format", required_argument, NULL, 'f' },
		{ "results", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *metrics[MAX_METRICS];
	struct cmp_opts o = { .threshold_pct = 1, .alpha = 0.05 };
	const char *results = "results", *format = "text";
	struct run_model *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	struct cmp_result res;
	int c, allow_mismatch = 0, allow_clock = 0, rc;
	const char *filter = NULL;
	regex_t rx;
	char err[4096];

	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_seconds(optarg, &o.threshold_pct)) {
				fprintf(stderr, "iommubench compare: bad --threshold '%s' (a percentage >= 0)\n",
					optarg);
				return IB_EXIT_USAGE;
			}
			break;
		case 'a':
			if (parse_seconds(optarg, &o.alpha) || !(o.alpha > 0) ||
			    !(o.alpha < 1)) {
				fprintf(stderr, "iommubench compare: bad --alpha '%s' (0 < A < 1)\n",
					optarg);
				return IB_EXIT_USAGE;
			}
			break;
		case 'm':
			if (o.n_metrics == MAX_METRICS) {
				fprintf(stderr, "iommubench compare: more than %d --metric\n",
					MAX_METRICS);
				return IB_EXIT_USAGE;
			}
			metrics[o.n_metrics++] = optarg;
			o.metrics = metrics;
			break;
		case 'P': allow_mismatch = 1; break;
		case 'C': allow_clock = 1; break;
		case 'F': filter = optarg; break;
		case 'f': format = optarg; break;
		case 'r': results = optarg; break;
		case 'h': usage(stdout); return IB_EXIT_OK;
		default: return cli_option_error("compare", c, argv);
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		fprintf(stderr, "iommubench compare: bad --format '%s' (text or json)\n",
			format);
		return IB_EXIT_USAGE;
	}
	/* a, b, na, nb are set (NULL, 0) before any goto out below. */
	if (filter) {
		if (regcomp(&rx, filter, REG_EXTENDED | REG_NOSUB)) {
			fprintf(stderr, "iommubench compare: bad --filter '%s' (a POSIX extended regex)\n",
				filter);
			return IB_EXIT_USAGE;
		}
		o.keep = keep_bench;
		o.keep_arg = &rx;
	}
	if (argc - optind != 2) {
		if (filter)
			regfree(&rx);
		fprintf(stderr, "iommubench compare: needs two runs, RUN_A and RUN_B (see --help)\n");
		return IB_EXIT_USAGE;
	}
	if (runmodel_load_side(argv[optind], results, &a, &na, err, sizeof(err)) ||
	    runmodel_load_side(argv[optind + 1], results, &b, &nb, err, sizeof(err))) {
		fprintf(stderr, "iommubench compare: %s\n", err);
		rc = IB_EXIT_IO;
		goto out;
	}
	/* Emulated and hardware numbers (or two emulators) are not comparable. */
	if (check_same("platforms", "--allow-platform-mismatch", allow_mismatch,
		       a, na, b, nb, get_platform) ||
	    /* Instruction time and wall time measure different things. */
	    check_same("clocks", "--allow-clock-mismatch", allow_clock,
		       a, na, b, nb, runmodel_clock)) {
		rc = IB_EXIT_USAGE;
		goto out;
	}
	if (compare_groups(a, na, b, nb, &o, &res)) {
		fprintf(stderr, "iommubench compare: out of memory\n");
		rc = IB_EXIT_IO;
		goto out;
	}
	for (size_t i = 0; i < o.n_metrics; i++) {
		bool seen = false;

		for (size_t j = 0; j < res.n_rows && !seen; j++)
			seen = !strcmp(res.rows[j].def.name, metrics[i]);
		if (!seen)
			fprintf(stderr, "iommubench compare: warning: metric '%s' is in no benchmark of both runs\n",
				metrics[i]);
	}
	if (!strcmp(format, "json")) {
		if (print_json(a, na, b, nb, &o, &res)) {
			fprintf(stderr, "iommubench compare: out of memory\n");
			rc = IB_EXIT_IO;
			compare_free(&res);
			goto out;
		}
	} else {
		print_text(a, na, b, nb, &o, &res);
	}
	rc = res.count[CMP_WORSE] ? IB_EXIT_REGRESSION : IB_EXIT_OK;
	compare_free(&res);
out:
	runmodel_free_side(a, na);
	runmodel_free_side(b, nb);
	if (filter)
		regfree(&rx);
	return rc;
}
