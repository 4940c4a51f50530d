// SPDX-License-Identifier: GPL-2.0
/* Tests of json.c: string escaping and the growing buffer. */
#include "harness.h"
#include "json.h"

static const char *escaped(const char *s)
{
	static char out[256];
	struct jbuf b;

	jbuf_init(&b);
	jbuf_str(&b, s);
	snprintf(out, sizeof(out), "%s", b.oom ? "OOM" : b.s);
	jbuf_free(&b);
	return out;
}

TEST(json_escapes_quotes_backslashes_and_controls)
{
	CHECK_STREQ(escaped(""), "\"\"");
	CHECK_STREQ(escaped("plain"), "\"plain\"");
	CHECK_STREQ(escaped("a\"b"), "\"a\\\"b\"");
	CHECK_STREQ(escaped("c:\\x"), "\"c:\\\\x\"");
	CHECK_STREQ(escaped("l1\nl2\tt\r"), "\"l1\\nl2\\tt\\r\"");
	CHECK_STREQ(escaped("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
	CHECK_STREQ(escaped("\b\f"), "\"\\b\\f\"");
	/* UTF-8 passes through untouched. */
	CHECK_STREQ(escaped("\xc2\xb5s"), "\"\xc2\xb5s\"");
}

TEST(json_buffer_grows)
{
	struct jbuf b;

	jbuf_init(&b);
	for (int i = 0; i < 10000; i++)
		jbuf_printf(&b, "%d,", i % 10);
	CHECK(!b.oom);
	CHECK_EQ(b.len, 20000);
	CHECK_EQ(strlen(b.s), 20000);
	CHECK(!strncmp(b.s, "0,1,2,", 6));
	jbuf_free(&b);
}
