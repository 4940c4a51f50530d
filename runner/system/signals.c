// SPDX-License-Identifier: GPL-2.0
/* signals: stop flag set from signal handlers; see signals.h. */
#include "signals.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t first_signal;
static volatile sig_atomic_t count;

static void on_signal(int sig)
{
	struct sigaction dfl;

	if (!first_signal)
		first_signal = sig;
	/*
	 * The first signal stops the run and restores the device; a second
	 * is absorbed too (the restore takes a moment); a third one kills,
	 * restore or not: the way out if the restore itself hangs.
	 */
	if (++count == 2) {
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGINT, &dfl, NULL);
		sigaction(SIGTERM, &dfl, NULL);
		sigaction(SIGHUP, &dfl, NULL);
	}
}

int signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: interrupt the RUN ioctl */
	for (unsigned int i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		/* Keep what the caller ignores ignored (nohup, SIGHUP). */
		if (sigaction(sigs[i], NULL, &old))
			return -errno;
		if (old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(sigs[i], &sa, NULL))
			return -errno;
	}
	return 0;
}

int signals_pending(void)
{
	return first_signal;
}
