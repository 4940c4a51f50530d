/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpulist: the kernel's CPU list syntax ("0,2-3"), as used by --cpus and
 * /sys/devices/system/cpu/online.
 */
#ifndef IOMMUBENCH_CPULIST_H
#define IOMMUBENCH_CPULIST_H

#include <stddef.h>
#include <stdint.h>

#define CPULIST_MAX_CPU	8191	/* largest CPU number accepted */

/*
 * Parse s into cpus[] in the order written (0,2-3 -> 0 2 3). Returns 0,
 * -EINVAL (syntax, or a CPU listed twice), -ERANGE (CPU number above
 * CPULIST_MAX_CPU or a range written backwards) or -E2BIG (more than max).
 */
int cpulist_parse(const char *s, uint32_t *cpus, size_t max, size_t *n);

/* Compact form: ascending runs become ranges ("0-3,8"). "" if n == 0. */
void cpulist_format(const uint32_t *cpus, size_t n, char *buf, size_t len);

#endif
