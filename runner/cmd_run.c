// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_run: `iommubench run`. The order matters: everything that can be
 * checked without touching the system is checked first (exit 2), the
 * group type is read before the device moves, and once the device is
 * bound every way out goes through the restore.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "context.h"
#include "cpus.h"
#include "device.h"
#include "errname.h"
#include "exitcodes.h"
#include "fsutil.h"
#include "gbench_shim.h"
#include "kmod_client.h"
#include "parse_num.h"
#include "paths.h"
#include "point_runner.h"
#include "provenance.h"
#include "results.h"
#include "signals.h"
#include "suite.h"

#define GB_TMP_NAME	".benchmarks.json.tmp"
#define GB_FINAL_NAME	"benchmarks.json"
/* Google Benchmark's suffix on every name (Iterations(1), manual time). */
#define GB_NAME_SUFFIX	"/iterations:1/manual_time"

struct run_opts {
	const char *suite;
	const char *device;
	const char *out_dir;
	const char *run_id;
	const char *platform;
	const char *filter;
	const char *cpus;
	unsigned int repetitions;	/* 0 = the suite's */
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench run --suite FILE --device BDF|VID:DID --out-dir DIR\n"
"                      [--run-id ID] [--platform STR] [--repetitions N]\n"
"                      [--filter REGEX] [--cpus LIST]\n"
"\n"
"Bind the device to the iommubench module (through driver_override; the\n"
"old binding is restored on exit, also on SIGINT/SIGTERM/SIGHUP), run every\n"
"benchmark of the suite in the kernel, and write\n"
"DIR/<run-id>/benchmarks.json (Google Benchmark JSON) and histograms.json;\n"
"DIR/latest then points at <run-id>.\n"
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
"                     --benchmark_filter; names end in " GB_NAME_SUFFIX ")\n"
"  --cpus LIST        CPUs for the kernel workers, e.g. 0,2-3 (worker i\n"
"                     runs on the i-th); default: device-local CPUs\n"
"  -h, --help         this help\n"
"\n"
"Exit status: 0 ok, 1 a benchmark failed, 2 usage, 3 environment (module,\n"
"device, binding), 4 I/O, 128+N interrupted by signal N.\n");
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->platform = "hardware";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
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
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return IB_EXIT_USAGE;
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
	if (!o->platform[0]) {
		fprintf(stderr, "iommubench run: --platform must not be empty\n");
		return IB_EXIT_USAGE;
	}
	if (o->filter && strlen(o->filter) > 1000) {
		fprintf(stderr, "iommubench run: --filter is too long\n");
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

/*
 * Does --filter match any point? Checked up front with POSIX ERE so a
 * typo fails before the device is touched; Google Benchmark applies its
 * own regex engine afterwards (the same for ordinary patterns).
 */
static int check_filter(const char *filter, const struct suite_point *pts,
			size_t n)
{
	char full[SUITE_POINT_NAME_MAX + sizeof(GB_NAME_SUFFIX)], msg[256];
	bool any = false;
	const char *re = filter;
	regex_t rx;
	int e;

	if (!filter)
		return IB_EXIT_OK;
	if (re[0] == '-')
		re++;	/* Google Benchmark: a leading '-' negates */
	e = regcomp(&rx, re, REG_EXTENDED | REG_NOSUB);
	if (e) {
		regerror(e, &rx, msg, sizeof(msg));
		fprintf(stderr, "iommubench run: bad --filter '%s': %s\n",
			filter, msg);
		return IB_EXIT_USAGE;
	}
	for (size_t i = 0; i < n && !any; i++) {
		snprintf(full, sizeof(full), "%s%s", pts[i].name,
			 GB_NAME_SUFFIX);
		any = (regexec(&rx, full, 0, NULL, 0) == 0) != (re != filter);
	}
	regfree(&rx);
	if (!any) {
		fprintf(stderr,
			"iommubench run: --filter '%s' matches no benchmark of the suite (try `iommubench list --suite FILE`)\n",
			filter);
		return IB_EXIT_USAGE;
	}
	return IB_EXIT_OK;
}

/* The binding is restored from main flow; atexit covers exit() in libs. */
static struct binding g_binding;
static bool g_bound;

static int restore_binding(void)
{
	char err[1024];

	if (!g_bound)
		return 0;
	g_bound = false;
	if (device_restore(&g_binding, err, sizeof(err))) {
		fprintf(stderr, "iommubench run: %s\n", err);
		return -1;
	}
	return 0;
}

static void restore_at_exit(void)
{
	restore_binding();
}

/* INFO must show our device bound with the ABI we were built against. */
static int check_info(int fd, const char *bdf, struct iommubench_info *info)
{
	char why[128];
	int e = kmod_info(fd, info);

	if (e) {
		err_describe(-e, why, sizeof(why));
		fprintf(stderr, "iommubench run: IOMMUBENCH_IOC_INFO: %s\n",
			why);
		return IB_EXIT_ENV;
	}
	if (info->abi_version != IOMMUBENCH_ABI_VERSION) {
		fprintf(stderr,
			"iommubench run: module ABI %u, runner built for %u: rebuild one of them\n",
			info->abi_version, IOMMUBENCH_ABI_VERSION);
		return IB_EXIT_ENV;
	}
	info->device[sizeof(info->device) - 1] = '\0';
	info->inval_probe[sizeof(info->inval_probe) - 1] = '\0';
	if (!(info->flags & IOMMUBENCH_INFO_BOUND) || strcmp(info->device, bdf)) {
		fprintf(stderr,
			"iommubench run: the module reports device '%s' bound, expected %s\n",
			info->device, bdf);
		return IB_EXIT_ENV;
	}
	if (!(info->flags & IOMMUBENCH_INFO_HAS_DOMAIN))
		fprintf(stderr,
			"iommubench run: warning: the module has no paging domain for %s; runs will fail (see dmesg)\n",
			bdf);
	return IB_EXIT_OK;
}

/* Google Benchmark exits the process if it cannot open its output. */
static int precreate(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* Register, run; returns benchmarks run or -1. */
static long run_benchmarks(const struct run_opts *o, struct suite_point *pts,
			   size_t n, struct point_runner *pr,
			   const char *run_dir, unsigned int reps)
{
	char out_arg[4200], reps_arg[64], filter_arg[1100];
	char *gb_argv[6];
	struct point_slot *slots;
	int gb_argc = 0;
	long ran;

	slots = calloc(n, sizeof(*slots));
	if (!slots)
		return -1;
	for (size_t i = 0; i < n; i++) {
		slots[i].pt = &pts[i];
		slots[i].pr = pr;
		if (gbs_register(pts[i].name, point_runner_body, &slots[i])) {
			free(slots);
			return -1;
		}
	}
	snprintf(out_arg, sizeof(out_arg), "--benchmark_out=%s/%s", run_dir,
		 GB_TMP_NAME);
	snprintf(reps_arg, sizeof(reps_arg), "--benchmark_repetitions=%u",
		 reps);
	gb_argv[gb_argc++] = (char *)"iommubench";
	gb_argv[gb_argc++] = out_arg;
	gb_argv[gb_argc++] = (char *)"--benchmark_out_format=json";
	gb_argv[gb_argc++] = reps_arg;
	if (o->filter) {
		snprintf(filter_arg, sizeof(filter_arg),
			 "--benchmark_filter=%s", o->filter);
		gb_argv[gb_argc++] = filter_arg;
	}
	gb_argv[gb_argc] = NULL;
	ran = gbs_run(gb_argc, gb_argv);
	free(slots);
	return ran;
}

/* Rename the JSON into place, write histograms, move `latest`. */
static int finish_results(const char *out_dir, const char *run_dir,
			  const char *run_id, struct point_runner *pr,
			  bool move_latest)
{
	char why[128];
	int e;

	e = results_commit(run_dir, GB_TMP_NAME, GB_FINAL_NAME);
	if (!e)
		e = histlog_write(&pr->log, run_dir, run_id);
	if (!e && move_latest)
		e = results_point_latest(out_dir, run_id);
	if (e) {
		err_describe(-e, why, sizeof(why));
		fprintf(stderr, "iommubench run: writing results in %s: %s\n",
			run_dir, why);
		return IB_EXIT_IO;
	}
	return IB_EXIT_OK;
}

/* Everything one `run` holds, so each phase can be its own function. */
struct run_state {
	struct run_opts o;
	struct suite s;
	struct suite_point *pts;
	size_t npts;
	unsigned int reps;
	char bdf[DEVICE_BDF_MAX];
	struct cpu_choice *cc;
	struct provenance pv;
	struct iommubench_info info;
	int fd;
	char run_id[RUN_ID_MAX];
	char run_dir[4096];
	char gb_tmp[4200];
	bool dir_created;
	struct point_runner pr;
	bool pr_ready;
	long ran;		/* benchmarks Google Benchmark ran */
};

/* Checks that touch nothing: arguments, suite, device, CPUs, module. */
static int prepare(struct run_state *st, int argc, char **argv)
{
	char err[1024], why[128];
	int rc;

	rc = parse_opts(argc, argv, &st->o);
	if (rc)
		return rc;
	if (suite_parse_file(st->o.suite, &st->s, err, sizeof(err)) ||
	    suite_expand(&st->s, &st->pts, &st->npts, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return IB_EXIT_USAGE;
	}
	st->reps = st->o.repetitions ? st->o.repetitions : st->s.repetitions;
	rc = check_filter(st->o.filter, st->pts, st->npts);
	if (rc)
		return rc;
	rc = device_resolve(paths_sysfs(), st->o.device, st->bdf,
			    sizeof(st->bdf), err, sizeof(err));
	if (rc) {
		fprintf(stderr, "iommubench run: %s\n", err);
		return rc == DEVICE_EUSAGE ? IB_EXIT_USAGE : IB_EXIT_ENV;
	}
	if (cpus_choose(paths_sysfs(), st->bdf, st->o.cpus, st->cc, err,
			sizeof(err))) {
		fprintf(stderr, "iommubench run: %s\n", err);
		return IB_EXIT_USAGE;
	}
	st->fd = kmod_open(paths_devnode());
	if (st->fd < 0) {
		err_describe(-st->fd, why, sizeof(why));
		fprintf(stderr, "iommubench run: cannot open %s: %s: %s\n",
			paths_devnode(), why, kmod_open_hint(st->fd));
		return IB_EXIT_ENV;
	}
	/* Before binding: the group type is the default domain's. */
	provenance_collect(&st->pv, paths_sysfs(), paths_procfs(), st->bdf);
	return IB_EXIT_OK;
}

/* DIR/<run-id>/ with an empty .benchmarks.json.tmp in it. */
static int create_run_dir(struct run_state *st)
{
	char why[128];
	int e;

	if (st->o.run_id)
		snprintf(st->run_id, sizeof(st->run_id), "%s", st->o.run_id);
	else
		results_default_run_id(time(NULL), st->pv.kernel_release,
				       st->run_id, sizeof(st->run_id));
	e = results_create_run_dir(st->o.out_dir, st->run_id,
				   sizeof(st->run_id), !st->o.run_id,
				   st->run_dir, sizeof(st->run_dir));
	if (!e) {
		st->dir_created = true;
		e = fs_path(st->gb_tmp, sizeof(st->gb_tmp), "%s/%s",
			    st->run_dir, GB_TMP_NAME);
	}
	if (!e)
		e = precreate(st->gb_tmp);
	if (e) {
		err_describe(-e, why, sizeof(why));
		fprintf(stderr, "iommubench run: cannot create %s/%s: %s%s\n",
			st->o.out_dir, st->run_id, why,
			e == -EEXIST ? " (choose another --run-id)" : "");
		return e == -EEXIST ? IB_EXIT_USAGE : IB_EXIT_IO;
	}
	return IB_EXIT_OK;
}

/* From here on every way out restores the binding. */
static int bind_device(struct run_state *st)
{
	char err[1024];
	int e;

	e = signals_install();
	if (e) {
		fprintf(stderr, "iommubench run: sigaction: %s\n", strerror(-e));
		return IB_EXIT_ENV;
	}
	atexit(restore_at_exit);
	g_bound = true;	/* restore whatever device_bind got done */
	if (device_bind(&g_binding, paths_sysfs(), st->bdf, IOMMUBENCH_DRV_NAME,
			err, sizeof(err))) {
		fprintf(stderr, "iommubench run: %s\n", err);
		return IB_EXIT_ENV;
	}
	return check_info(st->fd, st->bdf, &st->info);
}

static int measure(struct run_state *st)
{
	if (point_runner_init(&st->pr, st->fd, kmod_run, st->cc)) {
		fprintf(stderr, "iommubench run: out of memory\n");
		return IB_EXIT_ENV;
	}
	st->pr_ready = true;
	if (signals_pending()) {
		st->pr.stop_signal = signals_pending();
		return IB_EXIT_OK;
	}
	context_add(&st->pv, &st->info, st->cc, st->o.platform, st->s.name,
		    st->o.suite, st->run_id, st->reps);
	st->ran = run_benchmarks(&st->o, st->pts, st->npts, &st->pr,
				 st->run_dir, st->reps);
	if (st->ran < 0) {
		fprintf(stderr, "iommubench run: Google Benchmark failed\n");
		return IB_EXIT_ENV;
	}
	if (st->ran == 0)
		return IB_EXIT_USAGE;	/* its filter matched nothing; it said so */
	return IB_EXIT_OK;
}

/* Files into place, the closing lines; returns an I/O failure or 0. */
static int report(struct run_state *st)
{
	bool stopped = st->pr.stop_signal != 0;
	int rc;

	/* Also when interrupted: what ran is kept, the rest is marked. */
	rc = finish_results(st->o.out_dir, st->run_dir, st->run_id, &st->pr,
			    !stopped);
	if (rc)
		return rc;	/* it said what; no "results:" line to a lost file */
	if (strcmp(st->o.platform, "hardware"))
		printf("NOTE: emulated platform (%s): compare ratios and counts, not absolute times\n",
		       st->o.platform);
	printf("results: %s/%s%s\n", st->run_dir, GB_FINAL_NAME,
	       stopped ? " (interrupted: partial; `latest` not moved)" : "");
	fflush(stdout);
	return IB_EXIT_OK;
}

int cmd_run(int argc, char **argv)
{
	static struct cpu_choice cc;	/* large: keep it off the stack */
	static struct run_state st;
	int rc;

	memset(&st, 0, sizeof(st));
	st.cc = &cc;
	st.fd = -1;
	rc = prepare(&st, argc, argv);
	if (rc < 0) {
		rc = IB_EXIT_OK;	/* --help */
		goto out;
	}
	if (!rc)
		rc = create_run_dir(&st);
	if (!rc)
		rc = bind_device(&st);
	if (!rc)
		rc = measure(&st);
	if (restore_binding() && !rc)
		rc = IB_EXIT_ENV;
	if (st.pr_ready && !st.pr.stop_signal && signals_pending())
		st.pr.stop_signal = signals_pending();
	if (st.ran > 0) {
		int e = report(&st);

		if (e && (!rc || rc == IB_EXIT_ENV))
			rc = e;
	}
	if (st.pr_ready && st.pr.stop_signal)
		rc = IB_EXIT_SIGNAL_BASE + st.pr.stop_signal;
	else if (!rc && st.pr_ready && st.pr.failures)
		rc = IB_EXIT_FAILED;
out:
	restore_binding();
	/* Nothing measured: leave no empty run directory behind. */
	if (st.dir_created && st.ran <= 0) {
		unlink(st.gb_tmp);
		rmdir(st.run_dir);
	}
	if (st.pr_ready)
		point_runner_free(&st.pr);
	if (st.fd >= 0)
		close(st.fd);
	free(st.pts);
	return rc;
}
