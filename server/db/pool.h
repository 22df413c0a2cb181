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
 */
#pragma once

#include "db/db.h"

struct db_pool;

/* size connections (none opened yet). Never NULL. */
struct db_pool *db_pool_new(const struct db_params *p, int size);

/* Close every connection; the pool must be idle (after mg_stop). NULL is fine. */
void db_pool_free(struct db_pool *pool);

/* A connection for this thread alone, waiting up to wait_ms for one to be
 * free; NULL when none was (answer 503). */
struct db *db_pool_acquire(struct db_pool *pool, int wait_ms);

/* Give db back; a transaction the request left open is rolled back first. */
void db_pool_release(struct db_pool *pool, struct db *db);

/* How many acquisitions have timed out since start (for /metrics). */
unsigned long db_pool_timeouts(struct db_pool *pool);
