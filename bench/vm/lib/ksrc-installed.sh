# shellcheck shell=bash
# Kernel source "installed": Debian's kernel packages installed on this host through apt
# (bench/setup.sh): /boot/vmlinuz-<release> with /lib/modules/<release>, headers in /usr/src.
# Only for a guest of the host's own architecture. The functions lib/kernel.sh asks.

ksrc_installed_setup() { KSRC_ERR=1 KSRC_WHAT=installed; }
ksrc_installed_where() { echo /boot; }
ksrc_installed_hint() { echo "run bench/setup.sh"; }

ksrc_installed_releases() {
	local f rel
	for f in /boot/vmlinuz-*; do
		[[ -e $f ]] || continue
		rel=${f##*/vmlinuz-}
		[[ -d /lib/modules/$rel/kernel ]] && echo "$rel"
	done
}

# Installed files live at their usual places under /.
ksrc_installed_root() { echo ""; }

ksrc_installed_fetch() {
	echo "kernels: the $TARGET_ARCH kernels are Debian packages installed by bench/setup.sh; nothing to fetch" >&2
}

ksrc_installed_busybox() {
	local b=/bin/busybox # from busybox-static; the initramfs has no libc
	if [[ ! -x $b ]] || LC_ALL=C readelf -l "$b" 2>/dev/null | grep -q INTERP; then
		kernel_err "$b is missing or not static; install busybox-static (bench/setup.sh)" 3
		return
	fi
	echo "$b"
}
