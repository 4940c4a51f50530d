// SPDX-License-Identifier: GPL-2.0
/* device: PCI device lookup and driver_override binding; see device.h. */
#include "device.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errname.h"
#include "fsutil.h"

/* Exactly min..max hex digits at *s; advances *s. */
static bool take_hex(const char **s, int min, int max, unsigned int *out)
{
	unsigned int v = 0;
	int n = 0;

	while (n < max && isxdigit((unsigned char)**s)) {
		char c = (char)tolower((unsigned char)**s);

		v = v * 16 + (unsigned int)(isdigit((unsigned char)c) ?
					    c - '0' : c - 'a' + 10);
		(*s)++;
		n++;
	}
	*out = v;
	return n >= min && !isxdigit((unsigned char)**s);
}

/* "[DDDD:]BB:DD.F" (domain 4..8 hex digits); canonical form into bdf. */
static bool parse_bdf(const char *s, char *bdf, size_t len)
{
	unsigned int dom = 0, bus, dev, fn;
	const char *colon = strchr(s, ':');

	if (colon && strchr(colon + 1, ':')) {
		if (!take_hex(&s, 4, 8, &dom) || *s++ != ':')
			return false;
	}
	if (!take_hex(&s, 2, 2, &bus) || *s++ != ':' ||
	    !take_hex(&s, 2, 2, &dev) || *s++ != '.' ||
	    !take_hex(&s, 1, 1, &fn) || *s)
		return false;
	if (dev > 0x1f || fn > 7)
		return false;
	return fs_path(bdf, len, "%04x:%02x:%02x.%x", dom, bus, dev, fn) == 0;
}

/* "VVVV:DDDD", exactly four hex digits each. */
static bool parse_vid_did(const char *s, unsigned int *vid, unsigned int *did)
{
	if (strlen(s) != 9 || s[4] != ':')
		return false;
	for (int i = 0; i < 9; i++)
		if (i != 4 && !isxdigit((unsigned char)s[i]))
			return false;
	return sscanf(s, "%4x:%4x", vid, did) == 2;
}

static int read_hex_attr(const char *sysfs, const char *bdf,
			 const char *attr, unsigned int *out)
{
	char path[512], buf[32];
	char *end;
	unsigned long v;

	if (fs_path(path, sizeof(path), "%s/bus/pci/devices/%s/%s", sysfs,
		    bdf, attr) || fs_read_str(path, buf, sizeof(buf)))
		return -1;
	v = strtoul(buf, &end, 16);
	if (end == buf || *end)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int find_by_id(const char *sysfs, unsigned int vid, unsigned int did,
		      char *bdf, size_t len, char *err, size_t errlen)
{
	struct dirent **ents = NULL;
	char dir[512];
	int n, found = -1;

	if (fs_path(dir, sizeof(dir), "%s/bus/pci/devices", sysfs))
		return DEVICE_EENV;
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		snprintf(err, errlen, "cannot list %s: %s", dir,
			 strerror(errno));
		return DEVICE_EENV;
	}
	for (int i = 0; i < n; i++) {
		unsigned int v, d;

		if (found < 0 && ents[i]->d_name[0] != '.' &&
		    !read_hex_attr(sysfs, ents[i]->d_name, "vendor", &v) &&
		    !read_hex_attr(sysfs, ents[i]->d_name, "device", &d) &&
		    v == vid && d == did)
			found = i;
	}
	if (found >= 0 && fs_path(bdf, len, "%s", ents[found]->d_name))
		found = -1;
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	if (found < 0) {
		snprintf(err, errlen, "no PCI device with id %04x:%04x in %s",
			 vid, did, dir);
		return DEVICE_EENV;
	}
	return DEVICE_OK;
}

int device_resolve(const char *sysfs, const char *spec, char *bdf,
		   size_t len, char *err, size_t errlen)
{
	unsigned int vid, did;
	char path[512];
	struct stat st;

	if (parse_vid_did(spec, &vid, &did))
		return find_by_id(sysfs, vid, did, bdf, len, err, errlen);
	if (!parse_bdf(spec, bdf, len)) {
		snprintf(err, errlen,
			 "bad --device '%s' (expected a PCI address like 0000:00:03.0 or VID:DID like 1234:11e8)",
			 spec);
		return DEVICE_EUSAGE;
	}
	if (fs_path(path, sizeof(path), "%s/bus/pci/devices/%s", sysfs, bdf) ||
	    stat(path, &st)) {
		snprintf(err, errlen, "no PCI device %s (%s missing)", bdf,
			 path);
		return DEVICE_EENV;
	}
	return DEVICE_OK;
}

int device_driver(const char *sysfs, const char *bdf, char *buf, size_t len)
{
	char path[512];
	int err;

	err = fs_path(path, sizeof(path), "%s/bus/pci/devices/%s/driver",
		      sysfs, bdf);
	if (err)
		return err;
	err = fs_readlink_base(path, buf, len);
	if (err == -ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	return err;
}

/* Write s to <sysfs>/bus/pci/<rel>; message in err on failure. */
static int write_attr(const struct binding *b, const char *rel,
		      const char *s, char *err, size_t errlen)
{
	char path[512], why[128];
	int e;

	e = fs_path(path, sizeof(path), "%s/bus/pci/%s", b->sysfs, rel);
	if (!e)
		e = fs_write_str(path, s);
	if (e) {
		err_describe(-e, why, sizeof(why));
		snprintf(err, errlen, "writing '%s' to %s: %s",
			 s[0] == '\n' ? "\\n" : s, path, why);
	}
	return e;
}

int device_bind_prepare(struct binding *b, const char *sysfs, const char *bdf,
			const char *drv, char *err, size_t errlen)
{
	char path[512], ov[256];
	struct stat st;
	int e;

	memset(b, 0, sizeof(*b));
	if (fs_path(b->sysfs, sizeof(b->sysfs), "%s", sysfs) ||
	    fs_path(b->bdf, sizeof(b->bdf), "%s", bdf) ||
	    fs_path(b->drv, sizeof(b->drv), "%s", drv) ||
	    fs_path(path, sizeof(path), "%s/bus/pci/drivers/%s", sysfs, drv)) {
		snprintf(err, errlen, "path too long");
		return DEVICE_EENV;
	}
	if (stat(path, &st)) {
		snprintf(err, errlen,
			 "the %s module is not loaded (%s is missing): insmod iommubench.ko first",
			 drv, path);
		return DEVICE_EENV;
	}
	e = device_driver(sysfs, bdf, b->old_driver, sizeof(b->old_driver));
	if (e) {
		snprintf(err, errlen, "cannot read the driver of %s: %s", bdf,
			 strerror(-e));
		return DEVICE_EENV;
	}
	if (!strcmp(b->old_driver, drv)) {
		b->already_ours = true;	/* leave it bound on exit, as found */
		return DEVICE_OK;
	}
	/* driver_override reads "(null)" when unset. */
	e = fs_path(path, sizeof(path), "%s/bus/pci/devices/%s/driver_override",
		    sysfs, bdf);
	if (!e)
		e = fs_read_str(path, ov, sizeof(ov));
	if (e) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-e));
		return DEVICE_EENV;
	}
	if (strcmp(ov, "(null)"))
		snprintf(b->old_override, sizeof(b->old_override), "%s", ov);
	return DEVICE_OK;
}

int device_bind_apply(struct binding *b, char *err, size_t errlen)
{
	const char *bdf = b->bdf, *drv = b->drv;
	char rel[256], now[64];
	int e;

	if (b->already_ours)
		return DEVICE_OK;
	snprintf(rel, sizeof(rel), "devices/%s/driver_override", bdf);
	if (write_attr(b, rel, drv, err, errlen))
		return DEVICE_EENV;
	b->override_written = true;
	if (b->old_driver[0]) {
		snprintf(rel, sizeof(rel), "drivers/%s/unbind", b->old_driver);
		if (write_attr(b, rel, bdf, err, errlen))
			return DEVICE_EENV;
		b->old_unbound = true;
	}
	snprintf(rel, sizeof(rel), "drivers/%s/bind", drv);
	b->bind_written = true;
	e = write_attr(b, rel, bdf, err, errlen);
	if (device_driver(b->sysfs, bdf, now, sizeof(now)) || strcmp(now, drv)) {
		if (!e)
			snprintf(err, errlen,
				 "%s did not bind to %s (it has driver '%s'); see dmesg",
				 bdf, drv, now);
		else
			strncat(err, "; see dmesg", errlen - strlen(err) - 1);
		return DEVICE_EENV;
	}
	return DEVICE_OK;
}

int device_bind(struct binding *b, const char *sysfs, const char *bdf,
		const char *drv, char *err, size_t errlen)
{
	int e = device_bind_prepare(b, sysfs, bdf, drv, err, errlen);

	return e ? e : device_bind_apply(b, err, errlen);
}

/* Run one restore step; keep the message of the first failure only. */
static void restore_step(const struct binding *b, const char *rel,
			 const char *s, char *first, size_t len, int *ret)
{
	char msg[512];

	if (!write_attr(b, rel, s, msg, sizeof(msg)))
		return;
	if (!*ret)
		snprintf(first, len, "%s", msg);
	*ret = -1;
}

bool device_present(const struct binding *b)
{
	char path[512];

	if (fs_path(path, sizeof(path), "%s/bus/pci/devices/%s", b->sysfs,
		    b->bdf))
		return true;	/* cannot tell: try to restore */
	return access(path, F_OK) == 0 || errno != ENOENT;
}

int device_restore(struct binding *b, char *err, size_t errlen)
{
	char rel[256], now[64] = "", first[512] = "";
	int ret = 0;

	err[0] = '\0';
	if (b->already_ours || !b->bdf[0])
		return 0;
	if (b->bind_written) {
		if (!device_driver(b->sysfs, b->bdf, now, sizeof(now)) &&
		    !strcmp(now, b->drv)) {
			snprintf(rel, sizeof(rel), "drivers/%s/unbind", b->drv);
			restore_step(b, rel, b->bdf, first, sizeof(first), &ret);
		}
		b->bind_written = false;
	}
	if (b->override_written) {
		snprintf(rel, sizeof(rel), "devices/%s/driver_override", b->bdf);
		/* "\n" clears the override (the kernel treats it as empty). */
		restore_step(b, rel, b->old_override[0] ? b->old_override : "\n",
			     first, sizeof(first), &ret);
		b->override_written = false;
	}
	if (b->old_unbound) {
		/* Only if nothing else grabbed the device meanwhile. */
		if (!device_driver(b->sysfs, b->bdf, now, sizeof(now)) &&
		    !now[0]) {
			snprintf(rel, sizeof(rel), "drivers/%s/bind",
				 b->old_driver);
			restore_step(b, rel, b->bdf, first, sizeof(first), &ret);
		}
		b->old_unbound = false;
	}
	if (!ret)
		return 0;
	if (b->old_driver[0])
		snprintf(err, errlen,
			 "could not restore %s: %s; by hand: echo > /sys/bus/pci/devices/%s/driver_override; echo %s > /sys/bus/pci/drivers/%s/bind",
			 b->bdf, first, b->bdf, b->bdf, b->old_driver);
	else
		snprintf(err, errlen,
			 "could not restore %s: %s; by hand: echo > /sys/bus/pci/devices/%s/driver_override",
			 b->bdf, first, b->bdf);
	return -1;
}
