// SPDX-License-Identifier: GPL-2.0
/*
 * registry: the one table of paths (perf bench's command tables). Adding a
 * path is its file in runner/paths/ and one line here; the order is the
 * order of `iommubench list --paths` and of the path-own counters.
 */
#include <string.h>

#include "path.h"

/* One line per path, its descriptor's name; a new path adds one above. */
#define PATHS(X) \
	X(iommu_path) \
	X(dma_path) \
	X(sim_path) \
	/* end of the paths */

#define DECLARE(p) extern const struct path_desc p;
#define ENTRY(p) &p,
PATHS(DECLARE)

static const struct path_desc *const paths[] = { PATHS(ENTRY) };

size_t path_count(void)
{
	return sizeof(paths) / sizeof(paths[0]);
}

const struct path_desc *path_at(size_t i)
{
	return i < path_count() ? paths[i] : NULL;
}

const struct path_desc *path_find(const char *name)
{
	for (size_t i = 0; i < path_count(); i++)
		if (!strcmp(paths[i]->name, name))
			return paths[i];
	return NULL;
}

int path_index(const struct path_desc *p)
{
	for (size_t i = 0; i < path_count(); i++)
		if (paths[i] == p)
			return (int)i;
	return -1;
}
