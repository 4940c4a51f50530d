/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iommu: the `iommu` path's keys and helpers that the `sim` path shares
 * (its arguments embed struct iommubench_iommu_args: map and unmap
 * strategy, batch, page sizes).
 */
#ifndef IOMMUBENCH_PATHS_IOMMU_H
#define IOMMUBENCH_PATHS_IOMMU_H

#include <stddef.h>
#include <stdint.h>

#include "path.h"

#define IOMMU_PATH_DEFAULT_BATCH	256
/* `pgsize all4k`: "every size >= 4 KiB", the pre-fix s390 bitmap (sim). */
#define IOMMU_PATH_PGSIZE_ALL4K		0xfffffffffffff000ULL

extern const struct suite_key iommu_key_map, iommu_key_unmap,
	iommu_key_pgsize, iommu_key_batch;

const char *iommu_map_name(uint32_t mode);	/* range, per-page */
const char *iommu_unmap_name(uint32_t mode);	/* strict, deferred */
/* "hw", "all4k" or lowercase hex ("0x1000"). */
void iommu_pgsize_name(uint64_t pgsize, char *buf, size_t len);
/* Every pgsize mask allows every size (its smallest page divides it). */
int iommu_check_pgsize_sizes(struct suite_parser *p, const struct suite *s);

#endif
