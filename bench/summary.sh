#!/usr/bin/env bash
# Print a compact table of one run's results: per benchmark the median over
# repetitions of time per op, throughput, map/unmap p99 and invalidations per
# op, then the per-page / range ratios measured in that same run.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/summary.sh RESULTS_JSON
  RESULTS_JSON  a benchmarks.json written by `iommubench run` (e.g. results/latest/benchmarks.json)
Exit status: 0 printed, 2 usage, 3 unreadable or not a results file.
EOF
}

case ${1:-} in
-h | --help) usage; exit 0 ;;
"") usage >&2; exit 2 ;;
esac
json=$1
command -v jq >/dev/null || { echo "error: jq is missing (make setup)" >&2; exit 3; }
jq -e '.benchmarks' "$json" >/dev/null 2>&1 || { echo "error: $json is not a results file" >&2; exit 3; }

# Medians when there are repetitions, else the single run; the name without
# Google Benchmark's suffixes (/iterations:1/manual_time...).
rows=$(jq -r '
	(.benchmarks | map(select(.aggregate_name == "median")) ) as $med
	| (if ($med | length) > 0 then $med else .benchmarks end)[]
	| [(.run_name | sub("/iterations:.*$"; "")), .real_time, .ops_per_s,
	   .map_p99_ns, .unmap_p99_ns,
	   (if .inval_available == 1 then .inval_per_op else "n/a" end)]
	| @tsv' "$json")

ctx=$(jq -r '.context | "\(.platform) · \(.kernel_release) · \(.iommu_driver) · hw pgsize \(.hw_pgsize_bitmap) · group \(.group_type)"' "$json")
echo
echo "iommubench summary: $ctx"
[[ $(jq -r '.context.emulated' "$json") == true ]] &&
	echo "(emulated platform: compare ratios and counts, not absolute times)"
printf '%-72s %12s %12s %11s %11s %9s\n' benchmark "time/op ns" "ops/s" "map p99 ns" "unmap p99" "inval/op"
awk -F'\t' '{
	inv = ($6 == "n/a") ? "n/a" : sprintf("%.3f", $6)
	printf "%-72s %12.0f %12.0f %11.0f %11.0f %9s\n", $1, $2, $3, $4, $5, inv
}' <<<"$rows"

# per-page / range: same path, unmap, pgsize, size and threads.
ratios=$(awk -F'\t' '{
	key = $1; sub("/map:[^/]*", "/map:*", key)
	if ($1 ~ "/map:range/") range[key] = $2
	if ($1 ~ "/map:per-page/") pp[key] = $2
} END {
	for (k in pp) if (k in range && range[k] > 0)
		printf "%-72s %8.1fx\n", k, pp[k] / range[k]
}' <<<"$rows" | sort)
if [[ -n $ratios ]]; then
	echo
	echo "per-page / range time per op (same run):"
	echo "$ratios"
fi
