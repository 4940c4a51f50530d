// SPDX-License-Identifier: GPL-2.0
/*
 * s390_check: the module on s390x's zPCI IOMMU, run as a static program in the
 * s390x guest (bench/vm/run-in-vm-s390x.sh, tests/s390x/run.sh).
 *
 * It loads the module, binds the zPCI device to it through driver_override,
 * checks what INFO reports and what `iommu` and `dma` runs cost in RPCITs
 * (zpci_refresh_trans, counted by the module's kretprobe), unbinds, unloads
 * and looks for trouble in the kernel log. Prints PASS/FAIL/INFO lines and
 * ends with "N passed, N failed"; exits 1 if any check failed.
 *
 * What differs by kernel (Debian 6.1 vs 6.12 on s390x):
 *   6.1	s390-iommu's own DMA ops (arch/s390/pci/pci_dma.c), no default
 *		domain, pgsize_bitmap ~0xfff, unmap_fast + sync does not batch
 *   6.12	dma-iommu with a flush queue, pgsize_bitmap 0x1000, gathered
 *		unmaps flushed once per iotlb_sync
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "iommubench.h"

static int passed, failed;
static int fd = -1;
static uint32_t cpu0;
static uint64_t *hist;
static struct iommubench_worker_result workers[1];
static const char *dev = "0001:00:00.0";
static const char *ko = "/iommubench.ko";
static int series_612;	/* 1: 6.12, 0: 6.1 */

static void check(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check(int ok, const char *name, const char *fmt, ...)
{
	char detail[256] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	if (ok)
		passed++;
	else
		failed++;
	printf("%s: %s%s%s\n", ok ? "PASS" : "FAIL", name, *detail ? ": " : "",
	       detail);
	fflush(stdout);
}

/* Write a string to a sysfs file; 0 or an errno. */
static int sysfs_write(const char *path, const char *val)
{
	int f = open(path, O_WRONLY), err = 0;

	if (f < 0)
		return errno;
	if (write(f, val, strlen(val)) < 0)
		err = errno;
	close(f);
	return err;
}

static int get_info(struct iommubench_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, IOMMUBENCH_IOC_INFO, info);
}

/* One RUN (ABI 6): the header and the three structs it points at. */
struct run {
	struct iommubench_run hdr;
	struct iommubench_run_req req;
	union {
		struct iommubench_iommu_args iommu;
		struct iommubench_dma_args dma;
	} a;
	struct iommubench_run_report rep;
};

/* The request every run here makes: one worker on CPU 0, a pair per op. */
static void run_init(struct run *r, uint32_t path, uint32_t args_size,
		     uint64_t buf_size, uint64_t ops)
{
	memset(r, 0, sizeof(*r));
	r->hdr.size = sizeof(r->hdr);
	r->hdr.path = path;
	r->hdr.req_ptr = (uintptr_t)&r->req;
	r->hdr.req_size = sizeof(r->req);
	r->hdr.args_ptr = (uintptr_t)&r->a;
	r->hdr.args_size = args_size;
	r->hdr.report_ptr = (uintptr_t)&r->rep;
	r->hdr.report_size = sizeof(r->rep);
	r->req.shape = IOMMUBENCH_SHAPE_PAIR;
	r->req.nr_threads = 1;
	r->req.buf_size = buf_size;
	r->req.ops = ops;
	r->req.warmup_ops = 2;
	r->req.cpus_ptr = (uintptr_t)&cpu0;
	r->req.hist_ptr = (uintptr_t)hist;
	r->req.workers_ptr = (uintptr_t)workers;
	r->req.hist_count = IOMMUBENCH_HIST_NR;
	r->req.worker_result_size = sizeof(workers[0]);
}

/* One `iommu` run of 2 MiB per op; returns 0 or an errno. */
static int iommu_run(struct run *r, uint32_t map, uint32_t unmap,
		     uint64_t pgsize_mask, uint64_t ops, uint32_t batch)
{
	run_init(r, IOMMUBENCH_PATH_IOMMU, sizeof(r->a.iommu), 2 << 20, ops);
	r->a.iommu.map_mode = map;
	r->a.iommu.unmap_mode = unmap;
	r->a.iommu.batch = batch;
	r->a.iommu.pgsize_mask = pgsize_mask;
	r->req.flags = IOMMUBENCH_RUN_COUNT_DRIVER_CALLS;
	return ioctl(fd, IOMMUBENCH_IOC_RUN, &r->hdr) ? errno : 0;
}

static double per_op(uint64_t n, const struct run *r)
{
	return r->rep.ops_done ? (double)n / (double)r->rep.ops_done : 0.0;
}

static const char *domain_name(uint32_t t)
{
	static const char *const n[] = { "none", "identity", "dma", "dma-fq",
					 "paging", "other" };

	return t < sizeof(n) / sizeof(n[0]) ? n[t] : "?";
}

/* Run one iommu configuration, print its figures; invalidations per op or -1. */
static double measure(const char *label, uint32_t map, uint32_t unmap,
		      uint64_t mask, uint64_t ops, uint32_t batch)
{
	struct run r;
	char name[128];
	int err = iommu_run(&r, map, unmap, mask, ops, batch);

	snprintf(name, sizeof(name), "iommu run %s", label);
	check(!err && r.rep.ops_done == ops, name,
	      "%s, ops %llu, domain %s", err ? strerror(err) : "ok",
	      (unsigned long long)r.rep.ops_done, domain_name(r.rep.domain_type));
	if (err)
		return -1;
	printf("INFO: %s: %.1f invalidations (RPCITs)/op%s, %.1f driver map calls/op%s, "
	       "%llu iommu_map calls/op, %.1f us/op, eff pgsize %#llx\n",
	       label, per_op(r.rep.inval_count, &r),
	       (r.rep.result_flags & IOMMUBENCH_RES_INVAL_AVAILABLE) ? "" : " (no probe)",
	       per_op(r.rep.driver_map_calls, &r),
	       (r.rep.result_flags & IOMMUBENCH_RES_DRV_AVAILABLE) ? "" : " (no probe)",
	       (unsigned long long)r.rep.map_calls,
	       r.rep.ops_done ? (double)(r.rep.map_ns + r.rep.unmap_ns) / r.rep.ops_done / 1000.0 : 0.0,
	       (unsigned long long)r.rep.eff_pgsize_bitmap);
	fflush(stdout);
	if (!(r.rep.result_flags & IOMMUBENCH_RES_INVAL_AVAILABLE))
		return -1;
	return per_op(r.rep.inval_count, &r);
}

static void at_rest(const char *when)
{
	struct iommubench_info info;
	char name[128];
	int ret = get_info(&info);

	snprintf(name, sizeof(name), "nothing left allocated or mapped %s", when);
	check(!ret && info.alloc_pages == 0 && info.live_mappings == 0, name,
	      "alloc_pages %llu, live_mappings %llu",
	      (unsigned long long)info.alloc_pages,
	      (unsigned long long)info.live_mappings);
}

static int dma_run(struct run *r, uint32_t dma_bits)
{
	run_init(r, IOMMUBENCH_PATH_DMA, sizeof(r->a.dma), 4096, 200);
	r->a.dma.dma_api = IOMMUBENCH_DMA_PAGE;
	r->a.dma.dma_dir = IOMMUBENCH_DIR_BIDIRECTIONAL;
	r->a.dma.dma_bits = dma_bits;
	return ioctl(fd, IOMMUBENCH_IOC_RUN, &r->hdr) ? errno : 0;
}

static void dma_check(void)
{
	struct run r;
	int err;

	/*
	 * A 32-bit DMA mask: QEMU's zPCI DMA window starts at 4 GiB, so
	 * dma-iommu (6.12) finds no IOVA below it; whatever happens, the run
	 * must end cleanly (checked by the at_rest() that follows).
	 */
	err = dma_run(&r, 32);
	printf("INFO: dma_map_page 4 KiB with a 32-bit DMA mask: %s, domain %s, ops %llu\n",
	       err ? strerror(err) : "ok", domain_name(r.rep.domain_type),
	       (unsigned long long)r.rep.ops_done);
	at_rest("after the 32-bit-mask dma run");

	err = dma_run(&r, 0);
	/* fq_flush_iotlb is inlined in Debian's 6.12 s390x: only the timer is probed */
	printf("INFO: dma_map_page 4 KiB: %s, domain %s, %.2f RPCITs/op, %llu fq timer flushes%s, %.1f us/op\n",
	       err ? strerror(err) : "ok", domain_name(r.rep.domain_type),
	       per_op(r.rep.inval_count, &r), (unsigned long long)r.rep.fq_timeout_count,
	       (r.rep.result_flags & IOMMUBENCH_RES_FQ_AVAILABLE) ? "" : " (fq_flush_iotlb not probed)",
	       r.rep.ops_done ? (double)(r.rep.map_ns + r.rep.unmap_ns) / r.rep.ops_done / 1000.0 : 0.0);
	if (series_612)
		/* dma-iommu with a flush queue: the default on 6.12 */
		check(!err && r.rep.ops_done == 200 && r.rep.domain_type == IOMMUBENCH_DOMAIN_DMA_FQ,
		      "dma run on the default domain (dma-fq)", "%s, domain %s",
		      err ? strerror(err) : "ok", domain_name(r.rep.domain_type));
	else
		/* no default domain: iommu_get_domain_for_dev() is NULL, DMA goes through pci_dma.c */
		check(!err && r.rep.ops_done == 200 && r.rep.domain_type == IOMMUBENCH_DOMAIN_NONE,
		      "dma run without a default domain (s390 pci_dma ops)", "%s, domain %s",
		      err ? strerror(err) : "ok", domain_name(r.rep.domain_type));
}

/* DMESG_BAD_RE of bench/vm/dmesg.sh, as plain substrings (the host checks dmesg.txt with it too) */
static const char *const bad_re[] = {
	"WARNING:", "BUG:", "Oops", "soft lockup", "hard LOCKUP", "self-detected stall",
	"rcu: INFO", "hung_task", "blocked for more than", "Call Trace", "Kernel panic",
	"UBSAN:", "general protection fault", NULL,
};

static void klog_check(void)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf, *line, *save;
	int n, bad = 0, i;

	if (len <= 0)
		len = 1 << 20;
	buf = calloc(1, (size_t)len + 1);
	if (!buf)
		return;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	check(n > 0, "kernel log readable", n < 0 ? "%s" : NULL, strerror(errno));
	for (line = strtok_r(buf, "\n", &save); n > 0 && line;
	     line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; bad_re[i]; i++) {
			if (strstr(line, bad_re[i])) {
				if (bad++ < 10)
					printf("  dmesg: %s\n", line);
				break;
			}
		}
	}
	check(!bad, "kernel log has no WARN/BUG/Oops/lockup", "%d bad lines", bad);
	free(buf);
}

int main(int argc, char **argv)
{
	char path[256], drv[256], why[64];
	struct iommubench_info info;
	struct utsname u;
	double pp_strict, pp_def, rg_strict, rg_def;
	int i, f, err, bound = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ko") && i + 1 < argc) {
			ko = argv[++i];
		} else if (!strcmp(argv[i], "--dev") && i + 1 < argc) {
			dev = argv[++i];
		} else {
			printf("usage: %s [--ko PATH] [--dev BDF]\n"
			       "  loads the module (default /iommubench.ko), binds BDF (default 0001:00:00.0),\n"
			       "  checks the zPCI IOMMU figures, unbinds, unloads; ends with \"N passed, N failed\"\n",
			       argv[0]);
			return strcmp(argv[i], "--help") && strcmp(argv[i], "-h") ? 2 : 0;
		}
	}
	uname(&u);
	series_612 = !strncmp(u.release, "6.12.", 5);
	printf("INFO: kernel %s (%s), device %s\n", u.release,
	       series_612 ? "6.12 expectations" : "6.1 expectations", dev);
	hist = calloc((size_t)IOMMUBENCH_HIST_NR * IOMMUBENCH_HIST_BUCKETS, sizeof(*hist));
	if (!hist)
		return 4;

	/* load */
	f = open(ko, O_RDONLY | O_CLOEXEC);
	err = f < 0 ? errno : (syscall(SYS_finit_module, f, "", 0) ? errno : 0);
	if (f >= 0)
		close(f);
	check(!err, "insmod", err ? "%s: %s" : NULL, ko, strerror(err));
	if (err)
		goto out;

	/* bind through driver_override, unbinding a built-in driver first (virtio-pci, 6.12) */
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", dev);
	err = sysfs_write(path, IOMMUBENCH_DRV_NAME);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", dev);
	f = (int)readlink(path, drv, sizeof(drv) - 1);
	if (!err && f > 0) {
		drv[f] = 0;
		printf("INFO: %s was bound to %s: unbinding\n", dev, strrchr(drv, '/') + 1);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", dev);
		err = sysfs_write(path, dev);
	}
	if (!err)
		err = sysfs_write("/sys/bus/pci/drivers_probe", dev);
	check(!err, "bind through driver_override", err ? "%s" : NULL, strerror(err));
	fd = open("/dev/" IOMMUBENCH_DEV_NAME, O_RDWR);
	check(fd >= 0, "open /dev/iommubench", fd < 0 ? "%s" : NULL, strerror(errno));
	if (fd < 0)
		goto unload;

	err = get_info(&info) ? errno : 0;
	bound = !err && (info.flags & IOMMUBENCH_INFO_BOUND);
	check(bound, "INFO: a device is bound", "%s, flags %#x, device '%s'",
	      err ? strerror(err) : "ok", info.flags, info.device);
	printf("INFO: hw_pgsize_bitmap %#llx, aperture %#llx..%#llx, probes '%s'\n",
	       (unsigned long long)info.hw_pgsize_bitmap,
	       (unsigned long long)info.aperture_start,
	       (unsigned long long)info.aperture_end, info.inval_probe);
	if (series_612)
		check(info.hw_pgsize_bitmap == 0x1000, "hw pgsize bitmap is 0x1000 (6.12)",
		      "%#llx", (unsigned long long)info.hw_pgsize_bitmap);
	else
		check(info.hw_pgsize_bitmap == ~0xfffULL, "hw pgsize bitmap is ~0xfff (6.1)",
		      "%#llx", (unsigned long long)info.hw_pgsize_bitmap);
	check(strstr(info.inval_probe, "zpci_refresh_trans") != NULL,
	      "zpci_refresh_trans probed", "'%s'", info.inval_probe);
	if (!bound)
		goto close;

	/* 2 MiB per op: 512 pages of 4 KiB */
	pp_strict = measure("per-page strict", IOMMUBENCH_MAP_PER_PAGE,
			    IOMMUBENCH_UNMAP_STRICT, 0x1000, 8, 1);
	pp_def = measure("per-page deferred (batch 8)", IOMMUBENCH_MAP_PER_PAGE,
			 IOMMUBENCH_UNMAP_DEFERRED, 0x1000, 8, 8);
	rg_strict = measure("range strict", IOMMUBENCH_MAP_RANGE,
			    IOMMUBENCH_UNMAP_STRICT, 0, 32, 1);
	rg_def = measure("range deferred (batch 32)", IOMMUBENCH_MAP_RANGE,
			 IOMMUBENCH_UNMAP_DEFERRED, 0, 32, 32);

	snprintf(why, sizeof(why), "%.1f/op", pp_strict);
	check(pp_strict >= 512, "per-page map of 2 MiB at 4 KiB costs >= 512 RPCITs per op", "%s", why);
	check(pp_strict >= 0 && rg_strict >= 0 && rg_strict < pp_strict,
	      "range map costs fewer RPCITs than per-page (strict)", "%.1f vs %.1f/op",
	      rg_strict, pp_strict);
	if (series_612) {
		check(pp_def >= 0 && pp_def < pp_strict,
		      "deferred unmap makes fewer RPCITs than strict (per-page)",
		      "%.1f vs %.1f/op", pp_def, pp_strict);
	} else {
		/* 6.1's s390-iommu invalidates in unmap itself: the gather has nothing to batch */
		printf("INFO: 6.1: deferred vs strict per-page %.1f vs %.1f RPCITs/op, range %.1f vs %.1f%s\n",
		       pp_def, pp_strict, rg_def, rg_strict,
		       pp_def >= pp_strict ? " (unmap_fast + sync does not batch here)" : "");
	}
	at_rest("after the iommu runs");
	dma_check();
	at_rest("after the dma run");
close:
	close(fd);
	fd = -1;
unload:
	if (bound) {
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", dev);
		err = sysfs_write(path, dev);
		check(!err, "unbind", err ? "%s" : NULL, strerror(err));
	}
	err = syscall(SYS_delete_module, "iommubench", O_NONBLOCK) ? errno : 0;
	check(!err, "rmmod", err ? "%s" : NULL, strerror(err));
out:
	klog_check();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
