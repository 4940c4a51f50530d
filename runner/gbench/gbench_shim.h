/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gbench_shim: a C interface to the parts of Google Benchmark we use.
 *
 * A benchmark is a C callback run once per repetition (Iterations(1)); it
 * fills a gbs_result with the manual time and user counters, or an error.
 * Google Benchmark appends "/iterations:1/manual_time" to every name.
 */
#ifndef IOMMUBENCH_GBENCH_SHIM_H
#define IOMMUBENCH_GBENCH_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GBS_MAX_COUNTERS	64
#define GBS_COUNTER_NAME_MAX	48

struct gbs_counter {
	char name[GBS_COUNTER_NAME_MAX];
	double value;
};

struct gbs_result {
	double seconds;		/* manual iteration time (real_time) */
	char label[256];	/* optional; "" for none */
	char error[512];	/* non-empty: SkipWithError(error) */
	unsigned int nr_counters;
	struct gbs_counter counters[GBS_MAX_COUNTERS];
};

typedef void (*gbs_body_fn)(void *arg, struct gbs_result *res);

/* Add a plain value counter (Counter::kDefaults). 0, or -1 if full. */
int gbs_result_add_counter(struct gbs_result *res, const char *name,
			   double value);

/* benchmark::AddCustomContext. 0 or -1. */
int gbs_add_context(const char *key, const char *value);

/*
 * Register fn(arg) as benchmark `name`: UseManualTime, Iterations(1),
 * nanoseconds, every repetition reported (ReportAggregatesOnly(false)).
 * The repetition count is global (gbs_run's --benchmark_repetitions) so
 * it does not end up in the names. 0 or -1.
 */
int gbs_register(const char *name, gbs_body_fn fn, void *arg);

/*
 * Whether gbs_run() prints Google Benchmark's console table (default 1).
 * The JSON file gets everything either way.
 */
void gbs_set_console(int enabled);

/* What the JSON file reporter hands over as the run goes (gbs_set_report). */
enum gbs_report_kind {
	GBS_REPORT_CONTEXT,	/* the whole document, no benchmark in it yet */
	GBS_REPORT_BENCHMARK,	/* one benchmark done: its entries (repetitions
				 * and aggregates) as a JSON array */
	GBS_REPORT_FINAL,	/* the whole document, every benchmark */
};

/*
 * Google Benchmark's JSON, in pieces: a run that dies has handed over every
 * benchmark it finished, and nothing is written twice. Non-finite numbers
 * are as Google Benchmark prints them (bare NaN; see gbjson.h).
 */
typedef void (*gbs_report_fn)(void *arg, enum gbs_report_kind kind,
			      const char *json, size_t len);

/*
 * Route the JSON file reporter's output to fn instead of the file named by
 * --benchmark_out (which must still be given, and stays empty). NULL: off.
 */
void gbs_set_report(gbs_report_fn fn, void *arg);

/*
 * benchmark::Initialize(argc, argv) (argv[0] is the program name, the rest
 * --benchmark_* flags), RunSpecifiedBenchmarks, Shutdown. Returns the
 * number of benchmarks that matched the filter, or -1 if a flag was not
 * recognised or Google Benchmark threw.
 */
long gbs_run(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
