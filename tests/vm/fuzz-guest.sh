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
out=${IOMMUBENCH_OUT:?}
krel=$(uname -r)
ko=build/kmod/$krel/iommubench.ko
edu=1234:11e8

step() {	# step NAME CMD...: run, record status, never abort the script
	name=$1; shift
	echo "== guest step: $name"
	"$@"
	echo $? > "$out/$name.rc"
}

bdf_of() {	# first PCI device with this VID:DID
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/vendor")" = "0x${1%%:*}" ] &&
		   [ "$(cat "$d/device")" = "0x${1##*:}" ]; then
			basename "$d"; return 0
		fi
	done
	return 1
}

bind() {
	echo iommubench > "/sys/bus/pci/devices/$1/driver_override" &&
	echo "$1" > /sys/bus/pci/drivers/iommubench/bind
}

unbind() {
	echo "$1" > /sys/bus/pci/drivers/iommubench/unbind &&
	echo > "/sys/bus/pci/devices/$1/driver_override"
}

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
