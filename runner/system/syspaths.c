// SPDX-License-Identifier: GPL-2.0
/* syspaths: system file locations with test overrides; see syspaths.h. */
#include "syspaths.h"

#include <stdlib.h>

#include "iommubench.h"

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && v[0] ? v : fallback;
}

const char *syspaths_sysfs(void)
{
	return env_or("IOMMUBENCH_SYSFS", "/sys");
}

const char *syspaths_procfs(void)
{
	return env_or("IOMMUBENCH_PROCFS", "/proc");
}

const char *syspaths_devnode(void)
{
	return env_or("IOMMUBENCH_DEVNODE", "/dev/" IOMMUBENCH_DEV_NAME);
}

const char *syspaths_statedir(void)
{
	return env_or("IOMMUBENCH_STATE_DIR", "/run/iommubench");
}
