#!/bin/bash
# Boot an installed Debian amd64 kernel under QEMU (q35, emulated VT-d or AMD-Vi, QEMU's edu
# device), the host's / shared: bench/vm/run.sh with the x86_64 target. --help: the options.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" --target x86_64 "$@"
