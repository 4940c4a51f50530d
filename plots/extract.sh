#!/usr/bin/env bash
# shellcheck disable=SC2016 # the jq programs use $variables of their own
# Extract the data of one run's figures into tab-separated .dat files: the
# medians over repetitions from the run model (`iommubench export --format
# points`: the runner parses the names and computes the medians), merged latency
# histograms from histograms.json. Writes only the files whose figure applies to
# the run, plus points.json (one object per benchmark, the medians). plot.sh
# draws them.
set -euo pipefail
# shellcheck source=plots/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF2'
Usage: plots/extract.sh RUN_DIR OUT_DIR
  RUN_DIR  a run directory (benchmarks.json, histograms.json), read through
           build/iommubench export --format points (IOMMUBENCH=BIN: another runner)
  OUT_DIR  where the .dat files go (created; existing .dat files are replaced)
Files (each only when the run has the data):
  points.json        medians per benchmark (all figures start from it)
  cdf.tsv            slug <TAB> benchmark <TAB> operations, one line per configuration
  cdf-<slug>.dat     merged map / unmap latency histograms as CDFs (one block each)
  size.dat           iommu time per op by pgsize, map, unmap, size
  speedup.dat        per-page / range time ratio by pgsize, unmap, size
  strictfq.dat       dma strict vs fq: time per op and invalidations per op by size
  lockup-wait.dat    max invalidation wait per policy (table: policy x configuration)
  lockup-timer.dat   max victim timer lateness, same layout
  scaling.dat        dma ops/s by mode and threads
Exit status: 0 ok, 2 usage, 3 missing tool or data, 4 I/O error.
EOF2
}

case ${1:-} in -h | --help) usage; exit 0 ;; esac
[[ $# -eq 2 ]] || { usage >&2; exit 2; }
run=$1 out=$2
need_tools jq
result_files
[[ -f $run/${RF[benchmarks]} ]] || die 3 "no ${RF[benchmarks]} in $run"
mkdir -p "$out" || die 4 "cannot create $out"
rm -f "$out"/*.dat "$out"/cdf.tsv "$out"/points.json

# write FILE: stdin to FILE, dropped again when it has no data line.
write() {
	cat >"$1" || die 4 "cannot write $1"
	grep -qv '^#' "$1" || rm -f "$1"
}

# The run model: read once, by the runner.
model=$(mktemp "${TMPDIR:-/tmp}/extract-points.XXXXXX") || die 4 "cannot create a temporary file"
trap 'rm -f "$model"' EXIT
run_points "$run" >"$model" || die 3 "$run/${RF[benchmarks]} is not a readable results file"
pjq 'include "lib"; points' "$model" >"$out/points.json" ||
	die 3 "$run/${RF[benchmarks]} is not a readable results file"
P=$out/points.json
hist=$(jq -r '.run.files.histograms // empty' "$model")

# (a) latency CDFs: repetitions merged per benchmark and operation. One jq
# pass writes every configuration, each behind a "@file SLUG" line that awk
# turns into cdf-SLUG.dat.
if [[ -n $hist ]]; then
	pjq -r 'include "lib";
		.benchmarks | group_by(.name)[] | . as $reps
		| ($reps[0].name | slug) as $s
		| [["map", "unmap"][] as $op
		   | ([$reps[] | .[$op] // [] | .[]] | group_by(.[0])
		      | map([.[0][0], (map(.[1]) | add)]) | map(select(.[1] > 0))) as $b
		   | ($b | map(.[1]) | add // 0) as $total
		   | select($total > 0)
		   | {op: $op, lines: ["# op=\($op) total \($total)", "# lower_bound_ns\tcdf\tccdf",
		     (foreach $b[] as $x ({c: 0}; {prev: .c, c: (.c + $x[1]), x: $x};
			"\(.x[0])\t\(.c / $total)\t\(($total - .prev) / $total)")),
		     "", ""]}] as $blocks
		| select($blocks | length > 0)
		| "@file\t\($s)\t\($reps[0].name)\t\($blocks | map(.op) | join(" "))", $blocks[].lines[]' "$hist" >"$out/cdf.all" ||
		die 3 "$hist is not a readable histogram file"
	awk -F'\t' -v out="$out" '
		$1 == "@file" { if (f) close(f); f = out "/cdf-" $2 ".dat"; print $2 "\t" $3 "\t" $4 > (out "/cdf.tsv"); next }
		{ print > f }' "$out/cdf.all" || die 4 "cannot write the CDF files in $out"
	rm -f "$out/cdf.all"
fi

# (b) time per op against size on the iommu path (fewest threads), when both
# map kinds ran.
pjq -r 'include "lib";
	[.[] | select(.path == "iommu" and .size != null and .p.map != null and .p.pgsize != null)]
	| (map(.threads) | min) as $t | map(select(.threads == $t))
	| select((map(.p.map) | unique) as $m | ($m | index("range")) and ($m | index("per-page")))
	| "# pgsize\tmap\tunmap\tsize_bytes\ttime_ns\tseries",
	  (sort_by(.p.pgsize, .p.map, .p.unmap, .size)[]
	   | [.p.pgsize, .p.map, .p.unmap, .size, (.time_ns | cell), "\(.p.map)/\(.p.unmap)"] | @tsv)' \
	"$P" | write "$out/size.dat"

# (c) per-page / range time ratio, everything else equal.
pjq -r 'include "lib";
	[.[] | select(.path == "iommu" and .size != null and .time_ns != null)]
	| group_by([.p.pgsize, .p.unmap, .size, .threads])
	| map((map(select(.p.map == "range"))[0]) as $r | (map(select(.p.map == "per-page"))[0]) as $pp
	      | select($r != null and $pp != null and $r.time_ns > 0)
	      | [$r.p.pgsize, $r.p.unmap, $r.size, $pp.time_ns / $r.time_ns, $r.threads])
	| (map(.[4]) | min) as $t | map(select(.[4] == $t))
	| "# pgsize\tunmap\tsize_bytes\tper_page_over_range\tseries",
	  (sort_by(.[0], .[1], .[2])[] | [.[0], .[1], .[2], .[3], "\(.[0])/\(.[1])"] | @tsv)' \
	"$P" | write "$out/speedup.dat"

# (d) strict vs flush queue on the dma path.
pjq -r 'include "lib";
	[.[] | select(.path == "dma" and (.p.mode == "strict" or .p.mode == "fq") and .size != null)]
	| select((map(.p.mode) | unique | length) == 2)
	| "# series\tsize_bytes\ttime_ns\tinval_per_op",
	  (sort_by(.p.mode, .p.shape, .threads, .size)[]
	   | ["\(.p.mode)/\(.p.shape // "-")/\(.threads)thr", .size, (.time_ns | cell),
	      (.inval_per_op | if . == null or . <= 0 then null else . end | cell)] | @tsv)' \
	"$P" | write "$out/strictfq.dat"

# (e) lockup exposure: one row per wait policy, one column per configuration.
# Both tables get the same columns (those with a figure in either), so the
# colours match; a missing figure is written as 1 ns, below the plot's axis.
suite=$(jq -r '.run.context.suite // ""' "$model")
if [[ $suite == lockup ]] || jq -e 'any(.[]; .path == "sim")' "$P" >/dev/null; then
	for m in inval_wait_max_ns:wait timer_late_max_ns:timer; do
		pjq -r --arg m "${m%%:*}" 'include "lib";
			[.[] | select(.path == "sim" or .path == "iommu" or (.path == "dma" and .p.mode != null))
			 | {row: (if .path == "sim" then "sim " + .p.policy + (if .p.deadline_ms then " \(.p.deadline_ms)ms" else "" end)
			          elif .path == "iommu" then "iommu " + (.p.unmap // "?")
			          else "dma " + .p.mode end),
			    col: ((if .path == "sim" then (.p.fault // "none") + (if .p.fault_ms then "-\(.p.fault_ms)ms" else "" end)
			           else (.size | human_size) end) + "/\(.threads)thr"),
			    sort: [(.p.fault // ""), (.p.fault_ms // "0" | tonumber), (.size // 0), .threads],
			    v: .[$m], any: (.inval_wait_max_ns != null or .timer_late_max_ns != null)}]
			| map(select(.any))
			| select(any(.[]; .v != null))
			| (sort_by(.sort) | map(.col) | reduce .[] as $c ([]; if index([$c]) then . else . + [$c] end)) as $cols
			| "policy\t" + ($cols | join("\t")),
			  (group_by(.row)[] | . as $g
			   | [$g[0].row] + [$cols[] as $c | ($g | map(select(.col == $c))[0].v // 1)] | @tsv)' \
			"$P" | write "$out/lockup-${m#*:}.dat"
	done
fi

# (f) thread scaling on the dma path: strict and fq, pair shape if it ran, the
# smallest size.
pjq -r 'include "lib";
	[.[] | select(.path == "dma" and (.p.mode == "strict" or .p.mode == "fq") and .size != null and .ops_per_s != null)]
	| (if any(.[]; .p.shape == "pair") then map(select(.p.shape == "pair")) else . end)
	| (map(.size) | min) as $s | map(select(.size == $s))
	| select((map(.threads) | unique | length) >= 2)
	| "# series\tthreads\tops_per_s\tops_per_s_per_thread\tsize_bytes",
	  (sort_by(.p.mode, .p.shape, .threads)[]
	   | ["\(.p.mode)/\(.p.shape // "-")", .threads, .ops_per_s, (.ops_per_s_per_thread | cell), .size] | @tsv)' \
	"$P" | write "$out/scaling.dat"
