// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_list: `iommubench list --suite FILE`: check a suite and print the
 * benchmarks it expands to, without a module or root; `list --paths`: the
 * paths the runner knows (paths/registry.c) and their suite keys.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "cpus.h"
#include "device.h"
#include "exitcodes.h"
#include "path.h"
#include "syspaths.h"
#include "suite.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench list --suite FILE [--verbose] [--device DEV] [--cpus LIST]\n"
"       iommubench list --paths\n"
"\n"
"Parse a suite and print the name of every benchmark it expands to (the\n"
"names `run` reports, before Google Benchmark's /iterations:1/manual_time),\n"
"then a line 'N benchmarks x R repetitions'. Needs no module.\n"
"\n"
"  --suite FILE  suite file\n"
"  --verbose     also print each benchmark's batch, ops, duration, warmup\n"
"                and dma_bits\n"
"  --device DEV  resolve `threads all`/`sweep` as `run --device DEV` would\n"
"                (its device-local CPUs); default: this machine's online CPUs\n"
"  --cpus LIST   resolve them from this CPU list instead, as `run --cpus`\n"
"  --paths       print the paths a suite's `path` can name, one a line:\n"
"                name, what it runs, the suite keys of its own\n"
"  -h, --help    this help\n"
"\n"
"Exit status: 0 ok, 2 usage or a bad suite, 3 --device not found.\n");
}

/* What `threads all` stands for here; 0 with a message on failure. */
static int all_threads(const char *device, const char *cpus,
		       unsigned int *all)
{
	static struct cpu_choice cc;
	char bdf[DEVICE_BDF_MAX], err[1024];
	int rc;

	if (device) {
		rc = device_resolve(syspaths_sysfs(), device, bdf, sizeof(bdf),
				    err, sizeof(err));
		if (rc) {
			fprintf(stderr, "iommubench list: %s\n", err);
			return rc == DEVICE_EUSAGE ? IB_EXIT_USAGE : IB_EXIT_ENV;
		}
	}
	if (device || cpus) {
		if (cpus_choose(syspaths_sysfs(), device ? bdf : NULL, cpus, &cc,
				err, sizeof(err))) {
			fprintf(stderr, "iommubench list: %s\n", err);
			return IB_EXIT_USAGE;
		}
		*all = (unsigned int)cpus_all_count(&cc);
		return IB_EXIT_OK;
	}
	{
		static uint32_t online[CPUS_MAX];
		size_t n = 0;

		if (cpus_online(syspaths_sysfs(), online, CPUS_MAX, &n) || !n)
			n = 1;
		*all = (unsigned int)n;
	}
	return IB_EXIT_OK;
}

/* One line per registered path: "iommu  summary  (keys: map unmap ...)". */
static void list_paths(void)
{
	for (size_t i = 0; i < path_count(); i++) {
		const struct path_desc *p = path_at(i);

		printf("%-6s %s (keys:", p->name, p->summary);
		for (const struct suite_key *const *k = p->keys; k && *k; k++)
			printf(" %s", (*k)->key);
		printf(")\n");
	}
}

int cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "device", required_argument, NULL, 'd' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "paths", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *device = NULL, *cpus = NULL;
	struct suite_point *pts;
	struct suite s;
	char err[1024];
	int c, verbose = 0, paths = 0, rc;
	unsigned int all = 1;
	size_t n;

	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': file = optarg; break;
		case 'v': verbose = 1; break;
		case 'd': device = optarg; break;
		case 'c': cpus = optarg; break;
		case 'p': paths = 1; break;
		case 'h': usage(stdout); return IB_EXIT_OK;
		default: return cli_option_error("list", c, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iommubench list: unexpected argument '%s'\n",
			argv[optind]);
		return IB_EXIT_USAGE;
	}
	if (paths && !file) {
		list_paths();
		return IB_EXIT_OK;
	}
	if (!file) {
		fprintf(stderr, "iommubench list: --suite is required (see --help)\n");
		return IB_EXIT_USAGE;
	}
	if (suite_parse_file(file, &s, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return IB_EXIT_USAGE;
	}
	rc = all_threads(device, cpus, &all);
	if (rc)
		return rc;
	if (suite_expand(&s, all, &pts, &n, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return IB_EXIT_USAGE;
	}
	if (suite_uses_all_threads(&s))
		fprintf(stderr, "iommubench list: threads all = %u (%s)\n", all,
			device ? "the device-local CPUs" :
			cpus ? "the --cpus list" :
			"this machine's online CPUs; `run` takes the device-local ones");
	for (size_t i = 0; i < n; i++) {
		if (verbose) {
			char more[512];

			pts[i].path->describe(&pts[i], more, sizeof(more));
			printf("%s  %s\n", pts[i].name, more);
		} else {
			printf("%s\n", pts[i].name);
		}
	}
	printf("%zu benchmarks x %u repetitions (suite %s)\n", n, s.repetitions,
	       s.name);
	free(pts);
	return IB_EXIT_OK;
}
