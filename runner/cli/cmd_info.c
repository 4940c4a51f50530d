// SPDX-License-Identifier: GPL-2.0
/* cmd_info: `iommubench info [--json]`, the module's IOMMUBENCH_IOC_INFO. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "errname.h"
#include "exitcodes.h"
#include "json.h"
#include "kmod_client.h"
#include "syspaths.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: iommubench info [--json]\n"
"\n"
"Print the state of the iommubench module (IOMMUBENCH_IOC_INFO): ABI\n"
"version, flags, bound device, hardware pgsize_bitmap, aperture, live\n"
"mappings and pages, invalidation waits seen, invalidation probe.\n"
"\n"
"  --json      one JSON object instead of text\n"
"  -h, --help  this help\n"
"\n"
"Exit status: 0 ok, 2 usage, 3 module not loaded or ioctl failed.\n");
}

static void print_text(const struct iommubench_info *in, const char *flags)
{
	printf("abi_version       %u\n", in->abi_version);
	printf("flags             0x%x (%s)\n", in->flags, flags);
	printf("device            %s\n", in->device[0] ? in->device : "-");
	printf("hw_pgsize_bitmap  0x%llx\n",
	       (unsigned long long)in->hw_pgsize_bitmap);
	printf("aperture          0x%llx-0x%llx\n",
	       (unsigned long long)in->aperture_start,
	       (unsigned long long)in->aperture_end);
	printf("live_mappings     %llu bytes\n",
	       (unsigned long long)in->live_mappings);
	printf("alloc_pages       %llu\n", (unsigned long long)in->alloc_pages);
	printf("inval_count       %llu\n", (unsigned long long)in->inval_count);
	printf("inval_probe       %s\n",
	       in->inval_probe[0] ? in->inval_probe : "unavailable");
}

static int print_json(const struct iommubench_info *in, const char *flags)
{
	struct jbuf b;
	int ok;

	jbuf_init(&b);
	jbuf_printf(&b, "{\"abi_version\": %u, \"flags\": %u, \"flag_names\": ",
		    in->abi_version, in->flags);
	jbuf_str(&b, flags);
	jbuf_printf(&b, ", \"device\": ");
	jbuf_str(&b, in->device);
	jbuf_printf(&b, ", \"hw_pgsize_bitmap\": \"0x%llx\""
			", \"aperture_start\": \"0x%llx\""
			", \"aperture_end\": \"0x%llx\""
			", \"live_mappings\": %llu, \"alloc_pages\": %llu"
			", \"inval_count\": %llu, \"inval_probe\": ",
		    (unsigned long long)in->hw_pgsize_bitmap,
		    (unsigned long long)in->aperture_start,
		    (unsigned long long)in->aperture_end,
		    (unsigned long long)in->live_mappings,
		    (unsigned long long)in->alloc_pages,
		    (unsigned long long)in->inval_count);
	jbuf_str(&b, in->inval_probe);
	jbuf_printf(&b, "}\n");
	ok = !b.oom;
	if (ok)
		fputs(b.s, stdout);
	jbuf_free(&b);
	return ok ? IB_EXIT_OK : IB_EXIT_IO;
}

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iommubench_info in;
	char why[128], flags[128];
	int c, fd, e, json = 0;

	optind = 1;
	opterr = 0;	/* one line of our own (cli.c), not getopt's and the usage */
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'h': usage(stdout); return IB_EXIT_OK;
		default: return cli_option_error("info", c, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iommubench info: unexpected argument '%s'\n",
			argv[optind]);
		return IB_EXIT_USAGE;
	}
	fd = kmod_open(syspaths_devnode());
	if (fd < 0) {
		err_describe(-fd, why, sizeof(why));
		fprintf(stderr, "iommubench info: cannot open %s: %s: %s\n",
			syspaths_devnode(), why, kmod_open_hint(fd));
		return IB_EXIT_ENV;
	}
	e = kmod_info(fd, &in);
	close(fd);
	if (e) {
		err_describe(-e, why, sizeof(why));
		fprintf(stderr, "iommubench info: IOMMUBENCH_IOC_INFO: %s\n",
			why);
		return IB_EXIT_ENV;
	}
	/* The kernel should terminate them; don't rely on it. */
	in.device[sizeof(in.device) - 1] = '\0';
	in.inval_probe[sizeof(in.inval_probe) - 1] = '\0';
	kmod_info_flags_str(in.flags, flags, sizeof(flags));
	if (json)
		return print_json(&in, flags);
	print_text(&in, flags);
	return IB_EXIT_OK;
}
