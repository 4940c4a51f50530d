// SPDX-License-Identifier: GPL-2.0
/*
 * The `iommu` path: our own paging domain, driven through the IOMMU API
 * exactly as a driver that owns its DMA (vfio, GPU drivers) drives it.
 *
 *   map range	  one iommu_map() per physically contiguous chunk: the core
 *		  splits it by pgsize_bitmap and calls the driver's map_pages()
 *		  with a page count.
 *   map per-page one iommu_map() (and later one unmap) per page of the
 *		  smallest allowed size: the cost of a driver that can only
 *		  map a page at a time.
 *   unmap strict   iommu_unmap(): the driver invalidates before returning.
 *   unmap deferred iommu_unmap_fast() into a gather, one iommu_iotlb_sync()
 *		  per batch of ops (the flush queue's idea, on the raw API).
 */
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "compat.h"
#include "ib_run.h"

#define IB_PROT		(IOMMU_READ | IOMMU_WRITE)
#define IB_MAX_CHUNK	(PAGE_SIZE << IB_MAX_ALLOC_ORDER)

/* Largest allowed page size that fits in @size: the window's alignment. */
static unsigned long ib_window_align(unsigned long pgsize, u64 size)
{
	u64 fit = pgsize & ((rounddown_pow_of_two(size) << 1) - 1);

	if (!fit)
		return 1UL << __ffs(pgsize);
	return 1UL << __fls(fit);
}

static bool ib_overlaps(u64 start, u64 len, const struct iommu_resv_region *r)
{
	return start < r->start + r->length && r->start < start + len;
}

/*
 * Give every worker a window inside the aperture that overlaps no reserved
 * region (MSI doorbells, RMRRs, ...). Each step either takes a slot or jumps
 * past a region, so the walk is bounded.
 */
static int ib_pick_iovas(struct ib_run *run)
{
	const struct iommu_domain_geometry *geo = &run->domain->geometry;
	u64 stride = ALIGN(run->p.buf_size, run->align);
	u64 cand = ALIGN(max_t(u64, geo->aperture_start, run->align),
			 run->align);
	bool fixed = run->p.iova_base != 0;
	struct iommu_resv_region *r, *next;
	struct iommu_group *group;
	unsigned int i = 0;
	LIST_HEAD(resv);
	int ret = 0;

	if (geo->aperture_end <= geo->aperture_start)
		return -ENOSPC;
	if (fixed) {
		if (!IS_ALIGNED(run->p.iova_base, run->align) ||
		    run->p.iova_base < geo->aperture_start)
			return -EINVAL;
		cand = run->p.iova_base;
	}

	/* the group's regions: exported on every target, unlike the device's */
	group = iommu_group_get(&run->idev->pdev->dev);
	if (!group)
		return -ENODEV;
	ret = iommu_get_group_resv_regions(group, &resv);
	iommu_group_put(group);
	if (ret)
		goto out;
	while (i < run->nr) {
		bool moved = false;

		if (cand + stride < cand || cand + stride - 1 > geo->aperture_end) {
			ret = fixed ? -EINVAL : -ENOSPC;
			break;
		}
		list_for_each_entry(r, &resv, list) {
			if (ib_overlaps(cand, stride, r)) {
				/* a caller's window is taken as given or refused */
				if (fixed) {
					ret = -EINVAL;
					goto out;
				}
				u64 next_cand = ALIGN(r->start + r->length,
						      run->align);

				if (next_cand <= cand) {	/* wrapped */
					ret = -ENOSPC;
					goto out;
				}
				cand = next_cand;
				moved = true;
				break;
			}
		}
		if (moved)
			continue;
		run->workers[i++].iova = cand;
		cand += stride;
	}
out:
	/* copies made for us by the core, plain allocations */
	list_for_each_entry_safe(r, next, &resv, list)
		kfree(r);
	return ret;
}

/**
 * ib_iommu_prepare() - check the page sizes and attach our domain
 * @run: the run, with validated generic parameters and allocated workers
 *
 * Return: 0; -EINVAL for page sizes that are not a non-empty subset of the
 * hardware bitmap or that do not fit the buffer; -ENOSPC when the aperture
 * has no room; an error from iommu_attach_device().
 */
int ib_iommu_prepare(struct ib_run *run)
{
	struct ib_device *idev = run->idev;
	u64 size = run->p.buf_size;
	int ret;

	/* the hardware bitmap was read at bind time, with the domain attached */
	run->pgsize = run->p.pgsize_mask ? run->p.pgsize_mask : idev->hw_pgsize;
	if (!run->pgsize || (run->pgsize & ~idev->hw_pgsize))
		return -EINVAL;
	run->min_pgsize = 1UL << __ffs(run->pgsize);
	if (run->min_pgsize > IB_MAX_CHUNK || !IS_ALIGNED(size, run->min_pgsize))
		return -EINVAL;
	run->align = ib_window_align(run->pgsize, size);
	if (run->p.map_mode == IOMMUBENCH_MAP_RANGE)
		run->map_calls = DIV_ROUND_UP(size, min_t(u64, size, IB_MAX_CHUNK));
	else
		run->map_calls = size / run->min_pgsize;

	ret = iommu_attach_device(idev->domain, &idev->pdev->dev);
	if (ret)
		return ret;
	run->domain = idev->domain;
	/* the core splits every map and unmap by this bitmap */
	run->domain->pgsize_bitmap = run->pgsize;

	ret = ib_pick_iovas(run);
	if (ret)
		ib_iommu_finish(run);
	return ret;
}

/**
 * ib_iommu_finish() - give the device back its default domain
 * @run: a run ib_iommu_prepare() succeeded for
 */
void ib_iommu_finish(struct ib_run *run)
{
	run->domain->pgsize_bitmap = run->idev->hw_pgsize;
	iommu_detach_device(run->domain, &run->idev->pdev->dev);
}

/**
 * ib_iommu_worker_setup() - allocate a worker's buffer
 * @w: the worker, with @cpu and @iova set
 *
 * The buffer is physically contiguous and naturally aligned, so a range map
 * can use every page size up to its size.
 *
 * Return: 0 or -ENOMEM.
 */
int ib_iommu_worker_setup(struct ib_worker *w)
{
	u64 chunk = min_t(u64, w->run->p.buf_size, IB_MAX_CHUNK);

	w->order = get_order(max_t(u64, chunk, w->run->min_pgsize));
	w->pages = alloc_pages_node(cpu_to_node(w->cpu),
				    GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
				    w->order);
	if (!w->pages)
		return -ENOMEM;
	atomic64_add(1UL << w->order, &ib.alloc_pages);
	w->phys = page_to_phys(w->pages);
	w->chunk = PAGE_SIZE << w->order;
	iommu_iotlb_gather_init(&w->gather);
	return 0;
}

/*
 * Unmap whatever is still mapped in the window, one present page at a time:
 * after a failed unmap the holes are unknown, and some drivers (VT-d on 6.1)
 * BUG() when asked to unmap an IOVA that has no mapping.
 */
static u64 ib_unmap_present(struct ib_worker *w)
{
	struct ib_run *run = w->run;
	u64 off, left = 0;

	for (off = 0; off < run->p.buf_size; off += run->min_pgsize) {
		unsigned long iova = w->iova + off;
		size_t n;

		if (!iommu_iova_to_phys(run->domain, iova))
			continue;
		n = iommu_unmap(run->domain, iova, run->min_pgsize);
		if (!n)
			left += run->min_pgsize;
	}
	return left;
}

/**
 * ib_iommu_worker_teardown() - unmap anything left and free the buffer
 * @w: the worker
 *
 * Whatever cannot be unmapped is counted in ib.leaked_bytes, which INFO
 * reports and the tests require to be zero.
 */
void ib_iommu_worker_teardown(struct ib_worker *w)
{
	if (w->pending)
		ib_iommu_flush(w);
	if (w->mapped || w->err) {
		atomic64_add(ib_unmap_present(w), &ib.leaked_bytes);
		w->mapped = 0;
	}
	if (w->pages) {
		__free_pages(w->pages, w->order);
		atomic64_sub(1UL << w->order, &ib.alloc_pages);
		w->pages = NULL;
	}
}

/**
 * ib_iommu_map() - map the worker's buffer at its window
 * @w: the worker
 *
 * On failure everything this call mapped is unmapped again.
 *
 * Return: 0 or the error of iommu_map().
 */
int ib_iommu_map(struct ib_worker *w)
{
	struct ib_run *run = w->run;
	u64 size = run->p.buf_size, off, len;
	int ret = 0;

	for (off = 0; off < size; off += len) {
		if (run->p.map_mode == IOMMUBENCH_MAP_RANGE) {
			len = min_t(u64, w->chunk, size - off);
			ret = ib_compat_map(run->domain, w->iova + off, w->phys,
					    len, IB_PROT);
		} else {
			len = run->min_pgsize;
			ret = ib_compat_map(run->domain, w->iova + off,
					    w->phys + (off & (w->chunk - 1)),
					    len, IB_PROT);
		}
		if (ret)
			break;
		WRITE_ONCE(w->mapped, off + len);
	}
	if (ret && off) {
		size_t n = iommu_unmap(run->domain, w->iova, off);

		WRITE_ONCE(w->mapped, off - n);
	}
	return ret;
}

/**
 * ib_iommu_unmap() - unmap the worker's window
 * @w: the worker
 *
 * Strict: the driver invalidates in each call. Deferred: invalidations are
 * gathered and synced once every @batch ops, and by ib_iommu_flush().
 *
 * Return: 0, or -EIO when the driver unmapped less than was mapped.
 */
int ib_iommu_unmap(struct ib_worker *w)
{
	struct ib_run *run = w->run;
	bool deferred = run->p.unmap_mode == IOMMUBENCH_UNMAP_DEFERRED;
	u64 size = run->p.buf_size, off, len, done = 0;

	len = run->p.map_mode == IOMMUBENCH_MAP_RANGE ? size : run->min_pgsize;
	for (off = 0; off < size; off += len) {
		size_t n;

		if (deferred)
			n = iommu_unmap_fast(run->domain, w->iova + off, len,
					     &w->gather);
		else
			n = iommu_unmap(run->domain, w->iova + off, len);
		done += n;
		if (n != len)
			break;
	}
	WRITE_ONCE(w->mapped, w->mapped - done);
	if (deferred && ++w->pending >= run->p.batch)
		ib_iommu_flush(w);
	return done == size ? 0 : -EIO;
}

/**
 * ib_iommu_flush() - sync the invalidations a deferred unmap gathered
 * @w: the worker
 *
 * Return: 0.
 */
int ib_iommu_flush(struct ib_worker *w)
{
	if (w->pending) {
		iommu_iotlb_sync(w->run->domain, &w->gather);
		w->pending = 0;
	}
	return 0;
}
