// SPDX-License-Identifier: GPL-2.0
/*
 * runtags: the clock (wall, icount:N) and the group of boots a run records
 * (run --clock/--group/--round), their parsers, meta.json's keys and the
 * command line's errors.
 */
#include "harness.h"
#include "meta.h"
#include "runtags.h"

static char out[65536], err[65536];

#define RUN(...) harness_cli(out, sizeof(out), err, sizeof(err), __VA_ARGS__, \
			     (const char *)NULL)
#define SMOKE IB_ROOT "/bench/suites/smoke.suite"

TEST(runtags_parse_clock)
{
	struct runtags t = { 0 };
	char e[256];

	CHECK_EQ(runtags_parse_clock("icount:3", &t, e, sizeof(e)), 0);
	CHECK(t.icount);
	CHECK_EQ(t.icount_shift, 3);
	CHECK_STREQ(runtags_clock_name(&t), "icount");
	CHECK_EQ(runtags_parse_clock("icount:0", &t, e, sizeof(e)), 0);
	CHECK_EQ(t.icount_shift, 0);
	CHECK_EQ(runtags_parse_clock("icount:10", &t, e, sizeof(e)), 0);
	CHECK_EQ(runtags_parse_clock("wall", &t, e, sizeof(e)), 0);
	CHECK(!t.icount);
	CHECK_STREQ(runtags_clock_name(&t), "wall");
	CHECK_EQ(runtags_parse_clock("icount", &t, e, sizeof(e)), -1);
	CHECK_CONTAINS(e, "--clock must be wall or icount:N");
	CHECK_EQ(runtags_parse_clock("icount:11", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_clock("icount:-1", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_clock("icount:3x", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_clock("", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_clock("Wall", &t, e, sizeof(e)), -1);
}

TEST(runtags_parse_group_and_round)
{
	struct runtags t = { 0 };
	char e[256], longid[80];

	CHECK_EQ(runtags_parse_group("g20261203-143000-6.12.1+deb13-amd64", &t,
				     e, sizeof(e)), 0);
	CHECK_STREQ(t.group, "g20261203-143000-6.12.1+deb13-amd64");
	CHECK_EQ(runtags_parse_group("", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_group(".hidden", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_group("a/b", &t, e, sizeof(e)), -1);
	CHECK_CONTAINS(e, "bad --group 'a/b'");
	memset(longid, 'x', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	CHECK_EQ(runtags_parse_group(longid, &t, e, sizeof(e)), -1);
	longid[RUNTAGS_GROUP_MAX - 1] = '\0';
	CHECK_EQ(runtags_parse_group(longid, &t, e, sizeof(e)), 0);

	CHECK_EQ(runtags_parse_round("2/5", &t, e, sizeof(e)), 0);
	CHECK_EQ(t.round, 2u);
	CHECK_EQ(t.rounds, 5u);
	CHECK_EQ(runtags_parse_round("1/1", &t, e, sizeof(e)), 0);
	CHECK_EQ(runtags_parse_round("1000/1000", &t, e, sizeof(e)), 0);
	CHECK_EQ(runtags_parse_round("0/3", &t, e, sizeof(e)), -1);
	CHECK_CONTAINS(e, "--round must be K/N");
	CHECK_EQ(runtags_parse_round("4/3", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_round("1/1001", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_round("3", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_round("/3", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_round("1/", &t, e, sizeof(e)), -1);
	CHECK_EQ(runtags_parse_round("1/2/3", &t, e, sizeof(e)), -1);
}

TEST(runtags_meta_keys)
{
	struct runtags t = { 0 };
	struct jbuf b;
	char e[256];

	jbuf_init(&b);
	meta_render_tags(&t, &b);
	CHECK_STREQ(b.s, ",\n  \"clock\": \"wall\"");
	jbuf_free(&b);

	CHECK_EQ(runtags_parse_clock("icount:5", &t, e, sizeof(e)), 0);
	CHECK_EQ(runtags_parse_group("g1", &t, e, sizeof(e)), 0);
	CHECK_EQ(runtags_parse_round("2/3", &t, e, sizeof(e)), 0);
	jbuf_init(&b);
	meta_render_tags(&t, &b);
	CHECK_STREQ(b.s, ",\n  \"clock\": \"icount\",\n  \"icount_shift\": 5"
			    ",\n  \"group\": \"g1\",\n  \"round\": 2,\n  \"rounds\": 3");
	jbuf_free(&b);

	/* the process-wide tags: set, read back, reset to wall */
	runtags_set(&t);
	CHECK(runtags_get()->icount);
	CHECK_STREQ(runtags_get()->group, "g1");
	runtags_reset();
	CHECK(!runtags_get()->icount);
	CHECK_STREQ(runtags_get()->group, "");
}

TEST(runtags_cli_errors_exit_2)
{
	CHECK_EQ(RUN("run", "--help"), 0);
	CHECK_CONTAINS(out, "--clock wall|icount:N");
	CHECK_CONTAINS(out, "--round K/N");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--clock", "icount"), 2);
	CHECK_CONTAINS(err, "iommubench run: --clock must be wall or icount:N");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--group", "g1"), 2);
	CHECK_CONTAINS(err, "--group and --round go together");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--round", "1/2"), 2);
	CHECK_CONTAINS(err, "--group and --round go together");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--group", "../x", "--round", "1/2"), 2);
	CHECK_CONTAINS(err, "bad --group '../x'");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "0000:00:03.0",
		     "--out-dir", "/tmp", "--group", "g", "--round", "3/2"), 2);
	CHECK_CONTAINS(err, "--round must be K/N");
}
