#!/usr/bin/env bash
# shellcheck disable=SC2016 # the jq programs use $variables of their own
# Write the static dashboard page: the latest run's header (platform, kernel,
# suite; an EMULATED banner when emulated), its summary table (medians over
# repetitions), its figures and the trend figures (img tags, relative paths
# into the plots directory), and a table of every run with relative links to
# its files. No network, no external CSS/JS/fonts. An inline script checks on
# load that every <img> loaded and says so in <div id="img-check"
# data-missing="N" data-total="N"> for headless tests.
set -euo pipefail
# shellcheck source=plots/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
	cat <<'EOF2'
Usage: plots/dashboard.sh [--results DIR] [--plots DIR] [--out FILE] [--run RUN]
  --results DIR  the results directory (default: results/ of this checkout)
  --plots DIR    where plot.sh and trend.sh wrote the figures (default: plots/out)
  --out FILE     the page to write (default: plots/index.html)
  --run RUN      the run to summarise: a run directory or run id (default:
                 results/latest, else the newest run)
Run plots/plot.sh and plots/trend.sh first (plots/make-all.sh does all three).
Exit status: 0 ok, 2 usage, 3 missing tool or data, 4 I/O error.
EOF2
}

results=$REPO_DIR/results
plots=$PLOTS_DIR/out
outfile=$PLOTS_DIR/index.html
run=
while (($#)); do
	case $1 in
	-h | --help) usage; exit 0 ;;
	--results | --plots | --out | --run)
		[[ $# -ge 2 && -n $2 ]] || { echo "error: $1 needs a value" >&2; usage >&2; exit 2; }
		case $1 in
		--results) results=$2 ;;
		--plots) plots=$2 ;;
		--out) outfile=$2 ;;
		--run) run=$2 ;;
		esac
		shift 2
		;;
	*) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
need_tools jq awk realpath
result_files
B=${RF[benchmarks]}
[[ -d $results ]] || die 3 "no results directory $results"
outdir=$(dirname "$outfile")
mkdir -p "$outdir" || die 4 "cannot create $outdir"

runs=$("$PLOTS_DIR/runs.sh" --results "$results")
[[ -n $runs ]] || die 3 "no runs in $results"
# The run to summarise: a run directory, a run id, or the latest run.
if [[ -n $run && -f $run/$B ]]; then
	rundir=$run
elif [[ -n $run ]]; then
	rundir=$results/$run
elif [[ -f $results/${RF[latest]}/$B ]]; then
	rundir=$results/${RF[latest]}
else
	rundir=$(awk -F'\t' '$9 > 0 { d = $10 } END { print d }' <<<"$runs")
fi
[[ -f $rundir/$B ]] || die 3 "no $B for run '${run:-latest}' in $results"
# The run model (the runner reads the run; names parsed, medians computed there).
model=$(mktemp "${TMPDIR:-/tmp}/dashboard-points.XXXXXX") || die 4 "cannot create a temporary file"
trap 'rm -f "$model"' EXIT
run_points "$rundir" >"$model" 2>/dev/null || die 3 "$rundir/$B is not a results file"
run=$(jq -r '.run.context.run_id // empty' "$model")
[[ -n $run ]] || run=$(basename "$(realpath "$rundir")")

# rel PATH: REPLY = PATH (under the results or plots directory) relative to
# the page's directory, percent-encoded for a URL. No process per call.
results=$(realpath -m -s "$results")
plots=$(realpath -m -s "$plots")
rel_results=$(realpath -m -s --relative-to="$outdir" "$results")
rel_plots=$(realpath -m -s --relative-to="$outdir" "$plots")
rel() {
	local p=$1 c out='' i
	case $p in
	"$plots"/*) p=$rel_plots/${p#"$plots"/} ;;
	"$results"/*) p=$rel_results/${p#"$results"/} ;;
	*) p=$(realpath -m -s --relative-to="$outdir" "$p") ;;
	esac
	p=${p#./}
	for ((i = 0; i < ${#p}; i++)); do
		c=${p:i:1}
		case $c in
		[A-Za-z0-9._~/+-]) out+=$c ;;
		*) printf -v c '%%%02X' "'$c"; out+=$c ;;
		esac
	done
	REPLY=$out
}
esc() {	# esc TEXT: REPLY = TEXT, HTML-escaped
	local s=$1
	s=${s//&/&amp;}
	s=${s//</&lt;}
	s=${s//>/&gt;}
	s=${s//\"/&quot;}
	REPLY=$s
}

# figures DIR HEADING: the figures listed in DIR/figures.tsv as <figure>s.
figures() {
	local dir=$1 base caption png svg data cap
	if [[ ! -f $dir/figures.tsv ]]; then
		esc "$dir"
		echo "<p class=\"note\">No figures in $REPLY (run plots/plot.sh / plots/trend.sh).</p>"
		return 0
	fi
	echo '<div class="figs">'
	while IFS=$'\t' read -r base caption; do
		[[ -f $dir/$base.png ]] || continue
		rel "$dir/$base.png"; png=$REPLY
		rel "$dir/$base.svg"; svg=$REPLY
		rel "$dir"; data=$REPLY/
		esc "$caption"; cap=$REPLY
		printf '<figure><a href="%s"><img src="%s" alt="%s" loading="eager"></a><figcaption>%s (<a href="%s">SVG</a>, <a href="%s">data</a>)</figcaption></figure>\n' \
			"$svg" "$png" "$cap" "$cap" "$svg" "$data"
	done <"$dir/figures.tsv"
	echo '</div>'
}

tmp=$outfile.tmp.$$
trap 'rm -f "$tmp" "$model"' EXIT
{
	cat <<'EOF2'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>iommubench results</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { margin-bottom: 0.2em; }
.banner { background: #b00020; color: #fff; font-weight: bold; padding: 0.6em 1em; margin: 0.8em 0; }
.note { color: #555; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; }
th { background: #eee; }
td.l, th.l { text-align: left; font-family: monospace; }
.figs { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; width: 600px; }
figure img { width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.85em; }
#img-check { font-size: 0.85em; color: #555; margin-top: 2em; }
</style>
</head>
<body>
<h1>iommubench results</h1>
EOF2
	pjq -r --arg run "$run" 'include "lib"; .run.context as $c
		| "<p class=\"note\">Latest run <b>\($run | html)</b>: suite <b>\($c.suite // "?" | html)</b>, platform <b>\($c.platform // "?" | html)</b>, kernel <b>\($c.kernel_release // "?" | html)</b>, IOMMU driver \($c.iommu_driver // "?" | html), hw pgsize \($c.hw_pgsize_bitmap // "?" | html), group \($c.group_type // "?" | html), <b>\($c | clock_of | html)</b>\(if ($c.clock // "wall") == "icount" then " (instruction time: the emulator\u0027s own work is not counted)" else "" end), \($c.date // "" | html)</p>",
		  (if $c | is_emulated then
			"<div class=\"banner\" id=\"emulated\">EMULATED: \($c.platform // "?" | html). Compare ratios and counts within a run, never absolute times.</div>"
		   else empty end)' "$model"
	echo '<h2>Summary (medians over repetitions)</h2>'
	echo '<table id="summary"><tr><th class="l">benchmark</th><th>reps</th><th>time/op</th><th>ops/s</th><th>map p99</th><th>unmap p99</th><th>inval/op</th><th>max inval wait</th><th>max timer lateness</th></tr>'
	pjq -r 'include "lib"; points | sort_by(.name)[]
		| "<tr><td class=\"l\">\(.name | html)</td><td>\(.reps)</td><td>\(.time_ns | fmt_ns)</td><td>\(.ops_per_s | fmt_num)</td><td>\(.map_p99_ns | fmt_ns)</td><td>\(.unmap_p99_ns | fmt_ns)</td><td>\(.inval_per_op | fmt_num)</td><td>\(.inval_wait_max_ns | fmt_ns)</td><td>\(.timer_late_max_ns | fmt_ns)</td></tr>"' "$model"
	echo '</table>'
	esc "$run"
	echo "<h2>Figures of run $REPLY</h2>"
	figures "$plots/$run"
	echo '<h2>Trends over all runs</h2>'
	figures "$plots/trend"
	echo '<h2>All runs</h2>'
	echo '<table id="runs"><tr><th class="l">run</th><th class="l">suite</th><th class="l">kernel</th><th class="l">platform</th><th>emulated</th><th class="l">start</th><th class="l">end</th><th class="l">status</th><th>benchmarks</th><th class="l">files</th></tr>'
	while IFS=$'\t' read -r id suite kernel platform emulated start end status n dir; do
		links=''
		for f in "$B" "${RF[histograms]}" "${RF[dmesg]}" "${RF[guest_log]}" "${RF[meta]}"; do
			[[ -f $dir/$f ]] || continue
			rel "$dir/$f"
			links+="<a href=\"$REPLY\">$f</a> "
		done
		if [[ -f $plots/$id/figures.tsv ]]; then
			rel "$plots/$id"
			links+="<a href=\"$REPLY/\">figures</a>"
		fi
		row=''
		for v in "$id" "$suite" "$kernel" "$platform" "$emulated" "$start" "$end" "$status" "$n"; do
			esc "$v"
			case $v in "$emulated" | "$n") row+="<td>$REPLY</td>" ;; *) row+="<td class=\"l\">$REPLY</td>" ;; esac
		done
		echo "<tr>$row<td class=\"l\">${links:-–}</td></tr>"
	done < <(tac <<<"$runs")
	echo '</table>'
	cat <<'EOF2'
<div id="img-check" data-missing="-1" data-total="-1">image check: not run (no JavaScript)</div>
<script>
window.addEventListener("load", function () {
	var imgs = document.getElementsByTagName("img"), missing = 0;
	for (var i = 0; i < imgs.length; i++)
		if (!(imgs[i].complete && imgs[i].naturalWidth > 0)) missing++;
	var d = document.getElementById("img-check");
	d.setAttribute("data-missing", String(missing));
	d.setAttribute("data-total", String(imgs.length));
	d.textContent = "image check: " + (imgs.length - missing) + " of " + imgs.length + " images loaded";
});
</script>
</body>
</html>
EOF2
} >"$tmp" || die 4 "cannot write $tmp"
mv -f "$tmp" "$outfile" || die 4 "cannot write $outfile"
rm -f "$model"
trap - EXIT
echo "wrote $outfile (run $run, $(grep -c '<img ' "$outfile" || true) images)"
