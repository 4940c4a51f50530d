/* SPDX-License-Identifier: GPL-2.0 */
/*
 * device: find the test PCI device and move it to the iommubench driver
 * through driver_override, then put it back exactly as it was.
 *
 * Every function takes the sysfs root ("/sys", or a fake tree in tests).
 */
#ifndef IOMMUBENCH_DEVICE_H
#define IOMMUBENCH_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#define DEVICE_BDF_MAX	32

/* Return codes: DEVICE_EUSAGE maps to exit 2, DEVICE_EENV to exit 3. */
#define DEVICE_OK	0
#define DEVICE_EUSAGE	(-1)
#define DEVICE_EENV	(-2)

/*
 * Resolve "--device": a PCI address ("0000:00:03.0", "0001:00:00.0";
 * "00:03.0" means domain 0) or "VID:DID" in hex ("1234:11e8": the first
 * device, in address order, with that vendor and device id). Writes the
 * canonical lowercase address to bdf.
 */
int device_resolve(const char *sysfs, const char *spec, char *bdf,
		   size_t len, char *err, size_t errlen);

/* Driver bound to bdf now, "" if none. 0 or negative errno. */
int device_driver(const char *sysfs, const char *bdf, char *buf, size_t len);

/* What device_bind() changed, so device_restore() can undo exactly that. */
struct binding {
	char sysfs[256];
	char bdf[DEVICE_BDF_MAX];
	char drv[64];			/* driver we bind to */
	char old_driver[64];		/* "" if none */
	char old_override[256];		/* "" if none */
	bool already_ours;		/* found bound to drv: touch nothing */
	bool override_written;
	bool old_unbound;
	bool bind_written;
};

/*
 * Bind bdf to drv: remember the current driver and driver_override, set
 * driver_override to drv, unbind the current driver, bind drv and check
 * that it took. On failure the caller still calls device_restore().
 * Returns DEVICE_OK or DEVICE_EENV with a message in err.
 */
int device_bind(struct binding *b, const char *sysfs, const char *bdf,
		const char *drv, char *err, size_t errlen);

/*
 * device_bind() in two steps, so that what it will change can be recorded
 * before it changes anything (restore_state.h): prepare only reads (the
 * current driver and driver_override), apply writes.
 */
int device_bind_prepare(struct binding *b, const char *sysfs, const char *bdf,
			const char *drv, char *err, size_t errlen);
int device_bind_apply(struct binding *b, char *err, size_t errlen);

/* Whether the device bound by device_bind() still exists (not unplugged). */
bool device_present(const struct binding *b);

/*
 * Undo device_bind(): unbind drv, restore driver_override, rebind the old
 * driver. Idempotent; only uses async-signal-unsafe calls from the main
 * flow. 0, or -1 with what could not be restored (and how to) in err.
 */
int device_restore(struct binding *b, char *err, size_t errlen);

#endif
