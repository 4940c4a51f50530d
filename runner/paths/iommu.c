// SPDX-License-Identifier: GPL-2.0
/*
 * The `iommu` path: the module's own paging domain on the device,
 * iommu_map()/iommu_unmap() (or iommu_unmap_fast() and a gather), with the
 * page sizes the suite allows. The group type is moot here.
 */
#include "iommu.h"

#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "parse_num.h"

static const struct suite_name map_names[] = {
	{ "range", IOMMUBENCH_MAP_RANGE },
	{ "per-page", IOMMUBENCH_MAP_PER_PAGE },
};

static const struct suite_name unmap_names[] = {
	{ "strict", IOMMUBENCH_UNMAP_STRICT },
	{ "deferred", IOMMUBENCH_UNMAP_DEFERRED },
};

static int parse_pgsize(struct suite_parser *p, const struct suite_key *k,
			struct suite_list *l, const char *tok)
{
	uint64_t v;

	if (!strcmp(tok, "hw"))
		return suite_push(p, k->key, l, 0, tok);
	if (!strcmp(tok, "all4k"))
		return suite_push(p, k->key, l, IOMMU_PATH_PGSIZE_ALL4K, tok);
	if (parse_hex_u64(tok, &v) || !v)
		return suite_fail(p, "bad pgsize '%s' (expected 'hw', 'all4k' or a non-zero hex mask like 0x201000)",
				  tok);
	if (v & 0xfff)
		return suite_fail(p, "bad pgsize '%s': page sizes below 4 KiB are not supported",
				  tok);
	return suite_push(p, k->key, l, v, tok);
}

const struct suite_key iommu_key_map =
	SUITE_ENUM_KEY("map", map_names, .required = true);
const struct suite_key iommu_key_unmap =
	SUITE_ENUM_KEY("unmap", unmap_names, .required = true);
/* 0 = the hardware bitmap (`hw`) */
const struct suite_key iommu_key_pgsize = {
	.key = "pgsize", .kind = SUITE_KEY_CUSTOM, .parse = parse_pgsize,
	.has_default = true, .def = 0,
};
const struct suite_key iommu_key_batch =
	SUITE_U64_KEY("batch", 1, IOMMUBENCH_MAX_BATCH, .has_default = true,
		      .def = IOMMU_PATH_DEFAULT_BATCH);

const char *iommu_map_name(uint32_t mode)
{
	return suite_key_value_name(&iommu_key_map, mode);
}

const char *iommu_unmap_name(uint32_t mode)
{
	return suite_key_value_name(&iommu_key_unmap, mode);
}

void iommu_pgsize_name(uint64_t pgsize, char *buf, size_t len)
{
	if (!pgsize)
		snprintf(buf, len, "hw");
	else if (pgsize == IOMMU_PATH_PGSIZE_ALL4K)
		snprintf(buf, len, "all4k");
	else
		snprintf(buf, len, "0x%llx", (unsigned long long)pgsize);
}

int iommu_check_pgsize_sizes(struct suite_parser *p, const struct suite *s)
{
	const struct suite_list *pg = suite_list(s, &iommu_key_pgsize);
	const struct suite_list *size = suite_list(s, &suite_key_size);

	for (unsigned int i = 0; i < pg->n; i++) {
		uint64_t min_pg = pg->v[i] & (~pg->v[i] + 1);

		for (unsigned int j = 0; min_pg && j < size->n; j++) {
			if (size->v[j] % min_pg) {
				suite_at_line(p, pg->line);
				return suite_fail(p, "size %llu is not a multiple of the smallest page size 0x%llx of pgsize 0x%llx",
						  (unsigned long long)size->v[j],
						  (unsigned long long)min_pg,
						  (unsigned long long)pg->v[i]);
			}
		}
	}
	return 0;
}

/* pgsize, map, unmap, batch, then sizes. */
static int expand(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite *s = suite_gen_suite(g);
	const struct suite_list *pg = suite_list(s, &iommu_key_pgsize);
	const struct suite_list *map = suite_list(s, &iommu_key_map);
	const struct suite_list *unmap = suite_list(s, &iommu_key_unmap);
	const struct suite_list *batch = suite_list(s, &iommu_key_batch);
	struct iommubench_iommu_args *a =
		PATH_ARGS(pt, struct iommubench_iommu_args);

	for (unsigned int i = 0; i < pg->n; i++)
		for (unsigned int j = 0; j < map->n; j++)
			for (unsigned int k = 0; k < unmap->n; k++)
				for (unsigned int b = 0; b < batch->n; b++) {
					a->pgsize_mask = pg->v[i];
					a->map_mode = (uint32_t)map->v[j];
					a->unmap_mode = (uint32_t)unmap->v[k];
					a->batch = (uint32_t)batch->v[b];
					if (suite_emit_sizes(g, pt))
						return -1;
				}
	return 0;
}

/* The walking skeleton's names, with the shape when it is not a pair. */
static void bench_name(const struct suite *s, const struct suite_point *pt,
		       char *buf, size_t len)
{
	const struct iommubench_iommu_args *a =
		PATH_CARGS(pt, struct iommubench_iommu_args);
	char pg[32], shape[96] = "", tail[32] = "";

	if (pt->shape != IOMMUBENCH_SHAPE_PAIR)
		suite_shape_part(pt, shape, sizeof(shape));
	/* Batch is in the name only when the suite sweeps it. */
	if (suite_list(s, &iommu_key_batch)->n > 1)
		snprintf(tail, sizeof(tail), "/batch:%u", a->batch);
	iommu_pgsize_name(a->pgsize_mask, pg, sizeof(pg));
	snprintf(buf, len,
		 "iommu%s/map:%s/unmap:%s/pgsize:%s/size:%llu/threads:%u%s",
		 shape, iommu_map_name(a->map_mode),
		 iommu_unmap_name(a->unmap_mode), pg,
		 (unsigned long long)pt->size, pt->threads, tail);
}

/* What the kernel actually used; a double counter can't hold every bitmap. */
static void label(const struct iommubench_run_report *rep, char *buf,
		  size_t len)
{
	snprintf(buf, len, "eff_pgsize:0x%llx ",
		 (unsigned long long)rep->eff_pgsize_bitmap);
}

static void describe(const struct suite_point *pt, char *buf, size_t len)
{
	char common[128];

	suite_describe_common(pt, common, sizeof(common));
	/* dma_bits=0: the line every non-sim point had before ABI 6 */
	snprintf(buf, len, "batch=%u %s dma_bits=0",
		 PATH_CARGS(pt, struct iommubench_iommu_args)->batch, common);
}

static const struct suite_key *const keys[] = {
	&iommu_key_map, &iommu_key_unmap, &iommu_key_pgsize, &iommu_key_batch,
	NULL,
};

PATH_ARGS_FIT(struct iommubench_iommu_args);

const struct path_desc iommu_path = {
	.name = "iommu",
	.summary = "the module's own paging domain: iommu_map()/iommu_unmap()",
	.abi_path = IOMMUBENCH_PATH_IOMMU,
	.args_size = sizeof(struct iommubench_iommu_args),
	.keys = keys,
	.check_expand = iommu_check_pgsize_sizes,
	.expand = expand,
	.bench_name = bench_name,
	.label = label,
	.describe = describe,
};
