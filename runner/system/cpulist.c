// SPDX-License-Identifier: GPL-2.0
/* cpulist: parse and print CPU lists; see cpulist.h. */
#include "cpulist.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_cpu(const char **s, uint32_t *out)
{
	unsigned long v = 0;

	if (!isdigit((unsigned char)**s))
		return -EINVAL;
	while (isdigit((unsigned char)**s)) {
		v = v * 10 + (unsigned long)(**s - '0');
		if (v > CPULIST_MAX_CPU)
			return -ERANGE;
		(*s)++;
	}
	*out = (uint32_t)v;
	return 0;
}

int cpulist_parse(const char *s, uint32_t *cpus, size_t max, size_t *n)
{
	/* One bit per CPU number, to refuse duplicates in O(1). */
	uint64_t seen[(CPULIST_MAX_CPU + 64) / 64];
	size_t count = 0;
	int err;

	memset(seen, 0, sizeof(seen));
	if (!*s)
		return -EINVAL;
	for (;;) {
		uint32_t lo, hi;

		err = parse_cpu(&s, &lo);
		if (err)
			return err;
		hi = lo;
		if (*s == '-') {
			s++;
			err = parse_cpu(&s, &hi);
			if (err)
				return err;
			if (hi < lo)
				return -ERANGE;
		}
		for (uint32_t c = lo; c <= hi; c++) {
			if (seen[c / 64] & (1ULL << (c % 64)))
				return -EINVAL;
			seen[c / 64] |= 1ULL << (c % 64);
			if (count == max)
				return -E2BIG;
			cpus[count++] = c;
		}
		if (!*s)
			break;
		if (*s != ',')
			return -EINVAL;
		s++;
	}
	*n = count;
	return 0;
}

void cpulist_format(const uint32_t *cpus, size_t n, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int w;

		while (j + 1 < n && cpus[j + 1] == cpus[j] + 1)
			j++;
		if (j == i)
			w = snprintf(buf + used, len - used, "%s%u",
				     used ? "," : "", cpus[i]);
		else
			w = snprintf(buf + used, len - used, "%s%u-%u",
				     used ? "," : "", cpus[i], cpus[j]);
		if (w < 0 || (size_t)w >= len - used) {
			if (len)
				buf[used] = '\0';	/* whole entries only */
			return;
		}
		used += (size_t)w;
		i = j + 1;
	}
}
