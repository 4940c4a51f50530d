#!/bin/bash
# Install the Debian 12 packages iommubench needs that this machine lacks. Idempotent: it asks
# dpkg first and runs apt-get only when something is missing.
set -euo pipefail

PACKAGES=(
	# building the module and the runner
	build-essential g++ make pkg-config kmod
	# runner: Google Benchmark (+ compare.py, which needs scipy) and hwloc
	libbenchmark-dev libbenchmark-tools python3-scipy libhwloc-dev hwloc-nox
	# results: JSON reading in the runner (compare, export), plots, the dashboard's browser test
	libjansson-dev gnuplot-nox jq chromium
	# libperf is not packaged: bench/build-libperf.sh builds it from the kernel source
	linux-source-6.1 bison flex
)
case $(dpkg --print-architecture) in
amd64)
	PACKAGES+=(
		# the embedded default: Debian kernels under QEMU (bench/vm/)
		qemu-system-x86 busybox-static cpio xz-utils
		linux-image-amd64 linux-headers-amd64 linux-image-6.12-amd64 linux-headers-6.12-amd64
		# s390x under QEMU TCG (bench/vm/run-in-vm-s390x.sh; the s390x kernels come from
		# bench/vm/s390x-kernels.sh): the emulator, and cross compilers for the module, the
		# static guest programs (libc6-dev-s390x-cross) and the runner (make runner-s390x),
		# which tests/s390x/runner-cross.sh runs here under qemu-user
		qemu-system-misc gcc-s390x-linux-gnu libc6-dev-s390x-cross g++-s390x-linux-gnu
		qemu-user
		# the hot-unplug test talks to QEMU's monitor (QMP) on a unix socket
		socat
	)
	;;
*)
	# Another architecture (an s390x host, say) benchmarks its own IOMMU: the running
	# kernel's headers build the module (docs/real-host.md).
	PACKAGES+=("linux-headers-$(uname -r)")
	;;
esac

usage() {
	cat <<'EOF'
Usage: bench/setup.sh [--check]

Installs what a fresh Debian 12 (amd64) machine lacks for iommubench, with
apt-get install --no-install-recommends (as root). Does nothing if all is present.

  --check     only list missing packages; exit 1 if any is missing
  -h, --help  this help

Exit status: 0 all present (or installed now); 1 --check found missing packages;
2 usage; 3 packages missing and not root (prints the command to run); 4 apt-get failed.
EOF
}

CHECK=0
case ${1:-} in
"") ;;
--check) CHECK=1 ;;
-h | --help) usage; exit 0 ;;
*) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac
(($# <= 1)) || { echo "error: too many arguments (see --help)" >&2; exit 2; }

missing() {
	local p st
	for p in "${PACKAGES[@]}"; do
		st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[[ $st == installed ]] || echo "$p"
	done
}

mapfile -t MISSING < <(missing)
if ((${#MISSING[@]} == 0)); then
	echo "setup: all ${#PACKAGES[@]} packages present"
	exit 0
fi
if ((CHECK)); then
	echo "setup: missing: ${MISSING[*]}"
	exit 1
fi
if ((EUID != 0)); then
	echo "error: missing packages: ${MISSING[*]}" >&2
	echo "run as root:  sudo $(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/$(basename "${BASH_SOURCE[0]}")" >&2
	exit 3
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup: installing ${MISSING[*]}"
# Wait for another apt/dpkg run (e.g. unattended-upgrades) instead of failing on its lock.
APT=(apt-get -q -o DPkg::Lock::Timeout=600)
if ! "${APT[@]}" update || ! "${APT[@]}" install -y --no-install-recommends "${MISSING[@]}"; then
	echo "error: apt-get failed installing: ${MISSING[*]}" >&2
	exit 4
fi
mapfile -t MISSING < <(missing)
if ((${#MISSING[@]})); then
	echo "error: still missing after apt-get: ${MISSING[*]}" >&2
	exit 4
fi
echo "setup: installed; all ${#PACKAGES[@]} packages present"
