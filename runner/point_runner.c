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
		   struct iommubench_run *r)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->path = pt->path;
	r->map_mode = pt->map_mode;
	r->unmap_mode = pt->unmap_mode;
	r->batch = pt->batch;
	r->nr_threads = pt->threads;
	r->pgsize_mask = pt->pgsize;
	r->buf_size = pt->size;
	r->ops = pt->ops;
	r->duration_ns = pt->duration_ns;
	r->warmup_ops = pt->warmup;
	r->cpus_ptr = (uint64_t)(uintptr_t)cpus;
	r->hist_ptr = (uint64_t)(uintptr_t)hists;
	r->workers_ptr = (uint64_t)(uintptr_t)workers;
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
}

static void fill_result(const struct iommubench_run *r,
			const struct metrics *m, const uint32_t *cpus,
			struct gbs_result *res)
{
	char cpulist[128];

	res->seconds = m->seconds_per_op;
	for (unsigned int i = 0; i < m->n; i++)
		gbs_result_add_counter(res, m->m[i].name, m->m[i].value);
	cpulist_format(cpus, r->nr_threads, cpulist, sizeof(cpulist));
	/* What the kernel actually used; a double can't hold every bitmap. */
	snprintf(res->label, sizeof(res->label),
		 "eff_pgsize:0x%llx cpus:%s",
		 (unsigned long long)r->eff_pgsize_bitmap, cpulist);
}

void point_runner_body(void *arg, struct gbs_result *res)
{
	struct point_slot *slot = arg;
	struct point_runner *pr = slot->pr;
	const struct suite_point *pt = slot->pt;
	unsigned int rep = slot->reps++;
	struct iommubench_run r;
	struct metrics m;
	char why[128];
	int e;

	/* After a signal, the remaining benchmarks end at once. */
	if (pr->stop_signal || signals_pending()) {
		interrupted(pr, res, "not run");
		return;
	}
	if (pt->threads > pr->cpus->n) {
		set_error(res,
			  "Invalid argument (EINVAL): %u threads need %u CPUs, %zu usable",
			  pt->threads, pt->threads, pr->cpus->n);
		pr->failures++;
		return;
	}
	memset(pr->workers, 0, pt->threads * sizeof(*pr->workers));
	/*
	 * EINTR without one of our signals (a stop/continue, a debugger):
	 * nobody asked to stop, so measure again, a few times at most.
	 */
	for (int tries = 0;; tries++) {
		memset(pr->hists, 0, HISTS_LEN * sizeof(*pr->hists));
		point_request(pt, pr->cpus->cpus, pr->hists, pr->workers, &r);
		e = pr->run(pr->fd, &r);
		if (e != -EINTR || signals_pending() ||
		    tries == SPURIOUS_EINTR_RETRIES)
			break;
	}
	if (e == -EINTR || (!e && (r.result_flags & IOMMUBENCH_RES_INTERRUPTED))) {
		interrupted(pr, res, "run stopped");
		return;
	}
	if (e) {
		err_describe(-e, why, sizeof(why));
		set_error(res, "%s: IOMMUBENCH_IOC_RUN failed for %s (see dmesg)",
			  why, pt->name);
		pr->failures++;
		return;
	}
	if (metrics_compute(&r, pr->hists, pr->workers, pr->cpus->cpus, &m)) {
		set_error(res,
			  "No data available (ENODATA): the module completed no timed op for %s",
			  pt->name);
		pr->failures++;
		return;
	}
	fill_result(&r, &m, pr->cpus->cpus, res);
	histlog_add(&pr->log, pt->name, rep, pr->hists);
	/* A signal that came too late to stop this run stops the next. */
	if (signals_pending())
		pr->stop_signal = signals_pending();
}
