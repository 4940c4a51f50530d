// SPDX-License-Identifier: GPL-2.0
/* fake_kmod: fixed RUN results for reporting tests; see fake_kmod.h. */
#include "fake_kmod.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

int fake_kmod_errno;
unsigned int fake_kmod_calls;
struct iommubench_run fake_kmod_last;
unsigned int fake_kmod_dma_domain = IOMMUBENCH_DOMAIN_DMA_FQ;

static int validate_shape(const struct iommubench_run *p)
{
	switch (p->shape) {
	case IOMMUBENCH_SHAPE_PAIR:
		return p->pool_depth || p->pool_order || p->hold_ns ? -EINVAL : 0;
	case IOMMUBENCH_SHAPE_HOLD:
		if (p->pool_depth || p->pool_order)
			return -EINVAL;
		return p->hold_ns && p->hold_ns <= IOMMUBENCH_MAX_HOLD_NS ?
		       0 : -EINVAL;
	case IOMMUBENCH_SHAPE_POOL:
		if (p->hold_ns || !p->pool_depth ||
		    p->pool_depth > IOMMUBENCH_MAX_POOL)
			return -EINVAL;
		return p->pool_order == IOMMUBENCH_POOL_FIFO ||
		       p->pool_order == IOMMUBENCH_POOL_RANDOM ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/* Whether any sim-only field is set (other paths require them zero). */
static int has_sim_args(const struct iommubench_run *p)
{
	return p->sim_entry || p->sim_fault || p->sim_policy ||
	       p->sim_fault_ppm || p->sim_hw_pgsize || p->sim_service_ns ||
	       p->sim_fault_ns || p->sim_deadline_ns;
}

static int validate_iommu(const struct iommubench_run *p)
{
	if (p->map_mode != IOMMUBENCH_MAP_RANGE &&
	    p->map_mode != IOMMUBENCH_MAP_PER_PAGE)
		return -EINVAL;
	if (p->unmap_mode != IOMMUBENCH_UNMAP_STRICT &&
	    p->unmap_mode != IOMMUBENCH_UNMAP_DEFERRED)
		return -EINVAL;
	if (p->dma_api || p->dma_dir || p->dma_bits || p->sg_nents)
		return -EINVAL;
	if (has_sim_args(p))
		return -EINVAL;
	return p->buf_size % 4096 ? -EINVAL : 0;
}

/* The header's rules for the sim path (struct iommubench_run comments). */
static int validate_sim(const struct iommubench_run *p)
{
	uint64_t min_pg = p->pgsize_mask & (~p->pgsize_mask + 1);

	if (p->map_mode != IOMMUBENCH_MAP_RANGE &&
	    p->map_mode != IOMMUBENCH_MAP_PER_PAGE)
		return -EINVAL;
	if (p->unmap_mode != IOMMUBENCH_UNMAP_STRICT &&
	    p->unmap_mode != IOMMUBENCH_UNMAP_DEFERRED)
		return -EINVAL;
	if (p->dma_api || p->dma_dir || p->dma_bits || p->sg_nents)
		return -EINVAL;
	/* the advertised bitmap is required; nothing below 4 KiB */
	if (!p->pgsize_mask || (p->pgsize_mask & 0xfff))
		return -EINVAL;
	/* the hardware writes 4 KiB entries at least */
	if (!(p->sim_hw_pgsize & 0x1000))
		return -EINVAL;
	if (p->buf_size % min_pg)
		return -EINVAL;
	if (p->sim_entry != IOMMUBENCH_SIM_MAP_PAGES &&
	    p->sim_entry != IOMMUBENCH_SIM_MAP)
		return -EINVAL;
	if (p->sim_fault > IOMMUBENCH_SIM_FAULT_GONE)
		return -EINVAL;
	if (p->sim_policy < IOMMUBENCH_SIM_UNBOUNDED ||
	    p->sim_policy > IOMMUBENCH_SIM_BOUNDED)
		return -EINVAL;
	if (p->sim_service_ns > IOMMUBENCH_SIM_MAX_SERVICE_NS)
		return -EINVAL;
	if (p->sim_fault == IOMMUBENCH_SIM_FAULT_TIMEOUT ?
	    !p->sim_fault_ppm || p->sim_fault_ppm > 1000000 :
	    p->sim_fault_ppm != 0)
		return -EINVAL;
	if (p->sim_fault == IOMMUBENCH_SIM_FAULT_STALL ?
	    !p->sim_fault_ns || p->sim_fault_ns > IOMMUBENCH_SIM_MAX_FAULT_NS :
	    p->sim_fault_ns != 0)
		return -EINVAL;
	if (p->sim_policy == IOMMUBENCH_SIM_BOUNDED ?
	    !p->sim_deadline_ns ||
	    p->sim_deadline_ns > IOMMUBENCH_SIM_MAX_DEADLINE_NS :
	    p->sim_deadline_ns != 0)
		return -EINVAL;
	return 0;
}

static int validate_dma(const struct iommubench_run *p)
{
	if (p->map_mode || p->unmap_mode || p->pgsize_mask)
		return -EINVAL;
	if (has_sim_args(p))
		return -EINVAL;
	if (p->dma_dir > IOMMUBENCH_DIR_FROM_DEVICE)
		return -EINVAL;
	if (p->dma_bits && (p->dma_bits < 20 || p->dma_bits > 64))
		return -EINVAL;
	if (p->buf_size > IOMMUBENCH_MAX_DMA_SIZE || p->buf_size % 4096)
		return -EINVAL;
	switch (p->dma_api) {
	case IOMMUBENCH_DMA_PAGE:
		return p->sg_nents ? -EINVAL : 0;
	case IOMMUBENCH_DMA_SG:
		if (!p->sg_nents || p->sg_nents > IOMMUBENCH_MAX_SG_NENTS ||
		    p->buf_size % p->sg_nents ||
		    (p->buf_size / p->sg_nents) % 4096)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

int fake_kmod_validate(const struct iommubench_run *p)
{
	if (p->size != sizeof(*p))
		return -EINVAL;
	if (!p->batch || p->batch > IOMMUBENCH_MAX_BATCH)
		return -EINVAL;
	if (!p->nr_threads || p->nr_threads > IOMMUBENCH_MAX_THREADS)
		return -EINVAL;
	if (!p->buf_size || p->buf_size > IOMMUBENCH_MAX_SIZE)
		return -EINVAL;
	if (!p->ops && !p->duration_ns)
		return -EINVAL;
	if (p->ops > IOMMUBENCH_MAX_OPS ||
	    p->duration_ns > IOMMUBENCH_MAX_DURATION_NS ||
	    p->warmup_ops > IOMMUBENCH_MAX_WARMUP)
		return -EINVAL;
	if (p->flags || p->pad || !p->cpus_ptr || !p->hist_ptr ||
	    !p->workers_ptr)
		return -EINVAL;
	if (validate_shape(p))
		return -EINVAL;
	switch (p->path) {
	case IOMMUBENCH_PATH_IOMMU:
		return validate_iommu(p);
	case IOMMUBENCH_PATH_DMA:
		return validate_dma(p);
	case IOMMUBENCH_PATH_SIM:
		return validate_sim(p);
	default:
		return -EINVAL;
	}
}

/*
 * The sim's figures, fixed: a stall for ever caps every timed wait under an
 * unbounded policy and makes a bounded one give up each time; time-out
 * errors restart ppm of the batches; a second worker spins 0.5 ms for the
 * queue's lock; map() is one driver call per 4 KiB page, map_pages() one
 * per iommu_map() call.
 */
static void fake_sim(struct iommubench_run *r)
{
	r->eff_pgsize_bitmap = r->pgsize_mask;
	r->map_calls = r->map_mode == IOMMUBENCH_MAP_PER_PAGE ?
		       r->buf_size / 4096 : 1;
	r->domain_type = IOMMUBENCH_DOMAIN_OTHER;	/* as the module: no real domain */
	if (r->sim_fault == IOMMUBENCH_SIM_FAULT_STALL_FOREVER) {
		if (r->sim_policy == IOMMUBENCH_SIM_BOUNDED) {
			r->sim_gave_up = r->ops_done;
		} else {
			r->sim_capped = r->ops_done;
			r->sim_capped_ns = r->ops_done * 200000000ULL;
		}
	}
	if (r->sim_fault == IOMMUBENCH_SIM_FAULT_TIMEOUT)
		r->sim_restarts = r->ops_done * r->sim_fault_ppm / 1000000;
	r->sim_lock_spin_ns = (r->nr_threads - 1) * 500000ULL;
	r->sim_driver_calls = r->ops_done *
		(r->sim_entry == IOMMUBENCH_SIM_MAP ? r->buf_size / 4096 :
						      r->map_calls);
}

int fake_kmod_run(int fd, struct iommubench_run *r)
{
	uint64_t *h = (uint64_t *)(uintptr_t)r->hist_ptr;
	struct iommubench_worker_result *w =
		(struct iommubench_worker_result *)(uintptr_t)r->workers_ptr;
	const uint32_t *cpus = (const uint32_t *)(uintptr_t)r->cpus_ptr;
	int e;

	(void)fd;
	fake_kmod_calls++;
	fake_kmod_last = *r;
	if (fake_kmod_errno)
		return -fake_kmod_errno;
	e = fake_kmod_validate(r);
	if (e)
		return e;
	r->ops_done = 1000ULL * r->nr_threads;
	r->elapsed_ns = 2000000;
	r->map_ns = r->ops_done * 1500;
	r->unmap_ns = r->ops_done * 1000;
	r->clock_overhead_ns = 20;
	r->result_flags = 0;
	r->sim_capped = r->sim_capped_ns = r->sim_gave_up = 0;
	r->sim_restarts = r->sim_lock_spin_ns = r->sim_driver_calls = 0;
	if (r->path == IOMMUBENCH_PATH_IOMMU) {
		r->eff_pgsize_bitmap = r->pgsize_mask ? r->pgsize_mask :
							0x40201000;
		r->map_calls = r->map_mode == IOMMUBENCH_MAP_PER_PAGE ?
			       r->buf_size / 4096 : 1;
		r->domain_type = IOMMUBENCH_DOMAIN_PAGING;
	} else if (r->path == IOMMUBENCH_PATH_SIM) {
		fake_sim(r);
	} else {
		r->eff_pgsize_bitmap = 0;	/* as the module: no choice here */
		r->map_calls = 1;
		r->domain_type = fake_kmod_dma_domain;
	}
	r->max_live = r->shape == IOMMUBENCH_SHAPE_POOL ? r->pool_depth : 1;
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
