// SPDX-License-Identifier: GPL-2.0
/* results: run directories, atomic commits, `latest`; see results.h. */
#include "results.h"
#include "resultfiles.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

static bool safe_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-' ||
	       c == '+';
}

void results_sanitize(const char *in, char *out, size_t len)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; in[i] && i + 1 < len; i++)
		out[i] = safe_char(in[i]) ? in[i] : '_';
	out[i] = '\0';
	if (out[0] == '.')
		out[0] = '_';	/* no hidden or "." / ".." directories */
}

bool results_run_id_valid(const char *id)
{
	size_t n = strlen(id);

	if (!n || n >= RUN_ID_MAX || id[0] == '.' || !strcmp(id, IB_LINK_LATEST))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!safe_char(id[i]))
			return false;
	return true;
}

void results_default_run_id(time_t t, const char *kernel_release, char *buf,
			    size_t len)
{
	char raw[256], stamp[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(raw, sizeof(raw), "%s-%s", stamp, kernel_release);
	results_sanitize(raw, buf, len < RUN_ID_MAX ? len : RUN_ID_MAX);
}

int results_create_run_dir(const char *out_dir, char *run_id, size_t id_len,
			   bool uniquify, char *run_dir, size_t dir_len)
{
	char base[RUN_ID_MAX];
	size_t n = strlen(out_dir);
	int err;

	err = fs_mkdir_p(out_dir, 0755);
	if (err)
		return err;
	/* "results/" and "results" give the same paths in messages. */
	while (n > 1 && out_dir[n - 1] == '/')
		n--;
	snprintf(base, sizeof(base), "%s", run_id);
	for (int i = 1; i < 1000; i++) {
		if (i > 1 && fs_path(run_id, id_len, "%s-%d", base, i))
			return -ENAMETOOLONG;
		err = fs_path(run_dir, dir_len, "%.*s/%s", (int)n, out_dir,
			      run_id);
		if (err)
			return err;
		if (!mkdir(run_dir, 0755))
			return fs_fsync_path(out_dir);
		if (errno != EEXIST || !uniquify)
			return -errno;
	}
	return -EEXIST;
}

int results_point_latest(const char *out_dir, const char *run_id)
{
	char tmp[4096], dst[4096];
	int err;

	err = fs_path(tmp, sizeof(tmp), "%s/." IB_LINK_LATEST ".tmp.%ld", out_dir,
		      (long)getpid());
	if (!err)
		err = fs_path(dst, sizeof(dst), "%s/" IB_LINK_LATEST, out_dir);
	if (err)
		return err;
	unlink(tmp);	/* a leftover from a killed run with our pid */
	/* Relative target: the directory can be moved or shared. */
	if (symlink(run_id, tmp))
		return -errno;
	if (rename(tmp, dst)) {
		err = -errno;
		unlink(tmp);
		return err;
	}
	return fs_fsync_path(out_dir);
}
