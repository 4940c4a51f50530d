/* SPDX-License-Identifier: GPL-2.0 */
/* errname: errno values as text for messages: "No such device (ENODEV)". */
#ifndef IOMMUBENCH_ERRNAME_H
#define IOMMUBENCH_ERRNAME_H

#include <stddef.h>

/* "ENODEV", or "E<number>" if the C library has no name for it. */
const char *err_name(int e, char *buf, size_t len);

/* "<strerror> (<errno name>)". */
void err_describe(int e, char *buf, size_t len);

#endif
