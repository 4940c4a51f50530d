// SPDX-License-Identifier: GPL-2.0
/* gbjson: NaN/Infinity tokens to null; see gbjson.h. */
#include "gbjson.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
