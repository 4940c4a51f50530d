/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suite_key: the list-valued keys of a suite as data. The core owns the
 * keys every path shares (path, mode, shape and its parameters, size,
 * threads); each path descriptor lists its own (paths/path.h), and one
 * generic parser reads them all from these definitions.
 *
 * Also the helpers a path's check and expand hooks call: messages in the
 * suite's "FILE:LINE: message" form, list look-ups, and emitting points.
 */
#ifndef IOMMUBENCH_SUITE_KEY_H
#define IOMMUBENCH_SUITE_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "suite.h"

struct suite_parser;	/* suite_parse.c: where in which file */
struct suite_gen;	/* suite_expand.c: the points so far */

struct suite_name {
	const char *name;
	uint32_t value;
};

enum suite_kind {
	SUITE_KEY_ENUM,		/* one of names[] */
	SUITE_KEY_U64,		/* min..max */
	SUITE_KEY_CUSTOM,	/* parse() */
};

struct suite_key {
	const char *key;
	enum suite_kind kind;
	const struct suite_name *names;	/* ENUM */
	unsigned int nnames;
	uint64_t min, max;		/* U64 */
	/* CUSTOM: parse tok and suite_push() it; 0 or -1 (suite_fail()). */
	int (*parse)(struct suite_parser *p, const struct suite_key *k,
		     struct suite_list *l, const char *tok);
	bool required;		/* by every path that lists it */
	bool has_default;	/* else empty when not given */
	uint64_t def;
};

#define SUITE_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SUITE_ENUM_KEY(k, t, ...) \
	{ .key = k, .kind = SUITE_KEY_ENUM, .names = t, \
	  .nnames = SUITE_ARRAY_SIZE(t), __VA_ARGS__ }
#define SUITE_U64_KEY(k, lo, hi, ...) \
	{ .key = k, .kind = SUITE_KEY_U64, .min = lo, .max = hi, __VA_ARGS__ }

/* The core's keys. */
extern const struct suite_key suite_key_path, suite_key_mode,
	suite_key_shape, suite_key_hold_ns, suite_key_pool_depth,
	suite_key_pool_order, suite_key_size, suite_key_threads;

/* Every key: the core's, then each path's (each once), in that order. */
unsigned int suite_key_count(void);
const struct suite_key *suite_key_at(unsigned int i);
const struct suite_key *suite_key_find(const char *key);
/* Its index in struct suite's lists. */
unsigned int suite_key_index(const struct suite_key *k);

/* A key's values in a suite (never NULL for a known key). */
const struct suite_list *suite_list(const struct suite *s,
				    const struct suite_key *k);
struct suite_list *suite_list_mut(struct suite *s, const struct suite_key *k);
bool suite_list_has(const struct suite_list *l, uint64_t v);
/* Does the suite list the path named so? */
bool suite_lists_path(const struct suite *s, const char *name);
/* The name of a value of an ENUM key, or "?". */
const char *suite_key_value_name(const struct suite_key *k, uint64_t v);

/* "FILE:LINE: message" (line 0: "FILE: message") into the error; -1. */
int suite_fail(struct suite_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Blame this line in the next suite_fail() (0: the file). */
void suite_at_line(struct suite_parser *p, unsigned int line);
/* Append v to l, refusing duplicates ("tok" names it); 0 or -1. */
int suite_push(struct suite_parser *p, const char *key, struct suite_list *l,
	       uint64_t v, const char *tok);
/* A number min..max for key ("bad number", "out of range"); 0 or -1. */
int suite_parse_bounded(struct suite_parser *p, const char *key,
			const char *tok, uint64_t min, uint64_t max,
			uint64_t *out);
/* A key given although nothing in the suite uses it ("applies only to"). */
int suite_unused_key(struct suite_parser *p, const struct suite_list *l,
		     const char *key, const char *what);
/* A choice listed without the parameter it needs. */
int suite_needs_key(struct suite_parser *p, const struct suite_list *choice,
		    const char *choice_key, const char *value,
		    const struct suite_list *param, const char *param_key);

/* Expansion: the suite being expanded, and the sizes (innermost). */
const struct suite *suite_gen_suite(const struct suite_gen *g);
int suite_emit_sizes(struct suite_gen *g, struct suite_point *pt);

/* Name parts shared by the paths. */
/* "/shape:pool/depth:64/order:fifo", "/shape:hold/hold:1000", "/shape:pair". */
void suite_shape_part(const struct suite_point *pt, char *buf, size_t len);
/* The common part of `list --verbose`: "ops=1 duration_ns=0 warmup=16". */
void suite_describe_common(const struct suite_point *pt, char *buf,
			   size_t len);

#endif
