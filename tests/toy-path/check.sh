#!/usr/bin/env bash
# What adding a path takes (issue 13): in a scratch copy of this tree, add the toy path
# (tests/toy-path/: its kernel half ib_toy.c, its runner half toy.c, their shared ib_toy.h)
# the way README says, and check that
#   - the change is exactly its own files plus one registration line in kmod/ib_paths.h and
#     one in runner/paths/registry.c (git diff in the scratch copy);
#   - the module builds warning-free at W=1 against every target kernel, and the runner
#     builds (-Werror) and lists the path;
#   - in a QEMU guest (newest kernel) the runner drives it end to end: exact counts from the
#     generic loop (one unmap per op), the path's label and counter in benchmarks.json, a
#     map failing on purpose (fail_after) reported as that point's EIO, the module unloaded
#     with nothing allocated or mapped, a clean kernel log.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail

case ${1:-} in
-h | --help)
	sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
	echo "Usage: tests/toy-path/check.sh   (tests/run.sh runs it)"
	exit 0
	;;
"") ;;
*) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$repo" || exit 3
# shellcheck source=tests/vm/lib.sh
source tests/vm/lib.sh

toy=tests/toy-path
scratch=build/toy-path/tree
rm -rf build/toy-path
mkdir -p "$scratch"

# The scratch copy: the tracked files as they are in this checkout, as its own git baseline.
git ls-files -z | cpio -0 -pdm --quiet "$scratch" || { t_fail "scratch copy" "cpio failed"; t_summary; exit; }
(
	cd "$scratch" && git init -q && git add -A &&
		git -c user.name=toy -c user.email=toy@localhost commit -qm baseline
) || { t_fail "scratch copy" "git baseline failed"; t_summary; exit; }

# Adding the path, as tests/toy-path/README says: its files, and one line in each table.
cp "$toy/ib_toy.c" "$toy/ib_toy.h" "$scratch/kmod/"
cp "$toy/toy.c" "$toy/ib_toy.h" "$scratch/runner/paths/"
printf 'IB_PATH(99,\t\t\tib_toy_path)\t/* ib_toy.c: IOMMUBENCH_PATH_TOY */\n' >>"$scratch/kmod/ib_paths.h"
sed -i 's|^\t/\* end of the paths \*/|\tX(toy_path) \\\n&|' "$scratch/runner/paths/registry.c"

diff_is() {	# the scratch change is exactly: 4 new files, one added line in each table
	local got want
	got=$(cd "$scratch" && git add -A && git diff --cached --numstat | sort)
	want=$(printf '%s\n' \
		"$(wc -l <"$toy/ib_toy.c")	0	kmod/ib_toy.c" \
		"$(wc -l <"$toy/ib_toy.h")	0	kmod/ib_toy.h" \
		"1	0	kmod/ib_paths.h" \
		"$(wc -l <"$toy/ib_toy.h")	0	runner/paths/ib_toy.h" \
		"1	0	runner/paths/registry.c" \
		"$(wc -l <"$toy/toy.c")	0	runner/paths/toy.c" | sort)
	[[ $got == "$want" ]] || { echo "got:"; echo "$got"; echo "want:"; echo "$want"; return 1; }
}
t_check "the toy path is its own files plus one line in each path table" diff_is

kernels=$(vm_kernels)
for k in $kernels; do
	log=build/toy-path/kmod-$k.log
	if make -C "$scratch/kmod" KDIR="$(bench/vm/kernels.sh headers "$k")" W=1 >"$log" 2>&1; then
		if grep -qiE 'warning:' "$log"; then
			t_fail "module with the toy path builds warning-free at W=1 against $k" \
				"$(grep -iE 'warning:' "$log" | head -3)"
		else
			t_pass "module with the toy path builds warning-free at W=1 against $k"
		fi
	else
		t_fail "module with the toy path builds against $k" "see $log"
	fi
done

runner=$scratch/build/iommubench
if make -s -C "$scratch/runner" LIBPERF="$repo/build/libperf" >build/toy-path/runner.log 2>&1; then
	t_pass "runner with the toy path builds (-Wall -Wextra -Werror)"
else
	t_fail "runner with the toy path builds" "$(tail -n 5 build/toy-path/runner.log)"
fi
t_check "iommubench list --paths shows the toy path" \
	grep -q '^toy  *a toy path for tests' <("$runner" list --paths 2>&1)

# The guest: the scratch tree's module and runner on the toy path, two suites.
cat >build/toy-path/toy.suite <<'EOF'
name        toy
path        toy
size        4096 65536
threads     1 2
ops         500
duration    0.5
warmup      4
repetitions 2
EOF
cat >build/toy-path/toy-fail.suite <<'EOF'
name        toy-fail
path        toy
fail_after  20
size        4096
threads     1
ops         500
warmup      4
repetitions 1
EOF
cat >build/toy-path/guest.sh <<'EOF'
#!/bin/sh
# In the guest: the scratch tree's module, the toy suites through its runner, unload.
set -u
out=${IOMMUBENCH_OUT:?}
t=build/toy-path/tree
insmod "$t/build/kmod/$(uname -r)/iommubench.ko" || exit 10
"$t/build/iommubench" run --suite build/toy-path/toy.suite --device 1234:11e8 \
	--out-dir "$out" --run-id toy --platform qemu-tcg/intel-iommu > "$out/toy.stdout" 2>&1
echo $? > "$out/toy.rc"
"$t/build/iommubench" run --suite build/toy-path/toy-fail.suite --device 1234:11e8 \
	--out-dir "$out" --run-id toyfail --platform qemu-tcg/intel-iommu > "$out/toyfail.stdout" 2>&1
echo $? > "$out/toyfail.rc"
rmmod iommubench
echo $? > "$out/rmmod.rc"
EOF
chmod +x build/toy-path/guest.sh

newest=$(bench/vm/kernels.sh newest)
vm_guest "guest ran the toy path" "$newest" --accel tcg --timeout 600 -- build/toy-path/guest.sh
out=$VM_OUT
json=$out/toy/benchmarks.json
t_check "$newest: toy run exited 0" grep -qx 0 "$out/toy.rc"
t_check "$newest: toy run has its 4 points x 2 repetitions, none failed" jq -e '
	[.benchmarks[] | select(.run_type == "iteration")] |
	length == 8 and all(.error_occurred != true) and
	([.[].name | sub("/iterations:.*"; "")] | unique ==
	 ["toy/fail_after:0/size:4096/threads:1", "toy/fail_after:0/size:4096/threads:2",
	  "toy/fail_after:0/size:65536/threads:1", "toy/fail_after:0/size:65536/threads:2"])' "$json"
t_check "$newest: one unmap per op, exactly, from the generic loop (toy_unmaps_per_op = 1)" jq -e '
	[.benchmarks[] | select(.run_type == "iteration") | .toy_unmaps_per_op] | all(. == 1)' "$json"
t_check "$newest: the toy path's label on every repetition" jq -e '
	[.benchmarks[] | select(.run_type == "iteration") | .label] | all(startswith("toy:true"))' "$json"
t_check "$newest: the run with a failing point exits 1 (a benchmark failed)" grep -qx 1 "$out/toyfail.rc"
t_check "$newest: a map failing on purpose is that point's EIO" jq -e '
	[.benchmarks[] | select(.run_type == "iteration")] | length >= 1 and
	all(.error_occurred == true and (.error_message | test("EIO|Input/output")))' \
	"$out/toyfail/benchmarks.json"
t_check "$newest: rmmod after the toy runs" grep -qx 0 "$out/rmmod.rc"
t_check "$newest: module unloaded with nothing allocated or mapped" unloaded_clean "$out/dmesg.txt"
t_check "$newest: kernel log clean (no WARN/BUG/Oops/lockup)" check_dmesg_clean "$out/dmesg.txt"

t_summary
