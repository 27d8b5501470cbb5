/* clock.h - what the in-process bench programs time with: a monotonic
 * clock in milliseconds, and an order for qsort of their samples. */
#ifndef LORE_BENCH_CLOCK_H
#define LORE_BENCH_CLOCK_H

#include <time.h>

static inline double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#endif
