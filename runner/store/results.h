/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results: the layout of an output directory.
 *
 *   DIR/<run-id>/benchmarks.json   Google Benchmark's JSON
 *   DIR/<run-id>/histograms.json   full latency histograms
 *   DIR/latest -> <run-id>         last completed run
 *
 * Files appear complete or not at all: written under a temporary name,
 * fsync'ed, renamed.
 */
#ifndef IOMMUBENCH_RESULTS_H
#define IOMMUBENCH_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define RUN_ID_MAX	128

/* Replace every byte outside [A-Za-z0-9._+-] by '_'; never starts with '.'. */
void results_sanitize(const char *in, char *out, size_t len);

/* A usable run id: 1..RUN_ID_MAX-1 safe bytes, no leading '.', not "latest". */
bool results_run_id_valid(const char *id);

/* UTC "YYYYmmdd-HHMMSS-<kernel release>", sanitised. */
void results_default_run_id(time_t t, const char *kernel_release, char *buf,
			    size_t len);

/*
 * mkdir -p out_dir, then create out_dir/<run_id> (which must not exist).
 * With uniquify, a taken id gets a suffix "-2", "-3", ... instead and
 * run_id is updated. Writes the new directory's path to run_dir.
 * 0 or negative errno (-EEXIST when taken and !uniquify).
 */
int results_create_run_dir(const char *out_dir, char *run_id, size_t id_len,
			   bool uniquify, char *run_dir, size_t dir_len);

/* Point out_dir/latest at run_id: symlink to a temporary name + rename. */
int results_point_latest(const char *out_dir, const char *run_id);

#endif
