#!/usr/bin/env bash
# make test: the runner's unit tests (plain and under ASan/UBSan), the module
# built warning-free at W=1 for every target kernel, and on each of Debian's
# 6.1 and 6.12 a QEMU guest with an emulated VT-d that loads the module, checks
# its ABI, runs the smoke suite and the DMA checks (strict vs flush queue, two
# workers, pools, a SIGINT mid-run) through the runner and unloads it; the host
# then checks behaviour on the results and a clean kernel log; a pass of the
# ioctl fuzzer; per kernel, a guest acting out the runner's faults (bad options
# and suites, no module, a busy device, rmmod mid-run, unwritable and full
# results dirs, SIGINT/SIGTERM: exit code, one message, device restored) and
# one whose device is hot-unplugged through QMP mid-run; the toy path added
# to a scratch copy (its own files and one line per path table); compares the two
# kernels' runs, exports them and draws the plots and the dashboard (chromium);
# then the s390x checks: the module on Debian's s390x 6.1 and 6.12 with a zPCI
# device (also hot-unplugged mid-run), and the runner cross-built for s390x
# against the amd64 build. Ends with "N passed, N failed"; exits non-zero if
# anything failed.
set -uo pipefail

case ${1:-} in
-h | --help)
	sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
	echo "Usage: tests/run.sh [--unit-only]   (make test runs it without arguments)"
	exit 0
	;;
--unit-only | "") ;;
*) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 3
# shellcheck source=tests/vm/lib.sh
source tests/vm/lib.sh
# shellcheck source=tests/vm/checks.sh
source tests/vm/checks.sh
# shellcheck source=tests/vm/faults-checks.sh
source tests/vm/faults-checks.sh
mkdir -p build/test
SUITE=bench/suites/smoke.suite
PLATFORM=qemu-tcg/intel-iommu



section "runner unit tests"
st=0
make -s -C runner test >build/test/unit.log 2>&1 || st=$?
take_counts "unit tests" build/test/unit.log "$st"
st=0
make -s -C runner test-asan >build/test/unit-asan.log 2>&1 || st=$?
take_counts "unit tests under ASan/UBSan" build/test/unit-asan.log "$st"

[[ ${1:-} == --unit-only ]] && { t_summary; exit; }

section "build: runner, ABI checker, module for each target kernel"
kernels=$(vm_kernels)
t_check "runner builds" make -s -C runner
t_check "ioctl_check builds" cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror \
	-Ikmod/uapi -o build/ioctl_check tests/vm/ioctl_check.c
for want in 6.1 6.12; do
	if bench/vm/kernels.sh resolve "$want" >/dev/null 2>&1; then
		t_pass "Debian kernel $want is installed ($(bench/vm/kernels.sh resolve "$want"))"
	else
		t_fail "Debian kernel $want is installed" "run make setup"
	fi
done
for k in $kernels; do
	log=build/test/kmod-$k.log
	if make -C kmod KDIR="$(bench/vm/kernels.sh headers "$k")" W=1 >"$log" 2>&1; then
		if grep -qiE 'warning:' "$log"; then
			t_fail "module builds warning-free at W=1 against $k" "$(grep -iE 'warning:' "$log" | head -3)"
		else
			t_pass "module builds warning-free at W=1 against $k"
		fi
	else
		t_fail "module builds against $k" "see $log"
	fi
done

vm_outs=()
for k in $kernels; do
	section "VM: $k (QEMU TCG, intel-iommu, edu)"
	vm_guest "guest booted and ran the checks" "$k" --accel tcg --timeout 900 -- \
		tests/vm/guest-checks.sh "$SUITE" "$PLATFORM"
	check_vm_results "$VM_OUT" "$k"
	check_dma_results "$VM_OUT" "$k"
	check_sim_results "$VM_OUT" "$k"
	grep -E '^FAIL' "$VM_OUT/guest.log" 2>/dev/null
	vm_outs+=("$VM_OUT")
done

# Hostile input (issue 7): a short seeded pass of the ioctl fuzzer on each kernel; `make fuzz`
# is the long one (100,000 calls per kernel).
section "fuzz: the ioctl fuzzer, 3000 calls per kernel"
st=0
tests/fuzz.sh --calls 3000 --seed 20261122 >build/test/fuzz.log 2>&1 || st=$?
take_counts "ioctl fuzzer (3000 calls per kernel, seed 20261122)" build/test/fuzz.log "$st"

# Runner faults (issue 7): per kernel one guest runs tests/vm/faults-guest.sh, every fault
# case in turn; the host checks exit codes, the one message, the device's binding and group
# type, what each case kept or left behind, and the kernel log.
for k in $kernels; do
	section "faults: the runner's faults on $k"
	vm_guest "faults guest booted and ran every case" "$k" --accel tcg --timeout 600 -- \
		tests/vm/faults-guest.sh
	check_fault_results "$VM_OUT" "$k"
done

# Device removal mid-run (issue 7): QMP device_del of the bound edu device while a suite runs,
# on each kernel; the run must end with exit 5 within a second, its finished benchmarks kept.
section "hot-unplug: QMP device_del mid-run"
st=0
tests/unplug.sh >build/test/unplug.log 2>&1 || st=$?
take_counts "device hot-unplugged mid-run (QMP)" build/test/unplug.log "$st"

# Adding a path (issue 13): the toy path (tests/toy-path/) in a scratch copy of the tree is its
# own files plus one line in each path table, builds at W=1 and runs end to end in a guest.
section "toy path: what adding a path takes"
st=0
tests/toy-path/check.sh >build/test/toy-path.log 2>&1 || st=$?
take_counts "the toy path added, built and run in a guest" build/test/toy-path.log "$st"

# Telling a change from noise (issue 14): an A/A pair of separate boots must give no verdict,
# and a calibrated delay of ~5 % per op on a third boot must be "worse", of the right size.
section "A/A: separate boots compared, and a known small change"
st=0
tests/aa/check.sh >build/test/aa.log 2>&1 || st=$?
take_counts "A/A and sensitivity at small scale" build/test/aa.log "$st"

# Results for dashboards, on the guests' real runs: compare the two kernels' smoke runs
# (and a run with itself and a 20 % slowed copy), the exports, then the plots and the
# dashboard page in headless chromium.
section "results: compare, export, plots, dashboard"
if ((${#vm_outs[@]} >= 2)); then
	st=0
	tests/results/check.sh "${vm_outs[0]}/checks" "${vm_outs[-1]}/checks" >build/test/results.log 2>&1 || st=$?
	take_counts "compare and export on the guests' smoke runs" build/test/results.log "$st"
else
	t_fail "compare and export on the guests' smoke runs" "needs the runs of two kernels"
fi
if ((${#vm_outs[@]} >= 1)); then
	st=0
	tests/plots/check.sh "${vm_outs[-1]}" >build/test/plots.log 2>&1 || st=$?
	take_counts "plots and dashboard of the guest's runs" build/test/plots.log "$st"
fi

# s390x, the module's half: Debian's s390x 6.1 and 6.12 under QEMU TCG with a zPCI device
# (tests/s390x/run.sh: fetch, cross-build, bitmap, RPCITs per op, clean log and unload).
section "s390x: the module on Debian's s390x kernels (zPCI, QEMU TCG)"
st=0
tests/s390x/run.sh >build/test/s390x.log 2>&1 || st=$?
take_counts "s390x guests" build/test/s390x.log "$st"
st=0
tests/s390x/bench-check.sh >build/test/s390x-bench.log 2>&1 || st=$?
take_counts "make bench ARCH=s390x (the runner in the s390x guests)" build/test/s390x-bench.log "$st"
# the zPCI function hot-unplugged through QMP while the runner runs (tests/s390x/unplug.sh)
st=0
tests/s390x/unplug.sh >build/test/s390x-unplug.log 2>&1 || st=$?
take_counts "s390x hot-unplug mid-run" build/test/s390x-unplug.log "$st"

# s390x, the runner's half: cross-built against Debian's s390x libraries and run under
# qemu-user, it must agree with the amd64 build on the guests' real runs.
section "s390x: the runner cross-built, under qemu-user"
if make -s runner-s390x >build/test/runner-s390x.log 2>&1; then
	t_pass "runner cross-builds for s390x (make runner-s390x)"
	if ((${#vm_outs[@]} >= 2)); then
		st=0
		tests/s390x/runner-cross.sh "${vm_outs[0]}/checks" "${vm_outs[-1]}/checks" \
			>build/test/runner-cross.log 2>&1 || st=$?
		take_counts "s390x runner agrees with the amd64 build" build/test/runner-cross.log "$st"
	fi
else
	t_fail "runner cross-builds for s390x (make runner-s390x)" "$(tail -n 5 build/test/runner-s390x.log)"
fi

t_summary
