/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suite_parser: the state the suite_*.c files share while a suite is read
 * (where we are, for "FILE:LINE: message") and their internal entry
 * points. Not for the paths: they use suite_key.h.
 */
#ifndef IOMMUBENCH_SUITE_PARSER_H
#define IOMMUBENCH_SUITE_PARSER_H

#include <stddef.h>

#include "suite.h"
#include "suite_key.h"

struct suite_parser {
	struct suite *s;		/* NULL while expanding */
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
	/* Line each scalar key was seen on, for duplicate detection. */
	unsigned int name_line, ops_line, duration_line, warmup_line,
		     timer_line, drvcalls_line, repetitions_line;
};

/* suite_values.c: one value of a list key into l. 0 or -1. */
int suite_parse_value(struct suite_parser *p, const struct suite_key *k,
		      struct suite_list *l, const char *tok);

/* suite_values.c: the custom parsers of the core's size and threads keys. */
int suite_parse_size(struct suite_parser *p, const struct suite_key *k,
		     struct suite_list *l, const char *tok);
int suite_parse_threads(struct suite_parser *p, const struct suite_key *k,
			struct suite_list *l, const char *tok);

/* suite_check.c: required keys, consistency, defaults. 0 or -1. */
int suite_check(struct suite_parser *p);

#endif
