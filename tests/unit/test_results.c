// SPDX-License-Identifier: GPL-2.0
/* Tests of results.c and fsutil.c: run ids, directories, atomic files. */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "harness.h"
#include "results.h"
#include "run_index.h"

TEST(results_sanitize_replaces_unsafe_bytes)
{
	char out[64];

	results_sanitize("6.1.0-28-amd64", out, sizeof(out));
	CHECK_STREQ(out, "6.1.0-28-amd64");
	results_sanitize("6.12.107+deb13-s390x", out, sizeof(out));
	CHECK_STREQ(out, "6.12.107+deb13-s390x");
	results_sanitize("a/b c\n\"d\"", out, sizeof(out));
	CHECK_STREQ(out, "a_b_c__d_");
	results_sanitize("..", out, sizeof(out));
	CHECK_STREQ(out, "_.");
	results_sanitize("abcdef", out, 4);
	CHECK_STREQ(out, "abc");
}

TEST(results_run_id_validation)
{
	CHECK(results_run_id_valid("20240101-120000-6.1.0-28-amd64"));
	CHECK(results_run_id_valid("baseline_v2"));
	CHECK(!results_run_id_valid(""));
	CHECK(!results_run_id_valid("."));
	CHECK(!results_run_id_valid(".."));
	CHECK(!results_run_id_valid(".hidden"));
	CHECK(!results_run_id_valid("../x"));
	CHECK(!results_run_id_valid("a/b"));
	CHECK(!results_run_id_valid("latest"));
	CHECK(!results_run_id_valid("a b"));
}

TEST(results_default_run_id_is_utc_time_and_kernel)
{
	char id[RUN_ID_MAX];

	results_default_run_id(0, "6.1.0-28-amd64", id, sizeof(id));
	CHECK_STREQ(id, "19700101-000000-6.1.0-28-amd64");
	results_default_run_id(1700000000, "weird/rel ease", id, sizeof(id));
	CHECK_STREQ(id, "20231114-221320-weird_rel_ease");
	CHECK(results_run_id_valid(id));
}

TEST(results_run_dir_creation_and_uniquify)
{
	const char *tmp = harness_tmpdir();
	char out[600], id[RUN_ID_MAX], dir[800];

	snprintf(out, sizeof(out), "%s/deep/results", tmp);
	snprintf(id, sizeof(id), "run1");
	CHECK_EQ(results_create_run_dir(out, id, sizeof(id), false, dir, sizeof(dir)), 0);
	CHECK_STREQ(id, "run1");
	CHECK(access(dir, W_OK) == 0);
	CHECK_EQ(results_create_run_dir(out, id, sizeof(id), false, dir, sizeof(dir)), -EEXIST);
	CHECK_EQ(results_create_run_dir(out, id, sizeof(id), true, dir, sizeof(dir)), 0);
	CHECK_STREQ(id, "run1-2");
	snprintf(id, sizeof(id), "run1");
	CHECK_EQ(results_create_run_dir(out, id, sizeof(id), true, dir, sizeof(dir)), 0);
	CHECK_STREQ(id, "run1-3");
	{
		char slashed[700], want[800];

		snprintf(slashed, sizeof(slashed), "%s//", out);
		snprintf(id, sizeof(id), "run2");
		CHECK_EQ(results_create_run_dir(slashed, id, sizeof(id), false, dir, sizeof(dir)), 0);
		snprintf(want, sizeof(want), "%s/run2", out);
		CHECK_STREQ(dir, want);
	}
}

TEST(results_latest_moves)
{
	const char *out = harness_tmpdir();
	char id[RUN_ID_MAX], dir[800], link[800], target[64];
	ssize_t n;

	snprintf(id, sizeof(id), "a");
	CHECK_EQ(results_create_run_dir(out, id, sizeof(id), false, dir, sizeof(dir)), 0);
	CHECK_EQ(fs_write_atomic(dir, "benchmarks.json", "{}\n", 3), 0);

	CHECK_EQ(results_point_latest(out, "a"), 0);
	snprintf(link, sizeof(link), "%s/latest", out);
	n = readlink(link, target, sizeof(target) - 1);
	CHECK_EQ(n, 1);
	target[n > 0 ? n : 0] = '\0';
	CHECK_STREQ(target, "a");
	CHECK_EQ(results_point_latest(out, "b"), 0);	/* replaced, not nested */
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECK_STREQ(target, "b");
	CHECK_EQ(results_point_latest(out, "a"), 0);
	CHECK_STREQ(harness_read(out, "latest/benchmarks.json"), "{}\n");
	/* No temporary link left behind. */
	{
		DIR *d = opendir(out);
		struct dirent *e;

		CHECK(d != NULL);
		while (d && (e = readdir(d)))
			CHECK(strncmp(e->d_name, ".latest", 7));
		if (d)
			closedir(d);
	}
}

TEST(fsutil_write_atomic_and_read_str)
{
	const char *dir = harness_tmpdir();
	char path[800], buf[16];

	CHECK_EQ(fs_write_atomic(dir, "x.json", "hello\n", 6), 0);
	CHECK_STREQ(harness_read(dir, "x.json"), "hello\n");
	CHECK_EQ(fs_write_atomic(dir, "x.json", "bye", 3), 0);
	CHECK_STREQ(harness_read(dir, "x.json"), "bye");
	snprintf(path, sizeof(path), "%s/x.json", dir);
	CHECK_EQ(fs_read_str(path, buf, sizeof(buf)), 0);
	CHECK_STREQ(buf, "bye");
	harness_write(dir, "y", "  value \n\n");
	snprintf(path, sizeof(path), "%s/y", dir);
	CHECK_EQ(fs_read_str(path, buf, sizeof(buf)), 0);
	CHECK_STREQ(buf, "  value");
	CHECK_EQ(fs_read_str("/nonexistent/z", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(fs_path(buf, 4, "%s", "abcd"), -ENAMETOOLONG);
}

/*
 * A link planted where the temporary file or the index lock goes (an out-dir
 * others can write to) is never followed: root must not write elsewhere.
 */
TEST(fs_write_atomic_and_index_lock_do_not_follow_planted_links)
{
	const char *out = harness_tmpdir();
	char dir[800], victim[800], link[900], err[512];

	snprintf(dir, sizeof(dir), "%s/planted", out);
	CHECK_EQ(mkdir(dir, 0755), 0);
	harness_write(out, "victim", "keep\n");
	snprintf(victim, sizeof(victim), "%s/victim", out);

	snprintf(link, sizeof(link), "%s/.x.json.tmp.%ld", dir, (long)getpid());
	CHECK_EQ(symlink(victim, link), 0);
	CHECK_EQ(fs_write_atomic(dir, "x.json", "new\n", 4), 0);
	CHECK_STREQ(harness_read(out, "victim"), "keep\n");
	CHECK_STREQ(harness_read(dir, "x.json"), "new\n");

	snprintf(link, sizeof(link), "%s/.index.lock", dir);
	CHECK_EQ(symlink(victim, link), 0);
	CHECK(run_index_update(dir, "some-run", err, sizeof(err)) != 0);
	CHECK_STREQ(harness_read(out, "victim"), "keep\n");
}
