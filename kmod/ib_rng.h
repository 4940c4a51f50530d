/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's one pseudo-random generator: seeded per worker, so runs
 * repeat. Plain integer types: the user-space unit tests include it too.
 */
#ifndef _IOMMUBENCH_IB_RNG_H
#define _IOMMUBENCH_IB_RNG_H

#include <linux/types.h>

/**
 * ib_xorshift32() - Marsaglia's xorshift32
 * @state:	the state, not 0; updated
 *
 * Return: the next value (also the new state).
 */
static inline __u32 ib_xorshift32(__u32 *state)
{
	__u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

#endif /* _IOMMUBENCH_IB_RNG_H */
