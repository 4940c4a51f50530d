# Sourced by the guest scripts (tests/vm/guest-checks.sh, tests/vm/fuzz-guest.sh): POSIX sh,
# in the guest, cwd = repository. Sets out, krel, ko, edu and the helpers below.
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
