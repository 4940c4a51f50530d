/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gen_run: write a synthetic run directory (benchmarks.json in the shape
 * Google Benchmark 1.7.1 gives `run`) for the compare and export tests.
 */
#ifndef IOMMUBENCH_TEST_GEN_RUN_H
#define IOMMUBENCH_TEST_GEN_RUN_H

#include "json.h"

struct gen_run {
	struct jbuf jb;
	int entries;
};

void gen_begin(struct gen_run *g, const char *run_id, const char *platform,
	       const char *kernel);

/*
 * One repetition of name (suffix /iterations:1/manual_time added):
 * counters is JSON members text ("\"map_p99_ns\": 5, ...") or NULL; error
 * non-NULL makes it a failed repetition with that message.
 */
void gen_rep(struct gen_run *g, const char *name, int rep, double time_ns,
	     const char *counters, const char *error);

/* A Google Benchmark aggregate entry (with a NaN cv, as 1.7.1 writes). */
void gen_aggregate(struct gen_run *g, const char *name);

/* Write base/run_id/benchmarks.json; returns that run directory (static). */
const char *gen_end(struct gen_run *g, const char *base, const char *run_id);

#endif
