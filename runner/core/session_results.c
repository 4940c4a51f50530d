// SPDX-License-Identifier: GPL-2.0
/*
 * session_results: a session's run directory and result files: created
 * before the device moves, a piece per finished benchmark as Google
 * Benchmark reports it, the final files, meta.json and the index, `latest`,
 * and the closing lines. See session_parts.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"
#include "exitcodes.h"
#include "fsutil.h"
#include "gbjson.h"
#include "path.h"
#include "results_csv.h"
#include "run_index.h"
#include "run_partial.h"
#include "session.h"
#include "session_parts.h"

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
int session_results_create_dir(struct session *se)
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
void session_results_piece(void *arg, enum gbs_report_kind kind,
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
int session_results_finish(struct session *se)
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
		const struct path_desc *path = path_at(p);

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
void session_results_say_stopped(const struct session *se)
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

/* Nothing measured: leave no empty run directory behind. */
void session_results_discard(struct session *se)
{
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
}
