/* SPDX-License-Identifier: GPL-2.0 */
/*
 * histlog: keeps every repetition's full histograms (non-empty buckets
 * only) and writes them to DIR/<run-id>/histograms.json, for CDF plots
 * and for percentiles nobody thought of at run time.
 */
#ifndef IOMMUBENCH_HISTLOG_H
#define IOMMUBENCH_HISTLOG_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"

struct histlog {
	struct jbuf buf;	/* the "benchmarks" array's entries so far */
	unsigned int entries;
};

void histlog_init(struct histlog *h);
void histlog_free(struct histlog *h);

/*
 * hists: IOMMUBENCH_HIST_NR * IOMMUBENCH_HIST_BUCKETS, as from the kernel;
 * written: how many of them the kernel wrote (report.hist_written). The
 * others were not reported and are left out of the entry.
 */
void histlog_add(struct histlog *h, const char *name, unsigned int repetition,
		 const uint64_t *hists, unsigned int written);

/*
 * The entries added since *mark (a JSON array's inside, "" if none); *mark
 * moves to the end. Starts at 0.
 */
const char *histlog_since(struct histlog *h, size_t *mark);

/* Write run_dir/histograms.json atomically. 0 or negative errno. */
int histlog_write(struct histlog *h, const char *run_dir, const char *run_id);

#endif
