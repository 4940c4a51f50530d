#!/usr/bin/env bash
# make fuzz: the ioctl fuzzer (tests/vm/ioctl_fuzz.c) in a QEMU TCG guest on each
# installed x86 target kernel (6.1, 6.12): load the module, bind the edu device,
# fuzz, unbind, unload. Checks the fuzzer's own PASS lines and exit status, a
# clean kernel log and an unload with nothing allocated or mapped.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
# A failing seed is reproduced with the same --seed (and --calls).
set -uo pipefail

usage() {
	sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
	cat <<'U'
Usage: tests/fuzz.sh [--calls N] [--seed S] [--kernel KVER]
  --calls N     fuzzer calls per kernel (default 100000)
  --seed S      seed (default: a random one, printed)
  --kernel KVER only this kernel (6.1, 6.12 or a release); default every target kernel
U
}

# shellcheck source=bench/vm/lib/opts.sh
source "$(dirname "${BASH_SOURCE[0]}")/../bench/vm/lib/opts.sh"
calls=100000 seed='' only=''
opts_parse "--calls=calls --seed=seed --kernel=only" "$@"
[[ $calls =~ ^[0-9]+$ ]] || { echo "error: --calls wants a number" >&2; exit 2; }
[[ -z $seed || $seed =~ ^[0-9]+$ ]] || { echo "error: --seed wants a number" >&2; exit 2; }
seed=${seed:-$(((RANDOM << 15 | RANDOM) & 0x7fffffff))}

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 3
# shellcheck source=tests/vm/lib.sh
source tests/vm/lib.sh
mkdir -p build/test

echo "fuzz: seed $seed, $calls calls per kernel (reproduce: tests/fuzz.sh --seed $seed --calls $calls)"

section "build: fuzzer, module"
t_check "ioctl_fuzz builds (static)" cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror \
	-static -Ikmod/uapi -o build/ioctl_fuzz tests/vm/ioctl_fuzz.c
if [[ -n $only ]]; then
	kernels=$(bench/vm/kernels.sh resolve "$only") || { t_fail "kernel $only is installed"; t_summary; exit; }
else
	kernels=$(vm_kernels)
fi
build_kmod() {	# build_kmod KVER LOG
	make -C kmod KDIR="$(bench/vm/kernels.sh headers "$1")" >"$2" 2>&1
}
for k in $kernels; do
	t_check "module builds against $k" build_kmod "$k" "build/test/fuzz-kmod-$k.log"
done

# the guest's time budget: TCG does ~1000 calls in a few seconds; boot and unload on top
timeout=$((300 + calls / 50))
for k in $kernels; do
	section "VM: $k (QEMU TCG, intel-iommu, edu): $calls calls, seed $seed"
	vm_guest "guest booted and ran the fuzzer" "$k" --accel tcg --timeout "$timeout" -- \
		tests/vm/fuzz-guest.sh "$seed" "$calls"
	echo "fuzzing took $(cat "$VM_OUT/fuzz.seconds" 2>/dev/null || echo '?') s"
	for s in insmod bind fuzz unbind rmmod; do
		rc=$(cat "$VM_OUT/$s.rc" 2>/dev/null || echo missing)
		if [[ $rc == 0 ]]; then t_pass "$k: guest step $s"
		else t_fail "$k: guest step $s" "status $rc (see $VM_OUT/guest.log)"; fi
	done
	flog=$VM_OUT/fuzz.log
	grep -E '^(errno|ioctl_fuzz: [0-9]+ calls in|finding:)' "$flog" 2>/dev/null | sed "s/^/  $k: /"
	if [[ -s $flog ]] && ! grep -q '^FAIL' "$flog" && grep -q '^PASS: INFO after fuzzing' "$flog" &&
		grep -qE '^[1-9][0-9]* passed, 0 failed$' "$flog"; then
		t_pass "$k: fuzzer PASS lines, no FAIL ($(grep -E '^[0-9]+ passed' "$flog"))"
	else
		t_fail "$k: fuzzer PASS lines, no FAIL" "$(grep -E '^FAIL' "$flog" 2>/dev/null | head -5) (see $flog)"
	fi
	if check_dmesg_clean "$VM_OUT/dmesg.txt"; then t_pass "$k: kernel log free of WARN/BUG/Oops/lockup"
	else t_fail "$k: kernel log free of WARN/BUG/Oops/lockup" "see $VM_OUT/dmesg.txt"; fi
	if unloaded_clean "$VM_OUT/dmesg.txt"; then
		t_pass "$k: module unloaded with nothing allocated or mapped"
	else
		t_fail "$k: module unloaded with nothing allocated or mapped" "see $VM_OUT/dmesg.txt"
	fi
done

echo "fuzz: seed $seed (reproduce: tests/fuzz.sh --seed $seed --calls $calls)"
t_summary
