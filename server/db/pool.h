/*
 * pool: a fixed set of database connections shared by the web workers.
 *
 * Workers are for connections (a keep-alive idler or a slow client holds
 * one), the pool is for the database: a request takes a connection only once
 * its head and body have arrived (router.c) and gives it back when it ends, so
 * slow clients hold threads, never MariaDB connections, and the number of
 * MariaDB connections stays at `db_pool` however many workers there are
 * (docs/decisions.md, "Threads and the connection pool").
 *
 * Each struct db in the pool connects lazily and keeps its prepared
 * statements across leases.
 *
 * The pool knows whether MariaDB is there (db/gate.h, docs/decisions.md, "A
 * database that fails fast"). db_pool_new tries one connection before it
 * returns (up to the connect timeout, db.h). From then on a failed connect or
 * a lost connection in any of the pool's connections marks MariaDB away:
 * until it answers again, a call that would have to connect returns
 * DB_UNAVAILABLE at once (the request answers 503 without waiting), and a
 * prober thread of the pool's own tries one connection at a time (at most
 * every 250 ms) until one succeeds; then the connections connect again as
 * they are used, a few at a time. A connection is still lent while MariaDB is
 * away, so pages that need no query still answer, and so do connections that
 * were open and still work when a connect failed.
 */
#pragma once

#include "db/db.h"
#include "db/gate.h"

struct db_pool;

/* size connections (none opened yet), after one probe of the database.
 * Never NULL. */
struct db_pool *db_pool_new(const struct db_params *p, int size);

/* Stop the prober and close every connection; the pool must be idle (after
 * mg_stop). NULL is fine. */
void db_pool_free(struct db_pool *pool);

/* A request (or work done behind one) waits this long for a pooled
 * connection before its 503: under the 503 promise (docs/benchmarks.md: 3
 * s), but long enough that a burst queued on one row (64 people at once for
 * the last seat, each transaction a few milliseconds) is served rather than
 * shed on a busy two-core machine: at 1 s, the last-seat races answered 503
 * with the cores shared by builds. A database that is away is said at once,
 * not after this wait. */
#define DB_POOL_WAIT_MS 2000

/* A connection for this thread alone, waiting up to wait_ms for one to be
 * free (not at all while MariaDB is away); NULL when none was (answer 503).
 * Waiters are served in the order they came: a connection given back goes
 * to the one that has waited longest, never to a thread that came later. */
struct db *db_pool_acquire(struct db_pool *pool, int wait_ms);

/* Give db back; a transaction the request left open is rolled back first. */
void db_pool_release(struct db_pool *pool, struct db *db);

/* How many acquisitions have timed out since start (for /metrics). */
unsigned long db_pool_timeouts(struct db_pool *pool);

/* How long acquisitions waited for a connection, as counts by upper bound in
 * milliseconds (DB_POOL_WAIT_BOUNDS_MS; the last count is for longer waits and
 * timeouts), and the sum of every wait in microseconds (for /metrics). */
#define DB_POOL_WAIT_BOUNDS_MS                                                                     \
    {                                                                                              \
        0, 1, 5, 10, 25, 50, 100, 250, 1000                                                        \
    }
#define DB_POOL_WAIT_N 10
void db_pool_waits(struct db_pool *pool, unsigned long counts[DB_POOL_WAIT_N],
                   unsigned long *sum_us);

/* Requests waiting for a connection now (for /metrics, and tests). */
int db_pool_waiting(struct db_pool *pool);

/* 1 while MariaDB is taken to be away. */
int db_pool_down(struct db_pool *pool);

/* Whether MariaDB is taken to be away now, and the counts of outages, connect
 * attempts (the connections' and the prober's) and refused connects since
 * start (for /metrics). */
void db_pool_health(struct db_pool *pool, struct db_gate_stats *out);
