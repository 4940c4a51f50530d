#!/usr/bin/env bash
# Device removal mid-run (issue 7): on each installed x86 target kernel, a QEMU TCG guest whose
# edu device sits in a hot-pluggable PCIe slot runs a suite through the runner; once its first
# benchmark is done the host removes the device through QEMU's monitor (QMP device_del on a
# unix socket). The run must end with a clear error within a second of the removal reaching
# the module, with exit status 5, the completed benchmark kept in the results; the module must
# survive (a device plugged back in with device_add runs again) and unload with nothing
# allocated or mapped, and the kernel log must stay clean.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail

usage() {
	sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
	echo "Usage: tests/unplug.sh [--kernel KVER]   (KVER: 6.1, 6.12 or a release; default both)"
}

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 3
# shellcheck source=bench/vm/lib/opts.sh
source bench/vm/lib/opts.sh
only=
opts_parse "--kernel=only" "$@"
# shellcheck source=tests/vm/lib.sh
source tests/vm/lib.sh
mkdir -p build/test build/vm
PLATFORM=qemu-tcg/intel-iommu

if [[ -n $only ]]; then
	kernels=$(bench/vm/kernels.sh resolve "$only") || { t_fail "kernel $only is installed"; t_summary; exit; }
else
	kernels=$(vm_kernels)
fi

section "build: runner, module"
t_check "runner builds" make -s -C runner
for k in $kernels; do
	t_check "module builds against $k" make -s -C kmod KDIR="$(bench/vm/kernels.sh headers "$k")"
done


# The host's half: wait for the guest's signal, unplug, wait for QEMU to confirm, plug back.
unplug_when_ready() {	# unplug_when_ready OUT SOCKET VM_PID
	local out=$1 sock=$2 vm=$3 i
	for ((i = 0; i < 3000; i++)); do
		[[ -e $out/unplug.ready ]] && break
		kill -0 "$vm" 2>/dev/null || return 1
		sleep 0.1
	done
	[[ -e $out/unplug.ready ]] || return 1
	bench/vm/qmp.sh "$sock" device_del '{"id":"edu0"}' --wait-event DEVICE_DELETED \
		--timeout 60 >"$out/qmp-device_del.log" 2>&1
	echo $? >"$out/qmp-device_del.rc"
	for ((i = 0; i < 600; i++)); do
		[[ -e $out/replug.ready ]] && break
		kill -0 "$vm" 2>/dev/null || return 1
		sleep 0.1
	done
	bench/vm/qmp.sh "$sock" device_add '{"driver":"edu","id":"edu0","bus":"rp0"}' \
		--timeout 60 >"$out/qmp-device_add.log" 2>&1
	echo $? >"$out/qmp-device_add.rc"
}

check_unplug() {	# check_unplug OUT KVER
	local out=$1 k=$2 s gap
	for s in device_del device_add; do
		if [[ $(cat "$out/qmp-$s.rc" 2>/dev/null) == 0 ]]; then t_pass "$k: QMP $s done"
		else t_fail "$k: QMP $s done" "$(tail -n 3 "$out/qmp-$s.log" 2>/dev/null)"; fi
	done
	if grep -q '"event": *"DEVICE_DELETED"' "$out/qmp-device_del.log" 2>/dev/null
	then t_pass "$k: QEMU reported the device deleted (the guest released it)"
	else t_fail "$k: QEMU reported the device deleted (the guest released it)" "see $out/qmp-device_del.log"; fi

	# Google Benchmark's banner goes to stderr too; the runner's own lines start with its name
	if grep -q '^iommubench run: stopped: the device was removed during iommu/' "$out/unplug.stderr" 2>/dev/null &&
		[[ $(grep '^iommubench run: ' "$out/unplug.stderr" | grep -vc 'perf: not counted') == 1 ]]
	then t_pass "$k: one clear message: $(grep 'removed' "$out/unplug.stderr" | head -1)"
	else t_fail "$k: one clear message on stderr" "$(grep '^iommubench' "$out/unplug.stderr" 2>/dev/null | head -c 600)"; fi

	# within a second: from the module's first word of the removal to the runner's error
	# message (and, reported, to its exit with every result file written)
	gap=$(log_gap "$out/dmesg.txt" 'iommubench: removed during a run' 'iommubench-test: the runner said: ')
	if [[ $gap != missing ]] && awk -v g="$gap" 'BEGIN { exit !(g >= 0 && g < 1) }'
	then t_pass "$k: the runner's error came $gap s after the removal reached the module (< 1 s)"
	else t_fail "$k: the runner's error came within 1 s of the removal reaching the module" "gap $gap s; see $out/dmesg.txt"; fi
	gap=$(log_gap "$out/dmesg.txt" 'iommubench: removed during a run' 'iommubench-test: the runner exited')
	echo "  $k: the runner exited $gap s after the removal reached the module (results written)"
	if jq -e '.status == "failed" and .benchmarks_done >= 1' "$out/unplug/meta.json" >/dev/null 2>&1 &&
		jq -e '.runs[] | select(.run_id == "unplug" and .status == "failed")' "$out/index.json" >/dev/null 2>&1
	then t_pass "$k: meta.json and index.json mark the run failed"
	else t_fail "$k: meta.json and index.json mark the run failed" "$(head -c 300 "$out/unplug/meta.json" 2>/dev/null)"; fi

	if [[ -s $out/bdf.replugged && $(cat "$out/rerun.rc" 2>/dev/null) == 0 ]] &&
		jq -e '.status == "complete"' "$out/replugged/meta.json" >/dev/null 2>&1 && [[ ! -s $out/driver.after ]]
	then t_pass "$k: the module survives: a device plugged back in ($(cat "$out/bdf.replugged")) runs again, binding restored"
	else t_fail "$k: the module survives: a device plugged back in runs again" \
		"bdf '$(cat "$out/bdf.replugged" 2>/dev/null)', rerun status $(cat "$out/rerun.rc" 2>/dev/null), driver '$(cat "$out/driver.after" 2>/dev/null)'"; fi

	unplug_checks "$out" "$k" device
}

for k in $kernels; do
	section "VM: $k (QEMU TCG, intel-iommu, edu in a hot-pluggable slot)"
	unplug_guest "$k" bench/vm/run-in-vm.sh --accel tcg --hotplug -- tests/vm/unplug-guest.sh "$PLATFORM"
	check_unplug "$UNPLUG_OUT" "$k"
done
t_summary
