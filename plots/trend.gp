# A trend over runs: one figure value per run against the run's start time,
# one line per series (benchmark@kernel).
#   gnuplot -e "datafile='ratio.dat'; out='ratio'; series='a@6.1 b@6.12'; ylab='...'; ylog='1'; ttl='...'" plots/trend.gp
# datafile columns: series, start (ISO-8601 UTC), value, run_id, platform (trend.sh).
load dir."common.gp"
set xdata time
set timefmt "%Y-%m-%dT%H:%M:%S"
set format x "%m-%d\n%H:%M"
set xlabel "run start (UTC)"
set ylabel ylab
if (exists("ylog") && ylog eq "1") { set logscale y } else { set yrange [0:*]; set format y "%.0s %c" }
set key outside below horizontal
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
do for [fmt in "png svg"] {
	eval set_term(fmt)
	set output out.".".fmt
	set title ttl
	plot for [s in series] datafile using (strcol(1) eq s ? timecolumn(2) : NaN):3 \
		with linespoints pt 7 lw 2 title s
	unset output
}
