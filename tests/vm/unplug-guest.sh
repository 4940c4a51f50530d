#!/bin/sh
# Runs inside the guest of tests/vm/unplug.sh (edu hot-pluggable, QMP on the host): start a
# suite, tell the host (the file unplug.ready in the shared out directory) once its first
# benchmark is done, so the host removes the device while the second runs; record how the
# runner ends; tell the host (replug.ready) to plug the device back in, run on it again; unload.
# Every time that matters is also written to the kernel log (/dev/kmsg), on the clock of
# the module's own messages.
#   usage: tests/vm/unplug-guest.sh PLATFORM
set -u
platform=${1:?platform}
# shellcheck source=tests/vm/guest-lib.sh
. tests/vm/guest-lib.sh

mark() { echo "iommubench-test: $*" > /dev/kmsg; }

step insmod insmod "$ko"
bdf=$(bdf_of $edu) || { echo "no edu device"; exit 1; }
echo "$bdf" > "$out/bdf"
cat "/sys/bus/pci/devices/$bdf/iommu_group/type" > "$out/group_type.before"

# stderr through a reader that marks the moment the runner says what happened
{
	build/iommubench run --suite tests/vm/unplug.suite --device $edu --out-dir "$out" \
		--run-id unplug --platform "$platform" 2>&1 > "$out/unplug.stdout"
	echo $? > "$out/unplug.status"
	mark "the runner exited with status $(cat "$out/unplug.status")"
} | while IFS= read -r line; do
	case $line in
	*"stopped: the device was removed"*) mark "the runner said: $line" ;;
	esac
	echo "$line" >> "$out/unplug.stderr"
done &
pid=$!
i=0
# the first finished benchmark's piece (test(1) is a builtin: no process per poll)
while [ $i -lt 600 ] && [ ! -e "$out/unplug/.partial/0001.json" ]; do
	sleep 0.1
	i=$((i + 1))
done
mark "first benchmark done, asking the host to unplug $bdf"
: > "$out/unplug.ready"
wait $pid
if [ -e "/sys/bus/pci/devices/$bdf" ]; then echo present; else echo gone; fi > "$out/device.after_unplug"
lsmod | grep -q '^iommubench ' && echo loaded > "$out/module.after_unplug"
: > "$out/replug.ready"

# the host plugs edu back in now: wait for it (at most 60 s)
i=0
while [ $i -lt 600 ] && ! newbdf=$(bdf_of $edu); do
	sleep 0.1
	i=$((i + 1))
done
mark "edu back as ${newbdf:-nothing}"
echo "${newbdf:-}" > "$out/bdf.replugged"
step rerun build/iommubench run --suite bench/suites/smoke.suite --device $edu \
	--out-dir "$out" --run-id replugged --platform "$platform" --repetitions 1 \
	--filter 'map:range/unmap:strict/pgsize:hw/size:4096/'
[ -n "${newbdf:-}" ] && readlink "/sys/bus/pci/devices/$newbdf/driver" > "$out/driver.after" 2> /dev/null
step rmmod rmmod iommubench
exit 0
