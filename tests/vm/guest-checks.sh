#!/bin/sh
# Runs inside the guest (chroot of the host's root, cwd = repository):
# load the module, check the ABI, run the smoke suite through the runner,
# unload. Each step's status goes to $IOMMUBENCH_OUT/<step>.rc so the host
# side can assert on every one of them, not only on the last.
#   usage: tests/vm/guest-checks.sh SUITE PLATFORM
set -u
suite=${1:?suite}
platform=${2:?platform}
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

step insmod insmod "$ko"
bdf=$(bdf_of $edu) || { echo "no edu device"; exit 1; }
cat "/sys/bus/pci/devices/$bdf/iommu_group/type" > "$out/group_type.before"
step bind bind "$bdf"
step ioctl_check build/ioctl_check
step unbind unbind "$bdf"
step runner build/iommubench run --suite "$suite" --device $edu \
	--out-dir "$out" --run-id checks --platform "$platform" --repetitions 3
cat "/sys/bus/pci/devices/$bdf/iommu_group/type" > "$out/group_type.after"
readlink "/sys/bus/pci/devices/$bdf/driver" > "$out/driver.after" 2>/dev/null
step rmmod rmmod iommubench
exit 0
