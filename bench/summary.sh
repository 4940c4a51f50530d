#!/usr/bin/env bash
# shellcheck disable=SC2016 # jq programs use $variables of their own
# Print a compact table of one run's results: per benchmark the median over
# repetitions of time per op, throughput, map/unmap p99 and invalidations per
# op, then the per-page / range and strict / fq ratios measured in that run.
# The run is read by the runner (`iommubench export --format points`: names
# parsed into parameters, medians computed there); this script only formats.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/summary.sh RESULTS_JSON
       bench/summary.sh --group RUN RUN...
  RESULTS_JSON  a benchmarks.json written by `iommubench run` (e.g. results/latest/benchmarks.json),
                or its run directory; read through build/iommubench (IOMMUBENCH=BIN: another runner)
  --group       several runs of one configuration (make bench ROUNDS=N: one per boot): per
                benchmark the median time per op of each run, the spread between runs (CV
                of the per-run medians, max/min) and within them (the median of the runs'
                CV over repetitions)
The header names the clock: `clock: wall`, or `clock: icount` (instruction time, QEMU -icount;
docs/methodology.md); a run that does not record one is wall.
Exit status: 0 printed, 2 usage, 3 unreadable or not a results file (or no runner, no jq).
EOF
}

GROUP=0
case ${1:-} in
-h | --help) usage; exit 0 ;;
"") usage >&2; exit 2 ;;
--group)
	GROUP=1
	shift
	(($# >= 2)) || { echo "error: --group needs two or more runs (see --help)" >&2; exit 2; }
	;;
-*) echo "error: unknown option '$1' (see --help)" >&2; exit 2 ;;
*) (($# == 1)) || { echo "error: one RESULTS_JSON, or --group RUN... (see --help)" >&2; exit 2; } ;;
esac
json=$1
BIN=${IOMMUBENCH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/build/iommubench}
command -v jq >/dev/null || { echo "error: jq is missing (make setup)" >&2; exit 3; }
[[ -x $BIN ]] || { echo "error: $BIN is missing (make runner)" >&2; exit 3; }

# "clock: wall" or "clock: icount (shift N)", from a points export's run
clock_jq='(.run.context.clock // "wall") as $c
	| "clock: \($c)" + (if $c == "icount" then " (shift \(.run.context.icount_shift // "?"))" else "" end)'

if ((GROUP)); then
	models=()
	for r in "$@"; do
		m=$("$BIN" export --format points "$r" 2>/dev/null) ||
			{ echo "error: $r is not a results file" >&2; exit 3; }
		models+=("$m")
	done
	all=$(printf '%s\n' "${models[@]}" | jq -s -c .)
	jq -r --arg n "$#" "
		.[0] as \$f
		| \"\ngroup summary: \(\$n) runs · \(\$f.run.platform) · \(\$f.run.kernel_release) · \" +
		  (\$f | $clock_jq) +
		  \" · group \(\$f.run.meta.group // \"none\")\",
		  \"runs: \([.[].run.run_id] | join(\" \"))\",
		  (if ([.[] | ($clock_jq)] | unique | length) > 1 then
			\"warning: the runs have different clocks: \([.[] | ($clock_jq)] | unique | join(\", \"))\"
		   else empty end)" <<<"$all"
	rows=$(jq -r '
		def cv: if length < 2 then null else (add / length) as $m
			| if $m == 0 then null
			  else ((map(. - $m | . * .) | add) / (length - 1) | sqrt) / $m * 100 end end;
		def med: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
			else (.[length / 2 - 1] + .[length / 2]) / 2 end;
		[.[] | [.points[] | select(.metrics.time.median != null)
			| {name, m: .metrics.time.median, cv: (.metrics.time.values | cv)}]]
		| (map(map(.name)) | add | unique) as $names
		| . as $runs
		| $names[] as $n
		| [$runs[] | map(select(.name == $n))[0] | select(. != null)] as $r
		| ($r | map(.m)) as $ms
		| [$n, ($ms | length), ($ms | med), ($ms | min), ($ms | max), ($ms | cv // -1),
		   ($r | map(.cv) | map(select(. != null)) | med // -1)] | @tsv' <<<"$all")
	w=$(awk -F'\t' 'length($1) > w { w = length($1) } END { print (w > 9 ? w : 9) }' <<<"$rows")
	printf "%-${w}s %4s %12s %12s %12s %9s %9s\n" benchmark runs "median ns" "min run" "max run" \
		"CV runs" "CV reps"
	awk -F'\t' -v w="$w" '{
		cvr = ($6 < 0) ? "n/a" : sprintf("%.2f%%", $6)
		cvw = ($7 < 0) ? "n/a" : sprintf("%.2f%%", $7)
		printf "%-" w "s %4d %12.0f %12.0f %12.0f %9s %9s\n", $1, $2, $3, $4, $5, cvr, cvw
	}' <<<"$rows"
	echo "(CV runs: between the runs' medians of time per op; CV reps: the median over the runs of the"
	echo " CV across one run's repetitions)"
	exit 0
fi
model=$("$BIN" export --format points "$json" 2>/dev/null) ||
	{ echo "error: $json is not a results file" >&2; exit 3; }

# The rows: the medians of every point with two or more good repetitions;
# when no point has (a single-repetition run), every repetition as it is.
# A figure that is -1 ("not applicable") in every repetition prints as -1.
# One jq program, two outputs: the table (row) and, for ratio_table, the
# rows whose parameter $c is $a or $b, keyed by the name with $c:* (pair).
rows_jq='
	def med($p; $k): $p.metrics[$k].median
		// (if any($p.reps[]; (.error | not) and (.metrics[$k] != null)) then -1 else null end);
	def key($p; $c): ([$p.path] + [$p.params | to_entries[]
		| if .key == $c then "\(.key):*" elif .value == true then .key else "\(.key):\(.value)" end])
		| join("/");
	[.points[] | select(.ok >= 2)] as $agg
	| (if ($agg | length) > 0 then
		$agg[] | . as $p
		| {p: $p, v: [$p.name, med($p; "time"), med($p; "ops_per_s"), med($p; "map_p99_ns"),
		              med($p; "unmap_p99_ns"),
		              (if med($p; "inval_available") == 1 then med($p; "inval_per_op") else "n/a" end)]}
	   else
		.points[] | . as $p | .reps[]
		| {p: $p, v: [$p.name, .time_ns, .metrics.ops_per_s, .metrics.map_p99_ns,
		              .metrics.unmap_p99_ns,
		              (if .metrics.inval_available == 1 then .metrics.inval_per_op else "n/a" end)]}
	   end)
	| if $mode == "row" then .v | @tsv
	  elif (.p.params[$c] | tostring) == $a or (.p.params[$c] | tostring) == $b then
		[key(.p; $c), (if (.p.params[$c] | tostring) == $a then "a" else "b" end), .v[1], .v[5]] | @tsv
	  else empty end'
rows=$(jq -r --arg mode row --arg c "" --arg a "" --arg b "" "$rows_jq" <<<"$model")

ctx=$(jq -r '(.run.context | "\(.platform) · \(.kernel_release) · \(.iommu_driver) · hw pgsize \(.hw_pgsize_bitmap) · group \(.group_type)") + " · " + ('"$clock_jq"') + (if .run.meta.group then " · round \(.run.meta.round)/\(.run.meta.rounds) of \(.run.meta.group)" else "" end)' <<<"$model")
echo
echo "iommubench summary: $ctx"
[[ $(jq -r '.run.context.emulated' <<<"$model") == true ]] &&
	echo "(emulated platform: compare ratios and counts, not absolute times)"
[[ $(jq -r '.run.context.clock // "wall"' <<<"$model") == icount ]] &&
	echo "(clock: icount: instruction time, 2^shift ns per guest instruction; the emulator's own work, e.g. the emulated IOMMU's, is not counted: docs/methodology.md)"
w=$(awk -F'\t' 'length($1) > w { w = length($1) } END { print (w > 9 ? w : 9) }' <<<"$rows")
printf "%-${w}s %12s %12s %11s %11s %9s\n" benchmark "time/op ns" "ops/s" "map p99 ns" "unmap p99" "inval/op"
awk -F'\t' -v w="$w" '{
	inv = ($6 == "n/a") ? "n/a" : sprintf("%.3f", $6)
	printf "%-" w "s %12.0f %12.0f %11.0f %11.0f %9s\n", $1, $2, $3, $4, $5, inv
}' <<<"$rows"

# A over B for two values of one parameter, everything else equal: time per
# op, and invalidations per op where both are known.
ratio_table() {	# ratio_table PARAM A B
	jq -r --arg mode pair --arg c "$1" --arg a "$2" --arg b "$3" "$rows_jq" <<<"$model" |
		awk -F'\t' -v w="$w" '{
		if ($2 == "a") { ta[$1] = $3; ia[$1] = $4 }
		if ($2 == "b") { tb[$1] = $3; ib[$1] = $4 }
	} END {
		for (k in ta) if (k in tb && tb[k] > 0) {
			inv = sprintf("%11s", "n/a")
			if (ia[k] != "n/a" && ib[k] != "n/a" && ib[k] > 0)
				inv = sprintf("%10.1fx", ia[k] / ib[k])
			printf "%-" w "s %8.1fx %s\n", k, ta[k] / tb[k], inv
		}
	}' | sort
}

print_ratios() {	# print_ratios PARAM A B
	local t
	t=$(ratio_table "$1" "$2" "$3")
	[[ -n $t ]] || return 0
	echo
	printf "%-${w}s %9s %11s\n" "$2 / $3 (same run)" "time/op" "inval/op"
	echo "$t"
}

print_ratios map per-page range
print_ratios mode strict fq
