#!/bin/bash
# `make compare`: iommubench compare with the runs picked for you when not named.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
RESULTS=${RESULTS:-$REPO/results}

usage() {
	cat <<'EOF_USAGE'
Usage: bench/compare.sh [A [B]] [-- COMPARE_OPTIONS...]

Runs `build/iommubench compare A B` (see its --help). B defaults to the group of
results/latest (its boots: the runs whose meta.json has the same "group", e.g. from
`make bench ROUNDS=N`; a run without a group is a group of one); A to the newest
earlier group in results/index.json of the same suite, platform and clock as B
("clock" in meta.json, none = wall). A and B are run ids, group ids, run
directories, benchmarks.json files or comma-separated lists of runs (r1,r2,r3).
With >= 2 runs on both sides compare's samples are the per-boot medians.

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
B_DEFAULT=0
if [[ -z $B ]]; then
	B_DEFAULT=1
	B=$(readlink "$RESULTS/${RF[latest]}" 2>/dev/null) ||
		{ echo "error: no results/${RF[latest]}: run make bench first, or name the runs (A=... B=...)" >&2; exit 3; }
fi
# the runs of results/index.json in order: id, suite, platform, group, clock
runs_table() {
	[[ -f $RESULTS/${RF[index]} ]] || "$BIN" index --results "$RESULTS" >/dev/null
	local id suite platform status meta
	while IFS=$'\t' read -r id suite platform status; do
		[[ $status == running ]] && continue
		meta=$RESULTS/$id/${RF[meta]:-meta.json}
		if [[ -f $meta ]]; then
			jq -r --arg id "$id" --arg s "$suite" --arg p "$platform" \
				'[$id, $s, $p, (.group // $id),
				  ((.clock // "wall") + (if .icount_shift then ":" + (.icount_shift | tostring) else "" end))]
				 | @tsv' "$meta"
		else
			printf '%s\t%s\t%s\t%s\twall\n' "$id" "$suite" "$platform" "$id"
		fi
	done < <(jq -r '.runs[] | [.run_id, (.suite // ""), (.platform // ""), (.status // "")] | @tsv' \
		"$RESULTS/${RF[index]}")
}
if [[ -z $A && $B_DEFAULT == 1 ]]; then
	# B: the latest run's group; A: the group before it with the same suite, platform, clock
	id=${B%/}; id=${id##*/}
	table=$(runs_table)
	read -r B A < <(awk -F'\t' -v b="$id" '
		{ id[NR] = $1; key[NR] = $2 "\t" $3 "\t" $5; grp[NR] = $4; if ($1 == b) at = NR }
		END {
			if (!at) exit
			g = grp[at]; k = key[at]; bl = ""
			for (i = 1; i <= NR; i++) if (grp[i] == g && key[i] == k) bl = bl (bl ? "," : "") id[i]
			ag = ""
			for (i = at - 1; i >= 1; i--) if (grp[i] != g && key[i] == k) { ag = grp[i]; break }
			al = ""
			if (ag != "") for (i = 1; i <= NR; i++) if (grp[i] == ag && key[i] == k) al = al (al ? "," : "") id[i]
			print bl, al
		}' <<<"$table")
	[[ -n $B ]] || { echo "error: $id is not in $RESULTS/${RF[index]}" >&2; exit 3; }
	[[ -n ${A:-} ]] || { echo "error: no earlier group of the same suite, platform and clock as $id in $RESULTS/${RF[index]}; name the baseline: make compare A=<run> B=<run>" >&2; exit 3; }
elif [[ -z $A ]]; then
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
