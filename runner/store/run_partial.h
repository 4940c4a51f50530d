/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run_partial: what a run has finished, kept while it runs. The context
 * goes to benchmarks.json at the start; each finished benchmark to a piece
 * of its own, DIR/<run-id>/.partial/NNNN.json:
 *
 *   {"benchmarks": [Google Benchmark entries], "histograms": [entries]}
 *
 * written atomically (temporary name, fsync, rename): every piece is whole
 * or absent, and a benchmark costs one small file however long the run,
 * where rewriting the whole JSON each time would grow with the square of
 * its length. At the end the runner writes the full files and removes the
 * pieces. A runner that died leaves them: run_partial_recover() (`iommubench
 * recover`, and `make bench` for a guest that died) assembles them into
 * benchmarks.json, histograms.json and benchmarks.csv and marks meta.json
 * "incomplete".
 */
#ifndef IOMMUBENCH_RUN_PARTIAL_H
#define IOMMUBENCH_RUN_PARTIAL_H

#include <stddef.h>

#include "resultfiles.h"

#define RUN_PARTIAL_DIR	IB_DIR_PARTIAL

/* Create run_dir/.partial. 0 or negative errno. */
int run_partial_begin(const char *run_dir);

/*
 * Piece number n: entries is a JSON array of Google Benchmark entries,
 * hist the inside of a JSON array of histograms.json entries ("" for
 * none). 0 or negative errno.
 */
int run_partial_add(const char *run_dir, unsigned int n, const char *entries,
		    size_t len, const char *hist);

/* Remove the pieces and the directory (what remains after the full files). */
void run_partial_end(const char *run_dir);

/*
 * Assemble the pieces of a run whose runner died into its files (see
 * above). Returns the number of benchmarks recovered, 0 if run_dir has no
 * pieces, or a negative errno with the reason in err.
 */
int run_partial_recover(const char *run_dir, char *err, size_t errlen);

#endif
