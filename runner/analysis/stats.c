// SPDX-License-Identifier: GPL-2.0
/* stats: percentiles and the Mann-Whitney U test; see stats.h. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_percentile(const double *v, size_t n, double p)
{
	double *s, h, r;
	size_t lo;

	if (!n || !(p >= 0 && p <= 100))
		return NAN;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	h = (double)(n - 1) * p / 100;
	lo = (size_t)floor(h);
	r = s[lo];
	if (lo + 1 < n)
		r += (h - (double)lo) * (s[lo + 1] - s[lo]);
	free(s);
	return r;
}

/* Sorted copy of v[0..n), or NULL. */
static double *sorted(const double *v, size_t n)
{
	double *s = malloc((n ? n : 1) * sizeof(*s));

	if (!s)
		return NULL;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return s;
}

/* The middle value, or the mean of the two middle ones: numpy.median. */
static double median_sorted(const double *s, size_t n)
{
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

double stats_median(const double *v, size_t n)
{
	double *s, r;

	if (!n || !(s = sorted(v, n)))
		return NAN;
	r = median_sorted(s, n);
	free(s);
	return r;
}

int stats_summary(const double *v, size_t n, double *median, double *min,
		  double *max, double *mean)
{
	double *s, sum = 0;

	if (!n) {
		*median = *min = *max = *mean = NAN;
		return 0;
	}
	if (!(s = sorted(v, n)))
		return -1;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	*median = median_sorted(s, n);
	*min = s[0];
	*max = s[n - 1];
	*mean = sum / (double)n;
	free(s);
	return 0;
}

double stats_min(const double *v, size_t n)
{
	double r = n ? v[0] : NAN;

	for (size_t i = 1; i < n; i++)
		if (v[i] < r)
			r = v[i];
	return r;
}

double stats_max(const double *v, size_t n)
{
	double r = n ? v[0] : NAN;

	for (size_t i = 1; i < n; i++)
		if (v[i] > r)
			r = v[i];
	return r;
}

/*
 * The distribution of U under H0 for sizes n, m without ties: P(U = k) for
 * k = 0..n*m (malloc'd), counted, not approximated. NULL when out of memory.
 */
static double *exact_pmf(size_t n, size_t m)
{
	size_t top = n * m, w = top + 1;
	double *prev, *cur, *pmf, total = 0;

	/* The distribution is symmetric in n, m: keep the rows (m) few. */
	if (m > n) {
		size_t t = n;

		n = m;
		m = t;
	}

	/*
	 * c(i, j, k): orders of i x's and j y's with k pairs x > y. The
	 * largest element is an x (beating all j y's) or a y:
	 * c(i, j, k) = c(i-1, j, k-j) + c(i, j-1, k). Row j of prev/cur
	 * holds c(i-1, j, .) and c(i, j, .).
	 */
	prev = calloc((m + 1) * w, sizeof(*prev));
	cur = calloc((m + 1) * w, sizeof(*cur));
	pmf = malloc(w * sizeof(*pmf));
	if (!prev || !cur || !pmf) {
		free(prev);
		free(cur);
		free(pmf);
		return NULL;
	}
	for (size_t j = 0; j <= m; j++)
		prev[j * w] = 1;
	for (size_t i = 1; i <= n; i++) {
		double *t;

		memset(cur, 0, (m + 1) * w * sizeof(*cur));
		cur[0] = 1;
		for (size_t j = 1; j <= m; j++)
			for (size_t k = 0; k <= top; k++)
				cur[j * w + k] = (k >= j ? prev[j * w + k - j] : 0) +
						 cur[(j - 1) * w + k];
		t = prev;
		prev = cur;
		cur = t;
	}
	for (size_t k = 0; k <= top; k++)
		total += prev[m * w + k];
	for (size_t k = 0; k <= top; k++)
		pmf[k] = prev[m * w + k] / total;
	free(prev);
	free(cur);
	return pmf;
}

/* P(U >= u) under H0 for sizes n, m without ties (NAN: out of memory). */
static double exact_sf(size_t n, size_t m, double u)
{
	double *pmf = exact_pmf(n, m), tail = 0;

	if (!pmf)
		return NAN;
	for (size_t k = 0; k <= n * m; k++)
		if ((double)k >= u)
			tail += pmf[k];
	free(pmf);
	return tail;
}

/* P(Z >= z) for a standard normal Z. */
static double norm_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

/* scipy's _get_mwu_z with continuity correction; tie_term = sum(t^3 - t). */
static double mwu_z(double u, size_t n, size_t m, double tie_term)
{
	double nn = (double)(n + m), mu = (double)n * (double)m / 2;
	double s = sqrt((double)n * (double)m / 12 *
			((nn + 1) - tie_term / (nn * (nn - 1))));

	/* All values equal: no evidence either way (scipy: z = -inf, p = 1). */
	if (!(s > 0))
		return -INFINITY;
	return (u - mu - 0.5) / s;
}

struct tagged {
	double v;
	int from_x;
};

static int cmp_tagged(const void *a, const void *b)
{
	return cmp_double(&((const struct tagged *)a)->v,
			  &((const struct tagged *)b)->v);
}

int stats_mannwhitney(const double *x, size_t n, const double *y, size_t m,
		      struct stats_mwu *res)
{
	size_t total = n + m, i = 0;
	double r1 = 0, tie_term = 0, u1, u2, u, p;
	struct tagged *t;

	if (!n || !m)
		return -1;
	t = malloc(total * sizeof(*t));
	if (!t)
		return -1;
	for (size_t k = 0; k < n; k++)
		t[k] = (struct tagged){ x[k], 1 };
	for (size_t k = 0; k < m; k++)
		t[n + k] = (struct tagged){ y[k], 0 };
	qsort(t, total, sizeof(*t), cmp_tagged);
	/* Ranks 1..total; a run of ties shares the average of its ranks. */
	while (i < total) {
		size_t j = i + 1;
		double avg, len;

		while (j < total && t[j].v == t[i].v)
			j++;
		len = (double)(j - i);
		avg = ((double)(i + 1) + (double)j) / 2;
		for (size_t k = i; k < j; k++)
			if (t[k].from_x)
				r1 += avg;
		tie_term += len * len * len - len;
		i = j;
	}
	free(t);
	u1 = r1 - (double)n * (double)(n + 1) / 2;
	u2 = (double)n * (double)m - u1;
	u = u1 > u2 ? u1 : u2;
	res->u1 = u1;
	/* scipy 1.10's _mwu_choose_method: exact unless both > 8 or ties. */
	res->exact = (n <= 8 || m <= 8) && tie_term == 0;
	if (res->exact)
		p = exact_sf(n, m, u);
	else
		p = norm_sf(mwu_z(u, n, m, tie_term));
	if (isnan(p))
		return -1;
	p *= 2;
	res->p = p > 1 ? 1 : p;
	return 0;
}

double stats_mannwhitney_min_p(size_t n, size_t m)
{
	double p;

	if (!n || !m)
		return 1;
	/* Completely separated samples: U = n * m, the most extreme. */
	if (n <= 8 || m <= 8)
		p = 2 * exact_sf(n, m, (double)n * (double)m);
	else
		p = 2 * norm_sf(mwu_z((double)n * (double)m, n, m, 0));
	return isnan(p) || p > 1 ? 1 : p;
}

double stats_iqr(const double *v, size_t n)
{
	return stats_percentile(v, n, 75) - stats_percentile(v, n, 25);
}

double stats_cv(const double *v, size_t n)
{
	double mean = 0, ss = 0;

	if (n < 2)
		return NAN;
	for (size_t i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	if (mean == 0)
		return NAN;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - mean) * (v[i] - mean);
	return sqrt(ss / (double)(n - 1)) / fabs(mean);
}

double stats_norm_isf(double q)
{
	double lo = -40, hi = 40;

	if (!(q > 0 && q < 1))
		return NAN;
	/* norm_sf falls monotonically: bisect to double precision. */
	for (int i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;

		if (norm_sf(mid) > q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

int stats_hodges_lehmann(const double *x, size_t n, const double *y, size_t m,
			 double alpha, struct stats_hl *res)
{
	size_t nm = n * m, qu = 0, k = 0;
	double *d;

	if (!n || !m || !(d = malloc(nm * sizeof(*d))))
		return -1;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m; j++)
			d[k++] = y[j] - x[i];
	qsort(d, nm, sizeof(*d), cmp_double);
	res->shift = median_sorted(d, nm);
	res->exact = n < 50 && m < 50;
	/*
	 * qu: R's qwilcox(alpha / 2, n, m), the smallest q with
	 * P(U <= q) >= alpha / 2, at least 1; the interval is the qu-th
	 * smallest and the qu-th largest difference.
	 */
	if (res->exact) {
		double *pmf = exact_pmf(n, m), cdf = 0;

		if (!pmf) {
			free(d);
			return -1;
		}
		while (qu < nm && cdf + pmf[qu] < alpha / 2)
			cdf += pmf[qu++];
		/* cdf = P(U <= qu - 1) */
		if (!qu) {
			qu = 1;
			cdf = pmf[0];
		}
		res->level = 1 - 2 * cdf;
		free(pmf);
	} else {
		double z = stats_norm_isf(alpha / 2);
		double cc = round((double)nm / 2 -
				  z * sqrt((double)nm * (double)(n + m + 1) / 12));

		qu = cc >= 1 ? (size_t)cc : 1;
		res->level = 1 - alpha;
	}
	if (qu > (nm + 1) / 2)
		qu = (nm + 1) / 2;
	res->lo = d[qu - 1];
	res->hi = d[nm - qu];
	free(d);
	return 0;
}

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *a, const void *b)
{
	return cmp_double(&((const struct pidx *)a)->p,
			  &((const struct pidx *)b)->p);
}

int stats_holm(const double *p, size_t n, double *adj)
{
	struct pidx *s = malloc((n ? n : 1) * sizeof(*s));
	size_t k = 0;
	double run = 0;

	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++) {
		adj[i] = NAN;
		if (!isnan(p[i]))
			s[k++] = (struct pidx){ p[i], i };
	}
	qsort(s, k, sizeof(*s), cmp_pidx);
	for (size_t j = 0; j < k; j++) {
		double a = (double)(k - j) * s[j].p;

		if (a > 1)
			a = 1;
		if (a > run)
			run = a;
		adj[s[j].i] = run;
	}
	free(s);
	return 0;
}

size_t stats_mannwhitney_n_needed(double alpha)
{
	for (size_t n = 2; n <= 1000; n++)
		if (stats_mannwhitney_min_p(n, n) < alpha)
			return n;
	return 0;
}
