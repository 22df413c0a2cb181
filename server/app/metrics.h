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

/* Append the Prometheus exposition to out. */
void metrics_render(struct sbuf *out);

/* Handler for GET /metrics (answers loopback clients only). */
int metrics_serve(struct req *r);
