// SPDX-License-Identifier: GPL-2.0
/* grouptype: IOMMU group type switching and restoring; see grouptype.h. */
#include "grouptype.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "device.h"
#include "errname.h"
#include "fsutil.h"

static int type_path(const struct group_state *g, char *buf, size_t len)
{
	return fs_path(buf, len, "%s/bus/pci/devices/%s/iommu_group/type",
		       g->sysfs, g->bdf);
}

void group_read_type(const struct group_state *g, char *buf, size_t len)
{
	char path[512];

	if (type_path(g, path, sizeof(path)) || fs_read_str(path, buf, len))
		buf[0] = '\0';
}

static unsigned int count_devices(const char *dir)
{
	unsigned int n = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

void group_probe(struct group_state *g, const char *sysfs, const char *bdf,
		 const char *drv)
{
	char path[512];

	memset(g, 0, sizeof(*g));
	snprintf(g->sysfs, sizeof(g->sysfs), "%s", sysfs);
	snprintf(g->bdf, sizeof(g->bdf), "%s", bdf);
	snprintf(g->drv, sizeof(g->drv), "%s", drv);
	if (fs_path(path, sizeof(path), "%s/bus/pci/devices/%s/iommu_group",
		    sysfs, bdf) ||
	    fs_readlink_base(path, g->group, sizeof(g->group))) {
		g->group[0] = '\0';
		snprintf(g->impossible, sizeof(g->impossible),
			 "%s has no IOMMU group (not behind an IOMMU)", bdf);
		return;
	}
	if (!fs_path(path, sizeof(path),
		     "%s/bus/pci/devices/%s/iommu_group/devices", sysfs, bdf))
		g->ndevices = count_devices(path);
	group_read_type(g, g->original, sizeof(g->original));
	if (!g->original[0])
		snprintf(g->impossible, sizeof(g->impossible),
			 "IOMMU group %s has no type attribute (kernel too old?)",
			 g->group);
	else if (g->ndevices > 1)
		snprintf(g->impossible, sizeof(g->impossible),
			 "IOMMU group %s has %u devices (its type can only change with all of them unbound)",
			 g->group, g->ndevices);
	else if (!strcmp(g->original, "identity"))
		snprintf(g->impossible, sizeof(g->impossible),
			 "IOMMU group %s is in passthrough (type identity): no DMA domain to switch",
			 g->group);
	else if (!strcmp(g->original, "unmanaged") ||
		 !strcmp(g->original, "blocked"))
		snprintf(g->impossible, sizeof(g->impossible),
			 "IOMMU group %s is owned by another user (type %s)",
			 g->group, g->original);
	else if (strcmp(g->original, "DMA") && strcmp(g->original, "DMA-FQ"))
		snprintf(g->impossible, sizeof(g->impossible),
			 "IOMMU group %s has type '%s', neither DMA nor DMA-FQ",
			 g->group, g->original);
}

/* Write s to <sysfs>/bus/pci/drivers/<drv>/<attr>. 0 or -errno. */
static int driver_attr(const struct group_state *g, const char *attr)
{
	char path[512];
	int e;

	e = fs_path(path, sizeof(path), "%s/bus/pci/drivers/%s/%s", g->sysfs,
		    g->drv, attr);
	return e ? e : fs_write_str(path, g->bdf);
}

static bool bound_to_us(const struct group_state *g)
{
	char now[64];

	return !device_driver(g->sysfs, g->bdf, now, sizeof(now)) &&
	       !strcmp(now, g->drv);
}

/* Unbind our driver if it is bound. 0 or -errno. */
static int unbind(const struct group_state *g)
{
	return bound_to_us(g) ? driver_attr(g, "unbind") : 0;
}

/* Bind our driver and check that it took. 0 or -errno. */
static int rebind(const struct group_state *g)
{
	int e = driver_attr(g, "bind");

	if (!e && !bound_to_us(g))
		e = -ENODEV;
	return e;
}

static int write_type(const struct group_state *g, const char *type)
{
	char path[512];
	int e = type_path(g, path, sizeof(path));

	return e ? e : fs_write_str(path, type);
}

int group_set(struct group_state *g, const char *want, bool *rebound,
	      char *why, size_t whylen)
{
	char now[GROUP_TYPE_MAX], ename[128], *refused;
	int e, werr;

	*rebound = false;
	why[0] = '\0';
	group_read_type(g, now, sizeof(now));
	if (now[0] && !strcmp(now, want))
		return GROUP_OK;
	if (g->impossible[0]) {
		snprintf(why, whylen, "%s", g->impossible);
		return GROUP_SKIP;
	}
	refused = g->refused[strcmp(want, "DMA") ? 1 : 0];
	if (refused[0]) {
		snprintf(why, whylen, "%s", refused);
		return GROUP_SKIP;
	}
	e = unbind(g);
	if (e) {
		err_describe(-e, ename, sizeof(ename));
		snprintf(why, whylen, "unbinding %s from %s to change the group type: %s",
			 g->bdf, g->drv, ename);
		if (bound_to_us(g))
			return GROUP_FAIL;	/* as it was: go on */
		*rebound = true;
		return rebind(g) ? GROUP_FATAL : GROUP_FAIL;
	}
	g->changed = true;
	werr = write_type(g, want);
	e = rebind(g);
	*rebound = true;
	if (e) {
		err_describe(-e, ename, sizeof(ename));
		snprintf(why, whylen, "%s did not bind to %s again after the group type change: %s (see dmesg)",
			 g->bdf, g->drv, ename);
		return GROUP_FATAL;
	}
	if (werr) {
		err_describe(-werr, ename, sizeof(ename));
		snprintf(why, whylen, "the kernel refused group type %s for IOMMU group %s (was %s): %s",
			 want, g->group, now[0] ? now : "?", ename);
		/* Impossible here (EINVAL, EPERM, EACCES) or unexpected. */
		if (werr != -EINVAL && werr != -EPERM && werr != -EACCES)
			return GROUP_FAIL;
		snprintf(refused, sizeof(g->refused[0]), "%s", why);
		return GROUP_SKIP;
	}
	group_read_type(g, now, sizeof(now));
	if (strcmp(now, want)) {
		snprintf(why, whylen, "IOMMU group %s reads type '%s' after writing %s",
			 g->group, now, want);
		return GROUP_FAIL;
	}
	g->switches++;
	return GROUP_OK;
}

int group_restore(struct group_state *g, bool rebind_after, char *err,
		  size_t errlen)
{
	char now[GROUP_TYPE_MAX], ename[128];
	int e;

	err[0] = '\0';
	if (!g->changed)
		return 0;
	group_read_type(g, now, sizeof(now));
	if (!strcmp(now, g->original)) {
		g->changed = false;
		if (rebind_after && !bound_to_us(g))
			rebind(g);
		return 0;
	}
	e = unbind(g);
	if (!e)
		e = write_type(g, g->original);
	if (rebind_after) {
		int b = rebind(g);

		if (!e)
			e = b;
	}
	if (e) {
		err_describe(-e, ename, sizeof(ename));
		snprintf(err, errlen,
			 "could not restore the type of IOMMU group %s to %s (it is %s): %s; by hand: echo %s > /sys/bus/pci/drivers/%s/unbind; echo %s > /sys/kernel/iommu_groups/%s/type",
			 g->group, g->original, now, ename, g->bdf, g->drv,
			 g->original, g->group);
		return -1;
	}
	g->changed = false;
	return 0;
}
