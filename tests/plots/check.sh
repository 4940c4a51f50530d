#!/usr/bin/env bash
# shellcheck disable=SC2016 # jq programs use $variables of their own
# Tests for plots/: builds the figures of sample runs copied from a results
# directory (one per suite: smoke, scaling, lockup; the newest of each), the
# trends and the dashboard in a temporary directory, and checks them: every
# expected PNG/SVG there and well-formed, no figure without data, EMULATED in
# the titles of emulated runs (and not in a copy relabelled as hardware),
# index.json used when present, and the page rendered in headless chromium
# with every image loaded. Prints PASS:/FAIL: lines and "N passed, N failed";
# exits 1 if anything failed.
set -euo pipefail

usage() {
	cat <<'EOF2'
Usage: tests/plots/check.sh [RESULTS_DIR]
  RESULTS_DIR  where to take the sample runs from (default: results/ of this
               checkout); it is only read
Exit status: 0 all passed, 1 a check failed, 2 usage, 3 missing tool or no
sample run.
EOF2
}
case ${1:-} in
-h | --help) usage; exit 0 ;;
-*) echo "error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
[[ $# -le 1 ]] || { usage >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=${1:-$repo/results}
P=$repo/plots
for t in jq gnuplot chromium timeout; do
	command -v "$t" >/dev/null || { echo "error: $t is missing (make setup)" >&2; exit 3; }
done
[[ -d $src ]] || { echo "error: no results directory $src" >&2; exit 3; }

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1${2:+: $2}"; }
check() {	# check NAME CMD...: passes when CMD exits 0
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi
}
status_is() {	# status_is WANT CMD...: CMD exits WANT
	local want=$1 rc=0
	shift
	"$@" >/dev/null 2>&1 || rc=$?
	((rc == want))
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plots-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
R=$tmp/results OUT=$tmp/plots/out HTML=$tmp/plots/index.html
mkdir -p "$R" "$tmp/plots"

# The sample runs: the newest run of each suite that has one, by context.date.
declare -A pick=()
for f in "$src"/*/benchmarks.json; do
	[[ -f $f && ! -L $(dirname "$f") ]] || continue
	line=$(jq -r '[.context.suite // "", .context.date // "", .context.run_id // ""] | @tsv' "$f" 2>/dev/null) || continue
	IFS=$'\t' read -r suite date id <<<"$line"
	case $suite in smoke | scaling | lockup | dma-checks | sim-checks) ;; *) continue ;; esac
	[[ -n $id && -f $(dirname "$f")/histograms.json ]] || continue
	if [[ -z ${pick[$suite]:-} || $date > ${pick[$suite]%%$'\t'*} ]]; then
		pick[$suite]=$date$'\t'$(dirname "$f")
	fi
done
((${#pick[@]} > 0)) || { echo "error: no smoke, scaling, lockup, dma-checks or sim-checks run in $src" >&2; exit 3; }
declare -A runid=()
for suite in "${!pick[@]}"; do
	d=${pick[$suite]#*$'\t'}
	id=$(jq -r '.context.run_id' "$d/benchmarks.json")
	cp -r "$d" "$R/$id"
	runid[$suite]=$id
	echo "sample: $suite $id"
done

# Expected figures per suite (besides one CDF per histogram configuration).
expected() {
	case $1 in
	smoke) echo "size speedup" ;;
	scaling) echo "strictfq scaling" ;;
	lockup) echo "strictfq scaling lockup" ;;
	dma-checks) echo "strictfq scaling" ;;	# make test's DMA run (tests/vm)
	sim-checks) echo "lockup" ;;		# make test's sim run
	esac
}
is_png() { [[ -s $1 && $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]; }
is_svg() { [[ -s $1 ]] && grep -q '<svg' "$1"; }

# --help and usage errors
for s in plot.sh trend.sh dashboard.sh make-all.sh runs.sh extract.sh; do
	check "$s --help exits 0" "$P/$s" --help
	check "$s with a bad option exits 2" status_is 2 "$P/$s" --no-such-option
done
check "plot.sh on a missing run exits 3" status_is 3 "$P/plot.sh" no-such-run --results "$R" --out "$OUT"
check "make-all.sh without a results directory exits 3" status_is 3 "$P/make-all.sh" --results "$tmp/none" --out "$OUT"

# The make plots entry point on one run (smoke when there is one): its
# figures, the trends and the page; the other runs through plot.sh.
run=${runid[smoke]:-${runid[scaling]:-${runid[lockup]:-${runid[dma-checks]:-${runid[sim-checks]}}}}}
made_all=0
if "$P/make-all.sh" "$run" --results "$R" --out "$OUT" --html "$HTML" >"$tmp/make-all.log" 2>&1; then
	pass "make-all.sh $run"
	made_all=1
else
	fail "make-all.sh $run" "$(tail -n 3 "$tmp/make-all.log")"
fi

# Each sample run's figures.
for suite in smoke scaling lockup dma-checks sim-checks; do
	id=${runid[$suite]:-}
	[[ -n $id ]] || { echo "note: no $suite run in $src, its figures not checked"; continue; }
	if [[ $id != "$run" ]]; then
		if ! "$P/plot.sh" "$id" --results "$R" --out "$OUT" >"$tmp/plot-$suite.log" 2>&1; then
			fail "plot.sh $suite run" "$(tail -n 3 "$tmp/plot-$suite.log")"
			continue
		fi
		pass "plot.sh $suite run"
	fi
	d=$OUT/$id
	ncfg=$(jq '[.benchmarks[].name] | unique | length' "$R/$id/histograms.json")
	want=$(expected "$suite")
	for fig in $want; do
		check "$suite: $fig.png is a PNG" is_png "$d/$fig.png"
		check "$suite: $fig.svg is an SVG" is_svg "$d/$fig.svg"
		check "$suite: $fig.dat data beside it" test -s "$d/$fig.dat" -o -s "$d/$fig-wait.dat"
	done
	for fig in size speedup strictfq scaling lockup; do
		[[ " $want " == *" $fig "* ]] && continue
		check "$suite: no $fig figure (no data for it)" test ! -e "$d/$fig.png"
	done
	n_png=0 n_svg=0
	for f in "$d"/cdf-*.png; do is_png "$f" && n_png=$((n_png + 1)); done
	for f in "$d"/cdf-*.svg; do is_svg "$f" && n_svg=$((n_svg + 1)); done
	check "$suite: one CDF per configuration ($ncfg PNG, $ncfg SVG)" test "$n_png" -eq "$ncfg" -a "$n_svg" -eq "$ncfg"
	nfig=$(wc -l <"$d/figures.tsv")
	check "$suite: figures.tsv lists every figure ($nfig)" test "$nfig" -eq $((ncfg + $(wc -w <<<"$want")))
	if [[ $(jq -r '.context.emulated' "$R/$id/benchmarks.json") == true ]]; then
		missing=$(grep -L EMULATED "$d"/*.svg | wc -l)
		check "$suite: EMULATED in every SVG title of the emulated run" test "$missing" -eq 0
	fi
	check "$suite: titles name platform and kernel" grep -q "$(jq -r '.context.kernel_release' "$R/$id/benchmarks.json")" "$d/${want%% *}.svg"
done

# A copy relabelled as hardware must not say EMULATED.
dmarun=${runid[scaling]:-${runid[dma-checks]:-}}
if [[ -n $dmarun ]]; then
	hw=$tmp/hw/hwcopy
	mkdir -p "$tmp/hw"
	cp -r "$R/$dmarun" "$hw"
	jq '.context.emulated = "false" | .context.platform = "hardware" | .context.run_id = "hwcopy"' \
		"$R/$dmarun/benchmarks.json" >"$hw/benchmarks.json"
	if "$P/plot.sh" "$hw" --out "$tmp/hwout" >/dev/null 2>&1; then
		n=$(grep -l EMULATED "$tmp/hwout/hwcopy"/*.svg | wc -l || true)
		check "hardware run: no EMULATED in any title" test "$n" -eq 0
		check "hardware run: title says hardware" grep -q 'hardware, ' "$tmp/hwout/hwcopy/scaling.svg"
	else
		fail "plot.sh on a run directory outside the results"
	fi
else
	echo "note: no scaling or dma-checks run in $src, the hardware relabelling not checked"
fi

# Trends (made by make-all.sh from a scan of results/: no index.json).
if ((made_all)); then
	trends=()
	[[ -n ${runid[smoke]:-} ]] && trends+=(ratio)
	[[ -n ${runid[scaling]:-}${runid[lockup]:-}${runid[dma-checks]:-} ]] && trends+=(dma-time dma-opss)
	for fig in "${trends[@]}"; do
		check "trend: $fig.png is a PNG" is_png "$OUT/trend/$fig.png"
		check "trend: $fig.svg is an SVG" is_svg "$OUT/trend/$fig.svg"
		check "trend: $fig says EMULATED" grep -q EMULATED "$OUT/trend/$fig.svg"
	done
fi

# index.json, when there, is what lists the runs (statuses come from it).
mapfile -t ids < <(find "$R" -mindepth 1 -maxdepth 1 -type d -printf '%f\n')
jq -n '{format: "iommubench-index/1", runs: [$ARGS.positional[] | {run_id: ., suite: "s",
	  kernel_release: "k", platform: "hardware", emulated: false, start: "2026-01-01T00:00:00Z",
	  end: "2026-01-01T00:01:00Z", status: "interrupted", benchmarks: 1}]}' --args "${ids[@]}" >"$R/index.json"
check "runs.sh reads index.json" bash -c '"$1" --results "$2" | grep -q "	interrupted	"' _ "$P/runs.sh" "$R"
rm -f "$R/index.json"
check "runs.sh falls back to a scan" bash -c '"$1" --results "$2" | grep -q "	complete	"' _ "$P/runs.sh" "$R"

# The dashboard page, rendered by chromium.
if ((made_all)); then
	nruns=$(find "$R" -mindepth 1 -maxdepth 1 -type d | wc -l)
	want=$(($(wc -l <"$OUT/$run/figures.tsv") + $(wc -l <"$OUT/trend/figures.tsv")))
	check "index.html: $want img tags" test "$(grep -o '<img ' "$HTML" | wc -l)" -eq "$want"
	check "index.html: EMULATED banner" grep -q 'class="banner"' "$HTML"
	check "index.html: one row per run ($nruns)" \
		test "$(sed -n '/<table id="runs">/,/<\/table>/p' "$HTML" | grep -c '^<tr><td')" -eq "$nruns"
	check "index.html: no external resources" bash -c '! grep -Eq "(src|href)=\"(https?:)?//" "$1"' _ "$HTML"
	bad=0
	while read -r u; do
		[[ -e $tmp/plots/$(printf '%b' "${u//%/\\x}") ]] || { bad=$((bad + 1)); echo "  missing link target: $u"; }
	done < <(grep -o '\(href\|src\)="[^"#]*"' "$HTML" | sed 's/^[a-z]*="//; s/"$//')
	check "index.html: every relative link resolves" test "$bad" -eq 0
	check "index.html: links ../results/<run>/benchmarks.json" grep -q "href=\"../results/$run/benchmarks.json\"" "$HTML"
	dom=$tmp/dom.html
	if timeout 40 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chrome" \
		--virtual-time-budget=5000 --dump-dom "file://$HTML" >"$dom" 2>"$tmp/chromium.log"; then
		pass "chromium renders index.html"
		check "chromium: every image loaded (data-missing=\"0\")" grep -q 'data-missing="0"' "$dom"
		check "chromium: $want images in the page" grep -q "data-total=\"$want\"" "$dom"
	else
		fail "chromium renders index.html" "$(tail -n 3 "$tmp/chromium.log")"
	fi
fi

echo "$passed passed, $failed failed"
((failed == 0))
