// SPDX-License-Identifier: GPL-2.0
/* gbjson: benchmarks.json written from records; NaN/Infinity read as null; see gbjson.h. */
#include "gbjson.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gbench_shim.h"
#include "json.h"

/* Length of a non-finite token at p (not inside a string), or 0. */
static size_t nonfinite_len(const char *p, size_t left)
{
	static const char *const toks[] = {
		"-Infinity", "Infinity", "-NaN", "NaN", "-inf", "inf",
		"-nan", "nan",
	};

	for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++) {
		size_t n = strlen(toks[i]);

		if (n <= left && !memcmp(p, toks[i], n))
			return n;
	}
	return 0;
}

char *gbjson_nonfinite_to_null(const char *in, size_t len, size_t *outlen)
{
	/* "null" is never longer than a token it replaces but "inf"/"nan" */
	char *out = malloc(len + len / 3 + 2);
	bool in_str = false, esc = false;
	size_t i = 0, o = 0, n;

	if (!out)
		return NULL;
	while (i < len) {
		char c = in[i];

		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if ((n = nonfinite_len(in + i, len - i))) {
			memcpy(out + o, "null", 4);
			o += 4;
			i += n;
			continue;
		}
		out[o++] = c;
		i++;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

json_t *gbjson_load_file(const char *path, char *err, size_t errlen)
{
	char *raw = NULL, *fixed;
	size_t cap = 0, len = 0, n;
	json_error_t jerr;
	json_t *root;
	FILE *f = fopen(path, "re");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (len == cap) {
			char *r = realloc(raw, cap = cap ? 2 * cap : 1 << 16);

			if (!r) {
				free(raw);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return NULL;
			}
			raw = r;
		}
		n = fread(raw + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(f);
		free(raw);
		return NULL;
	}
	fclose(f);
	fixed = gbjson_nonfinite_to_null(raw ? raw : "", len, &len);
	free(raw);
	if (!fixed) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	root = json_loadb(fixed, len, 0, &jerr);
	free(fixed);
	if (!root)
		snprintf(err, errlen, "%s:%d: malformed JSON: %s", path, jerr.line,
			 jerr.text);
	return root;
}

/* A double as Google Benchmark prints it (%.16e), or null if not finite. */
static void put_double(struct jbuf *b, const char *indent, const char *key,
		       double v)
{
	jbuf_printf(b, "%s", indent);
	jbuf_str(b, key);
	if (isfinite(v))
		jbuf_printf(b, ": %.16e", v);
	else
		jbuf_printf(b, ": null");
}

static void put_str(struct jbuf *b, const char *indent, const char *key,
		    const char *v)
{
	jbuf_printf(b, "%s", indent);
	jbuf_str(b, key);
	jbuf_printf(b, ": ");
	jbuf_str(b, v ? v : "");
}

static void put_long(struct jbuf *b, const char *indent, const char *key,
		     long v)
{
	jbuf_printf(b, "%s", indent);
	jbuf_str(b, key);
	jbuf_printf(b, ": %ld", v);
}

void gbjson_date(char *buf, size_t len)
{
	char tz[16];
	time_t now = time(NULL);
	struct tm tm;
	size_t n;

	localtime_r(&now, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	/* %z is "+0000"; Google Benchmark writes "+00:00" */
	if (strftime(tz, sizeof(tz), "%z", &tm) == 5)
		snprintf(buf + n, len - n, "%.3s:%.2s", tz, tz + 3);
}

void gbjson_write_context(struct jbuf *b, const struct gbs_context *c,
			  const char *date)
{
	const char *in = "    ", *ci = "        ";

	jbuf_printf(b, "{\n  \"context\": {\n");
	put_str(b, in, "date", date);
	jbuf_printf(b, ",\n");
	put_str(b, in, "host_name", c->host_name);
	jbuf_printf(b, ",\n");
	if (c->executable) {
		put_str(b, in, "executable", c->executable);
		jbuf_printf(b, ",\n");
	}
	put_long(b, in, "num_cpus", c->num_cpus);
	jbuf_printf(b, ",\n");
	put_long(b, in, "mhz_per_cpu", c->mhz_per_cpu);
	jbuf_printf(b, ",\n");
	if (c->cpu_scaling >= 0)
		jbuf_printf(b, "%s\"cpu_scaling_enabled\": %s,\n", in,
			    c->cpu_scaling ? "true" : "false");
	jbuf_printf(b, "%s\"caches\": [\n", in);
	for (size_t i = 0; i < c->n_caches; i++) {
		jbuf_printf(b, "      {\n");
		put_str(b, ci, "type", c->caches[i].type);
		jbuf_printf(b, ",\n");
		put_long(b, ci, "level", c->caches[i].level);
		jbuf_printf(b, ",\n");
		put_long(b, ci, "size", c->caches[i].size);
		jbuf_printf(b, ",\n");
		put_long(b, ci, "num_sharing", c->caches[i].num_sharing);
		jbuf_printf(b, "\n      }%s\n", i + 1 < c->n_caches ? "," : "");
	}
	jbuf_printf(b, "%s],\n%s\"load_avg\": [", in, in);
	for (size_t i = 0; i < c->n_load_avg; i++) {
		if (isfinite(c->load_avg[i]))
			jbuf_printf(b, "%s%g", i ? "," : "", c->load_avg[i]);
		else
			jbuf_printf(b, "%snull", i ? "," : "");
	}
	jbuf_printf(b, "],\n");
	put_str(b, in, "library_build_type", c->library_build_type);
	for (size_t i = 0; i < c->n_custom; i++) {
		jbuf_printf(b, ",\n");
		put_str(b, in, c->custom_keys[i], c->custom_values[i]);
	}
	jbuf_printf(b, "\n  },\n  \"benchmarks\": [\n");
}

void gbjson_write_run(struct jbuf *b, const struct gbs_run *r)
{
	const char *in = "      ";

	jbuf_printf(b, "    {\n");
	put_str(b, in, "name", r->name);
	jbuf_printf(b, ",\n");
	put_long(b, in, "family_index", r->family_index);
	jbuf_printf(b, ",\n");
	put_long(b, in, "per_family_instance_index", r->per_family_instance_index);
	jbuf_printf(b, ",\n");
	put_str(b, in, "run_name", r->run_name);
	jbuf_printf(b, ",\n");
	put_str(b, in, "run_type", r->aggregate ? "aggregate" : "iteration");
	jbuf_printf(b, ",\n");
	put_long(b, in, "repetitions", r->repetitions);
	jbuf_printf(b, ",\n");
	if (!r->aggregate) {
		put_long(b, in, "repetition_index", r->repetition_index);
		jbuf_printf(b, ",\n");
	}
	put_long(b, in, "threads", r->threads);
	jbuf_printf(b, ",\n");
	if (r->aggregate) {
		put_str(b, in, "aggregate_name", r->aggregate_name);
		jbuf_printf(b, ",\n");
		put_str(b, in, "aggregate_unit", r->aggregate_unit);
		jbuf_printf(b, ",\n");
	}
	if (r->error_occurred) {
		jbuf_printf(b, "%s\"error_occurred\": true,\n", in);
		put_str(b, in, "error_message", r->error_message);
		jbuf_printf(b, ",\n");
	}
	put_long(b, in, "iterations", r->iterations);
	jbuf_printf(b, ",\n");
	put_double(b, in, "real_time", r->real_time);
	jbuf_printf(b, ",\n");
	put_double(b, in, "cpu_time", r->cpu_time);
	jbuf_printf(b, ",\n");
	put_str(b, in, "time_unit", r->time_unit);
	/* a counter "threads" follows Google Benchmark's own, as it writes it */
	for (size_t i = 0; i < r->n_counters; i++) {
		jbuf_printf(b, ",\n");
		put_double(b, in, r->counter_names[i], r->counter_values[i]);
	}
	if (r->label && r->label[0]) {
		jbuf_printf(b, ",\n");
		put_str(b, in, "label", r->label);
	}
	jbuf_printf(b, "\n    }");
}
