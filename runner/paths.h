/* SPDX-License-Identifier: GPL-2.0 */
/*
 * paths: where the system's files are. Fixed in production; the
 * environment can move them so tests can run the whole binary against a
 * fake tree (docs/runner.md, "Testing hooks"):
 *   IOMMUBENCH_SYSFS    instead of /sys
 *   IOMMUBENCH_PROCFS   instead of /proc
 *   IOMMUBENCH_DEVNODE  instead of /dev/iommubench
 *   IOMMUBENCH_STATE_DIR instead of /run/iommubench (restore_state.h)
 */
#ifndef IOMMUBENCH_PATHS_H
#define IOMMUBENCH_PATHS_H

const char *paths_sysfs(void);
const char *paths_procfs(void);
const char *paths_devnode(void);
const char *paths_statedir(void);

#endif
