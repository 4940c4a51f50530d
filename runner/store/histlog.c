// SPDX-License-Identifier: GPL-2.0
/* histlog: histograms.json; see histlog.h and docs/runner.md. */
#include "histlog.h"
#include "resultfiles.h"

#include <errno.h>

#include "fsutil.h"
#include "hist.h"

/* Indexed by enum iommubench_hist_id; designated so a new id cannot slip. */
static const char *const hist_names[] = {
	[IOMMUBENCH_HIST_MAP] = "map",
	[IOMMUBENCH_HIST_UNMAP] = "unmap",
	[IOMMUBENCH_HIST_OP] = "op",
	[IOMMUBENCH_HIST_INVAL_WAIT] = "inval_wait",
	[IOMMUBENCH_HIST_CLOCK] = "clock",
	[IOMMUBENCH_HIST_TIMER_LATE] = "timer_late",
	[IOMMUBENCH_HIST_FQ_FLUSH] = "fq_flush",
	[IOMMUBENCH_HIST_FQ_TIMEOUT] = "fq_timeout",
};
_Static_assert(sizeof(hist_names) / sizeof(hist_names[0]) == IOMMUBENCH_HIST_NR,
	       "a histogram id without a name in histograms.json");

void histlog_init(struct histlog *h)
{
	jbuf_init(&h->buf);
	h->entries = 0;
}

void histlog_free(struct histlog *h)
{
	jbuf_free(&h->buf);
}

void histlog_add(struct histlog *h, const char *name, unsigned int repetition,
		 const uint64_t *hists, unsigned int written)
{
	struct jbuf *b = &h->buf;

	jbuf_printf(b, "%s\n    {\"name\": ", h->entries ? "," : "");
	jbuf_str(b, name);
	jbuf_printf(b, ", \"repetition_index\": %u", repetition);
	for (unsigned int id = 0; id < IOMMUBENCH_HIST_NR && id < written; id++) {
		const uint64_t *c = hists + (size_t)id * HIST_BUCKETS;
		unsigned int k = 0;

		/* [lower bound in ns, count] for each non-empty bucket. */
		jbuf_printf(b, ",\n     \"%s\": [", hist_names[id]);
		for (uint32_t i = 0; i < HIST_BUCKETS; i++)
			if (c[i])
				jbuf_printf(b, "%s[%llu,%llu]", k++ ? "," : "",
					    (unsigned long long)hist_bucket_lower(i),
					    (unsigned long long)c[i]);
		jbuf_printf(b, "]");
	}
	jbuf_printf(b, "}");
	h->entries++;
}

const char *histlog_since(struct histlog *h, size_t *mark)
{
	const char *s = h->buf.s ? h->buf.s + *mark : "";

	*mark = h->buf.len;
	return *s == ',' ? s + 1 : s;	/* the separator from an earlier entry */
}

int histlog_write(struct histlog *h, const char *run_dir, const char *run_id)
{
	struct jbuf out;
	int err;

	jbuf_init(&out);
	jbuf_printf(&out, "{\n  \"format\": \"iommubench-histograms/1\",\n"
			  "  \"run_id\": ");
	jbuf_str(&out, run_id);
	jbuf_printf(&out, ",\n  \"bucket_sub_bits\": %u,\n"
			  "  \"unit\": \"ns\",\n"
			  "  \"benchmarks\": [%s\n  ]\n}\n",
		    IOMMUBENCH_HIST_SUB_BITS, h->buf.s ? h->buf.s : "");
	err = (out.oom || h->buf.oom) ? -ENOMEM :
	      fs_write_atomic(run_dir, IB_FILE_HISTOGRAMS, out.s, out.len);
	jbuf_free(&out);
	return err;
}
