// SPDX-License-Identifier: GPL-2.0
/*
 * The `sim` path: the module's software IOMMU (kmod/ib_sim.c), for what
 * hardware cannot be made to do on demand: any advertised bitmap, stalled
 * or gone endpoints, bounded and unbounded invalidation waits. Its
 * arguments embed the iommu path's, and so do its keys (iommu.h). Its
 * results are a model: labelled sim:true, and said so after the run.
 */
#include <stdio.h>
#include <string.h>

#include "iommu.h"
#include "metrics.h"
#include "parse_num.h"
#include "path.h"

#define SIM_DEFAULT_PGSIZE	0x1000ULL	/* what it advertises */
#define SIM_DEFAULT_HW		0x1000ULL	/* what it can write */
#define SIM_DEFAULT_SERVICE_NS	1000ULL
#define SIM_MAX_FAULT_MS	10000ULL
#define SIM_MAX_DEADLINE_MS	2000ULL
/* Deadlines of the bounded presets. */
#define SIM_AMD_DEADLINE_NS	(100ULL * 1000000ULL)
#define SIM_SMMUV3_DEADLINE_NS	(1000ULL * 1000000ULL)

/*
 * `policy` as the suite names it: the kernel's three policies, and presets
 * modelled on real drivers (which map onto them, with a deadline for the
 * bounded ones). Benchmark names use the suite's word.
 */
enum sim_policy {
	SIM_POLICY_UNBOUNDED = 1,
	SIM_POLICY_UNBOUNDED_GONE = 2,
	SIM_POLICY_BOUNDED = 3,		/* needs deadline_ms */
	SIM_POLICY_VTD_6_1 = 4,		/* = unbounded */
	SIM_POLICY_VTD_6_9 = 5,		/* = unbounded-gone */
	SIM_POLICY_AMD = 6,		/* = bounded, 100 ms */
	SIM_POLICY_SMMUV3 = 7,		/* = bounded, 1 s */
};

/* A sim point: the ABI arguments, then the policy as the suite said it. */
struct sim_point {
	struct iommubench_sim_args a;
	uint32_t policy;		/* enum sim_policy */
};
PATH_ARGS_FIT(struct sim_point);

static const struct suite_name entry_names[] = {
	{ "map_pages", IOMMUBENCH_SIM_MAP_PAGES },
	{ "map", IOMMUBENCH_SIM_MAP },
};

static const struct suite_name fault_names[] = {
	{ "none", IOMMUBENCH_SIM_FAULT_NONE },
	{ "stall", IOMMUBENCH_SIM_FAULT_STALL },
	{ "stall-forever", IOMMUBENCH_SIM_FAULT_STALL_FOREVER },
	{ "timeout", IOMMUBENCH_SIM_FAULT_TIMEOUT },
	{ "gone", IOMMUBENCH_SIM_FAULT_GONE },
};

static const struct suite_name policy_names[] = {
	{ "unbounded", SIM_POLICY_UNBOUNDED },
	{ "unbounded-gone", SIM_POLICY_UNBOUNDED_GONE },
	{ "bounded", SIM_POLICY_BOUNDED },
	{ "vtd-6.1", SIM_POLICY_VTD_6_1 },
	{ "vtd-6.9", SIM_POLICY_VTD_6_9 },
	{ "amd", SIM_POLICY_AMD },
	{ "smmuv3", SIM_POLICY_SMMUV3 },
};

/* sim_hw: what the simulated hardware can write, a hex mask. */
static int parse_sim_hw(struct suite_parser *p, const struct suite_key *k,
			struct suite_list *l, const char *tok)
{
	uint64_t v;

	if (parse_hex_u64(tok, &v) || !v)
		return suite_fail(p, "bad sim_hw '%s' (expected a non-zero hex mask like 0x1000)",
				  tok);
	if (v & 0xfff)
		return suite_fail(p, "bad sim_hw '%s': page sizes below 4 KiB are not supported",
				  tok);
	if (!(v & 0x1000))
		return suite_fail(p, "bad sim_hw '%s': the simulated hardware writes 4 KiB entries at least (0x1000 must be set)",
				  tok);
	return suite_push(p, k->key, l, v, tok);
}

static const struct suite_key key_entry =
	SUITE_ENUM_KEY("entry", entry_names, .has_default = true,
		       .def = IOMMUBENCH_SIM_MAP_PAGES);
static const struct suite_key key_sim_hw = {
	.key = "sim_hw", .kind = SUITE_KEY_CUSTOM, .parse = parse_sim_hw,
	.has_default = true, .def = SIM_DEFAULT_HW,
};
static const struct suite_key key_service_ns =
	SUITE_U64_KEY("service_ns", 0, IOMMUBENCH_SIM_MAX_SERVICE_NS,
		      .has_default = true, .def = SIM_DEFAULT_SERVICE_NS);
static const struct suite_key key_fault =
	SUITE_ENUM_KEY("fault", fault_names, .has_default = true,
		       .def = IOMMUBENCH_SIM_FAULT_NONE);
static const struct suite_key key_fault_ms =
	SUITE_U64_KEY("fault_ms", 1, SIM_MAX_FAULT_MS);
static const struct suite_key key_fault_ppm =
	SUITE_U64_KEY("fault_ppm", 1, 1000000);
static const struct suite_key key_policy =
	SUITE_ENUM_KEY("policy", policy_names, .has_default = true,
		       .def = SIM_POLICY_VTD_6_1);
static const struct suite_key key_deadline_ms =
	SUITE_U64_KEY("deadline_ms", 1, SIM_MAX_DEADLINE_MS);

/*
 * Each fault and policy with the parameter it needs, and page sizes that
 * mean something for the sim.
 */
static int check(struct suite_parser *p, const struct suite *s)
{
	const struct suite_list *fault = suite_list(s, &key_fault);
	const struct suite_list *policy = suite_list(s, &key_policy);
	const struct suite_list *pg = suite_list(s, &iommu_key_pgsize);
	const struct suite_list *fault_ms = suite_list(s, &key_fault_ms);
	const struct suite_list *fault_ppm = suite_list(s, &key_fault_ppm);
	const struct suite_list *deadline = suite_list(s, &key_deadline_ms);

	if (suite_list_has(fault, IOMMUBENCH_SIM_FAULT_STALL) ?
	    suite_needs_key(p, fault, "fault", "stall", fault_ms, "fault_ms") :
	    suite_unused_key(p, fault_ms, "fault_ms", "fault stall"))
		return -1;
	if (suite_list_has(fault, IOMMUBENCH_SIM_FAULT_TIMEOUT) ?
	    suite_needs_key(p, fault, "fault", "timeout", fault_ppm,
			    "fault_ppm") :
	    suite_unused_key(p, fault_ppm, "fault_ppm", "fault timeout"))
		return -1;
	if (suite_list_has(policy, SIM_POLICY_BOUNDED) ?
	    suite_needs_key(p, policy, "policy", "bounded", deadline,
			    "deadline_ms") :
	    suite_unused_key(p, deadline, "deadline_ms", "policy bounded"))
		return -1;
	/* The sim has no hardware bitmap: it is told what to advertise. */
	if (pg->line && suite_list_has(pg, 0)) {
		suite_at_line(p, pg->line);
		return suite_fail(p, "pgsize 'hw' does not apply to path sim (give the advertised bitmap: a hex mask or 'all4k')");
	}
	/* pgsize is shared with the iommu path in a mixed suite */
	if (suite_lists_path(s, "iommu") &&
	    suite_list_has(pg, IOMMU_PATH_PGSIZE_ALL4K)) {
		suite_at_line(p, pg->line);
		return suite_fail(p, "pgsize 'all4k' applies only to path sim (path iommu needs a subset of the hardware bitmap)");
	}
	return 0;
}

/* The kernel's policy and deadline for a suite policy. */
static void set_policy(struct sim_point *sp, uint32_t policy,
		       uint64_t deadline_ms)
{
	struct iommubench_sim_args *a = &sp->a;

	sp->policy = policy;
	a->deadline_ns = 0;
	switch (policy) {
	case SIM_POLICY_UNBOUNDED:
	case SIM_POLICY_VTD_6_1:
		a->policy = IOMMUBENCH_SIM_UNBOUNDED;
		break;
	case SIM_POLICY_UNBOUNDED_GONE:
	case SIM_POLICY_VTD_6_9:
		a->policy = IOMMUBENCH_SIM_UNBOUNDED_GONE;
		break;
	case SIM_POLICY_AMD:
		a->policy = IOMMUBENCH_SIM_BOUNDED;
		a->deadline_ns = SIM_AMD_DEADLINE_NS;
		break;
	case SIM_POLICY_SMMUV3:
		a->policy = IOMMUBENCH_SIM_BOUNDED;
		a->deadline_ns = SIM_SMMUV3_DEADLINE_NS;
		break;
	case SIM_POLICY_BOUNDED:
	default:
		a->policy = IOMMUBENCH_SIM_BOUNDED;
		a->deadline_ns = deadline_ms * 1000000ULL;
		break;
	}
}

/* map, unmap, pgsize, sim_hw, service_ns, batch, then sizes. */
static int expand_table(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite *s = suite_gen_suite(g);
	struct sim_point *sp = PATH_ARGS(pt, struct sim_point);
	/* the sim advertises what it is told; 4 KiB unless the suite says */
	static const struct suite_list def_pgsize = {
		.v = { SIM_DEFAULT_PGSIZE }, .n = 1,
	};
	const struct suite_list *pg = suite_list(s, &iommu_key_pgsize);
	const struct suite_list *dims[] = {
		suite_list(s, &iommu_key_map), suite_list(s, &iommu_key_unmap),
		pg->line ? pg : &def_pgsize, suite_list(s, &key_sim_hw),
		suite_list(s, &key_service_ns), suite_list(s, &iommu_key_batch),
	};
	enum { NDIMS = sizeof(dims) / sizeof(dims[0]) };
	unsigned int idx[NDIMS] = { 0 };

	for (;;) {
		int d;

		sp->a.iommu.map_mode = (uint32_t)dims[0]->v[idx[0]];
		sp->a.iommu.unmap_mode = (uint32_t)dims[1]->v[idx[1]];
		sp->a.iommu.pgsize_mask = dims[2]->v[idx[2]];
		sp->a.hw_pgsize = dims[3]->v[idx[3]];
		sp->a.service_ns = dims[4]->v[idx[4]];
		sp->a.iommu.batch = (uint32_t)dims[5]->v[idx[5]];
		if (suite_emit_sizes(g, pt))
			return -1;
		/* next combination, the last dimension fastest */
		for (d = NDIMS - 1; d >= 0; d--) {
			if (++idx[d] < dims[d]->n)
				break;
			idx[d] = 0;
		}
		if (d < 0)
			return 0;
	}
}

/* entry, fault (with its parameter), policy (with its deadline). */
static int expand(struct suite_gen *g, struct suite_point *pt)
{
	const struct suite *s = suite_gen_suite(g);
	const struct suite_list *entry = suite_list(s, &key_entry);
	const struct suite_list *faults = suite_list(s, &key_fault);
	const struct suite_list *policies = suite_list(s, &key_policy);
	const struct suite_list *deadline = suite_list(s, &key_deadline_ms);
	struct sim_point *sp = PATH_ARGS(pt, struct sim_point);

	for (unsigned int a = 0; a < entry->n; a++) {
		sp->a.entry = (uint32_t)entry->v[a];
		for (unsigned int b = 0; b < faults->n; b++) {
			uint32_t fault = (uint32_t)faults->v[b];
			const struct suite_list *param =
				fault == IOMMUBENCH_SIM_FAULT_STALL ?
				suite_list(s, &key_fault_ms) :
				fault == IOMMUBENCH_SIM_FAULT_TIMEOUT ?
				suite_list(s, &key_fault_ppm) : NULL;
			unsigned int nparam = param ? param->n : 1;

			sp->a.fault = fault;
			for (unsigned int c = 0; c < nparam; c++) {
				sp->a.fault_ns = 0;
				sp->a.fault_ppm = 0;
				if (fault == IOMMUBENCH_SIM_FAULT_STALL)
					sp->a.fault_ns = param->v[c] * 1000000ULL;
				else if (fault == IOMMUBENCH_SIM_FAULT_TIMEOUT)
					sp->a.fault_ppm = (uint32_t)param->v[c];
				for (unsigned int d = 0; d < policies->n; d++) {
					uint32_t pol = (uint32_t)policies->v[d];
					bool bounded = pol == SIM_POLICY_BOUNDED;
					unsigned int nd = bounded ? deadline->n : 1;

					for (unsigned int e = 0; e < nd; e++) {
						set_policy(sp, pol, bounded ?
							   deadline->v[e] : 0);
						if (expand_table(g, pt))
							return -1;
					}
				}
			}
		}
	}
	return 0;
}

/* "/fault:stall/fault_ms:10/policy:bounded/deadline_ms:10" and the like. */
static void fault_policy_part(const struct sim_point *sp, char *buf,
			      size_t len)
{
	char param[40] = "", deadline[40] = "";

	if (sp->a.fault == IOMMUBENCH_SIM_FAULT_STALL)
		snprintf(param, sizeof(param), "/fault_ms:%llu",
			 (unsigned long long)(sp->a.fault_ns / 1000000ULL));
	else if (sp->a.fault == IOMMUBENCH_SIM_FAULT_TIMEOUT)
		snprintf(param, sizeof(param), "/fault_ppm:%u",
			 sp->a.fault_ppm);
	/* the presets' names say their deadline */
	if (sp->policy == SIM_POLICY_BOUNDED)
		snprintf(deadline, sizeof(deadline), "/deadline_ms:%llu",
			 (unsigned long long)(sp->a.deadline_ns / 1000000ULL));
	snprintf(buf, len, "/fault:%s%s/policy:%s%s",
		 suite_key_value_name(&key_fault, sp->a.fault), param,
		 suite_key_value_name(&key_policy, sp->policy), deadline);
}

static void bench_name(const struct suite *s, const struct suite_point *pt,
		       char *buf, size_t len)
{
	const struct sim_point *sp = PATH_CARGS(pt, struct sim_point);
	char pg[32], shape[96] = "", fp[128], tail[96] = "";
	size_t used = 0;

	if (pt->shape != IOMMUBENCH_SHAPE_PAIR)
		suite_shape_part(pt, shape, sizeof(shape));
	fault_policy_part(sp, fp, sizeof(fp));
	/* Like batch: sim_hw and service_ns only when the suite sweeps them. */
	if (suite_list(s, &key_sim_hw)->n > 1)
		used += (size_t)snprintf(tail + used, sizeof(tail) - used,
					 "/sim_hw:0x%llx",
					 (unsigned long long)sp->a.hw_pgsize);
	if (suite_list(s, &key_service_ns)->n > 1 && used < sizeof(tail))
		used += (size_t)snprintf(tail + used, sizeof(tail) - used,
					 "/service_ns:%llu",
					 (unsigned long long)sp->a.service_ns);
	if (suite_list(s, &iommu_key_batch)->n > 1 && used < sizeof(tail))
		snprintf(tail + used, sizeof(tail) - used, "/batch:%u",
			 sp->a.iommu.batch);
	iommu_pgsize_name(sp->a.iommu.pgsize_mask, pg, sizeof(pg));
	snprintf(buf, len,
		 "sim%s/entry:%s%s/map:%s/unmap:%s/pgsize:%s/size:%llu/threads:%u%s",
		 shape, suite_key_value_name(&key_entry, sp->a.entry), fp,
		 iommu_map_name(sp->a.iommu.map_mode),
		 iommu_unmap_name(sp->a.iommu.unmap_mode), pg,
		 (unsigned long long)pt->size, pt->threads, tail);
}

/* sim:true: the module's software model, not the hardware. */
static void label(const struct iommubench_run_report *rep, char *buf,
		  size_t len)
{
	snprintf(buf, len, "sim:true eff_pgsize:0x%llx ",
		 (unsigned long long)rep->eff_pgsize_bitmap);
}

static const char *const counters[] = {
	"sim_would_not_terminate", "sim_gave_up", "sim_restarts",
	"sim_lock_spin_frac", "sim_driver_calls_per_op", NULL,
};

/*
 * Waits that hit the module's safety cap (they would not have terminated),
 * waits a policy gave up, batch restarts, the share of worker time spent
 * spinning for the queue's lock, and driver map calls per op.
 */
static void metrics(const struct path_run *run, struct metrics *m)
{
	const struct iommubench_run_report *r = run->rep;
	double cpu_ns = (double)r->elapsed_ns * (double)run->req->nr_threads;

	if (!(r->result_flags & IOMMUBENCH_RES_SIM) ||
	    !PATH_REPORT_HAS(r, sim_driver_calls)) {
		for (const char *const *c = counters; *c; c++)
			metrics_add(m, *c, -1.0);
		return;
	}
	metrics_add(m, "sim_would_not_terminate", (double)r->sim_capped);
	metrics_add(m, "sim_gave_up", (double)r->sim_gave_up);
	metrics_add(m, "sim_restarts", (double)r->sim_restarts);
	metrics_add(m, "sim_lock_spin_frac", cpu_ns > 0 ?
		    (double)r->sim_lock_spin_ns / cpu_ns : -1.0);
	metrics_add(m, "sim_driver_calls_per_op",
		    (double)r->sim_driver_calls / (double)r->ops_done);
}

static void describe(const struct suite_point *pt, char *buf, size_t len)
{
	const struct sim_point *sp = PATH_CARGS(pt, struct sim_point);
	char common[128];

	suite_describe_common(pt, common, sizeof(common));
	snprintf(buf, len,
		 "batch=%u %s sim_hw=0x%llx service_ns=%llu fault_ns=%llu deadline_ns=%llu",
		 sp->a.iommu.batch, common,
		 (unsigned long long)sp->a.hw_pgsize,
		 (unsigned long long)sp->a.service_ns,
		 (unsigned long long)sp->a.fault_ns,
		 (unsigned long long)sp->a.deadline_ns);
}

static const struct suite_key *const keys[] = {
	&iommu_key_map, &iommu_key_unmap, &iommu_key_pgsize, &iommu_key_batch,
	&key_entry, &key_sim_hw, &key_service_ns, &key_fault, &key_fault_ms,
	&key_fault_ppm, &key_policy, &key_deadline_ms, NULL,
};

const struct path_desc sim_path = {
	.name = "sim",
	.summary = "the module's software IOMMU model (faults, wait policies): not hardware",
	.abi_path = IOMMUBENCH_PATH_SIM,
	.args_size = sizeof(struct iommubench_sim_args),
	.keys = keys,
	.note = "sim points measure the module's software IOMMU model, not hardware",
	.check = check,
	.check_expand = iommu_check_pgsize_sizes,
	.expand = expand,
	.bench_name = bench_name,
	.label = label,
	.counters = counters,
	.metrics = metrics,
	.describe = describe,
};
