/* SPDX-License-Identifier: GPL-2.0 */
/*
 * e2e: what the end-to-end tests (test_*_e2e.c) share: a fake system for
 * `iommubench run` (a fake sysfs/procfs tree through IOMMUBENCH_SYSFS and
 * IOMMUBENCH_PROCFS, a regular file as device node, preload/fake_kernel.so
 * answering the ioctls and acting out bind/unbind), the captured output,
 * and checks of the result files.
 */
#ifndef IOMMUBENCH_TESTS_E2E_H
#define IOMMUBENCH_TESTS_E2E_H

#include <stddef.h>

#include <jansson.h>

#include "harness.h"
#include "iommubench.h"

#define BDF "0000:00:03.0"
#define SMOKE IB_ROOT "/bench/suites/smoke.suite"

/* stdout and stderr of the last command run. */
#define E2E_OUT_MAX	(1 << 22)
#define E2E_ERR_MAX	(1 << 16)
extern char e2e_out[E2E_OUT_MAX], e2e_err[E2E_ERR_MAX];

/* The binary with these arguments and no fake system. */
#define RUN(...) harness_cli(e2e_out, sizeof(e2e_out), e2e_err, \
			     sizeof(e2e_err), __VA_ARGS__, (const char *)NULL)

struct fake {
	char root[600];
	char sys[700], proc[700], dev[700], results[700];
	char env[14][800];
	char *envp[15];
	int nenv;
};

#define DMA_SUITE "name e2e-dma\npath dma\nsize 4096\nmode strict fq\n" \
	"shape pair pool\npool_depth 8\nthreads 1 all\nops 10\nrepetitions 2\n"

#define STRICT_PAIR "dma/api:page/mode:strict/shape:pair/dir:bidi/size:4096/threads:2"
#define FQ_POOL "dma/api:page/mode:fq/shape:pool/depth:8/order:fifo/dir:bidi/size:4096/threads:1"

/* Run argv on the fake system; it must exit 0 (its stderr is shown if not). */
#define CHECK_RUN_OK(f, argv)						\
	do {								\
		int rc_ = run_fake((f), (argv));			\
		CHECK_EQ(rc_, 0);					\
		if (rc_)						\
			printf("  stderr: %s\n", e2e_err);		\
	} while (0)

void fake_env(struct fake *f, const char *kv);
void fake_system(struct fake *f, const char *block_dir,
		 const char *fail_size);
void check_restored(const struct fake *f);
int run_fake(struct fake *f, char **argv);
int count(const char *hay, const char *needle);
int message_lines(const char *e);
json_t *load_gb(const char *dir, const char *run_id, size_t n_iter);
void check_layout(const char *results, const char *run_id,
		  const char *status, int done, size_t n_iter);
const char *write_suite(const char *text);
const char *entry(const char *json, const char *name, int n);
const char *type_now(const struct fake *f);

#endif
