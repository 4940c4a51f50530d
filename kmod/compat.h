/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, all in one place. Targets: Debian 6.1 and
 * 6.12 (amd64 and s390x).
 */
#ifndef _IOMMUBENCH_COMPAT_H
#define _IOMMUBENCH_COMPAT_H

#include <linux/version.h>
#include <linux/iommu.h>
#include <linux/mmzone.h>

/*
 * Paging domain allocation: iommu_domain_alloc(bus) returned NULL on failure;
 * 6.11 added iommu_paging_domain_alloc(dev), which returns an ERR_PTR.
 */
static inline struct iommu_domain *ib_compat_domain_alloc(struct device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
	return iommu_paging_domain_alloc(dev);
#else
	struct iommu_domain *domain = iommu_domain_alloc(dev->bus);

	return domain ? domain : ERR_PTR(-ENODEV);
#endif
}

/* iommu_map() grew a gfp argument in 6.3. */
static inline int ib_compat_map(struct iommu_domain *domain, unsigned long iova,
				phys_addr_t paddr, size_t size, int prot)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	return iommu_map(domain, iova, paddr, size, prot, GFP_KERNEL);
#else
	return iommu_map(domain, iova, paddr, size, prot);
#endif
}

/*
 * Largest order the page allocator hands out. MAX_ORDER was exclusive up to
 * 6.3, inclusive in 6.4..6.7, and became MAX_PAGE_ORDER in 6.8.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define IB_MAX_ALLOC_ORDER	MAX_PAGE_ORDER
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define IB_MAX_ALLOC_ORDER	MAX_ORDER
#else
#define IB_MAX_ALLOC_ORDER	(MAX_ORDER - 1)
#endif

/*
 * Before 6.10 (VT-d cache tags) intel_flush_iotlb_all(), which a DMA-FQ
 * domain's flush-queue timer calls, walks the domain's iommu_array without
 * the lock domain_detach_iommu() takes to erase and free an entry: a default
 * domain detached (our iommu path attaching its own domain, a group type
 * switch, an unbind) while its timer flushes oopses. Seen under the fuzzer on
 * 6.1: NULL dereference in intel_flush_iotlb_all from fq_flush_iotlb. The
 * timer flushes what a run queued within IOVA_FQ_TIMEOUT (10 ms): after a dma
 * run on a DMA-FQ domain, whatever detaches next waits until this long after
 * it, well past the timeout (ib_fq_wait_quiet()).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 10, 0)
#define IB_FQ_DRAIN_MS		100
#else
#define IB_FQ_DRAIN_MS		0
#endif

#endif /* _IOMMUBENCH_COMPAT_H */
