/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syspaths: where the system's files are. Fixed in production; the
 * environment can move them so tests can run the whole binary against a
 * fake tree (docs/runner.md, "Testing hooks"):
 *   IOMMUBENCH_SYSFS    instead of /sys
 *   IOMMUBENCH_PROCFS   instead of /proc
 *   IOMMUBENCH_DEVNODE  instead of /dev/iommubench
 *   IOMMUBENCH_STATE_DIR instead of /run/iommubench (restore_state.h)
 */
#ifndef IOMMUBENCH_SYSPATHS_H
#define IOMMUBENCH_SYSPATHS_H

const char *syspaths_sysfs(void);
const char *syspaths_procfs(void);
const char *syspaths_devnode(void);
const char *syspaths_statedir(void);

#endif
