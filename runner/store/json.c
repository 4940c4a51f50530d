// SPDX-License-Identifier: GPL-2.0
/* json: growing buffer and string escaping; see json.h. */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jbuf_init(struct jbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void jbuf_free(struct jbuf *b)
{
	free(b->s);
	jbuf_init(b);
}

static bool reserve(struct jbuf *b, size_t extra)
{
	size_t cap = b->cap ? b->cap : 256;
	char *n;

	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	while (cap < b->len + extra + 1)
		cap *= 2;
	n = realloc(b->s, cap);
	if (!n) {
		b->oom = true;
		return false;
	}
	b->s = n;
	b->cap = cap;
	return true;
}

void jbuf_printf(struct jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void jbuf_str(struct jbuf *b, const char *s)
{
	jbuf_printf(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':  jbuf_printf(b, "\\\""); break;
		case '\\': jbuf_printf(b, "\\\\"); break;
		case '\n': jbuf_printf(b, "\\n"); break;
		case '\r': jbuf_printf(b, "\\r"); break;
		case '\t': jbuf_printf(b, "\\t"); break;
		case '\b': jbuf_printf(b, "\\b"); break;
		case '\f': jbuf_printf(b, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				jbuf_printf(b, "\\u%04x", c);
			else
				jbuf_printf(b, "%c", c);
		}
	}
	jbuf_printf(b, "\"");
}
