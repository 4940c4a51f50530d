/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gbjson: Google Benchmark's JSON quirk. Its reporter prints non-finite
 * doubles as bare NaN / -NaN / Infinity / -Infinity (the coefficient of
 * variation of an all-zero counter is 0/0), which is not JSON: jansson,
 * browsers and most dashboards reject the file. benchmarks.json is
 * written with each such token as null instead; loaders pass older files
 * through the same function.
 */
#ifndef IOMMUBENCH_GBJSON_H
#define IOMMUBENCH_GBJSON_H

#include <stddef.h>

/*
 * A malloc'ed, NUL-terminated copy of in[0..len) with every non-finite
 * number token outside strings replaced by null; its length in *outlen.
 * NULL if out of memory.
 */
char *gbjson_nonfinite_to_null(const char *in, size_t len, size_t *outlen);

/*
 * Read and parse a Google Benchmark JSON file (or any JSON file) the
 * forgiving way: non-finite numbers read as null. A new jansson reference,
 * or NULL with the reason (path, line, what) in err.
 */
struct json_t;
struct json_t *gbjson_load_file(const char *path, char *err, size_t errlen);

#endif
