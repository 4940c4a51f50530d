# (d) Strict vs flush queue on the DMA API: time per op and IOTLB
# invalidations per op against size, per mode/shape/threads.
#   gnuplot -e "datafile='strictfq.dat'; out='strictfq'; series='strict/pair/1thr ...'; ttl='...'" plots/strictfq.gp
# xr (optional): an x range, e.g. '[2048:8192]' when there is one size.
# datafile columns: series, size_bytes, time_ns, inval_per_op (extract.sh).
load dir."common.gp"
lc_of(s) = (strstrt(s, "strict") == 1) ? 7 : 2
do for [fmt in "png svg"] {
	eval set_term(fmt)
	set output out.".".fmt
	set multiplot layout 1,2 title ttl
	set logscale y
	eval size_axis
	if (exists("xr") && xr ne "") { eval "set xrange ".xr }
	set xlabel "buffer size (bytes, log scale)"
	set key outside below horizontal maxrows 2
	set title "time per dma map+unmap op"
	set ylabel "time per op (ns, median, log scale)"
	set format y "%.0s %c"
	plot for [i=1:words(series)] datafile using (strcol(1) eq word(series,i) ? $2 : NaN):3 \
		with linespoints lw 2 pt (4+i) lc lc_of(word(series,i)) title word(series,i)
	set title "IOTLB invalidations per op"
	set ylabel "invalidations per op (median, log scale)"
	set format y "%g"
	plot for [i=1:words(series)] datafile using (strcol(1) eq word(series,i) ? $2 : NaN):4 \
		with linespoints lw 2 pt (4+i) lc lc_of(word(series,i)) title word(series,i)
	unset multiplot
	unset output
}
