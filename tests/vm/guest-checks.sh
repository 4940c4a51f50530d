#!/bin/sh
# Runs inside the guest (chroot of the host's root, cwd = repository):
# load the module, check the ABI, run the smoke suite through the runner,
# unload. Each step's status goes to $IOMMUBENCH_OUT/<step>.rc so the host
# side can assert on every one of them, not only on the last.
#   usage: tests/vm/guest-checks.sh SUITE PLATFORM
set -u
suite=${1:?suite}
platform=${2:?platform}
# shellcheck source=tests/vm/guest-lib.sh
. tests/vm/guest-lib.sh

step insmod insmod "$ko"
bdf=$(bdf_of $edu) || { echo "no edu device"; exit 1; }
cat "/sys/bus/pci/devices/$bdf/iommu_group/type" > "$out/group_type.before"
# bus mastering on before the bind, as firmware or an earlier driver may leave it: the
# module must turn it off (PCI command register, bit 2; x86 config space is little-endian)
cfg=/sys/bus/pci/devices/$bdf/config
cmd=$(od -An -tu1 -j4 -N1 "$cfg" | tr -d ' ')
printf "$(printf '\\%03o' $((cmd | 4)))" | dd of="$cfg" bs=1 seek=4 count=1 conv=notrunc 2>/dev/null
od -An -tu1 -j4 -N1 "$cfg" | tr -d ' ' > "$out/pci_command.before_bind"
step bind bind "$bdf"
od -An -tu1 -j4 -N1 "$cfg" | tr -d ' ' > "$out/pci_command.after_bind"
step ioctl_check build/ioctl_check
step unbind unbind "$bdf"
step runner build/iommubench run --suite "$suite" --device $edu \
	--out-dir "$out" --run-id checks --platform "$platform" --repetitions 4
step dma_runner build/iommubench run --suite tests/vm/dma-checks.suite \
	--device $edu --out-dir "$out" --run-id dma --platform "$platform"
step sim_runner build/iommubench run --suite tests/vm/sim-checks.suite \
	--device $edu --out-dir "$out" --run-id sim --platform "$platform"
step sim_nofault build/iommubench run --suite tests/vm/sim-nofault.suite \
	--device $edu --out-dir "$out" --run-id simnofault --platform "$platform"
step sim_calls build/iommubench run --suite tests/vm/sim-calls.suite \
	--device $edu --out-dir "$out" --run-id simcalls --platform "$platform"
build/iommubench info --json > "$out/info.after.json"

# SIGINT in the middle of a strict benchmark: type and binding must come back.
# sh starts background jobs with SIGINT ignored (and the runner keeps an
# ignored signal ignored, as nohup users expect): restore its default first.
env --default-signal=INT build/iommubench run --suite tests/vm/interrupt.suite --device $edu \
	--out-dir "$out" --run-id interrupt --platform "$platform" \
	> "$out/interrupt.log" 2>&1 &
pid=$!
# interrupt once the strict point runs (the group switched to DMA), at most 20 s in
i=0
while [ $i -lt 200 ] && [ "$(cat "/sys/bus/pci/devices/$bdf/iommu_group/type")" != DMA ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 1
cat "/sys/bus/pci/devices/$bdf/iommu_group/type" > "$out/interrupt.type.during"
kill -INT $pid
wait $pid
echo $? > "$out/interrupt.status"

cat "/sys/bus/pci/devices/$bdf/iommu_group/type" > "$out/group_type.after"
readlink "/sys/bus/pci/devices/$bdf/driver" > "$out/driver.after" 2>/dev/null
cat "/sys/bus/pci/devices/$bdf/driver_override" > "$out/driver_override.after"
step rmmod rmmod iommubench
exit 0
