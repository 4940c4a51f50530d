#!/bin/bash
# `make compare`: iommubench compare with the runs picked for you when not named.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
RESULTS=${RESULTS:-$REPO/results}

usage() {
	cat <<'EOF_USAGE'
Usage: bench/compare.sh [A [B]] [-- COMPARE_OPTIONS...]

Runs `build/iommubench compare A B` (see its --help). B defaults to results/latest;
A to the newest earlier run in results/index.json of the same suite and platform as B
(e.g. the other kernel of `make bench KERNEL=all`). A and B are run ids, run
directories or benchmarks.json files.

  RESULTS   results directory (default results/)

Exit status: compare's (0 no significant regression, 1 regression, 2 usage or
platform mismatch, 4 unreadable run); 3 when there are not two runs to compare.
EOF_USAGE
}

A= B=
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	*)
		if [[ -z $A ]]; then A=$1
		elif [[ -z $B ]]; then B=$1
		else echo "error: unexpected argument '$1' (see --help)" >&2; exit 2; fi ;;
	esac
	shift
done
BIN=$REPO/build/iommubench
[[ -x $BIN ]] || { echo "error: $BIN is missing (make runner)" >&2; exit 3; }
# the result file names, from the runner (runner/store/resultfiles.h)
declare -A RF=()
while IFS=$'\t' read -r k v; do RF[$k]=$v; done < <("$BIN" index --files)
# one run named: it is B, the run to judge
if [[ -n $A && -z $B ]]; then B=$A A=; fi
if [[ -z $B ]]; then
	B=$(readlink "$RESULTS/${RF[latest]}" 2>/dev/null) ||
		{ echo "error: no results/${RF[latest]}: run make bench first, or name the runs (A=... B=...)" >&2; exit 3; }
fi
if [[ -z $A ]]; then
	[[ -f $RESULTS/${RF[index]} ]] || "$BIN" index --results "$RESULTS" >/dev/null
	id=${B%/}; id=${id%/"${RF[benchmarks]}"}; id=${id##*/}
	A=$(jq -r --arg b "$id" '
		(.runs | map(.run_id) | index($b)) as $i
		| if $i == null then empty else
		  .runs[$i] as $r | [.runs[:$i][] | select(.suite == $r.suite and
			.platform == $r.platform and .status != "running")] | last | .run_id // empty end' \
		"$RESULTS/${RF[index]}")
	[[ -n $A ]] || { echo "error: no earlier run of the same suite and platform as $id in $RESULTS/${RF[index]}; name the baseline: make compare A=<run> B=<run>" >&2; exit 3; }
fi
echo "compare: $A (baseline) -> $B"
exec "$BIN" compare --results "$RESULTS" "$@" "$A" "$B"
