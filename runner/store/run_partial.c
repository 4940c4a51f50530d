// SPDX-License-Identifier: GPL-2.0
/* run_partial: finished benchmarks kept as pieces; see run_partial.h. */
#include "run_partial.h"
#include "resultfiles.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "gbjson.h"
#include "iommubench.h"
#include "json.h"
#include "results_csv.h"

int run_partial_begin(const char *run_dir)
{
	char path[4096];
	int e = fs_path(path, sizeof(path), "%s/%s", run_dir, RUN_PARTIAL_DIR);

	if (e)
		return e;
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

int run_partial_add(const char *run_dir, unsigned int n, const char *entries,
		    size_t len, const char *hist)
{
	char dir[4096], name[32];
	struct jbuf b;
	int e;

	e = fs_path(dir, sizeof(dir), "%s/%s", run_dir, RUN_PARTIAL_DIR);
	if (e)
		return e;
	snprintf(name, sizeof(name), "%04u.json", n);
	jbuf_init(&b);
	jbuf_printf(&b, "{\"benchmarks\": %.*s,\n \"histograms\": [%s\n]}\n",
		    (int)len, entries, hist);
	e = b.oom ? -ENOMEM : fs_write_atomic(dir, name, b.s, b.len);
	jbuf_free(&b);
	return e;
}

/* A piece's file name: digits and ".json" (not a temporary file). */
static int is_piece(const struct dirent *d)
{
	size_t n = strspn(d->d_name, "0123456789");

	return n && !strcmp(d->d_name + n, ".json");
}

void run_partial_end(const char *run_dir)
{
	char dir[4096], path[4400];
	struct dirent *d;
	DIR *dh;

	if (fs_path(dir, sizeof(dir), "%s/%s", run_dir, RUN_PARTIAL_DIR))
		return;
	dh = opendir(dir);
	if (!dh)
		return;
	while ((d = readdir(dh)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
		    !fs_path(path, sizeof(path), "%s/%s", dir, d->d_name))
			unlink(path);
	closedir(dh);
	rmdir(dir);
}

/* Write a jansson document to dir/name atomically; its text in *text. */
static int dump_to(const char *dir, const char *name, json_t *doc, char **text)
{
	*text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			   JSON_REAL_PRECISION(17));
	if (!*text)
		return -ENOMEM;
	return fs_write_atomic(dir, name, *text, strlen(*text));
}

/* Append every piece's entries to benches and hists; pieces read or -errno. */
static int read_pieces(const char *dir, json_t *benches, json_t *hists,
		       char *err, size_t errlen)
{
	struct dirent **names;
	char path[4400];
	int n, i, e = 0;

	n = scandir(dir, &names, is_piece, versionsort);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -errno;
	}
	for (i = 0; i < n; i++) {
		json_t *piece = NULL;

		if (!e)
			e = fs_path(path, sizeof(path), "%s/%s", dir,
				    names[i]->d_name);
		if (!e) {
			piece = gbjson_load_file(path, err, errlen);
			if (!piece)
				e = -EINVAL;
		}
		if (!e && (json_array_extend(benches,
					     json_object_get(piece, "benchmarks")) ||
			   json_array_extend(hists,
					     json_object_get(piece, "histograms")))) {
			snprintf(err, errlen, "%s: not a piece of a run", path);
			e = -EINVAL;
		}
		json_decref(piece);
		free(names[i]);
	}
	free(names);
	return e ? e : n;
}

/* meta.json: the runner died after n benchmarks. */
static int mark_incomplete(const char *run_dir, int n)
{
	char path[4096], *text = NULL, err[256];
	json_t *meta;
	int e;

	e = fs_path(path, sizeof(path), "%s/" IB_FILE_META, run_dir);
	if (e)
		return e;
	meta = gbjson_load_file(path, err, sizeof(err));
	if (!meta)
		return 0;	/* died before writing it: nothing to mark */
	json_object_set_new(meta, "status", json_string("incomplete"));
	json_object_set_new(meta, "benchmarks_done", json_integer(n));
	e = dump_to(run_dir, IB_FILE_META, meta, &text);
	free(text);
	json_decref(meta);
	return e;
}

int run_partial_recover(const char *run_dir, char *err, size_t errlen)
{
	char dir[4096], path[4096], *text = NULL, *hist_text = NULL;
	json_t *root = NULL, *benches, *hists = json_array(), *hdoc = NULL;
	struct jbuf csv;
	struct stat st;
	int n, e;

	e = fs_path(dir, sizeof(dir), "%s/%s", run_dir, RUN_PARTIAL_DIR);
	if (!e)
		e = fs_path(path, sizeof(path), "%s/" IB_FILE_BENCHMARKS, run_dir);
	if (e || stat(dir, &st)) {
		json_decref(hists);
		return e;	/* no pieces: nothing to do */
	}
	root = gbjson_load_file(path, err, errlen);
	benches = json_object_get(root, "benchmarks");
	if (!json_is_array(benches)) {
		if (root)
			snprintf(err, errlen, "%s: no \"benchmarks\" array", path);
		json_decref(root);
		json_decref(hists);
		return -EINVAL;
	}
	if (json_array_size(benches)) {
		/* the runner wrote the full files and died removing the pieces */
		json_decref(root);
		json_decref(hists);
		run_partial_end(run_dir);
		return 0;
	}
	n = read_pieces(dir, benches, hists, err, errlen);
	if (n < 0) {
		e = n;
		goto out;
	}
	e = dump_to(run_dir, IB_FILE_BENCHMARKS, root, &text);
	if (!e) {
		json_t *id = json_object_get(json_object_get(root, "context"),
					     "run_id");

		hdoc = json_pack("{s:s, s:O, s:i, s:s, s:O}",
				 "format", "iommubench-histograms/1", "run_id",
				 id ? id : json_null(),
				 "bucket_sub_bits", IOMMUBENCH_HIST_SUB_BITS,
				 "unit", "ns", "benchmarks", hists);
		e = hdoc ? dump_to(run_dir, IB_FILE_HISTOGRAMS, hdoc, &hist_text) :
			   -ENOMEM;
	}
	if (!e) {
		jbuf_init(&csv);
		e = results_csv_from_json(text, strlen(text), &csv, err, errlen);
		if (!e)
			e = fs_write_atomic(run_dir, IB_FILE_CSV, csv.s,
					    csv.len);
		jbuf_free(&csv);
	}
	if (!e)
		e = mark_incomplete(run_dir, n);
	if (!e)
		run_partial_end(run_dir);
	else if (e != -EINVAL)
		snprintf(err, errlen, "writing the files of %s: %s", run_dir,
			 strerror(-e));
out:
	free(text);
	free(hist_text);
	json_decref(hdoc);
	json_decref(hists);
	json_decref(root);
	return e ? e : n;
}
