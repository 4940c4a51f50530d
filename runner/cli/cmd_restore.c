// SPDX-License-Identifier: GPL-2.0
/* cmd_restore: `iommubench restore`, what a killed runner left undone. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "device.h"
#include "exitcodes.h"
#include "syspaths.h"
#include "restore_state.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench restore [--device BDF|VID:DID]\n"
"\n"
"A runner killed outright (SIGKILL, a crash, a third signal) cannot restore\n"
"the device: it stays bound to iommubench with driver_override set, its\n"
"IOMMU group type possibly switched. What to undo is in\n"
"%s/<BDF>" RESTORE_STATE_SUFFIX " (written before the runner changes anything).\n"
"For each such file (or the one of --device) whose runner is gone, this\n"
"puts the group type back, then the driver and driver_override, removes\n"
"the file and prints \"restored BDF: group type T, driver D\". A file whose\n"
"runner is still running is left alone, and said so. `run` does the same\n"
"for its device before it starts.\n"
"\n"
"  --device DEV  only this device: PCI address or VID:DID\n"
"  -h, --help    this help\n"
"\n"
"Exit status: 0 ok (also: nothing to restore), 2 usage, 3 a restore\n"
"failed or a state file is malformed (it is kept; what to do by hand is\n"
"said).\n", syspaths_statedir());
}

/* One device's state file: a line on stdout, or the failure on stderr. */
static int restore_one(const char *dir, const char *bdf)
{
	char line[256];
	pid_t alive;
	int r = restore_state_stale(dir, bdf, "restore", &alive, line,
				    sizeof(line));

	if (r > 0)
		printf("%s\n", line);
	else if (!r && alive)
		printf("left alone %s: its runner (pid %ld) is still running\n",
		       bdf, (long)alive);
	else if (!r)
		printf("nothing to restore for %s\n", bdf);
	return r < 0 ? IB_EXIT_ENV : IB_EXIT_OK;
}

/* Every <BDF>.state in dir, in name order. */
static int restore_all_files(const char *dir)
{
	size_t slen = strlen(RESTORE_STATE_SUFFIX);
	struct dirent **ents = NULL;
	int n, rc = IB_EXIT_OK, done = 0;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0 && errno != ENOENT) {
		fprintf(stderr, "iommubench restore: cannot list %s: %s\n",
			dir, strerror(errno));
		return IB_EXIT_ENV;
	}
	for (int i = 0; i < n; i++) {
		char *name = ents[i]->d_name;
		size_t len = strlen(name);

		/* fs_write_atomic's temporary files start with '.' */
		if (name[0] != '.' && len > slen && len - slen < DEVICE_BDF_MAX &&
		    !strcmp(name + len - slen, RESTORE_STATE_SUFFIX)) {
			name[len - slen] = '\0';
			if (restore_one(dir, name))
				rc = IB_EXIT_ENV;
			done++;
		}
		free(ents[i]);
	}
	free(ents);
	if (!done)
		printf("nothing to restore (no state file in %s)\n", dir);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *device = NULL;
	char bdf[DEVICE_BDF_MAX], err[1024];
	int c, e;

	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': device = optarg; break;
		case 'h': usage(stdout); return IB_EXIT_OK;
		default: return cli_option_error("restore", c, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iommubench restore: unexpected argument '%s'\n",
			argv[optind]);
		return IB_EXIT_USAGE;
	}
	if (!device)
		return restore_all_files(syspaths_statedir());
	e = device_resolve(syspaths_sysfs(), device, bdf, sizeof(bdf), err,
			   sizeof(err));
	if (e) {
		fprintf(stderr, "iommubench restore: %s\n", err);
		return e == DEVICE_EUSAGE ? IB_EXIT_USAGE : IB_EXIT_ENV;
	}
	return restore_one(syspaths_statedir(), bdf);
}
