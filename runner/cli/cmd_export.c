// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_export: `iommubench export --format bmf|gab|lkp|points RUN [-o FILE]`:
 * a run's medians for Bencher, github-action-benchmark or LKP-style tooling,
 * or the whole run model (`points`) for plots/ and bench/summary.sh.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "exitcodes.h"
#include "export.h"
#include "fsutil.h"
#include "runmodel.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench export --format bmf|gab|lkp|points [-o FILE] [--results DIR] RUN\n"
"\n"
"Print a run's figures, each the median over its repetitions (failed or\n"
"skipped repetitions and -1 values left out), for other tools. RUN is a run\n"
"directory, a benchmarks.json, or a run id under --results.\n"
"\n"
"  --format bmf   Bencher Metric Format: {bench: {measure: {value,\n"
"                 lower_value, upper_value}}} with median, min, max\n"
"  --format gab   github-action-benchmark customSmallerIsBetter: [{name,\n"
"                 unit, value, range, extra}], smaller-is-better figures only\n"
"  --format lkp   \"<metric>.<bench>: <median>\" lines; in the bench name ':'\n"
"                 becomes '=', other unsafe bytes '_'\n"
"  --format points the run model as JSON: the run's provenance and files,\n"
"                 and per point its parameters as fields, repetitions and\n"
"                 per-metric n, median, min, max, mean, values (docs/results.md;\n"
"                 what plots/ and bench/summary.sh read)\n"
"  -o, --output FILE  write FILE atomically (temporary file, rename) instead\n"
"                 of stdout\n"
"  --results DIR  where run ids are looked up (default results)\n"
"  -h, --help     this help\n"
"\n"
"docs/compare.md has the measures and examples.\n"
"Exit status: 0 ok, 2 usage, 4 the run could not be read or FILE written.\n");
}

/* FILE -> its directory and name, for fs_write_atomic(). */
static int write_file(const char *path, const char *text)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;

	if (slash && !slash[1])
		return -EISDIR;	/* a file name is needed */
	dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) :
		      strdup(".");
	if (!dir)
		return -ENOMEM;
	rc = fs_write_atomic(dir, slash ? slash + 1 : path, text, strlen(text));
	free(dir);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "results", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *output = NULL, *results = "results";
	enum export_format fmt;
	struct run_model rf;
	char err[4096], *text;
	int c, rc;

	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'r': results = optarg; break;
		case 'h': usage(stdout); return IB_EXIT_OK;
		default: return cli_option_error("export", c, argv);
		}
	}
	if (!format || argc - optind != 1) {
		fprintf(stderr, "iommubench export: needs --format and one RUN (see --help)\n");
		return IB_EXIT_USAGE;
	}
	if (export_parse_format(format, &fmt)) {
		fprintf(stderr, "iommubench export: bad --format '%s' (bmf, gab, lkp or points)\n",
			format);
		return IB_EXIT_USAGE;
	}
	if (runmodel_load(argv[optind], results, &rf, err, sizeof(err))) {
		fprintf(stderr, "iommubench export: %s\n", err);
		return IB_EXIT_IO;
	}
	if (export_render(&rf, fmt, &text)) {
		fprintf(stderr, "iommubench export: out of memory\n");
		runmodel_free(&rf);
		return IB_EXIT_IO;
	}
	runmodel_free(&rf);
	rc = IB_EXIT_OK;
	if (!output) {
		if (fputs(text, stdout) == EOF || fflush(stdout)) {
			perror("iommubench export: stdout");
			rc = IB_EXIT_IO;
		}
	} else {
		int e = write_file(output, text);

		if (e) {
			fprintf(stderr, "iommubench export: %s: %s\n", output,
				strerror(-e));
			rc = IB_EXIT_IO;
		}
	}
	free(text);
	return rc;
}
