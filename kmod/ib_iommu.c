// SPDX-License-Identifier: GPL-2.0
/*
 * The `iommu` path: our own paging domain, driven through the IOMMU API
 * exactly as a driver that owns its DMA (vfio, GPU drivers) drives it. The
 * map/unmap loops are ib_paging.c's; this path's primitives are
 *
 *   map	iommu_map() of one chunk or page of the worker's buffer
 *   unmap	strict: iommu_unmap(), the driver invalidates before returning;
 *		deferred: iommu_unmap_fast() into the worker's gather
 *   sync	iommu_iotlb_sync() of the gather, once per batch
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "compat.h"
#include "ib_check.h"
#include "ib_run.h"

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
	const struct iommubench_iommu_args *a = run->args;
	u64 stride = ALIGN(run->req.buf_size, run->align);
	u64 cand = ALIGN(max_t(u64, geo->aperture_start, run->align),
			 run->align);
	bool fixed = a->iova_base != 0;
	u32 nslots = run->workers[0].nslots;
	struct iommu_resv_region *r, *next;
	struct iommu_group *group;
	unsigned int i = 0;
	LIST_HEAD(resv);
	int ret = 0;

	if (geo->aperture_end <= geo->aperture_start)
		return -ENOSPC;
	if (fixed) {
		if (!IS_ALIGNED(a->iova_base, run->align) ||
		    a->iova_base < geo->aperture_start)
			return -EINVAL;
		cand = a->iova_base;
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

static int ib_iommu_validate(const struct ib_run *run)
{
	return ib_check_paging(run->args);
}

/* The IOMMU page tables of the live windows: an 8-byte leaf per 4 KiB. */
static u64 ib_iommu_pinned_bytes(const struct ib_run *run)
{
	return ib_run_windows(&run->req) * (run->req.buf_size / 512);
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
	u64 pgsize;
	int ret;

	/* the hardware bitmap was read at bind time, with the domain attached */
	ret = ib_check_iommu_pgsize(run->args, run->req.buf_size,
				    idev->hw_pgsize, IB_MAX_CHUNK, &pgsize);
	if (ret)
		return ret;
	ib_paging_setup(run, pgsize, IB_MAX_CHUNK);

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

	for (off = 0; off < run->req.buf_size; off += run->min_pgsize) {
		unsigned long iova = sl->iova + off;

		if (!iommu_iova_to_phys(run->domain, iova))
			continue;
		if (!iommu_unmap(run->domain, iova, run->min_pgsize))
			left += run->min_pgsize;
	}
	return left;
}

/* A chunk (range) or one page (per-page) of the buffer at @iova. */
static int ib_iommu_map_one(struct ib_worker *w, u64 iova, u64 off, u64 len)
{
	return ib_compat_map(w->run->domain, iova,
			     w->phys + (off & (w->chunk - 1)), len, IB_PROT);
}

static u64 ib_iommu_unmap_one(struct ib_worker *w, u64 iova, u64 len,
			      bool deferred)
{
	if (deferred)
		return iommu_unmap_fast(w->run->domain, iova, len, &w->gather);
	return iommu_unmap(w->run->domain, iova, len);
}

static void ib_iommu_sync(struct ib_worker *w)
{
	iommu_iotlb_sync(w->run->domain, &w->gather);
}

/* iommu_map() unwinds its own failure: only the calls before it remain. */
static u64 ib_iommu_undo(struct ib_worker *w, u64 iova, u64 len)
{
	return len ? iommu_unmap(w->run->domain, iova, len) : 0;
}

static const struct ib_paging ib_iommu_paging = {
	.map	= ib_iommu_map_one,
	.unmap	= ib_iommu_unmap_one,
	.sync	= ib_iommu_sync,
	.undo	= ib_iommu_undo,
};

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
		if (w->slots[i].live && !ib_paging_unmap(w, &w->slots[i]))
			w->slots[i].live = false;
	ib_paging_flush(w);
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
			pr_err("%llu bytes stayed mapped; their buffer is never freed\n",
			       left);
			w->pages = NULL;
			return;
		}
	}
	ib_buf_free(w);
}

const struct ib_path ib_iommu_path = {
	.name		= "iommu",
	.args_size_ver0	= IOMMUBENCH_IOMMU_ARGS_SIZE_VER0,
	.args_size	= sizeof(struct iommubench_iommu_args),
	.validate	= ib_iommu_validate,
	.pinned_bytes	= ib_iommu_pinned_bytes,
	.prepare	= ib_iommu_prepare,
	.finish		= ib_iommu_finish,
	.worker_setup	= ib_iommu_worker_setup,
	.worker_teardown = ib_iommu_worker_teardown,
	.map		= ib_paging_map,
	.unmap		= ib_paging_unmap,
	.flush		= ib_paging_flush,
	.paging		= &ib_iommu_paging,
};
