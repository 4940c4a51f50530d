# shellcheck shell=bash
# Command-line options from a table, for the VM scripts (launcher, bench.sh, guest-bench.sh,
# the VM tests): one loop instead of a hand-written `case` per script, the same messages and
# exit status 2 everywhere. Sets no shell options.
#
#   opts_parse TABLE "$@"
#     TABLE: words "--name=VAR" (takes a value), "--name=VAR[]" (repeatable: appended to the
#     array VAR), "--name=VAR!" (a flag: VAR=1). -h/--help calls `usage` and exits 0; "--"
#     ends the options. A word not starting with "-" ends them too when OPTS_POSITIONAL=1,
#     else it is an error. What is left is in the array OPTS_REST.
#   opts_uint NAME VALUE [WHAT]   exit 2 unless VALUE is a positive integer
#   opts_one_of NAME VALUE WORDS  exit 2 unless VALUE is one of WORDS

opts_error() {
	echo "error: $1" >&2
	exit 2
}

opts_parse() {
	local table=" ${1//[$'\n\t']/ } " spec var
	shift
	OPTS_REST=()
	while (($#)); do
		case $1 in
		-h | --help) usage; exit 0 ;;
		--) shift; break ;;
		-*)
			# the table word for this option: " --name=VAR..."
			spec=${table#* "$1"=}
			[[ $spec != "$table" ]] || opts_error "unknown ${OPTS_UNKNOWN:-argument} '$1' (see --help)"
			var=${spec%% *}
			case $var in
			*!) printf -v "${var%!}" 1; shift; continue ;;
			esac
			(($# >= 2)) || opts_error "$1 needs a value"
			case $var in
			*'[]') var=${var%'[]'}; eval "$var+=(\"\$2\")" ;;
			*) printf -v "$var" '%s' "$2" ;;
			esac
			shift 2
			;;
		*)
			[[ ${OPTS_POSITIONAL:-0} == 1 ]] || opts_error "unknown argument '$1' (see --help)"
			break
			;;
		esac
	done
	OPTS_REST=("$@")
}

opts_uint() {
	[[ $2 =~ ^[1-9][0-9]*$ ]] || opts_error "$1 must be a positive integer${3:+ ($3)}"
}

opts_one_of() {
	local w words
	for w in $3; do [[ $2 == "$w" ]] && return 0; done
	# "a, b or c"
	words=$(echo "$3" | sed 's/ /, /g; s/, \([^,]*\)$/ or \1/')
	opts_error "$1 must be $words (got '$2')"
}
