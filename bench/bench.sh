#!/bin/bash
# What `make bench` runs: build the module and the runner, run a suite on this host if it can
# load the module and has an IOMMU and a spare device, else in QEMU on Debian kernels; collect
# the results under results/<run-id>/ and point results/latest at the newest.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/bench.sh [--suite NAME] [--target host|vm|auto] [--arch x86_64|s390x]
                      [--kernel SPEC] [--device DEV] [--iommu intel|amd] [--timeout S]
                      [--filter REGEX] [--repetitions N]

Each option can also come from the environment (as `make bench` passes them):
  SUITE        suite name under bench/suites/ (default smoke)
  TARGET       host, vm or auto (default auto: host when the running kernel can load
               the module, the host has an IOMMU and DEVICE is set; otherwise vm)
  ARCH         vm only: the guest's architecture, x86_64 (default: Debian's amd64 kernels,
               emulated VT-d, QEMU's edu device) or s390x (Debian's s390x 6.1 from bookworm
               and 6.12 from trixie, fetched by bench/vm/s390x-kernels.sh, a zPCI device
               behind the s390 IOMMU; platform qemu-tcg/s390-zpci)
  KERNEL       vm only: 6.1, 6.12, a full release, or all (default: newest installed)
  DEVICE       host only: the spare PCI device to benchmark (BDF or VID:DID)
  VM_IOMMU     vm only: emulated IOMMU, intel (default) or amd
  VM_TIMEOUT   vm only: seconds before a guest is killed (default 1800)
  VM_SMP       ARCH=s390x only: guest CPUs (default 1)
  FILTER, REPETITIONS  passed to the runner
  IOMMUBENCH_RESULTS   the results directory (default results/; the tests use their own)
  COMPAT_ARGS  with SUITE=compat (make compat): arguments for `iommubench compat`, the
               kernel's dma_map_benchmark on our module, e.g. "--threads 2 --seconds 5"

Results: results/<run-id>/ (benchmarks.json, benchmarks.csv, histograms.json, meta.json,
dmesg.txt, guest.log); results/index.json lists the runs; results/latest.

Exit status: 0 ok; 1 a run failed (runner error, time-out or boot failure: see the
message); 2 usage; 3 environment (no kernel, host target impossible); 4 build failed;
5 the kernel log shows warnings, oopses, lockups or stalls.
EOF
}

die() { echo "error: $1" >&2; exit "${2:-3}"; }
say() { echo "bench: $*"; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
RESULTS=${IOMMUBENCH_RESULTS:-$REPO/results}	# elsewhere for tests
trap 'echo "bench: interrupted" >&2; exit 130' INT
trap 'echo "bench: terminated" >&2; exit 143' TERM
# shellcheck source=bench/vm/kernels.sh
source "$REPO/bench/vm/kernels.sh"
# shellcheck source=bench/vm/dmesg.sh
source "$REPO/bench/vm/dmesg.sh"

SUITE=${SUITE:-smoke} TARGET=${TARGET:-auto} KERNEL=${KERNEL:-} DEVICE=${DEVICE:-}
# Kbuild reads ARCH from the environment: keep ours in an unexported variable.
GUEST_ARCH=${ARCH:-}
unset ARCH
# `make bench ARCH=...` puts ARCH into MAKEFLAGS too, which every make below would inherit.
unset MAKEFLAGS MAKEOVERRIDES MFLAGS
VM_IOMMU=${VM_IOMMU:-intel} VM_TIMEOUT=${VM_TIMEOUT:-1800}
FILTER=${FILTER:-} REPETITIONS=${REPETITIONS:-} COMPAT_ARGS=${COMPAT_ARGS:-}
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--suite | --target | --arch | --kernel | --device | --iommu | --timeout | --filter | --repetitions)
		(($# >= 2)) || die "$1 needs a value" 2
		case $1 in
		--suite) SUITE=$2 ;;
		--target) TARGET=$2 ;;
		--arch) GUEST_ARCH=$2 ;;
		--kernel) KERNEL=$2 ;;
		--device) DEVICE=$2 ;;
		--iommu) VM_IOMMU=$2 ;;
		--timeout) VM_TIMEOUT=$2 ;;
		--filter) FILTER=$2 ;;
		--repetitions) REPETITIONS=$2 ;;
		esac
		shift 2
		;;
	*) die "unknown argument '$1' (see --help)" 2 ;;
	esac
done
case $TARGET in host | vm | auto) ;; *) die "TARGET must be host, vm or auto (got '$TARGET')" 2 ;; esac
case ${GUEST_ARCH:-$(uname -m)} in
"$(uname -m)") GUEST_ARCH= ;; # the host's own: host or x86 VM as before
s390x)
	[[ $TARGET != host ]] || die "ARCH=s390x runs in a VM; on an s390x host run make bench there" 2
	TARGET=vm
	;;
*) die "ARCH must be $(uname -m) or s390x (got '$GUEST_ARCH')" 2 ;;
esac
case $SUITE in
compat) SUITE_FILE=compat ;; # not a suite: `iommubench compat $COMPAT_ARGS`
*/* | *.suite) SUITE_FILE=$SUITE ;;
*) SUITE_FILE=$REPO/bench/suites/$SUITE.suite ;;
esac
[[ $SUITE_FILE == compat || -f $SUITE_FILE ]] || die "no suite '$SUITE' ($SUITE_FILE; available: $(find "$REPO/bench/suites" -name '*.suite' -printf '%f\n' 2>/dev/null | sed 's/\.suite$//' | sort | paste -sd' ' -))" 2

RUNNER_ARGS=()
[[ -n $FILTER ]] && RUNNER_ARGS+=(--filter "$FILTER")
[[ -n $REPETITIONS ]] && RUNNER_ARGS+=(--repetitions "$REPETITIONS")
[[ $SUITE_FILE == compat ]] && RUNNER_ARGS+=(--compat-args "$COMPAT_ARGS")

build_runner() {
	say "building the runner"
	make -C "$REPO/runner" || die "building the runner failed (make -C runner)" 4
}

# build_kmod KVER HEADERS_DIR
build_kmod() {
	say "building the module for $1"
	make -C "$REPO/kmod" KDIR="$2" || die "building the module for $1 failed (make -C kmod KDIR=$2)" 4
	[[ -f $REPO/build/kmod/$1/iommubench.ko ]] ||
		die "make -C kmod KDIR=$2 did not produce build/kmod/$1/iommubench.ko" 4
}

# Move run directory SRC into results/ (renaming if the id is taken); print the new path.
collect_run() {
	local src=$1 id dst n=2
	id=${src##*/}
	mkdir -p "$RESULTS" || return 1
	dst=$RESULTS/$id
	while [[ -e $dst ]]; do dst=$RESULTS/$id-$((n++)); done
	mv "$src" "$dst" || return 1
	echo "$dst"
}

# The run directory in stage dir $1 with a meta.json (a run that did not finish); "" if none.
partial_run_id() {
	local m
	for m in "$1"/*/meta.json; do
		[[ -f $m ]] || continue
		m=${m%/meta.json}
		echo "${m##*/}"
		return
	done
}

# results/index.json after a run moved in (the runner wrote its entry in the stage directory).
update_index() {
	"$REPO/build/iommubench" index --results "$RESULTS" >/dev/null ||
		echo "warning: could not update $RESULTS/index.json" >&2
}

# Point results/latest at run directory $1, atomically (rename over the old link).
point_latest() {
	ln -sfn "${1##*/}" "$RESULTS/.latest.tmp.$$" &&
		mv -T "$RESULTS/.latest.tmp.$$" "$RESULTS/latest"
}

# Fails loudly if the kernel log $1 shows trouble.
check_kernel_log() {
	local bad
	if ! bad=$(dmesg_bad_lines "$1"); then
		echo "error: the kernel log $1 shows warnings, oopses, lockups or stalls:" >&2
		echo "$bad" | head -n 40 >&2
		return 1
	fi
}

# Why this host cannot run the benchmark itself (empty output: it can, as far as cheap checks
# go; the real test is insmod).
host_obstacle() {
	if [[ ! -e /proc/modules ]]; then
		echo "the running kernel cannot load modules (no /proc/modules)"
	elif ! compgen -G '/sys/class/iommu/*' >/dev/null; then
		echo "this host has no IOMMU (/sys/class/iommu is empty)"
	elif [[ -z $DEVICE ]]; then
		echo "DEVICE is not set (give the spare PCI device to benchmark, BDF or VID:DID)"
	elif ((EUID != 0)); then
		echo "not root (loading the module needs root)"
	elif [[ ! -f /lib/modules/$(uname -r)/build/Makefile ]]; then
		echo "no headers for the running kernel (install linux-headers-$(uname -r))"
	fi
}

# --- host ------------------------------------------------------------------------------------

run_host() {
	local kver marker rc=0 run log prev
	kver=$(uname -r)
	[[ -z $KERNEL ]] || say "note: KERNEL=$KERNEL ignored on the host target (running $kver)"
	build_runner
	build_kmod "$kver" "/lib/modules/$kver/build"
	# kernel messages after this marker go into the run's dmesg.txt
	marker="iommubench-bench: start $$ $(date -u +%Y%m%dT%H%M%SZ)"
	echo "$marker" >/dev/kmsg 2>/dev/null || marker=
	mkdir -p "$REPO/build" && log=$(mktemp "$REPO/build/host-run.XXXXXX.log") || return 1
	# the runner repoints results/latest when it has written a run
	prev=$(readlink "$RESULTS/latest" 2>/dev/null || true)
	say "running suite $SUITE on this host ($kver), device $DEVICE"
	"$REPO/bench/guest-bench.sh" --device "$DEVICE" --out-dir "$RESULTS" "${RUNNER_ARGS[@]}" \
		"$kver" "$SUITE_FILE" hardware 2>&1 | tee "$log" || rc=$?
	run=$(readlink "$RESULTS/latest" 2>/dev/null || true)
	if [[ -n $run && $run != "$prev" && -d $RESULTS/$run ]]; then
		run=$RESULTS/$run
		mv "$log" "$run/guest.log" && chmod 644 "$run/guest.log"
		if [[ -n $marker ]]; then
			dmesg | sed -n "/$marker/,\$p" >"$run/dmesg.txt" || rm -f "$run/dmesg.txt"
		fi
	else
		run=
		rm -f "$log"
	fi
	((rc == 0)) || { echo "error: the run on this host failed (exit status $rc)" >&2; return 1; }
	[[ -n $run ]] || { echo "error: the runner wrote no run directory under $RESULTS" >&2; return 1; }
	if [[ -f $run/dmesg.txt ]] && ! check_kernel_log "$run/dmesg.txt"; then return 5; fi
	say "results: $run/benchmarks.json"
	"$REPO/bench/summary.sh" "$run/benchmarks.json" || true
}

# run_vm and run_host are called as `f || st=$?`, where bash ignores set -e inside them:
# every step that can fail is checked explicitly.

# --- vm --------------------------------------------------------------------------------------

# run_vm KVER ACCEL: one suite in one guest; moves the run into results/.
# boot_s390x KVER STAGE PLATFORM: the suite in an s390x guest. Its / is an initramfs: the
# runner cross-built with its s390x libraries, bash, guest-bench.sh, the suite and the module,
# laid out as in this repository under /repo; the results come back over the console.
boot_s390x() {
	local kver=$1 stage=$2 platform=$3 s=$S390X_SYSROOT
	# s390_iommu_aperture=16 (x the guest's 1 GiB): at the default (1) and at 2, 6.12.107's
	# dma_map_page under DMA-FQ failed with ENOMEM from 256 KiB (512 KiB at 2) up; at 0 (all
	# QEMU offers, 4 TiB) each flush-all RPCIT took QEMU over a minute and the guest reported
	# RCU stalls. 16 runs every point (docs/s390x.md).
	"$REPO/bench/vm/run-in-vm-s390x.sh" --kernel "$kver" --out "$stage" --timeout "$VM_TIMEOUT" \
		--append s390_iommu_aperture=16 --smp "$S390X_SMP" \
		--file "$s/lib:/lib" --file "$s/usr/lib/s390x-linux-gnu:/usr/lib/s390x-linux-gnu" \
		--file "$s/bin/bash:/bin/bash" \
		--file "$REPO/bench/guest-bench.sh:/repo/bench/guest-bench.sh" \
		--file "$SUITE_FILE:/repo/bench/suites/${SUITE_FILE##*/}" \
		--file "$REPO/build/kmod/$kver/iommubench.ko:/repo/build/kmod/$kver/iommubench.ko" \
		--file "$REPO/build/s390x/iommubench:/repo/build/iommubench" \
		--collect /tmp/out -- \
		bash /repo/bench/guest-bench.sh --device "$S390X_DEVICE" --out-dir /tmp/out \
		"${RUNNER_ARGS[@]}" "$kver" "/repo/bench/suites/${SUITE_FILE##*/}" "$platform"
}

run_vm() {
	local kver=$1 accel=$2 stage id run rc=0 platform partial=0
	platform=qemu-$accel/$VM_IOMMU-iommu
	[[ -z $GUEST_ARCH ]] || platform=qemu-$accel/s390-zpci
	stage=$REPO/build/vm/stage-$kver-$(date -u +%Y%m%d-%H%M%S)
	mkdir -p "$stage" || return 1
	say "booting $kver under QEMU ($platform), suite $SUITE; the runner's output follows"
	if [[ $GUEST_ARCH == s390x ]]; then
		boot_s390x "$kver" "$stage" "$platform" || rc=$?
	else
		"$REPO/bench/vm/run-in-vm.sh" --kernel "$kver" --out "$stage" --iommu "$VM_IOMMU" \
			--accel "$accel" --timeout "$VM_TIMEOUT" -- \
			bench/guest-bench.sh "${RUNNER_ARGS[@]}" "$kver" "$SUITE_FILE" "$platform" || rc=$?
	fi
	case $rc in
	0) ;;
	124) echo "error: $kver: the guest timed out after $VM_TIMEOUT s (VM_TIMEOUT)" >&2 ;;
	125) echo "error: $kver: the guest failed to boot (see $stage/serial.log)" >&2 ;;
	*) echo "error: $kver: the benchmark run failed (exit status $rc)" >&2 ;;
	esac
	# the runner points <out>/latest at the run it wrote; a run that died or was stopped
	# has no `latest` but keeps every benchmark it finished: collect that too
	id=$(readlink "$stage/latest" 2>/dev/null || true)
	if [[ -z $id ]]; then
		partial=1
		id=$(partial_run_id "$stage")
		[[ -z $id ]] || echo "error: $kver: the run did not finish; keeping what it completed" >&2
	fi
	if [[ -z $id || ! -d $stage/$id ]]; then
		echo "error: $kver: no run directory in $stage (kept for inspection)" >&2
		return 1
	fi
	run=$(collect_run "$stage/$id") || { echo "error: cannot move $stage/$id into $RESULTS" >&2; return 1; }
	if ((partial)); then
		# the guest's runner died: assemble the benchmarks it finished (.partial/)
		"$REPO/build/iommubench" recover "$run" >&2 || echo "error: cannot recover $run" >&2
	fi
	update_index
	for f in dmesg.txt guest.log; do
		if [[ -f $stage/$f ]]; then
			cp "$stage/$f" "$run/$f" || { echo "error: cannot copy $stage/$f to $run" >&2; return 1; }
		fi
	done
	if ((!partial)); then
		point_latest "$run" || { echo "error: cannot point $RESULTS/latest at $run" >&2; return 1; }
	fi
	if [[ ! -f $run/dmesg.txt ]]; then
		echo "error: $kver: the guest wrote no kernel log" >&2
		return 1
	fi
	check_kernel_log "$run/dmesg.txt" || return 5
	if ((rc != 0)); then
		echo "error: $kver: what it wrote is in $run (guest.log); the serial log in $stage" >&2
		return 1
	fi
	rm -rf "$stage"
	say "results: $run/benchmarks.json"
	"$REPO/bench/summary.sh" "$run/benchmarks.json" || true
}

# --- main ------------------------------------------------------------------------------------

if [[ $TARGET != vm ]]; then
	why=$(host_obstacle)
	if [[ -z $why ]]; then
		# the cheap checks passed: can the module really be loaded here?
		kver=$(uname -r)
		build_kmod "$kver" "/lib/modules/$kver/build"
		if [[ -e /sys/module/iommubench ]]; then
			why="iommubench is already loaded (rmmod it first)"
		elif ! insmod "$REPO/build/kmod/$kver/iommubench.ko" 2>/dev/null; then
			why="insmod of the module fails on the running kernel"
		else
			rmmod iommubench || die "rmmod iommubench failed after a trial load"
		fi
	fi
	if [[ -n $why ]]; then
		[[ $TARGET == host ]] && die "TARGET=host impossible: $why"
		say "running in a VM: $why"
		TARGET=vm
	else
		TARGET=host
	fi
fi

if [[ $TARGET == host ]]; then
	st=0
	run_host || st=$?
	exit "$st"
fi

[[ -n $DEVICE ]] && say "note: DEVICE=$DEVICE ignored in the VM (it benchmarks QEMU's edu device)"
if [[ $GUEST_ARCH == s390x ]]; then
	[[ $SUITE_FILE != compat ]] || die "SUITE=compat is not available with ARCH=s390x" 2
	S390X_DEVICE=0001:00:00.0	# the zPCI function (virtio-rng-pci) run-in-vm-s390x.sh adds
	S390X_SYSROOT=$REPO/build/s390x/sysroot
	# One vCPU unless asked: the suites' points run one worker, and TCG shares 2 host cores
	S390X_SMP=${VM_SMP:-1}
	say "fetching the s390x kernels and libraries (once)"
	"$REPO/bench/vm/s390x-kernels.sh" fetch "${KERNEL:-all}" || die "fetching the s390x kernels failed" 3
	KERNELS=$("$REPO/bench/vm/s390x-kernels.sh" resolve "${KERNEL:-6.12}") || exit 3
	make -C "$REPO" kmod-s390x || die "cross-building the module failed (make kmod-s390x)" 4
	make -C "$REPO" runner-s390x || die "cross-building the runner failed (make runner-s390x)" 4
	build_runner	# the host's, for recover and the index
	status=0
	for kver in $KERNELS; do
		st=0
		run_vm "$kver" tcg || st=$?
		((st > status)) && status=$st
	done
	((status != 0)) || say "done; results/latest -> $(readlink "$RESULTS/latest")"
	exit "$status"
fi
if [[ -z $KERNEL ]]; then
	KERNELS=$(kernels_newest) || exit 3
else
	KERNELS=$(kernels_resolve "$KERNEL") || exit 3
fi
for kver in $KERNELS; do
	hdr=$(kernels_headers "$kver") || exit 3
	build_kmod "$kver" "$hdr"
done
build_runner
# one accelerator decision for all kernels (it may run the cached KVM probe once)
accel=$("$REPO/bench/vm/run-in-vm.sh" --kernel "${KERNELS%%$'\n'*}" --print-accel) || exit 3

status=0
for kver in $KERNELS; do
	st=0
	run_vm "$kver" "$accel" || st=$?
	# keep the most severe status; a dirty kernel log (5) beats a failed run (1)
	((st > status)) && status=$st
done
if ((status == 0)); then
	say "done; results/latest -> $(readlink "$RESULTS/latest")"
fi
exit "$status"
