#!/bin/bash
# Boot a fetched Debian s390x kernel under QEMU (TCG) with a zPCI device, the command in a
# busybox initramfs: bench/vm/run.sh with the s390x target. --help: the options.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" --target s390x "$@"
