#!/usr/bin/env bash
# The s390x tests: fetch Debian's s390x 6.1 (bookworm) and 6.12 (trixie) kernels if needed
# (bench/vm/s390x-kernels.sh), cross-build the module for each warning-free at W=1 and the
# static guest check tests/vm/s390_check.c, then on each kernel boot a QEMU TCG guest with a
# zPCI device (bench/vm/run-in-vm-s390x.sh) that loads the module, binds the device, checks
# the page-size bitmap and the RPCITs the iommu and dma paths cost, unbinds and unloads; the
# host then checks the guest's kernel log. Ends with "N passed, N failed"; exits non-zero if
# anything failed.
set -uo pipefail

usage() {
	sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
	echo "Usage: tests/s390x/run.sh [--no-fetch]   (--no-fetch: use only the kernels unpacked already)"
}
# shellcheck source=bench/vm/lib/opts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../bench/vm/lib/opts.sh"
no_fetch=0
opts_parse "--no-fetch=no_fetch!" "$@"

cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 3
# shellcheck source=tests/vm/lib.sh
source tests/vm/lib.sh
K=bench/vm/s390x-kernels.sh
LOGS=build/test/s390x
mkdir -p "$LOGS"
T0=$SECONDS



section "tools"
for t in qemu-system-s390x s390x-linux-gnu-gcc; do
	if command -v "$t" >/dev/null; then t_pass "$t installed"; else t_fail "$t installed" "run make setup"; fi
done

if ((!no_fetch)); then
	section "fetch the s390x kernels"
	t=$SECONDS
	if $K fetch >"$LOGS/fetch.log" 2>&1; then
		t_pass "s390x kernels fetched ($((SECONDS - t)) s)"
	else
		t_fail "s390x kernels fetched" "$(tail -n 3 "$LOGS/fetch.log")"
	fi
fi
for want in 6.1 6.12; do
	if $K resolve "$want" >/dev/null 2>&1; then
		t_pass "s390x kernel $want unpacked ($($K resolve "$want"))"
	else
		t_fail "s390x kernel $want unpacked" "bench/vm/s390x-kernels.sh fetch"
	fi
done
kernels=$($K resolve all 2>/dev/null)

section "build: the guest check and the module for each s390x kernel"
mkdir -p build/s390x
t_check "s390_check cross-builds (static, -Werror)" s390x-linux-gnu-gcc -std=c11 -D_GNU_SOURCE \
	-O2 -Wall -Wextra -Werror -static -Ikmod/uapi -o build/s390x/s390_check tests/vm/s390_check.c
for k in $kernels; do
	log=$LOGS/kmod-$k.log
	t=$SECONDS
	rm -rf "build/kmod/$k" # a full build, so that every warning shows
	# shellcheck disable=SC2046 # makeflags is a list of make arguments
	if make -C kmod KDIR="$($K headers "$k")" $($K makeflags "$k") W=1 >"$log" 2>&1; then
		if grep -qiE 'warning' "$log"; then
			t_fail "module cross-builds warning-free at W=1 against $k" "$(grep -iE 'warning' "$log" | head -3)"
		else
			t_pass "module cross-builds warning-free at W=1 against $k ($((SECONDS - t)) s)"
		fi
	else
		t_fail "module cross-builds against $k" "$(tail -n 3 "$log")"
	fi
done

for k in $kernels; do
	section "guest $k"
	out=$LOGS/vm-$k
	rm -rf "$out"
	t=$SECONDS
	st=0
	bench/vm/run-in-vm-s390x.sh --kernel "$k" --out "$out" --timeout 300 \
		--file build/s390x/s390_check -- s390_check >"$LOGS/vm-$k.log" 2>&1 || st=$?
	if [[ ! -s $out/rc ]]; then
		t_fail "guest $k ran the checks" "run-in-vm-s390x.sh exit $st; $(tail -n 5 "$LOGS/vm-$k.log")"
		continue
	fi
	t_pass "guest $k booted and ran the checks ($((SECONDS - t)) s)"
	grep -E '^INFO' "$out/guest.log"
	take_counts "s390_check on $k" "$out/guest.log" "$st"
	if check_dmesg_clean "$out/dmesg.txt" 2>"$LOGS/dmesg-$k.err"; then
		t_pass "guest $k kernel log clean (host check of dmesg.txt)"
	else
		t_fail "guest $k kernel log clean" "$(head -n 5 "$LOGS/dmesg-$k.err")"
	fi
	if grep -q 'iommubench: unloaded' "$out/dmesg.txt"; then
		t_pass "guest $k: the module unloaded"
	else
		t_fail "guest $k: the module unloaded" "no 'iommubench: unloaded' in $out/dmesg.txt"
	fi
done

echo
echo "s390x tests took $((SECONDS - T0)) s"
t_summary
