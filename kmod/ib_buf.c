// SPDX-License-Identifier: GPL-2.0
/*
 * The workers' buffers: the only memory the module ever maps. Physically
 * contiguous and naturally aligned, so a range map can use every page size
 * up to the buffer's size.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/topology.h>

#include "ib_run.h"

/**
 * ib_buf_alloc() - allocate a worker's buffer on its CPU's node
 * @w:		the worker, with @cpu set
 * @max_chunk:	largest contiguous allocation the path can use
 *
 * The buffer holds min(buf_size, @max_chunk) bytes, rounded up to a power of
 * two pages and to the run's smallest page size.
 *
 * Return: 0 or -ENOMEM.
 */
int ib_buf_alloc(struct ib_worker *w, u64 max_chunk)
{
	u64 chunk = min_t(u64, w->run->req.buf_size, max_chunk);

	w->order = get_order(max_t(u64, chunk, w->run->min_pgsize));
	w->pages = alloc_pages_node(cpu_to_node(w->cpu),
				    GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
				    w->order);
	if (!w->pages)
		return -ENOMEM;
	atomic64_add(1UL << w->order, &ib.alloc_pages);
	w->phys = page_to_phys(w->pages);
	w->chunk = PAGE_SIZE << w->order;
	return 0;
}

/**
 * ib_buf_free() - free a worker's buffer, if it has one
 * @w: the worker
 */
void ib_buf_free(struct ib_worker *w)
{
	if (!w->pages)
		return;
	__free_pages(w->pages, w->order);
	atomic64_sub(1UL << w->order, &ib.alloc_pages);
	w->pages = NULL;
}
