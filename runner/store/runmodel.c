// SPDX-License-Identifier: GPL-2.0
/* runmodel: a finished run read back as provenance + points; see runmodel.h. */
#include "runmodel.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gbjson.h"
#include "resultfiles.h"
#include "stats.h"

#define SUFFIX_TIME	"/manual_time"
#define ITERS		"iterations:"

static void set_err(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* Where benchmarks.json and its directory are, from the user's argument. */
static int resolve(const char *arg, const char *results_dir, char **json,
		   char **dir, char *err, size_t errlen)
{
	struct stat st;

	*json = *dir = NULL;
	if (!stat(arg, &st) && S_ISDIR(st.st_mode)) {
		*dir = strdup(arg);
		*json = xasprintf("%s/" IB_FILE_BENCHMARKS, arg);
	} else if (!stat(arg, &st)) {
		const char *slash = strrchr(arg, '/');

		*json = strdup(arg);
		*dir = slash ? strndup(arg, (size_t)(slash - arg) + (slash == arg)) :
			       strdup(".");
	} else if (!strchr(arg, '/')) {
		char *d = xasprintf("%s/%s", results_dir, arg);

		if (!d || !is_dir(d)) {
			free(d);
			set_err(err, errlen,
				"%s: no such run directory or benchmarks.json, nor a run id under %s/",
				arg, results_dir);
			return -1;
		}
		*dir = d;
		*json = xasprintf("%s/" IB_FILE_BENCHMARKS, d);
	} else {
		set_err(err, errlen, "%s: %s", arg, strerror(errno));
		return -1;
	}
	if (!*json || !*dir) {
		set_err(err, errlen, "%s: out of memory", arg);
		return -1;
	}
	return 0;
}

static json_t *load_json(const char *path, char *err, size_t errlen)
{
	json_t *root = gbjson_load_file(path, err, errlen);

	if (root && !json_is_object(root)) {
		set_err(err, errlen, "%s: not a JSON object", path);
		json_decref(root);
		return NULL;
	}
	return root;
}

/* Context values as text; arrays and objects (caches, load_avg) are left out. */
static int load_context(struct run_model *rf, json_t *ctx)
{
	const char *key;
	json_t *v;

	rf->context = calloc(json_object_size(ctx) + 1, sizeof(*rf->context));
	if (!rf->context)
		return -1;
	json_object_foreach(ctx, key, v) {
		struct rm_kv *kv = &rf->context[rf->n_context];
		char *val;

		if (json_is_string(v))
			val = strdup(json_string_value(v));
		else if (json_is_integer(v))
			val = xasprintf("%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			val = xasprintf("%.17g", json_real_value(v));
		else if (json_is_boolean(v))
			val = strdup(json_is_true(v) ? "true" : "false");
		else
			continue;
		kv->key = strdup(key);
		kv->value = val;
		rf->n_context++;
		if (!kv->key || !kv->value)
			return -1;
	}
	return 0;
}

/* c[0..len) is "iterations:<digits>". */
static bool is_iterations(const char *c, size_t len)
{
	size_t p = strlen(ITERS);

	if (len <= p || strncmp(c, ITERS, p))
		return false;
	for (size_t i = p; i < len; i++)
		if (c[i] < '0' || c[i] > '9')
			return false;
	return true;
}

/* "x/iterations:1/manual_time" -> "x" (either suffix optional). */
static char *bench_name(const char *run_name)
{
	size_t n = strlen(run_name), l = strlen(SUFFIX_TIME);
	const char *last;

	if (n >= l && !strcmp(run_name + n - l, SUFFIX_TIME))
		n -= l;
	last = run_name + n;
	while (last > run_name && last[-1] != '/')
		last--;
	if (last > run_name && is_iterations(last, (size_t)(run_name + n - last)))
		n = (size_t)(last - 1 - run_name);
	return strndup(run_name, n);
}

/* text is a decimal number that prints back as itself ("4096", "0.5"). */
static bool plain_number(const char *t, double *out)
{
	const char *c = t + (*t == '-');
	const char *dot = strchr(c, '.');
	size_t digits = 0;

	if (!*c || (c[0] == '0' && c[1] && c[1] != '.'))
		return false;	/* "", "-", "007" */
	for (const char *q = c; *q; q++) {
		if (q == dot)
			continue;
		if (*q < '0' || *q > '9')
			return false;
		digits++;
	}
	if (dot && (dot == c || !dot[1] || dot[strlen(dot) - 1] == '0'))
		return false;	/* ".5", "5.", "0.50" */
	if (digits > 15 || (t[0] == '-' && !strcmp(c, "0")))
		return false;	/* beyond a double's exact digits; "-0" */
	*out = strtod(t, NULL);
	return true;
}

int runmodel_parse_name(const char *name, struct rm_point *p)
{
	const char *slash = strchr(name, '/'), *c;
	size_t n = 1;

	for (c = name; *c; c++)
		n += *c == '/';
	p->path = slash ? strndup(name, (size_t)(slash - name)) : strdup(name);
	p->params = calloc(n, sizeof(*p->params));
	p->n_params = 0;
	if (!p->path || !p->params)
		return -1;
	for (c = slash; c && *c; ) {
		const char *start = c + 1, *end = strchr(start, '/');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		const char *colon = memchr(start, ':', len);
		struct rm_param *q = &p->params[p->n_params];

		c = end;
		if (!len)
			continue;
		q->key = strndup(start, colon ? (size_t)(colon - start) : len);
		q->text = colon ? strndup(colon + 1, len - (size_t)(colon - start) - 1) :
				  strdup("");
		p->n_params++;
		if (!q->key || !q->text)
			return -1;
		q->flag = !colon;
		q->is_num = colon && plain_number(q->text, &q->num);
	}
	return 0;
}

static int add_agg(struct rm_point *b, const char *metric, double *v)
{
	struct rm_agg *a = &b->aggs[b->n_aggs];
	size_t n;

	for (size_t i = 0; i < b->n_aggs; i++)
		if (!strcmp(b->aggs[i].metric, metric))
			return 0;
	n = runmodel_values(b, metric, v);
	if (!n)
		return 0;
	a->metric = metric;
	a->n = n;
	if (stats_summary(v, n, &a->median, &a->min, &a->max, &a->mean))
		return -1;
	a->iqr = stats_iqr(v, n);
	a->cv = stats_cv(v, n);
	b->n_aggs++;
	return 0;
}

/* Every metric's aggregates, computed once: "time", then the counters. */
static int aggregate(struct rm_point *b)
{
	size_t cap = 1;
	double *v;
	int rc = 0;

	for (size_t i = 0; i < b->n_reps; i++)
		cap += b->reps[i].n_counters;
	b->aggs = calloc(cap, sizeof(*b->aggs));
	v = malloc((b->n_reps + 1) * sizeof(*v));
	if (!b->aggs || !v) {
		free(v);
		return -1;
	}
	rc = add_agg(b, "time", v);
	for (size_t i = 0; !rc && i < b->n_reps; i++)
		for (size_t k = 0; !rc && k < b->reps[i].n_counters; k++)
			rc = add_agg(b, b->reps[i].counters[k].name, v);
	free(v);
	return rc;
}

static struct rm_point *find_or_add(struct run_model *rf, const char *name,
				    size_t cap)
{
	for (size_t i = 0; i < rf->n_points; i++)
		if (!strcmp(rf->points[i].name, name))
			return &rf->points[i];
	if (rf->n_points == cap)
		return NULL;
	{
		/* counted at once, so runmodel_free() frees a half-made point */
		struct rm_point *p = &rf->points[rf->n_points++];

		p->name = strdup(name);
		if (!p->name || runmodel_parse_name(name, p))
			return NULL;
		return p;
	}
}

/* Google Benchmark's own numeric fields: everything else numeric is a counter. */
static bool gbench_field(const char *k)
{
	static const char *const own[] = {
		"family_index", "per_family_instance_index", "repetitions",
		"repetition_index", "iterations", "real_time", "cpu_time",
	};

	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcmp(k, own[i]))
			return true;
	return false;
}

static double unit_to_ns(const char *u)
{
	if (!u || !strcmp(u, "ns"))
		return 1;
	if (!strcmp(u, "us"))
		return 1e3;
	if (!strcmp(u, "ms"))
		return 1e6;
	if (!strcmp(u, "s"))
		return 1e9;
	return 0;
}

static int load_rep(struct rm_rep *r, json_t *e, const char *path, size_t idx,
		    char *err, size_t errlen)
{
	json_t *rt = json_object_get(e, "real_time");
	json_t *ri = json_object_get(e, "repetition_index");
	json_t *tu = json_object_get(e, "time_unit");
	json_t *msg = json_object_get(e, "error_message");
	json_t *lab = json_object_get(e, "label");
	const char *key;
	double scale;
	json_t *v;

	r->index = json_is_integer(ri) ? (int)json_integer_value(ri) : -1;
	r->error = json_is_true(json_object_get(e, "error_occurred"));
	if (json_is_string(msg) && !(r->message = strdup(json_string_value(msg))))
		goto oom;
	if (json_is_string(lab) && !(r->label = strdup(json_string_value(lab))))
		goto oom;
	r->skipped = r->error && r->label && strstr(r->label, "status:skipped");
	scale = unit_to_ns(json_is_string(tu) ? json_string_value(tu) : NULL);
	if (!scale) {
		set_err(err, errlen, "%s: benchmarks[%zu]: unknown time_unit '%s'",
			path, idx, json_string_value(tu));
		return -1;
	}
	if (!json_is_number(rt) && !r->error) {
		set_err(err, errlen, "%s: benchmarks[%zu]: no numeric real_time",
			path, idx);
		return -1;
	}
	r->time_ns = json_is_number(rt) ? json_number_value(rt) * scale : -1;
	r->counters = calloc(json_object_size(e) + 1, sizeof(*r->counters));
	if (!r->counters)
		goto oom;
	json_object_foreach(e, key, v) {
		if (!json_is_number(v) || gbench_field(key))
			continue;
		r->counters[r->n_counters].name = strdup(key);
		if (!r->counters[r->n_counters].name)
			goto oom;
		r->counters[r->n_counters++].value = json_number_value(v);
	}
	return 0;
oom:
	set_err(err, errlen, "%s: out of memory", path);
	return -1;
}

static int load_benchmarks(struct run_model *rf, json_t *arr, const char *path,
			   char *err, size_t errlen)
{
	size_t n = json_array_size(arr), idx;
	json_t *e;

	rf->points = calloc(n + 1, sizeof(*rf->points));
	if (!rf->points)
		goto oom;
	json_array_foreach(arr, idx, e) {
		json_t *rn, *rt;
		struct rm_point *b;
		struct rm_rep *reps;
		char *name;

		if (!json_is_object(e)) {
			set_err(err, errlen, "%s: benchmarks[%zu]: not an object",
				path, idx);
			return -1;
		}
		/* Google Benchmark's mean/median/stddev/cv: recomputed here. */
		rt = json_object_get(e, "run_type");
		if (json_is_string(rt) && !strcmp(json_string_value(rt), "aggregate"))
			continue;
		rn = json_object_get(e, "run_name");
		if (!json_is_string(rn))
			rn = json_object_get(e, "name");
		if (!json_is_string(rn)) {
			set_err(err, errlen, "%s: benchmarks[%zu]: no run_name or name",
				path, idx);
			return -1;
		}
		name = bench_name(json_string_value(rn));
		b = name ? find_or_add(rf, name, n) : NULL;
		free(name);
		if (!b)
			goto oom;
		reps = realloc(b->reps, (b->n_reps + 1) * sizeof(*reps));
		if (!reps)
			goto oom;
		b->reps = reps;
		memset(&reps[b->n_reps], 0, sizeof(*reps));
		b->n_reps++;
		if (load_rep(&reps[b->n_reps - 1], e, path, idx, err, errlen))
			return -1;
	}
	return 0;
oom:
	set_err(err, errlen, "%s: out of memory", path);
	return -1;
}

/* meta.json is optional; when there, it must be a JSON object. */
static int load_meta(struct run_model *rf, const char *dir, char *err,
		     size_t errlen)
{
	char *path = xasprintf("%s/" IB_FILE_META, dir);
	json_t *root, *p;
	struct stat st;
	int rc = 0;

	if (!path)
		return -1;
	if (stat(path, &st)) {
		free(path);
		return 0;
	}
	root = load_json(path, err, errlen);
	if (!root) {
		free(path);
		return -1;
	}
	p = json_object_get(root, "platform");
	if (json_is_string(p) && !(rf->platform = strdup(json_string_value(p))))
		rc = -1;
	rf->meta = root;
	free(path);
	return rc;
}

static char *dir_base(const char *dir)
{
	const char *s = dir + strlen(dir);

	while (s > dir && s[-1] == '/')
		s--;
	{
		const char *end = s;

		while (s > dir && s[-1] != '/')
			s--;
		return strndup(s, (size_t)(end - s));
	}
}

int runmodel_load(const char *arg, const char *results_dir, struct run_model *rf,
		 char *err, size_t errlen)
{
	json_t *root = NULL, *ctx, *arr;
	char *dir = NULL;
	const char *v;

	memset(rf, 0, sizeof(*rf));
	if (resolve(arg, results_dir ? results_dir : "results", &rf->json_path,
		    &dir, err, errlen))
		goto fail;
	root = load_json(rf->json_path, err, errlen);
	if (!root)
		goto fail;
	ctx = json_object_get(root, "context");
	arr = json_object_get(root, "benchmarks");
	if (!json_is_object(ctx) || !json_is_array(arr)) {
		set_err(err, errlen,
			"%s: not Google Benchmark JSON (no \"context\" object or \"benchmarks\" array)",
			rf->json_path);
		goto fail;
	}
	if (load_context(rf, ctx)) {
		set_err(err, errlen, "%s: out of memory", rf->json_path);
		goto fail;
	}
	if (load_benchmarks(rf, arr, rf->json_path, err, errlen))
		goto fail;
	for (size_t i = 0; i < rf->n_points; i++)
		if (aggregate(&rf->points[i])) {
			set_err(err, errlen, "%s: out of memory", rf->json_path);
			goto fail;
		}
	if (load_meta(rf, dir, err, errlen))
		goto fail;
	v = runmodel_context(rf, "platform");
	if (!rf->platform)
		rf->platform = strdup(v ? v : "unknown");
	v = runmodel_context(rf, "run_id");
	rf->id = v ? strdup(v) : dir_base(dir);
	if (!rf->platform || !rf->id) {
		set_err(err, errlen, "%s: out of memory", rf->json_path);
		goto fail;
	}
	json_decref(root);
	rf->dir = dir;
	return 0;
fail:
	json_decref(root);
	free(dir);
	runmodel_free(rf);
	return -1;
}

void runmodel_free(struct run_model *rf)
{
	for (size_t i = 0; i < rf->n_context; i++) {
		free(rf->context[i].key);
		free(rf->context[i].value);
	}
	for (size_t i = 0; i < rf->n_points; i++) {
		struct rm_point *b = &rf->points[i];

		for (size_t j = 0; j < b->n_reps; j++) {
			struct rm_rep *r = &b->reps[j];

			for (size_t k = 0; k < r->n_counters; k++)
				free(r->counters[k].name);
			free(r->counters);
			free(r->message);
			free(r->label);
		}
		for (size_t j = 0; j < b->n_params; j++) {
			free(b->params[j].key);
			free(b->params[j].text);
		}
		free(b->params);
		free(b->path);
		free(b->aggs);
		free(b->reps);
		free(b->name);
	}
	free(rf->context);
	free(rf->points);
	free(rf->json_path);
	free(rf->id);
	free(rf->platform);
	free(rf->dir);
	json_decref(rf->meta);
	memset(rf, 0, sizeof(*rf));
}

const char *runmodel_context(const struct run_model *rf, const char *key)
{
	for (size_t i = 0; i < rf->n_context; i++)
		if (!strcmp(rf->context[i].key, key))
			return rf->context[i].value;
	return NULL;
}

const struct rm_point *runmodel_point(const struct run_model *rf, const char *name)
{
	for (size_t i = 0; i < rf->n_points; i++)
		if (!strcmp(rf->points[i].name, name))
			return &rf->points[i];
	return NULL;
}

const struct rm_agg *runmodel_agg(const struct rm_point *p, const char *metric)
{
	for (size_t i = 0; i < p->n_aggs; i++)
		if (!strcmp(p->aggs[i].metric, metric))
			return &p->aggs[i];
	return NULL;
}

size_t runmodel_values(const struct rm_point *b, const char *metric,
		      double *out)
{
	bool time = !strcmp(metric, "time");
	size_t n = 0;

	for (size_t i = 0; i < b->n_reps; i++) {
		const struct rm_rep *r = &b->reps[i];

		if (r->error)
			continue;
		if (time) {
			out[n++] = r->time_ns;
			continue;
		}
		for (size_t k = 0; k < r->n_counters; k++) {
			/* -1 is the runner's "not applicable" (docs/runner.md). */
			if (!strcmp(r->counters[k].name, metric)) {
				if (r->counters[k].value != -1)
					out[n++] = r->counters[k].value;
				break;
			}
		}
	}
	return n;
}

size_t runmodel_errors(const struct rm_point *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n_reps; i++)
		n += b->reps[i].error;
	return n;
}

const char *runmodel_clock(const struct run_model *rf, char *buf, size_t len)
{
	const char *c = runmodel_context(rf, "clock");
	const char *shift = runmodel_context(rf, "icount_shift");
	json_t *mc = rf->meta ? json_object_get(rf->meta, "clock") : NULL;
	json_t *ms = rf->meta ? json_object_get(rf->meta, "icount_shift") : NULL;
	char sbuf[32];

	/* The context first (what the runner recorded), else meta.json. */
	if ((!c || !*c) && json_is_string(mc))
		c = json_string_value(mc);
	if (!shift && json_is_integer(ms)) {
		snprintf(sbuf, sizeof(sbuf), "%lld", (long long)json_integer_value(ms));
		shift = sbuf;
	}
	if (!c || !*c)
		c = "wall";
	if (!strcmp(c, "icount") && shift)
		snprintf(buf, len, "icount shift %s", shift);
	else
		snprintf(buf, len, "%s", c);
	return buf;
}

void runmodel_free_side(struct run_model *runs, size_t n)
{
	for (size_t i = 0; runs && i < n; i++)
		runmodel_free(&runs[i]);
	free(runs);
}

const char *runmodel_group(const struct run_model *rf, double *round)
{
	json_t *g = rf->meta ? json_object_get(rf->meta, "group") : NULL;
	json_t *r = rf->meta ? json_object_get(rf->meta, "round") : NULL;
	const char *v;

	double dummy;

	if (!round)
		round = &dummy;
	*round = json_is_number(r) ? json_number_value(r) : 0;
	if (!json_is_number(r) && (v = runmodel_context(rf, "round")))
		*round = atof(v);
	if (json_is_string(g))
		return json_string_value(g);
	return runmodel_context(rf, "group");
}

struct grun {
	struct run_model rf;
	double round;
};

static int cmp_grun(const void *a, const void *b)
{
	const struct grun *x = a, *y = b;

	if (x->round != y->round)
		return x->round < y->round ? -1 : 1;
	return strcmp(x->rf.id, y->rf.id);
}

/* The runs of group under results_dir into *runs; 0 found, -1 none or OOM. */
static int load_group(const char *group, const char *results_dir,
		      struct run_model **runs, size_t *n)
{
	struct grun *g = NULL;
	size_t cap = 0, k = 0;
	struct dirent *de;
	DIR *d = opendir(results_dir);
	int rc = -1;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[4096], e[256];
		struct stat st;
		struct grun one;
		const char *gid;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", results_dir, de->d_name);
		/* results/latest and friends are links to runs: each run once. */
		if (lstat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		if (runmodel_load(path, results_dir, &one.rf, e, sizeof(e)))
			continue;
		gid = runmodel_group(&one.rf, &one.round);
		if (!gid || strcmp(gid, group)) {
			runmodel_free(&one.rf);
			continue;
		}
		if (k == cap) {
			struct grun *t = realloc(g, (cap = cap ? cap * 2 : 8) * sizeof(*g));

			if (!t) {
				runmodel_free(&one.rf);
				goto out;
			}
			g = t;
		}
		g[k++] = one;
	}
	if (!k)
		goto out;
	qsort(g, k, sizeof(*g), cmp_grun);
	*runs = calloc(k, sizeof(**runs));
	if (!*runs)
		goto out;
	for (size_t i = 0; i < k; i++)
		(*runs)[i] = g[i].rf;
	*n = k;
	k = 0;
	rc = 0;
out:
	for (size_t i = 0; i < k; i++)
		runmodel_free(&g[i].rf);
	free(g);
	closedir(d);
	return rc;
}

int runmodel_load_side(const char *arg, const char *results_dir,
		       struct run_model **runs, size_t *n, char *err, size_t errlen)
{
	const char *rd = results_dir ? results_dir : "results";
	char *copy, *tok, *save = NULL;
	size_t cap = 1;

	*runs = NULL;
	*n = 0;
	if (!strchr(arg, ',')) {
		*runs = calloc(1, sizeof(**runs));
		if (!*runs) {
			set_err(err, errlen, "out of memory");
			return -1;
		}
		if (!runmodel_load(arg, rd, *runs, err, errlen)) {
			*n = 1;
			return 0;
		}
		free(*runs);
		*runs = NULL;
		/* Not a run: a group id? Keep the run's error when not. */
		return load_group(arg, rd, runs, n) ? -1 : 0;
	}
	for (const char *c = arg; *c; c++)
		cap += *c == ',';
	copy = strdup(arg);
	*runs = calloc(cap, sizeof(**runs));
	if (!copy || !*runs) {
		free(copy);
		free(*runs);
		*runs = NULL;
		set_err(err, errlen, "out of memory");
		return -1;
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (runmodel_load(tok, rd, &(*runs)[*n], err, errlen)) {
			runmodel_free_side(*runs, *n);
			*runs = NULL;
			*n = 0;
			free(copy);
			return -1;
		}
		(*n)++;
	}
	free(copy);
	if (!*n) {
		free(*runs);
		*runs = NULL;
		set_err(err, errlen, "%s: no run named", arg);
		return -1;
	}
	return 0;
}
