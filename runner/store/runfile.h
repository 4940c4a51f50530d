/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runfile: one finished run read back: benchmarks.json (Google Benchmark
 * 1.7 JSON as `run` writes it) and, if present, meta.json beside it.
 * For `compare` and `export`; never writes.
 */
#ifndef IOMMUBENCH_RUNFILE_H
#define IOMMUBENCH_RUNFILE_H

#include <stdbool.h>
#include <stddef.h>

struct rf_counter {
	char *name;
	double value;
};

/* One repetition (one `run_type: iteration` entry). */
struct rf_rep {
	int index;		/* repetition_index, -1 if absent */
	double time_ns;		/* real_time in ns (time per op) */
	bool error;		/* error_occurred: failed or skipped */
	bool skipped;		/* error with the label status:skipped */
	char *message;		/* error_message, or NULL */
	char *label;		/* label, or NULL */
	struct rf_counter *counters;
	size_t n_counters;
};

/* A benchmark: its name without "/iterations:N/manual_time". */
struct rf_bench {
	char *name;
	struct rf_rep *reps;
	size_t n_reps;
};

struct rf_kv {
	char *key;
	char *value;
};

struct runfile {
	char *json_path;	/* the benchmarks.json read */
	char *id;		/* context run_id, else the directory's name */
	char *platform;		/* meta.json "platform", else context's, else "unknown" */
	struct rf_kv *context;	/* string, number and bool context values as text */
	size_t n_context;
	struct rf_bench *benches;	/* in order of first appearance */
	size_t n_benches;
};

/*
 * Load a run. arg is a run directory, a benchmarks.json path, or a run id
 * (a directory under results_dir, default "results"). On failure returns
 * -1 with "<file>: <reason>" in err and rf empty (runfile_free is safe).
 */
int runfile_load(const char *arg, const char *results_dir, struct runfile *rf,
		 char *err, size_t errlen);
void runfile_free(struct runfile *rf);

/* A context value, or NULL. */
const char *runfile_context(const struct runfile *rf, const char *key);

/* The benchmark called name, or NULL. */
const struct rf_bench *runfile_bench(const struct runfile *rf, const char *name);

/*
 * The values of metric over b's repetitions into out (room for b->n_reps):
 * "time" is real_time in ns, anything else a counter. Errored repetitions,
 * missing counters and the "not applicable" sentinel -1 are left out.
 * Returns how many were written.
 */
size_t runfile_values(const struct rf_bench *b, const char *metric,
		      double *out);

/* Repetitions of b that failed or were skipped. */
size_t runfile_errors(const struct rf_bench *b);

#endif
