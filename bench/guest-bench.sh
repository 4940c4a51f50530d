#!/bin/bash
# Load the module, run one suite with the runner, unload the module. Runs inside the guest
# (bench/vm/run-in-vm.sh sets $IOMMUBENCH_OUT) or on a host that can load modules.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/guest-bench.sh [options] KVER SUITE PLATFORM

Loads build/kmod/KVER/iommubench.ko, runs
  build/iommubench run --suite bench/suites/SUITE.suite --device DEVICE
                       --out-dir OUT --platform PLATFORM
and unloads the module again (always). KVER must be the running kernel.
SUITE is a name under bench/suites/ or a path to a .suite file.

Options:
  --device BDF|VID:DID  test device (default 1234:11e8, QEMU's edu)
  --out-dir DIR         where the runner writes <run-id>/ (default $IOMMUBENCH_OUT in the
                        VM, else results/)
  --filter REGEX        passed to the runner
  --repetitions N       passed to the runner
  --clock wall|icount:N  passed to the runner (run --clock): what the times count; the
                        launcher started the guest with -icount shift=N for icount:N
  --group ID, --round K/N  passed to the runner: this boot is round K of group ID's N
  --order suite|random, --seed N  passed to the runner (the points' order)
  --module-param P=V    insmod parameter (repeatable), e.g. op_delay_ns=100
  --host-time EPOCH     set the system clock to EPOCH (seconds, the host's clock when it
                        started the guest) first: under icount the guest's clock drifts
                        from the host's (idle time is skipped), and the run's id and start
                        time, which order the runs, should follow the host's
  --compat-args ARGS    with SUITE `compat`: run `iommubench compat ARGS` (the kernel's
                        dma_map_benchmark on our module; ARGS split on spaces) instead
  -h, --help            this help

Exit status: the runner's (0 ok, 1 a benchmark failed, 2 usage, 3 environment, 4 I/O);
3 also when the module is missing, already loaded or fails to load; 5 when the runner
succeeded but rmmod failed.
EOF
}

die() { echo "error: $1" >&2; exit "${2:-3}"; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=bench/vm/lib/opts.sh
source "$REPO/bench/vm/lib/opts.sh"
DEVICE=1234:11e8
OUT_DIR=${IOMMUBENCH_OUT:-$REPO/results}
FILTER='' REPETITIONS='' COMPAT='' CLOCK='' GROUP='' ROUND='' ORDER='' SEED='' HOST_TIME='' MODPARAMS=()
OPTS_POSITIONAL=1 OPTS_UNKNOWN=option opts_parse "--device=DEVICE --out-dir=OUT_DIR
	--filter=FILTER --repetitions=REPETITIONS --compat-args=COMPAT --clock=CLOCK
	--group=GROUP --round=ROUND --order=ORDER --seed=SEED --host-time=HOST_TIME
	--module-param=MODPARAMS[]" "$@"
set -- "${OPTS_REST[@]}"
RUNNER_EXTRA=()
[[ -n $FILTER ]] && RUNNER_EXTRA+=(--filter "$FILTER")
[[ -n $REPETITIONS ]] && RUNNER_EXTRA+=(--repetitions "$REPETITIONS")
[[ -n $CLOCK ]] && RUNNER_EXTRA+=(--clock "$CLOCK")
[[ -n $GROUP ]] && RUNNER_EXTRA+=(--group "$GROUP")
[[ -n $ROUND ]] && RUNNER_EXTRA+=(--round "$ROUND")
[[ -n $ORDER ]] && RUNNER_EXTRA+=(--order "$ORDER")
[[ -n $SEED ]] && RUNNER_EXTRA+=(--seed "$SEED")
COMPAT_ARGS=()
read -r -a COMPAT_ARGS <<<"$COMPAT"
(($# == 3)) || die "expected KVER SUITE PLATFORM (see --help)" 2
KVER=$1 SUITE=$2 PLATFORM=$3

case $SUITE in
compat) SUITE_FILE=compat ;;
*/* | *.suite) SUITE_FILE=$SUITE ;;
*) SUITE_FILE=$REPO/bench/suites/$SUITE.suite ;;
esac
KO=$REPO/build/kmod/$KVER/iommubench.ko
RUNNER=$REPO/build/iommubench

[[ $(uname -r) == "$KVER" ]] || die "running kernel is $(uname -r), not $KVER"
[[ $SUITE_FILE == compat || -f $SUITE_FILE ]] || die "no suite file $SUITE_FILE" 2
[[ -f $KO ]] || die "no module $KO (build it: make -C kmod KDIR=/usr/src/linux-headers-$KVER)"
[[ -x $RUNNER ]] || die "no runner $RUNNER (build it: make -C runner)"
# A module loaded by someone else may be another build: do not run against it or unload it.
[[ ! -e /sys/module/iommubench ]] || die "iommubench is already loaded; unload it first (rmmod iommubench)"

if [[ -n $HOST_TIME ]]; then
	[[ $HOST_TIME =~ ^[0-9]{1,12}$ ]] || die "bad --host-time '$HOST_TIME' (seconds since the epoch)" 2
	if date -u -s "@$HOST_TIME" >/dev/null 2>&1; then
		echo "guest-bench: system clock set to the host's at boot: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	else
		echo "guest-bench: note: could not set the clock (date -s); the run's times are the guest's"
	fi
fi

for p in "${MODPARAMS[@]}"; do
	[[ $p =~ ^[a-z_][a-z0-9_]*=[A-Za-z0-9_.,-]+$ ]] || die "bad --module-param '$p' (NAME=VALUE)" 2
done
insmod "$KO" "${MODPARAMS[@]}" || die "insmod $KO failed (see dmesg)"

# shellcheck disable=SC2317 # called from the EXIT trap
unload() {
	local rc=$?
	if ! rmmod iommubench; then
		echo "error: rmmod iommubench failed" >&2
		((rc != 0)) || rc=5
	fi
	exit "$rc"
}
trap unload EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "guest-bench: $KVER, suite $SUITE_FILE, device $DEVICE, platform $PLATFORM, clock ${CLOCK:-wall}${GROUP:+, group $GROUP round $ROUND}${ORDER:+, order $ORDER${SEED:+ seed $SEED}}"
rc=0
if [[ $SUITE_FILE == compat ]]; then
	"$RUNNER" compat --device "$DEVICE" --out-dir "$OUT_DIR" --platform "$PLATFORM" \
		"${COMPAT_ARGS[@]}" || rc=$?
else
	"$RUNNER" run --suite "$SUITE_FILE" --device "$DEVICE" --out-dir "$OUT_DIR" \
		--platform "$PLATFORM" "${RUNNER_EXTRA[@]}" || rc=$?
fi
exit "$rc"
