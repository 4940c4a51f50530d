// SPDX-License-Identifier: GPL-2.0
/*
 * `iommubench run --order random --seed N` against the fake system: the
 * same seed gives the same order, every point runs once with all its
 * repetitions, the order and seed are in the context, and benchmarks.json
 * lists the points in the order they ran. session_shuffle_points() itself:
 * a shuffle never splits a mode's points (no extra group-type switch).
 */
#include <stdlib.h>

#include "e2e.h"
#include "session.h"
#include "suite.h"

#define out e2e_out
#define err e2e_err

#define NPTS 16
#define REPS 2

/* The run's iteration names, in file order, collapsed per point. */
static size_t run_order(const char *results, const char *run_id,
			char names[NPTS][SUITE_POINT_NAME_MAX + 64])
{
	json_t *gb = load_gb(results, run_id, NPTS * REPS), *e;
	size_t i, n = 0;

	if (!gb)
		return 0;
	json_array_foreach(json_object_get(gb, "benchmarks"), i, e) {
		const char *nm = json_string_value(json_object_get(e, "run_name"));

		if (strcmp(json_string_value(json_object_get(e, "run_type")),
			   "iteration"))
			continue;
		if (n && !strcmp(names[n - 1], nm))
			continue;	/* its next repetition */
		CHECK(n < NPTS);
		if (n < NPTS)
			snprintf(names[n++], sizeof(names[0]), "%s", nm);
	}
	json_decref(gb);
	return n;
}

static int run_with(struct fake *f, const char *run_id, const char *order,
		    const char *seed)
{
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", "1234:11e8",
			 "--out-dir", f->results, "--run-id", (char *)run_id,
			 "--repetitions", "2", "--cpus", "1",
			 "--order", (char *)order, seed ? "--seed" : NULL,
			 (char *)seed, NULL };

	return run_fake(f, argv);
}

TEST(run_e2e_order_random_same_seed_same_order_every_point_once)
{
	static char a[NPTS][SUITE_POINT_NAME_MAX + 64];
	static char b[NPTS][SUITE_POINT_NAME_MAX + 64];
	static char c[NPTS][SUITE_POINT_NAME_MAX + 64];
	static char s[NPTS][SUITE_POINT_NAME_MAX + 64];
	struct fake f;
	const char *json;
	size_t na, nb, nc, ns;
	bool same_ab = true, same_as = true, same_ac = true;

	fake_system(&f, NULL, NULL);
	CHECK_EQ(run_with(&f, "seed42a", "random", "42"), 0);
	CHECK_CONTAINS(out, "iommubench run: order random, seed 42\n");
	json = harness_read(f.results, "seed42a/benchmarks.json");
	CHECK(json != NULL);
	if (json) {
		CHECK_CONTAINS(json, "\"point_order\": \"random\"");
		CHECK_CONTAINS(json, "\"order_seed\": \"42\"");
		CHECK(!strstr(json, "\"op_delay_ns\""));	/* not slowed */
	}
	CHECK_EQ(run_with(&f, "seed42b", "random", "42"), 0);
	CHECK_EQ(run_with(&f, "seed43", "random", "43"), 0);
	CHECK_EQ(run_with(&f, "suite", "suite", NULL), 0);
	json = harness_read(f.results, "suite/benchmarks.json");
	CHECK(json && strstr(json, "\"point_order\": \"suite\""));
	CHECK(json && !strstr(json, "\"order_seed\""));

	na = run_order(f.results, "seed42a", a);
	nb = run_order(f.results, "seed42b", b);
	nc = run_order(f.results, "seed43", c);
	ns = run_order(f.results, "suite", s);
	/* each point once: its two repetitions together, no name twice */
	CHECK_EQ(na, NPTS);
	CHECK_EQ(nb, NPTS);
	CHECK_EQ(nc, NPTS);
	CHECK_EQ(ns, NPTS);
	for (size_t i = 0; i < NPTS; i++) {
		size_t found = 0;

		for (size_t j = 0; j < NPTS; j++)
			found += !strcmp(s[i], a[j]);
		CHECK_EQ(found, 1);	/* a is a permutation of the suite */
		same_ab &= !strcmp(a[i], b[i]);
		same_as &= !strcmp(a[i], s[i]);
		same_ac &= !strcmp(a[i], c[i]);
	}
	CHECK(same_ab);		/* the same seed, the same order */
	CHECK(!same_as);	/* and shuffled (16! orders: not by chance) */
	CHECK(!same_ac);	/* another seed, another order */
	check_restored(&f);
}

TEST(run_e2e_order_bad_values_are_usage_errors)
{
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "1234:11e8",
		     "--out-dir", "/nonexistent", "--order", "sideways"), 2);
	CHECK_CONTAINS(err, "--order must be suite or random");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "1234:11e8",
		     "--out-dir", "/nonexistent", "--order", "random",
		     "--seed", "x1"), 2);
	CHECK_CONTAINS(err, "--seed must be a number");
	CHECK_EQ(RUN("run", "--suite", SMOKE, "--device", "1234:11e8",
		     "--out-dir", "/nonexistent", "--seed", "7"), 2);
	CHECK_CONTAINS(err, "--seed needs --order random");
}

TEST(session_shuffle_keeps_each_mode_together)
{
	struct suite st;
	struct suite_point *pts = NULL, *ref = NULL;
	size_t n = 0, nref = 0, switches;
	char e[512];
	const char *path = write_suite("name shuf\npath dma\nsize 4096 8192 65536\n"
				       "mode keep strict fq\nshape pair\n"
				       "threads 1\nops 10\nrepetitions 1\n");

	CHECK_EQ(suite_parse_file(path, &st, e, sizeof(e)), 0);
	CHECK_EQ(suite_expand(&st, 1, &pts, &n, e, sizeof(e)), 0);
	CHECK_EQ(suite_expand(&st, 1, &ref, &nref, e, sizeof(e)), 0);
	CHECK(n == 9 && nref == 9);
	if (n != 9 || nref != 9)
		goto out;
	session_order_points(ref, nref, "DMA-FQ");
	session_shuffle_points(pts, n, "DMA-FQ", 12345);
	/* keep and fq need no switch from DMA-FQ: they come first, then strict */
	switches = 0;
	for (size_t i = 1; i < n; i++)
		switches += pts[i].mode != pts[i - 1].mode &&
			    (pts[i].mode == SUITE_MODE_STRICT ||
			     pts[i - 1].mode == SUITE_MODE_STRICT);
	CHECK_EQ(switches, 1);
	for (size_t i = 6; i < n; i++)
		CHECK_EQ(pts[i].mode, SUITE_MODE_STRICT);
	/* the same points */
	for (size_t i = 0; i < n; i++) {
		size_t found = 0;

		for (size_t j = 0; j < n; j++)
			found += !strcmp(ref[i].name, pts[j].name);
		CHECK_EQ(found, 1);
	}
out:
	free(pts);
	free(ref);
}

TEST(run_e2e_slowed_module_says_op_delay_ns_in_the_context)
{
	struct fake f;
	const char *json;
	char *argv[] = { IB_BIN, "run", "--suite", SMOKE, "--device", "1234:11e8",
			 "--out-dir", NULL, "--run-id", "slowed", "--repetitions", "1",
			 "--cpus", "1", "--filter", "size:4096/", NULL };

	fake_system(&f, NULL, NULL);
	argv[7] = f.results;
	harness_mkdirs(f.root, "sys/module/iommubench/parameters");
	harness_write(f.root, "sys/module/iommubench/parameters/op_delay_ns",
		      "1000\n");
	CHECK_EQ(run_fake(&f, argv), 0);
	json = harness_read(f.results, "slowed/benchmarks.json");
	CHECK(json != NULL);
	if (json) {
		CHECK_CONTAINS(json, "\"op_delay_ns\": \"1000\"");
		CHECK_CONTAINS(json, "\"point_order\": \"suite\"");
	}
	check_restored(&f);
}
