/* SPDX-License-Identifier: GPL-2.0 */
/*
 * commands: the subcommands. Each gets argv with argv[0] = its own name,
 * parses its options (getopt_long, --help) and returns an exit status
 * (exitcodes.h).
 */
#ifndef IOMMUBENCH_COMMANDS_H
#define IOMMUBENCH_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_compat(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_recover(int argc, char **argv);
int cmd_restore(int argc, char **argv);

#endif
