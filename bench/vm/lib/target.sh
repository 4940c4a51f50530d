# shellcheck shell=bash
# VM targets: one descriptor per guest architecture, bench/vm/targets/<name>.sh, answering
# the same questions (bench/vm/README.md lists them). Everything else in bench/vm/lib asks
# the loaded descriptor and never looks at the target's name. Sets no shell options.
#
#   target_names              every descriptor's name
#   target_load NAME          source targets/NAME.sh, check its answers, set TARGET_NAME;
#                             exit 2 for an unknown NAME
#   target_use_iommu NAME     pick one of the descriptor's vIOMMUs (TARGET_IOMMUS; "" = its
#                             first): sets TARGET_IOMMU and, through the descriptor's
#                             target_iommu, IOMMU_ARGS, IOMMU_CMDLINE, IOMMU_PLATFORM
#   target_platform ACCEL     the runner's --platform for a guest: qemu-<accel>/<vIOMMU>

VM_LIB=${VM_LIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)}
VM_REPO=${VM_REPO:-$(cd "$VM_LIB/../../.." && pwd -P)}
VM_TARGETS=$VM_LIB/../targets
# shellcheck source=bench/vm/lib/kernel.sh
source "$VM_LIB/kernel.sh"

# Answers every descriptor must give (bench/vm/README.md says what each means).
TARGET_REQUIRED="TARGET_ARCH TARGET_SUMMARY TARGET_QEMU TARGET_QEMU_PKG TARGET_CONSOLE
TARGET_ACCELS TARGET_IOMMUS TARGET_DEVICE TARGET_GUEST_ROOT TARGET_KERNEL_SOURCE
TARGET_KERNEL_SERIES"
TARGET_FUNCTIONS="target_machine_args target_console_args target_iommu target_device_args"

target_names() {
	local f
	for f in "$VM_TARGETS"/*.sh; do
		f=${f##*/}
		echo "${f%.sh}"
	done
}

target_load() {
	local name=$1 v
	[[ $name =~ ^[A-Za-z0-9_.-]+$ && -f $VM_TARGETS/$name.sh ]] ||
		{ echo "error: unknown VM target '$name' (targets: $(target_names | paste -sd ' ' -))" >&2; exit 2; }
	# shellcheck source=/dev/null
	source "$VM_TARGETS/$name.sh"
	for v in $TARGET_REQUIRED; do
		[[ -n ${!v:-} ]] || { echo "error: bench/vm/targets/$name.sh does not set $v" >&2; exit 3; }
	done
	for v in $TARGET_FUNCTIONS; do
		declare -F "$v" >/dev/null || { echo "error: bench/vm/targets/$name.sh does not define $v" >&2; exit 3; }
	done
	TARGET_NAME=$name
	kernel_src setup
}

target_use_iommu() {
	local want=${1:-${TARGET_IOMMUS%% *}} w
	for w in $TARGET_IOMMUS; do
		if [[ $w == "$want" ]]; then
			TARGET_IOMMU=$w IOMMU_ARGS=() IOMMU_CMDLINE='' IOMMU_PLATFORM=''
			target_iommu "$w"
			return 0
		fi
	done
	echo "error: --iommu must be ${TARGET_IOMMUS// / or } for target $TARGET_NAME (got '$want')" >&2
	exit 2
}

target_platform() { echo "qemu-$1/$IOMMU_PLATFORM"; }
