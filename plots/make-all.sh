#!/usr/bin/env bash
# `make plots RUN=<run>`: one run's figures (plot.sh), the trends over all
# runs (trend.sh), then the dashboard page (dashboard.sh) for that run.
set -euo pipefail
# shellcheck source=plots/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF2'
Usage: plots/make-all.sh [RUN] [--results DIR] [--out DIR] [--html FILE]
  RUN            a run directory or run id (default or "": latest, i.e.
                 results/latest, else the newest run)
  --results DIR  the results directory (default: results/ of this checkout)
  --out DIR      the figures' directory (default: plots/out): DIR/<run-id>/,
                 DIR/trend/
  --html FILE    the dashboard page (default: plots/index.html)
Exit status: 0 ok, 2 usage, 3 missing tool or data, 4 I/O error (the first
failing step's).
EOF2
}

results=$REPO_DIR/results
out=$PLOTS_DIR/out
html=$PLOTS_DIR/index.html
run=
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--results | --out | --html)
		[[ $# -ge 2 && -n $2 ]] || { echo "error: $1 needs a value" >&2; usage >&2; exit 2; }
		case $1 in
		--results) results=$2 ;;
		--out) out=$2 ;;
		--html) html=$2 ;;
		esac
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
[[ -d $results ]] || die 3 "no results directory $results"
result_files

# Pin "latest" to the run it points at now, so all three steps see one run.
if [[ -z $run || $run == "${RF[latest]}" ]]; then
	if [[ -e $results/${RF[latest]} ]]; then
		run=$(realpath "$results/${RF[latest]}")
	else
		run=${RF[latest]}
	fi
fi
"$PLOTS_DIR/plot.sh" "$run" --results "$results" --out "$out"
"$PLOTS_DIR/trend.sh" --results "$results" --out "$out"
if [[ $run == "${RF[latest]}" ]]; then
	"$PLOTS_DIR/dashboard.sh" --results "$results" --plots "$out" --out "$html"
else
	"$PLOTS_DIR/dashboard.sh" --results "$results" --plots "$out" --out "$html" --run "$run"
fi
