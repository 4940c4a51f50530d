#!/bin/sh
# Runs in the s390x guest of tests/s390x/unplug.sh (busybox sh, from the initramfs of
# bench/vm/run-in-vm-s390x.sh): start the suite on the zPCI function, print the line
# "iommubench-unplug: first benchmark done" on the console once its first benchmark is done
# (the runner's first piece, unplug/.partial/0001.json, exists), so that the host unplugs the
# function through QMP while the second runs; record how the runner ends and that the function
# is gone, print "iommubench-unplug: plug it back in", wait for the host to do so, run on it
# again, unload.
# Every time that matters also goes to the kernel log (/dev/kmsg), on the clock of the
# module's own messages. Files for the host go to /tmp/out (--collect /tmp/out).
#   usage: unplug-guest.sh RUNNER SUITE PLATFORM
set -u
runner=${1:?runner} suite=${2:?suite} platform=${3:?platform}
out=/tmp/out
bdf=0001:00:00.0
dev=/sys/bus/pci/devices/$bdf
mkdir -p "$out"

mark() { echo "iommubench-test: $*" > /dev/kmsg; }
step() {	# step NAME CMD...: run, record its status in $out/NAME.rc
	name=$1; shift
	echo "== guest step: $name"
	"$@"
	echo $? > "$out/$name.rc"
}
driver_of() { readlink "$dev/driver" 2> /dev/null | sed 's|.*/||'; }

step insmod insmod /iommubench.ko
[ -e "$dev" ] || { echo "no zPCI function $bdf"; exit 1; }
echo "$(cat "$dev/vendor"):$(cat "$dev/device")" > "$out/id"
driver_of > "$out/driver.before"

# stderr through a reader that marks the moment the runner says what happened (its exit
# comes after every result file is written, which under TCG and a loaded host can take
# longer than the reaction itself)
: > "$out/unplug.stderr"
{
	"$runner" run --suite "$suite" --device "$bdf" --out-dir "$out" --run-id unplug \
		--platform "$platform" 2>&1 > "$out/unplug.stdout"
	echo $? > "$out/unplug.status"
} | while IFS= read -r line; do
	case $line in
	*"stopped: the device was removed"*) mark "the runner said: $line" ;;
	esac
	echo "$line" >> "$out/unplug.stderr"
done &
pid=$!
# pieces are numbered from 1 (runner/store/run_partial.h)
piece=$out/unplug/.partial/0001.json
i=0
while [ $i -lt 1200 ] && [ ! -e "$piece" ] && kill -0 $pid 2> /dev/null; do
	sleep 0.1
	i=$((i + 1))
done
if [ -e "$piece" ]; then
	mark "first benchmark done, asking the host to unplug $bdf"
	echo "iommubench-unplug: first benchmark done"
else
	echo "iommubench-unplug: the first benchmark never finished"
fi
wait $pid
st=$(cat "$out/unplug.status" 2> /dev/null || echo none)
mark "the runner exited with status $st"
echo "== the runner exited with status $st; its stderr:"
cat "$out/unplug.stderr"
# the kernel deletes the device right after our driver's remove returned: give it 5 s
i=0
while [ $i -lt 50 ] && [ -e "$dev" ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -e "$dev" ]; then echo present; else echo gone; fi > "$out/device.after_unplug"
if grep -q '^iommubench ' /proc/modules; then echo loaded; else echo unloaded; fi > "$out/module.after_unplug"
# the zPCI event log (s390 debug feature): the availability event (PEC 0x303, deconfiguration
# requested) and the deconfiguration that followed
for a in pci_msg pci_error; do
	for v in sprintf hex_ascii; do
		[ -r "/sys/kernel/debug/s390dbf/$a/$v" ] && cat "/sys/kernel/debug/s390dbf/$a/$v" > "$out/s390dbf-$a.$v"
	done
done

# only now may the host plug the function back in: wait for it (at most 60 s)
echo "iommubench-unplug: plug it back in"
i=0
while [ $i -lt 600 ] && [ ! -e "$dev/vendor" ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -e "$dev/vendor" ]; then
	sleep 1	# let a built-in driver (virtio-pci on 6.12) finish binding it
	echo "$bdf" > "$out/bdf.replugged"
	driver_of > "$out/driver.replugged"
fi
mark "the function is back: $(cat "$out/bdf.replugged" 2> /dev/null || echo no)"
step rerun "$runner" run --suite "$suite" --device "$bdf" --out-dir "$out" --run-id replugged \
	--platform "$platform" --repetitions 1 --filter 'size:4096/'
driver_of > "$out/driver.after"
step rmmod rmmod iommubench
exit 0
