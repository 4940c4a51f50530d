// SPDX-License-Identifier: GPL-2.0
/*
 * session_device: what a session does to the device and its IOMMU group,
 * and undoes on every way out: the state file first, then the binding, the
 * INFO check, the group type switches of the points' modes, the restore
 * (also from atexit). See session_parts.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errname.h"
#include "exitcodes.h"
#include "kmod_client.h"
#include "restore_state.h"
#include "session.h"
#include "session_parts.h"
#include "signals.h"
#include "syspaths.h"

/*
 * The binding and the group type are restored from the main flow; atexit
 * covers an exit() inside a library. Both live here because atexit
 * handlers take no argument.
 */
static struct binding g_binding;
static struct group_state g_group;
static bool g_bound;
static bool g_state_saved;	/* restore_state.h: a state file is out */
static const char *g_cmd = "run";

int session_device_restore(void)
{
	int ret;

	if (!g_bound)
		return 0;
	g_bound = false;
	ret = restore_state_undo(&g_binding, &g_group, g_cmd);
	/* kept when something is left to undo: `iommubench restore` retries */
	if (!ret && g_state_saved)
		restore_state_remove(syspaths_statedir(), g_binding.bdf);
	g_state_saved = false;
	return ret;
}

/* Write the undo record; one line and -1 if it cannot be. */
static int save_state(bool will_bind, bool will_switch, char *why,
		      size_t whylen)
{
	char ename[128];
	int e = restore_state_save(syspaths_statedir(), getpid(), &g_binding,
				   &g_group, will_bind, will_switch);

	if (!e) {
		g_state_saved = true;
		return 0;
	}
	err_describe(-e, ename, sizeof(ename));
	snprintf(why, whylen,
		 "cannot record what to undo in %s/%s" RESTORE_STATE_SUFFIX ": %s",
		 syspaths_statedir(), g_binding.bdf, ename);
	return -1;
}

static void restore_at_exit(void)
{
	session_device_restore();
}

/* INFO must show our device bound with the ABI we were built against. */
static int check_info(const struct session *se, struct iommubench_info *info,
		      char *why, size_t whylen)
{
	char ename[128];
	int e = kmod_info(se->fd, info);

	if (e) {
		err_describe(-e, ename, sizeof(ename));
		snprintf(why, whylen, "IOMMUBENCH_IOC_INFO: %s", ename);
		return IB_EXIT_ENV;
	}
	if (info->abi_version != IOMMUBENCH_ABI_VERSION) {
		snprintf(why, whylen,
			 "module ABI %u, runner built for %u: rebuild one of them",
			 info->abi_version, IOMMUBENCH_ABI_VERSION);
		return IB_EXIT_ENV;
	}
	info->device[sizeof(info->device) - 1] = '\0';
	info->inval_probe[sizeof(info->inval_probe) - 1] = '\0';
	if (!(info->flags & IOMMUBENCH_INFO_BOUND) ||
	    strcmp(info->device, se->bdf)) {
		snprintf(why, whylen,
			 "the module reports device '%s' bound, expected %s",
			 info->device, se->bdf);
		return IB_EXIT_ENV;
	}
	return IB_EXIT_OK;
}

/* point_mode_fn: the group type a point's mode asks for. */
int session_device_mode(void *ctx, const struct suite_point *pt,
			       char *group_type, size_t gtlen, char *why,
			       size_t whylen)
{
	struct session *se = ctx;
	const char *want = suite_mode_group_type(pt->mode);
	struct iommubench_info info;
	char before[GROUP_TYPE_MAX];
	bool rebound = false;
	int rc = GROUP_OK;

	group_read_type(&g_group, before, sizeof(before));
	/* a switch the state file does not cover yet: record it first */
	if (want && !g_group.changed && !g_group.impossible[0] &&
	    strcmp(before, want) && save_state(false, true, why, whylen))
		return POINT_MODE_FAIL;
	if (want)
		rc = group_set(&g_group, want, &rebound, why, whylen);
	if (rebound && rc != GROUP_FATAL &&
	    check_info(se, &info, why, whylen)) {
		rc = GROUP_FATAL;
	}
	group_read_type(&g_group, group_type, gtlen);
	if (rc == GROUP_OK && strcmp(before, group_type))
		fprintf(stderr, "iommubench %s: IOMMU group %s: type %s -> %s (unbound and bound %s again)\n",
			se->cmd, g_group.group, before, group_type, se->bdf);
	switch (rc) {
	case GROUP_OK:
		return POINT_MODE_OK;
	case GROUP_SKIP:
		return POINT_MODE_SKIP;
	case GROUP_FAIL:
		return POINT_MODE_FAIL;
	default:
		return POINT_MODE_FATAL;
	}
}

/*
 * A runner killed on this device left its state file: undo it before
 * anything is read, or its switched type would pass for the original.
 */
static int restore_stale(const struct session *se)
{
	char line[256];
	pid_t alive;
	int r = restore_state_stale(syspaths_statedir(), se->bdf, se->cmd, &alive,
				    line, sizeof(line));

	if (r > 0)
		fprintf(stderr, "iommubench %s: %s (left by a runner that was killed)\n",
			se->cmd, line);
	return r < 0 ? IB_EXIT_ENV : IB_EXIT_OK;
}

/* From here on every way out restores the group type and the binding. */
int session_device_bind(struct session *se)
{
	char err[1024];
	int e, rc;

	e = signals_install();
	if (e) {
		fprintf(stderr, "iommubench %s: sigaction: %s\n", se->cmd,
			strerror(-e));
		return IB_EXIT_ENV;
	}
	atexit(restore_at_exit);
	g_bound = true;	/* restore whatever device_bind got done */
	if (device_bind_prepare(&g_binding, syspaths_sysfs(), se->bdf,
				IOMMUBENCH_DRV_NAME, err, sizeof(err)) ||
	    save_state(true, false, err, sizeof(err)) ||
	    device_bind_apply(&g_binding, err, sizeof(err))) {
		fprintf(stderr, "iommubench %s: %s\n", se->cmd, err);
		return IB_EXIT_ENV;
	}
	rc = check_info(se, &se->info, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "iommubench %s: %s\n", se->cmd, err);
		return rc;
	}
	if (!(se->info.flags & IOMMUBENCH_INFO_HAS_DOMAIN))
		fprintf(stderr,
			"iommubench %s: warning: the module has no paging domain for %s; iommu runs will fail (see dmesg)\n",
			se->cmd, se->bdf);
	return IB_EXIT_OK;
}

int session_device_probe(struct session *se)
{
	g_cmd = se->cmd;
	return restore_stale(se);
}

const char *session_device_group(struct session *se)
{
	group_probe(&g_group, syspaths_sysfs(), se->bdf, IOMMUBENCH_DRV_NAME);
	return g_group.original[0] ? g_group.original : NULL;
}
