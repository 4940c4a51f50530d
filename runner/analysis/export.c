// SPDX-License-Identifier: GPL-2.0
/* export: BMF, github-action-benchmark and LKP renderings; see export.h. */
#include "export.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#include "metricset.h"
#include "resultfiles.h"
#include "stats.h"

int export_parse_format(const char *s, enum export_format *f)
{
	if (!strcmp(s, "bmf"))
		*f = EXPORT_BMF;
	else if (!strcmp(s, "gab"))
		*f = EXPORT_GAB;
	else if (!strcmp(s, "lkp"))
		*f = EXPORT_LKP;
	else if (!strcmp(s, "points"))
		*f = EXPORT_POINTS;
	else
		return -1;
	return 0;
}

struct summary {
	size_t n;
	double median, min, max;
};

/* Median, min and max of metric over b's good repetitions; n = 0: none. */
static int summarize(const struct rm_point *b, const char *metric,
		     struct summary *s)
{
	const struct rm_agg *a = runmodel_agg(b, metric);

	s->n = a ? a->n : 0;
	s->median = a ? a->median : NAN;
	s->min = a ? a->min : NAN;
	s->max = a ? a->max : NAN;
	return 0;
}

static char *dump_prec(json_t *root, int precision)
{
	char *text, *out = NULL;

	if (!root)
		return NULL;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			  JSON_REAL_PRECISION(precision));
	json_decref(root);
	if (text && asprintf(&out, "%s\n", text) < 0)
		out = NULL;
	free(text);
	return out;
}

static char *dump(json_t *root)
{
	return dump_prec(root, 15);
}

/* {"<measure>": {"value", "lower_value", "upper_value"}} of one benchmark. */
static json_t *bmf_measures(const struct rm_point *b)
{
	json_t *measures = json_object();

	for (size_t m = 0; measures && m < metricset_n; m++) {
		struct summary s;

		if (summarize(b, metricset[m].name, &s))
			goto oom;
		if (s.n && json_object_set_new(measures, metricset[m].slug,
				json_pack("{s:f, s:f, s:f}", "value", s.median,
					  "lower_value", s.min,
					  "upper_value", s.max)))
			goto oom;
	}
	return measures;
oom:
	json_decref(measures);
	return NULL;
}

/* {"<bench>": measures}; a benchmark without any figure is left out. */
static char *render_bmf(const struct run_model *rf)
{
	json_t *root = json_object();

	for (size_t i = 0; root && i < rf->n_points; i++) {
		json_t *measures = bmf_measures(&rf->points[i]);

		if (measures && !json_object_size(measures)) {
			json_decref(measures);
			continue;
		}
		if (!measures ||
		    json_object_set_new(root, rf->points[i].name, measures)) {
			json_decref(root);
			return NULL;
		}
	}
	return dump(root);
}

/* [{"name", "unit", "value", "range", "extra"}], smaller-is-better only. */
static char *render_gab(const struct run_model *rf)
{
	const char *k = runmodel_context(rf, "kernel_release");
	json_t *root = json_array();

	for (size_t i = 0; root && i < rf->n_points; i++) {
		const struct rm_point *b = &rf->points[i];

		for (size_t m = 0; m < metricset_n; m++) {
			char *name = NULL, *range = NULL, *extra = NULL;
			struct summary s;
			json_t *e = NULL;

			if (metricset[m].higher_better)
				continue;
			if (summarize(b, metricset[m].name, &s))
				goto oom;
			if (!s.n)
				continue;
			if (asprintf(&name, "%s %s", b->name, metricset[m].name) >= 0 &&
			    asprintf(&range, "\xc2\xb1 %.6g", (s.max - s.min) / 2) >= 0 &&
			    asprintf(&extra, "kernel %s, platform %s, run %s, %zu repetitions",
				     k ? k : "unknown", rf->platform, rf->id, s.n) >= 0)
				e = json_pack("{s:s, s:s, s:f, s:s, s:s}", "name", name,
					      "unit", metricset[m].unit,
					      "value", s.median, "range", range,
					      "extra", extra);
			free(name);
			free(range);
			free(extra);
			if (!e || json_array_append_new(root, e))
				goto oom;
		}
	}
	return dump(root);
oom:
	json_decref(root);
	return NULL;
}

void export_lkp_safe(const char *in, char *out, size_t len)
{
	size_t n = 0;

	if (!len)
		return;
	for (; *in && n + 1 < len; in++) {
		char c = *in;

		if (c == ':')
			c = '=';
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || strchr("._/=+-", c)))
			c = '_';
		out[n++] = c;
	}
	out[n] = '\0';
}

/* "<metric>.<bench>: <median>" lines. */
static char *render_lkp(const struct run_model *rf)
{
	struct jbuf jb;

	jbuf_init(&jb);
	/* An empty run is an empty output, not NULL. */
	jbuf_printf(&jb, "%s", "");
	for (size_t i = 0; i < rf->n_points; i++) {
		const struct rm_point *b = &rf->points[i];
		size_t len = strlen(b->name) + 1;
		char *safe = malloc(len);

		if (!safe) {
			jbuf_free(&jb);
			return NULL;
		}
		export_lkp_safe(b->name, safe, len);
		for (size_t m = 0; m < metricset_n; m++) {
			struct summary s;

			if (summarize(b, metricset[m].name, &s)) {
				jb.oom = true;
				break;
			}
			if (s.n && isfinite(s.median))
				jbuf_printf(&jb, "%s.%s: %.10g\n", metricset[m].name,
					    safe, s.median);
		}
		free(safe);
	}
	if (jb.oom) {
		jbuf_free(&jb);
		return NULL;
	}
	return jb.s;
}


/* A double as JSON: a number, or null where it is not finite. */
static json_t *num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Sets k to v (a new reference, NULL: out of memory); -1 when it failed. */
static int put(json_t *o, const char *k, json_t *v)
{
	return !v || json_object_set_new(o, k, v) ? -1 : 0;
}

/* {"benchmarks": path, ...}: the run's files (resultfiles.h) that exist. */
static json_t *points_files(const struct run_model *rf)
{
	static const struct { const char *key, *file; } files[] = {
		{ "benchmarks", IB_FILE_BENCHMARKS }, { "csv", IB_FILE_CSV },
		{ "histograms", IB_FILE_HISTOGRAMS }, { "meta", IB_FILE_META },
		{ "dmesg", IB_FILE_DMESG }, { "guest_log", IB_FILE_GUEST_LOG },
	};
	json_t *o = json_object();

	for (size_t i = 0; o && i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = NULL;
		int rc = 0;

		if (!strcmp(files[i].key, "benchmarks"))
			rc = put(o, "benchmarks", json_string(rf->json_path));
		else if (asprintf(&path, "%s/%s", rf->dir, files[i].file) < 0)
			rc = -1;
		else if (!access(path, F_OK))
			rc = put(o, files[i].key, json_string(path));
		free(path);
		if (rc) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* The run: provenance (the context, meta.json) and where its files are. */
static json_t *points_run(const struct run_model *rf)
{
	const char *emu = runmodel_context(rf, "emulated");
	const char *clock = runmodel_context(rf, "clock");	/* none: wall */
	const char *shift = runmodel_context(rf, "icount_shift");
	json_t *meta_emu = rf->meta ? json_object_get(rf->meta, "emulated") : NULL;
	json_t *status = rf->meta ? json_object_get(rf->meta, "status") : NULL;
	json_t *run = json_object(), *ctx = json_object();
	int rc = !run || !ctx;

	for (size_t i = 0; !rc && i < rf->n_context; i++)
		rc = put(ctx, rf->context[i].key, json_string(rf->context[i].value));
	rc = rc || put(run, "run_id", json_string(rf->id)) ||
	     put(run, "dir", json_string(rf->dir)) ||
	     put(run, "platform", json_string(rf->platform)) ||
	     put(run, "emulated", json_boolean(
		     json_is_boolean(meta_emu) ? json_is_true(meta_emu) :
		     emu ? !strcmp(emu, "true") : strcmp(rf->platform, "hardware"))) ||
	     put(run, "kernel_release",
		 str_or_null(runmodel_context(rf, "kernel_release"))) ||
	     put(run, "suite", str_or_null(runmodel_context(rf, "suite"))) ||
	     put(run, "clock", json_string(clock ? clock : "wall")) ||
	     put(run, "icount_shift", clock && !strcmp(clock, "icount") && shift ?
		 json_integer(atoi(shift)) : json_null()) ||
	     put(run, "status", json_is_string(status) ? json_incref(status) :
		 json_null()) ||
	     put(run, "files", points_files(rf)) ||
	     put(run, "context", json_incref(ctx)) ||
	     put(run, "meta", rf->meta ? json_incref(rf->meta) : json_null());
	json_decref(ctx);
	if (rc) {
		json_decref(run);
		return NULL;
	}
	return run;
}

/* {"map": "range", "size": 4096, "compat": true, ...} */
static json_t *points_params(const struct rm_point *b)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < b->n_params; i++) {
		const struct rm_param *q = &b->params[i];
		json_t *v;

		if (q->is_num && q->num == (double)(json_int_t)q->num)
			v = json_integer((json_int_t)q->num);
		else if (q->is_num)
			v = json_real(q->num);
		else if (q->flag)
			v = json_true();
		else
			v = json_string(q->text);
		if (put(o, q->key, v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* [{"index", "error", "skipped", "message", "label", "time_ns", "metrics"}] */
static json_t *points_reps(const struct rm_point *b)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < b->n_reps; i++) {
		const struct rm_rep *r = &b->reps[i];
		json_t *e = json_object(), *m = json_object();
		int rc = !e || !m;

		for (size_t k = 0; !rc && k < r->n_counters; k++)
			rc = put(m, r->counters[k].name, num(r->counters[k].value));
		rc = rc || put(e, "index", json_integer(r->index)) ||
		     put(e, "error", json_boolean(r->error)) ||
		     put(e, "skipped", json_boolean(r->skipped)) ||
		     put(e, "message", str_or_null(r->message)) ||
		     put(e, "label", str_or_null(r->label)) ||
		     put(e, "time_ns", r->error ? json_null() : num(r->time_ns)) ||
		     put(e, "metrics", json_incref(m));
		json_decref(m);
		if (rc || json_array_append_new(arr, e)) {
			json_decref(e);
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* {"<metric>": {"n", "median", "min", "max", "mean", "iqr", "cv", "values"}} */
static json_t *points_metrics(const struct rm_point *b)
{
	json_t *o = json_object();
	double *v = malloc((b->n_reps + 1) * sizeof(*v));

	for (size_t i = 0; o && v && i < b->n_aggs; i++) {
		const struct rm_agg *a = &b->aggs[i];
		json_t *m = json_object(), *vals = json_array();
		size_t n = runmodel_values(b, a->metric, v);
		int rc = !m || !vals;

		for (size_t k = 0; !rc && k < n; k++)
			rc = json_array_append_new(vals, num(v[k]));
		rc = rc || put(m, "n", json_integer((json_int_t)a->n)) ||
		     put(m, "median", num(a->median)) || put(m, "min", num(a->min)) ||
		     put(m, "max", num(a->max)) || put(m, "mean", num(a->mean)) ||
		     put(m, "iqr", num(a->iqr)) || put(m, "cv", num(a->cv)) ||
		     put(m, "values", json_incref(vals)) || put(o, a->metric, json_incref(m));
		json_decref(vals);
		json_decref(m);
		if (rc) {
			json_decref(o);
			o = NULL;
		}
	}
	if (!v) {
		json_decref(o);
		o = NULL;
	}
	free(v);
	return o;
}

/* The model as JSON (docs/results.md): what plots/ and bench/summary.sh read. */
static char *render_points(const struct run_model *rf)
{
	json_t *root = json_object(), *pts = json_array();
	int rc = !root || !pts;

	for (size_t i = 0; !rc && i < rf->n_points; i++) {
		const struct rm_point *b = &rf->points[i];
		size_t errors = runmodel_errors(b), skipped = 0;
		json_t *p = json_object();

		for (size_t j = 0; j < b->n_reps; j++)
			skipped += b->reps[j].skipped;
		rc = !p || put(p, "name", json_string(b->name)) ||
		     put(p, "path", json_string(b->path)) ||
		     put(p, "params", points_params(b)) ||
		     put(p, "repetitions", json_integer((json_int_t)b->n_reps)) ||
		     put(p, "ok", json_integer((json_int_t)(b->n_reps - errors))) ||
		     put(p, "errors", json_integer((json_int_t)errors)) ||
		     put(p, "skipped", json_integer((json_int_t)skipped)) ||
		     put(p, "metrics", points_metrics(b)) ||
		     put(p, "reps", points_reps(b));
		if (rc || json_array_append_new(pts, p)) {
			json_decref(p);
			rc = -1;
		}
	}
	rc = rc || put(root, "format", json_string("iommubench-points/1")) ||
	     put(root, "run", points_run(rf)) || put(root, "points", json_incref(pts));
	json_decref(pts);
	if (rc) {
		json_decref(root);
		return NULL;
	}
	return dump_prec(root, 17);
}

int export_render(const struct run_model *rf, enum export_format f, char **out)
{
	switch (f) {
	case EXPORT_BMF: *out = render_bmf(rf); break;
	case EXPORT_GAB: *out = render_gab(rf); break;
	case EXPORT_LKP: *out = render_lkp(rf); break;
	case EXPORT_POINTS: *out = render_points(rf); break;
	default: *out = NULL;
	}
	return *out ? 0 : -1;
}
