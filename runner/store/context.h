/* SPDX-License-Identifier: GPL-2.0 */
/*
 * context: everything a result must carry to be interpreted (kernel, IOMMU,
 * page sizes, group type, device, CPUs, platform, clock, group) as Google Benchmark
 * custom context; docs/runner.md lists the keys.
 */
#ifndef IOMMUBENCH_CONTEXT_H
#define IOMMUBENCH_CONTEXT_H

#include "cpus.h"
#include "iommubench.h"
#include "provenance.h"
#include "runtags.h"

void context_add(const struct provenance *pv,
		 const struct iommubench_info *info, const struct cpu_choice *cc,
		 const char *platform, const char *suite_name,
		 const char *suite_file, const char *run_id, unsigned int reps);

/* clock, icount_shift (icount only), group, round and rounds (if set). */
void context_add_tags(const struct runtags *t);

#endif
