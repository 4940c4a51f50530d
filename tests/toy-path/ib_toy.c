// SPDX-License-Identifier: GPL-2.0
/*
 * The `toy` path: maps and unmaps nothing, only counts its calls. It shows
 * what a path is to the module: one file that fills one struct ib_path from
 * the generic descriptor API (ib_run.h), plus one line in ib_paths.h:
 *
 *	IB_PATH(99, ib_toy_path)	(99 = IOMMUBENCH_PATH_TOY, ib_toy.h)
 *
 * Copy this file and ib_toy.h into kmod/ and add that line to build it in;
 * the real module does not register it.
 *
 * Its figures are exact, so a test can check the generic code around it: a
 * "driver" map call per map (IB_PATH_OWN_DRIVER: driver_map_calls with
 * RUN_COUNT_DRIVER_CALLS), an "invalidation" per unmap (IB_PATH_OWN_INVAL:
 * inval_count, no wait time), both counted during the timed interval only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>

#include "ib_run.h"
#include "ib_toy.h"

/**
 * struct ib_toy_worker - one worker's counts (its own cache line)
 * @calls:	map calls so far, warm-up included (for fail_after)
 * @maps:	timed map calls
 * @unmaps:	timed unmap calls
 */
struct ib_toy_worker {
	u64 calls;
	u64 maps;
	u64 unmaps;
} ____cacheline_aligned_in_smp;

static const struct iommubench_toy_args *ib_toy_args(const struct ib_run *run)
{
	return run->args;
}

static struct ib_toy_worker *ib_toy_worker(const struct ib_worker *w)
{
	struct ib_toy_worker *tw = w->run->priv;

	return &tw[w - w->run->workers];
}

static int ib_toy_validate(const struct ib_run *run)
{
	return ib_toy_args(run)->pad ? -EINVAL : 0;
}

static int ib_toy_prepare(struct ib_run *run)
{
	run->priv = kcalloc(run->nr, sizeof(struct ib_toy_worker), GFP_KERNEL);
	if (!run->priv)
		return -ENOMEM;
	run->domain_type = IOMMUBENCH_DOMAIN_OTHER;
	run->min_pgsize = PAGE_SIZE;
	run->map_calls = 1;
	return 0;
}

static void ib_toy_finish(struct ib_run *run)
{
	kfree(run->priv);
	run->priv = NULL;
}

static int ib_toy_worker_setup(struct ib_worker *w)
{
	return 0;	/* no buffer: nothing is mapped */
}

static int ib_toy_map(struct ib_worker *w, struct ib_slot *sl)
{
	struct ib_toy_worker *tw = ib_toy_worker(w);
	u32 fail_after = ib_toy_args(w->run)->fail_after;

	if (fail_after && ++tw->calls == fail_after)
		return -EIO;
	if (READ_ONCE(w->run->go))
		tw->maps++;
	WRITE_ONCE(w->mapped, w->mapped + w->run->req.buf_size);
	return 0;
}

static int ib_toy_unmap(struct ib_worker *w, struct ib_slot *sl)
{
	if (READ_ONCE(w->run->go))
		ib_toy_worker(w)->unmaps++;
	WRITE_ONCE(w->mapped, w->mapped - w->run->req.buf_size);
	return 0;
}

/* A pool ends with mappings live: "unmap" them, uncounted. */
static void ib_toy_worker_teardown(struct ib_worker *w)
{
	u32 i;

	for (i = 0; i < w->nslots; i++)
		w->slots[i].live = false;
	WRITE_ONCE(w->mapped, 0);
}

static void ib_toy_report(struct ib_run *run, struct ib_hist *merged)
{
	const struct ib_toy_worker *tw = run->priv;
	struct iommubench_run_report *r = &run->rep;
	u64 maps = 0, unmaps = 0;
	unsigned int i;

	for (i = 0; i < run->nr; i++) {
		maps += tw[i].maps;
		unmaps += tw[i].unmaps;
	}
	r->inval_count = unmaps;
	r->result_flags |= IOMMUBENCH_RES_INVAL_AVAILABLE;
	if (run->req.flags & IOMMUBENCH_RUN_COUNT_DRIVER_CALLS) {
		r->driver_map_calls = maps;
		r->result_flags |= IOMMUBENCH_RES_DRV_AVAILABLE;
	}
}

const struct ib_path ib_toy_path = {
	.name		= "toy",
	.args_size_ver0	= IOMMUBENCH_TOY_ARGS_SIZE_VER0,
	.args_size	= sizeof(struct iommubench_toy_args),
	.flags		= IB_PATH_OWN_INVAL | IB_PATH_OWN_DRIVER,
	.validate	= ib_toy_validate,
	.prepare	= ib_toy_prepare,
	.finish		= ib_toy_finish,
	.worker_setup	= ib_toy_worker_setup,
	.worker_teardown = ib_toy_worker_teardown,
	.map		= ib_toy_map,
	.unmap		= ib_toy_unmap,
	.report		= ib_toy_report,
};
