// SPDX-License-Identifier: GPL-2.0
/* gen_run: synthetic benchmarks.json files; see gen_run.h. */
#include "gen_run.h"

#include <stdio.h>

#include "harness.h"

#define SUFFIX "/iterations:1/manual_time"

void gen_begin(struct gen_run *g, const char *run_id, const char *platform,
	       const char *kernel)
{
	jbuf_init(&g->jb);
	g->entries = 0;
	jbuf_printf(&g->jb,
		    "{\n  \"context\": {\n    \"date\": \"2026-11-22T05:18:41+00:00\",\n"
		    "    \"num_cpus\": 2,\n    \"load_avg\": [0, 0, 0],\n"
		    "    \"kernel_release\": \"%s\",\n    \"platform\": \"%s\",\n"
		    "    \"emulated\": \"true\",\n    \"suite\": \"unit\",\n"
		    "    \"run_id\": \"%s\"\n  },\n  \"benchmarks\": [\n",
		    kernel, platform, run_id);
}

static void sep(struct gen_run *g)
{
	if (g->entries++)
		jbuf_printf(&g->jb, ",\n");
}

void gen_rep(struct gen_run *g, const char *name, int rep, double time_ns,
	     const char *counters, const char *error)
{
	sep(g);
	jbuf_printf(&g->jb,
		    "    {\"name\": \"%s" SUFFIX "\", \"run_name\": \"%s" SUFFIX "\",\n"
		    "     \"run_type\": \"iteration\", \"repetitions\": 5, \"repetition_index\": %d,\n"
		    "     \"threads\": 1, \"iterations\": 1,\n",
		    name, name, rep);
	if (error)
		jbuf_printf(&g->jb,
			    "     \"error_occurred\": true, \"error_message\": \"%s\",\n",
			    error);
	jbuf_printf(&g->jb,
		    "     \"real_time\": %.17g, \"cpu_time\": 1.0e+06, \"time_unit\": \"ns\"%s%s,\n"
		    "     \"label\": \"%s\"}",
		    time_ns, counters ? ", " : "", counters ? counters : "",
		    error ? "status:failed" : "eff_pgsize:0x1000 cpus:0 group_type:DMA-FQ");
}

void gen_aggregate(struct gen_run *g, const char *name)
{
	sep(g);
	jbuf_printf(&g->jb,
		    "    {\"name\": \"%s" SUFFIX "_cv\", \"run_name\": \"%s" SUFFIX "\",\n"
		    "     \"run_type\": \"aggregate\", \"aggregate_name\": \"cv\",\n"
		    "     \"real_time\": 1.0e-02, \"time_unit\": \"ns\", \"fq_timeouts\": NaN,\n"
		    "     \"inval_missed\": -Infinity, \"label\": \"a \\\"NaN\\\" in a string\"}",
		    name, name);
}

const char *gen_end(struct gen_run *g, const char *base, const char *run_id)
{
	static char dir[1024];

	jbuf_printf(&g->jb, "\n  ]\n}\n");
	harness_mkdirs(base, run_id);
	snprintf(dir, sizeof(dir), "%s/%s", base, run_id);
	harness_write(dir, "benchmarks.json", g->jb.s);
	jbuf_free(&g->jb);
	return dir;
}
