// SPDX-License-Identifier: GPL-2.0
/* cmd_index: `iommubench index`, index.json rebuilt from the run dirs. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "resultfiles.h"
#include "commands.h"
#include "exitcodes.h"
#include "run_index.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench index [--results DIR]\n"
"       iommubench index --files\n"
"\n"
"Rebuild DIR/index.json (default DIR: results) from the run directories in\n"
"DIR: each run's meta.json, or for runs older than meta.json the context of\n"
"its benchmarks.json (status \"unknown\"). `run` keeps the index up to date\n"
"by itself; this is for directories copied, pruned or merged by hand.\n"
"\n"
"  --results DIR  the results directory (default: results)\n"
"  --files        print the names of a results directory's files instead,\n"
"                 one \"KEY<TAB>NAME\" line each (benchmarks benchmarks.json,\n"
"                 ...): the one list the shell scripts read (plots/lib.sh)\n"
"  -h, --help     this help\n"
"\n"
"Exit status: 0 ok, 2 usage, 4 I/O (DIR unreadable, index unwritable).\n");
}

/* resultfiles.h for the shell side: KEY<TAB>NAME lines. */
static int print_files(void)
{
	static const char *const files[][2] = {
		{ "benchmarks", IB_FILE_BENCHMARKS }, { "csv", IB_FILE_CSV },
		{ "histograms", IB_FILE_HISTOGRAMS }, { "meta", IB_FILE_META },
		{ "partial", IB_DIR_PARTIAL }, { "dmesg", IB_FILE_DMESG },
		{ "guest_log", IB_FILE_GUEST_LOG }, { "index", IB_FILE_INDEX },
		{ "latest", IB_LINK_LATEST },
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		printf("%s\t%s\n", files[i][0], files[i][1]);
	return fflush(stdout) ? IB_EXIT_IO : IB_EXIT_OK;
}

int cmd_index(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "files", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = "results";
	char err[1024];
	int c, n, files = 0;

	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': dir = optarg; break;
		case 'f': files = 1; break;
		case 'h': usage(stdout); return IB_EXIT_OK;
		default: return cli_option_error("index", c, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iommubench index: unexpected argument '%s'\n",
			argv[optind]);
		return IB_EXIT_USAGE;
	}
	if (files)
		return print_files();
	n = run_index_rebuild(dir, err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "iommubench index: %s\n", err);
		return IB_EXIT_IO;
	}
	printf("%s/" IB_FILE_INDEX ": %d run%s\n", dir, n, n == 1 ? "" : "s");
	return IB_EXIT_OK;
}
