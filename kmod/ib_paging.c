// SPDX-License-Identifier: GPL-2.0
/*
 * The map/unmap loops of the paging paths (`iommu`, `sim`), written once;
 * each path supplies only its primitives (struct ib_paging).
 *
 *   map range	  one map call per physically contiguous chunk of the
 *		  worker's buffer: the core splits it by pgsize_bitmap and
 *		  calls the driver's map_pages() with a page count.
 *   map per-page one map call (and later one unmap) per page of the
 *		  smallest allowed size: the cost of a driver that can only
 *		  map a page at a time.
 *   unmap strict   the driver invalidates in every unmap call.
 *   unmap deferred invalidations are gathered and synced once per batch of
 *		  ops (the flush queue's idea, on the raw API), and by
 *		  ib_paging_flush().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/kernel.h>

#include "ib_run.h"
#include "ib_sim_logic.h"

/**
 * ib_paging_setup() - a paging run's page sizes, window alignment, map calls
 * @run:	the run, its arguments checked
 * @pgsize:	the page sizes the run maps with
 * @max_chunk:	largest physically contiguous piece a worker's buffer has
 */
void ib_paging_setup(struct ib_run *run, unsigned long pgsize, u64 max_chunk)
{
	u64 size = run->req.buf_size;

	run->pgsize = pgsize;
	run->min_pgsize = 1UL << __ffs(pgsize);
	run->align = ib_window_align(pgsize, size);
	if (ib_paging_args(run)->map_mode == IOMMUBENCH_MAP_RANGE)
		run->map_calls = DIV_ROUND_UP(size, min(size, max_chunk));
	else
		run->map_calls = size / run->min_pgsize;
}

/**
 * ib_paging_flush() - sync the worker's deferred invalidations, if any
 * @w: the worker
 *
 * Return: 0.
 */
int ib_paging_flush(struct ib_worker *w)
{
	if (w->pending) {
		w->run->path->paging->sync(w);
		w->pending = 0;
	}
	return 0;
}

/**
 * ib_paging_map() - map the buffer at the slot's window
 * @w:	the worker
 * @sl:	its free slot
 *
 * On failure whatever this call mapped is removed again (the path's undo).
 *
 * Return: 0 or the primitive's error.
 */
int ib_paging_map(struct ib_worker *w, struct ib_slot *sl)
{
	struct ib_run *run = w->run;
	const struct ib_paging *pg = run->path->paging;
	bool range = ib_paging_args(run)->map_mode == IOMMUBENCH_MAP_RANGE;
	u64 size = run->req.buf_size, off, len;
	int ret = 0;

	for (off = 0; off < size; off += len) {
		len = range ? min_t(u64, w->chunk, size - off) : run->min_pgsize;
		ret = pg->map(w, sl->iova + off, off, len);
		if (ret)
			break;
		WRITE_ONCE(w->mapped, w->mapped + len);
	}
	if (ret)
		WRITE_ONCE(w->mapped, w->mapped - pg->undo(w, sl->iova, off));
	return ret;
}

/**
 * ib_paging_unmap() - unmap the slot's window
 * @w:	the worker
 * @sl:	a live slot
 *
 * Strict: the primitive invalidates in each call. Deferred: one sync every
 * batch of ops, and in ib_paging_flush().
 *
 * Return: 0; -EIO when fewer bytes were unmapped than mapped.
 */
int ib_paging_unmap(struct ib_worker *w, struct ib_slot *sl)
{
	struct ib_run *run = w->run;
	const struct iommubench_iommu_args *a = ib_paging_args(run);
	bool deferred = a->unmap_mode == IOMMUBENCH_UNMAP_DEFERRED;
	u64 size = run->req.buf_size, off, len, n, done = 0;

	len = a->map_mode == IOMMUBENCH_MAP_RANGE ? size : run->min_pgsize;
	for (off = 0; off < size; off += len) {
		n = run->path->paging->unmap(w, sl->iova + off, len, deferred);
		done += n;
		if (n != len)
			break;
	}
	WRITE_ONCE(w->mapped, w->mapped - done);
	if (deferred && ++w->pending >= a->batch)
		ib_paging_flush(w);
	return done == size ? 0 : -EIO;
}
