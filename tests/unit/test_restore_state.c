// SPDX-License-Identifier: GPL-2.0
/* Tests of restore_state.c: the state file round trip and its checks. */
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "restore_state.h"

#define BDF "0000:00:03.0"

static void sample(struct binding *b, struct group_state *g)
{
	memset(b, 0, sizeof(*b));
	memset(g, 0, sizeof(*g));
	snprintf(b->bdf, sizeof(b->bdf), BDF);
	snprintf(b->drv, sizeof(b->drv), "iommubench");
	snprintf(b->old_driver, sizeof(b->old_driver), "edu-old");
	snprintf(g->group, sizeof(g->group), "7");
	snprintf(g->original, sizeof(g->original), "DMA-FQ");
}

TEST(restore_state_round_trip_claims_what_will_be_done)
{
	static struct restore_state st;
	const char *dir = harness_tmpdir();
	char sub[700], err[512];
	struct group_state g;
	struct binding b;
	struct stat sb;

	snprintf(sub, sizeof(sub), "%s/run/iommubench", dir);
	sample(&b, &g);
	/* before device_bind_apply: every step it may take counts as done */
	CHECK_EQ(restore_state_save(sub, 4242, &b, &g, true, false), 0);
	CHECK(stat(sub, &sb) == 0 && (sb.st_mode & 0777) == 0700);
	CHECK_STREQ(harness_read(sub, BDF ".state"),
		    "pid=4242\nbdf=" BDF "\ndrv=iommubench\nold_driver=edu-old\n"
		    "old_override=\nalready_ours=0\noverride_written=1\n"
		    "old_unbound=1\nbind_written=1\ngroup=7\n"
		    "group_original=DMA-FQ\ngroup_changed=0\n");
	CHECK_EQ(restore_state_load(sub, BDF, "/fake/sys", &st, err, sizeof(err)), 0);
	CHECK_EQ(st.pid, 4242);
	CHECK_STREQ(st.b.sysfs, "/fake/sys");
	CHECK_STREQ(st.b.old_driver, "edu-old");
	CHECK(st.b.override_written && st.b.old_unbound && st.b.bind_written);
	CHECK(!st.b.already_ours && !st.g.changed);
	CHECK_STREQ(st.g.bdf, BDF);
	CHECK_STREQ(st.g.drv, "iommubench");
	CHECK_STREQ(st.g.original, "DMA-FQ");

	/* before a type switch: the group counts as changed */
	b.override_written = b.bind_written = true;
	CHECK_EQ(restore_state_save(sub, 4242, &b, &g, false, true), 0);
	CHECK_EQ(restore_state_load(sub, BDF, "/s", &st, err, sizeof(err)), 0);
	CHECK(st.g.changed && st.b.bind_written && !st.b.old_unbound);
	CHECK_STREQ(st.g.group, "7");

	CHECK_EQ(restore_state_remove(sub, BDF), 0);
	CHECK_EQ(restore_state_load(sub, BDF, "/s", &st, err, sizeof(err)), -ENOENT);
	CHECK_STREQ(err, "");
	CHECK_EQ(restore_state_remove(sub, BDF), -ENOENT);
}

TEST(restore_state_load_refuses_what_could_write_elsewhere)
{
	static struct restore_state st;
	const char *dir = harness_tmpdir();
	static const char *const bad[] = {
		"pid=1\nbdf=" BDF "\ndrv=../../../etc\n",
		"pid=1\nbdf=" BDF "\ndrv=iommubench\nold_driver=a/b\n",
		"pid=1\nbdf=0000:00:04.0\ndrv=iommubench\n",	/* not its name */
		"pid=0\nbdf=" BDF "\ndrv=iommubench\n",
		"pid=1\nbdf=" BDF "\ndrv=iommubench\ngroup_original=identity\n",
		"pid=1\nbdf=" BDF "\ndrv=iommubench\ngroup_changed=1\n",
		"pid=1\nbdf=" BDF "\ndrv=iommubench\nbind_written=yes\n",
		"pid=1\nbdf=" BDF "\ndrv=iommubench\nfrobnicate=1\n",
		"pid=1\nbdf=" BDF "\nno equals sign\n",
		"bdf=" BDF "\ndrv=iommubench\n",
	};
	char err[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		harness_write(dir, BDF ".state", bad[i]);
		CHECK_EQ(restore_state_load(dir, BDF, "/s", &st, err, sizeof(err)),
			 -EINVAL);
		CHECK_CONTAINS(err, BDF ".state");
	}
	harness_write(dir, BDF ".state", "pid=1\nbdf=" BDF "\ndrv=iommubench\n");
	CHECK_EQ(restore_state_load(dir, BDF, "/s", &st, err, sizeof(err)), 0);
}

TEST(restore_state_owner_alive_gone_reused_or_ours)
{
	const char *proc = harness_tmpdir();
	char rel[64];
	pid_t child = fork();

	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	CHECK(!restore_state_owner_alive(child, proc));	/* gone (ESRCH) */
	CHECK(!restore_state_owner_alive(getpid(), proc));	/* ourselves */
	/* the parent is alive: its comm decides */
	snprintf(rel, sizeof(rel), "%ld", (long)getppid());
	harness_mkdirs(proc, rel);
	snprintf(rel, sizeof(rel), "%ld/comm", (long)getppid());
	harness_write(proc, rel, "make\n");
	CHECK(!restore_state_owner_alive(getppid(), proc));
	harness_write(proc, rel, "iommubench\n");
	CHECK(restore_state_owner_alive(getppid(), proc));
}
