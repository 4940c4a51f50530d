#!/usr/bin/env bash
# Draw one run's figures: PNG (pngcairo) and SVG of each figure that applies
# to the run's data, with the data behind them (.dat, tab-separated) beside
# them, in OUT/<run-id>/. Prints the figures it made; figures.tsv lists them
# (file base name, caption) for the dashboard.
set -euo pipefail
# shellcheck source=plots/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF2'
Usage: plots/plot.sh [RUN] [--results DIR] [--out DIR]
  RUN            a run directory, or a run id under the results directory
                 (default: latest, i.e. results/latest, else the newest run)
  --results DIR  the results directory (default: results/ of this checkout)
  --out DIR      where the figures go, in DIR/<run-id>/ (default: plots/out)
Figures (each only when the run has its data; PNG and SVG):
  cdf-<benchmark>  (a) map and unmap latency CDF per configuration (histograms.json)
  size             (b) time per op vs size, range vs per-page, a panel per pgsize
  speedup          (c) per-page / range time ratio per pgsize and size
  strictfq         (d) dma strict vs fq: time per op and invalidations per op
  lockup           (e) longest invalidation wait and timer lateness per policy
                       (lockup suite, sim path)
  scaling          (f) dma ops/s vs threads, strict and fq
Exit status: 0 ok, 2 usage, 3 missing tool or data, 4 I/O error.
EOF2
}

results=$REPO_DIR/results
outbase=$PLOTS_DIR/out
run=
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--results | --out)
		[[ $# -ge 2 && -n $2 ]] || { echo "error: $1 needs a value" >&2; usage >&2; exit 2; }
		if [[ $1 == --results ]]; then results=$2; else outbase=$2; fi
		shift 2
		;;
	-*) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	*)
		[[ -z $run ]] || { echo "error: one RUN only" >&2; usage >&2; exit 2; }
		run=$1
		shift
		;;
	esac
done
need_tools jq gnuplot awk
result_files
B=${RF[benchmarks]}

# RUN: a directory, or a name under the results directory; "latest" falls
# back to the newest run listed (index.json or scan) when there is no link.
run=${run:-${RF[latest]}}
if [[ -d $run && -f $run/$B ]]; then
	rundir=$run
elif [[ -d $results/$run ]]; then
	rundir=$results/$run
elif [[ $run == "${RF[latest]}" ]]; then
	rundir=$("$PLOTS_DIR/runs.sh" --results "$results" | awk -F'\t' '$9 > 0 { d = $10 } END { print d }')
	[[ -n $rundir ]] || die 3 "no runs in $results"
else
	die 3 "no run '$run' (neither a directory nor a run in $results)"
fi
[[ -f $rundir/$B ]] || die 3 "no $B in $rundir"
rundir=$(cd "$rundir" && pwd -P)
model=$(mktemp "${TMPDIR:-/tmp}/plot-points.XXXXXX") || die 4 "cannot create a temporary file"
trap 'rm -f "$model"' EXIT
run_points "$rundir" >"$model" 2>/dev/null || die 3 "$rundir/$B is not a results file"
run_id=$(jq -r '.run.run_id' "$model")
suite=$(jq -r '.run.context.suite // "?"' "$model")
out=$outbase/$run_id
mkdir -p "$out" || die 4 "cannot create $out"
rm -f "$out"/*.png "$out"/*.svg "$out"/figures.tsv

"$PLOTS_DIR/extract.sh" "$rundir" "$out"

sub=$(run_title "$model" | tr -d '"')
made=0
# draw BASE CAPTION GP_SCRIPT VAR=VALUE...: gnuplot draws BASE.png and BASE.svg.
draw() {
	local base=$1 caption=$2 gp=$3 e
	shift 3
	e="dir='$PLOTS_DIR/'; out='$out/$base'; ttl=\"$caption ($suite, $run_id)\\n$sub\""
	while (($#)); do
		e+="; ${1%%=*}='${1#*=}'"
		shift
	done
	(cd "$out" && gnuplot -e "$e" "$PLOTS_DIR/$gp") || die 4 "gnuplot failed on $gp for $base"
}
# done_figure BASE CAPTION: check both files, list the figure.
done_figure() {
	[[ -s $out/$1.png && -s $out/$1.svg ]] || die 4 "gnuplot wrote no $out/$1.png/.svg"
	printf '%s\t%s\n' "$1" "$2" >>"$out/figures.tsv"
	echo "made: $out/$1.{png,svg}"
	made=$((made + 1))
}
figure() {
	draw "$@"
	done_figure "$1" "$2"
}
# The series of a .dat file: distinct values of a column, in file order.
series() {	# series FILE COLUMN
	awk -F'\t' -v c="$2" '!/^#/ && !seen[$c]++ { printf "%s%s", sep, $c; sep = " " }' "$1"
}

if [[ -f $out/size.dat ]]; then
	figure size "Time per op vs buffer size, range vs per-page" size.gp \
		datafile=size.dat pgsizes="$(series "$out/size.dat" 1)" series="$(series "$out/size.dat" 6)"
fi
if [[ -f $out/speedup.dat ]]; then
	figure speedup "Per-page / range time per op" speedup.gp \
		datafile=speedup.dat series="$(series "$out/speedup.dat" 5)"
fi
if [[ -f $out/strictfq.dat ]]; then
	xr=$(awk -F'\t' '!/^#/ { s[$2] = 1 } END { n = 0; for (k in s) { n++; v = k }
		if (n == 1) printf "[%d:%d]", v / 2, v * 2 }' "$out/strictfq.dat")
	figure strictfq "DMA API strict vs flush queue" strictfq.gp \
		datafile=strictfq.dat series="$(series "$out/strictfq.dat" 1)" xr="$xr"
fi
if [[ -f $out/scaling.dat ]]; then
	figure scaling "DMA API thread scaling, strict vs flush queue, $(awk -F'\t' '!/^#/ { print $5; exit }' "$out/scaling.dat") B" \
		scaling.gp datafile=scaling.dat series="$(series "$out/scaling.dat" 1)"
fi
if [[ -f $out/lockup-wait.dat || -f $out/lockup-timer.dat ]]; then
	w='' t=''
	[[ -f $out/lockup-wait.dat ]] && w=lockup-wait.dat
	[[ -f $out/lockup-timer.dat ]] && t=lockup-timer.dat
	figure lockup "Lockup exposure per wait policy (medians of maxima)" lockup.gp waitfile="$w" timerfile="$t"
fi
# The CDFs, one per configuration: as many gnuplots at a time as CPUs.
if [[ -f $out/cdf.tsv ]]; then
	jobs_max=$(nproc 2>/dev/null || echo 2)
	running=0
	while IFS=$'\t' read -r s name ops; do
		if ((running >= jobs_max)); then
			wait -n || die 4 "gnuplot failed on a CDF"
			running=$((running - 1))
		fi
		draw "cdf-$s" "Latency CDF: $name" cdf.gp datafile="cdf-$s.dat" ops="$ops" &
		running=$((running + 1))
	done <"$out/cdf.tsv"
	while ((running > 0)); do
		wait -n || die 4 "gnuplot failed on a CDF"
		running=$((running - 1))
	done
	while IFS=$'\t' read -r s name _; do
		done_figure "cdf-$s" "Latency CDF: $name"
	done <"$out/cdf.tsv"
fi
echo "$made figures for run $run_id ($suite) in $out"
