// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_compare: `iommubench compare RUN_A RUN_B`: which metrics of which
 * benchmarks got significantly worse or better from run A to run B.
 * The rule is in compare.c; this file does options and output.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
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
"Compare run B against run A (the baseline), benchmark by benchmark, over\n"
"their repetitions. A run is a run directory, a benchmarks.json, or a run id\n"
"under --results. For each benchmark in both runs and each metric: median A,\n"
"median B, change (B-A)/A, two-sided Mann-Whitney U p-value, and a verdict:\n"
"worse/better when p < alpha and |change| > threshold (ops_per_s: higher is\n"
"better; every other metric: lower), same otherwise, n/a when the repetitions\n"
"are too few for any p below alpha. Metrics: time (ns per op), ops_per_s,\n"
"map_p99_ns, unmap_p99_ns, op_p99_ns, inval_per_op, inval_wait_max_ns,\n"
"inval_wait_per_op_ns, timer_late_max_ns, timer_late_p99_ns, fq_flush_max_ns;\n"
"one absent or -1 (not applicable) in either run is left out.\n"
"\n"
"  --threshold PCT            smallest |change| that counts, %% (default 5)\n"
"  --alpha A                  significance level, 0 < A < 1 (default 0.05)\n"
"  --metric NAME              only this metric (repeatable; any counter name)\n"
"  --allow-platform-mismatch  compare runs from different platforms\n"
"  --format text|json         output (default text)\n"
"  --results DIR              where run ids are looked up (default results)\n"
"  -h, --help                 this help\n"
"\n"
"docs/compare.md has the exact definitions.\n"
"Exit status: 0 no metric significantly worse, 1 at least one worse, 2 usage\n"
"or platforms differ, 4 a run could not be read or is malformed.\n");
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

static void print_run(const char *tag, const struct run_model *rf)
{
	const char *k = runmodel_context(rf, "kernel_release");
	const char *s = runmodel_context(rf, "suite");

	printf("%s: %s\n   kernel %s, platform %s, suite %s, %zu benchmarks (%s)\n",
	       tag, rf->id, k ? k : "unknown", rf->platform, s ? s : "unknown",
	       rf->n_points, rf->json_path);
}

static void print_text(const struct run_model *a, const struct run_model *b,
		       const struct cmp_opts *o, const struct cmp_result *res)
{
	size_t nb[CMP_NR] = { 0 };
	const char *cur = NULL;

	print_run("A", a);
	print_run("B", b);
	printf("rule: worse/better = Mann-Whitney p < %g and |change| > %g%%\n",
	       o->alpha, o->threshold_pct);
	for (size_t i = 0; i < res->n_rows; i++) {
		const struct cmp_row *r = &res->rows[i];
		char ma[32], mb[32], ch[32], p[32], metric[48];

		if (r->bench != cur) {
			size_t k = compare_bench_rows(r, res->n_rows - i);
			enum cmp_verdict v = compare_bench_verdict(r, k);

			cur = r->bench;
			nb[v]++;
			printf("\n%s  (%zu vs %zu repetitions): %s\n", cur,
			       r->reps_a, r->reps_b, cmp_verdict_name(v));
			printf("  %-20s %12s %12s %9s %8s  %s\n", "metric",
			       "median A", "median B", "change", "p", "verdict");
		}
		fmt_num(ma, sizeof(ma), r->med_a);
		fmt_num(mb, sizeof(mb), r->med_b);
		fmt_change(ch, sizeof(ch), r->change_pct);
		if (isnan(r->p))
			snprintf(p, sizeof(p), "-");
		else
			snprintf(p, sizeof(p), "%.3g", r->p);
		/* Counter names carry their unit; real_time does not. */
		snprintf(metric, sizeof(metric), "%s",
			 strcmp(r->def.name, "time") ? r->def.name : "time (ns/op)");
		printf("  %-20s %12s %12s %9s %8s  %s%s%s%s\n", metric, ma, mb, ch,
		       p, cmp_verdict_name(r->verdict), r->why ? " (" : "",
		       r->why ? r->why : "", r->why ? ")" : "");
	}
	if (res->n_only_a || res->n_only_b)
		printf("\n");
	for (size_t i = 0; i < res->n_only_a; i++)
		printf("only in A: %s\n", res->only_a[i]);
	for (size_t i = 0; i < res->n_only_b; i++)
		printf("only in B: %s\n", res->only_b[i]);
	printf("\nbenchmarks: %zu worse, %zu better, %zu same, %zu n/a\n",
	       nb[CMP_WORSE], nb[CMP_BETTER], nb[CMP_SAME], nb[CMP_NA]);
	printf("verdict: %zu worse, %zu better, %zu same, %zu n/a\n",
	       res->count[CMP_WORSE], res->count[CMP_BETTER],
	       res->count[CMP_SAME], res->count[CMP_NA]);
}

/* JSON has no NaN or infinity: null instead. */
static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *run_json(const struct run_model *rf)
{
	const char *k = runmodel_context(rf, "kernel_release");
	const char *s = runmodel_context(rf, "suite");

	return json_pack("{s:s, s:s, s:s?, s:s, s:s?}", "run_id", rf->id,
			 "path", rf->json_path, "kernel_release", k,
			 "platform", rf->platform, "suite", s);
}

static int print_json(const struct run_model *a, const struct run_model *b,
		      const struct cmp_opts *o, const struct cmp_result *res)
{
	json_t *root, *benches = json_array(), *only_a = json_array();
	json_t *only_b = json_array(), *metrics = NULL;
	const char *cur = NULL;
	char *text;
	int rc = -1;

	for (size_t i = 0; benches && i < res->n_rows; i++) {
		const struct cmp_row *r = &res->rows[i];
		json_t *m;

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
		if (!m || json_array_append_new(metrics, m))
			goto out;
	}
	for (size_t i = 0; only_a && i < res->n_only_a; i++)
		json_array_append_new(only_a, json_string(res->only_a[i]));
	for (size_t i = 0; only_b && i < res->n_only_b; i++)
		json_array_append_new(only_b, json_string(res->only_b[i]));
	root = json_pack("{s:o, s:o, s:f, s:f, s:O, s:O, s:O, s:{s:I, s:I, s:I, s:I}}",
			 "a", run_json(a), "b", run_json(b),
			 "threshold_pct", o->threshold_pct, "alpha", o->alpha,
			 "benchmarks", benches, "only_in_a", only_a,
			 "only_in_b", only_b, "summary",
			 "worse", (json_int_t)res->count[CMP_WORSE],
			 "better", (json_int_t)res->count[CMP_BETTER],
			 "same", (json_int_t)res->count[CMP_SAME],
			 "n/a", (json_int_t)res->count[CMP_NA]);
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

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "metric", required_argument, NULL, 'm' },
		{ "allow-platform-mismatch", no_argument, NULL, 'P' },
		{ "format", required_argument, NULL, 'f' },
		{ "results", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *metrics[MAX_METRICS];
	struct cmp_opts o = { .threshold_pct = 5, .alpha = 0.05 };
	const char *results = "results", *format = "text";
	struct run_model a, b;
	struct cmp_result res;
	int c, allow_mismatch = 0, rc;
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
	if (argc - optind != 2) {
		fprintf(stderr, "iommubench compare: needs two runs, RUN_A and RUN_B (see --help)\n");
		return IB_EXIT_USAGE;
	}
	if (runmodel_load(argv[optind], results, &a, err, sizeof(err))) {
		fprintf(stderr, "iommubench compare: %s\n", err);
		return IB_EXIT_IO;
	}
	if (runmodel_load(argv[optind + 1], results, &b, err, sizeof(err))) {
		fprintf(stderr, "iommubench compare: %s\n", err);
		runmodel_free(&a);
		return IB_EXIT_IO;
	}
	/* Emulated and hardware numbers (or two emulators) are not comparable. */
	if (strcmp(a.platform, b.platform)) {
		fprintf(stderr, "iommubench compare: %s: platforms differ: A %s (%s), B %s (%s)%s\n",
			allow_mismatch ? "warning" : "refused", a.platform, a.id,
			b.platform, b.id,
			allow_mismatch ? "" : "; --allow-platform-mismatch to compare anyway");
		if (!allow_mismatch) {
			runmodel_free(&a);
			runmodel_free(&b);
			return IB_EXIT_USAGE;
		}
	}
	if (compare_runs(&a, &b, &o, &res)) {
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
		if (print_json(&a, &b, &o, &res)) {
			fprintf(stderr, "iommubench compare: out of memory\n");
			rc = IB_EXIT_IO;
			compare_free(&res);
			goto out;
		}
	} else {
		print_text(&a, &b, &o, &res);
	}
	rc = res.count[CMP_WORSE] ? IB_EXIT_REGRESSION : IB_EXIT_OK;
	compare_free(&res);
out:
	runmodel_free(&a);
	runmodel_free(&b);
	return rc;
}
