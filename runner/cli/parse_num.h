/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse_num: strict number parsing for suites and command-line options.
 * The whole string must be consumed; no signs, no whitespace. Return 0,
 * -EINVAL (not a number of that form) or -ERANGE (overflow).
 */
#ifndef IOMMUBENCH_PARSE_NUM_H
#define IOMMUBENCH_PARSE_NUM_H

#include <stdint.h>

/* Decimal: "2000". */
int parse_u64(const char *s, uint64_t *out);

/* Decimal with an optional binary suffix K, M or G: "4K" = 4096. */
int parse_size(const char *s, uint64_t *out);

/* Hexadecimal with a mandatory 0x prefix: "0x201000". */
int parse_hex_u64(const char *s, uint64_t *out);

/* Non-negative finite decimal number of seconds: "0.2", "1e-3". */
int parse_seconds(const char *s, double *out);

#endif
