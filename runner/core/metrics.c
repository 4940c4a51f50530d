// SPDX-License-Identifier: GPL-2.0
/* metrics: counters from a RUN result; see metrics.h. */
#include "metrics.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "hist.h"
#include "path.h"

/* Reported for a figure that does not exist (e.g. no invalidation probe). */
#define NOT_AVAILABLE	(-1.0)

static void put(struct metrics *m, const char *name, double v)
{
	if (m->n < METRICS_MAX) {
		m->m[m->n].name = name;
		m->m[m->n].value = v;
		m->n++;
	}
}

/*
 * A histogram the module wrote, or NULL (report.hist_written below its id):
 * every figure from a NULL one is NOT_AVAILABLE, not zero.
 */
static const uint64_t *hist_of(const struct path_run *run, unsigned int id)
{
	return path_run_hist(run, id);
}

static void put_pct(struct metrics *m, const char *name, const uint64_t *h,
		    double p)
{
	double v = NOT_AVAILABLE;

	if (h)
		hist_percentile(h, p, &v);
	put(m, name, v);
}

static void put_max(struct metrics *m, const char *name, const uint64_t *h)
{
	double v = NOT_AVAILABLE;

	if (h)
		hist_max(h, &v);
	put(m, name, v);
}

/* A count from a histogram: NOT_AVAILABLE when it was not reported. */
static void put_at_least(struct metrics *m, const char *name,
			 const uint64_t *h, uint64_t ns)
{
	put(m, name, h ? (double)hist_count_at_least(h, ns) : NOT_AVAILABLE);
}

/* A flagged group of report fields: flagged, and written by the module. */
static bool inval_ok(const struct iommubench_run_report *r)
{
	return (r->result_flags & IOMMUBENCH_RES_INVAL_AVAILABLE) &&
	       PATH_REPORT_HAS(r, inval_missed);
}

static void put_inval(struct metrics *m, const struct iommubench_run_report *r,
		      const uint64_t *wait)
{
	double ops = (double)r->ops_done;

	if (!inval_ok(r)) {
		put(m, "inval_available", 0);
		put(m, "inval_per_op", NOT_AVAILABLE);
		put(m, "inval_wait_per_op_ns", NOT_AVAILABLE);
		put(m, "inval_wait_p50_ns", NOT_AVAILABLE);
		put(m, "inval_wait_p99_ns", NOT_AVAILABLE);
		put(m, "inval_wait_max_ns", NOT_AVAILABLE);
		put(m, "inval_waits_ge_100us", NOT_AVAILABLE);
		put(m, "inval_waits_ge_1ms", NOT_AVAILABLE);
		put(m, "inval_waits_ge_10ms", NOT_AVAILABLE);
		put(m, "inval_missed", NOT_AVAILABLE);
		return;
	}
	put(m, "inval_available", 1);
	put(m, "inval_per_op", (double)r->inval_count / ops);
	put(m, "inval_wait_per_op_ns", (double)r->inval_wait_ns / ops);
	/* No waits at all is a real zero, not "unavailable". */
	if (!wait || hist_total(wait)) {
		put_pct(m, "inval_wait_p50_ns", wait, 50.0);
		put_pct(m, "inval_wait_p99_ns", wait, 99.0);
		put_max(m, "inval_wait_max_ns", wait);
	} else {
		put(m, "inval_wait_p50_ns", 0);
		put(m, "inval_wait_p99_ns", 0);
		put(m, "inval_wait_max_ns", 0);
	}
	put_at_least(m, "inval_waits_ge_100us", wait, 100000ULL);
	put_at_least(m, "inval_waits_ge_1ms", wait, 1000000ULL);
	put_at_least(m, "inval_waits_ge_10ms", wait, 10000000ULL);
	put(m, "inval_missed", (double)r->inval_missed);
}

/*
 * Lockup exposure: the victim timer's lateness (how long a worker CPU could
 * not take a timer interrupt), the share of worker time spent in
 * invalidation waits, and the flush queue's flushes.
 */
static void put_exposure(struct metrics *m, const struct path_run *run)
{
	const struct iommubench_run_req *q = run->req;
	const struct iommubench_run_report *r = run->rep;
	const uint64_t *late = hist_of(run, IOMMUBENCH_HIST_TIMER_LATE);
	const uint64_t *flush = hist_of(run, IOMMUBENCH_HIST_FQ_FLUSH);
	const uint64_t *tmo = hist_of(run, IOMMUBENCH_HIST_FQ_TIMEOUT);
	double ops = (double)r->ops_done;
	double cpu_ns = (double)r->elapsed_ns * (double)q->nr_threads;

	put(m, "timer_fires", q->timer_period_ns ? (double)r->timer_fires :
						    NOT_AVAILABLE);
	if (q->timer_period_ns && late && hist_total(late)) {
		put_pct(m, "timer_late_p99_ns", late, 99.0);
		put_max(m, "timer_late_max_ns", late);
	} else {
		put(m, "timer_late_p99_ns", NOT_AVAILABLE);
		put(m, "timer_late_max_ns", NOT_AVAILABLE);
	}
	/* waits are system-wide; worker CPU time is elapsed x workers */
	put(m, "inval_wait_frac",
	    inval_ok(r) && cpu_ns > 0 ?
	    (double)r->inval_wait_ns / cpu_ns : NOT_AVAILABLE);
	if (!(r->result_flags & IOMMUBENCH_RES_FQ_AVAILABLE) ||
	    !PATH_REPORT_HAS(r, fq_timeout_ns)) {
		put(m, "fq_flushes_per_op", NOT_AVAILABLE);
		put(m, "fq_flush_max_ns", NOT_AVAILABLE);
		put(m, "fq_timeouts", NOT_AVAILABLE);
		put(m, "fq_timeout_max_ns", NOT_AVAILABLE);
		return;
	}
	put(m, "fq_flushes_per_op", (double)r->fq_flush_count / ops);
	if (!flush || hist_total(flush))
		put_max(m, "fq_flush_max_ns", flush);
	else
		put(m, "fq_flush_max_ns", 0);
	put(m, "fq_timeouts", (double)r->fq_timeout_count);
	if (!tmo || hist_total(tmo))
		put_max(m, "fq_timeout_max_ns", tmo);
	else
		put(m, "fq_timeout_max_ns", 0);
}

/* Each registered path's own counters: this point's path's, -1 for the rest. */
static void put_paths(struct metrics *m, const struct path_run *run)
{
	for (size_t i = 0; i < path_count(); i++) {
		const struct path_desc *p = path_at(i);

		if (p == run->pt->path && p->metrics) {
			p->metrics(run, m);
			continue;
		}
		for (const char *const *c = p->counters; c && *c; c++)
			put(m, *c, NOT_AVAILABLE);
	}
}

int metrics_compute(const struct path_run *run,
		    const struct iommubench_worker_result *workers,
		    const uint32_t *cpus, struct metrics *out)
{
	const struct iommubench_run_req *q = run->req;
	const struct iommubench_run_report *r = run->rep;
	const uint64_t *map = hist_of(run, IOMMUBENCH_HIST_MAP);
	const uint64_t *unmap = hist_of(run, IOMMUBENCH_HIST_UNMAP);
	const uint64_t *op = hist_of(run, IOMMUBENCH_HIST_OP);
	double ops = (double)r->ops_done, ops_per_s = NOT_AVAILABLE;
	unsigned int misplaced = 0, distinct = 0;

	memset(out, 0, sizeof(*out));
	if (!r->ops_done)
		return -EINVAL;
	/* Per-op latency: what one op costs one worker. */
	out->seconds_per_op = (double)(r->map_ns + r->unmap_ns) / ops / 1e9;
	/* Throughput: all workers together over the wall-clock interval. */
	if (r->elapsed_ns)
		ops_per_s = ops * 1e9 / (double)r->elapsed_ns;

	put(out, "ops", ops);
	put(out, "threads", (double)q->nr_threads);
	put(out, "ops_per_s", ops_per_s);
	put(out, "ops_per_s_per_thread", ops_per_s < 0 ? NOT_AVAILABLE :
					 ops_per_s / (double)q->nr_threads);
	put(out, "bytes_per_s", ops_per_s < 0 ? NOT_AVAILABLE :
				ops_per_s * (double)q->buf_size);
	put(out, "map_mean_ns", (double)r->map_ns / ops);
	put(out, "unmap_mean_ns", (double)r->unmap_ns / ops);
	put_pct(out, "map_p50_ns", map, 50.0);
	put_pct(out, "map_p99_ns", map, 99.0);
	put_pct(out, "map_p999_ns", map, 99.9);
	put_max(out, "map_max_ns", map);
	put_pct(out, "unmap_p50_ns", unmap, 50.0);
	put_pct(out, "unmap_p99_ns", unmap, 99.0);
	put_pct(out, "unmap_p999_ns", unmap, 99.9);
	put_max(out, "unmap_max_ns", unmap);
	put_pct(out, "op_p50_ns", op, 50.0);
	put_pct(out, "op_p99_ns", op, 99.0);
	put_pct(out, "op_p999_ns", op, 99.9);
	put_pct(out, "op_p9999_ns", op, 99.99);
	put_max(out, "op_max_ns", op);
	put_inval(out, r, hist_of(run, IOMMUBENCH_HIST_INVAL_WAIT));
	put_exposure(out, run);
	/* the driver's own map entry calls (count_driver_calls yes) */
	put(out, "driver_map_calls_per_op",
	    (r->result_flags & IOMMUBENCH_RES_DRV_AVAILABLE) &&
	    PATH_REPORT_HAS(r, driver_map_calls) ?
	    (double)r->driver_map_calls / ops : NOT_AVAILABLE);
	put(out, "clock_overhead_ns", (double)r->clock_overhead_ns);
	put(out, "map_calls_per_op", (double)r->map_calls);
	put(out, "max_live", (double)r->max_live);
	put(out, "domain_type", (double)r->domain_type);
	put_paths(out, run);
	for (unsigned int i = 0; i < q->nr_threads; i++) {
		bool seen = false;

		if (workers[i].cpu != cpus[i])
			misplaced++;
		for (unsigned int j = 0; j < i && !seen; j++)
			seen = workers[j].cpu == workers[i].cpu;
		if (!seen)
			distinct++;
	}
	put(out, "workers_misplaced", misplaced);
	put(out, "workers_distinct_cpus", distinct);
	return 0;
}

void metrics_add(struct metrics *m, const char *name, double value)
{
	put(m, name, value);
}

double metrics_get(const struct metrics *m, const char *name,
		   double fallback)
{
	for (unsigned int i = 0; i < m->n; i++)
		if (!strcmp(m->m[i].name, name))
			return m->m[i].value;
	return fallback;
}

const char *metrics_domain_type_name(uint32_t type)
{
	switch (type) {
	case IOMMUBENCH_DOMAIN_NONE:
		return "none";
	case IOMMUBENCH_DOMAIN_IDENTITY:
		return "identity";
	case IOMMUBENCH_DOMAIN_DMA:
		return "DMA";
	case IOMMUBENCH_DOMAIN_DMA_FQ:
		return "DMA-FQ";
	case IOMMUBENCH_DOMAIN_PAGING:
		return "paging";
	default:
		return "other";
	}
}
