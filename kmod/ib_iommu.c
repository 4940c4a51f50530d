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
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "compat.h"
#include "ib_run.h"
#include "ib_sim_logic.h"

#define IB_PROT		(IOMMU_READ | IOMMU_WRITE)
#define IB_MAX_CHUNK	(PAGE_SIZE << IB_MAX_ALLOC_ORDER)

/* Inclusive ends: a region may end at the top of the address space. */
static bool ib_overlaps(u64 start, u64 len, const struct iommu_resv_region *r)
{
	if (!r->length || !len)
		return false;
	return start <= r->start + (r->length - 1) &&
	       r->start <= start + (len - 1);
}

/*
 * Give every slot of every worker a window inside the aperture that overlaps no reserved
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
	u32 nslots = run->workers[0].nslots;
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
	while (i < run->nr * nslots) {
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
		run->workers[i / nslots].slots[i % nslots].iova = cand;
		i++;
		cand += stride;
	}
out:
	/* copies made for us by the core, plain allocations */
	list_for_each_entry_safe(r, next, &resv, list)
		kfree(r);
	return ret;
}

static int ib_iommu_validate(const struct iommubench_run *p)
{
	if (ib_run_validate_map_unmap(p))
		return -EINVAL;
	if (ib_run_has_sim_args(p))
		return -EINVAL;
	return 0;
}

/* Give the device back its default domain. */
static void ib_iommu_finish(struct ib_run *run)
{
	run->domain->pgsize_bitmap = run->idev->hw_pgsize;
	iommu_detach_device(run->domain, &run->idev->pdev->dev);
}

/*
 * ib_iommu_prepare() - check the page sizes and attach our domain
 * @run: the run, with validated generic parameters and allocated workers
 *
 * Return: 0; -EINVAL for page sizes that are not a non-empty subset of the
 * hardware bitmap or that do not fit the buffer; -ENOSPC when the aperture
 * has no room; an error from iommu_attach_device().
 */
static int ib_iommu_prepare(struct ib_run *run)
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

	ib_fq_wait_quiet();	/* this detaches the default domain */
	ret = iommu_attach_device(idev->domain, &idev->pdev->dev);
	if (ret)
		return ret;
	run->domain = idev->domain;
	run->domain_type = IOMMUBENCH_DOMAIN_PAGING;
	/* the core splits every map and unmap by this bitmap */
	run->domain->pgsize_bitmap = run->pgsize;

	ret = ib_pick_iovas(run);
	if (ret)
		ib_iommu_finish(run);
	return ret;
}

static int ib_iommu_worker_setup(struct ib_worker *w)
{
	iommu_iotlb_gather_init(&w->gather);
	return ib_buf_alloc(w, IB_MAX_CHUNK);
}

/*
 * Unmap whatever is still mapped in a slot's window, one present page at a
 * time: after a failed unmap the holes are unknown, and some drivers (VT-d
 * on 6.1) BUG() when asked to unmap an IOVA that has no mapping.
 */
static u64 ib_unmap_present(struct ib_worker *w, struct ib_slot *sl)
{
	struct ib_run *run = w->run;
	u64 off, left = 0;

	for (off = 0; off < run->p.buf_size; off += run->min_pgsize) {
		unsigned long iova = sl->iova + off;

		if (!iommu_iova_to_phys(run->domain, iova))
			continue;
		if (!iommu_unmap(run->domain, iova, run->min_pgsize))
			left += run->min_pgsize;
	}
	return left;
}

static int ib_iommu_flush(struct ib_worker *w)
{
	if (w->pending) {
		iommu_iotlb_sync(w->run->domain, &w->gather);
		w->pending = 0;
	}
	return 0;
}

/* Map the buffer at the slot's window; on failure unmap what this mapped. */
static int ib_iommu_map(struct ib_worker *w, struct ib_slot *sl)
{
	struct ib_run *run = w->run;
	u64 size = run->p.buf_size, off, len;
	int ret = 0;

	for (off = 0; off < size; off += len) {
		if (run->p.map_mode == IOMMUBENCH_MAP_RANGE) {
			len = min_t(u64, w->chunk, size - off);
			ret = ib_compat_map(run->domain, sl->iova + off, w->phys,
					    len, IB_PROT);
		} else {
			len = run->min_pgsize;
			ret = ib_compat_map(run->domain, sl->iova + off,
					    w->phys + (off & (w->chunk - 1)),
					    len, IB_PROT);
		}
		if (ret)
			break;
		WRITE_ONCE(w->mapped, w->mapped + len);
	}
	if (ret && off) {
		size_t n = iommu_unmap(run->domain, sl->iova, off);

		WRITE_ONCE(w->mapped, w->mapped - n);
	}
	return ret;
}

/*
 * Unmap the slot's window. Strict: the driver invalidates in each call.
 * Deferred: invalidations are gathered and synced once every batch of ops,
 * and by ib_iommu_flush(). -EIO when the driver unmapped less than mapped.
 */
static int ib_iommu_unmap(struct ib_worker *w, struct ib_slot *sl)
{
	struct ib_run *run = w->run;
	bool deferred = run->p.unmap_mode == IOMMUBENCH_UNMAP_DEFERRED;
	u64 size = run->p.buf_size, off, len, done = 0;

	len = run->p.map_mode == IOMMUBENCH_MAP_RANGE ? size : run->min_pgsize;
	for (off = 0; off < size; off += len) {
		size_t n;

		if (deferred)
			n = iommu_unmap_fast(run->domain, sl->iova + off, len,
					     &w->gather);
		else
			n = iommu_unmap(run->domain, sl->iova + off, len);
		done += n;
		if (n != len)
			break;
	}
	WRITE_ONCE(w->mapped, w->mapped - done);
	if (deferred && ++w->pending >= run->p.batch)
		ib_iommu_flush(w);
	return done == size ? 0 : -EIO;
}

/*
 * Unmap what is left in every slot and free the buffer. Whatever cannot be
 * unmapped is counted in ib.leaked_bytes, which INFO reports and the tests
 * require to be zero.
 */
static void ib_iommu_worker_teardown(struct ib_worker *w)
{
	u32 i;

	/* a pool ends with mappings live: unmap them the ordinary way */
	for (i = 0; i < w->nslots && !w->err; i++)
		if (w->slots[i].live && !ib_iommu_unmap(w, &w->slots[i]))
			w->slots[i].live = false;
	ib_iommu_flush(w);
	if (w->mapped || w->err) {
		u64 left = 0;

		for (i = 0; i < w->nslots; i++)
			left += ib_unmap_present(w, &w->slots[i]);
		atomic64_add(left, &ib.leaked_bytes);
		w->mapped = 0;
		if (left) {
			/*
			 * Still reachable through the domain: never give these
			 * pages back; they stay counted, unload reports them.
			 */
			pr_err("iommubench: %llu bytes stayed mapped; their buffer is never freed\n",
			       left);
			w->pages = NULL;
			return;
		}
	}
	ib_buf_free(w);
}

const struct ib_path ib_iommu_path = {
	.validate	= ib_iommu_validate,
	.prepare	= ib_iommu_prepare,
	.finish		= ib_iommu_finish,
	.worker_setup	= ib_iommu_worker_setup,
	.worker_teardown = ib_iommu_worker_teardown,
	.map		= ib_iommu_map,
	.unmap		= ib_iommu_unmap,
	.flush		= ib_iommu_flush,
};
