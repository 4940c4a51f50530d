#!/usr/bin/env bash
# shellcheck disable=SC2016 # jq programs use $variables of their own
# Device removal mid-run on s390x (issue 7): on each s390x kernel (Debian's 6.1 and 6.12), a
# QEMU TCG guest runs a suite through the cross-built runner on its zPCI function; once the
# first benchmark is done the host hot-unplugs the function through QEMU's monitor (QMP
# device_del of the PCI device on a unix socket). The run must end with exit status 5 and one
# clear error within a second of the removal reaching the module, the completed benchmark
# kept in the results; the module must survive (the function plugged back in with device_add
# runs again) and unload with nothing allocated or mapped; the kernel log must stay clean.
# Prints PASS:/FAIL: lines and "N passed, N failed"; exits 1 if anything failed.
set -uo pipefail

usage() {
	sed -n '3,10p' "$0" | sed 's/^# \{0,1\}//'
	echo "Usage: tests/s390x/unplug.sh [--kernel 6.1|6.12|REL]   (default: both s390x kernels)"
	echo "Needs the kernels unpacked (bench/vm/s390x-kernels.sh fetch); builds the module"
	echo "(make kmod-s390x) and the runner (make runner-s390x)."
}

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 3
# shellcheck source=bench/vm/lib/opts.sh
source bench/vm/lib/opts.sh
only=all
opts_parse "--kernel=only" "$@"
# shellcheck source=tests/vm/lib.sh
source tests/vm/lib.sh
K=bench/vm/s390x-kernels.sh
PLATFORM=qemu-tcg/s390-zpci
SYSROOT=build/s390x/sysroot
mkdir -p build/test build/vm

section "tools and kernels"
for t in qemu-system-s390x socat jq; do
	if command -v "$t" >/dev/null; then t_pass "$t installed"; else t_fail "$t installed" "run make setup"; fi
done
if kernels=$($K resolve "$only" 2>&1); then
	t_pass "s390x kernels unpacked: ${kernels//$'\n'/ }"
else
	t_fail "s390x kernels unpacked ($only)" "$kernels; run bench/vm/s390x-kernels.sh fetch"
	t_summary
	exit
fi

section "build: the module and the runner for s390x"
t_check "module cross-builds (make kmod-s390x)" make -s kmod-s390x
t_check "runner cross-builds (make runner-s390x)" make -s runner-s390x


# The host's half: wait for the guest's line on the console, unplug the function (QEMU id
# pci0; its zpci device zpci0 goes with it), wait for QEMU to confirm, check that both are
# gone; once the guest asks for it, plug both back in.
unplug_when_ready() {	# unplug_when_ready OUT SOCKET VM_PID
	local out=$1 sock=$2 vm=$3 i
	for ((i = 0; i < 6000; i++)); do
		grep -q '^iommubench-unplug: ' "$out/serial.log" 2>/dev/null && break
		kill -0 "$vm" 2>/dev/null || return 1
		sleep 0.1
	done
	grep -q '^iommubench-unplug: first benchmark done$' "$out/serial.log" 2>/dev/null || return 1
	date +%s.%N >"$out/qmp-device_del.sent"
	bench/vm/qmp.sh "$sock" device_del '{"id":"pci0"}' --wait-event DEVICE_DELETED \
		--timeout 60 >"$out/qmp-device_del.log" 2>&1
	echo $? >"$out/qmp-device_del.rc"
	cut -d' ' -f1-3 /proc/loadavg >"$out/loadavg"
	bench/vm/qmp.sh "$sock" qom-list '{"path":"/machine/peripheral"}' \
		>"$out/qmp-qom-list.log" 2>&1
	echo $? >"$out/qmp-qom-list.rc"
	# plug it back in once the guest recorded how the runner ended and that it was gone
	for ((i = 0; i < 1200; i++)); do
		grep -q '^iommubench-unplug: plug it back in$' "$out/serial.log" 2>/dev/null && break
		kill -0 "$vm" 2>/dev/null || return 1
		sleep 0.1
	done
	bench/vm/qmp.sh "$sock" device_add '{"driver":"zpci","uid":1,"fid":0,"target":"pci0","id":"zpci0"}' \
		--timeout 60 >"$out/qmp-device_add.log" 2>&1 &&
		bench/vm/qmp.sh "$sock" device_add '{"driver":"virtio-rng-pci","id":"pci0"}' \
			--timeout 60 >>"$out/qmp-device_add.log" 2>&1
	echo $? >"$out/qmp-device_add.rc"
}

check_unplug() {	# check_unplug OUT KVER
	local out=$1 k=$2 gap del ev driver msgs
	if [[ $(cat "$out/qmp-device_del.rc" 2>/dev/null) == 0 ]] &&
		grep -q '"event": *"DEVICE_DELETED"' "$out/qmp-device_del.log"; then
		del=$(cat "$out/qmp-device_del.sent")
		ev=$(sed -n 's/.*"event": *"DEVICE_DELETED".*/&/p' "$out/qmp-device_del.log" | head -1 |
			sed -n 's/.*"seconds": *\([0-9]*\), *"microseconds": *\([0-9]*\).*/\1 \2/p' |
			awk '{ printf "%d.%06d\n", $1, $2 }')
		t_pass "$k: QMP device_del pci0 done, DEVICE_DELETED $(awk -v a="$del" -v b="$ev" \
			'BEGIN { printf "%.2f", b - a }') s after the host sent it"
	else
		t_fail "$k: QMP device_del pci0 done and DEVICE_DELETED seen" "$(tail -n 3 "$out/qmp-device_del.log" 2>/dev/null)"
	fi
	if [[ $(cat "$out/qmp-qom-list.rc" 2>/dev/null) == 0 ]] &&
		! grep -qE '"name": *"(pci0|zpci0)"' "$out/qmp-qom-list.log"; then
		t_pass "$k: QEMU has neither pci0 nor zpci0 any more (qom-list /machine/peripheral)"
	else
		t_fail "$k: QEMU has neither pci0 nor zpci0 any more" "$(tail -n 2 "$out/qmp-qom-list.log" 2>/dev/null)"
	fi
	# the guest's side, in the s390 debug feature's zPCI log: the availability event with
	# PEC 0x303 (deconfiguration requested), the function disabled and deconfigured
	if awk '/avl fid:0, .*pec:303/ { a = 1 } a && /deconf fid:0, rc:0/ { d = 1 } END { exit !d }' \
		"$out/s390dbf-pci_msg.sprintf" 2>/dev/null; then
		t_pass "$k: the guest got PEC 0x303 (deconfiguration requested) and deconfigured the function"
	else
		t_fail "$k: the guest got PEC 0x303 (deconfiguration requested) and deconfigured the function" \
			"see $out/s390dbf-pci_msg.sprintf"
	fi
	if [[ $(cat "$out/qmp-device_add.rc" 2>/dev/null) == 0 ]]; then t_pass "$k: QMP device_add zpci0 and pci0 done"
	else t_fail "$k: QMP device_add zpci0 and pci0 done" "$(tail -n 3 "$out/qmp-device_add.log" 2>/dev/null)"; fi

	# stderr also has Google Benchmark's context and, under TCG, the runner's note that the
	# hardware perf counters are missing: of the runner's own lines, that one aside, exactly
	# one, and it names the removal
	msgs=$(grep '^iommubench ' "$out/unplug.stderr" 2>/dev/null | grep -v '^iommubench run: perf: not counted')
	if [[ $(grep -c . <<<"$msgs") == 1 && $msgs == *'stopped: the device was removed during iommu/'* ]]; then
		t_pass "$k: one clear message: $msgs"
	else
		t_fail "$k: one clear message on stderr" "${msgs:-none}"
	fi

	# within a second: from the module's first word of the removal to the runner's error
	# message (as on amd64, tests/unplug.sh); its exit, with every result file written, is
	# reported beside it
	gap=$(log_gap "$out/dmesg.txt" 'iommubench: removed during a run' 'iommubench-test: the runner said: ')
	if [[ $gap != missing ]] && awk -v g="$gap" 'BEGIN { exit !(g >= 0 && g < 1) }'; then
		t_pass "$k: the runner's error came $gap s after the removal reached the module (< 1 s)"
	else
		t_fail "$k: the runner's error came within 1 s of the removal reaching the module" \
			"gap $gap s (host load average then: $(cat "$out/loadavg" 2>/dev/null)); see $out/dmesg.txt"
	fi
	gap=$(log_gap "$out/dmesg.txt" 'iommubench: removed during a run' 'iommubench-test: the runner exited')
	echo "  $k: the runner exited $gap s after the removal reached the module (results written)"
	if jq -e '.status == "failed" and .benchmarks_done >= 1' "$out/unplug/meta.json" >/dev/null 2>&1; then
		t_pass "$k: meta.json marks the run failed"
	else
		t_fail "$k: meta.json marks the run failed" "$(head -c 300 "$out/unplug/meta.json" 2>/dev/null)"
	fi

	driver=$(cat "$out/driver.replugged" 2>/dev/null)
	if [[ -s $out/bdf.replugged && $(cat "$out/rerun.rc" 2>/dev/null) == 0 ]] &&
		jq -e '.status == "complete"' "$out/replugged/meta.json" >/dev/null 2>&1 &&
		[[ $(cat "$out/driver.after" 2>/dev/null) == "$driver" ]]; then
		t_pass "$k: the module survives: the function plugged back in ($(cat "$out/bdf.replugged")) runs again, binding restored (${driver:-no driver})"
	else
		t_fail "$k: the module survives: the function plugged back in runs again" \
			"bdf '$(cat "$out/bdf.replugged" 2>/dev/null)', rerun status $(cat "$out/rerun.rc" 2>/dev/null), driver '$driver' -> '$(cat "$out/driver.after" 2>/dev/null)'"
	fi

	unplug_checks "$out" "$k" function
}

for k in $kernels; do
	section "guest $k (QEMU TCG, zPCI function unplugged mid-run)"
	# one vCPU and s390_iommu_aperture=16, as make bench ARCH=s390x runs (docs/s390x.md)
	unplug_guest "$k" bench/vm/run-in-vm-s390x.sh --smp 1 --append s390_iommu_aperture=16 \
		--file "$SYSROOT/lib:/lib" --file "$SYSROOT/usr/lib/s390x-linux-gnu:/usr/lib/s390x-linux-gnu" \
		--file build/s390x/iommubench:/repo/build/iommubench \
		--file tests/s390x/unplug.suite:/repo/unplug.suite \
		--file tests/s390x/unplug-guest.sh:/repo/unplug-guest.sh \
		--collect /tmp/out -- \
		sh /repo/unplug-guest.sh /repo/build/iommubench /repo/unplug.suite "$PLATFORM"
	check_unplug "$UNPLUG_OUT" "$k"
done
t_summary
