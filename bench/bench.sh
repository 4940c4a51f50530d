#!/bin/bash
# What `make bench` runs: build the module and the runner, run a suite on this host if it can
# load the module and has an IOMMU and a spare device, else in QEMU on Debian kernels; collect
# the results under results/<run-id>/ and point results/latest at the newest.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/bench.sh [--suite NAME] [--target host|vm|auto] [--arch ARCH]
                      [--kernel SPEC] [--device DEV] [--iommu NAME] [--timeout S]
                      [--filter REGEX] [--repetitions N] [--clock icount|wall]
                      [--icount-shift N] [--rounds N] [--order random|suite] [--seed N]

Each option can also come from the environment (as `make bench` passes them):
  SUITE        suite name under bench/suites/ (default smoke)
  TARGET       host, vm or auto (default auto: host when the running kernel can load
               the module, the host has an IOMMU and DEVICE is set; otherwise vm)
  ARCH         vm only: the guest's architecture, a VM target of bench/vm/targets/:
               x86_64 (default: Debian's amd64 kernels, emulated VT-d, QEMU's edu device)
               or s390x (Debian's s390x 6.1 from bookworm and 6.12 from trixie, fetched
               privately into build/s390x/, a zPCI device behind the s390 IOMMU; platform
               qemu-tcg/s390-zpci)
  KERNEL       vm only: 6.1, 6.12, a full release, or all (default: newest installed)
  DEVICE       host only: the spare PCI device to benchmark (BDF or VID:DID)
  VM_IOMMU     vm only: emulated IOMMU, one of the target's (x86_64: intel, the default,
               or amd; s390x: zpci)
  VM_TIMEOUT   vm only: seconds before a guest is killed (default 1800)
  VM_SMP       vm only: guest CPUs (default: the target's; x86_64 2, s390x 1; 1 under
               CLOCK=icount unless the suite has multi-worker points)
  CLOCK        vm only: what the guest's times count: icount (the default under TCG:
               instruction time, QEMU -icount shift=ICOUNT_SHIFT,sleep=off; repeatable
               to the instruction, but it does not charge the emulator's own work, e.g.
               the emulated IOMMU's: docs/methodology.md, "Clock") or wall. Suites with
               points of more than one worker default to wall (icount runs the vCPUs in
               turn on one instruction clock: nothing scales). Hosts and KVM guests:
               wall only. Recorded as `clock` (and `icount_shift`)
  ICOUNT_SHIFT with CLOCK=icount: each guest instruction is 2^N ns (default: the measured
               ICOUNT_DEFAULT_SHIFT of bench/vm/lib/clock.sh)
  ROUNDS       N separate runs of the same configuration (default 1): in the VM N boots,
               one after the other, each a complete run, tied together by one `group`
               id (meta.json `group`, `round` K of `rounds` N); results/latest is the
               last; the summary covers the group (make compare takes groups)
  ORDER        the points' order in a run: random (default: a seeded shuffle, the seed
               fresh per run and recorded) or suite
  SEED         with ORDER=random: this seed for every run instead of a fresh one
  FILTER, REPETITIONS  passed to the runner
  MODULE_PARAMS        module parameters for insmod, NAME=VALUE separated by spaces
                       (e.g. "op_delay_ns=100": the sensitivity trials, bench/trials.sh)
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
# shellcheck source=bench/vm/lib/target.sh
source "$REPO/bench/vm/lib/target.sh"
# shellcheck source=bench/vm/lib/opts.sh
source "$REPO/bench/vm/lib/opts.sh"
# shellcheck source=bench/vm/dmesg.sh
source "$REPO/bench/vm/dmesg.sh"

SUITE=${SUITE:-smoke} TARGET=${TARGET:-auto} KERNEL=${KERNEL:-} DEVICE=${DEVICE:-}
# Kbuild reads ARCH from the environment: keep ours in an unexported variable.
GUEST_ARCH=${ARCH:-}
unset ARCH
# `make bench ARCH=...` puts ARCH into MAKEFLAGS too, which every make below would inherit.
unset MAKEFLAGS MAKEOVERRIDES MFLAGS
VM_IOMMU=${VM_IOMMU:-} VM_TIMEOUT=${VM_TIMEOUT:-1800} VM_SMP=${VM_SMP:-}
FILTER=${FILTER:-} REPETITIONS=${REPETITIONS:-} COMPAT_ARGS=${COMPAT_ARGS:-}
CLOCK=${CLOCK:-} ICOUNT_SHIFT=${ICOUNT_SHIFT:-} ROUNDS=${ROUNDS:-1} ORDER=${ORDER:-random}
SEED=${SEED:-}
MODULE_PARAMS=${MODULE_PARAMS:-}
opts_parse "--suite=SUITE --target=TARGET --arch=GUEST_ARCH --kernel=KERNEL --device=DEVICE
	--iommu=VM_IOMMU --timeout=VM_TIMEOUT --filter=FILTER --repetitions=REPETITIONS
	--clock=CLOCK --icount-shift=ICOUNT_SHIFT --rounds=ROUNDS --order=ORDER --seed=SEED" "$@"
case $CLOCK in '' | icount | wall) ;; *) die "CLOCK must be icount or wall (got '$CLOCK')" 2 ;; esac
[[ -z $ICOUNT_SHIFT || $ICOUNT_SHIFT =~ ^([0-9]|10)$ ]] || die "ICOUNT_SHIFT must be 0..10 (got '$ICOUNT_SHIFT')" 2
[[ -z $ICOUNT_SHIFT || $CLOCK != wall ]] || die "ICOUNT_SHIFT goes with CLOCK=icount, not wall" 2
opts_uint ROUNDS "$ROUNDS"
((ROUNDS <= 1000)) || die "ROUNDS must be 1..1000 (got $ROUNDS)" 2
opts_one_of ORDER "$ORDER" "random suite"
[[ -z $SEED || $SEED =~ ^[0-9]{1,9}$ ]] || die "SEED must be a number of up to 9 digits (got '$SEED')" 2
case $TARGET in host | vm | auto) ;; *) die "TARGET must be host, vm or auto (got '$TARGET')" 2 ;; esac
# The VM target is the guest's architecture (bench/vm/targets/<arch>.sh): the host's own by
# default, which is also the only one the host target can run.
VM_TARGET=${GUEST_ARCH:-$(uname -m)}
if [[ $VM_TARGET != "$(uname -m)" ]]; then
	[[ -f $REPO/bench/vm/targets/$VM_TARGET.sh ]] ||
		die "ARCH must be $(uname -m) or a VM target: $(target_names | paste -sd ' ' -) (got '$VM_TARGET')" 2
	[[ $TARGET != host ]] || die "ARCH=$VM_TARGET runs in a VM; on an $VM_TARGET host run make bench there" 2
	TARGET=vm
fi
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
for p in $MODULE_PARAMS; do RUNNER_ARGS+=(--module-param "$p"); done

build_runner() {
	say "building the runner"
	make -C "$REPO/runner" || die "building the runner failed (make -C runner)" 4
}

# build_kmod KVER HEADERS_DIR [MAKE-ARGS...] (a cross build's, from the kernel library)
build_kmod() {
	say "building the module for $1"
	make -C "$REPO/kmod" KDIR="$2" "${@:3}" || die "building the module for $1 failed (make -C kmod KDIR=$2 ${*:3})" 4
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

# The run the guest's runner wrote into stage dir $1, as its index.json records it:
# "<run-id> <status>" (status "running": the runner died); nothing if it wrote none.
stage_run() {
	jq -r '.runs[-1] // empty | "\(.run_id) \(.status)"' "$1/index.json" 2>/dev/null || true
}

# results/index.json after a run moved in (the runner wrote its entry in the stage directory).
update_index() {
	"$REPO/build/iommubench" index --results "$RESULTS" >/dev/null ||
		echo "warning: could not update $RESULTS/index.json" >&2
}

# Point results/latest at run directory $1, atomically, as the runner does for the runs it
# writes in place (it has no command for a run moved in afterwards).
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
	build_kmod "$kver" "/lib/modules/$kver/build"
	# kernel messages after this marker go into the run's dmesg.txt
	marker="iommubench-bench: start $$ $(date -u +%Y%m%dT%H%M%SZ)"
	echo "$marker" >/dev/kmsg 2>/dev/null || marker=
	mkdir -p "$REPO/build" && log=$(mktemp "$REPO/build/host-run.XXXXXX.log") || return 1
	# the runner repoints results/latest when it has written a run
	prev=$(readlink "$RESULTS/latest" 2>/dev/null || true)
	say "running suite $SUITE on this host ($kver), device $DEVICE"
	"$REPO/bench/guest-bench.sh" --device "$DEVICE" --out-dir "$RESULTS" "${RUNNER_ARGS[@]}" "${ROUND_ARGS[@]}" \
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
	GROUP_RUNS+=("$run")
	"$REPO/bench/summary.sh" "$run/benchmarks.json" || true
}

# run_vm and run_host are called as `f || st=$?`, where bash ignores set -e inside them:
# every step that can fail is checked explicitly.

# --- vm --------------------------------------------------------------------------------------

# vm_boot KVER STAGE PLATFORM ACCEL: the suite in a guest of the loaded VM target, through
# bench/vm/run.sh. A guest that sees the host's files runs this repository's guest-bench.sh;
# one whose root is an initramfs gets what it runs laid out as in this repository under
# /repo: the target's runner and its libraries (TARGET_SYSROOT), bash, guest-bench.sh and
# the option parser it sources, the suite and the module; its results come back with
# --collect.
vm_boot() {
	local kver=$1 stage=$2 platform=$3 accel=$4 s suite repo=$REPO
	local args=(--target "$VM_TARGET" --kernel "$kver" --out "$stage" --iommu "$TARGET_IOMMU"
		--accel "$accel" --timeout "$VM_TIMEOUT")
	local guest_args=(--device "$TARGET_DEVICE" "${RUNNER_ARGS[@]}" "${ROUND_ARGS[@]}")
	args+=(--clock "$RUN_CLOCK")
	[[ -n $VM_SMP ]] && args+=(--smp "$VM_SMP")
	[[ -n ${TARGET_BENCH_APPEND:-} ]] && args+=(--append "$TARGET_BENCH_APPEND")
	suite=$SUITE_FILE
	if [[ $TARGET_GUEST_ROOT == initramfs ]]; then
		s=$REPO/$TARGET_SYSROOT repo=/repo
		[[ $SUITE_FILE == compat ]] || suite=/repo/bench/suites/${SUITE_FILE##*/}
		args+=(--file "$s/lib:/lib" --file "$s/usr/lib/${TARGET_ARCH}-linux-gnu:/usr/lib/${TARGET_ARCH}-linux-gnu"
			--file "$s/bin/bash:/bin/bash"
			--file "$REPO/bench/guest-bench.sh:/repo/bench/guest-bench.sh"
			--file "$REPO/bench/vm/lib/opts.sh:/repo/bench/vm/lib/opts.sh"
			--file "$REPO/build/kmod/$kver/iommubench.ko:/repo/build/kmod/$kver/iommubench.ko"
			--file "$REPO/$TARGET_RUNNER:/repo/build/iommubench"
			--collect /tmp/out)
		[[ $SUITE_FILE == compat ]] || args+=(--file "$SUITE_FILE:$suite")
		guest_args+=(--out-dir /tmp/out)
	fi
	"$REPO/bench/vm/run.sh" "${args[@]}" -- \
		bash "$repo/bench/guest-bench.sh" "${guest_args[@]}" "$kver" "$suite" "$platform"
}

# run_vm KVER ACCEL: one suite in one guest; moves the run into results/.
run_vm() {
	local kver=$1 accel=$2 stage id status run rc=0 platform partial=0
	platform=$(target_platform "$accel")
	stage=$REPO/build/vm/stage-$kver-$(date -u +%Y%m%d-%H%M%S)
	mkdir -p "$stage" || return 1
	say "booting $kver under QEMU ($platform), suite $SUITE; the runner's output follows"
	vm_boot "$kver" "$stage" "$platform" "$accel" || rc=$?
	case $rc in
	0) ;;
	124) echo "error: $kver: the guest timed out after $VM_TIMEOUT s (VM_TIMEOUT)" >&2 ;;
	125) echo "error: $kver: the guest failed to boot (see $stage/serial.log)" >&2 ;;
	*) echo "error: $kver: the benchmark run failed (exit status $rc)" >&2 ;;
	esac
	# the runner's index says which run it wrote and how it ended; a run whose runner died
	# or was stopped keeps every benchmark it finished: collect that too
	read -r id status <<<"$(stage_run "$stage")" || true
	case ${status:-} in
	complete | failed) ;;
	*)
		partial=1
		[[ -z ${id:-} ]] || echo "error: $kver: the run did not finish; keeping what it completed" >&2
		;;
	esac
	if [[ -z ${id:-} || ! -d $stage/$id ]]; then
		echo "error: $kver: no run directory in $stage (kept for inspection)" >&2
		return 1
	fi
	run=$(collect_run "$stage/$id") || { echo "error: cannot move $stage/$id into $RESULTS" >&2; return 1; }
	if ((partial)); then
		# the guest's runner died or was stopped: assemble the benchmarks it finished (.partial/)
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
	GROUP_RUNS+=("$run")
	"$REPO/bench/summary.sh" "$run/benchmarks.json" || true
}

# suite_multithreaded FILE: does the suite have a `threads` value other than 1?
suite_multithreaded() {
	sed 's/#.*//' "$1" | awk '$1 == "threads" { for (i = 2; i <= NF; i++) if ($i != "1") f = 1 } END { exit !f }'
}

# --- rounds, clock, order ----------------------------------------------------------------------

# Does the runner take --order (the points' order)? If not, say so once and run in suite order.
runner_order_check() {
	ORDER_OK=1
	if ! "$REPO/build/iommubench" run --help 2>/dev/null | grep -q -- '--order'; then
		ORDER_OK=0
		[[ $ORDER == suite ]] || say "note: this runner has no --order; points run in suite order"
	fi
}

# group_start KVER: a fresh group id for ROUNDS runs of one configuration (none for one run).
group_start() {
	GROUP_RUNS=() GROUP_ID=''
	((ROUNDS > 1)) || return 0
	GROUP_ID=g$(date -u +%Y%m%d-%H%M%S)-$1
	GROUP_ID=${GROUP_ID:0:63}
	say "group $GROUP_ID: $ROUNDS runs of suite $SUITE on $1, clock $RUN_CLOCK"
}

# round_args K: the runner's arguments for round K: clock, group and round, order and seed.
round_args() {
	local seed
	ROUND_ARGS=(--clock "$RUN_CLOCK")
	# under icount the guest's clock drifts (idle time is skipped): the run's id and start
	# time, which order the runs in results/index.json, should follow the host's
	[[ $RUN_CLOCK != icount:* ]] || ROUND_ARGS+=(--host-time "$(date -u +%s)")
	[[ -z $GROUP_ID ]] || ROUND_ARGS+=(--group "$GROUP_ID" --round "$1/$ROUNDS")
	if ((ORDER_OK)); then
		ROUND_ARGS+=(--order "$ORDER")
		if [[ $ORDER == random ]]; then
			seed=${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
			seed=$((10#$seed % 1000000000))
			ROUND_ARGS+=(--seed "$seed")
		fi
	fi
	((ROUNDS == 1)) || say "round $1 of $ROUNDS (group $GROUP_ID)"
}

# After the rounds of one configuration: the group's summary across its runs.
group_end() {
	((ROUNDS > 1)) || return 0
	say "group $GROUP_ID: ${#GROUP_RUNS[@]} of $ROUNDS runs complete: ${GROUP_RUNS[*]##*/}"
	((${#GROUP_RUNS[@]} >= 2)) || return 0
	"$REPO/bench/summary.sh" --group "${GROUP_RUNS[@]}" || true
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
	[[ $CLOCK != icount ]] || die "CLOCK=icount is QEMU's instruction counter: a host has wall time only" 2
	[[ -z $ICOUNT_SHIFT ]] || die "ICOUNT_SHIFT: a host has wall time only" 2
	RUN_CLOCK=wall
	build_runner
	runner_order_check
	group_start "$(uname -r)"
	st=0
	for ((round = 1; round <= ROUNDS; round++)); do
		round_args "$round"
		run_host || st=$?
		((st == 0)) || break
	done
	group_end
	exit "$st"
fi

target_load "$VM_TARGET"
target_use_iommu "$VM_IOMMU"
VM_SMP=${VM_SMP:-${TARGET_BENCH_SMP:-}}
[[ -n $DEVICE ]] && say "note: DEVICE=$DEVICE ignored in the VM (it benchmarks the guest's $TARGET_DEVICE)"
((${TARGET_BENCH_COMPAT:-1})) || [[ $SUITE_FILE != compat ]] ||
	die "SUITE=compat is not available with ARCH=$VM_TARGET" 2
if [[ $TARGET_KERNEL_SOURCE != installed ]]; then
	say "fetching the $VM_TARGET kernels (once)"
	kernel_fetch "${KERNEL:-all}" || die "fetching the $VM_TARGET kernels failed" 3
fi
if [[ -z $KERNEL ]]; then
	KERNELS=$(kernel_newest) || exit 3
else
	KERNELS=$(kernel_resolve "$KERNEL") || exit 3
fi
for kver in $KERNELS; do
	hdr=$(kernel_headers "$kver") || exit 3
	# shellcheck disable=SC2046 # a list of make arguments (cross builds)
	build_kmod "$kver" "$hdr" $(kernel_makeflags "$kver")
done
build_runner	# the host's: it runs in the guests that share the host's files, and does recover and the index
if [[ -n ${TARGET_RUNNER_MAKE:-} ]]; then
	say "building the runner for $VM_TARGET guests (make $TARGET_RUNNER_MAKE)"
	make -C "$REPO" "$TARGET_RUNNER_MAKE" || die "cross-building the runner failed (make $TARGET_RUNNER_MAKE)" 4
fi
# one accelerator decision for all kernels (it may run the cached KVM probe once)
if [[ $CLOCK == icount ]]; then
	accel=tcg	# icount is TCG's
else
	accel=$("$REPO/bench/vm/run.sh" --target "$VM_TARGET" --kernel "${KERNELS%%$'\n'*}" --print-accel) || exit 3
fi
# the clock: instruction time by default under TCG (bench/vm/lib/clock.sh, docs/methodology.md),
# except for a suite with points of more than one worker: under icount the vCPUs take turns on
# one host thread and share one instruction clock, so a worker's time counts the other's
# instructions too (measured: CV 10-16 % at 2 threads against 0.2 % at 1) and nothing scales
if [[ $SUITE_FILE == compat ]]; then
	# `iommubench compat` has no --clock (it would be labelled wall) and is about threads
	[[ $CLOCK != icount ]] || die "CLOCK=icount: make compat runs under wall time only" 2
	CLOCK=wall
elif [[ -z $CLOCK && -z $ICOUNT_SHIFT ]] && suite_multithreaded "$SUITE_FILE"; then
	say "clock: wall (suite $SUITE has points with more than one worker, which icount serialises; CLOCK=icount or ICOUNT_SHIFT=N to force it)"
	CLOCK=wall
fi
if [[ ${CLOCK:-icount} == icount && $accel == tcg ]]; then
	RUN_CLOCK=icount:${ICOUNT_SHIFT:-$(source "$REPO/bench/vm/lib/clock.sh" && echo "$ICOUNT_DEFAULT_SHIFT")}
	# run.sh boots icount guests with 1 vCPU (6.1 hangs with 2); a forced multi-worker suite needs 2
	if [[ -z $VM_SMP ]] && suite_multithreaded "$SUITE_FILE"; then
		VM_SMP=2
		say "note: CLOCK=icount with multi-worker points: 2 vCPUs (Debian 6.1 x86_64 does not boot so under icount)"
	fi
else
	[[ -z $ICOUNT_SHIFT ]] || die "ICOUNT_SHIFT: the guests run with $accel, which has wall time only" 2
	RUN_CLOCK=wall
fi
runner_order_check

status=0
for kver in $KERNELS; do
	group_start "$kver"
	for ((round = 1; round <= ROUNDS; round++)); do
		st=0
		round_args "$round"
		run_vm "$kver" "$accel" || st=$?
		# keep the most severe status; a dirty kernel log (5) beats a failed run (1)
		((st > status)) && status=$st
		((st == 0)) || break
	done
	group_end
done
if ((status == 0)); then
	say "done; results/latest -> $(readlink "$RESULTS/latest")"
fi
exit "$status"
