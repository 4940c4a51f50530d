#!/usr/bin/env bash
# Print a compact table of one run's results: per benchmark the median over
# repetitions of time per op, throughput, map/unmap p99 and invalidations per
# op, then the per-page / range and strict / fq ratios measured in that run.
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
w=$(awk -F'\t' 'length($1) > w { w = length($1) } END { print (w > 9 ? w : 9) }' <<<"$rows")
printf "%-${w}s %12s %12s %11s %11s %9s\n" benchmark "time/op ns" "ops/s" "map p99 ns" "unmap p99" "inval/op"
awk -F'\t' -v w="$w" '{
	inv = ($6 == "n/a") ? "n/a" : sprintf("%.3f", $6)
	printf "%-" w "s %12.0f %12.0f %11.0f %11.0f %9s\n", $1, $2, $3, $4, $5, inv
}' <<<"$rows"

# A over B for two values of one name component, everything else equal:
# time per op, and invalidations per op where both are known.
ratio_table() {	# ratio_table COMPONENT A B
	awk -F'\t' -v c="$1" -v a="$2" -v b="$3" -v w="$w" '{
		key = $1; sub("/" c ":[^/]*", "/" c ":*", key)
		if (index($1, "/" c ":" a "/")) { ta[key] = $2; ia[key] = $6 }
		if (index($1, "/" c ":" b "/")) { tb[key] = $2; ib[key] = $6 }
	} END {
		for (k in ta) if (k in tb && tb[k] > 0) {
			inv = sprintf("%11s", "n/a")
			if (ia[k] != "n/a" && ib[k] != "n/a" && ib[k] > 0)
				inv = sprintf("%10.1fx", ia[k] / ib[k])
			printf "%-" w "s %8.1fx %s\n", k, ta[k] / tb[k], inv
		}
	}' <<<"$rows" | sort
}

print_ratios() {	# print_ratios COMPONENT A B
	local t
	t=$(ratio_table "$1" "$2" "$3")
	[[ -n $t ]] || return 0
	echo
	printf "%-${w}s %9s %11s\n" "$2 / $3 (same run)" "time/op" "inval/op"
	echo "$t"
}

print_ratios map per-page range
print_ratios mode strict fq
