// SPDX-License-Identifier: GPL-2.0
/*
 * Invalidation accounting: kretprobes on the platform's invalidation wait.
 *
 * Each wait is timed from entry to return of the probed function and counted
 * per CPU, so the hot loops of concurrent workers do not share a cache line.
 * Counts are system-wide: a run reads them before and after its timed
 * interval and reports the difference.
 */
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ib.h"

/*
 * The waits that patches argue over, one per IOMMU driver. Every one that
 * exists in this kernel is probed; on a given machine only one sees calls.
 */
static const char * const ib_inval_syms[] = {
	"qi_submit_sync",		/* Intel VT-d queued invalidation */
	"iommu_completion_wait",	/* AMD-Vi (may be inlined) */
	"zpci_refresh_trans",		/* s390 RPCIT */
	"arm_smmu_cmdq_issue_cmdlist",	/* Arm SMMUv3 */
};

#define IB_NR_SYMS ARRAY_SIZE(ib_inval_syms)

struct ib_inval_cpu {
	atomic64_t count;
	atomic64_t ns;
	struct ib_hist hist;
};

static struct kretprobe ib_krp[IB_NR_SYMS];
static bool ib_krp_live[IB_NR_SYMS];
static struct ib_inval_cpu *ib_inval_cpus;	/* nr_cpu_ids entries */
static char ib_inval_namebuf[128];

static int ib_inval_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(u64 *)ri->data = ktime_get_ns();
	return 0;
}

static int ib_inval_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	u64 ns = ktime_get_ns() - *(u64 *)ri->data;
	struct ib_inval_cpu *c = &ib_inval_cpus[raw_smp_processor_id()];
	u32 idx = iommubench_hist_bucket(ns);

	atomic64_inc(&c->count);
	atomic64_add(ns, &c->ns);
	/* the bucket array is plain u64 for merging; update it atomically */
	atomic64_inc((atomic64_t *)&c->hist.b[idx]);
	return 0;
}

/**
 * ib_inval_init() - probe every known invalidation wait present here
 *
 * A kernel with none of them (or without kretprobes) still loads: the
 * figures are then reported as unavailable.
 *
 * Return: 0, or -ENOMEM.
 */
int ib_inval_init(void)
{
	size_t i, off = 0;

	ib_inval_cpus = kvcalloc(nr_cpu_ids, sizeof(*ib_inval_cpus),
				 GFP_KERNEL);
	if (!ib_inval_cpus)
		return -ENOMEM;

	for (i = 0; i < IB_NR_SYMS; i++) {
		struct kretprobe *krp = &ib_krp[i];
		int ret;

		krp->kp.symbol_name = ib_inval_syms[i];
		krp->entry_handler = ib_inval_entry;
		krp->handler = ib_inval_ret;
		krp->data_size = sizeof(u64);
		krp->maxactive = max_t(int, 16, 2 * num_possible_cpus());
		ret = register_kretprobe(krp);
		if (ret) {
			pr_debug("iommubench: no probe on %s (%d)\n",
				 ib_inval_syms[i], ret);
			continue;
		}
		ib_krp_live[i] = true;
		off += scnprintf(ib_inval_namebuf + off,
				 sizeof(ib_inval_namebuf) - off, "%s%s",
				 off ? "," : "", ib_inval_syms[i]);
	}
	if (off)
		pr_info("iommubench: invalidation probes: %s\n",
			ib_inval_namebuf);
	else
		pr_info("iommubench: no invalidation wait could be probed\n");
	return 0;
}

/**
 * ib_inval_exit() - remove the probes and free the counters
 */
void ib_inval_exit(void)
{
	size_t i;

	for (i = 0; i < IB_NR_SYMS; i++) {
		if (ib_krp_live[i])
			unregister_kretprobe(&ib_krp[i]);
		ib_krp_live[i] = false;
	}
	kvfree(ib_inval_cpus);
	ib_inval_cpus = NULL;
}

/**
 * ib_inval_available() - whether any invalidation wait is probed
 *
 * Return: true when at least one kretprobe is registered.
 */
bool ib_inval_available(void)
{
	return ib_inval_namebuf[0] != '\0';
}

/**
 * ib_inval_names() - the probed symbols
 *
 * Return: a comma-separated list, "" when none.
 */
const char *ib_inval_names(void)
{
	return ib_inval_namebuf;
}

/**
 * ib_inval_snapshot() - read the totals of every CPU
 * @snap:	totals out
 * @hist:	merged wait histogram out (may be NULL)
 */
void ib_inval_snapshot(struct ib_inval_snap *snap, struct ib_hist *hist)
{
	unsigned int cpu;
	size_t i, b;

	memset(snap, 0, sizeof(*snap));
	if (hist)
		memset(hist, 0, sizeof(*hist));
	for (i = 0; i < IB_NR_SYMS; i++)
		if (ib_krp_live[i])
			snap->missed += ib_krp[i].nmissed;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct ib_inval_cpu *c = &ib_inval_cpus[cpu];

		snap->count += atomic64_read(&c->count);
		snap->ns += atomic64_read(&c->ns);
		if (!hist)
			continue;
		for (b = 0; b < IOMMUBENCH_HIST_BUCKETS; b++)
			hist->b[b] += READ_ONCE(c->hist.b[b]);
	}
}
