#!/bin/bash
# Boot a Debian s390x kernel under QEMU (TCG) with a zPCI device behind the s390 IOMMU, run a
# command in a busybox initramfs, bring its output back. The s390x counterpart of run-in-vm.sh,
# with the same out-directory contract (rc, dmesg.txt, guest.log, serial.log); the host's / is
# not shared (its binaries are x86), so everything the guest runs comes in the initramfs.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/vm/run-in-vm-s390x.sh --kernel REL --out DIR [options] -- CMD...

Boots build/s390x/<REL>/boot/vmlinuz-<REL> (bench/vm/s390x-kernels.sh fetch) under
qemu-system-s390x (s390-ccw-virtio, TCG) with a zPCI device (virtio-rng-pci, uid 1, fid 0:
guest 0001:00:00.0) and runs CMD with busybox sh in an initramfs that holds a static s390x
busybox, the module build/kmod/<REL>/iommubench.ko (as /iommubench.ko, if built) and the
files given with --file. CMD runs in / with PATH=/bin, $IOMMUBENCH_VM=1 and
$IOMMUBENCH_KO=/iommubench.ko.

Options:
  --kernel REL      s390x release, or a prefix such as 6.1 / 6.12 (newest unpacked match)
  --out DIR         host directory for results; created if missing. Afterwards it holds
                    rc (CMD's exit status), dmesg.txt (guest kernel log), guest.log (CMD's
                    stdout+stderr), serial.log (the whole console)
  --file SRC[:DST]  put the host file SRC into the initramfs at DST (default /bin/<name>);
                    repeatable. It must be an s390x static binary or a script for busybox sh.
                    A directory SRC is copied whole (symbolic links kept) into DST
  --collect DIR     after CMD, send the guest directory DIR back (tar, gzip, base64 over
                    the console) and unpack it into the out directory
  --smp N           guest CPUs (default 2)
  --mem MiB         guest memory (default 1024)
  --timeout S       kill the guest after S seconds (default 600)
  --append ARGS     extra kernel command line arguments (e.g. iommu.strict=1)
  --qemu-arg ARG    extra QEMU argument (repeatable, one word each)
  --qmp SOCKET      serve QEMU's monitor (QMP) on the unix socket SOCKET (as run-in-vm.sh).
                    The PCI device's QEMU id is pci0, its zpci device's zpci0: QMP
                    device_del pci0 unplugs the function (zpci0 goes with it); device_add
                    zpci (uid 1, fid 0, target pci0, id zpci0), then virtio-rng-pci (id
                    pci0) plugs it back in (bench/vm/qmp.sh sends them)
  -h, --help        this help

The guest's files come back over the console: the init prints them at the end, each line
prefixed, and the host takes them out of serial.log. A guest kernel that dies before CMD
starts is booted again, up to $IOMMUBENCH_BOOT_RETRIES (default 2) times.

Exit status: CMD's exit status; 124 time-out; 125 boot failure (no rc written);
2 usage error; 3 environment error (kernel not fetched, QEMU or busybox missing).
EOF
}

die() { echo "error: $1" >&2; exit "${2:-3}"; }
log() { echo "run-in-vm-s390x: $*" >&2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
K=$REPO/bench/vm/s390x-kernels.sh

KVER='' OUT='' SMP=2 MEM=1024 TIMEOUT=600 APPEND='' QMP=''
BOOT_RETRIES=${IOMMUBENCH_BOOT_RETRIES:-2}
QEMU_EXTRA=() FILES=() COLLECT=
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--kernel | --out | --smp | --mem | --timeout | --append | --qemu-arg | --file | --collect | --qmp)
		(($# >= 2)) || die "$1 needs a value" 2
		case $1 in
		--kernel) KVER=$2 ;;
		--out) OUT=$2 ;;
		--smp) SMP=$2 ;;
		--mem) MEM=$2 ;;
		--timeout) TIMEOUT=$2 ;;
		--append) APPEND=$2 ;;
		--qemu-arg) QEMU_EXTRA+=("$2") ;;
		--file) FILES+=("$2") ;;
		--collect) COLLECT=$2 ;;
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
[[ -n $OUT ]] || die "--out is required (see --help)" 2
((${#CMD[@]})) || die "no command given after -- (see --help)" 2
[[ $SMP =~ ^[1-9][0-9]*$ ]] || die "--smp must be a positive integer" 2
[[ $MEM =~ ^[1-9][0-9]*$ ]] || die "--mem must be a positive integer (MiB)" 2
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer (seconds)" 2

KVER=$("$K" resolve "$KVER") || exit 3
KERNEL_IMG=$("$K" image "$KVER") || exit 3
BUSYBOX=$("$K" busybox) || exit 3
command -v qemu-system-s390x >/dev/null || die "qemu-system-s390x not found; run bench/setup.sh (qemu-system-misc)"
command -v cpio >/dev/null || die "cpio not found; run bench/setup.sh"
KO=$REPO/build/kmod/$KVER/iommubench.ko
for f in "${FILES[@]}"; do
	[[ -e ${f%%:*} ]] || die "--file ${f%%:*}: no such file or directory"
done

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P)

# --- initramfs -------------------------------------------------------------------------------

# shquote, and the guest killed on every way out
# shellcheck source=bench/vm/qemu-guard.sh
source "$REPO/bench/vm/qemu-guard.sh"


init_script() {
	cat <<'EOF'
#!/bin/busybox sh
# generated by bench/vm/run-in-vm-s390x.sh
/bin/busybox mkdir -p /dev /proc /sys /tmp
/bin/busybox mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox --install -s /bin
export PATH=/bin HOME=/tmp IOMMUBENCH_VM=1 IOMMUBENCH_KO=/iommubench.ko
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
echo "@@IB-STARTED@@"
echo "iommubench-init: $(uname -r) up in $(cut -d' ' -f1 /proc/uptime) s, running the command"
cd /
{ sh /cmd.sh </dev/null; echo $? >/tmp/rc; } 2>&1 | tee /tmp/guest.log
# only the files from here on: keep kernel messages off the console while they go out
dmesg -n 1
dmesg >/tmp/dmesg.txt
for f in guest.log dmesg.txt; do
	echo "@@IB-FILE $f@@"
	sed 's/^/@@|/' /tmp/$f
	echo "@@IB-END $f@@"
done
# --collect: a directory's files, as one compressed tar
if [ -s /collect ] && [ -d "$(cat /collect)" ]; then
	echo "@@IB-TREE@@"
	tar -C "$(cat /collect)" -cz . | base64 | sed 's/^/@@|/'
	echo "@@IB-TREE-END@@"
fi
echo "@@IB-RC $(cat /tmp/rc)@@"
sync
poweroff -f
EOF
}

build_initramfs() {
	local stage f src dst a cmd=
	stage=$(mktemp -d "$OUT/.initramfs.XXXXXX")
	mkdir -p "$stage"/{bin,dev,proc,sys,tmp}
	cp "$BUSYBOX" "$stage/bin/busybox"
	init_script >"$stage/init"
	chmod 755 "$stage/init"
	for a in "${CMD[@]}"; do cmd+=" $(shquote "$a")"; done
	echo "${cmd# }" >"$stage/cmd.sh"
	if [[ -f $KO ]]; then
		cp "$KO" "$stage/iommubench.ko"
	else
		log "warning: $KO not built (make kmod-s390x): the guest has no module"
	fi
	for f in "${FILES[@]}"; do
		src=${f%%:*}
		dst=/bin/${src##*/}
		[[ $f == *:* ]] && dst=${f#*:}
		mkdir -p "$stage$(dirname "$dst")"
		if [[ -d $src ]]; then
			mkdir -p "$stage$dst"
			cp -a "$src/." "$stage$dst/"
		else
			cp "$src" "$stage$dst"
		fi
	done
	printf '%s' "$COLLECT" >"$stage/collect"
	INITRAMFS=$OUT/.initramfs.cpio.gz
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1n) \
		>"$INITRAMFS"
	rm -rf "$stage"
}

# --- QEMU ------------------------------------------------------------------------------------

# shellcheck disable=SC2317 # called from the guard's traps
remove_initramfs() { [[ -z ${INITRAMFS:-} ]] || rm -f "$INITRAMFS"; }
QEMU_GUARD_EXTRA=remove_initramfs

build_initramfs

CMDLINE="console=ttysclp0 panic=-1 quiet"
[[ -n $APPEND ]] && CMDLINE+=" $APPEND"
QEMU_PID_FILE=$OUT/.qemu.pid
# shellcheck disable=SC2054 # the commas are QEMU's
QEMU=(qemu-system-s390x -accel tcg -M s390-ccw-virtio -cpu max -m "$MEM" -smp "$SMP"
	-nographic -no-user-config -no-reboot
	-kernel "$KERNEL_IMG" -initrd "$INITRAMFS" -append "$CMDLINE"
	-device zpci,uid=1,fid=0,target=pci0,id=zpci0 -device virtio-rng-pci,id=pci0
	-pidfile "$QEMU_PID_FILE" "${QEMU_EXTRA[@]}")
[[ -n $QMP ]] && QEMU+=(-qmp "unix:${QMP//,/,,},server=on,wait=off")

log "kernel $KVER, accel tcg, smp $SMP, mem $MEM MiB, timeout $TIMEOUT s"

# Take file NAME out of serial.log (the prefixed lines between its markers).
extract() {
	sed -n "/^@@IB-FILE $1@@\$/,/^@@IB-END $1@@\$/{s/^@@|//p}" "$OUT/serial.log"
}

boot_once() {
	rm -f "$OUT/rc" "$OUT/dmesg.txt" "$OUT/guest.log" "$OUT/serial.log" "$OUT/.qemu.status"
	start=$(date +%s.%N)
	{
		st=0
		timeout --foreground --kill-after=10 "$TIMEOUT" "${QEMU[@]}" </dev/null 2>&1 || st=$?
		echo "$st" >"$OUT/.qemu.status"
	} | sed -u 's/\r$//' | tee "$OUT/serial.log" | grep --line-buffered -v '^@@|' &
	wait $! || true
	qemu_st=$(cat "$OUT/.qemu.status" 2>/dev/null || echo unknown)
	elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	rm -f "$QEMU_PID_FILE" "$OUT/.qemu.status"
}

attempt=1
while :; do
	boot_once
	if [[ $qemu_st == 124 || $qemu_st == 137 ]]; then
		log "error: time-out after $TIMEOUT s; guest killed (serial log: $OUT/serial.log)"
		exit 124
	fi
	grep -q '^@@IB-STARTED@@$' "$OUT/serial.log" && break
	((attempt <= BOOT_RETRIES)) || break
	cp -f "$OUT/serial.log" "$OUT/serial.boot-failure-$attempt.log"
	log "the guest kernel died before the command started (QEMU exit status $qemu_st; console kept in $OUT/serial.boot-failure-$attempt.log); booting again ($attempt of $BOOT_RETRIES)"
	attempt=$((attempt + 1))
done
QEMU_PID_FILE=
rm -f "$INITRAMFS"

rc=$(sed -n 's/^@@IB-RC \([0-9]*\)@@$/\1/p' "$OUT/serial.log" | tail -n 1)
extract guest.log >"$OUT/guest.log"
extract dmesg.txt >"$OUT/dmesg.txt"
if [[ -z $rc ]]; then
	if grep -q '^@@IB-STARTED@@$' "$OUT/serial.log"; then
		log "error: the guest died while running the command (QEMU exit status $qemu_st) after $elapsed s; last lines of $OUT/serial.log:"
	else
		log "error: boot failure: the guest never started the command (QEMU exit status $qemu_st) after $elapsed s; last lines of $OUT/serial.log:"
	fi
	tail -n 40 "$OUT/serial.log" >&2
	exit 125
fi
if [[ -n $COLLECT ]]; then
	if ! sed -n '/^@@IB-TREE@@$/,/^@@IB-TREE-END@@$/{s/^@@|//p}' "$OUT/serial.log" |
		base64 -d | tar -xz -C "$OUT"; then
		log "error: the guest's $COLLECT did not come back whole (see $OUT/serial.log)"
		[[ $rc != 0 ]] || rc=4
	fi
fi
echo "$rc" >"$OUT/rc"
log "guest done in $elapsed s, command exit status $rc (out: $OUT)"
exit "$rc"
