#!/bin/bash
# Build libperf (the kernel's tools/lib/perf) and libapi as static libraries from Debian's
# linux-source-6.1 package; the runner links them into build/iommubench so a QEMU guest
# reading the host's filesystem needs no extra shared object.
set -euo pipefail

# Bump when what this script produces changes: a stamp with another version rebuilds.
RECIPE=2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
TARBALL=${LIBPERF_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
TOP=linux-source-6.1	# the tarball's top directory

usage() {
	cat <<'EOF'
Usage: bench/build-libperf.sh [--out DIR] [--cross MACHINE] [--force] [--quiet]

Extracts only what libperf needs (tools/, include/uapi, arch/<arch>/include/uapi,
scripts/) from /usr/src/linux-source-6.1.tar.xz (package linux-source-6.1, see
bench/setup.sh) into DIR/src, builds tools/lib/perf and installs into DIR/prefix:

  DIR/prefix/lib/libperf.a   DIR/prefix/lib/libapi.a   (static only)
  DIR/prefix/include/perf/*.h
  DIR/prefix/lib/pkgconfig/libperf.pc

Idempotent: when DIR/prefix is complete and was built from the same tarball by the
same recipe, it does nothing (in milliseconds); a complete build is also kept when the
tarball has been removed since. runner/Makefile calls it before building the runner.

  --out DIR   where to build (default: <repository>/build/libperf)
  --cross MACHINE  cross-build for MACHINE (uname -m style, e.g. s390x) with Debian's
              MACHINE-linux-gnu- cross compiler
  --force     rebuild even if up to date
  --quiet     print nothing when up to date (a build still says what it does)
  -h, --help  this help

Environment: LIBPERF_TARBALL overrides the tarball path.

Exit status: 0 built or up to date; 2 usage; 3 the kernel source tarball is missing
or this machine's architecture is unknown; 4 extraction or build failed.
EOF
}

OUT=$ROOT/build/libperf
FORCE=0
QUIET=0
CROSS_MACHINE=
while (($#)); do
	case $1 in
	--cross)
		(($# >= 2)) || { echo "error: --cross needs a machine (see --help)" >&2; exit 2; }
		CROSS_MACHINE=$2; shift ;;
	--out)
		(($# >= 2)) || { echo "error: --out needs a directory (see --help)" >&2; exit 2; }
		OUT=$(realpath -m -- "$2"); shift ;;
	--force) FORCE=1 ;;
	--quiet) QUIET=1 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
	shift
done

say() { echo "build-libperf: $*"; }

SRC=$OUT/src
PREFIX=$OUT/prefix
STAMP=$OUT/.stamp

have_build() {
	[[ -f $PREFIX/lib/libperf.a && -f $PREFIX/lib/libapi.a &&
		-f $PREFIX/include/perf/evlist.h && -f $PREFIX/include/perf/evsel.h && -f $STAMP ]]
}

if [[ ! -r $TARBALL ]]; then
	# Built before and the package is gone since: keep using that build.
	if ((!FORCE)) && have_build; then
		((QUIET)) || say "up to date: $PREFIX ($TARBALL is gone; kept the existing build)"
		exit 0
	fi
	echo "error: $TARBALL not found: libperf is built from Debian's kernel source." >&2
	echo "install it with:  apt-get install linux-source-6.1   (or run bench/setup.sh as root)" >&2
	exit 3
fi

# The kernel's name for this architecture (SRCARCH): no x86-only assumption.
MACHINE=${CROSS_MACHINE:-${LIBPERF_MACHINE:-$(uname -m)}}
CROSS=
if [[ -n $CROSS_MACHINE ]]; then
	CROSS=$CROSS_MACHINE-linux-gnu-
	command -v "${CROSS}gcc" >/dev/null ||
		{ echo "error: ${CROSS}gcc is missing (apt-get install gcc-$CROSS_MACHINE-linux-gnu)" >&2; exit 3; }
fi
case $MACHINE in
x86_64 | i?86) KARCH=x86 ;;
s390x | s390) KARCH=s390 ;;
aarch64 | arm64) KARCH=arm64 ;;
arm*) KARCH=arm ;;
ppc64* | ppc*) KARCH=powerpc ;;
riscv*) KARCH=riscv ;;
mips*) KARCH=mips ;;
loongarch*) KARCH=loongarch ;;
*) echo "error: unknown architecture '$MACHINE' (uname -m): add it to $0" >&2; exit 3 ;;
esac

WANT="recipe=$RECIPE arch=$KARCH cross=$CROSS tarball=$TARBALL $(stat -Lc '%s %Y' "$TARBALL")"

complete() {
	have_build && [[ "$(cat "$STAMP")" == "$WANT" ]]
}

# Fast path, without the lock.
if ((!FORCE)) && complete; then
	((QUIET)) || say "up to date: $PREFIX"
	exit 0
fi

mkdir -p "$OUT"
# Two builds at once (runner and test-asan, two shells) take turns.
exec 9>"$OUT/.lock"
flock 9
if ((!FORCE)) && complete; then
	((QUIET)) || say "up to date: $PREFIX"
	exit 0
fi

# Called from make: don't let the runner's variables (BUILD=, VARIANT=, -s, the jobserver)
# reach the kernel's tools Makefiles.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES MAKE_TERMOUT MAKE_TERMERR
unset CFLAGS CPPFLAGS LDFLAGS O OUTPUT ARCH CROSS_COMPILE EXTRA_CFLAGS

rm -f "$STAMP"
rm -rf "$SRC" "$PREFIX"
mkdir -p "$SRC" "$PREFIX"
LOG=$OUT/build.log
: >"$LOG"
say "extracting tools/ and uapi headers ($KARCH) from $TARBALL"
if ! tar -xaf "$TARBALL" -C "$SRC" --strip-components=1 \
	"$TOP/tools" "$TOP/include/uapi" "$TOP/arch/$KARCH/include/uapi" "$TOP/scripts" \
	>>"$LOG" 2>&1; then
	tail -n 20 "$LOG" >&2
	echo "error: extracting from $TARBALL failed (log: $LOG)" >&2
	exit 4
fi

say "building libperf (log: $LOG)"
# prefix= with libdir_relative=lib: DIR/prefix/lib, not lib64, on every architecture.
CROSS_ARGS=()
[[ -z $CROSS ]] || CROSS_ARGS=(ARCH="$KARCH" CROSS_COMPILE="$CROSS")
if ! make -C "$SRC/tools/lib/perf" -j"$(nproc)" "${CROSS_ARGS[@]}" prefix="$PREFIX" libdir_relative=lib \
	install_lib install_headers install_pkgconfig >>"$LOG" 2>&1; then
	tail -n 30 "$LOG" >&2
	echo "error: building libperf failed (log: $LOG)" >&2
	exit 4
fi
# libperf.a needs libapi.a (built as part of libperf) for a static link.
if [[ ! -f $SRC/tools/lib/api/libapi.a ]]; then
	echo "error: $SRC/tools/lib/api/libapi.a was not built (log: $LOG)" >&2
	exit 4
fi
install -m 644 "$SRC/tools/lib/api/libapi.a" "$PREFIX/lib/libapi.a"
# Static only: nothing may pick up a libperf.so the guest would not find.
rm -f "$PREFIX"/lib/libperf.so*
echo "$WANT" >"$STAMP"
say "installed: $PREFIX/lib/libperf.a $PREFIX/lib/libapi.a $PREFIX/include/perf/"
