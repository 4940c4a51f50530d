/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cli: the one-line command-line errors every command gives (not getopt's
 * message followed by the whole usage).
 */
#ifndef IOMMUBENCH_CLI_H
#define IOMMUBENCH_CLI_H

/*
 * After getopt_long() (with opterr = 0 and an optstring starting with ':')
 * returned ':' or '?': print "iommubench CMD: option ... needs a value" or
 * "... unknown option ..." and return IB_EXIT_USAGE.
 */
int cli_option_error(const char *cmd, int c, char *const argv[]);

#endif
