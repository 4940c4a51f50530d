// SPDX-License-Identifier: GPL-2.0
/*
 * The `dma` path: the DMA API (dma_map_page/dma_map_sg) on the device's
 * default domain, so the IOMMU group's type (`mode`: strict or flush
 * queue) decides what an unmap costs.
 */
#include <errno.h>
#include <stdio.h>

#include "parse_num.h"
#include "path.h"

static const struct suite_name api_names[] = {
	{ "page", IOMMUBENCH_DMA_PAGE },
	{ "sg", IOMMUBENCH_DMA_SG },
};

static const struct suite_name dir_names[] = {
	{ "bidi", IOMMUBENCH_DIR_BIDIRECTIONAL },
	{ "to-device", IOMMUBENCH_DIR_TO_DEVICE },
	{ "from-device", IOMMUBENCH_DIR_FROM_DEVICE },
};

/* 0 keeps the device's DMA mask; else 20..64 bits, like dma_map_benchmark. */
static int parse_dma_bits(struct suite_parser *p, const struct suite_key *k,
			  struct suite_list *l, const char *tok)
{
	uint64_t v;
	int err = parse_u64(tok, &v);

	if (err == -EINVAL)
		return suite_fail(p, "bad number '%s' for 'dma_bits'", tok);
	if (err || (v && (v < 20 || v > 64)))
		return suite_fail(p, "'dma_bits' %s is out of range (0, or 20..64)",
				  tok);
	return suite_push(p, k->key, l, v, tok);
}

static const struct suite_key key_api =
	SUITE_ENUM_KEY("api", api_names, .has_default = true,
		       .def = IOMMUBENCH_DMA_PAGE);
static const struct suite_key key_sg_entries =
	SUITE_U64_KEY("sg_entries", 1, IOMMUBENCH_MAX_SG_NENTS,
		      .has_default = true, .def = 1);
static const struct suite_key key_dir =
	SUITE_ENUM_KEY("dir", dir_names, .has_default = true,
		       .def = IOMMUBENCH_DIR_BIDIRECTIONAL);
static const struct suite_key key_dma_bits = {
	.key = "dma_bits", .kind = SUITE_KEY_CUSTOM, .parse = parse_dma_bits,
	.has_default = true, .def = 0,
};

/* The dma path's own limits on sizes and scatterlists. */
static int check(struct suite_parser *p, const struct suite *s)
{
	const struct suite_list *size = suite_list(s, &suite_key_size);
	const struct suite_list *sg = suite_list(s, &key_sg_entries);

	for (unsigned int i = 0; i < size->n; i++) {
		if (size->v[i] > IOMMUBENCH_MAX_DMA_SIZE) {
			suite_at_line(p, size->line);
			return suite_fail(p, "size %llu is larger than 4 MiB (the dma path's limit)",
					  (unsigned long long)size->v[i]);
		}
	}
	if (!suite_list_has(suite_list(s, &key_api), IOMMUBENCH_DMA_SG))
		return suite_unused_key(p, sg, "sg_entries", "api sg");
	for (unsigned int i = 0; i < sg->n; i++) {
		uint64_t chunk = sg->v[i] * SUITE_MIN_SIZE;

		for (unsigned int j = 0; j < size->n; j++) {
			if (size->v[j] % chunk) {
				suite_at_line(p, sg->line);
				return suite_fail(p, "size %llu does not split into %llu sg entries of a multiple of 4096 bytes",
						  (unsigned long long)size->v[j],
						  (unsigned long long)sg->v[i]);
			}
		}
	}
	return 0;
}

/* api (with sg entries), dir, dma_bits, then sizes. */
static int expand(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite *s = suite_gen_suite(g);
	const struct suite_list *api = suite_list(s, &key_api);
	const struct suite_list *sg = suite_list(s, &key_sg_entries);
	const struct suite_list *dir = suite_list(s, &key_dir);
	const struct suite_list *bits = suite_list(s, &key_dma_bits);
	struct iommubench_dma_args *a = PATH_ARGS(pt, struct iommubench_dma_args);

	for (unsigned int i = 0; i < api->n; i++) {
		bool is_sg = api->v[i] == IOMMUBENCH_DMA_SG;
		unsigned int nsg = is_sg ? sg->n : 1;

		for (unsigned int j = 0; j < nsg; j++)
			for (unsigned int k = 0; k < dir->n; k++)
				for (unsigned int b = 0; b < bits->n; b++) {
					a->dma_api = (uint32_t)api->v[i];
					/* DMA_PAGE: the module wants 0 */
					a->sg_nents = is_sg ? (uint32_t)sg->v[j] : 0;
					a->dma_dir = (uint32_t)dir->v[k];
					a->dma_bits = (uint32_t)bits->v[b];
					if (suite_emit_sizes(g, pt))
						return -1;
				}
	}
	return 0;
}

/* Mode and shape always in the name; dma_bits when the suite sweeps it. */
static void bench_name(const struct suite *s, const struct suite_point *pt,
		       char *buf, size_t len)
{
	const struct iommubench_dma_args *a =
		PATH_CARGS(pt, struct iommubench_dma_args);
	char shape[96], sg[32] = "", tail[32] = "";

	suite_shape_part(pt, shape, sizeof(shape));
	if (a->dma_api == IOMMUBENCH_DMA_SG)
		snprintf(sg, sizeof(sg), "/sg:%u", a->sg_nents);
	if (suite_list(s, &key_dma_bits)->n > 1)
		snprintf(tail, sizeof(tail), "/dma_bits:%u", a->dma_bits);
	snprintf(buf, len, "dma/api:%s%s/mode:%s%s/dir:%s/size:%llu/threads:%u%s",
		 suite_key_value_name(&key_api, a->dma_api), sg,
		 suite_mode_name(pt->mode), shape,
		 suite_key_value_name(&key_dir, a->dma_dir),
		 (unsigned long long)pt->size, pt->threads, tail);
}

static void describe(const struct suite_point *pt, char *buf, size_t len)
{
	char common[128];

	suite_describe_common(pt, common, sizeof(common));
	/* batch=256: what dma points sent before ABI 6 moved batch out */
	snprintf(buf, len, "batch=256 %s dma_bits=%u", common,
		 PATH_CARGS(pt, struct iommubench_dma_args)->dma_bits);
}

static const struct suite_key *const keys[] = {
	&key_api, &key_sg_entries, &key_dir, &key_dma_bits, &suite_key_mode,
	NULL,
};

PATH_ARGS_FIT(struct iommubench_dma_args);

const struct path_desc dma_path = {
	.name = "dma",
	.summary = "the DMA API on the device's default domain (group type: mode)",
	.abi_path = IOMMUBENCH_PATH_DMA,
	.args_size = sizeof(struct iommubench_dma_args),
	.group_type = true,
	.keys = keys,
	.check = check,
	.expand = expand,
	.bench_name = bench_name,
	.describe = describe,
};
