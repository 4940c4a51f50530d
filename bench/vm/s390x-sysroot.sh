#!/bin/bash
# The s390x user space the runner needs in an s390x guest, and to be cross-linked against:
# Debian bookworm's s390x packages, fetched with a private apt configuration (the system's
# sources and dpkg architectures stay as they are) and unpacked into build/s390x/sysroot.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
TOP=$REPO/build/s390x
SYSROOT=$TOP/sysroot
APTDIR=$TOP/apt-sysroot
# Bump when the package list changes: a stamp with another value refetches.
RECIPE=2
PACKAGES=(
	# the runner's shared libraries (Google Benchmark, hwloc, jansson) and theirs
	libc6 libgcc-s1 libstdc++6 libbenchmark1debian libhwloc15 libudev1 libcap2 libjansson4
	# headers that differ per architecture, and the link-time .so names
	libhwloc-dev libjansson-dev libbenchmark-dev
	# bench/guest-bench.sh needs bash (the guest's busybox comes from bench/vm/kernels.sh)
	bash libtinfo6
)

usage() {
	cat <<'EOF_USAGE'
Usage: bench/vm/s390x-sysroot.sh [fetch|path] [--force]

  fetch   (default) download Debian bookworm's s390x packages the runner needs (its
          shared libraries, per-architecture headers, bash) with a private
          apt configuration under build/s390x/apt-sysroot, and unpack them into
          build/s390x/sysroot; does nothing when that is done (same package list)
  path    print the sysroot's path (exit 3 if it has not been fetched)
  --force fetch again

The system's apt sources and dpkg architectures are not touched.
Exit status: 0 ok; 2 usage; 3 missing tool or not fetched; 4 download or unpack failed.
EOF_USAGE
}

die() { echo "error: $1" >&2; exit "${2:-3}"; }
say() { echo "s390x-sysroot: $*" >&2; }

CMD=fetch FORCE=0
for a in "$@"; do
	case $a in
	fetch | path) CMD=$a ;;
	--force) FORCE=1 ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown argument '$a' (see --help)" 2 ;;
	esac
done

stamp=$SYSROOT/.iommubench-sysroot
want="recipe $RECIPE: ${PACKAGES[*]}"
if [[ $CMD == path ]]; then
	[[ -f $stamp ]] || die "no s390x sysroot yet (bench/vm/s390x-sysroot.sh fetch)"
	echo "$SYSROOT"
	exit 0
fi
if ((!FORCE)) && [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
	exit 0
fi
for t in apt-get dpkg-deb; do command -v "$t" >/dev/null || die "$t is missing"; done

# shellcheck source=bench/vm/lib/apt.sh
source "$REPO/bench/vm/lib/apt.sh"
mkdir -p "$APTDIR/debs" || die "cannot create $APTDIR" 4
apt_update "$APTDIR" s390x bookworm || die "apt-get update failed (see $APTDIR/update.log)" 4
APT=(apt-get -q "${APT_OPTS[@]}")
say "downloading ${#PACKAGES[@]} packages"
(cd "$APTDIR/debs" && rm -f ./*.deb && "${APT[@]}" download "${PACKAGES[@]/%/:s390x}") \
	>"$APTDIR/download.log" 2>&1 || die "apt-get download failed (see $APTDIR/download.log)" 4
rm -rf "$SYSROOT"
mkdir -p "$SYSROOT"
for d in "$APTDIR"/debs/*.deb; do
	dpkg-deb -x "$d" "$SYSROOT" || die "cannot unpack $d" 4
done
# Debian's merged /usr: the s390x loader is /lib/ld64.so.1
for l in lib bin sbin; do
	[[ -e $SYSROOT/$l ]] || ln -s "usr/$l" "$SYSROOT/$l"
done
echo "$want" >"$stamp"
say "ready: $SYSROOT"
