// SPDX-License-Identifier: GPL-2.0
/* kmod_client: /dev/iommubench ioctls; see kmod_client.h. */
#include "kmod_client.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int kmod_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

const char *kmod_open_hint(int e)
{
	switch (-e) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return "the iommubench module is not loaded (insmod iommubench.ko)";
	case EPERM:
	case EACCES:
		return "it needs root (CAP_SYS_ADMIN)";
	case EBUSY:
		return "another process (another iommubench?) holds it open; the module allows one at a time";
	default:
		return "see dmesg";
	}
}

int kmod_info(int fd, struct iommubench_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	if (ioctl(fd, IOMMUBENCH_IOC_INFO, info))
		return -errno;
	/*
	 * size is now what the module wrote: never less than the first
	 * version (a broken module), never more than we offered. Fields past
	 * it stay zero (not reported).
	 */
	if (info->size < IOMMUBENCH_INFO_SIZE_VER0 || info->size > sizeof(*info))
		return -EPROTO;
	return 0;
}

int kmod_run(int fd, struct iommubench_run *run)
{
	/* req, args and report carry their own sizes (point_request()) */
	run->size = sizeof(*run);
	return ioctl(fd, IOMMUBENCH_IOC_RUN, run) ? -errno : 0;
}

void kmod_info_flags_str(unsigned int flags, char *buf, size_t len)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} names[] = {
		{ IOMMUBENCH_INFO_BOUND, "bound" },
		{ IOMMUBENCH_INFO_HAS_DOMAIN, "domain" },
		{ IOMMUBENCH_INFO_INVAL_PROBE, "inval-probe" },
		{ IOMMUBENCH_INFO_RUNNING, "running" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s", used ? "," : "", names[i].name);
		flags &= ~names[i].bit;
	}
	if (flags && used < len)
		snprintf(buf + used, len - used, "%s0x%x", used ? "," : "",
			 flags);
}
