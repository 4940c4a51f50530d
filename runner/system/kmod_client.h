/* SPDX-License-Identifier: GPL-2.0 */
/* kmod_client: the ioctls of /dev/iommubench (kmod/uapi/iommubench.h). */
#ifndef IOMMUBENCH_KMOD_CLIENT_H
#define IOMMUBENCH_KMOD_CLIENT_H

#include <stddef.h>

#include "iommubench.h"

/* open(path) (syspaths_devnode()); fd or negative errno. */
int kmod_open(const char *path);

/* What to tell the user when kmod_open() failed with -e. */
const char *kmod_open_hint(int e);

/*
 * IOMMUBENCH_IOC_INFO; fills in .size itself, and on return .size is what
 * the module wrote (-EPROTO if below IOMMUBENCH_INFO_SIZE_VER0; fields past
 * it read 0). 0 or negative errno.
 */
int kmod_info(int fd, struct iommubench_info *info);

/*
 * IOMMUBENCH_IOC_RUN (ABI 6: run points to the request, the path's
 * arguments and the report, each with its size); fills in run->size
 * itself. On success report.size says what the module wrote. Not restarted on EINTR: a
 * signal stops the run (the kernel stops its workers) and -EINTR comes back.
 */
int kmod_run(int fd, struct iommubench_run *run);

/* "bound,domain,probe" style list of IOMMUBENCH_INFO_* flags. */
void kmod_info_flags_str(unsigned int flags, char *buf, size_t len);

#endif
