# shellcheck shell=bash
# Helpers for the VM tests. Source it from a bash test script:
#   source "$(dirname "$0")/lib.sh"     (from tests/vm/), or tests/vm/lib.sh from the repo
# It sets no shell options (the sourcing script owns `set -euo pipefail`). vm_run and
# t_summary return non-zero on failure on purpose; everything else returns 0.
#
#   vm_run KVER [run-in-vm options] -- CMD...
#       runs CMD in a guest booted with kernel KVER (6.1, 6.12 or a full release) through
#       bench/vm/run-in-vm.sh, in a fresh out directory; sets VM_OUT (that directory: rc,
#       dmesg.txt, guest.log, serial.log) and VM_RC (the exit status: CMD's, 124 time-out,
#       125 boot failure) and returns VM_RC (under set -e: `vm_run ... || true`, then look
#       at VM_RC). VM_QUIET=1 sends the console to $VM_OUT/run.log
#       instead of the terminal.
#   vm_kernels          prints the installed target kernels (newest 6.1, newest 6.12)
#   check_dmesg_clean FILE
#       returns non-zero and prints the offending lines if the kernel log FILE has a
#       warning, BUG, oops, lockup, RCU stall, hung task or call trace
#   t_pass NAME / t_fail NAME MSG / t_skip NAME WHY / t_check NAME CMD...
#       count and print results; t_check passes if CMD exits 0
#   t_summary
#       prints exactly "N passed, N failed" on its own line; returns 1 if any failed
#   unloaded_clean DMESG
#       the kernel log shows the module unloaded with nothing allocated or mapped
#   unplug_results_kept JSON
#       the run's first benchmark has 3 error-free repetitions and a later one names the
#       device's removal in its error (the unplug tests, x86 and s390x)
#   log_gap DMESG A B
#       seconds between the first kernel-log line matching A and the first matching B after
#       it (the log's own clock), or "missing"

IOMMUBENCH_REPO=${IOMMUBENCH_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}
# shellcheck source=bench/vm/dmesg.sh
source "$IOMMUBENCH_REPO/bench/vm/dmesg.sh"

T_PASSED=0
T_FAILED=0
VM_OUT=
VM_RC=

t_pass() {
	T_PASSED=$((T_PASSED + 1))
	echo "PASS: $1"
}

t_fail() {
	T_FAILED=$((T_FAILED + 1))
	echo "FAIL: $1${2:+: $2}"
}

# Not counted: a skipped test neither passes nor fails.
t_skip() {
	echo "SKIP: $1${2:+: $2}"
}

t_check() {
	local name=$1
	shift
	if "$@"; then
		t_pass "$name"
	else
		t_fail "$name" "'$*' exited $?"
	fi
	return 0
}

t_summary() {
	echo "$T_PASSED passed, $T_FAILED failed"
	((T_FAILED == 0))
}

check_dmesg_clean() {
	local f=${1:?check_dmesg_clean: missing FILE} st=0
	dmesg_bad_lines "$f" >/dev/null 2>&1 || st=$?
	if ((st == 0)); then
		return 0
	fi
	if ((st == 2)); then
		echo "check_dmesg_clean: cannot read $f" >&2
	else
		echo "check_dmesg_clean: $f shows kernel trouble:" >&2
		dmesg_bad_lines "$f" >&2 || true
	fi
	return 1
}

unloaded_clean() {
	grep -q 'iommubench: unloaded' "$1" 2>/dev/null && ! grep -q 'unloading with' "$1"
}

unplug_results_kept() {
	local first
	first=$(jq -r '[.benchmarks[] | select(.run_type == "iteration")] | .[0].run_name' "$1" 2>/dev/null)
	jq -e --arg f "$first" '
		([.benchmarks[] | select(.run_type == "iteration" and .run_name == $f
			and (.error_occurred | not) and .ops_per_s > 0)] | length) == 3
		and any(.benchmarks[]; .run_name != $f and .error_occurred
			and (.error_message | test("removed")))' "$1" >/dev/null 2>&1
}

log_gap() {
	awk -v a="$2" -v b="$3" '
		function ts(l) { sub(/^\[ */, "", l); sub(/\].*/, "", l); return l + 0 }
		ta == "" && $0 ~ a { ta = ts($0) }
		ta != "" && tb == "" && $0 ~ b { tb = ts($0) }
		END { if (ta == "" || tb == "") print "missing"; else printf "%.3f\n", tb - ta }' "$1"
}

vm_kernels() {
	"$IOMMUBENCH_REPO/bench/vm/kernels.sh" resolve all
}

vm_run() {
	local kver=${1:?vm_run: missing KVER} safe
	shift
	safe=${kver//[^A-Za-z0-9._+-]/_}
	mkdir -p "$IOMMUBENCH_REPO/build/vm"
	VM_OUT=$(mktemp -d "$IOMMUBENCH_REPO/build/vm/test-$safe.XXXXXX")
	VM_RC=0
	if [[ ${VM_QUIET:-0} == 1 ]]; then
		"$IOMMUBENCH_REPO/bench/vm/run-in-vm.sh" --kernel "$kver" --out "$VM_OUT" "$@" \
			>"$VM_OUT/run.log" 2>&1 || VM_RC=$?
	else
		"$IOMMUBENCH_REPO/bench/vm/run-in-vm.sh" --kernel "$kver" --out "$VM_OUT" "$@" || VM_RC=$?
	fi
	return "$VM_RC"
}

section() { printf '\n=== %s\n' "$*"; }

# Fold a sub-runner's closing "N passed, N failed" line into our counts.
take_counts() {	# take_counts NAME LOG STATUS
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
	if [[ -z $line ]]; then
		t_fail "$1" "no result line (exit $3; log $2)"
		return
	fi
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed*}
	T_PASSED=$((T_PASSED + p))
	T_FAILED=$((T_FAILED + f))
	grep -E '^(FAIL|not ok)' "$2" || true
	echo "$1: $line"
	if ((f == 0 && $3 != 0)); then
		t_fail "$1" "exit status $3 with no failed test (log $2)"
	fi
}

# unplug_guest KVER LAUNCHER ARGS... -- CMD...
#   the unplug tests' guest (x86 and s390x): LAUNCHER (bench/vm/run-in-vm*.sh) boots KVER
#   with --out UNPLUG_OUT (a fresh build/vm/unplug-* directory) and --qmp on a socket, its
#   output in UNPLUG_OUT/run.log, while the caller's `unplug_when_ready OUT SOCKET VM_PID`
#   (the host's half: unplug, plug back in) runs; then passes or fails "guest booted and
#   ran the unplug test". Sets UNPLUG_OUT.
unplug_guest() {
	local k=$1 launcher=$2 sockdir vm rc=0 start=$SECONDS
	shift 2
	UNPLUG_OUT=$(mktemp -d "$IOMMUBENCH_REPO/build/vm/unplug-$k.XXXXXX")
	# unix socket paths are short (108 bytes): keep it out of the repository
	sockdir=$(mktemp -d /tmp/iommubench-qmp.XXXXXX)
	"$launcher" --kernel "$k" --out "$UNPLUG_OUT" --timeout 600 --qmp "$sockdir/qmp" "$@" \
		>"$UNPLUG_OUT/run.log" 2>&1 &
	vm=$!
	unplug_when_ready "$UNPLUG_OUT" "$sockdir/qmp" "$vm" ||
		echo "the guest never asked for the unplug (see $UNPLUG_OUT/run.log)"
	wait "$vm" || rc=$?
	rm -rf "$sockdir"
	echo "guest ran $((SECONDS - start)) s, out $UNPLUG_OUT"
	if ((rc == 0)); then
		t_pass "$k: guest booted and ran the unplug test"
	else
		t_fail "$k: guest booted and ran the unplug test" "status $rc, see $UNPLUG_OUT/run.log"
		tail -n 20 "$UNPLUG_OUT/run.log"
	fi
}

# unplug_checks OUT KVER NOUN: what both unplug tests check the same way on the files the
# guest left in OUT (NOUN: how the test calls the device, "device" or "function").
unplug_checks() {
	local out=$1 k=$2 noun=$3 st us first json=$1/unplug/benchmarks.json
	st=$(cat "$out/unplug.status" 2>/dev/null || echo missing)
	if [[ $st == 5 ]]; then t_pass "$k: the runner exited with status 5 (device removed)"
	else t_fail "$k: the runner exited with status 5 (device removed)" "status $st; $(tail -n 3 "$out/unplug.stderr" 2>/dev/null)"; fi
	us=$(sed -n 's/.*iommubench: the run stopped \([0-9]*\) us after the removal began.*/\1/p' "$out/dmesg.txt" | head -1)
	if [[ -n $us ]] && ((us < 1000000)); then t_pass "$k: the module's run stopped $us us after the removal began"
	else t_fail "$k: the module's run stopped within 1 s of the removal" "'${us:-no message}' in $out/dmesg.txt"; fi
	first=$(jq -r '[.benchmarks[] | select(.run_type == "iteration")] | .[0].run_name' "$json" 2>/dev/null)
	if unplug_results_kept "$json"; then
		t_pass "$k: results keep the completed benchmark (${first%%/iterations*}, 3 repetitions) and mark the removal"
	else
		t_fail "$k: results keep the completed benchmark and mark the removal" "see $json"
	fi
	if [[ $(cat "$out/device.after_unplug" 2>/dev/null) == gone && $(cat "$out/module.after_unplug" 2>/dev/null) == loaded ]]; then
		t_pass "$k: the $noun is gone from the guest, the module still loaded"
	else
		t_fail "$k: the $noun is gone from the guest, the module still loaded" \
			"$noun $(cat "$out/device.after_unplug" 2>/dev/null), module $(cat "$out/module.after_unplug" 2>/dev/null)"
	fi
	if [[ $(cat "$out/rmmod.rc" 2>/dev/null) == 0 ]] && unloaded_clean "$out/dmesg.txt"; then
		t_pass "$k: module unloaded with nothing allocated or mapped"
	else
		t_fail "$k: module unloaded with nothing allocated or mapped" "rmmod $(cat "$out/rmmod.rc" 2>/dev/null); see $out/dmesg.txt"
	fi
	if check_dmesg_clean "$out/dmesg.txt"; then t_pass "$k: kernel log free of WARN/BUG/Oops/lockup"
	else t_fail "$k: kernel log free of WARN/BUG/Oops/lockup" "see $out/dmesg.txt"; fi
}

# vm_guest NAME KVER [run-in-vm options] -- CMD...: vm_run quietly, say how long it took,
# pass or fail "KVER: NAME" on its exit status (the log's tail on failure).
vm_guest() {
	local name=$1 k=$2 start=$SECONDS
	shift 2
	VM_QUIET=1 vm_run "$k" "$@" || true
	echo "guest ran $((SECONDS - start)) s, out $VM_OUT"
	if ((VM_RC == 0)); then
		t_pass "$k: $name"
	else
		t_fail "$k: $name" "status $VM_RC, see $VM_OUT/run.log"
		tail -n 20 "$VM_OUT/run.log" 2>/dev/null
	fi
}
