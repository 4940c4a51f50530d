# shellcheck shell=bash
# The guest kernels of a target: Debian kernels either installed on this host (/boot,
# /lib/modules, /usr/src) or fetched privately into build/<arch>/<release>/ (a dpkg -x of
# the image and headers). Which one is the descriptor's TARGET_KERNEL_SOURCE: the source
# files lib/ksrc-<source>.sh define the same few functions, and this file asks them.
# Needs a descriptor loaded (bench/vm/lib/target.sh). Sets no shell options.
#
#   kernel_list               releases of the target series, oldest first
#   kernel_newest             the newest of them
#   kernel_resolve SPEC       SPEC: a release, a prefix (6.1, 6.12, 6.1.0-56) or "all" (the
#                             newest of each series); prints the newest match(es)
#   kernel_image REL / kernel_moddir REL / kernel_headers REL
#   kernel_makeflags REL      make arguments a module build against REL needs (cross builds)
#   kernel_busybox            a static busybox for the guest's architecture
#   kernel_fetch [SERIES]     fetch what the source needs (a no-op for installed kernels)
# Errors: "error: ..." on stderr and the source's status (KSRC_ERR: 1 installed, 3 fetched).

VM_LIB=${VM_LIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)}
# shellcheck source=bench/vm/lib/ksrc-installed.sh
source "$VM_LIB/ksrc-installed.sh"
# shellcheck source=bench/vm/lib/ksrc-debian.sh
source "$VM_LIB/ksrc-debian.sh"

kernel_err() {
	echo "error: $1" >&2
	return "${2:-$KSRC_ERR}"
}

# The source's function NAME, e.g. ksrc_installed_list.
kernel_src() {
	local f=ksrc_${TARGET_KERNEL_SOURCE//-/_}_$1
	shift
	"$f" "$@"
}

kernel_list() {
	local rel s
	kernel_src releases | while read -r rel; do
		for s in $TARGET_KERNEL_SERIES; do
			# a release belongs to a series when it starts with "<series>." (6.1 never matches 6.12)
			if [[ $rel == "$s".* ]]; then echo "$rel"; break; fi
		done
	done | sort -V
}

# Does release $1 match prefix $2? A prefix must end at a component boundary.
kernel_matches() {
	local rel=$1 p=$2
	[[ $rel == "$p" || $rel == "$p".* || $rel == "$p"-* || $rel == "$p"+* ]]
}

kernel_resolve() {
	local spec=${1:?kernel_resolve: missing SPEC} rel best s found=0
	if [[ $spec == all ]]; then
		for s in $TARGET_KERNEL_SERIES; do
			best=$(kernel_resolve "$s" 2>/dev/null) || continue
			echo "$best"
			found=1
		done
		((found)) || kernel_err "no $TARGET_ARCH target kernel ($TARGET_KERNEL_SERIES) $KSRC_WHAT in $(kernel_src where); $(kernel_src hint)"
		return
	fi
	best=
	while read -r rel; do
		kernel_matches "$rel" "$spec" && best=$rel
	done < <(kernel_list)
	[[ -n $best ]] || { kernel_err "no $KSRC_WHAT $TARGET_ARCH target kernel matches '$spec' ($KSRC_WHAT: $(kernel_list | paste -sd ' ' -)); $(kernel_src hint)"; return; }
	echo "$best"
}

kernel_newest() {
	local rel
	rel=$(kernel_list | tail -n 1)
	[[ -n $rel ]] || { kernel_err "no $TARGET_ARCH target kernel ($TARGET_KERNEL_SERIES) $KSRC_WHAT; $(kernel_src hint)"; return; }
	echo "$rel"
}

kernel_image() {
	local root
	root=$(kernel_src root "$1") || return
	[[ -r $root/boot/vmlinuz-$1 ]] || { kernel_err "cannot read $root/boot/vmlinuz-$1 ($(kernel_src hint))"; return; }
	echo "$root/boot/vmlinuz-$1"
}

kernel_moddir() {
	local root
	root=$(kernel_src root "$1") || return
	echo "$root/lib/modules/$1"
}

kernel_headers() {
	local root d
	root=$(kernel_src root "$1") || return
	for d in "$root/usr/src/linux-headers-$1" "$root/lib/modules/$1/build"; do
		[[ -f $d/Makefile ]] && { echo "$d"; return 0; }
	done
	kernel_err "no headers for $1 (install linux-headers-$1)"
}

kernel_makeflags() {
	local root
	root=$(kernel_src root "$1") || return
	[[ -n ${TARGET_CROSS_COMPILE:-} ]] || return 0	# a native build needs nothing
	# a kernel built with a newer gcc than ours: the wrapper lib/cross-headers.sh wrote;
	# the host's pahole does not know that gcc's --btf_features either
	if [[ -x $root/bin/${TARGET_CROSS_COMPILE}gcc ]]; then
		echo "ARCH=$TARGET_KARCH CROSS_COMPILE=$TARGET_CROSS_COMPILE CC=$root/bin/${TARGET_CROSS_COMPILE}gcc CONFIG_DEBUG_INFO_BTF_MODULES="
	else
		echo "ARCH=$TARGET_KARCH CROSS_COMPILE=$TARGET_CROSS_COMPILE"
	fi
}

kernel_busybox() { kernel_src busybox; }
kernel_fetch() { kernel_src fetch "$@"; }
