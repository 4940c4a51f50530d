#!/bin/bash
# Find the installed Debian kernels the project targets (6.1 and 6.12, amd64).
# Usable as a script or sourced (it then only defines the kernels_* functions).

# Series we target; a release belongs to a series when it starts with "<series>."
# (so 6.1 never matches 6.12).
KERNELS_TARGET_SERIES=${KERNELS_TARGET_SERIES:-"6.1 6.12"}
KERNELS_BOOT_DIR=${KERNELS_BOOT_DIR:-/boot}
KERNELS_MODULES_DIR=${KERNELS_MODULES_DIR:-/lib/modules}

kernels_usage() {
	cat <<'EOF'
Usage: bench/vm/kernels.sh COMMAND [ARG]

Lists installed Debian kernels (a /boot/vmlinuz-<release> with its /lib/modules/<release>)
of the target series 6.1 and 6.12.

Commands:
  list            every installed target release, oldest first
  newest          the newest installed target release
  resolve SPEC    SPEC is a full release (6.12.117+deb12-amd64), a prefix (6.1, 6.12,
                  6.1.0-56) or "all"; prints the newest installed release matching the
                  prefix, or for "all" the newest release of each target series
  headers REL     prints the headers directory for REL (exit 1 if not installed)

Exit status: 0 ok, 1 nothing matches / not installed, 2 usage.
EOF
}

# Every installed release of any target series, oldest first.
kernels_list() {
	local f rel s
	for f in "$KERNELS_BOOT_DIR"/vmlinuz-*; do
		[[ -e $f ]] || continue
		rel=${f##*/vmlinuz-}
		[[ -d $KERNELS_MODULES_DIR/$rel/kernel ]] || continue
		for s in $KERNELS_TARGET_SERIES; do
			if [[ $rel == "$s".* ]]; then
				echo "$rel"
				break
			fi
		done
	done | sort -V
}

# Does release $1 match prefix $2? A prefix must end at a component boundary.
kernels_matches() {
	local rel=$1 p=$2
	[[ $rel == "$p" || $rel == "$p".* || $rel == "$p"-* || $rel == "$p"+* ]]
}

kernels_resolve() {
	local spec=${1:?kernels_resolve: missing SPEC} rel best s found=0
	if [[ $spec == all ]]; then
		for s in $KERNELS_TARGET_SERIES; do
			best=$(kernels_resolve "$s" 2>/dev/null) || continue
			echo "$best"
			found=1
		done
		if ((found == 0)); then
			echo "error: no target kernel ($KERNELS_TARGET_SERIES) installed in $KERNELS_BOOT_DIR; run bench/setup.sh" >&2
			return 1
		fi
		return 0
	fi
	best=
	while read -r rel; do
		kernels_matches "$rel" "$spec" && best=$rel
	done < <(kernels_list)
	if [[ -z $best ]]; then
		echo "error: no installed target kernel matches '$spec' (installed: $(kernels_list | paste -sd " " -))" >&2
		return 1
	fi
	echo "$best"
}

kernels_newest() {
	local rel
	rel=$(kernels_list | tail -n 1)
	if [[ -z $rel ]]; then
		echo "error: no target kernel ($KERNELS_TARGET_SERIES) installed; run bench/setup.sh" >&2
		return 1
	fi
	echo "$rel"
}

kernels_headers() {
	local rel=${1:?kernels_headers: missing release} d
	for d in "/usr/src/linux-headers-$rel" "$KERNELS_MODULES_DIR/$rel/build"; do
		if [[ -f $d/Makefile ]]; then
			echo "$d"
			return 0
		fi
	done
	echo "error: no headers for $rel (install linux-headers-$rel)" >&2
	return 1
}

kernels_main() {
	case ${1:-} in
	-h | --help) kernels_usage ;;
	list) kernels_list ;;
	newest) kernels_newest ;;
	resolve)
		[[ $# -eq 2 ]] || { kernels_usage >&2; return 2; }
		kernels_resolve "$2"
		;;
	headers)
		[[ $# -eq 2 ]] || { kernels_usage >&2; return 2; }
		kernels_headers "$2"
		;;
	*)
		kernels_usage >&2
		return 2
		;;
	esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail # only as a script: sourcing must not change the caller's options
	kernels_main "$@"
fi
