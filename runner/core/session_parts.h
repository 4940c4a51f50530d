/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session_parts: the jobs session.c hands to its two helpers, internal to
 * the session (commands use session.h).
 *  - session_device.c: the device and its group (bind, switch, restore);
 *  - session_results.c: the run directory and the result files.
 */
#ifndef IOMMUBENCH_SESSION_PARTS_H
#define IOMMUBENCH_SESSION_PARTS_H

#include <stddef.h>

#include "gbench_shim.h"
#include "session.h"

/* Undo what a killed runner left on se->bdf (its state file). */
int session_device_probe(struct session *se);
/* Probe the device's IOMMU group: its original type, or NULL. */
const char *session_device_group(struct session *se);
/* Bind the device (state file first) and check INFO; an exit code. */
int session_device_bind(struct session *se);
/* point_mode_fn: switch the group to the type a point's mode asks for. */
int session_device_mode(void *ctx, const struct suite_point *pt,
			char *group_type, size_t gtlen, char *why,
			size_t whylen);
/* Group type, then binding, back as they were; 0 or -1. Idempotent. */
int session_device_restore(void);

/* DIR/<run-id>/ (and Google Benchmark's output file); an exit code. */
int session_results_create_dir(struct session *se);
/* gbs_report_fn: the context, each finished benchmark, the whole run. */
void session_results_piece(void *arg, enum gbs_report_kind kind,
			   const char *json, size_t len);
/* Files into place, the closing lines; an I/O exit code or 0. */
int session_results_finish(struct session *se);
/* The line saying which signal stopped the run and what is kept. */
void session_results_say_stopped(const struct session *se);
/* A run that measured nothing leaves no directory (nor index entry). */
void session_results_discard(struct session *se);

#endif
