/* SPDX-License-Identifier: GPL-2.0 */
/* exitcodes: the runner's exit statuses (docs/CONTRACTS.md). */
#ifndef IOMMUBENCH_EXITCODES_H
#define IOMMUBENCH_EXITCODES_H

#define IB_EXIT_OK		0	/* everything ran */
#define IB_EXIT_FAILED		1	/* at least one benchmark failed */
#define IB_EXIT_REGRESSION	1	/* compare: a metric significantly worse */
#define IB_EXIT_USAGE		2	/* bad command line or suite */
#define IB_EXIT_ENV		3	/* no module, no device, binding failed */
#define IB_EXIT_IO		4	/* results could not be written */
#define IB_EXIT_DEVICE_GONE	5	/* the device was removed during the run */
#define IB_EXIT_SIGNAL_BASE	128	/* + signal number when interrupted */

#endif
