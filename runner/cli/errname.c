// SPDX-License-Identifier: GPL-2.0
/* errname: errno values as text; see errname.h. */
#include "errname.h"

#include <stdio.h>
#include <string.h>

const char *err_name(int e, char *buf, size_t len)
{
	const char *n = strerrorname_np(e);	/* glibc >= 2.32 */

	if (n)
		return n;
	snprintf(buf, len, "E%d", e);
	return buf;
}

void err_describe(int e, char *buf, size_t len)
{
	char nb[16];

	snprintf(buf, len, "%s (%s)", strerror(e), err_name(e, nb, sizeof(nb)));
}
