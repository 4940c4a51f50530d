#!/usr/bin/env bash
# The runner cross-built for s390x (make runner-s390x) run here under qemu-user against the
# amd64 build: a big-endian build of the same code must expand suites and judge runs exactly
# as the native one does (suite parsing, JSON reading, statistics, exports). The module's side
# needs an s390x kernel (tests/s390x/run.sh).
# Prints PASS:/FAIL: lines and "N passed, N failed"; exits 1 if anything failed.
set -euo pipefail

usage() {
	cat <<'EOF_USAGE'
Usage: tests/s390x/runner-cross.sh RUN_A RUN_B
  RUN_A, RUN_B  two run directories of the same platform (read only)
Exit status: 0 all passed, 1 a check failed, 2 usage, 3 missing tool or build.
EOF_USAGE
}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=bench/vm/lib/opts.sh
source "$repo/bench/vm/lib/opts.sh"
OPTS_POSITIONAL=1 opts_parse "" "$@"
set -- "${OPTS_REST[@]}"
(($# == 2)) || { usage >&2; exit 2; }
NATIVE=$repo/build/iommubench
CROSS=$repo/build/s390x/iommubench
SYSROOT=$repo/build/s390x/sysroot
command -v qemu-s390x >/dev/null || { echo "error: qemu-s390x is missing (make setup)" >&2; exit 3; }
for f in "$NATIVE" "$CROSS"; do [[ -x $f ]] || { echo "error: $f is missing (make runner runner-s390x)" >&2; exit 3; }; done

passed=0 failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/runner-cross.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# same NAME ARGS...: both builds print the same and exit the same
same() {
	local name=$1 rn=0 rc=0
	shift
	"$NATIVE" "$@" >"$tmp/native" 2>&1 || rn=$?
	qemu-s390x -L "$SYSROOT" "$CROSS" "$@" >"$tmp/cross" 2>&1 || rc=$?
	if ((rn == rc)) && cmp -s "$tmp/native" "$tmp/cross"; then
		passed=$((passed + 1))
		echo "PASS: $name (exit $rn, $(wc -l <"$tmp/native") lines)"
	else
		failed=$((failed + 1))
		echo "FAIL: $name: exit $rn vs $rc"
		diff "$tmp/native" "$tmp/cross" | head -n 10
	fi
}

if file "$CROSS" | grep -q 'MSB.*S/390'; then
	passed=$((passed + 1)); echo "PASS: build/s390x/iommubench is a big-endian s390x executable"
else
	failed=$((failed + 1)); echo "FAIL: build/s390x/iommubench is not an s390x executable: $(file -b "$CROSS")"
fi
for s in "$repo"/bench/suites/*.suite; do
	same "list --suite $(basename "$s")" list --suite "$s"
done
same "compare (text)" compare "$1" "$2"
same "compare --format json" compare --format json "$1" "$2"
for f in bmf gab lkp; do
	same "export --format $f" export --format "$f" "$2"
done
same "a bad suite file is refused alike" list --suite "$repo/README.md"

echo "$passed passed, $failed failed"
((failed == 0))
