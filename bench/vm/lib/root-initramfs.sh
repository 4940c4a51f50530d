# shellcheck shell=bash
# Guest root "initramfs" (for a guest of another architecture, whose binaries the host's / is
# no use for): everything CMD needs goes into the initramfs (--file), built per run in DIR;
# CMD runs in / with busybox sh. The results come back over the console: at the end the
# /init prints guest.log and dmesg.txt (and with --collect a directory as a tar, gzip,
# base64), each line prefixed, and the host takes them out of serial.log. The functions the
# launcher (bench/vm/run.sh) asks.

ROOT_OPTIONS='--file --collect'

root_init() {
	initramfs_init_start
	cat <<'EOF_INIT'
export HOME=/tmp IOMMUBENCH_VM=1 IOMMUBENCH_KO=/iommubench.ko
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
EOF_INIT
}

# Sets INITRAMFS: DIR/.initramfs.cpio.gz, with the command, the module and the --file files.
root_initramfs() {
	local stage f src dst a cmd="" ko=$VM_REPO/build/kmod/$KVER/iommubench.ko
	for f in "${FILES[@]}"; do
		[[ -e ${f%%:*} ]] || die "--file ${f%%:*}: no such file or directory"
	done
	stage=$(initramfs_stage "$BUSYBOX" "$(root_init)")
	for a in "${CMD[@]}"; do cmd+=" $(shquote "$a")"; done
	echo "${cmd# }" >"$stage/cmd.sh"
	if [[ -f $ko ]]; then
		cp "$ko" "$stage/iommubench.ko"
	else
		log "warning: $ko not built (make kmod-$TARGET_ARCH): the guest has no module"
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
	initramfs_pack "$stage" "$INITRAMFS" 1
}

root_prepare() { :; }	# the command is in the initramfs already
root_qemu_args() { ROOT_ARGS=(); }
# the terminal gets the console without the files going out
root_console_filter() { grep --line-buffered -v '^@@|'; }
root_reset() { rm -f "$OUT/rc"; }
root_started() { grep -q '^@@IB-STARTED@@$' "$OUT/serial.log"; }
root_cleanup() { [[ -z ${INITRAMFS:-} ]] || rm -f "$INITRAMFS"; }

# Take file NAME out of serial.log (the prefixed lines between its markers).
root_extract() {
	sed -n "/^@@IB-FILE $1@@\$/,/^@@IB-END $1@@\$/{s/^@@|//p}" "$OUT/serial.log"
}

# After the guest: guest.log, dmesg.txt (and --collect's tree) out of the console, rc written;
# ROOT_RC = CMD's exit status ("" if the guest printed none; 4 if --collect's tree is broken).
root_finish() {
	ROOT_RC=$(sed -n 's/^@@IB-RC \([0-9]*\)@@$/\1/p' "$OUT/serial.log" | tail -n 1)
	root_extract guest.log >"$OUT/guest.log"
	root_extract dmesg.txt >"$OUT/dmesg.txt"
	[[ -n $ROOT_RC ]] || return 0
	if [[ -n $COLLECT ]]; then
		if ! sed -n '/^@@IB-TREE@@$/,/^@@IB-TREE-END@@$/{s/^@@|//p}' "$OUT/serial.log" |
			base64 -d | tar -xz -C "$OUT"; then
			log "error: the guest's $COLLECT did not come back whole (see $OUT/serial.log)"
			[[ $ROOT_RC != 0 ]] || ROOT_RC=4
		fi
	fi
	echo "$ROOT_RC" >"$OUT/rc"
}
