#!/bin/bash
# Boot a Debian kernel under QEMU as VM target TARGET describes (bench/vm/targets/), run a
# command in the guest, bring its output back. run-in-vm.sh (x86_64) and run-in-vm-s390x.sh
# (s390x) are this with their target. Contract: docs/CONTRACTS.md (bench/).
set -euo pipefail

VM_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd -P)
# shellcheck source=bench/vm/lib/target.sh
source "$VM_LIB/target.sh"
# shellcheck source=bench/vm/lib/opts.sh
source "$VM_LIB/opts.sh"
# shellcheck source=bench/vm/lib/clock.sh
source "$VM_LIB/clock.sh"

usage() {
	local t=${TARGET_NAME:-TARGET}
	cat <<EOF
Usage: bench/vm/run.sh --target $t --kernel KVER --out DIR [options] -- CMD...

Boots a Debian kernel of VM target $t under QEMU and runs CMD in the guest.
EOF
	if [[ -n ${TARGET_NAME:-} ]]; then
		printf '%s: %s.\nvIOMMUs (--iommu): %s; accelerators (--accel auto picks): %s.\n' "$TARGET_NAME" \
			"$TARGET_SUMMARY" "$TARGET_IOMMUS" "$TARGET_ACCELS"
	else
		echo "Targets (bench/vm/targets/): $(target_names | paste -sd ' ' -)"
	fi
	cat <<'EOF'

Options:
  --target NAME     the VM target (bench/vm/targets/NAME.sh)
  --kernel KVER     kernel release, or a prefix such as 6.1 / 6.12 (newest match)
  --out DIR         host directory for results; created if missing. Afterwards it holds
                    rc (CMD's exit status), dmesg.txt (guest kernel log), guest.log (CMD's
                    stdout+stderr), serial.log (the whole console)
  --smp N           guest CPUs (default 2; 1 with --clock icount: QEMU runs icount's vCPUs
                    round-robin anyway, and Debian 6.1 x86_64 with 2 vCPUs under -icount
                    hangs before its first console line; docs/methodology.md)
  --mem MiB         guest memory (default 1024)
  --timeout S       kill the guest after S seconds (default 600)
  --iommu NAME      the emulated IOMMU, one of the target's (default its first)
  --accel auto|tcg|kvm
                    auto (default) uses KVM only if the target allows it and a cached
                    probe boot (build/vm/accel, per host kernel) finished within 20 s,
                    otherwise TCG
  --clock wall|icount[:N]
                    the guest's clock: wall (default, QEMU's own) or instruction time,
                    QEMU -icount shift=N,sleep=off (every instruction is 2^N ns of guest
                    time, idle time skipped; repeatable runs, TCG only, the vCPUs then run
                    round-robin in one host thread). icount alone: the measured default,
                    ICOUNT_DEFAULT_SHIFT in bench/vm/lib/clock.sh. With --accel auto
                    it means TCG. The guest's command line gets nohz=off (idle waits
                    would make its clock leap) and, unless --smp, 1 vCPU.
                    The runner must be told (iommubench run --clock icount:N); make bench
                    does that
  --append ARGS     extra kernel command line arguments
  --qemu-arg ARG    extra QEMU argument (repeatable, one word each)
  --hotplug         put the test device where it can be unplugged through QMP (x86_64:
                    behind a PCIe root port, QEMU id edu0; s390x: always so)
  --qmp SOCKET      serve QEMU's monitor (QMP) on the unix socket SOCKET (bench/vm/qmp.sh)
  --print-accel     only print the accelerator `--accel auto` picks (tcg or kvm; may run
                    the probe) and exit; needs only --kernel
  --file SRC[:DST]  targets whose guest root is an initramfs (s390x): put the host file SRC
                    into it at DST (default /bin/<name>); repeatable. It must be a static
                    binary of the guest or a script for busybox sh. A directory SRC is
                    copied whole (symbolic links kept) into DST
  --collect DIR     initramfs targets: after CMD, send the guest directory DIR back (tar,
                    gzip, base64 over the console) and unpack it into the out directory
  -h, --help        this help

A guest kernel that dies before CMD starts (an emulator flake) is booted again, up to
$IOMMUBENCH_BOOT_RETRIES (default 2) times; one that dies while CMD runs is not.

Exit status: CMD's exit status; 124 time-out; 125 boot failure (no rc written);
2 usage error; 3 environment error (missing kernel, QEMU, busybox, modules).
EOF
}

die() { echo "error: $1" >&2; exit "${2:-3}"; }
log() { echo "run-in-vm: $*" >&2; }

CLOCK=wall TARGET='' KVER='' OUT='' SMP='' MEM=1024 TIMEOUT=600 IOMMU='' ACCEL=auto APPEND='' QMP=''
PRINT_ACCEL=0 HOTPLUG=0 COLLECT=''
QEMU_EXTRA=() FILES=()
BOOT_RETRIES=${IOMMUBENCH_BOOT_RETRIES:-2}
# --target first (as the wrappers pass it), so that --help can describe it
[[ ${1:-} == --target && -n ${2:-} ]] && target_load "$2"
opts_parse "--target=TARGET --kernel=KVER --out=OUT --smp=SMP --mem=MEM --timeout=TIMEOUT
	--iommu=IOMMU --accel=ACCEL --clock=CLOCK --append=APPEND --qemu-arg=QEMU_EXTRA[] --qmp=QMP
	--hotplug=HOTPLUG! --print-accel=PRINT_ACCEL! --file=FILES[] --collect=COLLECT" "$@"
CMD=("${OPTS_REST[@]}")
[[ -n $TARGET ]] || die "--target is required (see --help)" 2
[[ ${TARGET_NAME:-} == "$TARGET" ]] || target_load "$TARGET"
[[ -n $KVER ]] || die "--kernel is required (see --help)" 2
if ((!PRINT_ACCEL)); then
	[[ -n $OUT ]] || die "--out is required (see --help)" 2
	((${#CMD[@]})) || die "no command given after -- (see --help)" 2
fi
opts_uint --mem "$MEM" MiB
opts_uint --timeout "$TIMEOUT" seconds
opts_one_of --accel "$ACCEL" "auto $TARGET_ACCELS"
clock_parse "$CLOCK"
if [[ -z $SMP ]]; then
	SMP=2
	[[ $CLOCK_KIND == icount ]] && SMP=1
fi
opts_uint --smp "$SMP"
target_use_iommu "$IOMMU"

# The guest root: how CMD sees files and how its results come back (lib/root-*.sh).
# shellcheck source=bench/vm/lib/root-hostfs.sh
source "$VM_LIB/root-$TARGET_GUEST_ROOT.sh"
if ((${#FILES[@]})) && [[ " $ROOT_OPTIONS " != *" --file "* ]]; then
	die "--file: $TARGET_NAME guests see the host's files; the target takes no --file (see --help)" 2
fi
if [[ -n $COLLECT && " $ROOT_OPTIONS " != *" --collect "* ]]; then
	die "--collect: $TARGET_NAME guests write into DIR directly; the target takes no --collect (see --help)" 2
fi
# shellcheck source=bench/vm/lib/guard.sh
source "$VM_LIB/guard.sh"
# shellcheck source=bench/vm/lib/initramfs.sh
source "$VM_LIB/initramfs.sh"
# shellcheck source=bench/vm/lib/accel.sh
source "$VM_LIB/accel.sh"
# shellcheck source=bench/vm/lib/boot.sh
source "$VM_LIB/boot.sh"
QEMU_GUARD_EXTRA=root_cleanup

KVER=$(kernel_resolve "$KVER") || exit 3
KERNEL_IMG=$(kernel_image "$KVER") || exit 3
MODDIR=$(kernel_moddir "$KVER")
command -v "$TARGET_QEMU" >/dev/null || die "$TARGET_QEMU not found; run bench/setup.sh ($TARGET_QEMU_PKG)"
command -v cpio >/dev/null || die "cpio not found; run bench/setup.sh"
BUSYBOX=$(kernel_busybox) || exit 3
case $VM_REPO/ in
/tmp/*) die "the repository ($VM_REPO) is under /tmp, which the guest covers with a tmpfs" ;;
esac
VM_BUILD=$VM_REPO/build/vm
mkdir -p "$VM_BUILD"

accel_pick
if [[ $CLOCK_KIND == icount && $ACCEL == auto && $ACCEL_USED != tcg ]]; then
	ACCEL_USED=tcg ACCEL_WHY="--clock icount needs TCG"
fi
if ((PRINT_ACCEL)); then
	log "accel $ACCEL_USED ($ACCEL_WHY)"
	echo "$ACCEL_USED"
	exit 0
fi
clock_qemu_args "$ACCEL_USED"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)
root_initramfs
root_prepare

# The QEMU command, from the descriptor's answers. The IOMMU comes before the PCI devices it
# translates for.
target_machine_args
target_console_args
target_device_args "$HOTPLUG"
root_qemu_args
CMDLINE="console=$TARGET_CONSOLE panic=-1 quiet"
# under icount an idle wait skips to the next timer; with the tick stopped (NOHZ) that can be
# seconds, so the guest clock leaps while it waits for 9p: keep the tick (idle only)
[[ $CLOCK_KIND == icount ]] && CMDLINE+=" nohz=off"
[[ -n $IOMMU_CMDLINE ]] && CMDLINE+=" $IOMMU_CMDLINE"
[[ -n $APPEND ]] && CMDLINE+=" $APPEND"
QEMU_PID_FILE=$OUT/.qemu.pid
QEMU_CMD=("$TARGET_QEMU" -accel "$ACCEL_USED" "${MACHINE_ARGS[@]}" -m "$MEM" -smp "$SMP"
	"${CONSOLE_ARGS[@]}" -no-user-config -no-reboot "${IOMMU_ARGS[@]}" "${DEVICE_ARGS[@]}"
	-kernel "$KERNEL_IMG" -initrd "$INITRAMFS" -append "$CMDLINE" -pidfile "$QEMU_PID_FILE"
	"${CLOCK_ARGS[@]}" "${ROOT_ARGS[@]}" "${QEMU_EXTRA[@]}")
[[ -n $QMP ]] && QEMU_CMD+=(-qmp "unix:${QMP//,/,,},server=on,wait=off")

log "target $TARGET_NAME, kernel $KVER, accel $ACCEL_USED ($ACCEL_WHY), clock $(clock_runner_arg), iommu $TARGET_IOMMU, smp $SMP, mem $MEM MiB, timeout $TIMEOUT s"
boot_run
QEMU_PID_FILE=
root_cleanup
root_finish
if [[ -z $ROOT_RC ]]; then
	if root_started; then
		log "error: the guest died while running the command (QEMU exit status $qemu_st) after $elapsed s; last lines of $OUT/serial.log:"
	else
		log "error: boot failure: the guest never started the command (QEMU exit status $qemu_st) after $elapsed s; last lines of $OUT/serial.log:"
	fi
	tail -n 40 "$OUT/serial.log" >&2
	exit 125
fi
[[ $ROOT_RC =~ ^[0-9]+$ ]] || { log "error: malformed $OUT/rc: '$ROOT_RC'"; exit 125; }
log "guest done in $elapsed s, command exit status $ROOT_RC (out: $OUT)"
exit "$ROOT_RC"
