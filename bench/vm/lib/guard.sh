# shellcheck shell=bash
# Sourced by run-in-vm.sh and run-in-vm-s390x.sh: what both need around a QEMU guest.
#   shquote WORD          POSIX-sh single quoting (guest scripts run under dash or busybox
#                         sh, which do not understand bash's printf %q $'...' form)
#   QEMU_PID_FILE         set it to QEMU's -pidfile while a guest runs
#   QEMU_GUARD_EXTRA      optional: a command run first on every way out (its own clean-up)
# Ctrl-C or an error while QEMU runs must not leave a guest behind: on exit the guest is killed;
# on a signal, after that, the script dies of the same signal so that callers (bench.sh looping
# over kernels) see an interrupted child and stop too.

shquote() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }

QEMU_PID_FILE=
QEMU_GUARD_EXTRA=
# shellcheck disable=SC2317 # called from traps
qemu_guard_cleanup() {
	local pid
	[[ -z $QEMU_GUARD_EXTRA ]] || $QEMU_GUARD_EXTRA
	[[ -n $QEMU_PID_FILE ]] || return 0
	# QEMU deletes its pid file when it exits: a missing file is fine
	pid=$(cat "$QEMU_PID_FILE" 2>/dev/null || true)
	if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
	rm -f "$QEMU_PID_FILE"
	QEMU_PID_FILE=
	return 0
}
trap qemu_guard_cleanup EXIT
trap 'qemu_guard_cleanup; trap - INT; kill -INT $$' INT
trap 'qemu_guard_cleanup; trap - TERM; kill -TERM $$' TERM
