#!/bin/bash
# The Debian kernels a VM target boots (bench/vm/lib/kernel.sh): list, resolve, fetch, and
# what a module build against one needs.
set -euo pipefail

VM_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd -P)
# shellcheck source=bench/vm/lib/target.sh
source "$VM_LIB/target.sh"

usage() {
	cat <<'EOF_USAGE'
Usage: bench/vm/kernels.sh [--target NAME] COMMAND [ARG]

The Debian kernels of VM target NAME (default x86_64: the amd64 kernels installed on this
host, /boot/vmlinuz-<release> with /lib/modules/<release>; s390x: the s390x kernels fetched
with a private apt configuration into build/s390x/<release>/, bench/vm/s390x-kernels.sh)
of the target's series (6.1 and 6.12).

Commands:
  list            every target release, oldest first
  newest          the newest target release
  resolve SPEC    SPEC is a full release (6.12.117+deb12-amd64), a prefix (6.1, 6.12,
                  6.1.0-56) or "all"; prints the newest release matching the prefix, or
                  for "all" the newest release of each target series
  headers REL     the headers directory for REL (for make -C kmod KDIR=...)
  makeflags REL   the extra make arguments a module build against REL needs (cross builds:
                  ARCH, CROSS_COMPILE, and for a kernel built with a newer gcc a wrapper
                  and no BTF); empty for a native build
  image REL       the kernel image of REL (vmlinuz)
  busybox         a static busybox for the target's architecture
  fetch [SERIES]  fetched targets: download and unpack the newest release of SERIES
                  (default all) and busybox-static, and patch the headers for
                  cross-building on this host; a release already unpacked is kept
                  (installed targets: nothing to do, bench/setup.sh installs them)
  -h, --help      this help

Fetched targets use their own apt configuration (build/<arch>/apt/, the suites the target
names, from the system's Debian mirror; APT::Architectures=<arch>,
Dir::State::status=/dev/null): the system's apt sources and dpkg architectures stay as
they are. IOMMUBENCH_DEBIAN_MIRROR overrides the mirror.

Exit status: 0 ok; 1 (installed targets) nothing matches or not installed; 2 usage;
3 (fetched targets) a missing tool or host kbuild, a release not fetched or not found in
the archive; 4 download (apt-get) or unpack failure.
EOF_USAGE
}

target=x86_64
if [[ ${1:-} == --target ]]; then
	(($# >= 2)) || { echo "error: --target needs a value" >&2; exit 2; }
	target=$2
	shift 2
fi
target_load "$target"
n=$#
bad_usage() { usage >&2; exit 2; }
case ${1:-} in
-h | --help) usage ;;
list | newest | busybox) ((n == 1)) || bad_usage; "kernel_$1" ;;
fetch) ((n <= 2)) || bad_usage; kernel_fetch "${2:-all}" ;;
resolve | headers | makeflags | image) ((n == 2)) || bad_usage; "kernel_$1" "$2" ;;
*) bad_usage ;;
esac
