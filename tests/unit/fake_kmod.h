/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_kmod: the runner's in-process stand-in for the module's
 * IOMMUBENCH_IOC_RUN (ABI 6), with fixed, known results, for tests of the
 * reporting path. Nothing here is a measurement.
 *
 * What it offers:
 *  - fake_kmod_run(fd, run): what ioctl(fd, IOMMUBENCH_IOC_RUN, run) does on
 *    the module, for a device like QEMU's VT-d (hardware pgsize_bitmap
 *    FAKE_KMOD_HW_PGSIZE = 4K|2M|1G): the header, request and arguments are
 *    read with the module's size rules (copy_struct_from_user(): a shorter
 *    struct is zero-extended, a longer one must have a zero tail, else
 *    -E2BIG; below ..._SIZE_VER0 -EINVAL) and checked by the module's own
 *    checks (kmod/ib_check.h, the same file the module includes), so a test
 *    fails exactly where the module would refuse. On success it writes the
 *    merged histograms, the worker results and min(report_size,
 *    sizeof(report)) bytes of the report, report.size set to that.
 *    Returns 0 or -errno (not -1/errno).
 *  - fake_kmod_validate(run): the same reading and checks without a run:
 *    0, -EINVAL or -E2BIG.
 *  - fake_kmod_read(run, out): reading only, into @out (0 or -errno).
 *  - fake_kmod_last: the last request fake_kmod_run() saw, as read (its
 *    `ok` says whether reading it succeeded; args as the path's struct).
 *  - fake_kmod_errno (non-zero: fake_kmod_run fails with -errno before
 *    anything), fake_kmod_calls (fake_kmod_run calls),
 *    fake_kmod_dma_domain (domain_type of dma runs, default DMA_FQ),
 *    fake_kmod_inval_probe (non-zero: a live invalidation probe, see below).
 *
 * The figures: per op map 1500 ns, unmap 1000 ns (real_time 2500 ns); 1000
 * ops per worker in 2 ms; clock overhead 20 ns; no invalidation probe
 * unless fake_kmod_inval_probe, then 2 waits of 800 ns per op. Sim runs set
 * IOMMUBENCH_RES_SIM and fixed sim_* figures (fake_kmod.c says which).
 */
#ifndef IOMMUBENCH_FAKE_KMOD_H
#define IOMMUBENCH_FAKE_KMOD_H

#include "iommubench.h"

#define FAKE_KMOD_HW_PGSIZE	0x40201000ULL

/**
 * struct fake_kmod_request - a RUN request as the module reads it
 * @ok:		0 when everything below was read; else the -errno of reading
 * @run:	the header (zero-extended to the module's size)
 * @req:	the request
 * @args:	the path's arguments (@args.iommu, @args.dma or @args.sim)
 */
struct fake_kmod_request {
	int ok;
	struct iommubench_run run;
	struct iommubench_run_req req;
	union {
		struct iommubench_iommu_args iommu;
		struct iommubench_dma_args dma;
		struct iommubench_sim_args sim;
	} args;
};

extern int fake_kmod_errno;		/* non-zero: fail with -errno */
extern unsigned int fake_kmod_calls;
extern struct fake_kmod_request fake_kmod_last;	/* last request as read */
/* domain_type reported for the dma path (default DMA_FQ). */
extern unsigned int fake_kmod_dma_domain;
/* non-zero: report a live invalidation probe (2 waits of 800 ns per op) */
extern int fake_kmod_inval_probe;

/* Read a request with the module's size rules: 0 or -errno. */
int fake_kmod_read(const struct iommubench_run *r, struct fake_kmod_request *out);

/* The module's reading and argument checks: 0, -EINVAL or -E2BIG. */
int fake_kmod_validate(const struct iommubench_run *r);

int fake_kmod_run(int fd, struct iommubench_run *r);

#endif
