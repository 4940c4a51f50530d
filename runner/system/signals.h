/* SPDX-License-Identifier: GPL-2.0 */
/*
 * signals: SIGINT/SIGTERM/SIGHUP only set a flag. The main flow polls it
 * and restores the device binding itself (nothing async-signal-unsafe runs
 * in the handler). No SA_RESTART, so a blocking RUN ioctl returns EINTR.
 * After two signals the default action is back: a third one kills.
 * Signals the caller ignores (nohup) stay ignored.
 */
#ifndef IOMMUBENCH_SIGNALS_H
#define IOMMUBENCH_SIGNALS_H

/* Install the handlers. 0 or negative errno. */
int signals_install(void);

/* The first signal received, 0 if none. */
int signals_pending(void);

#endif
