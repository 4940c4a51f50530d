// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the results layout's pieces: non-finite numbers in Google
 * Benchmark's JSON, the CSV, the CPU model, and index.json built from old
 * and new run directories.
 */
#include <jansson.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "gbjson.h"
#include "harness.h"
#include "host_info.h"
#include "results_csv.h"
#include "run_index.h"

static char *fix(const char *in)
{
	size_t n;

	return gbjson_nonfinite_to_null(in, strlen(in), &n);
}

TEST(gbjson_nonfinite_tokens_become_null_outside_strings)
{
	char *s = fix("{\"a\": NaN, \"b\": -Infinity, \"c\": [inf, -nan, 1e+03],"
		      " \"NaN\": \"x NaN \\\" Infinity\", \"d\": Infinity}");

	CHECK_STREQ(s, "{\"a\": null, \"b\": null, \"c\": [null, null, 1e+03],"
		       " \"NaN\": \"x NaN \\\" Infinity\", \"d\": null}");
	free(s);
	/* inf -> null grows by one byte per token: the buffer must hold it */
	s = fix("[inf,inf,inf,inf,inf,inf,inf,inf,inf]");
	CHECK_STREQ(s, "[null,null,null,null,null,null,null,null,null]");
	free(s);
	s = fix("");
	CHECK_STREQ(s, "");
	free(s);
}

static const char gb_doc[] =
	"{\"context\": {\"platform\": \"hardware\"}, \"benchmarks\": ["
	"{\"name\": \"a/x\", \"run_name\": \"a/x\", \"run_type\": \"iteration\","
	" \"repetition_index\": 0, \"real_time\": 2.5e+03, \"cpu_time\": 1,"
	" \"time_unit\": \"ns\", \"ops\": 10, \"label\": \"cpus:0,1 \\\"q\\\"\"},"
	"{\"name\": \"b\", \"run_name\": \"b\", \"run_type\": \"iteration\","
	" \"repetition_index\": 0, \"error_occurred\": true,"
	" \"error_message\": \"skipped: no\", \"real_time\": 0, \"zeta\": 0.125},"
	"{\"name\": \"a/x_cv\", \"run_name\": \"a/x\", \"run_type\": \"aggregate\","
	" \"aggregate_name\": \"cv\", \"real_time\": NaN, \"ops\": NaN}]}";

TEST(results_csv_has_every_counter_as_a_column)
{
	struct jbuf b;
	char err[256], *doc;
	size_t n;

	doc = gbjson_nonfinite_to_null(gb_doc, strlen(gb_doc), &n);
	jbuf_init(&b);
	CHECK_EQ(results_csv_from_json(doc, n, &b, err, sizeof(err)), 0);
	CHECK_STREQ(b.s,
		"name,run_name,run_type,aggregate_name,repetition_index,real_time,cpu_time,"
		"time_unit,error_occurred,error_message,label,ops,zeta\n"
		"a/x,a/x,iteration,,0,2500,1,ns,,,\"cpus:0,1 \"\"q\"\"\",10,\n"
		"b,b,iteration,,0,0,,,true,skipped: no,,,0.125\n"
		"a/x_cv,a/x,aggregate,cv,,,,,,,,,\n");
	jbuf_free(&b);
	free(doc);
	jbuf_init(&b);
	CHECK_EQ(results_csv_from_json("{\"x\": 1}", 8, &b, err, sizeof(err)), -EINVAL);
	CHECK_CONTAINS(err, "benchmarks");
	CHECK_EQ(results_csv_from_json(gb_doc, strlen(gb_doc), &b, err, sizeof(err)), -EINVAL);
	CHECK_CONTAINS(err, "not JSON");
	jbuf_free(&b);
}

TEST(host_info_cpu_model_x86_and_s390)
{
	char m[128];

	host_info_cpu_model("processor\t: 0\nvendor_id\t: GenuineIntel\n"
			    "model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz  \n",
			    m, sizeof(m));
	CHECK_STREQ(m, "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
	host_info_cpu_model("vendor_id       : IBM/S390\n# processors    : 2\n"
			    "processor 0: version = 00,  identification = 000000,  machine = 8561\n",
			    m, sizeof(m));
	CHECK_STREQ(m, "IBM Z machine type 8561");
	host_info_cpu_model("", m, sizeof(m));
	CHECK_STREQ(m, "unknown");
}

TEST(run_index_rebuild_reads_meta_and_legacy_runs)
{
	const char *dir = harness_tmpdir();
	char err[512], path[1000];
	json_t *idx, *runs, *e;

	/* new: meta.json; old: benchmarks.json only (with a NaN in it) */
	harness_mkdirs(dir, "new-run");
	harness_write(dir, "new-run/meta.json",
		      "{\"format\": \"iommubench-meta/1\", \"run_id\": \"new-run\","
		      " \"status\": \"complete\", \"start\": \"2026-01-02T00:00:00Z\","
		      " \"end\": \"2026-01-02T00:01:00Z\", \"benchmarks_done\": 3,"
		      " \"suite\": \"smoke\", \"platform\": \"hardware\", \"emulated\": false,"
		      " \"kernel\": {\"release\": \"6.12.1\"}}");
	harness_mkdirs(dir, "old-run");
	harness_write(dir, "old-run/benchmarks.json",
		      "{\"context\": {\"date\": \"2026-01-01T00:00:00+00:00\", \"suite\": \"lockup\","
		      " \"kernel_release\": \"6.1.0\", \"platform\": \"qemu-tcg/intel-iommu\","
		      " \"emulated\": \"true\"}, \"benchmarks\": ["
		      "{\"run_name\": \"a\", \"run_type\": \"iteration\", \"cv\": NaN},"
		      "{\"run_name\": \"a\", \"run_type\": \"iteration\"},"
		      "{\"run_name\": \"b\", \"run_type\": \"iteration\"},"
		      "{\"run_name\": \"a\", \"run_type\": \"aggregate\"}]}");
	harness_mkdirs(dir, "empty-dir");
	CHECK_EQ(run_index_rebuild(dir, err, sizeof(err)), 2);
	snprintf(path, sizeof(path), "%s/index.json", dir);
	idx = json_load_file(path, 0, NULL);
	CHECK(idx != NULL);
	CHECK_STREQ(json_string_value(json_object_get(idx, "format")), "iommubench-index/1");
	runs = json_object_get(idx, "runs");
	CHECK_EQ(json_array_size(runs), 2);
	e = json_array_get(runs, 0);	/* oldest first */
	CHECK_STREQ(json_string_value(json_object_get(e, "run_id")), "old-run");
	CHECK_STREQ(json_string_value(json_object_get(e, "status")), "unknown");
	CHECK_STREQ(json_string_value(json_object_get(e, "suite")), "lockup");
	CHECK(json_is_true(json_object_get(e, "emulated")));
	CHECK_EQ(json_integer_value(json_object_get(e, "benchmarks")), 2);
	e = json_array_get(runs, 1);
	CHECK_STREQ(json_string_value(json_object_get(e, "run_id")), "new-run");
	CHECK_STREQ(json_string_value(json_object_get(e, "kernel_release")), "6.12.1");
	CHECK(json_is_false(json_object_get(e, "emulated")));
	CHECK_EQ(json_integer_value(json_object_get(e, "benchmarks")), 3);
	json_decref(idx);

	/* update: a removed run's entry goes, a changed one is re-read */
	harness_write(dir, "new-run/meta.json",
		      "{\"format\": \"iommubench-meta/1\", \"status\": \"interrupted\","
		      " \"start\": \"2026-01-02T00:00:00Z\", \"benchmarks_done\": 1}");
	snprintf(path, sizeof(path), "%s/old-run/benchmarks.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/old-run", dir);
	rmdir(path);
	CHECK_EQ(run_index_update(dir, "new-run", err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/index.json", dir);
	idx = json_load_file(path, 0, NULL);
	runs = json_object_get(idx, "runs");
	CHECK_EQ(json_array_size(runs), 1);
	e = json_array_get(runs, 0);
	CHECK_STREQ(json_string_value(json_object_get(e, "status")), "interrupted");
	CHECK_EQ(json_integer_value(json_object_get(e, "benchmarks")), 1);
	json_decref(idx);
}
