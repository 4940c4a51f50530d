// SPDX-License-Identifier: GPL-2.0
// gbench_shim: the C interface to Google Benchmark; see gbench_shim.h.
// No exception may cross into C: every entry point catches.
#include "gbench_shim.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

extern "C" int gbs_result_add_counter(struct gbs_result *res,
				      const char *name, double value)
{
	if (res->nr_counters >= GBS_MAX_COUNTERS ||
	    std::strlen(name) >= GBS_COUNTER_NAME_MAX)
		return -1;
	struct gbs_counter *c = &res->counters[res->nr_counters++];
	std::snprintf(c->name, sizeof(c->name), "%s", name);
	c->value = value;
	return 0;
}

extern "C" int gbs_add_context(const char *key, const char *value)
{
	try {
		benchmark::AddCustomContext(key, value);
		return 0;
	} catch (...) {
		return -1;
	}
}

static void run_body(benchmark::State &state, gbs_body_fn fn, void *arg)
{
	for (auto _ : state) {
		struct gbs_result res;

		std::memset(&res, 0, sizeof(res));
		fn(arg, &res);
		if (res.error[0]) {
			/* 1.7.1 keeps a label on an error, not counters */
			if (res.label[0])
				state.SetLabel(res.label);
			state.SkipWithError(res.error);
			break;
		}
		state.SetIterationTime(res.seconds);
		for (unsigned int i = 0; i < res.nr_counters; i++)
			state.counters[res.counters[i].name] =
				benchmark::Counter(res.counters[i].value,
						   benchmark::Counter::kDefaults);
		if (res.label[0])
			state.SetLabel(res.label);
	}
}

extern "C" int gbs_register(const char *name, gbs_body_fn fn, void *arg)
{
	try {
		benchmark::RegisterBenchmark(name, run_body, fn, arg)
			->UseManualTime()
			->Iterations(1)
			->Unit(benchmark::kNanosecond)
			/* file: every repetition; console: aggregates only */
			->DisplayAggregatesOnly(true);
		return 0;
	} catch (...) {
		return -1;
	}
}

/*
 * The console gets the headline figures only; some thirty counters per row
 * do not fit a terminal. The JSON file reporter still gets every counter.
 */
class HeadlineReporter : public benchmark::ConsoleReporter {
public:
	void ReportRuns(const std::vector<Run> &runs) override
	{
		static const char *const keep[] = {
			"ops_per_s", "map_p99_ns", "unmap_p99_ns",
			"inval_per_op", "inval_wait_max_ns",
		};
		std::vector<Run> shown(runs);

		for (Run &run : shown) {
			benchmark::UserCounters c;

			for (const char *k : keep) {
				auto it = run.counters.find(k);

				if (it != run.counters.end())
					c.insert(*it);
			}
			run.counters = c;
		}
		ConsoleReporter::ReportRuns(shown);
	}
};

/* Prints nothing: for commands that print their own summary (compat). */
class SilentReporter : public benchmark::ConsoleReporter {
public:
	bool ReportContext(const Context &) override { return true; }
	void ReportRuns(const std::vector<Run> &) override {}
};

/*
 * Google Benchmark's own JSON, kept in memory and handed over whole after
 * every benchmark: the file on disk is replaced atomically each time
 * instead of growing and being valid only at the end.
 */
class SnapshotReporter : public benchmark::JSONReporter {
public:
	SnapshotReporter(gbs_snapshot_fn fn, void *arg) : fn_(fn), arg_(arg) {}

	bool ReportContext(const Context &context) override
	{
		SetOutputStream(&out_);
		SetErrorStream(&out_);
		bool ok = JSONReporter::ReportContext(context);

		Snapshot(false);
		return ok;
	}

	void ReportRuns(const std::vector<Run> &runs) override
	{
		JSONReporter::ReportRuns(runs);
		/* a benchmark's repetitions come first, its aggregates next */
		if (!runs.empty() && runs[0].run_type == Run::RT_Iteration)
			done_++;
		Snapshot(false);
	}

	void Finalize() override
	{
		JSONReporter::Finalize();
		Snapshot(true);
	}

private:
	/* What JSONReporter::Finalize() would append, for a valid document. */
	void Snapshot(bool final)
	{
		std::string s = out_.str();

		if (!final)
			s += "\n  ]\n}\n";
		fn_(arg_, s.c_str(), s.size(), done_, final ? 1 : 0);
	}

	std::ostringstream out_;
	gbs_snapshot_fn fn_;
	void *arg_;
	unsigned int done_ = 0;
};

static bool console_enabled = true;
static gbs_snapshot_fn snapshot_fn;
static void *snapshot_arg;

extern "C" void gbs_set_snapshot(gbs_snapshot_fn fn, void *arg)
{
	snapshot_fn = fn;
	snapshot_arg = arg;
}

extern "C" void gbs_set_console(int enabled)
{
	console_enabled = enabled != 0;
}

extern "C" long gbs_run(int argc, char **argv)
{
	try {
		benchmark::Initialize(&argc, argv);
		if (benchmark::ReportUnrecognizedArguments(argc, argv))
			return -1;
		HeadlineReporter console;
		SilentReporter silent;
		benchmark::BenchmarkReporter *rep = &console;

		if (!console_enabled)
			rep = &silent;
		size_t n;

		if (snapshot_fn) {
			SnapshotReporter file(snapshot_fn, snapshot_arg);

			n = benchmark::RunSpecifiedBenchmarks(rep, &file);
		} else {
			n = benchmark::RunSpecifiedBenchmarks(rep);
		}
		benchmark::Shutdown();
		return (long)n;
	} catch (...) {
		return -1;
	}
}
