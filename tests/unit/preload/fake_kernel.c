// SPDX-License-Identifier: GPL-2.0
/*
 * fake_kernel.so: LD_PRELOAD'ed into build/iommubench by test_run_e2e.c so
 * the whole `run` command can be exercised without the module or root.
 *
 *  - ioctl(): answers IOMMUBENCH_IOC_INFO and IOMMUBENCH_IOC_RUN (ABI 6,
 *    the module's size rules) with the fixed results of fake_kmod.c, with
 *    a live invalidation probe (fake_kmod_inval_probe);
 *  - write(): makes the fake sysfs tree under $FAKE_SYSFS behave like the
 *    kernel's for bind, unbind, driver_override and an IOMMU group's type
 *    (kernel/iommu_groups/<n>/type: DMA, DMA-FQ, identity or auto, only
 *    while no device of the group has a driver, EBUSY otherwise, as 6.1
 *    does), so the runner's binding, type switching and restoring can be
 *    checked afterwards. Every type write is appended to
 *    $FAKE_SYSFS/../type-writes.log ("DMA ok", "DMA-FQ EBUSY").
 *  - the dma path reports the group's type as its domain_type.
 *  - open() of $IOMMUBENCH_DEVNODE: one opener at a time, like the module
 *    (an flock on it; a second process gets EBUSY).
 *
 * Environment: FAKE_SYSFS (required), FAKE_BLOCK_DIR (RUN creates
 * FAKE_BLOCK_DIR/blocked and sleeps until a signal), FAKE_FAIL_SIZE (RUN
 * fails with ENOMEM for that buf_size), FAKE_TYPE_REFUSE (type writes fail
 * with EINVAL, as on a device that cannot have that domain),
 * FAKE_DISK_DIR and FAKE_DISK_FULL_AT (the disk under FAKE_DISK_DIR fills
 * up at the first write to a path containing FAKE_DISK_FULL_AT: that write
 * and every later one under FAKE_DISK_DIR fail with ENOSPC) or
 * FAKE_DISK_FAIL_AT=SUBSTRING@N (only the N-th write to a path containing
 * SUBSTRING fails with ENOSPC).
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "../fake_kmod.h"
#include "iommubench.h"

static char root[PATH_MAX];

static const char *fake_root(void)
{
	const char *r = getenv("FAKE_SYSFS");

	if (!root[0] && r && !realpath(r, root))
		root[0] = '\0';
	return root[0] ? root : NULL;
}

static ssize_t real_write(int fd, const void *buf, size_t n)
{
	static ssize_t (*fn)(int, const void *, size_t);

	if (!fn)
		fn = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	return fn(fd, buf, n);
}

/* The device's driver, "" if none. */
static void driver_of(const char *bdf, char *drv, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	const char *base;

	snprintf(link, sizeof(link), "%s/bus/pci/devices/%s/driver", root, bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		drv[0] = '\0';
		return;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(drv, len, "%s", base ? base + 1 : target);
}

static void read_override(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/driver_override",
		 root, bdf);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(buf, (int)len, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

/* drivers/<drv>/bind or unbind with a device name, as the kernel does it. */
static int driver_attr(const char *drv, const char *attr, const char *bdf)
{
	char link[PATH_MAX], target[PATH_MAX], now[128], ov[128];

	snprintf(link, sizeof(link), "%s/bus/pci/devices/%s/driver", root, bdf);
	driver_of(bdf, now, sizeof(now));
	if (!strcmp(attr, "unbind")) {
		if (strcmp(now, drv))
			return -ENODEV;
		return unlink(link) ? -errno : 0;
	}
	if (now[0])
		return -EBUSY;
	read_override(bdf, ov, sizeof(ov));
	if (ov[0] && strcmp(ov, "(null)") && strcmp(ov, drv))
		return -ENODEV;	/* the override only lets its driver probe */
	snprintf(target, sizeof(target), "../../drivers/%s", drv);
	return symlink(target, link) ? -errno : 0;
}

/* Is path a group's type attribute under the fake root? */
static bool is_type_attr(const char *path)
{
	char real[PATH_MAX];
	const char *r = fake_root();
	size_t n;

	if (!r || !realpath(path, real) || strncmp(real, r, strlen(r)))
		return false;
	n = strlen(real);
	return strstr(real, "/kernel/iommu_groups/") && n > 5 &&
	       !strcmp(real + n - 5, "/type");
}

/*
 * sysfs ignores O_TRUNC; a plain file would lose the type even when the
 * write is then refused. The type write truncates itself when it succeeds.
 */
static int open_common(const char *path, int flags, mode_t mode,
		       const char *sym)
{
	int (*fn)(const char *, int, ...) =
		(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);
	const char *node = getenv("IOMMUBENCH_DEVNODE");
	int fd;

	if ((flags & O_TRUNC) && is_type_attr(path))
		flags &= ~O_TRUNC;
	fd = fn(path, flags, mode);
	/* the module's ib_open(): one opener, EBUSY for the next */
	if (fd >= 0 && node && !strcmp(path, node) &&
	    flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);
		errno = EBUSY;
		return -1;
	}
	return fd;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(path, flags, mode, "open");
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common(path, flags, mode, "open64");
}

/* Does any device of iommu_groups/<group> have a driver? */
static bool group_busy(const char *group)
{
	char dir[PATH_MAX], drv[128];
	struct dirent *e;
	bool busy = false;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/kernel/iommu_groups/%s/devices", root,
		 group);
	d = opendir(dir);
	if (!d)
		return false;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			driver_of(e->d_name, drv, sizeof(drv));
			busy |= drv[0] != '\0';
		}
	closedir(d);
	return busy;
}

static void log_type_write(const char *val, const char *what)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/../type-writes.log", root);
	f = fopen(path, "a");
	if (f) {
		fprintf(f, "%s %s\n", val, what);
		fclose(f);
	}
}

/* kernel/iommu_groups/<group>/type: 0 or -errno, like the kernel. */
static int group_type_write(const char *group, const char *val)
{
	int e = 0;

	if (strcmp(val, "DMA") && strcmp(val, "DMA-FQ") &&
	    strcmp(val, "identity") && strcmp(val, "auto"))
		e = -EINVAL;
	else if (group_busy(group))
		e = -EBUSY;
	else if (getenv("FAKE_TYPE_REFUSE"))
		e = -EINVAL;
	log_type_write(val, e == -EINVAL ? "EINVAL" : e == -EBUSY ? "EBUSY" :
			    "ok");
	return e;
}

/* FAKE_DISK_DIR, FAKE_DISK_FULL_AT: is the disk full for this write? */
static bool disk_full(int fd)
{
	static bool full;
	static unsigned long matched;
	const char *dir = getenv("FAKE_DISK_DIR");
	const char *at = getenv("FAKE_DISK_FULL_AT");
	const char *once = getenv("FAKE_DISK_FAIL_AT");
	char lp[64], path[PATH_MAX], real[PATH_MAX], sub[256];
	unsigned long nth = 0;
	ssize_t k;

	if (!dir || (!at && !once) || !realpath(dir, real))
		return false;
	snprintf(lp, sizeof(lp), "/proc/self/fd/%d", fd);
	k = readlink(lp, path, sizeof(path) - 1);
	if (k <= 0)
		return false;
	path[k] = '\0';
	if (strncmp(path, real, strlen(real)))
		return false;
	if (once && sscanf(once, "%255[^@]@%lu", sub, &nth) == 2)
		return strstr(path, sub) && ++matched == nth;
	if (at && strstr(path, at))
		full = true;
	return full;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	char lp[64], path[PATH_MAX], val[128], drv[128], attr[16], grp[32];
	const char *r = fake_root();
	size_t rl;
	ssize_t k;
	int e;

	if (fd > 2 && disk_full(fd)) {
		errno = ENOSPC;
		return -1;
	}
	if (!r || fd <= 2)
		return real_write(fd, buf, n);
	snprintf(lp, sizeof(lp), "/proc/self/fd/%d", fd);
	k = readlink(lp, path, sizeof(path) - 1);
	rl = strlen(r);
	if (k <= 0 || (size_t)k <= rl || strncmp(path, r, rl))
		return real_write(fd, buf, n);
	path[k] = '\0';
	snprintf(val, sizeof(val), "%.*s", (int)(n < sizeof(val) ? n : sizeof(val) - 1),
		 (const char *)buf);
	if (strstr(path, "/driver_override") && !strcmp(val, "\n"))
		return real_write(fd, "(null)\n", 7) == 7 ? (ssize_t)n : -1;
	if (sscanf(path + rl, "/kernel/iommu_groups/%31[^/]/%15s", grp, attr) == 2 &&
	    !strcmp(attr, "type")) {
		val[strcspn(val, "\n")] = '\0';
		e = group_type_write(grp, val);
		if (e) {
			errno = -e;
			return -1;
		}
		if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET))
			return -1;
	}
	if (sscanf(path + rl, "/bus/pci/drivers/%127[^/]/%15s", drv, attr) == 2 &&
	    (!strcmp(attr, "bind") || !strcmp(attr, "unbind"))) {
		val[strcspn(val, "\n")] = '\0';
		e = driver_attr(drv, attr, val);
		if (e) {
			errno = -e;
			return -1;
		}
	}
	return real_write(fd, buf, n);
}

static int fake_info(struct iommubench_info *in)
{
	const char *bdf = getenv("FAKE_BDF");
	char drv[128] = "";

	struct iommubench_info info;
	size_t n;

	/* as the module: at least the first version; min(size, sizeof) back */
	if (in->size < IOMMUBENCH_INFO_SIZE_VER0)
		return -EINVAL;
	n = in->size < sizeof(info) ? in->size : sizeof(info);
	memset(&info, 0, sizeof(info));
	info.size = (uint32_t)n;
	info.abi_version = IOMMUBENCH_ABI_VERSION;
	info.hw_pgsize_bitmap = FAKE_KMOD_HW_PGSIZE;
	info.aperture_end = (1ULL << 48) - 1;
	snprintf(info.inval_probe, sizeof(info.inval_probe), "qi_submit_sync");
	info.flags = IOMMUBENCH_INFO_INVAL_PROBE;
	if (bdf && fake_root())
		driver_of(bdf, drv, sizeof(drv));
	if (!strcmp(drv, IOMMUBENCH_DRV_NAME)) {
		info.flags |= IOMMUBENCH_INFO_BOUND | IOMMUBENCH_INFO_HAS_DOMAIN;
		snprintf(info.device, sizeof(info.device), "%s", bdf);
	}
	memcpy(in, &info, n);
	return 0;
}

/* The dma path runs on the group's default domain: its type now. */
static unsigned int dma_domain(void)
{
	const char *bdf = getenv("FAKE_BDF");
	char path[PATH_MAX], type[64] = "";
	FILE *f;

	if (!bdf || !fake_root())
		return IOMMUBENCH_DOMAIN_NONE;
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/iommu_group/type",
		 root, bdf);
	f = fopen(path, "r");
	if (!f)
		return IOMMUBENCH_DOMAIN_NONE;
	if (!fgets(type, sizeof(type), f))
		type[0] = '\0';
	fclose(f);
	type[strcspn(type, "\n")] = '\0';
	if (!strcmp(type, "DMA"))
		return IOMMUBENCH_DOMAIN_DMA;
	if (!strcmp(type, "DMA-FQ"))
		return IOMMUBENCH_DOMAIN_DMA_FQ;
	if (!strcmp(type, "identity"))
		return IOMMUBENCH_DOMAIN_IDENTITY;
	return IOMMUBENCH_DOMAIN_OTHER;
}

static unsigned long run_calls;

static int fake_run(int fd, struct iommubench_run *r)
{
	const char *block = getenv("FAKE_BLOCK_DIR");
	const char *fail = getenv("FAKE_FAIL_SIZE");
	struct fake_kmod_request q;
	int e;

	e = fake_kmod_read(r, &q);
	if (e)
		return e;
	/* FAKE_BLOCK_AFTER=N: only the RUN calls after the first N block. */
	if (block && getenv("FAKE_BLOCK_AFTER") &&
	    run_calls++ < strtoul(getenv("FAKE_BLOCK_AFTER"), NULL, 10))
		block = NULL;
	if (block) {
		char marker[PATH_MAX];
		struct timespec ts = { .tv_sec = 30 };
		FILE *f;

		snprintf(marker, sizeof(marker), "%s/blocked", block);
		f = fopen(marker, "w");
		if (f)
			fclose(f);
		/* Like the module: a signal ends the run with EINTR. */
		if (nanosleep(&ts, NULL) && errno == EINTR)
			return -EINTR;
	}
	if (fail && strtoull(fail, NULL, 10) == q.req.buf_size)
		return -ENOMEM;
	fake_kmod_dma_domain = dma_domain();
	fake_kmod_inval_probe = 1;	/* qi_submit_sync, as INFO says */
	return fake_kmod_run(fd, r);
}

int ioctl(int fd, unsigned long req, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	void *arg;
	int e;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (req == IOMMUBENCH_IOC_INFO)
		e = fake_info(arg);
	else if (req == IOMMUBENCH_IOC_RUN)
		e = fake_run(fd, arg);
	else {
		if (!real)
			real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
		return real(fd, req, arg);
	}
	if (e) {
		errno = -e;
		return -1;
	}
	return 0;
}
