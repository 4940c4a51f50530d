/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json: a growing text buffer with JSON string escaping, for the files the
 * runner writes as it runs (benchmarks.json through gbjson.c,
 * histograms.json, meta.json, `info --json`).
 */
#ifndef IOMMUBENCH_JSON_H
#define IOMMUBENCH_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct jbuf {
	char *s;	/* NUL-terminated */
	size_t len;
	size_t cap;
	bool oom;	/* an allocation failed: contents are incomplete */
};

void jbuf_init(struct jbuf *b);
void jbuf_free(struct jbuf *b);

/* Append formatted text as is. */
void jbuf_printf(struct jbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Append s as a quoted JSON string: '"' and '\' escaped, control bytes as
 * \n, \t, ... or \u00XX; other bytes (UTF-8) copied.
 */
void jbuf_str(struct jbuf *b, const char *s);

#endif
