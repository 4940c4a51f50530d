/* SPDX-License-Identifier: GPL-2.0 */
/*
 * export: a run's figures (medians over repetitions) in other tools'
 * formats (docs/compare.md): Bencher Metric Format, github-action-benchmark
 * customSmallerIsBetter, LKP-style "key: value" lines; and `points`, the
 * run model itself as JSON (docs/results.md), which plots/ and
 * bench/summary.sh read.
 */
#ifndef IOMMUBENCH_EXPORT_H
#define IOMMUBENCH_EXPORT_H

#include "runmodel.h"

enum export_format { EXPORT_BMF, EXPORT_GAB, EXPORT_LKP, EXPORT_POINTS };

/* "bmf", "gab", "lkp", "points" -> format; -1 if none of them. */
int export_parse_format(const char *s, enum export_format *f);

/*
 * The whole output as one NUL-terminated string (ends in a newline) in
 * *out, to free(). 0, or -1 when memory runs out.
 */
int export_render(const struct run_model *rf, enum export_format f, char **out);

/* LKP key part: ':' becomes '=', anything outside [A-Za-z0-9._/=+-] '_'. */
void export_lkp_safe(const char *in, char *out, size_t len);

#endif
