// SPDX-License-Identifier: GPL-2.0
/* restore_state: a runner's undo record on disk; see restore_state.h. */
#include "restore_state.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "syspaths.h"

#define STATE_MAX	4096

int restore_state_save(const char *dir, pid_t pid, const struct binding *b,
		       const struct group_state *g, bool will_bind,
		       bool will_switch)
{
	bool bind = will_bind && !b->already_ours;
	char name[DEVICE_BDF_MAX + sizeof(RESTORE_STATE_SUFFIX)], buf[STATE_MAX];
	int n, e;

	e = fs_path(name, sizeof(name), "%s" RESTORE_STATE_SUFFIX, b->bdf);
	if (e)
		return e;
	n = snprintf(buf, sizeof(buf),
		     "pid=%ld\nbdf=%s\ndrv=%s\nold_driver=%s\nold_override=%s\n"
		     "already_ours=%d\noverride_written=%d\nold_unbound=%d\n"
		     "bind_written=%d\ngroup=%s\ngroup_original=%s\n"
		     "group_changed=%d\n",
		     (long)pid, b->bdf, b->drv, b->old_driver, b->old_override,
		     b->already_ours, b->override_written || bind,
		     b->old_unbound || (bind && b->old_driver[0]),
		     b->bind_written || bind, g->group, g->original,
		     g->changed || will_switch);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -ENAMETOOLONG;
	e = fs_mkdir_p(dir, 0700);
	return e ? e : fs_write_atomic(dir, name, buf, (size_t)n);
}

/* A driver name or override: no '/', no "..", nothing a path could use. */
static bool name_ok(const char *s, bool empty_ok)
{
	if (!s[0])
		return empty_ok;
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_-.:", *s))
			return false;
	return true;
}

static bool flag(const char *v, bool *out)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		return false;
	*out = v[0] == '1';
	return true;
}

/* One "key=value" into st; false if the key or the value is bad. */
static bool take(struct restore_state *st, const char *k, const char *v)
{
	struct binding *b = &st->b;
	struct group_state *g = &st->g;
	char *end;
	long pid;

#define STR(dst, ok) \
	((ok) && (size_t)snprintf(dst, sizeof(dst), "%s", v) < sizeof(dst))
	if (!strcmp(k, "pid")) {
		errno = 0;
		pid = strtol(v, &end, 10);
		st->pid = (pid_t)pid;
		return !errno && end != v && !*end && pid > 0 &&
		       pid == (long)st->pid;
	}
	if (!strcmp(k, "bdf"))
		return STR(b->bdf, name_ok(v, false));
	if (!strcmp(k, "drv"))
		return STR(b->drv, name_ok(v, false));
	if (!strcmp(k, "old_driver"))
		return STR(b->old_driver, name_ok(v, true));
	if (!strcmp(k, "old_override"))
		return STR(b->old_override, name_ok(v, true));
	if (!strcmp(k, "already_ours"))
		return flag(v, &b->already_ours);
	if (!strcmp(k, "override_written"))
		return flag(v, &b->override_written);
	if (!strcmp(k, "old_unbound"))
		return flag(v, &b->old_unbound);
	if (!strcmp(k, "bind_written"))
		return flag(v, &b->bind_written);
	if (!strcmp(k, "group"))
		return STR(g->group, strspn(v, "0123456789") == strlen(v));
	if (!strcmp(k, "group_original"))
		return STR(g->original, !v[0] || !strcmp(v, "DMA") ||
					!strcmp(v, "DMA-FQ"));
	if (!strcmp(k, "group_changed"))
		return flag(v, &g->changed);
#undef STR
	return false;
}

int restore_state_load(const char *dir, const char *bdf, const char *sysfs,
		       struct restore_state *st, char *err, size_t errlen)
{
	char path[4200], buf[STATE_MAX];
	unsigned int line = 0;
	char *p, *nl;
	int e;

	memset(st, 0, sizeof(*st));
	err[0] = '\0';
	e = fs_path(path, sizeof(path), "%s/%s" RESTORE_STATE_SUFFIX, dir, bdf);
	if (!e)
		e = fs_read_str(path, buf, sizeof(buf));
	if (e) {
		if (e != -ENOENT)
			snprintf(err, errlen, "cannot read %s: %s", path,
				 strerror(-e));
		return e;
	}
	for (p = buf; *p; p = nl ? nl + 1 : p + strlen(p)) {
		char *eq;

		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		eq = strchr(p, '=');
		if (eq)
			*eq = '\0';
		if (!eq || !take(st, p, eq + 1)) {
			snprintf(err, errlen, "%s:%u: bad line '%.80s'", path,
				 line, p);
			return -EINVAL;
		}
	}
	if (!st->pid || strcmp(st->b.bdf, bdf) || !st->b.drv[0] ||
	    (st->g.changed && (!st->g.original[0] || !st->g.group[0]))) {
		snprintf(err, errlen,
			 "%s: incomplete (pid, bdf %s, drv, and the group if changed)",
			 path, bdf);
		return -EINVAL;
	}
	snprintf(st->b.sysfs, sizeof(st->b.sysfs), "%s", sysfs);
	snprintf(st->g.sysfs, sizeof(st->g.sysfs), "%s", sysfs);
	snprintf(st->g.bdf, sizeof(st->g.bdf), "%s", bdf);
	snprintf(st->g.drv, sizeof(st->g.drv), "%s", st->b.drv);
	return 0;
}

int restore_state_remove(const char *dir, const char *bdf)
{
	char path[4200];
	int e = fs_path(path, sizeof(path), "%s/%s" RESTORE_STATE_SUFFIX, dir,
			bdf);

	if (!e && unlink(path))
		e = -errno;
	return e;
}

bool restore_state_owner_alive(pid_t pid, const char *procfs)
{
	char path[4200], comm[64];

	if (pid == getpid())
		return false;
	if (kill(pid, 0) && errno == ESRCH)
		return false;
	/* Unreadable comm: assume it is still ours rather than race it. */
	if (fs_path(path, sizeof(path), "%s/%ld/comm", procfs, (long)pid) ||
	    fs_read_str(path, comm, sizeof(comm)))
		return true;
	return !strcmp(comm, "iommubench");
}

int restore_state_undo(struct binding *b, struct group_state *g,
		       const char *cmd)
{
	char err[1024];
	int ret = 0;

	/* unplugged: its binding and its group went with it */
	if (b->bdf[0] && !device_present(b))
		return 0;
	if (group_restore(g, b->already_ours, err, sizeof(err))) {
		fprintf(stderr, "iommubench %s: %s\n", cmd, err);
		ret = -1;
	}
	if (device_restore(b, err, sizeof(err))) {
		fprintf(stderr, "iommubench %s: %s\n", cmd, err);
		ret = -1;
	}
	return ret;
}

int restore_state_stale(const char *dir, const char *bdf, const char *cmd,
			pid_t *alive_pid, char *line, size_t linelen)
{
	static struct restore_state st;	/* large: keep it off the stack */
	char err[1024], type[GROUP_TYPE_MAX], drv[64];
	int e;

	*alive_pid = 0;
	line[0] = '\0';
	e = restore_state_load(dir, bdf, syspaths_sysfs(), &st, err, sizeof(err));
	if (e == -ENOENT)
		return 0;
	if (e) {
		fprintf(stderr, "iommubench %s: %s\n", cmd, err);
		return -1;
	}
	if (restore_state_owner_alive(st.pid, syspaths_procfs())) {
		*alive_pid = st.pid;
		return 0;
	}
	if (!device_present(&st.b)) {
		restore_state_remove(dir, bdf);
		snprintf(line, linelen,
			 "restored %s: nothing to undo, the device is gone", bdf);
		return 1;
	}
	if (restore_state_undo(&st.b, &st.g, cmd))
		return -1;
	restore_state_remove(dir, bdf);
	group_read_type(&st.g, type, sizeof(type));
	if (device_driver(st.b.sysfs, bdf, drv, sizeof(drv)))
		snprintf(drv, sizeof(drv), "?");
	snprintf(line, linelen, "restored %s: group type %s, driver %s", bdf,
		 type[0] ? type : "none", drv[0] ? drv : "none");
	return 1;
}
