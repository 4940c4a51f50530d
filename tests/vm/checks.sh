#!/usr/bin/env bash
# Host-side checks of one guest run of tests/vm/guest-checks.sh: every step's
# status, the behaviour the results show, and a clean kernel log.
# Sourced by tests/run.sh after tests/vm/lib.sh (t_pass/t_fail count).
#   check_vm_results OUT_DIR LABEL

# median of a field over repetitions for the benchmark whose name starts so
med() {	# med JSON NAME_PREFIX FIELD
	jq -r --arg n "$2" --arg f "$3" '[.benchmarks[]
		| select(.run_type == "aggregate" and .aggregate_name == "median"
			 and (.run_name | startswith($n)))][0][$f] // "missing"' "$1"
}

# is A >= B * K ?
ge() { awk -v a="$1" -v b="$2" -v k="${3:-1}" 'BEGIN { exit !(a != "missing" && b != "missing" && a + 0 >= (b + 0) * k) }'; }

check_vm_results() {
	local out=$1 label=$2
	local json=$out/checks/benchmarks.json s rc errs ctx_ok pt rt pi d m p p2m r2m

	for s in insmod bind ioctl_check unbind runner rmmod; do
		rc=$(cat "$out/$s.rc" 2>/dev/null || echo missing)
		if [ "$rc" = 0 ]; then t_pass "$label: guest step $s"
		else t_fail "$label: guest step $s" "status $rc (see $out/guest.log)"; fi
	done

	if check_dmesg_clean "$out/dmesg.txt"; then t_pass "$label: kernel log free of WARN/BUG/Oops/lockup"
	else t_fail "$label: kernel log free of WARN/BUG/Oops/lockup" "see $out/dmesg.txt"; fi
	if grep -q 'iommubench: unloaded' "$out/dmesg.txt" && ! grep -q 'unloading with' "$out/dmesg.txt"
	then t_pass "$label: module unloaded with nothing allocated or mapped"
	else t_fail "$label: module unloaded with nothing allocated or mapped" "see $out/dmesg.txt"; fi

	if [ "$(cat "$out/group_type.before" 2>/dev/null)" = "$(cat "$out/group_type.after" 2>/dev/null)" ] &&
	   [ ! -s "$out/driver.after" ]
	then t_pass "$label: device's group type and binding restored after the run"
	else t_fail "$label: device's group type and binding restored after the run" \
		"type $(cat "$out/group_type.before" 2>/dev/null) -> $(cat "$out/group_type.after" 2>/dev/null), driver '$(cat "$out/driver.after" 2>/dev/null)'"; fi

	if ! jq -e . "$json" >/dev/null 2>&1; then
		t_fail "$label: runner wrote valid benchmarks.json" "$json"
		return 0
	fi
	t_pass "$label: runner wrote valid benchmarks.json"

	errs=$(jq '[.benchmarks[] | select(.error_occurred == true)] | length' "$json")
	if [ "$errs" = 0 ]; then t_pass "$label: no benchmark reported an error"
	else t_fail "$label: no benchmark reported an error" "$errs errors in $json"; fi

	ctx_ok=$(jq -r '.context | (.platform | startswith("qemu-")) and .emulated == "true"
		and (.kernel_release | length > 0) and .hw_pgsize_bitmap == "0x40201000"
		and .iommu_driver == "intel-iommu" and (.inval_probe | contains("qi_submit_sync"))' "$json")
	if [ "$ctx_ok" = true ]; then t_pass "$label: results carry provenance (platform, kernel, driver, bitmap, probe)"
	else t_fail "$label: results carry provenance" "$(jq -c .context "$json")"; fi

	p2m=iommu/map:per-page/unmap:strict/pgsize:0x1000/size:2097152/
	r2m=iommu/map:range/unmap:strict/pgsize:0x1000/size:2097152/
	pt=$(med "$json" "$p2m" real_time); rt=$(med "$json" "$r2m" real_time)
	if ge "$pt" "$rt" 5; then t_pass "$label: per-page 2 MiB at 4 KiB takes >= 5x range ($pt vs $rt ns)"
	else t_fail "$label: per-page 2 MiB at 4 KiB takes >= 5x range" "$pt vs $rt ns"; fi

	pi=$(med "$json" "$p2m" inval_per_op)
	if ge "$pi" 512; then t_pass "$label: strict per-page unmap of 2 MiB costs >= 512 invalidations per op ($pi)"
	else t_fail "$label: strict per-page unmap of 2 MiB costs >= 512 invalidations per op" "$pi"; fi

	for m in range per-page; do
		for p in hw 0x1000; do
			d=$(med "$json" "iommu/map:$m/unmap:deferred/pgsize:$p/size:4096/" inval_per_op)
			if [ "$d" != missing ] && ge 1 "$d"; then t_pass "$label: deferred $m 4 KiB (pgsize $p) costs <= 1 invalidation per op ($d)"
			else t_fail "$label: deferred $m 4 KiB (pgsize $p) costs <= 1 invalidation per op" "$d"; fi
		done
	done
}
