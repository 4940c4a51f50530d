/* SPDX-License-Identifier: GPL-2.0 */
/*
 * restore_state: what a runner has to undo, on disk, so that a runner
 * killed outright (SIGKILL, a crash, a third signal) can still be undone
 * by `iommubench restore` or the next `run` (security gap G10).
 *
 *   <dir>/<BDF>.state   one "key=value" a line: the runner's pid, the
 *                       binding (device.h) and the group type (grouptype.h)
 *
 * Written atomically before the first change and again before a change
 * the file does not cover yet; it always claims at least what was done
 * (restoring something not done is harmless: each step checks first).
 * Removed once restored. <dir> is syspaths_statedir().
 */
#ifndef IOMMUBENCH_RESTORE_STATE_H
#define IOMMUBENCH_RESTORE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "device.h"
#include "grouptype.h"

#define RESTORE_STATE_SUFFIX	".state"

/* What one state file says. */
struct restore_state {
	pid_t pid;
	struct binding b;
	struct group_state g;
};

/*
 * Record b and g for pid in dir/<b->bdf>.state (dir created 0700).
 * will_bind: count every step device_bind_apply() may take as done;
 * will_switch: count the group type as changed. 0 or -errno.
 */
int restore_state_save(const char *dir, pid_t pid, const struct binding *b,
		       const struct group_state *g, bool will_bind,
		       bool will_switch);

/*
 * Read dir/<bdf>.state into st, with sysfs as the sysfs root. 0, -ENOENT
 * if there is none, other -errno with the reason in err.
 */
int restore_state_load(const char *dir, const char *bdf, const char *sysfs,
		       struct restore_state *st, char *err, size_t errlen);

/* Remove dir/<bdf>.state. 0 or -errno (-ENOENT if there was none). */
int restore_state_remove(const char *dir, const char *bdf);

/*
 * Is pid's runner still running? No if the pid is gone, or is reused by
 * a process whose <procfs>/PID/comm is not "iommubench", or is ours.
 */
bool restore_state_owner_alive(pid_t pid, const char *procfs);

/*
 * Undo as a finished run does: nothing if the device is gone, else the
 * group type (device unbound), then the binding. Each failure is one
 * line "iommubench CMD: ..." on stderr. 0 or -1.
 */
int restore_state_undo(struct binding *b, struct group_state *g,
		       const char *cmd);

/*
 * A stale state for bdf (its runner dead) undone and removed, said in
 * one line "restored BDF: group type T, driver D" into line. 1 if done,
 * 0 if there is none or its runner is alive (*alive_pid set), -1 if it
 * failed (said on stderr, the file kept).
 */
int restore_state_stale(const char *dir, const char *bdf, const char *cmd,
			pid_t *alive_pid, char *line, size_t linelen);

#endif
