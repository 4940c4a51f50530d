# shellcheck shell=bash
# The guest's clock: wall time (QEMU's default) or instruction time, `-icount
# shift=N,sleep=off`: every guest instruction advances the guest's clocks by 2^N ns, and an
# idle guest skips ahead instead of sleeping, so a TCG run times the same code to the same
# figure whatever else the host is doing (docs/methodology.md, "Clock"). Nothing here depends
# on the target: icount is a TCG feature of every QEMU system emulator. Under icount QEMU
# runs all vCPUs round-robin in one host thread (no MTTCG). Sets no shell options.
#
#   clock_parse SPEC     SPEC = wall | icount | icount:N; sets CLOCK_KIND (wall|icount) and
#                        CLOCK_SHIFT (N; icount alone: $ICOUNT_DEFAULT_SHIFT); exit 2 if bad
#   clock_qemu_args ACCEL  sets CLOCK_ARGS (QEMU arguments; empty for wall); exit 2 if the
#                        clock needs TCG and ACCEL is not tcg
#   clock_runner_arg     the runner's --clock value: wall or icount:N

# The shift `icount` means without a number, chosen by measurement (docs/methodology.md,
# "Clock"): 0 (1 ns per instruction) was the most repeatable of 0, 2, 3, 5 and the nearest
# to a real CPU's time per instruction, so timer-driven work is charged least out of proportion.
ICOUNT_DEFAULT_SHIFT=0
ICOUNT_SHIFT_MAX=10

clock_parse() {
	case $1 in
	wall) CLOCK_KIND=wall CLOCK_SHIFT='' ;;
	icount) CLOCK_KIND=icount CLOCK_SHIFT=$ICOUNT_DEFAULT_SHIFT ;;
	icount:*)
		CLOCK_KIND=icount CLOCK_SHIFT=${1#icount:}
		if [[ ! $CLOCK_SHIFT =~ ^[0-9]{1,2}$ ]] || ((10#$CLOCK_SHIFT > ICOUNT_SHIFT_MAX)); then
			echo "error: --clock icount:N needs N in 0..$ICOUNT_SHIFT_MAX (got '$1')" >&2
			exit 2
		fi
		CLOCK_SHIFT=$((10#$CLOCK_SHIFT))
		;;
	*) echo "error: --clock must be wall, icount or icount:N (got '$1')" >&2; exit 2 ;;
	esac
}

clock_qemu_args() {
	# shellcheck disable=SC2034 # the launcher's QEMU command uses it
	CLOCK_ARGS=()
	[[ $CLOCK_KIND == icount ]] || return 0
	[[ $1 == tcg ]] || { echo "error: --clock icount needs TCG (the accelerator is $1; --accel tcg)" >&2; exit 2; }
	# shellcheck disable=SC2034
	CLOCK_ARGS=(-icount "shift=$CLOCK_SHIFT,sleep=off")
}

clock_runner_arg() {
	if [[ $CLOCK_KIND == icount ]]; then echo "icount:$CLOCK_SHIFT"; else echo wall; fi
}
