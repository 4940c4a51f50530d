// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_run: `iommubench run`. Everything that can be checked without
 * touching the system is checked first (exit 2); session.c does the rest.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "cpus.h"
#include "device.h"
#include "exitcodes.h"
#include "parse_num.h"
#include "syspaths.h"
#include "results.h"
#include "runtags.h"
#include "session.h"
#include "suite.h"

struct run_opts {
	const char *suite;
	const char *device;
	const char *out_dir;
	const char *run_id;
	const char *platform;
	const char *filter;
	const char *cpus;
	unsigned int repetitions;	/* 0 = the suite's */
	struct runtags tags;		/* --clock, --group, --round */
	bool order_random;		/* --order random */
	bool seed_given;
	unsigned long long seed;	/* --seed */
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench run --suite FILE --device BDF|VID:DID --out-dir DIR\n"
"                      [--run-id ID] [--platform STR] [--repetitions N]\n"
"                      [--filter REGEX] [--cpus LIST]\n"
"                      [--clock wall|icount:N] [--group ID] [--round K/N]\n"
"                      [--order suite|random [--seed N]]\n"
"\n"
"Bind the device to the iommubench module (through driver_override; the\n"
"old binding is restored on exit, also on SIGINT/SIGTERM/SIGHUP; after\n"
"SIGKILL by `iommubench restore` or the next run), run every\n"
"benchmark of the suite in the kernel, and write\n"
"DIR/<run-id>/benchmarks.json (Google Benchmark JSON) and histograms.json;\n"
"DIR/latest then points at <run-id>. Points with `mode strict` or `fq`\n"
"switch the device's IOMMU group type (DMA, DMA-FQ) first; the original\n"
"type is restored on exit too. Points that cannot run here are skipped\n"
"with the reason (not failures).\n"
"\n"
"  --suite FILE       suite file (bench/suites/*.suite)\n"
"  --device DEV       PCI address (0000:00:03.0) or VID:DID (1234:11e8)\n"
"  --out-dir DIR      directory for run directories (created if missing)\n"
"  --run-id ID        run directory name [A-Za-z0-9._+-]; default\n"
"                     UTC YYYYmmdd-HHMMSS-<kernel release>\n"
"  --platform STR     'hardware' (default) or the emulator and vIOMMU,\n"
"                     e.g. qemu-tcg/intel-iommu (marks results emulated)\n"
"  --repetitions N    repetitions per benchmark (default: the suite's)\n"
"  --filter REGEX     only benchmarks whose name matches (Google Benchmark\n"
"                     --benchmark_filter; names end in " SESSION_GB_NAME_SUFFIX ")\n"
"  --cpus LIST        CPUs for the kernel workers, e.g. 0,2-3 (worker i\n"
"                     runs on the i-th); default: device-local CPUs\n"
"  --clock wall|icount:N\n"
"                     what the times count, recorded as `clock` (and\n"
"                     `icount_shift`) in the context and meta.json:\n"
"                     wall (default) or QEMU's instruction counter, the\n"
"                     guest started with -icount shift=N,sleep=off\n"
"                     (bench/vm/run.sh --clock icount:N)\n"
"  --group ID         this run is one boot of a group of runs of the same\n"
"                     configuration (make bench ROUNDS=N): `group` in the\n"
"                     context and meta.json\n"
"  --round K/N        the K-th of the group's N boots (`round`, `rounds`)\n"
"  --order ORDER      suite (default): the suite's order, points needing\n"
"                     no group-type switch first; random: a seeded\n"
"                     shuffle of that order (never an extra switch), so\n"
"                     drift over a run does not always fall on the same\n"
"                     points. benchmarks.json lists them as they ran;\n"
"                     the context records point_order and order_seed\n"
"  --seed N           the shuffle's seed, 0..2^64-1 (default: from the\n"
"                     clock, printed); the same seed, the same order\n"
"  -h, --help         this help\n"
"\n"
"Exit status: 0 ok (skipped benchmarks included), 1 a benchmark failed,\n"
"2 usage, 3 environment (module, device, binding, group type restore),\n"
"4 I/O, 5 the device was removed during the run, 128+N interrupted by\n"
"signal N.\n");
}

/* Options; IB_EXIT_OK to go on, anything else to return at once. */
static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "suite", required_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'd' },
		{ "out-dir", required_argument, NULL, 'o' },
		{ "run-id", required_argument, NULL, 'i' },
		{ "platform", required_argument, NULL, 'p' },
		{ "repetitions", required_argument, NULL, 'r' },
		{ "filter", required_argument, NULL, 'f' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "clock", required_argument, NULL, 'C' },
		{ "group", required_argument, NULL, 'G' },
		{ "round", required_argument, NULL, 'R' },
		{ "order", required_argument, NULL, 'O' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[256];
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->platform = "hardware";
	optind = 1;
	opterr = 0;	/* one line of our own, not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o->suite = optarg; break;
		case 'd': o->device = optarg; break;
		case 'o': o->out_dir = optarg; break;
		case 'i': o->run_id = optarg; break;
		case 'p': o->platform = optarg; break;
		case 'f': o->filter = optarg; break;
		case 'c': o->cpus = optarg; break;
		case 'r':
			if (parse_u64(optarg, &v) || v < 1 ||
			    v > SUITE_MAX_REPETITIONS) {
				fprintf(stderr,
					"iommubench run: --repetitions must be 1..%d\n",
					SUITE_MAX_REPETITIONS);
				return IB_EXIT_USAGE;
			}
			o->repetitions = (unsigned int)v;
			break;
		case 'C':
		case 'G':
		case 'R':
			if ((c == 'C' ? runtags_parse_clock :
			     c == 'G' ? runtags_parse_group :
					runtags_parse_round)(optarg, &o->tags, err,
							     sizeof(err))) {
				fprintf(stderr, "iommubench run: %s\n", err);
				return IB_EXIT_USAGE;
			}
			break;
		case 'O':
			if (!strcmp(optarg, "random"))
				o->order_random = true;
			else if (!strcmp(optarg, "suite"))
				o->order_random = false;
			else {
				fprintf(stderr,
					"iommubench run: --order must be suite or random\n");
				return IB_EXIT_USAGE;
			}
			break;
		case 'S':
			if (parse_u64(optarg, &v)) {
				fprintf(stderr,
					"iommubench run: --seed must be a number 0..2^64-1\n");
				return IB_EXIT_USAGE;
			}
			o->seed = v;
			o->seed_given = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return cli_option_error("run", c, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iommubench run: unexpected argument '%s'\n",
			argv[optind]);
		return IB_EXIT_USAGE;
	}
	if (!o->suite || !o->device || !o->out_dir) {
		fprintf(stderr,
			"iommubench run: --suite, --device and --out-dir are required (see --help)\n");
		return IB_EXIT_USAGE;
	}
	if (o->seed_given && !o->order_random) {
		fprintf(stderr,
			"iommubench run: --seed needs --order random\n");
		return IB_EXIT_USAGE;
	}
	if (!o->platform[0]) {
		fprintf(stderr, "iommubench run: --platform must not be empty\n");
		return IB_EXIT_USAGE;
	}
	if (o->filter && strlen(o->filter) > 1000) {
		fprintf(stderr, "iommubench run: --filter is too long\n");
		return IB_EXIT_USAGE;
	}
	if (!!o->tags.group[0] != !!o->tags.rounds) {
		fprintf(stderr,
			"iommubench run: --group and --round go together\n");
		return IB_EXIT_USAGE;
	}
	if (o->run_id && !results_run_id_valid(o->run_id)) {
		fprintf(stderr,
			"iommubench run: bad --run-id '%s' (1..%d of [A-Za-z0-9._+-], no leading '.', not 'latest')\n",
			o->run_id, RUN_ID_MAX - 1);
		return IB_EXIT_USAGE;
	}
	return IB_EXIT_OK;
}

/* A seed nobody chose: the time and the pid, mixed (printed, recorded). */
static unsigned long long clock_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((unsigned long long)ts.tv_sec * 1000000000ULL +
		(unsigned long long)ts.tv_nsec) ^
	       ((unsigned long long)getpid() << 32);
}

/* Expand with `threads all` = all; print the suite error. */
static int expand(const struct suite *s, unsigned int all,
		  struct suite_point **pts, size_t *n)
{
	char err[1024];

	free(*pts);
	*pts = NULL;
	if (suite_expand(s, all, pts, n, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return IB_EXIT_USAGE;
	}
	return IB_EXIT_OK;
}

int cmd_run(int argc, char **argv)
{
	static struct cpu_choice cc;	/* large: keep it off the stack */
	static struct session se;
	static struct suite s;
	static uint32_t online[CPUS_MAX];
	struct run_opts o;
	size_t n_online = 0;
	char err[1024];
	int rc;

	session_init(&se, "run", &cc);
	rc = parse_opts(argc, argv, &o);
	if (rc < 0)
		return IB_EXIT_OK;	/* --help */
	if (rc)
		return rc;
	if (suite_parse_file(o.suite, &s, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return IB_EXIT_USAGE;
	}
	/*
	 * The filter is checked before the device is looked at, with `threads
	 * all` provisionally this machine's online CPUs; again below with the
	 * device-local count if the suite uses it.
	 */
	if (cpus_online(syspaths_sysfs(), online, CPUS_MAX, &n_online) || !n_online)
		n_online = 1;
	rc = expand(&s, (unsigned int)n_online, &se.pts, &se.npts);
	if (!rc && !suite_uses_all_threads(&s))
		rc = session_check_filter("run", o.filter, se.pts, se.npts);
	if (!rc) {
		rc = device_resolve(syspaths_sysfs(), o.device, se.bdf,
				    sizeof(se.bdf), err, sizeof(err));
		if (rc) {
			fprintf(stderr, "iommubench run: %s\n", err);
			rc = rc == DEVICE_EUSAGE ? IB_EXIT_USAGE : IB_EXIT_ENV;
		}
	}
	if (!rc && cpus_choose(syspaths_sysfs(), se.bdf, o.cpus, &cc, err,
			       sizeof(err))) {
		fprintf(stderr, "iommubench run: %s\n", err);
		rc = IB_EXIT_USAGE;
	}
	if (!rc && suite_uses_all_threads(&s)) {
		rc = expand(&s, (unsigned int)cpus_all_count(&cc), &se.pts,
			    &se.npts);
		if (!rc)
			rc = session_check_filter("run", o.filter, se.pts,
						  se.npts);
	}
	if (!rc) {
		runtags_set(&o.tags);
		se.out_dir = o.out_dir;
		se.run_id_opt = o.run_id;
		se.platform = o.platform;
		se.filter = o.filter;
		se.suite_name = s.name;
		se.suite_file = o.suite;
		se.reps = o.repetitions ? o.repetitions : s.repetitions;
		se.order_random = o.order_random;
		se.order_seed = o.seed_given ? o.seed : clock_seed();
		if (o.order_random)
			printf("iommubench run: order random, seed %llu\n",
			       se.order_seed);
		rc = session_open(&se);
	}
	if (!rc)
		rc = session_run(&se);
	session_close(&se);
	free(se.pts);
	return rc;
}
