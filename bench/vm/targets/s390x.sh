# shellcheck shell=bash
# VM target s390x: s390-ccw-virtio with a zPCI function (virtio-rng-pci) behind the s390
# IOMMU; Debian's s390x 6.1 (bookworm) and 6.12 (trixie) fetched privately into build/s390x/;
# everything the guest runs comes in its initramfs (the host's binaries are x86).
# A descriptor: answers only (bench/vm/README.md).

TARGET_ARCH=s390x
TARGET_SUMMARY="s390-ccw-virtio (TCG) with a zPCI device (virtio-rng-pci, uid 1, fid 0: guest
0001:00:00.0) behind the s390 IOMMU; Debian's s390x kernels in build/s390x/<REL>/
(bench/vm/s390x-kernels.sh fetch); CMD run with busybox sh in / of an initramfs holding a
static s390x busybox, build/kmod/<REL>/iommubench.ko (as /iommubench.ko, if built) and the
--file files, with PATH=/bin and \$IOMMUBENCH_KO=/iommubench.ko. The function is always
hot-pluggable: QMP device_del pci0 unplugs it (its zpci0 goes with it); device_add zpci
(uid 1, fid 0, target pci0, id zpci0), then virtio-rng-pci (id pci0) plugs it back in"
TARGET_QEMU=qemu-system-s390x
TARGET_QEMU_PKG=qemu-system-misc
TARGET_CONSOLE=ttysclp0
TARGET_ACCELS=tcg
TARGET_IOMMUS=zpci
TARGET_DEVICE=0001:00:00.0	# the zPCI function, as the guest sees it
TARGET_GUEST_ROOT=initramfs	# lib/root-initramfs.sh: files in, results out over the console
TARGET_KERNEL_SOURCE=debian	# lib/ksrc-debian.sh
TARGET_KERNEL_SERIES="6.1 6.12"
# s390x builds of 6.1 are in bookworm main only (bookworm-security has none); 6.12 for s390x
# exists in trixie only. bookworm's debian-archive-keyring already holds trixie's keys.
TARGET_KERNEL_SUITES="6.1=bookworm 6.12=trixie"
TARGET_BUSYBOX_SUITE=bookworm
TARGET_DEB_ARCH=s390x
TARGET_KERNEL_FLAVOUR=s390x
TARGET_KARCH=s390
TARGET_CROSS_COMPILE=s390x-linux-gnu-
# make bench: the cross-built runner and its s390x libraries (Makefile runner-s390x)
TARGET_RUNNER_MAKE=runner-s390x
TARGET_RUNNER=build/s390x/iommubench
TARGET_SYSROOT=build/s390x/sysroot
# make bench: one vCPU (the suites' points run one worker, and TCG shares 2 host cores);
# s390_iommu_aperture=16 (x the guest's 1 GiB): at the default (1) and at 2, 6.12.107's
# dma_map_page under DMA-FQ failed with ENOMEM from 256 KiB (512 KiB at 2) up; at 0 (all
# QEMU offers, 4 TiB) each flush-all RPCIT took QEMU over a minute and the guest reported
# RCU stalls. 16 runs every point (docs/s390x.md).
TARGET_BENCH_SMP=1
TARGET_BENCH_APPEND=s390_iommu_aperture=16
TARGET_BENCH_COMPAT=0

target_machine_args() { MACHINE_ARGS=(-M s390-ccw-virtio -cpu max); }
target_console_args() { CONSOLE_ARGS=(-nographic); }
target_iommu() { IOMMU_ARGS=() IOMMU_PLATFORM=s390-zpci; }
# shellcheck disable=SC2054 # the commas are QEMU's
target_device_args() { DEVICE_ARGS=(-device zpci,uid=1,fid=0,target=pci0,id=zpci0 -device virtio-rng-pci,id=pci0); }
