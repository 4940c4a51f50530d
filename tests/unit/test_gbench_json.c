// SPDX-License-Identifier: GPL-2.0
/*
 * The reporting layer end to end: benchmarks registered through the C shim
 * (one plain callback, one point_runner on fake_kmod, one failing) run by
 * Google Benchmark in a child process, whose JSON is then read back.
 * The values are fixed inputs, not measurements: this checks that what
 * we hand Google Benchmark is what lands in benchmarks.json.
 */
#include <errno.h>
#include <jansson.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fake_kmod.h"
#include "gbench_shim.h"
#include "harness.h"
#include "path.h"
#include "point_runner.h"

#define SUFFIX "/iterations:1/manual_time"

static void known_values(void *arg, struct gbs_result *res)
{
	(void)arg;
	res->seconds = 1.5e-6;
	gbs_result_add_counter(res, "answer", 42);
	gbs_result_add_counter(res, "negative", -1);
	gbs_result_add_counter(res, "zero", 0);	/* its cv is 0 / 0: NaN */
	snprintf(res->label, sizeof(res->label), "known-values");
}

static int always_einval(int fd, struct iommubench_run *r)
{
	(void)fd;
	(void)r;
	return -EINVAL;
}

/* The iommu path's arguments, as its descriptor fills them. */
static void iommu_point(struct suite_point *pt)
{
	pt->path = path_find("iommu");
	*PATH_ARGS(pt, struct iommubench_iommu_args) =
		(struct iommubench_iommu_args){
			.map_mode = IOMMUBENCH_MAP_RANGE,
			.unmap_mode = IOMMUBENCH_UNMAP_STRICT, .batch = 256,
		};
}

/* Child: register, run, exit. Output goes to /dev/null. */
static char report_path[1024];

/*
 * gbs_report_fn of the child: the final document to report_path, each
 * piece's kind as a line of report_path.kinds (C context, B benchmark, F).
 */
static void report_to_file(void *arg, enum gbs_report_kind kind,
			   const char *json, size_t len)
{
	char kinds[1100];
	FILE *f;

	(void)arg;
	snprintf(kinds, sizeof(kinds), "%s.kinds", report_path);
	f = fopen(kinds, "a");
	if (f) {
		fputs(kind == GBS_REPORT_CONTEXT ? "C\n" :
		      kind == GBS_REPORT_BENCHMARK ? "B\n" : "F\n", f);
		fclose(f);
	}
	if (kind == GBS_REPORT_FINAL && (f = fopen(report_path, "w"))) {
		fwrite(json, 1, len, f);
		fclose(f);
	}
}

static void child(const char *out_path)
{
	static struct cpu_choice cpus = { .cpus = { 0 }, .n = 1 };
	static struct suite_point ok = {
		.name = "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1",
		.threads = 1, .size = 4096, .ops = 10,
		.shape = IOMMUBENCH_SHAPE_PAIR,
	};
	static struct suite_point bad = {
		.name = "iommu/map:range/unmap:strict/pgsize:hw/size:8192/threads:1",
		.threads = 1, .size = 8192, .ops = 10,
		.shape = IOMMUBENCH_SHAPE_PAIR,
	};
	static struct point_runner pr_ok, pr_bad;
	static struct point_slot s_ok, s_bad;
	char out_arg[1024];
	char *argv[] = { "unit", out_arg, "--benchmark_out_format=json",
			 "--benchmark_repetitions=2", NULL };
	int devnull = open("/dev/null", O_WRONLY);

	dup2(devnull, 1);
	dup2(devnull, 2);
	iommu_point(&ok);
	iommu_point(&bad);
	/* Google Benchmark's own file stays empty: the document is ours */
	snprintf(out_arg, sizeof(out_arg), "--benchmark_out=%s.gb", out_path);
	snprintf(report_path, sizeof(report_path), "%s", out_path);
	gbs_set_report(report_to_file, NULL);
	if (point_runner_init(&pr_ok, -1, fake_kmod_run, &cpus) ||
	    point_runner_init(&pr_bad, -1, always_einval, &cpus))
		_exit(3);
	s_ok = (struct point_slot){ .pt = &ok, .pr = &pr_ok };
	s_bad = (struct point_slot){ .pt = &bad, .pr = &pr_bad };
	if (gbs_add_context("iommubench_test_key", "va\"lue") ||
	    gbs_register("test/A", known_values, NULL) ||
	    gbs_register(ok.name, point_runner_body, &s_ok) ||
	    gbs_register(bad.name, point_runner_body, &s_bad))
		_exit(4);
	_exit(gbs_run(4, argv) == 3 ? 0 : 5);
}

/* The n-th object of the "benchmarks" array, copied; NULL past the end. */
static const char *nth_benchmark(const char *json, int n)
{
	static char obj[8192];
	const char *p = strstr(json, "\"benchmarks\": [");

	if (!p)
		return NULL;
	p = strchr(p, '[') + 1;
	for (int i = 0;; i++) {
		const char *start;
		int depth = 0, in_str = 0;

		while (*p && *p != '{' && *p != ']')
			p++;
		if (*p != '{')
			return NULL;
		start = p;
		for (; *p; p++) {
			if (in_str) {
				if (*p == '\\' && p[1])
					p++;
				else if (*p == '"')
					in_str = 0;
			} else if (*p == '"') {
				in_str = 1;
			} else if (*p == '{') {
				depth++;
			} else if (*p == '}' && --depth == 0) {
				break;
			}
		}
		if (!*p)
			return NULL;
		p++;
		if (i == n) {
			size_t len = (size_t)(p - start);

			if (len >= sizeof(obj))
				return NULL;
			memcpy(obj, start, len);
			obj[len] = '\0';
			return obj;
		}
	}
}

/* String value of "key" in obj (escapes kept as written). */
static const char *str_field(const char *obj, const char *key)
{
	static char val[1024];
	char pat[128];
	const char *p;
	size_t n = 0;

	snprintf(pat, sizeof(pat), "\"%s\": \"", key);
	p = strstr(obj, pat);
	if (!p)
		return NULL;
	for (p += strlen(pat); *p && *p != '"' && n + 2 < sizeof(val); p++) {
		if (*p == '\\')
			val[n++] = *p++;
		val[n++] = *p;
	}
	val[n] = '\0';
	return val;
}

static bool num_field(const char *obj, const char *key, double *out)
{
	char pat[128];
	const char *p;
	char *end;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(obj, pat);
	if (!p)
		return false;
	*out = strtod(p + strlen(pat), &end);
	return end != p + strlen(pat);
}

static const char *find(const char *json, const char *name, const char *type,
			int skip)
{
	for (int i = 0;; i++) {
		const char *o = nth_benchmark(json, i);
		const char *nm, *rt;

		if (!o)
			return NULL;
		nm = str_field(o, "name");
		if (!nm || strcmp(nm, name))
			continue;
		rt = str_field(o, "run_type");
		if (rt && !strcmp(rt, type) && skip-- == 0)
			return o;
	}
}

TEST(reporting_layer_json_through_google_benchmark)
{
	const char *dir = harness_tmpdir();
	char path[800];
	const char *json, *o;
	char *copy;
	double v;
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/out.json", dir);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		child(path);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	json = harness_read(dir, "out.json");
	CHECK(json != NULL);
	if (!json)
		return;
	copy = strdup(json);	/* harness_read's buffer is reused */
	json = copy;

	/* Our writer: plain JSON (no bare NaN), in pieces, GB's file empty. */
	{
		json_error_t je;
		json_t *root = json_loads(json, 0, &je);

		CHECK(json_is_object(root));
		json_decref(root);
	}
	CHECK(strstr(json, "NaN") == NULL && strstr(json, "Infinity") == NULL);
	CHECK_STREQ(harness_read(dir, "out.json.kinds"), "C\nB\nB\nB\nF\n");
	CHECK_STREQ(harness_read(dir, "out.json.gb"), "");

	/* Context: ours, escaped; Google Benchmark's own still there. */
	CHECK_CONTAINS(json, "\"iommubench_test_key\": \"va\\\"lue\"");
	CHECK_CONTAINS(json, "\"library_build_type\": ");

	/* Plain callback: both repetitions carry the manual time exactly. */
	for (int rep = 0; rep < 2; rep++) {
		o = find(json, "test/A" SUFFIX, "iteration", rep);
		CHECK(o != NULL);
		if (!o)
			continue;
		CHECK(num_field(o, "real_time", &v));
		CHECK_NEAR(v, 1500, 1e-6);
		CHECK(num_field(o, "answer", &v));
		CHECK_NEAR(v, 42, 0);
		CHECK(num_field(o, "negative", &v));
		CHECK_NEAR(v, -1, 0);
		CHECK_STREQ(str_field(o, "label"), "known-values");
		CHECK_STREQ(str_field(o, "time_unit"), "ns");
		CHECK(num_field(o, "iterations", &v) && v == 1);
	}
	o = find(json, "test/A" SUFFIX "_cv", "aggregate", 0);
	CHECK(o != NULL);
	if (o)
		CHECK_CONTAINS(o, "\"zero\": null");	/* NaN, written as null */
	o = find(json, "test/A" SUFFIX "_mean", "aggregate", 0);
	CHECK(o != NULL);
	if (o) {
		CHECK(num_field(o, "real_time", &v));
		CHECK_NEAR(v, 1500, 1e-6);
	}
	CHECK(find(json, "test/A" SUFFIX "_median", "aggregate", 0) != NULL);
	CHECK(find(json, "test/A" SUFFIX "_stddev", "aggregate", 0) != NULL);
	CHECK(find(json, "test/A" SUFFIX "_cv", "aggregate", 0) != NULL);

	/* point_runner on fake_kmod: 2500 ns per op, counters as defined. */
	o = find(json, "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1" SUFFIX,
		 "iteration", 1);
	CHECK(o != NULL);
	if (o) {
		CHECK(num_field(o, "real_time", &v));
		CHECK_NEAR(v, 2500, 1e-6);
		CHECK(num_field(o, "ops_per_s", &v));
		CHECK_NEAR(v, 500000, 1e-6);
		CHECK(num_field(o, "bytes_per_s", &v));
		CHECK_NEAR(v, 500000.0 * 4096, 1e-3);
		CHECK(num_field(o, "op_p50_ns", &v));
		CHECK_NEAR(v, 2503.5, 0);	/* midpoint of [2496, 2511] */
		CHECK(num_field(o, "inval_per_op", &v));
		CHECK_NEAR(v, -1, 0);
		CHECK(num_field(o, "inval_available", &v));
		CHECK_NEAR(v, 0, 0);
		CHECK(num_field(o, "clock_overhead_ns", &v));
		CHECK_NEAR(v, 20, 0);
		CHECK_STREQ(str_field(o, "label"), "eff_pgsize:0x40201000 cpus:0 group_type:none");
	}

	/* The failing point: skipped with our error text, per repetition. */
	o = find(json, "iommu/map:range/unmap:strict/pgsize:hw/size:8192/threads:1" SUFFIX,
		 "iteration", 0);
	CHECK(o != NULL);
	if (o) {
		CHECK_CONTAINS(o, "\"error_occurred\": true");
		CHECK_CONTAINS(str_field(o, "error_message"),
			       "Invalid argument (EINVAL): IOMMUBENCH_IOC_RUN failed for iommu/");
	}
	free(copy);
}
