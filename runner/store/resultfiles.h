/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resultfiles: the names of the files of a results directory, in one place
 * (results/README.md has the layout). The shell side gets them from the
 * runner: `iommubench export --format points` gives a run's files by path
 * ("files" of the run), `iommubench index --files` prints these names.
 */
#ifndef IOMMUBENCH_RESULTFILES_H
#define IOMMUBENCH_RESULTFILES_H

/* In DIR/<run-id>/ */
#define IB_FILE_BENCHMARKS	"benchmarks.json"	/* Google Benchmark JSON */
#define IB_FILE_CSV		"benchmarks.csv"
#define IB_FILE_HISTOGRAMS	"histograms.json"
#define IB_FILE_META		"meta.json"
#define IB_DIR_PARTIAL		".partial"		/* the finished benchmarks' pieces */
#define IB_FILE_DMESG		"dmesg.txt"		/* written by bench/, not the runner */
#define IB_FILE_GUEST_LOG	"guest.log"		/* likewise */

/* In DIR/ */
#define IB_FILE_INDEX		"index.json"
#define IB_LINK_LATEST		"latest"

#endif
