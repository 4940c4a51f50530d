/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run_index: DIR/index.json, the list of runs in a results directory for
 * dashboards and trend plots ("iommubench-index/1"):
 *
 *   {"format": "iommubench-index/1", "runs": [
 *     {"run_id", "suite", "kernel_release", "platform", "emulated",
 *      "start", "end", "status", "benchmarks"}, ...]}
 *
 * sorted by start time. An entry comes from the run's meta.json, or, for a
 * run written before meta.json existed, from its benchmarks.json context
 * (status "unknown"). Updates take an flock on DIR/.index.lock so two
 * runners sharing DIR never lose each other's entries; the file is
 * replaced atomically.
 */
#ifndef IOMMUBENCH_RUN_INDEX_H
#define IOMMUBENCH_RUN_INDEX_H

#include <stddef.h>

#include "resultfiles.h"

#define RUN_INDEX_FORMAT	"iommubench-index/1"
#define RUN_INDEX_NAME		IB_FILE_INDEX

/* (Re)write run_id's entry in out_dir/index.json. 0 or negative errno. */
int run_index_update(const char *out_dir, const char *run_id, char *err,
		     size_t errlen);

/*
 * Rebuild out_dir/index.json from every run directory in it. Returns the
 * number of runs indexed, or a negative errno (message in err).
 */
int run_index_rebuild(const char *out_dir, char *err, size_t errlen);

#endif
