/*
 * metrics: request counters by route and status, a latency histogram and
 * database errors, shown at /metrics as Prometheus text. Counters are atomic
 * and live for the whole process; recording costs a few increments.
 */
#pragma once

#include <stddef.h>

struct req;
struct sbuf;

/* Record one finished request: route index (-1 unmatched), status, seconds. */
void metrics_record(int route_index, int status, double seconds);

/* Add n database round trips (db_thread_round_trips) to the route's count. */
void metrics_record_trips(int route_index, unsigned long n);

/* Requests answered since the start (every route and status). */
unsigned long metrics_requests(void);

/* Append the Prometheus exposition to out. */
void metrics_render(struct sbuf *out);

/*
 * Memory (issue 22): each in-process cache reports what it holds, and
 * /metrics shows it beside the process's resident size and glibc's heap,
 * so that RSS can be taken apart. A usage function fills the bytes the
 * cache holds (all of it: keys, bodies, variants, its fixed tables) and its
 * entries; it may take the cache's lock. Registered at start-up (main.c),
 * before serving; at most METRICS_CACHES.
 */
#define METRICS_CACHES 16
typedef void (*metrics_usage_fn)(size_t *bytes, size_t *entries);
void metrics_add_cache(const char *name, metrics_usage_fn usage);

/* Handler for GET /metrics (answers loopback clients only). */
int metrics_serve(struct req *r);
