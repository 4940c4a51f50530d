# (f) Thread scaling on the DMA API: total ops/s and ops/s per worker against
# the number of workers, strict vs flush queue.
#   gnuplot -e "datafile='scaling.dat'; out='scaling'; series='strict/pair fq/pair'; ttl='...'" plots/scaling.gp
# datafile columns: series, threads, ops_per_s, ops_per_s_per_thread (extract.sh).
load dir."common.gp"
lc_of(s) = (strstrt(s, "strict") == 1) ? 7 : 2
set xlabel "worker threads"
set xtics 1
set format x "%g"
set format y "%.0s %c"
set yrange [0:*]
set key outside below horizontal title "mode/shape"
do for [fmt in "png svg"] {
	eval set_term(fmt)
	set output out.".".fmt
	set multiplot layout 1,2 title ttl
	set title "throughput, all workers"
	set ylabel "map+unmap ops/s (median)"
	plot for [s in series] datafile using (strcol(1) eq s ? $2 : NaN):3 with linespoints pt 7 lw 2 lc lc_of(s) title s
	set title "throughput per worker"
	set ylabel "map+unmap ops/s per thread (median)"
	plot for [s in series] datafile using (strcol(1) eq s ? $2 : NaN):4 with linespoints pt 7 lw 2 lc lc_of(s) title s
	unset multiplot
	unset output
}
