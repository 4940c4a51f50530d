/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gbjson: benchmarks.json, both ways. The writer (below) writes Google
 * Benchmark's JSON from its Run records, non-finite numbers as null. The
 * reader is forgiving: Google Benchmark's own reporter, which wrote older
 * runs, prints non-finite doubles as bare NaN / -NaN / Infinity / -Infinity
 * (the coefficient of variation of an all-zero counter is 0/0), which is
 * not JSON: jansson, browsers and most dashboards reject the file. Loaders
 * read each such token as null.
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

/*
 * The writer of benchmarks.json: Google Benchmark 1.7's JSON layout (the
 * fields, their order and number format of its JSONReporter), from its
 * records (gbench_shim.h) instead of its text, with every non-finite
 * number written as null. gbench/gbreport.c puts the pieces together.
 */
struct gbs_context;
struct gbs_run;
struct jbuf;

/* "{\n  \"context\": {...},\n  \"benchmarks\": [\n"; date as given. */
void gbjson_write_context(struct jbuf *b, const struct gbs_context *c,
			  const char *date);

/* One entry, "    {\n ... \n    }" (no separator). */
void gbjson_write_run(struct jbuf *b, const struct gbs_run *r);

/* Google Benchmark's date: local time, "2026-01-01T12:00:00+00:00". */
void gbjson_date(char *buf, size_t len);

/* What closes the document after the last entry. */
#define GBJSON_END	"\n  ]\n}\n"
