/* SPDX-License-Identifier: GPL-2.0 */
/*
 * point_runner: one repetition of one suite point = one RUN ioctl, turned
 * into a Google Benchmark iteration (manual time, counters, or an error).
 * The ioctl is a function pointer so tests can stand in for the kernel.
 */
#ifndef IOMMUBENCH_POINT_RUNNER_H
#define IOMMUBENCH_POINT_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpus.h"
#include "gbench_shim.h"
#include "histlog.h"
#include "iommubench.h"
#include "perfcount.h"
#include "suite.h"

typedef int (*point_run_fn)(int fd, struct iommubench_run *run);

/*
 * One RUN ioctl (ABI 6): the header and the three structs it points to,
 * kept together. run's pointers point into this struct: do not copy it
 * after point_request().
 */
struct point_request {
	struct iommubench_run run;
	struct iommubench_run_req req;
	_Alignas(8) unsigned char args[SUITE_POINT_ARGS_MAX];	/* the path's */
	struct iommubench_run_report rep;			/* out */
};

/* Outcomes of a point_mode_fn. */
#define POINT_MODE_OK		0	/* run it */
#define POINT_MODE_SKIP		1	/* impossible here: skipped */
#define POINT_MODE_FAIL		2	/* this point failed */
#define POINT_MODE_FATAL	3	/* nothing more can run */

/*
 * Put the system in the state a point asks for (its `mode`: the IOMMU
 * group type) before each repetition, and say which group type is in
 * effect ("DMA-FQ"; "" if none). why: the reason for anything but OK.
 */
typedef int (*point_mode_fn)(void *ctx, const struct suite_point *pt,
			     char *group_type, size_t gtlen, char *why,
			     size_t whylen);

#define POINT_MAX_REASONS	8
#define POINT_REASON_MAX	256

struct point_runner {
	int fd;
	point_run_fn run;			/* kmod_run, or a test double */
	const struct cpu_choice *cpus;
	point_mode_fn mode_fn;			/* NULL: only mode keep runs */
	void *mode_ctx;
	const char *cmd;			/* for messages: "run", ... */
	uint64_t *hists;			/* HIST_NR * HIST_BUCKETS */
	struct iommubench_worker_result *workers; /* MAX_THREADS */
	struct perfcount *perf;			/* NULL: no perf counters */
	struct histlog log;
	unsigned int failures;			/* repetitions that failed */
	unsigned int skipped;			/* points skipped */
	unsigned int nreasons;			/* distinct skip reasons */
	char reasons[POINT_MAX_REASONS][POINT_REASON_MAX];
	char fatal[512];			/* set: the rest is not run */
	bool device_gone;			/* ENODEV mid-run: removed */
	int stop_signal;			/* set once a signal is seen */
	struct iommubench_run_req last_req;	/* last successful RUN ... */
	struct iommubench_run_report last;	/* ... what it reported ... */
	char last_group_type[32];		/* ... and its group type */
	unsigned int runs_ok;			/* successful repetitions */
	char last_error[512];			/* last error_message, or "" */
};

/* The gbs_body_fn argument: which point, and its repetitions so far. */
struct point_slot {
	const struct suite_point *pt;
	struct point_runner *pr;
	unsigned int reps;
	bool skipped;			/* counted in pr->skipped */
};

/* Prefix of every skip's error_message; its label is "status:skipped". */
#define POINT_SKIP_PREFIX	"skipped: "

/* 0 or -ENOMEM. */
int point_runner_init(struct point_runner *pr, int fd, point_run_fn run,
		      const struct cpu_choice *cpus);
void point_runner_free(struct point_runner *pr);

/*
 * The RUN request for a point: the header (sizes, the path's ABI number),
 * the request, the path's arguments as its descriptor filled them, and a
 * zeroed report (buffers zeroed by the caller's choice).
 */
void point_request(const struct suite_point *pt, const uint32_t *cpus,
		   uint64_t *hists, struct iommubench_worker_result *workers,
		   struct point_request *r);

/* "reason one; reason two" (the distinct skip reasons) into buf. */
void point_runner_skip_summary(const struct point_runner *pr, char *buf,
			       size_t len);

/* gbs_body_fn: arg is a struct point_slot. */
void point_runner_body(void *arg, struct gbs_result *res);

#endif
