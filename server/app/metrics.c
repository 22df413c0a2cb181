#include "metrics.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/router.h"
#include "auth/session.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "db/pool.h"
#include "http/app.h"
#include "http/rendercache.h"
#include "http/req.h"
#include "http/resp.h"

#define MAX_ROUTES 256

static const int statuses[] = { 200, 303, 304, 400, 403, 404, 405, 408,
                                411, 413, 415, 429, 500, 503, 0 /* other */ };
#define N_STATUS (sizeof(statuses) / sizeof(statuses[0]))

static const double buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                  0.05,   0.1,   0.25,   0.5,   1,    2.5 };
#define N_BUCKETS (sizeof(buckets) / sizeof(buckets[0]))

static atomic_ulong requests[MAX_ROUTES + 1][N_STATUS];
static atomic_ulong trips[MAX_ROUTES + 1];
static atomic_ulong latency[N_BUCKETS + 1];
static atomic_ulong latency_us_sum;
static atomic_ulong latency_count;

static size_t status_slot(int status)
{
    size_t i;

    for (i = 0; i + 1 < N_STATUS; i++)
        if (statuses[i] == status)
            return i;
    return N_STATUS - 1;
}

void metrics_record(int route_index, int status, double seconds)
{
    size_t row = route_index < 0 || route_index >= MAX_ROUTES ? MAX_ROUTES : (size_t)route_index;
    size_t b;

    atomic_fetch_add_explicit(&requests[row][status_slot(status)], 1, memory_order_relaxed);
    for (b = 0; b < N_BUCKETS && seconds > buckets[b]; b++)
        ;
    atomic_fetch_add_explicit(&latency[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_us_sum, (unsigned long)(seconds * 1e6),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_count, 1, memory_order_relaxed);
}

unsigned long metrics_requests(void)
{
    return atomic_load_explicit(&latency_count, memory_order_relaxed);
}

void metrics_record_trips(int route_index, unsigned long n)
{
    size_t row = route_index < 0 || route_index >= MAX_ROUTES ? MAX_ROUTES : (size_t)route_index;

    atomic_fetch_add_explicit(&trips[row], n, memory_order_relaxed);
}

/* Round trips by route: divided by the route's requests, a page's cost (issue 22). */
static void render_trips(struct sbuf *out)
{
    size_t row;

    sbuf_adds(out, "# HELP dysgu_db_round_trips_total Database round trips by route.\n"
                   "# TYPE dysgu_db_round_trips_total counter\n");
    for (row = 0; row < n_routes && row < MAX_ROUTES; row++) {
        unsigned long n = atomic_load_explicit(&trips[row], memory_order_relaxed);

        if (n)
            sbuf_addf(out, "dysgu_db_round_trips_total{route=\"%s\"} %lu\n", routes[row].pattern,
                      n);
    }
}

static void render_requests(struct sbuf *out)
{
    size_t row, s;

    sbuf_adds(out, "# HELP dysgu_http_requests_total HTTP requests by route and status.\n"
                   "# TYPE dysgu_http_requests_total counter\n");
    for (row = 0; row <= MAX_ROUTES; row++) {
        const char *name = row < n_routes ? routes[row].pattern : "unmatched";

        if (row >= n_routes && row != MAX_ROUTES)
            continue;
        for (s = 0; s < N_STATUS; s++) {
            unsigned long n = atomic_load_explicit(&requests[row][s], memory_order_relaxed);

            if (!n)
                continue;
            if (statuses[s])
                sbuf_addf(out, "dysgu_http_requests_total{route=\"%s\",status=\"%d\"} %lu\n", name,
                          statuses[s], n);
            else
                sbuf_addf(out, "dysgu_http_requests_total{route=\"%s\",status=\"other\"} %lu\n",
                          name, n);
        }
    }
}

void metrics_render(struct sbuf *out)
{
    unsigned long cum = 0;
    size_t b;

    render_requests(out);
    render_trips(out);
    sbuf_adds(out, "# HELP dysgu_http_request_duration_seconds Time to answer a request.\n"
                   "# TYPE dysgu_http_request_duration_seconds histogram\n");
    for (b = 0; b <= N_BUCKETS; b++) {
        cum += atomic_load_explicit(&latency[b], memory_order_relaxed);
        if (b < N_BUCKETS)
            sbuf_addf(out, "dysgu_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
                      buckets[b], cum);
        else
            sbuf_addf(out, "dysgu_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    }
    sbuf_addf(out, "dysgu_http_request_duration_seconds_sum %.6f\n",
              (double)atomic_load(&latency_us_sum) / 1e6);
    sbuf_addf(out, "dysgu_http_request_duration_seconds_count %lu\n", atomic_load(&latency_count));
    sbuf_addf(out,
              "# HELP dysgu_db_errors_total Database errors and unavailability seen.\n"
              "# TYPE dysgu_db_errors_total counter\n"
              "dysgu_db_errors_total %lu\n",
              db_error_count());
}

static struct {
    const char *name;
    metrics_usage_fn usage;
} caches[METRICS_CACHES];

static size_t n_caches;

void metrics_add_cache(const char *name, metrics_usage_fn usage)
{
    if (n_caches < METRICS_CACHES) {
        caches[n_caches].name = name;
        caches[n_caches++].usage = usage;
    }
}

/* Resident bytes of this process (/proc/self/statm), 0 when unknown. */
static unsigned long resident_bytes(void)
{
    unsigned long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%lu %lu", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (unsigned long)sysconf(_SC_PAGESIZE);
}

/* Where the memory is: RSS, glibc's heap (every arena) and each cache. */
static void render_memory(struct sbuf *out)
{
    struct mallinfo2 mi = mallinfo2();
    size_t i, bytes, entries;

    sbuf_addf(out,
              "# HELP dysgu_resident_bytes Resident memory of the process (RSS).\n"
              "# TYPE dysgu_resident_bytes gauge\n"
              "dysgu_resident_bytes %lu\n"
              "# HELP dysgu_malloc_bytes glibc's heap: in use, free but kept, in own mmaps.\n"
              "# TYPE dysgu_malloc_bytes gauge\n"
              "dysgu_malloc_bytes{state=\"in_use\"} %zu\n"
              "dysgu_malloc_bytes{state=\"free\"} %zu\n"
              "dysgu_malloc_bytes{state=\"mmapped\"} %zu\n",
              resident_bytes(), mi.uordblks, mi.fordblks, mi.hblkhd);
    sbuf_adds(out, "# HELP dysgu_cache_bytes Memory an in-process cache holds.\n"
                   "# TYPE dysgu_cache_bytes gauge\n");
    for (i = 0; i < n_caches; i++) {
        caches[i].usage(&bytes, &entries);
        sbuf_addf(out, "dysgu_cache_bytes{cache=\"%s\"} %zu\n", caches[i].name, bytes);
    }
    sbuf_adds(out, "# HELP dysgu_cache_entries Entries an in-process cache holds.\n"
                   "# TYPE dysgu_cache_entries gauge\n");
    for (i = 0; i < n_caches; i++) {
        caches[i].usage(&bytes, &entries);
        sbuf_addf(out, "dysgu_cache_entries{cache=\"%s\"} %zu\n", caches[i].name, entries);
    }
}

static int is_loopback(const char *ip)
{
    return ip && (!strncmp(ip, "127.", 4) || !strcmp(ip, "::1"));
}

/* How long requests waited for a pooled connection (db/pool.h). */
static void render_pool_waits(struct sbuf *out, struct db_pool *pool)
{
    static const int bounds_ms[] = DB_POOL_WAIT_BOUNDS_MS;
    unsigned long counts[DB_POOL_WAIT_N], sum_us, cum = 0;
    int b;

    db_pool_waits(pool, counts, &sum_us);
    sbuf_adds(out, "# HELP dysgu_db_pool_wait_seconds Time a request waited for a free database "
                   "connection (0: one was free).\n"
                   "# TYPE dysgu_db_pool_wait_seconds histogram\n");
    for (b = 0; b < DB_POOL_WAIT_N - 1; b++) {
        cum += counts[b];
        sbuf_addf(out, "dysgu_db_pool_wait_seconds_bucket{le=\"%g\"} %lu\n", bounds_ms[b] / 1000.0,
                  cum);
    }
    cum += counts[b];
    sbuf_addf(out,
              "dysgu_db_pool_wait_seconds_bucket{le=\"+Inf\"} %lu\n"
              "dysgu_db_pool_wait_seconds_sum %.6f\n"
              "dysgu_db_pool_wait_seconds_count %lu\n"
              "# HELP dysgu_db_pool_waiting Requests waiting for a database connection now.\n"
              "# TYPE dysgu_db_pool_waiting gauge\n"
              "dysgu_db_pool_waiting %d\n",
              cum, sum_us / 1e6, cum, db_pool_waiting(pool));
}

/* What the pool knows about MariaDB (db/gate.h). */
static void render_db_health(struct sbuf *out, struct db_pool *pool)
{
    struct db_gate_stats h;

    db_pool_health(pool, &h);
    sbuf_addf(out,
              "# HELP dysgu_db_down 1 while the database is taken to be away (503 at once).\n"
              "# TYPE dysgu_db_down gauge\n"
              "dysgu_db_down %d\n"
              "# HELP dysgu_db_outages_total Times the pool found the database away.\n"
              "# TYPE dysgu_db_outages_total counter\n"
              "dysgu_db_outages_total %lu\n"
              "# HELP dysgu_db_connect_attempts_total Database connection attempts, by who made "
              "them.\n"
              "# TYPE dysgu_db_connect_attempts_total counter\n"
              "dysgu_db_connect_attempts_total{by=\"request\"} %lu\n"
              "dysgu_db_connect_attempts_total{by=\"prober\"} %lu\n"
              "# HELP dysgu_db_connects_refused_total Connects refused while the database was "
              "away (DB_UNAVAILABLE at once).\n"
              "# TYPE dysgu_db_connects_refused_total counter\n"
              "dysgu_db_connects_refused_total %lu\n",
              h.down, h.outages, h.connects, h.probes, h.refused);
}

int metrics_serve(struct req *r)
{
    struct sbuf out;
    size_t cache_bytes, cache_keys;
    unsigned long refreshed, let_go, by_reader, by_refresher;

    if (!is_loopback(r->client_ip))
        return 404;
    sbuf_init(&out, r->arena, 1024 * 1024);
    metrics_render(&out);
    sbuf_addf(&out,
              "# HELP dysgu_db_pool_timeouts_total Requests that found no free database "
              "connection in time (503).\n"
              "# TYPE dysgu_db_pool_timeouts_total counter\n"
              "dysgu_db_pool_timeouts_total %lu\n",
              db_pool_timeouts(r->app->pool));
    render_pool_waits(&out, r->app->pool);
    render_db_health(&out, r->app->pool);
    rendercache_usage(&cache_bytes, &cache_keys);
    sbuf_addf(&out,
              "# HELP dysgu_rendercache_bytes Memory the render cache of shared pages holds.\n"
              "# TYPE dysgu_rendercache_bytes gauge\n"
              "dysgu_rendercache_bytes %zu\n"
              "# HELP dysgu_rendercache_keys Addresses the render cache holds.\n"
              "# TYPE dysgu_rendercache_keys gauge\n"
              "dysgu_rendercache_keys %zu\n",
              cache_bytes, cache_keys);
    session_loads(&by_reader, &by_refresher);
    sbuf_addf(&out,
              "# HELP dysgu_session_loads_total Sessions read from the database: on a reader's "
              "request, or behind them (auth/sessioncache.h).\n"
              "# TYPE dysgu_session_loads_total counter\n"
              "dysgu_session_loads_total{by=\"reader\"} %lu\n"
              "dysgu_session_loads_total{by=\"refresher\"} %lu\n",
              by_reader, by_refresher);
    rendercache_refreshes(&refreshed, &let_go);
    sbuf_addf(&out,
              "# HELP dysgu_rendercache_refreshes_total Expired copies refilled behind their "
              "readers: kept, or let go with no refill thread free.\n"
              "# TYPE dysgu_rendercache_refreshes_total counter\n"
              "dysgu_rendercache_refreshes_total{result=\"kept\"} %lu\n"
              "dysgu_rendercache_refreshes_total{result=\"let_go\"} %lu\n",
              refreshed, let_go);
    render_memory(&out);
    resp_header(r, "Cache-Control", "no-store");
    return resp_send(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.buf, out.len);
}
