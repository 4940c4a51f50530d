/* SPDX-License-Identifier: GPL-2.0 */
/* version: `git describe` at build time, or "unknown". */
#ifndef IOMMUBENCH_VERSION_H
#define IOMMUBENCH_VERSION_H

const char *iommubench_version(void);

#endif
