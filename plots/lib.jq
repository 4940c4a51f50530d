# jq helpers for the plots/ scripts: `jq -L plots 'include "lib"; ...'`.

# Median of the non-null numbers of an array (null when there are none).
def median:
	map(select(. != null)) | sort
	| if length == 0 then null
	  elif length % 2 == 1 then .[(length - 1) / 2]
	  else (.[length / 2 - 1] + .[length / 2]) / 2 end;

# -1 (and null) mean "not applicable".
def na: if . == null or . == -1 then null else . end;

def to_ns: (.time_unit // "ns") as $u
	| .real_time * ({"ns": 1, "us": 1000, "ms": 1000000, "s": 1000000000}[$u] // 1);

# "iommu/map:range/.../threads:1/iterations:1/manual_time" ->
# {name: "iommu/map:range/.../threads:1", path: "iommu", p: {map: "range", ...}}
def parse_name:
	sub("/iterations:.*$"; "") as $n
	| ($n | split("/")) as $parts
	| {name: $n, path: $parts[0],
	   p: ([$parts[1:][] | capture("^(?<k>[^:]+):(?<v>.*)$")? | {(.k): .v}] | add // {})};

def is_emulated: (.emulated == "true" or .emulated == true or ((.platform // "") != "hardware"));

def title_of:
	(if is_emulated then "EMULATED - " else "" end)
	+ "\(.platform // "unknown platform"), \(.kernel_release // "unknown kernel")";

# One object per benchmark of a benchmarks.json: medians over its repetitions
# (iteration entries only, skipped points left out).
def points:
	[.benchmarks[] | select((.run_type // "iteration") == "iteration" and (.error_occurred | not))]
	| group_by(.run_name)
	| map((.[0].run_name | parse_name) + {
		reps: length,
		size: (.[0].run_name | parse_name | .p.size | if . then tonumber else null end),
		threads: (.[0].threads // 1),
		time_ns: (map(to_ns) | median),
		ops_per_s: (map(.ops_per_s | na) | median),
		ops_per_s_per_thread: (map(.ops_per_s_per_thread | na) | median),
		map_p99_ns: (map(.map_p99_ns | na) | median),
		unmap_p99_ns: (map(.unmap_p99_ns | na) | median),
		inval_per_op: (map(if (.inval_available // 1) == 1 then .inval_per_op | na else null end) | median),
		inval_wait_max_ns: (map(.inval_wait_max_ns | na) | median),
		timer_late_max_ns: (map(.timer_late_max_ns | na) | median),
		sim_would_not_terminate: (map(.sim_would_not_terminate | na) | median),
		sim_gave_up: (map(.sim_gave_up | na) | median)
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
