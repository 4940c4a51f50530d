/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runmodel: the one model of a finished run, read back from its directory
 * (benchmarks.json, Google Benchmark 1.7 JSON as `run` writes it, and
 * meta.json when there): provenance + points. A point is one benchmark:
 * its parameters as fields (the name parsed once, here, generically: a new
 * path's keys need no code), its repetitions with their metrics, and the
 * aggregates (median, min, max over the usable values, analysis/stats.c).
 * Every reader uses it: compare, export (bmf, gab, lkp and `points`, the
 * JSON that plots/ and bench/summary.sh read). Reads older runs too: no
 * meta.json, no run_id, bare NaN/Infinity (store/gbjson.c). Never writes.
 */
#ifndef IOMMUBENCH_RUNMODEL_H
#define IOMMUBENCH_RUNMODEL_H

#include <stdbool.h>
#include <stddef.h>

struct json_t;

/* A value of one repetition: "time" (real_time in ns) or a user counter. */
struct rm_metric {
	char *name;
	double value;
};

/* One repetition (one `run_type: iteration` entry). */
struct rm_rep {
	int index;		/* repetition_index, -1 if absent */
	double time_ns;		/* real_time in ns (time per op) */
	bool error;		/* error_occurred: failed or skipped */
	bool skipped;		/* error with the label status:skipped */
	char *message;		/* error_message, or NULL */
	char *label;		/* label, or NULL */
	struct rm_metric *counters;
	size_t n_counters;
};

/*
 * One parameter of a point: a `key:value` component of its name. num is
 * set (is_num) when the value is a plain decimal number that prints back as
 * the same text (4096, 2, 0.5; not 0x1000, 007 or 1e3). A component
 * without ':' ("compat" in dma/compat/...) is a flag, text "".
 */
struct rm_param {
	char *key;
	char *text;
	bool flag;
	bool is_num;
	double num;
};

/*
 * A metric's aggregates over a point's usable values (docs/compare.md:
 * failed or skipped repetitions, a missing counter and -1 left out).
 * Metrics with no usable value have no aggregate.
 */
struct rm_agg {
	const char *metric;	/* "time" or a counter name, owned by the point */
	size_t n;
	double median, min, max, mean;
	double iqr;		/* the spread: p75 - p25 (stats_iqr) */
	double cv;		/* sd / |mean| (stats_cv; NAN when n < 2 or mean 0) */
};

/* A point: its name without "/iterations:N/manual_time". */
struct rm_point {
	char *name;
	char *path;		/* the name's first component (iommu, dma, sim) */
	struct rm_param *params;	/* the key:value components, in order */
	size_t n_params;
	struct rm_rep *reps;
	size_t n_reps;
	struct rm_agg *aggs;	/* "time", then counters in first-seen order */
	size_t n_aggs;
};

struct rm_kv {
	char *key;
	char *value;
};

struct run_model {
	char *dir;		/* the run directory */
	char *json_path;	/* the benchmarks.json read */
	char *id;		/* context run_id, else the directory's name */
	char *platform;		/* meta.json "platform", else context's, else "unknown" */
	struct json_t *meta;	/* meta.json, or NULL (older runs have none) */
	struct rm_kv *context;	/* string, number and bool context values as text */
	size_t n_context;
	struct rm_point *points;	/* in order of first appearance */
	size_t n_points;
};

/*
 * Load a run. arg is a run directory, a benchmarks.json path, or a run id
 * (a directory under results_dir, default "results"). On failure returns
 * -1 with "<file>: <reason>" in err and rf empty (runmodel_free is safe).
 */
int runmodel_load(const char *arg, const char *results_dir, struct run_model *rf,
		  char *err, size_t errlen);
void runmodel_free(struct run_model *rf);

/*
 * Load one side of a comparison: arg is one run (as runmodel_load),
 * several separated by commas ("r1,r2,r3"), or a group id: the runs under
 * results_dir whose meta.json (else context) "group" is arg, by "round"
 * then id (a run id wins over a group of the same name). *runs is
 * malloc'd; runmodel_free_side frees it. 0, or -1 with err set.
 */
int runmodel_load_side(const char *arg, const char *results_dir,
		       struct run_model **runs, size_t *n, char *err, size_t errlen);
void runmodel_free_side(struct run_model *runs, size_t n);

/*
 * The run's clock as a label from the context's "clock" and
 * "icount_shift" (else meta.json's): "wall" (also when neither has
 * "clock"), "icount shift N" (N the shift, when recorded), or another
 * value as it is. Into buf; returns buf.
 */
const char *runmodel_clock(const struct run_model *rf, char *buf, size_t len);

/*
 * The run's group id (meta.json "group", else the context's), or NULL: a
 * run without one is a group of one. *round (when round is not NULL): its
 * "round", 0 when none.
 */
const char *runmodel_group(const struct run_model *rf, double *round);

/* A context value, or NULL. */
const char *runmodel_context(const struct run_model *rf, const char *key);

/* The point called name, or NULL. */
const struct rm_point *runmodel_point(const struct run_model *rf, const char *name);

/* The aggregates of metric over p's repetitions, or NULL when it has no value. */
const struct rm_agg *runmodel_agg(const struct rm_point *p, const char *metric);

/*
 * The values of metric over b's repetitions into out (room for b->n_reps):
 * "time" is real_time in ns, anything else a counter. Errored repetitions,
 * missing counters and the "not applicable" sentinel -1 are left out.
 * Returns how many were written.
 */
size_t runmodel_values(const struct rm_point *b, const char *metric,
		       double *out);

/* Repetitions of b that failed or were skipped. */
size_t runmodel_errors(const struct rm_point *b);

/*
 * Split a benchmark name into path and key:value parameters (the one
 * parser of the name grammar: PATH{/KEY:VALUE}; a component without ':'
 * is a flag). 0, or -1 when memory runs out.
 */
int runmodel_parse_name(const char *name, struct rm_point *p);

#endif
