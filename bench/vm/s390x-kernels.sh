#!/bin/bash
# The s390x VM target's kernels (Debian's 6.1 from bookworm, 6.12 from trixie, fetched into
# build/s390x/): bench/vm/kernels.sh with its target. --help: the commands.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/kernels.sh" --target s390x "$@"
