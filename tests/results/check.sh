#!/usr/bin/env bash
# shellcheck disable=SC2016 # jq programs use $variables of their own
# Issue-5 checks on real runs (make test: the guest smoke runs of both kernels): compare
# between the kernels, a run against itself (0 % change: nothing significant) and against a
# copy slowed by 20 % (significant wherever the run's own spread is under 20 %), the CLI's exit
# codes, and the three exports against their documented shapes.
# Prints PASS:/FAIL: lines and "N passed, N failed"; exits 1 if anything failed.
set -euo pipefail

usage() {
	cat <<'EOF_USAGE'
Usage: tests/results/check.sh RUN_A RUN_B
  RUN_A, RUN_B  run directories of the same suite and platform (e.g. the smoke runs of
                6.1 and 6.12), with at least 4 repetitions each; only read
Exit status: 0 all passed, 1 a check failed, 2 usage, 3 missing tool or run.
EOF_USAGE
}
case ${1:-} in -h | --help) usage; exit 0 ;; esac
(($# == 2)) || { usage >&2; exit 2; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$repo/build/iommubench
for r in "$1" "$2"; do [[ -f $r/benchmarks.json ]] || { echo "error: no $r/benchmarks.json" >&2; exit 3; }; done
[[ -x $BIN ]] || { echo "error: $BIN missing (make runner)" >&2; exit 3; }

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1${2:+: $2}"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/results-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
A=$tmp/a B=$tmp/b
cp -r "$1" "$A"
cp -r "$2" "$B"
nbench=$(jq '[.benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not)) | .run_name] | unique | length' "$B/benchmarks.json")

# 1. the two kernels: a verdict per benchmark, exit 0 or 1 (1 = something worse)
rc=0
"$BIN" compare "$A" "$B" >"$tmp/ab.txt" 2>&1 || rc=$?
ka=$(jq -r .context.kernel_release "$A/benchmarks.json") kb=$(jq -r .context.kernel_release "$B/benchmarks.json")
if ((rc <= 1)) && grep -q "kernel $ka" "$tmp/ab.txt" && grep -q "kernel $kb" "$tmp/ab.txt" &&
	[[ $(grep -cE '\(([0-9]+) vs ([0-9]+) repetitions\): (worse|better|same|n/a|inconclusive)$' "$tmp/ab.txt") == "$nbench" ]] &&
	grep -qE '^verdict: [0-9]+ worse, [0-9]+ better, [0-9]+ same, [0-9]+ n/a(, [0-9]+ inconclusive)?$' "$tmp/ab.txt"
then pass "compare $ka -> $kb: a verdict for each of the $nbench benchmarks (exit $rc)"
else fail "compare $ka -> $kb: a verdict per benchmark" "exit $rc; $(tail -3 "$tmp/ab.txt")"; fi
worse=$(grep -cE 'repetitions\): worse$' "$tmp/ab.txt" || true)
if { ((worse > 0)) && ((rc == 1)); } || { ((worse == 0)) && ((rc == 0)); }
then pass "compare's exit status ($rc) agrees with its verdicts ($worse benchmark(s) worse)"
else fail "compare's exit status agrees with its verdicts" "exit $rc, $worse worse"; fi
"$BIN" compare --format json "$A" "$B" >"$tmp/ab.json" 2>/dev/null || true	# 1: something worse
if jq -e --argjson n "$nbench" '(.benchmarks | length) == $n and
	all(.benchmarks[]; .verdict | IN("worse", "better", "same", "n/a", "inconclusive"))' "$tmp/ab.json" >/dev/null
then pass "compare --format json: valid, one entry per benchmark"
else fail "compare --format json: valid, one entry per benchmark"; fi

# 2. a run against itself: a 0 % change is never significant
rc=0
"$BIN" compare --format json "$B" "$B" >"$tmp/bb.json" 2>/dev/null || rc=$?
if ((rc == 0)) && jq -e '.summary.worse == 0 and .summary.better == 0 and .summary.same > 0' "$tmp/bb.json" >/dev/null
then pass "compare of a run with itself: nothing significant, exit 0"
else fail "compare of a run with itself: nothing significant, exit 0" "exit $rc $(jq -c .summary "$tmp/bb.json" 2>/dev/null)"; fi

# 3. the same run slowed by 20 %: every repetition's time x 1.2
S=$tmp/slow
cp -r "$B" "$S"
jq '.benchmarks |= map(if .run_type == "iteration" then .real_time *= 1.2 else . end)' \
	"$B/benchmarks.json" >"$S/benchmarks.json"
rc=0
"$BIN" compare --format json --metric time "$B" "$S" >"$tmp/bs.json" 2>/dev/null || rc=$?
# where the run's own repetitions lie within 20 % of each other, B and the copy separate fully
tight=$(jq -r '[.benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))]
	| group_by(.run_name) | map(select((map(.real_time) | max) < 1.2 * (map(.real_time) | min))
	| .[0].run_name | sub("/iterations:1/manual_time$"; "")) | .[]' "$B/benchmarks.json")
ntight=$(grep -c . <<<"$tight" || true)
# one benchmark at a time (--filter): Holm over 16 tests needs 6 repetitions a side, over 1 test 4
bad=
while read -r t; do
	[[ -n $t ]] || continue
	r=0
	"$BIN" compare --format json --metric time --filter "^$t\$" "$B" "$S" >"$tmp/bs1.json" 2>/dev/null || r=$?
	{ ((r == 1)) && jq -e '.benchmarks[0].metrics[0].verdict == "worse"' "$tmp/bs1.json" >/dev/null; } || bad+="$t "
done <<<"$tight"
((ntight == 0)) || [[ -n $bad ]] || rc=1
if ((rc == 1 && ntight > 0)) && [[ -z $bad ]]
then pass "an injected 20 % slowdown is significant (worse) in all $ntight benchmarks with spread < 20 %, exit 1"
else fail "an injected 20 % slowdown is significant" "exit $rc, $ntight tight, not worse: ${bad:0:300}"; fi
if jq -e 'all(.benchmarks[].metrics[0]; .change_pct > 19.99 and .change_pct < 20.01)' "$tmp/bs.json" >/dev/null
then pass "the slowed copy's median time per op is +20.0 % in every benchmark"
else fail "the slowed copy's median time per op is +20.0 %"; fi

# 4. refusals and errors
P=$tmp/plat
cp -r "$B" "$P"
jq '.context.platform = "hardware" | .context.emulated = "false"' "$B/benchmarks.json" >"$P/benchmarks.json"
if [[ -f $B/meta.json ]]; then
	jq '.platform = "hardware" | .emulated = false' "$B/meta.json" >"$P/meta.json"
fi
rc=0; "$BIN" compare "$B" "$P" >/dev/null 2>"$tmp/plat.err" || rc=$?
if ((rc == 2)) && grep -q 'platforms differ' "$tmp/plat.err"
then pass "compare refuses runs from different platforms (exit 2)"
else fail "compare refuses runs from different platforms" "exit $rc"; fi
rc=0; "$BIN" compare --allow-platform-mismatch "$B" "$P" >/dev/null 2>&1 || rc=$?
if ((rc <= 1)); then pass "--allow-platform-mismatch compares them (exit $rc)"
else fail "--allow-platform-mismatch compares them" "exit $rc"; fi
rc=0; "$BIN" compare "$B" "$tmp/none" >/dev/null 2>&1 || rc=$?
if ((rc == 4)); then pass "compare of a missing run exits 4"; else fail "compare of a missing run exits 4" "exit $rc"; fi

# 5. exports, against their documented shapes
if "$BIN" export --format bmf "$B" | jq -e --argjson n "$nbench" '(keys | length) == $n and
	all(.[]; has("latency") and has("throughput") and
	    all(.[]; (.value | type) == "number" and .lower_value <= .value and .value <= .upper_value))' >/dev/null
then pass "export bmf: {bench: {measure: {value, lower_value <= value <= upper_value}}}, latency and throughput for each"
else fail "export bmf: documented shape"; fi
if "$BIN" export --format gab "$B" | jq -e 'type == "array" and length > 0 and
	all(.[]; (.name | type) == "string" and (.unit | type) == "string" and (.value | type) == "number"
	    and (.name | test("ops_per_s") | not))' >/dev/null
then pass "export gab: [{name, unit, value}], smaller-is-better figures only"
else fail "export gab: documented shape"; fi
"$BIN" export --format lkp "$B" >"$tmp/lkp.txt"
if [[ -s $tmp/lkp.txt ]] && ! grep -vqE '^[^ :]+: -?[0-9.e+-]+$' "$tmp/lkp.txt" &&
	grep -q '^time\.iommu/map=range/' "$tmp/lkp.txt"
then pass "export lkp: $(wc -l <"$tmp/lkp.txt") 'key: value' lines"
else fail "export lkp: 'key: value' lines" "$(grep -vE '^[^ :]+: -?[0-9.e+-]+$' "$tmp/lkp.txt" | head -2)"; fi
if "$BIN" export --format bmf -o "$tmp/out.json" "$B" && jq -e . "$tmp/out.json" >/dev/null &&
	[[ -z $(find "$tmp" -maxdepth 1 -name '.*tmp*') ]]
then pass "export -o writes the file atomically (no temporary left)"
else fail "export -o writes the file atomically"; fi

# 6. the CSV beside the JSON matches it
rows=$(($(wc -l <"$B/benchmarks.csv") - 1))
n=$(jq '.benchmarks | length' "$B/benchmarks.json")
t_csv=$(awk -F, 'NR > 1 && $3 == "iteration" { s += $6 } END { printf "%.3f", s }' "$B/benchmarks.csv")
t_json=$(jq '[.benchmarks[] | select(.run_type == "iteration") | .real_time] | add | . * 1000 | round / 1000' "$B/benchmarks.json")
if ((rows == n)) && awk -v a="$t_csv" -v b="$t_json" 'BEGIN { d = a - b; exit !(d < 0.01 && d > -0.01) }'
then pass "benchmarks.csv: $rows rows, real_time sums agree with the JSON ($t_csv)"
else fail "benchmarks.csv agrees with the JSON" "$rows rows vs $n entries; sums $t_csv vs $t_json"; fi

echo "$passed passed, $failed failed"
((failed == 0))
