#!/usr/bin/env bash
# shellcheck disable=SC2016 # the jq programs use $variables of their own
# Trends over every run of a results directory (index.json, else a scan):
# x = the run's start, one series per benchmark and kernel, medians over each
# run's repetitions. Writes OUT/trend/<figure>.{png,svg,dat}:
#   ratio     smoke suite: per-page / range time per op, pgsize 0x1000, 2 MiB
#   dma-time  time per op of the strict 4 KiB dma_map_page pair (any suite)
#   dma-opss  ops/s of the strict and fq 4 KiB dma_map_page pairs (any suite)
# Runs with status "failed" or no benchmarks.json are left out.
set -euo pipefail
# shellcheck source=plots/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF2'
Usage: plots/trend.sh [--results DIR] [--out DIR]
  --results DIR  the results directory (default: results/ of this checkout)
  --out DIR      figures go to DIR/trend/ (default: plots/out)
Figures (each only when some run has its data; PNG and SVG, .dat beside):
  ratio     per-page / range time per op, smoke suite, pgsize 0x1000, 2 MiB,
            strict and deferred unmap, per kernel
  dma-time  time per op of dma/api:page/mode:strict/shape:pair/size:4096, per
            threads and kernel
  dma-opss  ops/s of the strict and fq 4 KiB pairs, per threads and kernel
Exit status: 0 ok, 2 usage, 3 missing tool or data, 4 I/O error.
EOF2
}

results=$REPO_DIR/results
outbase=$PLOTS_DIR/out
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--results | --out)
		[[ $# -ge 2 && -n $2 ]] || { echo "error: $1 needs a value" >&2; usage >&2; exit 2; }
		if [[ $1 == --results ]]; then results=$2; else outbase=$2; fi
		shift 2
		;;
	*) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
need_tools jq gnuplot awk
result_files
out=$outbase/trend
mkdir -p "$out" || die 4 "cannot create $out"
rm -f "$out"/*.png "$out"/*.svg "$out"/*.dat "$out"/figures.tsv

runs=$("$PLOTS_DIR/runs.sh" --results "$results")
[[ -n $runs ]] || die 3 "no runs in $results"

# One line per run and figure value: figure, series, start, value, run_id, platform, emulated.
all=$out/all.tsv
: >"$all" || die 4 "cannot write $all"
while IFS=$'\t' read -r run_id suite kernel platform emulated start _end status _n dir; do
	[[ $status != failed && -f $dir/${RF[benchmarks]} ]] || continue
	{ run_points "$dir" | pjq -r --arg suite "$suite" --arg k "$kernel" --arg start "$start" --arg id "$run_id" \
		--arg plat "$platform" --arg emu "$emulated" 'include "lib";
		# instruction-time runs are their own series (clock: icount, docs/methodology.md)
		((.run.context.clock // "wall") as $c
		 | if $c == "icount" then "/icount\(.run.context.icount_shift // "")" else "" end) as $clk
		| def row($fig; $series; $v): [$fig, "\($series)@\($k)\($clk)", $start, $v, $id, $plat, $emu] | @tsv;
		points as $pts
		| (if $suite == "smoke" then
			["strict", "deferred"][] as $u
			| [$pts[] | select(.path == "iommu" and .p.pgsize == "0x1000" and .size == 2097152
			                   and .p.unmap == $u and .threads == 1 and .time_ns != null)] as $g
			| ($g | map(select(.p.map == "range"))[0]) as $r
			| ($g | map(select(.p.map == "per-page"))[0]) as $pp
			| select($r != null and $pp != null and $r.time_ns > 0)
			| row("ratio"; "per-page/range-\($u)"; $pp.time_ns / $r.time_ns)
		  else empty end),
		  ($pts[] | select(.path == "dma" and .p.shape == "pair" and .size == 4096 and .p.mode != null)
		   | (if .p.mode == "strict" and .time_ns != null
			then row("dma-time"; "strict-4K-pair-\(.threads)thr"; .time_ns) else empty end),
		     (if .ops_per_s != null
			then row("dma-opss"; "\(.p.mode)-4K-pair-\(.threads)thr"; .ops_per_s) else empty end))' \
		; } >>"$all" 2>/dev/null || echo "warning: skipping unreadable run $run_id" >&2
done <<<"$runs"

# figure NAME YLABEL YLOG CAPTION
made=0
figure() {
	local name=$1 ylab=$2 ylog=$3 caption=$4 series plats emu e
	awk -F'\t' -v f="$name" 'BEGIN { OFS = "\t"; print "# series", "start", "value", "run_id", "platform" }
		$1 == f { print $2, $3, $4, $5, $6 }' "$all" | sort -t $'\t' -k1,1 -k2,2 >"$out/$name.dat" ||
		die 4 "cannot write $out/$name.dat"
	if ! grep -qv '^#' "$out/$name.dat"; then
		rm -f "$out/$name.dat"
		echo "skipped: $name (no run has its data)"
		return 0
	fi
	series=$(awk -F'\t' '!/^#/ && !seen[$1]++ { printf "%s%s", sep, $1; sep = " " }' "$out/$name.dat")
	plats=$(awk -F'\t' -v f="$name" '$1 == f && !seen[$6]++ { printf "%s%s", sep, $6; sep = ", " }' "$all" | tr -d "\"'\\\\")
	emu=$(awk -F'\t' -v f="$name" '$1 == f && ($7 == "true" || $6 != "hardware") { print "EMULATED - "; exit }' "$all")
	e="dir='$PLOTS_DIR/'; datafile='$name.dat'; out='$out/$name'; series='$series'; ylab='$ylab'; ylog='$ylog'"
	e+="; ttl=\"Trend: $caption\\n${emu}platform $plats; kernels (and clock: icount, instruction time) in the legend\""
	(cd "$out" && gnuplot -e "$e" "$PLOTS_DIR/trend.gp") || die 4 "gnuplot failed on trend $name"
	[[ -s $out/$name.png && -s $out/$name.svg ]] || die 4 "gnuplot wrote no $out/$name.png/.svg"
	printf '%s\t%s\n' "$name" "$caption" >>"$out/figures.tsv"
	echo "made: $out/$name.{png,svg}"
	made=$((made + 1))
}

figure ratio "per-page / range time per op (x, median)" 1 \
	"smoke suite, per-page / range time per op, pgsize 0x1000, 2 MiB"
figure dma-time "time per op (ns, median)" 0 \
	"time per op, dma_map_page strict, 4 KiB pair"
figure dma-opss "map+unmap ops/s, all workers (median)" 0 \
	"ops/s, dma_map_page strict and fq, 4 KiB pair"
rm -f "$all"
echo "$made trend figures in $out"
