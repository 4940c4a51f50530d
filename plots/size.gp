# (b) Time per op against buffer size, range vs per-page mapping (and strict
# vs deferred unmap), one panel per pgsize bitmap.
#   gnuplot -e "datafile='size.dat'; out='size'; pgsizes='hw 0x1000'; series='range/strict ...'; ttl='...'" plots/size.gp
# datafile columns: pgsize, map, unmap, size_bytes, time_ns, series (extract.sh).
load dir."common.gp"
n = words(pgsizes)
do for [fmt in "png svg"] {
	eval set_term(fmt)
	set output out.".".fmt
	set multiplot layout 1,n title ttl
	set logscale y
	eval size_axis
	set xlabel "buffer size (bytes, log scale)"
	set ylabel "time per map+unmap op (ns, median, log scale)"
	set format y "%.0s %c"
	set key left top
	do for [pg in pgsizes] {
		set title "pgsize ".pg
		plot for [s in series] datafile \
			using (strcol(1) eq pg && strcol(6) eq s ? $4 : NaN):5 with linespoints pt 7 lw 2 title s
	}
	unset multiplot
	unset output
}
