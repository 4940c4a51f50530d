/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The toy path's number and arguments, shared by its kernel half (ib_toy.c)
 * and a runner built to drive it. Not part of the real module's ABI: the
 * toy exists to show what adding a path takes (tests/toy-path/README).
 */
#ifndef _UAPI_IOMMUBENCH_TOY_H
#define _UAPI_IOMMUBENCH_TOY_H

#include <linux/types.h>

/* its enum iommubench_path value: far from the real paths' */
#define IOMMUBENCH_PATH_TOY	99

/**
 * struct iommubench_toy_args - the toy path's arguments
 * @fail_after:	0, or each worker's map call number @fail_after (warm-up
 *		included, 1 = the first) fails with -EIO, to exercise the
 *		generic code's error unwinding
 * @pad:	zero
 */
struct iommubench_toy_args {
	__u32 fail_after;
	__u32 pad;
};
#define IOMMUBENCH_TOY_ARGS_SIZE_VER0	8

#endif /* _UAPI_IOMMUBENCH_TOY_H */
