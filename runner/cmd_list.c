// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_list: `iommubench list --suite FILE`: check a suite and print the
 * benchmarks it expands to, without a module or root.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "exitcodes.h"
#include "suite.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench list --suite FILE [--verbose]\n"
"\n"
"Parse a suite and print the name of every benchmark it expands to (the\n"
"names `run` reports, before Google Benchmark's /iterations:1/manual_time),\n"
"then a line 'N benchmarks x R repetitions'. Needs no module.\n"
"\n"
"  --suite FILE  suite file\n"
"  --verbose     also print each benchmark's batch, ops, duration, warmup\n"
"  -h, --help    this help\n"
"\n"
"Exit status: 0 ok, 2 usage or a bad suite.\n");
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	struct suite_point *pts;
	struct suite s;
	char err[1024];
	int c, verbose = 0;
	size_t n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': file = optarg; break;
		case 'v': verbose = 1; break;
		case 'h': usage(stdout); return IB_EXIT_OK;
		default: usage(stderr); return IB_EXIT_USAGE;
		}
	}
	if (!file || optind < argc) {
		usage(stderr);
		return IB_EXIT_USAGE;
	}
	if (suite_parse_file(file, &s, err, sizeof(err)) ||
	    suite_expand(&s, &pts, &n, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return IB_EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++) {
		if (verbose)
			printf("%s  batch=%u ops=%llu duration_ns=%llu warmup=%llu\n",
			       pts[i].name, pts[i].batch,
			       (unsigned long long)pts[i].ops,
			       (unsigned long long)pts[i].duration_ns,
			       (unsigned long long)pts[i].warmup);
		else
			printf("%s\n", pts[i].name);
	}
	printf("%zu benchmarks x %u repetitions (suite %s)\n", n, s.repetitions,
	       s.name);
	free(pts);
	return IB_EXIT_OK;
}
