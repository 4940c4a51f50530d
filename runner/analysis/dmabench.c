// SPDX-License-Identifier: GPL-2.0
/* dmabench: dma_map_benchmark's figures from our run; see dmabench.h. */
#include "dmabench.h"

#include "hist.h"

uint64_t dmabench_int_sqrt(uint64_t x)
{
	uint64_t r = 0, bit = 1ULL << 62;

	/* Bit by bit, exact for every 64-bit value. */
	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

uint64_t dmabench_stddev_100ns(const uint64_t *hist)
{
	unsigned __int128 sum = 0, sum_sq = 0;
	uint64_t n = 0, avg, mean_sq;

	for (uint32_t i = 0; i < HIST_BUCKETS; i++) {
		uint64_t t;

		if (!hist[i])
			continue;
		/* The tool truncates each sample: t = ns / 100. */
		t = (uint64_t)hist_bucket_mid(i) / 100;
		n += hist[i];
		sum += (unsigned __int128)t * hist[i];
		sum_sq += (unsigned __int128)t * t * hist[i];
	}
	if (!n)
		return 0;
	avg = (uint64_t)(sum / n);
	mean_sq = (uint64_t)(sum_sq / n);
	/* mean_sq >= avg^2 always holds for integer floors of these means */
	return dmabench_int_sqrt(mean_sq - avg * avg);
}

void dmabench_figures(uint64_t map_ns, uint64_t unmap_ns, uint64_t ops,
		      const uint64_t *map_hist, const uint64_t *unmap_hist,
		      struct dmabench_figures *out)
{
	out->avg_map_100ns = ops ? map_ns / ops / 100 : 0;
	out->avg_unmap_100ns = ops ? unmap_ns / ops / 100 : 0;
	out->map_stddev = dmabench_stddev_100ns(map_hist);
	out->unmap_stddev = dmabench_stddev_100ns(unmap_hist);
}

const char *dmabench_dir_name(int dir)
{
	static const char *const names[] = {
		"BIDIRECTIONAL", "TO_DEVICE", "FROM_DEVICE",
	};

	return dir >= 0 && dir < 3 ? names[dir] : "?";
}

void dmabench_print(FILE *f, int threads, int seconds, int node, int dir,
		    int granule, const struct dmabench_figures *fig)
{
	fprintf(f, "dma mapping benchmark: threads:%d seconds:%d node:%d dir:%s granule: %d\n",
		threads, seconds, node, dmabench_dir_name(dir), granule);
	fprintf(f, "average map latency(us):%.1f standard deviation:%.1f\n",
		fig->avg_map_100ns / 10.0, fig->map_stddev / 10.0);
	fprintf(f, "average unmap latency(us):%.1f standard deviation:%.1f\n",
		fig->avg_unmap_100ns / 10.0, fig->unmap_stddev / 10.0);
}
