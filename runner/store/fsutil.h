/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fsutil: small file helpers for sysfs/procfs attributes and result files.
 * Every function returns 0 on success or a negative errno, never prints.
 */
#ifndef IOMMUBENCH_FSUTIL_H
#define IOMMUBENCH_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* snprintf into buf; -ENAMETOOLONG instead of silent truncation. */
int fs_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Read a whole (small) file, NUL-terminate, strip trailing whitespace. */
int fs_read_str(const char *path, char *buf, size_t len);

/* Write s to path in one write() (sysfs attributes want a single write). */
int fs_write_str(const char *path, const char *s);

/* Last component of a symlink's target ("../../drivers/foo" -> "foo"). */
int fs_readlink_base(const char *path, char *buf, size_t len);

/* mkdir -p: create path and missing parents; existing dirs are fine. */
int fs_mkdir_p(const char *path, mode_t mode);

/* fsync a file or directory by path. */
int fs_fsync_path(const char *path);

/*
 * Write data to dir/name atomically: a temporary file in the same
 * directory, fsync, rename over name, fsync the directory.
 */
int fs_write_atomic(const char *dir, const char *name, const char *data,
		    size_t len);

#endif
