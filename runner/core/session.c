// SPDX-License-Identifier: GPL-2.0
/*
 * session: the shared body of `run` and `compat`; see session.h. The order
 * matters: the group type is read before the device moves, and once the
 * device is bound every way out goes through the restore (group type
 * first, with the device unbound, then the binding). The device's part is
 * session_device.c, the result files' session_results.c.
 */
#include "session.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "context.h"
#include "errname.h"
#include "exitcodes.h"
#include "gbench_shim.h"
#include "kmod_client.h"
#include "syspaths.h"
#include "session_parts.h"
#include "signals.h"

int session_check_filter(const char *cmd, const char *filter,
			 const struct suite_point *pts, size_t n)
{
	char full[SUITE_POINT_NAME_MAX + sizeof(SESSION_GB_NAME_SUFFIX)];
	char msg[256];
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
		fprintf(stderr, "iommubench %s: bad --filter '%s': %s\n", cmd,
			filter, msg);
		return IB_EXIT_USAGE;
	}
	for (size_t i = 0; i < n && !any; i++) {
		snprintf(full, sizeof(full), "%s%s", pts[i].name,
			 SESSION_GB_NAME_SUFFIX);
		any = (regexec(&rx, full, 0, NULL, 0) == 0) != (re != filter);
	}
	regfree(&rx);
	if (!any) {
		fprintf(stderr,
			"iommubench %s: --filter '%s' matches no benchmark of the suite (try `iommubench list --suite FILE`)\n",
			cmd, filter);
		return IB_EXIT_USAGE;
	}
	return IB_EXIT_OK;
}

/* Needs no switch: keep, or the type the group already has. */
static bool runs_as_is(const struct suite_point *pt, const char *original)
{
	const char *want = suite_mode_group_type(pt->mode);

	return !want || (original && !strcmp(want, original));
}

void session_order_points(struct suite_point *pts, size_t n,
			  const char *original_type)
{
	struct suite_point *tmp = malloc(n * sizeof(*tmp));
	size_t k = 0;

	if (!tmp)
		return;	/* the suite's order works too, with more switches */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if (runs_as_is(&pts[i], original_type) == (pass == 0))
				tmp[k++] = pts[i];
	memcpy(pts, tmp, n * sizeof(*tmp));
	free(tmp);
}

/* splitmix64: a fixed generator, so a seed means one order everywhere */
static unsigned long long next_rand(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Points that may trade places without adding a group-type switch. */
static long shuffle_class(const struct suite_point *pt, const char *original)
{
	return runs_as_is(pt, original) ? -1 : (long)pt->mode;
}

void session_shuffle_points(struct suite_point *pts, size_t n,
			    const char *original_type,
			    unsigned long long seed)
{
	unsigned long long state = seed;
	struct suite_point t;
	size_t lo, hi, i, j;

	session_order_points(pts, n, original_type);
	for (lo = 0; lo < n; lo = hi) {
		long cls = shuffle_class(&pts[lo], original_type);

		for (hi = lo + 1;
		     hi < n && shuffle_class(&pts[hi], original_type) == cls;
		     hi++)
			;
		for (i = hi - 1; i > lo; i--) {
			j = lo + (size_t)(next_rand(&state) % (i - lo + 1));
			t = pts[i];
			pts[i] = pts[j];
			pts[j] = t;
		}
	}
}

void session_init(struct session *se, const char *cmd, struct cpu_choice *cc)
{
	memset(se, 0, sizeof(*se));
	se->cmd = cmd;
	se->cc = cc;
	se->fd = -1;
}

int session_open(struct session *se)
{
	const char *original;
	char why[128];
	int rc;

	rc = session_device_probe(se);
	if (rc)
		return rc;
	se->fd = kmod_open(syspaths_devnode());
	if (se->fd < 0) {
		err_describe(-se->fd, why, sizeof(why));
		fprintf(stderr, "iommubench %s: cannot open %s: %s: %s\n",
			se->cmd, syspaths_devnode(), why, kmod_open_hint(se->fd));
		return IB_EXIT_ENV;
	}
	/* Before binding: the group type is the default domain's. */
	provenance_collect(&se->pv, syspaths_sysfs(), syspaths_procfs(), se->bdf);
	original = session_device_group(se);
	if (se->order_random)
		session_shuffle_points(se->pts, se->npts, original,
				       se->order_seed);
	else
		session_order_points(se->pts, se->npts, original);
	return IB_EXIT_OK;
}

/* Register, run; returns benchmarks run or -1. */
static long run_benchmarks(struct session *se)
{
	char out_arg[4200], reps_arg[64], filter_arg[1100];
	char *gb_argv[6];
	struct point_slot *slots;
	int gb_argc = 0;
	long ran;

	slots = calloc(se->npts, sizeof(*slots));
	if (!slots)
		return -1;
	for (size_t i = 0; i < se->npts; i++) {
		slots[i].pt = &se->pts[i];
		slots[i].pr = &se->pr;
		if (gbs_register(se->pts[i].name, point_runner_body,
				 &slots[i])) {
			free(slots);
			return -1;
		}
	}
	snprintf(out_arg, sizeof(out_arg), "--benchmark_out=%s/%s",
		 se->run_dir, SESSION_GB_TMP_NAME);
	snprintf(reps_arg, sizeof(reps_arg), "--benchmark_repetitions=%u",
		 se->reps);
	gb_argv[gb_argc++] = (char *)"iommubench";
	gb_argv[gb_argc++] = out_arg;
	gb_argv[gb_argc++] = (char *)"--benchmark_out_format=json";
	gb_argv[gb_argc++] = reps_arg;
	if (se->filter) {
		snprintf(filter_arg, sizeof(filter_arg),
			 "--benchmark_filter=%s", se->filter);
		gb_argv[gb_argc++] = filter_arg;
	}
	gb_argv[gb_argc] = NULL;
	gbs_set_console(!se->quiet);
	gbs_set_report(session_results_piece, se);
	ran = gbs_run(gb_argc, gb_argv);
	gbs_set_report(NULL, NULL);
	free(slots);
	return ran;
}

/*
 * Which perf events count on the candidate CPUs: said once in the context
 * and, when some do not, once on stderr. The run goes on either way; an
 * event not counted reads -1 in every repetition.
 */
static void perf_setup(struct session *se)
{
	char events[128], unsupported[128], why[1024];

	perfcount_init(&se->perf);
	perfcount_probe(&se->perf, se->cc->cpus, se->cc->n);
	perfcount_describe(&se->perf, events, sizeof(events), unsupported,
			   sizeof(unsupported), why, sizeof(why));
	gbs_add_context("perf_events", events[0] ? events : "none");
	gbs_add_context("perf_unsupported",
			unsupported[0] ? unsupported : "none");
	gbs_add_context("perf_scope",
			"kernel mode, per CPU on the workers' CPUs, whole RUN ioctl");
	if (unsupported[0])
		fprintf(stderr,
			"iommubench %s: perf: not counted (reported as -1): %s\n",
			se->cmd, why);
	se->pr.perf = &se->perf;
}

/*
 * The order the points run in (benchmarks.json lists them in it) and, for
 * random, its seed: the same seed and suite give the same order again.
 */
static void order_context(struct session *se)
{
	char seed[32], delay[32];

	gbs_add_context("point_order", se->order_random ? "random" : "suite");
	if (se->order_random) {
		snprintf(seed, sizeof(seed), "%llu", se->order_seed);
		gbs_add_context("order_seed", seed);
	}
	/* a slowed module (the sensitivity knob) says so in every run */
	if (se->pv.op_delay_ns) {
		snprintf(delay, sizeof(delay), "%llu", se->pv.op_delay_ns);
		gbs_add_context("op_delay_ns", delay);
	}
}

static int measure(struct session *se)
{
	if (point_runner_init(&se->pr, se->fd, kmod_run, se->cc)) {
		fprintf(stderr, "iommubench %s: out of memory\n", se->cmd);
		return IB_EXIT_ENV;
	}
	se->pr.mode_fn = session_device_mode;
	se->pr.mode_ctx = se;
	se->pr.cmd = se->cmd;
	se->pr_ready = true;
	if (signals_pending()) {
		se->pr.stop_signal = signals_pending();
		return IB_EXIT_OK;
	}
	perf_setup(se);
	order_context(se);
	context_add(&se->pv, &se->info, se->cc, se->platform, se->suite_name,
		    se->suite_file, se->run_id, se->reps);
	host_info_collect(&se->host, syspaths_procfs());
	se->meta.run_id = se->run_id;
	se->meta.suite = se->suite_name;
	se->meta.suite_file = se->suite_file;
	se->meta.platform = se->platform;
	se->meta.command = se->cmd;
	se->meta.pv = &se->pv;
	se->meta.info = &se->info;
	se->meta.cc = se->cc;
	se->meta.host = &se->host;
	se->meta.repetitions = se->reps;
	se->meta.status = META_RUNNING;
	se->ran = run_benchmarks(se);
	if (se->ran < 0) {
		fprintf(stderr, "iommubench %s: Google Benchmark failed\n",
			se->cmd);
		return IB_EXIT_ENV;
	}
	if (se->ran == 0)
		return IB_EXIT_USAGE;	/* its filter matched nothing; it said so */
	if (se->pr.fatal[0] && !se->pr.device_gone)	/* that one said it */
		fprintf(stderr, "iommubench %s: stopped early: %s\n", se->cmd,
			se->pr.fatal);
	return IB_EXIT_OK;
}

int session_run(struct session *se)
{
	int rc;

	rc = session_results_create_dir(se);
	if (!rc)
		rc = session_device_bind(se);
	if (!rc)
		rc = measure(se);
	if (session_device_restore() && !rc)
		rc = IB_EXIT_ENV;
	if (se->pr_ready && !se->pr.stop_signal && signals_pending())
		se->pr.stop_signal = signals_pending();
	if (se->ran > 0) {
		int e = session_results_finish(se);

		if (e && (!rc || rc == IB_EXIT_ENV))
			rc = e;
	}
	if (se->pr_ready && se->pr.stop_signal) {
		rc = IB_EXIT_SIGNAL_BASE + se->pr.stop_signal;
		session_results_say_stopped(se);
	} else if (se->pr_ready && se->pr.device_gone && (!rc || rc == IB_EXIT_ENV))
		rc = IB_EXIT_DEVICE_GONE;
	else if (!rc && se->pr_ready && se->pr.fatal[0])
		rc = IB_EXIT_ENV;
	else if (!rc && se->pr_ready && se->pr.failures)
		rc = IB_EXIT_FAILED;
	return rc;
}

void session_close(struct session *se)
{
	session_device_restore();
	session_results_discard(se);
	if (se->pr_ready) {
		point_runner_free(&se->pr);
		se->pr_ready = false;
	}
	if (se->fd >= 0) {
		close(se->fd);
		se->fd = -1;
	}
}
