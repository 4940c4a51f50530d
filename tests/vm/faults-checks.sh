# shellcheck shell=bash
# Host-side checks of one guest run of tests/vm/faults-guest.sh (the runner's
# faults, issue 7). Sourced by tests/run.sh after tests/vm/lib.sh (t_pass,
# t_fail) and tests/vm/checks.sh (check_layout).
#   check_fault_results OUT_DIR LABEL
# Per case: the exit status; exactly one message line on stderr (besides the
# documented notices: perf events not counted, a group type switched) with
# its key words; the device's driver, driver_override and group type as
# before; what it left in its results directory; and for the runs that got
# going, their results.

# stderr without the notices a normal run prints there
fault_messages() {	# fault_messages ERR_FILE
	grep -v -e ': perf: not counted' -e ': IOMMU group .*: type ' "$1" 2>/dev/null
}

# One case: status, the one message (ERE), binding and type unchanged.
fault_case() {	# fault_case DIR LABEL NAME STATUS REGEX
	local d=$1 label=$2 name=$3 want=$4 re=$5 rc msgs n
	rc=$(cat "$d/$name.rc" 2>/dev/null || echo missing)
	msgs=$(fault_messages "$d/$name.err")
	n=$(printf '%s' "$msgs" | grep -c '')
	if [[ $rc == "$want" && $n == 1 ]] && grep -qE -- "$re" <<<"$msgs"; then
		t_pass "$label: fault $name: exit $rc, one message: $msgs"
	else
		t_fail "$label: fault $name: exit $want and one message /$re/" \
			"exit $rc, $n message line(s): $(head -c 600 "$d/$name.err" 2>/dev/null)"
	fi
	if [[ -s $d/$name.before ]] && cmp -s "$d/$name.before" "$d/$name.after"; then
		t_pass "$label: fault $name: binding and group type as before ($(tr '\n' ' ' <"$d/$name.after"))"
	else
		t_fail "$label: fault $name: binding and group type as before" \
			"before: $(tr '\n' ' ' <"$d/$name.before" 2>/dev/null); after: $(tr '\n' ' ' <"$d/$name.after" 2>/dev/null)"
	fi
}

# The case's results directory holds exactly this (find . | sort, one a line).
fault_left() {	# fault_left DIR LABEL NAME EXPECTED
	local got
	got=$(cat "$1/$3.ls" 2>/dev/null || echo "no listing")
	if [[ $got == "$4" ]]; then
		t_pass "$2: fault $3: leaves $(tr '\n' ' ' <<<"$4")"
	else
		t_fail "$2: fault $3: leaves $(tr '\n' ' ' <<<"$4")" "found: $(tr '\n' ' ' <<<"$got")"
	fi
}

# An interrupted run: what was measured kept and valid, the rest marked.
fault_interrupted() {	# fault_interrupted DIR LABEL NAME SIG
	local d=$1 label=$2 name=$3 sig=$4 dir=$1/$3.results/$3 ok said measured
	if [[ $(cat "$d/$name.type_during" 2>/dev/null) == DMA ]]; then
		t_pass "$label: fault $name: the signal came during the second strict point (group type DMA)"
	else
		t_fail "$label: fault $name: the signal came during the second strict point (group type DMA)" \
			"type during: $(cat "$d/$name.type_during" 2>/dev/null)"
	fi
	said=$(fault_messages "$d/$name.err" | sed -n 's/.* after \([0-9]*\) measured repetition.*/\1/p')
	measured=$(jq '[.benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))]
		| length' "$dir/benchmarks.json" 2>/dev/null)
	ok=$(jq -r --arg s "SIG$sig" --slurpfile m "$dir/meta.json" '
		($m[0].status == "interrupted" and $m[0].end != null) and
		([.benchmarks[] | select(.run_type == "iteration" and (.run_name | contains("/size:4096/"))
			and (.error_occurred | not))] | length == 8) and
		([.benchmarks[] | select(.error_occurred == true)] | length > 0 and
			all(.error_message | contains($s)))' "$dir/benchmarks.json" 2>/dev/null)
	if [[ $ok == true && -n $said && $said == "$measured" ]]; then
		t_pass "$label: fault $name: run kept: meta.json interrupted, the first strict point whole, $measured repetitions measured as said, the rest marked SIG$sig"
	else
		t_fail "$label: fault $name: run kept and marked" \
			"said '$said', measured '$measured', $(head -c 300 "$dir/meta.json" 2>/dev/null)"
	fi
	if jq -e --arg id "$name" '[.runs[] | select(.run_id == $id and .status == "interrupted")]
		| length == 1' "$d/$name.results/index.json" >/dev/null 2>&1; then
		t_pass "$label: fault $name: index.json lists it as interrupted"
	else
		t_fail "$label: fault $name: index.json lists it as interrupted" \
			"$(head -c 300 "$d/$name.results/index.json" 2>/dev/null)"
	fi
	fault_left "$d" "$label" "$name" "$(printf '%s\n' . ./.index.lock ./index.json "./$name" \
		"./$name/benchmarks.csv" "./$name/benchmarks.json" "./$name/histograms.json" \
		"./$name/meta.json")"
}

# The full results dir: one line says what is kept, and it is.
fault_full() {	# fault_full DIR LABEL
	local d=$1 label=$2 dir=$1/full.results/full msg k n pieces bad status ndone
	msg=$(fault_messages "$d/full.err")
	n=$(sed -n 's/.*kept: \([0-9]*\) of \([0-9]*\) benchmark.*/\2/p; s/.*kept: none of the \([0-9]*\) benchmark.*/\1/p' <<<"$msg")
	k=$(sed -n 's/.*kept: \([0-9]*\) of [0-9]* benchmark.*/\1/p; s/.*kept: none of.*/0/p' <<<"$msg")
	pieces=$(find "$dir/.partial" -name '[0-9]*.json' 2>/dev/null | wc -l)
	bad=0
	for p in "$dir"/.partial/[0-9]*.json; do
		[[ -e $p ]] || continue
		jq -e '.benchmarks | length > 0' "$p" >/dev/null 2>&1 || bad=$((bad + 1))
	done
	if [[ $n == 4 && -n $k && $k == "$pieces" && $bad == 0 ]]; then
		t_pass "$label: fault full: the $k of $n benchmarks it says it kept are in .partial, each valid JSON"
	else
		t_fail "$label: fault full: what it says it kept is there" \
			"said k='$k' n='$n', $pieces pieces, $bad invalid: $msg"
	fi
	status=$(jq -r .status "$dir/meta.json" 2>/dev/null)
	ndone=$(jq -r .benchmarks_done "$dir/meta.json" 2>/dev/null)
	if [[ $status == running || ($status == incomplete && $ndone == "$k") ]] &&
	   [[ ! -e $d/full.results/latest ]] && [[ -z $(find "$dir" -name '*.tmp*') ]]; then
		t_pass "$label: fault full: meta.json honest ($status, $ndone done), no latest, no temporary file"
	else
		t_fail "$label: fault full: meta.json honest, no latest, no temporary file" \
			"status '$status' done '$ndone'; $(find "$d/full.results" | tr '\n' ' ')"
	fi
	dir=$d/full.recovered
	if [[ $(cat "$d/full_recover.rc" 2>/dev/null) == 0 ]] &&
	   grep -q "full: $k benchmarks\? recovered" "$d/full_recover.out" &&
	   jq -e --argjson k "$k" '.status == "incomplete" and .benchmarks_done == $k' \
		"$dir/meta.json" >/dev/null 2>&1 &&
	   jq -e --argjson k "$k" '[.benchmarks[] | select(.run_type == "iteration"
		and (.error_occurred | not))] | length == 2 * $k' "$dir/benchmarks.json" >/dev/null 2>&1 &&
	   [[ ! -e $dir/.partial ]]; then
		t_pass "$label: fault full: with room again, recover brings back the $k benchmarks (incomplete)"
	else
		t_fail "$label: fault full: with room again, recover brings back the $k benchmarks" \
			"$(cat "$d/full_recover.out" 2>/dev/null); $(head -c 300 "$dir/meta.json" 2>/dev/null)"
	fi
}

# SIGKILL mid-suite: the device left switched and bound, `restore` undoes it.
fault_killed() {	# fault_killed DIR LABEL
	local d=$1 label=$2 bdf killed out
	bdf=$(sed -n 's/^bdf=//p' "$d/sigkill.statefile" 2>/dev/null)
	killed=$(tr '\n' ' ' <"$d/sigkill.after" 2>/dev/null)
	if [[ $(cat "$d/sigkill.rc" 2>/dev/null) == 137 && $killed == "driver=iommubench driver_override=iommubench group_type=DMA " ]] &&
	   grep -qx "pid=[0-9]*" "$d/sigkill.statefile" && grep -qx group_changed=1 "$d/sigkill.statefile"; then
		t_pass "$label: fault sigkill: killed (137) with the device left as $killed; its state file says what to undo (group changed)"
	else
		t_fail "$label: fault sigkill: killed with the device left bound and switched, a state file saying so" \
			"exit $(cat "$d/sigkill.rc" 2>/dev/null), device $killed, state: $(tr '\n' ' ' <"$d/sigkill.statefile" 2>/dev/null)"
	fi
	out=$(cat "$d/sigkill_restore.out" 2>/dev/null)
	if [[ $(cat "$d/sigkill_restore.rc" 2>/dev/null) == 0 && ! -s $d/sigkill_restore.err ]] &&
	   [[ $(printf '%s\n' "$out" | grep -c '') == 1 ]] &&
	   grep -qxE "restored $bdf: group type $(sed -n 's/^group_type=//p' "$d/sigkill.before"), driver (none|$(sed -n 's/^driver=//p' "$d/sigkill.before"))" <<<"$out"; then
		t_pass "$label: fault sigkill: restore exits 0 with one line: $out"
	else
		t_fail "$label: fault sigkill: restore exits 0 with one line" \
			"exit $(cat "$d/sigkill_restore.rc" 2>/dev/null): $out $(head -c 400 "$d/sigkill_restore.err" 2>/dev/null)"
	fi
	if [[ -s $d/sigkill.before ]] && cmp -s "$d/sigkill.before" "$d/sigkill_restore.after" &&
	   [[ $(cat "$d/sigkill_restore.statefile" 2>/dev/null) == absent ]]; then
		t_pass "$label: fault sigkill: after restore the binding and group type are as before the run ($(tr '\n' ' ' <"$d/sigkill_restore.after")), the state file gone"
	else
		t_fail "$label: fault sigkill: after restore the binding and group type are as before the run, the state file gone" \
			"before: $(tr '\n' ' ' <"$d/sigkill.before" 2>/dev/null); after: $(tr '\n' ' ' <"$d/sigkill_restore.after" 2>/dev/null); state file $(cat "$d/sigkill_restore.statefile" 2>/dev/null)"
	fi
}

check_fault_results() {
	local out=$1 label=$2 d=$1/faults name re st absent v s
	local nomod='cannot open /dev/iommubench: No such file or directory \(ENOENT\): the iommubench module is not loaded'
	local busy='cannot open /dev/iommubench: Device or resource busy \(EBUSY\): another process \(another iommubench\?\) holds it open; the module allows one at a time'
	local run='^iommubench run: '

	if [[ ! -d $d ]]; then
		t_fail "$label: faults guest ran" "no $d (see $out/run.log)"
		return 0
	fi
	for s in insmod rmmod; do
		if [[ $(cat "$out/$s.rc" 2>/dev/null) == 0 ]]; then t_pass "$label: faults guest step $s"
		else t_fail "$label: faults guest step $s" "status $(cat "$out/$s.rc" 2>/dev/null)"; fi
	done

	# name, status, message: these stop before creating anything
	absent=absent
	while IFS='|' read -r name st re; do
		fault_case "$d" "$label" "$name" "$st" "$re"
		fault_left "$d" "$label" "$name" "$absent"
	done <<EOF
nomod_before|3|$run$nomod
opt_unknown|2|${run}unknown option '--bogus' \(see --help\)$
opt_novalue|2|${run}option '--repetitions' needs a value \(see --help\)$
opt_extra|2|${run}unexpected argument 'extra'$
val_reps|2|${run}--repetitions must be 1\.\.1000$
val_reps_word|2|${run}--repetitions must be 1\.\.1000$
val_cpus|2|${run}--cpus: CPU 64 is not online
val_device|2|${run}bad --device 'nonsense'
val_runid|2|${run}bad --run-id '\.\./escape'
val_filter|2|${run}bad --filter '\(': 
val_filter_none|2|${run}--filter 'nothing-like-this' matches no benchmark of the suite
val_platform|2|${run}--platform must not be empty$
no_device|3|${run}no PCI device ffff:ff:1f\.7
suite_key|2|^/tmp/faults/key\.suite:7: unknown key 'frobnicate'$
suite_value|2|^/tmp/faults/value\.suite:5: bad size 'banana'
suite_noname|2|^/tmp/faults/noname\.suite: missing required key 'name'$
suite_binary|2|^/tmp/faults/binary\.suite: not a text file \(NUL byte\)$
suite_missing|2|^/tmp/faults/missing\.suite: No such file or directory$
nomod_after|3|$run$nomod
EOF

	fault_case "$d" "$label" taken 2 "${run}cannot create .*/taken\.results/x: File exists \(EEXIST\) \(choose another --run-id\)$"
	fault_left "$d" "$label" taken "$(printf '%s\n' . ./x ./x/marker)"
	if [[ $(cat "$d/taken.results/x/marker" 2>/dev/null) == keep ]]; then
		t_pass "$label: fault taken: the existing run directory untouched"
	else
		t_fail "$label: fault taken: the existing run directory untouched" "$(ls -a "$d/taken.results/x")"
	fi

	fault_case "$d" "$label" readonly 4 "${run}cannot create /tmp/faults/ro/results/[^:]*: Read-only file system \(EROFS\)$"
	fault_left "$d" "$label" readonly .
	fault_case "$d" "$label" notdir 4 "${run}cannot create /tmp/faults/afile/[^:]*: Not a directory \(ENOTDIR\)$"
	fault_left "$d" "$label" notdir "file 0"

	fault_case "$d" "$label" full 4 "${run}cannot write [^ ]+ in /tmp/faults/full/full: No space left on device \(ENOSPC\); kept: "
	fault_full "$d" "$label"

	fault_case "$d" "$label" sigint 130 "${run}stopped by SIGINT after [0-9]+ measured repetitions?; kept in .*/sigint\.results/sigint \(status interrupted, \`latest\` not moved\)$"
	fault_interrupted "$d" "$label" sigint INT
	fault_case "$d" "$label" sigterm 143 "${run}stopped by SIGTERM after [0-9]+ measured repetitions?; kept in .*/sigterm\.results/sigterm \(status interrupted, \`latest\` not moved\)$"
	fault_interrupted "$d" "$label" sigterm TERM
	fault_case "$d" "$label" sighup 129 "${run}stopped by SIGHUP after [0-9]+ measured repetitions?; kept in .*/sighup\.results/sighup \(status interrupted, \`latest\` not moved\)$"
	fault_interrupted "$d" "$label" sighup HUP

	fault_killed "$d" "$label"

	# while a run holds the device
	fault_case "$d" "$label" busy_rmmod 1 '^rmmod: ERROR: Module iommubench is in use$'
	if [[ $(cat "$d/busy_rmmod.loaded" 2>/dev/null) == 1 && $(cat "$d/busy.midrun" 2>/dev/null) == yes ]]; then
		t_pass "$label: fault busy: the module stayed loaded; the first run was still going after rmmod, the second runner and info"
	else
		t_fail "$label: fault busy: the module stayed loaded, the first run still going" \
			"loaded '$(cat "$d/busy_rmmod.loaded" 2>/dev/null)', mid-run '$(cat "$d/busy.midrun" 2>/dev/null)'"
	fi
	fault_case "$d" "$label" busy_second 3 "$run$busy$"
	fault_case "$d" "$label" busy_second_default 3 "$run$busy$"
	fault_case "$d" "$label" busy_info 3 "^iommubench info: $busy$"
	v=$(cat "$d/busy_first.rc" 2>/dev/null)
	if [[ $v == 0 && -z $(fault_messages "$d/busy_first.err") ]] &&
	   cmp -s "$d/busy_first.before" "$d/busy_first.after"; then
		t_pass "$label: fault busy: the first run completed normally (exit 0, no message, binding and type as before)"
	else
		t_fail "$label: fault busy: the first run completed normally" \
			"exit $v: $(head -c 400 "$d/busy_first.err" 2>/dev/null)"
	fi
	check_layout "$d/busy.results" first "$label: fault busy"
	if jq -e '([.benchmarks[] | select(.run_type == "iteration" and (.error_occurred | not))]
		| length == 12) and ([.benchmarks[] | select(.error_occurred == true)] | length == 0)' \
		"$d/busy.results/first/benchmarks.json" >/dev/null 2>&1 &&
	   jq -e '.runs | length == 1' "$d/busy.results/index.json" >/dev/null 2>&1; then
		t_pass "$label: fault busy: the first run has all 12 repetitions; the index has it alone"
	else
		t_fail "$label: fault busy: the first run has all 12 repetitions; the index has it alone" \
			"$(jq -c '[.runs[] | .run_id]' "$d/busy.results/index.json" 2>/dev/null)"
	fi
	fault_left "$d" "$label" busy "$(printf '%s\n' . ./.index.lock ./first ./first/benchmarks.csv \
		./first/benchmarks.json ./first/histograms.json ./first/meta.json ./index.json ./latest)"

	if cmp -s "$d/initial" "$d/final"; then
		t_pass "$label: faults: the device ends as it began ($(tr '\n' ' ' <"$d/final"))"
	else
		t_fail "$label: faults: the device ends as it began" \
			"$(tr '\n' ' ' <"$d/initial" 2>/dev/null) -> $(tr '\n' ' ' <"$d/final" 2>/dev/null)"
	fi
	if check_dmesg_clean "$out/dmesg.txt"; then t_pass "$label: faults: kernel log free of WARN/BUG/Oops/lockup"
	else t_fail "$label: faults: kernel log free of WARN/BUG/Oops/lockup" "see $out/dmesg.txt"; fi
	if unloaded_clean "$out/dmesg.txt"
	then t_pass "$label: faults: module unloaded with nothing allocated or mapped"
	else t_fail "$label: faults: module unloaded with nothing allocated or mapped" "see $out/dmesg.txt"; fi
}
