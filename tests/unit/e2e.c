// SPDX-License-Identifier: GPL-2.0
/*
 * e2e: the fake system the end-to-end tests run the binary against, and
 * their shared checks (e2e.h).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e.h"

char e2e_out[E2E_OUT_MAX], e2e_err[E2E_ERR_MAX];


/* One more NAME=value for the runner's environment. */
void fake_env(struct fake *f, const char *kv)
{
	snprintf(f->env[f->nenv], sizeof(f->env[0]), "%s", kv);
	f->envp[f->nenv] = f->env[f->nenv];
	f->envp[++f->nenv] = NULL;
}

void fake_system(struct fake *f, const char *block_dir,
			const char *fail_size)
{
	char link[900];
	int n = 0;

	snprintf(f->root, sizeof(f->root), "%s", harness_tmpdir());
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->root);
	snprintf(f->proc, sizeof(f->proc), "%s/proc", f->root);
	snprintf(f->dev, sizeof(f->dev), "%s/iommubench-node", f->root);
	snprintf(f->results, sizeof(f->results), "%s/results", f->root);
	harness_mkdirs(f->root, "sys/bus/pci/devices/" BDF);
	harness_mkdirs(f->root, "sys/kernel/iommu_groups/7/devices");
	harness_mkdirs(f->root, "sys/devices/virtual/iommu/dmar0");
	harness_mkdirs(f->root, "sys/devices/system/cpu");
	harness_mkdirs(f->root, "proc");
	harness_write(f->root, "sys/devices/system/cpu/online", "0-1\n");
	harness_write(f->root, "proc/cmdline", "console=ttyS0 intel_iommu=on\n");
	harness_write(f->root, "iommubench-node", "");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/vendor", "0x1234\n");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/device", "0x11e8\n");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/numa_node", "-1\n");
	harness_write(f->root, "sys/bus/pci/devices/" BDF "/driver_override", "(null)\n");
	harness_write(f->root, "sys/kernel/iommu_groups/7/type", "DMA-FQ\n");
	for (int i = 0; i < 2; i++) {
		const char *drv = i ? "edu-old" : "iommubench";
		char rel[256];

		snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s", drv);
		harness_mkdirs(f->root, rel);
		snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s/bind", drv);
		harness_write(f->root, rel, "");
		snprintf(rel, sizeof(rel), "sys/bus/pci/drivers/%s/unbind", drv);
		harness_write(f->root, rel, "");
	}
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/iommu", f->sys);
	CHECK_EQ(symlink("../../../../devices/virtual/iommu/dmar0", link), 0);
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/driver", f->sys);
	CHECK_EQ(symlink("../../drivers/edu-old", link), 0);
	/* group 7 holds the device alone, as the kernel links it */
	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/iommu_group", f->sys);
	CHECK_EQ(symlink("../../../../kernel/iommu_groups/7", link), 0);
	snprintf(link, sizeof(link), "%s/kernel/iommu_groups/7/devices/" BDF, f->sys);
	CHECK_EQ(symlink("../../../../bus/pci/devices/" BDF, link), 0);

	snprintf(f->env[n++], 800, "IOMMUBENCH_SYSFS=%s", f->sys);
	snprintf(f->env[n++], 800, "IOMMUBENCH_PROCFS=%s", f->proc);
	snprintf(f->env[n++], 800, "IOMMUBENCH_DEVNODE=%s", f->dev);
	snprintf(f->env[n++], 800, "IOMMUBENCH_STATE_DIR=%s/state", f->root);
	snprintf(f->env[n++], 800, "FAKE_SYSFS=%s", f->sys);
	snprintf(f->env[n++], 800, "FAKE_BDF=" BDF);
	snprintf(f->env[n++], 800, "LD_PRELOAD=" IB_FAKE_KERNEL);
	/* The sanitizer build wants its runtime first; the preload is. */
	snprintf(f->env[n++], 800, "ASAN_OPTIONS=%s%sverify_asan_link_order=0",
		 getenv("ASAN_OPTIONS") ? getenv("ASAN_OPTIONS") : "",
		 getenv("ASAN_OPTIONS") ? ":" : "");
	if (block_dir)
		snprintf(f->env[n++], 800, "FAKE_BLOCK_DIR=%s", block_dir);
	else if (fail_size)
		snprintf(f->env[n++], 800, "FAKE_FAIL_SIZE=%s", fail_size);
	for (int i = 0; i < n; i++)
		f->envp[i] = f->env[i];
	f->envp[n] = NULL;
	f->nenv = n;
}

/* The device must be back on edu-old with no override. */
void check_restored(const struct fake *f)
{
	char link[900], target[256];
	ssize_t n;

	snprintf(link, sizeof(link), "%s/bus/pci/devices/" BDF "/driver", f->sys);
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECK_STREQ(target, "../../drivers/edu-old");
	CHECK_STREQ(harness_read(f->root, "sys/bus/pci/devices/" BDF "/driver_override"),
		    "(null)\n");
	/* And it did go through the module on the way. */
	CHECK_STREQ(harness_read(f->root, "sys/bus/pci/drivers/iommubench/bind"), BDF);
	CHECK_STREQ(harness_read(f->root, "sys/bus/pci/drivers/edu-old/bind"), BDF);
}

int run_fake(struct fake *f, char **argv)
{
	struct harness_child c;

	harness_start(&c, argv, f->envp);
	return harness_finish(&c, e2e_out, sizeof(e2e_out), e2e_err, sizeof(e2e_err));
}

int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/*
 * Lines on stderr other than the documented notices (perf events not
 * counted, a group type switched): the runner's messages.
 */
int message_lines(const char *e)
{
	int n = 0;

	for (const char *p = e; *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		if (!strstr(line, ": perf: not counted") &&
		    !(strstr(line, ": IOMMU group ") && strstr(line, ": type ")))
			n++;
		p += len + (nl != NULL);
	}
	return n;
}

/* The run's JSON parses (no bare NaN), has n_iter repetitions. */
json_t *load_gb(const char *dir, const char *run_id, size_t n_iter)
{
	char path[1000];
	json_t *root, *e;
	size_t i, iters = 0;

	snprintf(path, sizeof(path), "%s/%s/benchmarks.json", dir, run_id);
	root = json_load_file(path, 0, NULL);
	CHECK(root != NULL);
	if (!root)
		return NULL;
	json_array_foreach(json_object_get(root, "benchmarks"), i, e)
		iters += !strcmp(json_string_value(json_object_get(e, "run_type")),
				 "iteration");
	CHECK_EQ(iters, n_iter);
	return root;
}

/*
 * results/<run-id>/: benchmarks.json, its CSV (a header and one row per
 * entry), meta.json with the status and count, and the index entry.
 */
void check_layout(const char *results, const char *run_id,
			 const char *status, int done, size_t n_iter)
{
	char path[1000];
	json_t *gb = load_gb(results, run_id, n_iter), *meta, *idx, *e;
	const char *csv;
	size_t i, rows = 0;
	bool found = false;

	snprintf(path, sizeof(path), "%s/benchmarks.csv", run_id);
	csv = harness_read(results, path);
	CHECK(csv != NULL);
	if (csv) {
		CHECK(!strncmp(csv, "name,run_name,run_type,aggregate_name,repetition_index,real_time,", 65));
		for (const char *p = csv; (p = strchr(p, '\n')); p++)
			rows++;
		CHECK_EQ(rows, 1 + json_array_size(json_object_get(gb, "benchmarks")));
	}
	json_decref(gb);
	snprintf(path, sizeof(path), "%s/%s/meta.json", results, run_id);
	meta = json_load_file(path, 0, NULL);
	CHECK(meta != NULL);
	if (meta) {
		CHECK_STREQ(json_string_value(json_object_get(meta, "format")), "iommubench-meta/1");
		CHECK_STREQ(json_string_value(json_object_get(meta, "status")), status);
		CHECK_EQ(json_integer_value(json_object_get(meta, "benchmarks_done")), done);
		CHECK_STREQ(json_string_value(json_object_get(json_object_get(meta, "iommu"), "driver")),
			    "intel-iommu");
		CHECK(json_string_value(json_object_get(json_object_get(meta, "host"), "hwloc_topology")) != NULL);
		CHECK(json_string_value(json_object_get(meta, "start")) != NULL);
		/* no end time when the runner did not get to the end */
		CHECK_EQ(json_is_null(json_object_get(meta, "end")),
			 !strcmp(status, "running") || !strcmp(status, "incomplete"));
	}
	json_decref(meta);
	snprintf(path, sizeof(path), "%s/index.json", results);
	idx = json_load_file(path, 0, NULL);
	CHECK(idx != NULL);
	json_array_foreach(json_object_get(idx, "runs"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "run_id")), run_id))
			continue;
		found = true;
		CHECK_STREQ(json_string_value(json_object_get(e, "status")), status);
		CHECK_EQ(json_integer_value(json_object_get(e, "benchmarks")), done);
	}
	CHECK(found);
	json_decref(idx);
	snprintf(path, sizeof(path), "%s/%s/.partial", results, run_id);
	CHECK(access(path, F_OK) != 0);	/* the pieces are gone */
}

const char *write_suite(const char *text)
{
	static char path[700];
	const char *dir = harness_tmpdir();

	harness_write(dir, "t.suite", text);
	snprintf(path, sizeof(path), "%s/t.suite", dir);
	return path;
}

/* The JSON object of the n-th benchmark entry named `name` (0-based). */
const char *entry(const char *json, const char *name, int n)
{
	static char obj[8192];
	char key[600];
	const char *p = json, *end;

	snprintf(key, sizeof(key), "\"name\": \"%s/iterations:1/manual_time\"", name);
	for (int i = 0; p && i <= n; i++) {
		p = strstr(p, key);
		if (p && i < n)
			p += strlen(key);
	}
	if (!p)
		return "";
	end = strstr(p + 1, "\"name\": ");
	snprintf(obj, sizeof(obj), "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
	return obj;
}

/* The group's type attribute, without the newline the fake tree starts with. */
const char *type_now(const struct fake *f)
{
	static char t[64];
	const char *s = harness_read(f->root, "sys/kernel/iommu_groups/7/type");

	snprintf(t, sizeof(t), "%s", s ? s : "(missing)");
	t[strcspn(t, "\n")] = '\0';
	return t;
}

