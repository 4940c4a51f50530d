// SPDX-License-Identifier: GPL-2.0
// gbench_shim: the C interface to Google Benchmark; see gbench_shim.h.
// No exception may cross into C: every entry point catches.
#include "gbench_shim.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <iostream>
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
 * Google Benchmark's own JSON, handed over a benchmark at a time: each
 * ReportRuns() writes into a fresh stream, so the pieces are exactly what
 * the file would have got. A benchmark's repetitions come in one call and
 * its aggregates (when Google Benchmark computes any: two or more
 * repetitions without error) in the next; they are handed over together.
 */
class PieceReporter : public benchmark::JSONReporter {
public:
	PieceReporter(gbs_report_fn fn, void *arg) : fn_(fn), arg_(arg) {}

	bool ReportContext(const Context &context) override
	{
		/* Google Benchmark set the --benchmark_out file: ours instead */
		SetOutputStream(&out_);
		SetErrorStream(&out_);
		bool ok = JSONReporter::ReportContext(context);

		whole_ = Take();
		/* what Finalize() would append, for a valid document */
		Hand(GBS_REPORT_CONTEXT, whole_ + "\n  ]\n}\n");
		return ok;
	}

	void ReportRuns(const std::vector<Run> &runs) override
	{
		size_t ok = 0;

		if (runs.empty())
			return;
		JSONReporter::ReportRuns(runs);
		std::string entries = Take();

		whole_ += entries;
		if (entries.compare(0, 2, ",\n") == 0)
			entries.erase(0, 2);	/* the separator from the last call */
		if (runs[0].run_type == Run::RT_Aggregate) {
			pending_ += (pending_.empty() ? "" : ",\n") + entries;
			Flush();
			return;
		}
		Flush();	/* aggregates that never came */
		pending_ = entries;
		for (const Run &r : runs)
			ok += !r.error_occurred;
		if (ok < 2)
			Flush();	/* no aggregates will follow */
	}

	void Finalize() override
	{
		JSONReporter::Finalize();
		whole_ += Take();
		Flush();
		Hand(GBS_REPORT_FINAL, whole_);
	}

private:
	/* What the base class wrote since the last call; the stream emptied. */
	std::string Take()
	{
		std::string s = out_.str();

		out_.str("");
		return s;
	}

	void Flush()
	{
		if (pending_.empty())
			return;
		Hand(GBS_REPORT_BENCHMARK, "[\n" + pending_ + "\n]\n");
		pending_.clear();
	}

	void Hand(enum gbs_report_kind kind, const std::string &s)
	{
		fn_(arg_, kind, s.c_str(), s.size());
	}

	std::ostringstream out_;
	std::string whole_, pending_;
	gbs_report_fn fn_;
	void *arg_;
};

static bool console_enabled = true;
static gbs_report_fn report_fn;
static void *report_arg;

extern "C" void gbs_set_report(gbs_report_fn fn, void *arg)
{
	report_fn = fn;
	report_arg = arg;
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

		/*
		 * Google Benchmark prints its context block (date, host, CPUs,
		 * load, the DEBUG build warning) to stderr: with the table on
		 * stdout, so that stderr has the runner's own messages only.
		 */
		console.SetErrorStream(&std::cout);

		if (!console_enabled)
			rep = &silent;
		size_t n;

		if (report_fn) {
			PieceReporter file(report_fn, report_arg);

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
