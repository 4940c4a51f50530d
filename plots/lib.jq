# jq helpers for the plots/ scripts: `jq -L plots 'include "lib"; ...'`.

# Input: `iommubench export --format points` (the run model, docs/results.md).
# The name is parsed, and medians computed, once, in the runner; nothing here
# parses names or computes a median.

def is_emulated: (.emulated == "true" or .emulated == true or ((.platform // "") != "hardware"));

# "clock: wall" or "clock: icount (shift N)"; a run that does not say is wall (docs/runner.md).
def clock_of:
	(.clock // "wall") as $c
	| "clock: \($c)" + (if $c == "icount" then " (shift \(.icount_shift // "?"))" else "" end);

def title_of:
	(if is_emulated then "EMULATED - " else "" end)
	+ "\(.platform // "unknown platform"), \(.kernel_release // "unknown kernel"), \(clock_of)";

# One object per point with a successful repetition, by name: its parameters
# as text (p; flags left out), and the medians the figures use (null where
# the point has no value: failed repetitions and -1 are left out).
def points:
	[.points[] | select(.ok > 0)] | sort_by(.name)
	| map(.metrics as $m | {
		name, path,
		p: (.params | with_entries(select(.value != true) | .value |= tostring)),
		reps: .ok,
		size: (.params.size | if . then tonumber else null end),
		threads: ([.reps[] | select(.error | not)][0].metrics.threads // 1),
		time_ns: $m.time.median,
		ops_per_s: $m.ops_per_s.median,
		ops_per_s_per_thread: $m.ops_per_s_per_thread.median,
		map_p99_ns: $m.map_p99_ns.median,
		unmap_p99_ns: $m.unmap_p99_ns.median,
		inval_per_op: $m.inval_per_op.median,
		inval_wait_max_ns: $m.inval_wait_max_ns.median,
		timer_late_max_ns: $m.timer_late_max_ns.median,
		sim_would_not_terminate: $m.sim_would_not_terminate.median,
		sim_gave_up: $m.sim_gave_up.median
	  });

# Tab-separated, missing numbers as NaN (gnuplot skips them).
def cell: if . == null then "NaN" else . end;

# 4096 -> "4K", 2097152 -> "2M"
def human_size:
	if . == null then "?"
	elif . >= 1073741824 and . % 1073741824 == 0 then "\(. / 1073741824)G"
	elif . >= 1048576 and . % 1048576 == 0 then "\(. / 1048576)M"
	elif . >= 1024 and . % 1024 == 0 then "\(. / 1024)K"
	else tostring end;

# A file-name-safe form of a benchmark name.
def slug: gsub("[^A-Za-z0-9.+-]+"; "_");

# Numbers for people: 3 significant digits, with a unit prefix.
def sig3: if . == 0 then 0 else (. | fabs | log10 | floor) as $e | (if $e >= 2 then 1 else pow(10; 2 - $e) end) as $m | (. * $m | round) / $m end;
def fmt_ns:
	if . == null then "–"
	elif . >= 1e9 then "\(. / 1e9 | sig3) s"
	elif . >= 1e6 then "\(. / 1e6 | sig3) ms"
	elif . >= 1e3 then "\(. / 1e3 | sig3) µs"
	else "\(sig3) ns" end;
def fmt_num:
	if . == null then "–"
	elif . >= 1e6 then "\(. / 1e6 | sig3) M"
	elif . >= 1e4 then "\(. / 1e3 | sig3) k"
	else "\(sig3)" end;
def html: tostring | gsub("&"; "&amp;") | gsub("<"; "&lt;") | gsub(">"; "&gt;") | gsub("\""; "&quot;") | gsub("'"; "&#39;");
