// SPDX-License-Identifier: GPL-2.0
/* export: BMF, github-action-benchmark and LKP renderings; see export.h. */
#include "export.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "metricset.h"
#include "stats.h"

int export_parse_format(const char *s, enum export_format *f)
{
	if (!strcmp(s, "bmf"))
		*f = EXPORT_BMF;
	else if (!strcmp(s, "gab"))
		*f = EXPORT_GAB;
	else if (!strcmp(s, "lkp"))
		*f = EXPORT_LKP;
	else
		return -1;
	return 0;
}

struct summary {
	size_t n;
	double median, min, max;
};

/* Median, min and max of metric over b's good repetitions; n = 0: none. */
static int summarize(const struct rf_bench *b, const char *metric,
		     struct summary *s)
{
	double *v = malloc((b->n_reps + 1) * sizeof(*v));

	if (!v)
		return -1;
	s->n = runfile_values(b, metric, v);
	s->median = stats_median(v, s->n);
	s->min = stats_min(v, s->n);
	s->max = stats_max(v, s->n);
	free(v);
	return 0;
}

static char *dump(json_t *root)
{
	char *text, *out = NULL;

	if (!root)
		return NULL;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			  JSON_REAL_PRECISION(15));
	json_decref(root);
	if (text && asprintf(&out, "%s\n", text) < 0)
		out = NULL;
	free(text);
	return out;
}

/* {"<measure>": {"value", "lower_value", "upper_value"}} of one benchmark. */
static json_t *bmf_measures(const struct rf_bench *b)
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
static char *render_bmf(const struct runfile *rf)
{
	json_t *root = json_object();

	for (size_t i = 0; root && i < rf->n_benches; i++) {
		json_t *measures = bmf_measures(&rf->benches[i]);

		if (measures && !json_object_size(measures)) {
			json_decref(measures);
			continue;
		}
		if (!measures ||
		    json_object_set_new(root, rf->benches[i].name, measures)) {
			json_decref(root);
			return NULL;
		}
	}
	return dump(root);
}

/* [{"name", "unit", "value", "range", "extra"}], smaller-is-better only. */
static char *render_gab(const struct runfile *rf)
{
	const char *k = runfile_context(rf, "kernel_release");
	json_t *root = json_array();

	for (size_t i = 0; root && i < rf->n_benches; i++) {
		const struct rf_bench *b = &rf->benches[i];

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
static char *render_lkp(const struct runfile *rf)
{
	struct jbuf jb;

	jbuf_init(&jb);
	/* An empty run is an empty output, not NULL. */
	jbuf_printf(&jb, "%s", "");
	for (size_t i = 0; i < rf->n_benches; i++) {
		const struct rf_bench *b = &rf->benches[i];
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

int export_render(const struct runfile *rf, enum export_format f, char **out)
{
	switch (f) {
	case EXPORT_BMF: *out = render_bmf(rf); break;
	case EXPORT_GAB: *out = render_gab(rf); break;
	case EXPORT_LKP: *out = render_lkp(rf); break;
	default: *out = NULL;
	}
	return *out ? 0 : -1;
}
