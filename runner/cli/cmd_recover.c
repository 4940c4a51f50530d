// SPDX-License-Identifier: GPL-2.0
/* cmd_recover: `iommubench recover`, a dead runner's pieces assembled. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "exitcodes.h"
#include "run_index.h"
#include "run_partial.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench recover RUN_DIR...\n"
"\n"
"A runner that died (SIGKILL, a crash, a guest that went down) leaves every\n"
"benchmark it finished in RUN_DIR/" RUN_PARTIAL_DIR "/, one piece each. This\n"
"assembles them into benchmarks.json, histograms.json and benchmarks.csv,\n"
"marks meta.json \"incomplete\" and updates the index.json of the directory\n"
"RUN_DIR is in. A run directory without pieces is left alone. Only for runs\n"
"whose runner is gone: `make bench` does it for a guest that died.\n"
"\n"
"  -h, --help  this help\n"
"\n"
"Exit status: 0 ok, 2 usage, 4 a run's pieces could not be read or its\n"
"files written.\n");
}

int cmd_recover(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = IB_EXIT_OK;

	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return IB_EXIT_OK;
		}
		return cli_option_error("recover", c, argv);
	}
	if (optind == argc) {
		fprintf(stderr, "iommubench recover: no RUN_DIR (see --help)\n");
		return IB_EXIT_USAGE;
	}
	for (; optind < argc; optind++) {
		char err[1024], parent[4096], id[4096];
		int n = run_partial_recover(argv[optind], err, sizeof(err));

		if (n < 0) {
			fprintf(stderr, "iommubench recover: %s\n", err);
			rc = IB_EXIT_IO;
			continue;
		}
		printf("%s: %d benchmark%s recovered\n", argv[optind], n,
		       n == 1 ? "" : "s");
		if (!n)
			continue;
		/* dirname/basename may modify their argument: copies */
		snprintf(parent, sizeof(parent), "%s", argv[optind]);
		snprintf(id, sizeof(id), "%s", argv[optind]);
		if (run_index_update(dirname(parent), basename(id), err,
				     sizeof(err)))
			fprintf(stderr, "iommubench recover: warning: %s\n", err);
	}
	return rc;
}
