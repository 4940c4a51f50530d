// SPDX-License-Identifier: GPL-2.0
/*
 * The built binary's command line: help texts, usage errors (exit 2) and
 * a missing module or device (exit 3). Nothing here can bind a device:
 * every `run` stops before (bad arguments, or a device that does not exist).
 */
#include <stdarg.h>

#include "harness.h"

static char out[65536], err[65536];

/* The binary with these arguments; output in out and err. */
#define RUN(...) harness_cli(out, sizeof(out), err, sizeof(err), __VA_ARGS__, \
			     (const char *)NULL)

#define SMOKE IB_ROOT "/bench/suites/smoke.suite"

static const char *last_line(const char *s)
{
	static char line[512];
	size_t n = strlen(s);
	const char *p;

	while (n && s[n - 1] == '\n')
		n--;
	p = s + n;
	while (p > s && p[-1] != '\n')
		p--;
	snprintf(line, sizeof(line), "%.*s", (int)(s + n - p), p);
	return line;
}

TEST(cli_help_and_version)
{
	CHECK_EQ(RUN("--help"), 0);
	CHECK_CONTAINS(out, "Usage: iommubench <command>");
	CHECK_EQ(RUN("run", "--help"), 0);
	CHECK_CONTAINS(out, "--suite FILE");
	CHECK_CONTAINS(out, "--cpus LIST");
	CHECK_EQ(RUN("info", "--help"), 0);
	CHECK_CONTAINS(out, "--json");
	CHECK_EQ(RUN("list", "--help"), 0);
	CHECK_CONTAINS(out, "--device DEV");
	CHECK_EQ(RUN("compat", "--help"), 0);
	CHECK_CONTAINS(out, "--trans-ns NS");
	CHECK_CONTAINS(out, "dma_map_benchmark");
	CHECK_EQ(RUN("--help"), 0);
	CHECK_CONTAINS(out, "compat");
	CHECK_EQ(RUN("--version"), 0);
	CHECK_CONTAINS(out, "iommubench ");
}

TEST(cli_usage_errors_exit_2)
{
	CHECK_EQ(RUN(NULL), 2);
	CHECK_EQ(RUN("frobnicate"), 2);
	CHECK_CONTAINS(err, "unknown command 'frobnicate'");
	CHECK_EQ(RUN("run"), 2);
	CHECK_CONTAINS(err, "--suite, --device and --out-dir are required");
	CHECK_EQ(RUN("run", "--bogus"), 2);
	CHECK_STREQ(err, "iommubench run: unknown option '--bogus' (see --help)\n");
	CHECK_EQ(RUN("run", "-x"), 2);
	CHECK_STREQ(err, "iommubench run: unknown option '-x' (see --help)\n");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--repetitions"), 2);
	CHECK_STREQ(err, "iommubench run: option '--repetitions' needs a value (see --help)\n");
	CHECK_STREQ(out, "");
	CHECK_EQ(RUN("run", "--suite", "/nonexistent.suite", "--device",
		     "0000:00:03.0", "--out-dir", "/tmp"), 2);
	CHECK_CONTAINS(err, "/nonexistent.suite: No such file or directory");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--run-id", "../escape"), 2);
	CHECK_CONTAINS(err, "bad --run-id '../escape'");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--repetitions", "0"), 2);
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--filter", "nothing-like-this"), 2);
	CHECK_CONTAINS(err, "matches no benchmark");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--filter", "(unclosed"), 2);
	CHECK_CONTAINS(err, "bad --filter");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "not-a-device",
		     "--out-dir", "/tmp"), 2);
	CHECK_CONTAINS(err, "bad --device 'not-a-device'");
	CHECK_EQ(RUN("info", "extra"), 2);
}

/* Every command: a bad option is one line of its own on stderr, exit 2. */
TEST(cli_every_command_one_line_option_errors)
{
	static const char *const cmds[] = {
		"run", "info", "list", "compat", "compare", "export", "index",
		"recover",
	};
	char want[160];

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		CHECK_EQ(RUN(cmds[i], "--bogus"), 2);
		snprintf(want, sizeof(want),
			 "iommubench %s: unknown option '--bogus' (see --help)\n",
			 cmds[i]);
		CHECK_STREQ(err, want);
		CHECK_STREQ(out, "");
		CHECK_EQ(RUN(cmds[i], "-Z"), 2);
		snprintf(want, sizeof(want),
			 "iommubench %s: unknown option '-Z' (see --help)\n",
			 cmds[i]);
		CHECK_STREQ(err, want);
	}
	CHECK_EQ(RUN("list", "--suite"), 2);
	CHECK_STREQ(err, "iommubench list: option '--suite' needs a value (see --help)\n");
	CHECK_EQ(RUN("compare", "--threshold"), 2);
	CHECK_STREQ(err, "iommubench compare: option '--threshold' needs a value (see --help)\n");
	CHECK_EQ(RUN("compare", "only-one"), 2);
	CHECK_STREQ(err, "iommubench compare: needs two runs, RUN_A and RUN_B (see --help)\n");
	CHECK_EQ(RUN("export", "some-run"), 2);
	CHECK_STREQ(err, "iommubench export: needs --format and one RUN (see --help)\n");
	CHECK_EQ(RUN("list"), 2);
	CHECK_STREQ(err, "iommubench list: --suite is required (see --help)\n");
}

TEST(cli_missing_device_exits_3_before_writing)
{
	const char *dir = harness_tmpdir();
	char out_dir[700];

	snprintf(out_dir, sizeof(out_dir), "%s/results", dir);
	/* Bus ff, device 1f, function 7 in domain ffff: not on any machine. */
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "ffff:ff:1f.7",
		     "--out-dir", out_dir), 3);
	CHECK_CONTAINS(err, "no PCI device ffff:ff:1f.7");
	CHECK(harness_read(out_dir, "latest") == NULL);
}

TEST(cli_list_prints_names_and_count)
{
	CHECK_EQ(RUN("list", "--suite", SMOKE), 0);
	CHECK_CONTAINS(out, "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:2097152/threads:1\n");
	CHECK_STREQ(last_line(out), "16 benchmarks x 10 repetitions (suite smoke)");
	CHECK_EQ(RUN("list", "--suite", IB_ROOT "/bench/suites/map-pages.suite"), 0);
	CHECK_STREQ(last_line(out), "132 benchmarks x 3 repetitions (suite map-pages)");
}

TEST(cli_list_sim_suite_verbose)
{
	CHECK_EQ(RUN("list", "--suite", IB_ROOT "/bench/suites/invalidation.suite",
		     "--verbose"), 0);
	CHECK_STREQ(last_line(out), "32 benchmarks x 1 repetitions (suite invalidation)");
	CHECK_STREQ(err, "");
	CHECK_CONTAINS(out, "sim/entry:map_pages/fault:stall/fault_ms:10/policy:bounded/deadline_ms:10/map:range/unmap:strict/pgsize:0x1000/size:4096/threads:2  batch=256 ops=10 duration_ns=1000000000 warmup=2 sim_hw=0x1000 service_ns=1000 fault_ns=10000000 deadline_ns=10000000\n");
	CHECK_CONTAINS(out, "sim/entry:map_pages/fault:stall-forever/policy:amd/map:range/unmap:strict/pgsize:0x1000/size:4096/threads:1  batch=256 ops=10 duration_ns=1000000000 warmup=2 sim_hw=0x1000 service_ns=1000 fault_ns=0 deadline_ns=100000000\n");
}

TEST(cli_list_dma_suites_and_threads_all)
{
	CHECK_EQ(RUN("list", "--suite", IB_ROOT "/bench/suites/strict-vs-fq.suite",
		     "--cpus", "0"), 0);
	CHECK_STREQ(last_line(out), "20 benchmarks x 3 repetitions (suite strict-vs-fq)");
	CHECK_CONTAINS(err, "threads all = 1 (the --cpus list)");
	CHECK_CONTAINS(out, "dma/api:page/mode:strict/shape:pair/dir:bidi/size:4096/threads:1\n");
	CHECK_EQ(RUN("list", "--suite", IB_ROOT "/bench/suites/scaling.suite",
		     "--cpus", "1,0", "--verbose"), 0);
	CHECK_STREQ(last_line(out), "4 benchmarks x 3 repetitions (suite scaling)");
	CHECK_CONTAINS(out, "dma/api:page/mode:fq/shape:pair/dir:bidi/size:4096/threads:2  batch=256 ops=5000 duration_ns=200000000 warmup=64 dma_bits=0\n");
	/* smoke does not use `all`: nothing about it on stderr */
	CHECK_EQ(RUN("list", "--suite", SMOKE), 0);
	CHECK_STREQ(err, "");
	CHECK_EQ(RUN("list", "--suite", SMOKE, "--cpus", "x"), 2);
	CHECK_CONTAINS(err, "bad --cpus 'x'");
	CHECK_EQ(RUN("list", "--suite", SMOKE, "--device", "nonsense"), 2);
}
