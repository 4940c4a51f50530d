# shellcheck shell=bash
# VM target x86_64: q35 with an emulated VT-d (or AMD-Vi) in front of QEMU's edu device
# (1234:11e8, no guest driver: free to bind), Debian's amd64 kernels installed on the host,
# the host's / shared into the guest over 9p. A descriptor: answers only (bench/vm/README.md).

TARGET_ARCH=x86_64
TARGET_SUMMARY="q35, emulated IOMMU (--iommu intel: VT-d, default; amd: AMD-Vi) in front of
QEMU's edu device 1234:11e8; Debian's amd64 kernels installed on this host
(/boot/vmlinuz-KVER); the host's / shared read-only, CMD run in a chroot of it with cwd =
this repository and \$IOMMUBENCH_OUT = a directory that is DIR on the host"
TARGET_QEMU=qemu-system-x86_64
TARGET_QEMU_PKG=qemu-system-x86
TARGET_CONSOLE=ttyS0
# KVM only after a probe boot (lib/accel.sh): nested KVM hangs on this project's machines
TARGET_ACCELS="tcg kvm"
TARGET_IOMMUS="intel amd"
TARGET_DEVICE=1234:11e8	# what the runner is given (--device)
TARGET_GUEST_ROOT=hostfs	# lib/root-hostfs.sh: the guest runs the host's binaries
TARGET_KERNEL_SOURCE=installed	# lib/ksrc-installed.sh
TARGET_KERNEL_SERIES="6.1 6.12"
TARGET_CROSS_COMPILE=''	# native module builds
# make bench: the launcher's defaults (2 vCPUs, no extra command line)
TARGET_BENCH_SMP=''
TARGET_BENCH_APPEND=''
TARGET_BENCH_COMPAT=1

# shellcheck disable=SC2054 # the commas are QEMU's
target_machine_args() { MACHINE_ARGS=(-M q35,kernel-irqchip=split -cpu max); }
target_console_args() { CONSOLE_ARGS=(-nodefaults -display none -serial stdio); }

# The IOMMU must come before the PCI devices it translates for (the launcher keeps the order).
target_iommu() {
	case $1 in
	intel)
		# shellcheck disable=SC2054
		IOMMU_ARGS=(-device intel-iommu,intremap=on)
		IOMMU_CMDLINE=intel_iommu=on
		IOMMU_PLATFORM=intel-iommu
		;;
	amd)
		IOMMU_ARGS=(-device amd-iommu)
		IOMMU_PLATFORM=amd-iommu
		;;
	esac
}

# target_device_args HOTPLUG: with HOTPLUG=1 edu sits behind a PCIe root port (QEMU id edu0),
# whose slot can be unplugged (QMP device_del edu0) and plugged again (device_add edu,
# id edu0, bus rp0); q35's ACPI hotplug needs no 5 s attention-button wait.
target_device_args() {
	if (($1)); then
		# shellcheck disable=SC2054
		DEVICE_ARGS=(-device pcie-root-port,id=rp0,chassis=1,slot=1 -device edu,id=edu0,bus=rp0)
	else
		DEVICE_ARGS=(-device edu)
	fi
}
