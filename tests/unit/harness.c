// SPDX-License-Identifier: GPL-2.0
/* harness: registry, checks, temp dirs and child processes for tests. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TESTS 512

static struct {
	const char *name;
	void (*fn)(void);
} tests[MAX_TESTS];
static int nr_tests;
static int current_failed;
static const char *current_name;

void harness_register(const char *name, void (*fn)(void))
{
	if (nr_tests == MAX_TESTS) {
		fprintf(stderr, "harness: too many tests\n");
		exit(2);
	}
	tests[nr_tests].name = name;
	tests[nr_tests].fn = fn;
	nr_tests++;
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!current_failed)
		printf("FAIL %s\n", current_name);
	current_failed = 1;
	printf("  %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static char tmp_root[512];

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup_tmp(void)
{
	if (tmp_root[0] && !getenv("HARNESS_KEEP_TMP"))
		nftw(tmp_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *harness_tmpdir(void)
{
	static char dir[600];
	static int seq;
	const char *base = getenv("TMPDIR");

	if (!tmp_root[0]) {
		snprintf(tmp_root, sizeof(tmp_root), "%s/iommubench-unit-XXXXXX",
			 base && base[0] ? base : "/tmp");
		if (!mkdtemp(tmp_root)) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(cleanup_tmp);
	}
	snprintf(dir, sizeof(dir), "%s/%d", tmp_root, ++seq);
	if (mkdir(dir, 0755)) {
		perror(dir);
		exit(2);
	}
	return dir;
}

void harness_mkdirs(const char *base, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	for (char *p = path + strlen(base) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	}
	mkdir(path, 0755);
}

void harness_write(const char *base, const char *rel, const char *content)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(content, f);
	fclose(f);
}

const char *harness_read(const char *base, const char *rel)
{
	static char buf[1 << 20];
	char path[1024];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void slurp(int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	if (!len)
		return;
	lseek(fd, 0, SEEK_SET);
	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
}

int harness_start(struct harness_child *c, char *const argv[],
		  char *const env[])
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	pid_t pid;

	c->pid = -1;
	c->out = fo;
	c->err = fe;
	if (!fo || !fe)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		dup2(fileno(fo), 1);
		dup2(fileno(fe), 2);
		execv(argv[0], argv);
		_exit(127);
	}
	c->pid = pid;
	return pid;
}

int harness_finish(struct harness_child *c, char *out, size_t outlen,
		   char *err, size_t errlen)
{
	FILE *fo = c->out, *fe = c->err;
	int status = -1;

	if (c->pid > 0 && waitpid(c->pid, &status, 0) == c->pid) {
		if (WIFEXITED(status))
			status = WEXITSTATUS(status);
		else if (WIFSIGNALED(status))
			status = 128 + WTERMSIG(status);
	} else {
		status = -1;
	}
	if (fo)
		slurp(fileno(fo), out, outlen);
	if (fe)
		slurp(fileno(fe), err, errlen);
	if (fo)
		fclose(fo);
	if (fe)
		fclose(fe);
	return status;
}

int harness_run(char *const argv[], char *out, size_t outlen, char *err,
		size_t errlen)
{
	struct harness_child c;

	harness_start(&c, argv, NULL);
	return harness_finish(&c, out, outlen, err, errlen);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (int i = 0; i < nr_tests; i++) {
		/* Optional filter: run tests whose name contains argv[1]. */
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		current_name = tests[i].name;
		current_failed = 0;
		tests[i].fn();
		fflush(stdout);
		if (current_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	/* Sanitizers may _exit() after main: don't lose buffered output. */
	fflush(stdout);
	return failed ? 1 : 0;
}

int harness_cli(char *out, size_t outlen, char *err, size_t errlen,
		const char *first, ...)
{
	char *argv[32] = { (char *)IB_BIN };
	const char *a = first;
	int n = 1;
	va_list ap;

	va_start(ap, first);
	while (a && n < 31) {
		argv[n++] = (char *)a;
		a = va_arg(ap, const char *);
	}
	va_end(ap);
	argv[n] = NULL;
	return harness_run(argv, out, outlen, err, errlen);
}
