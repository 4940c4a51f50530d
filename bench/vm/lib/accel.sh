# shellcheck shell=bash
# The accelerator for a guest: accel_pick sets ACCEL_USED and ACCEL_WHY from $ACCEL (auto,
# or one of the descriptor's TARGET_ACCELS). KVM on this project's machines hangs for a
# normal guest, so `auto` trusts it only after a probe boot (cached per host kernel in
# build/vm/accel) completes within 20 s; a target without kvm in TARGET_ACCELS gets TCG.
# IOMMUBENCH_KVM_DEV: tests point it at a dummy file to exercise the probe where there is no
# /dev/kvm (QEMU itself still opens /dev/kvm, so the probe then fails and falls back to TCG).

KVM_DEV=${IOMMUBENCH_KVM_DEV:-/dev/kvm}

accel_pick() {
	local cache=$VM_BUILD/accel host result probe_out h
	host=$(uname -r)
	if [[ $ACCEL != auto ]]; then
		if [[ $ACCEL == kvm && ! -w $KVM_DEV ]]; then
			die "--accel kvm: /dev/kvm is missing or not writable"
		fi
		ACCEL_USED=$ACCEL ACCEL_WHY="--accel $ACCEL"
		return 0
	fi
	if [[ " $TARGET_ACCELS " != *" kvm "* ]]; then
		ACCEL_USED=tcg ACCEL_WHY="the only accelerator for $TARGET_NAME guests"
		return 0
	fi
	if [[ -f $cache ]] && read -r h result <"$cache" && [[ $h == "$host" ]]; then
		ACCEL_USED=$result ACCEL_WHY="cached probe for host kernel $host in $cache"
		return 0
	fi
	if [[ ! -w $KVM_DEV ]]; then
		result=tcg
		ACCEL_WHY="no usable /dev/kvm"
	else
		log "probing KVM (a 20 s trial boot; the result is cached in $cache)"
		probe_out=$(mktemp -d "$VM_BUILD/.accel-probe.XXXXXX")
		if "$VM_LIB/../run.sh" --target "$TARGET_NAME" --kernel "$KVER" --out "$probe_out" \
			--accel kvm --timeout 20 --smp 1 -- true >"$VM_BUILD/accel-probe.log" 2>&1; then
			result=kvm
			ACCEL_WHY="probe boot with KVM succeeded"
		else
			result=tcg
			ACCEL_WHY="probe boot with KVM failed or took over 20 s (log: $VM_BUILD/accel-probe.log)"
		fi
		rm -rf "$probe_out"
	fi
	echo "$host $result" >"$cache.tmp" && mv -f "$cache.tmp" "$cache"
	ACCEL_USED=$result
}
