# (a) Latency CDF of one configuration: its map and unmap histograms, the
# repetitions merged; left the CDF, right the tail (fraction of ops at least
# that slow), both on a log time axis.
#   gnuplot -e "datafile='cdf-X.dat'; out='cdf-X'; ops='map unmap'; ttl='...'" plots/cdf.gp
# datafile: one block per operation, headed "# op=<name>", columns
# lower_bound_ns, cdf, ccdf (extract.sh).
load dir."common.gp"
set format x "%.0s %cs"
do for [fmt in "png svg"] {
	eval set_term(fmt)
	set output out.".".fmt
	set multiplot layout 1,2 title ttl
	set logscale x
	set xlabel "latency (s, log scale; histogram bucket lower bound)"
	set ylabel "fraction of ops <= latency"
	set yrange [0:1.02]
	set key right bottom
	set title "CDF"
	plot for [o in ops] datafile index "op=".o using ($1*1e-9):2 with steps lw 2 title o
	set logscale y
	set yrange [*:1.5]
	set ylabel "fraction of ops >= latency (log scale)"
	set key right top
	set title "tail (1 - CDF)"
	plot for [o in ops] datafile index "op=".o using ($1*1e-9):3 with steps lw 2 title o
	unset logscale y
	unset multiplot
	unset output
}
