// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_compat: `iommubench compat`, the kernel's dma_map_benchmark with our
 * module: the same parameters (threads, seconds, node, dma_bits, dir,
 * granule, dma_trans_ns), its three output lines computed from our run,
 * then our own figures for the same run, and the run as Google Benchmark
 * JSON like `run` writes. docs/dma-map-benchmark.md maps one onto the other.
 */
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "cpulist.h"
#include "cpus.h"
#include "device.h"
#include "dmabench.h"
#include "exitcodes.h"
#include "hist.h"
#include "metrics.h"
#include "parse_num.h"
#include "syspaths.h"
#include "results.h"
#include "session.h"
#include "suite.h"

/* dma_map_benchmark's limits (include/linux/map_benchmark.h). */
#define COMPAT_MAX_SECONDS	300
#define COMPAT_MAX_GRANULE	1024
#define COMPAT_MAX_TRANS_NS	10000000	/* 10 ms */

struct compat_opts {
	const char *device;
	const char *out_dir;
	const char *run_id;
	const char *platform;
	int threads;
	int seconds;
	int node;
	int dma_bits;
	int dir;
	int granule;
	int trans_ns;
	int mode;	/* index into compat_modes */
};

/* --mode: the tool's words; the suite's mode keyword for each (suite_keys.c) */
static const char *const compat_modes[] = { "keep", "strict", "lazy" };
static const char *const compat_suite_modes[] = { "keep", "strict", "fq" };

static struct compat_opts g_opts;

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench compat --device BDF|VID:DID [--threads N] [--seconds S]\n"
"                         [--node N] [--dma-bits B] [--dir 0|1|2]\n"
"                         [--granule G] [--trans-ns NS] [--out-dir DIR]\n"
"                         [--run-id ID] [--platform STR] [--mode M]\n"
"\n"
"The kernel's dma_map_benchmark (tools/testing/selftests/dma) on our module:\n"
"each worker maps GRANULE pages with dma_map_page(), waits TRANS-NS (busy,\n"
"like its ndelay(dma_trans_ns)), unmaps, for SECONDS, on the device's default\n"
"domain (as it is, unless --mode switches the group type). Prints the tool's\n"
"three lines (average and standard deviation of map and unmap latency, in us\n"
"with one decimal, from 100 ns units), then our figures for the same run\n"
"(percentiles, max, throughput, invalidations), and writes the run to\n"
"DIR/<run-id>/benchmarks.json as `run` does.\n"
"\n"
"  --device DEV     PCI address (0000:00:03.0) or VID:DID (1234:11e8)\n"
"  --threads N      workers, one per CPU, 1..%d (default 1; the tool's -t)\n"
"  --seconds S      duration, 1..%d (default 20; -s)\n"
"  --node N         NUMA node whose CPUs run the workers; -1 (default): the\n"
"                   device-local CPUs (-n)\n"
"  --dma-bits B     DMA mask for the run, 20..64 (default 32; -b)\n"
"  --dir D          0 BIDIRECTIONAL (default), 1 TO_DEVICE, 2 FROM_DEVICE (-d)\n"
"  --granule G      pages per map, 1..%d (default 1; -g)\n"
"  --trans-ns NS    delay between map and unmap, 0..%d ns (default 0; -x)\n"
"  --out-dir DIR    where the run directory goes (default: results)\n"
"  --run-id ID      run directory name (default: UTC time and kernel)\n"
"  --platform STR   'hardware' (default) or the emulator and vIOMMU\n"
"  --mode M         keep (default): the group type as it is; strict: DMA\n"
"                   (invalidate on every unmap); lazy: DMA-FQ (flush queue).\n"
"                   The device is unbound, the type written and the device\n"
"                   bound again, and the original type restored at the end\n"
"  -h, --help       this help\n"
"\n"
"Exit status: 0 ok, 1 the run failed or was skipped, 2 usage, 3 environment,\n"
"4 I/O, 128+N interrupted by signal N.\n",
		IOMMUBENCH_MAX_THREADS, COMPAT_MAX_SECONDS, COMPAT_MAX_GRANULE,
		COMPAT_MAX_TRANS_NS);
}

/* A decimal integer in [min, max] (a leading '-' allowed); 0 or -1. */
static int parse_int(const char *opt, const char *s, long min, long max,
		     int *out)
{
	char *end;
	long v;

	if (!s[0])
		goto bad;
	v = strtol(s, &end, 10);
	if (*end || v < min || v > max)
		goto bad;
	*out = (int)v;
	return 0;
bad:
	fprintf(stderr, "iommubench compat: --%s must be an integer %ld..%ld, not '%s'\n",
		opt, min, max, s);
	return -1;
}

static int parse_opts(int argc, char **argv, struct compat_opts *o)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'D' },
		{ "threads", required_argument, NULL, 't' },
		{ "seconds", required_argument, NULL, 's' },
		{ "node", required_argument, NULL, 'n' },
		{ "dma-bits", required_argument, NULL, 'b' },
		{ "dir", required_argument, NULL, 'd' },
		{ "granule", required_argument, NULL, 'g' },
		{ "trans-ns", required_argument, NULL, 'x' },
		{ "out-dir", required_argument, NULL, 'o' },
		{ "run-id", required_argument, NULL, 'i' },
		{ "platform", required_argument, NULL, 'p' },
		{ "mode", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, bad = 0;

	memset(o, 0, sizeof(*o));
	o->out_dir = "results";
	o->platform = "hardware";
	o->threads = 1;
	o->seconds = 20;
	o->node = -1;
	o->dma_bits = 32;
	o->dir = 0;
	o->granule = 1;
	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'D': o->device = optarg; break;
		case 'o': o->out_dir = optarg; break;
		case 'i': o->run_id = optarg; break;
		case 'p': o->platform = optarg; break;
		case 'm':
			o->mode = -1;
			for (int i = 0; i < (int)(sizeof(compat_modes) / sizeof(compat_modes[0])); i++)
				if (!strcmp(optarg, compat_modes[i]))
					o->mode = i;
			if (o->mode < 0) {
				fprintf(stderr, "iommubench compat: --mode must be keep, strict or lazy, not '%s'\n",
					optarg);
				bad = 1;
				o->mode = 0;
			}
			break;
		case 't':
			bad |= parse_int("threads", optarg, 1,
					 IOMMUBENCH_MAX_THREADS, &o->threads);
			break;
		case 's':
			bad |= parse_int("seconds", optarg, 1,
					 COMPAT_MAX_SECONDS, &o->seconds);
			break;
		case 'n':
			bad |= parse_int("node", optarg, -1, 4095, &o->node);
			break;
		case 'b':
			bad |= parse_int("dma-bits", optarg, 20, 64,
					 &o->dma_bits);
			break;
		case 'd':
			bad |= parse_int("dir", optarg, 0, 2, &o->dir);
			break;
		case 'g':
			bad |= parse_int("granule", optarg, 1,
					 COMPAT_MAX_GRANULE, &o->granule);
			break;
		case 'x':
			bad |= parse_int("trans-ns", optarg, 0,
					 COMPAT_MAX_TRANS_NS, &o->trans_ns);
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			return cli_option_error("compat", c, argv);
		}
	}
	if (bad)
		return IB_EXIT_USAGE;
	if (optind < argc) {
		fprintf(stderr, "iommubench compat: unexpected argument '%s'\n",
			argv[optind]);
		return IB_EXIT_USAGE;
	}
	if (!o->device) {
		fprintf(stderr, "iommubench compat: --device is required (see --help)\n");
		return IB_EXIT_USAGE;
	}
	if (!o->platform[0]) {
		fprintf(stderr, "iommubench compat: --platform must not be empty\n");
		return IB_EXIT_USAGE;
	}
	if (o->run_id && !results_run_id_valid(o->run_id)) {
		fprintf(stderr, "iommubench compat: bad --run-id '%s'\n",
			o->run_id);
		return IB_EXIT_USAGE;
	}
	return IB_EXIT_OK;
}

/*
 * The one benchmark point a compat run is: a one-point suite on the dma
 * path (so the dma path's descriptor fills its arguments, as for `run`),
 * renamed after the tool's parameters.
 */
static int make_point(const struct compat_opts *o, struct suite_point *pt)
{
	/* the tool's --dir numbering, the kernel's enum dma_data_direction */
	static const char *const dirs[] = { "bidi", "to-device", "from-device" };
	long page = sysconf(_SC_PAGESIZE);
	struct suite_point *pts = NULL;
	static struct suite s;
	char text[512], hold[64] = "", err[1024], mode[16];
	uint64_t size;
	size_t n = 0;

	if (page <= 0)
		page = 4096;
	size = (uint64_t)o->granule * (uint64_t)page;
	if (size > IOMMUBENCH_MAX_DMA_SIZE) {
		fprintf(stderr,
			"iommubench compat: --granule %d is %" PRIu64 " bytes with %ld-byte pages; the module maps at most 4 MiB at once\n",
			o->granule, size, page);
		return IB_EXIT_USAGE;
	}
	/* dma_map_benchmark's ndelay(dma_trans_ns) is our hold shape */
	if (o->trans_ns)
		snprintf(hold, sizeof(hold), "shape hold\nhold_ns %d\n",
			 o->trans_ns);
	/* no victim timer: the tool has none either */
	snprintf(text, sizeof(text),
		 "name compat\npath dma\napi page\nmode %s\ndir %s\n"
		 "dma_bits %d\nsize %" PRIu64 "\n%sthreads %d\nops 0\n"
		 "duration %d\nwarmup %d\ntimer_us 0\nrepetitions 1\n",
		 compat_suite_modes[o->mode], dirs[o->dir], o->dma_bits, size, hold,
		 o->threads, o->seconds,
		 SUITE_DEFAULT_WARMUP);
	if (suite_parse_text("compat", text, &s, err, sizeof(err)) ||
	    suite_expand(&s, (unsigned int)o->threads, &pts, &n, err,
			 sizeof(err)) || n != 1) {
		fprintf(stderr, "iommubench compat: %s\n",
			n > 1 ? "more than one point" : err);
		free(pts);
		return IB_EXIT_USAGE;
	}
	*pt = pts[0];
	free(pts);
	/* keep names the point as before --mode existed (dashboards key on it) */
	snprintf(mode, sizeof(mode), "mode:%s/", compat_modes[o->mode]);
	snprintf(pt->name, sizeof(pt->name),
		 "dma/compat/%sgranule:%d/dir:%s/dma_bits:%d/trans_ns:%d/node:%d/threads:%d",
		 o->mode ? mode : "", o->granule, dirs[o->dir], o->dma_bits,
		 o->trans_ns, o->node, o->threads);
	return IB_EXIT_OK;
}

static void fmt_ns(char *buf, size_t len, double v)
{
	if (v < 0)
		snprintf(buf, len, "%s", "-");
	else
		snprintf(buf, len, "%.1f", v);
}

/* One row of our table: mean (exact), stddev, p50, p99, p99.9, max. */
static void print_row(const char *what, double mean, const uint64_t *h)
{
	double sd = -1, p50 = -1, p99 = -1, p999 = -1, max = -1;
	char c[6][32];

	hist_stddev(h, &sd);
	hist_percentile(h, 50.0, &p50);
	hist_percentile(h, 99.0, &p99);
	hist_percentile(h, 99.9, &p999);
	hist_max(h, &max);
	fmt_ns(c[0], sizeof(c[0]), mean);
	fmt_ns(c[1], sizeof(c[1]), sd);
	fmt_ns(c[2], sizeof(c[2]), p50);
	fmt_ns(c[3], sizeof(c[3]), p99);
	fmt_ns(c[4], sizeof(c[4]), p999);
	fmt_ns(c[5], sizeof(c[5]), max);
	printf("  %-6s %12s %12s %12s %12s %12s %12s\n", what, c[0], c[1], c[2],
	       c[3], c[4], c[5]);
}

/* session summary hook: the tool's lines, then ours. */
static void compat_summary(struct session *se)
{
	const struct compat_opts *o = &g_opts;
	const struct iommubench_run_report *r = &se->pr.last;
	/* one the module did not write (hist_written) is zero: no figures */
	const uint64_t *map = se->pr.hists +
		(size_t)IOMMUBENCH_HIST_MAP * IOMMUBENCH_HIST_BUCKETS;
	const uint64_t *unmap = se->pr.hists +
		(size_t)IOMMUBENCH_HIST_UNMAP * IOMMUBENCH_HIST_BUCKETS;
	struct dmabench_figures fig;
	double ops, ops_per_s;
	char cpus[256];

	if (!se->pr.runs_ok) {
		printf("compat: no result: %s\n",
		       se->pr.last_error[0] ? se->pr.last_error : "not run");
		return;
	}
	dmabench_figures(r->map_ns, r->unmap_ns, r->ops_done, map, unmap, &fig);
	dmabench_print(stdout, o->threads, o->seconds, o->node, o->dir,
		       o->granule, &fig);
	ops = (double)r->ops_done;
	ops_per_s = r->elapsed_ns ? ops * 1e9 / (double)r->elapsed_ns : -1;
	printf("iommubench, same run (ns; mean from the kernel's exact sums, the rest from its histograms):\n");
	printf("  %-6s %12s %12s %12s %12s %12s %12s\n", "", "mean", "stddev",
	       "p50", "p99", "p99.9", "max");
	print_row("map", (double)r->map_ns / ops, map);
	print_row("unmap", (double)r->unmap_ns / ops, unmap);
	cpulist_format(se->cc->cpus, (size_t)o->threads, cpus, sizeof(cpus));
	printf("  ops %" PRIu64 " in %.3f s: %.0f ops/s (%.0f per thread), %d thread%s on CPU%s %s (%s)\n",
	       (uint64_t)r->ops_done, (double)r->elapsed_ns / 1e9, ops_per_s,
	       ops_per_s / o->threads, o->threads, o->threads == 1 ? "" : "s",
	       o->threads == 1 ? "" : "s", cpus, se->cc->locality);
	if (r->result_flags & IOMMUBENCH_RES_INVAL_AVAILABLE)
		printf("  invalidations per op %.4f (%.1f ns waiting per op)",
		       (double)r->inval_count / ops,
		       (double)r->inval_wait_ns / ops);
	else
		printf("  invalidations per op: not available (no probe)");
	printf("; domain %s; clock overhead %" PRIu64 " ns\n",
	       metrics_domain_type_name(r->domain_type),
	       (uint64_t)r->clock_overhead_ns);
}

int cmd_compat(int argc, char **argv)
{
	static struct cpu_choice cc;
	static struct session se;
	static struct suite_point pt;
	char err[1024];
	int rc;

	session_init(&se, "compat", &cc);
	rc = parse_opts(argc, argv, &g_opts);
	if (rc < 0)
		return IB_EXIT_OK;
	if (rc)
		return rc;
	rc = make_point(&g_opts, &pt);
	if (rc)
		return rc;
	rc = device_resolve(syspaths_sysfs(), g_opts.device, se.bdf,
			    sizeof(se.bdf), err, sizeof(err));
	if (rc) {
		fprintf(stderr, "iommubench compat: %s\n", err);
		return rc == DEVICE_EUSAGE ? IB_EXIT_USAGE : IB_EXIT_ENV;
	}
	if (g_opts.node >= 0)
		rc = cpus_choose_node(syspaths_sysfs(), g_opts.node, &cc, err,
				      sizeof(err));
	else
		rc = cpus_choose(syspaths_sysfs(), se.bdf, NULL, &cc, err,
				 sizeof(err));
	if (rc) {
		fprintf(stderr, "iommubench compat: %s\n", err);
		return IB_EXIT_USAGE;
	}
	if ((size_t)g_opts.threads > cc.n) {
		fprintf(stderr,
			"iommubench compat: --threads %d needs %d CPUs, %zu available (%s); our workers are pinned one per CPU\n",
			g_opts.threads, g_opts.threads, cc.n, cc.locality);
		return IB_EXIT_USAGE;
	}
	se.pts = &pt;
	se.npts = 1;
	se.out_dir = g_opts.out_dir;
	se.run_id_opt = g_opts.run_id;
	se.platform = g_opts.platform;
	se.suite_name = "compat";
	se.suite_file = "-";
	se.reps = 1;
	se.quiet = true;
	se.summary = compat_summary;
	printf("iommubench compat: %s for %d s on %s (%s), %s\n", pt.name,
	       g_opts.seconds, se.bdf, cc.locality,
	       g_opts.trans_ns ? "shape hold" : "shape pair");
	fflush(stdout);
	rc = session_open(&se);
	if (!rc)
		rc = session_run(&se);
	/* One point: skipped or failed, the command did not do its job. */
	if (!rc && (se.pr.skipped || !se.pr.runs_ok))
		rc = IB_EXIT_FAILED;
	session_close(&se);
	return rc;
}
