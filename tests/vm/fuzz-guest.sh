#!/bin/sh
# Runs inside the guest (chroot of the host's root, cwd = repository): load the
# module with a short sim wait cap (every sim wait ends within 1 ms, so valid
# sim runs stay cheap), bind the edu device, run build/ioctl_fuzz, unbind,
# unload. Each step's status goes to $IOMMUBENCH_OUT/<step>.rc, the fuzzer's
# output to $IOMMUBENCH_OUT/fuzz.log (and the console).
#   usage: tests/vm/fuzz-guest.sh SEED CALLS
set -u
seed=${1:?seed}
calls=${2:?calls}
# shellcheck source=tests/vm/guest-lib.sh
. tests/vm/guest-lib.sh

fuzz() {	# the fuzzer's status, its output kept in fuzz.log
	build/ioctl_fuzz --seed "$seed" --calls "$calls" > "$out/fuzz.log" 2>&1
	st=$?
	cat "$out/fuzz.log"
	return "$st"
}

step insmod insmod "$ko" sim_wait_cap_ms=1
bdf=$(bdf_of $edu) || { echo "no edu device"; exit 1; }
step bind bind "$bdf"
start=$(date +%s)
step fuzz fuzz
echo $(($(date +%s) - start)) > "$out/fuzz.seconds"
step unbind unbind "$bdf"
step rmmod rmmod iommubench
exit 0
