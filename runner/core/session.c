// SPDX-License-Identifier: GPL-2.0
/*
 * session: the shared body of `run` and `compat`; see session.h. The order
 * matters: the group type is read before the device moves, and once the
 * device is bound every way out goes through the restore (group type
 * first, with the device unbound, then the binding).
 */
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "context.h"
#include "errname.h"
#include "exitcodes.h"
#include "fsutil.h"
#include "gbench_shim.h"
#include "gbjson.h"
#include "histlog.h"
#include "kmod_client.h"
#include "path.h"
#include "syspaths.h"
#include "restore_state.h"
#include "results_csv.h"
#include "run_index.h"
#include "run_partial.h"
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

/*
 * The binding and the group type are restored from the main flow; atexit
 * covers an exit() inside a library. Both live here because atexit
 * handlers take no argument.
 */
static struct binding g_binding;
static struct group_state g_group;
static bool g_bound;
static bool g_state_saved;	/* restore_state.h: a state file is out */
static const char *g_cmd = "run";

static int restore_all(void)
{
	int ret;

	if (!g_bound)
		return 0;
	g_bound = false;
	ret = restore_state_undo(&g_binding, &g_group, g_cmd);
	/* kept when something is left to undo: `iommubench restore` retries */
	if (!ret && g_state_saved)
		restore_state_remove(syspaths_statedir(), g_binding.bdf);
	g_state_saved = false;
	return ret;
}

/* Write the undo record; one line and -1 if it cannot be. */
static int save_state(bool will_bind, bool will_switch, char *why,
		      size_t whylen)
{
	char ename[128];
	int e = restore_state_save(syspaths_statedir(), getpid(), &g_binding,
				   &g_group, will_bind, will_switch);

	if (!e) {
		g_state_saved = true;
		return 0;
	}
	err_describe(-e, ename, sizeof(ename));
	snprintf(why, whylen,
		 "cannot record what to undo in %s/%s" RESTORE_STATE_SUFFIX ": %s",
		 syspaths_statedir(), g_binding.bdf, ename);
	return -1;
}

static void restore_at_exit(void)
{
	restore_all();
}

/* INFO must show our device bound with the ABI we were built against. */
static int check_info(const struct session *se, struct iommubench_info *info,
		      char *why, size_t whylen)
{
	char ename[128];
	int e = kmod_info(se->fd, info);

	if (e) {
		err_describe(-e, ename, sizeof(ename));
		snprintf(why, whylen, "IOMMUBENCH_IOC_INFO: %s", ename);
		return IB_EXIT_ENV;
	}
	if (info->abi_version != IOMMUBENCH_ABI_VERSION) {
		snprintf(why, whylen,
			 "module ABI %u, runner built for %u: rebuild one of them",
			 info->abi_version, IOMMUBENCH_ABI_VERSION);
		return IB_EXIT_ENV;
	}
	info->device[sizeof(info->device) - 1] = '\0';
	info->inval_probe[sizeof(info->inval_probe) - 1] = '\0';
	if (!(info->flags & IOMMUBENCH_INFO_BOUND) ||
	    strcmp(info->device, se->bdf)) {
		snprintf(why, whylen,
			 "the module reports device '%s' bound, expected %s",
			 info->device, se->bdf);
		return IB_EXIT_ENV;
	}
	return IB_EXIT_OK;
}

/* point_mode_fn: the group type a point's mode asks for. */
static int session_mode(void *ctx, const struct suite_point *pt,
			char *group_type, size_t gtlen, char *why,
			size_t whylen)
{
	struct session *se = ctx;
	const char *want = suite_mode_group_type(pt->mode);
	struct iommubench_info info;
	char before[GROUP_TYPE_MAX];
	bool rebound = false;
	int rc = GROUP_OK;

	group_read_type(&g_group, before, sizeof(before));
	/* a switch the state file does not cover yet: record it first */
	if (want && !g_group.changed && !g_group.impossible[0] &&
	    strcmp(before, want) && save_state(false, true, why, whylen))
		return POINT_MODE_FAIL;
	if (want)
		rc = group_set(&g_group, want, &rebound, why, whylen);
	if (rebound && rc != GROUP_FATAL &&
	    check_info(se, &info, why, whylen)) {
		rc = GROUP_FATAL;
	}
	group_read_type(&g_group, group_type, gtlen);
	if (rc == GROUP_OK && strcmp(before, group_type))
		fprintf(stderr, "iommubench %s: IOMMU group %s: type %s -> %s (unbound and bound %s again)\n",
			se->cmd, g_group.group, before, group_type, se->bdf);
	switch (rc) {
	case GROUP_OK:
		return POINT_MODE_OK;
	case GROUP_SKIP:
		return POINT_MODE_SKIP;
	case GROUP_FAIL:
		return POINT_MODE_FAIL;
	default:
		return POINT_MODE_FATAL;
	}
}

void session_init(struct session *se, const char *cmd, struct cpu_choice *cc)
{
	memset(se, 0, sizeof(*se));
	se->cmd = cmd;
	se->cc = cc;
	se->fd = -1;
}

/*
 * A runner killed on this device left its state file: undo it before
 * anything is read, or its switched type would pass for the original.
 */
static int restore_stale(const struct session *se)
{
	char line[256];
	pid_t alive;
	int r = restore_state_stale(syspaths_statedir(), se->bdf, se->cmd, &alive,
				    line, sizeof(line));

	if (r > 0)
		fprintf(stderr, "iommubench %s: %s (left by a runner that was killed)\n",
			se->cmd, line);
	return r < 0 ? IB_EXIT_ENV : IB_EXIT_OK;
}

int session_open(struct session *se)
{
	char why[128];
	int rc;

	g_cmd = se->cmd;
	rc = restore_stale(se);
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
	group_probe(&g_group, syspaths_sysfs(), se->bdf, IOMMUBENCH_DRV_NAME);
	session_order_points(se->pts, se->npts,
			     g_group.original[0] ? g_group.original : NULL);
	return IB_EXIT_OK;
}

/* Google Benchmark exits the process if it cannot open its output. */
static int precreate(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		      0644);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* DIR/<run-id>/ with an empty .benchmarks.json.tmp in it. */
static int create_run_dir(struct session *se)
{
	char why[128];
	int e;

	se->meta.start = time(NULL);
	if (se->run_id_opt)
		snprintf(se->run_id, sizeof(se->run_id), "%s", se->run_id_opt);
	else
		results_default_run_id(time(NULL), se->pv.kernel_release,
				       se->run_id, sizeof(se->run_id));
	e = results_create_run_dir(se->out_dir, se->run_id,
				   sizeof(se->run_id), !se->run_id_opt,
				   se->run_dir, sizeof(se->run_dir));
	if (!e) {
		se->dir_created = true;
		e = fs_path(se->gb_tmp, sizeof(se->gb_tmp), "%s/%s",
			    se->run_dir, SESSION_GB_TMP_NAME);
	}
	if (!e)
		e = precreate(se->gb_tmp);
	if (e) {
		err_describe(-e, why, sizeof(why));
		fprintf(stderr, "iommubench %s: cannot create %s/%s: %s%s\n",
			se->cmd, se->out_dir, se->run_id, why,
			e == -EEXIST ? " (choose another --run-id)" : "");
		return e == -EEXIST ? IB_EXIT_USAGE : IB_EXIT_IO;
	}
	return IB_EXIT_OK;
}

/* From here on every way out restores the group type and the binding. */
static int bind_device(struct session *se)
{
	char err[1024];
	int e, rc;

	e = signals_install();
	if (e) {
		fprintf(stderr, "iommubench %s: sigaction: %s\n", se->cmd,
			strerror(-e));
		return IB_EXIT_ENV;
	}
	atexit(restore_at_exit);
	g_bound = true;	/* restore whatever device_bind got done */
	if (device_bind_prepare(&g_binding, syspaths_sysfs(), se->bdf,
				IOMMUBENCH_DRV_NAME, err, sizeof(err)) ||
	    save_state(true, false, err, sizeof(err)) ||
	    device_bind_apply(&g_binding, err, sizeof(err))) {
		fprintf(stderr, "iommubench %s: %s\n", se->cmd, err);
		return IB_EXIT_ENV;
	}
	rc = check_info(se, &se->info, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "iommubench %s: %s\n", se->cmd, err);
		return rc;
	}
	if (!(se->info.flags & IOMMUBENCH_INFO_HAS_DOMAIN))
		fprintf(stderr,
			"iommubench %s: warning: the module has no paging domain for %s; iommu runs will fail (see dmesg)\n",
			se->cmd, se->bdf);
	return IB_EXIT_OK;
}

/* Remember the first failure to write a result file; the run goes on. */
static void note_write_err(struct session *se, int err, const char *what)
{
	if (!err || se->write_err)
		return;
	se->write_err = err;
	snprintf(se->write_what, sizeof(se->write_what), "%s", what);
}

/* meta.json as things stand, then the index entry. */
static void write_meta(struct session *se)
{
	char why[512];
	struct jbuf b;
	int e;

	jbuf_init(&b);
	meta_render(&se->meta, &b);
	e = b.oom ? -ENOMEM : fs_write_atomic(se->run_dir, SESSION_META_NAME,
					      b.s, b.len);
	jbuf_free(&b);
	note_write_err(se, e, SESSION_META_NAME);
	/* said once at the end if the last update failed (finish_results) */
	if (!e && run_index_update(se->out_dir, se->run_id, why, sizeof(why)))
		snprintf(se->index_err, sizeof(se->index_err), "%s", why);
	else if (!e)
		se->index_err[0] = '\0';
}

/* The whole document: benchmarks.json, its CSV, histograms.json. */
static void write_full(struct session *se, const char *json, size_t len)
{
	char why[256];
	struct jbuf csv;
	int e;

	e = fs_write_atomic(se->run_dir, SESSION_GB_FINAL_NAME, json, len);
	note_write_err(se, e, SESSION_GB_FINAL_NAME);
	se->final_ok = !e;
	if (e)
		return;	/* the three agree: `recover` writes them from the pieces */
	jbuf_init(&csv);
	e = results_csv_from_json(json, len, &csv, why, sizeof(why));
	if (e == -EINVAL)
		fprintf(stderr, "iommubench %s: %s: %s\n", se->cmd,
			SESSION_CSV_NAME, why);
	if (!e)
		e = fs_write_atomic(se->run_dir, SESSION_CSV_NAME, csv.s,
				    csv.len);
	jbuf_free(&csv);
	note_write_err(se, e, SESSION_CSV_NAME);
	e = histlog_write(&se->pr.log, se->run_dir, se->run_id);
	note_write_err(se, e, "histograms.json");
}

/*
 * gbs_report_fn: the context into benchmarks.json and meta.json at the
 * start, each finished benchmark into a piece of its own (run_partial.h),
 * the full files at the end. A run that dies keeps what it finished.
 */
static void session_report(void *arg, enum gbs_report_kind kind,
			   const char *json, size_t len)
{
	struct session *se = arg;
	char *fixed = gbjson_nonfinite_to_null(json, len, &len);
	char piece[64];
	int e;

	if (!fixed) {
		note_write_err(se, -ENOMEM, SESSION_GB_FINAL_NAME);
		return;
	}
	switch (kind) {
	case GBS_REPORT_CONTEXT:
		e = fs_write_atomic(se->run_dir, SESSION_GB_FINAL_NAME, fixed,
				    len);
		note_write_err(se, e, SESSION_GB_FINAL_NAME);
		se->context_ok = !e;
		note_write_err(se, run_partial_begin(se->run_dir),
			       RUN_PARTIAL_DIR);
		write_meta(se);
		break;
	case GBS_REPORT_BENCHMARK:
		e = run_partial_add(se->run_dir, ++se->meta.benchmarks_done,
				    fixed, len,
				    histlog_since(&se->pr.log, &se->hist_mark));
		snprintf(piece, sizeof(piece), "%s/%04u.json", RUN_PARTIAL_DIR,
			 se->meta.benchmarks_done);
		note_write_err(se, e, piece);
		se->pieces_kept += !e;
		break;
	case GBS_REPORT_FINAL:
		write_full(se, fixed, len);
		if (!se->write_err)
			run_partial_end(se->run_dir);
		se->full_written = true;
		break;
	}
	free(fixed);
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
	gbs_set_report(session_report, se);
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

static int measure(struct session *se)
{
	if (point_runner_init(&se->pr, se->fd, kmod_run, se->cc)) {
		fprintf(stderr, "iommubench %s: out of memory\n", se->cmd);
		return IB_EXIT_ENV;
	}
	se->pr.mode_fn = session_mode;
	se->pr.mode_ctx = se;
	se->pr.cmd = se->cmd;
	se->pr_ready = true;
	if (signals_pending()) {
		se->pr.stop_signal = signals_pending();
		return IB_EXIT_OK;
	}
	perf_setup(se);
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

/*
 * One line for a failed write: the first file that could not be written,
 * and what of the run is on disk (nothing finished is lost in silence).
 */
static void say_write_err(const struct session *se, unsigned int n)
{
	const char *s = n == 1 ? "" : "s";
	char why[128];

	err_describe(-se->write_err, why, sizeof(why));
	fprintf(stderr, "iommubench %s: cannot write %s in %s: %s; kept: ",
		se->cmd, se->write_what, se->run_dir, why);
	if (se->final_ok)
		fprintf(stderr, "benchmarks.json with all %u benchmark%s", n, s);
	else if (se->context_ok && se->pieces_kept)
		fprintf(stderr,
			"%u of %u benchmark%s in %s/%s (`iommubench recover %s` assembles them once there is space)%s",
			se->pieces_kept, n, s, se->run_dir, RUN_PARTIAL_DIR,
			se->run_dir, se->pieces_kept < n ?
			"; the others only in the console output" : "");
	else
		fprintf(stderr, "none of the %u benchmark%s (only in the console output)",
			n, s);
	fprintf(stderr, "%s\n",
		se->index_err[0] ? "; index.json not updated" : "");
}

/*
 * The snapshots wrote the results; what is left is the status in meta.json
 * and the index, and `latest`.
 */
static int finish_results(struct session *se, bool move_latest)
{
	unsigned int reported = se->meta.benchmarks_done;
	int e;

	unlink(se->gb_tmp);	/* Google Benchmark's empty --benchmark_out */
	if (!se->full_written) {
		/* Google Benchmark stopped before its end: keep the pieces' worth */
		char why[512];

		if (run_partial_recover(se->run_dir, why, sizeof(why)) < 0)
			fprintf(stderr, "iommubench %s: %s\n", se->cmd, why);
	}
	se->meta.end = time(NULL);
	if (se->pr.stop_signal)
		se->meta.status = META_INTERRUPTED;
	else if (se->pr.failures || se->pr.fatal[0])
		se->meta.status = META_FAILED;
	else
		se->meta.status = META_COMPLETE;
	if (se->write_err && !se->final_ok) {
		/* on disk: the context and the pieces that could be written */
		se->meta.status = META_INCOMPLETE;
		se->meta.benchmarks_done = se->pieces_kept;
	}
	write_meta(se);
	e = se->write_err;
	if (!e && move_latest) {
		e = results_point_latest(se->out_dir, se->run_id);
		note_write_err(se, e, "latest");
	}
	if (e) {
		say_write_err(se, reported);
		return IB_EXIT_IO;
	}
	if (se->index_err[0])
		fprintf(stderr, "iommubench %s: warning: %s\n", se->cmd,
			se->index_err);
	return IB_EXIT_OK;
}

/* Files into place, the closing lines; returns an I/O failure or 0. */
static int report(struct session *se)
{
	bool stopped = se->pr.stop_signal != 0;
	char reasons[POINT_MAX_REASONS * (POINT_REASON_MAX + 2)];
	int rc;

	/* Also when interrupted: what ran is kept, the rest is marked. */
	rc = finish_results(se, !stopped);
	if (rc)
		return rc;	/* it said what; no "results:" line to a lost file */
	if (se->summary)
		se->summary(se);
	if (se->pr.skipped) {
		point_runner_skip_summary(&se->pr, reasons, sizeof(reasons));
		printf("skipped: %u benchmark%s (%s)\n", se->pr.skipped,
		       se->pr.skipped == 1 ? "" : "s", reasons);
	}
	/* each path's note (sim: a model, not hardware), once */
	for (size_t p = 0; p < path_count(); p++) {
		const struct ib_path *path = path_at(p);

		for (size_t i = 0; path->note && i < se->npts; i++) {
			if (se->pts[i].path == path) {
				printf("NOTE: %s\n", path->note);
				break;
			}
		}
	}
	if (strcmp(se->platform, "hardware"))
		printf("NOTE: emulated platform (%s): compare ratios and counts, not absolute times\n",
		       se->platform);
	printf("results: %s/%s%s\n", se->run_dir, SESSION_GB_FINAL_NAME,
	       stopped ? " (interrupted: partial; `latest` not moved)" : "");
	fflush(stdout);
	return IB_EXIT_OK;
}

/* One line: which signal stopped the run, and what of it is kept. */
static void say_stopped(const struct session *se)
{
	const char *sig = sigabbrev_np(se->pr.stop_signal);
	unsigned int n = se->pr.runs_ok;

	if (se->ran > 0)
		fprintf(stderr,
			"iommubench %s: stopped by SIG%s after %u measured repetition%s; kept in %s (status interrupted, `latest` not moved)\n",
			se->cmd, sig ? sig : "?", n, n == 1 ? "" : "s",
			se->run_dir);
	else
		fprintf(stderr,
			"iommubench %s: stopped by SIG%s before any benchmark ran; nothing written\n",
			se->cmd, sig ? sig : "?");
}

int session_run(struct session *se)
{
	int rc;

	rc = create_run_dir(se);
	if (!rc)
		rc = bind_device(se);
	if (!rc)
		rc = measure(se);
	if (restore_all() && !rc)
		rc = IB_EXIT_ENV;
	if (se->pr_ready && !se->pr.stop_signal && signals_pending())
		se->pr.stop_signal = signals_pending();
	if (se->ran > 0) {
		int e = report(se);

		if (e && (!rc || rc == IB_EXIT_ENV))
			rc = e;
	}
	if (se->pr_ready && se->pr.stop_signal) {
		rc = IB_EXIT_SIGNAL_BASE + se->pr.stop_signal;
		say_stopped(se);
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
	restore_all();
	/* Nothing measured: leave no empty run directory behind. */
	if (se->dir_created && se->ran <= 0) {
		static const char *const files[] = {
			SESSION_GB_FINAL_NAME, SESSION_CSV_NAME,
			"histograms.json", SESSION_META_NAME,
		};
		char path[4200], why[512];

		unlink(se->gb_tmp);
		run_partial_end(se->run_dir);
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			if (!fs_path(path, sizeof(path), "%s/%s", se->run_dir,
				     files[i]))
				unlink(path);
		if (!rmdir(se->run_dir) && se->meta.run_id)
			run_index_update(se->out_dir, se->run_id, why,
					 sizeof(why));	/* drop its entry */
		se->dir_created = false;
	}
	if (se->pr_ready) {
		point_runner_free(&se->pr);
		se->pr_ready = false;
	}
	if (se->fd >= 0) {
		close(se->fd);
		se->fd = -1;
	}
}
