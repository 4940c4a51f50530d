/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results_csv: benchmarks.json (Google Benchmark JSON) as CSV, one row per
 * entry (repetitions and aggregates) for spreadsheets and dashboards that
 * ingest tables. Columns: name, run_name, run_type, aggregate_name,
 * repetition_index, real_time, cpu_time, time_unit, error_occurred,
 * error_message, label, then every user counter seen in any entry,
 * sorted by name (empty where an entry lacks it). RFC 4180 quoting.
 */
#ifndef IOMMUBENCH_RESULTS_CSV_H
#define IOMMUBENCH_RESULTS_CSV_H

#include <stddef.h>

#include "json.h"

/*
 * Convert the JSON document json[0..len) into CSV text appended to out.
 * 0, -EINVAL if it is not Google Benchmark JSON (err says why), -ENOMEM.
 */
int results_csv_from_json(const char *json, size_t len, struct jbuf *out,
			  char *err, size_t errlen);

#endif
