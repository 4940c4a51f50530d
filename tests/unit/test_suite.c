// SPDX-License-Identifier: GPL-2.0
/* Tests of suite.c: the shipped suites and malformed ones. */
#include <stdlib.h>

#include "harness.h"
#include "iommubench.h"
#include "suite.h"

static char err[1024];

/* Parse and expand; returns the points or NULL (message in err). */
static struct suite_point *expand_text(const char *text, size_t *n,
				       struct suite *s)
{
	struct suite_point *pts = NULL;

	err[0] = '\0';
	if (suite_parse_text("t.suite", text, s, err, sizeof(err)) ||
	    suite_expand(s, &pts, n, err, sizeof(err)))
		return NULL;
	return pts;
}

static bool has_name(const struct suite_point *pts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(pts[i].name, name))
			return true;
	return false;
}

static void check_unique_names(const struct suite_point *pts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (!strcmp(pts[i].name, pts[j].name))
				harness_fail(__FILE__, __LINE__, "duplicate name %s",
					     pts[i].name);
}

TEST(suite_smoke_expands_to_16)
{
	struct suite_point *pts = NULL;
	struct suite s;
	size_t n = 0;

	CHECK(!suite_parse_file(IB_ROOT "/bench/suites/smoke.suite", &s, err,
				sizeof(err)));
	CHECK_STREQ(err, "");
	CHECK(!suite_expand(&s, &pts, &n, err, sizeof(err)));
	CHECK_EQ(n, 16);
	if (n != 16)
		return;
	CHECK_STREQ(s.name, "smoke");
	CHECK_EQ(s.repetitions, 5);
	CHECK_STREQ(pts[0].name,
		    "iommu/map:range/unmap:strict/pgsize:hw/size:4096/threads:1");
	CHECK(has_name(pts, n, "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:2097152/threads:1"));
	CHECK(has_name(pts, n, "iommu/map:range/unmap:deferred/pgsize:hw/size:2097152/threads:1"));
	check_unique_names(pts, n);
	for (size_t i = 0; i < n; i++) {
		CHECK_EQ(pts[i].path, IOMMUBENCH_PATH_IOMMU);
		CHECK_EQ(pts[i].threads, 1);
		CHECK_EQ(pts[i].batch, 256);
		CHECK_EQ_U64(pts[i].ops, 2000);
		CHECK_EQ_U64(pts[i].duration_ns, 200000000ULL);
		CHECK_EQ_U64(pts[i].warmup, 16);
		CHECK(pts[i].pgsize == 0 || pts[i].pgsize == 0x1000);
		CHECK(pts[i].size == 4096 || pts[i].size == 2097152);
	}
	free(pts);
}

TEST(suite_map_pages_expands_to_132)
{
	struct suite_point *pts = NULL;
	unsigned int per_size[12] = { 0 };
	struct suite s;
	size_t n = 0;

	CHECK(!suite_parse_file(IB_ROOT "/bench/suites/map-pages.suite", &s,
				err, sizeof(err)));
	CHECK_STREQ(err, "");
	CHECK(!suite_expand(&s, &pts, &n, err, sizeof(err)));
	/* 11 sizes (4K..4M) x 2 map x 2 unmap x 3 pgsize */
	CHECK_EQ(n, 132);
	CHECK_EQ(s.repetitions, 3);
	check_unique_names(pts, n);
	for (size_t i = 0; i < n; i++) {
		int log2 = __builtin_ctzll(pts[i].size) - 12;

		CHECK(log2 >= 0 && log2 <= 10);
		CHECK_EQ_U64(pts[i].size, 4096ULL << log2);
		if (log2 >= 0 && log2 <= 10)
			per_size[log2]++;
		CHECK_EQ_U64(pts[i].ops, 1000);
		CHECK_EQ_U64(pts[i].duration_ns, 100000000ULL);
	}
	for (int i = 0; i <= 10; i++)
		CHECK_EQ(per_size[i], 12);
	CHECK(has_name(pts, n, "iommu/map:range/unmap:strict/pgsize:0x201000/size:4194304/threads:1"));
	CHECK(has_name(pts, n, "iommu/map:per-page/unmap:deferred/pgsize:0x1000/size:4096/threads:1"));
	free(pts);
}

#define BASE "name t\npath iommu\nmap range\nunmap strict\nops 10\n"

TEST(suite_defaults_comments_and_suffixes)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("# header\n\n" BASE "size 4K 2M   # trailing\n"
			  "\t \n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK(pts != NULL);
	CHECK_EQ(n, 2);
	if (!pts)
		return;
	CHECK_EQ_U64(pts[0].size, 4096);
	CHECK_EQ_U64(pts[1].size, 2097152);
	CHECK_EQ_U64(pts[0].pgsize, 0);			/* hw */
	CHECK_EQ(pts[0].threads, SUITE_DEFAULT_THREADS);
	CHECK_EQ(pts[0].batch, SUITE_DEFAULT_BATCH);
	CHECK_EQ_U64(pts[0].warmup, SUITE_DEFAULT_WARMUP);
	CHECK_EQ(s.repetitions, SUITE_DEFAULT_REPETITIONS);
	CHECK_EQ_U64(pts[0].duration_ns, 0);		/* until ops */
	free(pts);
}

TEST(suite_range_expands_powers_of_two)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text(BASE "size range:4K..64K 1M\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 6);
	if (pts && n == 6) {
		CHECK_EQ_U64(pts[0].size, 4096);
		CHECK_EQ_U64(pts[4].size, 65536);
		CHECK_EQ_U64(pts[5].size, 1048576);
	}
	free(pts);
	pts = expand_text(BASE "size range:8K..8K\n", &n, &s);
	CHECK_EQ(n, 1);
	free(pts);
}

TEST(suite_pgsize_names_are_lowercase_hex)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text(BASE "size 2M\npgsize 0X201000 hw\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 2);
	if (pts && n == 2) {
		CHECK_STREQ(pts[0].name,
			    "iommu/map:range/unmap:strict/pgsize:0x201000/size:2097152/threads:1");
		CHECK_EQ_U64(pts[0].pgsize, 0x201000);
		CHECK_STREQ(pts[1].name,
			    "iommu/map:range/unmap:strict/pgsize:hw/size:2097152/threads:1");
	}
	free(pts);
}

TEST(suite_batch_sweep_appears_in_names)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("name t\npath iommu\nmap range\nunmap deferred\n"
			  "ops 10\nsize 4K\nbatch 1 256 32768\nthreads 1 2\n",
			  &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 6);
	if (pts && n == 6) {
		CHECK_STREQ(pts[0].name,
			    "iommu/map:range/unmap:deferred/pgsize:hw/size:4096/threads:1/batch:1");
		CHECK_EQ(pts[2].batch, 32768);
		CHECK_EQ(pts[3].threads, 2);
	}
	free(pts);
}

TEST(suite_duration_only_is_enough)
{
	struct suite_point *pts;
	struct suite s;
	size_t n = 0;

	pts = expand_text("name t\npath iommu\nmap range\nunmap strict\n"
			  "size 4K\nduration 1.5\n", &n, &s);
	CHECK_STREQ(err, "");
	CHECK_EQ(n, 1);
	if (pts) {
		CHECK_EQ_U64(pts[0].duration_ns, 1500000000ULL);
		CHECK_EQ_U64(pts[0].ops, 0);
	}
	free(pts);
}

/* Each malformed suite must fail with exactly this message. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ BASE "size 4K\nfoo 1\n",
	  "t.suite:7: unknown key 'foo'" },
	{ BASE "size 4K\nthreads abc\n",
	  "t.suite:7: bad number 'abc' for 'threads'" },
	{ BASE "size 4K\nthreads 0\n",
	  "t.suite:7: 'threads' 0 is out of range (1..256)" },
	{ BASE "size 4K\nbatch 65537\n",
	  "t.suite:7: 'batch' 65537 is out of range (1..65536)" },
	{ BASE "size 4K\nops 1x\n",
	  "t.suite:7: duplicate key 'ops' (first given on line 5)" },
	{ "name t\npath iommu\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite: missing required key 'map'" },
	{ "path iommu\nmap range\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite: missing required key 'name'" },
	{ "name t\npath iommu\nmap range\nunmap strict\nsize 4K\n",
	  "t.suite: missing required key 'ops' or 'duration'" },
	{ "name t\npath iommu\nmap range\nunmap strict\nsize 4K\nops 0\nduration 0\n",
	  "t.suite:7: one of 'ops' and 'duration' must be non-zero" },
	{ BASE "size 5000\n",
	  "t.suite:6: size '5000' is not a positive multiple of 4096" },
	{ BASE "size 0\n",
	  "t.suite:6: size '0' is not a positive multiple of 4096" },
	{ BASE "size 128M\n",
	  "t.suite:6: size '128M' is larger than 64 MiB (the module's limit)" },
	{ BASE "size 4Q\n",
	  "t.suite:6: bad size '4Q' (expected bytes, optionally with K, M or G)" },
	{ BASE "size\n",
	  "t.suite:6: empty value list for 'size'" },
	{ BASE "size 4K\nmap\n",
	  "t.suite:7: empty value list for 'map'" },
	{ BASE "size range:4K..3M\n",
	  "t.suite:6: bad range 'range:4K..3M': both ends must be powers of two" },
	{ BASE "size range:8K..4K\n",
	  "t.suite:6: bad range 'range:8K..4K': LOW is larger than HIGH" },
	{ BASE "size range:4K-8K\n",
	  "t.suite:6: bad range 'range:4K-8K' (expected range:LOW..HIGH)" },
	{ BASE "size range:2K..8K\n",
	  "t.suite:6: size '2K' is not a positive multiple of 4096" },
	{ BASE "size 4K 4096\n",
	  "t.suite:6: duplicate value '4096' for 'size'" },
	{ BASE "size 4K\nsize 8K\n",
	  "t.suite:7: duplicate key 'size' (first given on line 6)" },
	{ BASE "size 4K\nmap range maybe\n",
	  "t.suite:7: duplicate key 'map' (first given on line 3)" },
	{ "name t\npath iommu\nmap range sometimes\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite:3: unknown map 'sometimes' (expected one of: range, per-page)" },
	{ "name t\npath dma\nmap range\nunmap strict\nops 10\nsize 4K\n",
	  "t.suite:2: unknown path 'dma' (expected one of: iommu)" },
	{ BASE "size 4K\npgsize 0x0\n",
	  "t.suite:7: bad pgsize '0x0' (expected 'hw' or a non-zero hex mask like 0x201000)" },
	{ BASE "size 4K\npgsize 4096\n",
	  "t.suite:7: bad pgsize '4096' (expected 'hw' or a non-zero hex mask like 0x201000)" },
	{ BASE "size 4K\npgsize 0x800\n",
	  "t.suite:7: bad pgsize '0x800': page sizes below 4 KiB are not supported" },
	{ BASE "size 4K 2M\npgsize 0x200000\n",
	  "t.suite:7: size 4096 is not a multiple of the smallest page size 0x200000 of pgsize 0x200000" },
	{ BASE "size 4K\nduration -1\n",
	  "t.suite:7: bad number '-1' for 'duration' (seconds)" },
	{ BASE "size 4K\nduration 601\n",
	  "t.suite:7: 'duration' 601 is out of range (0..600 s)" },
	{ BASE "size 4K\nwarmup 1048577\n",
	  "t.suite:7: 'warmup' 1048577 is out of range (0..1048576)" },
	{ BASE "size 4K\nrepetitions 0\n",
	  "t.suite:7: 'repetitions' 0 is out of range (1..1000)" },
	{ BASE "size 4K\nname u\n",
	  "t.suite:7: duplicate key 'name' (first given on line 1)" },
	{ "name a/b\n",
	  "t.suite:1: name 'a/b' may only hold letters, digits, '.', '_' and '-'" },
	{ "name a b\n",
	  "t.suite:1: 'name' takes exactly one value" },
};

TEST(suite_malformed_files_give_file_line_message)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct suite_point *pts;
		struct suite s;
		size_t n = 0;

		pts = expand_text(bad[i].text, &n, &s);
		if (pts) {
			harness_fail(__FILE__, __LINE__, "case %zu parsed: %s", i,
				     bad[i].text);
			free(pts);
			continue;
		}
		if (strcmp(err, bad[i].msg))
			harness_fail(__FILE__, __LINE__,
				     "case %zu:\n    got      %s\n    expected %s",
				     i, err, bad[i].msg);
	}
}

TEST(suite_missing_file_names_it)
{
	struct suite s;

	CHECK(suite_parse_file("/nonexistent/x.suite", &s, err, sizeof(err)));
	CHECK_STREQ(err, "/nonexistent/x.suite: No such file or directory");
}
