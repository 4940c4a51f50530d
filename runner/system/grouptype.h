/* SPDX-License-Identifier: GPL-2.0 */
/*
 * grouptype: switch the test device's IOMMU group between the strict
 * (`DMA`) and flush-queue (`DMA-FQ`) default domain through sysfs, and put
 * the original type back on the way out.
 *
 *   <sysfs>/bus/pci/devices/<BDF>/iommu_group -> .../kernel/iommu_groups/<n>
 *   <sysfs>/kernel/iommu_groups/<n>/type      DMA, DMA-FQ, identity, ...
 *   <sysfs>/kernel/iommu_groups/<n>/devices/  one link per device
 *
 * The kernel changes the type only while no driver is bound to the group's
 * devices (EBUSY on 6.1, EPERM on 6.12 otherwise), and refuses what it
 * cannot do (EINVAL): so a switch is unbind from our driver, write the
 * type, bind again, read the type back. Groups with several devices (we
 * would have to unbind the others), groups in passthrough (`identity`) or
 * owned by someone else (`unmanaged`, `blocked`), and devices without a
 * group (no IOMMU) are not switched: the caller reports the point skipped.
 */
#ifndef IOMMUBENCH_GROUPTYPE_H
#define IOMMUBENCH_GROUPTYPE_H

#include <stdbool.h>
#include <stddef.h>

#define GROUP_TYPE_MAX	32

/* Outcomes of group_set(). */
#define GROUP_OK	0	/* the wanted type is in effect */
#define GROUP_SKIP	1	/* impossible here: skip, with the reason */
#define GROUP_FAIL	2	/* unexpected refusal: the point failed */
#define GROUP_FATAL	3	/* the device could not be bound again */

struct group_state {
	char sysfs[256];
	char bdf[32];
	char drv[64];			/* our driver ("iommubench") */
	char group[32];			/* group number, "" if no group */
	unsigned int ndevices;		/* devices in the group */
	char original[GROUP_TYPE_MAX];	/* type before we touched it, or "" */
	char impossible[256];		/* why switching cannot work, or "" */
	char refused[2][256];		/* DMA, DMA-FQ: why the kernel said no */
	bool changed;			/* we wrote the type at least once */
	unsigned int switches;		/* successful type changes */
};

/*
 * Look at the device's group before anything moves: number, devices,
 * original type, and whether switching is possible at all.
 */
void group_probe(struct group_state *g, const char *sysfs, const char *bdf,
		 const char *drv);

/* The group's type now ("DMA-FQ"), or "" (no group or no type). */
void group_read_type(const struct group_state *g, char *buf, size_t len);

/*
 * Make `want` ("DMA" or "DMA-FQ") the group's type. Nothing happens if it
 * is already. A type the kernel refused once (GROUP_SKIP) is not asked
 * for again: the same reason comes back at once. *rebound is set when the device was unbound and bound again
 * (the caller then checks the module saw it come back). Returns GROUP_OK,
 * GROUP_SKIP, GROUP_FAIL or GROUP_FATAL with the reason in why.
 */
int group_set(struct group_state *g, const char *want, bool *rebound,
	      char *why, size_t whylen);

/*
 * Put the original type back if we changed it: unbind our driver if it is
 * bound, write the type, and bind our driver again only if `rebind` (the
 * device was ours before the run). Idempotent. 0, or -1 with what to do
 * by hand in err.
 */
int group_restore(struct group_state *g, bool rebind, char *err,
		  size_t errlen);

#endif
