// SPDX-License-Identifier: GPL-2.0
/* point_runner: one RUN ioctl per benchmark iteration; see point_runner.h. */
#include "point_runner.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "errname.h"
#include "metrics.h"
#include "path.h"
#include "signals.h"

#define HISTS_LEN ((size_t)IOMMUBENCH_HIST_NR * IOMMUBENCH_HIST_BUCKETS)
#define SPURIOUS_EINTR_RETRIES	3

int point_runner_init(struct point_runner *pr, int fd, point_run_fn run,
		      const struct cpu_choice *cpus)
{
	memset(pr, 0, sizeof(*pr));
	pr->fd = fd;
	pr->run = run;
	pr->cpus = cpus;
	pr->hists = calloc(HISTS_LEN, sizeof(*pr->hists));
	pr->workers = calloc(IOMMUBENCH_MAX_THREADS, sizeof(*pr->workers));
	histlog_init(&pr->log);
	if (!pr->hists || !pr->workers) {
		point_runner_free(pr);
		return -ENOMEM;
	}
	return 0;
}

void point_runner_free(struct point_runner *pr)
{
	free(pr->hists);
	free(pr->workers);
	pr->hists = NULL;
	pr->workers = NULL;
	histlog_free(&pr->log);
}

void point_request(const struct suite_point *pt, const uint32_t *cpus,
		   uint64_t *hists, struct iommubench_worker_result *workers,
		   struct point_request *r)
{
	struct iommubench_run_req *q = &r->req;

	memset(r, 0, sizeof(*r));
	q->nr_threads = pt->threads;
	q->shape = pt->shape;
	if (pt->shape == IOMMUBENCH_SHAPE_POOL) {
		q->pool_depth = pt->pool_depth;
		q->pool_order = pt->pool_order;
	}
	if (pt->shape == IOMMUBENCH_SHAPE_HOLD)
		q->hold_ns = pt->hold_ns;
	q->flags = pt->run_flags;
	q->buf_size = pt->size;
	q->ops = pt->ops;
	q->duration_ns = pt->duration_ns;
	q->warmup_ops = pt->warmup;
	q->timer_period_ns = pt->timer_period_ns;
	q->cpus_ptr = (uint64_t)(uintptr_t)cpus;
	q->hist_ptr = (uint64_t)(uintptr_t)hists;
	q->workers_ptr = (uint64_t)(uintptr_t)workers;
	/* the sizes of both out-arrays, so either can grow (docs/abi.md) */
	q->hist_count = IOMMUBENCH_HIST_NR;
	q->worker_result_size = sizeof(*workers);
	/* the path's arguments, as its descriptor filled them at expansion */
	memcpy(r->args, pt->args, pt->path->args_size);
	r->run.size = sizeof(r->run);
	r->run.path = pt->path->abi_path;
	r->run.req_ptr = (uint64_t)(uintptr_t)&r->req;
	r->run.args_ptr = (uint64_t)(uintptr_t)r->args;
	r->run.report_ptr = (uint64_t)(uintptr_t)&r->rep;
	r->run.req_size = sizeof(r->req);
	r->run.args_size = pt->path->args_size;
	r->run.report_size = sizeof(r->rep);
}

static void set_error(struct gbs_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_error(struct gbs_result *res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(res->error, sizeof(res->error), fmt, ap);
	va_end(ap);
}

static void interrupted(struct point_runner *pr, struct gbs_result *res,
			const char *what)
{
	const char *name;

	if (!pr->stop_signal)
		pr->stop_signal = signals_pending() ? signals_pending() :
						      SIGINT;
	name = sigabbrev_np(pr->stop_signal);
	set_error(res, "Interrupted system call (EINTR): %s by SIG%s", what,
		  name ? name : "?");
	snprintf(res->label, sizeof(res->label), "status:interrupted");
}

/* A failed repetition: counts for exit status 1. */
static void failed(struct point_runner *pr, struct gbs_result *res)
{
	pr->failures++;
	snprintf(res->label, sizeof(res->label), "status:failed");
}

/* A point that cannot run here: not a failure, reported with its reason. */
static void skipped(struct point_slot *slot, struct gbs_result *res,
		    const char *reason)
{
	struct point_runner *pr = slot->pr;
	bool known = false;

	set_error(res, POINT_SKIP_PREFIX "%s", reason);
	snprintf(res->label, sizeof(res->label), "status:skipped");
	if (!slot->skipped) {
		slot->skipped = true;
		pr->skipped++;
	}
	for (unsigned int i = 0; i < pr->nreasons && !known; i++)
		known = !strcmp(pr->reasons[i], reason);
	if (!known && pr->nreasons < POINT_MAX_REASONS)
		snprintf(pr->reasons[pr->nreasons++], POINT_REASON_MAX, "%s",
			 reason);
}

void point_runner_skip_summary(const struct point_runner *pr, char *buf,
			       size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < pr->nreasons && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? "; " : "", pr->reasons[i]);
}

static void fill_result(const struct suite_point *pt,
			const struct iommubench_run_report *rep,
			const struct metrics *m, const uint32_t *cpus,
			const char *group_type, struct gbs_result *res)
{
	char cpulist[128], prefix[128] = "";

	res->seconds = m->seconds_per_op;
	for (unsigned int i = 0; i < m->n; i++)
		gbs_result_add_counter(res, m->m[i].name, m->m[i].value);
	cpulist_format(cpus, pt->threads, cpulist, sizeof(cpulist));
	/* the path's part first (its page sizes, sim:true for a model) */
	if (pt->path->label)
		pt->path->label(rep, prefix, sizeof(prefix));
	snprintf(res->label, sizeof(res->label), "%scpus:%s group_type:%s",
		 prefix, cpulist, group_type[0] ? group_type : "none");
}

/* The group type for this point; false when the point ends here. */
static bool prepare_mode(struct point_slot *slot, struct gbs_result *res,
			 char *group_type, size_t gtlen)
{
	struct point_runner *pr = slot->pr;
	const struct suite_point *pt = slot->pt;
	char why[POINT_REASON_MAX * 2];
	int rc;

	group_type[0] = '\0';
	if (!pr->mode_fn) {
		if (pt->mode == SUITE_MODE_KEEP)
			return true;
		skipped(slot, res, "this runner cannot switch the IOMMU group type");
		return false;
	}
	why[0] = '\0';
	rc = pr->mode_fn(pr->mode_ctx, pt, group_type, gtlen, why,
			 sizeof(why));
	switch (rc) {
	case POINT_MODE_OK:
		return true;
	case POINT_MODE_SKIP:
		skipped(slot, res, why);
		return false;
	case POINT_MODE_FATAL:
		snprintf(pr->fatal, sizeof(pr->fatal), "%s", why);
		/* fall through */
	default:
		set_error(res, "%s (mode %s for %s)", why,
			  suite_mode_name(pt->mode), pt->name);
		failed(pr, res);
		return false;
	}
}

static void body(void *arg, struct gbs_result *res)
{
	struct point_slot *slot = arg;
	struct point_runner *pr = slot->pr;
	const struct suite_point *pt = slot->pt;
	unsigned int rep = slot->reps++;
	struct point_request r;
	struct path_run run = { .pt = pt, .req = &r.req, .rep = &r.rep,
				.hists = pr->hists };
	struct metrics m;
	struct perfcount_values pv;
	char why[128], group_type[32], reason[POINT_REASON_MAX];
	const char *want;
	int e;

	/* After a signal, the remaining benchmarks end at once. */
	if (pr->stop_signal || signals_pending()) {
		interrupted(pr, res, "not run");
		return;
	}
	if (pr->fatal[0]) {
		set_error(res, "No such device (ENODEV): not run: %s",
			  pr->fatal);
		failed(pr, res);
		return;
	}
	if (pt->threads > pr->cpus->n) {
		snprintf(reason, sizeof(reason),
			 "%u threads need %u CPUs, %zu available", pt->threads,
			 pt->threads, pr->cpus->n);
		skipped(slot, res, reason);
		return;
	}
	if (!prepare_mode(slot, res, group_type, sizeof(group_type)))
		return;
	memset(pr->workers, 0, pt->threads * sizeof(*pr->workers));
	memset(&pv, 0, sizeof(pv));
	/*
	 * EINTR without one of our signals (a stop/continue, a debugger):
	 * nobody asked to stop, so measure again, a few times at most.
	 */
	for (int tries = 0;; tries++) {
		memset(pr->hists, 0, HISTS_LEN * sizeof(*pr->hists));
		point_request(pt, pr->cpus->cpus, pr->hists, pr->workers, &r);
		/* The whole ioctl, on this repetition's worker CPUs. */
		if (pr->perf)
			perfcount_start(pr->perf, pr->cpus->cpus, pt->threads);
		e = pr->run(pr->fd, &r.run);
		if (pr->perf)
			perfcount_stop(pr->perf, &pv);
		if (e != -EINTR || signals_pending() ||
		    tries == SPURIOUS_EINTR_RETRIES)
			break;
	}
	/*
	 * a report shorter than ABI 6's first version, or more histograms
	 * than asked for, is a broken module (fewer: those are not reported)
	 */
	if (!e && (r.rep.size < IOMMUBENCH_RUN_REPORT_SIZE_VER0 ||
		   r.rep.size > sizeof(r.rep) ||
		   r.rep.hist_written > r.req.hist_count))
		e = -EPROTO;
	if (e == -EINTR ||
	    (!e && (r.rep.result_flags & IOMMUBENCH_RES_INTERRUPTED))) {
		interrupted(pr, res, "run stopped");
		return;
	}
	if (e == -ENODEV) {
		/* bound when the suite started: it was removed (hot-unplug) */
		pr->device_gone = true;
		snprintf(pr->fatal, sizeof(pr->fatal),
			 "the device was removed during %s", pt->name);
		set_error(res, "No such device (ENODEV): %s", pr->fatal);
		/* said now, not after the rest of the suite is marked */
		fprintf(stderr, "iommubench %s: stopped: %s\n",
			pr->cmd ? pr->cmd : "run", pr->fatal);
		failed(pr, res);
		return;
	}
	if (e) {
		err_describe(-e, why, sizeof(why));
		set_error(res, "%s: IOMMUBENCH_IOC_RUN failed for %s (see dmesg)",
			  why, pt->name);
		failed(pr, res);
		return;
	}
	if (metrics_compute(&run, pr->workers, pr->cpus->cpus, &m)) {
		set_error(res,
			  "No data available (ENODATA): the module completed no timed op for %s",
			  pt->name);
		failed(pr, res);
		return;
	}
	if (pr->perf)
		perfcount_metrics(&pv, r.rep.ops_done, &m);
	/* A path on the default domain: it must be the one asked for. */
	want = suite_mode_group_type(pt->mode);
	if (pt->path->group_type && want &&
	    strcmp(metrics_domain_type_name(r.rep.domain_type), want)) {
		set_error(res,
			  "Operation not permitted (EPERM): the module ran %s on a %s domain (domain_type %u), mode %s asks for %s",
			  pt->name, metrics_domain_type_name(r.rep.domain_type),
			  r.rep.domain_type, suite_mode_name(pt->mode), want);
		failed(pr, res);
		return;
	}
	fill_result(pt, &r.rep, &m, pr->cpus->cpus, group_type, res);
	histlog_add(&pr->log, pt->name, rep, pr->hists, r.rep.hist_written);
	pr->last_req = r.req;
	pr->last = r.rep;
	snprintf(pr->last_group_type, sizeof(pr->last_group_type), "%s",
		 group_type);
	pr->runs_ok++;
	/* A signal that came too late to stop this run stops the next. */
	if (signals_pending())
		pr->stop_signal = signals_pending();
}

void point_runner_body(void *arg, struct gbs_result *res)
{
	struct point_slot *slot = arg;

	body(arg, res);
	if (res->error[0])
		snprintf(slot->pr->last_error, sizeof(slot->pr->last_error),
			 "%s", res->error);
}
