/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runtags: what a run says about how it was taken, beside its provenance:
 * the clock its times count (wall time, or QEMU's instruction counter,
 * `-icount shift=N`) and the group of boots it is one round of (`make bench
 * ROUNDS=N`). Set once by the command (`run --clock/--group/--round`)
 * before the session starts; context.c and meta.c write them into the
 * Google Benchmark context and meta.json (docs/runner.md: clock,
 * icount_shift, group, round, rounds). A run that sets nothing is `wall`
 * and in no group.
 */
#ifndef IOMMUBENCH_RUNTAGS_H
#define IOMMUBENCH_RUNTAGS_H

#include <stdbool.h>
#include <stddef.h>

#define RUNTAGS_GROUP_MAX	64
#define RUNTAGS_SHIFT_MAX	10	/* QEMU's -icount shift: 0..10 */
#define RUNTAGS_ROUNDS_MAX	1000

struct runtags {
	bool icount;			/* false: wall */
	int icount_shift;		/* 0..RUNTAGS_SHIFT_MAX if icount */
	char group[RUNTAGS_GROUP_MAX];	/* "" = none */
	unsigned int round, rounds;	/* 0 = none; else 1 <= round <= rounds */
};

/* The tags the current run writes (all zero = wall, no group). */
const struct runtags *runtags_get(void);
void runtags_set(const struct runtags *t);
void runtags_reset(void);

/* "wall" or "icount" */
const char *runtags_clock_name(const struct runtags *t);

/*
 * Parsers for the options; 0 ok, else -1 with a message in err.
 *   clock: "wall", "icount:N" (N = the shift QEMU was started with)
 *   group: 1..RUNTAGS_GROUP_MAX-1 of [A-Za-z0-9._+-]
 *   round: "K/N", 1 <= K <= N <= RUNTAGS_ROUNDS_MAX
 */
int runtags_parse_clock(const char *s, struct runtags *t, char *err,
			size_t len);
int runtags_parse_group(const char *s, struct runtags *t, char *err,
			size_t len);
int runtags_parse_round(const char *s, struct runtags *t, char *err,
			size_t len);

#endif
