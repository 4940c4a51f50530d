# (e) Lockup exposure per wait policy: the longest invalidation wait and the
# latest victim timer expiry on a worker CPU, per policy (rows) and
# configuration (bars: fault or size, threads). Medians over repetitions.
#   gnuplot -e "waitfile='lockup-wait.dat'; timerfile='lockup-timer.dat'; out='lockup'; ttl='...'" plots/lockup.gp
# Either file may be '' (no data). Files: a header line "policy <configs...>"
# then one row per policy (extract.sh).
load dir."common.gp"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set format y "%.0s %cs"
set xtics nomirror
set key outside right top title "configuration"
set yrange [1e-7:*]
panels = (waitfile ne "" ? 1 : 0) + (timerfile ne "" ? 1 : 0)
ncols(f) = system("head -n 1 '".f."' | awk -F'\t' '{print NF}'")
do for [fmt in "png svg"] {
	eval set_term(fmt)
	set output out.".".fmt
	set multiplot layout panels,1 title ttl
	if (waitfile ne "") {
		n = ncols(waitfile)
		set title "longest invalidation wait"
		set ylabel "max wait (s, log scale)"
		plot for [i=2:n] waitfile using (column(i)*1e-9):xtic(1) title columnheader(i)
	}
	if (timerfile ne "") {
		n = ncols(timerfile)
		set title "victim timer lateness on the worker CPUs"
		set ylabel "max lateness (s, log scale)"
		plot for [i=2:n] timerfile using (column(i)*1e-9):xtic(1) title columnheader(i)
	}
	unset multiplot
	unset output
}
