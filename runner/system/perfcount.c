// SPDX-License-Identifier: GPL-2.0
/* perfcount: libperf counters around a RUN ioctl; see perfcount.h. */
#include "perfcount.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <perf/core.h>
#include <perf/cpumap.h>
#include <perf/evlist.h>
#include <perf/evsel.h>
#include <perf/threadmap.h>

#include "errname.h"

/* Reported for an event that was not counted (the -1 = n/a convention). */
#define NOT_AVAILABLE	(-1.0)
/* libperf 6.1's MAX_NR_CPUS */
#define PERFCOUNT_MAX_CPUS	2048

static const char *const event_names[PERFCOUNT_NR] = {
	[PERFCOUNT_CYCLES] = "cycles",
	[PERFCOUNT_INSTRUCTIONS] = "instructions",
	[PERFCOUNT_DTLB_MISSES] = "dTLB-load-misses",
	[PERFCOUNT_CPU_CLOCK] = "cpu-clock",
};

static const char *const metric_names[PERFCOUNT_NR] = {
	[PERFCOUNT_CYCLES] = "cycles_per_op",
	[PERFCOUNT_INSTRUCTIONS] = "instructions_per_op",
	[PERFCOUNT_DTLB_MISSES] = "dtlb_misses_per_op",
	[PERFCOUNT_CPU_CLOCK] = "cpu_clock_ns_per_op",
};

const char *perfcount_event_name(enum perfcount_event ev)
{
	return (unsigned int)ev < PERFCOUNT_NR ? event_names[ev] : "?";
}

/* libperf prints its debug messages to stderr unless told otherwise. */
static int quiet(enum libperf_print_level level, const char *fmt,
		 va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

void perfcount_init(struct perfcount *pc)
{
	static bool libperf_ready;

	if (!libperf_ready) {
		libperf_init(quiet);
		libperf_ready = true;
	}
	memset(pc, 0, sizeof(*pc));
}

static void attr_of(enum perfcount_event ev, struct perf_event_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	switch (ev) {
	case PERFCOUNT_CYCLES:
		a->type = PERF_TYPE_HARDWARE;
		a->config = PERF_COUNT_HW_CPU_CYCLES;
		break;
	case PERFCOUNT_INSTRUCTIONS:
		a->type = PERF_TYPE_HARDWARE;
		a->config = PERF_COUNT_HW_INSTRUCTIONS;
		break;
	case PERFCOUNT_DTLB_MISSES:
		a->type = PERF_TYPE_HW_CACHE;
		a->config = PERF_COUNT_HW_CACHE_DTLB |
			    (PERF_COUNT_HW_CACHE_OP_READ << 8) |
			    (PERF_COUNT_HW_CACHE_RESULT_MISS << 16);
		break;
	default:
		a->type = PERF_TYPE_SOFTWARE;
		a->config = PERF_COUNT_SW_CPU_CLOCK;
		break;
	}
	/* Opened disabled; enabled just before the ioctl. Kernel mode only. */
	a->disabled = 1;
	a->exclude_user = 1;
	a->exclude_hv = 1;
	a->read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			 PERF_FORMAT_TOTAL_TIME_RUNNING;
}

static void put_all(struct perfcount *pc)
{
	/* perf_evlist__delete closes and deletes the events it holds. */
	perf_evlist__delete(pc->evlist);
	perf_cpu_map__put(pc->cpus);
	perf_thread_map__put(pc->threads);
	pc->evlist = NULL;
	pc->cpus = NULL;
	pc->threads = NULL;
	memset(pc->evsel, 0, sizeof(pc->evsel));
}

static int open_one(struct perfcount *pc, enum perfcount_event ev)
{
	struct perf_event_attr attr;
	struct perf_evsel *evsel;
	int err;

	attr_of(ev, &attr);
	evsel = perf_evsel__new(&attr);
	if (!evsel)
		return -ENOMEM;
	/* One fd per CPU of the map, pid -1 (the dummy thread map). */
	err = perf_evsel__open(evsel, pc->cpus, pc->threads);
	if (err) {
		perf_evsel__delete(evsel);	/* the failed open closed it */
		return err < 0 ? err : -EINVAL;
	}
	perf_evlist__add(pc->evlist, evsel);
	pc->evsel[ev] = evsel;
	return 0;
}

int perfcount_start(struct perfcount *pc, const uint32_t *cpus, size_t n)
{
	char list[4096];
	size_t used = 0;
	int opened = 0;

	if (pc->evlist)
		put_all(pc);
	for (int i = 0; i < PERFCOUNT_NR; i++)
		pc->err[i] = -ENODEV;
	list[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(list); i++) {
		/* libperf's limit; beyond it, it would warn on stderr */
		if (cpus[i] >= PERFCOUNT_MAX_CPUS) {
			for (int j = 0; j < PERFCOUNT_NR; j++)
				pc->err[j] = -ERANGE;
			return 0;
		}
		used += (size_t)snprintf(list + used, sizeof(list) - used,
					 "%s%u", i ? "," : "", cpus[i]);
	}
	if (!n || used >= sizeof(list))
		return 0;
	/* perf_cpu_map__new sorts and drops duplicates. */
	pc->cpus = perf_cpu_map__new(list);
	pc->threads = perf_thread_map__new_dummy();
	pc->evlist = perf_evlist__new();
	if (!pc->cpus || !pc->threads || !pc->evlist) {
		for (int i = 0; i < PERFCOUNT_NR; i++)
			pc->err[i] = -ENOMEM;
		put_all(pc);
		return 0;
	}
	for (int i = 0; i < PERFCOUNT_NR; i++) {
		pc->err[i] = open_one(pc, (enum perfcount_event)i);
		if (!pc->err[i])
			opened++;
	}
	/* Only events that opened are in the list: enable them, last. */
	if (opened)
		perf_evlist__enable(pc->evlist);
	return opened;
}

/* Sum over the map's CPUs, each scaled by enabled/running. */
static bool read_one(struct perfcount *pc, struct perf_evsel *evsel,
		     double *sum, bool *scaled)
{
	int ncpus = perf_cpu_map__nr(pc->cpus);

	*sum = 0;
	for (int idx = 0; idx < ncpus; idx++) {
		struct perf_counts_values c;
		__s8 s = 0;

		if (perf_evsel__read(evsel, idx, 0, &c))
			return false;
		perf_counts_values__scale(&c, true, &s);
		if (s < 0 && c.ena)
			return false;	/* enabled but never ran: unknown */
		if (s > 0)
			*scaled = true;
		*sum += (double)c.val;
	}
	return true;
}

void perfcount_stop(struct perfcount *pc, struct perfcount_values *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < PERFCOUNT_NR; i++)
		out->value[i] = NOT_AVAILABLE;
	if (!pc->evlist)
		return;
	perf_evlist__disable(pc->evlist);
	for (int i = 0; i < PERFCOUNT_NR; i++) {
		double v;

		if (pc->evsel[i] && read_one(pc, pc->evsel[i], &v,
					     &out->scaled)) {
			out->counted[i] = true;
			out->value[i] = v;
		}
	}
	put_all(pc);
}

int perfcount_probe(struct perfcount *pc, const uint32_t *cpus, size_t n)
{
	struct perfcount_values v;
	int opened;

	opened = perfcount_start(pc, cpus, n);
	perfcount_stop(pc, &v);
	memcpy(pc->probe_err, pc->err, sizeof(pc->probe_err));
	pc->probed = true;
	return opened;
}

static void append(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s", used ? "," : "", s);
}

void perfcount_describe(const struct perfcount *pc, char *events,
			size_t elen, char *unsupported, size_t ulen, char *why,
			size_t wlen)
{
	char reason[128], part[192];

	events[0] = unsupported[0] = why[0] = '\0';
	for (int i = 0; i < PERFCOUNT_NR; i++) {
		int e = pc->probed ? pc->probe_err[i] : -ENODEV;

		if (!e) {
			append(events, elen, event_names[i]);
			continue;
		}
		append(unsupported, ulen, event_names[i]);
		err_describe(-e, reason, sizeof(reason));
		snprintf(part, sizeof(part), "%s%s: %s", why[0] ? ", " : "",
			 event_names[i], reason);
		if (strlen(why) + strlen(part) < wlen)
			strcat(why, part);
	}
}

void perfcount_metrics(const struct perfcount_values *v, uint64_t ops,
		       struct metrics *m)
{
	bool any = false;

	for (int i = 0; i < PERFCOUNT_NR; i++) {
		bool ok = v->counted[i] && ops;

		/* cpu-clock counts nanoseconds */
		metrics_add(m, metric_names[i],
			    ok ? v->value[i] / (double)ops : NOT_AVAILABLE);
		any |= v->counted[i];
	}
	metrics_add(m, "perf_scaled", !any ? NOT_AVAILABLE :
				      v->scaled ? 1 : 0);
}
