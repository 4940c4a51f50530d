# shellcheck shell=bash
# Kernel source "debian": Debian kernels of the descriptor's architecture (TARGET_DEB_ARCH)
# fetched from the archive with a private apt configuration (lib/apt.sh) and unpacked under
# build/<arch>/: build/<arch>/<release>/ is the dpkg -x of linux-image-<release>,
# linux-headers-<release> and its -common package, build/<arch>/busybox/ that of
# busybox-static. Each series comes from the suite the descriptor names
# (TARGET_KERNEL_SUITES, "series=suite ..."). The functions lib/kernel.sh asks.

# shellcheck source=bench/vm/lib/apt.sh
source "$VM_LIB/apt.sh"
# shellcheck source=bench/vm/lib/cross-headers.sh
source "$VM_LIB/cross-headers.sh"

ksrc_debian_setup() {
	KSRC_ERR=3 KSRC_WHAT=unpacked
	KSRC_DIR=${KSRC_DIR:-$VM_REPO/build/$TARGET_ARCH}
}
ksrc_debian_where() { echo "$KSRC_DIR"; }
ksrc_debian_hint() { echo "run bench/vm/kernels.sh --target $TARGET_NAME fetch"; }
ksrc_debian_log() { echo "kernels: $*" >&2; }

ksrc_debian_releases() {
	local f
	for f in "$KSRC_DIR"/*/.fetched; do
		[[ -e $f ]] || continue
		f=${f%/.fetched}
		f=${f##*/}
		[[ $f == busybox ]] || echo "$f"
	done
}

ksrc_debian_root() {
	[[ -f $KSRC_DIR/$1/.fetched ]] || { kernel_err "$1 is not unpacked in $KSRC_DIR; $(ksrc_debian_hint)"; return; }
	echo "$KSRC_DIR/$1"
}

ksrc_debian_suite() {	# the suite SERIES comes from
	local w
	for w in $TARGET_KERNEL_SUITES; do
		[[ ${w%%=*} == "$1" ]] && { echo "${w#*=}"; return 0; }
	done
	kernel_err "unknown series '$1' ($TARGET_KERNEL_SERIES)" 2
}

# Releases of SERIES in the updated lists, newest first (e.g. 6.1.0-50-s390x).
ksrc_debian_remote() {
	local re="^linux-image-${1//./\\.}\\.[0-9]+(-[0-9]+)?(\\+deb[0-9]+)?-$TARGET_KERNEL_FLAVOUR\$"
	apt-cache "${APT_OPTS[@]}" pkgnames "linux-image-$1." 2>/dev/null |
		grep -E "$re" | sed 's/^linux-image-//' | sort -rV
}

# Download and unpack one series: its newest release whose files the mirror has (seen: a
# package list naming 6.12.117 while the pool had only older files); one already unpacked is kept.
ksrc_debian_fetch_series() {
	local series=$1 suite rels rel abi root pkgs p tmp f tries=0
	suite=$(ksrc_debian_suite "$series") || return
	rels=$(ksrc_debian_remote "$series")
	[[ -n $rels ]] || { kernel_err "no $TARGET_DEB_ARCH linux-image-$series.* in $suite main"; return; }
	for rel in $rels; do
		root=$KSRC_DIR/$rel
		if [[ -f $root/.fetched ]]; then
			ksrc_debian_log "$rel: already unpacked in $root"
			return 0
		fi
		abi=${rel%-"$TARGET_KERNEL_FLAVOUR"}
		pkgs=("linux-image-$rel/$suite" "linux-headers-$rel/$suite" "linux-headers-$abi-common/$suite")
		ksrc_debian_log "$rel: downloading ${pkgs[*]}"
		(cd "$KSRC_DIR/debs" && apt-get -qq "${APT_OPTS[@]}" download "${pkgs[@]}") && break
		tries=$((tries + 1))
		((tries < 3)) || { kernel_err "apt-get download failed for ${pkgs[*]} and $((tries - 1)) newer release(s)" 4; return; }
		ksrc_debian_log "$rel: the mirror lacks its files; trying the next older release"
	done
	tmp=$KSRC_DIR/.$rel.unpack
	rm -rf "$tmp" "$root"
	mkdir -p "$tmp"
	for p in "linux-image-$rel" "linux-headers-$rel" "linux-headers-$abi-common"; do
		# the file name has the version: the newest one downloaded
		f=$(shopt -s nullglob; printf '%s\n' "$KSRC_DIR/debs/${p}"_*_{"$TARGET_DEB_ARCH",all}.deb | sort -V | tail -n 1)
		[[ -n $f ]] || { kernel_err "$p: no .deb in $KSRC_DIR/debs" 4; return; }
		dpkg-deb -x "$f" "$tmp" || { kernel_err "dpkg -x $f failed" 4; return; }
	done
	mv "$tmp" "$root"
	cross_headers_patch "$root" "$rel" "$abi" "$series" || return
	echo "$rel" >"$root/.fetched"
	ksrc_debian_log "$rel: unpacked in $root"
}

ksrc_debian_fetch_busybox() {
	local d=$KSRC_DIR/busybox f
	[[ -f $d/.fetched ]] && return 0
	ksrc_debian_log "downloading busybox-static:$TARGET_DEB_ARCH ($TARGET_BUSYBOX_SUITE)"
	(cd "$KSRC_DIR/debs" && apt-get -qq "${APT_OPTS[@]}" download "busybox-static/$TARGET_BUSYBOX_SUITE") ||
		{ kernel_err "apt-get download busybox-static failed" 4; return; }
	f=$(shopt -s nullglob; printf '%s\n' "$KSRC_DIR"/debs/busybox-static_*_"$TARGET_DEB_ARCH".deb | sort -V | tail -n 1)
	[[ -n $f ]] || { kernel_err "busybox-static: no .deb in $KSRC_DIR/debs" 4; return; }
	rm -rf "$d"
	dpkg-deb -x "$f" "$d" || { kernel_err "dpkg -x $f failed" 4; return; }
	echo "${f##*/}" >"$d/.fetched"
}

ksrc_debian_fetch() {
	local spec=${1:-all} s t t0 suites=
	if [[ $spec == all ]]; then
		spec=$TARGET_KERNEL_SERIES
	else
		ksrc_debian_suite "$spec" >/dev/null || { kernel_err "fetch: unknown series '$spec' (${TARGET_KERNEL_SERIES// /, } or all)" 2; return; }
	fi
	for t in apt-get apt-cache dpkg-deb; do
		command -v "$t" >/dev/null || { kernel_err "$t not found"; return; }
	done
	t0=$SECONDS
	for s in $TARGET_KERNEL_SUITES; do suites+=" ${s#*=}"; done
	mkdir -p "$KSRC_DIR/debs" || { kernel_err "cannot create $KSRC_DIR" 4; return; }
	# shellcheck disable=SC2086 # the suites, one word each
	apt_update "$KSRC_DIR/apt" "$TARGET_DEB_ARCH" $suites || return
	for s in $spec; do
		ksrc_debian_fetch_series "$s" || return
	done
	ksrc_debian_fetch_busybox || return
	ksrc_debian_log "done in $((SECONDS - t0)) s"
}

ksrc_debian_busybox() {
	local b=$KSRC_DIR/busybox/bin/busybox
	[[ -f $KSRC_DIR/busybox/.fetched && -x $b ]] || { kernel_err "no $TARGET_DEB_ARCH busybox in $KSRC_DIR/busybox; $(ksrc_debian_hint)"; return; }
	echo "$b"
}
