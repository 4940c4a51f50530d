// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the path registry (runner/paths/): every descriptor is whole
 * and findable by its name, the keys of all paths fit one suite, each path
 * expands a minimal suite into points of its own, and `list --paths` shows
 * exactly the registry.
 */
#include <stdlib.h>

#include "harness.h"
#include "iommubench.h"
#include "path.h"
#include "suite.h"
#include "suite_key.h"

static char out[65536], err[65536];

#define RUN(...) harness_cli(out, sizeof(out), err, sizeof(err), __VA_ARGS__, \
			     (const char *)NULL)

TEST(paths_names_round_trip)
{
	CHECK(path_count() >= 3);	/* iommu, dma, sim; a test may add more */
	for (size_t i = 0; i < path_count(); i++) {
		const struct path_desc *p = path_at(i);

		CHECK(p && p->name && p->summary);
		if (!p)
			continue;
		CHECK(path_find(p->name) == p);
		CHECK_EQ(path_index(p), (int)i);
		CHECK_STREQ(suite_path_name(p), p->name);
		CHECK(p->args_size > 0 && p->args_size <= SUITE_POINT_ARGS_MAX);
		CHECK(p->expand && p->bench_name && p->describe);
		for (size_t j = 0; j < i; j++) {
			CHECK(strcmp(path_at(j)->name, p->name));
			CHECK(path_at(j)->abi_path != p->abi_path);
		}
	}
	CHECK(path_at(path_count()) == NULL);
	CHECK(path_find("nope") == NULL);
	CHECK_EQ(path_index(NULL), -1);
	/* the suite keywords and the ABI's path numbers */
	CHECK_EQ(path_find("iommu")->abi_path, IOMMUBENCH_PATH_IOMMU);
	CHECK_EQ(path_find("dma")->abi_path, IOMMUBENCH_PATH_DMA);
	CHECK_EQ(path_find("sim")->abi_path, IOMMUBENCH_PATH_SIM);
	CHECK_EQ(path_find("iommu")->args_size, sizeof(struct iommubench_iommu_args));
	CHECK_EQ(path_find("dma")->args_size, sizeof(struct iommubench_dma_args));
	CHECK_EQ(path_find("sim")->args_size, sizeof(struct iommubench_sim_args));
	/* only the path on the default domain switches the group type */
	CHECK(!path_find("iommu")->group_type);
	CHECK(path_find("dma")->group_type);
	CHECK(!path_find("sim")->group_type);
}

TEST(paths_keys_fit_one_suite)
{
	unsigned int n = suite_key_count();

	CHECK(n > 0 && n <= SUITE_MAX_KEYS);
	for (unsigned int i = 0; i < n; i++) {
		const struct suite_key *k = suite_key_at(i);

		CHECK(suite_key_find(k->key) == k);
		CHECK_EQ(suite_key_index(k), i);
		/* two definitions of one name: the second would never parse */
		for (unsigned int j = 0; j < i; j++)
			CHECK(strcmp(suite_key_at(j)->key, k->key));
	}
	for (size_t i = 0; i < path_count(); i++)
		for (const struct suite_key *const *k = path_at(i)->keys;
		     k && *k; k++)
			CHECK(suite_key_find((*k)->key) == *k);
	CHECK(suite_key_at(n) == NULL);
}

/* "name t\npath P\nsize 4K\nops 10\n" plus each required key's first value. */
static void minimal_suite(const struct path_desc *p, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len,
				       "name t\npath %s\nsize 4K\nops 10\n",
				       p->name);

	for (const struct suite_key *const *k = p->keys; k && *k; k++)
		if ((*k)->required && (*k)->kind == SUITE_KEY_ENUM)
			used += (size_t)snprintf(buf + used, len - used,
						 "%s %s\n", (*k)->key,
						 (*k)->names[0].name);
}

TEST(paths_expand_points_of_their_own)
{
	for (size_t i = 0; i < path_count(); i++) {
		const struct path_desc *p = path_at(i);
		struct suite_point *pts = NULL;
		struct suite s;
		char text[1024], e[1024] = "", prefix[64];
		size_t n = 0;

		minimal_suite(p, text, sizeof(text));
		CHECK_EQ(suite_parse_text("t.suite", text, &s, e, sizeof(e)), 0);
		CHECK_EQ(suite_expand(&s, 1, &pts, &n, e, sizeof(e)), 0);
		CHECK_STREQ(e, "");
		CHECK_EQ(n, 1);
		snprintf(prefix, sizeof(prefix), "%s/", p->name);
		for (size_t j = 0; j < n; j++) {
			CHECK(pts[j].path == p);
			CHECK(!strncmp(pts[j].name, prefix, strlen(prefix)));
		}
		free(pts);
	}
}

TEST(paths_list_shows_the_registry)
{
	const char *line = out;

	CHECK_EQ(RUN("list", "--paths"), 0);
	CHECK_STREQ(err, "");
	for (size_t i = 0; i < path_count(); i++) {
		const struct path_desc *p = path_at(i);
		size_t len = strlen(p->name);

		/* one line per path, in registry order: "NAME  summary (keys: ...)" */
		CHECK(!strncmp(line, p->name, len) && line[len] == ' ');
		CHECK(strstr(line, p->summary) != NULL);
		line = strchr(line, '\n');
		CHECK(line != NULL);
		if (!line)
			return;
		line++;
	}
	CHECK_STREQ(line, "");
	CHECK_CONTAINS(out, "(keys: api sg_entries dir dma_bits mode)\n");
	CHECK_EQ(RUN("list", "--help"), 0);
	CHECK_CONTAINS(out, "--paths");
}
