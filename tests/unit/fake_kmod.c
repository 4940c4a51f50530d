// SPDX-License-Identifier: GPL-2.0
/* fake_kmod: fixed RUN results for reporting tests; see fake_kmod.h. */
#include "fake_kmod.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

int fake_kmod_errno;
unsigned int fake_kmod_calls;
struct iommubench_run fake_kmod_last;

int fake_kmod_run(int fd, struct iommubench_run *r)
{
	uint64_t *h = (uint64_t *)(uintptr_t)r->hist_ptr;
	struct iommubench_worker_result *w =
		(struct iommubench_worker_result *)(uintptr_t)r->workers_ptr;
	const uint32_t *cpus = (const uint32_t *)(uintptr_t)r->cpus_ptr;

	(void)fd;
	fake_kmod_calls++;
	fake_kmod_last = *r;
	if (fake_kmod_errno)
		return -fake_kmod_errno;
	r->ops_done = 1000ULL * r->nr_threads;
	r->elapsed_ns = 2000000;
	r->map_ns = r->ops_done * 1500;
	r->unmap_ns = r->ops_done * 1000;
	r->clock_overhead_ns = 20;
	r->eff_pgsize_bitmap = r->pgsize_mask ? r->pgsize_mask : 0x40201000;
	r->map_calls = r->map_mode == IOMMUBENCH_MAP_PER_PAGE ?
		       r->buf_size / 4096 : 1;
	r->result_flags = 0;
	h[IOMMUBENCH_HIST_MAP * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(1500)] = r->ops_done;
	h[IOMMUBENCH_HIST_UNMAP * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(1000)] = r->ops_done;
	h[IOMMUBENCH_HIST_OP * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(2500)] = r->ops_done;
	h[IOMMUBENCH_HIST_CLOCK * IOMMUBENCH_HIST_BUCKETS +
	  iommubench_hist_bucket(20)] = 100;
	for (uint32_t i = 0; i < r->nr_threads; i++) {
		w[i].cpu = cpus[i];
		w[i].ops = 1000;
		w[i].busy_ns = 2500000;
	}
	return 0;
}
