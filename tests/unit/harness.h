/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness: a tiny unit-test harness. TEST(name) { CHECK(...); } registers
 * a test; a test passes when none of its checks failed. The runner prints
 * failures with file:line and ends with "N passed, N failed".
 */
#ifndef IOMMUBENCH_TEST_HARNESS_H
#define IOMMUBENCH_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void harness_register(const char *name, void (*fn)(void));
void harness_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define TEST(name)							\
	static void test_##name(void);					\
	__attribute__((constructor)) static void register_##name(void)	\
	{								\
		harness_register(#name, test_##name);			\
	}								\
	static void test_##name(void)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			harness_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long a_ = (long long)(a), b_ = (long long)(b);	\
		if (a_ != b_)						\
			harness_fail(__FILE__, __LINE__,		\
				     "%s == %s: %lld != %lld", #a, #b, a_, b_); \
	} while (0)

#define CHECK_EQ_U64(a, b)						\
	do {								\
		unsigned long long a_ = (a), b_ = (b);			\
		if (a_ != b_)						\
			harness_fail(__FILE__, __LINE__,		\
				     "%s == %s: %llu != %llu", #a, #b, a_, b_); \
	} while (0)

#define CHECK_STREQ(a, b)						\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		if (!a_ || !b_ || strcmp(a_, b_))			\
			harness_fail(__FILE__, __LINE__,		\
				     "%s == %s: \"%s\" != \"%s\"", #a, #b, \
				     a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} while (0)

#define CHECK_CONTAINS(hay, needle)					\
	do {								\
		const char *h_ = (hay), *n_ = (needle);			\
		if (!h_ || !strstr(h_, n_))				\
			harness_fail(__FILE__, __LINE__,		\
				     "%s contains \"%s\": \"%s\"", #hay, n_, \
				     h_ ? h_ : "(null)");		\
	} while (0)

/* |a - b| <= tol */
#define CHECK_NEAR(a, b, tol)						\
	do {								\
		double a_ = (a), b_ = (b), t_ = (tol);			\
		if (!(a_ - b_ <= t_ && b_ - a_ <= t_))			\
			harness_fail(__FILE__, __LINE__,		\
				     "%s ~ %s (+-%g): %.9g vs %.9g", #a, #b, \
				     t_, a_, b_);			\
	} while (0)

/* A fresh directory under $TMPDIR (or /tmp), removed at exit. */
const char *harness_tmpdir(void);

/* Create dirs/files for fake sysfs trees: "a/b/c" relative to base. */
void harness_mkdirs(const char *base, const char *rel);
void harness_write(const char *base, const char *rel, const char *content);
/* Whole file into a static buffer (NULL if unreadable). */
const char *harness_read(const char *base, const char *rel);

/*
 * Run argv with stdout and stderr captured (each up to len - 1 bytes).
 * Returns the exit status, 128+N for a signal, -1 if it could not start.
 */
int harness_run(char *const argv[], char *out, size_t outlen, char *err,
		size_t errlen);

/*
 * harness_run of IB_BIN (the runner under test) with the NULL-terminated
 * arguments after it, at most 30.
 */
int harness_cli(char *out, size_t outlen, char *err, size_t errlen,
		const char *first, ...);

/*
 * The same in two steps, with extra "NAME=value" environment entries
 * (env may be NULL): start returns the child's pid (or -1), finish waits
 * and collects like harness_run.
 */
struct harness_child {
	int pid;
	void *out, *err;	/* FILE * of the captured streams */
};
int harness_start(struct harness_child *c, char *const argv[],
		  char *const env[]);
int harness_finish(struct harness_child *c, char *out, size_t outlen,
		   char *err, size_t errlen);

#endif
