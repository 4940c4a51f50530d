#!/bin/bash
# `make trials`: how often `make compare` invents a verdict (A/A) and how often it sees a small
# real one (sensitivity). Every run is a separate boot of bench/bench.sh; the two sides of a
# trial are booted interleaved (A B A B ...), and compared with `make compare`'s command.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/trials.sh [--kernel K] [--arch x86_64|s390x] [--trials N] [--mode aa|sens|both]
                       [--delay-ns D|auto] [--rounds R] [--clock icount|wall] [--suite S]
                       [--filter REGEX] [--sens-filter REGEX] [--out DIR]
                       [--compare-args "ARGS"]
       bench/trials.sh --recompare DIR [--compare-args "ARGS"]

A/A trial: R boots of side A and R boots of side B (the same kernel, suite and
module, nothing changed), interleaved A B A B ..., then bench/compare.sh A B (what
`make compare A=... B=...` runs; with R >= 2 a side is its runs joined by commas).
A trial is a false verdict when compare reports any "worse" or "better" metric, or
exits non-zero.

Sensitivity trial: the same, with the module parameter op_delay_ns=D on side B
(MODULE_PARAMS, bench/bench.sh): every timed map of B is D ns longer. The target is
the cheapest 4 KiB benchmark of the first A boot (one map per op: its time per op
grows by exactly D ns). A trial detects the change when that benchmark's "time"
verdict is "worse" and, where compare reports a confidence interval of the change,
the true change 100*D/median_A % lies inside it.

  --kernel K       6.1, 6.12 or a release (default 6.12)
  --arch A         the VM target (default x86_64)
  --trials N       trials per mode (default 5)
  --mode M         aa, sens or both (default aa)
  --delay-ns D     op_delay_ns of side B in sensitivity trials; auto (default):
                   3 % of the cheapest 4 KiB time per op of the first A boot
  --rounds R       boots per side per trial (default 1)
  --clock C        CLOCK for bench/bench.sh (default: bench.sh's default)
  --suite S        suite (default smoke)
  --repetitions N  REPETITIONS for every boot (default: the suite's; smoke has 5, and
                   with Holm over a whole comparison 5 per side cannot reach a verdict)
  --filter RE      FILTER for the A/A boots (default none: the whole suite)
  --sens-filter RE FILTER for the sensitivity boots (default size:4096/)
  --out DIR        where runs and logs go (default build/trials/<time>/); runs go in
                   DIR/results, never in results/
  --compare-args A options for compare (split on spaces), e.g. "--threshold 3"
  --recompare DIR  no boots: compare the runs of DIR/trials.tsv again with this
                   checkout's compare, into DIR/trials-recompare.tsv, and print the rates
  -h, --help       this help

Prints one line per trial (compare's "benchmarks:" and "verdict:" lines) and at the
end the false-verdict rate (A/A) and the detection rate (sensitivity); DIR/trials.tsv
has one row per trial (observed_ns: B's median minus A's of the target, what the
delay really added).
Exit status: 0 done (whatever the rates), 1 a boot or compare failed to run, 2 usage.
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/vm/lib/opts.sh
source "$REPO/bench/vm/lib/opts.sh"
KERNEL=6.12 GUEST_ARCH=x86_64 TRIALS=5 MODE=aa DELAY=auto ROUNDS=1 CLOCK_OPT='' SUITE=smoke
FILTER_AA='' FILTER_SENS='size:4096/' OUT='' RECOMPARE='' COMPARE_ARGS='' REPS=''
opts_parse "--kernel=KERNEL --arch=GUEST_ARCH --trials=TRIALS --mode=MODE --delay-ns=DELAY
	--rounds=ROUNDS --clock=CLOCK_OPT --suite=SUITE --filter=FILTER_AA --sens-filter=FILTER_SENS
	--out=OUT --recompare=RECOMPARE --compare-args=COMPARE_ARGS --repetitions=REPS" "$@"
opts_uint --trials "$TRIALS"
opts_uint --rounds "$ROUNDS"
opts_one_of --mode "$MODE" "aa sens both"
[[ -z $REPS ]] || opts_uint --repetitions "$REPS"
[[ -z $CLOCK_OPT ]] || opts_one_of --clock "$CLOCK_OPT" "icount wall"
[[ $DELAY == auto || $DELAY =~ ^[0-9]+$ ]] || opts_error "--delay-ns must be auto or a number of ns (got '$DELAY')"
BIN=$REPO/build/iommubench
if [[ -z $RECOMPARE ]]; then
OUT=${OUT:-$REPO/build/trials/$(date -u +%Y%m%d-%H%M%S)}
RES=$OUT/results
mkdir -p "$RES"
TSV=$OUT/trials.tsv
[[ -f $TSV ]] || printf 'mode\ttrial\tkernel\tarch\tclock\trounds\tdelay_ns\texit\tworse\tbetter\tsame\tother\ttarget\texpected_pct\ttarget_verdict\tci_lo_pct\tci_hi_pct\tdetected\tA\tB\tobserved_ns\n' >"$TSV"
fi

say() { echo "trials: $*"; }

# boot SIDE FILTER MODPARAMS: one complete bench.sh run (one boot); prints the run directory.
boot() {
	local log=$OUT/boot-$NBOOT-$1.log run
	say "boot $NBOOT ($1${3:+, $3}): $KERNEL $GUEST_ARCH${CLOCK_OPT:+ clock $CLOCK_OPT}" >&2
	if ! env SUITE="$SUITE" TARGET=vm ARCH="$GUEST_ARCH" KERNEL="$KERNEL" FILTER="$2" REPETITIONS="$REPS" \
		MODULE_PARAMS="$3" IOMMUBENCH_RESULTS="$RES" ${CLOCK_OPT:+CLOCK="$CLOCK_OPT"} \
		"$REPO/bench/bench.sh" >"$log" 2>&1; then
		echo "error: boot $NBOOT failed (see $log)" >&2
		return 1
	fi
	run=$(readlink "$RES/latest") || { echo "error: no $RES/latest after boot $NBOOT" >&2; return 1; }
	echo "$RES/$run"
}
NBOOT=0

# The cheapest 4 KiB benchmark's median time per op in run $1: "<name> <ns>".
cheapest_4k() {
	jq -r '[.benchmarks[] | select(.run_type == "aggregate" and .aggregate_name == "median"
		and (.name | test("/size:4096/")))] | min_by(.real_time)
		| "\(.name | sub("/iterations:.*"; "")) \(.real_time)"' "$1/benchmarks.json"
}

# trial MODE K: boots both sides interleaved, compares, appends a row to trials.tsv.
trial() {
	local mode=$1 k=$2 filt=$FILTER_AA params='' a=() b=() r run A B rc=0 js line
	local target='' med='' exp='' tv='' lo='' hi='' det=''
	[[ $mode == sens ]] && filt=$FILTER_SENS
	for ((r = 1; r <= ROUNDS; r++)); do
		NBOOT=$((NBOOT + 1))
		run=$(boot A "$filt" '') || return 1
		a+=("$run")
		if [[ $mode == sens && -z $TARGET_BENCH ]]; then
			read -r TARGET_BENCH med <<<"$(cheapest_4k "$run")"
			if [[ $DELAY == auto ]]; then
				DELAY=$(awk -v m="$med" 'BEGIN { d = int(0.03 * m + 0.5); print d < 1 ? 1 : d }')
				say "calibrated: cheapest 4 KiB op $TARGET_BENCH = $med ns; op_delay_ns=$DELAY (3 %)"
			fi
		fi
		[[ $mode == sens ]] && params="op_delay_ns=$DELAY"
		NBOOT=$((NBOOT + 1))
		run=$(boot B "$filt" "$params") || return 1
		b+=("$run")
	done
	A=$(IFS=,; echo "${a[*]}") B=$(IFS=,; echo "${b[*]}")
	evaluate "$mode" "$k" "$A" "$B" "$([[ $mode == sens ]] && echo "$DELAY" || echo 0)" "$TARGET_BENCH" "$TSV"
}

# evaluate MODE K A B DELAY TARGET TSV: compare A with B (bench/compare.sh, and --format json
# for the figures), append the trial's row to TSV and print its line.
evaluate() {
	local mode=$1 k=$2 A=$3 B=$4 delay=$5 target=$6 tsv=$7 rc=0 js txt line w bt s o
	local med='' medb='' exp='' obs='' tv='' lo='' hi='' det=''
	txt=$OUT/compare-$mode-$k${RECOMPARE:+-re}.txt js=${txt%.txt}.json
	# shellcheck disable=SC2086 # COMPARE_ARGS: options split on spaces
	RESULTS=$RES "$REPO/bench/compare.sh" "$A" "$B" -- $COMPARE_ARGS >"$txt" 2>&1 || rc=$?
	# shellcheck disable=SC2086
	"$BIN" compare --results "$RES" --format json $COMPARE_ARGS "$A" "$B" >"$js" 2>/dev/null || true
	if ! jq -e .summary "$js" >/dev/null 2>&1; then
		echo "error: compare printed no JSON summary (see $txt)" >&2
		sed -n '1,20p' "$txt" >&2
		return 1
	fi
	read -r w bt s o <<<"$(jq -r '.summary | [.worse // 0, .better // 0, .same // 0,
		([to_entries[] | select(.key | IN("worse", "better", "same") | not) | .value
		  | numbers] | add // 0)] | @tsv' "$js")"
	if [[ $mode == sens ]]; then
		# the time row of the target: its verdict, A's median, the interval of the change
		# (whatever compare calls it: ci_low_pct/ci_high_pct, ci_pct [lo, hi], ...)
		IFS=$'\t' read -r tv med medb lo hi <<<"$(jq -r --arg t "$target" '
			[.benchmarks[] | select(.name == $t or (.name | startswith($t + "/")))
			 | .metrics[] | select(.metric == "time")] | first // {}
			| . as $m
			| ([to_entries[] | select(.key | test("ci.*(lo|low)"; "i")) | .value | numbers] | first) as $lo
			| ([to_entries[] | select(.key | test("ci.*(hi|high|up)"; "i")) | .value | numbers] | first) as $hi
			| ($m.ci_pct // $m.ci_change_pct // null) as $arr
			| [($m.verdict // "missing"), ($m.median_a // ""), ($m.median_b // ""),
			   ($lo // ($arr | if type == "array" then .[0] else null end) // ""),
			   ($hi // ($arr | if type == "array" then .[1] else null end) // "")] | @tsv' "$js")"
		exp=$(awk -v d="$delay" -v m="$med" 'BEGIN { if (m > 0) printf "%.2f", 100 * d / m }')
		# what B's median really added, ns (the knob's own accuracy)
		obs=$(awk -v a="$med" -v b="$medb" 'BEGIN { if (a > 0) printf "%.0f", b - a }')
		det=0
		if [[ $tv == worse ]]; then
			if [[ -n $lo && -n $hi ]]; then
				awk -v e="$exp" -v l="$lo" -v h="$hi" 'BEGIN { exit !(e >= l && e <= h) }' && det=1
			else
				det=1	# no interval reported: the verdict alone
			fi
		fi
	fi
	line=$(grep -E '^(benchmarks|verdict):' "$txt" | paste -sd ';' - || true)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$mode" "$k" "$KERNEL" "$GUEST_ARCH" "${CLOCK_OPT:-default}" "$ROUNDS" \
		"$delay" "$rc" "$w" "$bt" "$s" "$o" \
		"$target" "$exp" "$tv" "$lo" "$hi" "$det" "$A" "$B" "$obs" >>"$tsv"
	if [[ $mode == aa ]]; then
		say "A/A $k/$TRIALS: exit $rc; $line"
	else
		say "sens $k/$TRIALS: exit $rc; $target time: $tv (true +$exp % = ${delay} ns, B-A medians +${obs} ns, interval [${lo:--}, ${hi:--}] %) detected=$det; $line"
	fi
}

# rates FILE ROWS: the false-verdict and detection rates over the last ROWS rows of FILE.
rates() {
	say "summary ($1):"
	awk -F'\t' 'NR > 1 {
		if ($1 == "aa") { aa++; if ($9 + $10 > 0 || $8 != 0) fa++; fm += $9 + $10; tm += $9 + $10 + $11 + $12 }
		else if ($1 == "sens") { se++; if ($18 == 1) de++; if ($15 == "worse") wo++
			if ($16 != "" && (!se_i || $16 > lo)) lo = $16
			if ($17 != "" && (!se_i || $17 < hi)) hi = $17
			if ($16 != "") se_i = 1
			ob = ob (ob == "" ? "" : " ") $21; d = $7 }
	} END {
		if (aa) printf "trials: A/A: %d trials, %d with a false verdict (rate %.0f %%); %d of %d metric verdicts false\n", aa, fa, 100 * fa / aa, fm, tm
		if (se) printf "trials: sensitivity: %d trials, target reported worse in %d, detected (worse, true change inside the interval) in %d (rate %.0f %%)\n", se, wo, de, 100 * de / se
		if (se_i) printf "trials: sensitivity: op_delay_ns=%s; B-A medians added (ns): %s; the intervals%s overlap: common part [%.2f, %.2f] %%\n", d, ob, lo <= hi ? "" : " do not", lo, hi
	}' <(head -n 1 "$1"; tail -n "$2" "$1" | grep -v '^mode')
}

# --recompare: the trials of an earlier invocation's trials.tsv compared again (the same runs,
# this checkout's compare) into trials-recompare.tsv.
if [[ -n $RECOMPARE ]]; then
	[[ -f $RECOMPARE/trials.tsv ]] || opts_error "--recompare: no $RECOMPARE/trials.tsv"
	OUT=$RECOMPARE RES=$RECOMPARE/results
	out_tsv=$RECOMPARE/trials-recompare.tsv
	head -n 1 "$RECOMPARE/trials.tsv" >"$out_tsv"
	n=0
	# (read collapses empty tab-separated fields: they come as "-")
	while IFS=$'\t' read -r -u 3 mode k kern arch _clock _rounds delay _ _ _ _ _ target _ _ _ _ _ A B _; do
		[[ $mode == mode ]] && continue
		[[ $target == - ]] && target=
		KERNEL=$kern GUEST_ARCH=$arch TRIALS='?'
		evaluate "$mode" "$k" "$A" "$B" "$delay" "$target" "$out_tsv" || exit 1
		n=$((n + 1))
	done 3< <(awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i == "") $i = "-"; print }' "$RECOMPARE/trials.tsv")
	rates "$out_tsv" "$n"
	exit 0
fi

TARGET_BENCH=''
say "out: $OUT (kernel $KERNEL, arch $GUEST_ARCH, suite $SUITE, $ROUNDS boot(s) per side, clock ${CLOCK_OPT:-default})"
modes=$MODE
[[ $MODE == both ]] && modes="aa sens"
for m in $modes; do
	for ((k = 1; k <= TRIALS; k++)); do
		trial "$m" "$k" || exit 1
	done
done

# the rates, over this invocation's rows
rates "$TSV" "$(($(wc -w <<<"$modes") * TRIALS))"
