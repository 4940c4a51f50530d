# shellcheck shell=bash
# Booting the assembled QEMU command ($QEMU_CMD) under a time-out, with the console in
# $OUT/serial.log (and on the terminal, through the guest root's root_console_filter), and
# the retry rule: a guest kernel that dies before the command starts is the emulator's
# problem, not ours (seen: Debian 6.12 under TCG with 2 vCPUs, an int3 Oops in boot-time text
# patching, about one boot in a hundred): boot again, up to $BOOT_RETRIES times. A guest that
# dies once the command has started is never retried: that may be what is being tested.
#   boot_run      boots until done; exits 124 on a time-out, else returns with qemu_st and
#                 elapsed set (the guest root's root_started says whether CMD ran)

# One boot: sets qemu_st and elapsed.
boot_once() {
	local start
	rm -f "$OUT/dmesg.txt" "$OUT/guest.log" "$OUT/serial.log" "$OUT/.qemu.status"
	root_reset
	start=$(date +%s.%N)
	# QEMU's stdin is /dev/null so it never puts the terminal into raw mode. The console goes
	# to the terminal and, without CRs, to serial.log. The pipeline runs in the background
	# and we `wait` for it, so a signal to this script is handled at once (the guard's EXIT
	# trap kills QEMU) instead of after the guest ends.
	{
		st=0
		timeout --foreground --kill-after=10 "$TIMEOUT" "${QEMU_CMD[@]}" </dev/null 2>&1 || st=$?
		echo "$st" >"$OUT/.qemu.status"
	} | sed -u 's/\r$//' | tee "$OUT/serial.log" | root_console_filter &
	wait $! || true
	qemu_st=$(cat "$OUT/.qemu.status" 2>/dev/null || echo unknown)
	elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	rm -f "$QEMU_PID_FILE" "$OUT/.qemu.status"
}

boot_run() {
	local attempt=1
	while :; do
		boot_once
		if [[ $qemu_st == 124 || $qemu_st == 137 ]]; then
			log "error: time-out after $TIMEOUT s; guest killed (serial log: $OUT/serial.log)"
			exit 124
		fi
		root_started && break
		((attempt <= BOOT_RETRIES)) || break
		cp -f "$OUT/serial.log" "$OUT/serial.boot-failure-$attempt.log"
		log "the guest kernel died before the command started (QEMU exit status $qemu_st; console kept in $OUT/serial.boot-failure-$attempt.log); booting again ($attempt of $BOOT_RETRIES)"
		attempt=$((attempt + 1))
	done
}
