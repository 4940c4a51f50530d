// SPDX-License-Identifier: GPL-2.0
/* parse_num: strict number parsing; see parse_num.h. */
#include "parse_num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* strtoull accepts "-1" and " 1"; insist on a leading digit. */
static int parse_base(const char *s, int base, uint64_t *out, char **end)
{
	unsigned long long v;

	if (!isdigit((unsigned char)s[0]) &&
	    !(base == 16 && isxdigit((unsigned char)s[0])))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end == s)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	int err = parse_base(s, 10, out, &end);

	if (err)
		return err;
	return *end ? -EINVAL : 0;
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned shift = 0;
	uint64_t v;
	char *end;
	int err = parse_base(s, 10, &v, &end);

	if (err)
		return err;
	if (*end) {
		switch (toupper((unsigned char)*end)) {
		case 'K': shift = 10; break;
		case 'M': shift = 20; break;
		case 'G': shift = 30; break;
		default: return -EINVAL;
		}
		if (end[1])
			return -EINVAL;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

int parse_hex_u64(const char *s, uint64_t *out)
{
	char *end;
	int err;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -EINVAL;
	err = parse_base(s + 2, 16, out, &end);
	if (err)
		return err;
	return *end ? -EINVAL : 0;
}

int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	/* strtod would also take hex floats ("0x1p3"): decimal only. */
	if ((!isdigit((unsigned char)s[0]) && s[0] != '.') || strpbrk(s, "xX"))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end)
		return -EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return -ERANGE;
	*out = v;
	return 0;
}
