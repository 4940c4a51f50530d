// SPDX-License-Identifier: GPL-2.0
/* Tests of cpulist.c (the --cpus syntax) and cpus.c (CPU choice). */
#include <errno.h>

#include "cpulist.h"
#include "cpus.h"
#include "harness.h"

TEST(cpulist_parses_lists_and_ranges_in_order)
{
	uint32_t c[16];
	size_t n = 0;

	CHECK_EQ(cpulist_parse("0,2-3", c, 16, &n), 0);
	CHECK_EQ(n, 3);
	CHECK(c[0] == 0 && c[1] == 2 && c[2] == 3);
	CHECK_EQ(cpulist_parse("3,1", c, 16, &n), 0);
	CHECK(n == 2 && c[0] == 3 && c[1] == 1);	/* worker order kept */
	CHECK_EQ(cpulist_parse("5-5", c, 16, &n), 0);
	CHECK(n == 1 && c[0] == 5);
	CHECK_EQ(cpulist_parse("8191", c, 16, &n), 0);
}

TEST(cpulist_rejects_malformed)
{
	uint32_t c[4];
	size_t n = 0;

	CHECK_EQ(cpulist_parse("", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse("a", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse("0,,1", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse("0-", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse("-1", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse("1,", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse(" 1", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse("1,1", c, 4, &n), -EINVAL);	/* twice */
	CHECK_EQ(cpulist_parse("0-2,1", c, 4, &n), -EINVAL);
	CHECK_EQ(cpulist_parse("3-1", c, 4, &n), -ERANGE);
	CHECK_EQ(cpulist_parse("8192", c, 4, &n), -ERANGE);
	CHECK_EQ(cpulist_parse("0-4", c, 4, &n), -E2BIG);
}

TEST(cpulist_format_compacts_runs)
{
	const uint32_t a[] = { 0, 1, 2, 3, 8 }, b[] = { 3, 1 }, d[] = { 4, 6, 7 };
	char buf[64];

	cpulist_format(a, 5, buf, sizeof(buf));
	CHECK_STREQ(buf, "0-3,8");
	cpulist_format(b, 2, buf, sizeof(buf));
	CHECK_STREQ(buf, "3,1");
	cpulist_format(d, 3, buf, sizeof(buf));
	CHECK_STREQ(buf, "4,6-7");
	cpulist_format(a, 0, buf, sizeof(buf));
	CHECK_STREQ(buf, "");
	/* Too small: whole entries only, never half a number. */
	cpulist_format(d, 3, buf, 4);
	CHECK_STREQ(buf, "4");
}

/* A fake sysfs with CPUs 0-3 online. */
static const char *fake_online(const char *list)
{
	const char *root = harness_tmpdir();

	harness_mkdirs(root, "devices/system/cpu");
	harness_write(root, "devices/system/cpu/online", list);
	return root;
}

TEST(cpus_user_list_must_be_online)
{
	static struct cpu_choice c;
	const char *root = fake_online("0-3\n");
	char err[256] = "";

	CHECK_EQ(cpus_choose(root, "0000:00:03.0", "2,0", &c, err, sizeof(err)), 0);
	CHECK_EQ(c.n, 2);
	CHECK(c.cpus[0] == 2 && c.cpus[1] == 0);
	CHECK_STREQ(c.locality, "user");
	CHECK_EQ(cpus_choose(root, "0000:00:03.0", "1,4", &c, err, sizeof(err)), -1);
	CHECK_STREQ(err, "--cpus: CPU 4 is not online");
	CHECK_EQ(cpus_choose(root, "0000:00:03.0", "x", &c, err, sizeof(err)), -1);
	CHECK_CONTAINS(err, "bad --cpus 'x'");
}

TEST(cpus_unknown_device_falls_back_to_online_cpus)
{
	static struct cpu_choice c;
	const char *root = fake_online("0-2,5\n");
	char err[256] = "";

	/* No such device anywhere: hwloc cannot place it. */
	CHECK_EQ(cpus_choose(root, "ffff:ff:1f.7", NULL, &c, err, sizeof(err)), 0);
	CHECK_STREQ(c.locality, "unknown");
	CHECK_EQ(c.n, 4);
	CHECK_EQ(c.n_local, 0);
	CHECK(c.cpus[0] == 0 && c.cpus[1] == 1 && c.cpus[2] == 2 && c.cpus[3] == 5);
}
