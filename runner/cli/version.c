// SPDX-License-Identifier: GPL-2.0
/* version: see version.h; the Makefile passes -DIOMMUBENCH_VERSION. */
#include "version.h"

#ifndef IOMMUBENCH_VERSION
#define IOMMUBENCH_VERSION "unknown"
#endif

const char *iommubench_version(void)
{
	return IOMMUBENCH_VERSION;
}
