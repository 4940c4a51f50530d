// SPDX-License-Identifier: GPL-2.0
/* cli: one-line command-line errors; see cli.h. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "exitcodes.h"

int cli_option_error(const char *cmd, int c, char *const argv[])
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		fprintf(stderr,
			"iommubench %s: option '%s' needs a value (see --help)\n",
			cmd, arg);
	else if (!strncmp(arg, "--", 2))
		fprintf(stderr,
			"iommubench %s: unknown option '%s' (see --help)\n",
			cmd, arg);
	else
		fprintf(stderr,
			"iommubench %s: unknown option '-%c' (see --help)\n",
			cmd, optopt);
	return IB_EXIT_USAGE;
}
