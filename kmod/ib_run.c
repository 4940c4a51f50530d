// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMUBENCH_IOC_RUN: validate, start pinned in-kernel workers, time every
 * op where it happens, merge per-worker histograms, report.
 *
 * Workers never share a written cache line in the hot loop: each has its own
 * histograms and sums; the only shared state they read is the stop flag.
 *
 * Nothing here knows which paths exist: each is a struct ib_path, found in
 * the table that ib_paths.h fills.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/scatterlist.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ib_check.h"
#include "ib_rng.h"
#include "ib_run.h"

#define IB_PATH(nr, desc) extern const struct ib_path desc;
#include "ib_paths.h"
#undef IB_PATH

/* enum iommubench_path -> its descriptor, one line per path in ib_paths.h */
static const struct ib_path *const ib_paths[] = {
#define IB_PATH(nr, desc) [nr] = &desc,
#include "ib_paths.h"
#undef IB_PATH
};

/* The histogram each probe class fills (system-wide, not per worker). */
static const u32 ib_probe_hist[IB_PROBE_NR] = {
	[IB_PROBE_WAIT]		= IOMMUBENCH_HIST_INVAL_WAIT,
	[IB_PROBE_FQ_FLUSH]	= IOMMUBENCH_HIST_FQ_FLUSH,
	[IB_PROBE_FQ_TIMEOUT]	= IOMMUBENCH_HIST_FQ_TIMEOUT,
	[IB_PROBE_DRV_MAP]	= IOMMUBENCH_HIST_NR,	/* counted, not timed */
};

/* Every histogram no probe class fills is kept per worker. */
static bool ib_hist_per_worker(u32 h)
{
	unsigned int c;

	for (c = 0; c < IB_PROBE_NR; c++)
		if (ib_probe_hist[c] == h)
			return false;
	return true;
}

/*
 * The sensitivity knob: a busy delay of this many ns inside every timed map
 * (counted in the map time and nowhere else), so that a comparison can be
 * shown to detect a known, fixed cost per op. 0 (the default) is off.
 */
#define IB_OP_DELAY_MAX_NS	1000000U

static unsigned int op_delay_ns;

static int ib_op_delay_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, IB_OP_DELAY_MAX_NS);
}

static const struct kernel_param_ops ib_op_delay_ops = {
	.set = ib_op_delay_set,
	.get = param_get_uint,
};

module_param_cb(op_delay_ns, &ib_op_delay_ops, &op_delay_ns, 0600);
MODULE_PARM_DESC(op_delay_ns,
		 "busy delay added to every timed map, ns (0..1000000, default 0: off)");

/*
 * The delay is a counted loop, calibrated once per run on the clock the ops
 * are timed with (like udelay()'s loops_per_jiffy), not a spin on that
 * clock: a spin overshoots by up to two clock reads, and under QEMU
 * -icount a clock read is tens of instructions, so a 366 ns delay added
 * ~1200 ns at shift 3. No cpu_relax(): under TCG a PAUSE leaves the
 * translated code. Bounded: at most IB_OP_DELAY_MAX_NS worth of loops.
 */
#define IB_OP_DELAY_CAL_LOOPS	(1U << 16)
#define IB_OP_DELAY_CAL_TRIES	5

static noinline void ib_spin_loops(u64 n)
{
	while (n--)
		barrier();
}

/*
 * Loops that last ns: the fastest of a few timed runs of a fixed count sets
 * the rate; the call's own cost (a timed call of no loops, less a bare pair
 * of clock reads) comes off first, so that the delay adds ns, not ns plus
 * the call.
 */
static u64 ib_op_delay_calibrate(u64 ns)
{
	u64 rate = U64_MAX, call = U64_MAX, pair = U64_MAX, t;
	int i;

	if (!ns)
		return 0;
	for (i = 0; i < IB_OP_DELAY_CAL_TRIES; i++) {
		t = ktime_get_ns();
		ib_spin_loops(IB_OP_DELAY_CAL_LOOPS);
		rate = min(rate, ktime_get_ns() - t);
		t = ktime_get_ns();
		ib_spin_loops(0);
		call = min(call, ktime_get_ns() - t);
		t = ktime_get_ns();
		pair = min(pair, ktime_get_ns() - t);
	}
	call = call > pair ? call - pair : 0;
	if (ns <= call)
		return 0;
	/* no faster than 16 loops a ns, so a broken clock cannot make it spin long */
	return div64_u64((ns - call) * IB_OP_DELAY_CAL_LOOPS,
			 max_t(u64, rate, IB_OP_DELAY_CAL_LOOPS / 16));
}

static void ib_op_delay(u64 loops)
{
	if (loops)
		ib_spin_loops(loops);
}

static const struct ib_path *ib_path_get(u32 path)
{
	return path < ARRAY_SIZE(ib_paths) ? ib_paths[path] : NULL;
}

/*
 * Read the caller's header, request and path arguments with the growth
 * rules of copy_struct_from_user(): a shorter struct is zero-extended, a
 * longer one's tail must be zero (-E2BIG), one below its first version is
 * -EINVAL. Only the copies are made; nothing is set up.
 */
static int ib_run_read(struct ib_run *run, struct iommubench_run __user *uarg)
{
	struct iommubench_run *h = &run->hdr;
	u32 size;
	int ret;

	if (get_user(size, &uarg->size))
		return -EFAULT;
	ret = ib_check_run_size(size);
	if (!ret)
		ret = copy_struct_from_user(h, sizeof(*h), uarg, size);
	if (ret)
		return ret;
	run->path = ib_path_get(h->path);
	if (!run->path)
		return -EINVAL;
	ret = ib_check_run(h, run->path->args_size_ver0);
	if (!ret)
		ret = copy_struct_from_user(&run->req, sizeof(run->req),
					    u64_to_user_ptr(h->req_ptr),
					    h->req_size);
	if (ret)
		return ret;
	run->args = kzalloc(run->path->args_size, GFP_KERNEL);
	if (!run->args)
		return -ENOMEM;
	return copy_struct_from_user(run->args, run->path->args_size,
				     u64_to_user_ptr(h->args_ptr),
				     h->args_size);
}

/*
 * Memory a run would pin: each worker's buffer and what the path adds (the
 * IOMMU page tables of its live windows, a dma pool's scatterlists). More
 * than a quarter of RAM is refused: a benchmark must not send the host into
 * the OOM killer.
 */
static int ib_run_validate_memory(const struct ib_run *run)
{
	u64 need = (u64)run->req.nr_threads * run->req.buf_size;

	if (run->path->pinned_bytes)
		need += run->path->pinned_bytes(run);
	return need > ((u64)totalram_pages() << PAGE_SHIFT) / 4 ? -ENOMEM : 0;
}

/*
 * Everything that does not depend on the device: the request here (the
 * checks shared with the runner's fake, ib_check.h), the path's own
 * arguments in the path.
 */
static int ib_run_validate(const struct ib_run *run)
{
	int ret = ib_check_req(&run->req);

	if (!ret)
		ret = run->path->validate(run);
	return ret ? ret : ib_run_validate_memory(run);
}

/* Copy the CPU list in and check every CPU is online. */
static int ib_run_cpus(struct ib_run *run)
{
	unsigned int i;

	run->cpus = memdup_user(u64_to_user_ptr(run->req.cpus_ptr),
				array_size(run->nr, sizeof(u32)));
	if (IS_ERR(run->cpus)) {
		int ret = PTR_ERR(run->cpus);

		run->cpus = NULL;
		return ret;
	}
	for (i = 0; i < run->nr; i++)
		if (run->cpus[i] >= nr_cpu_ids || !cpu_online(run->cpus[i]))
			return -EINVAL;
	return 0;
}

/* Map the buffer into the worker's free slot. */
static int ib_op_map(struct ib_worker *w, struct ib_slot **mapped)
{
	struct ib_slot *sl = &w->slots[w->free_slot];
	int ret = w->run->path->map(w, sl);

	if (ret)
		return ret;
	sl->live = true;
	w->live++;
	w->max_live = max(w->max_live, w->live);
	*mapped = sl;
	return 0;
}

/*
 * The mapping this op unmaps: the one it just mapped (pair, hold), or in a
 * full pool the oldest (FIFO: the slots form a ring, the next one after the
 * newest is the oldest) or any one (random).
 */
static struct ib_slot *ib_op_victim(struct ib_worker *w, struct ib_slot *just)
{
	const struct iommubench_run_req *p = &w->run->req;

	if (p->shape != IOMMUBENCH_SHAPE_POOL)
		return just;
	if (p->pool_order == IOMMUBENCH_POOL_FIFO)
		return &w->slots[(just - w->slots + 1) % w->nslots];
	return &w->slots[ib_xorshift32(&w->rng) % w->nslots];
}

static int ib_op_unmap(struct ib_worker *w, struct ib_slot *sl)
{
	int ret = w->run->path->unmap(w, sl);

	if (ret)
		return ret;
	sl->live = false;
	w->live--;
	w->free_slot = sl - w->slots;
	return 0;
}

static int ib_flush(struct ib_worker *w)
{
	return w->run->path->flush ? w->run->path->flush(w) : 0;
}

static void ib_hold(const struct iommubench_run_req *p)
{
	u64 until;

	if (p->shape != IOMMUBENCH_SHAPE_HOLD)
		return;
	/* busy, like dma_map_benchmark's ndelay(dma_trans_ns); at most 10 ms */
	until = ktime_get_ns() + p->hold_ns;
	while (ktime_get_ns() < until)
		cpu_relax();
}

/* One untimed op, for the warm-up. */
static int ib_op(struct ib_worker *w)
{
	struct ib_slot *sl;
	int ret = ib_op_map(w, &sl);

	if (ret)
		return ret;
	ib_hold(&w->run->req);
	return ib_op_unmap(w, ib_op_victim(w, sl));
}

static void ib_worker_timed_loop(struct ib_worker *w)
{
	struct ib_run *run = w->run;
	/* an ops-only run is still bounded: never more than the longest duration */
	u64 deadline = run->start_ns + (run->req.duration_ns ?: IOMMUBENCH_MAX_DURATION_NS);
	struct ib_slot *sl;
	u64 t0, t1, t2, t3;
	int ret = 0;

	while (!READ_ONCE(run->stop)) {
		if (run->req.ops && w->ops >= run->req.ops)
			break;
		t0 = ktime_get_ns();
		ret = ib_op_map(w, &sl);
		if (ret)
			break;
		ib_op_delay(run->op_delay_loops);
		t1 = ktime_get_ns();
		ib_hold(&run->req);
		t2 = run->req.shape == IOMMUBENCH_SHAPE_HOLD ? ktime_get_ns() : t1;
		ret = ib_op_unmap(w, ib_op_victim(w, sl));
		t3 = ktime_get_ns();
		if (ret)
			break;
		ib_hist_add(w->hist[IOMMUBENCH_HIST_MAP], t1 - t0);
		ib_hist_add(w->hist[IOMMUBENCH_HIST_UNMAP], t3 - t2);
		ib_hist_add(w->hist[IOMMUBENCH_HIST_OP], t1 - t0 + t3 - t2);
		w->map_ns += t1 - t0;
		w->unmap_ns += t3 - t2;
		w->ops++;
		if (t3 >= deadline)
			break;
		cond_resched();
	}
	/* a partly filled deferred batch is paid for by this run */
	if (!ret) {
		t0 = ktime_get_ns();
		ret = ib_flush(w);
		w->unmap_ns += ktime_get_ns() - t0;
	}
	w->err = ret;
}

/*
 * The victim timer (cyclictest's idea, inside the run): how late it fires is
 * how long its CPU could not take a timer interrupt, whatever the cause, e.g.
 * an invalidation wait spinning with interrupts off. Hard mode: it expires in
 * hard interrupt context even on PREEMPT_RT. Only this CPU touches its
 * histogram while the run lasts.
 */
static enum hrtimer_restart ib_victim_fn(struct hrtimer *t)
{
	struct ib_worker *w = container_of(t, struct ib_worker, victim);
	ktime_t now = ktime_get();
	s64 late = ktime_to_ns(ktime_sub(now, hrtimer_get_expires(t)));

	ib_hist_add(w->hist[IOMMUBENCH_HIST_TIMER_LATE], late > 0 ? late : 0);
	w->timer_fires++;
	hrtimer_forward(t, now, ns_to_ktime(w->run->req.timer_period_ns));
	return HRTIMER_RESTART;
}

static void ib_victim_start(struct ib_worker *w)
{
	u64 period = w->run->req.timer_period_ns;

	if (!period)
		return;
	/* started from the bound worker and pinned: it fires on this CPU */
	hrtimer_init(&w->victim, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_PINNED_HARD);
	w->victim.function = ib_victim_fn;
	hrtimer_start(&w->victim, ktime_add_ns(ktime_get(), period),
		      HRTIMER_MODE_ABS_PINNED_HARD);
}

static void ib_victim_stop(struct ib_worker *w)
{
	if (w->run->req.timer_period_ns)
		hrtimer_cancel(&w->victim);
}

/* Untimed: a pool starts one short of full, so every timed op maps and unmaps. */
static int ib_worker_warm_up(struct ib_worker *w)
{
	struct ib_run *run = w->run;
	struct ib_slot *sl;
	unsigned int i;
	int ret = 0;

	/* up to MAX_POOL maps and MAX_WARMUP ops: stoppable, and yielding */
	while (!ret && w->live + 1 < w->nslots && !READ_ONCE(run->stop)) {
		ret = ib_op_map(w, &sl);
		w->free_slot = w->live;
		cond_resched();
	}
	/* page-table pages and IOVA caches get filled here, not in the timing */
	for (i = 0; i < run->req.warmup_ops && !ret && !READ_ONCE(run->stop); i++) {
		ret = ib_op(w);
		cond_resched();
	}
	if (!ret)
		ret = ib_flush(w);
	return ret;
}

static int ib_worker_fn(void *data)
{
	struct ib_worker *w = data;
	struct ib_run *run = w->run;
	unsigned int i;
	int ret;

	/* the clock's own cost, timed exactly like an op */
	for (i = 0; i < IB_NULL_OPS; i++) {
		u64 t0 = ktime_get_ns();

		ib_hist_add(w->hist[IOMMUBENCH_HIST_CLOCK], ktime_get_ns() - t0);
	}
	ret = ib_worker_warm_up(w);
	if (ret) {
		w->err = ret;
		WRITE_ONCE(run->stop, true);
	}

	atomic_inc(&run->ready);
	wake_up_all(&run->wq);
	wait_event(run->wq, READ_ONCE(run->go));

	if (!ret) {
		ib_victim_start(w);
		ib_worker_timed_loop(w);
		ib_victim_stop(w);
	}
	if (w->err)
		WRITE_ONCE(run->stop, true);
	w->end_ns = ktime_get_ns();
	w->ran_cpu = raw_smp_processor_id();
	if (atomic_dec_and_test(&run->remaining))
		complete(&run->done);

	/* wait for kthread_stop(): module code must not outlive the run */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Each worker's mapping slots: one, or pool_depth for a pool. */
static int ib_run_alloc_slots(struct ib_run *run)
{
	u32 n = run->req.shape == IOMMUBENCH_SHAPE_POOL ? run->req.pool_depth : 1;
	unsigned int i;

	for (i = 0; i < run->nr; i++) {
		struct ib_worker *w = &run->workers[i];

		w->slots = kvcalloc(n, sizeof(*w->slots), GFP_KERNEL);
		if (!w->slots)
			return -ENOMEM;
		w->nslots = n;
	}
	return 0;
}

static void ib_run_free_slots(struct ib_run *run)
{
	unsigned int i;

	for (i = 0; run->workers && i < run->nr; i++)
		kvfree(run->workers[i].slots);
}

/* Stop every worker thread, unmap what is left, free buffers and histograms. */
static void ib_run_stop_workers(struct ib_run *run)
{
	unsigned int i, h;

	for (i = 0; i < run->nr; i++) {
		struct ib_worker *w = &run->workers[i];

		if (w->task)
			kthread_stop(w->task);
		w->task = NULL;
		if (w->run)
			run->path->worker_teardown(w);
		for (h = 0; h < IOMMUBENCH_HIST_NR; h++) {
			kvfree(w->hist[h]);
			w->hist[h] = NULL;
		}
	}
}

static int ib_run_setup_workers(struct ib_run *run)
{
	unsigned int i, h;
	int ret;

	for (i = 0; i < run->nr; i++) {
		struct ib_worker *w = &run->workers[i];

		w->run = run;
		w->cpu = run->cpus[i];
		for (h = 0; h < IOMMUBENCH_HIST_NR; h++) {
			if (!ib_hist_per_worker(h))
				continue;	/* system-wide, from the probes */
			w->hist[h] = kvzalloc(sizeof(struct ib_hist), GFP_KERNEL);
			if (!w->hist[h])
				return -ENOMEM;
		}
		w->rng = ((i + 1) * 2654435761u) | 1;	/* xorshift: not 0 */
		ret = run->path->worker_setup(w);
		if (ret)
			return ret;
	}
	for (i = 0; i < run->nr; i++) {
		struct ib_worker *w = &run->workers[i];
		struct task_struct *t;

		t = kthread_create(ib_worker_fn, w, "iommubench/%u", w->cpu);
		if (IS_ERR(t))
			return PTR_ERR(t);
		kthread_bind(t, w->cpu);
		w->task = t;
	}
	return 0;
}

/*
 * Start the workers, let them warm up, time them. A signal stops them after
 * their current op; the call then waits for them (each op is bounded). The
 * probes' histograms go into @merged unless the path counts its own
 * invalidations.
 */
static int ib_run_execute(struct ib_run *run, struct ib_inval_snap *before,
			  struct ib_inval_snap *after, struct ib_hist *merged)
{
	bool probe_hists = !(run->path->flags & IB_PATH_OWN_INVAL);
	struct ib_hist *h0;
	unsigned int i, c;
	int ret;

	h0 = kvcalloc(IB_PROBE_NR, sizeof(*h0), GFP_KERNEL);
	if (!h0)
		return -ENOMEM;

	for (i = 0; i < run->nr; i++)
		wake_up_process(run->workers[i].task);

	ret = wait_event_interruptible(run->wq,
				       atomic_read(&run->ready) == run->nr);
	if (ret)
		WRITE_ONCE(run->stop, true);

	for (c = 0; c < IB_PROBE_NR; c++)
		ib_probe_snapshot(c, &before[c],
				  ib_probe_hist[c] < IOMMUBENCH_HIST_NR ? &h0[c] : NULL);
	run->op_delay_ns = READ_ONCE(op_delay_ns);
	run->op_delay_loops = ib_op_delay_calibrate(run->op_delay_ns);
	run->start_ns = ktime_get_ns();
	WRITE_ONCE(run->go, true);
	wake_up_all(&run->wq);

	if (!ret)
		ret = wait_for_completion_interruptible(&run->done);
	if (ret) {
		WRITE_ONCE(run->stop, true);
		wait_for_completion(&run->done);
		ret = -EINTR;
	}
	for (c = 0; c < IB_PROBE_NR; c++) {
		struct ib_hist *h;

		if (ib_probe_hist[c] >= IOMMUBENCH_HIST_NR || !probe_hists) {
			ib_probe_snapshot(c, &after[c], NULL);
			continue;
		}
		h = &merged[ib_probe_hist[c]];
		ib_probe_snapshot(c, &after[c], h);
		for (i = 0; i < IOMMUBENCH_HIST_BUCKETS; i++)
			h->b[i] -= h0[c].b[i];
	}
	kvfree(h0);
	return ret;
}

/* Median of a histogram, as the lower bound of its bucket. */
static u64 ib_hist_median(const struct ib_hist *h)
{
	u64 total = 0, seen = 0;
	u32 i;

	for (i = 0; i < IOMMUBENCH_HIST_BUCKETS; i++)
		total += h->b[i];
	for (i = 0; i < IOMMUBENCH_HIST_BUCKETS; i++) {
		seen += h->b[i];
		if (total && seen * 2 >= total)
			return iommubench_hist_lower(i);
	}
	return 0;
}

static u64 ib_probe_delta_count(const struct ib_inval_snap *before,
				const struct ib_inval_snap *after,
				enum ib_probe_class c)
{
	return after[c].count - before[c].count;
}

static u64 ib_probe_delta_ns(const struct ib_inval_snap *before,
			     const struct ib_inval_snap *after,
			     enum ib_probe_class c)
{
	return after[c].ns - before[c].ns;
}

/*
 * What the system-wide probes saw during the timed interval: the
 * invalidation waits and flush-queue work (unless the path counts its own
 * invalidations), and the IOMMU driver's map calls (unless its driver is
 * the module's own).
 */
static void ib_run_report_probes(struct ib_run *run,
				 const struct ib_inval_snap *before,
				 const struct ib_inval_snap *after)
{
	struct iommubench_run_report *r = &run->rep;
	unsigned int c;

	if (!(run->path->flags & IB_PATH_OWN_INVAL)) {
		r->inval_count = ib_probe_delta_count(before, after, IB_PROBE_WAIT);
		r->inval_wait_ns = ib_probe_delta_ns(before, after, IB_PROBE_WAIT);
		for (c = 0; c < IB_PROBE_NR; c++)
			r->inval_missed += after[c].missed - before[c].missed;
		if (ib_probe_available(IB_PROBE_WAIT))
			r->result_flags |= IOMMUBENCH_RES_INVAL_AVAILABLE;
		r->fq_flush_count = ib_probe_delta_count(before, after,
							 IB_PROBE_FQ_FLUSH);
		r->fq_flush_ns = ib_probe_delta_ns(before, after,
						   IB_PROBE_FQ_FLUSH);
		r->fq_timeout_count = ib_probe_delta_count(before, after,
							   IB_PROBE_FQ_TIMEOUT);
		r->fq_timeout_ns = ib_probe_delta_ns(before, after,
						     IB_PROBE_FQ_TIMEOUT);
		if (ib_probe_available(IB_PROBE_FQ_FLUSH))
			r->result_flags |= IOMMUBENCH_RES_FQ_AVAILABLE;
	}
	if (!(run->path->flags & IB_PATH_OWN_DRIVER) &&
	    ib_probe_available(IB_PROBE_DRV_MAP)) {
		r->driver_map_calls = ib_probe_delta_count(before, after,
							   IB_PROBE_DRV_MAP);
		r->result_flags |= IOMMUBENCH_RES_DRV_AVAILABLE;
	}
}

/* Merge the workers' histograms and sums into @merged and the report. */
static void ib_run_report(struct ib_run *run, struct ib_hist *merged,
			  const struct ib_inval_snap *before,
			  const struct ib_inval_snap *after,
			  struct iommubench_worker_result *wr)
{
	struct iommubench_run_report *r = &run->rep;
	u64 end = run->start_ns;
	unsigned int i, h, b;

	for (i = 0; i < run->nr; i++) {
		struct ib_worker *w = &run->workers[i];

		for (h = 0; h < IOMMUBENCH_HIST_NR; h++) {
			if (!w->hist[h])
				continue;
			for (b = 0; b < IOMMUBENCH_HIST_BUCKETS; b++)
				merged[h].b[b] += w->hist[h]->b[b];
		}
		r->ops_done += w->ops;
		r->map_ns += w->map_ns;
		r->unmap_ns += w->unmap_ns;
		end = max(end, w->end_ns);
		r->max_live = max_t(u64, r->max_live, w->max_live);
		r->timer_fires += w->timer_fires;
		wr[i].cpu = w->ran_cpu;
		wr[i].ops = w->ops;
		wr[i].busy_ns = w->map_ns + w->unmap_ns;
	}
	r->elapsed_ns = end - run->start_ns;
	ib_run_report_probes(run, before, after);
	r->clock_overhead_ns = ib_hist_median(&merged[IOMMUBENCH_HIST_CLOCK]);
	r->eff_pgsize_bitmap = run->pgsize;
	r->iova = run->workers[0].slots[0].iova;
	r->map_calls = run->map_calls;
	r->domain_type = run->domain_type;
	if (run->path->report)
		run->path->report(run, merged);
}

/*
 * Write the caller's worker results: min(worker_result_size, sizeof) bytes
 * of each, at the caller's stride; the rest of each entry is not touched.
 */
static int ib_run_write_workers(struct ib_run *run,
				const struct iommubench_worker_result *wr)
{
	u32 stride = run->req.worker_result_size;
	u32 n = ib_worker_result_bytes(&run->req);
	char __user *p = u64_to_user_ptr(run->req.workers_ptr);
	unsigned int i;

	if (stride == sizeof(*wr))
		return copy_to_user(p, wr, array_size(run->nr, sizeof(*wr))) ?
		       -EFAULT : 0;
	for (i = 0; i < run->nr; i++)
		if (copy_to_user(p + (size_t)i * stride, &wr[i], n))
			return -EFAULT;
	return 0;
}

/*
 * Write min(hist_count, HIST_NR) histograms, the worker results and
 * min(report_size, sizeof) bytes of the report, its size field saying how
 * many and its hist_written how many histograms.
 */
static int ib_run_write(struct ib_run *run, const struct ib_hist *merged,
			const struct iommubench_worker_result *wr)
{
	u32 n = min_t(u32, run->hdr.report_size, sizeof(run->rep));
	u32 nh = ib_hist_written(&run->req);

	run->rep.size = n;
	run->rep.hist_written = nh;
	if (copy_to_user(u64_to_user_ptr(run->req.hist_ptr), merged,
			 array_size(nh, sizeof(*merged))) ||
	    ib_run_write_workers(run, wr) ||
	    copy_to_user(u64_to_user_ptr(run->hdr.report_ptr), &run->rep, n))
		return -EFAULT;
	return 0;
}

/* Between a removal's start and its end no run may time anything. */
static void ib_run_stop_for_removal(struct ib_run *run)
{
	WRITE_ONCE(run->device_gone, true);
	WRITE_ONCE(run->stop, true);
}

static void ib_run_publish(struct ib_run *run)
{
	spin_lock(&ib.run_lock);
	ib.cur_run = run;
	if (run && run->idev->removing)
		ib_run_stop_for_removal(run);
	spin_unlock(&ib.run_lock);
}

/*
 * The run proper, with ib.lock held: prepare the device, start the
 * workers, time them, report (also when the run ended early), and undo
 * everything again.
 */
static int ib_run_locked(struct ib_run *run, struct ib_hist *merged,
			 struct iommubench_worker_result *wr)
{
	struct ib_inval_snap before[IB_PROBE_NR] = {}, after[IB_PROBE_NR] = {};
	bool started = false;
	unsigned int i;
	int ret, wret;

	if (!ib.dev)
		return -ENODEV;
	run->idev = ib.dev;
	ret = run->path->prepare(run);
	if (ret)
		return ret;

	/* real drivers only; without a probe the count is reported missing */
	if ((run->req.flags & IOMMUBENCH_RUN_COUNT_DRIVER_CALLS) &&
	    !(run->path->flags & IB_PATH_OWN_DRIVER))
		ib_drv_probes_start();
	ib_run_publish(run);
	ret = ib_run_setup_workers(run);
	if (!ret) {
		started = true;
		ret = ib_run_execute(run, before, after, merged);
	}
	/* a removed device's partial run is no result; its ops may have failed */
	if (READ_ONCE(run->device_gone))
		ret = -ENODEV;
	for (i = 0; i < run->nr && !ret; i++)
		ret = run->workers[i].err;
	/* the report is written whenever the run started, also on an error */
	if (started) {
		ib_run_report(run, merged, before, after, wr);
		wret = ib_run_write(run, merged, wr);
		if (!ret)
			ret = wret;
	}

	/* threads stopped and pages unmapped before the device is given back */
	ib_run_stop_workers(run);
	ib_run_publish(NULL);
	ib_drv_probes_stop();
	run->path->finish(run);
	return ret;
}

/**
 * ib_run_ioctl() - IOMMUBENCH_IOC_RUN
 * @uarg: the caller's struct iommubench_run
 *
 * The header, the request and the path's arguments are read with the
 * growth rules of copy_struct_from_user() and every field is checked before
 * anything is set up, so a bad one changes nothing. Every error path
 * unwinds what was set up: workers stopped, pages unmapped and freed, the
 * default domain re-attached. Once the workers started, the report is
 * written (min(report_size, sizeof) bytes) whatever the outcome.
 *
 * Return: 0; -EINVAL for bad arguments or a size below a struct's first
 * version; -E2BIG for a struct with non-zero bytes this module does not
 * know; -ENOMEM (also for a run that would pin more than a quarter of RAM);
 * -ENODEV when no device is bound or the device was removed during the
 * run; -EINTR when a signal stopped the run; -EFAULT; or the error of an
 * IOMMU call.
 */
long ib_run_ioctl(struct iommubench_run __user *uarg)
{
	struct iommubench_worker_result *wr = NULL;
	struct ib_hist *merged = NULL;
	struct ib_run *run;
	int ret;

	run = kzalloc(sizeof(*run), GFP_KERNEL);
	if (!run)
		return -ENOMEM;
	ret = ib_run_read(run, uarg);
	if (!ret)
		ret = ib_run_validate(run);
	if (ret)
		goto out_free;
	run->nr = run->req.nr_threads;
	ret = ib_run_cpus(run);
	if (ret)
		goto out_free;

	init_waitqueue_head(&run->wq);
	init_completion(&run->done);
	atomic_set(&run->remaining, run->nr);
	run->workers = kvcalloc(run->nr, sizeof(*run->workers), GFP_KERNEL);
	merged = kvcalloc(IOMMUBENCH_HIST_NR, sizeof(*merged), GFP_KERNEL);
	wr = kvcalloc(run->nr, sizeof(*wr), GFP_KERNEL);
	if (!run->workers || !merged || !wr) {
		ret = -ENOMEM;
		goto out_free;
	}
	ret = ib_run_alloc_slots(run);
	if (ret)
		goto out_free;

	ret = mutex_lock_interruptible(&ib.lock);
	if (ret)
		goto out_free;
	ret = ib_run_locked(run, merged, wr);
	mutex_unlock(&ib.lock);
out_free:
	ib_run_free_slots(run);
	kvfree(run->workers);
	kvfree(wr);
	kvfree(merged);
	kfree(run->cpus);
	kfree(run->args);
	kfree(run);
	return ret;
}

/**
 * ib_run_device_removed() - @idev is going away: stop its run soon
 * @idev: the device being removed
 *
 * The run in progress, or one that has taken ib.lock and is about to start,
 * stops after each worker's current op (every op is bounded) and its ioctl
 * returns -ENODEV.
 *
 * Return: true if a run was in progress.
 */
bool ib_run_device_removed(struct ib_device *idev)
{
	bool running;

	spin_lock(&ib.run_lock);
	idev->removing = true;
	running = ib.cur_run;
	if (running)
		ib_run_stop_for_removal(ib.cur_run);
	spin_unlock(&ib.run_lock);
	return running;
}

/**
 * ib_run_live_bytes() - bytes the current run's workers have mapped now
 *
 * Return: a racy but never torn sum; 0 when no run is in progress.
 */
u64 ib_run_live_bytes(void)
{
	u64 sum = 0;
	unsigned int i;

	spin_lock(&ib.run_lock);
	if (ib.cur_run && ib.cur_run->workers)
		for (i = 0; i < ib.cur_run->nr; i++)
			sum += READ_ONCE(ib.cur_run->workers[i].mapped);
	spin_unlock(&ib.run_lock);
	return sum;
}
