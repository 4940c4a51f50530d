// SPDX-License-Identifier: GPL-2.0
/*
 * gbreport: benchmarks.json in pieces from Google Benchmark's records
 * (gbs_set_records), written by store/gbjson.c: the context at the start,
 * each finished benchmark (its repetitions and, when Google Benchmark
 * computes any, its aggregates: two or more repetitions without error) as
 * one piece, the whole document at the end. See gbs_set_report().
 */
#include <stdbool.h>
#include <string.h>

#include "gbench_shim.h"
#include "gbjson.h"
#include "json.h"

static struct {
	gbs_report_fn fn;
	void *arg;
	struct jbuf whole;	/* the document so far */
	struct jbuf pending;	/* the benchmark's entries not handed over yet */
	bool first;		/* no entry in whole yet */
} st;

static void hand(enum gbs_report_kind kind, const struct jbuf *b)
{
	/* an allocation failed: hand nothing rather than half a document */
	if (!b->oom && b->s)
		st.fn(st.arg, kind, b->s, b->len);
}

static void flush(void)
{
	struct jbuf piece;

	if (!st.pending.len)
		return;
	jbuf_init(&piece);
	jbuf_printf(&piece, "[\n%s\n]\n", st.pending.s);
	if (st.pending.oom)
		piece.oom = true;
	hand(GBS_REPORT_BENCHMARK, &piece);
	jbuf_free(&piece);
	jbuf_free(&st.pending);
}

static void on_context(void *arg, const struct gbs_context *c)
{
	struct jbuf doc;
	char date[64];

	(void)arg;
	gbjson_date(date, sizeof(date));
	gbjson_write_context(&st.whole, c, date);
	jbuf_init(&doc);
	jbuf_printf(&doc, "%s%s", st.whole.s ? st.whole.s : "", GBJSON_END);
	if (st.whole.oom)
		doc.oom = true;
	hand(GBS_REPORT_CONTEXT, &doc);
	jbuf_free(&doc);
}

static void on_runs(void *arg, const struct gbs_run *runs, size_t n)
{
	struct jbuf entries;
	size_t ok = 0;

	(void)arg;
	if (!n)
		return;
	jbuf_init(&entries);
	for (size_t i = 0; i < n; i++) {
		if (i)
			jbuf_printf(&entries, ",\n");
		gbjson_write_run(&entries, &runs[i]);
		ok += !runs[i].error_occurred;
	}
	jbuf_printf(&st.whole, "%s%s", st.first ? "" : ",\n", entries.s ? entries.s : "");
	if (entries.oom)
		st.whole.oom = true;
	st.first = false;
	if (runs[0].aggregate) {
		jbuf_printf(&st.pending, "%s%s", st.pending.len ? ",\n" : "",
			    entries.s ? entries.s : "");
		flush();
	} else {
		flush();	/* aggregates that never came */
		jbuf_printf(&st.pending, "%s", entries.s ? entries.s : "");
		if (ok < 2)
			flush();	/* no aggregates will follow */
	}
	if (entries.oom)
		st.pending.oom = true;
	jbuf_free(&entries);
}

static void on_finalize(void *arg)
{
	(void)arg;
	jbuf_printf(&st.whole, GBJSON_END);
	flush();
	hand(GBS_REPORT_FINAL, &st.whole);
}

static const struct gbs_records records = {
	.context = on_context,
	.runs = on_runs,
	.finalize = on_finalize,
};

void gbs_set_report(gbs_report_fn fn, void *arg)
{
	jbuf_free(&st.whole);
	jbuf_free(&st.pending);
	st.fn = fn;
	st.arg = arg;
	st.first = true;
	gbs_set_records(fn ? &records : NULL, NULL);
}
