/* clock: monotonic milliseconds for caches and back-offs, and deadlines for
 * the timed waits of pthreads and semaphores. */
#pragma once

#include <pthread.h>
#include <time.h>

/* CLOCK_MONOTONIC in milliseconds. */
long long clock_ms(void);

/* CLOCK_MONOTONIC in microseconds. */
long long clock_us(void);

/* The time ms milliseconds from now on clock clk (an absolute deadline). */
struct timespec clock_deadline(clockid_t clk, int ms);

/* Initialise c so that its timed waits take CLOCK_MONOTONIC deadlines. */
void clock_cond_init(pthread_cond_t *c);
