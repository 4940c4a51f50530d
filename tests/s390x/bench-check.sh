#!/usr/bin/env bash
# shellcheck disable=SC2016 # jq programs use $variables of their own
# `make bench TARGET=vm ARCH=s390x` end to end on both s390x kernels, into a scratch results
# directory: the cross-built runner in the guest, results brought back and filed, and what
# they must show: the bitmap per kernel, RPCITs per op (per-page 2 MiB >= 512, deferred
# batching on 6.12 only, DMA-FQ fewer than strict), 6.1's DMA points skipped for want of a
# default domain, a complete meta.json and (bench.sh's own check) a clean kernel log.
# Prints PASS:/FAIL: lines and "N passed, N failed"; exits 1 if anything failed.
set -uo pipefail

case ${1:-} in
-h | --help)
	sed -n '3,8p' "$0" | sed 's/^# \{0,1\}//'
	echo "Usage: tests/s390x/bench-check.sh"
	exit 0 ;;
"") ;;
*) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 3

passed=0 failed=0
check() {	# check NAME JQ-PROGRAM FILE: passes when the program prints true
	if [[ $(jq -r "$2" "$3" 2>/dev/null) == true ]]; then
		passed=$((passed + 1)); echo "PASS: $1"
	else
		failed=$((failed + 1)); echo "FAIL: $1"
	fi
}

out=$(mktemp -d "$PWD/build/s390x-bench-check.XXXXXX")
trap 'rm -rf "$out"' EXIT
st=0
IOMMUBENCH_RESULTS=$out/results bench/bench.sh --arch s390x --kernel all --suite s390-series \
	--repetitions 2 --filter 'size:(4096|2097152)/' >"$out/bench.log" 2>&1 || st=$?
if ((st == 0)); then
	passed=$((passed + 1)); echo "PASS: make bench ARCH=s390x on both kernels exits 0 (kernel logs clean)"
else
	failed=$((failed + 1)); echo "FAIL: make bench ARCH=s390x exits $st"; tail -n 15 "$out/bench.log"
fi

# medians over repetitions: .m[name].<counter>
summary='def med: sort | if length == 0 then null else .[length / 2 | floor] end;
	[.benchmarks[] | select(.run_type == "iteration")] | group_by(.run_name)
	| map({key: (.[0].run_name | sub("/iterations:1/manual_time$"; "")),
	       value: {err: (.[0].error_message // ""),
	               inval: (map(select(.error_occurred != true) | .inval_per_op) | med)}})
	| from_entries'
PP=iommu/map:per-page/unmap PR=iommu/map:range/unmap S=pgsize:hw/size:2097152/threads:1
D=dma/api:page/mode D4=shape:pair/dir:bidi/size:4096/threads:1
for dir in "$out"/results/*-s390x; do
	[[ -d $dir ]] || continue
	k=$(jq -r .context.kernel_release "$dir/benchmarks.json")
	jq "$summary" "$dir/benchmarks.json" >"$dir/summary.json"
	check "$k: platform qemu-tcg/s390-zpci, emulated" \
		'.context.platform == "qemu-tcg/s390-zpci" and .context.emulated == "true"' "$dir/benchmarks.json"
	check "$k: RPCITs counted at zpci_refresh_trans" '.context.inval_probe | contains("zpci_refresh_trans")' "$dir/benchmarks.json"
	check "$k: meta.json complete, every filtered benchmark done" \
		'.status == "complete" and .benchmarks_done == 12 and .kernel.release != null' "$dir/meta.json"
	check "$k: per-page map of 2 MiB costs >= 512 RPCITs per op (strict)" \
		".[\"$PP:strict/$S\"].inval >= 512" "$dir/summary.json"
	case $k in
	6.1.*)
		check "$k: hardware bitmap ~0xfff (0xfffffffffffff000)" '.context.hw_pgsize_bitmap == "0xfffffffffffff000"' "$dir/benchmarks.json"
		check "$k: deferred unmap does not batch (RPCITs as strict)" \
			".[\"$PP:deferred/$S\"].inval == .[\"$PP:strict/$S\"].inval and .[\"$PR:deferred/$S\"].inval == .[\"$PR:strict/$S\"].inval" "$dir/summary.json"
		check "$k: DMA strict/fq points skipped: no default domain (type unknown)" \
			"[.[\"$D:strict/$D4\"].err, .[\"$D:fq/$D4\"].err] | all(test(\"skipped: .*unknown\"))" "$dir/summary.json"
		;;
	6.12.*)
		check "$k: hardware bitmap 0x1000" '.context.hw_pgsize_bitmap == "0x1000"' "$dir/benchmarks.json"
		check "$k: deferred unmap batches (fewer RPCITs than strict, per-page and range)" \
			".[\"$PP:deferred/$S\"].inval < .[\"$PP:strict/$S\"].inval and .[\"$PR:deferred/$S\"].inval < .[\"$PR:strict/$S\"].inval" "$dir/summary.json"
		check "$k: DMA-FQ costs fewer RPCITs per op than strict (4 KiB)" \
			".[\"$D:fq/$D4\"].inval < .[\"$D:strict/$D4\"].inval" "$dir/summary.json"
		;;
	esac
done
n=$(find "$out/results" -maxdepth 1 -name '*-s390x' -type d 2>/dev/null | wc -l)
if ((n == 2)); then passed=$((passed + 1)); echo "PASS: a run per s390x kernel filed under results/"
else failed=$((failed + 1)); echo "FAIL: $n s390x runs filed (want 2)"; fi
echo "$passed passed, $failed failed"
((failed == 0))
