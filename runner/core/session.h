/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session: what `run` and `compat` share once they know their benchmark
 * points: open the module, read the provenance and the IOMMU group before
 * anything moves, create the run directory, bind the device, run the
 * points through Google Benchmark (switching the group type as each point's
 * mode asks), restore the group type and then the binding (also on
 * SIGINT/SIGTERM/SIGHUP and exit()), write the results.
 */
#ifndef IOMMUBENCH_SESSION_H
#define IOMMUBENCH_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cpus.h"
#include "device.h"
#include "grouptype.h"
#include "host_info.h"
#include "iommubench.h"
#include "meta.h"
#include "point_runner.h"
#include "provenance.h"
#include "results.h"
#include "suite.h"

/*
 * Google Benchmark insists on opening --benchmark_out even with our own
 * file reporter; the JSON reaches benchmarks.json through snapshots and
 * this stays empty, removed at the end.
 */
#define SESSION_GB_TMP_NAME	".gbench-out.tmp"
#define SESSION_GB_FINAL_NAME	"benchmarks.json"
#define SESSION_CSV_NAME	"benchmarks.csv"
#define SESSION_META_NAME	"meta.json"
/* Google Benchmark's suffix on every name (Iterations(1), manual time). */
#define SESSION_GB_NAME_SUFFIX	"/iterations:1/manual_time"

struct session {
	/* Filled by the command before session_open(). */
	const char *cmd;		/* "run", "compat": for messages */
	const char *out_dir;
	const char *run_id_opt;		/* NULL: the default run id */
	const char *platform;
	const char *filter;		/* NULL: every point */
	const char *suite_name;
	const char *suite_file;
	unsigned int reps;
	bool order_random;		/* --order random: seeded shuffle */
	unsigned long long order_seed;	/* its seed (recorded) */
	bool quiet;			/* no Google Benchmark console table */
	/* Called before the closing lines when something ran (compat). */
	void (*summary)(struct session *se);
	char bdf[DEVICE_BDF_MAX];
	struct cpu_choice *cc;
	struct suite_point *pts;	/* owned by the command */
	size_t npts;

	/* Session state. */
	struct provenance pv;
	struct perfcount perf;		/* counters around each RUN ioctl */
	struct iommubench_info info;
	int fd;
	char run_id[RUN_ID_MAX];
	char run_dir[4096];
	char gb_tmp[4200];
	bool dir_created;
	struct point_runner pr;
	bool pr_ready;
	long ran;			/* benchmarks Google Benchmark ran */

	/* Results written as the run goes (session_report). */
	struct host_info host;
	struct run_meta meta;
	size_t hist_mark;		/* histograms already in a piece */
	bool full_written;		/* the final files are out */
	bool context_ok;		/* benchmarks.json with the context on disk */
	bool final_ok;			/* ... and then with every benchmark */
	unsigned int pieces_kept;	/* benchmarks whose piece is on disk */
	int write_err;			/* first failure writing results */
	char write_what[64];		/* which file it was */
	char index_err[512];		/* the last index.json update failed */
};

/*
 * Open the module, read provenance and the IOMMU group, and order the
 * points so that those needing no type switch come first and each mode's
 * points run together. IB_EXIT_OK or an exit status (message printed).
 */
/* Start a session for command `cmd`: zeroed, no device open yet. */
void session_init(struct session *se, const char *cmd, struct cpu_choice *cc);

int session_open(struct session *se);

/*
 * Create the run directory, bind, run every point, restore, write the
 * results and print the closing lines. Returns the exit status.
 */
int session_run(struct session *se);

/* Free what the session holds (not the points). Safe after any step. */
void session_close(struct session *se);

/* Does --filter match any point? IB_EXIT_OK or IB_EXIT_USAGE. */
int session_check_filter(const char *cmd, const char *filter,
			 const struct suite_point *pts, size_t n);

/*
 * Stable order for a run: points whose mode needs no switch from the
 * group's original type (keep, or the mode it already is) first, then
 * the others grouped by mode in the order the suite lists them.
 */
void session_order_points(struct suite_point *pts, size_t n,
			  const char *original_type);

/*
 * --order random: a seeded Fisher-Yates shuffle of the points, within each
 * of session_order_points()'s two passes (those running as they are, then
 * those needing a group-type switch, each mode's points still together), so
 * a shuffle never adds a switch. The same seed gives the same order on any
 * machine (splitmix64, no libc rand()).
 */
void session_shuffle_points(struct suite_point *pts, size_t n,
			    const char *original_type,
			    unsigned long long seed);

#endif
