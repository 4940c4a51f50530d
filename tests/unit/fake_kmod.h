/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_kmod: a stand-in for IOMMUBENCH_IOC_RUN that returns fixed, known
 * results, for tests of the reporting path. Nothing here is a measurement.
 *
 * Per op: map 1500 ns, unmap 1000 ns (so real_time = 2500 ns); 1000 ops
 * per worker in 2 ms; no invalidation probe; clock overhead 20 ns.
 * Requests are checked like the module checks them (path, shape, dma and,
 * ABI 4, sim rules), so a test fails with EINVAL when the runner asks for
 * something the module would refuse. Sim runs report fixed sim_* figures
 * (fake_kmod.c says which).
 */
#ifndef IOMMUBENCH_FAKE_KMOD_H
#define IOMMUBENCH_FAKE_KMOD_H

#include "iommubench.h"

extern int fake_kmod_errno;		/* non-zero: fail with -errno */
extern unsigned int fake_kmod_calls;
extern struct iommubench_run fake_kmod_last;	/* last request as seen */
/* domain_type reported for the dma path (default DMA_FQ). */
extern unsigned int fake_kmod_dma_domain;

/* The module's argument checks: 0 or -EINVAL. */
int fake_kmod_validate(const struct iommubench_run *r);

int fake_kmod_run(int fd, struct iommubench_run *r);

#endif
