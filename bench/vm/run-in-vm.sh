#!/bin/bash
# Boot a Debian kernel under QEMU with an emulated IOMMU and the `edu` test device, share the
# host's / read-only (virtme-style), run a command in a chroot of it, bring its output back.
# Contract: docs/CONTRACTS.md (bench/).
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/vm/run-in-vm.sh --kernel KVER --out DIR [options] -- CMD...

Boots /boot/vmlinuz-KVER under QEMU (q35, emulated IOMMU, QEMU's edu device 1234:11e8),
shares the host's / read-only and DIR read-write, and runs CMD in a chroot of the host's /
with cwd = this repository and $IOMMUBENCH_OUT = a directory that is DIR on the host.

Options:
  --kernel KVER     kernel release, or a prefix such as 6.1 / 6.12 (newest installed match)
  --out DIR         host directory for results; created if missing. Afterwards it holds
                    rc (CMD's exit status), dmesg.txt (guest kernel log), guest.log (CMD's
                    stdout+stderr), serial.log (the whole serial console)
  --smp N           guest CPUs (default 2)
  --mem MiB         guest memory (default 1024)
  --timeout S       kill the guest after S seconds (default 600)
  --iommu intel|amd emulated IOMMU: intel-iommu (VT-d, default) or amd-iommu (AMD-Vi)
  --accel auto|tcg|kvm
                    auto (default) uses KVM only if a cached probe boot (build/vm/accel,
                    per host kernel) finished within 20 s, otherwise TCG
  --append ARGS     extra kernel command line arguments
  --qemu-arg ARG    extra QEMU argument (repeatable, one word each)
  --hotplug         put edu behind a PCIe root port (QEMU id edu0), where it can be
                    unplugged (QMP device_del edu0) and plugged again (device_add)
  --qmp SOCKET      serve QEMU's monitor (QMP) on the unix socket SOCKET
  --print-accel     only print the accelerator `--accel auto` picks (tcg or kvm; may run
                    the probe) and exit; needs only --kernel
  -h, --help        this help

A guest kernel that dies before CMD starts (an emulator flake) is booted again, up to
$IOMMUBENCH_BOOT_RETRIES (default 2) times; one that dies while CMD runs is not.

Exit status: CMD's exit status; 124 time-out; 125 boot failure (no rc written);
2 usage error; 3 environment error (missing kernel, QEMU, busybox, modules).
EOF
}

die() { echo "error: $1" >&2; exit "${2:-3}"; }
log() { echo "run-in-vm: $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
VM_BUILD=$REPO/build/vm
# shellcheck source=bench/vm/kernels.sh
source "$REPO/bench/vm/kernels.sh"

KVER='' OUT='' SMP=2 MEM=1024 TIMEOUT=600 IOMMU=intel ACCEL=auto APPEND='' PRINT_ACCEL=0
HOTPLUG=0 QMP=''
BOOT_RETRIES=${IOMMUBENCH_BOOT_RETRIES:-2}
QEMU_EXTRA=()
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--print-accel) PRINT_ACCEL=1; shift ;;
	--hotplug) HOTPLUG=1; shift ;;
	--kernel | --out | --smp | --mem | --timeout | --iommu | --accel | --append | --qemu-arg | --qmp)
		(($# >= 2)) || die "$1 needs a value" 2
		case $1 in
		--kernel) KVER=$2 ;;
		--out) OUT=$2 ;;
		--smp) SMP=$2 ;;
		--mem) MEM=$2 ;;
		--timeout) TIMEOUT=$2 ;;
		--iommu) IOMMU=$2 ;;
		--accel) ACCEL=$2 ;;
		--append) APPEND=$2 ;;
		--qemu-arg) QEMU_EXTRA+=("$2") ;;
		--qmp) QMP=$2 ;;
		esac
		shift 2
		;;
	--) shift; break ;;
	*) die "unknown argument '$1' (see --help)" 2 ;;
	esac
done
CMD=("$@")
[[ -n $KVER ]] || die "--kernel is required (see --help)" 2
if ((!PRINT_ACCEL)); then
	[[ -n $OUT ]] || die "--out is required (see --help)" 2
	((${#CMD[@]})) || die "no command given after -- (see --help)" 2
fi
[[ $SMP =~ ^[1-9][0-9]*$ ]] || die "--smp must be a positive integer" 2
[[ $MEM =~ ^[1-9][0-9]*$ ]] || die "--mem must be a positive integer (MiB)" 2
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer (seconds)" 2
[[ $IOMMU == intel || $IOMMU == amd ]] || die "--iommu must be intel or amd" 2
[[ $ACCEL == auto || $ACCEL == tcg || $ACCEL == kvm ]] || die "--accel must be auto, tcg or kvm" 2

KVER=$(kernels_resolve "$KVER") || exit 3
KERNEL_IMG=/boot/vmlinuz-$KVER
MODDIR=/lib/modules/$KVER
[[ -r $KERNEL_IMG ]] || die "cannot read $KERNEL_IMG (run as root, or install linux-image-$KVER)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found; run bench/setup.sh"
BUSYBOX=/bin/busybox # from busybox-static; the initramfs has no libc
file_is_static() { ! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'INTERP'; }
if [[ ! -x $BUSYBOX ]] || ! file_is_static "$BUSYBOX"; then
	die "$BUSYBOX is missing or not static; install busybox-static (bench/setup.sh)"
fi
case $REPO/ in
/tmp/*) die "the repository ($REPO) is under /tmp, which the guest covers with a tmpfs" ;;
esac

mkdir -p "$VM_BUILD"
if ((!PRINT_ACCEL)); then
	mkdir -p "$OUT"
	OUT=$(cd "$OUT" && pwd -P)
fi

# --- initramfs -------------------------------------------------------------------------------

# Print the modules (paths relative to $MODDIR) needed to mount a virtio 9p share, in load
# order (dependencies first), from modules.dep. Built-in ones are skipped: on Debian 6.1 the
# virtio transport is modular, on 6.12 it is built in; fscache is a module only on 6.1.
module_order() {
	local -A dep=() seen=()
	local line key val m
	[[ -r $MODDIR/modules.dep ]] || die "$MODDIR/modules.dep not found (is linux-image-$KVER installed?)"
	while IFS= read -r line; do
		key=${line%%:*}
		val=${line#*:}
		dep[${key%.ko*}]=$val
	done <"$MODDIR/modules.dep"
	visit() {
		local name=${1%.ko*} d
		[[ -n ${seen[$name]:-} ]] && return 0
		seen[$name]=1
		for d in ${dep[$name]}; do visit "$d"; done
		# modules.dep keys lose the compression suffix above: find the file again
		for d in "$name".ko "$name".ko.xz "$name".ko.zst "$name".ko.gz; do
			[[ -e $MODDIR/$d ]] && { echo "$d"; return 0; }
		done
		die "$MODDIR/$name.ko* listed in modules.dep but missing"
	}
	for m in kernel/drivers/virtio/virtio_pci kernel/net/9p/9pnet_virtio kernel/fs/9p/9p; do
		if [[ -n ${dep[$m]+set} ]]; then
			visit "$m"
		elif ! grep -qx "$m.ko" "$MODDIR/modules.builtin" 2>/dev/null; then
			die "$KVER has $m neither as a module nor built in: cannot mount 9p"
		fi
	done
}

# /init of the initramfs. Runs busybox only; everything else comes from the host's root.
init_script() {
	cat <<'EOF'
#!/bin/busybox sh
# generated by bench/vm/run-in-vm.sh
/bin/busybox mkdir -p /dev /proc /sys /newroot
/bin/busybox mount -t devtmpfs devtmpfs /dev
# no /dev/console node in the archive (needs root to create): reopen it now
exec </dev/console >/dev/console 2>&1
/bin/busybox --install -s /bin
export PATH=/bin
fail() { echo "iommubench-init: error: $*"; poweroff -f; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
while read -r m; do
	insmod "/lib/modules/$m" || fail "insmod $m failed"
done </etc/modules.load
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 hostroot /newroot ||
	fail "cannot mount the host's root (9p tag hostroot)"
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp || fail "cannot mount tmpfs on /tmp"
# the runner's state files (/run/iommubench): the host's /run is read-only here
mount -t tmpfs -o mode=755 tmpfs /newroot/run || fail "cannot mount tmpfs on /run"
mkdir /newroot/tmp/iommubench-out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /newroot/tmp/iommubench-out ||
	fail "cannot mount the output share (9p tag out)"
# debugfs: not needed by the harness, but handy for looking at the IOMMU driver's state
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
for d in proc sys dev; do
	mount -o rbind "/$d" "/newroot/$d" || fail "cannot bind /$d"
done
echo "iommubench-init: $(uname -r) up in $(cut -d' ' -f1 /proc/uptime) s, running the command"
chroot /newroot /bin/sh /tmp/iommubench-out/.guest-cmd.sh
dmesg >/newroot/tmp/iommubench-out/dmesg.txt
sync
umount /newroot/tmp/iommubench-out
poweroff -f
EOF
}

# Build (or reuse) build/vm/initramfs-$KVER.cpio.gz; rebuilt when any input changes.
build_initramfs() {
	local img=$VM_BUILD/initramfs-$KVER.cpio.gz mods m key stage tmp
	mods=$(module_order)
	key=$({
		init_script
		echo "$mods"
		sha256sum "$BUSYBOX"
		for m in $mods; do sha256sum "$MODDIR/$m"; done
	} | sha256sum | cut -d' ' -f1)
	if [[ -f $img && $(cat "$img.key" 2>/dev/null) == "$key" ]]; then
		INITRAMFS=$img
		return 0
	fi
	log "building $img"
	stage=$(mktemp -d "$VM_BUILD/.initramfs-$KVER.XXXXXX")
	mkdir -p "$stage"/{bin,dev,proc,sys,newroot,etc,lib/modules}
	cp "$BUSYBOX" "$stage/bin/busybox"
	init_script >"$stage/init"
	chmod 755 "$stage/init"
	: >"$stage/etc/modules.load"
	for m in $mods; do
		local base=${m##*/}
		base=${base%.ko*}.ko
		# busybox insmod cannot read compressed modules: decompress here
		case $m in
		*.ko.xz) xz -dc "$MODDIR/$m" >"$stage/lib/modules/$base" ;;
		*.ko.zst) zstd -qdc "$MODDIR/$m" >"$stage/lib/modules/$base" ;;
		*.ko.gz) gzip -dc "$MODDIR/$m" >"$stage/lib/modules/$base" ;;
		*) cp "$MODDIR/$m" "$stage/lib/modules/$base" ;;
		esac
		echo "$base" >>"$stage/etc/modules.load"
	done
	# a private temporary name, then rename: concurrent runs never see half an archive
	tmp=$(mktemp "$VM_BUILD/.initramfs-$KVER.cpio.gz.XXXXXX")
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n) \
		>"$tmp"
	rm -rf "$stage"
	chmod 644 "$tmp"
	mv -f "$tmp" "$img"
	echo "$key" >"$img.key"
	INITRAMFS=$img
}

# --- QEMU ------------------------------------------------------------------------------------

# shellcheck source=bench/vm/qemu-guard.sh
source "$REPO/bench/vm/qemu-guard.sh"

write_guest_cmd() {
	local a cmd=
	for a in "${CMD[@]}"; do cmd+=" $(shquote "$a")"; done
	cat >"$OUT/.guest-cmd.sh" <<EOF
# generated by bench/vm/run-in-vm.sh; runs in the guest, in a chroot of the host's /
# the host retries a boot only if the guest never got here
: >/tmp/iommubench-out/.started
export IOMMUBENCH_OUT=/tmp/iommubench-out
export IOMMUBENCH_VM=1
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp
cd $(shquote "$REPO") || { echo "error: cannot cd to $(shquote "$REPO") in the guest"; exit 1; }
# stdout+stderr to the serial console (progress) and to guest.log; rc written last
# stdbuf: line-buffer stdio so progress streams through the pipe to the console
{ stdbuf -oL -eL ${cmd# } </dev/null; echo \$? >"\$IOMMUBENCH_OUT/.rc.tmp"; } 2>&1 | tee "\$IOMMUBENCH_OUT/guest.log"
mv -f "\$IOMMUBENCH_OUT/.rc.tmp" "\$IOMMUBENCH_OUT/rc"
EOF
}

# Decide the accelerator. KVM on this project's machines hangs for a normal guest, so `auto`
# trusts it only after a probe boot (cached per host kernel) completes within 20 s.
# IOMMUBENCH_KVM_DEV: tests point it at a dummy file to exercise the probe where there is no
# /dev/kvm (QEMU itself still opens /dev/kvm, so the probe then fails and falls back to TCG).
KVM_DEV=${IOMMUBENCH_KVM_DEV:-/dev/kvm}
pick_accel() {
	local cache=$VM_BUILD/accel host result probe_out h
	host=$(uname -r)
	if [[ $ACCEL != auto ]]; then
		if [[ $ACCEL == kvm && ! -w $KVM_DEV ]]; then
			die "--accel kvm: /dev/kvm is missing or not writable"
		fi
		ACCEL_USED=$ACCEL ACCEL_WHY="--accel $ACCEL"
		return 0
	fi
	if [[ -f $cache ]] && read -r h result <"$cache" && [[ $h == "$host" ]]; then
		ACCEL_USED=$result ACCEL_WHY="cached probe for host kernel $host in $cache"
		return 0
	fi
	if [[ ! -w $KVM_DEV ]]; then
		result=tcg
		ACCEL_WHY="no usable /dev/kvm"
	else
		log "probing KVM (a 20 s trial boot; the result is cached in $cache)"
		probe_out=$(mktemp -d "$VM_BUILD/.accel-probe.XXXXXX")
		if "${BASH_SOURCE[0]}" --kernel "$KVER" --out "$probe_out" --accel kvm --timeout 20 --smp 1 -- true \
			>"$VM_BUILD/accel-probe.log" 2>&1; then
			result=kvm
			ACCEL_WHY="probe boot with KVM succeeded"
		else
			result=tcg
			ACCEL_WHY="probe boot with KVM failed or took over 20 s (log: $VM_BUILD/accel-probe.log)"
		fi
		rm -rf "$probe_out"
	fi
	echo "$host $result" >"$cache.tmp" && mv -f "$cache.tmp" "$cache"
	ACCEL_USED=$result
}

build_initramfs
pick_accel
if ((PRINT_ACCEL)); then
	log "accel $ACCEL_USED ($ACCEL_WHY)"
	echo "$ACCEL_USED"
	exit 0
fi
write_guest_cmd

CMDLINE="console=ttyS0 panic=-1 quiet"
# shellcheck disable=SC2054 # the commas are QEMU's
QEMU=(qemu-system-x86_64 -accel "$ACCEL_USED" -M q35,kernel-irqchip=split -cpu max
	-m "$MEM" -smp "$SMP" -nodefaults -no-user-config -display none -no-reboot)
# The IOMMU must come before the PCI devices it translates for.
if [[ $IOMMU == intel ]]; then
	# shellcheck disable=SC2054
	QEMU+=(-device intel-iommu,intremap=on)
	CMDLINE+=" intel_iommu=on"
else
	QEMU+=(-device amd-iommu)
fi
[[ -n $APPEND ]] && CMDLINE+=" $APPEND"
QEMU_PID_FILE=$OUT/.qemu.pid
if ((HOTPLUG)); then
	# a root port's slot is hot-pluggable (q35's ACPI hotplug: no 5 s attention-button wait)
	# shellcheck disable=SC2054
	QEMU+=(-device pcie-root-port,id=rp0,chassis=1,slot=1 -device edu,id=edu0,bus=rp0)
else
	QEMU+=(-device edu)
fi
[[ -n $QMP ]] && QEMU+=(-qmp "unix:${QMP//,/,,},server=on,wait=off")
# shellcheck disable=SC2054
QEMU+=(
	-kernel "$KERNEL_IMG" -initrd "$INITRAMFS" -append "$CMDLINE"
	-serial stdio -pidfile "$QEMU_PID_FILE"
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=${OUT//,/,,},mount_tag=out,security_model=none,multidevs=remap"
	"${QEMU_EXTRA[@]}")

log "kernel $KVER, accel $ACCEL_USED ($ACCEL_WHY), iommu $IOMMU, smp $SMP, mem $MEM MiB, timeout $TIMEOUT s"

# One boot: sets qemu_st and elapsed.
boot_once() {
	rm -f "$OUT/rc" "$OUT/.rc.tmp" "$OUT/.started" "$OUT/dmesg.txt" "$OUT/guest.log" \
		"$OUT/serial.log" "$OUT/.qemu.status"
	start=$(date +%s.%N)
	# QEMU's stdin is /dev/null so it never puts the terminal into raw mode. The serial
	# console goes to the terminal and, without CRs, to serial.log. The pipeline runs in
	# the background and we `wait` for it, so a signal to this script is handled at once
	# (the EXIT trap kills QEMU) instead of after the guest ends.
	{
		st=0
		timeout --foreground --kill-after=10 "$TIMEOUT" "${QEMU[@]}" </dev/null 2>&1 || st=$?
		echo "$st" >"$OUT/.qemu.status"
	} | sed -u 's/\r$//' | tee "$OUT/serial.log" &
	wait $! || true
	qemu_st=$(cat "$OUT/.qemu.status" 2>/dev/null || echo unknown)
	elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	rm -f "$QEMU_PID_FILE" "$OUT/.rc.tmp" "$OUT/.qemu.status"
}

# A guest kernel that dies before the command starts is the emulator's
# problem, not ours (seen: Debian 6.12 under TCG with 2 vCPUs, an int3 Oops
# in boot-time text patching, about one boot in a hundred): boot again, a
# bounded number of times. A guest that dies once the command has started
# is never retried: that may be what is being tested.
attempt=1
while :; do
	boot_once
	if [[ $qemu_st == 124 || $qemu_st == 137 ]]; then
		log "error: time-out after $TIMEOUT s; guest killed (serial log: $OUT/serial.log)"
		exit 124
	fi
	[[ -s $OUT/rc || -e $OUT/.started ]] && break
	((attempt <= BOOT_RETRIES)) || break
	cp -f "$OUT/serial.log" "$OUT/serial.boot-failure-$attempt.log"
	log "the guest kernel died before the command started (QEMU exit status $qemu_st; console kept in $OUT/serial.boot-failure-$attempt.log); booting again ($attempt of $BOOT_RETRIES)"
	attempt=$((attempt + 1))
done
QEMU_PID_FILE=

if [[ ! -s $OUT/rc ]]; then
	if [[ -e $OUT/.started ]]; then
		log "error: the guest died while running the command (QEMU exit status $qemu_st) after $elapsed s; last lines of $OUT/serial.log:"
	else
		log "error: boot failure: the guest never started the command (QEMU exit status $qemu_st) after $elapsed s; last lines of $OUT/serial.log:"
	fi
	tail -n 40 "$OUT/serial.log" >&2
	exit 125
fi
rc=$(<"$OUT/rc")
[[ $rc =~ ^[0-9]+$ ]] || { log "error: malformed $OUT/rc: '$rc'"; exit 125; }
log "guest done in $elapsed s, command exit status $rc (out: $OUT)"
exit "$rc"
