/* SPDX-License-Identifier: GPL-2.0 */
/*
 * suite: the `.suite` file format (docs/runner.md) and its expansion into
 * a matrix of benchmark points.
 *
 * A suite is `key value...` lines; `#` starts a comment. List keys expand
 * into the cross product; errors are reported as "FILE:LINE: message"
 * (or "FILE: message" for what no line can be blamed for, e.g. a missing
 * key).
 */
#ifndef IOMMUBENCH_SUITE_H
#define IOMMUBENCH_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include "iommubench.h"

#define SUITE_MAX_VALUES	64	/* per list key */
#define SUITE_MAX_POINTS	100000	/* whole matrix */
#define SUITE_NAME_MAX		64
#define SUITE_POINT_NAME_MAX	192

/* Defaults of the optional keys. */
#define SUITE_DEFAULT_THREADS		1
#define SUITE_DEFAULT_BATCH		256
#define SUITE_DEFAULT_WARMUP		16
#define SUITE_DEFAULT_REPETITIONS	5
#define SUITE_MAX_REPETITIONS		1000
#define SUITE_MIN_SIZE			4096ULL
/* The module's limit on warmup_ops (docs/abi.md; not in the UAPI header). */
#define SUITE_MAX_WARMUP		IOMMUBENCH_MAX_WARMUP

/* One list-valued key: its values and the line it was given on (0 = not). */
struct suite_list {
	uint64_t v[SUITE_MAX_VALUES];
	unsigned int n;
	unsigned int line;
};

struct suite {
	char file[256];			/* as given, for messages */
	char name[SUITE_NAME_MAX];
	struct suite_list path;		/* enum iommubench_path */
	struct suite_list map;		/* enum iommubench_map_mode */
	struct suite_list unmap;	/* enum iommubench_unmap_mode */
	struct suite_list pgsize;	/* mask; 0 = hardware bitmap */
	struct suite_list size;		/* bytes */
	struct suite_list threads;
	struct suite_list batch;
	uint64_t ops;			/* 0 = until duration */
	uint64_t duration_ns;		/* 0 = until ops */
	uint64_t warmup;
	unsigned int repetitions;
};

/* One benchmark of the matrix: the parameters of one RUN ioctl. */
struct suite_point {
	char name[SUITE_POINT_NAME_MAX];
	uint32_t path;
	uint32_t map_mode;
	uint32_t unmap_mode;
	uint32_t threads;
	uint32_t batch;
	uint64_t pgsize;
	uint64_t size;
	uint64_t ops;
	uint64_t duration_ns;
	uint64_t warmup;
};

/* Parse a suite; 0 or -1 with a message in err. */
int suite_parse_file(const char *path, struct suite *s, char *err,
		     size_t errlen);
/* The same from memory; file names the text in messages. */
int suite_parse_text(const char *file, const char *text, struct suite *s,
		     char *err, size_t errlen);

/*
 * Expand into *points (malloc'ed, caller frees) in a fixed order: path,
 * threads, pgsize, map, unmap, batch, then size innermost. 0 or -1.
 */
int suite_expand(const struct suite *s, struct suite_point **points,
		 size_t *n, char *err, size_t errlen);

/* Names used in suites and benchmark names ("range", "strict", ...). */
const char *suite_path_name(uint32_t path);
const char *suite_map_name(uint32_t mode);
const char *suite_unmap_name(uint32_t mode);
/* "hw" or lowercase hex ("0x1000"). */
void suite_pgsize_name(uint64_t pgsize, char *buf, size_t len);

#endif
