// SPDX-License-Identifier: GPL-2.0
// gbench_shim: the C interface to Google Benchmark; see gbench_shim.h.
// No exception may cross into C: every entry point catches.
#include "gbench_shim.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
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
 * The file reporter: Google Benchmark's Run records and context handed to C
 * as data (gbs_records); the JSON is ours (store/gbjson.c, via gbreport.c).
 */
class RecordReporter : public benchmark::BenchmarkReporter {
public:
	RecordReporter(const struct gbs_records *r, void *arg) : r_(r), arg_(arg) {}

	bool ReportContext(const Context &context) override
	{
		const benchmark::CPUInfo &info = context.cpu_info;
		std::vector<struct gbs_cache> caches;
		std::vector<const char *> keys, values;
		struct gbs_context c;

		std::memset(&c, 0, sizeof(c));
		for (const auto &ci : info.caches)
			caches.push_back({ ci.type.c_str(), ci.level, ci.size,
					   ci.num_sharing });
		const std::map<std::string, std::string> *custom =
			benchmark::internal::GetGlobalContext();
		if (custom) {
			for (const auto &kv : *custom) {
				keys.push_back(kv.first.c_str());
				values.push_back(kv.second.c_str());
			}
		}
		c.host_name = context.sys_info.name.c_str();
		c.executable = Context::executable_name;
		c.num_cpus = info.num_cpus;
		c.mhz_per_cpu = (long)(info.cycles_per_second / 1000000.0 + 0.5);
		c.cpu_scaling = info.scaling == benchmark::CPUInfo::UNKNOWN ? -1 :
				info.scaling == benchmark::CPUInfo::ENABLED;
		c.caches = caches.data();
		c.n_caches = caches.size();
		c.load_avg = info.load_avg.data();
		c.n_load_avg = info.load_avg.size();
		build_type_ = BuildType(context);
		c.library_build_type = build_type_.c_str();
		c.custom_keys = keys.data();
		c.custom_values = values.data();
		c.n_custom = keys.size();
		r_->context(arg_, &c);
		return true;
	}

	void ReportRuns(const std::vector<Run> &runs) override
	{
		std::vector<struct gbs_run> out(runs.size());
		std::vector<std::string> names(runs.size()), run_names(runs.size());
		std::vector<std::vector<const char *>> cnames(runs.size());
		std::vector<std::vector<double>> cvalues(runs.size());

		if (runs.empty())
			return;
		for (size_t i = 0; i < runs.size(); i++) {
			const Run &r = runs[i];
			struct gbs_run &g = out[i];
			bool agg = r.run_type == Run::RT_Aggregate;
			bool pct = agg && r.aggregate_unit == benchmark::kPercentage;

			std::memset(&g, 0, sizeof(g));
			names[i] = r.benchmark_name();
			run_names[i] = r.run_name.str();
			for (const auto &c : r.counters) {	/* a std::map: sorted */
				cnames[i].push_back(c.first.c_str());
				cvalues[i].push_back(c.second.value);
			}
			g.name = names[i].c_str();
			g.run_name = run_names[i].c_str();
			g.family_index = (long)r.family_index;
			g.per_family_instance_index = (long)r.per_family_instance_index;
			g.aggregate = agg;
			g.repetitions = (long)r.repetitions;
			g.repetition_index = (long)r.repetition_index;
			g.threads = (long)r.threads;
			g.aggregate_name = r.aggregate_name.c_str();
			g.aggregate_unit = pct ? "percentage" : "time";
			g.error_occurred = r.error_occurred;
			g.error_message = r.error_message.c_str();
			g.iterations = (long)r.iterations;
			/* a percentage (cv) is not scaled by the time unit */
			g.real_time = pct ? r.real_accumulated_time : r.GetAdjustedRealTime();
			g.cpu_time = pct ? r.cpu_accumulated_time : r.GetAdjustedCPUTime();
			g.time_unit = benchmark::GetTimeUnitString(r.time_unit);
			g.counter_names = cnames[i].data();
			g.counter_values = cvalues[i].data();
			g.n_counters = cnames[i].size();
			g.label = r.report_label.c_str();
		}
		r_->runs(arg_, out.data(), out.size());
	}

	void Finalize() override { r_->finalize(arg_); }

private:
	/*
	 * Whether the library was built with NDEBUG: Google Benchmark has no
	 * call for it, only the one word its own JSON reporter prints.
	 */
	static std::string BuildType(const Context &context)
	{
		std::ostringstream os;
		benchmark::JSONReporter json;

		json.SetOutputStream(&os);
		json.SetErrorStream(&os);
		json.ReportContext(context);
		return os.str().find("\"library_build_type\": \"release\"") !=
			       std::string::npos ? "release" : "debug";
	}

	const struct gbs_records *r_;
	void *arg_;
	std::string build_type_;
};

static bool console_enabled = true;
static const struct gbs_records *records;
static void *records_arg;

extern "C" void gbs_set_records(const struct gbs_records *r, void *arg)
{
	records = r;
	records_arg = arg;
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

		if (records) {
			RecordReporter file(records, records_arg);

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
