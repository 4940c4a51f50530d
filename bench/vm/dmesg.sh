#!/bin/bash
# Scan a kernel log for signs that the kernel went wrong while we ran: warnings, oopses,
# lockups, RCU stalls, hung tasks. Sourced by bench/bench.sh and tests/vm/lib.sh; also a
# script: `bench/vm/dmesg.sh FILE` prints the offending lines and exits 1 if there are any.

DMESG_BAD_RE='WARNING:|BUG:|Oops|soft lockup|hard LOCKUP|rcu_sched self-detected stall|self-detected stall|rcu: INFO|hung_task|blocked for more than|Call Trace|Kernel panic|UBSAN:|general protection fault'

# Print the offending lines of FILE (with line numbers); return 1 if there are any,
# 2 if FILE cannot be read.
dmesg_bad_lines() {
	local f=${1:?dmesg_bad_lines: missing FILE}
	[[ -r $f ]] || { echo "error: cannot read kernel log $f" >&2; return 2; }
	if grep -nE "$DMESG_BAD_RE" "$f"; then
		return 1
	fi
	return 0
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail # only as a script: sourcing must not change the caller's options
	case ${1:-} in
	-h | --help | "")
		echo "Usage: bench/vm/dmesg.sh FILE   (exit 0 clean, 1 offending lines printed, 2 unreadable)"
		[[ -n ${1:-} ]] && exit 0 || exit 2
		;;
	esac
	dmesg_bad_lines "$1"
fi
