// SPDX-License-Identifier: GPL-2.0
/* results_csv: Google Benchmark JSON to CSV; see results_csv.h. */
#include "results_csv.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fixed columns: JSON keys copied as they are, in this order. */
static const char *const fixed_cols[] = {
	"name", "run_name", "run_type", "aggregate_name", "repetition_index",
	"real_time", "cpu_time", "time_unit", "error_occurred",
	"error_message", "label",
};
#define NR_FIXED (sizeof(fixed_cols) / sizeof(fixed_cols[0]))

/* Keys of an entry that are not user counters. */
static bool is_builtin(const char *key)
{
	static const char *const others[] = {
		"family_index", "per_family_instance_index", "repetitions",
		"threads", "iterations", "aggregate_unit",
	};

	for (size_t i = 0; i < NR_FIXED; i++)
		if (!strcmp(key, fixed_cols[i]))
			return true;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (!strcmp(key, others[i]))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A field, quoted when it holds a comma, quote or line break. */
static void csv_field(struct jbuf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		jbuf_printf(out, "%s", s);
		return;
	}
	jbuf_printf(out, "\"");
	for (; *s; s++) {
		if (*s == '"')
			jbuf_printf(out, "\"");	/* doubled */
		jbuf_printf(out, "%c", *s);
	}
	jbuf_printf(out, "\"");
}

static void csv_value(struct jbuf *out, const json_t *v)
{
	char num[64];

	if (json_is_string(v)) {
		csv_field(out, json_string_value(v));
	} else if (json_is_integer(v)) {
		jbuf_printf(out, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		/* %.17g: the value as Google Benchmark wrote it, no rounding */
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
		jbuf_printf(out, "%s", num);
	} else if (json_is_boolean(v)) {
		jbuf_printf(out, "%s", json_is_true(v) ? "true" : "false");
	}
	/* absent or null: empty field */
}

/* Sorted, de-duplicated counter names of every entry; NULL on ENOMEM. */
static const char **counter_names(json_t *benches, size_t *n)
{
	const char **names = NULL;
	size_t cap = 0, k = 0, i;
	const char *key;
	json_t *e, *v;

	json_array_foreach(benches, i, e) {
		json_object_foreach(e, key, v) {
			if (is_builtin(key) || !json_is_number(v))
				continue;
			if (k == cap) {
				const char **nn;

				cap = cap ? 2 * cap : 64;
				nn = realloc(names, cap * sizeof(*names));
				if (!nn) {
					free(names);
					return NULL;
				}
				names = nn;
			}
			names[k++] = key;
		}
	}
	if (!k)
		return calloc(1, sizeof(*names));
	qsort(names, k, sizeof(*names), cmp_str);
	*n = 0;
	for (i = 0; i < k; i++)
		if (!*n || strcmp(names[*n - 1], names[i]))
			names[(*n)++] = names[i];
	return names;
}

int results_csv_from_json(const char *json, size_t len, struct jbuf *out,
			  char *err, size_t errlen)
{
	const char **names;
	json_error_t jerr;
	json_t *root, *benches, *e;
	size_t n = 0, i;
	int ret = 0;

	root = json_loadb(json, len, 0, &jerr);
	if (!root) {
		snprintf(err, errlen, "not JSON: line %d: %s", jerr.line,
			 jerr.text);
		return -EINVAL;
	}
	benches = json_object_get(root, "benchmarks");
	if (!json_is_array(benches)) {
		snprintf(err, errlen, "no \"benchmarks\" array");
		json_decref(root);
		return -EINVAL;
	}
	names = counter_names(benches, &n);
	if (!names) {
		json_decref(root);
		return -ENOMEM;
	}
	for (i = 0; i < NR_FIXED; i++)
		jbuf_printf(out, "%s%s", i ? "," : "", fixed_cols[i]);
	for (i = 0; i < n; i++) {
		jbuf_printf(out, ",");
		csv_field(out, names[i]);
	}
	jbuf_printf(out, "\n");
	json_array_foreach(benches, i, e) {
		for (size_t c = 0; c < NR_FIXED; c++) {
			if (c)
				jbuf_printf(out, ",");
			csv_value(out, json_object_get(e, fixed_cols[c]));
		}
		for (size_t c = 0; c < n; c++) {
			jbuf_printf(out, ",");
			csv_value(out, json_object_get(e, names[c]));
		}
		jbuf_printf(out, "\n");
	}
	if (out->oom)
		ret = -ENOMEM;
	free(names);
	json_decref(root);
	return ret;
}
