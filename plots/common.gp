# Shared settings for the plots/*.gp figures (loaded by each of them).
# Every figure is drawn twice, as out.".png" (pngcairo) and out.".svg":
#   do for [fmt in "png svg"] { eval set_term(fmt); set output out.".".fmt; ... }
# Set W and H (pixels) before loading to change the size.
if (!exists("W")) W = 1200
if (!exists("H")) H = 700
set_term(f) = (f eq "png") \
	? sprintf("set terminal pngcairo noenhanced size %d,%d font 'sans,10' background rgb 'white'", W, H) \
	: sprintf("set terminal svg noenhanced size %d,%d font 'sans,10' background rgb 'white'", W, H)
set datafile separator "\t"
set datafile commentschars "#"
set grid
set key noenhanced
set style line 1 lw 2
# Buffer sizes (bytes) on a log2 axis, a labelled tick every factor 4 from
# 1 KiB to 1 GiB: "eval size_axis" in a figure's script.
sizelabel(b) = (b < 2**20) ? sprintf("%d KiB", b / 2**10) : (b < 2**30) ? sprintf("%d MiB", b / 2**20) : sprintf("%d GiB", b / 2**30)
size_axis = "set logscale x 2; set xtics (); do for [k=10:30:2] { set xtics add (sizelabel(2**k) 2**k) }; set mxtics default; set offsets graph 0.04, graph 0.04, 0, 0"
