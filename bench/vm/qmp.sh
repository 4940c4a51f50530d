#!/bin/bash
# One command to a running QEMU through its monitor (QMP) on a unix socket, e.g. to
# hot-unplug the test device mid-run: qmp.sh SOCK device_del '{"id":"edu0"}' --wait-event
# DEVICE_DELETED. Every line QEMU sends is printed with the host's time in front.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/vm/qmp.sh SOCKET COMMAND [ARGUMENTS-JSON] [--wait-event NAME] [--timeout S]

Connects to the QMP server on the unix socket SOCKET (run-in-vm.sh --qmp; waits up to
--timeout seconds for it to appear), negotiates capabilities, executes COMMAND with the
JSON object ARGUMENTS-JSON (default {}), and prints every line QEMU sends, each prefixed
with the host's time in seconds since the epoch. With --wait-event it then waits for the
event NAME (e.g. DEVICE_DELETED, which QEMU sends once the guest released the device).

  --wait-event NAME  wait for the QMP event NAME after the command succeeded
  --timeout S        seconds to wait for the socket, each reply and the event (default 30)
  -h, --help         this help

Exit status: 0 done; 1 QEMU answered with an error; 2 usage; 3 no socket or socat;
124 time-out (no reply or no event).
EOF
}

die() { echo "qmp: error: $1" >&2; exit "${2:-3}"; }

SOCK='' CMD='' ARGS='{}' EVENT='' TIMEOUT=30 n=0
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--wait-event | --timeout)
		(($# >= 2)) || die "$1 needs a value" 2
		[[ $1 == --timeout ]] && TIMEOUT=$2 || EVENT=$2
		shift 2
		;;
	-*) die "unknown option '$1' (see --help)" 2 ;;
	*)
		case $n in
		0) SOCK=$1 ;;
		1) CMD=$1 ;;
		2) ARGS=$1 ;;
		*) die "too many arguments (see --help)" 2 ;;
		esac
		n=$((n + 1))
		shift
		;;
	esac
done
[[ -n $SOCK && -n $CMD ]] || die "SOCKET and COMMAND are required (see --help)" 2
[[ $CMD =~ ^[a-z0-9_-]+$ ]] || die "COMMAND '$CMD' is not a QMP command name" 2
[[ $ARGS == \{*\} ]] || die "ARGUMENTS-JSON must be a JSON object" 2
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive integer" 2
[[ -z $EVENT || $EVENT =~ ^[A-Z0-9_]+$ ]] || die "--wait-event '$EVENT' is not an event name" 2
command -v socat >/dev/null || die "socat not found; run bench/setup.sh"

for ((i = 0; i < TIMEOUT * 10; i++)); do
	[[ -S $SOCK ]] && break
	sleep 0.1
done
[[ -S $SOCK ]] || die "no QMP socket at $SOCK after $TIMEOUT s" 124

coproc QMP { exec socat - "UNIX-CONNECT:$SOCK"; }
trap 'kill "$QMP_PID" 2>/dev/null || true' EXIT

seen=0
# recv PATTERN: print lines until one matches PATTERN (extended regex); that line in $line
recv() {
	local deadline=$((SECONDS + TIMEOUT))
	while ((SECONDS < deadline)); do
		IFS= read -r -t $((deadline - SECONDS + 1)) line <&"${QMP[0]}" || break
		line=${line%$'\r'}
		echo "$(date +%s.%N) $line"
		[[ -n $EVENT && $line =~ \"event\":\ *\"$EVENT\" ]] && seen=1
		[[ $line =~ $1 ]] && return 0
	done
	return 1
}

recv '"QMP"' || die "no greeting from QEMU on $SOCK" 124
echo '{"execute":"qmp_capabilities"}' >&"${QMP[1]}"
recv '"return"|"error"' || die "no answer to qmp_capabilities" 124
[[ $line == *'"return"'* ]] || die "qmp_capabilities refused: $line" 1
echo "{\"execute\":\"$CMD\",\"arguments\":$ARGS}" >&"${QMP[1]}"
recv '"return"|"error"' || die "no answer to $CMD" 124
[[ $line == *'"return"'* ]] || { echo "qmp: $CMD failed: $line" >&2; exit 1; }
if [[ -n $EVENT ]] && ((!seen)); then
	recv "\"event\": *\"$EVENT\"" || die "no $EVENT event within $TIMEOUT s" 124
fi
exit 0
