// SPDX-License-Identifier: GPL-2.0
/*
 * Invalidation accounting: kretprobes on the kernel functions where CPUs
 * wait for IOTLB invalidations, in three classes:
 *
 *   wait	the platform's invalidation wait (one per IOMMU driver)
 *   fq flush	dma-iommu's flush-queue IOTLB flush (fq_flush_iotlb)
 *   fq timeout	the flush queue's timer callback (fq_flush_timeout), where
 *		the reported 31 s soft lockup sat
 *
 * Each call is timed from entry to return and counted per CPU, so the hot
 * loops of concurrent workers do not share a cache line. Counts are
 * system-wide: a run reads them before and after its timed interval and
 * reports the difference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ib.h"

/**
 * struct ib_probe - one kretprobe and the class it counts for
 * @krp:	the kretprobe
 * @class:	enum ib_probe_class
 * @live:	registered
 */
struct ib_probe {
	struct kretprobe krp;
	enum ib_probe_class class;
	bool live;
};

/*
 * Every symbol that exists in this kernel is probed; on a given machine only
 * one wait sees calls. GCC's clones (.isra.0) are tried after the plain
 * names: Debian's AMD-Vi wait exists only as iommu_completion_wait.isra.0.
 */
static struct ib_probe ib_probes[] = {
	{ .krp.kp.symbol_name = "qi_submit_sync", .class = IB_PROBE_WAIT },
	{ .krp.kp.symbol_name = "iommu_completion_wait", .class = IB_PROBE_WAIT },
	{ .krp.kp.symbol_name = "iommu_completion_wait.isra.0", .class = IB_PROBE_WAIT },
	{ .krp.kp.symbol_name = "zpci_refresh_trans", .class = IB_PROBE_WAIT },
	{ .krp.kp.symbol_name = "arm_smmu_cmdq_issue_cmdlist", .class = IB_PROBE_WAIT },
	{ .krp.kp.symbol_name = "fq_flush_iotlb", .class = IB_PROBE_FQ_FLUSH },
	{ .krp.kp.symbol_name = "fq_flush_timeout", .class = IB_PROBE_FQ_TIMEOUT },
};

/*
 * The driver's map entry, counted only for runs that ask: a kretprobe on
 * every map call would slow the very path being timed.
 */
static struct ib_probe ib_drv_probes[] = {
	{ .krp.kp.symbol_name = "intel_iommu_map_pages", .class = IB_PROBE_DRV_MAP },
	{ .krp.kp.symbol_name = "amd_iommu_map_pages", .class = IB_PROBE_DRV_MAP },
	{ .krp.kp.symbol_name = "s390_iommu_map_pages", .class = IB_PROBE_DRV_MAP },
	{ .krp.kp.symbol_name = "s390_iommu_map", .class = IB_PROBE_DRV_MAP },
	{ .krp.kp.symbol_name = "arm_smmu_map_pages", .class = IB_PROBE_DRV_MAP },
};

struct ib_probe_cpu {
	atomic64_t count;
	atomic64_t ns;
	struct ib_hist hist;
};

/* [class][cpu], nr_cpu_ids entries per class */
static struct ib_probe_cpu *ib_probe_cpus[IB_PROBE_NR];
static bool ib_class_live[IB_PROBE_NR];
static char ib_probe_namebuf[128];

static int ib_probe_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(u64 *)ri->data = ktime_get_ns();
	return 0;
}

static int ib_probe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	u64 ns = ktime_get_ns() - *(u64 *)ri->data;
	struct ib_probe *p = container_of(get_kretprobe(ri), struct ib_probe,
					  krp);
	struct ib_probe_cpu *c =
		&ib_probe_cpus[p->class][raw_smp_processor_id()];
	u32 idx = iommubench_hist_bucket(ns);

	atomic64_inc(&c->count);
	atomic64_add(ns, &c->ns);
	/* the bucket array is plain u64 for merging; update it atomically */
	atomic64_inc((atomic64_t *)&c->hist.b[idx]);
	return 0;
}

/* Register one probe; false when this kernel has no such function. */
static bool ib_probe_register(struct ib_probe *p)
{
	int ret;

	p->krp.entry_handler = ib_probe_entry;
	p->krp.handler = ib_probe_ret;
	p->krp.data_size = sizeof(u64);
	p->krp.maxactive = max_t(int, 16, 2 * num_possible_cpus());
	ret = register_kretprobe(&p->krp);
	if (ret) {
		pr_debug("no probe on %s (%d)\n",
			 p->krp.kp.symbol_name, ret);
		return false;
	}
	p->live = true;
	return true;
}

/**
 * ib_inval_init() - probe every known wait and flush present here
 *
 * A kernel with none of them (or without kretprobes) still loads: the
 * figures are then reported as unavailable.
 *
 * Return: 0, or -ENOMEM.
 */
int ib_inval_init(void)
{
	size_t i, off = 0;

	for (i = 0; i < IB_PROBE_NR; i++) {
		ib_probe_cpus[i] = kvcalloc(nr_cpu_ids,
					    sizeof(*ib_probe_cpus[i]),
					    GFP_KERNEL);
		if (!ib_probe_cpus[i]) {
			ib_inval_exit();
			return -ENOMEM;
		}
	}

	for (i = 0; i < ARRAY_SIZE(ib_probes); i++) {
		struct ib_probe *p = &ib_probes[i];

		if (!ib_probe_register(p))
			continue;
		ib_class_live[p->class] = true;
		off += scnprintf(ib_probe_namebuf + off,
				 sizeof(ib_probe_namebuf) - off, "%s%s",
				 off ? "," : "", p->krp.kp.symbol_name);
	}
	if (!ib_class_live[IB_PROBE_WAIT])
		pr_info("no invalidation wait could be probed\n");
	if (off)
		pr_info("probes: %s\n", ib_probe_namebuf);
	return 0;
}

/**
 * ib_drv_probes_start() - count the IOMMU driver's map entry calls
 *
 * For one run, under ib.lock. A kretprobe can be registered only once, so
 * the structures are cleared before each registration.
 *
 * Return: 0 when at least one driver entry is probed, else -ENOENT.
 */
int ib_drv_probes_start(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ib_drv_probes); i++) {
		const char *sym = ib_drv_probes[i].krp.kp.symbol_name;

		memset(&ib_drv_probes[i].krp, 0, sizeof(ib_drv_probes[i].krp));
		ib_drv_probes[i].krp.kp.symbol_name = sym;
		if (ib_probe_register(&ib_drv_probes[i]))
			ib_class_live[IB_PROBE_DRV_MAP] = true;
	}
	return ib_class_live[IB_PROBE_DRV_MAP] ? 0 : -ENOENT;
}

/**
 * ib_drv_probes_stop() - stop counting driver map calls
 */
void ib_drv_probes_stop(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ib_drv_probes); i++) {
		if (ib_drv_probes[i].live)
			unregister_kretprobe(&ib_drv_probes[i].krp);
		ib_drv_probes[i].live = false;
	}
	ib_class_live[IB_PROBE_DRV_MAP] = false;
}

/**
 * ib_inval_exit() - remove the probes and free the counters
 */
void ib_inval_exit(void)
{
	size_t i;

	ib_drv_probes_stop();
	for (i = 0; i < ARRAY_SIZE(ib_probes); i++) {
		if (ib_probes[i].live)
			unregister_kretprobe(&ib_probes[i].krp);
		ib_probes[i].live = false;
	}
	for (i = 0; i < IB_PROBE_NR; i++) {
		kvfree(ib_probe_cpus[i]);
		ib_probe_cpus[i] = NULL;
		ib_class_live[i] = false;
	}
	ib_probe_namebuf[0] = '\0';
}

/**
 * ib_probe_available() - whether any function of a class is probed
 * @class: enum ib_probe_class
 *
 * Return: true when at least one of its kretprobes is registered.
 */
bool ib_probe_available(enum ib_probe_class class)
{
	return ib_class_live[class];
}

/**
 * ib_inval_names() - the probed symbols
 *
 * Return: a comma-separated list, "" when none.
 */
const char *ib_inval_names(void)
{
	return ib_probe_namebuf;
}

/**
 * ib_probe_snapshot() - read the totals of one class on every CPU
 * @class:	enum ib_probe_class
 * @snap:	totals out
 * @hist:	merged histogram out (may be NULL)
 */
void ib_probe_snapshot(enum ib_probe_class class, struct ib_inval_snap *snap,
		       struct ib_hist *hist)
{
	unsigned int cpu;
	size_t i, b;

	memset(snap, 0, sizeof(*snap));
	if (hist)
		memset(hist, 0, sizeof(*hist));
	for (i = 0; i < ARRAY_SIZE(ib_probes); i++)
		if (ib_probes[i].live && ib_probes[i].class == class)
			snap->missed += ib_probes[i].krp.nmissed;
	for (i = 0; i < ARRAY_SIZE(ib_drv_probes); i++)
		if (ib_drv_probes[i].live && class == IB_PROBE_DRV_MAP)
			snap->missed += ib_drv_probes[i].krp.nmissed;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct ib_probe_cpu *c = &ib_probe_cpus[class][cpu];

		snap->count += atomic64_read(&c->count);
		snap->ns += atomic64_read(&c->ns);
		if (!hist)
			continue;
		for (b = 0; b < IOMMUBENCH_HIST_BUCKETS; b++)
			hist->b[b] += READ_ONCE(c->hist.b[b]);
	}
}
