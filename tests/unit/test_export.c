// SPDX-License-Identifier: GPL-2.0
/*
 * `iommubench export` on a synthetic run: each format parsed back and
 * checked for its documented shape (docs/compare.md), medians over the
 * good repetitions, -1 and failed repetitions left out, -o atomic.
 */
#include <dirent.h>
#include <jansson.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "gen_run.h"
#include "harness.h"
#include "runmodel.h"

#define BENCH "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1"
#define SIM "sim/entry:map_pages/fault:stall/policy:amd/size:4096/threads:2"

static char out[1 << 17], err[1 << 16];

/* The binary with these arguments; output in out and err. */
#define RUN(...) harness_cli(out, sizeof(out), err, sizeof(err), __VA_ARGS__, \
			     (const char *)NULL)

/*
 * BENCH: times 300, 100, 200 (median 200) and a failed repetition;
 * fq_flush_max_ns -1 throughout. SIM: one repetition, every figure.
 */
static const char *make_run(const char *base)
{
	static const double t[] = { 300, 100, 200 };
	struct gen_run g;
	char c[512];

	gen_begin(&g, "run-x", "qemu-tcg/intel-iommu", "6.12.117+deb12-amd64");
	for (int i = 0; i < 3; i++) {
		snprintf(c, sizeof(c),
			 "\"ops_per_s\": %g, \"map_p99_ns\": %d, \"unmap_p99_ns\": 7,"
			 " \"op_p99_ns\": 9, \"inval_per_op\": 1, \"inval_wait_per_op_ns\": 0.25,"
			 " \"fq_flush_max_ns\": -1", 1e9 / t[i], 10 * (i + 1));
		gen_rep(&g, BENCH, i, t[i], c, NULL);
	}
	gen_rep(&g, BENCH, 3, 1e9, "\"map_p99_ns\": 1e9", "Invalid argument (EINVAL): x");
	gen_aggregate(&g, BENCH);
	gen_rep(&g, SIM, 0, 4000,
		"\"ops_per_s\": 250000, \"map_p99_ns\": 1, \"unmap_p99_ns\": 2,"
		" \"op_p99_ns\": 3, \"inval_per_op\": 0.5, \"inval_wait_max_ns\": 200000000,"
		" \"inval_wait_per_op_ns\": 0.9, \"timer_late_max_ns\": 5, \"timer_late_p99_ns\": 4,"
		" \"fq_flush_max_ns\": 0, \"sim_would_not_terminate\": 3", NULL);
	return gen_end(&g, base, "run-x");
}

static double num(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

TEST(export_bmf_shape_and_medians)
{
	const char *dir = make_run(harness_tmpdir());
	json_error_t je;
	json_t *root, *meas, *m;
	const char *name, *slug;

	CHECK_EQ(RUN("export", "--format", "bmf", dir), 0);
	root = json_loads(out, 0, &je);
	CHECK(json_is_object(root));
	if (!root)
		return;
	CHECK_EQ(json_object_size(root), 2);
	json_object_foreach(root, name, meas) {
		CHECK(json_is_object(meas));
		json_object_foreach(meas, slug, m) {
			CHECK(json_is_number(json_object_get(m, "value")));
			CHECK(num(m, "lower_value") <= num(m, "value"));
			CHECK(num(m, "value") <= num(m, "upper_value"));
		}
	}
	meas = json_object_get(root, BENCH);
	m = json_object_get(meas, "latency");
	CHECK_NEAR(num(m, "value"), 200, 1e-9);
	CHECK_NEAR(num(m, "lower_value"), 100, 1e-9);
	CHECK_NEAR(num(m, "upper_value"), 300, 1e-9);	/* not the failed 1e9 */
	CHECK_NEAR(num(json_object_get(meas, "throughput"), "value"), 5e6, 1e-3);
	CHECK_NEAR(num(json_object_get(meas, "map-p99-ns"), "upper_value"), 30, 1e-9);
	CHECK(json_object_get(meas, "fq-flush-max-ns") == NULL);	/* all -1 */
	CHECK(json_object_get(meas, "inval-wait-max-ns") == NULL);	/* absent */
	meas = json_object_get(root, SIM);
	CHECK_EQ(json_object_size(meas), 11);
	CHECK_NEAR(num(json_object_get(meas, "inval-wait-max-ns"), "value"), 2e8, 1e-3);
	json_decref(root);
}

TEST(export_gab_shape)
{
	const char *dir = make_run(harness_tmpdir());
	json_error_t je;
	json_t *root, *e;
	size_t i;

	CHECK_EQ(RUN("export", "--format", "gab", dir), 0);
	root = json_loads(out, 0, &je);
	CHECK(json_is_array(root));
	if (!root)
		return;
	/* BENCH: time, 3 p99s, inval_per_op, inval_wait_per_op_ns; SIM: all 10. */
	CHECK_EQ(json_array_size(root), 16);
	json_array_foreach(root, i, e) {
		const char *name = json_string_value(json_object_get(e, "name"));

		CHECK(name != NULL);
		CHECK(json_is_string(json_object_get(e, "unit")));
		CHECK(json_is_number(json_object_get(e, "value")));
		CHECK(json_is_string(json_object_get(e, "range")));
		CHECK_CONTAINS(json_string_value(json_object_get(e, "extra")),
			       "kernel 6.12.117+deb12-amd64, platform qemu-tcg/intel-iommu, run run-x");
		CHECK(name && !strstr(name, "ops_per_s"));	/* bigger is better */
	}
	e = json_array_get(root, 0);
	CHECK_STREQ(json_string_value(json_object_get(e, "name")), BENCH " time");
	CHECK_STREQ(json_string_value(json_object_get(e, "unit")), "ns");
	CHECK_NEAR(num(e, "value"), 200, 1e-9);
	CHECK_STREQ(json_string_value(json_object_get(e, "range")), "\xc2\xb1 100");
	json_decref(root);
}

TEST(export_lkp_lines)
{
	const char *dir = make_run(harness_tmpdir());
	regex_t re;
	int lines = 0;
	char *save, *l;

	CHECK_EQ(RUN("export", "--format", "lkp", dir), 0);
	CHECK_EQ(regcomp(&re, "^[^ :]+: -?[0-9.e+-]+$", REG_EXTENDED | REG_NOSUB), 0);
	for (l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (regexec(&re, l, 0, NULL, 0))
			harness_fail(__FILE__, __LINE__, "bad lkp line '%s'", l);
		lines++;
	}
	regfree(&re);
	/* BENCH: time, ops_per_s, 3 p99s, inval_per_op, frac; SIM: 11. */
	CHECK_EQ(lines, 18);
	CHECK_EQ(RUN("export", "--format", "lkp", dir), 0);
	CHECK_CONTAINS(out, "time.iommu/map=range/unmap=strict/pgsize=hw/size=4096/threads=1: 200\n");
	CHECK_CONTAINS(out, "inval_wait_per_op_ns.iommu/map=range/unmap=strict/pgsize=hw/size=4096/threads=1: 0.25\n");
	CHECK_CONTAINS(out, "inval_wait_max_ns." "sim/entry=map_pages/fault=stall/policy=amd/size=4096/threads=2: 200000000\n");
}

TEST(export_lkp_safe_names)
{
	char buf[64];

	export_lkp_safe("a/b:c d\t\"e\"+f.g=h-i", buf, sizeof(buf));
	CHECK_STREQ(buf, "a/b=c_d__e_+f.g=h-i");
	export_lkp_safe("abcdef", buf, 4);
	CHECK_STREQ(buf, "abc");
}

/* No file in dir whose name starts with '.' (a left-over temporary). */
static int temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] == '.' && strcmp(e->d_name, ".") &&
		     strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

TEST(export_output_file_and_errors)
{
	const char *base = harness_tmpdir();
	const char *dir = make_run(base);
	char file[1200];
	json_error_t je;
	json_t *root;

	snprintf(file, sizeof(file), "%s/out.json", base);
	CHECK_EQ(RUN("export", "--format", "bmf", "-o", file, dir), 0);
	CHECK_STREQ(out, "");
	root = json_loads(harness_read(base, "out.json"), 0, &je);
	CHECK(json_is_object(root));
	json_decref(root);
	CHECK_EQ(temp_files(base), 0);
	/* By run id, over an existing file. */
	CHECK_EQ(RUN("export", "--results", base, "--format", "lkp",
		     "--output", file, "run-x"), 0);
	CHECK_CONTAINS(harness_read(base, "out.json"), "time.iommu/");
	CHECK_EQ(RUN("export", "--format", "lkp", "-o", "/nonexistent/dir/f", dir), 4);
	CHECK_CONTAINS(err, "/nonexistent/dir/f: No such file or directory");
	CHECK_EQ(RUN("export", dir), 2);
	CHECK_EQ(RUN("export", "--format", "csv", dir), 2);
	CHECK_CONTAINS(err, "bad --format 'csv'");
	CHECK_EQ(RUN("export", "--format", "bmf", "--results", base, "nope"), 4);
	CHECK_CONTAINS(err, "nope: no such run directory");
	CHECK_EQ(RUN("export", "--help"), 0);
	CHECK_CONTAINS(out, "--format bmf");
}

TEST(export_points_model)
{
	const char *dir = make_run(harness_tmpdir());
	json_t *root, *run, *pts, *p, *m, *t;
	json_error_t je;

	CHECK_EQ(RUN("export", "--format", "points", dir), 0);
	root = json_loads(out, 0, &je);
	CHECK(json_is_object(root));
	if (!root)
		return;
	CHECK_STREQ(json_string_value(json_object_get(root, "format")), "iommubench-points/1");
	run = json_object_get(root, "run");
	CHECK_STREQ(json_string_value(json_object_get(run, "run_id")), "run-x");
	CHECK_STREQ(json_string_value(json_object_get(run, "platform")), "qemu-tcg/intel-iommu");
	CHECK(json_is_true(json_object_get(run, "emulated")));
	CHECK(json_is_null(json_object_get(run, "meta")));	/* an old run: none */
	CHECK_CONTAINS(json_string_value(json_object_get(json_object_get(run, "files"),
							 "benchmarks")), "/benchmarks.json");
	CHECK(!json_object_get(json_object_get(run, "files"), "histograms"));
	CHECK_STREQ(json_string_value(json_object_get(json_object_get(run, "context"),
						      "kernel_release")), "6.12.117+deb12-amd64");
	pts = json_object_get(root, "points");
	CHECK_EQ(json_array_size(pts), 2);
	p = json_array_get(pts, 0);
	CHECK_STREQ(json_string_value(json_object_get(p, "name")), BENCH);
	CHECK_STREQ(json_string_value(json_object_get(p, "path")), "iommu");
	/* parameters as fields, numbers typed, hex and words kept as text */
	t = json_object_get(p, "params");
	CHECK_STREQ(json_string_value(json_object_get(t, "map")), "range");
	CHECK_STREQ(json_string_value(json_object_get(t, "pgsize")), "hw");
	CHECK(json_is_integer(json_object_get(t, "size")));
	CHECK_EQ(json_integer_value(json_object_get(t, "size")), 4096);
	CHECK_EQ(json_integer_value(json_object_get(t, "threads")), 1);
	CHECK_EQ(json_integer_value(json_object_get(p, "repetitions")), 4);
	CHECK_EQ(json_integer_value(json_object_get(p, "ok")), 3);
	CHECK_EQ(json_integer_value(json_object_get(p, "errors")), 1);
	CHECK_EQ(json_array_size(json_object_get(p, "reps")), 4);
	CHECK(json_is_true(json_object_get(json_array_get(json_object_get(p, "reps"), 3),
					   "error")));
	/* aggregates over the good repetitions; -1 everywhere: no entry */
	m = json_object_get(json_object_get(p, "metrics"), "time");
	CHECK_EQ(json_integer_value(json_object_get(m, "n")), 3);
	CHECK_NEAR(num(m, "median"), 200, 0);
	CHECK_NEAR(num(m, "min"), 100, 0);
	CHECK_NEAR(num(m, "max"), 300, 0);
	CHECK_NEAR(num(m, "mean"), 200, 1e-9);
	CHECK_EQ(json_array_size(json_object_get(m, "values")), 3);
	CHECK(!json_object_get(json_object_get(p, "metrics"), "fq_flush_max_ns"));
	m = json_object_get(json_object_get(p, "metrics"), "map_p99_ns");
	CHECK_NEAR(num(m, "median"), 20, 0);
	CHECK_NEAR(num(m, "max"), 30, 0);	/* the failed repetition's 1e9 left out */
	p = json_array_get(pts, 1);
	CHECK_STREQ(json_string_value(json_object_get(json_object_get(p, "params"), "policy")),
		    "amd");
	CHECK_STREQ(json_string_value(json_object_get(p, "path")), "sim");
	json_decref(root);
}

TEST(runmodel_parse_name_generic)
{
	struct rm_point p;

	memset(&p, 0, sizeof(p));
	CHECK_EQ(runmodel_parse_name("dma/compat/granule:1/trans_ns:0.5/x:0x1000/y:007/z:1e3/"
				     "w:-3/v:/u:a:b", &p), 0);
	CHECK_STREQ(p.path, "dma");
	CHECK_EQ(p.n_params, 9);
	CHECK_STREQ(p.params[0].key, "compat");
	CHECK(p.params[0].flag);
	CHECK(p.params[1].is_num && p.params[1].num == 1);
	CHECK(p.params[2].is_num && p.params[2].num == 0.5);
	for (int i = 3; i <= 5; i++)
		CHECK(!p.params[i].is_num);	/* 0x1000, 007, 1e3 stay text */
	CHECK(p.params[6].is_num && p.params[6].num == -3);
	CHECK_STREQ(p.params[7].key, "v");
	CHECK_STREQ(p.params[7].text, "");
	CHECK(!p.params[7].flag);
	CHECK_STREQ(p.params[8].key, "u");
	CHECK_STREQ(p.params[8].text, "a:b");
	for (size_t i = 0; i < p.n_params; i++) {
		free(p.params[i].key);
		free(p.params[i].text);
	}
	free(p.params);
	free(p.path);
}
