/* SPDX-License-Identifier: GPL-2.0 */
/*
 * point_runner: one repetition of one suite point = one RUN ioctl, turned
 * into a Google Benchmark iteration (manual time, counters, or an error).
 * The ioctl is a function pointer so tests can stand in for the kernel.
 */
#ifndef IOMMUBENCH_POINT_RUNNER_H
#define IOMMUBENCH_POINT_RUNNER_H

#include <stdint.h>

#include "cpus.h"
#include "gbench_shim.h"
#include "histlog.h"
#include "iommubench.h"
#include "suite.h"

typedef int (*point_run_fn)(int fd, struct iommubench_run *run);

struct point_runner {
	int fd;
	point_run_fn run;			/* kmod_run, or a test double */
	const struct cpu_choice *cpus;
	uint64_t *hists;			/* HIST_NR * HIST_BUCKETS */
	struct iommubench_worker_result *workers; /* MAX_THREADS */
	struct histlog log;
	unsigned int failures;			/* repetitions that failed */
	int stop_signal;			/* set once a signal is seen */
};

/* The gbs_body_fn argument: which point, and its repetitions so far. */
struct point_slot {
	const struct suite_point *pt;
	struct point_runner *pr;
	unsigned int reps;
};

/* 0 or -ENOMEM. */
int point_runner_init(struct point_runner *pr, int fd, point_run_fn run,
		      const struct cpu_choice *cpus);
void point_runner_free(struct point_runner *pr);

/* The RUN request for a point (buffers zeroed by the caller's choice). */
void point_request(const struct suite_point *pt, const uint32_t *cpus,
		   uint64_t *hists, struct iommubench_worker_result *workers,
		   struct iommubench_run *r);

/* gbs_body_fn: arg is a struct point_slot. */
void point_runner_body(void *arg, struct gbs_result *res);

#endif
