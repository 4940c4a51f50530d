#!/usr/bin/env bash
# Make sample result runs without a VM: the real runner (build/iommubench) against the
# fake system of the unit tests (a sysfs/procfs tree and build/runner/fake_kernel.so
# answering the ioctls with fixed figures, tests/unit/preload/fake_kernel.c). The numbers
# are fixed inputs, not measurements: the runs are for checking the readers (compare,
# export, plots, bench/summary.sh), never for results.
set -euo pipefail

usage() {
	cat <<'EOF_USAGE'
Usage: tests/results/fake-runs.sh OUT_DIR [SUITE[:RUN_ID]]...
  OUT_DIR  a results directory to add the runs to (created)
  SUITE    a suite under bench/suites/ or tests/vm/ (default: smoke scaling lockup,
           and a second smoke run)
Environment: CPUS (--cpus, default 0-1), RUN_ARGS (more `run` options, e.g.
--repetitions 1); FAKE_FAIL_SIZE=BYTES makes the fake kernel fail RUN at that size.
Needs build/iommubench and build/runner/fake_kernel.so (make -C runner test builds both).
Exit status: 0 ok, 2 usage, 3 missing binary, 1 a run failed.
EOF_USAGE
}
case ${1:-} in -h | --help) usage; exit 0 ;; "" | -*) usage >&2; exit 2 ;; esac
out=$(mkdir -p "$1" && cd "$1" && pwd)
shift
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=$repo/build/iommubench FAKE=$repo/build/runner/fake_kernel.so
[[ -x $BIN && -f $FAKE ]] || { echo "error: $BIN or $FAKE missing (make -C runner test)" >&2; exit 3; }
(($# > 0)) || set -- smoke:fake-smoke-a smoke:fake-smoke-b scaling:fake-scaling lockup:fake-lockup \
	dma-checks:fake-dma sim-checks:fake-sim

bdf=0000:00:03.0
root=$(mktemp -d "${TMPDIR:-/tmp}/fake-runs.XXXXXX")
trap 'rm -rf "$root"' EXIT
fake_system() {	# the tree test_run_e2e.c builds (fake_system())
	local s=$root/sys d
	rm -rf "$root/sys" "$root/proc" "$root/state"
	mkdir -p "$s/bus/pci/devices/$bdf" "$s/kernel/iommu_groups/7/devices" \
		"$s/devices/virtual/iommu/dmar0" "$s/devices/system/cpu" "$root/proc"
	echo 0-1 >"$s/devices/system/cpu/online"
	echo "console=ttyS0 intel_iommu=on" >"$root/proc/cmdline"
	: >"$root/iommubench-node"
	echo 0x1234 >"$s/bus/pci/devices/$bdf/vendor"
	echo 0x11e8 >"$s/bus/pci/devices/$bdf/device"
	echo -1 >"$s/bus/pci/devices/$bdf/numa_node"
	echo "(null)" >"$s/bus/pci/devices/$bdf/driver_override"
	echo DMA-FQ >"$s/kernel/iommu_groups/7/type"
	for d in iommubench edu-old; do
		mkdir -p "$s/bus/pci/drivers/$d"
		: >"$s/bus/pci/drivers/$d/bind"
		: >"$s/bus/pci/drivers/$d/unbind"
	done
	ln -s ../../../../devices/virtual/iommu/dmar0 "$s/bus/pci/devices/$bdf/iommu"
	ln -s ../../drivers/edu-old "$s/bus/pci/devices/$bdf/driver"
	ln -s ../../../../kernel/iommu_groups/7 "$s/bus/pci/devices/$bdf/iommu_group"
	ln -s ../../../../bus/pci/devices/$bdf "$s/kernel/iommu_groups/7/devices/$bdf"
}

read -ra extra <<<"${RUN_ARGS:-}"
rc=0
for arg in "$@"; do
	suite=${arg%%:*} id=${arg#*:}
	[[ $arg == *:* ]] || id=fake-$suite
	file=$repo/bench/suites/$suite.suite
	[[ -f $file ]] || file=$repo/tests/vm/$suite.suite
	fake_system
	if IOMMUBENCH_SYSFS=$root/sys IOMMUBENCH_PROCFS=$root/proc \
		IOMMUBENCH_DEVNODE=$root/iommubench-node IOMMUBENCH_STATE_DIR=$root/state \
		FAKE_SYSFS=$root/sys FAKE_BDF=$bdf LD_PRELOAD=$FAKE \
		"$BIN" run --suite "$file" --device $bdf --out-dir "$out" --run-id "$id" \
		--platform qemu-tcg/intel-iommu --cpus "${CPUS:-0-1}" "${extra[@]}" >"$root/$id.log" 2>&1; then
		echo "run: $suite $out/$id"
	else
		echo "FAILED: $suite (exit $?): $(tail -n 3 "$root/$id.log")" >&2
		rc=1
	fi
done
exit $rc
