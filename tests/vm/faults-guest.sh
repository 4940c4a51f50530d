#!/bin/sh
# Runs inside the guest (chroot of the host's root, cwd = repository): the
# runner's faults (issue 7: unload and concurrency, runner faults). Each case
# runs one command and leaves in $IOMMUBENCH_OUT/faults/:
#   CASE.rc, CASE.out, CASE.err         its exit status, stdout, stderr
#   CASE.before, CASE.after             the device's driver, driver_override
#                                       and IOMMU group type around it
# plus what the case's results directory held (CASE.ls). The host checks
# them with tests/vm/faults-checks.sh. Cases, in order: no module (before
# insmod); bad options, values and suites (module loaded: they must stop
# before touching anything); a taken run id; a read-only results dir, a
# file as results dir, one that fills up mid-run (a tmpfs) and `recover`
# once it has room again; SIGINT, SIGTERM and SIGHUP mid-suite; SIGKILL
# mid-suite and `restore` after it; rmmod, a second
# runner and `info` while a run holds the device, which must still
# complete; no module again (after rmmod).
#   usage: tests/vm/faults-guest.sh
set -u
# shellcheck source=tests/vm/guest-lib.sh
. tests/vm/guest-lib.sh

fo=$out/faults
mkdir -p "$fo"
suite=tests/vm/faults.suite
plat=qemu-tcg/intel-iommu
scratch=/tmp/faults	# the guest's tmpfs: bad suites, small mounts
mkdir -p "$scratch"
bdf=$(bdf_of $edu) || { echo "no edu device"; exit 1; }
dev=/sys/bus/pci/devices/$bdf

# Builtins only: a fork costs a lot under TCG.
state() {	# state FILE: binding and group type, one "key=value" a line
	drv=
	for d in /sys/bus/pci/drivers/*; do
		[ -e "$d/$bdf" ] && drv=${d##*/}
	done
	read -r ov < "$dev/driver_override"
	read -r gt < "$dev/iommu_group/type"
	printf 'driver=%s\ndriver_override=%s\ngroup_type=%s\n' "$drv" "$ov" "$gt" > "$1"
}

fcase() {	# fcase NAME CMD...: run CMD in the foreground, record it
	name=$1; shift
	echo "== fault case: $name"
	state "$fo/$name.before"
	"$@" > "$fo/$name.out" 2> "$fo/$name.err"
	echo $? > "$fo/$name.rc"
	state "$fo/$name.after"
}

listing() {	# listing NAME PATH: what the directory holds, "file SIZE", "absent"
	if [ -f "$2" ]; then
		echo "file $(wc -c < "$2")"
	elif [ -e "$2" ]; then
		(cd "$2" && find . | LC_ALL=C sort)
	else
		echo absent
	fi > "$fo/$1.ls"
}

# shellcheck disable=SC2317 # called through fcase, start_bg, wait_for
ib() {	# the runner on the fault suite; more options follow
	build/iommubench run --suite "$suite" --device "$edu" --platform "$plat" "$@"
}

# sh starts background jobs with SIGINT ignored, and the runner keeps an
# ignored signal ignored: env --default-signal=INT restores it.
start_bg() {	# start_bg NAME RUNNER-ARGS...: ib in the background
	name=$1; shift
	echo "== fault case: $name (background)"
	state "$fo/$name.before"
	env --default-signal=INT,HUP build/iommubench run --suite "$suite" --device "$edu" \
		--platform "$plat" "$@" > "$fo/$name.out" 2> "$fo/$name.err" &
	bg_pid=$!
}

finish_bg() {	# finish_bg NAME: wait for it, record it
	wait "$bg_pid"
	echo $? > "$fo/$1.rc"
	state "$fo/$1.after"
}

wait_for() {	# wait_for CMD...: poll CMD 300 times (60 s and more); 1 if it never held
	i=0
	while ! "$@"; do
		[ $i -ge 300 ] && return 1
		sleep 0.2
		i=$((i + 1))
	done
}


start=$(date +%s)
state "$fo/initial"

# --- no module yet
fcase nomod_before ib --out-dir "$fo/nomod_before.results"
listing nomod_before "$fo/nomod_before.results"

step insmod insmod "$ko"

# --- usage: options, values, suites (exit 2), a device not there (exit 3)
for c in "opt_unknown --bogus" "opt_novalue --repetitions" "opt_extra extra" \
	 "val_reps --repetitions 0" "val_reps_word --repetitions lots" \
	 "val_cpus --cpus 64" "val_device --device nonsense" \
	 "val_runid --run-id ../escape" "val_filter --filter (" \
	 "val_filter_none --filter nothing-like-this" "val_platform --platform=" \
	 "no_device --device ffff:ff:1f.7"; do
	# shellcheck disable=SC2086 # split on purpose: NAME ARGS...
	set -- $c
	name=$1; shift
	fcase "$name" ib --out-dir "$fo/$name.results" "$@"
	listing "$name" "$fo/$name.results"
done

printf 'name x\npath iommu\nmap range\nunmap strict\nsize 4096\nops 10\nfrobnicate 3\n' \
	> "$scratch/key.suite"
printf 'name x\npath iommu\nmap range\nunmap strict\nsize 4096 banana\nops 10\n' \
	> "$scratch/value.suite"
printf 'path iommu\nmap range\nunmap strict\nsize 4096\nops 10\n' > "$scratch/noname.suite"
printf 'name x\npath iommu\n\000\377 garbage\n' > "$scratch/binary.suite"
for c in key value noname binary missing; do
	fcase "suite_$c" build/iommubench run --suite "$scratch/$c.suite" \
		--device "$edu" --out-dir "$fo/suite_$c.results"
	listing "suite_$c" "$fo/suite_$c.results"
done

# a run id that is taken: exit 2, the directory there untouched
mkdir -p "$fo/taken.results/x"
echo keep > "$fo/taken.results/x/marker"
fcase taken ib --out-dir "$fo/taken.results" --run-id x
listing taken "$fo/taken.results"

# --- I/O: read-only results dir, a file as results dir, a full one
mkdir -p "$scratch/ro"
mount -t tmpfs -o ro,size=40k tmpfs "$scratch/ro"
fcase readonly ib --out-dir "$scratch/ro/results"
listing readonly "$scratch/ro"
umount "$scratch/ro"

: > "$scratch/afile"
fcase notdir ib --out-dir "$scratch/afile"
listing notdir "$scratch/afile"

# the results dir fills up once the first benchmark is written (a 1 MiB
# tmpfs, then a file takes every byte left)
mkdir -p "$scratch/full"
mount -t tmpfs -o size=1m tmpfs "$scratch/full"
start_bg full --out-dir "$scratch/full" --run-id full --repetitions 2
wait_for test -e "$scratch/full/full/.partial/0001.json"
kill -STOP "$bg_pid"	# (the module gives up a RUN it was in; it runs again)
dd if=/dev/zero of="$scratch/full/filler" bs=4k 2>/dev/null
kill -CONT "$bg_pid"
finish_bg full
listing full "$scratch/full"
rm -f "$scratch/full/filler"
cp -a "$scratch/full" "$fo/full.results"
# room again: what was kept must come back
build/iommubench recover "$scratch/full/full" > "$fo/full_recover.out" 2>&1
echo $? > "$fo/full_recover.rc"
cp -a "$scratch/full/full" "$fo/full.recovered"
umount "$scratch/full"

# --- signals mid-suite: in the second strict point (type switched to DMA),
# once the first is done; 8 repetitions of 0.3 s each leave time to see it
for s in INT:sigint TERM:sigterm HUP:sighup; do
	name=${s#*:}
	start_bg "$name" --out-dir "$fo/$name.results" --run-id "$name" \
		--filter mode:strict --repetitions 8
	wait_for test -e "$fo/$name.results/$name/.partial/0001.json"
	read -r gt < "$dev/iommu_group/type"
	echo "$gt" > "$fo/$name.type_during"
	kill -"${s%%:*}" "$bg_pid"
	finish_bg "$name"
	listing "$name" "$fo/$name.results"
done

# --- SIGKILL in the same place: the runner restores nothing, its state file
# says what to undo and `iommubench restore` does it (security gap G10)
start_bg sigkill --out-dir "$fo/sigkill.results" --run-id sigkill \
	--filter mode:strict --repetitions 8
wait_for test -e "$fo/sigkill.results/sigkill/.partial/0001.json"
kill -KILL "$bg_pid"
finish_bg sigkill
cp "/run/iommubench/$bdf.state" "$fo/sigkill.statefile" 2>/dev/null
fcase sigkill_restore build/iommubench restore
if [ -e "/run/iommubench/$bdf.state" ]; then echo present; else echo absent; fi \
	> "$fo/sigkill_restore.statefile"

# --- while a run holds /dev/iommubench: rmmod, a second runner, info. The
# first run is stopped meanwhile (SIGSTOP, as Ctrl-Z: the module gives up
# the RUN it was in, the runner runs it again), so that it is still
# mid-suite however slow the guest; then it must complete normally.
start_bg busy_first --out-dir "$fo/busy.results" --run-id first
wait_for test -e "$fo/busy.results/first/.partial/0001.json"
kill -STOP "$bg_pid"
fcase busy_rmmod rmmod iommubench
grep -c '^iommubench ' /proc/modules > "$fo/busy_rmmod.loaded"
fcase busy_second ib --out-dir "$fo/busy.results" --run-id second
fcase busy_second_default ib --out-dir "$fo/busy.results"
fcase busy_info build/iommubench info
[ -e "$fo/busy.results/first/.partial" ] && kill -0 "$bg_pid" && echo yes > "$fo/busy.midrun"
kill -CONT "$bg_pid"
finish_bg busy_first
listing busy "$fo/busy.results"

step rmmod rmmod iommubench

# --- no module any more
fcase nomod_after ib --out-dir "$fo/nomod_after.results"
listing nomod_after "$fo/nomod_after.results"

state "$fo/final"
echo $(($(date +%s) - start)) > "$fo/seconds"
exit 0
