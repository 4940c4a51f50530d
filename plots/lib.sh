# shellcheck shell=bash
# Shared helpers for the plots/ scripts (sourced, not run): error exits with
# the project's exit codes, tool checks, and the run title line.
# Exit codes: 0 ok, 2 usage, 3 missing tool or data, 4 I/O.

PLOTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this
REPO_DIR=$(cd "$PLOTS_DIR/.." && pwd)

die() {	# die CODE MESSAGE...
	local code=$1
	shift
	echo "error: $*" >&2
	exit "$code"
}

need_tools() {	# need_tools TOOL...
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || die 3 "$t is missing (apt-get install ${t/gnuplot/gnuplot-nox})"
	done
}

# jq with plots/lib.jq available as `include "lib";`
pjq() {
	jq -L "$PLOTS_DIR" "$@"
}

# The title suffix for a run: "platform, kernel", prefixed with EMULATED when
# the run is emulated or its platform is not "hardware". Quotes are dropped so
# the text can go into a gnuplot -e string.
run_title() {	# run_title BENCHMARKS_JSON
	pjq -r 'include "lib"; .context | title_of' "$1" | tr -d "\"'\\\\"
}
