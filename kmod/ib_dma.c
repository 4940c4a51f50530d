// SPDX-License-Identifier: GPL-2.0
/*
 * The `dma` path: the DMA API on the bound device's default domain, as
 * every ordinary driver reaches the IOMMU. Whether an unmap invalidates at
 * once (DMA, strict) or through dma-iommu's flush queue (DMA-FQ) is decided
 * by the group's type, which the runner sets through sysfs.
 *
 *   page	dma_map_page()/dma_unmap_page() of the whole buffer
 *   sg		dma_map_sg()/dma_unmap_sg() of sg_nents equal entries
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define dev_fmt(fmt) pr_fmt(fmt)

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>

#include "compat.h"
#include "ib_check.h"
#include "ib_run.h"

static const struct iommubench_dma_args *ib_dma_args(const struct ib_run *run)
{
	return run->args;
}

static int ib_dma_validate(const struct ib_run *run)
{
	return ib_check_dma(run->args, run->req.buf_size, PAGE_SIZE);
}

/* A pool of sg mappings keeps a scatterlist per slot. */
static u64 ib_dma_pinned_bytes(const struct ib_run *run)
{
	const struct iommubench_dma_args *a = ib_dma_args(run);

	if (a->dma_api != IOMMUBENCH_DMA_SG)
		return 0;
	return ib_run_windows(&run->req) * a->sg_nents *
	       sizeof(struct scatterlist);
}

static u32 ib_domain_type(struct iommu_domain *domain)
{
	if (!domain)
		return IOMMUBENCH_DOMAIN_NONE;
	switch (domain->type) {
	case IOMMU_DOMAIN_IDENTITY:
		return IOMMUBENCH_DOMAIN_IDENTITY;
	case IOMMU_DOMAIN_DMA:
		return IOMMUBENCH_DOMAIN_DMA;
	case IOMMU_DOMAIN_DMA_FQ:
		return IOMMUBENCH_DOMAIN_DMA_FQ;
	case IOMMU_DOMAIN_UNMANAGED:
		return IOMMUBENCH_DOMAIN_PAGING;
	default:
		return IOMMUBENCH_DOMAIN_OTHER;
	}
}

/* Record the domain in effect and set the run's DMA mask (restored later). */
static int ib_dma_prepare(struct ib_run *run)
{
	struct device *dev = &run->idev->pdev->dev;
	int ret;

	run->domain_type = ib_domain_type(iommu_get_domain_for_dev(dev));
	run->min_pgsize = PAGE_SIZE;
	run->map_calls = 1;
	if (!dev->dma_mask)
		return -EIO;
	run->saved_mask = *dev->dma_mask;
	run->saved_coherent = dev->coherent_dma_mask;
	if (ib_dma_args(run)->dma_bits) {
		ret = dma_set_mask_and_coherent(dev,
						DMA_BIT_MASK(ib_dma_args(run)->dma_bits));
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * ib_fq_wait_quiet() - before detaching the default domain: wait out its timer
 *
 * Sleeps until IB_FQ_DRAIN_MS after the last dma run that queued IOVAs on a
 * DMA-FQ domain, if that is not past yet (kernels before 6.10; compat.h).
 * Called with ib.lock held by whatever is about to detach: the iommu path
 * attaching its own domain, and the PCI remove before an unbind (a group type
 * switch needs one) or an unplug.
 */
void ib_fq_wait_quiet(void)
{
	u64 now = ktime_get_ns();

	if (ib.fq_quiet_ns > now)
		msleep(DIV_ROUND_UP(ib.fq_quiet_ns - now, NSEC_PER_MSEC));
	ib.fq_quiet_ns = 0;
}

/* Whether any worker mapped anything (warm-up included) in this run. */
static bool ib_dma_mapped_any(const struct ib_run *run)
{
	unsigned int i;

	for (i = 0; i < run->nr; i++)
		if (run->workers[i].max_live)
			return true;
	return false;
}

static void ib_dma_finish(struct ib_run *run)
{
	struct device *dev = &run->idev->pdev->dev;

	/* a detach must wait until the flush-queue timer has had its turn */
	if (IB_FQ_DRAIN_MS && run->domain_type == IOMMUBENCH_DOMAIN_DMA_FQ &&
	    ib_dma_mapped_any(run))
		ib.fq_quiet_ns = ktime_get_ns() + IB_FQ_DRAIN_MS * NSEC_PER_MSEC;
	if (!ib_dma_args(run)->dma_bits)
		return;
	/* the masks were valid before the run, so setting them back works */
	if (dma_set_mask(dev, run->saved_mask) ||
	    dma_set_coherent_mask(dev, run->saved_coherent))
		dev_warn(dev, "could not restore the DMA masks\n");
}

static void ib_dma_free_sgts(struct ib_worker *w)
{
	u32 i;

	for (i = 0; i < w->nslots; i++)
		if (w->slots[i].sgt.sgl)
			sg_free_table(&w->slots[i].sgt);
}

/* The buffer, and for sg one table per slot over equal pieces of it. */
static int ib_dma_worker_setup(struct ib_worker *w)
{
	const struct iommubench_dma_args *a = ib_dma_args(w->run);
	u32 i, e, per_page;
	int ret;

	ret = ib_buf_alloc(w, IOMMUBENCH_MAX_DMA_SIZE);
	if (ret || a->dma_api != IOMMUBENCH_DMA_SG)
		return ret;

	per_page = w->run->req.buf_size / a->sg_nents >> PAGE_SHIFT;
	for (i = 0; i < w->nslots; i++) {
		struct scatterlist *sg;

		ret = sg_alloc_table(&w->slots[i].sgt, a->sg_nents, GFP_KERNEL);
		if (ret)
			goto err;
		for_each_sg(w->slots[i].sgt.sgl, sg, a->sg_nents, e)
			sg_set_page(sg, w->pages + e * per_page,
				    per_page << PAGE_SHIFT, 0);
	}
	return 0;
err:
	ib_dma_free_sgts(w);
	ib_buf_free(w);
	return ret;
}

static int ib_dma_map(struct ib_worker *w, struct ib_slot *sl)
{
	struct device *dev = &w->run->idev->pdev->dev;
	const struct iommubench_dma_args *a = ib_dma_args(w->run);
	enum dma_data_direction dir = a->dma_dir;
	u64 size = w->run->req.buf_size;

	if (a->dma_api == IOMMUBENCH_DMA_PAGE) {
		sl->dma = dma_map_page(dev, w->pages, 0, size, dir);
		if (dma_mapping_error(dev, sl->dma))
			return -ENOMEM;
	} else if (!dma_map_sg(dev, sl->sgt.sgl, a->sg_nents, dir)) {
		return -ENOMEM;
	}
	WRITE_ONCE(w->mapped, w->mapped + size);
	return 0;
}

static int ib_dma_unmap(struct ib_worker *w, struct ib_slot *sl)
{
	struct device *dev = &w->run->idev->pdev->dev;
	const struct iommubench_dma_args *a = ib_dma_args(w->run);
	enum dma_data_direction dir = a->dma_dir;
	u64 size = w->run->req.buf_size;

	if (a->dma_api == IOMMUBENCH_DMA_PAGE)
		dma_unmap_page(dev, sl->dma, size, dir);
	else
		dma_unmap_sg(dev, sl->sgt.sgl, a->sg_nents, dir);
	WRITE_ONCE(w->mapped, w->mapped - size);
	return 0;
}

static void ib_dma_worker_teardown(struct ib_worker *w)
{
	u32 i;

	for (i = 0; i < w->nslots; i++) {
		if (w->slots[i].live) {
			ib_dma_unmap(w, &w->slots[i]);
			w->slots[i].live = false;
		}
	}
	ib_dma_free_sgts(w);
	ib_buf_free(w);
}

const struct ib_path ib_dma_path = {
	.name		= "dma",
	.args_size_ver0	= IOMMUBENCH_DMA_ARGS_SIZE_VER0,
	.args_size	= sizeof(struct iommubench_dma_args),
	.validate	= ib_dma_validate,
	.pinned_bytes	= ib_dma_pinned_bytes,
	.prepare	= ib_dma_prepare,
	.finish		= ib_dma_finish,
	.worker_setup	= ib_dma_worker_setup,
	.worker_teardown = ib_dma_worker_teardown,
	.map		= ib_dma_map,
	.unmap		= ib_dma_unmap,
};
