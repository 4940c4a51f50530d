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

# The runner: the one reader of result directories (`export --format points`)
# and the one list of their file names (`index --files`).
IOMMUBENCH=${IOMMUBENCH:-$REPO_DIR/build/iommubench}

need_runner() {
	[[ -x $IOMMUBENCH ]] || die 3 "$IOMMUBENCH is missing (make -C runner)"
}

# RF[KEY]: the results directory's file names from the runner (resultfiles.h):
# RF[benchmarks] = benchmarks.json, RF[histograms], RF[meta], RF[dmesg],
# RF[guest_log], RF[index], RF[latest], ...
declare -gA RF=()
result_files() {
	local k v
	need_runner
	while IFS=$'\t' read -r k v; do RF[$k]=$v; done < <("$IOMMUBENCH" index --files)
	[[ -n ${RF[benchmarks]:-} ]] || die 3 "$IOMMUBENCH index --files printed no file names"
}

# run_points RUN_DIR: the run model as JSON (docs/results.md) on stdout:
# provenance, files, and every point with its parameters as fields,
# repetitions and per-metric medians. Fails (runner exit 4, its message on
# stderr) when the run cannot be read.
run_points() {
	need_runner
	"$IOMMUBENCH" export --format points "$1"
}

# jq with plots/lib.jq available as `include "lib";`
pjq() {
	jq -L "$PLOTS_DIR" "$@"
}

# The title suffix for a run: "platform, kernel", prefixed with EMULATED when
# the run is emulated or its platform is not "hardware". Quotes are dropped so
# the text can go into a gnuplot -e string.
run_title() {	# run_title POINTS_JSON (run_points' output)
	pjq -r 'include "lib"; .run.context | title_of' "$1" | tr -d "\"'\\\\"
}
