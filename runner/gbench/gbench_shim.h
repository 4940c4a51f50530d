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

/*
 * Google Benchmark's report, as data: its Run records and its context,
 * handed to C as they come (the JSON is written by store/gbjson.c, not by
 * Google Benchmark's JSONReporter). Pointers are valid during the call.
 */
struct gbs_cache {
	const char *type;
	long level, size, num_sharing;
};

struct gbs_context {
	const char *host_name;
	const char *executable;		/* NULL: none */
	long num_cpus;
	long mhz_per_cpu;		/* cycles per second / 1e6, rounded */
	int cpu_scaling;		/* -1 unknown, 0 disabled, 1 enabled */
	const struct gbs_cache *caches;
	size_t n_caches;
	const double *load_avg;
	size_t n_load_avg;
	const char *library_build_type;	/* "debug" or "release" */
	const char *const *custom_keys;	/* AddCustomContext, sorted by key */
	const char *const *custom_values;
	size_t n_custom;
};

/* One BenchmarkReporter::Run (the fields its JSON has). */
struct gbs_run {
	const char *name;		/* benchmark_name(): run_name + "_" aggregate */
	const char *run_name;
	long family_index, per_family_instance_index;
	int aggregate;			/* run_type: 0 iteration, 1 aggregate */
	long repetitions;
	long repetition_index;		/* iterations only */
	long threads;
	const char *aggregate_name;	/* aggregates only */
	const char *aggregate_unit;	/* aggregates only: "time" or "percentage" */
	int error_occurred;
	const char *error_message;
	long iterations;
	double real_time, cpu_time;	/* in time_unit (percentage: as a fraction) */
	const char *time_unit;
	const char *const *counter_names;	/* sorted by name */
	const double *counter_values;
	size_t n_counters;
	const char *label;		/* "" for none */
};

struct gbs_records {
	void (*context)(void *arg, const struct gbs_context *c);
	/* One ReportRuns call: a benchmark's repetitions, or its aggregates. */
	void (*runs)(void *arg, const struct gbs_run *runs, size_t n);
	void (*finalize)(void *arg);
};

/*
 * Hand the file reporter's records to r (instead of writing the file named
 * by --benchmark_out, which must still be given, and stays empty). NULL:
 * off. gbreport.c builds gbs_set_report() on it.
 */
void gbs_set_records(const struct gbs_records *r, void *arg);

/* What the JSON file reporter hands over as the run goes (gbs_set_report). */
enum gbs_report_kind {
	GBS_REPORT_CONTEXT,	/* the whole document, no benchmark in it yet */
	GBS_REPORT_BENCHMARK,	/* one benchmark done: its entries (repetitions
				 * and aggregates) as a JSON array */
	GBS_REPORT_FINAL,	/* the whole document, every benchmark */
};

/*
 * benchmarks.json, in pieces (gbench/gbreport.c: the records written by
 * store/gbjson.c): a run that dies has handed over every benchmark it
 * finished, and nothing is written twice. Non-finite numbers are null.
 */
typedef void (*gbs_report_fn)(void *arg, enum gbs_report_kind kind,
			      const char *json, size_t len);

/* Route the pieces to fn; NULL: off. */
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
