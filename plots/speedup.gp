# (c) Per-page over range time ratio (how much a per-page map+unmap costs
# against one range map), per pgsize bitmap and unmap mode, against size.
#   gnuplot -e "datafile='speedup.dat'; out='speedup'; series='0x1000/strict ...'; ttl='...'" plots/speedup.gp
# datafile columns: pgsize, unmap, size_bytes, ratio, series (extract.sh).
load dir."common.gp"
do for [fmt in "png svg"] {
	eval set_term(fmt)
	set output out.".".fmt
	set title ttl
	set logscale y
	eval size_axis
	set xlabel "buffer size (bytes, log scale)"
	set ylabel "per-page / range time per op (x, medians, log scale)"
	set key left top title "pgsize/unmap"
	plot for [s in series] datafile using (strcol(5) eq s ? $3 : NaN):4 with linespoints pt 7 lw 2 title s, \
		1 with lines dt 2 lc rgb "gray40" title "1x (no difference)"
	unset output
}
