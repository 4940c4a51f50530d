#!/usr/bin/env bash
# shellcheck disable=SC2016 # the jq programs use $variables of their own
# List the runs of a results directory as tab-separated lines, oldest first:
#   run_id suite kernel_release platform emulated start end status benchmarks dir
# From results/index.json (format iommubench-index/1) when it is there, else by
# scanning results/*/benchmarks.json (start = context.date, end and status
# unknown: "-" and "complete"). Runs whose directory has no benchmarks.json are
# listed with benchmarks 0 (the dashboard still shows them).
set -euo pipefail
# shellcheck source=plots/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF2'
Usage: plots/runs.sh [--results DIR]
  --results DIR  the results directory (default: results/ of this checkout)
Prints one line per run: run_id, suite, kernel_release, platform, emulated
(true|false), start (ISO-8601 UTC), end, status, benchmarks, run directory.
Exit status: 0 ok, 2 usage, 3 missing tool or no results directory.
EOF2
}

results=$REPO_DIR/results
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--results) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; results=$2; shift 2 ;;
	*) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
need_tools jq
[[ -d $results ]] || die 3 "no results directory $results"
results=$(cd "$results" && pwd)

result_files
if [[ -f $results/${RF[index]} ]]; then
	pjq -r --arg dir "$results" 'include "lib";
		if .format != "iommubench-index/1" then error("unknown index format \(.format)") else . end
		| .runs | sort_by(.start // "")[]
		| [.run_id, (.suite // "-"), (.kernel_release // "-"), (.platform // "-"),
		   (if . | is_emulated then "true" else "false" end),
		   (.start // "-"), (.end // "-"), (.status // "-"), (.benchmarks // 0),
		   "\($dir)/\(.run_id)"] | @tsv' "$results/${RF[index]}" ||
		die 3 "$results/${RF[index]} is not a readable iommubench index"
	exit 0
fi

shopt -s nullglob
files=("$results"/*/"${RF[benchmarks]}")
for f in "${files[@]}"; do
	d=$(dirname "$f")
	[[ -L $d ]] && continue # results/latest
	{ run_points "$d" | pjq -r --arg dir "$d" 'include "lib";
		.run.context as $c
		| [($c.run_id // ($dir | split("/") | last)), ($c.suite // "-"),
		   ($c.kernel_release // "-"), ($c.platform // "-"),
		   (if $c | is_emulated then "true" else "false" end),
		   (($c.date // "-") | sub("\\+00:00$"; "Z")), "-", "complete",
		   (.points | length),
		   $dir] | @tsv'; } 2>/dev/null || echo "warning: skipping unreadable $f" >&2
done | sort -t $'\t' -k6,6 -k1,1
