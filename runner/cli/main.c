// SPDX-License-Identifier: GPL-2.0
/* main: `iommubench <command>` dispatch, --help and --version. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exitcodes.h"
#include "iommubench.h"
#include "version.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} commands[] = {
	{ "run", cmd_run, "bind a device, run a suite, write results" },
	{ "info", cmd_info, "print the module's state (IOMMUBENCH_IOC_INFO)" },
	{ "list", cmd_list, "print the benchmarks a suite expands to" },
	{ "compat", cmd_compat, "dma_map_benchmark's run and figures, beside ours" },
	{ "compare", cmd_compare, "two runs, metric by metric, with a significance test" },
	{ "export", cmd_export, "a run as points, Bencher, github-action-benchmark or LKP figures" },
	{ "index", cmd_index, "rebuild a results directory's index.json" },
	{ "recover", cmd_recover, "assemble the finished benchmarks of a run that died" },
	{ "restore", cmd_restore, "undo the binding and group type a killed runner left" },
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench <command> [options]\n"
"       iommubench --help | --version\n"
"\n"
"Measures the kernel's IOMMU map/unmap paths through the iommubench module\n"
"and reports through Google Benchmark. Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
	fprintf(f,
"\n"
"`iommubench <command> --help` describes each. docs/runner.md has the suite\n"
"format and the exact definition of every reported number.\n"
"Exit status: 0 ok, 1 a benchmark failed (compare: a metric got worse),\n"
"2 usage, 3 environment, 4 I/O (or a malformed run), 128+N interrupted by\n"
"signal N.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return IB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return IB_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("iommubench %s (module ABI %d)\n", iommubench_version(),
		       IOMMUBENCH_ABI_VERSION);
		return IB_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "iommubench: unknown command '%s' (see --help)\n",
		argv[1]);
	return IB_EXIT_USAGE;
}
