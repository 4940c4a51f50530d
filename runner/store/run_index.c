// SPDX-License-Identifier: GPL-2.0
/* run_index: results/index.json; see run_index.h. */
#include "run_index.h"
#include "resultfiles.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "gbjson.h"
#include "meta.h"
#include "results.h"

static json_t *load_file(const char *dir, const char *run_id,
			 const char *name)
{
	char path[4096], err[256];

	if (fs_path(path, sizeof(path), "%s/%s/%s", dir, run_id, name))
		return NULL;
	return gbjson_load_file(path, err, sizeof(err));
}

static const char *str_or(json_t *obj, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : dflt;
}

/* Distinct benchmarks with at least one repetition in a GB document. */
static size_t count_benchmarks(json_t *benches)
{
	size_t n = 0, i, j;
	json_t *e, *f;

	json_array_foreach(benches, i, e) {
		const char *name = str_or(e, "run_name", "");
		bool seen = false;

		if (strcmp(str_or(e, "run_type", ""), "iteration"))
			continue;
		for (j = 0; j < i && !seen; j++) {
			f = json_array_get(benches, j);
			seen = !strcmp(str_or(f, "run_type", ""), "iteration") &&
			       !strcmp(str_or(f, "run_name", ""), name);
		}
		n += !seen;
	}
	return n;
}

/* A copy of obj[key], or dflt (a new reference) if absent. */
static json_t *copy_or(json_t *obj, const char *key, json_t *dflt)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return dflt;
	json_decref(dflt);
	return json_deep_copy(v);
}

static json_t *new_entry(const char *run_id, const char *suite,
			 const char *kernel, const char *platform)
{
	json_t *e = json_object();

	json_object_set_new(e, "run_id", json_string(run_id));
	json_object_set_new(e, "suite", json_string(suite));
	json_object_set_new(e, "kernel_release", json_string(kernel));
	json_object_set_new(e, "platform", json_string(platform));
	return e;
}

/* The index entry for one run directory; NULL if it holds no run. */
static json_t *entry_for(const char *dir, const char *run_id)
{
	json_t *meta = load_file(dir, run_id, IB_FILE_META);
	json_t *gb, *ctx, *e;
	char date[64];
	size_t n;

	if (meta && !strcmp(str_or(meta, "format", ""), META_FORMAT)) {
		e = new_entry(run_id, str_or(meta, "suite", "unknown"),
			      str_or(json_object_get(meta, "kernel"), "release",
				     "unknown"),
			      str_or(meta, "platform", "unknown"));
		json_object_set_new(e, "emulated",
				    copy_or(meta, "emulated", json_true()));
		json_object_set_new(e, "start",
				    json_string(str_or(meta, "start", "")));
		json_object_set_new(e, "end", copy_or(meta, "end", json_null()));
		json_object_set_new(e, "status",
				    json_string(str_or(meta, "status",
						       "unknown")));
		json_object_set_new(e, "benchmarks",
				    copy_or(meta, "benchmarks_done",
					    json_integer(0)));
		json_decref(meta);
		return e;
	}
	json_decref(meta);
	/* Before meta.json: what benchmarks.json's context says. */
	gb = load_file(dir, run_id, IB_FILE_BENCHMARKS);
	if (!gb)
		return NULL;
	ctx = json_object_get(gb, "context");
	e = new_entry(run_id, str_or(ctx, "suite", "unknown"),
		      str_or(ctx, "kernel_release", "unknown"),
		      str_or(ctx, "platform", "unknown"));
	json_object_set_new(e, "emulated",
			    json_boolean(strcmp(str_or(ctx, "emulated", "true"),
						"false")));
	/* Google Benchmark's "+00:00" as meta.json's "Z", for sorting */
	snprintf(date, sizeof(date), "%s", str_or(ctx, "date", ""));
	n = strlen(date);
	if (n > 6 && !strcmp(date + n - 6, "+00:00"))
		snprintf(date + n - 6, 7, "Z");
	json_object_set_new(e, "start", json_string(date));
	json_object_set_new(e, "end", json_null());
	json_object_set_new(e, "status", json_string("unknown"));
	json_object_set_new(e, "benchmarks",
			    json_integer((json_int_t)count_benchmarks(
				    json_object_get(gb, "benchmarks"))));
	json_decref(gb);
	return e;
}

static int cmp_entries(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str_or(x, "start", ""), str_or(y, "start", ""));

	return c ? c : strcmp(str_or(x, "run_id", ""), str_or(y, "run_id", ""));
}

/* Sort runs by start time, serialise, replace out_dir/index.json. */
static int write_index(const char *out_dir, json_t *runs)
{
	size_t n = json_array_size(runs);
	json_t **v = calloc(n ? n : 1, sizeof(*v));
	json_t *root, *sorted;
	char *text;
	int err;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(runs, i);
	qsort(v, n, sizeof(*v), cmp_entries);
	sorted = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(sorted, v[i]);
	free(v);
	root = json_pack("{s:s, s:o}", "format", RUN_INDEX_FORMAT, "runs",
			 sorted);
	text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) :
		      NULL;
	json_decref(root);
	if (!text)
		return -ENOMEM;
	err = fs_write_atomic(out_dir, RUN_INDEX_NAME, text, strlen(text));
	free(text);
	return err;
}

/* Every run directory's entry. */
static json_t *scan(const char *out_dir)
{
	json_t *runs = json_array();
	struct dirent *d;
	DIR *dir = opendir(out_dir);

	if (!dir || !runs) {
		if (dir)
			closedir(dir);
		json_decref(runs);
		return NULL;
	}
	while ((d = readdir(dir))) {
		json_t *e;

		if (!results_run_id_valid(d->d_name))
			continue;
		e = entry_for(out_dir, d->d_name);
		if (e)
			json_array_append_new(runs, e);
	}
	closedir(dir);
	return runs;
}

/* flock out_dir/.index.lock; returns the fd or a negative errno. */
static int lock_index(const char *out_dir)
{
	char path[4096];
	int fd, err;

	err = fs_path(path, sizeof(path), "%s/.index.lock", out_dir);
	if (err)
		return err;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX)) {
		if (errno != EINTR) {
			err = -errno;
			close(fd);
			return err;
		}
	}
	return fd;
}

int run_index_rebuild(const char *out_dir, char *err, size_t errlen)
{
	json_t *runs;
	int fd, e, n;

	fd = lock_index(out_dir);
	if (fd < 0) {
		snprintf(err, errlen, "cannot lock %s/.index.lock: %s", out_dir,
			 strerror(-fd));
		return fd;
	}
	runs = scan(out_dir);
	if (!runs) {
		e = errno ? -errno : -ENOMEM;
		snprintf(err, errlen, "cannot read %s: %s", out_dir,
			 strerror(-e));
		close(fd);
		return e;
	}
	n = (int)json_array_size(runs);
	e = write_index(out_dir, runs);
	json_decref(runs);
	close(fd);
	if (e) {
		snprintf(err, errlen, "cannot write %s/%s: %s", out_dir,
			 RUN_INDEX_NAME, strerror(-e));
		return e;
	}
	return n;
}

int run_index_update(const char *out_dir, const char *run_id, char *err,
		     size_t errlen)
{
	char path[4096];
	json_t *root, *runs, *kept, *e;
	struct stat st;
	size_t i;
	int fd, ret;

	fd = lock_index(out_dir);
	if (fd < 0) {
		snprintf(err, errlen, "cannot lock %s/.index.lock: %s", out_dir,
			 strerror(-fd));
		return fd;
	}
	ret = fs_path(path, sizeof(path), "%s/%s", out_dir, RUN_INDEX_NAME);
	root = ret ? NULL : json_load_file(path, 0, NULL);
	runs = json_object_get(root, "runs");
	if (!json_is_array(runs) ||
	    strcmp(str_or(root, "format", ""), RUN_INDEX_FORMAT)) {
		/* none yet, or unreadable: start from what is on disk */
		json_decref(root);
		root = NULL;
		runs = scan(out_dir);
		kept = runs;
	} else {
		/* keep the others whose directories still exist */
		kept = json_array();
		json_array_foreach(runs, i, e) {
			const char *id = str_or(e, "run_id", "");

			if (!strcmp(id, run_id) || !results_run_id_valid(id) ||
			    fs_path(path, sizeof(path), "%s/%s", out_dir, id) ||
			    stat(path, &st))
				continue;
			json_array_append(kept, e);
		}
	}
	if (!kept) {
		ret = -ENOMEM;
	} else {
		/* scan() already has this run's fresh entry */
		if (root) {
			e = entry_for(out_dir, run_id);
			if (e)
				json_array_append_new(kept, e);
		}
		ret = write_index(out_dir, kept);
	}
	if (kept != runs)
		json_decref(kept);
	else
		json_decref(runs);
	json_decref(root);
	close(fd);
	if (ret)
		snprintf(err, errlen, "cannot write %s/%s: %s", out_dir,
			 RUN_INDEX_NAME, strerror(-ret));
	return ret;
}
